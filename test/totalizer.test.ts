/**
 * The totalizer (src/core/solve/totalizer.ts) that the optimiser's bounds are read from: for terms added
 * in batches between questions, and bounds asked in any order, "at most k" holds exactly when
 * the true terms weigh at most k, and a literal handed out earlier keeps meaning a bound over the
 * terms known then. Checked on every assignment of the terms (up to 7 of them).
 */
import fc from "fast-check";
import Logic from "logic-solver";
import { describe, expect, it } from "vitest";
import type { Clause } from "../src/core/solve/types.js";
import { newSolver } from "../src/core/solve/minisat/minisat.js";
import { Totalizer } from "../src/core/solve/totalizer.js";
import { yieldToRunner } from "./support/helpers.js";

const SEED = 20261125;

const toF = (l: string) => (l.startsWith("-") ? Logic.not(l.slice(1)) : l);

describe("totalizer", () => {
  it("'at most k' holds exactly when the true terms weigh at most k, as terms and bounds grow", async () => {
    const step = fc.oneof(fc.record({ add: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }) }), fc.record({ ask: fc.integer({ min: 0, max: 9 }) }));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        await yieldToRunner();
        const solver = newSolver();
        const add = (cs: Clause[]) => {
          for (const c of cs) solver.require(Logic.or(...c.map(toF)));
        };
        const t = new Totalizer(add, "t");
        const weights: number[] = [];
        // Each literal handed out, with the terms known when it was.
        const asked: { lit: string; k: number; terms: number }[] = [];
        for (const s of steps) {
          if ("add" in s) {
            for (const w of s.add) {
              if (weights.length >= 7) break;
              t.addRow(`x${weights.length}`, w);
              weights.push(w);
            }
          } else {
            const lit = t.atMost(s.ask);
            if (weights.length === 0) expect(lit).toBeUndefined();
            else asked.push({ lit: lit!, k: s.ask, terms: weights.length });
          }
        }
        expect(t.weight).toBe(weights.reduce((a, b) => a + b, 0));
        for (let mask = 0; mask < 1 << weights.length; mask++) {
          const fix = weights.map((_, i) => (mask & (1 << i) ? `x${i}` : `-x${i}`));
          for (const { lit, k, terms } of asked) {
            let w = 0;
            for (let i = 0; i < terms; i++) if (mask & (1 << i)) w += weights[i]!;
            const sat = solver.solveAssuming(Logic.and(...fix.map(toF), toF(lit))) !== null;
            if (sat !== w <= k) throw new Error(`terms ${weights.join(",")}, true ${mask.toString(2)}: "at most ${k}" over ${terms} terms is ${sat ? "satisfiable" : "unsatisfiable"} at weight ${w}`);
          }
        }
      }),
      { seed: SEED, numRuns: process.env["MLX_DEEP"] ? 1500 : 80 },
    );
  });

  it("gated rows count 'gate and literal': 'at most k' holds exactly when that many pairs hold", async () => {
    // Rows are (lit, weight, gate?) with gates among two variables; the terms count only with their gate.
    const row = fc.record({ w: fc.integer({ min: 1, max: 3 }), gate: fc.constantFrom(undefined, 0, 1) });
    const step = fc.oneof(fc.record({ add: fc.array(row, { minLength: 1, maxLength: 3 }) }), fc.record({ ask: fc.integer({ min: 0, max: 7 }) }));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        await yieldToRunner();
        const solver = newSolver();
        const t = new Totalizer((cs) => {
          for (const c of cs) solver.require(Logic.or(...c.map(toF)));
        }, "t");
        const rows: { w: number; gate?: number }[] = [];
        const asked: { lit: string; k: number; terms: number }[] = [];
        for (const s of steps) {
          if ("add" in s) {
            for (const r of s.add) {
              if (rows.length >= 5) break;
              t.addRow(`x${rows.length}`, r.w, r.gate === undefined ? undefined : `g${r.gate}`);
              rows.push(r);
            }
          } else {
            const lit = t.atMost(s.ask);
            if (rows.length) asked.push({ lit: lit!, k: s.ask, terms: rows.length });
          }
        }
        const n = rows.length + 2;
        for (let mask = 0; mask < 1 << n; mask++) {
          const on = (i: number) => (mask & (1 << i)) !== 0;
          const gateOn = (g: number) => on(rows.length + g);
          const fix = [...rows.map((_, i) => (on(i) ? `x${i}` : `-x${i}`)), gateOn(0) ? "g0" : "-g0", gateOn(1) ? "g1" : "-g1"];
          for (const { lit, k, terms } of asked) {
            let w = 0;
            for (let i = 0; i < terms; i++) if (on(i) && (rows[i]!.gate === undefined || gateOn(rows[i]!.gate!))) w += rows[i]!.w;
            const sat = solver.solveAssuming(Logic.and(...fix.map(toF), toF(lit))) !== null;
            if (sat !== w <= k) throw new Error(`rows ${JSON.stringify(rows)}, true ${mask.toString(2)}: "at most ${k}" over ${terms} rows is ${sat ? "satisfiable" : "unsatisfiable"} at weight ${w}`);
          }
        }
      }),
      { seed: SEED, numRuns: process.env["MLX_DEEP"] ? 1500 : 80 },
    );
  });

  /** How many clauses a true x0 climbs to reach the output the last `atMost(2)` named. */
  function depthOfX0(batches: number[]): { depth: number; clauses: number } {
    const clauses: Clause[] = [];
    const t = new Totalizer((cs) => clauses.push(...cs), "d");
    let n = 0;
    let root = "";
    for (const b of batches) {
      for (let i = 0; i < b; i++) t.addRow(`x${n++}`, 1);
      root = t.atMost(2)!.slice(1);
    }
    // The clauses an output is reached by: (¬in ∨ ¬other ∨ out), from each input.
    const up = new Map<string, Set<string>>();
    for (const c of clauses) for (const l of c.slice(0, -1)) up.set(l.slice(1), (up.get(l.slice(1)) ?? new Set()).add(c[c.length - 1]!));
    // Breadth-first from x0 to the root.
    let frontier = new Set(["x0"]);
    for (let depth = 0; frontier.size; depth++) {
      if (frontier.has(root)) return { depth, clauses: clauses.length };
      const next = new Set<string>();
      for (const v of frontier) for (const w of up.get(v) ?? []) next.add(w);
      frontier = next;
    }
    throw new Error("x0 does not reach the root");
  }

  it("climbs a tree, not a chain: a true term reaches the bound in O(log n) steps", () => {
    const one = depthOfX0([1024]);
    expect(one.depth).toBe(10);
    // At most three outputs per node, so a few clauses per node.
    expect(one.clauses).toBeLessThan(1024 * 8);
    // Terms revealed one at a time, a bound asked after each: still a shallow forest.
    const trickle = depthOfX0(Array.from({ length: 1024 }, () => 1));
    expect(trickle.depth).toBeLessThanOrEqual(2 * 10);
  });
});
