/**
 * `analyze`: which plugins are in every valid stack (core), in none (dead), forced only by the
 * request (false optional), and the exact number of valid stacks — each core or dead plugin with
 * the rules that make it so.
 */
import type { Catalog } from "../catalog/catalog.js";
import { buildModel } from "../model/build.js";
import { countingProblem } from "../model/counting.js";
import { emptyRequest, type Request, type ResolvedRequest } from "../model/request.js";
import { pv } from "../model/vars.js";
import { Timeout, type Budget } from "../common/budget.js";
import { countModels } from "../solve/count.js";
import { SatOracle } from "../solve/oracle.js";
import { backboneOf, budgetOf, explainNoStack, forcedBecause, resolve, type SolveOptions } from "./common.js";
import type { AnalyzedPlugin, AnalyzeResult } from "./result.js";


/** How many core and dead plugins `analyze` explains unless told otherwise. */
export const EXPLAIN_DEFAULT = 10;

export interface AnalyzeOptions extends SolveOptions {
  /**
   * How many core and dead plugins to explain (core first, in id order): a number, or "all".
   * Each explanation is a minimal conflict (several solver calls); finding which plugins are core
   * or dead is not (a backbone, see solve/backbone.ts). Default EXPLAIN_DEFAULT. `propagationWhy`
   * explains any one plugin later.
   */
  explain?: number | "all";
}

/** The plugins in every valid stack (core) and in none (dead) for a request, in id order: a backbone. */
function coreAndDead(catalog: Catalog, req: ResolvedRequest, budget: Budget): { core: string[]; dead: string[] } {
  const model = buildModel(catalog, req, "all");
  const ids = [...catalog.plugins.keys()].sort();
  const bb = backboneOf(model, budget, ids.map(pv));
  const core: string[] = [];
  const dead: string[] = [];
  for (const id of ids) {
    const v = bb.fixed.get(pv(id));
    if (v === true) core.push(id);
    else if (v === false) dead.push(id);
  }
  return { core, dead };
}

/**
 * @example
 * const a = analyze(loadCatalog(), { useCases: ["rag"] });
 * console.log(a.count, a.core.map((p) => p.id));
 */
export function analyze(catalog: Catalog, request: Request = {}, options: AnalyzeOptions = {}): AnalyzeResult {
  const req = resolve(catalog, request);
  const budget = budgetOf(options);
  const model = buildModel(catalog, req);
  const base = { format_version: 1 as const, command: "analyze" as const };
  const note = "valid stacks counted as sets of plugins: a set counts once when some assignment of facet values makes it valid";
  const limit = options.explain === "all" ? Infinity : Math.max(0, options.explain ?? EXPLAIN_DEFAULT);
  let core: AnalyzedPlugin[] = [];
  let dead: AnalyzedPlugin[] = [];
  let falseOptional: AnalyzedPlugin[] = [];
  let n: bigint | undefined;
  const unexplained = () => core.length + dead.length - [...core, ...dead].filter((p) => p.because).length;
  try {
    if (!new SatOracle(model, budget).sat(model.requests.map((r) => r.selector))) {
      const { conflict, repairs, timedOut } = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
      return { ...base, ok: false, no_stack: true, core: [], dead: [], false_optional: [], count: 0, count_note: note, ...(conflict ? { conflict } : {}), repairs, ...(timedOut ? { timed_out: true, stopped_by: "time" as const } : {}), stats: { solver_calls: budget.calls } };
    }
    options.onProgress?.("analyze: core and dead plugins");
    const found = coreAndDead(catalog, req, budget);
    core = found.core.map((id) => ({ id }));
    dead = found.dead.map((id) => ({ id }));
    const alone = new Set(coreAndDead(catalog, emptyRequest(), budget).core);
    falseOptional = core.filter((p) => !alone.has(p.id));
    options.onProgress?.("analyze: counting valid stacks");
    n = countModels(countingProblem(catalog, req), budget);
    // Explanations last: each costs a minimal conflict, and a time limit then leaves every answer
    // above complete.
    const todo = [...core.map((p) => [p, "in"] as const), ...dead.map((p) => [p, "out"] as const)].slice(0, limit);
    todo.forEach(([p, decision], i) => {
      options.onProgress?.(`analyze: explaining ${i + 1}/${todo.length}`);
      p.because = forcedBecause(catalog, req, p.id, decision, budget);
    });
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    // What was found before the time limit, marked partial.
    return { ...base, ok: false, partial: true, timed_out: true, stopped_by: "time", core, dead, false_optional: falseOptional, ...(n !== undefined ? { count: countOut(n) } : {}), count_note: note, unexplained: unexplained(), stats: { solver_calls: budget.calls } };
  }
  return { ...base, ok: true, core, dead, false_optional: falseOptional, count: countOut(n), count_note: note, unexplained: unexplained(), stats: { solver_calls: budget.calls } };
}

/** A count in JSON: a number while it is exact there, else its decimal string. */
const countOut = (n: bigint): number | string => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString());
