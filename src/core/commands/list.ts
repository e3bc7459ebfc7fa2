/** `list`: the catalog's plugins, types, use cases and capabilities as plain items. */
import { checkCatalogArgument, tagFilterText, type Catalog } from "../catalog/catalog.js";
import type { ListItems, ListKind, ListResult } from "./result.js";
import { InputError } from "../common/diagnostics.js";
import { wordOption } from "./common.js";

/** What `list` lists (`list(catalog, what)`). */
export const LIST_KINDS: readonly ListKind[] = ["plugins", "types", "use-cases", "capabilities", "compositions"];

/**
 * The items of one part of the catalog, in id order.
 *
 * @example
 * const r = list(loadCatalog(), "use-cases");
 * for (const u of r.items) console.log(u["id"], u["aliases"]);
 */
export function list<K extends ListKind>(c: Catalog, what: K): ListResult<K> {
  checkCatalogArgument(c);
  const bad = wordOption("what", what, LIST_KINDS, `one of ${LIST_KINDS.join(", ")}`, true);
  if (bad.length) throw new InputError(bad);
  return { format_version: 1, command: "list", ok: true, what, items: listItems(c, what) };
}

function listItems<K extends ListKind>(c: Catalog, kind: K): ListItems[K][] {
  return listOf(c, kind) as ListItems[K][];
}

function listOf(c: Catalog, kind: ListKind): ListItems[ListKind][] {
  switch (kind) {
    case "plugins":
      return [...c.plugins.values()].map((p) => ({
        id: p.id,
        name: p.name,
        type: p.types[0]!,
        types: p.types,
        summary: p.summary,
        license: p.tags.license,
        hosting: p.tags.hosting,
        clouds: p.tags.clouds,
        sources: p.sources,
        facets: p.facets,
        capabilities: p.capabilities,
      }));
    case "types":
      return [...c.types.values()].map((t) => ({ name: t.name, rule: t.rule, facet: t.facet, category: t.category, seed_rule: t.seedRule, purpose: t.purpose, plugins: [...c.plugins.values()].filter((p) => p.types.includes(t.name)).length }));
    case "use-cases":
      return [...c.useCases.values()].map((u) => ({ id: u.id, name: u.name, aliases: u.aliases, needs: u.needs.map((r) => r.id), suggests: u.suggests.map((r) => r.id), rules: u.tagRules.map(tagFilterText), prefers: u.tagPreferences.map(tagFilterText) }));
    case "capabilities":
      return [...c.capabilities].map(([id, v]) => ({ id, description: v.description, providers: [...c.plugins.values()].filter((p) => p.capabilities.includes(id)).map((p) => p.id) }));
    case "compositions":
      return c.compositions.map((s) => ({ id: (s.file.split(/[\\/]/).pop() ?? s.file).replace(/\.ya?ml$/, ""), name: s.name, file: s.file, use_cases: s.useCases.map((u) => u.id), plugins: s.plugins.map((p) => (p.facet !== undefined ? `${p.id}(${p.facet})` : p.id)) }));
  }
}
