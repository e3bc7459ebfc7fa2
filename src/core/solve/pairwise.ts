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
 *     once one meets it.
 *  5. Improvement: "can m - 1 samples cover every pair?" as one CNF (m - 1 copies of the model,
 *     a variable per pair and copy, the clique fixed to distinct copies to break symmetry), with
 *     pairs added lazily as the solutions found miss them. SAT gives a smaller sample; UNSAT
 *     proves the current size minimal (the lower bound becomes the size). While the bound is
 *     near, the same question is first asked at the bound's size (`AIM_SHARE`). When the solver
 *     gives up, large-neighbourhood search: drop k samples and ask for k - 1 covering the pairs
 *     only those k covered. All are bounded by conflict limits.
 *
 *  6. Choices: each sample's `Model.choices` are settled by their tie-break (first option that
 *     leaves a solution, owners in name order), with the sample's literals fixed.
 *
 * The search runs on a small CDCL solver (cdcl.ts) because it needs conflict limits, cheap
 * propagation probes and many short-lived problems; logic-solver (engine.ts) remains the solver
 * of record elsewhere. Every sample is checked against every clause of the model, and the
 * coverage recounted, before it is returned.
 *
 * Deterministic: a seeded PRNG, and work bounded by counts (`effort`), not by time. The budget's
 * work limit (the improvement's solver ticks count as work, see common/budget.ts) or, as a safety
 * net, its deadline stops the improvement with the best sample so far; before a first complete
 * sample exists the deadline throws Timeout.
 */
import { prng } from "../common/random.js";
import { checkBudget, pastDeadline, spend, Timeout, workLeft, type Budget } from "../common/budget.js";
import { Cdcl, type Status } from "./cdcl.js";
import type { Model } from "./types.js";

export interface SampleOptions {
  /** Only pairwise (2) is supported. */
  strength?: 2;
  /** Called as the greedy construction covers pairs: (covered, feasible). */
  onProgress?: (done: number, total: number) => void;
  /** Scales the improvement work (default 1; 0 keeps the greedy sample). */
  effort?: number;
  /** Seed of the PRNG (default 1). */
  seed?: number;
  /** Receives a line for each step of the search (for benchmarks and debugging). */
  log?: (line: string) => void;
}

export interface PairwiseSample {
  /** The true variables among `vars` of each sample; each sample is a full valid solution. */
  samples: Set<string>[];
  /**
   * The true variables of each sample's full solution (every variable of the model), the model's
   * choices settled by their tie-break (see `settleChoices`).
   */
  solutions: Set<string>[];
  feasiblePairs: number;
  coveredPairs: number;
  /** A proven lower bound on the size of any covering sample. */
  lowerBound?: number;
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
  return xs;
}

// ---------------------------------------------------------------------------------------------
// The model as integer CNF, every request enforced.

interface Cnf {
  names: string[];
  index: Map<string, number>;
  clauses: number[][];
  /** The model's choices as literals, owners in name order (the order `settleChoices` keeps). */
  choices: { owner: number; options: number[] }[];
}

function toCnf(model: Model, extra: readonly string[]): Cnf {
  const index = new Map<string, number>();
  const names: string[] = [];
  const v = (name: string) => {
    let i = index.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      index.set(name, i);
    }
    return i;
  };
  const lit = (l: string) => (l.charCodeAt(0) === 45 ? 2 * v(l.slice(1)) + 1 : 2 * v(l));
  const clauses: number[][] = [];
  for (const x of model.vars) v(x);
  for (const x of extra) v(x);
  for (const c of model.constraints) for (const cl of c.clauses) clauses.push(cl.map(lit));
  for (const r of model.requests) {
    for (const cl of r.clauses) clauses.push(cl.map(lit));
    clauses.push([lit(r.selector)]);
  }
  const byOwner = [...(model.choices ?? [])].sort((x, y) => (x.owner < y.owner ? -1 : x.owner > y.owner ? 1 : 0));
  const choices = byOwner.map((c) => ({ owner: lit(c.owner), options: c.options.map(lit) }));
  return { names, index, clauses, choices };
}

/** True when the literal `l` holds in the assignment `a` (1 true, 0 false per variable). */
const holds = (a: Uint8Array, l: number): boolean => a[l >> 1] === (l & 1 ? 0 : 1);

function satisfies(clauses: number[][], a: Uint8Array): boolean {
  for (const c of clauses) {
    let sat = false;
    for (const l of c)
      if (holds(a, l)) {
        sat = true;
        break;
      }
    if (!sat) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The sampler: one state object (`Sampler`) that the phases below read and update, in order.

/** The improvement work per unit of `effort`, in solver ticks (a few seconds of search). */
export const TICKS_PER_EFFORT = 20_000_000;

/**
 * The improvement stops once this share of its work has passed without a smaller sample. On the
 * built-in catalog with no request, or with RAG, no neighbourhood ever found one, and the whole
 * budget went for nothing (`sample`: 2.7 s, then 1.3 s, the same 70 stacks; since the product
 * bound, `productClique`, proves those 70 the fewest, no improvement runs there). Measured with the
 * share at 1 (no such stop): every smaller sample came within 0.014 of the budget's work after
 * the one before on the 18 sammy models (bench/sammy.mjs), and within 0.19 on the built-in
 * catalog with `--require seldon-plugin`, the longest wait seen; every sample is the same size
 * with the stop as without it (sammy: 18 of 18 at the proven minimum either way).
 */
export const STALL_SHARE = 0.25;

/**
 * The feasibility phase asks for a pair's solution with up to this many more unseen pairs that
 * propagation allows beside it (`feasiblePairs`). 400 synthetic plugins: 9,151 solver calls and
 * 5.1 s -> 1,852 calls and 2.2 s; 200: 1,628 calls -> 441, 0.48 s -> 0.35 s; the built-in catalog,
 * 233 calls -> 83 in about the same time. At 64 or more the probes cost what the calls save.
 */
const FEASIBILITY_PACK = 16;

/**
 * At most this many literals start a set for the product bound (`productClique`): every literal
 * on the built-in catalog (204) and on the sammy models (at most 256); a sample of them beyond.
 */
const PRODUCT_STARTS = 256;

/**
 * The improvement first asks for a sample of the lower bound's size when the bound is within this
 * share of the current size. On the built-in catalog, `--require seldon-plugin`: greedy 80, bound
 * 70, and 70 found at once instead of ten whole problems one sample smaller each (4.3 s -> 0.9 s);
 * `--require pgvector-plugin`: 35 = the bound, where stepping down stopped at 36. At 0.35 the
 * sammy models took 20 % longer (bench/sammy.mjs); at 0.15, 10 % less. Far from the bound (161
 * against 85 with strict integrations) such a question seldom gets an answer in its budget.
 */
const AIM_SHARE = 0.15;

/** The largest whole problem tried (variables of its copies of the model). */
const WHOLE_MAX_VARS = 100_000;

const swapPairs = (b: number) => (((b & 0x55555555) << 1) | ((b >>> 1) & 0x55555555)) >>> 0;

/** A full assignment over the solver's variables (1 true, 0 false). */
type Config = Uint8Array;

/**
 * What the phases share. Sample literals: 2i for `vars[i]` true, 2i + 1 for false. Interactions:
 * the feasible pairs of sample literals of two distinct variables, numbered 0..F-1.
 */
interface Sampler {
  budget: Budget;
  opts: SampleOptions;
  effort: number;
  rnd: () => number;
  dbg: (m: string) => void;
  cnf: Cnf;
  /** Variables of the solver. */
  N: number;
  /** The model, once; probes and SAT calls of every phase but the improvement's copies. */
  base: Cdcl;
  /** The sampled variables (distinct), as names and as solver variables. */
  sv: string[];
  svar: number[];
  n: number;
  /** Sample literals: 2n. */
  L: number;
  /** A sample literal as a solver literal. */
  slit: Int32Array;
  /** Interaction number of the pair (a, b), a < b, at a * L + b; -1 when not feasible. */
  pid: Int32Array;
  /** The two literals of each interaction. */
  ia: number[];
  ib: number[];
  F: number;
  /** Unit-propagation closure of each interaction, a bitset over tracked variables' literals. */
  bitOf: Int32Array;
  W: number;
  imp: Uint32Array;
  /** How many samples of the current set cover each interaction. */
  count: Int32Array;
  /** Scratch: a sample's literals. */
  cfgLits: Int32Array;
  /** How many feasible pairs each sample literal is in. */
  litDegree: Int32Array;
  /** Scratch: sort keys of interactions. */
  rank: Float64Array;
}

/**
 * A list of full solutions of `model` (hard constraints and every request) that together cover
 * every feasible pair of literals over two distinct variables of `vars`.
 */
export function pairwiseSample(model: Model, vars: string[], budget: Budget, opts: SampleOptions = {}): PairwiseSample {
  if (opts.strength !== undefined && opts.strength !== 2) throw new Error("pairwiseSample: only strength 2 is supported");
  const rnd = prng(opts.seed ?? 1);
  const sv = [...new Set(vars)];
  const cnf = toCnf(model, sv);
  const N = cnf.names.length;
  const base = new Cdcl(N);
  for (const c of cnf.clauses) if (!base.addClause(c)) break;
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
  const { pid, ia, ib } = feasiblePairs(base, budget, rnd, n, slit, svar);
  const F = ia.length;
  const toSet = (a: Uint8Array) => new Set(sv.filter((_, i) => a[svar[i]!] === 1));
  const fullSet = (a: Uint8Array) => new Set(cnf.names.filter((_, v) => a[v] === 1));
  if (F === 0) {
    opts.onProgress?.(0, 0);
    return { samples: [toSet(base.model)], solutions: [fullSet(base.model)], feasiblePairs: 0, coveredPairs: 0 };
  }
  const log = opts.log ?? (() => {});
  const s: Sampler = {
    budget,
    opts,
    effort: opts.effort ?? 1,
    rnd,
    dbg: () => {},
    cnf,
    N,
    base,
    sv,
    svar,
    n,
    L,
    slit,
    pid,
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

  // Reduction: covering the interactions no other one implies covers them all.
  const R = reduce(s, Array.from({ length: F }, (_, x) => x));
  const T0 = Date.now();
  s.dbg = (m) => log(`[${Date.now() - T0}ms] ${m}`);
  s.dbg(`feasible ${F}, reduced ${R.length}`);

  // The product clique first: a greedy run that meets its bound ends the search for a sample.
  const product = productClique(s);
  let best = greedySample(s, R, product.length);
  s.count.fill(0);
  for (const c of best) applyConfig(s, c, 1);
  s.dbg(`greedy ${best.length}`);

  const clique = lowerBoundClique(s, R, best.length, product);
  let lowerBound = clique.length;
  s.dbg(`clique ${lowerBound}`);

  if (s.effort > 0 && best.length > lowerBound) ({ best, lowerBound } = improve(s, R, clique, best, lowerBound));

  best = best.map((c) => settleChoices(s, c));
  // The result, checked: every sample a solution, every feasible pair covered.
  s.count.fill(0);
  let coveredPairs = 0;
  for (const c of best) {
    if (!satisfies(cnf.clauses, c)) throw new Error("pairwiseSample: a sample violates the model");
    coveredPairs += applyConfig(s, c, 1);
  }
  if (coveredPairs !== F) throw new Error(`pairwiseSample: ${F - coveredPairs} feasible pairs left uncovered`);
  opts.onProgress?.(coveredPairs, F);
  s.dbg(`done: ${best.length} samples, lower bound ${lowerBound}`);
  return { samples: best.map(toSet), solutions: best.map(fullSet), feasiblePairs: F, coveredPairs, lowerBound: Math.max(lowerBound, 1) };
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
        if (base.solve([...taken, f]) !== "sat") continue;
        cur = base.model.slice();
      }
      taken.push(f);
      break;
    }
  }
  return cur;
}

/**
 * 1. Feasibility: every pair of sample literals is settled by a solution already found, by unit
 * propagation (a conflict proves it infeasible) or by a SAT call. Returns the feasible pairs,
 * numbered.
 */
function feasiblePairs(base: Cdcl, budget: Budget, rnd: () => number, n: number, slit: Int32Array, svar: number[]): { pid: Int32Array; ia: number[]; ib: number[] } {
  const L = 2 * n;
  const pairIndex = (a: number, b: number) => a * L + b; // a < b
  const state = new Uint8Array(L * L); // 0 unknown, 1 feasible, 2 infeasible
  const litOk = new Uint8Array(L);
  const litsBuf = new Int32Array(n);
  const markSolution = (a: Uint8Array) => {
    for (let i = 0; i < n; i++) litsBuf[i] = 2 * i + (a[svar[i]!] ? 0 : 1);
    for (let i = 0; i < n; i++) {
      const x = litsBuf[i]!;
      litOk[x] = 1;
      const row = x * L;
      for (let j = i + 1; j < n; j++) state[row + litsBuf[j]!] = 1;
    }
  };
  const randomPhases = (s: Cdcl) => {
    for (let v = 0; v < s.n; v++) s.polarity[v] = rnd() < 0.5 ? 1 : 0;
  };
  markSolution(base.model);
  for (let s = 0; s < L; s++) {
    if (litOk[s]) continue;
    checkBudget(budget);
    budget.calls++;
    randomPhases(base);
    if (base.solve([slit[s]!]) === "sat") markSolution(base.model);
  }
  for (let a = 0; a < L; a++) {
    if (!litOk[a]) continue;
    for (let b = (a | 1) + 1; b < L; b++) {
      const k = pairIndex(a, b);
      if (state[k]) continue;
      if (!litOk[b]) {
        state[k] = 2;
        continue;
      }
      if (!base.probe([slit[a]!, slit[b]!])) {
        state[k] = 2;
        continue;
      }
      // The pair holds under propagation (its level is still open): up to FEASIBILITY_PACK more
      // pairs not yet seen in a solution, the next ones of this row and then of the rows after
      // it, ride along when propagation allows them, so that one solution settles many.
      const assumed = [slit[a]!, slit[b]!];
      let tried = 0;
      for (let c = a, d = b + 1; tried < FEASIBILITY_PACK; d++) {
        if (d >= L) {
          if (++c >= L) break;
          d = (c | 1) + 1;
          if (d >= L) continue;
        }
        if (!litOk[c] || !litOk[d] || state[pairIndex(c, d)]) continue;
        const lc = slit[c]!;
        const ld = slit[d]!;
        const vc = base.value(lc);
        const vd = base.value(ld);
        if (vc === -1 || vd === -1 || (vc === 1 && vd === 1)) continue;
        tried++;
        if (base.probe([lc, ld])) assumed.push(lc, ld);
      }
      base.cancelUntil(0);
      checkBudget(budget);
      budget.calls++;
      randomPhases(base);
      let r = base.solve(assumed);
      if (r !== "sat" && assumed.length > 2) {
        // Together they fail where each passed propagation: the pair alone decides.
        checkBudget(budget);
        budget.calls++;
        r = base.solve([slit[a]!, slit[b]!]);
      }
      if (r === "sat") markSolution(base.model);
      else state[k] = 2;
    }
  }
  const pid = new Int32Array(L * L).fill(-1);
  const ia: number[] = [];
  const ib: number[] = [];
  for (let a = 0; a < L; a++)
    for (let b = (a | 1) + 1; b < L; b++)
      if (state[pairIndex(a, b)] === 1) {
        pid[pairIndex(a, b)] = ia.length;
        ia.push(a);
        ib.push(b);
      }
  return { pid, ia, ib };
}

/**
 * The unit-propagation closure of each interaction, as a bitset over the literals of the tracked
 * variables: all of them, or only those of `vars` when that would take too much memory.
 */
function closures(s: Sampler): void {
  const { N, F, base, bitOf, slit, ia, ib } = s;
  let tracked = 0;
  if (F * Math.ceil((2 * N) / 32) <= 16_000_000) for (let v = 0; v < N; v++) bitOf[v] = tracked++;
  else for (const v of s.svar) bitOf[v] = tracked++;
  const W = (s.W = Math.ceil((2 * tracked) / 32));
  const imp = (s.imp = new Uint32Array(F * W));
  for (let x = 0; x < F; x++) {
    if ((x & 1023) === 0) checkBudget(s.budget);
    if (!base.probe([slit[ia[x]!]!, slit[ib[x]!]!])) throw new Error("pairwiseSample: a feasible pair failed propagation");
    const off = x * W;
    for (let t = 0; t < base.trailLen; t++) {
      const l = base.trail[t]!;
      const b = bitOf[l >> 1]!;
      if (b >= 0) imp[off + (b >> 4)]! |= 1 << (2 * (b & 15) + (l & 1));
    }
    base.cancelUntil(0);
  }
}

/** True when no solution holds both sample literals: a SAT call or propagation proved it. */
function apart(s: Sampler, a: number, b: number): boolean {
  if (a === b) return false;
  return (a ^ 1) === b || s.pid[a < b ? a * s.L + b : b * s.L + a]! < 0;
}

/** True when no solution holds both interactions (their closures contradict). */
function incompatible(s: Sampler, x: number, y: number): boolean {
  const { imp, W } = s;
  const ox = x * W;
  const oy = y * W;
  for (let w = 0; w < W; w++) if (imp[ox + w]! & swapPairs(imp[oy + w]!)) return true;
  return false;
}

function inClosure(s: Sampler, x: number, solverLit: number): number {
  const b = s.bitOf[solverLit >> 1]!;
  return (s.imp[x * s.W + (b >> 4)]! >>> (2 * (b & 15) + (solverLit & 1))) & 1;
}

/**
 * 2. Reduction: drops the interactions of `M` that another one of `M` implies (the other's
 * closure holds both literals): any sample covering the other covers them too. Implication is
 * transitive, so every dropped interaction is implied by one that is kept.
 */
function reduce(s: Sampler, M: readonly number[]): number[] {
  const { F, L, slit, pid } = s;
  const inM = new Uint8Array(F);
  for (const x of M) inM[x] = 1;
  const dominated = new Uint8Array(F);
  const lits: number[] = [];
  for (const x of M) {
    if (dominated[x]) continue;
    lits.length = 0;
    for (let l = 0; l < L; l++) if (inClosure(s, x, slit[l]!)) lits.push(l);
    for (let p = 0; p < lits.length; p++) {
      const row = lits[p]! * L;
      for (let q = p + 1; q < lits.length; q++) {
        const y = pid[row + lits[q]!]!;
        if (y >= 0 && y !== x && inM[y]) dominated[y] = 1;
      }
    }
  }
  return M.filter((x) => !dominated[x]);
}

// --- coverage bookkeeping

function toLits(s: Sampler, a: Uint8Array, out: Int32Array): void {
  for (let i = 0; i < s.n; i++) out[i] = 2 * i + (a[s.svar[i]!] ? 0 : 1);
}

/** Adds (delta 1) or removes (-1) a sample's pairs; returns how many pairs went 0 -> 1. */
function applyConfig(s: Sampler, c: Config, delta: number): number {
  const { n, L, pid, count, cfgLits } = s;
  toLits(s, c, cfgLits);
  let fresh = 0;
  for (let i = 0; i < n; i++) {
    const row = cfgLits[i]! * L;
    for (let j = i + 1; j < n; j++) {
      const x = pid[row + cfgLits[j]!]!;
      if (x >= 0 && (count[x]! += delta) === 1 && delta === 1) fresh++;
    }
  }
  return fresh;
}

function covers(s: Sampler, c: Uint8Array, x: number): boolean {
  const { slit, ia, ib } = s;
  return holds(c, slit[ia[x]!]!) && holds(c, slit[ib[x]!]!);
}

/**
 * Drops samples whose every pair another sample covers too (last ones first). `counted`: `count`
 * already holds exactly the pairs of `cfgs`.
 */
function prune(s: Sampler, cfgs: Config[], counted = false): Config[] {
  const { n, L, pid, count, cfgLits } = s;
  if (!counted) {
    count.fill(0);
    for (const c of cfgs) applyConfig(s, c, 1);
  }
  const out = cfgs.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    const c = out[i]!;
    toLits(s, c, cfgLits);
    let needed = false;
    for (let a = 0; a < n && !needed; a++) {
      const row = cfgLits[a]! * L;
      for (let b = a + 1; b < n; b++) {
        const x = pid[row + cfgLits[b]!]!;
        if (x >= 0 && count[x] === 1) {
          needed = true;
          break;
        }
      }
    }
    if (!needed) {
      applyConfig(s, c, -1);
      out.splice(i, 1);
    }
  }
  return out;
}

/**
 * 3. Greedy construction over the reduced interactions `R`, a few times in different orders
 * (pairs whose literals have the fewest feasible partners first, ties at random); the smallest,
 * or the first of no more than `bound` samples (a lower bound: none can be smaller).
 */
function greedySample(s: Sampler, R: readonly number[], bound: number): Config[] {
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
function greedy(s: Sampler, order: readonly number[], report: boolean): Config[] {
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

/**
 * Greedy clique growth in a graph given by `edge`: each step adds the candidate with an edge to
 * the most other candidates (estimated on a slice of them), then keeps the candidates it has an
 * edge to. `cands` must have an edge to every member of `clique`; both are extended in place.
 */
function growClique(rnd: () => number, clique: number[], cands: number[], edge: (x: number, y: number) => boolean): number[] {
  while (cands.length) {
    let pick = cands[0]!;
    if (cands.length > 1) {
      const probe = cands.length <= 48 ? cands : Array.from({ length: 48 }, () => cands[Math.floor(rnd() * cands.length)]!);
      const against = cands.length <= 256 ? cands : Array.from({ length: 256 }, () => cands[Math.floor(rnd() * cands.length)]!);
      let bestScore = -1;
      for (const x of probe) {
        let score = 0;
        for (const y of against) if (y !== x && edge(x, y)) score++;
        if (score > bestScore || (score === bestScore && x < pick)) {
          bestScore = score;
          pick = x;
        }
      }
    }
    clique.push(pick);
    cands = cands.filter((y) => y !== pick && edge(pick, y));
  }
  return clique;
}

/** A clique of pairwise incompatible interactions grown from `start` (itself such a clique) with members of `pool`. */
function cliqueFrom(s: Sampler, start: readonly number[], pool: readonly number[]): number[] {
  const inStart = new Set(start);
  const cands = pool.filter((y) => !inStart.has(y) && start.every((x) => incompatible(s, x, y)));
  return growClique(s.rnd, start.slice(), cands, (x, y) => incompatible(s, x, y));
}

/**
 * A clique of interactions built from two sets of sample literals, A and B, each pairwise apart
 * (say the 7 workflow orchestrators and the 10 vector databases when a stack holds one of
 * each): every feasible pair {a, b} with a in A and b in B. Two distinct ones differ in A's
 * literal or in B's, and those two literals are apart, so no solution holds both: the clique
 * has |A|·|B| members where all are feasible, which a search over interactions one at a time
 * seldom finds. The literal sets are grown greedily from each literal; the best product wins.
 */
function productClique(s: Sampler): number[] {
  const { F, L, ia, ib, pid, rnd } = s;
  const used = new Uint8Array(L);
  for (let x = 0; x < F; x++) used[ia[x]!] = used[ib[x]!] = 1;
  const lits: number[] = [];
  for (let l = 0; l < L; l++) if (used[l]) lits.push(l);
  const apartOf = (a: number, b: number) => apart(s, a, b);
  const seen = new Set<string>();
  const sets: number[][] = [];
  const starts = lits.length <= PRODUCT_STARTS ? lits : shuffle(lits.slice(), rnd).slice(0, PRODUCT_STARTS);
  for (const l0 of starts) {
    checkBudget(s.budget);
    const A = growClique(rnd, [l0], lits.filter((l) => apartOf(l0, l)), apartOf).sort((a, b) => a - b);
    const key = A.join(",");
    if (A.length > 1 && !seen.has(key)) {
      seen.add(key);
      sets.push(A);
    }
  }
  // A member {a, b} has a in A but not in B and b in B but not in A (two literals of one set are
  // apart, so never a feasible pair): at most |A \ B| · |B \ A| of them, and each found once.
  sets.sort((A, B) => B.length - A.length);
  let best: number[] = [];
  const inA = new Uint8Array(L);
  for (let i = 0; i < sets.length; i++) {
    checkBudget(s.budget);
    const A = sets[i]!;
    if (A.length * A.length <= best.length) break;
    for (const a of A) inA[a] = 1;
    for (let j = i + 1; j < sets.length; j++) {
      const B = sets[j]!;
      if (A.length * B.length <= best.length) break;
      const onlyB = B.filter((b) => !inA[b]);
      const onlyA = A.filter((a) => !B.includes(a));
      if (onlyA.length * onlyB.length <= best.length) continue;
      const members: number[] = [];
      for (const a of onlyA)
        for (const b of onlyB) {
          const x = a < b ? pid[a * L + b]! : pid[b * L + a]!;
          if (x >= 0) members.push(x);
        }
      if (members.length > best.length) best = members;
    }
    for (const a of A) inA[a] = 0;
  }
  return best;
}

/**
 * 4. Lower bound: a clique of interactions no two of which one solution can hold (their closures
 * contradict each other); a sample needs a solution per member. Starts from the interactions the
 * current samples (in `count`) cover least: they pin samples down.
 */
function lowerBoundClique(s: Sampler, R: readonly number[], bestSize: number, product: readonly number[]): number[] {
  const { count, rank, rnd } = s;
  for (const x of R) rank[x] = count[x]! + rnd();
  const order = R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
  const starts = s.effort > 0 ? Math.max(1, Math.min(order.length, Math.round(Math.max(4, (40 * s.effort * 1000) / R.length)))) : 1;
  let clique = product.length ? cliqueFrom(s, product, R) : [];
  s.dbg(`product clique ${product.length}, grown to ${clique.length}`);
  for (let r = 0; r < starts && clique.length < bestSize && !pastDeadline(s.budget); r++) {
    const c = cliqueFrom(s, [order[r]!], R);
    if (c.length > clique.length) clique = c;
  }
  return clique;
}

/** The model simplified by its level-0 facts, for the improvement's copies of it. */
interface Simplified {
  /** Per solver variable: its level-0 value (1, -1) or 0 when free. */
  fixed: Int8Array;
  /** Per solver variable: its number among the free ones, or -1. */
  freeIdx: Int32Array;
  /** Free variables. */
  V: number;
  /** The clauses over free variables only (satisfied ones dropped). */
  simp: number[][];
  simpLits: number;
  /** Each interaction's literals that are free, as literals of the simplified model (cached). */
  freeOf: (x: number) => number[];
}

function simplify(s: Sampler): Simplified {
  const { base, N, cnf, slit, ia, ib } = s;
  base.cancelUntil(0);
  const fixed = new Int8Array(N);
  for (let v = 0; v < N; v++) fixed[v] = base.assigns[v]!;
  const freeIdx = new Int32Array(N).fill(-1);
  let V = 0;
  for (let v = 0; v < N; v++) if (!fixed[v]) freeIdx[v] = V++;
  const simp: number[][] = [];
  for (const c of cnf.clauses) {
    let sat = false;
    const out: number[] = [];
    for (const l of c) {
      const a = fixed[l >> 1]!;
      if (a === 0) out.push(2 * freeIdx[l >> 1]! + (l & 1));
      else if ((l & 1 ? -a : a) === 1) sat = true;
    }
    if (!sat && out.length) simp.push(out);
  }
  const free = (x: number) => [slit[ia[x]!]!, slit[ib[x]!]!].filter((sl) => fixed[sl >> 1] === 0).map((sl) => 2 * freeIdx[sl >> 1]! + (sl & 1));
  const freeLits = new Map<number, number[]>();
  const freeOf = (x: number) => {
    let f = freeLits.get(x);
    if (!f) freeLits.set(x, (f = free(x)));
    return f;
  };
  return { fixed, freeIdx, V, simp, simpLits: simp.reduce((t, c) => t + c.length, 0), freeOf };
}

interface Repair {
  status: Status;
  configs: Uint8Array[] | null;
  conflicts: number;
  ticks: number;
}

/**
 * 5. Improvement: "can m - 1 samples cover every pair?" as one CNF (see `cover`), while its copies
 * of the model are small: SAT gives a smaller sample; UNSAT proves the current size minimal (the
 * lower bound becomes the size). When the solver gives up, large-neighbourhood search: drop k
 * samples and ask for k - 1 covering the pairs only those k covered, else move sideways. Bounded
 * by solver ticks (`effort`) and the deadline.
 */
function improve(s: Sampler, R: readonly number[], clique: readonly number[], start: Config[], lowerBound: number): { best: Config[]; lowerBound: number } {
  const { n, L, pid, count, cfgLits, ia, ib, litDegree, rank, rnd, budget, effort, F } = s;
  let cur = start.slice();
  const m0 = simplify(s);
  // Work, in solver ticks (see Cdcl.ticks), plus a fixed charge per neighbourhood.
  const workCap = TICKS_PER_EFFORT * effort;
  const st = { work: 0 };
  let stall = 0;
  let k = 3;
  let conflictLimit = 1000;
  let wholeAt = 0;
  let wholeGaveUp = false;
  let wholeLimit = Math.max(500, Math.round(2_000 * effort));
  const uniq = new Int32Array(cur.length + 1);
  // The samples `uniq` was counted for.
  let uniqOf: Config[] | null = null;
  const who = new Int32Array(F);
  // The pool of the whole problem, the interactions hardest to place (fewest partners) first.
  for (const x of R) rank[x] = Math.min(litDegree[ia[x]!]!, litDegree[ib[x]!]!);
  const hardFirst = R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
  const adopt = (configs: Config[]) => {
    cur = prune(s, configs);
    stall = 0;
    if (!wholeGaveUp) wholeAt = 0;
  };
  // The work done when the sample last got smaller: the improvement ends once a share of its work
  // (STALL_SHARE) has passed since without a smaller sample.
  let smallest = cur.length;
  let gainAt = 0;
  let aim = true;
  while (cur.length > lowerBound && st.work < workCap && st.work - gainAt < STALL_SHARE * workCap) {
    if (pastDeadline(budget)) break;
    const m = cur.length;
    if (m < smallest) {
      smallest = m;
      gainAt = st.work;
    }
    // First aim at the bound, while it is near (AIM_SHARE): a sample of that size is a smallest
    // one; a proof that none exists raises the bound by one, and the aim stays; once the solver
    // gives up on it, no more aiming.
    if (aim && m - 1 > lowerBound && m - 1 - lowerBound <= AIM_SHARE * m && lowerBound * m0.V <= WHOLE_MAX_VARS) {
      const r = cover(s, m0, hardFirst, clique, lowerBound, wholeLimit, (workCap - st.work) / 4);
      st.work += r.ticks;
      spend(budget, r.ticks);
      s.dbg(`whole problem with ${lowerBound}, the bound: ${r.status} (${r.conflicts} conflicts, ${r.ticks} ticks)`);
      if (r.status === "unsat") {
        lowerBound++;
        continue;
      }
      if (r.configs) {
        adopt(r.configs);
        continue;
      }
      aim = false;
    }
    // Only while its m - 1 copies of the model are small; after the solver gave up on it,
    // again only when the neighbourhoods stall.
    if (stall >= wholeAt && (m - 1) * m0.V <= WHOLE_MAX_VARS) {
      // The whole problem with one sample fewer: a better sample, or a proof that none exists.
      const r = cover(s, m0, hardFirst, clique, m - 1, wholeLimit, (workCap - st.work) / 2);
      st.work += r.ticks;
      spend(budget, r.ticks);
      s.dbg(`whole problem with ${m - 1}: ${r.status} (${r.conflicts} conflicts, ${r.ticks} ticks)`);
      if (r.status === "unsat") {
        lowerBound = m;
        break;
      }
      if (r.configs) {
        adopt(r.configs);
        continue;
      }
      wholeLimit *= 2;
      wholeAt = stall + 8 + m;
      wholeGaveUp = true;
    }
    k = Math.max(2, Math.min(k, m));
    // Destroy k samples, weighted towards those that cover few pairs on their own: counted again
    // only when the samples changed (a failed neighbourhood puts the same ones back).
    if (uniqOf !== cur) {
      uniqOf = cur;
      uniq.fill(0);
      who.fill(-1);
      for (let ci = 0; ci < m; ci++) {
        toLits(s, cur[ci]!, cfgLits);
        for (let i = 0; i < n; i++) {
          const row = cfgLits[i]! * L;
          for (let j = i + 1; j < n; j++) {
            const x = pid[row + cfgLits[j]!]!;
            if (x >= 0 && count[x] === 1) who[x] = ci;
          }
        }
      }
      for (const x of R) if (who[x]! >= 0) uniq[who[x]!]!++;
      st.work += (m * n * n) >> 8;
      spend(budget, (m * n * n) >> 8);
    }
    const chosen: number[] = [];
    const taken = new Uint8Array(m);
    while (chosen.length < k) {
      let total = 0;
      for (let i = 0; i < m; i++) if (!taken[i]) total += 1 / (1 + uniq[i]!);
      let r = rnd() * total;
      let pick = -1;
      for (let i = 0; i < m; i++) {
        if (taken[i]) continue;
        pick = i;
        r -= 1 / (1 + uniq[i]!);
        if (r <= 0) break;
      }
      taken[pick] = 1;
      chosen.push(pick);
    }
    for (const i of chosen) applyConfig(s, cur[i]!, -1);
    const M = hardFirst.filter((x) => count[x] === 0);
    const kk = chosen.length;
    if (M.length === 0) {
      // The chosen samples cover nothing on their own: drop them.
      cur = cur.filter((_, i) => !taken[i]);
      stall = 0;
      if (!wholeGaveUp) wholeAt = 0;
      continue;
    }
    const sub = cliqueFrom(s, [M[Math.floor(rnd() * M.length)]!], M);
    const r = sub.length < kk ? cover(s, m0, M, sub, kk - 1, conflictLimit, workCap - st.work) : { status: "unsat" as Status, configs: null, conflicts: 0, ticks: 0 };
    st.work += r.ticks + 1000;
    spend(budget, r.ticks + 1000);
    const replace = (configs: Config[]) => {
      for (const c of configs) applyConfig(s, c, 1);
      cur = [...cur.filter((_, i) => !taken[i]), ...configs];
    };
    if (r.configs) {
      replace(r.configs);
      cur = prune(s, cur, true);
      stall = 0;
      if (!wholeGaveUp) wholeAt = 0;
      k = Math.min(kk + 1, cur.length);
      s.dbg(`neighbourhood of ${kk}: ${cur.length} samples`);
      continue;
    }
    stall++;
    if (r.status === "unknown") {
      conflictLimit = Math.min(Math.round(conflictLimit * 1.5), 5_000);
      k = Math.max(2, kk - 1);
    } else k = kk < m ? kk + 1 : 2 + Math.floor(rnd() * Math.max(1, m - 2));
    // Every other failure, move sideways: another kk samples covering the same pairs.
    const alt = stall % 2 === 0 ? cover(s, m0, M, sub, kk, conflictLimit, workCap - st.work) : null;
    if (alt) {
      st.work += alt.ticks;
      spend(budget, alt.ticks);
    }
    if (alt?.configs) replace(alt.configs);
    else for (const i of chosen) applyConfig(s, cur[i]!, 1);
  }
  return { best: cur, lowerBound };
}

/**
 * kk samples covering every interaction of `pool`, the members of `clq` (pairwise incompatible)
 * fixed to distinct samples: kk copies of the simplified model in one CNF, and for each
 * interaction x and copy j a variable y(j,x) -> both literals of x in copy j, with one y(., x)
 * true. Interactions are added lazily: solve, add those the samples miss, solve again.
 */
function cover(s: Sampler, m0: Simplified, pool: readonly number[], clq: readonly number[], kk: number, limit: number, tickLimit: number): Repair {
  const { budget, rnd, N, cnf } = s;
  const { fixed, freeIdx, V, simp, simpLits, freeOf } = m0;
  if (kk <= 0) return { status: pool.length ? "unsat" : "sat", configs: pool.length ? null : [], conflicts: 0, ticks: 0 };
  if (clq.length > kk) return { status: "unsat", configs: null, conflicts: 0, ticks: 0 };
  // Not even the copies of the model fit in what is left of the work.
  if (kk * simpLits > tickLimit) return { status: "unknown", configs: null, conflicts: 0, ticks: 0 };
  const sol = new Cdcl(kk * V);
  // Its ticks count as work (common/budget.ts) once it returns; a work limit stops it here too.
  const stop = () => pastDeadline(budget) || sol.ticks > tickLimit || sol.ticks >= workLeft(budget);
  const cv = (j: number, l: number) => 2 * (j * V + (l >> 1)) + (l & 1);
  for (let j = 0; j < kk; j++) for (const c of simp) sol.addClause(c.map((l) => cv(j, l)));
  for (let v = 0; v < kk * V; v++) {
    sol.polarity[v] = rnd() < 0.5 ? 1 : 0;
    sol.setActivity(v, rnd() * 1e-3);
  }
  const ys: number[] = [];
  const add = (x: number, forcedTo = -1) => {
    const lits = freeOf(x);
    if (lits.length === 0) return; // both literals hold in every solution
    if (forcedTo >= 0) {
      for (const l of lits) sol.addClause([cv(forcedTo, l)]);
      return;
    }
    if (lits.length === 1) {
      sol.addClause(Array.from({ length: kk }, (_, j) => cv(j, lits[0]!)));
      return;
    }
    const y = sol.addVars(kk);
    ys.length = 0;
    for (let j = 0; j < kk; j++) {
      const yl = 2 * (y + j);
      ys.push(yl);
      for (const l of lits) sol.addClause([yl ^ 1, cv(j, l)]);
    }
    sol.addClause(ys);
  };
  clq.forEach((x, i) => add(x, i));
  const inClq = new Set(clq);
  let todo = pool.filter((x) => !inClq.has(x));
  const batch = Math.max(64, 16 * kk);
  // Start with the first ones of the pool (the hardest to place, for the whole problem).
  for (const x of todo.slice(0, batch)) add(x);
  todo = todo.slice(batch);
  const configs: Config[] = Array.from({ length: kk }, () => new Uint8Array(N));
  for (;;) {
    if (stop()) return { status: "unknown", configs: null, conflicts: sol.conflicts, ticks: sol.ticks };
    budget.calls++;
    const status = sol.solve([], limit - sol.conflicts, stop);
    if (status !== "sat") return { status, configs: null, conflicts: sol.conflicts, ticks: sol.ticks };
    for (let j = 0; j < kk; j++) {
      const c = configs[j]!;
      for (let v = 0; v < N; v++) c[v] = fixed[v] ? (fixed[v] === 1 ? 1 : 0) : sol.model[j * V + freeIdx[v]!]!;
    }
    const missing = todo.filter((x) => !configs.some((c) => covers(s, c, x)));
    if (missing.length === 0) break;
    const next = missing.length <= batch ? missing : shuffle(missing, rnd).slice(0, batch);
    for (const x of next) add(x);
    const added = new Set(next);
    todo = todo.filter((x) => !added.has(x));
  }
  for (const c of configs) if (!satisfies(cnf.clauses, c)) throw new Error("pairwiseSample: a new sample violates the model");
  for (const x of pool) if (!configs.some((c) => covers(s, c, x))) throw new Error("pairwiseSample: a new sample set misses a pair");
  return { status: "sat", configs, conflicts: sol.conflicts, ticks: sol.ticks };
}
