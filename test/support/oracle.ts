/**
 * A brute-force oracle for mlx-solve, written from PRODUCT.md alone (it imports nothing from
 * src/): it enumerates every subset of the catalog's plugins and decides each one by the hard
 * rules, computes the soft cost vector, and answers satisfiability questions about subsets of the
 * user's requests. Meant for catalogs of at most ~12 plugins (4096 subsets).
 */
import type { CatalogSpec, PluginSpec } from "./build-catalog.js";

export interface OracleRequest {
  useCases?: string[];
  require?: string[];
  exclude?: string[];
  prefer?: string[];
  avoid?: string[];
  only?: string[];
  /** Tags to prefer (soft), as --prefer-tag takes them. */
  preferTags?: string[];
  integrations?: "soft" | "strict";
}

/** A user request that explanation and repair may give up. */
export interface UserRequest {
  kind: "require" | "exclude" | "only" | "need" | "tag";
  /** As in the JSON output: an id, "key=value", or "<use-case>: <capability>". */
  value: string;
  holds: (sel: Set<string>) => boolean;
}

export interface OracleStack {
  ids: string[];
  sel: Set<string>;
  /** Bit i set when user request i does not hold for this stack. */
  violated: number;
}

export const DEFAULT_OBJECTIVES = ["wishes", "suggestions", "precedence", "integration-gaps", "plugins"];
const uniq = <T>(xs: T[]) => [...new Set(xs)];
const popcount = (m: number) => {
  let c = 0;
  for (; m; m &= m - 1) c++;
  return c;
};

/** Is there a choice of one value per row, no two rows sharing a value? (brute force) */
function distinctChoice(rows: string[][]): boolean {
  const used = new Set<string>();
  const go = (i: number): boolean => {
    if (i === rows.length) return true;
    for (const v of rows[i]!) {
      if (used.has(v)) continue;
      used.add(v);
      if (go(i + 1)) return true;
      used.delete(v);
    }
    return false;
  };
  return go(0);
}

export function compareVectors(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export class Oracle {
  readonly plugins: PluginSpec[];
  readonly byId: Map<string, PluginSpec>;
  readonly useCases: string[];
  readonly requests: UserRequest[];
  readonly objectives: string[];
  /** Every subset of plugins that satisfies the catalog's rules (for this request's use cases and integration mode). */
  readonly stacks: OracleStack[];
  private readonly all: number;

  constructor(
    readonly spec: CatalogSpec,
    readonly req: OracleRequest,
  ) {
    this.plugins = spec.plugins;
    this.byId = new Map(spec.plugins.map((p) => [p.id, p]));
    this.useCases = uniq(req.useCases ?? []);
    this.objectives = spec.objectives ?? DEFAULT_OBJECTIVES;
    this.requests = this.userRequests();
    if (this.requests.length > 30) throw new Error("oracle: too many requests for a bit mask");
    this.all = (1 << this.requests.length) - 1;
    this.stacks = [];
    const n = this.plugins.length;
    if (n > 16) throw new Error("oracle: too many plugins to enumerate");
    for (let m = 0; m < 1 << n; m++) {
      const ids = this.plugins.filter((_, i) => m & (1 << i)).map((p) => p.id);
      const sel = new Set(ids);
      if (!this.catalogValid(sel)) continue;
      let violated = 0;
      this.requests.forEach((r, i) => {
        if (!r.holds(sel)) violated |= 1 << i;
      });
      this.stacks.push({ ids, sel, violated });
    }
  }

  // --- the model -------------------------------------------------------------------------

  typesOf(p: PluginSpec): string[] {
    return [p.type, ...(p.also_types ?? [])];
  }

  private tagValues(p: PluginSpec, key: string): string[] {
    if (key === "license") return [p.license ?? "open-source"];
    if (key === "hosting") return p.hosting ?? ["self-hosted"];
    if (key === "clouds") return p.clouds === "any" ? ["any"] : (p.clouds ?? []);
    return [];
  }

  /** "key=a,b": the plugin has one of the values; a cloud-agnostic plugin ("any") has every cloud. */
  private hasTag(p: PluginSpec, filter: string): boolean {
    const [key, list] = filter.split("=") as [string, string];
    const values = list.split(",");
    if (key === "clouds" && p.clouds === "any") return true;
    return this.tagValues(p, key).some((v) => values.includes(v));
  }

  /** A filter as the JSON names it: its values sorted, each once. */
  private static norm(filter: string): string {
    const [key, list] = filter.split("=") as [string, string];
    return `${key}=${uniq(list.split(",")).sort().join(",")}`;
  }

  /** A lists B (in any category). */
  private lists(a: PluginSpec, b: PluginSpec): boolean {
    return Object.values(a.integration_points ?? {}).some((ids) => ids.includes(b.id));
  }

  integrate(a: PluginSpec, b: PluginSpec): boolean {
    return this.lists(a, b) || this.lists(b, a);
  }

  /** The type a category covers (its plural name). */
  private typeOfCategory(cat: string): string | undefined {
    return Object.keys(this.spec.types).find((t) => `${t}s` === cat);
  }

  /** Some category that A declares covers one of B's types. */
  private declaresCategoryOf(a: PluginSpec, b: PluginSpec): boolean {
    return Object.keys(a.integration_points ?? {}).some((cat) => {
      const t = this.typeOfCategory(cat);
      return t !== undefined && this.typesOf(b).includes(t);
    });
  }

  /** The user requests in a fixed order: require, exclude, only, then each need of each use case. */
  private userRequests(): UserRequest[] {
    const out: UserRequest[] = [];
    for (const id of uniq(this.req.require ?? [])) out.push({ kind: "require", value: id, holds: (s) => s.has(id) });
    for (const id of uniq(this.req.exclude ?? [])) out.push({ kind: "exclude", value: id, holds: (s) => !s.has(id) });
    for (const f of uniq((this.req.only ?? []).map(Oracle.norm))) {
      out.push({ kind: "only", value: f, holds: (s) => [...s].every((id) => this.hasTag(this.byId.get(id)!, f)) });
    }
    for (const uc of this.useCases) {
      for (const cap of uniq(this.spec.useCases?.[uc]?.needs ?? [])) {
        out.push({ kind: "need", value: `${uc}: ${cap}`, holds: (s) => [...s].some((id) => (this.byId.get(id)!.capabilities ?? []).includes(cap)) });
      }
      for (const f of uniq((this.spec.useCases?.[uc]?.tag_rules ?? []).map(Oracle.norm))) {
        out.push({ kind: "tag", value: `${uc}: ${f}`, holds: (s) => [...s].every((id) => this.hasTag(this.byId.get(id)!, f)) });
      }
    }
    return out;
  }

  /**
   * The catalog's hard rules (not the user requests). With `facets`, the facet values assigned by
   * distinct_facet / per_use_case types must be exactly those; without, some assignment must exist.
   */
  catalogValid(sel: Set<string>, facets?: Map<string, string | undefined>): boolean {
    const chosen = [...sel].map((id) => this.byId.get(id)!);
    // Conflicts, symmetric.
    for (const a of chosen) for (const id of a.conflicts_with ?? []) if (sel.has(id)) return false;
    // Cardinality per type.
    for (const [t, def] of Object.entries(this.spec.types)) {
      const members = chosen.filter((p) => this.typesOf(p).includes(t));
      if (def.rule === "single" && members.length > 1) return false;
      if (def.rule === "per_facet") {
        const count = new Map<string, number>();
        for (const p of members) for (const v of uniq(p.facets?.[def.facet!] ?? [])) count.set(v, (count.get(v) ?? 0) + 1);
        if ([...count.values()].some((c) => c > 1)) return false;
      }
      if (def.rule === "distinct_facet" || def.rule === "per_use_case") {
        if (def.rule === "per_use_case" && this.useCases.length === 0) {
          if (members.length > 1) return false;
          continue;
        }
        const rows = members.map((p) => (def.rule === "distinct_facet" ? p.facets?.[def.facet!] ?? [] : this.useCases));
        if (facets) {
          const given = members.map((p) => facets.get(p.id));
          if (given.some((v, i) => v === undefined || !rows[i]!.includes(v))) return false;
          if (new Set(given).size !== given.length) return false;
        } else if (!distinctChoice(rows)) return false;
      }
    }
    // Requires.
    for (const p of chosen) for (const r of p.requires ?? []) if (!r.any_of.some((id) => sel.has(id))) return false;
    // Strict integrations.
    if (this.req.integrations === "strict") {
      for (const a of chosen) {
        for (const cat of Object.keys(a.integration_points ?? {})) {
          const t = this.typeOfCategory(cat);
          const others = chosen.filter((b) => b !== a && t !== undefined && this.typesOf(b).includes(t));
          if (others.length > 0 && !others.some((b) => this.integrate(a, b))) return false;
        }
      }
    }
    return true;
  }

  /** Every hard rule: the catalog's and the user's (all requests, or those not in `givenUp`). */
  valid(sel: Set<string>, facets?: Map<string, string | undefined>, givenUp: Set<number> = new Set()): boolean {
    return this.catalogValid(sel, facets) && this.requests.every((r, i) => givenUp.has(i) || r.holds(sel));
  }

  /** The cost vector, in the catalog's objective order. */
  cost(sel: Set<string>): number[] {
    const chosen = [...sel].map((id) => this.byId.get(id)!);
    const provided = new Set(chosen.flatMap((p) => p.capabilities ?? []));
    // Each distinct tag preference of the request and of its use cases: 1 per selected plugin without it.
    const preferences = uniq([...(this.req.preferTags ?? []).map(Oracle.norm), ...this.useCases.flatMap((uc) => (this.spec.useCases?.[uc]?.tag_preferences ?? []).map(Oracle.norm))]);
    const wishes =
      uniq(this.req.avoid ?? []).filter((id) => sel.has(id)).length +
      uniq(this.req.prefer ?? []).filter((id) => !sel.has(id)).length +
      preferences.reduce((n, f) => n + chosen.filter((p) => !this.hasTag(p, f)).length, 0);
    const suggested = uniq(this.useCases.flatMap((uc) => this.spec.useCases?.[uc]?.suggests ?? []));
    const suggestions = suggested.filter((c) => !provided.has(c)).length;
    let precedence = 0;
    for (const p of chosen) {
      for (const t of this.typesOf(p)) {
        const list = this.spec.precedence?.[t];
        if (!list) continue;
        const i = list.indexOf(p.id);
        precedence += i >= 0 ? i : list.length;
      }
    }
    let gaps = 0;
    for (let i = 0; i < chosen.length; i++) {
      for (let j = i + 1; j < chosen.length; j++) {
        const a = chosen[i]!;
        const b = chosen[j]!;
        const related = this.declaresCategoryOf(a, b) || this.declaresCategoryOf(b, a);
        if (related && !this.integrate(a, b)) gaps++;
      }
    }
    const byName: Record<string, number> = { wishes, suggestions, precedence, "integration-gaps": gaps, plugins: chosen.length };
    return this.objectives.map((o) => byName[o]!);
  }

  // --- questions -------------------------------------------------------------------------

  /** The mask of the given request indices. */
  mask(indices: Iterable<number>): number {
    let m = 0;
    for (const i of indices) m |= 1 << i;
    return m;
  }

  /** Can the requests in `indices` hold together (with every catalog rule)? */
  satisfiable(indices: Iterable<number>): boolean {
    const m = this.mask(indices);
    return this.stacks.some((s) => (s.violated & m) === 0);
  }

  /** The valid stacks for every request except those given up. */
  validStacks(givenUp: Iterable<number> = []): OracleStack[] {
    const keep = this.all & ~this.mask(givenUp);
    return this.stacks.filter((s) => (s.violated & keep) === 0);
  }

  /** The lexicographic minimum cost over the valid stacks, or undefined when there is none. */
  minimumCost(givenUp: Iterable<number> = []): number[] | undefined {
    let best: number[] | undefined;
    for (const s of this.validStacks(givenUp)) {
      const c = this.cost(s.sel);
      if (!best || compareVectors(c, best) < 0) best = c;
    }
    return best;
  }

  /** The size of the smallest set of requests whose removal makes the rest satisfiable. */
  minimumCorrectionSize(): number {
    return Math.min(...this.stacks.map((s) => popcount(s.violated & this.all)));
  }

  /**
   * The best cost a smallest repair can have: over every set of `minimumCorrectionSize()` requests
   * whose removal makes the rest satisfiable (each minimal, being smallest), the lexicographic
   * minimum of the best stack's cost without it.
   */
  bestSmallestRepairCost(): number[] | undefined {
    const size = this.minimumCorrectionSize();
    const n = this.requests.length;
    let best: number[] | undefined;
    const pick = (from: number, given: number[]): void => {
      if (given.length === size) {
        const c = this.minimumCost(given);
        if (c && (!best || compareVectors(c, best) < 0)) best = c;
        return;
      }
      for (let i = from; i < n; i++) pick(i + 1, [...given, i]);
    };
    pick(0, []);
    return best;
  }

  /** The index of the user request {kind, value}, or -1. */
  indexOf(kind: string, value: string): number {
    return this.requests.findIndex((r) => r.kind === kind && r.value === value);
  }

  /** The fewest additions + removals turning `from` into a valid stack, or undefined when none is valid. */
  minimumChanges(from: Iterable<string>): number | undefined {
    const f = new Set(from);
    let best: number | undefined;
    for (const s of this.validStacks()) {
      let d = 0;
      for (const id of s.sel) if (!f.has(id)) d++;
      for (const id of f) if (!s.sel.has(id)) d++;
      if (best === undefined || d < best) best = d;
    }
    return best;
  }

  // --- alternatives (recommend --top) -----------------------------------------------------

  /** The capabilities the requested use cases need or suggest. */
  private requestedCaps(): Set<string> {
    return new Set(this.useCases.flatMap((uc) => [...(this.spec.useCases?.[uc]?.needs ?? []), ...(this.spec.useCases?.[uc]?.suggests ?? [])]));
  }

  /**
   * The plugins the request can use (README: alternatives are drawn from them): the providers of
   * what its use cases need or suggest, the required and preferred plugins, closed under every
   * alternative of `requires` and, with strict integrations, under the integration partners of
   * each category a plugin declares.
   */
  scope(): Set<string> {
    const caps = this.requestedCaps();
    const queue = [
      ...this.plugins.filter((p) => (p.capabilities ?? []).some((c) => caps.has(c))).map((p) => p.id),
      ...(this.req.require ?? []),
      ...(this.req.prefer ?? []),
    ];
    const out = new Set<string>();
    while (queue.length) {
      const id = queue.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      const p = this.byId.get(id)!;
      for (const r of p.requires ?? []) queue.push(...r.any_of);
      if (this.req.integrations === "strict") {
        for (const cat of Object.keys(p.integration_points ?? {})) {
          const t = this.typeOfCategory(cat);
          for (const b of this.plugins) if (b !== p && t !== undefined && this.typesOf(b).includes(t) && this.integrate(p, b)) queue.push(b.id);
        }
      }
    }
    return out;
  }

  /**
   * The engine's tie-break between two sets of plugins of equal cost: the set without the
   * last plugin by id on which they differ comes first.
   */
  static colex(a: Set<string>, b: Set<string>): number {
    const diff = [...a, ...b].filter((id) => a.has(id) !== b.has(id)).sort();
    const last = diff[diff.length - 1];
    return last === undefined ? 0 : a.has(last) ? 1 : -1;
  }

  /**
   * The facet values a plugin may be assigned, in the order the tie-break prefers them, or
   * undefined when no type of it assigns one: distinct_facet: its values, those whose role
   * (facet_capabilities) serves a requested capability first, then by name; per_use_case (with
   * use cases requested): the requested use cases, those it serves (provides one of their needed
   * or suggested capabilities) first, then by name.
   */
  facetOptions(id: string): string[] | undefined {
    const p = this.byId.get(id)!;
    const caps = this.requestedCaps();
    for (const t of this.typesOf(p)) {
      const def = this.spec.types[t]!;
      if (def.rule === "distinct_facet") {
        const inRole = (v: string) => (p.facet_capabilities?.[v] ?? []).some((c) => caps.has(c));
        return uniq(p.facets?.[def.facet!] ?? []).sort((x, y) => Number(inRole(y)) - Number(inRole(x)) || (x < y ? -1 : 1));
      }
      if (def.rule === "per_use_case" && this.useCases.length) {
        const serves = (uc: string) => [...(this.spec.useCases?.[uc]?.needs ?? []), ...(this.spec.useCases?.[uc]?.suggests ?? [])].some((c) => (p.capabilities ?? []).includes(c));
        return [...this.useCases].sort((x, y) => Number(serves(y)) - Number(serves(x)) || (x < y ? -1 : 1));
      }
    }
    return undefined;
  }

  /** Every valid facet assignment of a set, in the tie-break's order (plugins by id, each its options in order). */
  facetAssignments(sel: Set<string>): Map<string, string>[] {
    const owners = [...sel].sort().filter((id) => this.facetOptions(id) !== undefined);
    const out: Map<string, string>[] = [];
    const go = (i: number, m: Map<string, string>) => {
      if (i === owners.length) {
        if (this.catalogValid(sel, m as Map<string, string | undefined>)) out.push(new Map(m));
        return;
      }
      for (const v of this.facetOptions(owners[i]!)!) {
        m.set(owners[i]!, v);
        go(i + 1, m);
      }
      m.delete(owners[i]!);
    };
    go(0, new Map());
    return out;
  }

  /**
   * The valid stacks within the request's scope in the true lexicographic order (cost, then the
   * tie-break), each with its facet values: with `distinct: "facets"`, every valid assignment
   * of each set is its own stack; else each set once, with its first assignment.
   */
  ranked(distinct: "plugins" | "facets" = "plugins"): { ids: string[]; facets: Map<string, string>; cost: number[] }[] {
    const scope = this.scope();
    const sets = this.validStacks()
      .filter((s) => s.ids.every((id) => scope.has(id)))
      .map((s) => ({ s, cost: this.cost(s.sel) }))
      .sort((x, y) => compareVectors(x.cost, y.cost) || Oracle.colex(x.s.sel, y.s.sel));
    return sets.flatMap(({ s, cost }) => {
      const all = this.facetAssignments(s.sel);
      return (distinct === "facets" ? all : all.slice(0, 1)).map((facets) => ({ ids: s.ids, facets, cost }));
    });
  }
}
