/** The built-in catalog through the real CLI code path: compositions, precedence, filters, round trips. */
import { cpSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/index.js";
import { recommend } from "../src/core/commands/recommend.js";
import { cli, ROOT, tmpDir, writeTree } from "./support/helpers.js";

const compositions = readdirSync(join(ROOT, "catalog/compositions")).filter((f) => f.endsWith(".yaml"));

describe("built-in catalog", () => {
  it("has the four compositions of the seed", async () => {
    expect(compositions.sort()).toEqual(["ai-powered-ml-platform.yaml", "databricks-unified-platform.yaml", "enterprise-ml-stack.yaml", "open-source-ml-platform.yaml"]);
  });
  it.each(compositions)("composition %s checks valid", async (f) => {
    const r = await cli("check", join(ROOT, "catalog/compositions", f), "--format", "json");
    const j = JSON.parse(r.out);
    expect(j.violations).toEqual([]);
    expect(j.ok).toBe(true);
    expect(r.code).toBe(0);
  });
  it("holds every plugin the seed defines or names", async () => {
    const ids = [...loadCatalog().plugins.keys()];
    for (const id of ["outerbounds", "databricks", "snowflake", "temporal", "mlflow", "ray", "feast", "pinecone", "bentoml", "evidently", "openai", "anthropic", "huggingface", "kubernetes", "aws", "dbt", "s3", "bigquery", "sagemaker", "wandb", "neptune", "azure-ml", "vertex-ai", "airflow", "kubeflow", "dask", "spark", "pandas", "seldon", "kserve", "ray-serve", "whylabs", "datadog", "tecton", "hopsworks", "weaviate", "qdrant", "vault", "ldap", "oauth", "local"])
      expect(ids).toContain(`${id}-plugin`);
  });
  it("precedence decides when two plugins would do: Snowflake before S3", async () => {
    const r = recommend(loadCatalog(), { useCases: ["End-to-end ML pipelines"] });
    const ids = r.stack!.plugins.map((p) => p.id);
    expect(ids).toContain("snowflake-plugin");
    expect(ids).not.toContain("s3-plugin");
  });
  it("--prefer outranks precedence", async () => {
    const ids = recommend(loadCatalog(), { useCases: ["e2e"], prefer: ["s3-plugin"] }).stack!.plugins.map((p) => p.id);
    expect(ids).toContain("s3-plugin");
    expect(ids).not.toContain("snowflake-plugin");
  });
  it("--avoid outranks precedence", async () => {
    const ids = recommend(loadCatalog(), { useCases: ["e2e"], avoid: ["snowflake-plugin"] }).stack!.plugins.map((p) => p.id);
    expect(ids).not.toContain("snowflake-plugin");
  });
  it("--only license=open-source keeps managed-only, proprietary plugins out", async () => {
    const catalog = loadCatalog();
    for (const uc of ["rag", "e2e", "serving", "research"]) {
      const r = recommend(catalog, { useCases: [uc], only: ["license=open-source"] });
      expect(r.ok).toBe(true);
      for (const p of r.stack!.plugins) expect(catalog.plugins.get(p.id)!.tags.license).toBe("open-source");
    }
  });
  it("the YAML output is a stack file that check accepts", async () => {
    for (const args of [["--use-case", "rag"], ["--use-case", "multimodal", "--use-case", "chatbots"], ["--require", "seldon-plugin"]]) {
      const y = await cli("recommend", ...args, "--format", "yaml");
      expect(y.code).toBe(0);
      const dir = writeTree({ "stack.yaml": y.out });
      const c = await cli("check", join(dir, "stack.yaml"), "--format", "json");
      expect(JSON.parse(c.out).ok).toBe(true);
      // and check's cost equals recommend's
      const rj = JSON.parse((await cli("recommend", ...args, "--format", "json")).out);
      expect(JSON.parse(c.out).cost).toEqual(rj.cost);
    }
  });
  it("gives the same output whatever the order and names of the catalog files", async () => {
    const dir = tmpDir();
    cpSync(join(ROOT, "catalog"), join(dir, "catalog"), { recursive: true });
    cpSync(join(ROOT, "constraints"), join(dir, "constraints"), { recursive: true });
    const plugins = join(dir, "catalog/plugins");
    // Rename every plugin file to a name that reverses the directory order.
    const files = readdirSync(plugins).sort();
    files.forEach((f, i) => renameSync(join(plugins, f), join(plugins, `${String(files.length - i).padStart(3, "0")}-x.yaml`)));
    for (const args of [["--use-case", "rag"], ["--require", "databricks-plugin", "--require", "outerbounds-plugin"], ["--use-case", "e2e", "--use-case", "serving"]]) {
      const a = await cli("recommend", ...args, "--format", "json");
      const b = await cli("recommend", ...args, "--format", "json", "--catalog", dir);
      // Identical but for the file names that citations name.
      const noFiles = (s: string) => s.replace(/"source": "[^"]*"/g, '"source": "…"');
      expect(noFiles(b.out)).toBe(noFiles(a.out));
      expect(b.out.length).toBeGreaterThan(100);
      expect((await cli("recommend", ...args)).out).toBe((await cli("recommend", ...args)).out);
    }
  });
  it("bad request names exit 2 with a did-you-mean and no stack trace", async () => {
    const r = await cli("recommend", "--use-case", "RAG aplications");
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean "RAG applications"');
    const p = await cli("recommend", "--require", "databriks-plugin");
    expect(p.code).toBe(2);
    expect(p.err).toContain('did you mean "databricks-plugin"');
    expect(p.err).not.toMatch(/\n\s+at /);
  });
});
