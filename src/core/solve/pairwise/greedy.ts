/** Phase 3 of the pairwise sampler: greedy construction of a first complete sample. */
import { countPairs, holds, prune, type Config, type Sampler } from "./sampler.js";

/**
 * 3. Greedy construction over the reduced interactions `R`, a few times in different orders
 * (pairs whose literals have the fewest feasible partners first, ties at random); the smallest,
 * or the first of no more than `bound` samples (a lower bound: none can be smaller). On return
 * `s.count` holds exactly the pairs of the samples returned. Past the budget's limit during the
 * first run, its samples so far (`complete` false: some pairs uncovered), which `s.count` does
 * not hold; during a later one, the best complete run.
 */
export function greedySample(s: Sampler, R: readonly number[], bound: number): { best: Config[]; complete: boolean } {
  const { F, ia, ib, litDegree, rank } = s;
  for (let x = 0; x < F; x++) {
    litDegree[ia[x]!]!++;
    litDegree[ib[x]!]!++;
  }
  const makeOrder = () => {
    for (const x of R) rank[x] = Math.min(litDegree[ia[x]!]!, litDegree[ib[x]!]!) + s.rnd();
    return R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
  };
  // A greedy run leaves `count` holding its samples' pairs, and prune keeps it so: they are
  // counted again only when the best run is not the last (`countPairs`, 1.3 s at 1,000 synthetic
  // plugins; by each sample's n²/2 pairs, as prune was asked to, ~4 s).
  const first = greedy(s, makeOrder(), true);
  if (!first.complete) return { best: first.configs, complete: false };
  let best = prune(s, first.configs, true);
  /** The samples whose pairs `count` holds, if any. */
  let counted: Config[] | undefined = best;
  const greedyRuns = s.effort > 0 ? Math.max(1, Math.min(4, Math.floor(100_000 / R.length))) : 1;
  for (let g = 1; g < greedyRuns && best.length > bound && !s.meter.stop(); g++) {
    counted = undefined;
    const run = greedy(s, makeOrder(), false);
    if (!run.complete) break;
    const c = prune(s, run.configs, true);
    counted = c;
    if (c.length < best.length) best = c;
  }
  if (counted !== best) countPairs(s, best);
  return { best, complete: true };
}

/**
 * One greedy sample: each new sample starts from the first uncovered interaction of `order`,
 * keeps every further uncovered one that unit propagation allows, and is completed by the solver.
 * On return `s.count` holds the samples' pairs when the run is complete; past the budget's limit
 * the run stops with the samples so far (`complete` false) and leaves `count` as it was. Progress,
 * when reported, counts the interactions of `order` covered so far.
 */
export function greedy(s: Sampler, order: readonly number[], report: boolean): { configs: Config[]; complete: boolean } {
  const { base, budget, meter, slit, ia, ib } = s;
  const out: Config[] = [];
  // The interactions of `order` not yet covered, in order, with their two solver literals beside
  // them: each sample's scan drops those the sample before it covers (the ones before it were
  // dropped by the scans before) as it goes, so that a scan costs what is left, not the whole
  // order (400 synthetic plugins: 1,574 samples over 82,185 interactions), in one pass over three
  // typed arrays. The pairs of every sample are counted once, at the end (`countPairs`): counting
  // each sample's n²/2 pairs as it came was 18 s of the greedy's 58 s at 1,000 plugins.
  const total = order.length;
  let left = total;
  const pending = Int32Array.from(order);
  const litA = new Int32Array(left);
  const litB = new Int32Array(left);
  for (let t = 0; t < left; t++) {
    litA[t] = slit[ia[pending[t]!]!]!;
    litB[t] = slit[ib[pending[t]!]!]!;
  }
  meter.words += 3 * left;
  let last: Config | undefined;
  for (;;) {
    base.cancelUntil(0);
    const accepted: number[] = [];
    let seed = -1;
    let w = 0;
    meter.words += left;
    for (let t = 0; t < left; t++) {
      const a = litA[t]!;
      const b = litB[t]!;
      if (last !== undefined && holds(last, a) && holds(last, b)) continue;
      const x = pending[t]!;
      pending[w] = x;
      litA[w] = a;
      litB[w++] = b;
      if (seed < 0) seed = x;
      const va = base.value(a);
      const vb = base.value(b);
      if (va === -1 || vb === -1 || (va === 1 && vb === 1)) continue;
      if (base.probe([a, b])) accepted.push(a, b);
      else if (x === seed) throw new Error("pairwiseSample: a feasible pair failed propagation");
    }
    left = w;
    if (report) s.opts.onProgress?.(total - left, total);
    if (left === 0) break;
    // Looked at once the scan has said whether a pair is left: a stop never makes a run that has
    // covered everything incomplete.
    if (meter.stop()) return { configs: out, complete: false };
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
    last = base.model.slice();
    out.push(last);
  }
  countPairs(s, out);
  return { configs: out, complete: true };
}
