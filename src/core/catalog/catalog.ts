/**
 * The catalog: the validated, cross-checked, immutable catalog that load.ts builds from
 * YAML, and the pure helpers every layer above uses. Imports neither yaml nor zod, so a catalog
 * restored from the cache is usable without loading them.
 */
import { describeArgument, diag, InputError, type Diagnostic, type SourcePos } from "../common/diagnostics.js";
import { didYouMean } from "../common/suggest.js";
import type { OBJECTIVES } from "./schema.js";
import type { SourceFile } from "./yaml-source.js";

export type RuleKind = "single" | "per_facet" | "distinct_facet" | "per_use_case" | "unbounded";
export type ObjectiveName = (typeof OBJECTIVES)[number];

/** Where a claim about a real tool is documented: URLs, or why it could not be sourced. */
export interface Sourced {
  source?: string[];
  unsure?: string;
}

export interface Ref extends Sourced {
  id: string;
  pos: SourcePos;
}

export interface Requirement extends Sourced {
  anyOf: string[];
  reason: string;
  pos: SourcePos;
  /** Where each id of `anyOf` is written (an error about one cites it there). */
  anyOfPos?: SourcePos[];
}

export type TagKey = "license" | "hosting" | "clouds";

/** `key=value`, or `key=a,b`: any of the values. */
export interface TagFilter {
  key: TagKey;
  values: string[];
}

/** A cloud-agnostic plugin's clouds: it runs anywhere, so it passes every clouds filter. */
export const ANY_CLOUD = "any";

export interface Plugin {
  id: string;
  name: string;
  /** Primary type first, then `also_types`. */
  types: string[];
  summary: string;
  /** `clouds` is [ANY_CLOUD] for cloud-agnostic software. */
  tags: { license: string; hosting: string[]; clouds: string[] };
  /** Where each tag is documented (URLs). */
  sources: Partial<Record<TagKey, string[]>>;
  facets: Record<string, string[]>;
  /** Facet value -> the capabilities the plugin serves in that role (its facet is its role). */
  facetCapabilities: Record<string, string[]>;
  capabilities: string[];
  conflicts: Ref[];
  requires: Requirement[];
  /** Category -> plugins this one declares it integrates with. */
  integrations: Record<string, Ref[]>;
  notes?: string;
  pos: SourcePos;
  /** Position of each top-level key, for citing e.g. the `tags` of a plugin, and of each integration category (`integration_points.CATEGORY`). */
  keyPos: Record<string, SourcePos>;
}

export interface TypeDef {
  name: string;
  purpose: string;
  seedRule: string;
  rule: RuleKind;
  facet?: string;
  category: string;
  pos: SourcePos;
}

export interface UseCase {
  id: string;
  name: string;
  aliases: string[];
  needs: Ref[];
  suggests: Ref[];
  /** Hard: every selected plugin has these tags (each a user request). */
  tagRules: (TagFilter & { pos: SourcePos })[];
  /** Soft: each selected plugin without one costs 1 at the wishes level. */
  tagPreferences: (TagFilter & { pos: SourcePos })[];
  pos: SourcePos;
}

export interface StackEntry {
  id: string;
  facet?: string;
  pos: SourcePos;
  /** Where the facet value is written, when it is. */
  facetPos?: SourcePos;
}

/**
 * A stack file as parsed (`parseStackFile`, `readStackFile`), or a composition: its use cases and
 * plugins as written, each with its position, for check, repair and diff to cite.
 */
export interface StackDoc {
  file: string;
  name?: string;
  useCases: Ref[];
  plugins: StackEntry[];
  pos: SourcePos;
  /** Where the file says `plugins:`, for what the stack lacks (a file's; a stack made in code has none). */
  pluginsPos?: SourcePos;
  /**
   * A composition of a layer below an override of one of its plugins, their types or its use
   * cases (`what (file:line)`): what the override changed may leave it invalid, which is then a
   * warning about the override, not an error.
   */
  overriddenBy?: string;
}

/**
 * A validated catalog. Treat it as read-only: the commands keep data derived from a catalog object
 * (which plugins integrate, for one) for as long as it lives, so a catalog changed after its first
 * use gives answers about the catalog before the change. To change one, load it again (a layer
 * over the base, `loadCatalog(dir, { layers })`) or build a new object.
 */
export interface Catalog {
  /** Sorted by id. */
  plugins: Map<string, Plugin>;
  types: Map<string, TypeDef>;
  /** Category name -> type name. */
  categories: Map<string, string>;
  capabilities: Map<string, { description: string; pos: SourcePos }>;
  useCases: Map<string, UseCase>;
  precedence: Map<string, { list: Ref[]; pos: SourcePos }>;
  objectives: ObjectiveName[];
  objectivesPos: SourcePos;
  compositions: StackDoc[];
}

/** Where each file of a catalog directory lives: the layout of the repository's own. */
export const LAYOUT = {
  plugins: "catalog/plugins",
  compositions: "catalog/compositions",
  types: "constraints/types.yaml",
  capabilities: "constraints/capabilities.yaml",
  useCases: "constraints/use-cases.yaml",
  precedence: "constraints/precedence.yaml",
  objectives: "constraints/objectives.yaml",
} as const;

/** The catalog's single files (the others are directories of files). */
export const SINGLE_FILES = ["types", "capabilities", "useCases", "precedence", "objectives"] as const;

/** The files of a catalog directory: all of them for a base catalog, any of them for a layer. */
export interface CatalogLayer {
  /** How to show the directory in messages about files it lacks. */
  root?: string;
  plugins: SourceFile[];
  compositions: SourceFile[];
  types?: SourceFile;
  capabilities?: SourceFile;
  useCases?: SourceFile;
  precedence?: SourceFile;
  objectives?: SourceFile;
}

/**
 * A catalog's files: a complete base, and the layers put over it in order. A layer adds plugins,
 * types, capabilities, use cases and compositions, and replaces an entry defined below it only
 * where the entry says `overrides: true` (precedence lists and the objectives' order: a layer's
 * replace the base's).
 */
export interface CatalogFiles extends CatalogLayer {
  /** Findings of whoever read the files (e.g. hidden files skipped), reported with the load's. */
  notes?: Diagnostic[];
  layers?: CatalogLayer[];
}

export interface LoadResult {
  /**
   * Absent when a constraints file or a composition could not be read or validated. Present
   * with `fatal` when only plugin files could not: the catalog without their plugins, for lint to
   * check the rest; never to answer with (`catalogOrThrow` refuses it, as any result with errors).
   */
  catalog?: Catalog;
  diagnostics: Diagnostic[];
  /** True when some file could not be parsed or failed its schema: the catalog is unusable. */
  fatal: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Resolves a use-case name as a user may write it: id, display name (any case) or alias. */
export function resolveUseCase(catalog: Catalog, name: string): UseCase | undefined {
  const n = name.trim().toLowerCase();
  const slug = n.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  for (const uc of catalog.useCases.values()) {
    if (uc.id === n || uc.id === slug || uc.name.toLowerCase() === n || uc.aliases.includes(n) || uc.aliases.includes(slug)) return uc;
  }
  return undefined;
}

/**
 * Refuses what is no catalog where a library function takes one (a command, catalogToJSON,
 * requestProblems): an InputError naming what it got, not a TypeError from inside.
 */
export function checkCatalogArgument(catalog: unknown): asserts catalog is Catalog {
  const c = catalog as Partial<Catalog> | null;
  if (typeof c === "object" && c !== null && c.plugins instanceof Map && c.types instanceof Map) return;
  throw new InputError([diag({ file: "catalog", line: 0, column: 0 }, "bad-catalog", `a catalog is what loadCatalog or loadCatalogFromFiles gives, not ${describeArgument(catalog)}`)]);
}

/**
 * Resolves a plugin as a user may name it on the command line or in a request: its id, its id
 * without `-plugin` (`snowflake`), either in any case, its display name in any case (`Weights & Biases`), or, last,
 * the initials of a display name whose words include "&" (`W&B`), when one plugin alone has them.
 */
export function resolvePlugin(catalog: Catalog, name: string): string | undefined {
  // What is no name names no plugin.
  if (typeof name !== "string") return undefined;
  if (catalog.plugins.has(name)) return name;
  if (catalog.plugins.has(`${name}-plugin`)) return `${name}-plugin`;
  const n = name.trim().toLowerCase();
  // Ids are lower case: an id in another case (PINECONE-PLUGIN) is that id, as a name in any case is.
  if (catalog.plugins.has(n)) return n;
  if (catalog.plugins.has(`${n}-plugin`)) return `${n}-plugin`;
  for (const p of catalog.plugins.values()) if (p.name.toLowerCase() === n) return p.id;
  // Only initials with "&": others ("ai", "as") collide with words and would guess.
  if (!/^[a-z0-9&]{3,6}$/.test(n) || !n.includes("&")) return undefined;
  const byInitials = [...catalog.plugins.values()].filter((p) => initialsOf(p.name) === n);
  return byInitials.length === 1 ? byInitials[0]!.id : undefined;
}

/** "weights & biases" -> "w&b"; "" for a name of one word. */
function initialsOf(name: string): string {
  const words = name.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length < 2 ? "" : words.map((w) => (w === "&" ? "&" : (/[a-z0-9]/.exec(w)?.[0] ?? ""))).join("");
}

export function useCaseNames(catalog: Catalog): string[] {
  const out: string[] = [];
  for (const uc of catalog.useCases.values()) out.push(uc.id, uc.name, ...uc.aliases);
  return out;
}

/**
 * Checks a stack's ids, facets and use cases against the catalog. A per-use-case facet may name
 * any of the stack's use cases or `moreUseCases` (the request's, given beside the file).
 */
export function checkStackRefs(catalog: Catalog, stack: StackDoc, moreUseCases: readonly string[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  // The use cases a per-use-case facet may name, by id, once for every plugin.
  const useCaseIds = [...new Set([...stack.useCases.map((u) => u.id), ...moreUseCases].map((u) => resolveUseCase(catalog, u)?.id ?? u))];
  for (const uc of stack.useCases) {
    if (!resolveUseCase(catalog, uc.id)) out.push(diag(uc.pos, "unknown-use-case", `unknown use case "${uc.id}"; expected one of the use cases in constraints/use-cases.yaml${didYouMean(uc.id, useCaseNames(catalog))}`));
  }
  for (const e of stack.plugins) {
    const p = catalog.plugins.get(e.id);
    if (!p) {
      out.push(diag(e.pos, "unknown-plugin", `unknown plugin "${e.id}"; expected a plugin id from the catalog${didYouMean(e.id, catalog.plugins.keys())}`));
      continue;
    }
    if (seen.has(e.id)) out.push(diag(e.pos, "duplicate-plugin", `plugin "${e.id}" is listed twice; expected each plugin once`));
    seen.add(e.id);
    // A plugin of a type the catalog lacks is said so at its own file; what its facet would be is not known.
    if (e.facet !== undefined && p.types.every((t) => catalog.types.has(t))) {
      const allowed = assignableValues(catalog, p, useCaseIds);
      if (allowed === undefined) out.push(diag(e.pos, "unexpected-facet", `plugin "${e.id}" takes no facet: no type it fills assigns facet values`));
      else if (!allowed.includes(canonicalFacet(catalog, p, e.facet))) out.push(diag(e.facetPos ?? e.pos, "unknown-facet", `facet "${e.facet}" is not one of ${e.id}'s values; expected one of: ${allowed.join(", ") || "(none: request a use case)"}${didYouMean(e.facet, allowed)}`));
    }
  }
  return out;
}

/** The type of a plugin whose rule assigns it a facet value (distinct_facet / per_use_case), if any. */
export function assigningType(catalog: Catalog, p: Plugin): TypeDef | undefined {
  for (const t of p.types) {
    const td = catalog.types.get(t);
    if (td && (td.rule === "distinct_facet" || td.rule === "per_use_case")) return td;
  }
  return undefined;
}

/**
 * A facet value as the model names it: for a plugin of a per-use-case type, the use case's id
 * when the value names a use case by id, name or alias (as a stack file's `use_cases` may);
 * otherwise the value as written.
 */
export function canonicalFacet(catalog: Catalog, p: Plugin, facet: string): string {
  return assigningType(catalog, p)?.rule === "per_use_case" ? (resolveUseCase(catalog, facet)?.id ?? facet) : facet;
}

/** The facet values a plugin can be assigned, or undefined when no rule assigns one. */
export function assignableValues(catalog: Catalog, p: Plugin, useCases: string[]): string[] | undefined {
  const td = assigningType(catalog, p);
  if (!td) return undefined;
  if (td.rule === "per_use_case") return [...useCases].sort(cmp);
  return [...(p.facets[td.facet ?? ""] ?? [])];
}

/** Conflicting pairs (either side lists the other), both within `among` when it is given. */
export function conflictPairs(c: Catalog, among?: ReadonlySet<string>): { a: string; b: string; pos: SourcePos }[] {
  const seen = new Map<string, { a: string; b: string; pos: SourcePos }>();
  const plugins = among ? [...among].sort(cmp).map((id) => c.plugins.get(id)!) : c.plugins.values();
  for (const p of plugins) {
    for (const r of p.conflicts) {
      if (!c.plugins.has(r.id) || r.id === p.id || (among && !among.has(r.id))) continue;
      const [a, b] = p.id < r.id ? [p.id, r.id] : [r.id, p.id];
      const k = `${a}\u0000${b}`;
      if (!seen.has(k)) seen.set(k, { a, b, pos: r.pos });
    }
  }
  return [...seen.values()].sort((x, y) => cmp(x.a, y.a) || cmp(x.b, y.b));
}

/** "license proprietary", "clouds aws, azure", "no clouds" (an empty list): a plugin's tag in words. */
export function tagWords(p: { tags: { license: string; hosting: string[]; clouds: string[] } }, key: TagKey): string {
  const vs = tagValues(p, key);
  return vs.length ? `${key} ${vs.join(", ")}` : `no ${key}`;
}

/** A plugin's values of a tag (its licence, hostings or clouds). */
export function tagValues(p: { tags: { license: string; hosting: string[]; clouds: string[] } }, key: TagKey): string[] {
  return key === "license" ? [p.tags.license] : p.tags[key];
}

/** Does the plugin have the tag: one of the filter's values (a cloud-agnostic plugin passes every clouds filter)? */
export function hasTag(p: Plugin, f: TagFilter): boolean {
  if (f.key === "clouds" && p.tags.clouds.includes(ANY_CLOUD)) return true;
  return tagValues(p, f.key).some((v) => f.values.includes(v));
}

/** Parses `key=a,b` (already checked against the schema's pattern). */
export function parseTagFilter(text: string): TagFilter {
  const i = text.indexOf("=");
  return { key: text.slice(0, i).trim() as TagKey, values: [...new Set(text.slice(i + 1).split(",").map((v) => v.trim()).filter(Boolean))].sort() };
}

/** "clouds=aws,gcp" */
export const tagFilterText = (f: TagFilter): string => `${f.key}=${f.values.join(",")}`;
/** A filter in a sentence: "clouds=aws or clouds=gcp" (any of them), where `clouds=aws,gcp` is how it is typed. */
export const tagFilterWords = (f: TagFilter): string => f.values.map((v) => `${f.key}=${v}`).join(" or ");

const partnerIndex = new WeakMap<Catalog, Map<string, Set<string>>>();

/** The plugins each plugin integrates with, in either direction (computed once per catalog). */
export function integrationPartners(c: Catalog): ReadonlyMap<string, ReadonlySet<string>> {
  let index = partnerIndex.get(c);
  if (!index) {
    index = new Map();
    const add = (a: string, b: string) => {
      let s = index!.get(a);
      if (!s) index!.set(a, (s = new Set()));
      s.add(b);
    };
    for (const p of c.plugins.values())
      for (const refs of Object.values(p.integrations))
        for (const r of refs) {
          if (!c.plugins.has(r.id)) continue;
          add(p.id, r.id);
          add(r.id, p.id);
        }
    partnerIndex.set(c, index);
  }
  return index;
}

const listingIndex = new WeakMap<Catalog, Map<string, Map<string, { category: string; ref: Ref }>>>();

/** For each plugin, the plugins it lists itself, each with the first category and entry that list it (computed once per catalog). */
export function integrationListings(c: Catalog): ReadonlyMap<string, ReadonlyMap<string, { category: string; ref: Ref }>> {
  let index = listingIndex.get(c);
  if (!index) {
    index = new Map();
    for (const p of c.plugins.values()) {
      const mine = new Map<string, { category: string; ref: Ref }>();
      for (const [category, refs] of Object.entries(p.integrations)) for (const ref of refs) if (!mine.has(ref.id)) mine.set(ref.id, { category, ref });
      index.set(p.id, mine);
    }
    listingIndex.set(c, index);
  }
  return index;
}

/** The symmetric integration relation: a lists b or b lists a. */
export function integrates(c: Catalog, a: string, b: string): boolean {
  const pa = c.plugins.get(a);
  const pb = c.plugins.get(b);
  if (!pa || !pb) return false;
  return Object.values(pa.integrations).some((rs) => rs.some((r) => r.id === b)) || Object.values(pb.integrations).some((rs) => rs.some((r) => r.id === a));
}
