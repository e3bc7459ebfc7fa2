/**
 * `recommend --top K`: the K best stacks, and what separates each from the best one, in words.
 * The search is the solver's (solve/top.ts: blocking clauses, each next stack re-optimised
 * lexicographically); here the answers become stacks and their differences.
 */
import type { Catalog } from "../catalog/catalog.js";
import type { ResolvedRequest } from "../model/request.js";
import { stackFromAssignment } from "../model/stack.js";
import type { Assignment } from "../solve/engine.js";
import type { Model } from "../solve/types.js";
import { costEntries } from "./common.js";
import type { CostEntry, RankedStack, Stack, StackDifference } from "./result.js";

/** The ranked stacks of the solver's answers, each after the first with its difference from it. */
export function rankedStacks(catalog: Catalog, req: ResolvedRequest, model: Model, solutions: Assignment[]): RankedStack[] {
  const out: RankedStack[] = [];
  for (const [i, a] of solutions.entries()) {
    const stack = stackFromAssignment(catalog, req, a);
    const cost = costEntries(model, a);
    out.push({ rank: i + 1, stack, cost, ...(i > 0 ? { differs: stackDifference(out[0]!, { stack, cost }) } : {}) });
  }
  return out;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * What `other` changes from `best`: plugins swapped within a type ("uses B instead of A"),
 * added, left out, facet values changed, and the cost at each level that differs.
 */
export function stackDifference(best: { stack: Stack; cost: CostEntry[] }, other: { stack: Stack; cost: CostEntry[] }): StackDifference {
  const before = new Map(best.stack.plugins.map((p) => [p.id, p]));
  const after = new Map(other.stack.plugins.map((p) => [p.id, p]));
  const added = [...after.keys()].filter((id) => !before.has(id)).sort();
  const removed = [...before.keys()].filter((id) => !after.has(id)).sort();
  const facets = [...after.values()]
    .filter((p) => before.has(p.id) && p.facet !== undefined && before.get(p.id)!.facet !== undefined && p.facet !== before.get(p.id)!.facet)
    .map((p) => ({ id: p.id, from: before.get(p.id)!.facet!, to: p.facet! }));
  const cost = other.cost.map((c, i) => ({ objective: c.objective, delta: c.value - best.cost[i]!.value })).filter((c) => c.delta !== 0);
  // A plugin added and one left out of the same type read as a swap, in id order within a type.
  const phrases: string[] = [];
  const leftOut = [...removed];
  const alone: string[] = [];
  for (const id of added) {
    const type = after.get(id)!.type;
    const j = leftOut.findIndex((r) => before.get(r)!.type === type);
    if (j >= 0) phrases.push(`uses ${id} instead of ${leftOut.splice(j, 1)[0]}`);
    else alone.push(id);
  }
  if (alone.length) phrases.push(`adds ${alone.join(", ")}`);
  if (leftOut.length) phrases.push(`leaves out ${leftOut.join(", ")}`);
  for (const f of facets) phrases.push(`assigns ${f.id} ${f.to} instead of ${f.from}`);
  const costWords = cost.length ? cost.map((c) => `${signed(c.delta)} at ${c.objective}`).join(", ") : "the same cost at every level (the tie-break by plugin name ranks it lower)";
  return { added, removed, facets, cost, summary: `${phrases.join("; ") || "the same plugins"}: ${costWords}` };
}
