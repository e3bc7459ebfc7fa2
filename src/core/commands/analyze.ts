/**
 * `analyze`: which plugins are in every valid stack (core), in none (dead), forced only by the
 * request (false optional), and the exact number of valid stacks — each core or dead plugin with
 * the rules that make it so.
 */
import type { Catalog } from "../catalog/catalog.js";
import { cite } from "../common/diagnostics.js";
import { buildModel } from "../model/build.js";
import { countingProblem } from "../model/counting.js";
import { emptyRequest, type Request, type ResolvedRequest } from "../model/request.js";
import { pv } from "../model/vars.js";
import { Timeout, type Budget } from "../common/budget.js";
import { countModels } from "../solve/count.js";
import { findConflict } from "../solve/explain.js";
import { SatOracle } from "../solve/oracle.js";
import { budgetOf, explainNoStack, resolve, type SolveOptions } from "./common.js";
import type { AnalyzedPlugin, AnalyzeResult, Conflict } from "./result.js";


function conflictOf(r: ReturnType<typeof findConflict>): Conflict {
  return {
    requests: r.requests.map((q) => ({ kind: q.kind, value: q.value, message: q.message, source: cite(q.source) })),
    rules: r.rules.map((c) => ({ kind: c.kind, message: c.message, source: cite(c.source) })),
  };
}

/** Plugins in every / no valid stack for a request, each with its explanation. */
function coreAndDead(catalog: Catalog, req: ResolvedRequest, budget: Budget, progress: ((m: string) => void) | undefined, into: { core: AnalyzedPlugin[]; dead: AnalyzedPlugin[] }): { core: AnalyzedPlugin[]; dead: AnalyzedPlugin[] } {
  const model = buildModel(catalog, req, "all");
  const oracle = new SatOracle(model, budget);
  const sels = model.requests.map((r) => r.selector);
  // Filled as found, so that a time limit leaves what was found so far.
  const { core, dead } = into;
  let i = 0;
  for (const id of catalog.plugins.keys()) {
    progress?.(`analyze: plugin ${++i}/${catalog.plugins.size}`);
    const canIn = oracle.sat([...sels, pv(id)]);
    const canOut = oracle.sat([...sels, `-${pv(id)}`]);
    if (canIn && canOut) continue;
    // Explain with the counterfactual request: excluding a core plugin, requiring a dead one.
    const counter = canIn ? { ...req, exclude: [...req.exclude, id].sort() } : { ...req, require: [...req.require, id].sort() };
    const cm = buildModel(catalog, counter);
    const why = conflictOf(findConflict(cm, budget, cm.requests.map((r) => r.selector)));
    const counterKind = canIn ? "exclude" : "require";
    why.requests = why.requests.filter((q) => !(q.kind === counterKind && q.value === id));
    (canIn ? core : dead).push({ id, because: why });
  }
  return { core, dead };
}

/**
 * @example
 * const a = analyze(loadCatalog(), { useCases: ["rag"] });
 * console.log(a.count, a.core.map((p) => p.id));
 */
export function analyze(catalog: Catalog, request: Request = {}, options: SolveOptions = {}): AnalyzeResult {
  const req = resolve(catalog, request);
  const budget = budgetOf(options);
  const model = buildModel(catalog, req);
  const base = { format_version: 1 as const, command: "analyze" as const };
  const note = "valid stacks counted as sets of plugins: a set counts once when some assignment of facet values makes it valid";
  const found = { core: [] as AnalyzedPlugin[], dead: [] as AnalyzedPlugin[] };
  let n: bigint;
  let coreAlone: Set<string>;
  try {
    if (!new SatOracle(model, budget).sat(model.requests.map((r) => r.selector))) {
      const { conflict, repairs, timedOut } = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
      return { ...base, ok: false, no_stack: true, core: [], dead: [], false_optional: [], count: 0, count_note: note, ...(conflict ? { conflict } : {}), repairs, ...(timedOut ? { timed_out: true, stopped_by: "time" as const } : {}), stats: { solver_calls: budget.calls } };
    }
    coreAndDead(catalog, req, budget, options.onProgress, found);
    const plain = coreAndDead(catalog, emptyRequest(), budget, options.onProgress, { core: [], dead: [] });
    options.onProgress?.("analyze: counting valid stacks");
    coreAlone = new Set(plain.core.map((p) => p.id));
    n = countModels(countingProblem(catalog, req), budget);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    // What was found before the time limit, marked partial: no count, no false optional.
    return { ...base, ok: false, partial: true, timed_out: true, stopped_by: "time", core: found.core, dead: found.dead, false_optional: [], count_note: note, stats: { solver_calls: budget.calls } };
  }
  const { core, dead } = found;
  return {
    ...base,
    ok: true,
    core,
    dead,
    false_optional: core.filter((p) => !coreAlone.has(p.id)),
    count: n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString(),
    count_note: note,
    stats: { solver_calls: budget.calls },
  };
}
