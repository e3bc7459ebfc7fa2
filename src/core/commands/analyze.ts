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
import { newBudget, type Budget } from "../solve/budget.js";
import { countModels } from "../solve/count.js";
import { findConflict } from "../solve/explain.js";
import { SatOracle } from "../solve/oracle.js";
import { explainNoStack, resolve, type SolveOptions } from "./common.js";
import type { AnalyzedPlugin, AnalyzeResult, Conflict } from "./result.js";


function conflictOf(r: ReturnType<typeof findConflict>): Conflict {
  return {
    requests: r.requests.map((q) => ({ kind: q.kind, value: q.value, message: q.message, source: cite(q.source) })),
    rules: r.rules.map((c) => ({ kind: c.kind, message: c.message, source: cite(c.source) })),
  };
}

/** Plugins in every / no valid stack for a request, each with its explanation. */
function coreAndDead(catalog: Catalog, req: ResolvedRequest, budget: Budget, progress?: (m: string) => void): { core: AnalyzedPlugin[]; dead: AnalyzedPlugin[] } {
  const model = buildModel(catalog, req, "all");
  const oracle = new SatOracle(model, budget);
  const sels = model.requests.map((r) => r.selector);
  const core: AnalyzedPlugin[] = [];
  const dead: AnalyzedPlugin[] = [];
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
  const budget = newBudget(options.timeout);
  const model = buildModel(catalog, req);
  const base = { format_version: 1 as const, command: "analyze" as const };
  const note = "valid stacks counted as sets of plugins: a set counts once when some assignment of facet values makes it valid";
  if (!new SatOracle(model, budget).sat(model.requests.map((r) => r.selector))) {
    const { conflict, repairs } = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
    return { ...base, ok: false, core: [], dead: [], false_optional: [], count: 0, count_note: note, conflict, repairs, stats: { solver_calls: budget.calls } };
  }
  const { core, dead } = coreAndDead(catalog, req, budget, options.onProgress);
  const plain = coreAndDead(catalog, emptyRequest(), budget, options.onProgress);
  options.onProgress?.("analyze: counting valid stacks");
  const coreAlone = new Set(plain.core.map((p) => p.id));
  const n = countModels(countingProblem(catalog, req), budget);
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
