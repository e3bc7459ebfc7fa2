/**
 * logic-solver's own MiniSat, with the two things its build leaves out: a larger heap, and a
 * solve under several assumptions that reports which of them failed (the "final conflict").
 *
 * logic-solver 2.0.1 ships MiniSat 2.2 compiled by emscripten to asm.js-style JavaScript
 * (`logic-solver/minisat.js`). That build has a fixed 64 MiB heap (`TOTAL_MEMORY`, read from a
 * `Module` object nobody can pass in) and exports `solveAssuming(v)` for one variable only, so
 * MiniSat's final conflict can never name more than that one variable. Both limits are in the
 * JavaScript text, not in MiniSat: this module takes the factory's own source text
 * (`Function.prototype.toString`, so it stays browser-safe: no file system; the factory itself
 * is handed over by `provideMiniSatFactory` in settings.ts), applies the patches, each required
 * to match exactly once, and compiles the result once per process:
 *
 * 1. `TOTAL_MEMORY`: a parameter of the factory instead of the constant 67108864.
 * 2. `_mlxSolveAssumps(ptr)`: a copy of the build's own `addClause` loop (reads a 0-terminated
 *    list of DIMACS literals) that fills the solver's `assumptions` vector instead of adding a
 *    clause, then calls `solve_()` as the build's `solve()` does, without the line that clears
 *    the assumptions and without resetting the budgets, and returns MiniSat's lbool (0 true,
 *    1 false, 2 undefined: budget spent). The offsets (`c[964]` the solver, `+304` its
 *    assumptions vector) are the ones the build's `solveAssuming` uses. MiniSat leaves the
 *    failed assumptions' negations in its `conflict` vector, which the build already exports
 *    (`getConflictClause`).
 *
 * Budgets: before each call the wrapper sets MiniSat's conflict and propagation budgets (the
 * int64 fields at +664 and +672, which the stock `solve` sets to -1) a slice beyond the solver's
 * own counters (`solves` at +152, `propagations` at +184, `conflicts` at +192: MiniSat 2.2's
 * statistics, checked by `test/minisat.test.ts`). An undefined result means the slice is spent: the wrapper
 * calls `between()` (which throws when the caller's time is up) and resumes; MiniSat keeps what
 * it learnt. So a `--timeout` is honoured inside one long proof, not only between proofs.
 *
 * The solver is still logic-solver's `Logic.Solver`: only its `_minisat` member (which receives
 * clauses at solve time, never before) is replaced right after construction by a wrapper around
 * the patched module. If the text ever changes (another logic-solver release), a patch does not
 * match, `usePatchedMiniSat()` returns undefined, and the engine falls back to the stock solver
 * and its one-assumption search; a test pins that the patches apply.
 */
import Logic from "logic-solver";
import { miniSatSource } from "./settings.js";

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

const SOLVE_ASSUMPS =
  "function mlxSolveAssumps(b){b=b|0;var d=0,e=0,f=0,g=0,h=0,j=0,k=0,l=0,m=0;g=i;i=i+32|0;h=g+16|0;e=g+4|0;j=g;" +
  "c[e>>2]=0;f=e+4|0;c[f>>2]=0;d=e+8|0;c[d>>2]=0;k=c[b>>2]|0;" +
  "if(k)do{l=(k|0)<0?0-k|0:k;if((c[962]|0)<(l|0))do{m=c[964]|0;a[h+0>>0]=a[3840]|0;Ac(m,h,1)|0;m=(c[962]|0)+1|0;c[962]=m}while((m|0)<(l|0));" +
  "c[j>>2]=l<<1|k>>>31;mc(e,j);b=b+4|0;k=c[b>>2]|0}while((k|0)!=0);" +
  "j=c[964]|0;ld(e,j+304|0);Bc(h,j,1,0);m=a[h>>0]|0;" +
  "j=c[e>>2]|0;if(!j){i=g;return m|0}c[f>>2]=0;Td(j);c[e>>2]=0;c[d>>2]=0;i=g;return m|0}";

/** [text to find (exactly once), replacement] */
const PATCHES: [string, string][] = [
  ['TOTAL_MEMORY=Module["TOTAL_MEMORY"]||67108864', 'TOTAL_MEMORY=Module["TOTAL_MEMORY"]||__mlxHeapBytes'],
  // The stock addClause (dd) ends right where solve (ed) begins; the new function goes between.
  ["c[f>>2]=0;Td(j);c[e>>2]=0;c[d>>2]=0;i=g;return h|0}function ed(){", `c[f>>2]=0;Td(j);c[e>>2]=0;c[d>>2]=0;i=g;return h|0}${SOLVE_ASSUMPS}function ed(){`],
  ["_solveAssuming:hd,", "_solveAssuming:hd,_mlxSolveAssumps:mlxSolveAssumps,"],
  [
    'var _solveAssuming=Module["_solveAssuming"]=asm["_solveAssuming"];',
    'var _solveAssuming=Module["_solveAssuming"]=asm["_solveAssuming"];Module["_mlxSolveAssumps"]=asm["_mlxSolveAssumps"];',
  ],
];

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

/** The compiled patched factory, and the source it was made from (remade when that changes). */
let factory: Factory | null = null;
let factoryFrom: (() => unknown) | undefined;
/** Whether the patched MiniSat can be made (a source is known and the patches apply). */
export function patchedMiniSatAvailable(): boolean {
  return patchedFactory() !== null;
}

/** Applies the patches to a copy of the factory's source; null when one does not match once. */
export function patchSource(src: string): string | null {
  let out = src;
  for (const [from, to] of PATCHES) {
    const at = out.indexOf(from);
    if (at < 0 || out.indexOf(from, at + 1) >= 0) return null;
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return out;
}

function patchedFactory(): Factory | null {
  const get = miniSatSource.get;
  if (get === factoryFrom) return factory;
  factoryFrom = get;
  factory = null;
  if (!get) return null;
  const C_MINISAT = get();
  const src = typeof C_MINISAT === "function" ? Function.prototype.toString.call(C_MINISAT) : "";
  const patched = patchSource(src);
  if (patched) factory = new Function("__mlxHeapBytes", `return (${patched})();`) as Factory;
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
    for (;;) {
      const used = this.counter(OFF.conflicts) - start;
      this.setBudget(OFF.conflictBudget, this.counter(OFF.conflicts) + (this.tryConflicts !== null ? Math.min(SLICE.conflicts, this.tryConflicts - used) : SLICE.conflicts));
      this.setBudget(OFF.propagationBudget, this.counter(OFF.propagations) + SLICE.propagations);
      this.limitLearnts();
      const r = this.withInts(lits, (p) => this.C._mlxSolveAssumps(p));
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
        return Logic.disablingAssertions(() => internal.solve(2));
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
