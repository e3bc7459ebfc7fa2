/**
 * Satisfiability questions about a model, many of them on one solver: which requests (and, for
 * explanations, which labelled constraints) can hold together, with what else assumed.
 *
 * Two solvers answer them, the same answers from either (only which solution comes back may
 * differ): a small model's (`isLarge`) on the sampler's own CDCL (cdcl.ts), a large one's on
 * logic-solver's MiniSat. Starting MiniSat costs a command ~12 ms (its WebAssembly module
 * compiled and instantiated, a 16 MiB heap that V8's collector then counts), more than the whole
 * of a small model's questions on the CDCL: `analyze` on a DIMACS feature model spent 12–25 ms
 * in its backbone on MiniSat, 4–12 ms on the CDCL (bench/README.md, "analyze without MiniSat").
 * On large models MiniSat's search is the faster one, and its memory stays outside V8's heap.
 */
import Logic from "logic-solver";
import { checkBudget, CALL_WORK, pastDeadline, SolverMemory, spend, Timeout, workLeft, type Budget } from "../common/budget.js";
import { Cdcl } from "./cdcl.js";
import { addClauses, isSolverMemoryAbort, meterSolver, newSolver, POOLED_HEAP_BYTES, preferValues, releaseSolver, rootFacts, solveAssumingVar, usePatchedMiniSat, type AssumingSolver } from "./minisat/minisat.js";
import { isLarge, isNegative, neg, varOf, type Clause, type Lit, type Model } from "./types.js";

/** A solution an oracle found: the value of any literal ("v" or "-v") of its model or of its questions. */
export interface OracleSolution {
  evaluate(l: Lit): boolean;
}

/** Which solver answers an oracle's questions. */
export type OracleSolver = "cdcl" | "minisat";

/** The solver `SatOracle` uses for `model` unless told otherwise: see the file's comment. */
export const oracleSolverFor = (model: Model): OracleSolver => (isLarge(model) ? "minisat" : "cdcl");

/** What an oracle needs of a solver: clauses over named variables, and questions under assumptions. */
interface Questions {
  add(clauses: readonly Clause[]): void;
  /** Gives `v` a value in every solution, whether or not a clause names it. */
  declare(v: string): void;
  /** A solution with every literal of `on` true, or null. */
  solve(on: readonly Lit[]): OracleSolution | null;
  prefer(lits: readonly Lit[]): void;
  /** Makes `v` false for good. */
  forbid(v: string): void;
  /**
   * Literals true in every solution under `on` that the solver knows without a search (asked
   * after a solve under `on` found one): on the CDCL, what unit propagation makes true with `on`
   * assumed; on MiniSat, its root level (what the clauses alone imply, by propagation and the
   * units it learnt: true under any assumptions). Undefined when it can say nothing.
   */
  implied(on: readonly Lit[]): ((l: Lit) => boolean) | undefined;
  release(): void;
}

/**
 * Satisfiability under a chosen set of requests (and, for explanations, of labelled
 * constraints), reusing one solver through assumptions. Every request and every guarded
 * constraint has a selector; a selector that is not assumed is left free, which drops its rule.
 */
/** How many answers an oracle remembers at most (`SatOracle.sat`). */
const MAX_ANSWERS = 4096;

export class SatOracle {
  private questions: Questions;
  readonly constraintSelectors: string[];
  constructor(
    readonly model: Model,
    readonly budget: Budget,
    guardConstraints = false,
    solver: OracleSolver = oracleSolverFor(model),
  ) {
    this.constraintSelectors = [];
    const q = (this.questions = solver === "cdcl" ? new CdclQuestions(budget) : new MiniSatQuestions(budget));
    model.constraints.forEach((c, i) => {
      if (guardConstraints && c.kind !== "definition") {
        const sel = `k:${i}`;
        this.constraintSelectors[i] = sel;
        q.add(c.clauses.map((cl) => [`-${sel}`, ...cl]));
      } else q.add(c.clauses);
    });
    for (const r of model.requests) q.add(r.clauses);
    for (const v of model.vars) q.declare(v);
  }
  /**
   * Runs `f` on a new oracle, then releases it (a MiniSat module goes back to its pool at once
   * rather than when the garbage collector finds it).
   */
  static with<T>(model: Model, budget: Budget, f: (o: SatOracle) => T, guardConstraints = false): T {
    const o = new SatOracle(model, budget, guardConstraints);
    try {
      return f(o);
    } finally {
      o.release();
    }
  }
  /** Ends this oracle's use; any later question throws. */
  release(): void {
    this.questions.release();
    this.answers.clear();
  }
  /** A solution with every selector in `on` true, or null. */
  solve(on: readonly string[]): OracleSolution | null {
    checkBudget(this.budget);
    this.budget.calls++;
    return this.questions.solve(on);
  }
  /**
   * Whether a solution exists with every selector in `on` true. Answers are remembered (up to
   * MAX_ANSWERS at a time): the oracle's clauses only grow by ones guarded by fresh variables (`extend`, `either`),
   * which no question about other selectors assumes, so an answer never changes. Explanations on
   * one oracle ask the same question again (analyze's counterfactuals of one scope each first ask
   * whether the request itself holds).
   */
  sat(on: readonly string[]): boolean {
    const key = [...new Set(on)].sort().join("\u0000");
    let known = this.answers.get(key);
    if (known === undefined) {
      known = this.solve(on) !== null;
      // Bounded: a long QuickXplain on thousands of rules asks thousands of questions, each a key
      // of thousands of selectors; the repeats worth remembering come close together.
      if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
      this.answers.set(key, known);
    }
    return known;
  }
  private readonly answers = new Map<string, boolean>();
  /**
   * Literals that hold in every solution under `on`, known without a search (see
   * `Questions.implied`; ask after a solve under `on` found a solution), so that a backbone need
   * not ask about them. No solver call.
   */
  implied(on: readonly string[]): ((l: Lit) => boolean) | undefined {
    checkBudget(this.budget);
    return this.questions.implied(on);
  }
  private chainVars = 0;
  /** How many variables `extend` has made (each call to MiniSat copies them all). */
  get extensions(): number {
    return this.chainVars;
  }
  /**
   * A fresh variable that implies `head` (when given) and every literal of `lits`: assuming it
   * alone assumes them all. Lets a caller grow a set of assumptions one literal at a time with
   * two clauses per step, instead of a new conjunction of the whole set for every call.
   */
  extend(head: string | undefined, lits: readonly string[]): string {
    const a = `a:${this.chainVars++}`;
    this.questions.add([...lits.map((l) => [`-${a}`, l]), ...(head ? [[`-${a}`, head]] : [])]);
    return a;
  }
  private eitherVars = 0;
  /**
   * A fresh variable that implies at least one literal of `lits` (the clause ¬e ∨ l1 ∨ ... ∨ lk):
   * assuming it asks for a solution where one of them holds. The backbone uses it to ask, of a
   * chunk of literals at once, whether any of them can be flipped.
   */
  either(lits: readonly string[]): string {
    const e = `e:${this.eitherVars++}`;
    this.questions.add([[`-${e}`, ...lits]]);
    return e;
  }
  /**
   * Asks the solver to try these values first (true for "v", false for "-v") when it decides
   * their variables. Steers which solution comes back, never whether one does.
   */
  prefer(lits: readonly string[]): void {
    this.questions.prefer(lits);
  }
  /** Makes a variable of `either` or `extend` false for good, once its question is answered. */
  retire(v: string): void {
    this.questions.forbid(v);
  }
}

/**
 * The questions on logic-solver's MiniSat (the pooled heap), metered in the budget. A question
 * that outgrows the heap ends in `SolverMemory`, a stop like a time limit.
 */
class MiniSatQuestions implements Questions {
  private solver: Logic.Solver;
  /** Names the variables of `solve`'s questions of more than one literal. */
  private asked = 0;
  /**
   * The patched MiniSat's questions under many assumptions at once, when the build has it: a
   * question of several literals then adds nothing to the formula. On the stock solver each adds
   * a clause per literal for good, which logic-solver keeps as an object: analyze's explanations
   * on 3,000 synthetic plugins with strict integrations (16,000 guarded rules, each a literal of
   * most questions) filled MiniSat's 64 MiB, then V8's heap (4.9 GB).
   */
  private assuming: AssumingSolver | undefined;
  constructor(budget: Budget) {
    this.solver = newSolver(POOLED_HEAP_BYTES);
    this.assuming = usePatchedMiniSat(this.solver, POOLED_HEAP_BYTES);
    meterSolver(this.solver, { left: () => workLeft(budget), spend: (u) => spend(budget, u) });
  }
  add(clauses: readonly Clause[]): void {
    // Without logic-solver's type checks of each clause, as every bulk add of the engine's.
    Logic.disablingAssertions(() => addClauses(this.solver, clauses as Clause[]));
  }
  declare(v: string): void {
    this.solver.getVarNum(v);
  }
  solve(on: readonly Lit[]): OracleSolution | null {
    if (on.length === 0) return this.bounded(() => Logic.disablingAssertions(() => this.solver.solve()));
    const assuming = this.assuming;
    if (assuming) return this.bounded(() => assuming.solve(on));
    // The stock MiniSat is handed one positive variable to assume: `on` itself when it is one,
    // else a fresh variable that implies every literal of `on`, forbidden once asked. Not
    // solveAssuming: it wraps each question in a formula whose bookkeeping logic-solver copies
    // into every later Solution, which grows quadratically over many calls (lint at 10,000
    // plugins spent 22 of its 93 s there).
    const solveUnder = (v: number) => this.bounded(() => solveAssumingVar(this.solver, v));
    if (on.length === 1 && !isNegative(on[0]!)) return solveUnder(this.solver.getVarNum(on[0]!));
    const q = `q:${this.asked++}`;
    this.add(on.map((l) => [`-${q}`, l]));
    const s = solveUnder(this.solver.getVarNum(q));
    this.solver.forbid(q);
    return s;
  }
  /** `f`, with the solver's fixed memory running out said as `SolverMemory` (emscripten throws a string). */
  private bounded<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw isSolverMemoryAbort(e) ? new SolverMemory() : e;
    }
  }
  prefer(lits: readonly Lit[]): void {
    preferValues(
      this.solver,
      lits.map((l) => (isNegative(l) ? -1 : 1) * this.solver.getVarNum(varOf(l))),
    );
  }
  forbid(v: string): void {
    this.solver.forbid(v);
  }
  implied(): ((l: Lit) => boolean) | undefined {
    // MiniSat is at its root level between solves, and has propagated it in the last one.
    const { lits } = rootFacts(this.solver);
    if (lits.length === 0) return undefined;
    const value = new Map<number, boolean>();
    for (const x of lits) value.set(Math.abs(x), x > 0);
    const solver = this.solver;
    return (l: Lit): boolean => {
      const n = solver.getVarNum(varOf(l), true);
      return n > 0 && value.get(n) === !isNegative(l);
    };
  }
  release(): void {
    releaseSolver(this.solver);
  }
}

/**
 * The questions on the CDCL of cdcl.ts, under its own assumptions. Metered as MiniSat is: a
 * call's fixed charge and the solver's work (`ticks`, propagation's visits), the budget checked
 * every 256 conflicts or decisions, so a `--timeout` stops a long proof too.
 */
class CdclQuestions implements Questions {
  private s: Cdcl | undefined = new Cdcl(0);
  private num = new Map<string, number>();
  private metered = 0;
  constructor(private readonly budget: Budget) {}
  private cdcl(): Cdcl {
    if (!this.s) throw new Error("internal: a released oracle was used");
    return this.s;
  }
  private varNum(v: string): number {
    let i = this.num.get(v);
    if (i === undefined) this.num.set(v, (i = this.cdcl().addVars(1)));
    return i;
  }
  private lit(l: Lit): number {
    return isNegative(l) ? 2 * this.varNum(varOf(l)) + 1 : 2 * this.varNum(l);
  }
  add(clauses: readonly Clause[]): void {
    const s = this.cdcl();
    for (const c of clauses) s.addClause(c.map((l) => this.lit(l)));
  }
  declare(v: string): void {
    this.varNum(v);
  }
  /** Spends the work done since the last time; true once the budget is spent (the solver's `stop`). */
  private meter = (): boolean => {
    const ticks = this.cdcl().ticks;
    spend(this.budget, ticks - this.metered);
    this.metered = ticks;
    return pastDeadline(this.budget);
  };
  solve(on: readonly Lit[]): OracleSolution | null {
    const s = this.cdcl();
    spend(this.budget, CALL_WORK + s.n);
    const status = s.solve(
      on.map((l) => this.lit(l)),
      Infinity,
      this.meter,
    );
    this.meter();
    if (status === "unknown") throw new Timeout();
    if (status === "unsat") return null;
    const model = s.model.slice(0, s.n);
    const num = this.num;
    return {
      evaluate(l: Lit): boolean {
        const i = num.get(varOf(l));
        if (i === undefined) throw new Error(`internal: no variable ${varOf(l)} in the oracle`);
        return (model[i] === 1) !== isNegative(l);
      },
    };
  }
  prefer(lits: readonly Lit[]): void {
    const s = this.cdcl();
    for (const l of lits) s.prefer(this.lit(l));
  }
  forbid(v: string): void {
    this.cdcl().addClause([this.lit(neg(v))]);
  }
  implied(on: readonly Lit[]): ((l: Lit) => boolean) | undefined {
    const s = this.cdcl();
    s.cancelUntil(0);
    const ok = s.probe(on.map((l) => this.lit(l)));
    this.meter();
    if (!ok) return undefined;
    const values = s.assignments();
    s.cancelUntil(0);
    const num = this.num;
    return (l: Lit): boolean => {
      const i = num.get(varOf(l));
      return i !== undefined && values[i] === (isNegative(l) ? -1 : 1);
    };
  }
  release(): void {
    this.s = undefined;
  }
}
