/**
 * `recommend` and `explain`: the best valid stack for a request, or why there is none and what to
 * give up.
 */
import type { Catalog } from "../catalog/catalog.js";
import { buildModel } from "../model/build.js";
import { neighbourSearch } from "../model/neighbourhood.js";
import type { Request } from "../model/request.js";
import { outsideRole, stackFromAssignment } from "../model/stack.js";

import { solveLexTop } from "../solve/top.js";
import { rankedStacks } from "./alternatives.js";
import { InputError } from "../common/diagnostics.js";
import { badOptionValue, budgetOf, optionsOf, SOLVE_OPTIONS, costEntries, resolve, statsOf, stoppedBy, wholeOption, wordOption, type SolveOptions } from "./common.js";
import { explainNoStack, noStackFields } from "./explanations.js";
import type { RecommendResult } from "./result.js";

export interface RecommendOptions extends SolveOptions {
  /**
   * The k best stacks instead of one (`stacks` in the result, best first): each the next in the
   * true lexicographic order among the plugins the request can use (providers of what its use
   * cases need or suggest, the plugins it names, and what they require).
   */
  top?: number;
  /** What makes two stacks of `top` different: their plugins (default), or also their facet values. */
  distinct?: "plugins" | "facets";
}

/**
 * The most stacks `top` ranks: each costs a search of its own, more than the one before (1,000 of
 * the built-in catalog's RAG stacks take ~30 s; 100,000 ran for hours without a word).
 */
export const TOP_MAX = 1000;
const TOP_WHY = " (each stack is a search of its own; `sample` covers the choices with few stacks, `export` hands the problem to other solvers)";

/**
 * The best valid stack for a request: the true lexicographic optimum of the catalog's
 * objectives, or — when none exists — a minimal conflict and the minimal repairs.
 *
 * @example
 * const catalog = loadCatalog();
 * const r = recommend(catalog, { useCases: ["rag"], exclude: ["databricks-plugin"] });
 * if (r.ok) console.log(r.stack.plugins.map((p) => p.id));
 */
export function recommend(catalog: Catalog, request: Request, options: RecommendOptions = {}): RecommendResult {
  return bestStack(catalog, request, optionsOf(options, [...SOLVE_OPTIONS, "top", "distinct"]), "recommend");
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
  return bestStack(catalog, request, optionsOf(options, SOLVE_OPTIONS), "explain");
}

function bestStack(catalog: Catalog, request: Request, options: RecommendOptions, command: "recommend" | "explain"): RecommendResult {
  const bad = [...wholeOption("top", options.top, 1, TOP_MAX, TOP_WHY), ...wordOption("distinct", options.distinct, ["plugins", "facets"], '"plugins" or "facets"')];
  // What makes two of the top stacks different means nothing without them (the CLI refuses it too).
  if (options.distinct !== undefined && options.top === undefined) bad.push(badOptionValue("distinct", "top with it (how many stacks to rank)", options.distinct));
  if (bad.length) throw new InputError(bad);
  const req = resolve(catalog, request);
  const model = buildModel(catalog, req);
  const budget = budgetOf(options);
  const top = options.top;
  const distinct = options.distinct ?? "plugins";
  const progress = options.onProgress;
  const r = solveLexTop(model, top ?? 1, { budget, neighbours: neighbourSearch(catalog, req, model), overChoices: distinct === "facets", ...(top !== undefined && progress ? { onSolution: (n, k) => progress(`recommend: ${n} of ${k} stacks ranked`) } : {}) });
  const base = { format_version: 1 as const, command, ...(top !== undefined ? { top, distinct } : {}) };
  const stats = () => statsOf(budget);
  const first = r.solutions[0];
  const ranked = () => (top !== undefined ? { stacks: rankedStacks(catalog, req, model, r.solutions) } : {});
  if (first && r.status !== "timeout") {
    const stack = stackFromAssignment(catalog, req, first);
    const outside = outsideRole(catalog, req, stack);
    return { ...base, ok: true, optimal: true, stack, ...(outside.length ? { outside_role: outside } : {}), cost: costEntries(model, first), ...ranked(), ...stats() };
  }
  if (r.status === "timeout") {
    const stopped = stoppedBy(budget, r.reason ?? "time");
    // The best is proven and some of the others: those are listed, no more.
    if (first) return { ...base, ok: false, optimal: true, ...stopped, stack: stackFromAssignment(catalog, req, first), cost: costEntries(model, first), ...ranked(), ...stats() };
    return r.best
      ? // With --top, the list is there and empty: no stack is ranked before the best is proven.
        { ...base, ok: false, optimal: false, ...stopped, stack: stackFromAssignment(catalog, req, r.best), cost: costEntries(model, r.best), ...(top !== undefined ? { stacks: [] } : {}), ...stats() }
      : { ...base, ok: false, ...stopped, ...stats() };
  }
  // No stack (proven): explain, within the same time limit.
  const x = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
  return { ...base, ok: false, no_stack: true, ...noStackFields(x), ...(x.timedOut ? stoppedBy(budget) : {}), ...stats() };
}
