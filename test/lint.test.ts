/** lint's catalog rules, each with severity, code and position; exit codes 0 / 1 / 2. */
import { describe, expect, it } from "vitest";
import { loadCatalogFromFiles } from "../src/core/catalog/load.js";
import { lintCatalog } from "../src/core/commands/lint.js";
import { catalogFiles, type CatalogSpec } from "./support/build-catalog.js";
import { cli, writeTree } from "./support/helpers.js";

const spec: CatalogSpec = {
  types: { serve: { rule: "unbounded" }, compute: { rule: "single" } },
  plugins: [
    { id: "seldon", type: "serve", capabilities: ["serving"], requires: [{ any_of: ["k8s"], reason: "runs on Kubernetes" }] },
    { id: "k8s", type: "compute", conflicts_with: ["nomad"] },
    { id: "nomad", type: "compute" },
    { id: "broken", type: "serve", capabilities: ["gpu"], requires: [{ any_of: ["k8s"], reason: "r" }], conflicts_with: ["k8s"] },
  ],
  useCases: { prod: { needs: ["serving"] }, training: { needs: ["gpu"] } },
  compositions: { bad: { name: "Bad", plugins: ["k8s", "nomad"] }, good: { name: "Good", use_cases: ["prod"], plugins: ["seldon", "k8s"] } },
};

function lint(s: CatalogSpec) {
  const r = loadCatalogFromFiles(catalogFiles(s));
  return lintCatalog(r.catalog!, r.diagnostics);
}

describe("lint", () => {
  const ds = lint(spec);
  const byCode = (code: string) => ds.filter((d) => d.code === code);
  it("warns about a conflict listed on one side only, and treats it as symmetric", () => {
    expect(byCode("asymmetric-conflict").map((d) => [d.severity, d.file, d.line])).toEqual([
      ["warning", "catalog/plugins/broken.yaml", 17],
      ["warning", "catalog/plugins/k8s.yaml", 15],
    ]);
  });
  it("finds a plugin that can never be in a valid stack, with the rules that make it so", () => {
    const dead = byCode("dead-plugin");
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ severity: "error", file: "catalog/plugins/broken.yaml", line: 1, column: 5 });
    expect(dead[0]!.message).toContain("broken requires k8s");
    expect(dead[0]!.message).toContain("broken and k8s cannot be used together");
  });
  it("finds a use case that no stack satisfies", () => {
    const uc = byCode("unsatisfiable-use-case");
    expect(uc).toHaveLength(1);
    expect(uc[0]).toMatchObject({ severity: "error", file: "constraints/use-cases.yaml" });
    expect(uc[0]!.message).toContain("training needs gpu");
  });
  it("finds a composition that is not a valid stack", () => {
    const c = byCode("invalid-composition");
    // Two broken rules, each its own diagnostic: the conflict and the single-compute rule.
    expect(c.map((d) => d.file)).toEqual(["catalog/compositions/bad.yaml", "catalog/compositions/bad.yaml"]);
    expect(c.map((d) => d.message).join("\n")).toContain("k8s and nomad cannot be used together");
    expect(c.map((d) => d.message).join("\n")).toContain("at most one compute may be selected");
  });
  it("exits 1 on errors, 0 when clean, 2 when the catalog cannot be read", async () => {
    const dir = writeTree(Object.fromEntries([...Object.values(catalogFiles(spec)).flat()].filter((f): f is { path: string; content: string } => !!f && typeof f === "object" && "path" in f).map((f) => [f.path, f.content])));
    const bad = await cli("lint", "--catalog", dir);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/broken\.yaml:1:5: error: broken can never be in a valid stack/);
    const clean: CatalogSpec = { ...spec, plugins: spec.plugins.filter((p) => p.id !== "broken").map((p) => (p.id === "k8s" ? { ...p, conflicts_with: [] } : p)), useCases: { prod: { needs: ["serving"] } }, compositions: { good: spec.compositions!["good"] } };
    const cdir = writeTree(Object.fromEntries([...Object.values(catalogFiles(clean)).flat()].filter((f): f is { path: string; content: string } => !!f && typeof f === "object" && "path" in f).map((f) => [f.path, f.content])));
    const ok = await cli("lint", "--catalog", cdir, "--format", "json");
    expect(JSON.parse(ok.out).diagnostics).toEqual([]);
    expect(ok.code).toBe(0);
    expect((await cli("lint", "--catalog", `${cdir}/nowhere`)).code).toBe(2);
  });
  it("warns on every unsourced claim, where it is written, and on none that is sourced or unsure", () => {
    const files = catalogFiles(spec);
    const plain = [
      "id: k8s",
      "name: k8s",
      "type: compute",
      "summary: test plugin k8s",
      "tags: { license: open-source, hosting: [self-hosted], clouds: any }",
      "sources: { license: https://example.org/l }",
      "conflicts_with:",
      "  - broken",
      "  - { id: nomad, unsure: not documented anywhere }",
      "",
    ].join("\n");
    const r = loadCatalogFromFiles({ ...files, plugins: files.plugins.map((f) => (f.path.endsWith("/k8s.yaml") ? { ...f, content: plain } : f)) });
    const found = lintCatalog(r.catalog!, r.diagnostics).filter((d) => d.code === "unsourced-claim" && d.file.endsWith("k8s.yaml"));
    expect(found.map((d) => [d.severity, d.line, d.column])).toEqual([
      ["warning", 5, 1],
      ["warning", 8, 5],
    ]);
    expect(found[0]!.message).toContain("no source for its hosting, clouds");
    expect(found[1]!.message).toContain("k8s conflicts with broken");
  });
});
