/**
 * How long a search may run, counted in work, so that the same request stops at the same point
 * on any machine.
 *
 * A budget counts work: MiniSat's propagations, a unit per literal of every model handed to a
 * solver, and per solver call a fixed charge plus a unit per solver variable (the JavaScript
 * around each call: building the solution, revealing lazy terms); the CDCL solver's ticks where
 * it answers instead (the propagation oracle; `sample`'s sampler, which also counts the loops
 * around its solver: solve/pairwise/sampler.ts, `Meter`). A time limit of T seconds
 * becomes a limit of T × `WORK_PER_SECOND` units, a figure fixed here and chosen low enough that
 * a busy machine does the work in time: on this project's 2-core machines under a load of 7–10,
 * `recommend` on the sparse 1,000-plugin catalog did 0.55–1.1 million units per CPU second
 * (the early levels, whose JavaScript is not all counted, the slowest), and got about half a
 * core. Every decision the search takes by "how long so far" (when to try from above, how long
 * the search nearby may run) reads the work counter too, never the clock. So the same request
 * with the same `--timeout` on the same catalog gives the same best-so-far wherever the machine
 * can do that work within T.
 *
 * The clock stays as a safety net: the budget also carries an absolute deadline (epoch
 * milliseconds, so that loading the catalog counts too), and a machine too slow to do the work in
 * time stops at it; `clockStopped` then says so, because such a stop depends on the machine.
 */

import { diag, InputError } from "./diagnostics.js";

export class Timeout extends Error {
  constructor() {
    super("timeout");
    this.name = "Timeout";
  }
}

/**
 * The SAT solver's fixed memory ran out (MiniSat's heap: minisat.ts): a resource limit, like a
 * time limit, not a bug and not a proof of anything.
 */
export class SolverMemory extends Error {
  constructor() {
    super("the SAT solver ran out of its fixed memory");
    this.name = "SolverMemory";
  }
}

/** Units of work per second of a time limit (see above). */
export const WORK_PER_SECOND = 500_000;
/** The work charged for each solver call on top of its propagations. */
export const CALL_WORK = 2_000;

/**
 * The rate at which `workFor` turns seconds into work: `WORK_PER_SECOND`, unless a benchmark that
 * times the search against a reference by the clock sets it higher (the CLI reads
 * MLX_SOLVE_WORK_PER_SECOND; `Infinity` leaves only the clock). The search's own tuning in work
 * (when to try from above, how long the search nearby runs) stays in `WORK_PER_SECOND`.
 */
export const timeLimits = { workPerSecond: WORK_PER_SECOND };

/** The work limit of a time limit of `seconds`. */
export const workFor = (seconds: number): number => Math.round(seconds * timeLimits.workPerSecond);

export interface Budget {
  /** Epoch milliseconds after which the search stops with its best so far (the safety net). */
  deadline?: number;
  /** Counts solver calls (for reports and benchmarks). */
  calls: number;
  /** Work done so far (see above); counted whether or not there is a limit. */
  work?: number;
  /** The work after which the search stops with its best so far. */
  workLimit?: number;
  /** Set when the deadline, not the work limit, stopped the search (so it depends on the machine). */
  clockStopped?: boolean;
}

/** A budget of `timeoutSeconds` from now: that much work, and the clock as a safety net. */
export const newBudget = (timeoutSeconds?: number): Budget => ({ calls: 0, work: 0, ...(timeoutSeconds !== undefined ? { deadline: Date.now() + timeoutSeconds * 1000, workLimit: workFor(timeoutSeconds) } : {}) });

/** Work done so far. */
export const workDone = (b: Budget): number => b.work ?? 0;

/** Work left before the limit (Infinity without one). */
export const workLeft = (b: Budget): number => (b.workLimit === undefined ? Infinity : b.workLimit - (b.work ?? 0));

/** Adds work. */
export function spend(b: Budget, units: number): void {
  b.work = (b.work ?? 0) + units;
}

/** True once the work limit is reached or the deadline has passed (then `clockStopped` is set). */
export function pastDeadline(b: Budget): boolean {
  return (b.workLimit !== undefined && (b.work ?? 0) >= b.workLimit) || pastClock(b);
}

/** True once the deadline, the clock's safety net, has passed; `clockStopped` then says so. */
export function pastClock(b: Budget): boolean {
  if (b.deadline === undefined || Date.now() <= b.deadline) return false;
  b.clockStopped = true;
  return true;
}

/** Throws Timeout once the work limit is reached or the deadline has passed. */
export function checkBudget(b: Budget): void {
  if (pastDeadline(b)) throw new Timeout();
}

/** A decimal number as written on a command line: 30, 0.5, .5, 1e3. */
const DECIMAL = /^\s*\+?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * A time limit as given, `--timeout` on the command line or `serveUi`'s `timeout` (or another
 * `option` in seconds, whose other accepted words `also` names): a positive, finite number of
 * seconds, else bad input (exit 2).
 */
export function positiveSeconds(v: string | number, option = "--timeout", also = ""): number {
  const n = Number(v);
  // Decimal only: Number() also reads "0x10" (16) and "0b1", which no one means as seconds.
  if (!Number.isFinite(n) || n <= 0 || (typeof v === "string" && !DECIMAL.test(v))) throw new InputError([diag({ file: `option ${option}`, line: 0, column: 0 }, "bad-option", `${option} expects a positive number of seconds${also}, not "${v}"`)]);
  return n;
}
