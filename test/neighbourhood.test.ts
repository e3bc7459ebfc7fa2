/**
 * The search near the best stack (src/core/model/neighbourhood.ts) and how the engine uses it: what it
 * proposes is valid and cheaper, judged by the stack evaluator (not by the solver); the engine
 * takes a proposal only when it really is cheaper and valid, so neither a wrong nor a useless
 * search changes an optimum.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { improveTuning, nearSlice, nextNearShare, solveLex, type Neighbours } from "../src/core/solve/engine.js";
import { newBudget, WORK_PER_SECOND } from "../src/core/common/budget.js";
import { evaluateStack, stackCost } from "../src/core/model/evaluate.js";
import { buildModel } from "../src/core/model/build.js";
import { neighbourSearch, neighbourTuning, scopeContext, stepScope } from "../src/core/model/neighbourhood.js";
import { resolve } from "../src/core/commands/common.js";
import type { Request } from "../src/core/model/request.js";
import { searchDefaults } from "../src/core/solve/settings.js";
import { loadCatalog } from "../src/index.js";
import { tmpDir } from "./support/helpers.js";

const ids = (vars: Iterable<string>) => [...vars].filter((v) => v.startsWith("p:")).map((v) => v.slice(2));
const lexLess = (a: number[], b: number[]) => {
  const i = a.findIndex((x, j) => x !== b[j]);
  return i >= 0 && a[i]! < b[i]!;
};

describe("neighbourSearch on the sparse 1,000-plugin synthetic catalog", () => {
  const dir = join(tmpDir(), "n1000-sparse");
  ensureCatalog(1000, "1", dir);
  const catalog = loadCatalog(dir);
  const request: Request = { useCases: ["uc-01", "uc-02"] };
  const req = resolve(catalog, request);
  const model = buildModel(catalog, req);
  // A valid stack that ignores the integration gaps: the optimum of the first three levels only.
  const first = solveLex({ ...model, objectives: model.objectives.slice(0, 3) }, { budget: newBudget(), canonicalise: false });
  if (first.status !== "optimal") throw new Error("no stack");
  const start = ids(first.assignment.trueVars);
  const cost = (stack: string[]) => stackCost(catalog, req, stack).map((c) => c.value);

  it("turns a stack with many gaps into a valid one with fewer, the same on every run", () => {
    const before = cost(start);
    expect(before[3]).toBeGreaterThan(5);
    const step = () => neighbourSearch(catalog, req, model)(start.map((id) => `p:${id}`), before, 600 * WORK_PER_SECOND, newBudget());
    const pick = step();
    expect(pick).toBeDefined();
    const after = ids(pick!);
    expect(evaluateStack(catalog, { ...req, pins: [] }, { ids: after, facets: new Map() }).violations).toEqual([]);
    expect(lexLess(cost(after), before)).toBe(true);
    expect(after.slice(0, 3)).not.toEqual([]);
    expect(ids(step()!)).toEqual(after);
  });

  it("goes on finding cheaper valid stacks, call after call, down to 4 gaps (the optimum is 2)", () => {
    // No step is cut short by its work; each call stops after 5 s worth of work without a cheaper
    // stack (common/budget.ts), so the calls are the same on any machine.
    const saved = { ...neighbourTuning };
    neighbourTuning.stepWork = Number.MAX_SAFE_INTEGER;
    try {
      const search = neighbourSearch(catalog, req, model);
      let stack = start;
      let c = cost(start);
      const seen: number[] = [c[3]!];
      for (;;) {
        const pick = search(stack.map((id) => `p:${id}`), c, 5 * WORK_PER_SECOND, newBudget());
        if (!pick) break;
        stack = ids(pick);
        const next = cost(stack);
        expect(lexLess(next, c)).toBe(true);
        c = next;
        seen.push(c[3]!);
      }
      expect(evaluateStack(catalog, { ...req, pins: [] }, { ids: stack, facets: new Map() }).violations).toEqual([]);
      expect(c.slice(0, 4)).toEqual([0, 0, 0, 4]);
      expect(seen.length).toBeGreaterThan(2);
    } finally {
      Object.assign(neighbourTuning, saved);
    }
  });

  it("lets in the providers of each capability that only the dropped plugins provided", () => {
    const ctx = scopeContext(catalog, req, model);
    const wanted = new Set(req.useCases.flatMap((u) => [...catalog.useCases.get(u)!.needs, ...catalog.useCases.get(u)!.suggests].map((r) => r.id)));
    let checked = 0;
    for (const dropped of start) {
      const kept = start.filter((id) => id !== dropped);
      const lost = catalog.plugins.get(dropped)!.capabilities.filter((c) => wanted.has(c) && !kept.some((id) => catalog.plugins.get(id)!.capabilities.includes(c)));
      const scope = stepScope(ctx, start, new Set([dropped]));
      expect(start.every((id) => scope.has(id))).toBe(true);
      for (const c of lost) {
        const providers = ctx.ids.filter((id) => id !== dropped && !start.includes(id) && catalog.plugins.get(id)!.capabilities.includes(c));
        const inScope = providers.filter((id) => scope.has(id));
        expect(inScope.length).toBeGreaterThanOrEqual(Math.min(neighbourTuning.providers, providers.length));
        checked++;
      }
      // Besides those, the plugins with fewest gaps with the rest.
      expect(scope.size).toBeGreaterThanOrEqual(start.length + neighbourTuning.candidates);
    }
    expect(checked).toBeGreaterThan(3);
  });

  it("returns nothing when its work is done", () => {
    expect(neighbourSearch(catalog, req, model)(start.map((id) => `p:${id}`), cost(start), 0, newBudget())).toBeUndefined();
  });
});

describe("the engine checks what Neighbours proposes", () => {
  const dir = join(tmpDir(), "n50-near");
  ensureCatalog(50, "1", dir);
  const catalog = loadCatalog(dir);
  // The 50-plugin catalog's clingo optima (see synthetic.test.ts).
  const cases: [Request, string][] = [
    [{ useCases: ["uc-08", "uc-12", "uc-09"], prefer: ["p00006-experiment-tracker", "p00004-workflow-engine"], avoid: ["p00020-monitoring"] }, "0/0/0/2/9"],
    [{ useCases: ["uc-12"], prefer: ["p00023-feature-store", "p00018-workflow-engine"], avoid: ["p00035-security"] }, "0/0/0/1/5"],
  ];
  const solve = (request: Request, neighbours: Neighbours) => {
    const model = buildModel(catalog, resolve(catalog, request));
    const r = solveLex(model, { budget: newBudget(), strategy: "cores", neighbours });
    if (r.status !== "optimal") throw new Error(r.status);
    return { costs: r.assignment.costs.join("/"), stack: ids(r.assignment.trueVars).sort() };
  };
  const eager = <T>(f: () => T): T => {
    const saved = { ...improveTuning };
    // Slices long enough for a few proposals each, even on a loaded machine.
    Object.assign(improveTuning, { everyWork: 0, proofConflicts: 1, neighbourWork: WORK_PER_SECOND / 10 });
    try {
      return f();
    } finally {
      Object.assign(improveTuning, saved);
    }
  };

  it.each(cases)("%j: proposals that break rules or cost more change nothing; the optimum stays %s", (request, expected) => {
    const honest = solve(request, () => undefined);
    expect(honest.costs).toBe(expected);
    const model = buildModel(catalog, resolve(catalog, request));
    const asked: number[][] = [];
    // Every plugin (breaks the cardinality rules), then the first stack again (no cheaper).
    const liar: Neighbours = (selected, costs) => {
      asked.push([...costs]);
      return asked.length % 2 ? model.vars : selected;
    };
    const lines: string[] = [];
    const saved = searchDefaults.trace;
    searchDefaults.trace = (line) => void lines.push(line);
    try {
      expect(eager(() => solve(request, liar))).toEqual(honest);
    } finally {
      searchDefaults.trace = saved;
    }
    // Nothing was taken: nothing the liar proposed was cheaper.
    expect(lines.filter((l) => l.includes("found cost"))).toEqual([]);
    expect(lines.some((l) => l.includes("breaks a constraint"))).toBe(true);
    // Asked on the integration-gaps level only (levels before it are at 0, it is not).
    expect(asked.length).toBeGreaterThan(0);
    for (const c of asked) expect(c[3]).toBeGreaterThan(Number(expected.split("/")[3]));
  });

  it.each(cases)("%j: proposals of other stacks, with gaps the search has not seen, change nothing", (request, expected) => {
    const honest = solve(request, () => undefined);
    const model = buildModel(catalog, resolve(catalog, request));
    // Valid stacks as good on the levels before the gaps, each without one plugin of the best.
    const others: string[][] = [];
    for (const id of honest.stack) {
      const r = solveLex({ ...model, objectives: model.objectives.slice(0, 3) }, { budget: newBudget(), canonicalise: false, extraClauses: [[`-p:${id}`]] });
      if (r.status === "optimal" && r.assignment.costs.every((c) => c === 0)) others.push(ids(r.assignment.trueVars).map((x) => `p:${x}`));
    }
    expect(others.length).toBeGreaterThan(1);
    let i = 0;
    const found: string[] = [];
    const saved = searchDefaults.trace;
    searchDefaults.trace = (line) => void (/found cost \d+ nearby/.test(line) && found.push(line));
    try {
      // Each proposal reveals its gaps; a cheaper one is taken, an equal or dearer one is not.
      const r = eager(() => solve(request, (_, costs) => {
        const pick = others[i++ % others.length]!;
        const c = stackCost(catalog, resolve(catalog, request), ids(pick)).map((x) => x.value);
        return lexLess(c, [...costs]) || i % 3 ? pick : undefined;
      }));
      expect(r).toEqual(honest);
    } finally {
      searchDefaults.trace = saved;
    }
    expect(i).toBeGreaterThan(others.length);
    // Only strictly cheaper stacks were taken.
    const taken = found.map((l) => Number(/found cost (\d+) nearby/.exec(l)![1]));
    for (let k = 1; k < taken.length; k++) expect(taken[k]).toBeLessThan(taken[k - 1]!);
    for (const t of taken) expect(t).toBeGreaterThanOrEqual(Number(expected.split("/")[3]));
  });

  it.each(cases)("%j: a proposal of an optimal stack ends the proof with the same answer", (request) => {
    const honest = solve(request, () => undefined);
    let calls = 0;
    const oracle: Neighbours = () => (calls++, honest.stack.map((id) => `p:${id}`));
    expect(eager(() => solve(request, oracle))).toEqual(honest);
    expect(calls).toBeGreaterThan(0);
  });
});

describe("the work the engine gives the search nearby", () => {
  it("matches what the proof just used, within its floor and ceiling", () => {
    const { neighbourWork, neighbourMaxWork } = improveTuning;
    expect(nearSlice(8 * neighbourWork, 1)).toBe(8 * neighbourWork);
    expect(nearSlice(8 * neighbourWork, 0.25)).toBe(2 * neighbourWork);
    expect(nearSlice(10, 1)).toBe(neighbourWork);
    expect(nearSlice(10 * neighbourMaxWork, 1)).toBe(neighbourMaxWork);
  });
  it("halves while it finds nothing, down to its floor, and takes three times the proof's work once it finds a cheaper stack", () => {
    let share = 1;
    share = nextNearShare(false, share);
    expect(share).toBe(1 / 2);
    for (let i = 0; i < 10; i++) share = nextNearShare(false, share);
    expect(share).toBe(improveTuning.neighbourMinShare);
    expect(nextNearShare(true, share)).toBe(3);
    expect(nearSlice(2 * improveTuning.neighbourWork, nextNearShare(true, share))).toBe(6 * improveTuning.neighbourWork);
  });
});
