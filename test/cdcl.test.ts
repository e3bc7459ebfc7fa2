/**
 * The small CDCL solver of the pairwise sampler (src/core/solve/cdcl.ts): it agrees with
 * logic-solver on random formulas under assumptions, decides SATLIB's instances as named, and its
 * probes, conflict limits and stop callback do what the sampler relies on.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import Logic from "logic-solver";
import { describe, expect, it } from "vitest";
import { Cdcl } from "../src/core/solve/cdcl.js";
import { cnfModel } from "../src/core/solve/dimacs.js";
import { ROOT, yieldToRunner } from "./support/helpers.js";

const RUNS = process.env["MLX_DEEP"] ? 1000 : 60;

describe("the CDCL solver", () => {
  const name = (l: number) => `${l & 1 ? "-" : ""}v${l >> 1}`;
  const cnfArbWith = (maxAssume: number) =>
    fc.integer({ min: 5, max: 40 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        clauses: fc.array(fc.array(fc.nat(2 * n - 1), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: Math.round(n * 4.3) }),
        assume: fc.array(fc.nat(2 * n - 1), { maxLength: maxAssume }),
      }),
    );
  const cnfArb = cnfArbWith(3);
  it("prop_agrees_with_logic_solver", async () => {
    await fc.assert(
      fc.asyncProperty(cnfArb, async ({ n, clauses, assume }) => {
        await yieldToRunner();
        const s = new Cdcl(n);
        for (const c of clauses) s.addClause(c);
        const r1 = s.solve();
        const r2 = s.solve(assume);
        const ls = new Logic.Solver();
        for (const c of clauses) ls.require(Logic.or(c.map(name)));
        for (let v = 0; v < n; v++) ls.getVarNum(`v${v}`);
        expect(r1 === "sat").toBe(ls.solve() !== null);
        expect(r2 === "sat").toBe(ls.solveAssuming(Logic.and(assume.map(name))) !== null);
        if (r2 === "sat") {
          const val = (l: number) => (s.model[l >> 1] === 1) === ((l & 1) === 0);
          expect(clauses.every((c) => c.some(val)) && assume.every(val)).toBe(true);
        }
      }),
      { seed: 99, numRuns: RUNS * 2 },
    );
  });
  it("prop_failed_assumption: after unsat, the assumptions up to failedAt fail together (-1: the clauses alone)", async () => {
    let named = 0;
    await fc.assert(
      fc.asyncProperty(cnfArbWith(8), async ({ n, clauses, assume }) => {
        await yieldToRunner();
        const s = new Cdcl(n);
        for (const c of clauses) s.addClause(c);
        if (s.solve(assume) !== "unsat") return;
        const ls = new Logic.Solver();
        for (const c of clauses) ls.require(Logic.or(c.map(name)));
        for (let v = 0; v < n; v++) ls.getVarNum(`v${v}`);
        if (s.failedAt < 0) expect(ls.solve()).toBeNull();
        else {
          named++;
          expect(s.failedAt).toBeLessThan(assume.length);
          expect(ls.solveAssuming(Logic.and(assume.slice(0, s.failedAt + 1).map(name)))).toBeNull();
        }
      }),
      { seed: 7, numRuns: RUNS * 2 },
    );
    expect(named).toBeGreaterThan(0);
  });
  it("prop_kept_assumptions: solves that keep their assumptions' levels open answer as fresh ones, through probes and added clauses", async () => {
    let reused = 0;
    await fc.assert(
      fc.asyncProperty(cnfArbWith(8), fc.array(fc.tuple(fc.nat(8), fc.array(fc.nat(79), { maxLength: 3 }), fc.nat(9)), { minLength: 1, maxLength: 12 }), async ({ n, clauses, assume }, steps) => {
        await yieldToRunner();
        const kept = new Cdcl(n);
        const fresh = new Cdcl(n);
        for (const c of clauses) {
          kept.addClause(c);
          fresh.addClause(c);
        }
        // Each step asks under a prefix of `assume` and a few literals more (questions that begin the same way).
        for (const [cut, more, other] of steps) {
          const as = [...assume.slice(0, cut), ...more.map((l) => l % (2 * n))];
          if (other === 0) {
            const c = [as[0] ?? 0];
            kept.addClause(c);
            fresh.addClause(c);
          } else if (other === 1) kept.probe([more[0]! % (2 * n)]);
          const before = kept.decisionLevel;
          const a = kept.solve(as, Infinity, undefined, true);
          const b = fresh.solve(as);
          if (before > 0 && as.length > 0) reused++;
          expect({ as, a, failedAt: a === "unsat" ? kept.failedAt >= 0 : undefined }).toEqual({ as, a: b, failedAt: b === "unsat" ? fresh.failedAt >= 0 : undefined });
          if (a === "sat") {
            const val = (l: number) => (kept.model[l >> 1] === 1) === ((l & 1) === 0);
            expect(clauses.every((c) => c.some(val)) && as.every(val)).toBe(true);
            // Left at the assumptions' level, each assumption true there.
            expect(kept.decisionLevel).toBe(as.length);
            expect(as.every((l) => kept.value(l) === 1)).toBe(true);
          }
        }
        kept.cancelUntil(0);
        expect(kept.decisionLevel).toBe(0);
      }),
      { seed: 11, numRuns: RUNS * 2 },
    );
    expect(reused).toBeGreaterThan(20);
  });
  const DATA = join(ROOT, "..", "shared", "realdata", "satlib");
  const files = (dir: string) => (existsSync(join(DATA, dir)) ? readdirSync(join(DATA, dir)).filter((f) => f.endsWith(".cnf")).sort() : []);
  const load = (dir: string, f: string) => {
    const m = cnfModel(readFileSync(join(DATA, dir, f), "utf8"));
    const s = new Cdcl(m.vars.length);
    for (const c of m.constraints) s.addClause(c.clauses[0]!.map((l) => (l.startsWith("-") ? 2 * (Number(l.slice(2)) - 1) + 1 : 2 * (Number(l.slice(1)) - 1))));
    return s;
  };
  it.skipIf(!files("uf50-218").length)("SATLIB uf50-218 satisfiable, uuf50-218 unsatisfiable", () => {
    for (const f of files("uf50-218")) expect(load("uf50-218", f).solve(), f).toBe("sat");
    for (const f of files("uuf50-218")) expect(load("uuf50-218", f).solve(), f).toBe("unsat");
  });
  it("a probe propagates under assumptions and closes its level on a conflict", () => {
    // a -> b, b -> c, and not both a and d.
    const s = new Cdcl(4);
    s.addClause([1, 2]);
    s.addClause([3, 4]);
    s.addClause([1, 7]);
    expect(s.probe([0])).toBe(true);
    const trail = Array.from(s.trail.subarray(0, s.trailLen));
    expect(trail).toEqual(expect.arrayContaining([0, 2, 4, 7]));
    s.cancelUntil(0);
    expect(s.decisionLevel).toBe(0);
    expect(s.probe([0, 6])).toBe(false);
    expect(s.decisionLevel).toBe(0);
  });
  it("gives up ('unknown') at its conflict limit or when told to stop, and can resume", () => {
    const php = (s: Cdcl, p: number, h: number) => {
      const x = (i: number, j: number) => 2 * (i * h + j);
      for (let i = 0; i < p; i++) s.addClause(Array.from({ length: h }, (_, j) => x(i, j)));
      for (let j = 0; j < h; j++) for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) s.addClause([x(a, j) ^ 1, x(b, j) ^ 1]);
    };
    const s = new Cdcl(8 * 7);
    php(s, 8, 7);
    expect(s.solve([], 10)).toBe("unknown");
    expect(s.conflicts).toBeGreaterThanOrEqual(10);
    let asked = 0;
    expect(s.solve([], Infinity, () => ++asked > 1)).toBe("unknown");
    expect(asked).toBe(2);
    expect(s.solve()).toBe("unsat");
    // Thousands of conflicts: learnt clauses deleted, and the clause arena compacted on the way.
    expect(s.compactions).toBeGreaterThan(0);
  });
  it("decides random 3-SAT of 200 variables at the threshold as logic-solver does, through reductions and compactions of its clause arena", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x80000000);
    const answers: string[] = [];
    let compactions = 0;
    for (let k = 0; k < 3; k++) {
      const n = 200;
      const s = new Cdcl(n);
      const clauses = Array.from({ length: 852 }, () => [0, 1, 2].map(() => 2 * Math.floor(rnd() * n) + (rnd() < 0.5 ? 1 : 0)));
      for (const c of clauses) s.addClause(c);
      const r = s.solve();
      const ls = new Logic.Solver();
      for (const c of clauses) ls.require(Logic.or(c.map(name)));
      expect(r === "sat").toBe(ls.solve() !== null);
      if (r === "sat") expect(clauses.every((c) => c.some((l) => (s.model[l >> 1] === 1) === ((l & 1) === 0)))).toBe(true);
      answers.push(r);
      compactions += s.compactions;
    }
    expect(answers).toEqual(["sat", "unsat", "unsat"]);
    expect(compactions).toBeGreaterThan(0);
  });
});
