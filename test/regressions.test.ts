/** Counterexamples the property tests found, kept as fixed cases. */
import { describe, expect, it } from "vitest";
import { parseStackFile } from "../src/core/catalog/load.js";
import { recommend } from "../src/core/commands/recommend.js";
import { repair } from "../src/core/commands/repair.js";
import { buildCatalog, type CatalogSpec } from "./support/build-catalog.js";

describe("regressions", () => {
  it("the first repair is the cheapest of the smallest, however many smallest there are", () => {
    // 14 vector databases, all excluded: giving up any one exclusion is a smallest repair. Each
    // but the last requires a helper (a stack of two plugins); the last stands alone (one). The
    // repairs were the first dozen sets found by size alone, ranked: the cheapest was not among them.
    const ids = Array.from({ length: 14 }, (_, i) => `v${String(i + 1).padStart(2, "0")}`);
    const spec: CatalogSpec = {
      types: { vdb: { rule: "unbounded" }, helper: { rule: "unbounded" } },
      plugins: [
        ...ids.map((id, i) => ({ id, type: "vdb", capabilities: ["vs"], ...(i < ids.length - 1 ? { requires: [{ any_of: ["h"], reason: "needs its helper" }] } : {}) })),
        { id: "h", type: "helper" },
      ],
      useCases: { u: { needs: ["vs"], suggests: [] } },
    };
    const r = recommend(buildCatalog(spec), { useCases: ["u"], exclude: ids }, { repairs: 3 });
    expect(r.ok).toBe(false);
    // Giving up the need itself is cheapest (an empty stack), then v14's exclusion (one plugin).
    expect(r.repairs!.map((x) => x.give_up.map((g) => g.value))).toEqual([["u: vs"], ["v14"], ["v01"]]);
    expect(r.repairs!.map((x) => x.cost.at(-1)!.value)).toEqual([0, 1, 2]);
  });
  it("lazy integration gaps: the optimum, not the first bound met", () => {
    const spec: CatalogSpec = {
      types: { alpha: { rule: "single" }, beta: { rule: "single" } },
      plugins: [
        { id: "p1", type: "alpha" },
        { id: "p4", type: "alpha", capabilities: ["cb"] },
        { id: "p5", type: "alpha", capabilities: ["cb"], hosting: ["managed"] },
        { id: "p8", type: "alpha", capabilities: ["cc"] },
        { id: "p7", type: "beta", capabilities: ["cc"], integration_points: { alphas: ["p5"] } },
        { id: "p9", type: "beta", capabilities: ["cb", "cc"], requires: [{ any_of: ["p1"], reason: "r" }], integration_points: { alphas: [] } },
      ],
      useCases: { u0: { needs: [], suggests: ["cb", "cc"] } },
    };
    const r = recommend(buildCatalog(spec), { useCases: ["u0"], prefer: ["p9"], avoid: ["p1"] });
    expect(r.stack!.plugins.map((p) => p.id)).toEqual(["p5", "p7"]);
    expect(r.cost!.map((c) => c.value)).toEqual([1, 0, 0, 0, 2]);
  });
  it("--avoid of a plugin no best stack can use costs nothing and does not throw", () => {
    const r = recommend(buildCatalog({ types: { alpha: { rule: "unbounded" } }, plugins: [{ id: "a", type: "alpha" }] }), { avoid: ["a"] });
    expect(r.ok).toBe(true);
    expect(r.stack!.plugins).toEqual([]);
  });
  it("repair of a stack whose integration gaps appear only during the search", () => {
    const spec: CatalogSpec = {
      types: { alpha: { rule: "single" }, beta: { rule: "single" } },
      plugins: [
        { id: "p0", type: "alpha", hosting: ["managed"], integration_points: { betas: [] } },
        { id: "p1", type: "alpha", requires: [{ any_of: ["p0"], reason: "r" }] },
        { id: "p2", type: "alpha" },
        { id: "p7", type: "beta" },
      ],
    };
    const s = parseStackFile({ path: "s.yaml", content: "plugins: [p0, p7, p1, p2]\n" });
    if (!s.ok) throw new Error("bad stack");
    const r = repair(buildCatalog(spec), s.stack);
    expect(r.ok).toBe(true);
    expect(r.changes).toHaveLength(2);
  });
});
