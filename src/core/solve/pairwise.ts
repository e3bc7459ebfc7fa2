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
 *     contradict each other); a sample needs a solution per member.
 *  5. Improvement: "can m - 1 samples cover every pair?" as one CNF (m - 1 copies of the model,
 *     a variable per pair and copy, the clique fixed to distinct copies to break symmetry), with
 *     pairs added lazily as the solutions found miss them. SAT gives a smaller sample; UNSAT
 *     proves the current size minimal (the lower bound becomes the size). When the solver gives
 *     up, large-neighbourhood search: drop k samples and ask for k - 1 covering the pairs only
 *     those k covered. Both are bounded by conflict limits.
 *
 * The search runs on a small CDCL solver (cdcl.ts) because it needs conflict limits, cheap
 * propagation probes and many short-lived problems; logic-solver (engine.ts) remains the solver
 * of record elsewhere. Every sample is checked against every clause of the model, and the
 * coverage recounted, before it is returned.
 *
 * Deterministic: a seeded PRNG, and work bounded by counts (`effort`), not by time. The budget's
 * deadline stops the improvement with the best sample so far; before a first complete sample
 * exists it throws Timeout.
 */
import { prng } from "../common/random.js";
import { checkBudget, pastDeadline, Timeout, type Budget } from "./budget.js";
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
  /** The true variables of each sample's full solution (every variable of the model). */
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
  return { names, index, clauses };
}

function satisfies(clauses: number[][], a: Uint8Array): boolean {
  for (const c of clauses) {
    let sat = false;
    for (const l of c)
      if (a[l >> 1] === (l & 1 ? 0 : 1)) {
        sat = true;
        break;
      }
    if (!sat) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The sampler


/** The improvement work per unit of `effort`, in solver ticks (a few seconds of search). */
const TICKS_PER_EFFORT = 20_000_000;

/** The largest whole problem tried (variables of its copies of the model). */
const WHOLE_MAX_VARS = 100_000;

const swapPairs = (b: number) => (((b & 0x55555555) << 1) | ((b >>> 1) & 0x55555555)) >>> 0;

/**
 * A list of full solutions of `model` (hard constraints and every request) that together cover
 * every feasible pair of literals over two distinct variables of `vars`.
 *
 * @example
 * const { samples, feasiblePairs } = pairwiseSample(cnfModel(text), ["x1", "x2", "x3"], newBudget(60));
 */
export function pairwiseSample(model: Model, vars: string[], budget: Budget, opts: SampleOptions = {}): PairwiseSample {
  if (opts.strength !== undefined && opts.strength !== 2) throw new Error("pairwiseSample: only strength 2 is supported");
  const effort = opts.effort ?? 1;
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
  /** Sample literal s (2i: vars[i] true, 2i+1: false) as a solver literal. */
  const slit = new Int32Array(L);
  sv.forEach((name, i) => {
    const v = cnf.index.get(name)!;
    slit[2 * i] = 2 * v;
    slit[2 * i + 1] = 2 * v + 1;
  });
  const svar = sv.map((name) => cnf.index.get(name)!);

  // --- 1. feasibility
  const pairIndex = (a: number, b: number) => a * L + b; // a < b
  const state = new Uint8Array(L * L); // 0 unknown, 1 feasible, 2 infeasible
  const litOk = new Uint8Array(L);
  const toLits = (a: Uint8Array, out: Int32Array) => {
    for (let i = 0; i < n; i++) out[i] = 2 * i + (a[svar[i]!] ? 0 : 1);
  };
  const litsBuf = new Int32Array(n);
  const markSolution = (a: Uint8Array) => {
    toLits(a, litsBuf);
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
      base.cancelUntil(0);
      checkBudget(budget);
      budget.calls++;
      randomPhases(base);
      const r = base.solve([slit[a]!, slit[b]!]);
      if (r === "sat") markSolution(base.model);
      else state[k] = 2;
    }
  }
  // Interactions: the feasible pairs, numbered.
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
  const F = ia.length;
  const toSet = (a: Uint8Array) => new Set(sv.filter((_, i) => a[svar[i]!] === 1));
  const fullSet = (a: Uint8Array) => new Set(cnf.names.filter((_, v) => a[v] === 1));
  if (F === 0) {
    opts.onProgress?.(0, 0);
    return { samples: [toSet(base.model)], solutions: [fullSet(base.model)], feasiblePairs: 0, coveredPairs: 0 };
  }

  // Unit-propagation closure of each interaction, as a bitset over the literals of the tracked
  // variables: all of them, or only those of `vars` when that would take too much memory.
  const bitOf = new Int32Array(N).fill(-1);
  let tracked = 0;
  if (F * Math.ceil((2 * N) / 32) <= 16_000_000) for (let v = 0; v < N; v++) bitOf[v] = tracked++;
  else for (const v of svar) bitOf[v] = tracked++;
  const W = Math.ceil((2 * tracked) / 32);
  const imp = new Uint32Array(F * W);
  for (let x = 0; x < F; x++) {
    if ((x & 1023) === 0) checkBudget(budget);
    if (!base.probe([slit[ia[x]!]!, slit[ib[x]!]!])) throw new Error("pairwiseSample: a feasible pair failed propagation");
    const off = x * W;
    for (let t = 0; t < base.trailLen; t++) {
      const l = base.trail[t]!;
      const b = bitOf[l >> 1]!;
      if (b >= 0) imp[off + (b >> 4)]! |= 1 << (2 * (b & 15) + (l & 1));
    }
    base.cancelUntil(0);
  }
  /** True when no solution holds both interactions (their closures contradict). */
  const incompatible = (x: number, y: number) => {
    const ox = x * W;
    const oy = y * W;
    for (let w = 0; w < W; w++) if (imp[ox + w]! & swapPairs(imp[oy + w]!)) return true;
    return false;
  };
  const inClosure = (x: number, solverLit: number) => {
    const b = bitOf[solverLit >> 1]!;
    return (imp[x * W + (b >> 4)]! >>> (2 * (b & 15) + (solverLit & 1))) & 1;
  };

  /**
   * Drops the interactions of `M` that another one of `M` implies (the other's closure holds
   * both literals): any sample covering the other covers them too. Implication is transitive,
   * so every dropped interaction is implied by one that is kept.
   */
  const reduce = (M: readonly number[]): number[] => {
    const inM = new Uint8Array(F);
    for (const x of M) inM[x] = 1;
    const dominated = new Uint8Array(F);
    const lits: number[] = [];
    for (const x of M) {
      if (dominated[x]) continue;
      lits.length = 0;
      for (let s = 0; s < L; s++) if (inClosure(x, slit[s]!)) lits.push(s);
      for (let p = 0; p < lits.length; p++) {
        const row = lits[p]! * L;
        for (let q = p + 1; q < lits.length; q++) {
          const y = pid[row + lits[q]!]!;
          if (y >= 0 && y !== x && inM[y]) dominated[y] = 1;
        }
      }
    }
    return M.filter((x) => !dominated[x]);
  };
  const R = reduce(Array.from({ length: F }, (_, x) => x));
  const log = opts.log ?? (() => {});
  const T0 = Date.now();
  const dbg = (m: string) => log(`[${Date.now() - T0}ms] ${m}`);
  dbg(`feasible ${F}, reduced ${R.length}`);

  // --- coverage bookkeeping
  type Config = Uint8Array; // full assignment over solver variables
  const count = new Int32Array(F);
  const cfgLits = new Int32Array(n);
  /** Adds (delta 1) or removes (-1) a sample's pairs; returns how many pairs went 0 -> 1. */
  const applyConfig = (c: Config, delta: number): number => {
    toLits(c, cfgLits);
    let fresh = 0;
    for (let i = 0; i < n; i++) {
      const row = cfgLits[i]! * L;
      for (let j = i + 1; j < n; j++) {
        const x = pid[row + cfgLits[j]!]!;
        if (x >= 0 && (count[x]! += delta) === 1 && delta === 1) fresh++;
      }
    }
    return fresh;
  };

  const covers = (c: Uint8Array, x: number) => c[svar[ia[x]! >> 1]!] === (ia[x]! & 1 ? 0 : 1) && c[svar[ib[x]! >> 1]!] === (ib[x]! & 1 ? 0 : 1);

  // --- 2. greedy construction over the reduced interactions (covering them covers all)
  const greedy = (order: readonly number[], report: boolean): Config[] => {
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
        // Propagation was not enough: keep the accepted pairs one by one with a SAT check.
        const kept: number[] = [];
        for (let t = 0; t < accepted.length; t += 2) {
          budget.calls++;
          if (base.solve([...kept, accepted[t]!, accepted[t + 1]!]) === "sat") kept.push(accepted[t]!, accepted[t + 1]!);
        }
        budget.calls++;
        if (base.solve(kept) !== "sat") throw new Error("pairwiseSample: lost a solution");
      }
      const c = base.model.slice();
      covered += applyConfig(c, 1);
      out.push(c);
      if (report) opts.onProgress?.(covered, F);
    }
    return out;
  };
  // Order: pairs whose literals have the fewest feasible partners first, ties at random.
  const litDegree = new Int32Array(L);
  for (let x = 0; x < F; x++) {
    litDegree[ia[x]!]!++;
    litDegree[ib[x]!]!++;
  }
  const rank = new Float64Array(F);
  /** Drops samples whose every pair another sample covers too (last ones first). */
  function prune(cfgs: Config[]): Config[] {
    count.fill(0);
    for (const c of cfgs) applyConfig(c, 1);
    const out = cfgs.slice();
    for (let i = out.length - 1; i >= 0; i--) {
      const c = out[i]!;
      toLits(c, cfgLits);
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
        applyConfig(c, -1);
        out.splice(i, 1);
      }
    }
    return out;
  }
  const makeOrder = () => {
    for (const x of R) rank[x] = Math.min(litDegree[ia[x]!]!, litDegree[ib[x]!]!) + rnd();
    return R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
  };
  let best = prune(greedy(makeOrder(), true));
  const greedyRuns = effort > 0 ? Math.max(1, Math.min(4, Math.floor(100_000 / R.length))) : 1;
  for (let g = 1; g < greedyRuns && !pastDeadline(budget); g++) {
    try {
      const s = prune(greedy(makeOrder(), false));
      if (s.length < best.length) best = s;
    } catch (e) {
      if (!(e instanceof Timeout)) throw e;
    }
  }
  count.fill(0);
  for (const c of best) applyConfig(c, 1);
  dbg(`greedy ${best.length}`);

  // --- 3. lower bound: a clique of pairwise incompatible interactions (one sample each)
  /**
   * Greedy clique search from a start: each step adds the candidate incompatible with the most
   * other candidates (estimated on a slice of them), then keeps the candidates it is incompatible with.
   */
  const cliqueFrom = (x0: number, pool: readonly number[]): number[] => {
    const clique = [x0];
    let cands = pool.filter((y) => y !== x0 && incompatible(x0, y));
    while (cands.length) {
      let pick = cands[0]!;
      if (cands.length > 1) {
        const probe = cands.length <= 48 ? cands : Array.from({ length: 48 }, () => cands[Math.floor(rnd() * cands.length)]!);
        const against = cands.length <= 256 ? cands : Array.from({ length: 256 }, () => cands[Math.floor(rnd() * cands.length)]!);
        let bestScore = -1;
        for (const x of probe) {
          let score = 0;
          for (const y of against) if (y !== x && incompatible(x, y)) score++;
          if (score > bestScore || (score === bestScore && x < pick)) {
            bestScore = score;
            pick = x;
          }
        }
      }
      clique.push(pick);
      cands = cands.filter((y) => y !== pick && incompatible(pick, y));
    }
    return clique;
  };
  let clique: number[] = [];
  {
    // Starts: the interactions covered by the fewest samples of the greedy sample (they pin samples down).
    for (const x of R) rank[x] = count[x]! + rnd();
    const order = R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
    const starts = effort > 0 ? Math.max(1, Math.min(order.length, Math.round(Math.max(4, (40 * effort * 1000) / R.length)))) : 1;
    for (let r = 0; r < starts && clique.length < best.length && !pastDeadline(budget); r++) {
      const c = cliqueFrom(order[r]!, R);
      if (c.length > clique.length) clique = c;
    }
  }
  let lowerBound = clique.length;
  dbg(`clique ${lowerBound}`);

  // --- 4. improvement: the whole problem with one sample fewer, else large neighbourhoods
  if (effort > 0 && best.length > lowerBound) best = improve(best);

  function improve(start: Config[]): Config[] {
    let cur = start.slice();
    // The CNF simplified by the level-0 facts: each copy of the model holds only free variables.
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

    const simpLits = simp.reduce((t, c) => t + c.length, 0);
    // Work, in solver ticks (see Cdcl.ticks), plus a fixed charge per neighbourhood.
    const workCap = TICKS_PER_EFFORT * effort;
    let work = 0;
    let stall = 0;
    let k = 3;
    let conflictLimit = 1000;
    let wholeAt = 0;
    let wholeGaveUp = false;
    let wholeLimit = Math.max(500, Math.round(2_000 * effort));
    const uniq = new Int32Array(cur.length + 1);
    const who = new Int32Array(F);
    // The pool of the whole problem, the interactions hardest to place (fewest partners) first.
    for (const x of R) rank[x] = Math.min(litDegree[ia[x]!]!, litDegree[ib[x]!]!);
    const hardFirst = R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
    const adopt = (configs: Config[]) => {
      cur = prune(configs);
      stall = 0;
      if (!wholeGaveUp) wholeAt = 0;
    };
    while (cur.length > lowerBound && work < workCap) {
      if (pastDeadline(budget)) break;
      const m = cur.length;
      // Only while its m - 1 copies of the model are small; after the solver gave up on it,
      // again only when the neighbourhoods stall.
      if (stall >= wholeAt && (m - 1) * V <= WHOLE_MAX_VARS) {
        // The whole problem with one sample fewer: a better sample, or a proof that none exists.
        const r = cover(hardFirst, clique, m - 1, wholeLimit, (workCap - work) / 2);
        work += r.ticks;
        dbg(`whole problem with ${m - 1}: ${r.status} (${r.conflicts} conflicts, ${r.ticks} ticks)`);
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
      // Destroy k samples, weighted towards those that cover few pairs on their own.
      uniq.fill(0);
      who.fill(-1);
      for (let ci = 0; ci < m; ci++) {
        toLits(cur[ci]!, cfgLits);
        for (let i = 0; i < n; i++) {
          const row = cfgLits[i]! * L;
          for (let j = i + 1; j < n; j++) {
            const x = pid[row + cfgLits[j]!]!;
            if (x >= 0 && count[x] === 1) who[x] = ci;
          }
        }
      }
      for (const x of R) if (who[x]! >= 0) uniq[who[x]!]!++;
      work += (m * n * n) >> 8;
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
      for (const i of chosen) applyConfig(cur[i]!, -1);
      const M = hardFirst.filter((x) => count[x] === 0);
      const kk = chosen.length;
      if (M.length === 0) {
        // The chosen samples cover nothing on their own: drop them.
        cur = cur.filter((_, i) => !taken[i]);
        stall = 0;
        if (!wholeGaveUp) wholeAt = 0;
        continue;
      }
      const sub = cliqueFrom(M[Math.floor(rnd() * M.length)]!, M);
      const r = sub.length < kk ? cover(M, sub, kk - 1, conflictLimit, workCap - work) : { status: "unsat" as Status, configs: null, conflicts: 0, ticks: 0 };
      work += r.ticks + 1000;
      const replace = (configs: Config[]) => {
        for (const c of configs) applyConfig(c, 1);
        cur = [...cur.filter((_, i) => !taken[i]), ...configs];
      };
      if (r.configs) {
        replace(r.configs);
        cur = prune(cur);
        stall = 0;
        if (!wholeGaveUp) wholeAt = 0;
        k = Math.min(kk + 1, cur.length);
        dbg(`neighbourhood of ${kk}: ${cur.length} samples`);
        continue;
      }
      stall++;
      if (r.status === "unknown") {
        conflictLimit = Math.min(Math.round(conflictLimit * 1.5), 5_000);
        k = Math.max(2, kk - 1);
      } else k = kk < m ? kk + 1 : 2 + Math.floor(rnd() * Math.max(1, m - 2));
      // Every other failure, move sideways: another kk samples covering the same pairs.
      const alt = stall % 2 === 0 ? cover(M, sub, kk, conflictLimit, workCap - work) : null;
      if (alt) work += alt.ticks;
      if (alt?.configs) replace(alt.configs);
      else for (const i of chosen) applyConfig(cur[i]!, 1);
    }
    return cur;

    /**
     * kk samples covering every interaction of `pool`, the members of `clq` (pairwise
     * incompatible) fixed to distinct samples: kk copies of the model in one CNF, and for each
     * interaction x and copy j a variable y(j,x) -> both literals of x in copy j, with one y(., x)
     * true. Interactions are added lazily: solve, add those the samples miss, solve again.
     */
    function cover(pool: readonly number[], clq: readonly number[], kk: number, limit: number, tickLimit: number): Repair {
      if (kk <= 0) return { status: pool.length ? "unsat" : "sat", configs: pool.length ? null : [], conflicts: 0, ticks: 0 };
      if (clq.length > kk) return { status: "unsat", configs: null, conflicts: 0, ticks: 0 };
      // Not even the copies of the model fit in what is left of the work.
      if (kk * simpLits > tickLimit) return { status: "unknown", configs: null, conflicts: 0, ticks: 0 };
      const s = new Cdcl(kk * V);
      const stop = () => pastDeadline(budget) || s.ticks > tickLimit;
      const cv = (j: number, l: number) => 2 * (j * V + (l >> 1)) + (l & 1);
      for (let j = 0; j < kk; j++) for (const c of simp) s.addClause(c.map((l) => cv(j, l)));
      for (let v = 0; v < kk * V; v++) {
        s.polarity[v] = rnd() < 0.5 ? 1 : 0;
        s.setActivity(v, rnd() * 1e-3);
      }
      const ys: number[] = [];
      const add = (x: number, forcedTo = -1) => {
        const lits = freeOf(x);
        if (lits.length === 0) return; // both literals hold in every solution
        if (forcedTo >= 0) {
          for (const l of lits) s.addClause([cv(forcedTo, l)]);
          return;
        }
        if (lits.length === 1) {
          s.addClause(Array.from({ length: kk }, (_, j) => cv(j, lits[0]!)));
          return;
        }
        const y = s.addVars(kk);
        ys.length = 0;
        for (let j = 0; j < kk; j++) {
          const yl = 2 * (y + j);
          ys.push(yl);
          for (const l of lits) s.addClause([yl ^ 1, cv(j, l)]);
        }
        s.addClause(ys);
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
        if (stop()) return { status: "unknown", configs: null, conflicts: s.conflicts, ticks: s.ticks };
        budget.calls++;
        const st = s.solve([], limit - s.conflicts, stop);
        if (st !== "sat") return { status: st, configs: null, conflicts: s.conflicts, ticks: s.ticks };
        for (let j = 0; j < kk; j++) {
          const c = configs[j]!;
          for (let v = 0; v < N; v++) c[v] = fixed[v] ? (fixed[v] === 1 ? 1 : 0) : s.model[j * V + freeIdx[v]!]!;
        }
        const missing = todo.filter((x) => !configs.some((c) => covers(c, x)));
        if (missing.length === 0) break;
        const next = missing.length <= batch ? missing : shuffle(missing, rnd).slice(0, batch);
        for (const x of next) add(x);
        const added = new Set(next);
        todo = todo.filter((x) => !added.has(x));
      }
      for (const c of configs) if (!satisfies(cnf.clauses, c)) throw new Error("pairwiseSample: a new sample violates the model");
      for (const x of pool) if (!configs.some((c) => covers(c, x))) throw new Error("pairwiseSample: a new sample set misses a pair");
      return { status: "sat", configs, conflicts: s.conflicts, ticks: s.ticks };
    }
  }

  // --- result
  count.fill(0);
  let coveredPairs = 0;
  for (const c of best) {
    if (!satisfies(cnf.clauses, c)) throw new Error("pairwiseSample: a sample violates the model");
    coveredPairs += applyConfig(c, 1);
  }
  if (coveredPairs !== F) throw new Error(`pairwiseSample: ${F - coveredPairs} feasible pairs left uncovered`);
  opts.onProgress?.(coveredPairs, F);
  dbg(`done: ${best.length} samples, lower bound ${lowerBound}`);
  return { samples: best.map(toSet), solutions: best.map(fullSet), feasiblePairs: F, coveredPairs, lowerBound: Math.max(lowerBound, 1) };
}

interface Repair {
  status: Status;
  configs: Uint8Array[] | null;
  conflicts: number;
  ticks: number;
}
