/**
 * `lint`: is the catalog itself sound? Every finding is a diagnostic with severity, code and
 * file:line:col. The loader's diagnostics come first (references, types, facets, asymmetric
 * conflicts); then the solver-backed rules below, each a named function.
 */
import type { Catalog, LoadResult } from "../catalog/catalog.js";
import { cite, describeArgument, diag, InputError, sortDiagnostics, type Diagnostic } from "../common/diagnostics.js";
import { buildModel } from "../model/build.js";
import { emptyRequest, resolveRequest, type Request } from "../model/request.js";
import { pv } from "../model/vars.js";
import { newBudget, Timeout, type Budget } from "../common/budget.js";
import { findConflict } from "../solve/explain.js";
import { SatOracle } from "../solve/oracle.js";
import { check } from "./check.js";
import { backboneOf, budgetOf, optionsOf, type LimitOptions, type SolveOptions } from "./common.js";
import type { LintResult } from "./result.js";

const EMPTY = emptyRequest();

type Rule = (c: Catalog, budget: Budget, progress?: (m: string) => void) => Diagnostic[];

/** Plugins that can never be in a valid stack (dead), with the rules that make them so. */
const deadPlugins: Rule = (catalog, budget, progress) => {
  const out: Diagnostic[] = [];
  progress?.(`lint: which of ${catalog.plugins.size} plugins can be selected`);
  // The backbone of the whole catalog says which plugins no stack holds, in far fewer solver
  // calls than asking of each (10,000 synthetic plugins: 10,000 calls, 42 s); only a dead plugin
  // pays for a model of its own, to explain it. No stack at all: every plugin is dead.
  const bb = backboneOf(buildModel(catalog, EMPTY, "all"), budget, [...catalog.plugins.keys()].map(pv));
  for (const p of catalog.plugins.values()) {
    if (bb.sat && bb.fixed.get(pv(p.id)) !== false) continue;
    const model = buildModel(catalog, { ...EMPTY, require: [p.id] });
    const core = findConflict(model, budget, model.requests.map((r) => r.selector));
    out.push(diag(p.pos, "dead-plugin", `${p.id} can never be in a valid stack: ${core.rules.map((r) => `${r.message} (${cite(r.source)})`).join("; ")}`));
  }
  return out;
};

/** Use cases that no stack satisfies. */
const unsatisfiableUseCases: Rule = (catalog, budget) => {
  const out: Diagnostic[] = [];
  for (const uc of catalog.useCases.values()) {
    const model = buildModel(catalog, { ...EMPTY, useCases: [uc.id] });
    const sels = model.requests.map((r) => r.selector);
    if (SatOracle.with(model, budget, (o) => o.sat(sels))) continue;
    const core = findConflict(model, budget, sels);
    out.push(diag(uc.pos, "unsatisfiable-use-case", `no stack satisfies use case ${uc.id}: ${core.requests.map((r) => r.message).join(" and ")} cannot hold together${core.rules.length ? ` (${core.rules.map((r) => `${r.message}, ${cite(r.source)}`).join("; ")})` : ""}`));
  }
  return out;
};

/** Compositions that are not valid stacks. */
const invalidCompositions: Rule = (catalog) => {
  const out: Diagnostic[] = [];
  for (const comp of catalog.compositions) {
    // Below a layer's override, what the override broke is a warning about it (see load.ts).
    const severity = comp.overriddenBy !== undefined ? "warning" : "error";
    const note = comp.overriddenBy !== undefined ? ` (below the override of ${comp.overriddenBy})` : "";
    let r: ReturnType<typeof check>;
    try {
      r = check(catalog, comp);
    } catch (e) {
      if (!(e instanceof InputError) || comp.overriddenBy === undefined) throw e;
      // Its references no longer resolve (the loader said so, as a warning): the rest is still
      // checked, its plugins that remain without the facet values the override dropped (a
      // plugin turned into a feature store also leaves the composition without vector search).
      const plugins = comp.plugins.filter((e) => catalog.plugins.has(e.id)).map(({ facet: _, facetPos: __, ...e }) => e);
      try {
        r = check(catalog, { ...comp, plugins });
      } catch (e2) {
        if (e2 instanceof InputError) continue;
        throw e2;
      }
    }
    for (const v of r.violations) out.push(diag(comp.pos, "invalid-composition", `composition ${comp.name ?? comp.file} is not a valid stack: ${v.message} (${v.source})${note}`, severity));
  }
  return out;
};

/** Capabilities that no plugin provides but a use case needs are caught by unsatisfiable-use-case; unused ones are noise. */
const unusedCapabilities: Rule = (catalog) => {
  const used = new Set<string>();
  for (const p of catalog.plugins.values()) p.capabilities.forEach((c) => used.add(c));
  for (const u of catalog.useCases.values()) [...u.needs, ...u.suggests].forEach((r) => used.add(r.id));
  return [...catalog.capabilities].filter(([id]) => !used.has(id)).map(([id, c]) => diag(c.pos, "unused-capability", `capability ${id} is neither provided by a plugin nor used by a use case`, "warning"));
};

/**
 * Facts about real tools without a source: a tag (licence, hosting, clouds) without `sources:`,
 * and an integration, conflict or requirement that names neither a `source` nor why it is
 * `unsure`. One warning per claim, where it is written.
 */
const unsourcedClaims: Rule = (catalog) => {
  const out: Diagnostic[] = [];
  const isSourced = (c: { source?: string[]; unsure?: string }) => Boolean(c.source?.length || c.unsure);
  for (const p of catalog.plugins.values()) {
    const tags = (["license", "hosting", "clouds"] as const).filter((k) => !p.sources[k]?.length);
    if (tags.length) out.push(diag(p.keyPos["tags"] ?? p.pos, "unsourced-claim", `${p.id}: no source for its ${tags.join(", ")}; expected sources: { ${tags.map((k) => `${k}: URL`).join(", ")} } (the tool's own docs, licence file or repository)`, "warning"));
    for (const [cat, refs] of Object.entries(p.integrations))
      for (const r of refs) if (!isSourced(r)) out.push(diag(r.pos, "unsourced-claim", `${p.id} integrates with ${r.id} (${cat}), but says not where that is documented; expected { id: ${r.id}, source: URL } (or unsure: why)`, "warning"));
    for (const r of p.conflicts) if (!isSourced(r)) out.push(diag(r.pos, "unsourced-claim", `${p.id} conflicts with ${r.id}, but says not where that is documented; expected { id: ${r.id}, source: URL } (or unsure: why)`, "warning"));
    for (const r of p.requires) if (!isSourced(r)) out.push(diag(r.pos, "unsourced-claim", `${p.id} requires one of ${r.anyOf.join(", ")}, but says not where that is documented; expected source: URL (or unsure: why)`, "warning"));
  }
  return out;
};

export const LINT_RULES: Rule[] = [deadPlugins, unsatisfiableUseCases, invalidCompositions, unusedCapabilities, unsourcedClaims];

export function lintCatalog(catalog: Catalog, loadDiagnostics: Diagnostic[], budget: Budget = newBudget(), progress?: (m: string) => void): Diagnostic[] {
  return lintWithin(catalog, loadDiagnostics, budget, progress).diagnostics;
}

/** The lint rules in order, until the budget's deadline: the findings, and whether it stopped early. */
function lintWithin(catalog: Catalog, loadDiagnostics: Diagnostic[], budget: Budget, progress?: (m: string) => void): { diagnostics: Diagnostic[]; timedOut: boolean } {
  const ds = [...loadDiagnostics];
  let timedOut = false;
  // Solver-backed rules need a catalog whose references resolve.
  if (!loadDiagnostics.some((d) => d.severity === "error")) {
    for (const rule of LINT_RULES) {
      try {
        ds.push(...rule(catalog, budget, progress));
      } catch (e) {
        if (!(e instanceof Timeout)) throw e;
        timedOut = true;
        break;
      }
    }
  }
  return { diagnostics: sortDiagnostics(ds), timedOut };
}

/** lint's options: the limits, progress, and a request whose names are checked against the catalog too. */
export type LintOptions = LimitOptions & Pick<SolveOptions, "onProgress"> & { request?: Request };

/**
 * Lints a loaded catalog (`loadCatalogDir`, or `loadCatalogFromFiles`): the loader's own
 * findings, then the rules above. With `request` (a project file's default request, which every
 * command that solves puts under its own), also what in it the catalog does not know: a misspelt
 * use case or plugin there fails every such command, so lint, which a CI step runs on the team's
 * layers, says so where the file has it. Throws InputError when the files could not be read at all.
 *
 * @example
 * const r = lint(loadCatalogDir());
 * console.log(r.ok, r.summary);
 */
export function lint(loaded: LoadResult, options: LintOptions = {}): LintResult {
  options = optionsOf(options, ["timeout", "deadline", "work", "onProgress", "request"]);
  if (typeof loaded !== "object" || loaded === null || !Array.isArray(loaded.diagnostics))
    throw new InputError([diag({ file: "catalog", line: 0, column: 0 }, "bad-catalog", `lint takes what loadCatalogDir or loadCatalogFromFiles gives (the catalog with its load's diagnostics), not ${describeArgument(loaded)}`)]);
  if (loaded.fatal || !loaded.catalog) throw new InputError(loaded.diagnostics);
  const c = loaded.catalog;
  const found = lintWithin(c, loaded.diagnostics, budgetOf(options), options.onProgress);
  const { timedOut } = found;
  const resolved = options.request === undefined ? undefined : resolveRequest(c, options.request);
  const diagnostics = resolved && !resolved.ok ? sortDiagnostics([...found.diagnostics, ...resolved.diagnostics]) : found.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return {
    format_version: 1,
    command: "lint",
    ok: errors === 0 && !timedOut,
    ...(timedOut ? { timed_out: true } : {}),
    diagnostics,
    summary: { plugins: c.plugins.size, use_cases: c.useCases.size, compositions: c.compositions.length, errors, warnings: diagnostics.length - errors },
  };
}
