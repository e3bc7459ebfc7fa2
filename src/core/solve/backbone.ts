/**
 * The backbone of a formula under assumptions: which variables take the same value in every
 * solution (and which value), and which can go either way. Domain-free: the caller names the
 * variables it cares about; this file knows nothing of what they stand for.
 *
 * The algorithm is iterative testing with chunks, crossing off by models (Janota, Lynce and
 * Marques-Silva, "Algorithms for computing backbones of propositional formulae", 2015):
 * 0. what the solver knows without a search is backbone (`SatOracle.implied`: on the CDCL what
 *    unit propagation under the assumptions fixes, on MiniSat its root level);
 * 1. one solution; every other variable is a candidate, with the value it takes there (its literal);
 *    then, without the solver, each candidate flipped by local repair from that solution
 *    (`LocalFlip`): a repair that succeeds is a solution, and crosses off every candidate it
 *    flipped (on the synthetic catalogs nearly all of them; see `FLIP_STEPS`), and again from
 *    each solution of step 2 (`FLIP_AGAIN_GIVE_UP`);
 * 2. ask for a solution in which, for each of `groups` chunks of `chunk` undecided candidates, at
 *    least one candidate of the chunk takes the other value (a clause ¬e ∨ ¬l1 ∨ ... ∨ ¬lk per
 *    chunk, assumed through e);
 *    - a solution: every candidate whose value differs from the first solution's can go either
 *      way and is crossed off — at least one per chunk, often more. More chunks next time;
 *    - none, with several chunks: fewer chunks next time (one of them may be all backbone);
 *    - none, with one chunk: every literal of the chunk is in the backbone (one call decides k
 *      variables); they are assumed from then on (they hold in every solution anyway, so this
 *      only helps the solver), and the next chunk is larger.
 * 3. until no candidate is left.
 * Why several chunks: a solver asked for "one of these flips" flips one and leaves the rest at
 * their first value (MiniSat tries a variable's last value first), so one chunk a call costs
 * about one call per free variable (on a 1,000-plugin catalog: 899 calls, 0.5–0.8 s); m chunks a
 * call cross off at least m. And the solver is asked to try each candidate's other value first
 * (`SatOracle.prefer`), and a candidate crossed off its first value again (so as not to take the
 * place of one still undecided), so that a solution flips every candidate it can: with these
 * preferences alone, half the calls on the sammy feature models (BankingSoftware 30 → 11,
 * berkeleyDB1 21 → 7) and 24 → 15 for the built-in catalog's `analyze --use-case rag`. Where one
 * solution can flip only one candidate of many (at most one plugin of a type), as many solutions
 * are needed: 1,000 and 10,000 synthetic plugins took ~150 and ~1,900 calls, until the local
 * repair of step 1 (7 and 963; 2 for rag), and until it started again from each of the
 * solver's solutions (uc-01 and uc-02 over every plugin: 69 -> 5 and 963 -> 8).
 * Each call goes through the oracle, which counts it in the budget and honours its deadline.
 */
import { LocalFlip } from "./flip.js";
import type { SatOracle } from "./oracle.js";
import { neg, varOf, type Lit } from "./types.js";

export interface Backbone {
  /** False when no solution exists under the assumptions (then `fixed` is empty). */
  sat: boolean;
  /** Each variable of the backbone with the value it has in every solution. */
  fixed: Map<string, boolean>;
}

/**
 * The steps of local repair (`LocalFlip`) a candidate gets before the solver is asked: at least
 * `FLIP_STEPS`, and one per `FLIP_VARS_PER_STEP` variables of the model. At 1,000 synthetic
 * plugins (uc-01), 8 steps repaired 18 of 197 candidates, 50 116, 500 196: a plugin brought in
 * usually needs a neighbour of its type out, a provider in, and the auxiliary variables of
 * cardinality and facet rules set to match, one step each; the cardinality rules' counters run
 * along a type's plugins, so the walk grows with the catalog. Backbone solver calls (1,000 /
 * 10,000 plugins / the built-in catalog's rag): none 149 / 1,869 / 15, 100 steps 18 / 1,693 / 2,
 * 1,000 7 / 965 / 2, 10,000 7 / 963 / 2; 9.8 s → 2.7 s at 10,000. At 50,000 (165,328 variables),
 * 1,000 steps left 22,951 of 50,000 candidates to the solver, 4,000 2,018, 10,000 318.
 */
const FLIP_STEPS = 1_000;
const FLIP_VARS_PER_STEP = 16;
/**
 * The local repair stops after this many failures in a row: where it cannot help (a formula
 * unlike a catalog's), its cost stays that of a few hundred tries.
 */
const FLIP_GIVE_UP = 200;

/**
 * After each solution the solver gives, local repair starts again from it, giving up after
 * FLIP_AGAIN_GIVE_UP failures in a row, and no more once FLIP_AGAIN_FRUITLESS such rounds in a
 * row crossed nothing off. The first solution can be a poor start for some candidates: at 10,000
 * synthetic plugins (uc-01, uc-02) it held the one experiment tracker that gave a capability the
 * request needs, so bringing in any of 568 other trackers (one a stack) meant finding that
 * capability elsewhere, which the walk did not; each solver call could flip one of them: 963 calls.
 * From the solver's next solution, where another plugin gave it, every tracker was a swap away:
 * 8 calls, the backbone 2.97 s -> 1.1 s; 1,000 plugins 69 -> 5 calls; 50,000 25 -> 8
 * (25.9 s -> 20.9 s; there the third round crossed off what two before it did not, so a round
 * that finds nothing does not end them at once).
 */
const FLIP_AGAIN_GIVE_UP = 5;
const FLIP_AGAIN_FRUITLESS = 8;

export interface BackboneOptions {
  /** The largest chunk of literals in one clause (default 64). */
  maxChunk?: number;
  /**
   * The most chunks asked about in one call (default 16). Many chunks make a hard question: at
   * 128 on a 1,000-plugin catalog, logic-solver's stock MiniSat ran out of its 64 MiB heap.
   */
  maxGroups?: number;
}

/**
 * The backbone among `vars` of the constraints on `oracle` with the literals `on` assumed
 * (typically the selectors of the active requests: a request holds only while assumed).
 */
export function backbone(oracle: SatOracle, on: readonly Lit[], vars: readonly string[], options: BackboneOptions = {}): Backbone {
  const maxChunk = Math.max(1, options.maxChunk ?? 64);
  const maxGroups = Math.max(1, options.maxGroups ?? 16);
  const first = oracle.solve(on);
  if (!first) return { sat: false, fixed: new Map() };
  const value = new Map<string, boolean>();
  for (const v of vars) value.set(v, first.evaluate(v));
  /** The literal a variable makes true in the first solution. */
  const lit = (v: string): Lit => (value.get(v) ? v : neg(v));
  // A candidate decided goes back to its first value as the solver's preference, so as not to take
  // the place of one still undecided (one plugin of a type that allows one).
  const decided = (vs: Iterable<string>) => oracle.prefer([...vs].filter((v) => value.has(v)).map(lit));
  // What propagation alone fixes under `on` is backbone without a question (a feature model's
  // mandatory features follow from its root by binary clauses: 50 of the printer model's 172
  // variables, each of which local repair would otherwise walk as far as it can and fail; and
  // its dead features, from their unit clauses: 14,445 of freetz's 31,012).
  const fixed = new Map<string, boolean>();
  const implied = oracle.implied(on);
  // The undecided candidates, in the caller's order (so the calls made are deterministic).
  let undecided: string[] = [];
  for (const v of vars) {
    if (implied?.(lit(v))) fixed.set(v, value.get(v)!);
    else undecided.push(v);
  }
  // The assumptions grow with each backbone literal found: a chain of `extend` variables.
  let head: string | undefined = on.length ? oracle.extend(undefined, on) : undefined;
  // Each solution should flip as many candidates as it can: the solver tries every undecided
  // candidate's other value first (a solution crosses off each one it flips).
  const others = undecided.map((v) => neg(lit(v)));
  oracle.prefer(others);
  const repair = localRepair(oracle, on, first);
  const crossed = repair ? repair.cross(others, FLIP_GIVE_UP) : new Set<string>();
  undecided = undecided.filter((v) => !crossed.has(v));
  decided(crossed);
  // Local repair again from each solution the solver gives, while it helps (FLIP_AGAIN_GIVE_UP).
  let fruitless = 0;
  let chunk = Math.min(8, maxChunk);
  let groups = Math.min(4, maxGroups);
  while (undecided.length) {
    const asked: string[][] = [];
    for (let i = 0; i < groups && i * chunk < undecided.length; i++) asked.push(undecided.slice(i * chunk, (i + 1) * chunk));
    const es = asked.map((g) => oracle.either(g.map((v) => neg(lit(v)))));
    const s = oracle.solve(head ? [head, ...es] : es);
    for (const e of es) oracle.retire(e);
    if (s) {
      decided(undecided.filter((v) => s.evaluate(v) !== value.get(v)));
      undecided = undecided.filter((v) => s.evaluate(v) === value.get(v));
      if (repair && undecided.length && fruitless < FLIP_AGAIN_FRUITLESS) {
        repair.restart((v) => s.evaluate(v));
        const more = repair.cross(undecided.map((v) => neg(lit(v))), FLIP_AGAIN_GIVE_UP);
        fruitless = more.size ? 0 : fruitless + 1;
        decided(undecided.filter((v) => more.has(v)));
        undecided = undecided.filter((v) => !more.has(v));
      }
      if (asked.length === 1) chunk = Math.max(1, chunk >> 1);
      groups = Math.min(maxGroups, groups * 2);
    } else if (asked.length > 1) {
      groups = Math.max(1, asked.length >> 1);
    } else {
      const g = asked[0]!;
      for (const v of g) fixed.set(v, value.get(v)!);
      head = oracle.extend(head, g.map(lit));
      undecided = undecided.slice(g.length);
      chunk = Math.min(maxChunk, chunk * 2);
    }
  }
  return { sat: true, fixed };
}

/**
 * Local repair (`LocalFlip`, without the solver) of the oracle's model under `on`, from `first`:
 * `cross(wanted, giveUp)` flips each of `wanted` in turn and returns the variables of `wanted`
 * the repairs flipped (each repair that succeeds is a solution, so each of them can take its
 * other value);
 * `restart` moves it to another solution. None where the oracle holds more than the model's
 * clauses.
 */
function localRepair(oracle: SatOracle, on: readonly Lit[], first: { evaluate(v: string): boolean }) {
  const { model } = oracle;
  // The repair knows the model's clauses only: it answers for an oracle that holds no more (no
  // guarded constraints) under assumptions it knows (request selectors and model variables; an
  // `extend` variable of the caller's would imply what the repair cannot see).
  const known = new Set([...model.vars, ...model.requests.map((r) => r.selector)]);
  if (oracle.constraintSelectors.length > 0 || !on.every((l) => known.has(varOf(l)))) return undefined;
  const local = new LocalFlip([...model.constraints.flatMap((c) => c.clauses), ...model.requests.flatMap((r) => r.clauses)], (v) => first.evaluate(v), on, oracle.budget);
  const steps = Math.max(FLIP_STEPS, Math.ceil(local.size / FLIP_VARS_PER_STEP));
  return {
    restart: (start: (v: string) => boolean) => local.restart(start),
    cross(wanted: readonly Lit[], giveUp: number): Set<string> {
      // The variables of `wanted` that some repair flipped; `flipped` marks every variable any
      // repair flipped (by LocalFlip's numbers), so that a wanted one already flipped is not
      // tried again. Only wanted ones are named: at 50,000 synthetic plugins each repair walked
      // counters of hundreds of registers, and a Set of all their names took 8.7 s of 21.
      const crossed = new Set<string>();
      const flipped = new Uint8Array(local.size + 1);
      const isWanted = new Uint8Array(local.size + 1);
      for (const l of wanted) isWanted[local.indexOf(varOf(l)) ?? 0] = 1;
      let failures = 0;
      for (const l of wanted) {
        if (flipped[local.indexOf(varOf(l)) ?? 0]) continue;
        const changed = local.flipIndices(l, steps);
        if (!changed) {
          if (++failures >= giveUp) break;
          continue;
        }
        failures = 0;
        for (const x of changed) {
          if (flipped[x]) continue;
          flipped[x] = 1;
          if (isWanted[x]) crossed.add(local.nameOf(x));
        }
      }
      return crossed;
    },
  };
}
