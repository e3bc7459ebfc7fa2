/**
 * The analysis oracle (src/core/solve/oracle.ts) on both of its solvers: the same answers to the
 * same questions, solutions that hold what was asked, and a work limit honoured inside one long
 * proof on the CDCL, as on MiniSat.
 */
import { describe, expect, it } from "vitest";
import { newBudget, SolverMemory, Timeout } from "../src/core/common/budget.js";
import { prng } from "../src/core/common/random.js";
import { backbone } from "../src/core/solve/backbone.js";
import { oracleSolverFor, SatOracle } from "../src/core/solve/oracle.js";
import type { Clause, Model } from "../src/core/solve/types.js";

const formula = (n: number, clauses: Clause[]): Model => ({
  vars: Array.from({ length: n }, (_, i) => `x${i}`),
  constraints: [{ kind: "rule", message: "the formula", source: { file: "f", line: 1, column: 1 }, subjects: [], clauses }],
  requests: [],
  objectives: [],
});

/** Pigeons into one hole fewer: unsatisfiable, and hard for resolution. */
function pigeonhole(pigeons: number): Clause[] {
  const holes = pigeons - 1;
  const x = (p: number, h: number) => `x${p * holes + h}`;
  const clauses: Clause[] = [];
  for (let p = 0; p < pigeons; p++) clauses.push(Array.from({ length: holes }, (_, h) => x(p, h)));
  for (let h = 0; h < holes; h++) for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) clauses.push([`-${x(p, h)}`, `-${x(q, h)}`]);
  return clauses;
}

describe("the analysis oracle", () => {
  it("a small model's questions go to the CDCL, a large one's to MiniSat", () => {
    expect(oracleSolverFor(formula(199, []))).toBe("cdcl");
    expect(oracleSolverFor(formula(200, []))).toBe("minisat");
  });

  it("prop_same_answers_on_both_solvers (random 3-CNF, random questions, guarded constraints, seeded)", () => {
    const rnd = prng(41);
    for (let run = 0; run < 200; run++) {
      const n = 3 + Math.floor(rnd() * 10);
      const lit = () => `${rnd() < 0.5 ? "-" : ""}x${Math.floor(rnd() * n)}`;
      const clauses = Array.from({ length: Math.floor(rnd() * n * 4.5) }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, lit));
      const model = formula(n, clauses);
      const guard = rnd() < 0.3;
      const oracles = (["cdcl", "minisat"] as const).map((solver) => new SatOracle(model, newBudget(), guard, solver));
      for (let q = 0; q < 8; q++) {
        const on = [...(guard && rnd() < 0.7 ? ["k:0"] : []), ...Array.from({ length: Math.floor(rnd() * 4) }, lit)];
        const got = oracles.map((o) => o.solve(on));
        expect({ run, on, sat: got.map((s) => s !== null) }).toEqual({ run, on, sat: [got[1] !== null, got[1] !== null] });
        for (const s of got) {
          if (!s) continue;
          // A literal evaluates as its variable's value, negated or not (logic-solver's Solution does).
          expect(on.every((l) => s.evaluate(l))).toBe(true);
          expect(model.vars.every((v) => s.evaluate(`-${v}`) === !s.evaluate(v))).toBe(true);
          if (!guard || on.includes("k:0")) expect(clauses.every((c) => c.some((l) => s.evaluate(l)))).toBe(true);
        }
        // Either way a question may be narrowed for good, as the backbone's are.
        if (rnd() < 0.3) {
          const e = lit();
          for (const o of oracles) o.retire(o.either([e]));
        }
      }
      for (const o of oracles) o.release();
    }
  });

  it("prop_implied_holds_in_every_solution (random CNF, random assumptions, both solvers, against enumeration, seeded)", () => {
    const rnd = prng(43);
    const seen = { cdcl: 0, minisat: 0 };
    for (let run = 0; run < 300; run++) {
      const n = 2 + Math.floor(rnd() * 8);
      const lit = () => `${rnd() < 0.5 ? "-" : ""}x${Math.floor(rnd() * n)}`;
      // Many binary clauses and some units, so that propagation reaches far.
      const clauses = Array.from({ length: Math.floor(rnd() * n * 2.5) }, () => Array.from({ length: rnd() < 0.15 ? 1 : 2 + Math.floor(rnd() * 2) }, lit));
      const model = formula(n, clauses);
      const on = Array.from({ length: Math.floor(rnd() * 3) }, lit);
      const solutions: boolean[][] = [];
      for (let m = 0; m < 1 << n; m++) {
        const val = (l: string) => ((m >> Number(l.replace(/^-?x/, ""))) & 1) === 1 !== l.startsWith("-");
        if ([...clauses, ...on.map((l) => [l])].every((c) => c.some(val))) solutions.push(model.vars.map((v) => val(v)));
      }
      if (solutions.length === 0) continue;
      // As the backbone asks: after a solve under `on` found a solution.
      for (const solver of ["cdcl", "minisat"] as const) {
        const o = new SatOracle(model, newBudget(), false, solver);
        expect(o.sat(on)).toBe(true);
        const implied = o.implied(on);
        if (solver === "cdcl") expect({ run, defined: implied !== undefined }).toEqual({ run, defined: true });
        model.vars.forEach((v, i) => {
          for (const [l, value] of [[v, true], [`-${v}`, false]] as const)
            if (implied?.(l)) {
              seen[solver]++;
              expect({ run, solver, l, always: solutions.every((s) => s[i] === value) }).toEqual({ run, solver, l, always: true });
            }
        });
        // Asking changes nothing the oracle answers after.
        expect(o.sat(on)).toBe(true);
        o.release();
      }
    }
    expect(seen.cdcl).toBeGreaterThan(100);
    expect(seen.minisat).toBeGreaterThan(20);
  });

  it("a backbone takes what propagation fixes without asking the solver: a chain of implications from a root", () => {
    // x0, and x(i) -> x(i+1): every variable is backbone, found by the first solve alone.
    const n = 40;
    const model = formula(n, [["x0"], ...Array.from({ length: n - 1 }, (_, i) => [`-x${i}`, `x${i + 1}`])]);
    const budget = newBudget();
    const o = new SatOracle(model, budget, false, "cdcl");
    const b = backbone(o, [], model.vars);
    expect([...b.fixed]).toEqual(model.vars.map((v) => [v, true]));
    expect(budget.calls).toBe(1);
    // MiniSat's oracle says its root level, where the unit x0 and the chain put every variable.
    const budget2 = newBudget();
    const m = new SatOracle(model, budget2, false, "minisat");
    expect([...backbone(m, [], model.vars).fixed]).toEqual(model.vars.map((v) => [v, true]));
    expect(budget2.calls).toBe(1);
    m.release();
  });

  it("a work limit stops a long proof on the CDCL inside the one call, and said as a time limit", () => {
    const model = formula(56, pigeonhole(8));
    expect(oracleSolverFor(model)).toBe("cdcl");
    const budget = { ...newBudget(), workLimit: 20_000 };
    const o = new SatOracle(model, budget);
    expect(() => o.solve([])).toThrow(Timeout);
    expect(budget.calls).toBe(1);
    expect(budget.work).toBeGreaterThanOrEqual(20_000);
    // Without a limit the same question is answered: no solution.
    expect(new SatOracle(model, newBudget()).sat([])).toBe(false);
  });

  it("asks the solver once per question: the same selectors in any order are answered from memory, rightly after extend and either", () => {
    for (const solver of ["cdcl", "minisat"] as const) {
      const budget = newBudget();
      const o = new SatOracle(formula(3, [["-x0", "-x1"], ["x2"]]), budget, false, solver);
      expect(o.sat(["x0", "x2"])).toBe(true);
      expect(o.sat(["x0", "x1"])).toBe(false);
      expect(budget.calls).toBe(2);
      o.extend(undefined, ["-x2"]);
      o.either(["x0", "x1"]);
      expect([o.sat(["x2", "x0"]), o.sat(["x1", "x0"]), o.sat(["x0", "x0", "x2"])]).toEqual([true, false, true]);
      expect(budget.calls).toBe(2);
      // What a fresh oracle says, asked for the first time.
      const fresh = new SatOracle(formula(3, [["-x0", "-x1"], ["x2"]]), newBudget(), false, solver);
      expect([fresh.sat(["x2", "x0"]), fresh.sat(["x1", "x0"])]).toEqual([true, false]);
      o.release();
      fresh.release();
    }
  });

  it("a released oracle says so when asked again", () => {
    for (const solver of ["cdcl", "minisat"] as const) {
      const o = new SatOracle(formula(2, [["x0", "x1"]]), newBudget(), false, solver);
      expect(o.sat(["x0"])).toBe(true);
      o.release();
      expect(() => o.sat(["x0"])).toThrow(/released/);
    }
  });

  it("a question of many literals adds nothing to MiniSat's formula (the patched solver assumes them all)", () => {
    // On the stock solver each such question added a clause per literal for good: analyze's
    // explanations on 3,000 synthetic plugins with strict integrations filled MiniSat's heap, then
    // V8's (4.9 GB), and ended as an internal error.
    const n = 300;
    const model = formula(n, Array.from({ length: n - 1 }, (_, i) => [`-x${i}`, `x${i + 1}`]));
    const o = new SatOracle(model, newBudget(), true, "minisat");
    const held = () => (o as unknown as { questions: { solver: { clauses: unknown[] } } }).questions.solver.clauses.length;
    o.sat(["k:0"]);
    const before = held();
    for (let q = 0; q < 50; q++) {
      // 200 variables false: satisfiable; with x0 true too, the chain makes x299 true: not.
      const on = ["k:0", ...Array.from({ length: 200 }, (_, i) => `-x${n - 1 - i}`), ...(q % 2 ? ["x0"] : [])];
      expect(o.sat(on)).toBe(q % 2 === 0);
    }
    expect(held()).toBe(before);
    o.release();
  });

  it("MiniSat's fixed memory running out is SolverMemory, a stop, not a string thrown from emscripten", () => {
    const o = new SatOracle(formula(300, [["x0", "x1"]]), newBudget(), false, "minisat");
    const q = (o as unknown as { questions: { assuming: { solve(): never } } }).questions;
    q.assuming.solve = () => {
      throw "abort(Cannot enlarge memory arrays.) at Error";
    };
    expect(() => o.sat(["x0", "x1"])).toThrow(SolverMemory);
    o.release();
  });
});
