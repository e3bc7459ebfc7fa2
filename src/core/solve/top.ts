/**
 * The k best solutions in the true lexicographic order, not only the best.
 *
 * Each next solution is the lexicographic optimum of the model with every solution found so far
 * blocked, re-optimised from scratch (every level, then the canonical tie-break), each level
 * knowing the cost of the solution before as a lower bound (`LexOptions.floor`). Blocking is
 * over the model's own variables (`Model.vars`): a solution that differs from all before on one of
 * them at least, i.e. (in SAT terms) for a solution whose true vars are T, the clause
 * (∨_{v∈T} ¬v) ∨ (∨_{v∉T} v). With `overChoices`, two solutions that agree on the vars but take
 * another option of some choice are different too: the clause also holds ¬o for each option o
 * the solution takes.
 *
 * Why this is exact: solveLex returns the minimum of a total order (the cost vector, then the
 * canonical tie-break) over the solutions the clauses allow, and each blocking clause removes
 * exactly the solutions equal to one already returned, on the vars (and choices). So the i-th
 * call returns the i-th smallest distinct solution of that order.
 */
import type { Budget } from "../common/budget.js";
import { solveLex, type Assignment, type LexOptions } from "./engine.js";
import { neg, type Clause, type Model } from "./types.js";

export interface TopOptions extends Omit<LexOptions, "budget"> {
  budget: Budget;
  /** Solutions differing only in a choice's option count as different (default: only the vars). */
  overChoices?: boolean;
  /** Told after each solution is proven the next best: how many of `k` are. */
  onSolution?: (found: number, k: number) => void;
}

export interface TopResult {
  /** Best first; each proven the next best (a solution found at a time limit is not listed). */
  solutions: Assignment[];
  /**
   * "complete": k solutions; "exhausted": fewer exist; "unsat": none; "timeout": stopped at the
   * time limit (or the solver's memory) before the k-th was proven, with `best` the best one
   * found for the first place when none was proven.
   */
  status: "complete" | "exhausted" | "unsat" | "timeout";
  reason?: "time" | "memory";
  best?: Assignment;
}

/** The clause that rules out exactly the solutions equal to `a` on the model's vars (and choices). */
function blockingClause(model: Model, a: Assignment, overChoices = false): Clause {
  const clause: Clause = model.vars.map((v) => (a.trueVars.has(v) ? neg(v) : v));
  if (overChoices) {
    for (const { owner, options } of model.choices ?? []) {
      if (!a.trueVars.has(owner)) continue;
      for (const o of options) if (a.trueVars.has(o)) clause.push(neg(o));
    }
  }
  return clause;
}

/** The `k` best solutions of `model` in lexicographic order (see the file's comment). */
export function solveLexTop(model: Model, k: number, opts: TopOptions): TopResult {
  const solutions: Assignment[] = [];
  const blocks: Clause[] = [];
  while (solutions.length < k) {
    const previous = solutions.at(-1);
    const r = solveLex(model, { ...opts, extraClauses: [...(opts.extraClauses ?? []), ...blocks], ...(previous ? { floor: previous.costs } : {}) });
    if (r.status === "unsat") return { solutions, status: solutions.length ? "exhausted" : "unsat" };
    if (r.status === "timeout") return { solutions, status: "timeout", reason: r.reason ?? "time", ...(solutions.length === 0 && r.assignment ? { best: r.assignment } : {}) };
    solutions.push(r.assignment);
    opts.onSolution?.(solutions.length, k);
    const block = blockingClause(model, r.assignment, opts.overChoices);
    // Nothing to differ on (no vars, no choice taken): that solution was the only one.
    if (block.length === 0) return { solutions, status: solutions.length < k ? "exhausted" : "complete" };
    blocks.push(block);
  }
  return { solutions, status: "complete" };
}
