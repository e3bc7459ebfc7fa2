/**
 * Explanations over labelled constraints, knowing nothing of what they are about:
 * - a minimal conflict: a set of user requests that cannot hold together, minimal (removing any
 *   one makes the rest satisfiable), found by QuickXplain over request selectors;
 * - the catalog rules that connect them: a minimal set of labelled constraints that, with those
 *   requests, admits no solution (QuickXplain again, over constraint selectors);
 * - minimal correction sets: the smallest sets of requests to give up, enumerated in order of
 *   size and then cost by minimising the number of dropped selectors, then the objectives, and
 *   blocking each set found.
 */
import type { Budget } from "../common/budget.js";
import { solveLex } from "./engine.js";
import { SatOracle } from "./oracle.js";
import type { Clause, Labelled, Model, Objective, UserRequest } from "./types.js";

/**
 * QuickXplain (Junker 2004): a minimal subset X of `candidates` such that background ∪ X is
 * unsatisfiable, assuming background ∪ candidates is. O(|X| log(|C|/|X|)) satisfiability calls.
 */
export function quickXplain(sat: (on: string[]) => boolean, background: string[], candidates: string[]): string[] {
  const qx = (B: string[], delta: boolean, C: string[]): string[] => {
    if (delta && !sat(B)) return [];
    if (C.length === 1) return C;
    const k = Math.floor(C.length / 2);
    const C1 = C.slice(0, k);
    const C2 = C.slice(k);
    const D2 = qx([...B, ...C1], C1.length > 0, C2);
    const D1 = qx([...B, ...D2], D2.length > 0, C1);
    return [...D1, ...D2];
  };
  if (candidates.length === 0) return [];
  // As in Junker's QUICKXPLAIN(B, C) = QX(B, B, C): when the background alone already fails,
  // no candidate is needed.
  return qx(background, background.length > 0, candidates);
}

export interface ConflictCore {
  requests: UserRequest[];
  rules: Labelled[];
}

/**
 * A minimal conflict among the `active` requests (which must be unsatisfiable together), with the
 * minimal set of labelled rules that connect them.
 */
export function findConflict(model: Model, budget: Budget, active: string[]): ConflictCore {
  return SatOracle.with(model, budget, (oracle) => conflictOn(oracle, active), true);
}

/**
 * `findConflict` on an oracle made with its constraints guarded (`SatOracle`'s
 * `guardConstraints`), which may hold more requests than `active`: they hold only while assumed,
 * so the answer is the one an oracle of `active` alone would give, and one oracle serves many
 * questions.
 */
export function conflictOn(oracle: SatOracle, active: string[]): ConflictCore {
  const { model } = oracle;
  const allRules = oracle.constraintSelectors.filter((s): s is string => s !== undefined);
  const mus = quickXplain((on) => oracle.sat(on), allRules, active);
  const rules = quickXplain((on) => oracle.sat(on), mus, allRules);
  const bySel = new Map(model.requests.map((r) => [r.selector, r]));
  return {
    requests: mus.map((s) => bySel.get(s)!).sort((a, b) => model.requests.indexOf(a) - model.requests.indexOf(b)),
    rules: rules.map((s) => model.constraints[Number(s.slice(2))]!),
  };
}

/**
 * Minimal correction sets of the `active` requests, ranked: smallest first, and among sets of a
 * size, by the cost of the best solution without them (`before`'s levels, then the model's own),
 * at least `limit` of them, and past it every set ranked level with the `limit`-th (so that a
 * caller breaking ties its own way sees them all). Each is found as a minimum-size correction set
 * subject to blocking the earlier ones (a clause "keep at least one of them"), which also blocks
 * their supersets, so every set found is minimal; with the costs as further levels of that one
 * search, each is also the cheapest of its size left. Enumerating by size alone and ranking the
 * first dozen missed the cheapest repair when more than a dozen sets had the smallest size.
 * `costs` is the set's levels: its size, then those costs.
 */
export function minimalCorrectionSets(model: Model, budget: Budget, active: string[], limit: number, before: Objective[] = []): { set: string[]; costs: number[] }[] {
  const out: { set: string[]; costs: number[] }[] = [];
  const free = new Set(active);
  const blocks: Clause[] = [];
  for (;;) {
    const r = solveLex(model, {
      budget,
      active: new Set<string>(),
      free,
      extraClauses: blocks,
      before: [{ name: "wishes", terms: active.map((s) => ({ lit: `-${s}`, weight: 1 })) }, ...before],
    });
    if (r.status !== "optimal") break;
    const dropped = active.filter((s) => !r.assignment.trueVars.has(s));
    if (dropped.length === 0) break; // everything holds: nothing to correct
    const costs = r.assignment.costs;
    const last = out[limit - 1];
    if (last && costs.some((c, i) => c !== last.costs[i])) break;
    out.push({ set: dropped, costs });
    blocks.push([...dropped]);
  }
  return out;
}
