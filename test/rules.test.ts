/** Each hard rule and each objective of PRODUCT.md, on small hand-made catalogs. */
import { describe, expect, it } from "vitest";
import { check } from "../src/core/commands/check.js";
import { parseStackFile } from "../src/core/catalog/load.js";
import { recommend } from "../src/core/commands/recommend.js";
import type { Request } from "../src/core/model/request.js";
import { buildCatalog, type CatalogSpec } from "./support/build-catalog.js";

const ids = (r: ReturnType<typeof recommend>) => r.stack?.plugins.map((p) => p.id) ?? null;
const T = { single: { rule: "single" as const }, free: { rule: "unbounded" as const } };

function rec(spec: CatalogSpec, req: Request = {}) {
  return recommend(buildCatalog(spec), req);
}

describe("conflicts", () => {
  const spec: CatalogSpec = {
    types: { tool: T.free },
    plugins: [{ id: "a", type: "tool", conflicts_with: ["b"] }, { id: "b", type: "tool" }, { id: "c", type: "tool" }],
  };
  it("a conflict listed on one side holds both ways", () => {
    const r = rec(spec, { require: ["b", "a"] });
    expect(r.ok).toBe(false);
    expect(r.conflict!.requests.map((q) => q.value)).toEqual(["a", "b"]);
    expect(r.conflict!.rules).toEqual([{ kind: "conflict", message: "a and b cannot be used together", source: "catalog/plugins/a.yaml:15" }]);
  });
  it("plugins that do not conflict can be combined", () => {
    expect(ids(rec(spec, { require: ["a", "c"] }))).toEqual(["a", "c"]);
  });
});

describe("cardinality", () => {
  it("single: at most one plugin of the type", () => {
    const r = rec({ types: { tracker: T.single }, plugins: [{ id: "m", type: "tracker" }, { id: "w", type: "tracker" }] }, { require: ["m", "w"] });
    expect(r.ok).toBe(false);
    expect(r.conflict!.rules[0]!.kind).toBe("cardinality");
    expect(r.conflict!.rules[0]!.message).toContain("at most one tracker");
  });
  const sources: CatalogSpec = {
    types: { source: { rule: "per_facet", facet: "source_kind" } },
    plugins: [
      { id: "snow", type: "source", facets: { source_kind: ["warehouse"] } },
      { id: "bq", type: "source", facets: { source_kind: ["warehouse"] } },
      { id: "s3", type: "source", facets: { source_kind: ["object-storage"] } },
    ],
  };
  it("per_facet: at most one per facet value", () => {
    expect(rec(sources, { require: ["snow", "bq"] }).ok).toBe(false);
    expect(ids(rec(sources, { require: ["snow", "s3"] }))).toEqual(["s3", "snow"]);
  });
  const llms: CatalogSpec = {
    types: { llm: { rule: "distinct_facet", facet: "model" } },
    plugins: [
      { id: "oa", type: "llm", facets: { model: ["gpt"] } },
      { id: "an", type: "llm", facets: { model: ["claude", "gpt"] } },
      { id: "az", type: "llm", facets: { model: ["gpt"] } },
    ],
  };
  it("distinct_facet: each plugin is assigned one of its values, no two share one", () => {
    const r = rec(llms, { require: ["oa", "an"] });
    expect(r.stack!.plugins).toEqual([
      { id: "an", type: "llm", facet: "claude" },
      { id: "oa", type: "llm", facet: "gpt" },
    ]);
    const bad = rec(llms, { require: ["oa", "az"] });
    expect(bad.ok).toBe(false);
    expect(bad.conflict!.rules.map((x) => x.kind)).toContain("cardinality");
  });
  const vdbs: CatalogSpec = {
    types: { vdb: { rule: "per_use_case" } },
    plugins: [
      { id: "pc", type: "vdb", capabilities: ["vectors"] },
      { id: "wv", type: "vdb", capabilities: ["vectors"] },
    ],
    useCases: { rag: { needs: ["vectors"] }, search: { needs: ["vectors"] } },
  };
  it("per_use_case: one vector database per requested use case, one with none requested", () => {
    expect(rec(vdbs, { require: ["pc", "wv"] }).ok).toBe(false);
    expect(rec(vdbs, { require: ["pc", "wv"], useCases: ["rag"] }).ok).toBe(false);
    const two = rec(vdbs, { require: ["pc", "wv"], useCases: ["rag", "search"] });
    expect(two.stack!.plugins).toEqual([
      { id: "pc", type: "vdb", facet: "rag", serves: ["vectors"] },
      { id: "wv", type: "vdb", facet: "search", serves: ["vectors"] },
    ]);
  });
  it("per_use_case: check assigns the use case a plugin serves, as recommend does, not the first by name", () => {
    // "aa" needs nothing a vector database provides; "rag" needs vectors. check gave pc "aa".
    const spec: CatalogSpec = { ...vdbs, plugins: [...vdbs.plugins, { id: "k8s", type: "free", capabilities: ["orchestration"] }], types: { ...vdbs.types, free: T.free }, useCases: { aa: { needs: ["orchestration"] }, rag: { needs: ["vectors"] } } };
    const catalog = buildCatalog(spec);
    const parsed = parseStackFile({ path: "s.yaml", content: "use_cases: [aa, rag]\nplugins: [k8s, pc]\n" });
    if (!parsed.ok) throw new Error("bad stack");
    const checked = check(catalog, parsed.stack);
    expect(checked.stack.plugins.find((p) => p.id === "pc")).toMatchObject({ facet: "rag", serves: ["vectors"] });
    expect(rec(spec, { require: ["pc"], useCases: ["aa", "rag"] }).stack!.plugins.find((p) => p.id === "pc")).toMatchObject({ facet: "rag" });
  });
  it("unbounded: any number", () => {
    expect(ids(rec({ types: { proc: T.free }, plugins: [{ id: "x", type: "proc" }, { id: "y", type: "proc" }, { id: "z", type: "proc" }] }, { require: ["x", "y", "z"] }))).toEqual(["x", "y", "z"]);
  });
  it("a plugin filling two types counts under each rule", () => {
    const spec: CatalogSpec = {
      types: { tracker: T.single, registry: T.single },
      plugins: [{ id: "mlflow", type: "tracker", also_types: ["registry"] }, { id: "azure", type: "registry" }, { id: "wandb", type: "tracker" }],
    };
    expect(rec(spec, { require: ["mlflow", "azure"] }).ok).toBe(false);
    expect(rec(spec, { require: ["wandb", "azure"] }).ok).toBe(true);
  });
});

describe("requires, needs and user requests", () => {
  const spec: CatalogSpec = {
    types: { serve: T.free, compute: T.single },
    plugins: [
      { id: "seldon", type: "serve", requires: [{ any_of: ["k8s", "nomad"], reason: "runs on a cluster" }], capabilities: ["serving"] },
      { id: "k8s", type: "compute", license: "open-source" },
      { id: "nomad", type: "compute", license: "source-available" },
      { id: "bento", type: "serve", license: "proprietary", capabilities: ["serving"] },
    ],
    useCases: { prod: { needs: ["serving"] } },
    precedence: { compute: ["nomad", "k8s"] },
  };
  it("requires: selecting a plugin brings one of its any_of", () => {
    expect(ids(rec(spec, { require: ["seldon"] }))).toEqual(["nomad", "seldon"]);
    expect(ids(rec(spec, { require: ["seldon"], exclude: ["nomad"] }))).toEqual(["k8s", "seldon"]);
    const r = rec(spec, { require: ["seldon"], exclude: ["nomad", "k8s"] });
    expect(r.ok).toBe(false);
    expect(r.conflict!.rules.map((x) => x.kind)).toEqual(["requires"]);
    expect(r.conflict!.requests.map((q) => `${q.kind} ${q.value}`)).toEqual(["require seldon", "exclude k8s", "exclude nomad"]);
  });
  it("needs: a requested use case's capabilities are provided", () => {
    expect(ids(rec(spec, { useCases: ["prod"] }))).toEqual(["bento"]);
    const r = rec(spec, { useCases: ["prod"], exclude: ["bento", "seldon"] });
    expect(r.conflict!.requests.map((q) => q.message)).toEqual(["you excluded bento", "you excluded seldon", "prod needs serving (provided by bento, seldon)"]);
  });
  it("--only keeps plugins without the tag out", () => {
    expect(ids(rec(spec, { useCases: ["prod"], only: ["license=open-source"] }))).toEqual(["k8s", "seldon"]);
  });
  it("bad names are input errors with a did-you-mean", () => {
    expect(() => rec(spec, { require: ["seldom"] })).toThrow(/unknown plugin "seldom"; expected a plugin id \(did you mean "seldon"\?\)/);
    expect(() => rec(spec, { useCases: ["prd"] })).toThrow(/did you mean "prod"/);
    expect(() => rec(spec, { only: ["licence=open-source"] })).toThrow(/did you mean "license"/);
  });
});

describe("integrations", () => {
  const spec: CatalogSpec = {
    types: { platform: T.single, monitor: T.single },
    plugins: [
      { id: "dbx", type: "platform", integration_points: { monitors: ["evidently"] } },
      { id: "evidently", type: "monitor" },
      { id: "datadog", type: "monitor" },
    ],
  };
  it("soft: a gap is a cost; strict: a violation", () => {
    const soft = rec(spec, { require: ["dbx", "datadog"] });
    expect(soft.ok).toBe(true);
    expect(soft.cost!.find((c) => c.objective === "integration-gaps")!.value).toBe(1);
    const strict = rec(spec, { require: ["dbx", "datadog"], integrations: "strict" });
    expect(strict.ok).toBe(false);
    // dbx with datadog needs evidently, and two monitors break the single rule.
    expect(strict.conflict!.rules.map((x) => x.kind).sort()).toEqual(["cardinality", "integration"]);
  });
  it("the gap objective picks the plugin that integrates", () => {
    const spec2: CatalogSpec = { ...spec, types: { platform: T.single, monitor: T.single }, useCases: { m: { needs: ["mon"] } }, plugins: spec.plugins.map((p) => (p.type === "monitor" ? { ...p, capabilities: ["mon"] } : p)) };
    expect(ids(rec(spec2, { require: ["dbx"], useCases: ["m"] }))).toEqual(["dbx", "evidently"]);
  });
});

describe("objectives", () => {
  const spec: CatalogSpec = {
    types: { source: { rule: "per_facet", facet: "kind" } },
    plugins: [
      { id: "s3", type: "source", facets: { kind: ["x"] }, capabilities: ["data"] },
      { id: "snowflake", type: "source", facets: { kind: ["x"] }, capabilities: ["data"] },
    ],
    useCases: { etl: { needs: ["data"] } },
    precedence: { source: ["snowflake", "s3"] },
  };
  it("precedence decides when two plugins would do", () => {
    expect(ids(rec(spec, { useCases: ["etl"] }))).toEqual(["snowflake"]);
  });
  it("--prefer and --avoid outrank precedence", () => {
    expect(ids(rec(spec, { useCases: ["etl"], prefer: ["s3"] }))).toEqual(["s3"]);
    expect(ids(rec(spec, { useCases: ["etl"], avoid: ["snowflake"] }))).toEqual(["s3"]);
  });
  it("the objective order is configurable", () => {
    const r = rec({ ...spec, objectives: ["precedence", "wishes", "suggestions", "integration-gaps", "plugins"] }, { useCases: ["etl"], prefer: ["s3"] });
    expect(ids(r)).toEqual(["snowflake"]);
    expect(r.cost!.map((c) => c.objective)).toEqual(["precedence", "wishes", "suggestions", "integration-gaps", "plugins"]);
  });
  it("suggested capabilities come before precedence", () => {
    const s: CatalogSpec = { ...spec, plugins: spec.plugins.map((p) => (p.id === "s3" ? { ...p, capabilities: ["data", "cheap"] } : p)), useCases: { etl: { needs: ["data"], suggests: ["cheap"] } } };
    expect(ids(rec(s, { useCases: ["etl"] }))).toEqual(["s3"]);
  });
});

describe("check", () => {
  const spec: CatalogSpec = {
    types: { tracker: T.single, llm: { rule: "distinct_facet", facet: "model" } },
    plugins: [
      { id: "m", type: "tracker", conflicts_with: ["w"] },
      { id: "w", type: "tracker" },
      { id: "oa", type: "llm", facets: { model: ["gpt"] } },
      { id: "az", type: "llm", facets: { model: ["gpt"] } },
    ],
  };
  const stack = (text: string) => {
    const r = parseStackFile({ path: "stack.yaml", content: text });
    if (!r.ok) throw new Error("bad stack");
    return r.stack;
  };
  it("lists every violated rule with its source", () => {
    const r = check(buildCatalog(spec), stack("plugins: [m, w, oa, az]\n"));
    expect(r.ok).toBe(false);
    expect(r.violations.map((v) => v.rule).sort()).toEqual(["cardinality", "cardinality", "conflict"]);
    expect(r.violations.find((v) => v.rule === "conflict")!.source).toBe("catalog/plugins/m.yaml:15");
  });
  it("a facet the stack gives is named as given when it leaves no distinct values", () => {
    const withBd: CatalogSpec = { ...spec, plugins: [...spec.plugins, { id: "bd", type: "llm", facets: { model: ["claude", "gpt"] } }] };
    const r = check(buildCatalog(withBd), stack("plugins: [oa, { id: bd, facet: gpt }]\n"));
    expect(r.ok).toBe(false);
    // Not "bd: claude/gpt", which reads as if bd could take claude here.
    expect(r.violations.map((v) => v.message)).toEqual([expect.stringContaining("their values: bd: gpt, as the stack gives it (its values: claude/gpt); oa: gpt")]);
  });
  it("accepts a valid stack and fills in facet values", () => {
    const r = check(buildCatalog(spec), stack("plugins: [m, oa]\n"));
    expect(r.ok).toBe(true);
    expect(r.stack.plugins).toEqual([
      { id: "m", type: "tracker" },
      { id: "oa", type: "llm", facet: "gpt" },
    ]);
  });
});

describe("tags, use cases that mean what they say, and roles", () => {
  const T = { single: { rule: "single" as const }, free: { rule: "unbounded" as const }, aspects: { rule: "distinct_facet" as const, facet: "aspect" } };
  const spec: CatalogSpec = {
    types: { proc: T.free, monitor: T.aspects },
    plugins: [
      { id: "pandas", type: "proc", clouds: "any", capabilities: ["frames"] },
      { id: "emr", type: "proc", clouds: ["aws"], license: "proprietary", hosting: ["managed"], capabilities: ["frames"] },
      { id: "dataproc", type: "proc", clouds: ["gcp"], license: "proprietary", hosting: ["managed"], capabilities: ["frames"] },
      { id: "dd", type: "monitor", facets: { aspect: ["infra", "llm"] }, facet_capabilities: { llm: ["llm-obs"], infra: ["host-metrics"] }, capabilities: ["host-metrics", "llm-obs"] },
    ],
    useCases: {
      etl: { needs: ["frames"] },
      onprem: { needs: ["frames"], tag_rules: ["hosting=self-hosted"] },
      cheap: { needs: ["frames"], tag_preferences: ["license=open-source"] },
      llm: { needs: ["llm-obs"] },
      infra: { needs: ["host-metrics"] },
    },
    precedence: { proc: ["emr", "dataproc", "pandas"] },
  };

  it("a cloud-agnostic plugin (clouds: any) passes every clouds filter", () => {
    expect(ids(rec(spec, { useCases: ["etl"], only: ["clouds=aws"] }))).toEqual(["emr"]);
    expect(ids(rec(spec, { require: ["pandas"], only: ["clouds=aws"] }))).toEqual(["pandas"]);
    expect(ids(rec(spec, { require: ["pandas"], only: ["clouds=gcp"] }))).toEqual(["pandas"]);
  });

  it("--only KEY=A,B means any of them; repeated filters must all hold", () => {
    expect(ids(rec(spec, { useCases: ["etl"], only: ["clouds=gcp,azure"] }))).toEqual(["dataproc"]);
    expect(rec(spec, { require: ["emr"], only: ["clouds=aws,gcp", "license=open-source"] }).ok).toBe(false);
  });

  it("a use case's tag rule is a request an explanation names and a repair gives up", () => {
    expect(ids(rec(spec, { useCases: ["onprem"] }))).toEqual(["pandas"]);
    const r = rec(spec, { useCases: ["onprem"], require: ["emr"] });
    expect(r.ok).toBe(false);
    expect(r.conflict!.requests.map((q) => q.message)).toContain("onprem needs self-hosted plugins");
    // Given up in the conflict's own words.
    expect(r.repairs!.map((x) => x.give_up)).toContainEqual([{ kind: "tag", value: "onprem: hosting=self-hosted", message: "onprem needs self-hosted plugins" }]);
  });

  it("a use case's tag preference costs 1 per selected plugin without the tag, at the wishes level", () => {
    const r = rec(spec, { useCases: ["cheap"] });
    expect(ids(r)).toEqual(["pandas"]);
    expect(r.cost![0]).toEqual({ objective: "wishes", value: 0 });
    const forced = rec(spec, { useCases: ["cheap"], require: ["emr"] });
    expect(forced.cost![0]).toEqual({ objective: "wishes", value: 1 });
  });

  it("the facet is the role: the value tied to a requested capability is assigned, and serves it", () => {
    const llm = rec(spec, { useCases: ["llm"] }).stack!.plugins;
    expect(llm).toEqual([{ id: "dd", type: "monitor", facet: "llm", serves: ["llm-obs"] }]);
    const infra = rec(spec, { useCases: ["infra"] }).stack!.plugins;
    expect(infra).toEqual([{ id: "dd", type: "monitor", facet: "infra", serves: ["host-metrics"] }]);
  });

  it("check says which tag rule a stack breaks", () => {
    const parsed = parseStackFile({ path: "stack.yaml", content: "use_cases: [onprem]\nplugins: [emr]\n" });
    if (!parsed.ok) throw new Error("bad stack");
    const r = check(buildCatalog(spec), parsed.stack);
    expect(r.violations.map((v) => [v.rule, v.message])).toEqual([["tag", "onprem needs self-hosted plugins, but emr has hosting managed"]]);
  });
});


describe("an unmet integration with a plugin the stack may not hold beside it anyway", () => {
  it("is no soft warning where the conflict is already a broken rule; with strict integrations it stays a rule", () => {
    const spec: CatalogSpec = {
      types: { app: { rule: "unbounded" }, auth: { rule: "unbounded" } },
      plugins: [
        { id: "app-plugin", type: "app", integration_points: { auths: ["sso-plugin"] } },
        { id: "proxy-plugin", type: "auth", conflicts_with: ["app-plugin"] },
        { id: "sso-plugin", type: "auth" },
        { id: "other-plugin", type: "auth" },
      ],
    };
    const catalog = buildCatalog(spec);
    const stack = (ids: string[]) => {
      const p = parseStackFile({ path: "s.yaml", content: `plugins: [${ids.join(", ")}]\n` });
      if (!p.ok) throw new Error("bad stack");
      return p.stack;
    };
    const clashing = check(catalog, stack(["app-plugin", "proxy-plugin"]));
    expect(clashing.violations.map((v) => v.rule)).toEqual(["conflict"]);
    expect(clashing.warnings).toEqual([]);
    // Another auth plugin the app does not list: still the warning it was.
    expect(check(catalog, stack(["app-plugin", "other-plugin"])).warnings.map((v) => v.rule)).toEqual(["integration"]);
    expect(check(catalog, stack(["app-plugin", "proxy-plugin"]), { integrations: "strict" }).violations.map((v) => v.rule).sort()).toEqual(["conflict", "integration"]);
  });
});
