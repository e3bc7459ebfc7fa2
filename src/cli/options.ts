/** The options every solving command shares, and how they become a library request. */
import { Command, Option } from "commander";
import { findProjectFile, InputError, OPTION_ORIGINS, positiveSeconds, readProjectFile, requestProblems, sortDiagnostics, withDefaults, type Catalog, type Diagnostic, type Request } from "../index.js";

/** Where the catalog comes from: --catalog, --layer, and the project file unless --no-config. */
export interface CatalogOpts {
  catalog?: string;
  layer: string[];
  config: boolean;
}

export interface RequestOpts extends CatalogOpts {
  useCase: string[];
  require: string[];
  exclude: string[];
  prefer: string[];
  avoid: string[];
  only: string[];
  preferTag: string[];
  integrations: "soft" | "strict";
  format: string;
  timeout?: number;
}

/** A bad value of a command-line option (exit 2), cited as the option. */
export const badOption = (option: string, message: string) => new InputError([{ severity: "error", code: "bad-option", message, file: `option ${option}`, line: 0, column: 0 }]);

/** A repeatable option of ids, each value a comma-separated list: an empty item is a slip (`--require a,` or `--exclude ,`), said as one. */
const collectIds = (option: string) => (v: string, prev: string[]) => {
  const items = v.split(",").map((s) => s.trim());
  if (items.some((s) => s === ""))
    throw badOption(option, `${option} expects plugin ids separated by commas, not "${v}" (an empty id)`);
  return [...prev, ...items];
};

/**
 * The --use-case values as use cases: a value the catalog knows whole is one (a layer's use case
 * may have a comma in its name), else a comma-separated list of them (`--use-case rag,e2e`), an
 * empty item a slip said as one. Known only once the catalog is loaded.
 */
export function useCaseValues(values: readonly string[], known: (name: string) => boolean): string[] {
  return values.flatMap((v) => {
    if (!v.includes(",")) return [v];
    const items = v.split(",").map((s) => s.trim());
    // A name with a comma in it is one name; but "rag," is "rag" and an empty one (a name's
    // resolution would drop the comma, as it drops other punctuation).
    if (known(v) && !items.includes("")) return [v];
    if (items.some((s) => s === "")) throw badOption("--use-case", `--use-case expects use cases separated by commas, not "${v}" (an empty name)`);
    return items;
  });
}
const collectOne = (v: string, prev: string[]) => [...prev, v];


/**
 * The request of a command line: its options, and where it gives none of its own, the project
 * file's defaults (cited by their file:line:col; see the library's `withDefaults`).
 */
export function requestOf(o: RequestOpts, cmd?: Command, project?: { request: Request }): Request {
  // --integrations has a default, so only a typed one is the command line's own.
  const typed = cmd?.getOptionValueSource("integrations") === "cli";
  const cli: Request = { useCases: o.useCase, require: o.require, exclude: o.exclude, prefer: o.prefer, avoid: o.avoid, only: o.only, preferTags: o.preferTag, ...(typed ? { integrations: o.integrations } : {}), origins: OPTION_ORIGINS };
  const out = withDefaults(cli, project?.request ?? {});
  if (out.integrations === undefined) {
    out.integrations = o.integrations;
    out.origins = { ...out.origins, integrations: OPTION_ORIGINS.integrations };
  }
  return out;
}

/**
 * The project file of a command line, unless --no-config (see readProjectFile). With `partial`,
 * errors in its request options alone are returned as `problems`, for `withProjectProblems`.
 */
export function projectFor(o: { config: boolean }, partial = false) {
  if (!o.config) return undefined;
  const file = findProjectFile();
  return file ? readProjectFile(file, { partial }) : undefined;
}

/**
 * A project file's request errors (`projectFor(o, true)`) said at once with what comes after them:
 * the input errors of `load` (its catalog), else what `check` finds in what it loaded (the names
 * the rest of the request gives that the catalog does not know). One batch, where the second came
 * only after the first was fixed. Without such errors, just `load()`.
 */
export function withProjectProblems<T>(project: { problems: Diagnostic[] } | undefined, load: () => T, check: (loaded: T) => Diagnostic[]): T {
  const problems = project?.problems ?? [];
  if (!problems.length) return load();
  let found: Diagnostic[];
  try {
    found = check(load());
  } catch (e) {
    throw e instanceof InputError ? new InputError(sortDiagnostics([...problems, ...e.diagnostics])) : e;
  }
  throw new InputError(sortDiagnostics([...problems, ...found]));
}

/** The base catalog and layers of a command: its options, over the project file's (see readProjectFile). */
export function catalogOf(o: CatalogOpts, project?: { base?: string; layerDirs: string[]; missing?: { base?: Diagnostic; layers: Diagnostic[] } }): { dir?: string; layers: string[] } {
  // An empty name (an unset variable in "$DIR") would name the working directory.
  const empty = [...(o.catalog === "" ? ["--catalog"] : []), ...(o.layer.some((l) => l.trim() === "") ? ["--layer"] : [])];
  if (empty.length) throw new InputError(empty.flatMap((opt) => badOption(opt, `${opt} expects a directory, not ""`).diagnostics));
  // The project file's directories that are not there, where the command uses them.
  const missing = [...(o.catalog === undefined && project?.missing?.base ? [project.missing.base] : []), ...(project?.missing?.layers ?? [])];
  if (missing.length) throw new InputError(missing);
  const dir = o.catalog ?? project?.base;
  return { ...(dir !== undefined ? { dir } : {}), layers: [...(project?.layerDirs ?? []), ...o.layer] };
}

/** A whole number of at least 1 (and at most `max`) for `option` (e.g. --top), else an input error (exit 2). */
export const positiveInteger = (option: string, also = "", max = Number.MAX_SAFE_INTEGER, why = "") => (v: string): number => {
  const n = Number(v);
  // Decimal digits only ("3" or "3.0"): Number() also reads "0x10" and "1e2".
  if (!/^\s*\+?\d+(\.0*)?\s*$/.test(v) || !Number.isInteger(n) || n < 1) throw badOption(option, `${option} expects a whole number of at least 1${also}, not "${v}"`);
  if (n > max) throw badOption(option, `${option} expects a whole number from 1 to ${max}${why}, not "${v}"`);
  return n;
};

function explainCount(v: string): number | "all" {
  if (v === "all") return "all";
  const n = Number(v);
  if (!/^\s*\+?\d+\s*$/.test(v) || !Number.isInteger(n) || n < 0) throw badOption("--explain", `--explain expects a number or "all", not "${v}"`);
  return n;
}
/** analyze's --explain: how many core and dead plugins to explain. */
export const explainOption = (dflt: number) => new Option("--explain <n|all>", `how many core and dead plugins to explain (each costs a minimal conflict; default ${dflt})`).argParser(explainCount);

const countLimit = (v: string): number | "none" => (v === "none" ? "none" : positiveSeconds(v, "--count-limit", ' or "none"'));
/** analyze's --count-limit: how long the exact count may take (in the counter's work). */
export const countLimitOption = (dflt: number) =>
  new Option("--count-limit <seconds|none>", `how long the exact count may take, in seconds of the counter's work (the same on every machine); default ${dflt} without --timeout, else none`).argParser(countLimit);

/** export's --max-gap-terms: the most integration-gap terms it writes (none: no limit). */
export const maxGapTermsOption = (dflt: number) =>
  new Option("--max-gap-terms <n|none>", `the most integration-gap terms to write (default ${dflt}; their number grows with the square of the plugins, and so does the memory writing them takes)`).argParser((v) =>
    v === "none" ? Infinity : positiveInteger("--max-gap-terms", ' or "none"')(v),
  );

export const timeoutOption = () => new Option("--timeout <seconds>", "stop searching after this many seconds").argParser((v) => positiveSeconds(v));
const catalogOption = () => new Option("--catalog <dir>", "a complete catalog directory (default: the project file's, else the built-in catalog)");

/** --catalog, --layer (repeatable) and --no-config. */
export function addCatalogOptions(cmd: Command): Command {
  return cmd
    .addOption(catalogOption())
    .option("--layer <dir>", "a partial catalog directory put over the base (your own plugins); repeatable", collectOne, [])
    .option("--no-config", "ignore the project file (mlx-solve.yaml, found upward from here)");
}
export const formatOption = (formats: readonly string[], help = "output format") => new Option("--format <format>", help).choices(formats).default("table");
export const repairsOption = (help = "how many repairs to list when no stack exists") => new Option("--repairs <n>", help).argParser(positiveInteger("--repairs")).default(3);

export function addRequestOptions(cmd: Command, formats: readonly string[] = ["table", "json", "yaml"], format: Option = formatOption(formats)): Command {
  cmd
    .option("--use-case <name>", "a use case (id, name or alias); repeatable, or several separated by commas", collectOne, [])
    .option("--require <id>", "a plugin that must be in the stack; repeatable, or several separated by commas", collectIds("--require"), [])
    .option("--exclude <id>", "a plugin that must not be in the stack; repeatable, or several separated by commas", collectIds("--exclude"), [])
    .option("--prefer <id>", "a plugin to include if possible; repeatable, or several separated by commas", collectIds("--prefer"), [])
    .option("--avoid <id>", "a plugin to leave out if possible; repeatable, or several separated by commas", collectIds("--avoid"), [])
    .option("--only <key=value>", "only plugins with this tag, e.g. license=open-source or clouds=aws,gcp (any of them); repeatable", collectOne, [])
    .option("--prefer-tag <key=value>", "plugins with this tag where possible, e.g. license=open-source (soft: each selected plugin without it costs 1 at the wishes level); repeatable", collectOne, [])
    .addOption(new Option("--integrations <mode>", "integration points: soft (an objective) or strict (a rule)").choices(["soft", "strict"]).default("soft"));
  return addCatalogOptions(cmd)
    .addOption(format)
    .addOption(timeoutOption());
}
