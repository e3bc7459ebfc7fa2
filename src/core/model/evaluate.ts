/**
 * Direct evaluation of a concrete stack against the rules, without a solver: used by `check`
 * to list every violated rule, and to compute a stack's cost at each objective level.
 * Written from PRODUCT.md's semantics, apart from the clause encoding, so the two check each other:
 * a rule added or changed in build.ts is added or changed here too (see build.ts's header for the
 * property tests that hold them together).
 */
import { assigningType, conflictPairs, hasTag, integrationPartners, tagFilterText, tagFilterWords, tagWords, type Catalog, type Plugin, type TagKey } from "../catalog/catalog.js";
import { typeWords } from "../common/words.js";
import { checkBudget, type Budget } from "../common/budget.js";
import type { SourcePos } from "../common/diagnostics.js";
import { gapCount, gapRows, preferredValues, requestedCapabilities } from "./scope.js";
import { originOf, tagPreferences, tagRuleMessage, type ResolvedRequest } from "./request.js";

export interface Violation {
  rule: "conflict" | "cardinality" | "facet" | "requires" | "need" | "request" | "tag" | "integration";
  message: string;
  plugins: string[];
  source: SourcePos;
}

export interface Selection {
  ids: string[];
  /** Facet values given for plugins (from a stack file or a solution). */
  facets: Map<string, string>;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** "a, b, c", or the first ten and how many more: a message stays readable for any stack. */
const listed = (ids: readonly string[]) => (ids.length <= 10 ? ids.join(", ") : `${ids.slice(0, 10).join(", ")} and ${ids.length - 10} more`);

/**
 * Finds an assignment of distinct values to plugins (bipartite matching, augmenting paths),
 * keeping the fixed ones. Returns undefined when none exists.
 */
export function assignDistinct(options: Map<string, string[]>, fixed: Map<string, string>): Map<string, string> | undefined {
  const owner = new Map<string, string>();
  const result = new Map<string, string>();
  for (const [id, v] of fixed) {
    if (owner.has(v)) return undefined;
    owner.set(v, id);
    result.set(id, v);
  }
  const free = [...options.keys()].filter((id) => !fixed.has(id)).sort(byId);
  const tryAssign = (id: string, seen: Set<string>): boolean => {
    for (const v of options.get(id) ?? []) {
      if (seen.has(v)) continue;
      seen.add(v);
      const cur = owner.get(v);
      if (cur === undefined || (!fixed.has(cur) && tryAssign(cur, seen))) {
        owner.set(v, id);
        result.set(id, v);
        return true;
      }
    }
    return false;
  };
  for (const id of free) if (!tryAssign(id, new Set())) return undefined;
  return result;
}

export interface Evaluation {
  violations: Violation[];
  /** Soft findings: integration gaps in soft mode. */
  warnings: Violation[];
  /** Assigned facet values (given, or found) for plugins whose type assigns one. */
  facets: Map<string, string>;
}

export function evaluateStack(catalog: Catalog, req: ResolvedRequest, sel: Selection, budget?: Budget): Evaluation {
  const checkpoint = () => budget && checkBudget(budget);
  checkpoint();
  const V: Violation[] = [];
  const W: Violation[] = [];
  const chosen = new Set(sel.ids);
  const requested = requestedCapabilities(catalog, req);
  const plugins = [...chosen].sort(byId).map((id) => catalog.plugins.get(id)!);

  for (const { a, b, pos } of conflictPairs(catalog, chosen)) {
    if (chosen.has(a) && chosen.has(b)) V.push({ rule: "conflict", message: `${a} and ${b} cannot be used together`, plugins: [a, b], source: pos });
  }

  checkpoint();
  const ofType = new Map<string, typeof plugins>();
  for (const p of plugins) for (const t of p.types) (ofType.get(t) ?? ofType.set(t, []).get(t)!).push(p);
  const facets = new Map<string, string>();
  for (const td of catalog.types.values()) {
    const members = ofType.get(td.name) ?? [];
    const rule = `type ${td.name}: ${td.seedRule}`;
    const noun = typeWords(td.name);
    if (td.rule === "single" || (td.rule === "per_use_case" && req.useCases.length === 0)) {
      if (members.length > 1) V.push({ rule: "cardinality", message: `at most one ${noun} may be selected${td.rule === "per_use_case" ? ", with no use case requested" : ""}, but the stack has ${members.length}: ${listed(members.map((p) => p.id))} (${rule})`, plugins: members.map((p) => p.id), source: td.pos });
    } else if (td.rule === "per_facet") {
      const byValue = new Map<string, string[]>();
      for (const p of members) for (const v of p.facets[td.facet!] ?? []) (byValue.get(v) ?? byValue.set(v, []).get(v)!).push(p.id);
      for (const v of [...byValue.keys()].sort(byId)) {
        const ids = byValue.get(v)!;
        if (ids.length > 1) V.push({ rule: "cardinality", message: `at most one ${noun} with ${td.facet} ${v} may be selected, but the stack has ${listed(ids)} (${rule})`, plugins: ids, source: td.pos });
      }
    } else if (td.rule === "distinct_facet" || td.rule === "per_use_case") {
      const facetName = td.rule === "per_use_case" ? "use case" : td.facet!;
      const assigned = members.filter((p) => assigningType(catalog, p) === td);
      const options = new Map<string, string[]>();
      const fixed = new Map<string, string>();
      for (const p of assigned) {
        // In the order the tie-break prefers them, as the model's: a value in which it serves the request first.
        const vals = preferredValues(catalog, td, p, req.useCases, requested);
        options.set(p.id, vals);
        const given = sel.facets.get(p.id);
        if (given !== undefined) {
          if (vals.includes(given)) fixed.set(p.id, given);
          else V.push({ rule: "facet", message: `${p.id} cannot be assigned ${facetName} ${given}; expected one of ${vals.join(", ") || "(none)"}`, plugins: [p.id], source: p.keyPos["facets"] ?? p.pos });
        }
      }
      // Two plugins given the same value.
      const givenBy = new Map<string, string[]>();
      for (const [id, v] of fixed) (givenBy.get(v) ?? givenBy.set(v, []).get(v)!).push(id);
      let clash = false;
      for (const [v, ids] of [...givenBy].sort((x, y) => byId(x[0], y[0]))) {
        if (ids.length > 1) {
          clash = true;
          V.push({ rule: "cardinality", message: `no two ${noun} plugins may share the ${facetName} ${td.rule === "per_use_case" ? (catalog.useCases.get(v)?.name ?? v) : v}, but ${ids.sort(byId).join(" and ")} both have it (${rule})`, plugins: ids, source: td.pos });
        }
      }
      if (clash) continue;
      const m = assignDistinct(options, fixed);
      if (!m) {
        const ids = assigned.map((p) => p.id);
        // One of a type per requested use case, and more of them than use cases: said as a count.
        if (td.rule === "per_use_case" && fixed.size === 0 && ids.length > req.useCases.length && ids.every((id) => options.get(id)!.length === req.useCases.length)) {
          const ucs = req.useCases.map((u) => catalog.useCases.get(u)?.name ?? u);
          V.push({ rule: "cardinality", message: `one ${noun} per requested use case, but the stack has ${ids.length} for ${ucs.length} (${ucs.join(", ")}): ${listed(ids)} (${rule})`, plugins: ids, source: td.pos });
          continue;
        }
        // A value the stack gives a plugin is its only one here: said as such, with what it could take.
        const values = (id: string) => {
          const all = options.get(id)!.join("/") || "none";
          const given = fixed.get(id);
          return given === undefined ? `${id}: ${all}` : `${id}: ${given}, as the stack gives it (its values: ${all})`;
        };
        // At most ten named, as `listed` names them: a stack of thousands made a message of megabytes.
        const shown = ids.slice(0, 10);
        V.push({ rule: "cardinality", message: `${listed(ids)} cannot each be given a different ${facetName} (${rule}); their values: ${shown.map(values).join("; ")}${ids.length > shown.length ? `; and ${ids.length - shown.length} more` : ""}`, plugins: ids, source: td.pos });
      } else for (const [id, v] of m) facets.set(id, v);
    }
  }

  checkpoint();
  for (const p of plugins) {
    for (const r of p.requires) {
      if (!r.anyOf.some((id) => chosen.has(id))) V.push({ rule: "requires", message: `${p.id} requires ${r.anyOf.length === 1 ? r.anyOf[0] : `one of ${r.anyOf.join(", ")}`}, which the stack lacks: ${r.reason}`, plugins: [p.id, ...r.anyOf], source: r.pos });
    }
  }

  for (const ucId of req.useCases) {
    const uc = catalog.useCases.get(ucId)!;
    for (const need of uc.needs) {
      if (!plugins.some((p) => p.capabilities.includes(need.id))) {
        const all = [...catalog.plugins.values()].filter((p) => p.capabilities.includes(need.id));
        // Those the request allows first; the others said as ruled out by it (an addition among them is no way out).
        const allows = (p: Plugin) => !req.exclude.includes(p.id) && req.only.every((f) => hasTag(p, f)) && req.useCases.every((u) => catalog.useCases.get(u)!.tagRules.every((f) => hasTag(p, f)));
        const allowed = all.filter(allows).map((p) => p.id);
        const ruledOut = all.filter((p) => !allows(p)).map((p) => p.id);
        const by = allowed.length ? `provided by ${listed(allowed)}` : all.length ? "provided by no plugin the request allows" : "provided by no plugin";
        V.push({ rule: "need", message: `${uc.name} needs ${need.id}, which no plugin of the stack provides (${by}${ruledOut.length ? `; ${listed(ruledOut)} ruled out by the request` : ""})`, plugins: all.map((p) => p.id), source: need.pos });
      }
    }
  }

  for (const id of req.require) if (!chosen.has(id)) V.push({ rule: "request", message: `you required ${id}, but the stack lacks it`, plugins: [id], source: originOf(req, "require", id) });
  for (const id of req.exclude) if (chosen.has(id)) V.push({ rule: "request", message: `you excluded ${id}, but the stack has it`, plugins: [id], source: originOf(req, "exclude", id) });
  // What each plugin the filter rules out has instead ("pinecone-plugin has hosting managed").
  const lacking = (bad: string[], key: TagKey) => listed(bad.map((id) => `${id} has ${tagWords(catalog.plugins.get(id)!, key)}`));
  for (const f of req.only) {
    const bad = plugins.filter((p) => !hasTag(p, f)).map((p) => p.id);
    if (bad.length) V.push({ rule: "request", message: `you asked only for plugins with ${tagFilterWords(f)}, but ${lacking(bad, f.key)}`, plugins: bad, source: originOf(req, "only", tagFilterText(f)) });
  }
  for (const ucId of req.useCases) {
    const uc = catalog.useCases.get(ucId)!;
    for (const rule of uc.tagRules) {
      const bad = plugins.filter((p) => !hasTag(p, rule)).map((p) => p.id);
      if (bad.length) V.push({ rule: "tag", message: `${tagRuleMessage(uc.name, rule)}, but ${lacking(bad, rule.key)}`, plugins: bad, source: rule.pos });
    }
  }

  checkpoint();
  // Integrations: strict -> violations; soft -> warnings for gaps. A plugin integrates with a
  // selected plugin of a category when one of its partners (either direction) fills that type.
  const partners = integrationPartners(catalog);
  for (const a of plugins) {
    for (const cat of Object.keys(a.integrations)) {
      const t = catalog.categories.get(cat);
      if (!t) continue;
      const others = (ofType.get(t) ?? []).filter((b) => b.id !== a.id);
      if (others.length === 0 || [...(partners.get(a.id) ?? [])].some((b) => chosen.has(b) && catalog.plugins.get(b)!.types.includes(t))) continue;
      // A soft gap with plugins the stack may not hold beside it anyway (a conflict, said above
      // as a broken rule) is no further news.
      const clash = (b: Plugin) => a.conflicts.some((r) => r.id === b.id) || b.conflicts.some((r) => r.id === a.id);
      if (req.integrations !== "strict" && others.every(clash)) continue;
      const msg = `${a.id} integrates with no selected ${typeWords(t)} (the stack has ${listed(others.map((b) => b.id))})`;
      // The plugin and those the message names (at most ten of the type; it counts the rest): each
      // plugin's warning listing every other of a type made a stack of 30,000 plugins a report of
      // more than a gigabyte, which JSON could not hold.
      const v: Violation = { rule: "integration", message: msg, plugins: [a.id, ...others.slice(0, 10).map((b) => b.id)], source: a.keyPos[`integration_points.${cat}`] ?? a.keyPos["integration_points"] ?? a.pos };
      (req.integrations === "strict" ? V : W).push(v);
    }
  }
  return { violations: V, warnings: W, facets };
}

/** One thing a stack pays for at an objective level: in words, with its weight and where it is stated. */
export interface CostTerm {
  /** The same for the same thing in any stack (two stacks' terms are compared by it). */
  key: string;
  message: string;
  weight: number;
  source?: SourcePos;
}

const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`;

/**
 * What a concrete stack pays for at one objective level, term by term (the sum of their weights
 * is its cost there, as `stackCost` counts it): the wishes it breaks, the suggested capabilities
 * it lacks, each plugin's place in its type's precedence list, its integration gaps, its plugins.
 * `why` and `why-not` compare two stacks' terms to say what decided between them.
 */
export function costTerms(catalog: Catalog, req: ResolvedRequest, ids: readonly string[], objective: string): CostTerm[] {
  const chosen = new Set(ids);
  const plugins = [...chosen].sort(byId).map((id) => catalog.plugins.get(id)!);
  const out: CostTerm[] = [];
  if (objective === "wishes") {
    for (const id of req.avoid) if (chosen.has(id)) out.push({ key: `avoid:${id}`, message: `you avoided ${id}, and the stack has it`, weight: 1, source: originOf(req, "avoid", id) });
    for (const id of req.prefer) if (!chosen.has(id)) out.push({ key: `prefer:${id}`, message: `you preferred ${id}, and the stack lacks it`, weight: 1, source: originOf(req, "prefer", id) });
    for (const pref of tagPreferences(catalog, req)) {
      const text = tagFilterText(pref);
      const by = req.useCases.flatMap((u) => catalog.useCases.get(u)!.tagPreferences.filter((t) => tagFilterText(t) === text).map((t) => ({ who: catalog.useCases.get(u)!.name, pos: t.pos })));
      const mine = req.preferTags.some((t) => tagFilterText(t) === text);
      const who = [...(mine ? ["you"] : []), ...by.map((b) => b.who)].join(" and ");
      const source = mine ? originOf(req, "preferTags", text) : by[0]?.pos;
      for (const p of plugins) {
        if (hasTag(p, pref)) continue;
        out.push({ key: `tag:${text}:${p.id}`, message: `${p.id} has ${tagWords(p, pref.key)}, where ${who} ${mine || by.length > 1 ? "prefer" : "prefers"} ${tagFilterWords(pref)}`, weight: 1, ...(source ? { source } : {}) });
      }
    }
  } else if (objective === "suggestions") {
    const by = new Map<string, { who: string[]; pos: SourcePos }>();
    for (const u of req.useCases) {
      const uc = catalog.useCases.get(u)!;
      for (const s of uc.suggests) (by.get(s.id) ?? by.set(s.id, { who: [], pos: s.pos }).get(s.id)!).who.push(uc.name);
    }
    for (const [cap, { who, pos }] of [...by].sort((a, b) => byId(a[0], b[0])))
      if (!plugins.some((p) => p.capabilities.includes(cap))) out.push({ key: `suggest:${cap}`, message: `the stack lacks ${cap}, which ${who.join(" and ")} ${who.length > 1 ? "suggest" : "suggests"}`, weight: 1, source: pos });
  } else if (objective === "precedence") {
    for (const [t, { list, pos }] of [...catalog.precedence].sort((a, b) => byId(a[0], b[0]))) {
      for (const p of plugins) {
        if (!p.types.includes(t)) continue;
        const i = list.findIndex((r) => r.id === p.id);
        const rank = i < 0 ? list.length : i;
        if (rank === 0) continue;
        const message = i < 0 ? `${p.id} is not in the ${typeWords(t)} precedence list, so it ranks after the ${list.length === 1 ? "plugin" : `${list.length} plugins`} listed there` : `${p.id} ranks ${ordinal(i + 1)} among ${typeWords(t)} plugins in precedence`;
        out.push({ key: `rank:${t}:${p.id}`, message, weight: rank, source: i < 0 ? pos : list[i]!.pos });
      }
    }
  } else if (objective === "integration-gaps") {
    const row = gapRows(catalog, [...chosen].sort(byId));
    for (const a of [...chosen].sort(byId)) for (const b of row(a)) if (a < b) out.push({ key: `gap:${a}:${b}`, message: `${a} and ${b} are related but integrate in neither direction`, weight: 1 });
  } else if (objective === "plugins") {
    for (const p of plugins) out.push({ key: `plugin:${p.id}`, message: `the stack holds ${p.id}`, weight: 1 });
  }
  return out;
}

/**
 * The cost of a concrete stack at each objective level, in the catalog's order: its `costTerms`
 * added up, the integration gaps counted without listing them (their pairs grow with the square
 * of the stack).
 */
export function stackCost(catalog: Catalog, req: ResolvedRequest, ids: readonly string[], budget?: Budget): { objective: string; value: number }[] {
  return catalog.objectives.map((o) => ({
    objective: o,
    value: o === "integration-gaps" ? gapCount(catalog, ids, budget) : costTerms(catalog, req, ids, o).reduce((n, t) => n + t.weight, 0),
  }));
}
