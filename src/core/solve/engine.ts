/**
 * The solver layer: labelled constraints and literals in, assignments and costs out.
 * It knows nothing of what the variables stand for. Built on logic-solver (its MiniSat,
 * emscripten's asm.js, translated to WebAssembly at build time: minisat/asm2wasm.mjs).
 *
 * Optimisation is lexicographic in the style of Meteor's constraint solver: minimise a level,
 * lock its optimum (logic-solver's minimizeWeightedSum requires cost = optimum afterwards), go on.
 * A level is minimised bottom-up on a unary counter (small models, stock MiniSat), core-guided
 * (large models, MiniSat patched for assumptions and cores: see minisat.ts and `Oll`), or by
 * logic-solver's binary descent (weights over 64).
 * A final canonical step makes the answer independent of the solver's search among ties: the
 * model's variables are fixed false in reverse name order whenever that keeps every level at its
 * optimum, so among equally good solutions the one whose true variables come first by name wins.
 */
import Logic from "logic-solver";
import { checkBudget, pastDeadline, spend, Timeout, WORK_PER_SECOND, workDone, workLeft, type Budget } from "../common/budget.js";
import { addClauses, isSolverMemoryAbort, meterSolver, newSolver, PATCHED_HEAP_BYTES, patchedMiniSatAvailable, POOLED_HEAP_BYTES, releaseSolver, rootFacts, SMALL_HEAP_BYTES, usePatchedMiniSat, type AssumingSolver } from "./minisat/minisat.js";
import { searchDefaults, type Strategy } from "./settings.js";
import { Totalizer } from "./totalizer.js";
import { isLarge, isNegative, neg, varOf, type Clause, type Model, type Objective, type ObjectiveTerm } from "./types.js";

/** One line per step of the search, when a trace is asked for (MLX_SOLVE_TRACE in the CLI). */
const trace = (line: () => string) => searchDefaults.trace?.(line());

export interface Assignment {
  trueVars: Set<string>;
  costs: number[];
}

export type LexResult =
  | { status: "optimal"; assignment: Assignment }
  | { status: "unsat" }
  | { status: "timeout"; assignment?: Assignment; reason?: "time" | "memory" };

export interface LexOptions {
  /** Selectors of the requests that must hold; all others are dropped. Default: all. */
  active?: ReadonlySet<string>;
  /** Objectives minimised before the model's own (e.g. repair's "changes"). */
  before?: Objective[];
  /** Skip the model's objectives (only `before` and the canonical step). */
  skipModelObjectives?: boolean;
  /** Selectors left free (neither forced nor dropped): for finding correction sets. */
  free?: ReadonlySet<string>;
  /** Further hard clauses (e.g. blocking clauses of correction sets already found). */
  extraClauses?: Clause[];
  /** Run the canonical tie-break (default true). */
  canonicalise?: boolean;
  /** How each level is minimised (default: `searchDefaults.strategy`). */
  strategy?: Strategy;
  /** A search near the best solution so far, for lazy levels (see `Neighbours`). */
  neighbours?: Neighbours;
  /**
   * Lower bounds known in advance, one per level (`before` first): level i's optimum is at least
   * `floor[i]` whenever every earlier level's optimum equals its floor. The k-th of the best
   * solutions (top.ts) has them: the costs of the (k-1)-th, the lexicographic minimum over a
   * superset of the solutions left. A level whose earlier levels all met their floors first asks
   * for a solution at its floor, and one found is optimal without a proof of its own.
   */
  floor?: readonly number[];
  budget: Budget;
}

/**
 * A search near a solution, for the levels that have no search from above (lazy ones: the
 * integration gaps). Given the model's variables a solution makes true and its costs at the
 * model's own levels, it returns a selection of those variables it expects to cost less (found
 * before `budget`'s work reaches `until`, see common/budget.ts; its solver calls and work are
 * counted in `budget`), or undefined. The engine takes nothing
 * on trust: it solves the model with exactly that selection and keeps the result only when the
 * level's true cost went down. The proof is unchanged; it only stops earlier when its bound
 * meets the cost of a solution found this way, and a timeout has a better stack to show.
 */
export type Neighbours = (selected: readonly string[], costs: readonly number[], until: number, budget: Budget) => readonly string[] | undefined;

/** What the core-guided search of a level needs for `Neighbours`. */
interface Near {
  neighbours: Neighbours;
  vars: readonly string[];
  /** The index of the model's first own level (after `LexOptions.before`). */
  own: number;
}


/** Builds a solver holding every hard constraint and the active requests. */
function buildSolver(model: Model, heapBytes: number, active: ReadonlySet<string> | undefined, free?: ReadonlySet<string>, extra: Clause[] = [], onNew?: (s: Logic.Solver) => void): Logic.Solver {
  return Logic.disablingAssertions(() => {
    const solver = newSolver(heapBytes);
    onNew?.(solver);
    for (const c of model.constraints) addClauses(solver, c.clauses);
    for (const r of model.requests) {
      addClauses(solver, r.clauses);
      if (free?.has(r.selector)) continue;
      if (!active || active.has(r.selector)) solver.require(r.selector);
      else solver.forbid(r.selector);
    }
    // Every variable of the model exists in the solver even when no clause mentions it.
    addClauses(solver, extra);
    for (const v of model.vars) solver.getVarNum(v);
    return solver;
  });
}

/** Literals in a model's clauses (the work of building its solver, see common/budget.ts). */
const literalCounts = new WeakMap<Model, number>();
function modelLiterals(model: Model): number {
  let n = literalCounts.get(model);
  if (n === undefined) {
    n = 0;
    for (const c of model.constraints) for (const cl of c.clauses) n += cl.length;
    for (const r of model.requests) for (const cl of r.clauses) n += cl.length;
    literalCounts.set(model, n);
  }
  return n;
}

/** Levels whose weights are all this small get a unary counter (bottom-up search, and the lock). */
const UNARY_MAX_WEIGHT = 64;

/**
 * The presolve between levels: what the solver already knows to be false in every solution it
 * can still give, so that a later level leaves out the terms that can never cost.
 *
 * Soundness. MiniSat's root level (`rootFacts`) holds literals implied by the clauses the solver
 * holds: the hard constraints, the requests' selectors, the definitions of lazy terms, and the
 * locks of the levels minimised so far ("this level costs at most its optimum"; at an optimum of
 * 0, every term of the level forbidden). Clauses are only ever added to a solver, so each such
 * literal holds in every solution of every later solve, whatever is assumed. A term whose literal
 * is false there, or a pair term (`ObjectiveTerm.pair`: it costs exactly when both of its pair
 * hold) one of whose pair is false there, is 0 in all of those solutions. Leaving it out of a
 * level therefore changes no solution's cost at that level, so neither the level's optimum nor
 * which solutions reach it; and costs are never read from the listed terms alone (`Level.cost`
 * recomputes a lazy level from the solution). Left out where it matters:
 *   - a lazy level's reveals (the integration gaps of plugins the locks rule out: on the sparse
 *     1,000-plugin catalog, the precedence lock at 0 forbids 178 plugins and unit propagation 50
 *     more whose `requires` only they met, 805 -> 577 in scope);
 *   - the soft assumptions of a core-guided search (`Oll`);
 *   - the rows of a level's own counter, built when a bound is first asked for (`Totalizer`).
 * The test: `test/strategies.test.ts` solves random models with and without it and compares.
 */
class Fixed {
  private size = 0;
  private readonly value = new Map<string, boolean>();
  constructor(
    private readonly solver: Logic.Solver,
    readonly on: boolean,
  ) {}
  /** Reads what MiniSat's root level gained since the last call. */
  private refresh(): void {
    const { lits, size } = rootFacts(this.solver, this.size);
    this.size = size;
    for (const l of lits) this.value.set(this.solver.getVarName(Math.abs(l)), l > 0);
  }
  /** Whether `lit` is false at the root level as last read. */
  private known(lit: string): boolean {
    return isNegative(lit) ? this.value.get(varOf(lit)) === true : this.value.get(lit) === false;
  }
  /** True when `lit` is false in every solution the solver can still give (see the class). */
  isFalse(lit: string): boolean {
    if (!this.on) return false;
    this.refresh();
    return this.known(lit);
  }
  /** True when the term can cost nothing in any solution the solver can still give. */
  rulesOut(t: ObjectiveTerm): boolean {
    if (!this.on) return false;
    this.refresh(); // once for the term and its pair
    return this.known(t.lit) || (t.pair !== undefined && (this.known(t.pair[0]) || this.known(t.pair[1])));
  }
}

/**
 * One objective level during the search: its terms so far (a lazy level adds the terms each new
 * solution reveals) and, once minimised, its locked optimum.
 */
class Level {
  readonly seen = new Set<string>();
  readonly terms: ObjectiveTerm[] = [];
  readonly counter?: Totalizer;
  opt?: number;
  readonly id: string;
  /** Set by the level's own core-guided search while its bound is 0. */
  wideAtZero = false;
  /** Counters made for cores on this level so far (names them). */
  cores = 0;
  constructor(
    readonly objective: Objective,
    readonly solver: Logic.Solver,
    index: number,
    readonly fixed: Fixed,
  ) {
    this.id = String(index);
    if (objective.terms.every((t) => t.weight <= UNARY_MAX_WEIGHT)) this.counter = new Totalizer((cs) => addClauses(solver, cs), this.id, fixed.on ? (l) => fixed.isFalse(l) : undefined);
    this.add(objective.terms, []);
  }
  private add(terms: ObjectiveTerm[], clauses: Clause[]) {
    addClauses(this.solver, clauses);
    for (const t of terms) {
      if (this.seen.has(t.lit)) continue;
      this.seen.add(t.lit);
      this.terms.push(t);
      this.counter?.addTerm(t);
    }
  }
  /** Adds the lazy terms a solution reveals; true when there were new ones. */
  reveal(sol: Logic.Solution): boolean {
    if (!this.objective.lazy) return false;
    // A wide reveal (see `Objective.lazy`) once the level is locked, and while its own search is
    // still looking for a solution that costs nothing: in both cases every term is a "no", and
    // the search should not rediscover them a solution at a time (on the hub 1k catalog: 92
    // solver calls instead of 465). Not once the level's bound is above 0: there each term is a
    // soft assumption of the core-guided search, and the cores grow with them.
    const found = this.objective.lazy((v) => sol.evaluate(v), this.opt !== undefined || this.wideAtZero);
    let out = 0;
    const fresh = found.terms.filter((t) => !this.seen.has(t.lit) && !(this.fixed.rulesOut(t) && ++out));
    if (fresh.length === 0) return false;
    trace(() => `level ${this.objective.name}: ${fresh.length} new lazy terms (${this.terms.length + fresh.length} known${out ? `, ${out} more ruled out` : ""})`);
    this.add(fresh, found.clauses);
    if (this.opt !== undefined) this.lock(this.opt, fresh);
    return true;
  }
  /**
   * The level's true cost in a solution. Listed terms are read from it; a lazy level's terms are
   * recomputed from the solution itself, since a term added after it was found is not in it.
   */
  cost(sol: Logic.Solution): number {
    let c = 0;
    for (const t of this.objective.terms) if (sol.evaluate(t.lit)) c += t.weight;
    if (this.objective.lazy) c += this.objective.lazy((v) => sol.evaluate(v)).cost;
    return c;
  }
  /** Locks the level at `opt`; again after `fresh` terms were revealed (then only they are new). */
  lock(opt: number, fresh: ObjectiveTerm[] = this.terms) {
    this.opt = opt;
    trace(() => `level ${this.objective.name}: locked at ${opt} over ${this.terms.length} terms`);
    if (opt === 0) {
      if (fresh.length) this.solver.forbid(fresh.map((t) => t.lit));
      return;
    }
    const a = this.counter?.atMost(opt);
    if (a) this.solver.require(a);
  }
}

/** Lets every level add the lazy terms `sol` reveals (each level, always); true when there were any. */
function revealAll(levels: Level[], sol: Logic.Solution): boolean {
  let changed = false;
  for (const l of levels) if (l.reveal(sol)) changed = true;
  return changed;
}

/**
 * Solves under an assumption. The assumption is a function because it may name a counter's last
 * row, which moves when a solution reveals new terms: it is recomputed before every re-solve.
 */
type SolveFn = (assume?: () => Logic.FormulaOrTerm | undefined) => Logic.Solution | null;

export function solveLex(model: Model, opts: LexOptions): LexResult {
  // A small model searches on a small heap (minisat.ts, SMALL_HEAP_BYTES; without the patched
  // build every heap is logic-solver's own). One that outgrows it, which no search of the test
  // suite came near, is searched again on the pooled size while there is time left; the better
  // of the two answers stands (the second starts from scratch on what the budget has left).
  const large = isLarge(model);
  const small = !large && patchedMiniSatAvailable();
  const first = searchOnce(model, opts, large, small ? SMALL_HEAP_BYTES : POOLED_HEAP_BYTES);
  if (!small || first.status !== "timeout" || first.reason !== "memory" || pastDeadline(opts.budget)) return first;
  const again = searchOnce(model, opts, large, POOLED_HEAP_BYTES);
  return again.status === "timeout" && first.assignment && (!again.assignment || lexBefore(first.assignment.costs, again.assignment.costs)) ? first : again;
}

/** Whether `a` costs less than `b`, level by level. */
function lexBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function searchOnce(model: Model, opts: LexOptions, large: boolean, heapBytes: number): LexResult {
  // The search's solver never outlives it: its MiniSat module goes back to the pool at once.
  let built: Logic.Solver | undefined;
  try {
    return searchLex(model, opts, large, heapBytes, (s) => (built = s));
  } finally {
    if (built) releaseSolver(built);
  }
}

/** The search of `model`; `large`: `isLarge(model)`, which decides its strategy under "auto". */
function searchLex(model: Model, opts: LexOptions, large: boolean, heapBytes: number, onBuilt: (s: Logic.Solver) => void): LexResult {
  const { budget } = opts;
  trace(() => `model: ${model.vars.length} variables, ${modelLiterals(model)} literals, ${model.objectives.length} objectives`);
  // Out of time before it starts: nothing to show (the first solution is otherwise always sought).
  if (pastDeadline(budget)) return { status: "timeout", reason: "time" };
  let assuming: AssumingSolver | undefined;
  const strategy = opts.strategy ?? searchDefaults.strategy;
  const solver = buildSolver(model, heapBytes, opts.active, opts.free, opts.extraClauses, (s) => {
    onBuilt(s);
    if (strategy === "cores" || (strategy === "auto" && large)) assuming = usePatchedMiniSat(s, large ? PATCHED_HEAP_BYTES : heapBytes);
  });
  // Every solve counts its work in the budget: a time limit is a limit in work (common/budget.ts).
  // So does building the solver: a unit per literal handed to it (the search nearby builds a
  // small model at every step).
  meterSolver(solver, { left: () => workLeft(budget), spend: (u) => spend(budget, u) });
  spend(budget, modelLiterals(model) + (opts.extraClauses?.reduce((n, c) => n + c.length, 0) ?? 0));
  // The first solution is always sought in full, so a timeout still has a stack to show.
  let first = true;
  assuming?.setBetween(() => {
    trace(() => `solver: ${JSON.stringify(assuming!.stats())}`);
    if (!first) checkBudget(budget);
  });
  const objectives = [...(opts.before ?? []), ...(opts.skipModelObjectives ? [] : model.objectives)];
  // Every variable an objective names exists in the solver, even when no clause mentions it.
  for (const o of objectives) for (const t of o.terms) solver.getVarNum(t.lit.replace(/^-/, ""));
  const fixed = new Fixed(solver, searchDefaults.presolve);
  const levels = objectives.map((o, i) => new Level(o, solver, i, fixed));
  // A solution under `assume` whose lazy terms every level knows (re-solving until so): a new
  // term can break a locked optimum, which the re-solve then respects.
  const solve: SolveFn = (assume) => {
    for (;;) {
      // The first solution is always sought, so a timeout still has a stack to show.
      if (!first) checkBudget(budget);
      budget.calls++;
      const a = assume?.();
      const s = Logic.disablingAssertions(() => (a === undefined ? solver.solve() : solver.solveAssuming(a)));
      if (!s) return null;
      if (!revealAll(levels, s)) return s;
    }
  };
  let sol: Logic.Solution | null;
  try {
    sol = solve();
  } catch (e) {
    if (isSolverMemoryAbort(e)) return { status: "timeout", reason: "memory" };
    throw e;
  }
  first = false;
  trace(() => `first solution: ${sol ? "found" : "none"}`);
  if (!sol) return { status: "unsat" };
  /** The core-guided state of the last level minimised, when it was (see `canonical`). */
  let last: Oll | undefined;
  const snapshot = (s: Logic.Solution): Assignment => ({ trueVars: new Set(s.getTrueVars()), costs: levels.map((l) => l.cost(s)) });
  // Whether every level so far was locked at its floor, so the next one's floor holds.
  let onFloor = opts.floor !== undefined;
  try {
    for (const [i, level] of levels.entries()) {
      if (level.terms.length === 0 && !level.objective.lazy) continue;
      trace(() => `level ${level.objective.name}: ${level.terms.length} terms, ${assuming && level.counter ? "cores" : "linear"}, from cost ${level.cost(sol!)}`);
      const floor = onFloor ? opts.floor![i] ?? 0 : 0;
      // A solution at the floor is sought directly only by the search from below: with cores, a
      // tight "at most" of its own took 10 times the work of the cores' proof (sparse 300, --top 5).
      const atFloor: Logic.Solution | null = floor > 0 && level.counter ? (level.cost(sol!) <= floor ? sol : assuming ? null : solve(() => level.counter!.atMost(floor))) : null;
      if (atFloor) {
        // It costs at most the floor with every term it reveals, and at least the floor: optimal.
        if (level.cost(atFloor) !== floor) throw new Error(`searchLex: a solution costs ${level.cost(atFloor)} at level ${level.objective.name}, below its floor ${floor}`);
        trace(() => `level ${level.objective.name}: at its floor ${floor}`);
        sol = atFloor;
        level.lock(floor);
        last = undefined;
        continue;
      }
      if (assuming && level.counter) {
        const near = opts.neighbours ? { neighbours: opts.neighbours, vars: model.vars, own: opts.before?.length ?? 0 } : undefined;
        const r = minimizeLevelCores(assuming, levels, level, sol!, budget, (s) => (sol = s), near);
        sol = r.sol;
        last = r.oll;
      } else {
        sol = minimizeLevel(solver, level, sol!, solve, budget);
        last = undefined;
      }
      if (onFloor && level.opt !== floor) onFloor = false;
    }
    if (opts.canonicalise !== false) sol = canonical(solver, sol!, model, last ? (lit) => last!.clone().run([lit], last!.optimum) : (lit) => solve(() => lit), budget);
  } catch (e) {
    if (e instanceof Timeout) return { status: "timeout", reason: "time", assignment: snapshot(sol!) };
    if (isSolverMemoryAbort(e)) return { status: "timeout", reason: "memory", assignment: snapshot(sol!) };
    throw e;
  }
  return { status: "optimal", assignment: snapshot(sol!) };
}

/**
 * Minimises one level and locks its optimum. Small weights: bottom-up, "at most 0, 1, 2, ..." on
 * the unary counter until satisfiable — one call a step, and a stack's optimum at a level is
 * small. Large weights (the MaxSAT benchmarks): logic-solver's binary-adder descent.
 */
function minimizeLevel(solver: Logic.Solver, level: Level, sol: Logic.Solution, solve: SolveFn, budget: Budget): Logic.Solution {
  if (level.cost(sol) === 0) {
    level.lock(0);
    return sol;
  }
  const counter = level.counter;
  if (!counter) {
    const terms = level.terms;
    const best = Logic.disablingAssertions((): Logic.Solution =>
      solver.minimizeWeightedSum(sol, terms.map((t) => t.lit), terms.map((t) => t.weight), {
        progress: (status) => {
          if (status !== "finished") {
            budget.calls++;
            checkBudget(budget);
          }
        },
      }),
    );
    level.opt = level.cost(best);
    return best;
  }
  for (let k = 0; ; k++) {
    // The current solution meets this bound: it is optimal.
    if (k >= level.cost(sol)) break;
    const s = solve(() => counter.atMost(k));
    trace(() => `level ${level.objective.name}: at most ${k}: ${s ? `a solution of ${level.cost(s)}` : "none"}`);
    if (s) {
      sol = s;
      break;
    }
  }
  level.lock(level.cost(sol));
  return sol;
}

/**
 * Minimises one level core-guided (OLL, as in clasp's "usc" and RC2) and locks its optimum.
 * Every term is a soft assumption "this term costs nothing". An unsatisfiable call names a core:
 * assumptions that cannot all hold, so at least one of them costs; the lower bound rises by the
 * core's least weight, that much weight moves from its members to a new soft assumption "at most
 * one of these costs", read off a unary counter over the core, and when such an assumption is
 * itself in a later core it is replaced by "at most two", and so on. A solution under every
 * assumption costs exactly the lower bound, so it is optimal. Lazy terms (integration gaps) that a
 * solution reveals join as new soft assumptions; the bound stays sound because it is a bound on
 * the terms seen so far, and the loop only stops on a solution that reveals nothing new.
 * The optimum is then locked on the level's own counter ("the terms weigh at most opt"), never
 * by keeping the assumptions, which would also pin which terms cost and so restrict later levels.
 * The final state is returned too: the canonical step reuses it (see `canonical`).
 */
function minimizeLevelCores(assuming: AssumingSolver, levels: Level[], level: Level, sol: Logic.Solution, budget: Budget, keep: (s: Logic.Solution) => void, near?: Near): { sol: Logic.Solution; oll?: Oll } {
  if (level.cost(sol) === 0) {
    level.lock(0);
    return { sol };
  }
  const oll = new Oll(assuming, levels, level, budget, near);
  const best = oll.run([], Infinity, sol, keep)!;
  const cost = level.cost(best);
  if (cost !== oll.proven) throw new Error(`minimizeLevelCores: a solution costs ${cost}, the proven bound is ${oll.proven}`);
  level.lock(cost);
  oll.optimum = cost;
  return { sol: best, oll };
}

/**
 * The search from above: at most `conflicts` conflicts per try, a try at most every `everyWork`
 * units of the proof's work (the first after that much), and the proof between tries runs
 * `proofConflicts` at a time (so a single long proof call still leaves room for them). The search
 * nearby runs at least `neighbourWork` and at most `neighbourMaxWork` units at a time. Work, not
 * time, so that a run stops at the same point on every machine (common/budget.ts); the figures
 * are the former 2 s, 1 s and 20 s at `WORK_PER_SECOND`. Exported for the tests, which also run
 * it after every core and every few conflicts.
 */
export const improveTuning = {
  conflicts: 2_000,
  everyWork: 2 * WORK_PER_SECOND,
  proofConflicts: 20_000,
  neighbourWork: 1 * WORK_PER_SECOND,
  neighbourMaxWork: 20 * WORK_PER_SECOND,
  neighbourMinShare: 0.25,
  neighbourFoundShare: 3,
};

/** How much work the search nearby may do after the proof did `spent`, given its share (see `Oll.run`). */
export const nearSlice = (spent: number, share: number): number => Math.max(improveTuning.neighbourWork, Math.min(spent * share, improveTuning.neighbourMaxWork));
/**
 * Its share next time: three times the proof's work once it found a cheaper stack, else half of
 * what it was, down to a quarter (its finds come in bursts: on the sparse 10k catalog, after 40 s
 * without one). With equal time after a find, sparse 10,000 with `--timeout 30` ended at 57, 23,
 * 29 and 18 gaps for the search's seeds 1–4, with `--timeout 120` at 26, 12, 16 and 15; with three
 * times, 34, 14, 26, 18 and 16, 12, 16, 15. Proofs that finish did the same work at 400 and 1,000
 * sparse plugins and at 1,000 hub (the search nearby found nothing there), and 1.2 % more at
 * 50,000 (bench/README.md, "The search nearby, after a find").
 */
export const nextNearShare = (found: boolean, share: number): number => (found ? improveTuning.neighbourFoundShare : Math.max(improveTuning.neighbourMinShare, share / 2));

/** The state of a core-guided search on one level: soft assumptions, their counters, the bound. */
class Oll {
  /** Soft assumption literal -> its remaining weight. Insertion order keeps runs deterministic. */
  softs = new Map<string, number>();
  /** A counter's "at most k" assumption -> the counter and k, to relax it to k + 1. */
  relaxes = new Map<string, { counter: Totalizer; k: number; size: number }>();
  /** How many of the level's terms are soft assumptions already (the level only appends). */
  private next = 0;
  /** A soft assumption "¬g" of a pair term -> the pair (see `ObjectiveTerm.pair`). */
  pairs = new Map<string, [string, string]>();
  /** The bound the cores account for (the search from above may have proven more). */
  lb = 0;
  /** The bound proven when `run` returned a solution: its cost. */
  proven = 0;
  /** The level's optimum, once found: the limit of the canonical step's searches. */
  optimum = Infinity;
  constructor(
    private readonly assuming: AssumingSolver,
    private readonly levels: Level[],
    private readonly level: Level,
    private readonly budget: Budget,
    private readonly near?: Near,
  ) {
    this.addTerms();
  }
  /** A copy to search further under more assumptions, leaving this one as it is. */
  clone(): Oll {
    const o = new Oll(this.assuming, this.levels, this.level, this.budget, this.near);
    o.softs = new Map(this.softs);
    o.relaxes = new Map(this.relaxes);
    o.next = this.next;
    o.pairs = this.pairs;
    o.lb = this.lb;
    return o;
  }
  /** Makes the level's terms revealed since the last call soft assumptions; true when there were any. */
  private addTerms(): boolean {
    const terms = this.level.terms;
    if (this.next === terms.length) return false;
    for (; this.next < terms.length; this.next++) {
      const t = terms[this.next]!;
      if (t.weight <= 0 || this.level.fixed.rulesOut(t)) continue;
      const a = neg(t.lit);
      this.softs.set(a, (this.softs.get(a) ?? 0) + t.weight);
      if (t.pair) this.pairs.set(a, t.pair);
    }
    return true;
  }
  /**
   * Solves under `lits`; a solution only once it reveals no new lazy term (else re-solves). With
   * `pause`, the solve runs `improveTuning.proofConflicts` conflicts at a time and calls it in
   * between (MiniSat keeps what it learned); undefined when `pause` says to stop.
   */
  private solve(lits: string[], pause?: () => boolean): Logic.Solution | null | undefined {
    for (let resumed = false; ; ) {
      // Terms revealed since (by the last solution, or by a search nearby during a pause) are
      // assumptions of the question from now on, else a solution could skip them.
      if (this.addTerms()) lits = [...lits.filter((l) => !this.softs.has(l)), ...this.softs.keys()];
      checkBudget(this.budget);
      // A solve resumed after a pause is the same question: one solver call.
      if (!resumed) this.budget.calls++;
      const s = pause ? this.assuming.trySolve(lits, improveTuning.proofConflicts) : this.assuming.solve(lits);
      resumed = s === undefined;
      if (s === undefined) {
        if (pause!()) return undefined;
        continue;
      }
      if (!s) return null;
      if (!revealAll(this.levels, s)) return s;
    }
  }
  /**
   * Minimises the level under the further assumptions `hard`: a solution costing the bound, or
   * null once the bound passes `limit` (or `hard` cannot hold at all). With `from` (a solution),
   * a proof that runs for a while is interleaved with a search from above: "cheaper than the
   * best so far", each try cut off after a few conflicts. That gives a timeout a better answer
   * (`keep` gets each one), and the proof stops as soon as the bounds meet. A lazy level gets
   * `Neighbours` instead, when there are any: there the tries from above reveal terms faster than
   * they find better solutions (on the sparse 1k catalog its proof took 7 times as long), and a
   * bound near the first solution's cost over 100,000 gap terms is a totalizer too large for
   * MiniSat's heap (hub 10k, tried); a search near the best stack needs neither.
   */
  run(hard: string[], limit: number, from?: Logic.Solution, keep?: (s: Logic.Solution) => void): Logic.Solution | null {
    const { assuming, level, budget } = this;
    let best = from;
    const near = level.objective.lazy ? this.near : undefined;
    let ub = from && (!level.objective.lazy || near) ? level.cost(from) : Infinity;
    // The search from above starts only once the proof has done some work, and takes a small
    // share. `lastTry`: the work done when the proof last took over from it.
    let lastTry = workDone(budget);
    // The search nearby gets this share of the work the proof did since (see `improveNear`).
    let nearShare = 1;
    // What the search from above proved (no solution below ub). Kept apart from `lb`, which must
    // stay the sum the cores account for: a copy for the canonical step starts from it.
    let above = 0;
    const bound = () => Math.max(this.lb, above);
    const improve = (): void => {
      if (near) {
        improveNear(near, workDone(budget) - lastTry);
        lastTry = workDone(budget);
        return;
      }
      lastTry = workDone(budget);
      while (ub > bound()) {
        checkBudget(budget);
        budget.calls++;
        const below = level.counter!.atMost(ub - 1);
        const s = assuming.trySolve(below === undefined ? hard : [...hard, below], improveTuning.conflicts);
        if (s === undefined) return;
        if (s === null) {
          above = ub;
          return;
        }
        // A new term of a locked lazy level may break its lock: re-solve, as `solve` does.
        if (revealAll(this.levels, s)) continue;
        best = s;
        ub = level.cost(s);
        trace(() => `level ${level.objective.name}: found cost ${ub} from above`);
        keep?.(s);
      }
    };
    // Asks `Neighbours` for cheaper stacks for a while, and checks each on the model itself. The
    // while follows the work the proof did since the last time (`spent`), times a share that is
    // halved each time nothing is found, down to a quarter, and 3 once something is
    // (`nearSlice`, `nextNearShare`): with a slice of 1 s every 2–10 s of proof, the
    // sparse 10k catalog showed 51 gaps after 120 s where the same search alone reaches 16–21 in
    // 5–15 s; where it has nothing left to find, the proof keeps four fifths of the time.
    const improveNear = (n: Near, spent: number): void => {
      const until = workDone(budget) + nearSlice(spent, nearShare);
      const before = ub;
      try {
        searchNear(n, until);
      } finally {
        nearShare = nextNearShare(ub < before, nearShare);
      }
    };
    const searchNear = ({ neighbours, vars, own }: Near, until: number): void => {
      while (ub > bound() && workDone(budget) < until && !pastDeadline(budget)) {
        const current = best!;
        const pick = neighbours(
          vars.filter((v) => current.evaluate(v)),
          this.levels.slice(own).map((l) => l.cost(current)),
          until,
          budget,
        );
        if (!pick) return;
        const on = new Set(pick);
        const lits = [...hard, ...vars.map((v) => (on.has(v) ? v : neg(v)))];
        let s: Logic.Solution | null;
        for (;;) {
          checkBudget(budget);
          budget.calls++;
          s = assuming.solve(lits);
          // New terms of this level become soft assumptions of the proof in `solve`.
          if (!s || !revealAll(this.levels, s)) break;
        }
        if (!s) {
          trace(() => `level ${level.objective.name}: a selection from nearby breaks a constraint`);
          return;
        }
        const cost = level.cost(s);
        if (cost >= ub) continue;
        best = s;
        ub = cost;
        trace(() => `level ${level.objective.name}: found cost ${ub} nearby`);
        keep?.(s);
      }
    };
    const done = (s: Logic.Solution): Logic.Solution => {
      this.proven = bound();
      return s;
    };
    for (;;) {
      if (bound() >= ub) return done(best!);
      if (this.lb > limit) return null;
      level.wideAtZero = this.lb === 0;
      const s = this.solve(
        [...hard, ...this.softs.keys()],
        ub < Infinity
          ? () => {
              if (workDone(budget) - lastTry >= improveTuning.everyWork) improve();
              return bound() >= ub;
            }
          : undefined,
      );
      if (s === undefined) return done(best!);
      if (s) return done(s);
      let core = assuming.core();
      // Trim: re-solving under the core alone often names a smaller one (RC2's "trim"); only for
      // cores small enough that the re-solves are cheap next to the counter they shrink.
      for (let round = 0; round < 5 && core.length > 1 && core.length <= 256; round++) {
        checkBudget(budget);
        budget.calls++;
        if (assuming.solve(core)) break;
        const smaller = assuming.core();
        if (smaller.length === 0 || smaller.length >= core.length) break;
        core = smaller;
      }
      const softCore = core.filter((a) => this.softs.has(a));
      // Only further assumptions failed: they cannot hold whatever the cost.
      if (softCore.length === 0) return null;
      core = softCore;
      let w = Infinity;
      for (const a of core) w = Math.min(w, this.softs.get(a)!);
      this.lb += w;
      trace(() => `level ${level.objective.name}: core of ${core.length}, bound ${this.lb} (${this.softs.size} softs, calls ${budget.calls})`);
      for (const a of core) {
        const rest = this.softs.get(a)! - w;
        if (rest > 0) this.softs.set(a, rest);
        else this.softs.delete(a);
        const r = this.relaxes.get(a);
        if (r && r.k + 1 < r.size) {
          const next = r.counter.atMost(r.k + 1)!;
          this.softs.set(next, (this.softs.get(next) ?? 0) + w);
          this.relaxes.set(next, { ...r, k: r.k + 1 });
        }
      }
      if (core.length > 1) {
        const counter = new Totalizer((cs) => addClauses(level.solver, cs), `${level.id}c${level.cores++}`);
        // A pair term is counted from its pair (the cost itself: g may be true without it), in
        // rows gated by its first literal, as the level's own counter does (see Totalizer.addRow).
        for (const a of core) counter.addTerm({ lit: neg(a), weight: 1, pair: this.pairs.get(a) });
        // Exhaust: while "at most k of these" is impossible on its own, the bound rises by w.
        let k = 1;
        while (k < core.length && this.lb <= limit) {
          checkBudget(budget);
          budget.calls++;
          if (assuming.solve([...hard, counter.atMost(k)!])) break;
          this.lb += w;
          k++;
        }
        if (k < core.length) {
          const atMostK = counter.atMost(k)!;
          this.softs.set(atMostK, (this.softs.get(atMostK) ?? 0) + w);
          this.relaxes.set(atMostK, { counter, k, size: core.length });
        }
      }
      if (ub < Infinity && workDone(budget) - lastTry >= improveTuning.everyWork) improve();
    }
  }
}

/**
 * Among the optimal solutions, the one whose true variables come first by name, then whose
 * choices come first option by option. Variables: from the last name to the first, each true one
 * is fixed false when some optimal solution allows it (only true ones cost a call). Choices: each
 * one whose owner holds, in owner name order, takes its first option some optimal solution allows.
 */
function canonical(solver: Logic.Solver, sol: Logic.Solution, model: Model, optimalWith: (lit: string) => Logic.Solution | null, budget: Budget): Logic.Solution {
  for (const v of [...model.vars].sort().reverse()) {
    checkBudget(budget);
    if (!sol.evaluate(v)) {
      solver.forbid(v);
      continue;
    }
    const alt = optimalWith(`-${v}`);
    if (alt) {
      solver.forbid(v);
      sol = alt;
    } else solver.require(v);
  }
  for (const { owner, options } of [...(model.choices ?? [])].sort((x, y) => (x.owner < y.owner ? -1 : x.owner > y.owner ? 1 : 0))) {
    if (!sol.evaluate(owner)) continue;
    for (const f of options) {
      if (sol.evaluate(f)) {
        solver.require(f);
        break;
      }
      const alt = optimalWith(f);
      if (alt) {
        solver.require(f);
        sol = alt;
        break;
      }
    }
  }
  return sol;
}
