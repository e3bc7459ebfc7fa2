/**
 * Phases 1 and 2 of the pairwise sampler: which pairs are feasible, the unit-propagation closure
 * of each, and the reduction to the pairs no other one implies.
 */
import type { Cdcl } from "../cdcl.js";
import type { Meter, Sampler } from "./sampler.js";

/**
 * The feasibility phase asks for a pair's solution with up to this many more unseen pairs that
 * propagation allows beside it (`feasiblePairs`). 400 synthetic plugins: 9,151 solver calls and
 * 5.1 s -> 1,852 calls and 2.2 s; 200: 1,628 calls -> 441, 0.48 s -> 0.35 s; the built-in catalog,
 * 233 calls -> 83 in about the same time. At 64 or more the probes cost what the calls save.
 */
const FEASIBILITY_PACK = 16;

/**
 * 1. Feasibility: every pair of sample literals is settled by a solution already found, by unit
 * propagation (a conflict proves it infeasible) or by a SAT call. Returns the feasible pairs,
 * numbered.
 */
export function feasiblePairs(base: Cdcl, meter: Meter, rnd: () => number, n: number, slit: Int32Array, svar: number[]): { pid: Int32Array; ia: number[]; ib: number[] } {
  const { budget } = meter;
  const L = 2 * n;
  const pairIndex = (a: number, b: number) => a * L + b; // a < b
  // Pairs seen in a solution, a bitset row per literal: a solution ORs its literals into the row
  // of each of them (n rows of L/32 words, where a byte per pair took n²/2 writes: at 1,000
  // synthetic plugins 10 s of the phase's 22).
  const WL = (L + 31) >>> 5;
  const seen = new Uint32Array(L * WL);
  const isSeen = (a: number, b: number) => (seen[a * WL + (b >>> 5)]! >>> (b & 31)) & 1;
  const solBits = new Uint32Array(WL);
  const litOk = new Uint8Array(L);
  const litsBuf = new Int32Array(n);
  const markSolution = (a: Uint8Array) => {
    solBits.fill(0);
    for (let i = 0; i < n; i++) {
      const x = 2 * i + (a[svar[i]!] ? 0 : 1);
      litsBuf[i] = x;
      litOk[x] = 1;
      solBits[x >>> 5]! |= 1 << (x & 31);
    }
    for (let i = 0; i < n; i++) {
      const row = litsBuf[i]! * WL;
      for (let w = 0; w < WL; w++) seen[row + w]! |= solBits[w]!;
    }
    meter.words += n * WL;
  };
  const randomPhases = (s: Cdcl) => {
    for (let v = 0; v < s.n; v++) s.polarity[v] = rnd() < 0.5 ? 1 : 0;
  };
  markSolution(base.model);
  for (let s = 0; s < L; s++) {
    if (litOk[s]) continue;
    meter.check();
    budget.calls++;
    randomPhases(base);
    if (base.solve([slit[s]!]) === "sat") markSolution(base.model);
  }
  for (let a = 0; a < L; a++) {
    if (!litOk[a]) continue;
    meter.words += L - a;
    for (let b = (a | 1) + 1; b < L; b++) {
      // Each pair is settled here once, in this order (the pack below looks only at pairs after
      // it): one never seen in a solution by the end is infeasible.
      if (isSeen(a, b) || !litOk[b] || !base.probe([slit[a]!, slit[b]!])) continue;
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
        if (!litOk[c] || !litOk[d] || isSeen(c, d)) continue;
        const lc = slit[c]!;
        const ld = slit[d]!;
        const vc = base.value(lc);
        const vd = base.value(ld);
        if (vc === -1 || vd === -1 || (vc === 1 && vd === 1)) continue;
        tried++;
        if (base.probe([lc, ld])) assumed.push(lc, ld);
      }
      base.cancelUntil(0);
      meter.check();
      budget.calls++;
      randomPhases(base);
      let r = base.solve(assumed);
      if (r !== "sat" && assumed.length > 2) {
        // Together they fail where each passed propagation: the pair alone decides.
        meter.check();
        budget.calls++;
        r = base.solve([slit[a]!, slit[b]!]);
      }
      if (r === "sat") markSolution(base.model);
    }
  }
  const pid = new Int32Array(L * L).fill(-1);
  const ia: number[] = [];
  const ib: number[] = [];
  for (let a = 0; a < L; a++)
    for (let b = (a | 1) + 1; b < L; b++)
      if (isSeen(a, b)) {
        pid[pairIndex(a, b)] = ia.length;
        ia.push(a);
        ib.push(b);
      }
  meter.words += L * L;
  return { pid, ia, ib };
}

/**
 * The most words the closures' bitsets may take (128 MiB; tests lower it). Beyond, none are
 * kept: the reduction propagates each interaction again as it goes, and `incompatible` answers by
 * infeasible pairs alone. At 1,000 synthetic plugins (2 million interactions, 1,000 sampled
 * variables) the bitsets took 507 MB of the command's 993 MB, and the clique they helped find was
 * no larger than the product's (6,960), which needs none.
 */
export const closureLimits = { maxWords: 32 << 20 };

/**
 * The unit-propagation closure of each interaction, as a bitset over the literals of the tracked
 * variables: all of them, or only those of `vars` when that would take too much memory, or none
 * past `closureLimits.maxWords` (`W` 0).
 */
export function closures(s: Sampler): void {
  const { maxWords } = closureLimits;
  const { N, F, bitOf } = s;
  let tracked = 0;
  if (F * Math.ceil((2 * N) / 32) <= Math.min(16_000_000, maxWords)) for (let v = 0; v < N; v++) bitOf[v] = tracked++;
  else if (F * Math.ceil((2 * s.n) / 32) <= maxWords) for (const v of s.svar) bitOf[v] = tracked++;
  const W = (s.W = Math.ceil((2 * tracked) / 32));
  if (W === 0) return;
  const imp = (s.imp = new Uint32Array(F * W));
  for (let x = 0; x < F; x++) {
    if ((x & 1023) === 0) s.meter.check();
    const off = x * W;
    closureOf(s, x, (l) => {
      const b = bitOf[l >> 1]!;
      if (b >= 0) imp[off + (b >> 4)]! |= 1 << (2 * (b & 15) + (l & 1));
    });
  }
}

/** Calls `f` on each solver literal of interaction `x`'s unit-propagation closure (level 0's too). */
function closureOf(s: Sampler, x: number, f: (l: number) => void): void {
  const { base, slit, ia, ib } = s;
  if (!base.probe([slit[ia[x]!]!, slit[ib[x]!]!])) throw new Error("pairwiseSample: a feasible pair failed propagation");
  for (let t = 0; t < base.trailLen; t++) f(base.trail[t]!);
  s.meter.words += base.trailLen;
  base.cancelUntil(0);
}

/**
 * 2. Reduction: drops the interactions of `M` that another one of `M` implies (the other's
 * closure holds both literals): any sample covering the other covers them too. Implication is
 * transitive, so every dropped interaction is implied by one that is kept.
 */
export function reduce(s: Sampler, M: readonly number[]): number[] {
  const { L, imp, W, bitOf, slit, ia, ib } = s;
  // Each pair of sample literals some closure read so far holds (bit a * L + b, a < b): an
  // interaction of M with both literals in another's closure is dominated. A bit matrix (500 KB at
  // 1,000 sampled variables) where marking by interaction number read `pid` (16 MB) for every
  // pair: 13.7 s of the reduction's 17 s at 1,000 synthetic plugins. A pair that is no
  // interaction of M is marked for nothing, and never asked.
  const held = new Uint32Array(Math.ceil((L * L) / 32));
  const dominated = (x: number) => {
    const bit = ia[x]! * L + ib[x]!;
    return ((held[bit >>> 5]! >>> (bit & 31)) & 1) === 1;
  };
  // The sample literal of each bit of a closure (-1 for a variable that is not sampled): a
  // closure's literals are read from its set bits, not by testing every sample literal (at
  // 1,000 synthetic plugins, 2 million interactions times 2,000 literals).
  const litOfBit = new Int32Array(32 * W).fill(-1);
  for (let l = 0; l < L; l++) {
    const b = bitOf[slit[l]! >> 1]!;
    if (b >= 0) litOfBit[2 * b + (slit[l]! & 1)] = l;
  }
  // Without bitsets (`closures`, past `closureLimits`), each closure again by propagation: the
  // sample literal of each solver literal, -1 for a variable that is not sampled.
  const litOfSolver = W === 0 ? new Int32Array(2 * s.N).fill(-1) : undefined;
  if (litOfSolver) for (let l = 0; l < L; l++) litOfSolver[slit[l]!] = l;
  const lits: number[] = [];
  for (let i = 0; i < M.length; i++) {
    if ((i & 1023) === 0) s.meter.check();
    const x = M[i]!;
    if (dominated(x)) continue;
    lits.length = 0;
    if (litOfSolver)
      closureOf(s, x, (l) => {
        if (litOfSolver[l]! >= 0) lits.push(litOfSolver[l]!);
      });
    for (let w = 0; w < W; w++) {
      let word = imp[x * W + w]!;
      while (word) {
        const t = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const l = litOfBit[32 * w + t]!;
        if (l >= 0) lits.push(l);
      }
    }
    lits.sort((a, b) => a - b);
    // x's own pair is in its closure too: not marked (x does not dominate itself).
    const own = ia[x]! * L + ib[x]!;
    for (let p = 0; p < lits.length; p++) {
      const row = lits[p]! * L;
      for (let q = p + 1; q < lits.length; q++) {
        const bit = row + lits[q]!;
        if (bit !== own) held[bit >>> 5]! |= 1 << (bit & 31);
      }
    }
    s.meter.words += W + ((lits.length * (lits.length - 1)) >> 2);
  }
  return M.filter((x) => !dominated(x));
}
