/**
 * `recommend --top K`: the k-th stack is the k-th best. Against the brute-force oracle on small
 * random catalogs: the stacks, their facet values and their costs are exactly the first K of the
 * oracle's ranking (cost, then the tie-break), each a different set of plugins (or, with
 * `distinct: "facets"`, of facet assignments); fewer only when no more exist.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recommend } from "../src/core/commands/recommend.js";
import { stackDifference } from "../src/core/commands/alternatives.js";
import { loadCatalog } from "../src/index.js";
import { specAndRequestArb } from "./support/arbitraries.js";
import type { Request } from "../src/core/model/request.js";
import { buildCatalog, type CatalogSpec } from "./support/build-catalog.js";
import { cli, yieldToRunner } from "./support/helpers.js";
import { Oracle } from "./support/oracle.js";

const SEED = 20261204;
const numRuns = process.env.MLX_DEEP ? 1000 : 60;

const caseArb = fc.tuple(specAndRequestArb, fc.integer({ min: 1, max: 5 }), fc.constantFrom("plugins" as const, "facets" as const));
/**
 * Requests with many stacks to rank. Of `specAndRequestArb`'s, none of the first 60 had a second
 * stack in reach (a need nobody provides, a conflict of pins, no use case): here every use case's
 * needs are ones plugins may provide, the first two use cases are asked for, and nothing is pinned
 * or filtered (about 4 in 10 then have two stacks or more; the rest are skipped).
 */
const manyArb = fc.tuple(
  specAndRequestArb.map(({ spec, request }) => {
    const provided = (caps: string[]) => caps.filter((c) => spec.plugins.some((p) => p.capabilities?.includes(c)));
    const useCases = Object.fromEntries(Object.entries(spec.useCases ?? {}).map(([k, u]) => [k, { ...u, needs: provided(u.needs), suggests: provided(u.suggests ?? []) }]));
    return { spec: { ...spec, useCases }, request: { ...request, useCases: Object.keys(useCases).slice(0, 2), require: [], exclude: [], only: [] } };
  }),
  fc.integer({ min: 2, max: 8 }),
  fc.constantFrom("plugins" as const, "facets" as const),
);

describe("recommend --top K against the brute-force oracle", () => {
  const kthIsKthBest = (many: boolean) => async ([{ spec, request }, k, distinct]: [{ spec: CatalogSpec; request: Request }, number, "plugins" | "facets"]) => {
        await yieldToRunner();
        const oracle = new Oracle(spec, request);
        const want = oracle.ranked(distinct).slice(0, k);
        if (many) fc.pre(want.length >= 2);
        const r = recommend(buildCatalog(spec), request, { top: k, distinct });
        const ctx = JSON.stringify({ spec, request, k, distinct, got: r.stacks?.map((s) => s.stack.plugins) });
        if (want.length === 0) {
          expect(r.ok, ctx).toBe(false);
          return;
        }
        expect(r.ok, ctx).toBe(true);
        const got = r.stacks!.map((s) => ({ ids: s.stack.plugins.map((p) => p.id).sort(), facets: Object.fromEntries(s.stack.plugins.filter((p) => p.facet !== undefined).map((p) => [p.id, p.facet])), cost: s.cost.map((c) => c.value) }));
        expect(got, ctx).toEqual(want.map((w) => ({ ids: [...w.ids].sort(), facets: Object.fromEntries(w.facets), cost: w.cost })));
        // The first is the recommended stack, and the ranks count from 1.
        expect(r.stacks![0]!.stack).toEqual(r.stack);
        expect(r.stacks!.map((s) => s.rank)).toEqual(got.map((_, i) => i + 1));
  };
  it("prop_kth_stack_is_the_kth_best", async () => {
    await fc.assert(fc.asyncProperty(caseArb, kthIsKthBest(false)), { seed: SEED, numRuns });
  }, 180_000);
  // Each stack after the first starts its levels from the costs of the one before (the floor of
  // engine.ts's `LexOptions`): only requests with several stacks to rank put that to the test.
  it("prop_kth_stack_is_the_kth_best_among_many", async () => {
    await fc.assert(fc.asyncProperty(manyArb, kthIsKthBest(true)), { seed: SEED, numRuns });
  }, 180_000);
});

describe("what differs from the best, in words", () => {
  const st = (ids: [string, string, string?][]) => ({ use_cases: [], plugins: ids.map(([id, type, facet]) => ({ id, type, ...(facet ? { facet } : {}) })) });
  const cost = (...v: number[]) => ["wishes", "precedence", "plugins"].map((objective, i) => ({ objective, value: v[i]! }));

  it("pairs a plugin added and one left out of the same type as a swap, with the cost per level", () => {
    const d = stackDifference({ stack: st([["a", "t"], ["pinecone-plugin", "vector_database"]]), cost: cost(0, 0, 2) }, { stack: st([["a", "t"], ["qdrant-plugin", "vector_database"], ["z", "u"]]), cost: cost(0, 1, 3) });
    expect(d.summary).toBe("uses qdrant-plugin instead of pinecone-plugin; adds z: +1 at precedence, +1 at plugins");
    expect(d).toMatchObject({ added: ["qdrant-plugin", "z"], removed: ["pinecone-plugin"], cost: [{ objective: "precedence", delta: 1 }, { objective: "plugins", delta: 1 }] });
  });

  it("names plugins left out and facet values changed; a tie says so", () => {
    const d = stackDifference({ stack: st([["a", "t", "x"], ["b", "u"]]), cost: cost(0, 0, 2) }, { stack: st([["a", "t", "y"]]), cost: cost(0, 0, 2) });
    expect(d.summary).toMatch(/^leaves out b; assigns a y instead of x: the same cost/);
    expect(d.facets).toEqual([{ id: "a", from: "x", to: "y" }]);
  });
});

describe("recommend --top on the built-in catalog", () => {
  it("lists k different stacks, best first, costs never decreasing, each after the first with its difference", () => {
    const r = recommend(loadCatalog(), { useCases: ["rag"] }, { top: 4 });
    expect(r.stacks).toHaveLength(4);
    const sets = r.stacks!.map((s) => s.stack.plugins.map((p) => p.id).join(","));
    expect(new Set(sets).size).toBe(4);
    for (let i = 1; i < 4; i++) {
      const [a, b] = [r.stacks![i - 1]!.cost.map((c) => c.value), r.stacks![i]!.cost.map((c) => c.value)];
      const first = a.findIndex((v, j) => v !== b[j]);
      expect(first === -1 || a[first]! < b[first]!).toBe(true);
      expect(r.stacks![i]!.differs!.summary.length).toBeGreaterThan(0);
    }
  });

  it("the CLI prints the list with the differences and explains the cost line; JSON has stacks beside stack", async () => {
    const t = await cli("recommend", "--use-case", "rag", "--top", "3");
    expect(t.code).toBe(0);
    expect(t.out).toContain("The 3 best stacks, best first:");
    expect(t.out).toMatch(/uses \S+ instead of \S+/);
    expect(t.out).toContain("lower is better; compared level by level");
    const j = JSON.parse((await cli("recommend", "--use-case", "rag", "--top", "2", "--format", "json")).out);
    expect(j.stacks).toHaveLength(2);
    expect(j.stacks[0].stack).toEqual(j.stack);
    expect(j.top).toBe(2);
  });

  it("says when fewer stacks exist than asked for", async () => {
    const spec = { types: { t: { rule: "single" as const } }, plugins: [{ id: "a", type: "t", capabilities: ["c"] }, { id: "b", type: "t", capabilities: ["c"] }], useCases: { u: { needs: ["c"] } } };
    const r = recommend(buildCatalog(spec), { useCases: ["u"] }, { top: 5 });
    expect(r.ok).toBe(true);
    expect(r.stacks!.map((s) => s.stack.plugins.map((p) => p.id))).toEqual([["a"], ["b"]]);
  });

  it("--top must be a whole number of at least 1 (exit 2)", async () => {
    const r = await cli("recommend", "--use-case", "rag", "--top", "0");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--top expects a whole number of at least 1");
  });

  it("--top ranks at most 1,000 stacks: more is refused at once (exit 2), not searched for hours without a word", async () => {
    for (const k of ["1001", "100000", "9007199254740993"]) {
      const r = await cli("recommend", "--use-case", "rag", "--top", k);
      expect(r.code, k).toBe(2);
      expect(r.err, k).toContain(`--top expects a whole number from 1 to 1000 (each stack is a search of its own; sample covers the choices with few stacks), not "${k}"`);
    }
    expect(() => recommend(loadCatalog(), { useCases: ["rag"] }, { top: 1001 })).toThrow(/top expects a whole number from 1 to 1000/);
  });
});

describe("recommend --top K's progress", () => {
  it("says after each stack how many of K are ranked (a terminal's progress line shows it)", () => {
    const said: string[] = [];
    const r = recommend(loadCatalog(), { useCases: ["rag-applications"] }, { top: 3, onProgress: (m) => said.push(m) });
    expect(r.stacks).toHaveLength(3);
    expect(said).toEqual(["recommend: 1 of 3 stacks ranked", "recommend: 2 of 3 stacks ranked", "recommend: 3 of 3 stacks ranked"]);
  });
});
