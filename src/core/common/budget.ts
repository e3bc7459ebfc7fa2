/**
 * How long a search may run. A budget carries an absolute deadline (epoch milliseconds, so that
 * time spent before the search, e.g. loading a catalog, counts too) and counts solver calls.
 */

export class Timeout extends Error {
  constructor() {
    super("timeout");
    this.name = "Timeout";
  }
}

export interface Budget {
  /** Epoch milliseconds after which the search stops with its best so far. */
  deadline?: number;
  /** Counts solver calls (for reports and benchmarks). */
  calls: number;
}

export const newBudget = (timeoutSeconds?: number): Budget => ({ calls: 0, ...(timeoutSeconds !== undefined ? { deadline: Date.now() + timeoutSeconds * 1000 } : {}) });

export const pastDeadline = (b: Budget): boolean => b.deadline !== undefined && Date.now() > b.deadline;

/** Throws Timeout once the deadline has passed. */
export function checkBudget(b: Budget): void {
  if (pastDeadline(b)) throw new Timeout();
}
