/**
 * The constraint model: catalog + request -> labelled clauses.
 *
 * The solver layer (core/solve/) sees only what is built here: variables (named in vars.ts),
 * clauses grouped into labelled constraints (kind, a sentence, the file:line it comes from), user
 * requests guarded by selector variables, the facet choices, and objective levels as weighted
 * literals. It never sees a plugin.
 *
 * Every hard rule is written twice, on purpose: as clauses here, and as a direct check of a
 * concrete stack in evaluate.ts (`check`'s violations, every stack's cost). A rule added or
 * changed here is added or changed there too; test/properties.test.ts holds the two to each other
 * and to a brute-force oracle (prop_every_returned_stack_is_valid,
 * prop_check_costs_any_stack_as_the_oracle_does, and test/support/oracle.ts, a third reading).
 */
import { assigningType, conflictPairs, hasTag, integrationListings, integrationPartners, tagFilterText, tagFilterWords, type Catalog, type ObjectiveName, type Plugin } from "../catalog/catalog.js";
import { typeWords } from "../common/words.js";
import { atMostOne, type Choice, type Clause, type Labelled, type Lit, type Model, type ObjectiveTerm, type UserRequest } from "../solve/types.js";
import { originOf, tagPreferences, tagRuleMessage, type ResolvedRequest } from "./request.js";
import { gapRows, preferredValues, reachablePlugins, requestedCapabilities } from "./scope.js";
import { cv, fv, gv, mv, pv, sv } from "./vars.js";

/** The kinds of labelled constraints this layer makes ("definition" is the solver's own). */
export type ConstraintKind = "conflict" | "cardinality" | "facet" | "requires" | "integration" | "definition";
/** The kinds of user requests. */
export type RequestKind = "require" | "exclude" | "only" | "need" | "tag" | "pin";

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * "it lists mlflow-plugin; it lists comet-plugin under experiment_trackers; clearml-plugin lists
 * it, marked unsure": the partners a plugin lists in the category the rule cites (its line), then those it
 * lists under another category (named), then those that list it in their own files; an entry
 * marked unsure said so. "It integrates with clearml-plugin, mlflow-plugin" cited a line naming
 * mlflow only. From the catalog's index of listings, so that a model of 10,000 plugins pays a
 * lookup a partner.
 */
function partnersWords(catalog: Catalog, a: Plugin, category: string, partners: readonly string[]): string {
  const listings = integrationListings(catalog);
  const mine = listings.get(a.id);
  const clauses: string[] = [];
  // A clause for the sure entries of a group, another for those marked unsure.
  const say = (ids: { id: string; unsure: boolean }[], words: (list: string, n: number) => string) => {
    for (const unsure of [false, true]) {
      const these = ids.filter((x) => x.unsure === unsure).map((x) => x.id);
      if (these.length) clauses.push(`${words(these.join(", "), these.length)}${unsure ? ", marked unsure" : ""}`);
    }
  };
  const here = partners.flatMap((id) => {
    const ref = a.integrations[category]?.find((r) => r.id === id);
    return ref ? [{ id, unsure: !!ref.unsure }] : [];
  });
  say(here, (list) => `it lists ${list}`);
  const under = new Map<string, { id: string; unsure: boolean }[]>();
  for (const id of partners) {
    const l = mine?.get(id);
    if (!l || here.some((x) => x.id === id)) continue;
    (under.get(l.category) ?? under.set(l.category, []).get(l.category)!).push({ id, unsure: !!l.ref.unsure });
  }
  for (const [c, ids] of under) say(ids, (list) => `it lists ${list} under ${c}`);
  say(
    partners.filter((id) => !mine?.has(id)).map((id) => ({ id, unsure: !!listings.get(id)?.get(a.id)?.ref.unsure })),
    (list, n) => `${list} ${n === 1 ? "lists" : "list"} it`,
  );
  return clauses.join("; ");
}


/**
 * The model of a request. With scope "reachable" (the default) only the plugins a best stack can
 * use get variables (see reachablePlugins: exact for recommend, explain, repair and why); the
 * others are absent, i.e. not selected. Scope "all" keeps every plugin, for questions about any
 * plugin (analyze, sample, generated stacks).
 *
 * The rules in the order the solver gets them: conflicts, each type's cardinality (and the facet
 * choices), requires, strict integrations, the user's requests, then the objective levels (with
 * the definitions they need).
 */
export function buildModel(catalog: Catalog, req: ResolvedRequest, scope: "reachable" | "all" | ReadonlySet<string> = "reachable", opts: { eagerGaps?: boolean } = {}): Model {
  const among = scope === "all" ? undefined : scope === "reachable" ? reachablePlugins(catalog, req) : scope;
  const plugins = [...catalog.plugins.values()].filter((p) => !among || among.has(p.id));
  const typeIndex = new Map<string, Plugin[]>();
  for (const p of plugins) for (const t of p.types) typeIndex.set(t, [...(typeIndex.get(t) ?? []), p]);
  const ctx: Building = { catalog, req, plugins, among, ofType: (t) => typeIndex.get(t) ?? [], inScope: (id) => !among || among.has(id), constraints: [] };
  conflictRules(ctx);
  const choices = typeRules(ctx);
  requiresRules(ctx);
  if (req.integrations === "strict") strictIntegrationRules(ctx);
  const requests = userRequests(ctx);
  const { levels, gaps } = objectiveLevels(ctx, opts.eagerGaps ?? false);
  return {
    vars: plugins.map((p) => pv(p.id)),
    choices,
    constraints: ctx.constraints,
    requests,
    objectives: catalog.objectives.map((name) => ({ name, terms: levels.get(name)!, ...(name === "integration-gaps" && !opts.eagerGaps ? { lazy: gaps } : {}) })),
  };
}

/** What the steps of one model share: the plugins in scope, by type, and the rules so far. */
interface Building {
  catalog: Catalog;
  req: ResolvedRequest;
  /** The plugins that get variables. */
  plugins: Plugin[];
  /** The scope (undefined: every plugin). */
  among: ReadonlySet<string> | undefined;
  ofType(type: string): Plugin[];
  inScope(id: string): boolean;
  /** Typed by this layer's kinds, which conflicts and repairs name in JSON (result.ts). */
  constraints: (Labelled & { kind: ConstraintKind })[];
}

const providersOf = (ctx: Building, cap: string): string[] => ctx.plugins.filter((p) => p.capabilities.includes(cap)).map((p) => p.id);

/** Conflicts: (¬a ∨ ¬b), symmetric whichever side lists it. */
function conflictRules({ catalog, among, constraints }: Building): void {
  for (const { a, b, pos } of conflictPairs(catalog, among)) {
    constraints.push({ kind: "conflict", message: `${a} and ${b} cannot be used together`, source: pos, subjects: [a, b], clauses: [[`-${pv(a)}`, `-${pv(b)}`]] });
  }
}

/** Each type's cardinality rule, and the facet value each assigning plugin gets (its choices). */
function typeRules({ catalog, req, ofType, constraints }: Building): Choice[] {
  const choices: Choice[] = [];
  const requested = requestedCapabilities(catalog, req);
  for (const td of catalog.types.values()) {
    const members = ofType(td.name);
    const src = td.pos;
    const rule = `type ${td.name}: ${td.seedRule}`;
    if (td.rule === "single" || (td.rule === "per_use_case" && req.useCases.length === 0)) {
      if (members.length > 1)
        constraints.push({ kind: "cardinality", message: `at most one ${typeWords(td.name)} may be selected${td.rule === "per_use_case" ? ", with no use case requested" : ""} (${rule})`, source: src, subjects: members.map((p) => p.id), clauses: atMostOne(members.map((p) => pv(p.id)), cv(td.name)) });
    } else if (td.rule === "per_facet") {
      const byValue = new Map<string, Plugin[]>();
      for (const p of members) for (const v of p.facets[td.facet!] ?? []) byValue.set(v, [...(byValue.get(v) ?? []), p]);
      for (const v of [...byValue.keys()].sort(byId)) {
        const ps = byValue.get(v)!;
        if (ps.length > 1)
          constraints.push({ kind: "cardinality", message: `at most one ${typeWords(td.name)} with ${td.facet} ${v} may be selected (${rule})`, source: src, subjects: ps.map((p) => p.id), clauses: atMostOne(ps.map((p) => pv(p.id)), cv(td.name, v)) });
      }
    } else if (td.rule === "distinct_facet" || td.rule === "per_use_case") {
      // Values in the order the tie-break prefers them: first those in which the plugin serves the request.
      const valuesOf = (p: Plugin) => preferredValues(catalog, td, p, req.useCases, requested);
      const facetName = td.rule === "per_use_case" ? "use case" : td.facet!;
      const byValue = new Map<string, string[]>();
      for (const p of members) {
        if (assigningType(catalog, p) !== td) continue;
        const vals = valuesOf(p);
        // p selected -> exactly one assigned value; an assigned value -> p selected.
        const fs = vals.map((v) => fv(p.id, v));
        constraints.push({
          kind: "facet",
          message: `${p.id}, when selected, is assigned exactly one ${facetName}${td.rule === "per_use_case" ? " of the request" : ` of its own (${vals.join(", ")})`}`,
          source: td.rule === "per_use_case" ? src : (p.keyPos["facets"] ?? p.pos),
          subjects: [p.id],
          clauses: [[`-${pv(p.id)}`, ...fs], ...fs.map((f) => [`-${f}`, pv(p.id)]), ...atMostOne(fs, cv(p.id, "facet"))],
        });
        choices.push({ owner: pv(p.id), options: fs });
        for (const v of vals) byValue.set(v, [...(byValue.get(v) ?? []), p.id]);
      }
      for (const v of [...byValue.keys()].sort(byId)) {
        const ids = byValue.get(v)!;
        if (ids.length > 1)
          constraints.push({ kind: "cardinality", message: `no two ${typeWords(td.name)} plugins may share the ${facetName} ${td.rule === "per_use_case" ? (catalog.useCases.get(v)?.name ?? v) : v} (${rule})`, source: src, subjects: ids, clauses: atMostOne(ids.map((id) => fv(id, v)), cv(td.name, v)) });
      }
    }
  }
  return choices;
}

/** Requires: p -> (q1 ∨ q2 ∨ ...). */
function requiresRules({ catalog, plugins, inScope, constraints }: Building): void {
  for (const p of plugins) {
    for (const r of p.requires) {
      const targets = r.anyOf.filter((id) => catalog.plugins.has(id) && inScope(id));
      constraints.push({
        kind: "requires",
        message: `${p.id} requires ${targets.length === 1 ? targets[0] : `one of ${targets.join(", ")}`}: ${r.reason}`,
        source: r.pos,
        subjects: [p.id, ...targets],
        clauses: [[`-${pv(p.id)}`, ...targets.map(pv)]],
      });
    }
  }
}

/**
 * Strict integrations: A selected, B of a category A declares selected -> some partner of A in that category selected.
 * As one clause per (A, category): A ∧ (some other plugin of the type) -> some partner, which is
 * the same rule, since a selected partner is one of the others. It was a clause per plugin B of
 * the type that is no partner, |type| clauses each: 10,000 sparse plugins ran out of memory.
 * "Some other plugin of the type" is a chain over the type's members (`anyOf`), defined once per
 * type: for A outside the type "at least one member", for A of the type "at least two".
 */
function strictIntegrationRules({ catalog, plugins, ofType, constraints }: Building): void {
  const chains = new Map<string, { any: Lit; two: Lit }>();
  const anyOf = (t: string) => {
    let c = chains.get(t);
    if (c) return c;
    const members = ofType(t).map((p) => pv(p.id));
    const s = (i: number) => cv("strict", t, "any", String(i));
    const w = (i: number) => cv("strict", t, "two", String(i));
    // s_i: one of the first i + 1 members is selected; w_i: two of them are. Each defined both
    // ways, so every variable has one value for a selection (a count of the model stays exact).
    const clauses: Clause[] = [[`-${s(0)}`, members[0]!], [`-${members[0]!}`, s(0)], [`-${w(0)}`]];
    for (let i = 1; i < members.length; i++) {
      const x = members[i]!;
      clauses.push([`-${s(i - 1)}`, s(i)], [`-${x}`, s(i)], [`-${s(i)}`, s(i - 1), x]);
      clauses.push([`-${w(i - 1)}`, w(i)], [`-${s(i - 1)}`, `-${x}`, w(i)], [`-${w(i)}`, w(i - 1), s(i - 1)], [`-${w(i)}`, w(i - 1), x]);
    }
    const last = members.length - 1;
    constraints.push({ kind: "definition", message: `how many ${typeWords(t)} plugins are selected: none, one, or two or more`, source: catalog.types.get(t)?.pos ?? catalog.objectivesPos, subjects: ofType(t).map((p) => p.id), clauses });
    chains.set(t, (c = { any: s(last), two: w(last) }));
    return c;
  };
  // A's partners of a type from the catalog's partner index (a few each), not by asking every
  // member of the type (10,000 plugins: 20 million questions, 15 s).
  const partnerIds = integrationPartners(catalog);
  const rankIn = new Map<string, Map<string, number>>();
  const rankOf = (t: string) => rankIn.get(t) ?? rankIn.set(t, new Map(ofType(t).map((p, i) => [p.id, i]))).get(t)!;
  for (const a of plugins) {
    for (const cat of Object.keys(a.integrations)) {
      const t = catalog.categories.get(cat);
      if (!t) continue;
      const rank = rankOf(t);
      const partners = [...(partnerIds.get(a.id) ?? [])].filter((id) => id !== a.id && rank.has(id)).sort((x, y) => rank.get(x)! - rank.get(y)!);
      // No member of the type other than A's partners: nothing to require.
      if (ofType(t).length - (rank.has(a.id) ? 1 : 0) === partners.length) continue;
      const chain = anyOf(t);
      constraints.push({
        kind: "integration",
        message: `${a.id} must integrate with ${rank.has(a.id) ? "any other" : "the"} selected ${typeWords(t)}${partners.length ? ` (${partnersWords(catalog, a, cat, partners)})` : " (it integrates with none in the catalog)"}`,
        source: a.keyPos[`integration_points.${cat}`] ?? a.keyPos["integration_points"] ?? a.pos,
        subjects: [a.id, ...partners],
        clauses: [[`-${pv(a.id)}`, `-${rank.has(a.id) ? chain.two : chain.any}`, ...partners.map(pv)]],
      });
    }
  }
}

/** The user's requests, each guarded by its selector: s -> constraint. */
function userRequests(ctx: Building): (UserRequest & { kind: RequestKind })[] {
  const { catalog, req, plugins, inScope } = ctx;
  const requests: (UserRequest & { kind: RequestKind })[] = [];
  const addRequest = (r: Omit<UserRequest, "selector" | "clauses"> & { kind: RequestKind; clauses: Clause[] }) => {
    const selector = sv(requests.length);
    requests.push({ ...r, selector, clauses: r.clauses.map((c) => [`-${selector}`, ...c]) });
  };
  for (const pin of req.pins) {
    const clauses: Clause[] = [[pv(pin.id)]];
    if (pin.facet !== undefined) clauses.push([fv(pin.id, pin.facet)]);
    addRequest({ kind: "pin", value: pin.facet !== undefined ? `${pin.id} (${pin.facet})` : pin.id, message: `the stack file lists ${pin.id}${pin.facet !== undefined ? ` with ${pin.facet}` : ""}`, source: pin.pos, subjects: [pin.id], clauses });
  }
  for (const id of req.require) addRequest({ kind: "require", value: id, message: `you required ${id}`, source: originOf(req, "require", id), subjects: [id], clauses: [[pv(id)]] });
  for (const id of req.exclude) addRequest({ kind: "exclude", value: id, message: `you excluded ${id}`, source: originOf(req, "exclude", id), subjects: [id], clauses: inScope(id) ? [[`-${pv(id)}`]] : [] });
  for (const f of req.only) {
    const out = plugins.filter((p) => !hasTag(p, f)).map((p) => p.id);
    addRequest({ kind: "only", value: tagFilterText(f), message: `you asked only for plugins with ${tagFilterWords(f)}`, source: originOf(req, "only", tagFilterText(f)), subjects: out, clauses: out.map((id) => [`-${pv(id)}`]) });
  }
  for (const ucId of req.useCases) {
    const uc = catalog.useCases.get(ucId)!;
    for (const need of uc.needs) {
      const ps = providersOf(ctx, need.id);
      addRequest({ kind: "need", value: `${uc.id}: ${need.id}`, message: `${uc.name} needs ${need.id}${ps.length ? ` (provided by ${ps.join(", ")})` : " (which no plugin provides)"}`, source: need.pos, subjects: ps, clauses: [ps.map(pv)] });
    }
    // A hard tag rule of a use case: every selected plugin has the tag.
    for (const rule of uc.tagRules) {
      const out = plugins.filter((p) => !hasTag(p, rule)).map((p) => p.id);
      addRequest({ kind: "tag", value: `${uc.id}: ${tagFilterText(rule)}`, message: tagRuleMessage(uc.name, rule), source: rule.pos, subjects: out, clauses: out.map((id) => [`-${pv(id)}`]) });
    }
  }
  return requests;
}

/** The objective levels' terms, and the integration gaps revealed as the search selects plugins (`gaps`, the lazy level). */
function objectiveLevels(ctx: Building, eagerGaps: boolean) {
  const { catalog, req, plugins, ofType, inScope, constraints } = ctx;
  const levels = new Map<ObjectiveName, ObjectiveTerm[]>();
  // An avoided plugin out of scope is never selected: it costs nothing (preferred ones are seeds).
  // A soft tag preference of the use cases (each distinct one once): each selected plugin without
  // the tag costs 1 here, as an avoided plugin does.
  const wishes = new Map<string, number>();
  const wish = (lit: string) => wishes.set(lit, (wishes.get(lit) ?? 0) + 1);
  for (const id of req.avoid.filter(inScope)) wish(pv(id));
  for (const id of req.prefer) wish(`-${pv(id)}`);
  for (const pref of tagPreferences(catalog, req)) for (const p of plugins) if (!hasTag(p, pref)) wish(pv(p.id));
  levels.set("wishes", [...wishes].map(([lit, weight]) => ({ lit, weight })));

  const suggested = new Set<string>();
  for (const ucId of req.useCases) for (const s of catalog.useCases.get(ucId)!.suggests) suggested.add(s.id);
  const sugTerms: ObjectiveTerm[] = [];
  for (const cap of [...suggested].sort(byId)) {
    const m = mv(cap);
    const ps = providersOf(ctx, cap).map(pv);
    // m <-> no provider selected: (m ∨ p1 ∨ ... ∨ pn) and (¬m ∨ ¬pi) for each i.
    constraints.push({ kind: "definition", message: `${cap} is missing exactly when no selected plugin provides it`, source: catalog.capabilities.get(cap)?.pos ?? catalog.objectivesPos, subjects: providersOf(ctx, cap), clauses: [[m, ...ps], ...ps.map((x) => [`-${m}`, `-${x}`])] });
    sugTerms.push({ lit: m, weight: 1 });
  }
  levels.set("suggestions", sugTerms);

  const rank = new Map<string, number>();
  for (const [t, { list }] of catalog.precedence) {
    for (const p of ofType(t)) {
      const i = list.findIndex((r) => r.id === p.id);
      rank.set(p.id, (rank.get(p.id) ?? 0) + (i < 0 ? list.length : i));
    }
  }
  levels.set("precedence", [...rank].filter(([, w]) => w > 0).sort((a, b) => byId(a[0], b[0])).map(([id, w]) => ({ lit: pv(id), weight: w })));

  // Integration gaps are lazy: related pairs grow with the square of the catalog, but a stack
  // holds a handful of plugins. Each gap becomes g:A:B with A ∧ B -> g:A:B: only the direction a
  // minimisation needs (a stack's gaps are all true; no counter reads g, they count the pairs,
  // and costs are read from the plugins: g only carries the soft assumption ¬g of the level's
  // core-guided search, which is exactly ¬(A ∧ B)). The other direction made every plugin assumed out
  // propagate its whole gap row, again at each restart (sparse 1k: 10,000+ propagations per
  // conflict). Each term also names its pair (A, the plugin whose row revealed it, and B), which
  // counters use to count gaps row by row from the plugins. A wide reveal gives the whole
  // gap row of each plugin selected (every possible gap with a plugin in scope), not only the
  // solution's own gaps: a search that must avoid gaps (see `Level.reveal` in engine.ts) then
  // avoids every gap of the plugins it has tried, instead of finding them a stack at a time.
  levels.set("integration-gaps", []);
  const gapRow = gapRows(catalog, plugins.map((p) => p.id));
  const gaps = (isTrue: (v: string) => boolean, wide = false) => {
    const selected = plugins.filter((p) => isTrue(pv(p.id))).map((p) => p.id);
    const terms: ObjectiveTerm[] = [];
    const clauses: Clause[] = [];
    const done = new Set<string>();
    let cost = 0;
    const isSelected = new Set(selected);
    for (const a of selected) {
      for (const b of gapRow(a)) {
        if (!wide && !isSelected.has(b)) continue;
        const [x, y] = a < b ? [a, b] : [b, a];
        const g = gv(x, y);
        if (done.has(g)) {
          cost++; // listed from both ends: both are selected
          continue;
        }
        done.add(g);
        terms.push({ lit: g, weight: 1, pair: [pv(a), pv(b)] });
        clauses.push([`-${pv(x)}`, `-${pv(y)}`, g]);
      }
    }
    return { terms, clauses, cost };
  };
  levels.set("plugins", plugins.map((p) => ({ lit: pv(p.id), weight: 1 })));
  // Every gap listed up front (for `export`, whose file must hold the whole problem): each with
  // its definition A ∧ B -> g:A:B, as the lazy level adds them.
  if (eagerGaps) {
    const terms: ObjectiveTerm[] = [];
    for (const a of [...plugins.map((p) => p.id)].sort(byId)) {
      for (const b of gapRow(a)) {
        if (b < a) continue;
        const g = gv(a, b);
        constraints.push({ kind: "definition", message: `${a} and ${b} are both selected and integrate in neither direction`, source: catalog.objectivesPos, subjects: [a, b], clauses: [[`-${pv(a)}`, `-${pv(b)}`, g]] });
        terms.push({ lit: g, weight: 1, pair: [pv(a), pv(b)] });
      }
    }
    levels.set("integration-gaps", terms);
  }
  return { levels, gaps };
}
