/**
 * The valid stacks of a request as a counting problem over plugin variables only (see
 * solve/count.ts): clauses for conflicts, requires, needs, user requests and strict
 * integrations, and a group for each type rule.
 */
import { assigningType, conflictPairs, hasTag, integrates, type Catalog } from "../catalog/catalog.js";
import type { CountGroup, CountProblem } from "../solve/count.js";
import { assignDistinct } from "./evaluate.js";
import type { ResolvedRequest } from "./request.js";

/** The counting problem of a catalog and request, over plugin variables only. */
export function countingProblem(catalog: Catalog, req: ResolvedRequest): CountProblem {
  const ids = [...catalog.plugins.keys()];
  const num = new Map(ids.map((id, i) => [id, i + 1]));
  const v = (id: string) => num.get(id)!;
  const clauses: number[][] = [];
  for (const { a, b } of conflictPairs(catalog)) clauses.push([-v(a), -v(b)]);
  for (const p of catalog.plugins.values()) for (const r of p.requires) clauses.push([-v(p.id), ...r.anyOf.filter((x) => num.has(x)).map(v)]);
  for (const id of req.require) clauses.push([v(id)]);
  for (const id of req.exclude) clauses.push([-v(id)]);
  const tagRules = [...req.only, ...req.useCases.flatMap((uc) => catalog.useCases.get(uc)!.tagRules)];
  for (const f of tagRules) for (const p of catalog.plugins.values()) if (!hasTag(p, f)) clauses.push([-v(p.id)]);
  for (const pin of req.pins) clauses.push([v(pin.id)]);
  for (const ucId of req.useCases)
    for (const need of catalog.useCases.get(ucId)!.needs) clauses.push([...catalog.plugins.values()].filter((p) => p.capabilities.includes(need.id)).map((p) => v(p.id)));
  if (req.integrations === "strict") {
    for (const a of catalog.plugins.values())
      for (const cat of Object.keys(a.integrations)) {
        const t = catalog.categories.get(cat);
        if (!t) continue;
        const others = [...catalog.plugins.values()].filter((b) => b.id !== a.id && b.types.includes(t));
        const partners = others.filter((b) => integrates(catalog, a.id, b.id)).map((b) => v(b.id));
        for (const b of others) if (!integrates(catalog, a.id, b.id)) clauses.push([-v(a.id), -v(b.id), ...partners]);
      }
  }
  const groups: CountGroup[] = [];
  const atMost = (tag: string, members: number[], k: number) => {
    if (members.length > k) groups.push({ tag, vars: members, atMost: k, allows: (sel) => sel.length <= k });
  };
  for (const td of catalog.types.values()) {
    const members = [...catalog.plugins.values()].filter((p) => p.types.includes(td.name));
    if (td.rule === "single") atMost(`single:${td.name}`, members.map((p) => v(p.id)), 1);
    else if (td.rule === "per_use_case") atMost(`per_use_case:${td.name}`, members.map((p) => v(p.id)), Math.max(1, req.useCases.length));
    else if (td.rule === "per_facet") {
      const values = new Set(members.flatMap((p) => p.facets[td.facet!] ?? []));
      for (const val of [...values].sort()) atMost(`per_facet:${td.name}:${val}`, members.filter((p) => (p.facets[td.facet!] ?? []).includes(val)).map((p) => v(p.id)), 1);
    } else if (td.rule === "distinct_facet") {
      const assigned = members.filter((p) => assigningType(catalog, p) === td);
      const options = new Map(assigned.map((p) => [v(p.id), p.facets[td.facet!] ?? []]));
      const allows = (sel: number[]) => assignDistinct(new Map(sel.map((x) => [String(x), options.get(x)!])), new Map()) !== undefined;
      if (assigned.length > 1)
        groups.push({
          tag: `distinct:${td.name}`,
          vars: assigned.map((p) => v(p.id)),
          allows,
          // A value none of the others can take is the new one's, whatever their matching.
          adding: (sel) => {
            const taken = new Set(sel.flatMap((y) => options.get(y)!));
            return (x) => options.get(x)!.some((val) => !taken.has(val)) || allows([...sel, x]);
          },
        });
    }
  }
  return { nvars: ids.length, clauses, groups };
}
