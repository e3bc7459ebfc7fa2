/**
 * A request: what the user asks for, as typed on the command line or in a stack file, and its
 * resolution against the catalog (every name checked, with a did-you-mean).
 */
import { canonicalFacet, checkCatalogArgument, parseTagFilter, resolvePlugin, resolveUseCase, tagFilterText, useCaseNames, type Catalog, type StackEntry, type TagFilter } from "../catalog/catalog.js";
import { TAG_KEYS, TAG_VALUES } from "../catalog/schema.js";
import { diag, InputError, type Diagnostic, type SourcePos } from "../common/diagnostics.js";
import { LIST_FIELDS, REQUEST_FIELDS, type RequestField } from "../common/request-fields.js";
import { didYouMean } from "../common/suggest.js";

export type { RequestField } from "../common/request-fields.js";

export type IntegrationMode = "soft" | "strict";

/**
 * What a user asks, by name: use cases (id, name or alias), plugins (id, id without `-plugin`, or
 * display name) to require, exclude, prefer or avoid, tag filters, and the integration mode. A
 * key it does not have is refused (InputError). `withDefaults` puts it over a project file's.
 */
export interface Request {
  useCases?: string[];
  require?: string[];
  exclude?: string[];
  prefer?: string[];
  avoid?: string[];
  /** `key=value` tag filters, e.g. `license=open-source`. */
  only?: string[];
  /**
   * `key=value` tags to prefer, soft (`--prefer-tag license=open-source`: open source where
   * possible): each selected plugin without one costs 1 at the wishes level, as a use case's
   * tag preference does.
   */
  preferTags?: string[];
  integrations?: IntegrationMode;
  /**
   * Where each part of the request came from, as explanations and errors cite it (default:
   * `request.require` and so on). The CLI names its options here ("option --require"); a
   * project file its own file:line.
   */
  origins?: Partial<Record<RequestField, string>>;
  /**
   * Where each item of a list came from, by its index (a project file's `use_cases: [a, b]`
   * cites `b` at its own column); an item without one is cited by `origins`.
   */
  itemOrigins?: Partial<Record<RequestField, string[]>>;
}


/** A request that asks for nothing: its best stack is the empty one, an answer to no question (the CLI and the page ask for a request instead). */
export const isEmptyRequest = (r: Request): boolean => LIST_FIELDS.every((f) => (r[f] ?? []).length === 0);

/**
 * `request` over `defaults` (a project file's `request`, see parseProjectFile), as the CLI takes a
 * project file's defaults: a list the request leaves empty or out is the defaults' (cited where
 * the defaults cite it, by their `origins` and `itemOrigins`), and so is `integrations` when the
 * request leaves it out. A list is taken whole, never merged item by item: `require: [a]` over
 * a project's `require: [b]` is `[a]`, as `--require a` replaces the file's list.
 *
 * @example
 * const file = findProjectFile(); // mlx-solve.yaml, upward from the working directory
 * const project = file ? readProjectFile(file) : undefined;
 * const r = recommend(loadCatalog(project?.base, { layers: project?.layerDirs ?? [] }), withDefaults({ useCases: ["rag"] }, project?.request ?? {}));
 */
export function withDefaults(request: Request, defaults: Request): Request {
  // Both shapes first, as resolveRequest checks one: null or a list here was a TypeError.
  const bad = [...requestShape(request), ...requestShape(defaults)];
  if (bad.length) throw new InputError(bad);
  const out: Request = {};
  const origins: Partial<Record<RequestField, string>> = {};
  const itemOrigins: Partial<Record<RequestField, string[]>> = {};
  for (const f of FIELDS) {
    const own = f === "integrations" ? request.integrations !== undefined : (request[f] ?? []).length > 0;
    const from = own || defaults[f] === undefined ? request : defaults;
    if (from[f] === undefined) continue;
    (out as Record<RequestField, unknown>)[f] = from[f];
    const origin = from.origins?.[f];
    if (origin !== undefined) origins[f] = origin;
    const items = from.itemOrigins?.[f];
    if (items !== undefined) itemOrigins[f] = items;
  }
  return { ...out, origins, itemOrigins };
}

const FIELDS: readonly RequestField[] = REQUEST_FIELDS.map((f) => f.field);

/** A tag filter of the request (`--only clouds=aws,gcp`: any of them; several must all hold). */
type OnlyFilter = TagFilter;

export interface ResolvedRequest {
  useCases: string[];
  require: string[];
  exclude: string[];
  prefer: string[];
  avoid: string[];
  only: OnlyFilter[];
  /** Tags to prefer (soft; see `Request.preferTags`), each distinct one once. */
  preferTags: TagFilter[];
  integrations: IntegrationMode;
  /** Plugins pinned by a stack file (check / repair). */
  pins: StackEntry[];
  /** Where each part of the request came from (see `Request.origins`). */
  origins: Record<RequestField, SourcePos>;
  /** Where an item came from when it has an origin of its own (`Request.itemOrigins`), by `field:value` (see `originOf`). */
  itemOrigins?: ReadonlyMap<string, SourcePos>;
}

/** Where item `value` (a plugin id, or a filter as `tagFilterText` writes it) of `field` came from. */
export function originOf(req: ResolvedRequest, field: RequestField, value: string): SourcePos {
  return req.itemOrigins?.get(`${field}:${value}`) ?? req.origins[field];
}

function originsOf(given: Request["origins"] = {}): Record<RequestField, SourcePos> {
  const out = {} as Record<RequestField, SourcePos>;
  for (const f of FIELDS) out[f] = { file: given[f] ?? `request.${f}`, line: 0, column: 0 };
  return out;
}

/**
 * A request's place as a diagnostic gives it: an origin written "file:line:col" (a project file's,
 * see model/project.ts) split into its file, line and column, so that JSON and the CI formats
 * place it in the file; any other origin ("option --require", "request.require") as it is.
 */
function placeOf(pos: SourcePos): SourcePos {
  const m = pos.line === 0 ? /^(.+):(\d+):(\d+)$/.exec(pos.file) : null;
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : pos;
}

/** The empty request: no use case, no wish, soft integrations. */
export function emptyRequest(): ResolvedRequest {
  return { useCases: [], require: [], exclude: [], prefer: [], avoid: [], only: [], preferTags: [], integrations: "soft", pins: [], origins: originsOf() };
}

/** What is wrong with the shape of a request (an object, whose lists are lists of strings), if anything; `integrations` is checked with the rest. */
function requestShape(req: unknown): Diagnostic[] {
  const at = (f: string) => ({ file: `request.${f}`, line: 0, column: 0 });
  if (typeof req !== "object" || req === null || Array.isArray(req)) return [diag({ file: "request", line: 0, column: 0 }, "bad-request", `a request is an object ({ useCases, require, exclude, prefer, avoid, only, preferTags, integrations }), not ${JSON.stringify(req) ?? String(req)}`)];
  const r = req as Record<string, unknown>;
  const ds: Diagnostic[] = [];
  // A key the request does not have is a slip that would be silently ignored (`use_cases`, the
  // spelling of the files and of JSON, gave an empty stack and ok: true).
  const known: string[] = [...FIELDS, "origins", "itemOrigins"];
  for (const k of Object.keys(r)) {
    if (known.includes(k)) continue;
    const camel = k.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
    ds.push(diag(at(k), "bad-request", `unknown key "${k}" in the request; expected one of: ${FIELDS.join(", ")}${known.includes(camel) ? ` (did you mean "${camel}"?)` : didYouMean(k, FIELDS)}`));
  }
  for (const f of LIST_FIELDS) {
    const v = r[f];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "string"))) ds.push(diag(at(f), "bad-request", `${f} expects a list of strings, not ${JSON.stringify(v) ?? String(v)}`));
  }
  return ds;
}

/** Resolves names to ids; every unknown name is a diagnostic with the nearest known name. */
export function resolveRequest(catalog: Catalog, req: Request, pins: StackEntry[] = [], stackUseCases: string[] = []): { ok: true; request: ResolvedRequest } | { ok: false; diagnostics: Diagnostic[] } {
  // Its shape first: a request from JSON or from JavaScript may be anything.
  const shape = requestShape(req);
  if (shape.length) return { ok: false, diagnostics: shape };
  const ds: Diagnostic[] = [];
  const ids = [...catalog.plugins.keys()];
  const origins = originsOf(req.origins);
  /** Where item `i` of `field` came from: its own origin, else the field's. */
  const at = (field: RequestField, i: number): SourcePos => {
    const own = req.itemOrigins?.[field]?.[i];
    return own !== undefined ? { file: own, line: 0, column: 0 } : origins[field];
  };
  /** The same place for a diagnostic: a project file's "file:line:col" as its file, line and column. */
  const there = (field: RequestField, i: number): SourcePos => placeOf(at(field, i));
  // The first place each item was given, for explanations that cite it (`originOf`).
  const itemOrigins = new Map<string, SourcePos>();
  const cite = (field: RequestField, i: number, value: string) => {
    const key = `${field}:${value}`;
    if (req.itemOrigins?.[field]?.[i] !== undefined && !itemOrigins.has(key)) itemOrigins.set(key, at(field, i));
  };
  const plugin = (field: RequestField) => (name: string, i: number) => {
    const id = resolvePlugin(catalog, name);
    if (!id) ds.push(diag(there(field, i), "unknown-plugin", `unknown plugin "${name}"; expected a plugin id${didYouMean(name, ids)}`));
    else cite(field, i, id);
    return id;
  };
  const list = (field: RequestField, xs: string[] | undefined) => [...new Set((xs ?? []).map(plugin(field)).filter((x): x is string => x !== undefined))].sort();
  const useCases: string[] = [];
  for (const [i, name] of [...(req.useCases ?? []), ...stackUseCases].entries()) {
    const uc = resolveUseCase(catalog, name);
    if (!uc) ds.push(diag(there("useCases", i), "unknown-use-case", `unknown use case "${name}"; expected a use case id, name or alias${didYouMean(name, useCaseNames(catalog))}`));
    else if (!useCases.includes(uc.id)) useCases.push(uc.id);
  }
  /** The tag filters of `field` (`only`, `preferTags`), each distinct one once. */
  const filters = (field: "only" | "preferTags"): TagFilter[] => {
    const out: TagFilter[] = [];
    for (const [i, f] of (req[field] ?? []).entries()) {
      const here = there(field, i);
      const m = /^([^=]+)=(.+)$/.exec(f);
      if (!m) {
        ds.push(diag(here, "bad-filter", `"${f}" is not a filter; expected KEY=VALUE, e.g. license=open-source (or KEY=A,B for any of them)`));
        continue;
      }
      const key = m[1]!.trim();
      if (!(TAG_KEYS as readonly string[]).includes(key)) {
        ds.push(diag(here, "unknown-tag", `unknown tag "${key}"; expected one of: ${TAG_KEYS.join(", ")}${didYouMean(key, TAG_KEYS)}`));
        continue;
      }
      if (m[2]!.split(",").some((v) => v.trim() === "")) {
        ds.push(diag(here, "bad-filter", `"${f}" names an empty ${key} value; expected KEY=VALUE, e.g. license=open-source (or KEY=A,B for any of them)`));
        continue;
      }
      const filter = parseTagFilter(`${key}=${m[2]!}`);
      const known = TAG_VALUES[filter.key];
      const unknown = filter.values.filter((v) => !known.includes(v));
      for (const v of unknown) ds.push(diag(here, "unknown-tag-value", `unknown ${key} "${v}"; expected one of: ${known.join(", ")}${didYouMean(v, known)}`));
      if (unknown.length || filter.values.length === 0) continue;
      cite(field, i, tagFilterText(filter));
      if (!out.some((o) => tagFilterText(o) === tagFilterText(filter))) out.push(filter);
    }
    return out.sort((a, b) => (tagFilterText(a) < tagFilterText(b) ? -1 : 1));
  };
  const only = filters("only");
  const preferTags = filters("preferTags");
  const integrations = req.integrations ?? "soft";
  if (integrations !== "soft" && integrations !== "strict") ds.push(diag(placeOf(origins.integrations), "bad-option", `integrations must be soft or strict, not "${String(integrations)}"`));
  const r: ResolvedRequest = {
    useCases: useCases.sort(),
    require: list("require", req.require),
    exclude: list("exclude", req.exclude),
    prefer: list("prefer", req.prefer),
    avoid: list("avoid", req.avoid),
    only,
    preferTags,
    integrations,
    // A per-use-case facet named by a use case's name or alias, as the model names it (its id).
    pins: pins.map((e) => {
      const p = catalog.plugins.get(e.id);
      return e.facet === undefined || !p ? e : { ...e, facet: canonicalFacet(catalog, p, e.facet) };
    }),
    origins,
    ...(itemOrigins.size ? { itemOrigins } : {}),
  };
  return ds.length ? { ok: false, diagnostics: ds } : { ok: true, request: r };
}

/**
 * What in `request` the catalog does not know (a plugin, use case or tag it names), each error at
 * its origin (an option, a project file's line); empty when it all resolves.
 *
 * @example
 * const problems = requestProblems(loadCatalog(), { require: ["pinecon-plugin"] });
 * // [{ code: "unknown-plugin", message: 'unknown plugin "pinecon-plugin"; … (did you mean "pinecone-plugin"?)', … }]
 */
export function requestProblems(catalog: Catalog, request: Request): Diagnostic[] {
  checkCatalogArgument(catalog);
  const r = resolveRequest(catalog, request);
  return r.ok ? [] : r.diagnostics;
}

/** "On-premises deployments needs self-hosted plugins" */
export function tagRuleMessage(useCase: string, f: TagFilter): string {
  return f.key === "clouds" ? `${useCase} needs plugins that run on ${f.values.join(" or ")}` : `${useCase} needs ${f.values.join(" or ")} plugins`;
}

/** The distinct soft tag preferences of the request (`preferTags`) and of its use cases. */
export function tagPreferences(catalog: Catalog, req: ResolvedRequest): TagFilter[] {
  const out = new Map<string, TagFilter>();
  for (const p of req.preferTags) out.set(tagFilterText(p), { key: p.key, values: p.values });
  for (const ucId of req.useCases) for (const p of catalog.useCases.get(ucId)!.tagPreferences) out.set(tagFilterText(p), { key: p.key, values: p.values });
  return [...out.values()].sort((a, b) => (tagFilterText(a) < tagFilterText(b) ? -1 : 1));
}
