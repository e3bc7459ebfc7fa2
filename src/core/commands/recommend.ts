/**
 * `recommend` and `explain`: the best valid stack for a request, or why there is none and what to
 * give up.
 */
import type { Catalog } from "../catalog/catalog.js";
import { buildModel } from "../model/build.js";
import { neighbourSearch } from "../model/neighbourhood.js";
import type { Request } from "../model/request.js";
import { stackFromAssignment } from "../model/stack.js";

import { solveLex } from "../solve/engine.js";
import { budgetOf, costEntries, explainNoStack, resolve, type SolveOptions } from "./common.js";
import type { RecommendResult } from "./result.js";

/**
 * The best valid stack for a request: the true lexicographic optimum of the catalog's
 * objectives, or — when none exists — a minimal conflict and the minimal repairs.
 *
 * @example
 * const catalog = loadCatalog();
 * const r = recommend(catalog, { useCases: ["rag"], exclude: ["databricks-plugin"] });
 * if (r.ok) console.log(r.stack!.plugins.map((p) => p.id));
 */
export function recommend(catalog: Catalog, request: Request, options: SolveOptions = {}): RecommendResult {
  return bestStack(catalog, request, options, "recommend");
}

/**
 * Why a request has no valid stack: the same answer as `recommend` (a request that has one gets
 * it), under the command name "explain".
 *
 * @example
 * const r = explain(loadCatalog(), { require: ["databricks-plugin", "outerbounds-plugin"] });
 * for (const q of r.conflict?.requests ?? []) console.log(q.message);
 */
export function explain(catalog: Catalog, request: Request, options: SolveOptions = {}): RecommendResult {
  return bestStack(catalog, request, options, "explain");
}

function bestStack(catalog: Catalog, request: Request, options: SolveOptions, command: "recommend" | "explain"): RecommendResult {
  const req = resolve(catalog, request);
  const model = buildModel(catalog, req);
  const budget = budgetOf(options);
  const r = solveLex(model, { budget, neighbours: neighbourSearch(catalog, req, model) });
  const base = { format_version: 1 as const, command };
  const stats = () => ({ solver_calls: budget.calls, work: budget.work ?? 0 });
  if (r.status === "optimal") {
    return { ...base, ok: true, optimal: true, stack: stackFromAssignment(catalog, req, r.assignment), cost: costEntries(model, r.assignment), stats: stats() };
  }
  if (r.status === "timeout") {
    const stopped = { timed_out: true, stopped_by: r.reason ?? ("time" as const), ...(budget.clockStopped ? { clock_stopped: true } : {}) };
    return r.assignment
      ? { ...base, ok: false, optimal: false, ...stopped, stack: stackFromAssignment(catalog, req, r.assignment), cost: costEntries(model, r.assignment), stats: stats() }
      : { ...base, ok: false, ...stopped, stats: stats() };
  }
  // No stack (proven): explain, within the same time limit.
  const { conflict, repairs, timedOut } = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
  return { ...base, ok: false, no_stack: true, ...(conflict ? { conflict } : {}), repairs, ...(timedOut ? { timed_out: true, stopped_by: "time" as const } : {}), stats: stats() };
}
