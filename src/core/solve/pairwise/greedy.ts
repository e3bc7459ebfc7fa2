/** Phase 3 of the pairwise sampler: greedy construction of a first complete sample. */
import { checkBudget, pastDeadline, Timeout } from "../../common/budget.js";
import { applyConfig, prune, type Config, type Sampler } from "./sampler.js";

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
  // The interactions of `order` not yet covered, in order: compacted before each sample, so that
  // a scan costs what is left, not the whole order (400 synthetic plugins: 1,574 samples over
  // 82,185 interactions).
  const pending = Int32Array.from(order);
  let left = pending.length;
  for (;;) {
    checkBudget(budget);
    let w = 0;
    for (let t = 0; t < left; t++) if (count[pending[t]!] === 0) pending[w++] = pending[t]!;
    left = w;
    if (left === 0) break;
    const seed = pending[0]!;
    const accepted: number[] = [];
    base.cancelUntil(0);
    for (let t = 0; t < left; t++) {
      const x = pending[t]!;
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
    // Propagation may allow pairs that fail together: the solver names the first assumption the
    // ones before it exclude, and that pair goes, until a solution holds the rest. The seed pair
    // is first and feasible, so it stays.
    let dropped = 0;
    while (base.solve(accepted) !== "sat") {
      const at = base.failedAt;
      if (at < 2) throw new Error("pairwiseSample: lost a solution");
      accepted.splice(at & ~1, 2);
      dropped++;
      budget.calls++;
    }
    if (dropped) s.dbg(`greedy: ${dropped} of the pairs propagation allowed dropped`);
    const c = base.model.slice();
    covered += applyConfig(s, c, 1);
    out.push(c);
    if (report) s.opts.onProgress?.(covered, s.F);
  }
  return out;
}
