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
import { isNegative, varOf, type Clause } from "../types.js";
import { searchDefaults } from "../settings.js";
import { CALL_WORK, SolverMemory } from "../../common/budget.js";
import generated, { FRESH, fromBase64, PROBLEM } from "./minisat-patched.js";

/**
 * Adds clauses as numeric clauses, straight into logic-solver's clause list: the same clauses
 * `require(Logic.or(...))` would give, without building a Formula for each (several times faster
 * on large models). Uses logic-solver's internal `_addClause` and `Logic.Clause`.
 */
export function addClauses(solver: Logic.Solver, clauses: Clause[]): void {
  const s = solver as unknown as { _addClause(c: unknown): void };
  const ClauseCtor = (Logic as unknown as { Clause: new (terms: number[]) => unknown }).Clause;
  for (const c of clauses) {
    const terms = c.map((l) => (isNegative(l) ? -solver.getVarNum(varOf(l)) : solver.getVarNum(l)));
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

/**
 * Byte offsets in MiniSat's Solver object (this build, 32-bit pointers). MiniSat's per-variable
 * maps (`VMap`: a vector and an empty index object, 16 bytes) follow the trail in the order
 * activity, assigns, polarity, user_pol, decision: `userPol` is the phase a caller may set.
 */
const OFF = { trail: 280, activity: 316, assigns: 332, polarity: 348, userPol: 364, decision: 380, learntsizeFactor: 120, learntsizeInc: 128, solves: 152, starts: 160, decisions: 168, propagations: 184, conflicts: 192, clauses: 208, learnts: 216, learntLiterals: 232, conflictBudget: 664, propagationBudget: 672 };
const SOLVER_PTR = 964 * 4;

/**
 * The heap address of the field at `off` in the solver of module `C`. Any module of this build,
 * stock or patched, whichever wrapper holds it: the same layout.
 */
const fieldAt = (C: { HEAP32: Int32Array }, off: number): number => C.HEAP32[SOLVER_PTR >> 2]! + off;

/** MiniSat's uint64 counter at `off` in the solver of module `C` (exact below 2^53). */
function counterOf(C: { HEAP32: Int32Array }, off: number): number {
  const base = fieldAt(C, off) >> 2;
  return (C.HEAP32[base]! >>> 0) + (C.HEAP32[base + 1]! >>> 0) * 2 ** 32;
}

/** The module under any solver of this build (logic-solver's `_minisat`, whichever wrapper). */
const moduleOf = (solver: Logic.Solver): { HEAP32: Int32Array; HEAP8: Int8Array } => (solver as unknown as { _minisat: { _C: { HEAP32: Int32Array; HEAP8: Int8Array } } })._minisat._C;

/**
 * Sets the value MiniSat tries first when it decides the variable of each literal of `lits`
 * (logic-solver's variable numbers, which are MiniSat's; negative: false first, positive: true
 * first). MiniSat's `setPolarity`, which logic-solver does not export, written into its `user_pol`
 * map. A preference only steers the search, so nothing is written unless the maps are where this
 * build keeps them (`userPolAt`), nor for a variable MiniSat does not have yet.
 */
export function preferValues(solver: Logic.Solver, lits: readonly number[]): void {
  const C = moduleOf(solver);
  const at = userPolAt(C);
  if (at === undefined) return;
  // MiniSat's lbool: 0 true, 1 false; user_pol holds the sign of the literal to try, so "true
  // first" is the sign false.
  for (const l of lits) {
    const v = Math.abs(l);
    if (v < at.size) C.HEAP8[at.data + v] = l > 0 ? 1 : 0;
  }
}

/**
 * Where the `user_pol` map's entries are, after checking that the five per-variable maps around it
 * are there (the same length, distinct storage: a layout off by one map would put the write in
 * `decision`, and a variable MiniSat never decides could leave a clause false), and that the
 * entries are lbools (0–2). Undefined otherwise. Pinned by test/minisat.test.ts.
 */
function userPolAt(C: { HEAP32: Int32Array; HEAP8: Int8Array }): { data: number; size: number } | undefined {
  const maps = [OFF.activity, OFF.assigns, OFF.polarity, OFF.userPol, OFF.decision].map((off) => fieldAt(C, off) >> 2);
  const size = C.HEAP32[maps[3]! + 1]!;
  const datas = maps.map((m) => C.HEAP32[m]!);
  if (!maps.every((m) => C.HEAP32[m + 1] === size && C.HEAP32[m + 2]! >= size) || new Set(datas).size !== maps.length) return undefined;
  const data = datas[3]!;
  for (let i = 0; i < size; i++) if (C.HEAP8[data + i]! < 0 || C.HEAP8[data + i]! > 2) return undefined;
  return { data, size };
}

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
  /** See patch.mjs (`RESET`): [stack base, stack end, malloc's base, malloc's top], and the reset. */
  _mlxLayout?(): [number, number, number, number];
  _mlxReset?(top: number, sp: number, chunks: readonly (number | Uint8Array)[]): boolean;
  HEAP8: Int8Array;
  HEAPU8: Uint8Array;
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
  pools.clear();
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
 * Modules (MiniSat as WebAssembly, each instance with its own heap) are reused: building one
 * costs its heap (64 MiB, or 16 MiB for a small model's search) and the compiled code's setup,
 * 4.7 ms a solver, and the garbage collector spent most of the property tests' time freeing
 * those heaps. A module goes back to the pool when its solver is released (`releaseSolver`,
 * which the engine calls when a search ends) or collected (a FinalizationRegistry), and the
 * pool puts it back exactly as it was built (see patch.mjs, `RESET` and `recordFresh`): the
 * same bytes, so the same searches and the same answers.
 */
interface Pooled {
  C: EmModule;
  heapBytes: number;
  /** Whether it may go back to its pool (a pooled size, built by the current factory). */
  poolable: boolean;
  make: Factory;
}

/**
 * The heap of pooled modules: logic-solver's own size, used by a large model's oracles
 * (oracle.ts) and its search under the "linear" strategy, and by a small model's search that
 * outgrew SMALL_HEAP_BYTES.
 */
export const POOLED_HEAP_BYTES = 64 << 20;
/**
 * The heap of the searches of small models (engine.ts, `solveLex`), also pooled. Under 32 MB on
 * purpose: while ArrayBuffers still in V8's young generation hold 32 MB or more (twice its
 * largest semi-space), every further ArrayBuffer allocated first costs a scavenge ("external
 * memory pressure"), and a 64 MiB heap also starts an incremental mark. On `recommend` over
 * the built-in catalog that was 10 ms of its 25 ms of collection (bench/README.md, "The
 * floor"). Measured when heaps were plain ArrayBuffers; a WebAssembly memory's buffer is
 * external memory too (`node --trace-gc` shows the same "external memory pressure"
 * scavenges), and the size was not measured again since.
 * Room enough: over the whole test suite (5,944 solvers on pooled modules, searches and oracles
 * alike, up to 97,000 clauses) none took a byte beyond the 9.7 MB a fresh module already holds;
 * a search that runs out is run again on the pooled size (engine.ts).
 */
export const SMALL_HEAP_BYTES = 16 << 20;
/** Idle modules kept per size (each holds the pages of its heap that were touched). */
const POOL_MAX = 4;
const pools = new Map<number, Pooled[]>();
const poolOf = (heapBytes: number): Pooled[] => {
  let pool = pools.get(heapBytes);
  if (!pool) pools.set(heapBytes, (pool = []));
  return pool;
};

/**
 * What a reset writes back: a fresh module's state, recorded at build time (patch.mjs,
 * `recordFresh`, which says what is in it and what is not, and why that is enough), decoded on
 * first use. A reused module searches exactly as a fresh one: the same models, conflicts,
 * decisions and propagations (test/minisat.test.ts). Zeroing all 9.7 MB below malloc's top
 * instead took 1.9 ms a reset, three times the rest of a small search; recording at run time
 * took 25 ms of a 0.3 s recommend.
 */
interface Fresh {
  layout: readonly number[];
  sp: number;
  chunks: (number | Uint8Array)[];
}
let fresh: Fresh | null | undefined;

function freshState(): Fresh | null {
  if (fresh !== undefined) return fresh;
  fresh = null;
  if (FRESH) {
    const chunks: (number | Uint8Array)[] = [];
    for (const [at, b64] of FRESH.chunks) chunks.push(at, fromBase64(b64));
    fresh = { layout: FRESH.layout, sp: FRESH.sp, chunks };
  }
  return fresh;
}

/** A module built by `make` with its solver created and nothing else done. */
function acquire(make: Factory, heapBytes: number): Pooled {
  const poolable = (heapBytes === POOLED_HEAP_BYTES || heapBytes === SMALL_HEAP_BYTES) && make === generated;
  if (poolable) {
    const p = poolOf(heapBytes).pop();
    if (p) return p;
  }
  const C = make(heapBytes);
  C._createTheSolver();
  // Pooled only when laid out as the recorded module was (it always is: the same code).
  const f = poolable && typeof C._mlxReset === "function" && typeof C._mlxLayout === "function" ? freshState() : null;
  const [stackBase, , heapBase, top] = f ? C._mlxLayout!() : [];
  return { C, heapBytes, poolable: !!f && f.layout[0] === stackBase && f.layout[1] === heapBase && f.layout[2] === top, make };
}

function giveBack(p: Pooled): void {
  const f = freshState();
  if (!p.poolable || p.make !== factory || !f) return;
  const pool = poolOf(p.heapBytes);
  if (pool.length < POOL_MAX && p.C._mlxReset!(f.layout[2]!, f.sp, f.chunks)) pool.push(p);
}

/** Which module each solver of `newSolver` holds, for `releaseSolver` and the registry. */
interface Holding {
  p?: Pooled;
}
const holdings = new WeakMap<object, Holding>();
const collected = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<Holding>((h) => h.p && giveBack(h.p)) : undefined;

function hold(solver: Logic.Solver, p: Pooled): void {
  let h = holdings.get(solver);
  if (!h) {
    h = {};
    holdings.set(solver, h);
    collected?.register(solver, h, h);
  } else if (h.p && h.p !== p) giveBack(h.p);
  h.p = p;
}

/** What a released solver's `_minisat` becomes: any use is a bug, said loudly. */
const RELEASED = new Proxy(
  {},
  {
    get() {
      throw new Error("internal: a released solver was used");
    },
  },
);

/**
 * logic-solver finds a variable's number in an object keyed by " " + name, a new string to hash on
 * every lookup, and every clause sent and every `Solution.evaluate` looks up names: at 50,000
 * plugins, 3.6 s of a 65 s search. This gives `solver` its own `getVarNum` (not enumerable, so the
 * object's fields stay logic-solver's) that answers the same from a Map keyed by the name itself;
 * names already known (the constants) are copied over, and `_name2num` is no longer read.
 */
function fastNames(solver: object): void {
  const names = (solver as { _num2name: (string | null)[] })._num2name;
  const num = new Map<string, number>();
  for (let i = 1; i < names.length; i++) num.set(names[i]!, i);
  Object.defineProperty(solver, "getVarNum", {
    enumerable: false,
    value(vname: string, noCreate?: boolean, internals?: boolean): number {
      const n = num.get(vname);
      if (n !== undefined) return n;
      if (noCreate) return 0;
      if (vname.charAt(0) === "$" && !internals) throw new Error("Only generated variable names can start with $");
      const v = names.length;
      num.set(vname, v);
      names.push(vname);
      return v;
    },
  });
}

/**
 * A new `Logic.Solver` whose MiniSat comes from the pool: the same object `new Logic.Solver()`
 * builds (its constructor's fields, set here in the same order; test/minisat.test.ts compares
 * them), without the module that constructor would build and discard. Its heap: `heapBytes`,
 * POOLED_HEAP_BYTES or SMALL_HEAP_BYTES (each size has a pool). Without the patched build,
 * `new Logic.Solver()` itself.
 */
export function newSolver(heapBytes = POOLED_HEAP_BYTES): Logic.Solver {
  const make = factory;
  if (!make) return new Logic.Solver();
  const L = Logic as unknown as {
    NAME_FALSE: string;
    NAME_TRUE: string;
    NUM_FALSE: number;
    NUM_TRUE: number;
    Clause: new (...terms: number[]) => unknown;
    Termifier: new (s: unknown) => unknown;
  };
  const s = Object.create(Logic.Solver.prototype) as Record<string, unknown> & { getVarNum(n: string, noCreate: boolean, internals: boolean): number };
  s.clauses = [];
  s._num2name = [null];
  s._name2num = {};
  s.getVarNum(L.NAME_FALSE, false, true);
  s.getVarNum(L.NAME_TRUE, false, true);
  fastNames(s);
  s._F_used = false;
  s._T_used = false;
  (s.clauses as unknown[]).push(new L.Clause(-L.NUM_FALSE));
  (s.clauses as unknown[]).push(new L.Clause(L.NUM_TRUE));
  s._formulaInfo = {};
  s._nextFormulaNumByType = {};
  s._ungeneratedFormulas = {};
  s._numClausesAddedToMiniSat = 0;
  s._unsat = false;
  const p = acquire(make, heapBytes);
  s._minisat = new StockMiniSat(p.C);
  s._termifier = new L.Termifier(s);
  const solver = s as unknown as Logic.Solver;
  hold(solver, p);
  return solver;
}

/**
 * Ends `solver`'s use: its module goes back to the pool at once (instead of when the garbage
 * collector finds the solver). Any later use of `solver` throws. A no-op for other solvers.
 */
export function releaseSolver(solver: Logic.Solver): void {
  const h = holdings.get(solver);
  if (!h) return;
  collected?.unregister(h);
  holdings.delete(solver);
  (solver as unknown as { _minisat: unknown })._minisat = RELEASED;
  if (h.p) giveBack(h.p);
  h.p = undefined;
}

/** What both wrappers share: a module, clauses in, solutions out. */
class ModuleMiniSat {
  constructor(readonly _C: EmModule) {}
  protected withInts<T>(ints: readonly number[], f: (ptr: number) => T): T {
    const C = this._C;
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
    this._C._ensureVar(v);
  }
  addClause(terms: number[]): boolean {
    return this.withInts(terms, (p) => this._C._addClause(p) !== 0);
  }
  getSolution(): (boolean | null)[] {
    const C = this._C;
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
    this._C._retireVar(v);
  }
}

/**
 * logic-solver's own wrapper (minisat_wrapper.js) on a pooled module: the build's `solve` and
 * `solveAssuming`, so the search is the stock one, step for step. It does not keep a copy of
 * every clause (the stock wrapper logs them) and reads solutions straight from the heap.
 */
class StockMiniSat extends ModuleMiniSat {
  solve(): boolean {
    return this._C._solve() !== 0;
  }
  solveAssuming(v: number): boolean {
    return this._C._solveAssuming(v) !== 0;
  }
}

/**
 * The object logic-solver talks to (`solver._minisat`) on a patched module: the same methods as
 * its own wrapper, plus assumptions for the next `solveAssuming` call, the final conflict, and
 * search in slices under budgets.
 */
class PatchedMiniSat extends ModuleMiniSat {
  /** DIMACS literals to assume in the next solve; null: logic-solver's own single assumption. */
  pending: number[] | null = null;
  /** Called between slices of a long solve; may throw to stop it. */
  between: () => void = () => {};
  /** Where the work of every solve goes (see `meterSolver`). */
  meter?: Meter;
  slices = 0;
  /** MiniSat's double at `off` (its options). */
  double(off: number): number {
    return this.doubleAt(off)[0]!;
  }
  private doubleAt(off: number): Float64Array {
    return new Float64Array(this._C.HEAP8.buffer, fieldAt(this._C, off), 1);
  }
  /** MiniSat's uint64 counter at `off` (exact below 2^53). */
  counter(off: number): number {
    return counterOf(this._C, off);
  }
  private setBudget(off: number, value: number) {
    const base = fieldAt(this._C, off) >> 2;
    this._C.HEAP32[base] = value % 2 ** 32 | 0;
    this._C.HEAP32[base + 1] = Math.floor(value / 2 ** 32) | 0;
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
        r = this.withInts(lits, (p) => this._C._mlxSolveAssumps(p));
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
  /** Called after each clause logic-solver hands over (see `usePatchedMiniSat`). */
  sent: () => void = () => {};
  override addClause(terms: number[]): boolean {
    const ok = super.addClause(terms);
    this.sent();
    return ok;
  }
  solve(): boolean {
    return this.run([]);
  }
  solveAssuming(v: number): boolean {
    return this.run(this.pending ?? [v]);
  }
  /** The failed assumptions of the last unsatisfiable solve, as the DIMACS literals assumed. */
  failedAssumptions(): number[] {
    const C = this._C;
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

/**
 * MiniSat's own counters for `solver` (any `Logic.Solver`: its module is the same build, the
 * same layout, whichever wrapper holds it): what its searches did so far.
 */
export function searchCounters(solver: Logic.Solver): { solves: number; starts: number; decisions: number; propagations: number; conflicts: number } {
  const C = moduleOf(solver);
  const at = (off: number) => counterOf(C, off);
  return { solves: at(OFF.solves), starts: at(OFF.starts), decisions: at(OFF.decisions), propagations: at(OFF.propagations), conflicts: at(OFF.conflicts) };
}

/**
 * What MiniSat knows at its root level: the literals on its trail from position `from` on, as
 * logic-solver's variable numbers (MiniSat's own: logic-solver creates them one for one),
 * negative when false, and the trail's length. Each is implied by the clauses `solver` holds
 * (given units, what unit propagation drew from them, and units MiniSat learnt), so it holds in
 * every solution the solver can still give. Outside a solve MiniSat is at its root level (every
 * solve, and every slice of one, ends by undoing its decisions), and the root trail only grows:
 * reading from the last length gives what is new. After an unsatisfiable solve without
 * assumptions it may be anything (there are no solutions left to hold in).
 */
export function rootFacts(solver: Logic.Solver, from = 0): { lits: number[]; size: number } {
  const C = moduleOf(solver);
  const at = fieldAt(C, OFF.trail) >> 2;
  const data = C.HEAP32[at]! >> 2;
  const size = C.HEAP32[at + 1]!;
  const lits: number[] = [];
  // A MiniSat literal is 2 × variable + sign (1: negated).
  for (let i = from; i < size; i++) {
    const l = C.HEAP32[data + i]!;
    lits.push(l & 1 ? -(l >> 1) : l >> 1);
  }
  return { lits, size };
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
    const p0 = counterOf(C, OFF.propagations);
    try {
      return f();
    } finally {
      meter.spend(perCall() + counterOf(C, OFF.propagations) - p0);
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
  // A solver of `newSolver` already holds a fresh module of the pooled size: nothing has been
  // sent to it, so it serves as it is.
  const held = holdings.get(solver)?.p;
  let p: Pooled;
  if (held && internal._minisat instanceof StockMiniSat && held.heapBytes === heapBytes && held.make === make) p = held;
  else {
    p = acquire(make, heapBytes);
    hold(solver, p);
  }
  const mini = new PatchedMiniSat(p.C);
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
        const v = solver.getVarNum(varOf(l));
        return { name: l, num: isNegative(l) ? -v : v };
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

/**
 * logic-solver's MiniSat (WebAssembly here) has a fixed heap (16 MiB, 64 MiB or 1 GiB: minisat.ts);
 * when a search outgrows it, emscripten aborts by throwing a string "abort() ...". That is a
 * resource limit, like a timeout, not a bug: the caller gets the best solution found before it.
 */
export function isSolverMemoryAbort(e: unknown): boolean {
  if (e instanceof SolverMemory) return true;
  const text = typeof e === "string" ? e : e instanceof Error ? e.message : "";
  return /abort\(|Cannot enlarge memory/.test(text);
}
