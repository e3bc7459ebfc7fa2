/**
 * A test oracle: counts the solutions of a model (its constraints, and every request held)
 * projected onto `vars` (two solutions that agree on `vars` count once), by enumeration with
 * blocking clauses on logic-solver's public API, up to `limit`. Exact and simple; for small
 * spaces only.
 */
import Logic from "logic-solver";
import { checkBudget, type Budget } from "../../src/core/common/budget.js";
import { newSolver, releaseSolver } from "../../src/core/solve/minisat/minisat.js";
import type { Clause, Model } from "../../src/core/solve/types.js";

const formula = (c: Clause) => Logic.or(c.map((l) => (l.startsWith("-") ? Logic.not(l.slice(1)) : l)));

export function countProjected(model: Model, vars: string[], budget: Budget, limit = 1_000_000): { count: number; complete: boolean } {
  // logic-solver's own solver, on a pooled MiniSat module (the stock search, step for step).
  const solver = newSolver();
  try {
    return count(solver, model, vars, budget, limit);
  } finally {
    releaseSolver(solver);
  }
}

function count(solver: Logic.Solver, model: Model, vars: string[], budget: Budget, limit: number): { count: number; complete: boolean } {
  for (const c of model.constraints) for (const cl of c.clauses) solver.require(formula(cl));
  for (const r of model.requests) {
    for (const cl of r.clauses) solver.require(formula(cl));
    solver.require(r.selector);
  }
  for (const v of model.vars) solver.getVarNum(v);
  let count = 0;
  for (;;) {
    checkBudget(budget);
    budget.calls++;
    const sol = Logic.disablingAssertions(() => solver.solve());
    if (!sol) return { count, complete: true };
    count++;
    if (count >= limit) return { count, complete: false };
    // Block this projection: some var of `vars` must differ.
    Logic.disablingAssertions(() => solver.require(Logic.or(vars.map((v) => (sol.evaluate(v) ? Logic.not(v) : v)))));
  }
}
