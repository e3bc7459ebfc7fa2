/**
 * Which plugins a question is about: the plugins related to each other (integration gaps), and
 * the plugins a best stack can use at all (the model's scope).
 */
import { integrates, type Catalog } from "../catalog/catalog.js";
import type { ResolvedRequest } from "./request.js";

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * For each plugin of `ids`, the others of `ids` it is related to (a category one of the two
 * declares in integration_points covers a type of the other), sorted by id; computed on first use.
 */
function relatedRows(catalog: Catalog, ids: readonly string[]): (id: string) => string[] {
  const byType = new Map<string, string[]>();
  const byCovered = new Map<string, string[]>();
  for (const id of ids) {
    const p = catalog.plugins.get(id)!;
    for (const t of p.types) (byType.get(t) ?? byType.set(t, []).get(t)!).push(id);
    for (const cat of Object.keys(p.integrations)) {
      const t = catalog.categories.get(cat);
      if (t) (byCovered.get(t) ?? byCovered.set(t, []).get(t)!).push(id);
    }
  }
  const rows = new Map<string, string[]>();
  return (a) => {
    let row = rows.get(a);
    if (row) return row;
    const p = catalog.plugins.get(a)!;
    const related = new Set<string>();
    for (const cat of Object.keys(p.integrations)) {
      const t = catalog.categories.get(cat);
      for (const b of t ? (byType.get(t) ?? []) : []) related.add(b);
    }
    for (const t of p.types) for (const b of byCovered.get(t) ?? []) related.add(b);
    related.delete(a);
    row = [...related].sort(byId);
    rows.set(a, row);
    return row;
  };
}

/** For each plugin of `ids`, the others of `ids` it has a gap with (related, integrating in neither direction). */
export function gapRows(catalog: Catalog, ids: readonly string[]): (id: string) => string[] {
  const related = relatedRows(catalog, ids);
  const rows = new Map<string, string[]>();
  return (a) => {
    let row = rows.get(a);
    if (!row) rows.set(a, (row = related(a).filter((b) => !integrates(catalog, a, b))));
    return row;
  };
}

/** Unordered pairs [a, b] (a < b) of related plugins (see `relatedRows`); only within `among`, when given. */
export function relatedPairs(catalog: Catalog, among?: Iterable<string>): [string, string][] {
  const ids = among ? [...among] : [...catalog.plugins.keys()];
  const row = relatedRows(catalog, ids);
  const out: [string, string][] = [];
  for (const a of [...ids].sort(byId)) for (const b of row(a)) if (a < b) out.push([a, b]);
  return out;
}

/** The plugins the request names: required, preferred, pinned by a stack file. */
export const namedPlugins = (req: ResolvedRequest): string[] => [...req.require, ...req.prefer, ...req.pins.map((p) => p.id)];

/** The capabilities the requested use cases need or suggest. */
export function requestedCapabilities(catalog: Catalog, req: ResolvedRequest): Set<string> {
  const caps = new Set<string>();
  for (const ucId of req.useCases) for (const r of [...catalog.useCases.get(ucId)!.needs, ...catalog.useCases.get(ucId)!.suggests]) caps.add(r.id);
  return caps;
}

/**
 * The plugins a best stack can use: the seeds of the request (providers of the needed and
 * suggested capabilities of its use cases, required, preferred and pinned plugins), closed under
 * `requires` (every alternative) and, with strict integrations, under the integration partners
 * of each declared category.
 *
 * Why this is exact: take any valid stack S and keep only its plugins in this set. Requires still
 * hold (their alternatives are in the set), conflicts and cardinalities hold for a subset, needs
 * and requests hold (their providers and targets are seeds), and strict integrations hold (the
 * partners are in the set). No objective level gets worse, and "plugins" gets strictly better if
 * anything was dropped. So every optimal stack lies within the set, and restricting the model to
 * it changes neither the optimum, nor the tie-break, nor whether any subset of the requests can
 * hold (the set only grows with the requests). `exclude`, `only` and `avoid` add no seed.
 */
export function reachablePlugins(catalog: Catalog, req: ResolvedRequest): Set<string> {
  const seeds = new Set<string>(namedPlugins(req));
  const caps = requestedCapabilities(catalog, req);
  for (const p of catalog.plugins.values()) if (p.capabilities.some((c) => caps.has(c))) seeds.add(p.id);
  const out = new Set<string>();
  const queue = [...seeds].filter((id) => catalog.plugins.has(id));
  const byType = new Map<string, string[]>();
  if (req.integrations === "strict") for (const p of catalog.plugins.values()) for (const t of p.types) byType.set(t, [...(byType.get(t) ?? []), p.id]);
  while (queue.length) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    const p = catalog.plugins.get(id)!;
    for (const r of p.requires) for (const q of r.anyOf) if (catalog.plugins.has(q) && !out.has(q)) queue.push(q);
    if (req.integrations === "strict")
      for (const cat of Object.keys(p.integrations)) {
        const t = catalog.categories.get(cat);
        for (const q of t ? (byType.get(t) ?? []) : []) if (!out.has(q) && q !== id && integrates(catalog, id, q)) queue.push(q);
      }
  }
  return out;
}
