/** Golden CNF: each encoding, as readable clauses, so a change to an encoding is a visible diff. */
import { describe, expect, it } from "vitest";
import { atMostOne, type Clause } from "../src/core/solve/types.js";
import { buildModel } from "../src/core/model/build.js";
import { reachablePlugins } from "../src/core/model/scope.js";
import { resolveRequest } from "../src/core/model/request.js";
import { buildCatalog, type CatalogSpec } from "./support/build-catalog.js";

const show = (cs: Clause[]) => cs.map((c) => `(${c.map((l) => (l.startsWith("-") ? `¬${l.slice(1)}` : l)).join(" ∨ ")})`).join(" ∧ ");

function model(spec: CatalogSpec, req: Parameters<typeof resolveRequest>[1] = {}) {
  const catalog = buildCatalog(spec);
  const r = resolveRequest(catalog, req);
  if (!r.ok) throw new Error("bad request");
  return buildModel(catalog, r.request, "all");
}
const golden = (m: ReturnType<typeof model>, kind: string) => m.constraints.filter((c) => c.kind === kind).map((c) => `${c.message}: ${show(c.clauses)}`);

describe("strict integrations stay linear in the catalog", () => {
  it("a plugin of the type it must integrate with needs a second member, and the rule is one clause per category", () => {
    // 300 monitors, each declaring the monitors' own category with one partner, and 300 platforms
    // declaring it too: one clause each (the rule was a clause per non-partner, 600 × 299 of them).
    const n = 300;
    const s: CatalogSpec = {
      types: { platform: { rule: "unbounded" }, monitor: { rule: "unbounded" } },
      plugins: [
        ...Array.from({ length: n }, (_, i) => ({ id: `m${i}`, type: "monitor", integration_points: { monitors: [`m${(i + 1) % n}`] } })),
        ...Array.from({ length: n }, (_, i) => ({ id: `p${i}`, type: "platform", integration_points: { monitors: [`m${i}`] } })),
      ],
    };
    const m = model(s, { integrations: "strict" });
    const rules = m.constraints.filter((c) => c.kind === "integration");
    expect(rules).toHaveLength(2 * n);
    expect(rules.every((c) => c.clauses.length === 1)).toBe(true);
    // A monitor's own type: "two monitors" (itself and another); a platform: "a monitor".
    expect(rules.find((c) => c.subjects[0] === "m0")!.clauses[0]).toEqual(["-p:m0", `-c:strict:monitor:two:${n - 1}`, "p:m1", `p:m${n - 1}`]);
    expect(rules.find((c) => c.subjects[0] === "p0")!.clauses[0]).toEqual(["-p:p0", `-c:strict:monitor:any:${n - 1}`, "p:m0"]);
    expect(m.constraints.reduce((k, c) => k + c.clauses.length, 0)).toBeLessThan(20 * n);
  });
});

describe("at most one", () => {
  it("is pairwise for small sets", () => {
    expect(show(atMostOne(["a", "b", "c"], "c:t"))).toBe("(¬a ∨ ¬b) ∧ (¬a ∨ ¬c) ∧ (¬b ∨ ¬c)");
  });
  it("is a sequential counter for larger sets", () => {
    expect(show(atMostOne(["x0", "x1", "x2", "x3", "x4", "x5", "x6"], "r"))).toBe(
      "(¬x0 ∨ r:0) ∧ (¬x1 ∨ r:1) ∧ (¬r:0 ∨ r:1) ∧ (¬x1 ∨ ¬r:0) ∧ (¬x2 ∨ r:2) ∧ (¬r:1 ∨ r:2) ∧ (¬x2 ∨ ¬r:1) ∧ (¬x3 ∨ r:3) ∧ (¬r:2 ∨ r:3) ∧ (¬x3 ∨ ¬r:2) ∧ (¬x4 ∨ r:4) ∧ (¬r:3 ∨ r:4) ∧ (¬x4 ∨ ¬r:3) ∧ (¬x5 ∨ r:5) ∧ (¬r:4 ∨ r:5) ∧ (¬x5 ∨ ¬r:4) ∧ (¬x6 ∨ ¬r:5)",
    );
  });
});

describe("catalog rules", () => {
  const spec: CatalogSpec = {
    types: { tracker: { rule: "single" }, llm: { rule: "distinct_facet", facet: "model" }, serve: { rule: "unbounded" } },
    plugins: [
      { id: "mlflow", type: "tracker", conflicts_with: ["wandb"] },
      { id: "wandb", type: "tracker" },
      { id: "oa", type: "llm", facets: { model: ["gpt"] } },
      { id: "an", type: "llm", facets: { model: ["claude", "gpt"] } },
      { id: "seldon", type: "serve", requires: [{ any_of: ["k8s"], reason: "runs on Kubernetes" }], capabilities: ["serving"] },
      { id: "k8s", type: "serve", capabilities: ["serving"] },
    ],
    useCases: { prod: { needs: ["serving"], suggests: ["serving"] } },
    precedence: { tracker: ["mlflow", "wandb"] },
  };
  const m = model(spec, { useCases: ["prod"], require: ["oa"], exclude: ["wandb"], prefer: ["an"], avoid: ["k8s"] });
  it("conflict: (¬a ∨ ¬b)", () => {
    expect(golden(m, "conflict")).toEqual(["mlflow and wandb cannot be used together: (¬p:mlflow ∨ ¬p:wandb)"]);
  });
  it("cardinality: at most one per type, or per facet value through the assignment variables", () => {
    expect(golden(m, "cardinality")).toEqual([
      "no two LLM plugins may share the model gpt (type llm: distinct_facet): (¬f:an:gpt ∨ ¬f:oa:gpt)",
      "at most one tracker may be selected (type tracker: single): (¬p:mlflow ∨ ¬p:wandb)",
    ]);
  });
  it("facet: a selected plugin has exactly one of its values, and a value only when selected", () => {
    expect(golden(m, "facet")).toEqual([
      "an, when selected, is assigned exactly one model of its own (claude, gpt): (¬p:an ∨ f:an:claude ∨ f:an:gpt) ∧ (¬f:an:claude ∨ p:an) ∧ (¬f:an:gpt ∨ p:an) ∧ (¬f:an:claude ∨ ¬f:an:gpt)",
      "oa, when selected, is assigned exactly one model of its own (gpt): (¬p:oa ∨ f:oa:gpt) ∧ (¬f:oa:gpt ∨ p:oa)",
    ]);
  });
  it("requires: (¬p ∨ q1 ∨ ... ∨ qn)", () => {
    expect(golden(m, "requires")).toEqual(["seldon requires k8s: runs on Kubernetes: (¬p:seldon ∨ p:k8s)"]);
  });
  it("user requests are guarded by selectors: (¬s ∨ constraint)", () => {
    expect(m.requests.map((r) => `${r.kind} ${r.value}: ${show(r.clauses)}`)).toEqual([
      "require oa: (¬s:0 ∨ p:oa)",
      "exclude wandb: (¬s:1 ∨ ¬p:wandb)",
      "need prod: serving: (¬s:2 ∨ p:k8s ∨ p:seldon)",
    ]);
  });
  it("objectives: weighted literals per level, suggestions through m ↔ no provider", () => {
    expect(m.objectives.map((o) => `${o.name}: ${o.terms.map((t) => `${t.weight}·${t.lit}`).join(" + ")}`)).toEqual([
      "wishes: 1·p:k8s + 1·-p:an",
      "suggestions: 1·m:serving",
      "precedence: 1·p:wandb",
      "integration-gaps: ",
      "plugins: 1·p:an + 1·p:k8s + 1·p:mlflow + 1·p:oa + 1·p:seldon + 1·p:wandb",
    ]);
    expect(golden(m, "definition")).toEqual(["serving is missing exactly when no selected plugin provides it: (m:serving ∨ p:k8s ∨ p:seldon) ∧ (¬m:serving ∨ ¬p:k8s) ∧ (¬m:serving ∨ ¬p:seldon)"]);
  });
  it("strict integrations: (¬a ∨ ¬(some member of the type) ∨ partners...) for each declared category", () => {
    const s: CatalogSpec = {
      types: { platform: { rule: "single" }, monitor: { rule: "unbounded" } },
      plugins: [
        { id: "dbx", type: "platform", integration_points: { monitors: ["ev"] } },
        { id: "ev", type: "monitor" },
        { id: "dd", type: "monitor" },
      ],
    };
    const strict = model(s, { integrations: "strict" });
    expect(golden(strict, "integration")).toEqual(["dbx must integrate with the selected monitor (it lists ev): (¬p:dbx ∨ ¬c:strict:monitor:any:1 ∨ p:ev)"]);
    // "Some monitor is selected" (any) and "two are" (two), each defined both ways along the members.
    expect(golden(strict, "definition").filter((d) => d.startsWith("how many"))).toEqual([
      "how many monitor plugins are selected: none, one, or two or more: (¬c:strict:monitor:any:0 ∨ p:dd) ∧ (¬p:dd ∨ c:strict:monitor:any:0) ∧ (¬c:strict:monitor:two:0) ∧ " +
        "(¬c:strict:monitor:any:0 ∨ c:strict:monitor:any:1) ∧ (¬p:ev ∨ c:strict:monitor:any:1) ∧ (¬c:strict:monitor:any:1 ∨ c:strict:monitor:any:0 ∨ p:ev) ∧ " +
        "(¬c:strict:monitor:two:0 ∨ c:strict:monitor:two:1) ∧ (¬c:strict:monitor:any:0 ∨ ¬p:ev ∨ c:strict:monitor:two:1) ∧ (¬c:strict:monitor:two:1 ∨ c:strict:monitor:two:0 ∨ c:strict:monitor:any:0) ∧ (¬c:strict:monitor:two:1 ∨ c:strict:monitor:two:0 ∨ p:ev)",
    ]);
    expect(golden(model(s), "integration")).toEqual([]);
    // The rule's words say where each partner is listed: in the category it cites, under another, or by the partner.
    const where: CatalogSpec = {
      types: { platform: { rule: "single" }, monitor: { rule: "unbounded" }, tracker: { rule: "unbounded" } },
      plugins: [
        { id: "dbx", type: "platform", integration_points: { monitors: ["ev"], trackers: ["dd"] } },
        { id: "ev", type: "monitor" },
        { id: "dd", type: "monitor", also_types: ["tracker"] },
        { id: "ws", type: "monitor", integration_points: { platforms: ["dbx"] } },
        { id: "zz", type: "monitor" },
      ],
    };
    expect(golden(model(where, { integrations: "strict" }), "integration").map((g) => g.split(":")[0])).toContain("dbx must integrate with the selected monitor (it lists ev; it lists dd under trackers; ws lists it)");
    // Gaps are revealed by solutions: a solution with dbx and dd brings dbx ∧ dd -> g:dbx:dd, and
    // the pair itself (dbx's row revealed it) for the counters.
    const gaps = model(s).objectives.find((o) => o.name === "integration-gaps")!;
    expect(gaps.terms).toEqual([]);
    const found = gaps.lazy!((v) => v === "p:dbx" || v === "p:dd" || v === "p:ev");
    expect(found.terms).toEqual([{ lit: "g:dbx:dd", weight: 1, pair: ["p:dbx", "p:dd"] }]);
    expect(show(found.clauses)).toBe("(¬p:dbx ∨ ¬p:dd ∨ g:dbx:dd)");
  });
});

describe("reduction to the reachable plugins", () => {
  const spec: CatalogSpec = {
    types: { serve: { rule: "unbounded" }, compute: { rule: "single" }, tracker: { rule: "single" } },
    plugins: [
      { id: "seldon", type: "serve", capabilities: ["serving"], requires: [{ any_of: ["k8s", "nomad"], reason: "cluster" }] },
      { id: "k8s", type: "compute", requires: [{ any_of: ["etcd"], reason: "state" }] },
      { id: "nomad", type: "compute" },
      { id: "etcd", type: "serve" },
      { id: "mlflow", type: "tracker", integration_points: { serves: ["seldon"] } },
      { id: "wandb", type: "tracker" },
    ],
    useCases: { prod: { needs: ["serving"] } },
  };
  const catalog = buildCatalog(spec);
  const reach = (req: Parameters<typeof resolveRequest>[1]) => {
    const r = resolveRequest(catalog, req);
    if (!r.ok) throw new Error("bad request");
    return [...reachablePlugins(catalog, r.request)].sort();
  };
  it("is the providers, required and preferred plugins, closed under requires", () => {
    expect(reach({ useCases: ["prod"] })).toEqual(["etcd", "k8s", "nomad", "seldon"]);
    expect(reach({ prefer: ["wandb"], exclude: ["mlflow"], avoid: ["nomad"] })).toEqual(["wandb"]);
  });
  it("with strict integrations, also the integration partners", () => {
    expect(reach({ require: ["mlflow"], integrations: "strict" })).toEqual(["etcd", "k8s", "mlflow", "nomad", "seldon"]);
    expect(reach({ require: ["mlflow"] })).toEqual(["mlflow"]);
  });
  it("gives variables only to reachable plugins", () => {
    const r = resolveRequest(catalog, { useCases: ["prod"] });
    if (!r.ok) throw new Error("bad request");
    expect(buildModel(catalog, r.request).vars).toEqual(["p:etcd", "p:k8s", "p:nomad", "p:seldon"]);
    expect(buildModel(catalog, r.request, "all").vars).toHaveLength(6);
  });
});
