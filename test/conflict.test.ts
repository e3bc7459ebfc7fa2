/**
 * The minimal conflict of a set of requests (src/core/solve/explain.ts, `conflictOn`): where two
 * requests contradict each other directly it is found with two satisfiability calls instead of
 * QuickXplain's search, and it must be the very conflict QuickXplain gives (the preferred one),
 * so that explanations read the same either way. Random small models, a fixed seed per case.
 */
import { describe, expect, it } from "vitest";
import { newBudget } from "../src/core/common/budget.js";
import { prng } from "../src/core/common/random.js";
import { conflictOn, quickXplain } from "../src/core/solve/explain.js";
import { SatOracle } from "../src/core/solve/oracle.js";
import type { Clause, Model } from "../src/core/solve/types.js";

const SEED = 20261206;
const CASES = process.env["MLX_DEEP"] ? 4000 : 400;
const at = { file: "m", line: 1, column: 1 };

/** A model of 6 variables, a few labelled rules and 3–8 requests, many of them single literals. */
function randomModel(seed: number): Model {
  const rnd = prng(seed);
  const n = 6;
  const lit = () => `${rnd() < 0.5 ? "-" : ""}x${Math.floor(rnd() * n)}`;
  const clause = (max: number): Clause => Array.from({ length: 1 + Math.floor(rnd() * max) }, lit);
  const constraints = Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => ({ kind: "rule", message: `rule ${i}`, source: at, subjects: [], clauses: Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => clause(3)) }));
  const requests = Array.from({ length: 3 + Math.floor(rnd() * 6) }, (_, i) => {
    const selector = `s${i}`;
    // Half are one literal (the kind that contradicts another directly), half a clause or two.
    const own = rnd() < 0.5 ? [[lit()]] : Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => clause(2));
    return { kind: "ask", value: `r${i}`, message: `request ${i}`, selector, clauses: own.map((c) => [`-${selector}`, ...c]), source: at, subjects: [] };
  });
  return { vars: Array.from({ length: n }, (_, i) => `x${i}`), constraints, requests, objectives: [] };
}

describe("a minimal conflict of requests", () => {
  it("is QuickXplain's preferred conflict, however it is found (direct pairs by two calls)", () => {
    let conflicting = 0;
    let direct = 0;
    for (let k = 0; k < CASES; k++) {
      const seed = SEED + k;
      const model = randomModel(seed);
      SatOracle.with(
        model,
        newBudget(),
        (oracle) => {
          const rules = oracle.constraintSelectors.filter((s): s is string => s !== undefined);
          const active = model.requests.map((r) => r.selector);
          if (oracle.sat([...rules, ...active])) return;
          conflicting++;
          const sat = (on: string[]) => oracle.sat(on);
          const found = conflictOn(oracle, active);
          const want = quickXplain(sat, rules, active);
          const wantRules = quickXplain(sat, want, rules);
          const order = (xs: string[]) => [...xs].sort((a, b) => active.indexOf(a) - active.indexOf(b));
          expect({ seed, requests: found.requests.map((r) => r.selector) }).toEqual({ seed, requests: order(want) });
          expect({ seed, rules: found.rules.map((r) => r.message).sort() }).toEqual({ seed, rules: wantRules.map((s) => model.constraints[Number(s.slice(2))]!.message).sort() });
          // A direct pair: two requests of one literal each, the one the other's negation.
          const units = found.requests.map((r) => (r.clauses.length === 1 && r.clauses[0]!.length === 2 ? r.clauses[0]![1]! : ""));
          if (units.length === 2 && units[0] && units[1] && (units[0] === `-${units[1]}` || units[1] === `-${units[0]}`)) direct++;
        },
        true,
      );
    }
    // The cases test both ways: many conflicts, and many of them found directly.
    expect(conflicting).toBeGreaterThan(CASES / 4);
    expect(direct).toBeGreaterThan(CASES / 20);
  });
});
