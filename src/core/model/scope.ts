/**
 * Which plugins a question is about: the plugins related to each other (integration gaps), and
 * the plugins a best stack can use at all (the model's scope).
 */
import { integrationPartners, type Catalog, type Plugin, type TypeDef } from "../catalog/catalog.js";
import { checkBudget, type Budget } from "../common/budget.js";
import type { ResolvedRequest } from "./request.js";

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * For each plugin of `ids`, the others of `ids` it is related to (a category one of the two
 * declares in integration_points covers a type of the other), sorted by id; computed on first use.
 */
function relatedRows(catalog: Catalog, ids: readonly string[]): (id: string) => string[] {
  const related = relatedSets(catalog, ids);
  const rows = new Map<string, string[]>();
  return (a) => {
    let row = rows.get(a);
    if (!row) rows.set(a, (row = [...related(a)].sort(byId)));
    return row;
  };
}

/** `relatedRows` as a new set each time, neither sorted nor kept. */
function relatedSets(catalog: Catalog, ids: readonly string[]): (id: string) => Set<string> {
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
  return (a) => {
    const p = catalog.plugins.get(a)!;
    const related = new Set<string>();
    for (const cat of Object.keys(p.integrations)) {
      const t = catalog.categories.get(cat);
      for (const b of t ? (byType.get(t) ?? []) : []) related.add(b);
    }
    for (const t of p.types) for (const b of byCovered.get(t) ?? []) related.add(b);
    related.delete(a);
    return related;
  };
}

/**
 * The number of gap pairs among `ids` (related, integrating in neither direction: the terms of
 * the integration-gap level over those plugins) when it is at most `limit`, else some number above
 * `limit`: the rows are counted one plugin at a time and not kept, and the count stops once past
 * the limit, so its cost is bounded by the limit, not by the square of the plugins.
 */
export function gapPairsUpTo(catalog: Catalog, ids: readonly string[], limit: number): number {
  const related = relatedSets(catalog, ids);
  const partners = integrationPartners(catalog);
  let twice = 0;
  for (const a of ids) {
    const with_ = partners.get(a);
    for (const b of related(a)) if (!with_?.has(b)) twice++;
    // Each pair is in the rows of both its plugins.
    if (twice > 2 * limit) return limit + 1;
  }
  return twice / 2;
}

/** For each plugin of `ids`, the others of `ids` it has a gap with (related, integrating in neither direction). */
export function gapRows(catalog: Catalog, ids: readonly string[]): (id: string) => string[] {
  const related = relatedRows(catalog, ids);
  // The integration relation from the catalog's partner index: a set lookup a pair, where
  // `integrates` scans both plugins' integration lists (the built-in catalog's gaps took 20 ms).
  const partners = integrationPartners(catalog);
  const none: ReadonlySet<string> = new Set();
  const rows = new Map<string, string[]>();
  return (a) => {
    let row = rows.get(a);
    if (!row) {
      const with_ = partners.get(a) ?? none;
      rows.set(a, (row = related(a).filter((b) => !with_.has(b))));
    }
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

/**
 * The integration gaps of a stack (related pairs that integrate in neither direction), counted
 * without listing the related pairs, whose number grows with the square of the stack: a plugin's
 * related plugins in the stack are a union of bitsets (the stack's members of each type it
 * covers, and those covering a type of its own), so the count takes a few word operations per
 * plugin and type, and the integrating pairs are found from each plugin's partners.
 */
export function gapCount(catalog: Catalog, ids: Iterable<string>, budget?: Budget): number {
  const list = [...new Set(ids)].filter((id) => catalog.plugins.has(id)).sort(byId);
  const n = list.length;
  const at = new Map(list.map((id, i) => [id, i]));
  const words = (n + 31) >>> 5;
  const members = new Map<string, Uint32Array>();
  const coverers = new Map<string, Uint32Array>();
  const bits = (m: Map<string, Uint32Array>, t: string) => m.get(t) ?? m.set(t, new Uint32Array(words)).get(t)!;
  const covered = (id: string) => {
    const out = new Set<string>();
    for (const cat of Object.keys(catalog.plugins.get(id)!.integrations)) {
      const t = catalog.categories.get(cat);
      if (t) out.add(t);
    }
    return out;
  };
  list.forEach((id, i) => {
    for (const t of catalog.plugins.get(id)!.types) bits(members, t)[i >>> 5]! |= 1 << (i & 31);
    for (const t of covered(id)) bits(coverers, t)[i >>> 5]! |= 1 << (i & 31);
  });
  const partners = integrationPartners(catalog);
  const row = new Uint32Array(words);
  let related = 0;
  let integrating = 0;
  list.forEach((id, i) => {
    if (budget && (i & 1023) === 0) checkBudget(budget);
    row.fill(0);
    const or = (b: Uint32Array | undefined) => {
      if (b) for (let w = 0; w < words; w++) row[w]! |= b[w]!;
    };
    for (const t of covered(id)) or(members.get(t));
    for (const t of catalog.plugins.get(id)!.types) or(coverers.get(t));
    row[i >>> 5]! &= ~(1 << (i & 31));
    for (let w = 0; w < words; w++) {
      let x = row[w]!;
      // Only the pairs (i, j) with j > i: each unordered pair once.
      if (w === i >>> 5) x &= (i & 31) === 31 ? 0 : ~((2 << (i & 31)) - 1) >>> 0;
      else if (w < i >>> 5) x = 0;
      for (; x; x &= x - 1) related++;
    }
    for (const b of partners.get(id) ?? []) {
      const j = at.get(b);
      if (j !== undefined && j > i && row[j >>> 5]! & (1 << (j & 31))) integrating++;
    }
  });
  return related - integrating;
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
 * The values `p` can be assigned under `td`'s rule (distinct_facet: its own facet values;
 * per_use_case: the request's use cases), in the order the tie-break prefers them: first those in
 * which it serves the request (a use case one of whose needed or suggested capabilities it
 * provides; a facet value tied to a requested capability, its role), then by name. The model
 * (build.ts) and the check of a given stack (evaluate.ts) both take them in this order, so that
 * check assigns the roles recommend does.
 */
export function preferredValues(catalog: Catalog, td: TypeDef, p: Plugin, useCases: readonly string[], requested: ReadonlySet<string>): string[] {
  if (td.rule === "per_use_case") {
    const serves = (uc: string) => [...catalog.useCases.get(uc)!.needs, ...catalog.useCases.get(uc)!.suggests].some((r) => p.capabilities.includes(r.id));
    return [...useCases].sort((a, b) => Number(serves(b)) - Number(serves(a)) || byId(a, b));
  }
  const inRole = (v: string) => (p.facetCapabilities[v] ?? []).some((c) => requested.has(c));
  return [...(p.facets[td.facet!] ?? [])].sort((a, b) => Number(inRole(b)) - Number(inRole(a)) || byId(a, b));
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
  // With strict integrations, a plugin's partners (either direction) of the types of its declared
  // categories, from the catalog's partner index.
  const partners = req.integrations === "strict" ? integrationPartners(catalog) : undefined;
  while (queue.length) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    const p = catalog.plugins.get(id)!;
    for (const r of p.requires) for (const q of r.anyOf) if (catalog.plugins.has(q) && !out.has(q)) queue.push(q);
    if (partners) {
      const types = new Set(Object.keys(p.integrations).map((cat) => catalog.categories.get(cat)));
      for (const q of partners.get(id) ?? []) if (!out.has(q) && q !== id && catalog.plugins.get(q)!.types.some((t) => types.has(t))) queue.push(q);
    }
  }
  return out;
}
