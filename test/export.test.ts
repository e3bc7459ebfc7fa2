/**
 * `export`: the exported problem is the request's exact problem. Against the brute-force oracle
 * on small random catalogs, the project's own engine, run on each exported file, finds a
 * solution exactly when a valid stack exists, and (WCNF, OPB, ASP) the optimum that decodes to
 * the oracle's lexicographic minimum, level by level. clingo runs the ASP file in bench/ where it
 * is installed (bench/export.js).
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXPORT_MAX_GAP_TERMS, exportProblem } from "../src/core/commands/export.js";
import { gapPairsUpTo, gapRows } from "../src/core/model/scope.js";
import { cnfModel, wcnfModel } from "../src/core/solve/dimacs.js";
import { solveLex } from "../src/core/solve/engine.js";
import type { Model } from "../src/core/solve/types.js";
import { newBudget } from "../src/core/common/budget.js";
import { InputError, loadCatalog, recommend } from "../src/index.js";
import { specAndRequestArb } from "./support/arbitraries.js";
import { buildCatalog, type CatalogSpec } from "./support/build-catalog.js";
import { cli, ROOT, yieldToRunner } from "./support/helpers.js";
import { Oracle } from "./support/oracle.js";
import { aspModel, opbModel } from "./support/problem-files.js";

const SEED = 20261205;
const numRuns = process.env.MLX_DEEP ? 1000 : 60;

/** The optimum of a model by the engine: its cost per level, or undefined when unsatisfiable. */
function optimum(model: Model): number[] | undefined {
  const r = solveLex(model, { budget: newBudget(), canonicalise: false });
  if (r.status === "timeout") throw new Error("timeout");
  return r.status === "optimal" ? r.assignment.costs : undefined;
}

/** Σ level × weight, as the WCNF and OPB files weigh the levels. */
const weighted = (costs: number[], weights: string[]) => costs.reduce((s, c, i) => s + BigInt(c) * BigInt(weights[i]!), 0n);

describe("export against the brute-force oracle", () => {
  it("prop_exported_optimum_is_the_lexicographic_optimum", async () => {
    await fc.assert(
      fc.asyncProperty(specAndRequestArb, fc.constantFrom("all" as const, "reachable" as const), async ({ spec, request }, scope) => {
        await yieldToRunner();
        const catalog = buildCatalog(spec);
        const want = new Oracle(spec, request).minimumCost();
        const ctx = JSON.stringify({ spec, request, scope, want });
        const file = (format: "dimacs" | "wcnf" | "opb" | "asp") => exportProblem(catalog, request, { format, scope });
        // DIMACS: satisfiable exactly when a valid stack exists.
        expect(optimum(cnfModel(file("dimacs").text)) !== undefined, ctx).toBe(want !== undefined);
        const wcnf = file("wcnf");
        const weights = wcnf.levels.map((l) => l.weight);
        for (const [format, model] of [
          ["wcnf", wcnfModel(wcnf.text)],
          ["opb", opbModel(file("opb").text)],
        ] as const) {
          const got = optimum(model);
          if (want === undefined) expect(got, `${format} ${ctx}`).toBeUndefined();
          else expect(BigInt(got![0]!), `${format} ${ctx}`).toBe(weighted(want, weights));
        }
        // ASP: one level per priority, the first level highest; a level without terms is absent.
        const asp = file("asp");
        const got = optimum(aspModel(asp.text));
        if (want === undefined) expect(got, `asp ${ctx}`).toBeUndefined();
        else expect(got, `asp ${ctx}`).toEqual(want.filter((_, i) => asp.levels[i]!.max > 0));
      }),
      { seed: SEED, numRuns },
    );
  }, 180_000);
});

describe("export on the built-in catalog", () => {
  it("the WCNF's optimum, decoded by the header's weights, is recommend's cost at every level", () => {
    const catalog = loadCatalog();
    const request = { useCases: ["rag"], exclude: ["pinecone-plugin"] };
    const e = exportProblem(catalog, request, { format: "wcnf", scope: "reachable" });
    const best = recommend(catalog, request).cost!.map((c) => c.value);
    // Each soft clause's weight is its level's weight per unit times its own: split back into the
    // header's levels, the file's problem is solved level by level (as one sum of weights up to
    // 10^12, the solver's descent over it took 26-64 s, and starved the test runner).
    const units = e.levels.map((l) => BigInt(l.weight));
    const model = wcnfModel(e.text);
    const [sum] = model.objectives;
    const levels = units.map((_, i) => ({ name: e.levels[i]!.objective, terms: [] as { lit: string; weight: number }[] }));
    for (const t of sum!.terms) {
      const w = BigInt(t.weight);
      const i = units.findIndex((u) => u <= w);
      expect(i, `weight ${w}`).toBeGreaterThanOrEqual(0);
      expect(w % units[i]!, `weight ${w} is a whole number of level ${i + 1}'s units`).toBe(0n);
      levels[i]!.terms.push({ lit: t.lit, weight: Number(w / units[i]!) });
    }
    const got = optimum({ ...model, objectives: levels })!;
    expect(got).toEqual(best);
    expect(weighted(got, e.levels.map((l) => l.weight))).toBe(weighted(best, e.levels.map((l) => l.weight)));
  });

  it("the header maps variables to plugins, rules to their clauses and states the levels", async () => {
    const r = await cli("export", "--format", "dimacs", "--use-case", "rag");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^c The problem of an mlx-solve request .*--use-case rag-applications/);
    expect(r.out).toMatch(/^c {3}1 = p:[a-z0-9-]+: plugin [a-z0-9-]+ is selected$/m);
    expect(r.out).toMatch(/^c {3}clauses \d+(-\d+)?: requires: [a-z0-9-]+ requires [a-z0-9-]+: .* \(catalog\/plugins\/[a-z0-9-]+\.yaml:\d+\)$/m);
    expect(r.out).toMatch(/^c {3}clauses \d+(-\d+)?: request need: RAG applications needs vector-search/m);
    expect(r.out).toMatch(/^c {3}1\. wishes: /m);
    const p = lines.find((l) => l.startsWith("p cnf "))!;
    const [, , vars, clauses] = p.split(" ");
    const body = lines.slice(lines.indexOf(p) + 1).filter(Boolean);
    expect(body).toHaveLength(Number(clauses));
    for (const c of body) {
      expect(c).toMatch(/^(-?\d+ )*0$/);
      for (const l of c.split(" ").map(Number)) expect(Math.abs(l)).toBeLessThanOrEqual(Number(vars));
    }
  });

  it("each format starts as its solvers expect; ASP shows plugins by name", async () => {
    expect((await cli("export", "--format", "opb", "--use-case", "rag")).out).toMatch(/^\* #variable= \d+ #constraint= \d+\n/);
    expect((await cli("export", "--format", "wcnf", "--use-case", "rag")).out).toMatch(/^h (-?\d+ )+0$/m);
    const asp = (await cli("export", "--format", "asp", "--use-case", "rag")).out;
    expect(asp).toMatch(/^\{ v\(1\.\.\d+\) \}\.$/m);
    expect(asp).toMatch(/^#show plugin\("pinecone-plugin"\) : v\(\d+\)\.$/m);
    expect(asp).toMatch(/^#minimize \{ 1@1,1 : v\(1\) \}\.$/m);
  });

  it("a problem past EXPORT_MAX_GAP_TERMS is refused at once with the reachable scope's size (it ran out of memory); the gap terms counted as the model has them", () => {
    // Two types of 800 plugins, each declaring the other's category: 640,000 related pairs.
    const n = 800;
    const spec: CatalogSpec = {
      types: { a: { rule: "unbounded" }, b: { rule: "unbounded" } },
      plugins: [...Array.from({ length: n }, (_, i) => ({ id: `a${i}`, type: "a", capabilities: i === 0 ? ["x"] : [], integration_points: { bs: [`b${i}`] } })), ...Array.from({ length: n }, (_, i) => ({ id: `b${i}`, type: "b", integration_points: { as: [`a${i}`] } }))],
      useCases: { u: { needs: ["x"] } },
    };
    const big = buildCatalog(spec);
    let error: unknown;
    try {
      exportProblem(big, { useCases: ["u"] }, { format: "wcnf" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostics[0]!.message).toMatch(/^the problem over every plugin \(1600\) has more than 500,000 integration-gap terms, more than export writes .*--scope reachable exports the 1 plugins a best stack can use, or a larger --max-gap-terms \(none: no limit; the memory writing them takes grows with them\)$/);
    expect(exportProblem(big, { useCases: ["u"] }, { format: "wcnf", scope: "reachable" }).ok).toBe(true);
    expect(EXPORT_MAX_GAP_TERMS).toBe(500_000);
    // The count is the model's gap terms where it is at most the limit, and past it past it.
    const builtIn = loadCatalog();
    const ids = [...builtIn.plugins.keys()];
    const row = gapRows(builtIn, ids);
    const terms = ids.reduce((k, a) => k + row(a).filter((b) => a < b).length, 0);
    expect(gapPairsUpTo(builtIn, ids, 1e9)).toBe(terms);
    expect(gapPairsUpTo(builtIn, ids, terms - 1)).toBeGreaterThan(terms - 1);
    expect(gapPairsUpTo(big, [...big.plugins.keys()], 1e9)).toBe(n * n - n);
    // The strict rule's variables are said as what they are in the file's header.
    expect(exportProblem(builtIn, { useCases: ["rag"], integrations: "strict" }, { format: "wcnf" }).text).toMatch(/c:strict:compute_backend:any:0: auxiliary: one or more of the first 1 compute_backend plugins are selected \(strict integrations\)/);
  });
  it("--max-gap-terms sets the limit (none: no limit), so a benchmark can write what the default refuses", async () => {
    const builtIn = loadCatalog();
    const ids = [...builtIn.plugins.keys()];
    const terms = gapPairsUpTo(builtIn, ids, 1e9);
    const low = await cli("export", "--format", "wcnf", "--use-case", "rag", "--max-gap-terms", String(terms - 1));
    expect(low.code).toBe(2);
    expect(low.err).toMatch(new RegExp(`has more than ${(terms - 1).toLocaleString("en")} integration-gap terms.*or a larger --max-gap-terms \\(none: no limit`));
    expect((await cli("export", "--format", "wcnf", "--use-case", "rag", "--max-gap-terms", String(terms))).code).toBe(0);
    expect((await cli("export", "--format", "wcnf", "--use-case", "rag", "--max-gap-terms", "none")).code).toBe(0);
    for (const bad of ["0", "-3", "2.5", "many"]) expect((await cli("export", "--format", "wcnf", "--use-case", "rag", "--max-gap-terms", bad)).err).toMatch(/--max-gap-terms expects a whole number of at least 1 or "none", not/);
    // The library's option, checked as the others are.
    expect(exportProblem(builtIn, { useCases: ["rag"] }, { format: "wcnf", maxGapTerms: Infinity }).ok).toBe(true);
    expect(() => exportProblem(builtIn, { useCases: ["rag"] }, { format: "wcnf", maxGapTerms: 0 })).toThrow(/maxGapTerms/);
  });
  it("the header's command line names the catalog's layers and the preferred tags, and no project file: it gives the same problem again", async () => {
    const r = await cli("export", "--format", "wcnf", "--use-case", "rag", "--prefer-tag", "license=open-source", "--layer", "examples/acme-layer", "--no-config");
    // Always --no-config: replayed where a project file is, its defaults would add to the request written out whole.
    expect(r.out.split("\n")[0]).toBe("c The problem of an mlx-solve request (mlx-solve 0.1.0): --use-case rag-applications --prefer-tag license=open-source --integrations soft --no-config --layer examples/acme-layer");
    const before = process.cwd();
    try {
      process.chdir(join(ROOT, "examples", "acme-project"));
      // The project file's layer and default request, written out whole: --no-config, the layer relative to here.
      expect((await cli("export", "--format", "dimacs")).out.split("\n")[0]).toMatch(/: --use-case real-time-inference --only hosting=self-hosted --integrations soft --no-config --layer \.\.\/acme-layer$/);
    } finally {
      process.chdir(before);
    }
  });
  it("--format is required and checked (exit 2)", async () => {
    expect((await cli("export", "--use-case", "rag")).code).toBe(2);
    expect((await cli("export", "--format", "cnf", "--use-case", "rag")).code).toBe(2);
  });
});

describe("export asks the time limit as it writes", () => {
  it("every few thousand clauses and comment lines, in every format (it asked four times, and ran seconds past --timeout)", async () => {
    const { exportModel } = await import("../src/core/solve/export.js");
    const n = 40_000;
    const model = {
      vars: Array.from({ length: n }, (_, i) => `x${i}`),
      constraints: [{ kind: "rule", message: "a chain", source: { file: "f", line: 1, column: 1 }, subjects: [], clauses: Array.from({ length: n - 1 }, (_, i) => [`-x${i}`, `x${i + 1}`]) }],
      requests: [],
      objectives: [{ name: "plugins", terms: Array.from({ length: n }, (_, i) => ({ lit: `x${i}`, weight: 1 })) }],
    };
    for (const format of ["dimacs", "wcnf", "opb", "asp"] as const) {
      let calls = 0;
      exportModel(model as never, format, { check: () => void calls++ });
      // Numbering, the header's variables and the clauses: each of them asks about every 8,192.
      expect(calls, format).toBeGreaterThan((3 * n) / 8192);
    }
  });
});
