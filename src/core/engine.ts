/**
 * The solver layer: labelled constraints and literals in, assignments and costs out.
 * It knows nothing of plugins. Built on logic-solver (MiniSat compiled to asm.js).
 *
 * Optimisation is lexicographic in the style of Meteor's constraint solver: minimise a level,
 * lock its optimum (logic-solver's minimizeWeightedSum requires cost = optimum afterwards), go on.
 * A final canonical step makes the answer independent of the solver's search among ties: plugin
 * variables are fixed false in reverse name order whenever that keeps every level at its optimum,
 * so among equally good stacks the one whose plugins come first by name wins.
 */
import Logic from "logic-solver";
import type { Clause, Model, Objective } from "./model.js";

export class Timeout extends Error {
  constructor() {
    super("timeout");
  }
}

export interface Budget {
  /** Epoch milliseconds after which the search stops with its best so far. */
  deadline?: number;
  /** Counts solver calls (for reports and benchmarks). */
  calls: number;
}

export const newBudget = (timeoutSeconds?: number): Budget => ({ calls: 0, ...(timeoutSeconds !== undefined ? { deadline: Date.now() + timeoutSeconds * 1000 } : {}) });

function checkBudget(b: Budget) {
  if (b.deadline !== undefined && Date.now() > b.deadline) throw new Timeout();
}

/**
 * Adds clauses as numeric clauses, straight into logic-solver's clause list: the same clauses
 * `require(Logic.or(...))` would give, without building a Formula for each (several times faster
 * on large models). Uses logic-solver's internal `_addClause`, checked by the golden tests.
 */
function addClauses(solver: Logic.Solver, clauses: Clause[]) {
  const s = solver as unknown as { _addClause(c: unknown): void };
  const ClauseCtor = (Logic as unknown as { Clause: new (terms: number[]) => unknown }).Clause;
  for (const c of clauses) {
    const terms = c.map((l) => (l.charCodeAt(0) === 45 /* - */ ? -solver.getVarNum(l.slice(1)) : solver.getVarNum(l)));
    s._addClause(new ClauseCtor(terms));
  }
}

export interface Assignment {
  trueVars: Set<string>;
  costs: number[];
}

export type LexResult =
  | { status: "optimal"; assignment: Assignment }
  | { status: "unsat" }
  | { status: "timeout"; assignment?: Assignment };

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
  budget: Budget;
}

/** Builds a solver holding every hard constraint and the active requests. */
function buildSolver(model: Model, active: ReadonlySet<string> | undefined, free?: ReadonlySet<string>, extra: Clause[] = []): Logic.Solver {
  return Logic.disablingAssertions(() => {
    const solver = new Logic.Solver();
    for (const c of model.constraints) addClauses(solver, c.clauses);
    for (const r of model.requests) {
      addClauses(solver, r.clauses);
      if (free?.has(r.selector)) continue;
      if (!active || active.has(r.selector)) solver.require(r.selector);
      else solver.forbid(r.selector);
    }
    // Every plugin variable exists in the solver even when no clause mentions it.
    addClauses(solver, extra);
    for (const v of model.pluginVars) solver.getVarNum(v);
    return solver;
  });
}

function costOf(sol: Logic.Solution, o: Objective): number {
  return o.terms.length ? sol.getWeightedSum(o.terms.map((t) => t.lit), o.terms.map((t) => t.weight)) : 0;
}

export function solveLex(model: Model, opts: LexOptions): LexResult {
  const { budget } = opts;
  const solver = buildSolver(model, opts.active, opts.free, opts.extraClauses);
  const levels = [...(opts.before ?? []), ...(opts.skipModelObjectives ? [] : model.objectives)];
  budget.calls++;
  let sol = Logic.disablingAssertions(() => solver.solve());
  if (!sol) return { status: "unsat" };
  const snapshot = (s: Logic.Solution): Assignment => ({ trueVars: new Set(s.getTrueVars()), costs: levels.map((o) => costOf(s, o)) });
  try {
    for (const o of levels) {
      checkBudget(budget);
      if (o.terms.length === 0) continue;
      const current: Logic.Solution = sol!;
      sol = Logic.disablingAssertions((): Logic.Solution =>
        solver.minimizeWeightedSum(current, o.terms.map((t) => t.lit), o.terms.map((t) => t.weight), {
          progress: (status) => {
            if (status !== "finished") {
              budget.calls++;
              checkBudget(budget);
            }
          },
        }),
      );
    }
    if (opts.canonicalise !== false) sol = canonical(solver, sol!, model, budget);
  } catch (e) {
    if (e instanceof Timeout) return { status: "timeout", assignment: snapshot(sol!) };
    throw e;
  }
  return { status: "optimal", assignment: snapshot(sol) };
}

/**
 * Among the optimal solutions, the one whose plugins come first by name, then whose facet values
 * come first by name plugin by plugin. Plugins: from the last name to the first, each selected
 * one is fixed out when some optimal solution allows it (only selected ones cost a call). Facets:
 * each selected plugin in name order takes its first value that some optimal solution allows.
 */
function canonical(solver: Logic.Solver, sol: Logic.Solution, model: Model, budget: Budget): Logic.Solution {
  for (const v of [...model.pluginVars].sort().reverse()) {
    checkBudget(budget);
    if (!sol.evaluate(v)) {
      solver.forbid(v);
      continue;
    }
    budget.calls++;
    const alt = Logic.disablingAssertions(() => solver.solveAssuming(Logic.not(v)));
    if (alt) {
      solver.forbid(v);
      sol = alt;
    } else solver.require(v);
  }
  const byPlugin = new Map<string, string[]>();
  for (const f of allFacetVars(model)) {
    const id = f.split(":")[1]!;
    if (sol.evaluate(`p:${id}`)) byPlugin.set(id, [...(byPlugin.get(id) ?? []), f]);
  }
  for (const id of [...byPlugin.keys()].sort()) {
    for (const f of byPlugin.get(id)!) {
      checkBudget(budget);
      if (sol.evaluate(f)) {
        solver.require(f);
        break;
      }
      budget.calls++;
      const alt = Logic.disablingAssertions(() => solver.solveAssuming(f));
      if (alt) {
        solver.require(f);
        sol = alt;
        break;
      }
    }
  }
  return sol;
}

/** Facet variables, plugin by plugin in the order the model prefers them (its first clause). */
function allFacetVars(model: Model): string[] {
  const out: string[] = [];
  for (const c of model.constraints) if (c.kind === "facet") out.push(...c.clauses[0]!.filter((l) => l.startsWith("f:")));
  return out;
}

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
  ) {
    this.constraintSelectors = [];
    this.solver = Logic.disablingAssertions(() => {
      const solver = new Logic.Solver();
      model.constraints.forEach((c, i) => {
        if (guardConstraints && c.kind !== "definition") {
          const sel = `k:${i}`;
          this.constraintSelectors[i] = sel;
          addClauses(solver, c.clauses.map((cl) => [`-${sel}`, ...cl]));
        } else addClauses(solver, c.clauses);
      });
      for (const r of model.requests) addClauses(solver, r.clauses);
      for (const v of model.pluginVars) solver.getVarNum(v);
      return solver;
    });
  }
  /** A solution with every selector in `on` true, or null. */
  solve(on: readonly string[]): Logic.Solution | null {
    checkBudget(this.budget);
    this.budget.calls++;
    return Logic.disablingAssertions(() => (on.length === 0 ? this.solver.solve() : this.solver.solveAssuming(on.length === 1 ? on[0]! : Logic.and(on))));
  }
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
}

/**
 * Counts the solutions of the model's hard constraints projected onto `vars` (two solutions
 * that agree on `vars` count once), by enumeration with blocking clauses, up to `limit`.
 * Exact and simple; meant for small spaces (use a counting algorithm for large ones).
 */
export function countProjected(model: Model, vars: string[], budget: Budget, limit = 1_000_000): { count: number; complete: boolean } {
  const solver = buildSolver(model, undefined);
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
