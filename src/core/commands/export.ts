/**
 * `export`: the exact problem of a request in a format other solvers read (DIMACS, WCNF, OPB,
 * ASP), written from the same model the engine solves (solve/export.ts), with every integration
 * gap listed up front and a header that maps variables back to plugins and rules.
 */
import type { Catalog } from "../catalog/catalog.js";
import { buildModel } from "../model/build.js";
import { gapPairsUpTo, reachablePlugins } from "../model/scope.js";
import { tagFilterText, type TagFilter } from "../catalog/catalog.js";
import { REQUEST_FIELDS } from "../common/request-fields.js";
import type { Request, ResolvedRequest } from "../model/request.js";
import { describeVar, facetOf, pluginOf } from "../model/vars.js";
import { EXPORT_FORMATS, exportModel, type ExportFormat } from "../solve/export.js";
import { diag, InputError } from "../common/diagnostics.js";
import { checkBudget, Timeout } from "../common/budget.js";
import { badOptionValue, budgetOf, optionsOf, resolve, wordOption } from "./common.js";
import type { ExportResult } from "./result.js";

export interface ExportOptions {
  format: ExportFormat;
  /**
   * "all" (default): every plugin of the catalog, so the file's valid assignments are all the
   * valid stacks. "reachable": only the plugins a best stack can use (the engine's own scope;
   * the same optimum, a smaller file).
   */
  scope?: "all" | "reachable";
  /** The version of mlx-solve, for the header. */
  version?: string;
  /**
   * A time limit (seconds, or a deadline in ms since the epoch): writing a large problem takes
   * seconds, and past the limit the result says so (`timed_out`) with no text, never half a file.
   */
  timeout?: number;
  deadline?: number;
  /**
   * The options that name the catalog (`--catalog DIR`, `--layer DIR`, `--no-config`), for the
   * header's command line, which then gives the same problem again (the CLI passes its own).
   */
  catalogOptions?: string[];
  /**
   * The most integration-gap terms to write (default `EXPORT_MAX_GAP_TERMS`; `Infinity`: no
   * limit): past it the request is refused at once, before memory runs out writing it.
   */
  maxGapTerms?: number;
}

/**
 * The problem of a request as text in `format`; its optimum (WCNF, OPB, ASP) is the cost that
 * `recommend` finds for the same request, level by level.
 *
 * @example
 * const r = exportProblem(loadCatalog(), { useCases: ["rag"] }, { format: "wcnf" });
 * console.log(r.text.split("\n", 1)[0]); // "c The problem of an mlx-solve request ..."; write r.text to a file for a MaxSAT solver
 */
export function exportProblem(catalog: Catalog, request: Request, options: ExportOptions): ExportResult {
  options = optionsOf(options, ["format", "scope", "version", "timeout", "deadline", "maxGapTerms", "catalogOptions"]);
  const { maxGapTerms } = options;
  const bad = [
    ...wordOption("format", options.format, EXPORT_FORMATS, `one of ${EXPORT_FORMATS.join(", ")}`, true),
    ...wordOption("scope", options.scope, ["all", "reachable"], '"all" or "reachable"'),
    ...(maxGapTerms === undefined || maxGapTerms === Infinity || (Number.isInteger(maxGapTerms) && maxGapTerms >= 1) ? [] : [badOptionValue("maxGapTerms", "a whole number of at least 1, or Infinity", maxGapTerms)]),
  ];
  if (bad.length) throw new InputError(bad);
  const req = resolve(catalog, request);
  const scope = options.scope ?? "all";
  // Writing does no counted work: only the clock can stop it, between its steps.
  const budget = budgetOf(options);
  const check = () => checkBudget(budget);
  try {
    return exported(catalog, req, scope, options, check);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    return { format_version: 1, command: "export", ok: false, format: options.format, scope, variables: 0, clauses: 0, levels: [], text: "", timed_out: true, stopped_by: "time" };
  }
}

/**
 * The most integration-gap terms `export` writes (each a variable, a clause and a soft clause, and
 * a comment naming it). Their number grows with the square of the plugins: 1,000 sparse plugins
 * have ~215,000 (an 80 MB WCNF file, 0.8 GB of memory to write it); 3,000 had ~2 million, and the
 * writing ran out of memory after 90 s. Past this bound export says so at once (exit 2), and
 * `scope: "reachable"` exports only what a best stack can use.
 */
export const EXPORT_MAX_GAP_TERMS = 500_000;

function exported(catalog: Catalog, req: ResolvedRequest, scope: "all" | "reachable", options: ExportOptions, check: () => void): ExportResult {
  const ids = scope === "all" ? [...catalog.plugins.keys()] : [...reachablePlugins(catalog, req)];
  const most = options.maxGapTerms ?? EXPORT_MAX_GAP_TERMS;
  if (most !== Infinity && gapPairsUpTo(catalog, ids, most) > most) {
    const reach = scope === "all" ? reachablePlugins(catalog, req).size : undefined;
    throw new InputError([
      diag(
        { file: "option --scope", line: 0, column: 0 },
        "too-large",
        `the problem over ${scope === "all" ? "every plugin" : "the plugins a best stack can use"} (${ids.length}) has more than ${most.toLocaleString("en")} integration-gap terms, more than export writes (their number grows with the square of the plugins)${reach !== undefined ? `; expected a smaller problem: --scope reachable exports the ${reach} plugins a best stack can use` : "; expected a smaller catalog or request"}, or a larger --max-gap-terms (none: no limit; the memory writing them takes grows with them)`,
      ),
    ]);
  }
  const model = buildModel(catalog, req, scope, { eagerGaps: true });
  check();
  // Each part of the request as its option gives it (a tag filter as `--only` takes it).
  const asked = [
    ...REQUEST_FIELDS.flatMap(({ field, option }) => {
      const v = req[field];
      return (Array.isArray(v) ? v : [v]).map((x: string | TagFilter) => `${option} ${typeof x === "string" ? x : tagFilterText(x)}`);
    }),
    ...(options.catalogOptions ?? []),
  ];
  const e = exportModel(model, options.format, {
    describe: describeVar,
    show: (v) => {
      const id = pluginOf(v);
      if (id !== undefined) return `plugin("${id}")`;
      const f = facetOf(v);
      return f ? `facet("${f.id}","${f.value}")` : undefined;
    },
    title: [
      `The problem of an mlx-solve request${options.version ? ` (mlx-solve ${options.version})` : ""}: ${asked.join(" ")}`,
      `Plugins: ${scope === "all" ? "every plugin of the catalog" : "those a best stack can use (--scope reachable)"}, ${model.vars.length} of ${catalog.plugins.size}.`,
    ],
    check,
  });
  check();
  return { format_version: 1, command: "export", ok: true, format: options.format, scope, variables: e.variables, clauses: e.clauses, levels: e.levels, text: e.text };
}
