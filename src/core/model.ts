/**
 * The constraint model: catalog + request -> labelled clauses.
 *
 * The solver layer (engine.ts) sees only what is built here: variables, clauses grouped into
 * labelled constraints (kind, a sentence, the file:line it comes from), user requests guarded by
 * selector variables, and objective levels as weighted literals. It never sees a plugin.
 *
 * Variables:
 *   p:ID          plugin ID is selected
 *   f:ID:VALUE    plugin ID is assigned facet value VALUE (distinct_facet / per_use_case types)
 *   s:N           selector of user request N: the request holds when s:N is true
 *   m:CAP         suggested capability CAP is provided by no selected plugin (objective aux)
 *   g:A:B         related plugins A and B are both selected but do not integrate (objective aux)
 *   c:...         auxiliary counter variables of at-most-one encodings
 * A literal is a variable name, negated by a leading "-".
 */
import { assigningType, conflictPairs, integrates, type Catalog, type ObjectiveName, type Plugin } from "./catalog-model.js";
import { cite, type SourcePos } from "./diagnostics.js";
import { tagValues, type ResolvedRequest } from "./request.js";

export type Lit = string;
export type Clause = Lit[];

export type ConstraintKind = "conflict" | "cardinality" | "facet" | "requires" | "integration" | "definition";
export type RequestKind = "require" | "exclude" | "only" | "need" | "pin";

export interface Labelled {
  kind: ConstraintKind;
  /** A plain sentence: "mlflow-plugin and wandb-plugin cannot be used together". */
  message: string;
  source: SourcePos;
  plugins: string[];
  clauses: Clause[];
}

export interface UserRequest {
  kind: RequestKind;
  /** What the user typed, normalised: a plugin id, "license=open-source", "rag-applications: vector-search". */
  value: string;
  /** A plain sentence: "RAG applications needs vector-search". */
  message: string;
  selector: string;
  clauses: Clause[];
  source: SourcePos;
  plugins: string[];
}

export interface ObjectiveTerm {
  lit: Lit;
  weight: number;
  /**
   * When the term's literal means exactly "both of these hold" (an integration gap: two plugins
   * selected), the two literals, the first shared by many terms. Counters then count the pairs
   * row by row from the two literals themselves (see `Totalizer.addRow`).
   */
  pair?: [Lit, Lit];
}

export interface Objective {
  name: ObjectiveName;
  terms: ObjectiveTerm[];
  /**
   * Terms too many to list up front, revealed by solutions: given a solution, `cost` is the
   * level's true cost in it, and `terms` (with their defining clauses) hold every term that
   * counts in it; with `wide`, also the terms it would make count with a small change, so that
   * fewer re-solves are needed. The solver adds each the first time it appears and re-solves,
   * so the optimum is the true one (a solution is accepted only once all its terms are listed).
   */
  lazy?: (isTrue: (v: string) => boolean, wide?: boolean) => { terms: ObjectiveTerm[]; clauses: Clause[]; cost: number };
}

export interface Model {
  /** Plugin variables, in id order. */
  pluginVars: string[];
  constraints: Labelled[];
  requests: UserRequest[];
  /** In the catalog's objective order. */
  objectives: Objective[];
}

export const pv = (id: string) => `p:${id}`;
export const fv = (id: string, value: string) => `f:${id}:${value}`;
export const neg = (l: Lit): Lit => (l.startsWith("-") ? l.slice(1) : `-${l}`);

/**
 * At most one of `lits` is true.
 * Pairwise for small sets: (¬a ∨ ¬b) for every pair. For larger sets, Sinz's sequential counter
 * with auxiliary r_i meaning "one of the first i is true": (¬x_i ∨ r_i), (¬r_{i-1} ∨ r_i),
 * (¬x_i ∨ ¬r_{i-1}); linear in size, and as strong under unit propagation.
 */
export function atMostOne(lits: Lit[], auxPrefix: string): Clause[] {
  const out: Clause[] = [];
  if (lits.length <= 6) {
    for (let i = 0; i < lits.length; i++) for (let j = i + 1; j < lits.length; j++) out.push([neg(lits[i]!), neg(lits[j]!)]);
    return out;
  }
  for (let i = 0; i < lits.length; i++) {
    const x = lits[i]!;
    const r = `${auxPrefix}:${i}`;
    if (i < lits.length - 1) out.push([neg(x), r]);
    if (i > 0) {
      const prev = `${auxPrefix}:${i - 1}`;
      if (i < lits.length - 1) out.push([neg(prev), r]);
      out.push([neg(x), neg(prev)]);
    }
  }
  return out;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function typeNoun(t: string): string {
  return t.replace(/_/g, " ");
}

/**
 * The model of a request. With scope "reachable" (the default) only the plugins a best stack can
 * use get variables (see reachablePlugins: exact for recommend, explain, repair and why); the
 * others are absent, i.e. not selected. Scope "all" keeps every plugin, for questions about any
 * plugin (analyze, sample, generated stacks).
 */
export function buildModel(catalog: Catalog, req: ResolvedRequest, scope: "reachable" | "all" | ReadonlySet<string> = "reachable"): Model {
  const constraints: Labelled[] = [];
  const requests: UserRequest[] = [];
  const among = scope === "all" ? undefined : scope === "reachable" ? reachablePlugins(catalog, req) : scope;
  const plugins = [...catalog.plugins.values()].filter((p) => !among || among.has(p.id));
  const typeIndex = new Map<string, Plugin[]>();
  for (const p of plugins) for (const t of p.types) typeIndex.set(t, [...(typeIndex.get(t) ?? []), p]);
  const ofType = (t: string) => typeIndex.get(t) ?? [];
  const inScope = (id: string) => !among || among.has(id);

  // --- conflicts: (¬a ∨ ¬b), symmetric whichever side lists it.
  for (const { a, b, pos } of conflictPairs(catalog, among)) {
    constraints.push({ kind: "conflict", message: `${a} and ${b} cannot be used together`, source: pos, plugins: [a, b], clauses: [[`-${pv(a)}`, `-${pv(b)}`]] });
  }

  // --- cardinality per type
  for (const td of catalog.types.values()) {
    const members = ofType(td.name);
    const src = td.pos;
    const rule = `type ${td.name}: ${td.seedRule}`;
    if (td.rule === "single" || (td.rule === "per_use_case" && req.useCases.length === 0)) {
      if (members.length > 1)
        constraints.push({ kind: "cardinality", message: `at most one ${typeNoun(td.name)} may be selected (${rule})`, source: src, plugins: members.map((p) => p.id), clauses: atMostOne(members.map((p) => pv(p.id)), `c:${td.name}`) });
    } else if (td.rule === "per_facet") {
      const byValue = new Map<string, Plugin[]>();
      for (const p of members) for (const v of p.facets[td.facet!] ?? []) byValue.set(v, [...(byValue.get(v) ?? []), p]);
      for (const v of [...byValue.keys()].sort(byId)) {
        const ps = byValue.get(v)!;
        if (ps.length > 1)
          constraints.push({ kind: "cardinality", message: `at most one ${typeNoun(td.name)} with ${td.facet} ${v} may be selected (${rule})`, source: src, plugins: ps.map((p) => p.id), clauses: atMostOne(ps.map((p) => pv(p.id)), `c:${td.name}:${v}`) });
      }
    } else if (td.rule === "distinct_facet" || td.rule === "per_use_case") {
      // Values in the order the tie-break prefers them: for a use case, first those the plugin
      // serves (provides a needed or suggested capability of), then by name.
      const serves = (p: Plugin, uc: string) => [...catalog.useCases.get(uc)!.needs, ...catalog.useCases.get(uc)!.suggests].some((r) => p.capabilities.includes(r.id));
      const valuesOf = (p: Plugin) =>
        td.rule === "per_use_case" ? [...req.useCases].sort((a, b) => Number(serves(p, b)) - Number(serves(p, a)) || byId(a, b)) : [...(p.facets[td.facet!] ?? [])].sort(byId);
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
          plugins: [p.id],
          clauses: [[`-${pv(p.id)}`, ...fs], ...fs.map((f) => [`-${f}`, pv(p.id)]), ...atMostOne(fs, `c:${p.id}:facet`)],
        });
        for (const v of vals) byValue.set(v, [...(byValue.get(v) ?? []), p.id]);
      }
      for (const v of [...byValue.keys()].sort(byId)) {
        const ids = byValue.get(v)!;
        if (ids.length > 1)
          constraints.push({ kind: "cardinality", message: `no two ${typeNoun(td.name)} plugins may share the ${facetName} ${v} (${rule})`, source: src, plugins: ids, clauses: atMostOne(ids.map((id) => fv(id, v)), `c:${td.name}:${v}`) });
      }
    }
  }

  // --- requires: p -> (q1 ∨ q2 ∨ ...)
  for (const p of plugins) {
    for (const r of p.requires) {
      const targets = r.anyOf.filter((id) => catalog.plugins.has(id) && inScope(id));
      constraints.push({
        kind: "requires",
        message: `${p.id} requires ${targets.length === 1 ? targets[0] : `one of ${targets.join(", ")}`}: ${r.reason}`,
        source: r.pos,
        plugins: [p.id, ...targets],
        clauses: [[`-${pv(p.id)}`, ...targets.map(pv)]],
      });
    }
  }

  // --- strict integrations: A selected, B of a category A declares selected -> some partner of A in that category selected.
  if (req.integrations === "strict") {
    for (const a of plugins) {
      for (const cat of Object.keys(a.integrations)) {
        const t = catalog.categories.get(cat);
        if (!t) continue;
        const others = ofType(t).filter((b) => b.id !== a.id);
        const partners = others.filter((b) => integrates(catalog, a.id, b.id)).map((b) => pv(b.id));
        const nonPartners = others.filter((b) => !integrates(catalog, a.id, b.id));
        if (nonPartners.length === 0) continue;
        constraints.push({
          kind: "integration",
          message: `${a.id} must integrate with the selected ${typeNoun(t)}${partners.length ? ` (it integrates with ${partners.map((x) => x.slice(2)).join(", ")})` : " (it integrates with none in the catalog)"}`,
          source: a.keyPos["integration_points"] ?? a.pos,
          plugins: [a.id, ...nonPartners.map((b) => b.id)],
          clauses: nonPartners.map((b) => [`-${pv(a.id)}`, `-${pv(b.id)}`, ...partners]),
        });
      }
    }
  }

  // --- user requests, each guarded by its selector: s -> constraint.
  const addRequest = (r: Omit<UserRequest, "selector" | "clauses"> & { clauses: Clause[] }) => {
    const selector = `s:${requests.length}`;
    requests.push({ ...r, selector, clauses: r.clauses.map((c) => [`-${selector}`, ...c]) });
  };
  const cli = (opt: string): SourcePos => ({ file: `option ${opt}`, line: 0, column: 0 });
  for (const pin of req.pins) {
    const clauses: Clause[] = [[pv(pin.id)]];
    if (pin.facet !== undefined) clauses.push([fv(pin.id, pin.facet)]);
    addRequest({ kind: "pin", value: pin.facet !== undefined ? `${pin.id} (${pin.facet})` : pin.id, message: `the stack file lists ${pin.id}${pin.facet !== undefined ? ` with ${pin.facet}` : ""}`, source: pin.pos, plugins: [pin.id], clauses });
  }
  for (const id of req.require) addRequest({ kind: "require", value: id, message: `you required ${id}`, source: cli("--require"), plugins: [id], clauses: [[pv(id)]] });
  for (const id of req.exclude) addRequest({ kind: "exclude", value: id, message: `you excluded ${id}`, source: cli("--exclude"), plugins: [id], clauses: inScope(id) ? [[`-${pv(id)}`]] : [] });
  for (const f of req.only) {
    const out = plugins.filter((p) => !tagValues(p, f.key).includes(f.value)).map((p) => p.id);
    addRequest({ kind: "only", value: `${f.key}=${f.value}`, message: `you asked only for plugins with ${f.key}=${f.value}`, source: cli("--only"), plugins: out, clauses: out.map((id) => [`-${pv(id)}`]) });
  }
  const providers = (cap: string) => plugins.filter((p) => p.capabilities.includes(cap)).map((p) => p.id);
  for (const ucId of req.useCases) {
    const uc = catalog.useCases.get(ucId)!;
    for (const need of uc.needs) {
      const ps = providers(need.id);
      addRequest({ kind: "need", value: `${uc.id}: ${need.id}`, message: `${uc.name} needs ${need.id}${ps.length ? ` (provided by ${ps.join(", ")})` : " (which no plugin provides)"}`, source: need.pos, plugins: ps, clauses: [ps.map(pv)] });
    }
  }

  // --- objectives
  const levels = new Map<ObjectiveName, ObjectiveTerm[]>();
  // An avoided plugin out of scope is never selected: it costs nothing (preferred ones are seeds).
  levels.set("wishes", [...req.avoid.filter(inScope).map((id) => ({ lit: pv(id), weight: 1 })), ...req.prefer.map((id) => ({ lit: `-${pv(id)}`, weight: 1 }))]);

  const suggested = new Set<string>();
  for (const ucId of req.useCases) for (const s of catalog.useCases.get(ucId)!.suggests) suggested.add(s.id);
  const sugTerms: ObjectiveTerm[] = [];
  for (const cap of [...suggested].sort(byId)) {
    const m = `m:${cap}`;
    const ps = providers(cap).map(pv);
    // m <-> no provider selected: (m ∨ p1 ∨ ... ∨ pn) and (¬m ∨ ¬pi) for each i.
    constraints.push({ kind: "definition", message: `${cap} is missing exactly when no selected plugin provides it`, source: catalog.capabilities.get(cap)?.pos ?? catalog.objectivesPos, plugins: ps.map((x) => x.slice(2)), clauses: [[m, ...ps], ...ps.map((x) => [`-${m}`, `-${x}`])] });
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
        const g = `g:${x}:${y}`;
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

  return {
    pluginVars: plugins.map((p) => pv(p.id)),
    constraints,
    requests,
    objectives: catalog.objectives.map((name) => ({ name, terms: levels.get(name)!, ...(name === "integration-gaps" ? { lazy: gaps } : {}) })),
  };
}

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

/** "file:line" of a constraint, for printing. */
export const sourceOf = (c: { source: SourcePos }) => cite(c.source);
