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
  const sat = (on: string[]) => oracle.sat(on);
  const direct = directConflict(model, active, allRules, sat);
  const mus = direct ?? quickXplain(sat, allRules, active);
  // A direct conflict needs no rule: its two requests' own clauses contradict each other, so
  // QuickXplain's first question (the pair without any rule) is answered before it is asked.
  const rules = direct ? [] : quickXplain(sat, mus, allRules);
  const bySel = new Map(model.requests.map((r) => [r.selector, r]));
  return {
    requests: mus.map((s) => bySel.get(s)!).sort((a, b) => model.requests.indexOf(a) - model.requests.indexOf(b)),
    rules: rules.map((s) => model.constraints[Number(s.slice(2))]!),
  };
}

/**
 * QuickXplain's answer, where two of the `active` requests contradict each other directly (a
 * clause [¬s, l] of one and [¬t, ¬l] of the other: a use case's tag rule and a plugin required to
 * explain why it is dead), found with two satisfiability calls instead of a dozen. QuickXplain
 * gives the preferred conflict: the one whose last request comes as early in `active` as any
 * conflict's can, then its last but one, and so on. The pair {i, j} (i before j) with j earliest,
 * then i, is that conflict when the requests before j hold together (no conflict ends before j)
 * and those before i hold with j (none with j ends its rest before i): the pair itself conflicts,
 * so nothing smaller or with the same ends exists. Otherwise undefined, and QuickXplain decides.
 * analyze's explanations of plugins a tag rule rules out (9 of the first 10 for on-premises RAG)
 * come this way.
 */
function directConflict(model: Model, active: string[], background: string[], sat: (on: string[]) => boolean): string[] | undefined {
  const bySelector = new Map(model.requests.map((r) => [r.selector, r]));
  // The first request (its index in `active`) whose clauses assert each literal outright.
  const firstWith = new Map<string, number>();
  for (let j = 0; j < active.length; j++) {
    const r = bySelector.get(active[j]!);
    if (!r) return undefined;
    const own = `-${r.selector}`;
    const units = r.clauses.filter((c) => c.length === 2 && c[0] === own).map((c) => c[1]!);
    let i = -1;
    for (const l of units) {
      const k = firstWith.get(l.startsWith("-") ? l.slice(1) : `-${l}`);
      if (k !== undefined && (i < 0 || k < i)) i = k;
    }
    if (i >= 0) {
      if (!sat([...background, ...active.slice(0, j)])) return undefined;
      if (!sat([...background, ...active.slice(0, i), active[j]!])) return undefined;
      return [active[i]!, active[j]!];
    }
    for (const l of units) if (!firstWith.has(l)) firstWith.set(l, j);
  }
  return undefined;
}

/**
 * Minimal correction sets of the `active` requests: at least the `limit` best, ranked smallest
 * first and among sets of a size by the cost of the best solution without them (`before`'s
 * levels, then the model's own), and every other set ranked level with the `limit`-th, so that a
 * caller ranking them (by that cost, its ties its own way) gets the true best `limit`.
 *
 * First by size alone (`correctionSets`, each step a cheap search), which is enough when it runs
 * out of sets, or reaches a size beyond the `limit`-th's: every set up to that size is then known.
 * Else more sets share the boundary size than were enumerated, and ranking only those missed the
 * cheapest (RAG with every vector and text-generation provider excluded: 0/0/1/0/5 shown first
 * where 0/0/0/0/4 exists); they are enumerated again with the costs as further levels of the
 * search, so that each is the cheapest of its size left.
 */
export function minimalCorrectionSets(model: Model, budget: Budget, active: string[], limit: number, before: Objective[] = []): { sets: string[][]; more: boolean } {
  const bySize = correctionSets(model, budget, active, Math.max(limit * 4, 12));
  const nth = bySize.sets[limit - 1];
  // `more`: a set beyond the `limit` best is known to exist (the cost-aware search stops at one).
  if (bySize.exhausted || (nth && bySize.sets.at(-1)!.length > nth.length)) return { sets: bySize.sets, more: bySize.sets.length > limit };
  const byCost = correctionSets(model, budget, active, limit, before);
  return { sets: byCost.sets, more: byCost.sets.length > limit || byCost.beyond === true };
}

/**
 * Minimal correction sets, smallest first, at most `limit` (with `costs`: at least `limit`, and
 * those after ranked level with the `limit`-th). Each is found as a minimum-size correction set
 * subject to blocking the earlier ones (a clause "keep at least one of them"), which also blocks
 * their supersets, so every set found is minimal. With `costs`, `before`'s levels and then the
 * model's own follow the size in that one search, so each set is the cheapest of its size left.
 * `exhausted`: no set is left; `beyond`: a set ranked below the `limit`-th was found (not kept).
 */
function correctionSets(model: Model, budget: Budget, active: string[], limit: number, costs?: Objective[]): { sets: string[][]; exhausted: boolean; beyond?: boolean } {
  const sets: string[][] = [];
  const levels: number[][] = [];
  const free = new Set(active);
  const blocks: Clause[] = [];
  for (;;) {
    if (!costs && sets.length >= limit) return { sets, exhausted: false };
    const r = solveLex(model, {
      budget,
      active: new Set<string>(),
      free,
      extraClauses: blocks,
      before: [{ name: "given-up", terms: active.map((s) => ({ lit: `-${s}`, weight: 1 })) }, ...(costs ?? [])],
      skipModelObjectives: !costs,
    });
    if (r.status === "unsat") return { sets, exhausted: true };
    if (r.status !== "optimal") return { sets, exhausted: false };
    const dropped = active.filter((s) => !r.assignment.trueVars.has(s));
    if (dropped.length === 0) return { sets, exhausted: true }; // everything holds: nothing to correct
    const last = levels[limit - 1];
    if (costs && last && r.assignment.costs.some((c, i) => c !== last[i])) return { sets, exhausted: false, beyond: true };
    sets.push(dropped);
    levels.push(r.assignment.costs);
    blocks.push([...dropped]);
  }
}
