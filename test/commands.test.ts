/** repair, why, why-not, list, schema, graph formats and --timeout, through the CLI code path. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { jsonSchemaOf, SCHEMAS, type SchemaName } from "../src/core/catalog/schema.js";
import { loadCatalog, type RepairResult } from "../src/index.js";
import { main } from "../src/cli/main.js";
import { bin, cli, ROOT, writeTree } from "./support/helpers.js";

const BAD_STACK = `# my team's stack
use_cases: [rag]   # what we build
plugins:
  - mlflow-plugin   # tracking
  - wandb-plugin
  - seldon-plugin
  - { id: openai-plugin, facet: gpt }
`;

describe("repair", () => {
  it("gives the nearest valid stack as a diff with a reason for each change", async () => {
    const dir = writeTree({ "stack.yaml": BAD_STACK });
    const r = await cli("repair", join(dir, "stack.yaml"), "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    // Two changes: one tracker goes, a vector database comes (seldon stays: it runs without
    // Kubernetes too, on Docker Compose, as its installation overview says).
    const changes = j.changes.map((c: { action: string; id: string }) => `${c.action} ${c.id}`);
    expect(changes).toHaveLength(2);
    expect(changes.filter((c: string) => c === "remove mlflow-plugin" || c === "remove wandb-plugin")).toHaveLength(1);
    for (const c of j.changes) expect(c.reason.length).toBeGreaterThan(10);
    expect(j.violations.length).toBeGreaterThanOrEqual(2);
    // The repaired stack is valid.
    const fixed = writeTree({ "s.yaml": (await cli("repair", join(dir, "stack.yaml"), "--format", "yaml")).out });
    expect((await cli("check", join(fixed, "s.yaml"))).code).toBe(0);
  });
  it("--write replaces the file atomically, keeping comments", async () => {
    const dir = writeTree({ "stack.yaml": BAD_STACK });
    const file = join(dir, "stack.yaml");
    expect((await cli("repair", file, "--write")).code).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("# my team's stack");
    expect(text).toContain("# what we build");
    expect((await cli("check", file)).code).toBe(0);
    // A valid file is left as it is.
    expect((await cli("repair", file, "--write")).out).toContain("already valid");
    expect(readFileSync(file, "utf8")).toBe(text);
  });
  it("--write changes only the lines of the changes it reports: an entry written as a bare id stays one", async () => {
    const original = "# team stack\nuse_cases: [ rag-applications ]\nplugins:\n  - kubernetes-plugin\n  - pgvector-plugin\n  - openai-plugin\n  - keycloak-plugin\n  - okta-plugin\n";
    const file = join(writeTree({ "stack.yaml": original }), "stack.yaml");
    const r = await cli("repair", file, "--write", "--no-config");
    expect(r.out).toMatch(/: 2 changes\n {2}- okta-plugin .*\n {2}\+ postgresql-plugin /);
    // okta removed, postgresql added; every other line as it was (they became { id, facet }).
    expect(readFileSync(file, "utf8")).toBe(original.replace("  - okta-plugin\n", "  - postgresql-plugin\n"));
    // So is a mapping without a facet.
    const mapped = original.replace("  - openai-plugin\n", "  - { id: openai-plugin }\n");
    const file2 = join(writeTree({ "stack.yaml": mapped }), "stack.yaml");
    await cli("repair", file2, "--write", "--no-config");
    expect(readFileSync(file2, "utf8")).toBe(mapped.replace("  - okta-plugin\n", "  - postgresql-plugin\n"));
    expect((await cli("check", file, "--no-config")).code).toBe(0);
  });
  it("a facet value the repair changes is a change: said, marked, written; never \"already valid\"", async () => {
    const dir = writeTree({ "stack.yaml": "plugins:\n  - { id: evidently-plugin, facet: data-drift }\n  - { id: whylabs-plugin, facet: data-drift }\n" });
    const file = join(dir, "stack.yaml");
    expect((await cli("check", file)).code).toBe(1);
    const r = await cli("repair", file, "--write");
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("already valid");
    expect(r.out).toMatch(/: 1 change\n {2}~ (evidently|whylabs)-plugin {2}facet data-drift -> data-/);
    expect(r.out).toMatch(/facet changed/);
    // The reason is the rule the file's value breaks, cited (it said only "changed in the nearest valid stack").
    expect(r.out).toMatch(/facet data-drift -> data-[a-z-]+: no two monitoring plugins may share the aspect data-drift, .*\(constraints\/types\.yaml:\d+\)/);
    expect(r.out).toContain("Written to");
    expect((await cli("check", file)).code).toBe(0);
    expect((await cli("repair", file)).out).toContain("already valid");
  });
  it("a per-use-case facet naming a use case the file no longer lists: check refuses the file, repair reassigns the facet and says why", async () => {
    const dir = writeTree({ "stack.yaml": "use_cases: [rag-applications]\nplugins:\n  - { id: pinecone-plugin, facet: end-to-end-ml-pipelines }\n  - openai-plugin\n" });
    const file = join(dir, "stack.yaml");
    const checked = await cli("check", file);
    expect(checked.code).toBe(2);
    expect(checked.err).toContain('stack.yaml:3:35: error: facet "end-to-end-ml-pipelines" is not one of pinecone-plugin\'s values; expected one of: rag-applications');
    const r = JSON.parse((await cli("repair", file, "--format", "json")).out) as RepairResult;
    expect(r.ok).toBe(true);
    expect(r.changes).toEqual([]);
    expect(r.reassigned).toEqual([{ id: "pinecone-plugin", from: "end-to-end-ml-pipelines", to: "rag-applications", reason: expect.stringMatching(/^end-to-end-ml-pipelines is not one of the stack's use cases \(rag-applications\), so pinecone-plugin cannot serve it \(.*stack\.yaml:3\)$/) }]);
    const written = await cli("repair", file, "--write");
    expect(written.code).toBe(0);
    expect((await cli("check", file)).code).toBe(0);
  });
  it("a per-use-case facet may name a use case the request gives beside the file (--use-case, a project's default)", async () => {
    const dir = writeTree({ "s.yaml": "plugins:\n  - { id: pinecone-plugin, facet: rag }\n  - { id: openai-plugin, facet: gpt }\n" });
    const file = join(dir, "s.yaml");
    expect((await cli("check", file, "--use-case", "rag")).code).toBe(0);
    const r = JSON.parse((await cli("repair", file, "--use-case", "rag", "--format", "json")).out) as RepairResult;
    expect(r).toMatchObject({ ok: true, changes: [], reassigned: [] });
  });
  it("a per-use-case facet may name its use case by alias or name, as use_cases may", async () => {
    const dir = writeTree({ "stack.yaml": "use_cases: [rag]\nplugins:\n  - { id: pinecone-plugin, facet: rag }\n  - openai-plugin\n" });
    const r = await cli("check", join(dir, "stack.yaml"), "--format", "json");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { stack: { plugins: { id: string; facet?: string }[] } }).stack.plugins).toContainEqual(expect.objectContaining({ id: "pinecone-plugin", facet: "rag-applications" }));
    expect((await cli("repair", join(dir, "stack.yaml"))).out).toContain("already valid");
  });
  it("a removal that keeps another of the file's plugins of its type says why that one stays (the level and what keeping it would pay)", async () => {
    const dir = writeTree({ "s.yaml": "use_cases: [rag-applications]\nplugins:\n  - mlflow-plugin\n  - wandb-plugin\n  - { id: openai-plugin, facet: gpt }\n  - pinecone-plugin\n" });
    const r = JSON.parse((await cli("repair", join(dir, "s.yaml"), "--format", "json")).out) as RepairResult;
    expect(r.changes).toEqual([
      { action: "remove", id: "wandb-plugin", reason: expect.stringMatching(/at most one experiment tracker .*; keeping it instead of mlflow-plugin costs more at precedence \(1 against 0\): wandb-plugin ranks 2nd among experiment tracker plugins in precedence$/) },
    ]);
  });
  it("every rule the file breaks is said by some change: a removal names the broken rules it also ends (a clash of facets another value would have avoided)", async () => {
    const dir = writeTree({ "s.yaml": "plugins:\n  - { id: openai-plugin, facet: gpt }\n  - { id: bedrock-plugin, facet: gpt }\n  - mlflow-plugin\n  - wandb-plugin\n" });
    const r = JSON.parse((await cli("repair", join(dir, "s.yaml"), "--format", "json")).out) as RepairResult;
    expect(r.violations.map((v) => v.rule).sort()).toEqual(["cardinality", "cardinality", "requires"]);
    const bedrock = r.changes.find((c) => c.id === "bedrock-plugin")!;
    expect(bedrock.reason).toMatch(/^bedrock-plugin requires aws-plugin[^;]*; removing it also ends: no two LLM provider plugins may share the model gpt, but bedrock-plugin and openai-plugin both have it .*\(constraints\/types\.yaml:\d+\)$/);
    // The tracker clash is its own reason already: not said twice.
    expect(r.changes.find((c) => c.id === "wandb-plugin")!.reason).not.toContain("also ends");
  });
  it("a removal among three of a type says why each of the other two stays", async () => {
    const dir = writeTree({ "s.yaml": "use_cases: [rag, on-prem]\nplugins:\n  - kserve-plugin\n  - { id: vllm-plugin, facet: rest-api }\n  - { id: triton-plugin, facet: rest-api }\n" });
    const r = JSON.parse((await cli("repair", join(dir, "s.yaml"), "--format", "json")).out) as RepairResult;
    const triton = r.changes.find((c) => c.id === "triton-plugin")!;
    expect(triton.reason).toMatch(/; keeping it instead of kserve-plugin costs more at precedence \(\d+ against \d+\): [^;]*; keeping it instead of vllm-plugin costs more at precedence/);
  });
  it("when the options cannot hold together, each repair of the request leads to the file repaired without it, not to a recommendation", async () => {
    const file = join(ROOT, "examples", "my-stack.yaml");
    const both = ["--require", "databricks-plugin", "--require", "outerbounds-plugin"];
    const r = JSON.parse((await cli("repair", file, ...both, "--format", "json")).out) as RepairResult;
    expect(r.no_stack).toBe(true);
    expect(r.repairs!.length).toBe(2);
    for (const rep of r.repairs!) {
      const kept = rep.give_up[0]!.value === "databricks-plugin" ? "outerbounds-plugin" : "databricks-plugin";
      const alone = JSON.parse((await cli("repair", file, "--require", kept, "--format", "json")).out) as RepairResult;
      expect(rep.stack).toEqual(alone.stack);
      expect(rep.cost).toEqual(alone.cost);
    }
    // The headline blames the request, not the file's use cases (it said "with the use cases of").
    expect((await cli("repair", file, ...both)).out).toMatch(/^No valid stack exists for .*my-stack\.yaml with this request\.$/m);
  });
  it("check --format yaml is a stack file whatever the verdict: an invalid stack's broken rules in comments, the file checkable again", async () => {
    const dir = writeTree({});
    const out = (await cli("check", join(ROOT, "examples", "my-stack.yaml"), "--format", "yaml")).out;
    expect(out).toMatch(/^# invalid stack: 1 rule broken \(--format json lists them as data\)\n# {3}- at most one ML platform/);
    const again = writeTree({ "c.yaml": out }, dir);
    const r = await cli("check", join(again, "c.yaml"), "--format", "json");
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as { violations: unknown[] }).violations).toHaveLength(1);
  });
  it("says why no repair exists when the use cases cannot be met", async () => {
    const dir = writeTree({ "stack.yaml": "use_cases: [rag]\nplugins: [openai-plugin]\n" });
    const r = await cli("repair", join(dir, "stack.yaml"), "--exclude", "pinecone-plugin,weaviate-plugin,qdrant-plugin,chroma-plugin,milvus-plugin,pgvector-plugin,lancedb-plugin,elasticsearch-plugin,opensearch-plugin,redis-plugin,vertex-ai-plugin");
    expect(r.code).toBe(1);
    expect(r.out).toContain("RAG applications needs vector-search");
  });
  it("a picture of a request with no stack is an empty picture that still draws, its words in comments", async () => {
    const both = ["--require", "databricks-plugin", "--require", "outerbounds-plugin"];
    const dot = await cli("recommend", ...both, "--format", "dot");
    expect(dot.code).toBe(1);
    const d = dot.out.trimEnd().split("\n");
    expect(d[0]).toBe("graph stack {");
    expect(d.at(-1)).toBe("}");
    expect(d.slice(1, -1).filter((l) => !/^ {2}\/\/( |$)/.test(l) && !/^ {2}(rankdir=|node )/.test(l))).toEqual([]);
    expect(dot.out).toContain("  // No valid stack exists for this request.");
    const m = (await cli("recommend", ...both, "--format", "mermaid")).out.trimEnd().split("\n");
    expect(m[0]).toBe("flowchart LR");
    expect(m.slice(1).filter((l) => !/^ {2}%%( |$)/.test(l) && !/^ {2}classDef /.test(l))).toEqual([]);
  });
  it("the mermaid picture marks added and removed plugins", async () => {
    const dir = writeTree({ "stack.yaml": BAD_STACK });
    const m = (await cli("repair", join(dir, "stack.yaml"), "--format", "mermaid")).out;
    expect(m).toMatch(/^flowchart LR/);
    expect(m).toMatch(/\["- (mlflow|wandb)-plugin"\]:::removed/);
    expect(m).toMatch(/:::added/);
  });
});

describe("why and why-not", () => {
  it("a request with no stack gets the conflict and the repairs, as from every command that solves (it said only: run explain)", async () => {
    const both = ["--require", "databricks-plugin,outerbounds-plugin"];
    const r = await cli("why-not", "databricks-plugin", ...both, "--repairs", "1");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^No valid stack exists for this request, so databricks-plugin is in none\.\n\nThese requests cannot hold together:\n {2}- you required databricks-plugin/);
    expect(r.out).toMatch(/^ {2}1\. stop requiring outerbounds-plugin {2}cost /m);
    const j = JSON.parse((await cli("why", "databricks-plugin", ...both, "--format", "json")).out);
    expect(j).toMatchObject({ ok: false, in_stack: false, no_stack: true, conflict: { requests: [{ value: "databricks-plugin" }, { value: "outerbounds-plugin" }] } });
    expect(j.repairs.map((x: { give_up: { value: string }[] }) => x.give_up[0]!.value)).toEqual(["outerbounds-plugin", "databricks-plugin"]);
  });
  it("an empty recommended stack is said so, not left blank", async () => {
    const r = await cli("why-not", "wandb-plugin");
    expect(r.out).toContain("  recommended: (empty)");
    expect(r.out).not.toMatch(/recommended: $/m);
  });
  it("why: a plugin forced by a chain of rules", async () => {
    const j = JSON.parse((await cli("why", "aws-plugin", "--require", "sagemaker-plugin", "--format", "json")).out);
    expect(j.in_stack).toBe(true);
    expect(j.forced.requests.map((q: { message: string }) => q.message)).toEqual(["you required sagemaker-plugin"]);
    expect(j.forced.rules[0].message).toContain("sagemaker-plugin requires aws-plugin");
  });
  it("a chain of requires rules reads from the plugin asked for outward, in why and in explain alike", async () => {
    const providers = "openai-plugin,azure-openai-plugin,anthropic-plugin,mistral-plugin,cohere-plugin,huggingface-plugin,gemini-plugin,together-ai-plugin,vllm-plugin,ollama-plugin,vertex-ai-plugin,sagemaker-plugin,triton-plugin";
    const requires = (rules: { kind: string; message: string }[]) => rules.filter((r) => r.kind === "requires").map((r) => r.message.split(" requires ")[0]);
    const w = JSON.parse((await cli("why", "aws-plugin", "--require", "litellm-plugin", "--exclude", providers, "--format", "json")).out);
    expect(requires(w.forced.rules)).toEqual(["litellm-plugin", "bedrock-plugin", "sagemaker-plugin"]);
    const e = JSON.parse((await cli("explain", "--require", "litellm-plugin", "--exclude", `${providers},aws-plugin`, "--format", "json")).out);
    expect(requires(e.conflict.rules)).toEqual(["litellm-plugin", "bedrock-plugin", "sagemaker-plugin"]);
  });
  it("why: a plugin chosen at an objective level", async () => {
    const j = JSON.parse((await cli("why", "snowflake-plugin", "--use-case", "e2e", "--format", "json")).out);
    expect(j.in_stack).toBe(true);
    // And what decided, in words, where it is stated: the alternative's data source ranks second.
    expect(j.decided_by).toEqual({
      objective: "precedence",
      chosen: 0,
      alternative: 1,
      differences: [{ stack: "alternative", message: "s3-plugin ranks 2nd among data source plugins in precedence", weight: 1, source: expect.stringMatching(/^constraints\/precedence\.yaml:\d+$/) }],
    });
    expect(j.alternative.stack.plugins.map((p: { id: string }) => p.id)).not.toContain("snowflake-plugin");
  });
  it("a plugin may be named by its id, its id without -plugin, its display name in any case, or W&B's initials", async () => {
    const j = JSON.parse((await cli("why-not", "Weights & Biases", "--use-case", "rag", "--format", "json")).out);
    expect(j.id).toBe("wandb-plugin");
    const r = JSON.parse((await cli("recommend", "--require", "weights & biases", "--require", "snowflake", "--format", "json")).out);
    expect(r.stack.plugins.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(["wandb-plugin", "snowflake-plugin"]));
    expect((await cli("why", "Weights and Biases")).code).toBe(2);
    // The initials of a name with "&", as PRODUCT.md names the tool; other initials would guess.
    expect(JSON.parse((await cli("why-not", "W&B", "--use-case", "rag", "--format", "json")).out).id).toBe("wandb-plugin");
    expect((await cli("why-not", "ai", "--use-case", "rag")).code).toBe(2);
  });
  it("why: beside the level, what the plugin does in the stack: what it serves, and the rules of the stack's plugins only it meets", async () => {
    const k = JSON.parse((await cli("why", "kubernetes-plugin", "--use-case", "rag", "--exclude", "airflow-plugin", "--format", "json")).out);
    expect(k.decided_by.objective).toBe("integration-gaps");
    expect(k.required_by).toEqual([{ id: "argo-workflows-plugin", reason: expect.stringContaining("Kubernetes"), source: expect.stringMatching(/^catalog\/plugins\/argo-workflows-plugin\.yaml:\d+$/) }]);
    expect(k.serves).toBeUndefined();
    const t = (await cli("why", "kubernetes-plugin", "--use-case", "rag", "--exclude", "airflow-plugin")).out;
    expect(t).toMatch(/^ {2}argo-workflows-plugin there requires it: .*\(catalog\/plugins\/argo-workflows-plugin\.yaml:\d+\)$/m);
    // A rule that others would meet too says so: it is the only one of them in the stack.
    const gateway = await cli("why", "openai-plugin", "--require", "litellm-plugin", "--use-case", "rag", "--format", "json");
    expect(JSON.parse(gateway.out).required_by).toEqual([expect.objectContaining({ id: "litellm-plugin", any_of: expect.arrayContaining(["openai-plugin", "bedrock-plugin"]) })]);
    expect((await cli("why", "openai-plugin", "--require", "litellm-plugin", "--use-case", "rag")).out).toMatch(/^ {2}litellm-plugin there requires it or one of 13 others \(none of which the stack has\): /m);
    const p = JSON.parse((await cli("why", "pinecone-plugin", "--use-case", "rag", "--format", "json")).out);
    expect(p.serves).toContain("vector-search");
    expect(p.required_by).toBeUndefined();
    // A forced plugin's answer says it too.
    expect((await cli("why", "pinecone-plugin", "--require", "pinecone-plugin", "--use-case", "rag")).out).toMatch(/^ {2}in the recommended stack it serves embeddings, semantic-search, vector-search$/m);
    // ... but a requires rule its reasons already cite is not said twice.
    const forced = (await cli("why", "azure-plugin", "--require", "azure-ml-plugin")).out;
    expect(forced.match(/azure-ml-plugin\.yaml:\d+/g)).toHaveLength(1);
    // why-not has neither: the plugin is not in the stack.
    const n = JSON.parse((await cli("why-not", "databricks-plugin", "--use-case", "rag", "--format", "json")).out);
    expect(n.serves).toBeUndefined();
  });
  it("a requested capability met only by a plugin in another role is said (outside_role), in recommend and check", async () => {
    const r = JSON.parse((await cli("recommend", "--use-case", "rag", "--use-case", "e2e", "--format", "json")).out);
    expect(r.outside_role).toEqual([{ capability: "llm-observability", plugins: ["evidently-plugin"] }]);
    expect((await cli("recommend", "--use-case", "rag", "--use-case", "e2e")).out).toMatch(/Counted as provided, though no plugin serves it in the role it has in this stack:\n {2}llm-observability: evidently-plugin \(in its role data-drift\) has the capability/);
    const dir = writeTree({ "s.yaml": "use_cases: [production-model-serving]\nplugins:\n  - torchserve-plugin\n  - { id: evidently-plugin, facet: data-quality }\n" });
    const c = JSON.parse((await cli("check", join(dir, "s.yaml"), "--format", "json")).out);
    expect(c.ok).toBe(true);
    expect(c.outside_role).toEqual([{ capability: "model-monitoring", plugins: ["evidently-plugin"] }]);
    // Served in role: nothing to say.
    expect(JSON.parse((await cli("recommend", "--use-case", "rag", "--format", "json")).out).outside_role).toBeUndefined();
  });
  it("why-not: what forcing a plugin in would break", async () => {
    const r = await cli("why-not", "sagemaker-plugin", "--require", "outerbounds-plugin");
    expect(r.out).toContain("sagemaker-plugin can be in no valid stack for this request");
    // Two full-stack platforms: the ml_platform rule says so (the seed's conflict is not repeated).
    expect(r.out).toContain("at most one ML platform with platform_kind full-stack may be selected");
  });
  it("why and why-not name what decided: the wish, the suggested capability, the integration gap (not only the level)", async () => {
    const diffs = async (...args: string[]) => JSON.parse((await cli(...args, "--format", "json")).out).decided_by.differences;
    // A use case's soft tag preference, cited at the use case's line (no wish of the user's own).
    expect(await diffs("why-not", "pinecone-plugin", "--use-case", "cost-effective,rag")).toEqual([
      { stack: "alternative", message: "pinecone-plugin has license proprietary, where Cost-effective ML operations prefers license=open-source", weight: 1, source: expect.stringMatching(/^constraints\/use-cases\.yaml:\d+$/) },
    ]);
    // Yours and a use case's at once: one term (a tag preferred twice counts once), both named.
    expect((await diffs("why-not", "pinecone-plugin", "--use-case", "cost-effective,rag", "--prefer-tag", "license=open-source"))[0].message).toBe("pinecone-plugin has license proprietary, where you and Cost-effective ML operations prefer license=open-source");
    expect(await diffs("why", "chroma-plugin", "--use-case", "rag", "--prefer", "chroma-plugin")).toEqual([{ stack: "alternative", message: "you preferred chroma-plugin, and the stack lacks it", weight: 1, source: "option --prefer" }]);
    expect(await diffs("why-not", "litellm-plugin", "--use-case", "rag")).toEqual([{ stack: "alternative", message: "litellm-plugin and pinecone-plugin are related but integrate in neither direction", weight: 1 }]);
    // Redis is in for vault's sake (strict: vault must integrate with the vector database): said as the suggestion lost.
    const redis = await cli("why", "redis-plugin", "--use-case", "on-prem,rag", "--integrations", "strict");
    expect(redis.out).toMatch(/^ {2}the stack without it pays for:\n {4}- the stack lacks secrets-management, which On-premises deployments suggests {2}\(constraints\/use-cases\.yaml:\d+\)$/m);
    // A tie names the plugin that lost it, in JSON too.
    expect(JSON.parse((await cli("why", "langchain-plugin", "--use-case", "rag", "--format", "json")).out).tie_break).toEqual({ lost_by: "llamaindex-plugin", against: ["langchain-plugin"] });
    expect((await cli("why", "ray-plugin", "--use-case", "on-prem,rag")).out).toContain("Of equally good stacks, the one without the latest name in order of those they do not share is kept: the other holds redis-plugin, which comes after lancedb-plugin, ray-plugin (held only by the recommended stack).");
  });
  it("why-not: what forcing a plugin in would cost", async () => {
    const j = JSON.parse((await cli("why-not", "s3-plugin", "--use-case", "e2e", "--format", "json")).out);
    expect(j.in_stack).toBe(false);
    expect(j.decided_by.objective).toBe("precedence");
    expect(j.alternative.stack.plugins.map((p: { id: string }) => p.id)).toContain("s3-plugin");
  });
  it("an unknown plugin is an input error with a did-you-mean", async () => {
    const r = await cli("why", "snowflak-plugin");
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean "snowflake-plugin"');
  });
});

describe("list and schema", () => {
  it("list fits a terminal (cut with …; 100 columns unless told), --wide and a pipe show everything, and lists compositions", async () => {
    const narrow = (await cli("list", "plugins")).out.split("\n");
    expect(Math.max(...narrow.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(narrow.some((l) => l.includes("…"))).toBe(true);
    const wide = (await cli("list", "plugins", "--wide")).out;
    expect(wide).not.toContain("…");
    // The real CLI: cut to a terminal's own width, never when piped (grep reads every cell whole).
    const piped = bin(["list", "plugins"]);
    expect(piped.out).not.toContain("…");
    expect(piped.out).toBe(bin(["list", "plugins", "--wide"]).out);
    let sixty = "";
    await main(["list", "plugins"], { out: (s) => (sixty += s), err: () => undefined, colourOut: false, colourErr: false, columns: 60 });
    expect(Math.max(...sixty.split("\n").map((l) => l.length))).toBeLessThanOrEqual(60);
    // Into a file (--output), never cut, whatever the terminal.
    const file = join(writeTree({}), "list.txt");
    await main(["list", "plugins", "--output", file], { out: () => undefined, err: () => undefined, colourOut: false, colourErr: false, columns: 60 });
    expect(readFileSync(file, "utf8")).toBe(piped.out);
    const comps = await cli("list", "compositions", "--format", "json");
    const items = JSON.parse(comps.out).items as { id: string; plugins: string[] }[];
    expect(items.map((c) => c.id)).toContain("enterprise-ml-stack");
    expect(items.find((c) => c.id === "enterprise-ml-stack")!.plugins).toContain("outerbounds-plugin");
  });
  it.each(["plugins", "types", "use-cases", "capabilities"])("list %s as a table and as JSON items", async (what) => {
    const t = await cli("list", what);
    expect(t.code).toBe(0);
    const j = JSON.parse((await cli("list", what, "--format", "json")).out);
    expect(j).toMatchObject({ format_version: 1, command: "list", ok: true });
    expect(j.items.length).toBeGreaterThan(10);
    expect(t.out.trim().split("\n")).toHaveLength(j.items.length + 1);
  });
  it("list plugins carries id, name and type", async () => {
    const j = JSON.parse((await cli("list", "plugins", "--format", "json")).out);
    expect(j.items.find((p: { id: string }) => p.id === "mlflow-plugin")).toMatchObject({ name: "MLflow", type: "experiment_tracker", types: ["experiment_tracker", "model_registry"] });
  });
  it("list use-cases says each use case's tag rules and preferences, which are part of what it asks", async () => {
    const j = JSON.parse((await cli("list", "use-cases", "--format", "json")).out);
    expect(j.items.find((u: { id: string }) => u.id === "on-premises-deployments")).toMatchObject({ rules: ["hosting=self-hosted"], prefers: [] });
    expect(j.items.find((u: { id: string }) => u.id === "cost-effective-ml-operations")).toMatchObject({ rules: [], prefers: ["license=open-source"] });
    const t = (await cli("list", "use-cases", "--wide")).out;
    expect(t).toMatch(/^ {2}on-premises-deployments .*hosting=self-hosted/m);
    expect(t).toMatch(/^ {2}cost-effective-ml-operations .*license=open-source/m);
  });
  it("list of an unknown kind is a usage error", async () => {
    const r = await cli("list", "plugin");
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean "plugins"');
  });
  it.each(Object.keys(SCHEMAS))("the committed schema/%s.schema.json is the one generated from the zod schemas, with the built-in catalog's names", (name) => {
    const committed = JSON.parse(readFileSync(join(ROOT, "schema", `${name}.schema.json`), "utf8"));
    expect(committed).toEqual(jsonSchemaOf(name as SchemaName, loadCatalog()));
  });
  it("schema offers the catalog's names, a layer's too, as examples for an editor's completions; what it accepts is the same", async () => {
    const stack = JSON.parse((await cli("schema", "stack", "--no-config", "--layer", join(ROOT, "examples", "acme-layer"))).out);
    const ids = stack.properties.plugins.items.anyOf[0].examples as string[];
    expect(ids).toContain("pinecone-plugin");
    expect(ids).toContain("acme-features-plugin");
    expect(stack.properties.use_cases.items.examples).toContain("rag-applications");
    const plugin = jsonSchemaOf("plugin", loadCatalog()) as { properties: Record<string, { examples?: string[]; items?: { examples?: string[] }; propertyNames?: { examples?: string[] } }> };
    expect(plugin.properties.type!.examples).toContain("vector_database");
    expect(plugin.properties.capabilities!.items!.examples).toContain("vector-search");
    expect(plugin.properties.integration_points!.propertyNames!.examples).toContain("llm_providers");
    // Without a catalog, no names; the rules (patterns, required keys) are those either way.
    const bare = JSON.stringify(jsonSchemaOf("plugin"));
    expect(bare).not.toContain("examples");
    const strip = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== "examples").map(([k, x]) => [k, strip(x)])) : v);
    for (const n of Object.keys(SCHEMAS) as SchemaName[]) expect(strip(jsonSchemaOf(n, loadCatalog()))).toEqual(jsonSchemaOf(n));
    // A kind with very many names (a generated catalog of 50,000 plugins) is not offered: each list is written at every place.
    const many = { ...loadCatalog(), plugins: new Map(Array.from({ length: 1001 }, (_, i) => [`p${i}`, {}])) };
    const big = jsonSchemaOf("stack", many) as { properties: { plugins: { items: { anyOf: { examples?: string[] }[] } }; use_cases: { items: { examples?: string[] } } } };
    expect(big.properties.plugins.items.anyOf[0]!.examples).toBeUndefined();
    expect(big.properties.use_cases.items.examples).toContain("rag-applications");
    // A project file that does not load (often why one asks for its schema): the schemas still, without names, and a note.
    const dir = writeTree({ "mlx-solve.yaml": "request:\n  use_casez: [rag]\n" });
    const r = bin(["schema", "project"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).title).toBe("mlx-solve project file");
    expect(r.err).toMatch(/^note: the schemas offer no catalog names: mlx-solve\.yaml:2:3: error: unknown key "use_casez"/);
  });
  it("the plugin schema rejects unknown keys and is guarded by a snapshot", async () => {
    const s = JSON.parse((await cli("schema", "plugin")).out);
    expect(s.additionalProperties).toBe(false);
    expect(s).toMatchSnapshot();
  });
});

describe("output formats and limits", () => {
  it("YAML for programs is the JSON's data, with no anchors or aliases for an object the result holds twice", async () => {
    const args = ["analyze", "--require", "databricks-plugin"];
    const y = (await cli(...args, "--format", "yaml")).out;
    expect(y).not.toMatch(/[&*]a\d/);
    expect(parseYaml(y)).toEqual(JSON.parse((await cli(...args, "--format", "json")).out));
  });
  it("dot draws types as clusters and unmet integrations dashed", async () => {
    const d = (await cli("check", join(ROOT, "catalog/compositions/enterprise-ml-stack.yaml"), "--format", "dot")).out;
    expect(d).toMatch(/^graph stack \{/);
    expect(d).toContain('subgraph "cluster_ml_platform"');
    expect(d).toMatch(/-- "[a-z-]+" \[style="dashed"/);
  });
  it("--timeout must be a positive number", async () => {
    const r = await cli("recommend", "--timeout", "soon");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--timeout expects a positive number of seconds");
  });
  it("human output has no colour when not on a terminal", async () => {
    expect((await cli("recommend", "--use-case", "rag")).out).not.toMatch(/\u001b\[/);
  });
});

describe("sample", () => {
  it("--format yaml is a stream of stack files, each valid for check, covering every feasible pair", async () => {
    const y = await cli("sample", "--use-case", "rag", "--only", "license=open-source", "--format", "yaml");
    expect(y.code).toBe(0);
    const docs = y.out.split(/^---$/m);
    const j = JSON.parse((await cli("sample", "--use-case", "rag", "--only", "license=open-source", "--format", "json")).out);
    expect(docs).toHaveLength(j.stacks.length);
    expect(j.covered_pairs).toBe(j.feasible_pairs);
    expect(j.coverage).toBe(1);
    for (const doc of docs) {
      const dir = writeTree({ "s.yaml": doc });
      expect((await cli("check", join(dir, "s.yaml"), "--only", "license=open-source")).code).toBe(0);
    }
  });
  it("the human output shows the stacks and the coverage", async () => {
    const t = await cli("sample", "--use-case", "rag", "--only", "license=open-source");
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^\d+ valid stacks cover (\d+) of \1 feasible pairs/);
    // Open-source only: 7 orchestrators and 9 vector databases, at most one of each in a stack;
    // 63 stacks are needed and found.
    expect(t.out.split("\n")[0]).toMatch(/^63 valid stacks cover .* \(the fewest possible: no sample has fewer than 63 stacks\)$/);
  });
});
