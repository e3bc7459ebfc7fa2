/**
 * `export`: the exported problem is the request's exact problem. Against the brute-force oracle
 * on small random catalogs, the project's own engine, run on each exported file, finds a
 * solution exactly when a valid stack exists, and (WCNF, OPB, ASP) the optimum that decodes to
 * the oracle's lexicographic minimum, level by level. clingo runs the ASP file in bench/ where it
 * is installed (bench/export.js).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exportProblem } from "../src/core/commands/export.js";
import { cnfModel, wcnfModel } from "../src/core/solve/dimacs.js";
import { solveLex } from "../src/core/solve/engine.js";
import type { Model } from "../src/core/solve/types.js";
import { newBudget } from "../src/core/common/budget.js";
import { loadCatalog, recommend } from "../src/index.js";
import { specAndRequestArb } from "./support/arbitraries.js";
import { buildCatalog } from "./support/build-catalog.js";
import { cli, yieldToRunner } from "./support/helpers.js";
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
    const got = optimum(wcnfModel(e.text))!;
    expect(BigInt(got[0]!)).toBe(weighted(best, e.levels.map((l) => l.weight)));
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

  it("--format is required and checked (exit 2)", async () => {
    expect((await cli("export", "--use-case", "rag")).code).toBe(2);
    expect((await cli("export", "--format", "cnf", "--use-case", "rag")).code).toBe(2);
  });
});
