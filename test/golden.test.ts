/**
 * The built-in catalog's answers, reviewed by reading each stack: `recommend --use-case X` for each
 * of the 12 use cases (each plugin with its assigned facet value), with why a platform engineer
 * would call it sensible. A changed answer is a catalog change to review, not a test to regenerate.
 * And on-premises deployments combined with any other use case holds only self-hostable plugins.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/index.js";
import { recommend } from "../src/core/commands/recommend.js";

const catalog = loadCatalog();

const GOLDEN: Record<string, { stack: string[]; why: string }> = {
  "end-to-end-ml-pipelines": {
    stack: ["airflow-plugin", "databricks-plugin", "evidently-plugin:data-drift", "snowflake-plugin"],
    why: "Airflow orchestrates Databricks pipelines (tracking, registry and serving through its managed MLflow) over Snowflake data, Evidently watches drift: the seed's defaults.",
  },
  "llm-powered-applications": {
    stack: ["evidently-plugin:llm-observability", "openai-plugin:gpt", "pinecone-plugin:llm-powered-applications"],
    why: "OpenAI generates, embeds and moderates, Pinecone searches vectors, Evidently traces and evaluates the LLM calls.",
  },
  "production-model-serving": {
    stack: ["kserve-plugin:grpc-api", "kubeflow-plugin", "kubernetes-plugin:container-orchestration"],
    why: "KServe serves and autoscales models on Kubernetes with payload logging and drift detection; Kubeflow's Model Registry versions what it serves.",
  },
  "large-scale-data-processing": {
    stack: ["databricks-plugin", "dbt-plugin", "snowflake-plugin"],
    why: "Spark on Databricks for distributed processing, lineage and the lakehouse; dbt transforms and tests the Snowflake warehouse.",
  },
  "mlops-automation": {
    stack: ["airflow-plugin", "databricks-plugin", "evidently-plugin:data-drift"],
    why: "Airflow schedules Databricks pipelines that track, register and deploy models; Evidently monitors them.",
  },
  "real-time-inference": {
    stack: ["feast-plugin", "kserve-plugin:grpc-api", "kubernetes-plugin:container-orchestration"],
    why: "KServe serves online with autoscaling and monitoring on Kubernetes; Feast serves online features (KServe documents a Feast transformer).",
  },
  "cost-effective-ml-operations": {
    stack: ["dvc-plugin", "kserve-plugin:grpc-api", "kubernetes-plugin:container-orchestration", "vllm-plugin:rest-api"],
    why: "All open source: Kubernetes and KServe autoscale and monitor, vLLM serves open-weight models, DVC tracks experiments in Git without a server.",
  },
  "on-premises-deployments": {
    stack: ["kubernetes-plugin:container-orchestration", "vault-plugin:secrets-management", "vllm-plugin:rest-api"],
    why: "Everything self-hosted: Kubernetes, vLLM serving open-weight models, Vault for secrets and authentication.",
  },
  "research-environments": {
    stack: ["databricks-plugin", "huggingface-plugin:open-weight-models", "ray-plugin:distributed-compute"],
    why: "Databricks notebooks with managed MLflow tracking, Hugging Face pretrained models, Ray for distributed training and tuning.",
  },
  "rag-applications": {
    stack: ["airflow-plugin", "langchain-plugin", "mlflow-plugin", "openai-plugin:gpt", "pinecone-plugin:rag-applications"],
    why: "LangChain builds the RAG pipeline over Pinecone and OpenAI (generation and embeddings), Airflow runs ingestion, MLflow traces the LLM calls.",
  },
  "multi-modal-ai-systems": {
    stack: ["databricks-plugin", "openai-plugin:gpt", "pinecone-plugin:multi-modal-ai-systems"],
    why: "OpenAI's multimodal models and embeddings, Pinecone for vectors, Databricks for GPUs and model serving.",
  },
  "conversational-interfaces": {
    stack: ["mlflow-plugin", "openai-plugin:gpt", "pinecone-plugin:conversational-interfaces", "temporal-plugin"],
    why: "OpenAI chat with moderation, Pinecone for retrieval, Temporal for durable conversations, MLflow tracing.",
  },
};

const answer = (useCases: string[]) => {
  const r = recommend(catalog, { useCases });
  expect(r.ok, useCases.join(" + ")).toBe(true);
  return r.stack!.plugins;
};

describe("the built-in catalog's answers", () => {
  it("covers the 12 use cases", () => {
    expect(Object.keys(GOLDEN).sort()).toEqual([...catalog.useCases.keys()].sort());
  });

  it.each(Object.entries(GOLDEN))("%s gives the reviewed stack", (uc, { stack }) => {
    expect(answer([uc]).map((p) => (p.facet !== undefined ? `${p.id}:${p.facet}` : p.id))).toEqual(stack);
  });

  it.each(Object.keys(GOLDEN).filter((uc) => uc !== "on-premises-deployments"))("on-premises + %s holds only self-hostable plugins", (uc) => {
    const plugins = answer(["on-premises-deployments", uc]);
    for (const p of plugins) expect(catalog.plugins.get(p.id)!.tags.hosting, p.id).toContain("self-hosted");
  });
});
