/** Explanations a person reads: snapshots of the human output, and the same data in JSON. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, ROOT, writeTree } from "./support/helpers.js";

/** Every plugin of the built-in catalog that provides vector-search. */
const VECTOR_SEARCH = "pinecone-plugin,weaviate-plugin,qdrant-plugin,chroma-plugin,milvus-plugin,pgvector-plugin,lancedb-plugin,elasticsearch-plugin,opensearch-plugin,redis-plugin,vertex-ai-plugin";

const SOLVER_WORDS = /\b(clause|literal|UNSAT|unsat|selector|SAT solver|CNF|assumption)\b/;

const scenarios: [string, string[]][] = [
  ["Databricks and Outerbounds both required", ["--require", "databricks-plugin", "--require", "outerbounds-plugin"]],
  ["a use case whose needs only excluded plugins provide", ["--use-case", "RAG applications", "--exclude", VECTOR_SEARCH]],
  ["a required integration that cannot be met", ["--require", "kserve-plugin", "--exclude", "kubernetes-plugin"]],
  ["a strict integration that cannot be met", ["--require", "evidently-plugin", "--require", "outerbounds-plugin", "--integrations", "strict", "--exclude", "metaflow-plugin"]],
];

describe("explanations", () => {
  it.each(scenarios)("%s", async (_name, args) => {
    const r = await cli("explain", ...args);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(SOLVER_WORDS);
    expect(r.out).toMatchSnapshot();
    // JSON carries the same explanation.
    const j = JSON.parse((await cli("explain", ...args, "--format", "json")).out);
    for (const q of j.conflict.requests) expect(r.out).toContain(q.message);
    for (const rule of j.conflict.rules) expect(r.out).toContain(rule.message);
    expect(j.repairs.length).toBeGreaterThan(0);
  });
  it("a strict integration's rule cites the category it is about, not the integration_points key", async () => {
    const j = JSON.parse((await cli("explain", "--require", "evidently-plugin", "--require", "outerbounds-plugin", "--integrations", "strict", "--exclude", "metaflow-plugin", "--format", "json")).out);
    const rules = j.conflict.rules.filter((r: { kind: string }) => r.kind === "integration") as { message: string; source: string }[];
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      const id = r.message.split(" ")[0]!;
      const line = readFileSync(join(ROOT, "catalog", "plugins", `${id}.yaml`), "utf8").split("\n").findIndex((l) => l === "  ml_platforms:") + 1;
      expect(r.source).toBe(`catalog/plugins/${id}.yaml:${line}`);
    }
  });
  it("a type's rule that counts a plugin through its also_types says so, cited at also_types", async () => {
    const j = JSON.parse((await cli("explain", "--require", "azure-ml-plugin", "--require", "mlflow-plugin", "--format", "json")).out);
    const line = readFileSync(join(ROOT, "catalog", "plugins", "mlflow-plugin.yaml"), "utf8").split("\n").findIndex((l) => l.startsWith("also_types:")) + 1;
    expect(j.conflict.rules).toContainEqual({ kind: "definition", message: expect.stringMatching(/^mlflow-plugin \(type experiment_tracker\) also fills model_registry/), source: `catalog/plugins/mlflow-plugin.yaml:${line}` });
    // Only where a rule counts it so: azure-ml-plugin's own type is model_registry.
    expect(j.conflict.rules.filter((r: { kind: string }) => r.kind === "definition")).toHaveLength(1);
  });
  it("rules that say the same of several plugins at one source are one line in the table, each in JSON", async () => {
    const args = ["why-not", "chroma-plugin", "--use-case", "rag", "--integrations", "strict", "--require", "airflow-plugin"];
    const j = JSON.parse((await cli(...args, "--format", "json")).out);
    const same = j.forced.rules.filter((r: { message: string }) => r.message.endsWith(", when selected, is assigned exactly one use case of the request"));
    expect(same.length).toBeGreaterThan(2);
    const t = (await cli(...args)).out;
    expect(t.match(/when selected, is assigned exactly one use case/g)).toHaveLength(1);
    expect(t).toContain(`${same.map((r: { message: string }) => r.message.split(",")[0]).join(", ")}: each, when selected, is assigned exactly one use case of the request`);
  });
  it("names the rule that connects the requests, with its file and line", async () => {
    const j = JSON.parse((await cli("explain", "--require", "kserve-plugin", "--exclude", "kubernetes-plugin", "--format", "json")).out);
    expect(j.conflict.requests.map((q: { kind: string; value: string }) => `${q.kind} ${q.value}`)).toEqual(["require kserve-plugin", "exclude kubernetes-plugin"]);
    expect(j.conflict.rules).toEqual([{ kind: "requires", message: expect.stringContaining("kserve-plugin requires kubernetes-plugin"), source: "catalog/plugins/kserve-plugin.yaml:18" }]);
    expect(j.repairs.map((r: { give_up: { value: string }[] }) => r.give_up.map((g) => g.value))).toEqual([["kserve-plugin"], ["kubernetes-plugin"]]);
  });
  it("a need that only excluded plugins meet needs no catalog rule to explain it", async () => {
    const j = JSON.parse((await cli("explain", "--use-case", "rag", "--exclude", VECTOR_SEARCH, "--format", "json")).out);
    expect(j.conflict.rules).toEqual([]);
    expect(j.conflict.requests.map((q: { kind: string }) => q.kind).sort()).toEqual([...VECTOR_SEARCH.split(",").map(() => "exclude"), "need"]);
  });
  it("two clashes: the repairs give up requests of both, and both are explained (more_conflicts), in JSON and the table", async () => {
    const args = ["explain", "--require", "mlflow-plugin,wandb-plugin,pinecone-plugin,chroma-plugin"];
    const j = JSON.parse((await cli(...args, "--format", "json")).out);
    const values = (c: { requests: { value: string }[] }) => c.requests.map((q) => q.value).sort();
    expect(values(j.conflict)).toEqual(["chroma-plugin", "pinecone-plugin"]);
    expect(j.more_conflicts.map(values)).toEqual([["mlflow-plugin", "wandb-plugin"]]);
    expect(j.more_conflicts[0].rules[0]).toEqual({ kind: "cardinality", message: expect.stringContaining("at most one experiment tracker"), source: expect.stringMatching(/^constraints\/types\.yaml:\d+$/) });
    expect((await cli(...args)).out).toMatch(/^Also, these requests cannot hold together:\n {2}- you required mlflow-plugin {2}\(option --require\)\n {2}- you required wandb-plugin/m);
    // One clash: nothing more.
    expect(JSON.parse((await cli("explain", "--require", "pinecone-plugin,chroma-plugin", "--format", "json")).out).more_conflicts).toBeUndefined();
  });
  it("a repair gives up a use case's need or rule in the conflict's words, and says how; a need's providers the request rules out are said so", async () => {
    const t = (await cli("explain", "--use-case", "on-prem", "--require", "pinecone-plugin")).out;
    expect(t).toMatch(/^ {2}\d\. give up "On-premises deployments needs self-hosted plugins" {2}cost /m);
    expect(t).toContain("(a use case's need or rule is given up by leaving the use case out, or by a layer that overrides the use case)");
    // A need given up is said without the providers its conflict sentence lists (words.ts
    // withoutProviders reads the sentence build.ts writes).
    const need = (await cli("explain", "--use-case", "rag", "--repairs", "20", "--exclude", VECTOR_SEARCH)).out;
    expect(need).toMatch(/^ {1,2}\d+\. give up "RAG applications needs vector-search" {2}cost /m);
    // A choice or a filter as what undoes it, as the configurator says it (words.ts giveUpWords).
    expect((await cli("explain", "--only", "license=open-source", "--require", "openai-plugin")).out).toMatch(/^ {2}1\. stop requiring openai-plugin {2}cost [^\n]*\n.*\n {2}2\. drop the filter license=open-source {2}cost /m);
    const j = JSON.parse((await cli("explain", "--use-case", "on-prem", "--require", "pinecone-plugin", "--format", "json")).out);
    expect(j.repairs.map((r: { give_up: unknown[] }) => r.give_up)).toContainEqual([{ kind: "tag", value: "on-premises-deployments: hosting=self-hosted", message: "On-premises deployments needs self-hosted plugins" }]);
    // repair's reason for an addition lists the providers the request allows, then those it rules out.
    const dir = writeTree({ "s.yaml": "use_cases: [rag-applications]\nplugins:\n  - pinecone-plugin\n" });
    const r = (await cli("repair", join(dir, "s.yaml"), "--only", "clouds=gcp")).out;
    expect(r).toMatch(/needs text-generation, which no plugin of the stack provides \(provided by [^;)]*\bgemini-plugin\b[^;)]*; [^)]*\bopenai-plugin\b[^)]* ruled out by the request\)/);
    expect(r).not.toMatch(/provided by [^;)]*\bopenai-plugin\b[^;)]*;/);
  });
  it("the facet values a rule counts are named for plugins a requires chain brings in too", async () => {
    const dir = writeTree({
      "catalog/plugins/bqtool-plugin.yaml":
        "id: bqtool-plugin\nname: BQ Tool\ntype: data_processor\nsummary: A tool that reads BigQuery.\ntags: { license: open-source, hosting: [self-hosted], clouds: any }\ncapabilities: [sql-transformation]\nrequires:\n  - any_of: [bigquery-plugin]\n    reason: it reads BigQuery tables\n",
    });
    const j = JSON.parse((await cli("explain", "--layer", dir, "--require", "bqtool-plugin,snowflake-plugin", "--format", "json", "--no-config")).out);
    const facts = j.conflict.rules.filter((r: { kind: string }) => r.kind === "facet").map((r: { message: string }) => r.message);
    expect(facts).toEqual(["bigquery-plugin has source_kind warehouse", "snowflake-plugin has source_kind warehouse"]);
  });
  it("a strict integration's partners: grouped by where they are listed, and the facet values a rule counts named for them too", async () => {
    const j = JSON.parse((await cli("explain", "--require", "triton-plugin,databricks-plugin", "--integrations", "strict", "--format", "json")).out);
    const messages = j.conflict.rules.map((r: { message: string }) => r.message);
    expect(messages).toContain("triton-plugin must integrate with the selected ML platform (it lists sagemaker-plugin; it lists azure-ml-plugin, vertex-ai-plugin under model_registries)");
    for (const id of ["azure-ml-plugin", "databricks-plugin", "sagemaker-plugin", "vertex-ai-plugin"]) expect(messages).toContain(`${id} has platform_kind full-stack`);
  });
  it("--repairs N lists at most N repairs, ranked by size then cost", async () => {
    const j = JSON.parse((await cli("explain", "--use-case", "rag", "--exclude", VECTOR_SEARCH, "--repairs", "2", "--format", "json")).out);
    expect(j.repairs).toHaveLength(2);
    const sizes = j.repairs.map((r: { give_up: unknown[] }) => r.give_up.length);
    expect(sizes).toEqual([...sizes].sort());
    // Twelve exclusions and a need: more than two repairs exist, and the answer says so.
    expect(j.more_repairs).toBe(true);
    expect((await cli("explain", "--use-case", "rag", "--exclude", VECTOR_SEARCH, "--repairs", "2")).out).toContain("(more exist: --repairs 5 lists more)");
    // Exactly two exist here: nothing more is claimed.
    const two = JSON.parse((await cli("explain", "--require", "kserve-plugin", "--exclude", "kubernetes-plugin", "--format", "json")).out);
    expect(two.repairs).toHaveLength(2);
    expect(two.more_repairs).toBeUndefined();
  });
  it("analyze, sample and repair say that more repairs exist as recommend does, and take --repairs", async () => {
    const request = ["--use-case", "rag", "--exclude", VECTOR_SEARCH, "--repairs", "2"];
    for (const args of [["analyze", ...request], ["sample", ...request], ["repair", "examples/my-stack.yaml", ...request]]) {
      const j = JSON.parse((await cli(...args, "--format", "json")).out);
      expect(j.no_stack, args[0]).toBe(true);
      expect(j.repairs, args[0]).toHaveLength(2);
      expect(j.more_repairs, args[0]).toBe(true);
      expect((await cli(...args)).out, args[0]).toContain("(more exist: --repairs 5 lists more)");
    }
  });
  it("explain on a satisfiable request says so and exits 0", async () => {
    const r = await cli("explain", "--use-case", "rag");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Nothing to explain");
  });
});
