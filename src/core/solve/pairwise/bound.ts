/**
 * Phase 4 of the pairwise sampler: the lower bound, a clique of pairs no two of which one solution
 * can hold, started from a product of two sets of literals that are pairwise apart.
 */
import { prng } from "../../common/random.js";
import { apart, incompatible, shuffle, type Sampler } from "./sampler.js";

/**
 * At most this many literals start a set for the product bound (`productClique`): every literal
 * on the built-in catalog (204) and on the sammy models (at most 256); a sample of them beyond.
 */
const PRODUCT_STARTS = 256;

/**
 * Greedy clique growth in a graph given by `edge`: each step adds the candidate with an edge to
 * the most other candidates (estimated on a slice of them), then keeps the candidates it has an
 * edge to. `cands` must have an edge to every member of `clique`; both are extended in place.
 * `stop` ends the growth early: what has grown is a clique all the same.
 */
function growClique(rnd: () => number, clique: number[], cands: number[], edge: (x: number, y: number) => boolean, stop?: () => boolean): number[] {
  while (cands.length && !stop?.()) {
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

/**
 * A clique of pairwise incompatible interactions grown from `start` (itself such a clique) with
 * members of `pool`; past the budget's limit, `start` or what has grown from it so far (a sample
 * exists by then, and the limit must not wait for a bound: at 400 synthetic plugins, growing the
 * product clique of 1,311 took a second).
 */
export function cliqueFrom(s: Sampler, start: readonly number[], pool: readonly number[]): number[] {
  const stop = () => s.meter.stop();
  const inStart = new Set(start);
  const cands: number[] = [];
  for (let i = 0; i < pool.length; i++) {
    if ((i & 255) === 0 && stop()) return start.slice();
    const y = pool[i]!;
    if (!inStart.has(y) && start.every((x) => incompatible(s, x, y))) cands.push(y);
  }
  return growClique(s.rnd, start.slice(), cands, (x, y) => incompatible(s, x, y), stop);
}

/**
 * A clique of interactions built from two sets of sample literals, A and B, each pairwise apart
 * (say the 7 workflow orchestrators and the 10 vector databases when a stack holds one of
 * each): every feasible pair {a, b} with a in A and b in B. Two distinct ones differ in A's
 * literal or in B's, and those two literals are apart, so no solution holds both: the clique
 * has |A|·|B| members where all are feasible, which a search over interactions one at a time
 * seldom finds. The literal sets are grown greedily from each literal; the best product wins.
 * The sets come back too, largest first, for `starClique`.
 */
export function productClique(s: Sampler): { clique: number[]; sets: number[][] } {
  const { F, L, ia, ib, pid, rnd } = s;
  const used = new Uint8Array(L);
  for (let x = 0; x < F; x++) used[ia[x]!] = used[ib[x]!] = 1;
  const lits: number[] = [];
  for (let l = 0; l < L; l++) if (used[l]) lits.push(l);
  const apartOf = (a: number, b: number) => {
    s.meter.words++;
    return apart(s, a, b);
  };
  const seen = new Set<string>();
  const sets: number[][] = [];
  const starts = lits.length <= PRODUCT_STARTS ? lits : shuffle(lits.slice(), rnd).slice(0, PRODUCT_STARTS);
  for (const l0 of starts) {
    s.meter.check();
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
    s.meter.check();
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
  return { clique: best, sets };
}

/**
 * How many of `productClique`'s literal sets, the largest first, `starClique` tries. On the
 * built-in catalog with strict integrations the best star came from the 4 largest for seeds 1-3
 * (74, 77, 71; the same from all of them, in 0.3 s instead of 0.05).
 */
const STAR_SETS = 8;

/**
 * A clique of interactions built from a set A of literals pairwise apart and, for each a in A, a
 * clique among a's own interactions {a, b}: two of them with distinct a are apart, two with the
 * same a hold b and b' that no solution with a holds together (apart, or closures that contradict).
 * It needs, for each a, as many solutions holding a as a's own clique has members, and no
 * solution holds two literals of A: the sum over A. That is at least the product of A with any
 * set B (whose members with a are one of a's cliques), and larger where each a is held back by a
 * set of its own: on the built-in catalog with strict integrations, 71-77 against the product's
 * 58. Tried on the largest sets (`STAR_SETS`); the best, or [] when none beats `atLeast`.
 */
export function starClique(s: Sampler, sets: readonly number[][], atLeast: number): number[] {
  const { F, L, ia, ib } = s;
  // Draws of its own: a star that does not beat the product leaves the search as it was.
  const rnd = prng((s.opts.seed ?? 1) + 0x5747);
  const mine: number[][] = Array.from({ length: L }, () => []);
  for (let x = 0; x < F; x++) {
    mine[ia[x]!]!.push(x);
    mine[ib[x]!]!.push(x);
  }
  let best: number[] = [];
  for (const A of sets.slice(0, STAR_SETS)) {
    // Past the limit, the best star so far: a sample exists by now, and must not be lost.
    if (s.meter.stop()) break;
    const members: number[] = [];
    for (const a of A) {
      members.push(...growClique(rnd, [], mine[a]!.slice(), (x, y) => incompatible(s, x, y)));
    }
    if (members.length > Math.max(atLeast, best.length)) best = members;
  }
  return best;
}

/** How long the tabu search stays off a member it swapped out, in moves. */
const TABU_TENURE = 7;

/**
 * The work `tabuClique` may do per unit of `effort`, in words of closures compared (a test of two
 * interactions compares `Sampler.W` words at most).
 */
export const TABU_WORK = 100_000_000;

/**
 * `tabuClique` ends after this many moves in a row that found no larger clique. With strict
 * integrations on the built-in catalog (seeds 1-4): 98, 104, 103, 101, where 100 moves gave 98,
 * 104, 101, 99, for ~0.05 s more.
 */
const TABU_STALL = 500;

/**
 * The most interactions `tabuClique` searches among: each move tests one against all of them.
 * At 200 and 400 synthetic plugins (20,905 and 82,185 of them) it found nothing larger than the
 * product in 1.1-1.2 s.
 */
const TABU_POOL_MAX = 10_000;

/**
 * A larger clique by local search from `start` (a clique), over `start` and `pool`: each move
 * adds an interaction incompatible with every member, or else swaps one in for the single member
 * it is compatible with (that member then stays out for TABU_TENURE moves), or, with neither,
 * drops about half the members; the largest clique seen wins (the simple tabu search of
 * dynamic local search for maximum clique, without its penalties). Each move tests its new member
 * against every interaction; the search ends after `work` (see TABU_WORK), TABU_STALL moves
 * without a larger clique, or at the deadline. On the built-in catalog with strict integrations
 * the greedy cliques reach 91-99 and this 98-104 (seeds 1-4); that graph's largest clique is not
 * known (3,891 interactions, density 0.41; igraph's exact search ran 9 minutes without an answer).
 */
export function tabuClique(s: Sampler, pool: readonly number[], start: readonly number[], work: number): number[] {
  const nodes = [...new Set([...start, ...pool])];
  const P = nodes.length;
  const perMove = P * s.W;
  if (P > TABU_POOL_MAX || perMove * (start.length + 2) > work) return start.slice();
  const rnd = prng((s.opts.seed ?? 1) + 0x7ab0);
  const inC = new Uint8Array(P);
  // Per node: how many members it is compatible with (0: it may join; 1: it may swap in).
  const miss = new Int32Array(P);
  const tabu = new Int32Array(P);
  const members: number[] = [];
  let done = 0;
  const move = (i: number, d: 1 | -1) => {
    done += perMove;
    const x = nodes[i]!;
    for (let j = 0; j < P; j++) if (j !== i && !incompatible(s, x, nodes[j]!)) miss[j]! += d;
    inC[i] = d > 0 ? 1 : 0;
    if (d > 0) members.push(i);
    else members.splice(members.indexOf(i), 1);
  };
  start.forEach((_, i) => move(i, 1));
  let best = start.slice();
  let bestAt = 0;
  const adds: number[] = [];
  const swaps: number[] = [];
  for (let step = 1; done < work && step - bestAt <= TABU_STALL && !s.meter.stop(); step++) {
    adds.length = swaps.length = 0;
    s.meter.words += P;
    for (let j = 0; j < P; j++) {
      if (inC[j] || tabu[j]! > step) continue;
      if (miss[j] === 0) adds.push(j);
      else if (miss[j] === 1) swaps.push(j);
    }
    if (adds.length) {
      move(adds[Math.floor(rnd() * adds.length)]!, 1);
      if (members.length > best.length) {
        best = members.map((i) => nodes[i]!);
        bestAt = step;
      }
    } else if (swaps.length && rnd() < 0.98) {
      const v = swaps[Math.floor(rnd() * swaps.length)]!;
      const u = members.find((i) => !incompatible(s, nodes[v]!, nodes[i]!))!;
      move(u, -1);
      tabu[u] = step + TABU_TENURE;
      move(v, 1);
    } else for (const i of members.slice()) if (rnd() < 0.5) move(i, -1);
  }
  return best;
}

/**
 * 4. Lower bound: a clique of interactions no two of which one solution can hold (their closures
 * contradict each other); a sample needs a solution per member. Starts from the interactions the
 * current samples (in `count`) cover least: they pin samples down. Short of the best sample, a
 * tabu search (`tabuClique`) looks for a larger one.
 */
export function lowerBoundClique(s: Sampler, R: readonly number[], bestSize: number, product: readonly number[]): number[] {
  const { count, rank, rnd } = s;
  for (const x of R) rank[x] = count[x]! + rnd();
  const order = R.slice().sort((p, q) => rank[p]! - rank[q]! || p - q);
  const starts = s.effort > 0 ? Math.max(1, Math.min(order.length, Math.round(Math.max(4, (40 * s.effort * 1000) / R.length)))) : 1;
  let clique = product.length ? cliqueFrom(s, product, R) : [];
  s.dbg(`product clique ${product.length}, grown to ${clique.length}`);
  for (let r = 0; r < starts && clique.length < bestSize && !s.meter.stop(); r++) {
    const c = cliqueFrom(s, [order[r]!], R);
    if (c.length > clique.length) clique = c;
  }
  if (s.effort > 0 && clique.length < bestSize && !s.meter.stop()) {
    const grown = clique.length;
    clique = tabuClique(s, R, clique, TABU_WORK * s.effort);
    s.dbg(`greedy clique ${grown}, tabu search ${clique.length}`);
  }
  return clique;
}
