/** Phase 3 of the pairwise sampler: greedy construction of a first complete sample. */
import { checkBudget, pastDeadline, Timeout } from "../../common/budget.js";
import { applyConfig, holds, prune, type Config, type Sampler } from "./sampler.js";

/**
 * 3. Greedy construction over the reduced interactions `R`, a few times in different orders
 * (pairs whose literals have the fewest feasible partners first, ties at random); the smallest,
 * or the first of no more than `bound` samples (a lower bound: none can be smaller).
 */
export function greedySample(s: Sampler, R: readonly number[], bound: number): Config[] {
  const { F, ia, ib, litDegree, rank } = s;
  for (let x = 0; x < F; x++) {
    litDegree[ia[x]!]!++;
    litDegree[ib[x]!]!++;
  }
  const makeOrder = () => {
    for (const x of R) rank[x] = Math.min(litDegree[ia[x]!]!, litDegree[ib[x]!]!) + s.rnd();
    return R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
  };
  let best = prune(s, greedy(s, makeOrder(), true));
  const greedyRuns = s.effort > 0 ? Math.max(1, Math.min(4, Math.floor(100_000 / R.length))) : 1;
  for (let g = 1; g < greedyRuns && best.length > bound && !pastDeadline(s.budget); g++) {
    try {
      const c = prune(s, greedy(s, makeOrder(), false));
      if (c.length < best.length) best = c;
    } catch (e) {
      if (!(e instanceof Timeout)) throw e;
    }
  }
  return best;
}

/**
 * One greedy sample: each new sample starts from the first uncovered interaction of `order`,
 * keeps every further uncovered one that unit propagation allows, and is completed by the solver.
 */
export function greedy(s: Sampler, order: readonly number[], report: boolean): Config[] {
  const { base, budget, count, slit, ia, ib } = s;
  count.fill(0);
  const out: Config[] = [];
  let covered = 0;
  let cursor = 0;
  for (;;) {
    checkBudget(budget);
    while (cursor < order.length && count[order[cursor]!]! > 0) cursor++;
    if (cursor >= order.length) break;
    const seed = order[cursor]!;
    const accepted: number[] = [];
    base.cancelUntil(0);
    for (let t = cursor; t < order.length; t++) {
      const x = order[t]!;
      if (count[x]! > 0) continue;
      const a = slit[ia[x]!]!;
      const b = slit[ib[x]!]!;
      const va = base.value(a);
      const vb = base.value(b);
      if (va === -1 || vb === -1 || (va === 1 && vb === 1)) continue;
      if (base.probe([a, b])) accepted.push(a, b);
      else if (x === seed) throw new Error("pairwiseSample: a feasible pair failed propagation");
    }
    base.cancelUntil(0);
    budget.calls++;
    if (base.solve(accepted) !== "sat") {
      // Propagation was not enough: keep the accepted pairs one by one with a SAT check, unless
      // the last solution found (base.model: the solver writes it only on "sat") already holds
      // the pair. That solution holds every pair kept so far, so it is the sample at the end.
      s.dbg(`greedy: ${accepted.length / 2} pairs propagation allows fail together; one by one`);
      const kept: number[] = [];
      let found = false;
      for (let t = 0; t < accepted.length; t += 2) {
        const a = accepted[t]!;
        const b = accepted[t + 1]!;
        if (found && holds(base.model, a) && holds(base.model, b)) {
          kept.push(a, b);
          continue;
        }
        budget.calls++;
        if (base.solve([...kept, a, b]) === "sat") {
          kept.push(a, b);
          found = true;
        }
      }
      if (!found) throw new Error("pairwiseSample: lost a solution");
    }
    const c = base.model.slice();
    covered += applyConfig(s, c, 1);
    out.push(c);
    if (report) s.opts.onProgress?.(covered, s.F);
  }
  return out;
}
