/**
 * The parts of a request, written once: each with the command-line option that gives it (its
 * name without "--" is also the configurator's link key) and the project file's key under
 * `request:`. The request's checks (model/request.ts), a project file, the CLI's citations and
 * project note, export's header and the configurator's links and command lines read this table. A part
 * added here reaches every one of them but the CLI's option definitions and their reading
 * (cli/options.ts, `addRequestOptions` and `requestOf`, typed by commander's keys), the page's
 * controls, and the model that gives it meaning.
 */
export const REQUEST_FIELDS = Object.freeze(
  (
    [
      { field: "useCases", option: "--use-case", projectKey: "use_cases" },
      { field: "require", option: "--require", projectKey: "require" },
      { field: "exclude", option: "--exclude", projectKey: "exclude" },
      { field: "prefer", option: "--prefer", projectKey: "prefer" },
      { field: "avoid", option: "--avoid", projectKey: "avoid" },
      { field: "only", option: "--only", projectKey: "only" },
      { field: "preferTags", option: "--prefer-tag", projectKey: "prefer_tags" },
      { field: "integrations", option: "--integrations", projectKey: "integrations" },
    ] as const
  ).map((f) => Object.freeze(f)),
);

/** The parts of a request a user can give. */
export type RequestField = (typeof REQUEST_FIELDS)[number]["field"];

/** The parts that are lists (all but `integrations`), in the table's order. */
export type ListField = Exclude<RequestField, "integrations">;
export const LIST_FIELDS = REQUEST_FIELDS.map((f) => f.field).filter((f): f is ListField => f !== "integrations");

/** How an error or an explanation cites each part of a request given on a command line: "option --use-case". */
export const OPTION_ORIGINS: Readonly<Record<RequestField, string>> = Object.freeze(Object.fromEntries(REQUEST_FIELDS.map((f) => [f.field, `option ${f.option}`])) as Record<RequestField, string>);
