/**
 * The parts of a request, written once: each with the command-line option that gives it (its
 * name without "--" is also the configurator's link key) and the project file's key under
 * `request:`. The library's `Request`, the CLI's options and their citations, a project file, the
 * export's header and the configurator's links and command lines all read this table, so a part
 * added here is added everywhere that loops over it (and the compiler points at the rest).
 */
export const REQUEST_FIELDS = [
  { field: "useCases", option: "--use-case", projectKey: "use_cases" },
  { field: "require", option: "--require", projectKey: "require" },
  { field: "exclude", option: "--exclude", projectKey: "exclude" },
  { field: "prefer", option: "--prefer", projectKey: "prefer" },
  { field: "avoid", option: "--avoid", projectKey: "avoid" },
  { field: "only", option: "--only", projectKey: "only" },
  { field: "preferTags", option: "--prefer-tag", projectKey: "prefer_tags" },
  { field: "integrations", option: "--integrations", projectKey: "integrations" },
] as const;

/** The parts of a request a user can give. */
export type RequestField = (typeof REQUEST_FIELDS)[number]["field"];

/** The parts that are lists (all but `integrations`), in the table's order. */
export type ListField = Exclude<RequestField, "integrations">;
export const LIST_FIELDS = REQUEST_FIELDS.map((f) => f.field).filter((f): f is ListField => f !== "integrations");

/** Each part's command-line option ("--use-case"). */
export const OPTION_OF = Object.fromEntries(REQUEST_FIELDS.map((f) => [f.field, f.option])) as Record<RequestField, string>;

/** How an error or an explanation cites each part of a request given on a command line: "option --use-case". */
export const OPTION_ORIGINS = Object.fromEntries(REQUEST_FIELDS.map((f) => [f.field, `option ${f.option}`])) as Record<RequestField, string>;
