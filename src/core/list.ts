/** `list`: the catalog's plugins, types, use cases and capabilities as plain items. */
import type { Catalog } from "./catalog-model.js";

export type ListKind = "plugins" | "types" | "use-cases" | "capabilities";

export function listItems(c: Catalog, kind: ListKind): { columns: string[]; items: object[] } {
  switch (kind) {
    case "plugins":
      return {
        columns: ["id", "name", "type", "license", "hosting"],
        items: [...c.plugins.values()].map((p) => ({
          id: p.id,
          name: p.name,
          type: p.types[0],
          types: p.types,
          summary: p.summary,
          license: p.tags.license,
          hosting: p.tags.hosting,
          clouds: p.tags.clouds,
          facets: p.facets,
          capabilities: p.capabilities,
        })),
      };
    case "types":
      return {
        columns: ["name", "rule", "facet", "plugins", "seed_rule"],
        items: [...c.types.values()].map((t) => ({ name: t.name, rule: t.rule, facet: t.facet, category: t.category, seed_rule: t.seedRule, purpose: t.purpose, plugins: [...c.plugins.values()].filter((p) => p.types.includes(t.name)).length })),
      };
    case "use-cases":
      return {
        columns: ["id", "name", "aliases", "needs"],
        items: [...c.useCases.values()].map((u) => ({ id: u.id, name: u.name, aliases: u.aliases, needs: u.needs.map((r) => r.id), suggests: u.suggests.map((r) => r.id) })),
      };
    case "capabilities":
      return {
        columns: ["id", "providers", "description"],
        items: [...c.capabilities].map(([id, v]) => ({ id, description: v.description, providers: [...c.plugins.values()].filter((p) => p.capabilities.includes(id)).map((p) => p.id) })),
      };
  }
}
