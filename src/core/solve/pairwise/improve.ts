/**
 * Phase 5 of the pairwise sampler: a smaller sample, or a proof that none exists, by one CNF of
 * m - 1 copies of the model (`cover`) while those are small, else by large-neighbourhood search.
 */
import { spend, workLeft } from "../../common/budget.js";
import { Cdcl, type Status } from "../cdcl.js";
import { cliqueFrom } from "./bound.js";
import { applyConfig, COVER_BITSET_MAX_WORDS, covers, prune, sampleRows, satisfies, shuffle, toLits, workOfTicks, type Config, type Sampler } from "./sampler.js";

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
 * ... and once at least this many neighbourhoods in a row found none, counting those the solver
 * searched (not those a clique of their pairs answered at once). With strict integrations
 * on the built-in catalog a neighbourhood of 23 samples costs 2-4 million ticks, so the share
 * alone ended the improvement after two failures: 157, 160, 154, 152 stacks (seeds 1-4) in
 * 3-5 s; with 8 tries 152, 160, 153, 152 in 4-5 s. The sammy models and 200 synthetic plugins
 * give the same samples.
 */
const STALL_TRIES = 8;

/**
 * The improvement first asks for a sample of the lower bound's size when the bound is within this
 * share of the current size. On the built-in catalog, `--require seldon-plugin`: greedy 80, bound
 * 70, and 70 found at once instead of ten whole problems one sample smaller each (4.3 s -> 0.9 s);
 * `--require pgvector-plugin`: 35 = the bound, where stepping down stopped at 36. At 0.35 the
 * sammy models took 20 % longer (bench/sammy.mjs); at 0.15, 10 % less. Far from the bound (161
 * against 85 with strict integrations) such a question seldom gets an answer in its budget.
 */
const AIM_SHARE = 0.15;

/**
 * The largest whole problem tried: variables and clause literals of its copies of the model. With
 * strict integrations the built-in catalog's model had 187 free variables but 12,770 literals, and
 * "can 163 samples cover every pair?" (2.1 million literals) gave up after 35–81 conflicts and
 * half the improvement's work, leaving the greedy 164; without it, the search by neighbourhoods
 * reaches 151 in less time. Since the strict rule is a clause per category (2026-12-06) that model
 * has ~5,000 literals, and the same question (0.8 million) still gave up, at twice the time and
 * 2.8 times the memory of `sample --integrations strict` (3.9 s, 380 MB against 2.0 s, 135 MB):
 * hence 400,000. The other requests of the built-in catalog stay under 100,000 literals (about 70
 * copies of 650–850), the sammy models under 20,000.
 */
const WHOLE_MAX_VARS = 100_000;
const WHOLE_MAX_LITS = 400_000;

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
 * For each sample of `cur`, how many interactions of `R` it alone covers (`uniq`). By the
 * samples' bitsets per literal (`sampleRows`): an interaction covered once finds its sample at
 * the one bit its literals' bitsets share. Counting each sample's n²/2 pairs took 18 s at 1,000
 * synthetic plugins (9,064 samples); it still does past the bitsets' memory (`maxWords`).
 * `count` must hold the pairs of `cur`.
 */
export function soleCovers(s: Sampler, cur: readonly Config[], R: readonly number[], uniq: Int32Array, maxWords = COVER_BITSET_MAX_WORDS): void {
  const { n, L, F, pid, count, cfgLits, ia, ib } = s;
  uniq.fill(0);
  const bits = sampleRows(s, cur, maxWords);
  if (bits) {
    const { rows, words } = bits;
    s.meter.words += R.length;
    for (const x of R) {
      if (count[x] !== 1) continue;
      const a = ia[x]! * words;
      const b = ib[x]! * words;
      for (let w = 0; w < words; w++) {
        const both = rows[a + w]! & rows[b + w]!;
        if (both) {
          uniq[32 * w + 31 - Math.clz32(both & -both)]!++;
          break;
        }
      }
    }
    return;
  }
  const who = new Int32Array(F).fill(-1);
  for (let ci = 0; ci < cur.length; ci++) {
    toLits(s, cur[ci]!, cfgLits);
    for (let i = 0; i < n; i++) {
      const row = cfgLits[i]! * L;
      for (let j = i + 1; j < n; j++) {
        const x = pid[row + cfgLits[j]!]!;
        if (x >= 0 && count[x] === 1) who[x] = ci;
      }
    }
    s.meter.words += (n * (n - 1)) >> 1;
  }
  for (const x of R) if (who[x]! >= 0) uniq[who[x]!]!++;
}

/**
 * 5. Improvement: "can m - 1 samples cover every pair?" as one CNF (see `cover`), while its copies
 * of the model are small: SAT gives a smaller sample; UNSAT proves the current size minimal (the
 * lower bound becomes the size). When the solver gives up, large-neighbourhood search: drop k
 * samples and ask for k - 1 covering the pairs only those k covered, else move sideways. Bounded
 * by solver ticks (`effort`) and the deadline.
 */
export function improve(s: Sampler, R: readonly number[], clique: readonly number[], start: Config[], lowerBound: number): { best: Config[]; lowerBound: number } {
  const { n, count, ia, ib, litDegree, rank, rnd, budget, effort } = s;
  let cur = start.slice();
  const m0 = simplify(s);
  const wholeFits = (kk: number) => kk * m0.V <= WHOLE_MAX_VARS && kk * m0.simpLits <= WHOLE_MAX_LITS;
  // Work, in solver ticks (see Cdcl.ticks), plus a fixed charge per neighbourhood.
  const workCap = TICKS_PER_EFFORT * effort;
  const st = { work: 0 };
  /** Ticks of the improvement's own solvers: its work, and the budget's (in the budget's units). */
  const charge = (ticks: number) => {
    st.work += ticks;
    spend(budget, workOfTicks(ticks));
  };
  let stall = 0;
  // Of those, the ones whose question went to the solver (a clique of the pairs left larger
  // than the samples allowed answers at once): what STALL_TRIES counts.
  let searched = 0;
  let k = 3;
  let conflictLimit = 1000;
  let wholeAt = 0;
  let wholeGaveUp = false;
  let wholeLimit = Math.max(500, Math.round(2_000 * effort));
  const uniq = new Int32Array(cur.length + 1);
  // The samples `uniq` was counted for.
  let uniqOf: Config[] | null = null;
  // The pool of the whole problem, the interactions hardest to place (fewest partners) first.
  for (const x of R) rank[x] = Math.min(litDegree[ia[x]!]!, litDegree[ib[x]!]!);
  const hardFirst = R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
  const adopt = (configs: Config[]) => {
    cur = prune(s, configs);
    stall = searched = 0;
    if (!wholeGaveUp) wholeAt = 0;
  };
  // The work done when the sample last got smaller: the improvement ends once a share of its work
  // (STALL_SHARE) has passed since without a smaller sample.
  let smallest = cur.length;
  let gainAt = 0;
  let aim = true;
  while (cur.length > lowerBound && st.work < workCap && (st.work - gainAt < STALL_SHARE * workCap || searched < STALL_TRIES)) {
    if (s.meter.stop()) break;
    const m = cur.length;
    if (m < smallest) {
      smallest = m;
      gainAt = st.work;
    }
    // First aim at the bound, while it is near (AIM_SHARE): a sample of that size is a smallest
    // one; a proof that none exists raises the bound by one, and the aim stays; once the solver
    // gives up on it, no more aiming.
    if (aim && m - 1 > lowerBound && m - 1 - lowerBound <= AIM_SHARE * m && wholeFits(lowerBound)) {
      const r = cover(s, m0, hardFirst, clique, lowerBound, wholeLimit, (workCap - st.work) / 4);
      charge(r.ticks);
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
    if (stall >= wholeAt && wholeFits(m - 1)) {
      // The whole problem with one sample fewer: a better sample, or a proof that none exists.
      const r = cover(s, m0, hardFirst, clique, m - 1, wholeLimit, (workCap - st.work) / 2);
      charge(r.ticks);
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
      // The stall clock is the neighbourhoods': work on a whole problem that gave up is not theirs.
      gainAt += r.ticks;
      wholeGaveUp = true;
    }
    k = Math.max(2, Math.min(k, m));
    // Destroy k samples, weighted towards those that cover few pairs on their own: counted again
    // only when the samples changed (a failed neighbourhood puts the same ones back).
    if (uniqOf !== cur) {
      uniqOf = cur;
      soleCovers(s, cur, R, uniq);
      // In work as the count by each sample's pairs (m·n²/256), not in int32: at 1,000 plugins
      // that wrapped to a twentieth, and each of six neighbourhoods counted again for 18 s.
      // (The budget has it from the sampler's meter, which counts the words soleCovers reads.)
      const units = Math.floor((m * n * n) / 256);
      st.work += units;
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
      stall = searched = 0;
      if (!wholeGaveUp) wholeAt = 0;
      continue;
    }
    const sub = cliqueFrom(s, [M[Math.floor(rnd() * M.length)]!], M);
    const r = sub.length < kk ? cover(s, m0, M, sub, kk - 1, conflictLimit, workCap - st.work) : { status: "unsat" as Status, configs: null, conflicts: 0, ticks: 0 };
    charge(r.ticks + 1000);
    const replace = (configs: Config[]) => {
      for (const c of configs) applyConfig(s, c, 1);
      cur = [...cur.filter((_, i) => !taken[i]), ...configs];
    };
    if (r.configs) {
      replace(r.configs);
      cur = prune(s, cur, true);
      stall = searched = 0;
      if (!wholeGaveUp) wholeAt = 0;
      k = Math.min(kk + 1, cur.length);
      s.dbg(`neighbourhood of ${kk}: ${cur.length} samples`);
      continue;
    }
    stall++;
    if (sub.length < kk) searched++;
    if (r.status === "unknown") {
      conflictLimit = Math.min(Math.round(conflictLimit * 1.5), 5_000);
      k = Math.max(2, kk - 1);
    } else k = kk < m ? kk + 1 : 2 + Math.floor(rnd() * Math.max(1, m - 2));
    // Every other failure, move sideways: another kk samples covering the same pairs.
    const alt = stall % 2 === 0 ? cover(s, m0, M, sub, kk, conflictLimit, workCap - st.work) : null;
    if (alt) charge(alt.ticks);
    if (alt?.configs) replace(alt.configs);
    else for (const i of chosen) applyConfig(s, cur[i]!, 1);
  }
  s.dbg(`improvement ends: ${cur.length} samples, ${searched} neighbourhoods searched in a row found none, ${st.work} of ${workCap} ticks, ${st.work - gainAt} since the last smaller sample`);
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
  const stop = () => s.meter.stop() || sol.ticks > tickLimit || workOfTicks(sol.ticks) >= workLeft(budget);
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
