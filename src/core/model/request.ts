/**
 * A request: what the user asks for, as typed on the command line or in a stack file, and its
 * resolution against the catalog (every name checked, with a did-you-mean).
 */
import { resolveUseCase, useCaseNames, type Catalog, type StackEntry } from "../catalog/catalog.js";
import { diag, type Diagnostic, type SourcePos } from "../common/diagnostics.js";
import { didYouMean } from "../common/suggest.js";

export type IntegrationMode = "soft" | "strict";

export interface Request {
  useCases?: string[];
  require?: string[];
  exclude?: string[];
  prefer?: string[];
  avoid?: string[];
  /** `key=value` tag filters, e.g. `license=open-source`. */
  only?: string[];
  integrations?: IntegrationMode;
  /**
   * Where each part of the request came from, as explanations and errors cite it (default:
   * `request.require` and so on). The CLI names its options here ("option --require"); a
   * project file its own file:line.
   */
  origins?: Partial<Record<RequestField, string>>;
}

/** The parts of a request a user can give. */
export type RequestField = "useCases" | "require" | "exclude" | "prefer" | "avoid" | "only" | "integrations";
const FIELDS: readonly RequestField[] = ["useCases", "require", "exclude", "prefer", "avoid", "only", "integrations"];

export interface OnlyFilter {
  key: "license" | "hosting" | "clouds";
  value: string;
}

export interface ResolvedRequest {
  useCases: string[];
  require: string[];
  exclude: string[];
  prefer: string[];
  avoid: string[];
  only: OnlyFilter[];
  integrations: IntegrationMode;
  /** Plugins pinned by a stack file (check / repair). */
  pins: StackEntry[];
  /** Where each part of the request came from (see `Request.origins`). */
  origins: Record<RequestField, SourcePos>;
}

function originsOf(given: Request["origins"] = {}): Record<RequestField, SourcePos> {
  const out = {} as Record<RequestField, SourcePos>;
  for (const f of FIELDS) out[f] = { file: given[f] ?? `request.${f}`, line: 0, column: 0 };
  return out;
}

/** The empty request: no use case, no wish, soft integrations. */
export function emptyRequest(): ResolvedRequest {
  return { useCases: [], require: [], exclude: [], prefer: [], avoid: [], only: [], integrations: "soft", pins: [], origins: originsOf() };
}

const TAG_KEYS = ["license", "hosting", "clouds"] as const;

export function tagValues(p: { tags: { license: string; hosting: string[]; clouds: string[] } }, key: OnlyFilter["key"]): string[] {
  return key === "license" ? [p.tags.license] : p.tags[key];
}

/** Resolves names to ids; every unknown name is a diagnostic with the nearest known name. */
export function resolveRequest(catalog: Catalog, req: Request, pins: StackEntry[] = [], stackUseCases: string[] = []): { ok: true; request: ResolvedRequest } | { ok: false; diagnostics: Diagnostic[] } {
  const ds: Diagnostic[] = [];
  const ids = [...catalog.plugins.keys()];
  const origins = originsOf(req.origins);
  const plugin = (field: RequestField) => (name: string) => {
    const id = catalog.plugins.has(name) ? name : catalog.plugins.has(`${name}-plugin`) ? `${name}-plugin` : undefined;
    if (!id) ds.push(diag(origins[field], "unknown-plugin", `unknown plugin "${name}"; expected a plugin id${didYouMean(name, ids)}`));
    return id;
  };
  const list = (field: RequestField, xs: string[] | undefined) => [...new Set((xs ?? []).map(plugin(field)).filter((x): x is string => x !== undefined))].sort();
  const useCases: string[] = [];
  for (const name of [...(req.useCases ?? []), ...stackUseCases]) {
    const uc = resolveUseCase(catalog, name);
    if (!uc) ds.push(diag(origins.useCases, "unknown-use-case", `unknown use case "${name}"; expected a use case id, name or alias${didYouMean(name, useCaseNames(catalog))}`));
    else if (!useCases.includes(uc.id)) useCases.push(uc.id);
  }
  const only: OnlyFilter[] = [];
  for (const f of req.only ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(f);
    if (!m) {
      ds.push(diag(origins.only, "bad-filter", `"${f}" is not a filter; expected KEY=VALUE, e.g. license=open-source`));
      continue;
    }
    const key = m[1]!.trim();
    const value = m[2]!.trim();
    if (!(TAG_KEYS as readonly string[]).includes(key)) {
      ds.push(diag(origins.only, "unknown-tag", `unknown tag "${key}"; expected one of: ${TAG_KEYS.join(", ")}${didYouMean(key, TAG_KEYS)}`));
      continue;
    }
    const known = new Set<string>();
    for (const p of catalog.plugins.values()) tagValues(p, key as OnlyFilter["key"]).forEach((v) => known.add(v));
    if (!known.has(value)) {
      ds.push(diag(origins.only, "unknown-tag-value", `no plugin has ${key}=${value}; expected one of: ${[...known].sort().join(", ")}${didYouMean(value, known)}`));
      continue;
    }
    if (!only.some((o) => o.key === key && o.value === value)) only.push({ key: key as OnlyFilter["key"], value });
  }
  const integrations = req.integrations ?? "soft";
  if (integrations !== "soft" && integrations !== "strict") ds.push(diag(origins.integrations, "bad-option", `integrations must be soft or strict, not "${String(integrations)}"`));
  const r: ResolvedRequest = {
    useCases: useCases.sort(),
    require: list("require", req.require),
    exclude: list("exclude", req.exclude),
    prefer: list("prefer", req.prefer),
    avoid: list("avoid", req.avoid),
    only: only.sort((a, b) => (a.key + a.value < b.key + b.value ? -1 : 1)),
    integrations,
    pins,
    origins,
  };
  return ds.length ? { ok: false, diagnostics: ds } : { ok: true, request: r };
}
