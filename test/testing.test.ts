/** The public arbitrary of valid stacks: every stack it generates is valid, every live plugin reachable. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StackDoc } from "../src/core/catalog/catalog.js";
import { newBudget } from "../src/core/common/budget.js";
import { SatOracle } from "../src/core/solve/oracle.js";
import { buildModel } from "../src/core/model/build.js";
import { pv } from "../src/core/model/vars.js";
import { check } from "../src/core/commands/check.js";
import { resolve } from "../src/core/commands/common.js";
import { loadCatalog } from "../src/index.js";
import { validStackArbitrary } from "../src/testing.js";
import { yieldToRunner } from "./support/helpers.js";

const NO_POS = { file: "gen", line: 0, column: 0 };
const asDoc = (useCases: string[], plugins: { id: string; facet?: string }[]): StackDoc => ({
  file: "gen",
  useCases: useCases.map((id) => ({ id, pos: NO_POS })),
  plugins: plugins.map((p) => ({ ...p, pos: NO_POS })),
  pos: NO_POS,
});

describe("validStackArbitrary", () => {
  const catalog = loadCatalog();
  for (const useCases of [[], ["rag-applications"], ["on-premises-deployments", "research-environments"]]) {
    it(`prop_every_generated_stack_passes_check (use cases: ${useCases.join(", ") || "none"})`, async () => {
      await fc.assert(
        fc.asyncProperty(validStackArbitrary(catalog, { useCases }), async (stack) => {
          await yieldToRunner();
          const r = check(catalog, asDoc(useCases, stack.plugins));
          expect(r.violations).toEqual([]);
          // As it comes, a stack file of its own: its use cases with it (a value without them was
          // refused, its facet values naming use cases the file did not list).
          expect(stack.use_cases).toEqual(useCases);
          expect(check(catalog, stack).violations).toEqual([]);
        }),
        { seed: 20261125, numRuns: process.env["MLX_DEEP"] ? 1000 : 60 },
      );
    });
  }
  it("prop_every_plugin_that_is_not_dead_is_reachable", async () => {
    const req = resolve(catalog, { useCases: ["rag-applications"] });
    const model = buildModel(catalog, req, "all");
    const oracle = new SatOracle(model, newBudget());
    const sels = model.requests.map((r) => r.selector);
    const live = [...catalog.plugins.keys()].filter((id) => oracle.sat([...sels, pv(id)]));
    const seen = new Set<string>();
    const arb = validStackArbitrary(catalog, { useCases: ["rag-applications"] });
    for (let seed = 7; seed < 13; seed++) {
      await yieldToRunner();
      for (const s of fc.sample(arb, { seed, numRuns: 100 })) s.plugins.forEach((p) => seen.add(p.id));
    }
    expect([...seen].sort()).toEqual(live.sort());
  });
  it("rejects a request without any valid stack", () => {
    expect(() => validStackArbitrary(catalog, { require: ["databricks-plugin", "outerbounds-plugin"] })).toThrow(/no valid stack/);
  });
});

