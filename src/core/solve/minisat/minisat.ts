/**
 * The one place that touches logic-solver's internals: its private methods and fields
 * (`_addClause`, `Logic.Clause`, `solve(assumptionVar)`, `_minisat`, `_numClausesAddedToMiniSat`,
 * `clauses`), and the patched MiniSat's memory layout. logic-solver is pinned to exactly the
 * version these were written for (package.json), and test/minisat.test.ts is their contract.
 *
 * The patched MiniSat (built by patch.mjs from logic-solver's own `minisat.js`, with a heap of any
 * size and a solve under many assumptions that reports which of them failed) replaces a fresh
 * `Logic.Solver`'s `_minisat` member (which receives clauses at solve time, never before) through
 * `usePatchedMiniSat`. When the build could not patch the file, a warning says so once per
 * process and the engine uses the stock solver and its one-assumption search.
 *
 * Budgets: before each call the wrapper sets MiniSat's conflict and propagation budgets (the
 * int64 fields at +664 and +672, which the stock `solve` sets to -1) a slice beyond the solver's
 * own counters (`solves` at +152, `propagations` at +184, `conflicts` at +192: MiniSat 2.2's
 * statistics). An undefined result means the slice is spent: the wrapper calls `between()`
 * (which throws when the caller's time is up) and resumes; MiniSat keeps what it learnt. So a
 * `--timeout` is honoured inside one long proof, not only between proofs.
 */
import Logic from "logic-solver";
import type { Clause } from "../types.js";
import { searchDefaults } from "../settings.js";
import { CALL_WORK } from "../../common/budget.js";
import generated, { PROBLEM } from "./minisat-patched.js";

/**
 * Adds clauses as numeric clauses, straight into logic-solver's clause list: the same clauses
 * `require(Logic.or(...))` would give, without building a Formula for each (several times faster
 * on large models). Uses logic-solver's internal `_addClause` and `Logic.Clause`.
 */
export function addClauses(solver: Logic.Solver, clauses: Clause[]): void {
  const s = solver as unknown as { _addClause(c: unknown): void };
  const ClauseCtor = (Logic as unknown as { Clause: new (terms: number[]) => unknown }).Clause;
  for (const c of clauses) {
    const terms = c.map((l) => (l.charCodeAt(0) === 45 /* - */ ? -solver.getVarNum(l.slice(1)) : solver.getVarNum(l)));
    s._addClause(new ClauseCtor(terms));
  }
}

/**
 * Solves assuming one variable (by number) true: logic-solver's own `solve(assumptionVar)`,
 * which `solveAssuming` calls after wrapping its formula; called directly it skips that wrapper,
 * whose bookkeeping logic-solver copies into every later Solution.
 */
export function solveAssumingVar(solver: Logic.Solver, v: number): Logic.Solution | null {
  return Logic.disablingAssertions(() => (solver as unknown as { solve(assumpVar: number): Logic.Solution | null }).solve(v));
}

/** Heap of a patched MiniSat. Pages are only committed when touched, so this is address space. */
export const PATCHED_HEAP_BYTES = 1 << 30;

/** Work per slice of a long solve; between slices the caller may stop the search. */
export const SLICE = { conflicts: 20_000, propagations: 20_000_000 };

/**
 * Literals of learnt clauses MiniSat may keep (4 bytes each in its heap). MiniSat keeps up to a
 * third as many learnt clauses as problem clauses, whatever their length; under 100,000
 * assumptions (the gap level at 10,000 plugins) a learnt clause holds ~700 literals, and the
 * clause arena outgrew the 1 GiB heap after 80,000 conflicts. Before each slice the share is
 * lowered so that the learnt clauses, at their current mean length, stay within this, and it no
 * longer grows during the slice. A soft bound: MiniSat only trims once the learnt clauses exceed
 * its limit by the number of assigned variables (at least the assumptions), so under 100,000
 * assumptions as many more learnt clauses are kept. Measured: sparse 10k runs 900 s at 1.3 GB.
 */
export const LEARNTS = { literals: 48_000_000 };

/** Byte offsets in MiniSat's Solver object (this build, 32-bit pointers). */
const OFF = { learntsizeFactor: 120, learntsizeInc: 128, solves: 152, starts: 160, decisions: 168, propagations: 184, conflicts: 192, clauses: 208, learnts: 216, learntLiterals: 232, conflictBudget: 664, propagationBudget: 672 };
const SOLVER_PTR = 964 * 4;

interface EmModule {
  _createTheSolver(): void;
  _addClause(ptr: number): number;
  _ensureVar(v: number): void;
  _solve(): number;
  _solveAssuming(v: number): number;
  _mlxSolveAssumps(ptr: number): number;
  _retireVar(v: number): void;
  _getNumVars(): number;
  _getSolution(): number;
  _getConflictClauseSize(): number;
  _getConflictClause(): number;
  HEAP8: Int8Array;
  HEAP32: Int32Array;
  Runtime: { stackSave(): number; stackRestore(p: number): void; stackAlloc(n: number): number };
}

type Factory = (heapBytes: number) => EmModule;

/** The patched factory: the build's (see patch.mjs), or one set by `setPatchedFactory`. */
let factory: Factory | null = generated as Factory | null;
let warned = false;
/** Whether the patched MiniSat can be used (the build step's patches applied). */
export function patchedMiniSatAvailable(): boolean {
  return factory !== null;
}

/** For tests: replaces the patched factory (null: as if the patches had not applied); returns the one before. */
export function setPatchedFactory(f: ((heapBytes: number) => unknown) | null): ((heapBytes: number) => unknown) | null {
  const before = factory;
  factory = f as Factory | null;
  warned = false;
  return before;
}

function patchedFactory(): Factory | null {
  if (!factory && !warned) {
    warned = true;
    searchDefaults.warn(
      `the patched MiniSat is not available (${PROBLEM ?? "set aside"}); large searches use logic-solver's stock solver (64 MiB heap, one assumption at a time) and may stop at its memory limit`,
    );
  }
  return factory;
}

/**
 * The object logic-solver talks to (`solver._minisat`): the same methods as its own wrapper
 * (minisat_wrapper.js), plus assumptions for the next `solveAssuming` call and the final conflict.
 */
class PatchedMiniSat {
  /** DIMACS literals to assume in the next solve; null: logic-solver's own single assumption. */
  pending: number[] | null = null;
  /** Called between slices of a long solve; may throw to stop it. */
  between: () => void = () => {};
  /** Where the work of every solve goes (see `meterSolver`). */
  meter?: Meter;
  slices = 0;
  constructor(private readonly C: EmModule) {
    C._createTheSolver();
  }
  /** MiniSat's double at `off` (its options). */
  double(off: number): number {
    return this.doubleAt(off)[0]!;
  }
  private doubleAt(off: number): Float64Array {
    return new Float64Array(this.C.HEAP8.buffer, this.C.HEAP32[SOLVER_PTR >> 2]! + off, 1);
  }
  /** MiniSat's uint64 counter at `off` (exact below 2^53). */
  counter(off: number): number {
    const base = (this.C.HEAP32[SOLVER_PTR >> 2]! + off) >> 2;
    return (this.C.HEAP32[base]! >>> 0) + (this.C.HEAP32[base + 1]! >>> 0) * 2 ** 32;
  }
  private setBudget(off: number, value: number) {
    const base = (this.C.HEAP32[SOLVER_PTR >> 2]! + off) >> 2;
    this.C.HEAP32[base] = value % 2 ** 32 | 0;
    this.C.HEAP32[base + 1] = Math.floor(value / 2 ** 32) | 0;
  }
  /** Sets MiniSat's `learntsize_factor` (read by each solve) per `LEARNTS.literals`. */
  private limitLearnts() {
    const learnts = this.counter(OFF.learnts);
    const clauses = this.counter(OFF.clauses);
    let factor = 1 / 3;
    if (learnts > 0 && clauses > 0) {
      const mean = this.counter(OFF.learntLiterals) / learnts;
      factor = Math.min(factor, Math.max(LEARNTS.literals / mean / clauses, 1e-6));
    }
    this.doubleAt(OFF.learntsizeFactor)[0] = factor;
    // MiniSat's own growth of the limit during a solve (x1.1 per adjustment), off while limited.
    this.doubleAt(OFF.learntsizeInc)[0] = factor < 1 / 3 ? 1 : 1.1;
  }
  /**
   * When set, a solve gives up (reports unsatisfiable, `undecided` true) once it has run this
   * many conflicts without deciding.
   */
  tryConflicts: number | null = null;
  undecided = false;
  /** Solves under `lits` in slices; true when satisfiable. */
  private run(lits: readonly number[]): boolean {
    this.undecided = false;
    const start = this.counter(OFF.conflicts);
    this.meter?.spend(this.meter.perCall?.() ?? CALL_WORK);
    for (;;) {
      const used = this.counter(OFF.conflicts) - start;
      this.setBudget(OFF.conflictBudget, this.counter(OFF.conflicts) + (this.tryConflicts !== null ? Math.min(SLICE.conflicts, this.tryConflicts - used) : SLICE.conflicts));
      // A slice ends where the work runs out, so a limit in work stops every machine at the same
      // propagation; past it (a solve that must finish: the first solution), whole slices.
      const left = this.meter ? this.meter.left() : Infinity;
      const props0 = this.counter(OFF.propagations);
      this.setBudget(OFF.propagationBudget, props0 + (left > 0 ? Math.min(SLICE.propagations, left) : SLICE.propagations));
      this.limitLearnts();
      let r: number;
      try {
        r = this.withInts(lits, (p) => this.C._mlxSolveAssumps(p));
      } finally {
        this.meter?.spend(this.counter(OFF.propagations) - props0);
      }
      this.slices++;
      if (r === 0) return true;
      if (r === 1) return false;
      if (this.tryConflicts !== null && this.counter(OFF.conflicts) - start >= this.tryConflicts) {
        this.undecided = true;
        return false;
      }
      this.between();
    }
  }
  private withInts<T>(ints: readonly number[], f: (ptr: number) => T): T {
    const C = this.C;
    const sp = C.Runtime.stackSave();
    try {
      const ptr = C.Runtime.stackAlloc((ints.length + 1) * 4);
      const base = ptr >> 2;
      for (let i = 0; i < ints.length; i++) C.HEAP32[base + i] = ints[i]!;
      C.HEAP32[base + ints.length] = 0;
      return f(ptr);
    } finally {
      C.Runtime.stackRestore(sp);
    }
  }
  ensureVar(v: number) {
    this.C._ensureVar(v);
  }
  /** Called after each clause logic-solver hands over (see `usePatchedMiniSat`). */
  sent: () => void = () => {};
  addClause(terms: number[]): boolean {
    const ok = this.withInts(terms, (p) => this.C._addClause(p) !== 0);
    this.sent();
    return ok;
  }
  solve(): boolean {
    return this.run([]);
  }
  solveAssuming(v: number): boolean {
    return this.run(this.pending ?? [v]);
  }
  getSolution(): (boolean | null)[] {
    const C = this.C;
    const n = C._getNumVars();
    const at = C._getSolution();
    // Sized once: grown one element at a time, an array of a million variables is copied over
    // and over (at 50,000 plugins that was a fifth of everything the search allocated).
    const out = new Array<boolean | null>(n + 1);
    out[0] = null;
    const heap = C.HEAP8;
    // 0 is MiniSat's l_True.
    for (let i = 0; i < n; i++) out[i + 1] = heap[at + i] === 0;
    return out;
  }
  retireVar(v: number) {
    this.C._retireVar(v);
  }
  /** The failed assumptions of the last unsatisfiable solve, as the DIMACS literals assumed. */
  failedAssumptions(): number[] {
    const C = this.C;
    const n = C._getConflictClauseSize();
    const at = C._getConflictClause() >> 2;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = C.HEAP32[at + i]!;
      // The conflict holds the negations of the failed assumptions.
      out.push((t & 1 ? 1 : -1) * (t >>> 1));
    }
    return out;
  }
}

/** Where a solver's work goes: its propagations and a charge per call (see common/budget.ts). */
export interface Meter {
  /** Work left before the caller's limit (Infinity without one). */
  left(): number;
  spend(units: number): void;
  /** The charge of one call on top of its propagations (default `CALL_WORK`). */
  perCall?(): number;
}

/** MiniSat's propagation counter of a stock (logic-solver's own) MiniSat module: the same build, the same layout. */
function stockPropagations(C: { HEAP32: Int32Array }): number {
  const base = (C.HEAP32[SOLVER_PTR >> 2]! + OFF.propagations) >> 2;
  return (C.HEAP32[base]! >>> 0) + (C.HEAP32[base + 1]! >>> 0) * 2 ** 32;
}

/**
 * Sends the work of every solve of `solver` to `meter`: MiniSat's propagations, and per call
 * `CALL_WORK` plus one unit per variable of the solver (logic-solver copies every variable's value
 * into each solution, and the engine reads them: on the sparse 1,000-plugin catalog's search
 * nearby, where every step is a small new model, that JavaScript was most of the time). A patched MiniSat also ends its slices where the meter's work runs out (then its
 * `between` decides whether to stop); logic-solver's stock MiniSat cannot be interrupted, and is
 * metered after each call.
 */
export function meterSolver(solver: Logic.Solver, meter: Meter): void {
  const m = (solver as unknown as { _minisat: unknown })._minisat;
  const names = (solver as unknown as { _num2name: unknown[] })._num2name;
  const perCall = () => CALL_WORK + names.length;
  if (m instanceof PatchedMiniSat) {
    m.meter = { ...meter, perCall };
    return;
  }
  const stock = m as { _C: { HEAP32: Int32Array }; solve(): boolean; solveAssuming(v: number): boolean };
  const C = stock._C;
  const solve = stock.solve;
  const solveAssuming = stock.solveAssuming;
  const metered = <T>(f: () => T): T => {
    const p0 = stockPropagations(C);
    try {
      return f();
    } finally {
      meter.spend(perCall() + stockPropagations(C) - p0);
    }
  };
  stock.solve = () => metered(() => solve.call(stock));
  stock.solveAssuming = (v) => metered(() => solveAssuming.call(stock, v));
}

/** What the engine needs beyond logic-solver's API: solving under many assumptions, and cores. */
export interface AssumingSolver {
  /** A solution with every literal of `lits` true, or null; then `core()` says which failed. */
  solve(lits: readonly string[]): Logic.Solution | null;
  /** A subset of the last unsatisfiable call's `lits` that cannot hold together. */
  core(): string[];
  /** Like `solve`, but undefined when `conflicts` conflicts of search do not decide it. */
  trySolve(lits: readonly string[], conflicts: number): Logic.Solution | null | undefined;
  /** Called between slices of every long solve of this solver (also logic-solver's own). */
  setBetween(f: () => void): void;
  /** MiniSat's own counters, and the slices run so far. */
  stats(): { solves: number; conflicts: number; slices: number; starts: number; decisions: number; propagations: number; clauses: number; learnts: number; learntLiterals: number };
}

/**
 * Gives `solver` (freshly constructed, nothing solved yet) the patched MiniSat and returns the
 * handle for solving under assumptions; undefined when the patches do not apply.
 */
export function usePatchedMiniSat(solver: Logic.Solver, heapBytes = PATCHED_HEAP_BYTES): AssumingSolver | undefined {
  const make = patchedFactory();
  if (!make) return undefined;
  const internal = solver as unknown as { _minisat: unknown; _numClausesAddedToMiniSat: number; clauses: unknown[]; solve(assumpVar?: number): Logic.Solution | null };
  if (internal._numClausesAddedToMiniSat !== 0) throw new Error("usePatchedMiniSat: the solver has already sent clauses to MiniSat");
  const mini = new PatchedMiniSat(make(heapBytes));
  // logic-solver keeps every clause it has sent to MiniSat as an object in `clauses`, which it
  // only reads again to send the ones not yet sent (its solve loop, from
  // `_numClausesAddedToMiniSat` on). A sent clause is dropped here: at 50,000 plugins the
  // copies held hundreds of MB that MiniSat's heap holds anyway.
  mini.sent = () => {
    internal.clauses[internal._numClausesAddedToMiniSat] = null;
  };
  internal._minisat = mini;
  let lastLits: { name: string; num: number }[] = [];
  const handle: AssumingSolver = {
    trySolve(lits, conflicts) {
      mini.tryConflicts = Math.max(1, conflicts);
      try {
        const s = handle.solve(lits);
        return mini.undecided ? undefined : s;
      } finally {
        mini.tryConflicts = null;
      }
    },
    solve(lits) {
      lastLits = lits.map((l) => {
        const negated = l.charCodeAt(0) === 45; /* - */
        const v = solver.getVarNum(negated ? l.slice(1) : l);
        return { name: l, num: negated ? -v : v };
      });
      mini.pending = lastLits.map((x) => x.num);
      try {
        // logic-solver's solve(assumptionVar) sends pending clauses, sizes the model, then calls
        // solveAssuming, which uses `pending`. Variable 2 is logic-solver's constant true.
        return solveAssumingVar(solver, 2);
      } finally {
        mini.pending = null;
      }
    },
    core() {
      const failed = new Set(mini.failedAssumptions());
      return lastLits.filter((x) => failed.has(x.num)).map((x) => x.name);
    },
    setBetween(f) {
      mini.between = f;
    },
    stats() {
      return { solves: mini.counter(OFF.solves), conflicts: mini.counter(OFF.conflicts), slices: mini.slices, starts: mini.counter(OFF.starts), decisions: mini.counter(OFF.decisions), propagations: mini.counter(OFF.propagations), clauses: mini.counter(OFF.clauses), learnts: mini.counter(OFF.learnts), learntLiterals: mini.counter(OFF.learntLiterals) };
    },
  };
  return handle;
}
