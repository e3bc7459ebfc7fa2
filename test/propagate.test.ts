/**
 * Decision propagation (the configurator's "forced in, ruled out or free"): the domain-free
 * backbone against enumeration on random formulas, propagate against the brute-force oracle on
 * random catalogs and against analyze on the built-in one, and its explanations against why-not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/core/commands/analyze.js";
import { propagate, propagationWhy } from "../src/core/commands/propagate.js";
import { whyNot, why } from "../src/core/commands/why.js";
import { prng } from "../src/core/common/random.js";
import { backbone } from "../src/core/solve/backbone.js";
import { LocalFlip } from "../src/core/solve/flip.js";
import { newBudget } from "../src/core/common/budget.js";
import { SatOracle } from "../src/core/solve/oracle.js";
import type { Clause, Model } from "../src/core/solve/types.js";
import { loadCatalog, type Request } from "../src/index.js";
import { specAndRequestArb } from "./support/arbitraries.js";
import { buildCatalog } from "./support/build-catalog.js";
import { Oracle } from "./support/oracle.js";
import { yieldToRunner } from "./support/helpers.js";

/** A model of bare clauses over x0..x{n-1}, with one request (s:0) that adds `assumed`. */
function formula(n: number, clauses: Clause[], assumed: Clause[]): Model {
  return {
    vars: Array.from({ length: n }, (_, i) => `x${i}`),
    constraints: [{ kind: "rule", message: "the formula", source: { file: "f", line: 1, column: 1 }, subjects: [], clauses }],
    requests: [{ kind: "require", value: "a", message: "assumed", selector: "s:0", clauses: assumed.map((c) => ["-s:0", ...c]), source: { file: "f", line: 2, column: 1 }, subjects: [] }],
    objectives: [],
  };
}

/** The backbone by enumerating every assignment. */
function bruteBackbone(n: number, clauses: Clause[]): { sat: boolean; fixed: Map<string, boolean> } {
  const holds = (m: number, l: string) => (l.startsWith("-") ? !(m & (1 << Number(l.slice(2)))) : !!(m & (1 << Number(l.slice(1)))));
  const models: number[] = [];
  for (let m = 0; m < 1 << n; m++) if (clauses.every((c) => c.some((l) => holds(m, l)))) models.push(m);
  const fixed = new Map<string, boolean>();
  if (!models.length) return { sat: false, fixed };
  for (let i = 0; i < n; i++) {
    const vals = new Set(models.map((m) => !!(m & (1 << i))));
    if (vals.size === 1) fixed.set(`x${i}`, [...vals][0]!);
  }
  return { sat: true, fixed };
}

describe("backbone", () => {
  // Each on both solvers an oracle may use (a small model's CDCL, a large one's MiniSat).
  it.each(["cdcl", "minisat"] as const)("prop_backbone_equals_enumeration (random 3-CNF, 10 variables, seeded), on %s", (solver) => {
    const rnd = prng(19);
    for (let run = 0; run < 300; run++) {
      const n = 4 + Math.floor(rnd() * 7);
      const k = Math.floor(rnd() * n * 4.5);
      const clause = (): Clause => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => `${rnd() < 0.5 ? "-" : ""}x${Math.floor(rnd() * n)}`);
      const clauses = Array.from({ length: k }, clause);
      const assumed = Array.from({ length: Math.floor(rnd() * 3) }, clause);
      const model = formula(n, clauses, assumed);
      // Small chunks and few groups as well as the defaults: every path of the loop is taken.
      const opts = run % 2 ? {} : { maxChunk: 2, maxGroups: 2 };
      const oracle = new SatOracle(model, newBudget(), false, solver);
      const got = backbone(oracle, ["s:0"], model.vars, opts);
      oracle.release();
      const want = bruteBackbone(n, [...clauses, ...assumed]);
      expect({ run, sat: got.sat, fixed: [...got.fixed].sort() }).toEqual({ run, sat: want.sat, fixed: [...want.fixed].sort() });
    }
  });

  it.each(["cdcl", "minisat"] as const)("asks the solver for the candidates' other values first: 64 free variables take two calls, one solution each way, on %s", (solver) => {
    // Without the preference MiniSat keeps each variable's last value, and a solution flips about
    // one candidate per chunk asked (four chunks of eight, then more): 20 calls here.
    const model = formula(64, [], []);
    const budget = newBudget();
    const got = backbone(new SatOracle(model, budget, false, solver), [], model.vars);
    expect(got.fixed.size).toBe(0);
    expect(budget.calls).toBe(2);
  });

  it("prop_local_flip_returns_solutions (random 3-CNF from a solution, seeded)", () => {
    const rnd = prng(23);
    let found = 0;
    for (let run = 0; run < 300; run++) {
      const n = 4 + Math.floor(rnd() * 7);
      const clause = (): Clause => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => `${rnd() < 0.5 ? "-" : ""}x${Math.floor(rnd() * n)}`);
      const clauses = Array.from({ length: Math.floor(rnd() * n * 4) }, clause);
      const holds = (m: Map<string, boolean>, l: string) => (l.startsWith("-") ? !m.get(l.slice(1)) : !!m.get(l));
      // A start that satisfies them: the first of the assignments that do, if any.
      let start: Map<string, boolean> | undefined;
      for (let m = 0; m < 1 << n && !start; m++) {
        const a = new Map(Array.from({ length: n }, (_, i) => [`x${i}`, !!(m & (1 << i))] as const));
        if (clauses.every((c) => c.some((l) => holds(a, l)))) start = a;
      }
      if (!start) continue;
      const frozen = rnd() < 0.5 ? [`${start.get("x0") ? "" : "-"}x0`] : [];
      const local = new LocalFlip(clauses, (v) => start!.get(v)!, frozen, newBudget());
      // Half the time from another solution (`restart`), when there is one with the same frozen value.
      if (rnd() < 0.5) {
        for (let m = (1 << n) - 1; m >= 0; m--) {
          const a = new Map<string, boolean>(Array.from({ length: n }, (_, i) => [`x${i}`, !!(m & (1 << i))] as const));
          if (clauses.every((c) => c.some((l) => holds(a, l))) && frozen.every((l) => holds(a, l))) {
            start = a;
            local.restart((v) => a.get(v)!);
            break;
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const lit = `${start.get(`x${i}`) ? "-" : ""}x${i}`;
        const changed = local.flip(lit, 1 + Math.floor(rnd() * 6));
        if (!changed) continue;
        found++;
        const after = new Map(start);
        for (const v of changed) after.set(v, !after.get(v));
        expect({ run, lit, ok: clauses.every((c) => c.some((l) => holds(after, l))), holds: holds(after, lit), frozen: frozen.every((l) => holds(after, l)) }).toEqual({ run, lit, ok: true, holds: true, frozen: true });
      }
    }
    expect(found).toBeGreaterThan(100);
  });

  it("repairs again from the solver's solutions: where the first solution is a poor start, a few calls instead of one per candidate", () => {
    // Twelve variables of which at most one holds (a type with one plugin a stack); x0, x1, x2 or
    // x12 must hold (a capability x12 also gives, needing x13 and x14). From a first solution with
    // one of x0..x2, local repair cannot bring in x3..x11 (it would have to turn on x12 and what
    // it needs), and each solution the solver gives can hold only one of them: 18 calls. From
    // a solution with x12, each is a swap away.
    const T = 12;
    const amo: Clause[] = [];
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) amo.push([`-x${i}`, `-x${j}`]);
    const clauses = [...amo, ["x0", "x1", "x2", "x12"], ["-x12", "x13"], ["-x12", "x14"]];
    const model = formula(15, clauses, []);
    const budget = newBudget();
    const got = SatOracle.with(model, budget, (oracle) => backbone(oracle, ["s:0"], model.vars));
    expect([...got.fixed]).toEqual([...bruteBackbone(15, clauses).fixed]);
    expect(budget.calls).toBeLessThanOrEqual(3);
  });

  it("crosses nothing off by local repair under assumptions the model's clauses do not hold", () => {
    // x is in the backbone under a (a implies x); the repair sees x ∨ y only, and must not answer.
    const model = formula(2, [["x0", "x1"]], []);
    const o = new SatOracle(model, newBudget());
    const a = o.extend(undefined, ["x0"]);
    expect([...backbone(o, [a], model.vars).fixed]).toEqual([["x0", true]]);
    // A guarded oracle holds more clauses than the model states; the repair stays out of it too.
    const guarded = new SatOracle(formula(2, [["x0"]], []), newBudget(), true);
    expect([...backbone(guarded, [], ["x0", "x1"]).fixed]).toEqual([]);
  });

  it("drops a request that is not assumed", () => {
    const model = formula(2, [["x0", "x1"]], [["x0"]]);
    expect([...backbone(new SatOracle(model, newBudget()), [], model.vars).fixed]).toEqual([]);
    expect([...backbone(new SatOracle(model, newBudget()), ["s:0"], model.vars).fixed]).toEqual([["x0", true]]);
  });
});

describe("propagate", () => {
  it("prop_decisions_equal_enumeration_of_valid_stacks (random catalogs, seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
        await yieldToRunner();
        const valid = new Oracle(spec, request).stacks.filter((s) => s.violated === 0);
        const r = propagate(buildCatalog(spec), request);
        expect(r.ok).toBe(valid.length > 0);
        if (!r.ok) return;
        const want = spec.plugins
          .map((p) => ({ id: p.id, decision: valid.every((s) => s.sel.has(p.id)) ? "in" : valid.some((s) => s.sel.has(p.id)) ? "out-or-free" : "out" }))
          .map((x) => ({ id: x.id, decision: x.decision === "out-or-free" ? "free" : x.decision }))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(r.plugins).toEqual(want);
      }),
      { seed: 20261204, numRuns: process.env["MLX_DEEP"] ? 1500 : 80 },
    );
  }, 120_000);

  const catalog = loadCatalog();
  const requests: Request[] = [
    {},
    { useCases: ["rag"] },
    { require: ["databricks-plugin"] },
    { useCases: ["rag"], only: ["license=open-source"] },
    { useCases: ["on-prem", "rag"], integrations: "strict", exclude: ["pinecone-plugin"] },
  ];
  it.each(requests.map((r) => [JSON.stringify(r), r] as const))("on the built-in catalog, %s: in = analyze's core, out = analyze's dead", (_name, request) => {
    const p = propagate(catalog, request);
    const a = analyze(catalog, request);
    expect(p.ok).toBe(true);
    expect(a.ok).toBe(true);
    expect(p.plugins.filter((x) => x.decision === "in").map((x) => x.id)).toEqual(a.core.map((x) => x.id).sort());
    expect(p.plugins.filter((x) => x.decision === "out").map((x) => x.id)).toEqual(a.dead.map((x) => x.id).sort());
    expect(p.plugins.map((x) => x.id)).toEqual([...catalog.plugins.keys()]);
  });

  it("says ok: false, with no decisions, when the request has no valid stack", () => {
    const r = propagate(catalog, { require: ["databricks-plugin", "outerbounds-plugin"] });
    expect(r).toMatchObject({ command: "propagate", ok: false, plugins: [] });
  });
});

describe("propagationWhy", () => {
  const catalog = loadCatalog();
  it("a plugin ruled out: the same chain as why-not's, with file:line", () => {
    const request = { require: ["databricks-plugin"] };
    const r = propagationWhy(catalog, "outerbounds-plugin", request);
    expect(r.decision).toBe("out");
    expect(r.because).toEqual(whyNot(catalog, "outerbounds-plugin", request).forced);
    expect(r.because!.rules).toEqual([
      {
        kind: "cardinality",
        message: "at most one ML platform with platform_kind full-stack may be selected (type ml_platform: Single active per platform type)",
        source: "constraints/types.yaml:37",
      },
      // The values that rule counts (7f4ca23), each at its plugin's facet line.
      { kind: "facet", message: "databricks-plugin has platform_kind full-stack", source: expect.stringMatching(/^catalog\/plugins\/databricks-plugin\.yaml:\d+$/) },
      { kind: "facet", message: "outerbounds-plugin has platform_kind full-stack", source: expect.stringMatching(/^catalog\/plugins\/outerbounds-plugin\.yaml:\d+$/) },
    ]);
    expect(r.because!.requests.map((q) => q.message)).toEqual(["you required databricks-plugin"]);
  });

  it("a plugin forced in: the same chain as why's", () => {
    // On premises the use case needs container orchestration, which only Kubernetes provides.
    const request = { useCases: ["on-prem", "rag"] };
    const forcedIn = propagate(catalog, request).plugins.filter((p) => p.decision === "in").map((p) => p.id);
    expect(forcedIn.length).toBeGreaterThan(0);
    for (const id of forcedIn) {
      const r = propagationWhy(catalog, id, request);
      expect(r.decision).toBe("in");
      expect(r.because).toEqual(why(catalog, id, request).forced);
      expect(r.because!.requests.length).toBeGreaterThan(0);
    }
  });

  it("a free plugin has no chain; an unknown one is bad input", () => {
    expect(propagationWhy(catalog, "airflow-plugin", {})).toMatchObject({ decision: "free", ok: true });
    expect(propagationWhy(catalog, "airflow-plugin", {}).because).toBeUndefined();
    expect(() => propagationWhy(catalog, "airflw-plugin", {})).toThrow(/did you mean "airflow-plugin"/);
  });
});
