/**
 * The patched MiniSat (src/core/minisat.ts): the patches apply to the installed logic-solver,
 * solving under many assumptions agrees with logic-solver's own solver, cores are unsatisfiable
 * subsets of the assumptions, and budgets slice a long proof (which also pins the offsets of
 * MiniSat's counters: were they wrong, the budget would not bite and there would be one slice).
 */
import fc from "fast-check";
import Logic from "logic-solver";
import C_MINISAT from "logic-solver/minisat.js";
import { afterEach, describe, expect, it } from "vitest";
import { LEARNTS, PATCHED_HEAP_BYTES, SLICE, patchSource, patchedMiniSatAvailable, usePatchedMiniSat } from "../src/core/minisat.js";
import { miniSatSource, provideMiniSatFactory } from "../src/core/settings.js";
import "../src/node/minisat-source.js";

const SEED = 20261125;
const saved = { ...SLICE };
afterEach(() => Object.assign(SLICE, saved));

function pigeonhole(s: Logic.Solver, pigeons: number, holes: number, guard?: string) {
  const x = (p: number, h: number) => `x${p}_${h}`;
  for (let p = 0; p < pigeons; p++) s.require(Logic.or(...(guard ? [Logic.not(guard)] : []), ...Array.from({ length: holes }, (_, h) => x(p, h))));
  for (let h = 0; h < holes; h++)
    for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) s.require(Logic.or(Logic.not(x(p, h)), Logic.not(x(q, h))));
}

describe("patched MiniSat", () => {
  it("applies to the installed logic-solver, exactly once per patch, with a 1 GiB heap", () => {
    const src = Function.prototype.toString.call(C_MINISAT);
    const patched = patchSource(src);
    expect(patched).not.toBeNull();
    expect(patched).toContain("_mlxSolveAssumps");
    expect(patchSource("function(){}")).toBeNull();
    expect(patchedMiniSatAvailable()).toBe(true);
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s)!;
    expect((s as unknown as { _minisat: { C: { HEAP8: Int8Array } } })._minisat.C.HEAP8.length).toBe(PATCHED_HEAP_BYTES);
    s.require(Logic.or("a", "b"));
    expect(h.solve(["-a", "-b"])).toBeNull();
    expect(new Set(h.core())).toEqual(new Set(["-a", "-b"]));
    expect(h.solve(["-a"])!.getTrueVars()).toEqual(["b"]);
  });

  it("without a factory source, or with one the patches do not fit, there is no patched solver", () => {
    const saved = miniSatSource.get!;
    try {
      provideMiniSatFactory(() => function other() {});
      expect(patchedMiniSatAvailable()).toBe(false);
      expect(usePatchedMiniSat(new Logic.Solver())).toBeUndefined();
    } finally {
      provideMiniSatFactory(saved);
    }
    expect(patchedMiniSatAvailable()).toBe(true);
  });

  it("agrees with logic-solver's solver on random formulas and assumptions; cores are unsatisfiable subsets", () => {
    const vars = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const lit = fc.tuple(fc.constantFrom(...vars), fc.boolean()).map(([v, n]) => (n ? `-${v}` : v));
    const clause = fc.array(lit, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(clause, { minLength: 1, maxLength: 30 }), fc.array(fc.array(lit, { maxLength: 6 }), { minLength: 1, maxLength: 5 }), (clauses, queries) => {
        const toF = (l: string) => (l.startsWith("-") ? Logic.not(l.slice(1)) : l);
        const stock = new Logic.Solver();
        const ours = new Logic.Solver();
        const h = usePatchedMiniSat(ours, 64 << 20)!;
        for (const c of clauses) {
          stock.require(Logic.or(c.map(toF)));
          ours.require(Logic.or(c.map(toF)));
        }
        for (const v of vars) stock.getVarNum(v), ours.getVarNum(v);
        for (const q of queries) {
          const expected = q.length ? stock.solveAssuming(Logic.and(q.map(toF))) : stock.solve();
          const got = h.solve(q);
          expect(got !== null).toBe(expected !== null);
          if (got) for (const l of q) expect(got.evaluate(toF(l))).toBe(true);
          else {
            const core = h.core();
            for (const l of core) expect(q).toContain(l);
            expect(h.solve(core)).toBeNull();
          }
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("slices a long proof by conflict budget and stops when told to between slices", () => {
    SLICE.conflicts = 20;
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s, 64 << 20)!;
    pigeonhole(s, 7, 6, "g");
    let between = 0;
    h.setBetween(() => between++);
    expect(h.solve(["g"])).toBeNull();
    const st = h.stats();
    expect(st.solves).toBe(st.slices);
    expect(st.conflicts).toBeGreaterThan(100);
    // One slice per 20 conflicts (a slice may overrun its budget by the conflict that ends it).
    expect(st.slices).toBeGreaterThanOrEqual(Math.floor(st.conflicts / 21));
    expect(between).toBe(st.slices - 1);
    expect(h.core()).toEqual(["g"]);

    const t = new Logic.Solver();
    const k = usePatchedMiniSat(t, 64 << 20)!;
    pigeonhole(t, 8, 7);
    k.setBetween(() => {
      throw new Error("stop");
    });
    expect(() => k.solve([])).toThrow("stop");
    expect(k.stats().slices).toBe(1);
  });

  it("drops logic-solver's copy of each clause once sent to MiniSat; clauses added later still count", () => {
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s, 64 << 20)!;
    const internal = s as unknown as { clauses: unknown[]; _numClausesAddedToMiniSat: number };
    s.require(Logic.or("a", "b"));
    s.require(Logic.or("-a", "-b"));
    expect(h.solve(["a"])!.evaluate("b")).toBe(false);
    expect(internal._numClausesAddedToMiniSat).toBe(internal.clauses.length);
    expect(internal.clauses.every((c) => c === null)).toBe(true);
    s.require(Logic.or("-a", "c"));
    s.forbid("c");
    expect(h.solve(["a"])).toBeNull();
    expect(h.core()).toEqual(["a"]);
    expect(h.solve([])!.evaluate("b")).toBe(true);
    expect(internal.clauses.every((c) => c === null)).toBe(true);
  });

  it("keeps the learnt clauses within LEARNTS.literals, checked between slices", () => {
    const run = (limit: number) => {
      LEARNTS.literals = limit;
      SLICE.conflicts = 100;
      const s = new Logic.Solver();
      const h = usePatchedMiniSat(s, 64 << 20)!;
      pigeonhole(s, 9, 8, "p");
      // Many easy problem clauses: MiniSat alone would keep a third as many learnt ones.
      for (let i = 0; i < 30_000; i++) s.require(Logic.or(`y${i}`, `y${i + 1}`));
      expect(h.trySolve(["p"], 3000)).toBeUndefined();
      // MiniSat's learntsize_factor and learntsize_inc, as the last slice left them.
      const mini = (s as unknown as { _minisat: { double(off: number): number } })._minisat;
      return { ...h.stats(), factor: mini.double(120), inc: mini.double(128) };
    };
    try {
      const free = run(48_000_000);
      // Unlimited, MiniSat keeps every learnt clause here (a third of the problem clauses is more).
      expect(free.learnts).toBeGreaterThan(2500);
      expect([free.factor, free.inc]).toEqual([1 / 3, 1.1]);
      const tight = run(3000);
      expect(tight.conflicts).toBeGreaterThanOrEqual(3000);
      // Checked only between slices, so a slice's worth of learnt clauses may come on top.
      expect(tight.learnts).toBeLessThan(free.learnts / 3);
      expect(tight.factor).toBeLessThan(1 / 3);
      expect(tight.inc).toBe(1);
    } finally {
      LEARNTS.literals = 48_000_000;
    }
  });

  it("reads MiniSat's clause and learnt-clause counters where the trace expects them", () => {
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s, 64 << 20)!;
    s.require(Logic.or("a", "b", "c"));
    s.require(Logic.or("-a", "d"));
    expect(h.solve(["a"])).not.toBeNull();
    const st = h.stats();
    expect([st.clauses, st.learnts, st.learntLiterals]).toEqual([2, 0, 0]);
    // A proof cut short keeps its learnt clauses (a finished one may have simplified them away).
    pigeonhole(s, 8, 7, "p");
    expect(h.trySolve(["p"], 50)).toBeUndefined();
    const after = h.stats();
    expect(after.learnts).toBeGreaterThan(0);
    expect(after.learntLiterals).toBeGreaterThanOrEqual(after.learnts);
    expect(after.decisions).toBeGreaterThan(0);
    expect(after.propagations).toBeGreaterThan(after.decisions);
  });
});
