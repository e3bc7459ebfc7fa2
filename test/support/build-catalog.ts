/**
 * Builds small catalogs in memory from plain objects, for rule tests and property tests.
 * Files are real YAML (stringified), so they go through the same loader as the built-in one.
 */
import { stringify } from "yaml";
import { loadCatalogFromFiles } from "../../src/core/catalog/load.js";
import type { Catalog, CatalogFiles } from "../../src/core/catalog/catalog.js";

export interface PluginSpec {
  id: string;
  type: string;
  also_types?: string[];
  license?: "open-source" | "proprietary" | "source-available";
  hosting?: ("managed" | "self-hosted")[];
  clouds?: ("aws" | "azure" | "gcp")[] | "any";
  facets?: Record<string, string[]>;
  facet_capabilities?: Record<string, string[]>;
  capabilities?: string[];
  conflicts_with?: string[];
  requires?: { any_of: string[]; reason: string }[];
  integration_points?: Record<string, string[]>;
}

export interface TypeSpec {
  rule: "single" | "per_facet" | "distinct_facet" | "per_use_case" | "unbounded";
  facet?: string;
}

export interface CatalogSpec {
  types: Record<string, TypeSpec>;
  plugins: PluginSpec[];
  useCases?: Record<string, { needs: string[]; suggests?: string[]; aliases?: string[]; name?: string; tag_rules?: string[]; tag_preferences?: string[] }>;
  precedence?: Record<string, string[]>;
  objectives?: string[];
  compositions?: Record<string, unknown>;
}

export const categoryOf = (type: string) => `${type}s`;

const SOURCE = "https://example.org/test-catalog";
const sourced = (id: string) => ({ id, source: SOURCE });

export function catalogFiles(spec: CatalogSpec, order?: (n: number) => number[]): CatalogFiles {
  const caps = new Set<string>();
  for (const p of spec.plugins) (p.capabilities ?? []).forEach((c) => caps.add(c));
  for (const u of Object.values(spec.useCases ?? {})) [...u.needs, ...(u.suggests ?? [])].forEach((c) => caps.add(c));
  const plugins = spec.plugins.map((p) => ({
    path: `catalog/plugins/${p.id}.yaml`,
    content: stringify({
      id: p.id,
      name: p.id,
      type: p.type,
      ...(p.also_types ? { also_types: p.also_types } : {}),
      summary: `test plugin ${p.id}`,
      tags: { license: p.license ?? "open-source", hosting: p.hosting ?? ["self-hosted"], clouds: p.clouds ?? [] },
      // Every fact sourced (as the built-in catalog's are), so lint has nothing to say about it.
      sources: { license: SOURCE, hosting: SOURCE, clouds: SOURCE },
      ...(p.facets ? { facets: p.facets } : {}),
      ...(p.facet_capabilities ? { facet_capabilities: p.facet_capabilities } : {}),
      ...(p.capabilities ? { capabilities: p.capabilities } : {}),
      ...(p.conflicts_with ? { conflicts_with: p.conflicts_with.map(sourced) } : {}),
      ...(p.requires ? { requires: p.requires.map((r) => ({ ...r, source: SOURCE })) } : {}),
      ...(p.integration_points ? { integration_points: Object.fromEntries(Object.entries(p.integration_points).map(([k, ids]) => [k, ids.map(sourced)])) } : {}),
    }),
  }));
  const ordered = order ? order(plugins.length).map((i) => plugins[i]!) : plugins;
  return {
    plugins: ordered,
    compositions: Object.entries(spec.compositions ?? {}).map(([name, c]) => ({ path: `catalog/compositions/${name}.yaml`, content: stringify(c) })),
    types: {
      path: "constraints/types.yaml",
      content: stringify({
        types: Object.fromEntries(Object.entries(spec.types).map(([name, t]) => [name, { purpose: name, seed_rule: t.rule, rule: t.rule, ...(t.facet ? { facet: t.facet } : {}), category: categoryOf(name) }])),
      }),
    },
    capabilities: { path: "constraints/capabilities.yaml", content: stringify({ capabilities: Object.fromEntries([...caps].sort().map((c) => [c, `capability ${c}`])) }) },
    useCases: {
      path: "constraints/use-cases.yaml",
      content: stringify({ use_cases: Object.fromEntries(Object.entries(spec.useCases ?? {}).map(([id, u]) => [id, { name: u.name ?? id, aliases: u.aliases ?? [], needs: u.needs, suggests: u.suggests ?? [], ...(u.tag_rules ? { tag_rules: u.tag_rules } : {}), ...(u.tag_preferences ? { tag_preferences: u.tag_preferences } : {}) }])) }),
    },
    precedence: { path: "constraints/precedence.yaml", content: stringify({ plugin_precedence: spec.precedence ?? {} }) },
    objectives: { path: "constraints/objectives.yaml", content: stringify({ objectives: spec.objectives ?? ["wishes", "suggestions", "precedence", "integration-gaps", "plugins"] }) },
  };
}

export function buildCatalog(spec: CatalogSpec): Catalog {
  const r = loadCatalogFromFiles(catalogFiles(spec));
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.catalog || errors.length) throw new Error(`test catalog invalid:\n${errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join("\n")}`);
  return r.catalog;
}
