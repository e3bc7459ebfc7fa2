/**
 * The two searches are interchangeable: core-guided (OLL on the patched MiniSat) and bottom-up
 * (unary counters on the stock one) give byte-identical answers — the same optimum at every
 * level, and the same stack, since the canonical tie-break runs after either. Small catalogs use
 * "linear" by default ("auto"), so this is where "cores" meets the random catalogs of the
 * property tests; the 50-plugin synthetic catalog's clingo optima are checked under "cores" too.
 * Fixed seed; fast-check prints seed and path on failure.
 */
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { parseStackFile } from "../src/core/catalog/load.js";
import { recommend } from "../src/core/commands/recommend.js";
import { repair } from "../src/core/commands/repair.js";
import type { Request } from "../src/core/model/request.js";
import { patchedMiniSatAvailable } from "../src/core/solve/minisat/minisat.js";
import { WORK_PER_SECOND } from "../src/core/common/budget.js";
import { improveTuning } from "../src/core/solve/engine.js";
import { searchDefaults, type Strategy } from "../src/core/solve/settings.js";
import { loadCatalog } from "../src/index.js";
import { pinsArb, specAndRequestArb } from "./support/arbitraries.js";
import { buildCatalog } from "./support/build-catalog.js";
import { tmpDir, yieldToRunner } from "./support/helpers.js";

const SEED = 20261125;
const numRuns = process.env["MLX_DEEP"] ? 1000 : 25;
afterEach(() => {
  searchDefaults.strategy = "auto";
});

/** The answer without its solver-call count, which differs between searches by design. */
const answer = (r: object) => JSON.stringify(r, (k, v) => (k === "solver_calls" || k === "work" ? undefined : v));

function under<T>(strategy: Strategy, f: () => T): T {
  searchDefaults.strategy = strategy;
  try {
    return f();
  } finally {
    searchDefaults.strategy = "auto";
  }
}

describe("core-guided and bottom-up search agree", () => {
  it("the core-guided search is really there (else 'cores' falls back to 'linear')", () => {
    expect(patchedMiniSatAvailable()).toBe(true);
  });

  /** recommend under both searches gives the same answer, on random catalogs and requests. */
  const recommendAgrees = (seed: number) =>
    fc.assert(
      fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
        await yieldToRunner();
        const catalog = buildCatalog(spec);
        const linear = answer(under("linear", () => recommend(catalog, request)));
        const cores = answer(under("cores", () => recommend(catalog, request)));
        expect(cores, JSON.stringify({ spec, request })).toBe(linear);
      }),
      { seed, numRuns },
    );

  it("recommend: the same answer on random catalogs and requests", () => recommendAgrees(SEED), 240_000);

  it("recommend, with the search from above after every core and every conflict of the proof: the same answer", async () => {
    const saved = { ...improveTuning };
    Object.assign(improveTuning, { everyWork: 0, conflicts: 50, proofConflicts: 1 });
    try {
      await recommendAgrees(SEED + 1);
    } finally {
      Object.assign(improveTuning, saved);
    }
  }, 240_000);

  it("recommend, with the search nearby (see neighbourhood.ts) after every core and every few conflicts: the same answer", async () => {
    const saved = { ...improveTuning };
    Object.assign(improveTuning, { everyWork: 0, proofConflicts: 20, neighbourWork: WORK_PER_SECOND / 200 });
    try {
      await recommendAgrees(SEED + 2);
    } finally {
      Object.assign(improveTuning, saved);
    }
  }, 240_000);

  it("the presolve between levels (see `Fixed` in engine.ts) changes no answer, under either search", async () => {
    await fc.assert(
      fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
        await yieldToRunner();
        const catalog = buildCatalog(spec);
        for (const strategy of ["cores", "linear"] as const) {
          const on = answer(under(strategy, () => recommend(catalog, request)));
          searchDefaults.presolve = false;
          try {
            const off = answer(under(strategy, () => recommend(catalog, request)));
            expect(on, JSON.stringify({ strategy, spec, request })).toBe(off);
          } finally {
            searchDefaults.presolve = true;
          }
        }
      }),
      { seed: SEED + 3, numRuns },
    );
  }, 240_000);

  it("the presolve rules terms out where the locks forbid plugins (the 50-plugin synthetic catalog), and the answers are clingo's", () => {
    const dir = join(tmpDir(), "n50-presolve");
    ensureCatalog(50, "1", dir);
    const catalog = loadCatalog(dir);
    const lines: string[] = [];
    searchDefaults.trace = (l) => lines.push(l);
    try {
      for (const strategy of ["cores", "linear"] as const) {
        lines.length = 0;
        const r = under(strategy, () => recommend(catalog, { useCases: ["uc-08", "uc-12", "uc-09"], prefer: ["p00006-experiment-tracker", "p00004-workflow-engine"], avoid: ["p00020-monitoring"] }));
        expect(r.cost!.map((c) => c.value).join("/")).toBe("0/0/0/2/9");
        expect(lines.some((l) => /integration-gaps: .* more ruled out/.test(l)), strategy).toBe(true);
      }
    } finally {
      searchDefaults.trace = undefined;
    }
  });

  it("a level whose optimum is past the steps from below (searched by halves): the optimum, and the same answer as the cores'", () => {
    // n types of one plugin each at most, 2 plugins each, every plugin in the file: n removals at
    // the least (one of each pair), and with the precedence, the lower-ranked one of each.
    for (const n of [9, 10, 11, 13, 16, 20, 23]) {
      const pairs = Array.from({ length: n }, (_, i) => [`a${i}`, `b${i}`] as const);
      const spec = {
        types: Object.fromEntries(pairs.map((_, i) => [`t${i}`, { rule: "single" as const }])),
        plugins: pairs.flatMap(([a, b], i) => [{ id: a, type: `t${i}` }, { id: b, type: `t${i}` }]),
        precedence: Object.fromEntries(pairs.map(([a, b], i) => [`t${i}`, [b, a]])),
      };
      const catalog = buildCatalog(spec);
      const doc = { use_cases: [], plugins: pairs.flat().map((id) => ({ id })) };
      const linear = under("linear", () => repair(catalog, doc));
      expect(linear.ok).toBe(true);
      expect(linear.timed_out).toBeUndefined();
      expect(linear.changes.map((c) => `${c.action} ${c.id}`).sort()).toEqual(pairs.map(([a]) => `remove ${a}`).sort());
      expect(answer(under("cores", () => repair(catalog, doc)))).toBe(answer(linear));
    }
  });
  it("repair: the same changes and stack (an objective before the model's own)", async () => {
    await fc.assert(
      fc.asyncProperty(pinsArb, async ({ spec, request, more: pins }) => {
        await yieldToRunner();
        const catalog = buildCatalog(spec);
        const { useCases = [], ...rest } = request;
        const doc = parseStackFile({ path: "stack.yaml", content: stringify({ use_cases: useCases, plugins: pins }) });
        if (!doc.ok) throw new Error("bad stack file");
        const linear = answer(under("linear", () => repair(catalog, doc.stack, rest)));
        const cores = answer(under("cores", () => repair(catalog, doc.stack, rest)));
        expect(cores, JSON.stringify({ spec, request, pins })).toBe(linear);
      }),
      { seed: SEED, numRuns: Math.ceil(numRuns / 2) },
    );
  }, 240_000);

  it("the 50-plugin synthetic catalog: clingo's optima under the core-guided search", () => {
    const dir = join(tmpDir(), "n50-cores");
    ensureCatalog(50, "1", dir);
    const catalog = loadCatalog(dir);
    const cases: [Request, string][] = [
      [{ useCases: ["uc-01", "uc-02"] }, "0/0/0/0/6"],
      [{ useCases: ["uc-12"], prefer: ["p00023-feature-store", "p00018-workflow-engine"], avoid: ["p00035-security"] }, "0/0/0/1/5"],
      [{ useCases: ["uc-08", "uc-12", "uc-09"], prefer: ["p00006-experiment-tracker", "p00004-workflow-engine"], avoid: ["p00020-monitoring"] }, "0/0/0/2/9"],
    ];
    for (const [request, expected] of cases) {
      const r = under("cores", () => recommend(catalog, request));
      expect(r.cost!.map((c) => c.value).join("/")).toBe(expected);
      expect(answer(r)).toBe(answer(under("linear", () => recommend(catalog, request))));
    }
  });
});
