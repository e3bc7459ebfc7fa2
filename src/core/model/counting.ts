/**
 * The valid stacks of a request as a counting problem over plugin variables only (see
 * solve/count.ts): clauses for conflicts, requires, needs, user requests and strict
 * integrations, and a group for each type rule.
 */
import { assigningType, conflictPairs, hasTag, integrationPartners, type Catalog } from "../catalog/catalog.js";
import type { CountGroup, CountProblem } from "../solve/count.js";
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
    // The rule as build.ts once wrote it, a clause per member of the type that is no partner: the
    // counter takes plugin variables only (partners from the catalog's index, as build.ts does).
    const partnerIds = integrationPartners(catalog);
    for (const a of catalog.plugins.values())
      for (const cat of Object.keys(a.integrations)) {
        const t = catalog.categories.get(cat);
        if (!t) continue;
        const mine = partnerIds.get(a.id);
        const others = [...catalog.plugins.values()].filter((b) => b.id !== a.id && b.types.includes(t));
        const partners = others.filter((b) => mine?.has(b.id)).map((b) => v(b.id));
        for (const b of others) if (!mine?.has(b.id)) clauses.push([-v(a.id), -v(b.id), ...partners]);
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
      const allows = distinctValues(options);
      if (assigned.length > 1)
        groups.push({
          tag: `distinct:${td.name}`,
          vars: assigned.map((p) => v(p.id)),
          allows,
          // A value none of the others can take is the new one's, whatever their matching.
          adding: (sel) => {
            const taken = new Set(sel.flatMap((y) => options.get(y)!));
            return (x) => options.get(x)!.some((val) => !taken.has(val)) || allows([...sel, x].sort((a, b) => a - b));
          },
        });
    }
  }
  return { nvars: ids.length, clauses, groups };
}

/** The most selections `distinctValues` remembers. */
const DISTINCT_KNOWN_MAX = 100_000;

/**
 * `options`' rule for the counter: can each variable of a selection take a value of its own
 * from its options? The same answer as `assignDistinct` (model/evaluate.ts), as augmenting paths
 * over numbered values with typed arrays, each selection (sorted) remembered: the counter asks
 * its groups the same questions at every search for components (750 matchings on the built-in
 * catalog for RAG, a third of the count's time when each built maps of strings).
 */
export function distinctValues(options: ReadonlyMap<number, readonly string[]>): (sel: readonly number[]) => boolean {
  const valueNum = new Map<string, number>();
  const opts = new Map<number, Int32Array>();
  for (const [x, vals] of options) opts.set(x, Int32Array.from(vals, (val) => valueNum.get(val) ?? valueNum.set(val, valueNum.size).size - 1));
  const owner = new Int32Array(valueNum.size);
  const seen = new Int32Array(valueNum.size);
  let stamp = 0;
  const augment = (x: number): boolean => {
    for (const val of opts.get(x)!) {
      if (seen[val] === stamp) continue;
      seen[val] = stamp;
      if (owner[val] === -1 || augment(owner[val]!)) {
        owner[val] = x;
        return true;
      }
    }
    return false;
  };
  // Started afresh when full, as the counter's own cache is: a long count asks without end.
  const known = new Map<string, boolean>();
  return (sel) => {
    if (sel.length > valueNum.size) return false;
    const key = sel.join(",");
    let ok = known.get(key);
    if (ok === undefined) {
      owner.fill(-1);
      ok = true;
      for (const x of sel) {
        stamp++;
        if (!augment(x)) {
          ok = false;
          break;
        }
      }
      if (known.size >= DISTINCT_KNOWN_MAX) known.clear();
      known.set(key, ok);
    }
    return ok;
  };
}
