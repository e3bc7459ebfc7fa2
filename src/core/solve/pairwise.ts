/**
 * Pairwise sampling: a small list of valid solutions that together cover every feasible pair of
 * literals over chosen variables (for plugins: every two plugins that can be together, apart, or
 * one without the other), as `mlx-solve sample` promises a CI.
 *
 * Method (after sammy / SampLNS, Krupke et al.):
 *  1. Feasibility: every candidate pair is settled by a solution already found, by unit
 *     propagation (a conflict proves it infeasible) or by a SAT call.
 *  2. Reduction: a pair whose unit-propagation closure holds both literals of another pair
 *     implies it, so only the pairs no other pair implies need covering.
 *  3. Greedy construction: each new sample starts from an uncovered pair, keeps every further
 *     uncovered pair that unit propagation allows, and is completed by the solver.
 *  4. Lower bound: a clique of pairs no two of which one solution can hold (their closures
 *     contradict each other); a sample needs a solution per member. It starts from a product:
 *     every feasible pair of a literal of A and one of B, where no two literals of A, nor of B,
 *     hold together (`productClique`); that one is found before step 3, whose greedy runs stop
 *     once one meets it. Short of it, a star may be larger: for each literal a of A, a clique
 *     of a's own pairs (`starClique`).
 *  5. Improvement: "can m - 1 samples cover every pair?" as one CNF (m - 1 copies of the model,
 *     a variable per pair and copy, the clique fixed to distinct copies to break symmetry), with
 *     pairs added lazily as the solutions found miss them. SAT gives a smaller sample; UNSAT
 *     proves the current size minimal (the lower bound becomes the size). While the bound is
 *     near, the same question is first asked at the bound's size (`AIM_SHARE`). When the solver
 *     gives up, large-neighbourhood search: drop k samples and ask for k - 1 covering the pairs
 *     only those k covered. All are bounded by conflict limits.
 *
 *  6. Choices: each sample's `Model.choices` are settled by their tie-break (first option that
 *     leaves a solution, owners in name order), with the sample's literals fixed; past the
 *     budget's deadline (the clock), the samples left keep their solutions' values.
 *
 * Where each phase lives: pairwise/pairs.ts (1, 2), pairwise/greedy.ts (3), pairwise/bound.ts (4),
 * pairwise/improve.ts (5) and pairwise/sampler.ts (the state and bookkeeping they share); this
 * file runs them in order and settles the choices (6).
 *
 * The search runs on a small CDCL solver (cdcl.ts) because it needs conflict limits, cheap
 * propagation probes and many short-lived problems; logic-solver (engine.ts) remains the solver
 * of record elsewhere. Every sample is checked against every clause of the model, and the
 * coverage recounted, before it is returned.
 *
 * Deterministic: a seeded PRNG, and work bounded by counts (`effort`), not by time. Every phase
 * counts its work into the budget (its solvers' ticks and its own loops: pairwise/sampler.ts,
 * `Meter`), and the budget's work limit or, as a safety net, its deadline stops the search: in the
 * greedy construction with the samples so far (some pairs uncovered, no lower bound), after it
 * with the best complete sample so far; before the greedy's first sample it throws Timeout.
 */
import { prng } from "../common/random.js";
import { pastClock, Timeout, type Budget } from "../common/budget.js";
import { Cdcl } from "./cdcl.js";
import type { Model } from "./types.js";
import { lowerBoundClique, productClique, starClique } from "./pairwise/bound.js";
import { greedySample } from "./pairwise/greedy.js";
import { improve } from "./pairwise/improve.js";
import { closures, feasiblePairs, reduce } from "./pairwise/pairs.js";
import { apartMatrix, coveredPairs, holds, Meter, satisfies, toCnf, type Config, type SampleOptions, type Sampler } from "./pairwise/sampler.js";

export type { SampleOptions } from "./pairwise/sampler.js";
export { STALL_SHARE, TICKS_PER_EFFORT } from "./pairwise/improve.js";

export interface PairwiseSample {
  /** The true variables among `vars` of each sample; each sample is a full valid solution. */
  samples: Set<string>[];
  /**
   * The true variables of each sample's full solution (every variable of the model), the model's
   * choices settled by their tie-break (see `settleChoices`).
   */
  solutions: Set<string>[];
  feasiblePairs: number;
  /** Below `feasiblePairs` only when the budget stopped the greedy construction. */
  coveredPairs: number;
  /** A proven lower bound on the size of any covering sample. */
  lowerBound?: number;
}

/**
 * A list of full solutions of `model` (hard constraints and every request) that together cover
 * every feasible pair of literals over two distinct variables of `vars`.
 */
export function pairwiseSample(model: Model, vars: string[], budget: Budget, opts: SampleOptions = {}): PairwiseSample {
  if (opts.strength !== undefined && opts.strength !== 2) throw new Error("pairwiseSample: only strength 2 is supported");
  const rnd = prng(opts.seed ?? 1);
  const log = opts.log ?? (() => {});
  const T0 = Date.now();
  const dbg = (m: string) => log(`[${Date.now() - T0}ms] ${m}`);
  const sv = [...new Set(vars)];
  const cnf = toCnf(model, sv);
  const N = cnf.names.length;
  const base = new Cdcl(N);
  for (const c of cnf.clauses) if (!base.addClause(c)) break;
  const meter = new Meter(budget, base);
  budget.calls++;
  if (base.solve() !== "sat") return { samples: [], solutions: [], feasiblePairs: 0, coveredPairs: 0 };
  const n = sv.length;
  const L = 2 * n;
  const slit = new Int32Array(L);
  sv.forEach((name, i) => {
    const v = cnf.index.get(name)!;
    slit[2 * i] = 2 * v;
    slit[2 * i + 1] = 2 * v + 1;
  });
  const svar = sv.map((name) => cnf.index.get(name)!);
  const { pid, ia, ib } = feasiblePairs(base, meter, rnd, n, slit, svar);
  const F = ia.length;
  dbg(`feasible ${F} of the pairs of ${n} variables (${budget.calls} solver calls)`);
  const toSet = (a: Uint8Array) => new Set(sv.filter((_, i) => a[svar[i]!] === 1));
  const fullSet = (a: Uint8Array) => new Set(cnf.names.filter((_, v) => a[v] === 1));
  if (F === 0) {
    opts.onProgress?.(0, 0);
    return { samples: [toSet(base.model)], solutions: [fullSet(base.model)], feasiblePairs: 0, coveredPairs: 0 };
  }
  meter.words += L * L;
  const s: Sampler = {
    budget,
    meter,
    opts,
    effort: opts.effort ?? 1,
    rnd,
    dbg,
    cnf,
    N,
    base,
    sv,
    svar,
    n,
    L,
    slit,
    pid,
    apartBits: apartMatrix(L, pid),
    ia,
    ib,
    F,
    bitOf: new Int32Array(N).fill(-1),
    W: 0,
    imp: new Uint32Array(0),
    count: new Int32Array(F),
    cfgLits: new Int32Array(n),
    litDegree: new Int32Array(L),
    rank: new Float64Array(F),
  };
  closures(s);
  s.dbg(s.W ? `closures over ${s.W * 16} variables` : "closures: none kept (too many pairs; the reduction propagates each again)");

  // Reduction: covering the interactions no other one implies covers them all.
  const R = reduce(s, Array.from({ length: F }, (_, x) => x));
  s.dbg(`reduced to ${R.length}`);

  // The product clique first: a greedy run that meets its bound ends the search for a sample.
  const { clique: product, sets } = productClique(s);
  const greedyRun = greedySample(s, R, product.length);
  let best = greedyRun.best;
  s.dbg(`greedy ${best.length}${greedyRun.complete ? "" : ", stopped before every pair was covered"}`);
  // Stopped during the first greedy run: the samples so far, if any, covering what they cover.
  if (!greedyRun.complete && best.length === 0) throw new Timeout();
  let lowerBound: number | undefined;
  if (greedyRun.complete) {
    // Short of the product, stars of the same literal sets may bound it better.
    const star = best.length > product.length ? starClique(s, sets, product.length) : [];
    if (star.length) s.dbg(`star clique ${star.length}, the product's ${product.length}`);
    const clique = lowerBoundClique(s, R, best.length, star.length ? star : product);
    lowerBound = clique.length;
    s.dbg(`clique ${lowerBound}`);
    if (s.effort > 0 && best.length > lowerBound) ({ best, lowerBound } = improve(s, R, clique, best, lowerBound));
  }

  const callsBefore = budget.calls;
  // Settled after a stop by the work too (deterministic, in proportion to the samples: 5 s for
  // 6,467 samples at 1,000 synthetic plugins); only the clock, the safety net, cuts it short:
  // the samples left keep the values their solutions hold (valid, not the tie-break's), and the
  // stop is the clock's.
  best = best.map((c) => (pastClock(budget) ? c : settleChoices(s, c)));
  s.dbg(`choices settled (${budget.calls - callsBefore} solver calls)`);
  // The result, checked: every sample a solution, every feasible pair covered (unless stopped).
  for (const c of best) if (!satisfies(cnf.clauses, c)) throw new Error("pairwiseSample: a sample violates the model");
  const covered = coveredPairs(s, best);
  if (greedyRun.complete && covered !== F) throw new Error(`pairwiseSample: ${F - covered} feasible pairs left uncovered`);
  opts.onProgress?.(covered, F);
  s.dbg(`done: ${best.length} samples${lowerBound === undefined ? "" : `, lower bound ${lowerBound}`}`);
  return { samples: best.map(toSet), solutions: best.map(fullSet), feasiblePairs: F, coveredPairs: covered, ...(lowerBound === undefined ? {} : { lowerBound: Math.max(lowerBound, 1) }) };
}

/**
 * The model's choices settled in a sample by their tie-break (`Model.choices`): owners in name
 * order, each that holds takes its first option that still leaves a solution with the sample's
 * literals and the options taken before. The sample's own solution answers where it already holds
 * that option; the solver, otherwise. The sample's literals stay as they are. An owner should be
 * among the sampled variables (else it may come true here, unsettled).
 */
function settleChoices(s: Sampler, c: Config): Config {
  const { base, budget, cnf, n, slit, svar } = s;
  if (cnf.choices.length === 0) return c;
  const taken: number[] = [];
  for (let i = 0; i < n; i++) taken.push(slit[2 * i + (c[svar[i]!] ? 0 : 1)]!);
  let cur = c;
  for (const { owner, options } of cnf.choices) {
    if (!holds(cur, owner)) continue;
    for (const f of options) {
      if (!holds(cur, f)) {
        // No budget check: the sample is complete, and a limit reached during the improvement
        // must not lose it. This work is bounded by the options of the choices.
        budget.calls++;
        // The sample's literals and the options taken stay assumed between calls (`keep`).
        if (base.solve([...taken, f], Infinity, undefined, true) !== "sat") continue;
        cur = base.model.slice();
      }
      taken.push(f);
      break;
    }
  }
  base.cancelUntil(0);
  return cur;
}
