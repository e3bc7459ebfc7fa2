/** The picture of a stack as data: plugins grouped by type, integration edges, unmet ones. */
import { integrates, type Catalog } from "../catalog/catalog.js";
import { relatedPairs } from "../model/scope.js";
import type { Stack } from "../model/stack.js";

export interface StackGraph {
  groups: { type: string; plugins: { id: string; facet?: string; mark?: "added" | "removed" }[] }[];
  /** met: the two integrate; unmet: related by a declared category but neither lists the other. */
  edges: { a: string; b: string; met: boolean }[];
}

/**
 * A stack as a graph for pictures (`--format mermaid|dot`): its plugins grouped by type, the
 * integration edges between them, and the unmet integrations (a plugin and a category it
 * declares with no partner in the stack); `removed` and `added` mark a repair's changes.
 */
export function stackGraph(catalog: Catalog, stack: Stack, removed: string[] = [], added: string[] = []): StackGraph {
  const all: { id: string; type: string; facet?: string }[] = [...stack.plugins, ...removed.map((id) => ({ id, type: catalog.plugins.get(id)!.types[0]! }))];
  const ids = new Set(stack.plugins.map((p) => p.id));
  const groups = new Map<string, StackGraph["groups"][number]["plugins"]>();
  for (const p of all.sort((x, y) => (x.id < y.id ? -1 : 1))) {
    const mark = removed.includes(p.id) ? ("removed" as const) : added.includes(p.id) ? ("added" as const) : undefined;
    groups.set(p.type, [...(groups.get(p.type) ?? []), { id: p.id, ...(p.facet !== undefined ? { facet: p.facet } : {}), ...(mark ? { mark } : {}) }]);
  }
  const edges: StackGraph["edges"] = [];
  const related = new Set(relatedPairs(catalog, ids).map(([a, b]) => `${a}\u0000${b}`));
  const list = [...ids].sort();
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      if (integrates(catalog, a, b)) edges.push({ a, b, met: true });
      else if (related.has(`${a}\u0000${b}`)) edges.push({ a, b, met: false });
    }
  return { groups: [...groups].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([type, plugins]) => ({ type, plugins })), edges };
}
