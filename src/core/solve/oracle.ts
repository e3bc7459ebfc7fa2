/**
 * Satisfiability questions about a model, many of them on one solver: which requests (and, for
 * explanations, which labelled constraints) can hold together, with what else assumed.
 */
import Logic from "logic-solver";
import { checkBudget, spend, workLeft, type Budget } from "../common/budget.js";
import { addClauses, isSolverMemoryAbort, meterSolver, newSolver, patchedMiniSatAvailable, POOLED_HEAP_BYTES, preferValues, releaseSolver, SMALL_HEAP_BYTES, solveAssumingVar } from "./minisat/minisat.js";
import { isLarge, isNegative, varOf, type Model } from "./types.js";

/**
 * Satisfiability under a chosen set of requests (and, for explanations, of labelled
 * constraints), reusing one solver through assumptions. Every request and every guarded
 * constraint has a selector; a selector that is not assumed is left free, which drops its rule.
 */
export class SatOracle {
  private solver: Logic.Solver;
  readonly constraintSelectors: string[];
  constructor(
    readonly model: Model,
    readonly budget: Budget,
    guardConstraints = false,
    heapBytes = POOLED_HEAP_BYTES,
  ) {
    this.constraintSelectors = [];
    this.solver = Logic.disablingAssertions(() => {
      const solver = newSolver(heapBytes);
      model.constraints.forEach((c, i) => {
        if (guardConstraints && c.kind !== "definition") {
          const sel = `k:${i}`;
          this.constraintSelectors[i] = sel;
          addClauses(solver, c.clauses.map((cl) => [`-${sel}`, ...cl]));
        } else addClauses(solver, c.clauses);
      });
      for (const r of model.requests) addClauses(solver, r.clauses);
      for (const v of model.vars) solver.getVarNum(v);
      return solver;
    });
    meterSolver(this.solver, { left: () => workLeft(budget), spend: (u) => spend(budget, u) });
  }
  /**
   * Runs `f` on a new oracle, then releases it (its MiniSat module goes back to the pool at once
   * rather than when the garbage collector finds it). A small model's oracle starts on the small
   * heap (`isLarge`, SMALL_HEAP_BYTES), as its search does: a 64 MiB heap cost a quarter-second
   * `analyze` V8's collections for external memory. When MiniSat runs out of it, `f` runs again
   * from the start on the pooled size; `f` must not keep what it learnt from the first oracle.
   */
  static with<T>(model: Model, budget: Budget, f: (o: SatOracle) => T, guardConstraints = false): T {
    const heaps = !isLarge(model) && patchedMiniSatAvailable() ? [SMALL_HEAP_BYTES, POOLED_HEAP_BYTES] : [POOLED_HEAP_BYTES];
    for (let i = 0; ; i++) {
      const o = new SatOracle(model, budget, guardConstraints, heaps[i]);
      try {
        return f(o);
      } catch (e) {
        if (i + 1 === heaps.length || !isSolverMemoryAbort(e)) throw e;
      } finally {
        o.release();
      }
    }
  }
  /** Ends this oracle's use; any later question throws. */
  release(): void {
    releaseSolver(this.solver);
  }
  /** A solution with every selector in `on` true, or null. */
  solve(on: readonly string[]): Logic.Solution | null {
    checkBudget(this.budget);
    this.budget.calls++;
    // MiniSat is handed one positive variable to assume: `on` itself when it is one, else a fresh
    // variable that implies every literal of `on`, forbidden once asked. Not solveAssuming: it
    // wraps each question in a formula whose bookkeeping logic-solver copies into every later
    // Solution, which grows quadratically over many calls (lint at 10,000 plugins spent 22 of
    // its 93 s there).
    const solveUnder = (v: number) => solveAssumingVar(this.solver, v);
    if (on.length === 0) return Logic.disablingAssertions(() => this.solver.solve());
    if (on.length === 1 && !isNegative(on[0]!)) return solveUnder(this.solver.getVarNum(on[0]!));
    const q = `q:${this.questions++}`;
    addClauses(this.solver, on.map((l) => [`-${q}`, l]));
    const s = solveUnder(this.solver.getVarNum(q));
    this.solver.forbid(q);
    return s;
  }
  /** Names the variables of `solve`'s questions of more than one literal. */
  private questions = 0;
  sat(on: readonly string[]): boolean {
    return this.solve(on) !== null;
  }
  private chainVars = 0;
  /** How many variables `extend` has made (each call to the solver copies them all). */
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
    addClauses(this.solver, [...lits.map((l) => [`-${a}`, l]), ...(head ? [[`-${a}`, head]] : [])]);
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
    addClauses(this.solver, [[`-${e}`, ...lits]]);
    return e;
  }
  /**
   * Asks the solver to try these values first (true for "v", false for "-v") when it decides
   * their variables. Steers which solution comes back, never whether one does.
   */
  prefer(lits: readonly string[]): void {
    preferValues(
      this.solver,
      lits.map((l) => (isNegative(l) ? -1 : 1) * this.solver.getVarNum(varOf(l))),
    );
  }
  /** Makes a variable of `either` or `extend` false for good, once its question is answered. */
  retire(v: string): void {
    this.solver.forbid(v);
  }
}
