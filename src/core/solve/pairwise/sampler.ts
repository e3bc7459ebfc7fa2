/**
 * What the phases of the pairwise sampler (../pairwise.ts) share: the model as integer CNF, the
 * sampler's state (`Sampler`), the questions asked of pairs (apart, incompatible)
 * and the coverage bookkeeping of a set of samples.
 */
import { checkBudget, pastDeadline, spend, type Budget } from "../../common/budget.js";
import type { Cdcl } from "../cdcl.js";
import { isNegative, varOf, type Model } from "../types.js";

export interface SampleOptions {
  /** Only pairwise (2) is supported. */
  strength?: 2;
  /**
   * Called as the greedy construction covers pairs: (done, total) of the pairs it covers one by
   * one, those no other pair implies (covering them covers every feasible pair, so `total` is
   * at most the result's `feasible_pairs`); at the end (covered, feasible) of every pair. The work
   * of making the sample smaller comes after, without calls.
   */
  onProgress?: (done: number, total: number) => void;
  /** Scales the improvement work (default 1; 0 keeps the greedy sample). */
  effort?: number;
  /** Seed of the PRNG (default 1). */
  seed?: number;
  /** Receives a line for each step of the search (for benchmarks and debugging). */
  log?: (line: string) => void;
}

export function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
  return xs;
}

// ---------------------------------------------------------------------------------------------
// The sampler's work, counted (common/budget.ts).

/**
 * The sampler's solvers' ticks (`Cdcl.ticks`) per unit of the budget's work. Every phase's ticks
 * count, and so does the JavaScript around them (`Meter.words`), so that `sample --timeout T` stops
 * at the same point on any machine that can do T seconds' work (common/budget.ts). Chosen so that
 * a tick-bound phase counts work at about the rate MiniSat's propagations do for `recommend`
 * (4-6 million units a second on a quiet 2-core machine): at 1,000 synthetic plugins, quiet, the
 * feasibility phase ran 5.3 million ticks a second, the reduction 7.8, the greedy 16, the
 * improvement 6.7 (bench/README.md, "Counted work in sample").
 */
export const TICKS_PER_WORK = 3;

/**
 * Words of typed arrays a phase's own loops read or write per unit of work (`Meter.words`): the
 * sampler's JavaScript between solver calls (marking a solution's pairs, counting and pruning
 * samples' pairs, scanning the pairs left, comparing closures in the clique searches), at about
 * the rate of its ticks (bench/README.md, "Counted work in sample").
 */
export const WORDS_PER_WORK = 16;

/** The work of `ticks` solver ticks. */
export const workOfTicks = (ticks: number): number => Math.ceil(ticks / TICKS_PER_WORK);

/**
 * The sampler's work counter: what its base solver did since it last looked (`TICKS_PER_WORK`
 * ticks a unit) and the words the phases' own loops add to `words` (`WORDS_PER_WORK` a unit),
 * spent into the budget before each look at the limit. Remainders are carried, so the count is
 * the same however often it looks.
 */
export class Meter {
  /** Words of typed arrays the phases' loops touched and have not yet had counted. */
  words = 0;
  private seen: number;
  private ticks = 0;
  constructor(
    readonly budget: Budget,
    private readonly solver: { readonly ticks: number },
  ) {
    this.seen = solver.ticks;
  }
  private sync(): void {
    const t = this.solver.ticks;
    this.ticks += t - this.seen;
    this.seen = t;
    const fromTicks = Math.floor(this.ticks / TICKS_PER_WORK);
    const fromWords = Math.floor(this.words / WORDS_PER_WORK);
    this.ticks -= fromTicks * TICKS_PER_WORK;
    this.words -= fromWords * WORDS_PER_WORK;
    if (fromTicks + fromWords) spend(this.budget, fromTicks + fromWords);
  }
  /** True once the budget's limit is reached (the work since the last look counted first). */
  stop(): boolean {
    this.sync();
    return pastDeadline(this.budget);
  }
  /** Throws Timeout once the budget's limit is reached (the work since the last look counted first). */
  check(): void {
    this.sync();
    checkBudget(this.budget);
  }
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

export function toCnf(model: Model, extra: readonly string[]): Cnf {
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
  const lit = (l: string) => (isNegative(l) ? 2 * v(varOf(l)) + 1 : 2 * v(l));
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
export const holds = (a: Uint8Array, l: number): boolean => a[l >> 1] === (l & 1 ? 0 : 1);

export function satisfies(clauses: number[][], a: Uint8Array): boolean {
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

const swapPairs = (b: number) => (((b & 0x55555555) << 1) | ((b >>> 1) & 0x55555555)) >>> 0;

/** A full assignment over the solver's variables (1 true, 0 false). */
export type Config = Uint8Array;

/**
 * What the phases share. Sample literals: 2i for `vars[i]` true, 2i + 1 for false. Interactions:
 * the feasible pairs of sample literals of two distinct variables, numbered 0..F-1.
 */
export interface Sampler {
  budget: Budget;
  /** The work of every phase, counted into `budget` (see `Meter`). */
  meter: Meter;
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
  /** `apart` of every two sample literals, bit a * L + b (`apartMatrix`). */
  apartBits: Uint32Array;
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

/** True when no solution holds both sample literals: a SAT call or propagation proved it. */
export function apart(s: Sampler, a: number, b: number): boolean {
  const bit = a * s.L + b;
  return ((s.apartBits[bit >>> 5]! >>> (bit & 31)) & 1) === 1;
}

/**
 * `apart` of every two sample literals as an L×L bit matrix (a row per literal), from `pid`: the
 * clique searches ask it of every two interactions they compare, and `pid` (4 bytes a pair, 16 MB
 * at 1,000 sampled variables) answered from memory where these bits (500 KB) answer from cache.
 */
export function apartMatrix(L: number, pid: Int32Array): Uint32Array {
  const bits = new Uint32Array(Math.ceil((L * L) / 32));
  for (let a = 0; a < L; a++)
    for (let b = 0; b < L; b++) {
      if (a === b || ((a ^ 1) !== b && pid[a < b ? a * L + b : b * L + a]! >= 0)) continue;
      const bit = a * L + b;
      bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  return bits;
}

/**
 * True when no solution holds both interactions: a literal of one and a literal of the other are
 * apart (an infeasible pair, proven by the solver), or their closures contradict (unit
 * propagation from the four literals). Either alone misses some: on the built-in catalog with
 * strict integrations the lower bound was 81–87 with closures alone, 91–99 with both and
 * `starClique` (seeds 1–4).
 */
export function incompatible(s: Sampler, x: number, y: number): boolean {
  const { imp, W, ia, ib, meter } = s;
  meter.words++;
  if (apart(s, ia[x]!, ia[y]!) || apart(s, ia[x]!, ib[y]!) || apart(s, ib[x]!, ia[y]!) || apart(s, ib[x]!, ib[y]!)) return true;
  const ox = x * W;
  const oy = y * W;
  for (let w = 0; w < W; w++)
    if (imp[ox + w]! & swapPairs(imp[oy + w]!)) {
      meter.words += w >> 2;
      return true;
    }
  meter.words += W >> 2;
  return false;
}

// --- coverage bookkeeping

export function toLits(s: Sampler, a: Uint8Array, out: Int32Array): void {
  for (let i = 0; i < s.n; i++) out[i] = 2 * i + (a[s.svar[i]!] ? 0 : 1);
}

/** Adds (delta 1) or removes (-1) a sample's pairs; returns how many pairs went 0 -> 1. */
export function applyConfig(s: Sampler, c: Config, delta: number): number {
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
  s.meter.words += (n * (n - 1)) >> 1;
  return fresh;
}

/** Above this many words (128 MiB), the samples' pairs are counted by `applyConfig` instead of bitsets. */
export const COVER_BITSET_MAX_WORDS = 32 << 20;

/**
 * Per sample literal, a bitset of the samples of `cfgs` that hold it (`words` words a literal);
 * undefined when that would take more than `maxWords` words.
 */
export function sampleRows(s: Sampler, cfgs: readonly Config[], maxWords: number): { rows: Int32Array; words: number } | undefined {
  const { n, L, svar } = s;
  const words = (cfgs.length + 31) >>> 5;
  if (L * words > maxWords) return undefined;
  const rows = new Int32Array(L * words);
  for (let k = 0; k < cfgs.length; k++) {
    const c = cfgs[k]!;
    const bit = 1 << (k & 31);
    const at = k >>> 5;
    for (let i = 0; i < n; i++) rows[(2 * i + (c[svar[i]!] ? 0 : 1)) * words + at]! |= bit;
  }
  s.meter.words += cfgs.length * n;
  return { rows, words };
}

/**
 * How many interactions the samples `cfgs` cover, counted afresh (`count` is left as it was, or,
 * past the bitsets' memory, holds their pairs): an interaction is covered where its two
 * literals' bitsets (`sampleRows`) meet. A word at a time, stopping at the first, instead of
 * n²/2 lookups a sample: at 1,000 synthetic plugins, 9,064 samples of 1,000 variables took
 * 14.8 s to check with `applyConfig`, 0.3 s so.
 */
export function coveredPairs(s: Sampler, cfgs: readonly Config[], maxWords = COVER_BITSET_MAX_WORDS): number {
  const { F, ia, ib } = s;
  const bits = sampleRows(s, cfgs, maxWords);
  if (!bits) {
    s.count.fill(0);
    let covered = 0;
    for (const c of cfgs) covered += applyConfig(s, c, 1);
    return covered;
  }
  const { rows, words } = bits;
  s.meter.words += F * words;
  let covered = 0;
  for (let x = 0; x < F; x++) {
    const a = ia[x]! * words;
    const b = ib[x]! * words;
    for (let w = 0; w < words; w++)
      if (rows[a + w]! & rows[b + w]!) {
        covered++;
        break;
      }
  }
  return covered;
}

/**
 * Sets `count` to how many samples of `cfgs` cover each interaction: the number of bits its two
 * literals' bitsets (`sampleRows`) share, a word at a time. `applyConfig` on each sample gives
 * the same, at n²/2 scattered updates a sample: at 1,000 synthetic plugins 18 s for the greedy's
 * 9,064 samples, against ~1.5 s so.
 */
export function countPairs(s: Sampler, cfgs: readonly Config[], maxWords = COVER_BITSET_MAX_WORDS): void {
  const { F, ia, ib, count } = s;
  const bits = sampleRows(s, cfgs, maxWords);
  if (!bits) {
    count.fill(0);
    for (const c of cfgs) applyConfig(s, c, 1);
    return;
  }
  const { rows, words } = bits;
  s.meter.words += F * words;
  for (let x = 0; x < F; x++) {
    const a = ia[x]! * words;
    const b = ib[x]! * words;
    let k = 0;
    for (let w = 0; w < words; w++) {
      // The bits set in both, counted in parallel within the word (the usual SWAR popcount).
      let v = rows[a + w]! & rows[b + w]!;
      if (v === 0) continue;
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      k += (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    count[x] = k;
  }
}

export function covers(s: Sampler, c: Uint8Array, x: number): boolean {
  const { slit, ia, ib } = s;
  return holds(c, slit[ia[x]!]!) && holds(c, slit[ib[x]!]!);
}

/**
 * Drops samples whose every pair another sample covers too (last ones first); past the budget's
 * limit it keeps the rest as they are. `counted`: `count` already holds exactly the pairs of
 * `cfgs`; on return it holds those of the samples kept.
 */
export function prune(s: Sampler, cfgs: Config[], counted = false): Config[] {
  const { n, L, pid, count, cfgLits } = s;
  if (!counted) {
    count.fill(0);
    for (const c of cfgs) applyConfig(s, c, 1);
  }
  const out = cfgs.slice();
  for (let i = out.length - 1; i >= 0 && !s.meter.stop(); i--) {
    const c = out[i]!;
    toLits(s, c, cfgLits);
    let needed = false;
    for (let a = 0; a < n && !needed; a++) {
      const row = cfgLits[a]! * L;
      s.meter.words += n - a;
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
