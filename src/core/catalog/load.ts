/**
 * The catalog loader: YAML files -> a validated, cross-checked catalog (catalog.ts).
 *
 * Pipeline (as changesets does it): parse each file (yaml-source.ts) -> validate its shape (zod,
 * validate.ts) -> normalise into the model -> cross-file rules, each returning diagnostics.
 * Nothing here throws on bad input, and nothing reads a file system: the Node adapter
 * (src/node/) hands over the files' contents.
 */
import { cite, diag, InputError, sortDiagnostics, type Diagnostic, type SourcePos } from "../common/diagnostics.js";
import { distance } from "fastest-levenshtein";
import { didYouMean, nearest } from "../common/suggest.js";
import { Timeout } from "../common/budget.js";
import { ANY_CLOUD, checkStackRefs, LAYOUT, parseTagFilter, SINGLE_FILES, tagFilterText, type Catalog, type CatalogFiles, type LoadResult, type ObjectiveName, type Plugin, type Ref, type StackDoc, type TypeDef, type UseCase } from "./catalog.js";
import { CapabilitiesFile, ObjectivesFile, OBJECTIVES, TAG_VALUES, PluginFile, PrecedenceFile, StackFile, TypesFile, UseCasesFile, type PluginFile as PluginFileT, type TypesFile as TypesFileT } from "./schema.js";
import { validate, type Known } from "./validate.js";
import { notASourceFile, readYaml, type SourceFile, type YamlSource } from "./yaml-source.js";

type PrecedenceFileT = import("zod").infer<typeof PrecedenceFile>;
type CapabilitiesFileT = import("zod").infer<typeof CapabilitiesFile>;
type UseCasesFileT = import("zod").infer<typeof UseCasesFile>;
type ObjectivesFileT = import("zod").infer<typeof ObjectivesFile>;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function parse<T>(file: SourceFile, schema: import("zod").ZodType<T>, known?: Known): Parsed<T> | Diagnostic[] {
  const r = readYaml(file);
  if (!r.ok) return r.diagnostics;
  const v = validate(schema, r.source, known);
  if (!v.ok) return v.diagnostics;
  return { src: r.source, data: v.data };
}

const urls = (s: string | string[]): string[] => (typeof s === "string" ? [s] : [...s]);

/** The source fields of a claim, as the catalog keeps them. */
function sourcedOf(c: { source?: string | string[] | undefined; unsure?: string | undefined }): { source?: string[]; unsure?: string } {
  return { ...(c.source !== undefined ? { source: urls(c.source) } : {}), ...(c.unsure !== undefined ? { unsure: c.unsure } : {}) };
}

/** An entry naming a plugin (`- id`, or `- { id, source }`), at its id: where a wrong id is. */
function claimRef(c: string | { id: string; source?: string | string[] | undefined; unsure?: string | undefined }, src: YamlSource, path: (string | number)[]): Ref {
  return typeof c === "string" ? { id: c, pos: src.locate(path) } : { id: c.id, pos: src.locate([...path, "id"]), ...sourcedOf(c) };
}

/** The last part of a path: `extra.yml`. */
const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** A file's name without its `.yaml` or `.yml`: `extra`. */
function baseName(path: string): string {
  return fileName(path).replace(/\.ya?ml$/, "");
}

/**
 * Reads a stack file (also used for compositions): shape only; ids are checked by `checkStackRefs`.
 * With the catalog's plugin ids (`pluginIds`), a plugin written not in kebab-case gets the plugin
 * meant as its did-you-mean (`Snowflake` -> snowflake-plugin).
 */
export function parseStackFile(file: SourceFile, pluginIds?: readonly string[]): { ok: true; stack: StackDoc } | { ok: false; diagnostics: Diagnostic[] } {
  // A caller's slip (the text itself, or a path, where { path, content } goes): said as a result.
  const slip = notASourceFile(file, "parseStackFile");
  if (slip) return { ok: false, diagnostics: [slip] };
  const p = parse(file, StackFile, pluginIds ? { pluginIds } : undefined);
  if (Array.isArray(p)) return { ok: false, diagnostics: p };
  const { src, data } = p;
  return {
    ok: true,
    stack: {
      file: file.path,
      ...(data.name !== undefined ? { name: data.name } : {}),
      useCases: (data.use_cases ?? []).map((id, i) => ({ id, pos: src.locate(["use_cases", i]) })),
      plugins: data.plugins.map((e, i) =>
        typeof e === "string"
          ? { id: e, pos: src.locate(["plugins", i]) }
          : { id: e.id, ...(e.facet !== undefined ? { facet: e.facet, facetPos: src.locate(["plugins", i, "facet"]) } : {}), pos: src.locate(["plugins", i]) },
      ),
      pluginsPos: src.locate(["plugins"], true),
      pos: src.locate([]),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

export interface LoadOptions {
  /** Epoch milliseconds after which loading stops (Timeout): a --timeout counts loading too. */
  deadline?: number;
}

/**
 * Loads a catalog from its files' contents (the browser-safe loader; Node's `loadCatalog` reads a
 * directory and calls it). Every problem is a diagnostic with its file:line:col. A catalog with
 * errors that are not fatal is still returned, for `lint` to report them all; to answer
 * questions, take it through `catalogOrThrow`, which refuses one with errors.
 *
 * @example
 * const catalog = catalogOrThrow(loadCatalogFromFiles(readCatalogFiles())); // InputError when a file has an error
 * console.log(recommend(catalog, { useCases: ["rag"] }).stack);
 */
export function loadCatalogFromFiles(files: CatalogFiles, options: LoadOptions = {}): LoadResult {
  const f = files as Partial<CatalogFiles> | null;
  if (typeof f !== "object" || f === null || !Array.isArray(f.plugins) || !Array.isArray(f.compositions) || (f.layers !== undefined && !Array.isArray(f.layers)))
    throw new InputError([diag({ file: "files", line: 0, column: 0 }, "bad-argument", `files are what readCatalogFiles gives ({ plugins: [{ path, content }], compositions: [...], types: { path, content }, ... }), not ${f === null ? "null" : Array.isArray(f) ? "an array" : typeof f === "object" ? "an object of another shape" : typeof f}`)]);
  const ld = new Loading(files, options.deadline);
  // The single files first (each of the base's required, any of a layer's), then the plugins
  // against the types and capabilities they name, then the compositions.
  const typesFs = ld.all("types", TypesFile);
  const capsFs = ld.all("capabilities", CapabilitiesFile);
  const ucFs = ld.all("useCases", UseCasesFile);
  const precFs = ld.all("precedence", PrecedenceFile);
  const objFs = ld.all("objectives", ObjectivesFile);
  const { types, categories, typeLayer } = readTypes(ld, typesFs);
  const capabilities = readCapabilities(ld, capsFs);
  const plugins = readPlugins(ld, types, categories, capabilities, typesFs !== undefined && capsFs !== undefined);
  const { comps, compLayer } = readCompositions(ld);
  if (ld.fatal || !typesFs || !capsFs || !ucFs || !precFs || !objFs) return { diagnostics: sortDiagnostics(ld.parseDs), fatal: true };
  // Then what refers to them: use cases, precedence, the objectives' order.
  const { useCases, useCaseLayer } = readUseCases(ld, ucFs, capabilities);
  const { precedence, precedenceLayer } = readPrecedence(ld, precFs, types);
  const { objectives, objectivesPos } = readObjectives(ld, objFs);

  const catalog: Catalog = { plugins: new Map([...plugins.byId].sort((a, b) => cmp(a[0], b[0]))), types, categories, capabilities, useCases, precedence, objectives, objectivesPos, compositions: comps };
  // What a layer's override breaks below it (a composition naming a facet value the override
  // dropped, a plugin listing it under a type it no longer fills) is the override's doing, and
  // the files below are not the user's to fix: a warning there, naming the override, so that the
  // layered catalog still loads. The same finding within one layer stays an error.
  const layering: Layering = {
    plugin: (id) => plugins.layerOf.get(id) ?? 0,
    precedence: (type) => precedenceLayer.get(type) ?? 0,
    byOverride: (d, id) => overridden(d, id, plugins.byId.get(id)!.pos),
  };
  ld.ds.push(...crossReferences(catalog, layering));
  ld.ds.push(...checkCompositions(catalog, comps, { compLayer, typeLayer, useCaseLayer, layering }));
  const { ds, parseDs } = ld;
  if (plugins.brokenIds.size === 0) return { catalog, diagnostics: sortDiagnostics(dedupe(ds)), fatal: false };
  const aboutBroken = (d: Diagnostic) => [...plugins.brokenIds].some((id) => d.message.startsWith(`unknown plugin "${id}"`));
  return { catalog, diagnostics: sortDiagnostics(dedupe([...parseDs, ...ds.filter((d) => !aboutBroken(d))])), fatal: true };
}

/** A finding an override caused below it, restated as a warning that names the override. */
const overridden = (d: Diagnostic, name: string, pos: SourcePos): Diagnostic => ({ ...d, severity: "warning", message: `${d.message} (${name} is overridden by ${cite(pos)})` });

/** One parsed file and its data. */
type Parsed<T> = { src: YamlSource; data: T };

/**
 * What the steps of one load share: the files, the findings so far (`ds`; `parseDs` and `fatal`
 * for the errors that stop the load: missing files, files that do not parse or have the wrong
 * shape, reported alone since the rest cannot be checked without them), and which layer (0: the
 * base) each single file came from.
 */
class Loading {
  readonly ds: Diagnostic[];
  readonly parseDs: Diagnostic[] = [];
  fatal = false;
  readonly layerOfFile = new Map<YamlSource, number>();
  constructor(
    readonly files: CatalogFiles,
    private readonly deadline: number | undefined,
  ) {
    this.ds = [...(files.notes ?? [])];
  }

  pastDeadline(): boolean {
    return this.deadline !== undefined && Date.now() > this.deadline;
  }

  /** Parses a file; one that does not parse or has the wrong shape stops the load. */
  parse<T>(f: SourceFile, schema: import("zod").ZodType<T>): Parsed<T> | undefined {
    const p = parse(f, schema);
    if (!Array.isArray(p)) return p;
    this.parseDs.push(...p);
    this.fatal = true;
    return undefined;
  }

  /**
   * The base's file `key` (required) and each layer's (any of them), in order: a later entry
   * replaces an earlier one only where it says so (see CatalogFiles). Undefined when the base's is
   * missing or does not parse.
   */
  all<T>(key: (typeof SINGLE_FILES)[number], schema: import("zod").ZodType<T>): Parsed<T>[] | undefined {
    const f = this.files[key];
    if (!f) {
      const root = this.files.root;
      this.parseDs.push(diag({ file: root !== undefined ? `${root.replace(/\/$/, "")}/${LAYOUT[key]}` : LAYOUT[key], line: 0, column: 0 }, "missing-file", `missing file ${LAYOUT[key]}; expected it in the catalog directory`));
      this.fatal = true;
    }
    const base = f ? this.parse(f, schema) : undefined;
    if (base) this.layerOfFile.set(base.src, 0);
    const over = (this.files.layers ?? []).flatMap((l, i) => {
      const lf = l[key];
      const p = lf ? this.parse(lf, schema) : undefined;
      if (!p) return [];
      this.layerOfFile.set(p.src, i + 1);
      return [p];
    });
    return base ? [base, ...over] : undefined;
  }

  /** Each entry of the files `fs` with the file that finally defines it (a later file replaces an entry only where allowed), by name. */
  entries<T>(fs: Parsed<T>[] | undefined, map: (d: T) => Record<string, unknown>, top: string, what: string, flagged: boolean): [string, Parsed<T>][] {
    const out = new Map<string, Parsed<T>>();
    for (const f of fs ?? []) {
      for (const name of Object.keys(map(f.data)).sort(cmp)) {
        const entry = map(f.data)[name] as { overrides?: boolean } | string;
        const earlier = out.get(name);
        // Another file, told by the parsed file itself: two files' shown names can be the same.
        if (earlier && earlier.src !== f.src && !(flagged && typeof entry === "object" && entry.overrides)) {
          this.ds.push(diag(f.src.locate([top, name], true), "duplicate-entry", `${what} "${name}" is already defined in ${earlier.src.locate([top, name], true).file}${flagged ? "; say overrides: true to replace it" : "; a layer may add one, not redefine it"}`));
          continue;
        }
        if (!earlier && flagged && typeof entry === "object" && entry.overrides)
          this.ds.push(diag(f.src.locate([top, name, "overrides"], true), "overrides-nothing", `${what} ${name} says overrides: true, but no ${what} of that name is defined below it`, "warning"));
        // A use case replaced without its aliases: the names users type for it (--use-case rag) go
        // with them, unless its id or name still is one (names are matched case aside).
        const still = (a: string) => a === name || a.trim().toLowerCase() === ((entry as { name?: string }).name ?? "").trim().toLowerCase();
        const lost = earlier && typeof entry === "object" ? ((map(earlier.data)[name] as { aliases?: string[] }).aliases ?? []).filter((a) => !((entry as { aliases?: string[] }).aliases ?? []).includes(a) && !still(a)) : [];
        if (lost.length && top === "use_cases")
          this.ds.push(diag(f.src.locate([top, name], true), "dropped-aliases", `use case ${name} replaces the one below it without its alias${lost.length > 1 ? "es" : ""} ${lost.join(", ")}: --use-case ${lost[0]} no longer names it; list them under aliases to keep them`, "warning"));
        out.set(name, f);
      }
    }
    return [...out].sort((a, b) => cmp(a[0], b[0]));
  }
}

type Capabilities = Catalog["capabilities"];

/** Says where a capability is named that no capabilities file defines. */
function checkCapability(ld: Loading, capabilities: Capabilities, id: string, pos: SourcePos, what: string): void {
  if (!capabilities.has(id)) ld.ds.push(diag(pos, "unknown-capability", `unknown capability "${id}" in ${what}; expected one from constraints/capabilities.yaml${didYouMean(id, capabilities.keys())}`));
}

/** The types, the category each covers, and the layer whose file finally defines each. */
function readTypes(ld: Loading, typesFs: Parsed<TypesFileT>[] | undefined) {
  const types = new Map<string, TypeDef>();
  const categories = new Map<string, string>();
  const typeLayer = new Map<string, number>();
  for (const [name, { src, data }] of ld.entries(typesFs, (d) => d.types, "types", "type", true)) {
    typeLayer.set(name, ld.layerOfFile.get(src) ?? 0);
    const t = data.types[name]!;
    const pos = src.locate(["types", name], true);
    const td: TypeDef = { name, purpose: t.purpose, seedRule: t.seed_rule, rule: t.rule, category: t.category, pos, ...(t.facet ? { facet: t.facet } : {}) };
    if ((t.rule === "per_facet" || t.rule === "distinct_facet") && !t.facet)
      ld.ds.push(diag(pos, "missing-facet", `type ${name} has rule ${t.rule}, which needs a "facet"; expected facet: <name>`));
    if (!(t.rule === "per_facet" || t.rule === "distinct_facet") && t.facet)
      ld.ds.push(diag(src.locate(["types", name, "facet"], true), "unused-facet", `type ${name} has rule ${t.rule}, which uses no facet`, "warning"));
    if (categories.has(t.category))
      ld.ds.push(diag(src.locate(["types", name, "category"]), "duplicate-category", `category ${t.category} already covers type ${categories.get(t.category)}; expected one category per type`));
    categories.set(t.category, name);
    types.set(name, td);
  }
  return { types, categories, typeLayer };
}

/** The capabilities, each with its description. */
function readCapabilities(ld: Loading, capsFs: Parsed<CapabilitiesFileT>[] | undefined): Capabilities {
  const capabilities: Capabilities = new Map();
  for (const [id, { src, data }] of ld.entries(capsFs, (d) => d.capabilities, "capabilities", "capability", false))
    capabilities.set(id, { description: data.capabilities[id]!, pos: src.locate(["capabilities", id], true) });
  return capabilities;
}

/** A plugin file's data as the catalog keeps it, with the positions of what its rules cite. */
function pluginOf(src: YamlSource, data: PluginFileT): Plugin {
  const keyPos: Record<string, SourcePos> = {};
  for (const k of Object.keys(data)) keyPos[k] = src.locate([k], true);
  // Each integration category too: a strict integration's rule cites the category it is about.
  for (const cat of Object.keys(data.integration_points ?? {})) keyPos[`integration_points.${cat}`] = src.locate(["integration_points", cat], true);
  // Each tag too: a fact about a plugin's licence, hosting or clouds cites the line that states it.
  for (const key of Object.keys(data.tags ?? {})) keyPos[`tags.${key}`] = src.locate(["tags", key], true);
  // And each facet: a rule "at most one per facet value" cites the values it counts.
  for (const key of Object.keys(data.facets ?? {})) keyPos[`facets.${key}`] = src.locate(["facets", key], true);
  const integrations: Record<string, Ref[]> = {};
  for (const cat of Object.keys(data.integration_points ?? {}).sort(cmp)) {
    integrations[cat] = (data.integration_points![cat] ?? []).map((c, i) => claimRef(c, src, ["integration_points", cat, i]));
  }
  return {
    id: data.id,
    name: data.name,
    types: [data.type, ...(data.also_types ?? [])],
    summary: data.summary,
    tags: { license: data.tags.license, hosting: [...data.tags.hosting].sort(cmp), clouds: data.tags.clouds === ANY_CLOUD ? [ANY_CLOUD] : [...data.tags.clouds].sort(cmp) },
    sources: Object.fromEntries(Object.entries(data.sources ?? {}).map(([k, v]) => [k, urls(v)])),
    facets: Object.fromEntries(Object.entries(data.facets ?? {}).map(([k, v]) => [k, [...new Set(v)]])),
    facetCapabilities: Object.fromEntries(Object.entries(data.facet_capabilities ?? {}).map(([k, v]) => [k, [...new Set(v)].sort(cmp)])),
    capabilities: [...new Set(data.capabilities ?? [])].sort(cmp),
    conflicts: (data.conflicts_with ?? []).map((c, i) => claimRef(c, src, ["conflicts_with", i])),
    requires: (data.requires ?? []).map((r, i) => ({ anyOf: r.any_of, reason: r.reason, pos: src.locate(["requires", i]), anyOfPos: r.any_of.map((_, k) => src.locate(["requires", i, "any_of", k])), ...sourcedOf(r) })),
    integrations,
    pos: src.locate(["id"]),
    keyPos,
    ...(data.notes !== undefined ? { notes: data.notes } : {}),
  };
}

/** A plugin's own findings: its types, facets, capabilities and integration categories against the catalog's. */
function checkPlugin(ld: Loading, p: Plugin, src: YamlSource, data: PluginFileT, known: { types: Map<string, TypeDef>; categories: Map<string, string>; capabilities: Capabilities }): void {
  const { ds } = ld;
  const { types, categories } = known;
  p.types.forEach((t, i) => {
    const tpos = i === 0 ? src.locate(["type"]) : src.locate(["also_types", i - 1]);
    if (!types.has(t)) ds.push(diag(tpos, "unknown-type", `unknown type "${t}"; expected one from constraints/types.yaml${didYouMean(t, types.keys())}`));
  });
  if (new Set(p.types).size !== p.types.length) ds.push(diag(src.locate(["also_types"], true), "duplicate-type", `plugin ${p.id} lists a type twice`));
  // A value listed twice says nothing more: a slip (a copy and paste), said where it is.
  for (const key of ["hosting", "clouds"] as const) {
    const list: unknown = data.tags[key];
    if (Array.isArray(list)) (list as string[]).forEach((v, i, all) => all.indexOf(v) < i && ds.push(diag(src.locate(["tags", key, i]), "duplicate-value", `${key} lists ${v} twice`, "warning")));
  }
  const neededFacets = new Set<string>();
  let assigning = 0;
  for (const t of p.types) {
    const td = types.get(t);
    if (!td) continue;
    if (td.facet && (td.rule === "per_facet" || td.rule === "distinct_facet")) {
      neededFacets.add(td.facet);
      if (!p.facets[td.facet]) ds.push(diag(src.locate(["type"]), "missing-facet-value", `plugin ${p.id} fills type ${t}, whose rule needs facet "${td.facet}"; expected facets: { ${td.facet}: [...] }`));
    }
    if (td.rule === "distinct_facet" || td.rule === "per_use_case") assigning++;
  }
  if (assigning > 1) ds.push(diag(src.locate(["also_types"], true), "two-assigned-facets", `plugin ${p.id} fills two types that each assign a facet value; expected at most one`));
  for (const f of Object.keys(p.facets)) {
    if (!neededFacets.has(f)) ds.push(diag(src.locate(["facets", f], true), "unused-facet", `facet "${f}" is not used by the rule of any type ${p.id} fills${didYouMean(f, neededFacets)}`, "warning"));
  }
  p.capabilities.forEach((c) => checkCapability(ld, known.capabilities, c, src.locate(["capabilities", (data.capabilities ?? []).indexOf(c)]), `plugin ${p.id}`));
  // Each tied facet value is one of the plugin's values, and each capability one it provides.
  const values = new Set(Object.values(p.facets).flat());
  for (const [v, caps] of Object.entries(p.facetCapabilities)) {
    if (!values.has(v)) ds.push(diag(src.locate(["facet_capabilities", v], true), "unknown-facet", `facet value "${v}" is not one of ${p.id}'s facet values; expected one of: ${[...values].sort(cmp).join(", ") || "(none)"}${didYouMean(v, values)}`));
    caps.forEach((c, i) => {
      // A capability no file defines is that first (it was "not provided ... expected one of: (none)").
      if (!known.capabilities.has(c)) checkCapability(ld, known.capabilities, c, src.locate(["facet_capabilities", v, i]), `plugin ${p.id}'s facet_capabilities`);
      else if (!p.capabilities.includes(c)) ds.push(diag(src.locate(["facet_capabilities", v, i]), "role-capability-not-provided", `${p.id} ties capability ${c} to its ${v} role but does not list it under capabilities; expected one of: ${p.capabilities.join(", ") || "(none)"}${didYouMean(c, p.capabilities)}`));
    });
  }
  for (const cat of Object.keys(p.integrations)) {
    if (!categories.has(cat)) ds.push(diag(src.locate(["integration_points", cat], true), "unknown-category", `unknown integration category "${cat}"; expected one of: ${[...categories.keys()].sort(cmp).join(", ")}${didYouMean(cat, categories.keys())}`));
  }
}

/**
 * The plugins of every layer, each checked against the types, categories and capabilities (when
 * those files parsed: `checkable`); `layerOf` says which layer (0: the base) each comes from,
 * `brokenIds` which plugins were left out because their files do not parse.
 */
function readPlugins(ld: Loading, types: Map<string, TypeDef>, categories: Map<string, string>, capabilities: Capabilities, checkable: boolean) {
  const byId = new Map<string, Plugin>();
  const firstFile = new Map<string, string>();
  const layerOf = new Map<string, number>();
  /** Where each plugin lists each of its facet values (the last definition of a plugin only). */
  const facetValuesAt = new Map<string, { facet: string; value: string; pos: SourcePos }[]>();
  /** The plugins of files that do not parse (their ids, or their files' names): see the loop below. */
  const brokenIds = new Set<string>();
  const add = (src: YamlSource, data: PluginFileT, file: SourceFile, layer: number) => {
    const pos = src.locate(["id"]);
    if (baseName(file.path) !== data.id)
      ld.ds.push(diag(pos, "id-file-mismatch", `id "${data.id}" does not match the file name ${fileName(file.path)}; name the file ${data.id}${fileName(file.path).slice(baseName(file.path).length)}`, "warning"));
    if (byId.has(data.id)) {
      // A layer replaces a plugin defined below it only where it says so.
      const below = layerOf.get(data.id)! < layer;
      if (!below || !data.overrides) {
        ld.ds.push(diag(pos, "duplicate-id", `duplicate plugin id "${data.id}"; it is already defined in ${firstFile.get(data.id)}${below ? "; say overrides: true to replace it" : ""}`));
        return;
      }
    } else if (data.overrides && !brokenIds.has(data.id)) ld.ds.push(diag(src.locate(["overrides"], true), "overrides-nothing", `${data.id} says overrides: true, but no plugin of that id is defined below it`, "warning"));
    firstFile.set(data.id, file.path);
    layerOf.set(data.id, layer);
    const p = pluginOf(src, data);
    byId.set(p.id, p);
    // Positions now, not later: a closure that finds one later keeps the file's whole parse alive
    // (a first read of 10,000 plugins spent 8 % more in garbage collection).
    facetValuesAt.set(p.id, Object.entries(data.facets ?? {}).flatMap(([facet, vs]) => vs.map((value, i) => ({ facet, value, pos: src.locate(["facets", facet, i]) }))));
    checkPlugin(ld, p, src, data, { types, categories, capabilities });
  };
  // Each file is built as soon as it is parsed, so its YAML document is garbage before the next
  // is read: holding them all took 1.1 GB for 50,000 plugins, and the collector's time with it.
  const byName = (a: SourceFile, b: SourceFile) => cmp(baseName(a.path), baseName(b.path)) || cmp(a.path, b.path);
  const pluginFiles = [ld.files, ...(ld.files.layers ?? [])].flatMap((l, layer) => [...l.plugins].sort(byName).map((f) => [f, layer] as const));
  // A plugin file that does not parse leaves its plugin out, and the rest is still checked, so
  // that lint reports every file's errors at once (it reported that file's alone); what names the
  // plugin left out is not said to name an unknown one (`brokenIds`: its id, or its file's name).
  for (const [i, [f, layer]] of pluginFiles.entries()) {
    if ((i & 63) === 0 && ld.pastDeadline()) throw new Timeout();
    const p = parse(f, PluginFile);
    if (Array.isArray(p)) {
      ld.parseDs.push(...p);
      brokenIds.add(baseName(f.path));
      // Its id as written, even where the YAML does not parse (a file named otherwise than its id).
      const text = typeof f.content === "string" ? f.content : new TextDecoder().decode(f.content);
      const id = /^id:[ \t]*["']?([A-Za-z0-9_.-]+)/m.exec(text)?.[1];
      if (id !== undefined) brokenIds.add(id);
    } else if (!ld.fatal && checkable) add(p.src, p.data, f, layer);
  }
  ld.ds.push(...lonelyFacetValues(facetValuesAt));
  return { byId, layerOf, brokenIds };
}

/**
 * A facet value no other plugin uses, a letter or two from one that several use (rest-apu for
 * rest-api): likely a slip, and it would slip past the facet's "one for each value" rule.
 */
function lonelyFacetValues(facetValuesAt: Map<string, { facet: string; value: string; pos: SourcePos }[]>): Diagnostic[] {
  const ds: Diagnostic[] = [];
  const valueUse = new Map<string, Map<string, number>>();
  for (const list of facetValuesAt.values()) for (const { facet, value } of list) valueUse.set(facet, (valueUse.get(facet) ?? new Map()).set(value, (valueUse.get(facet)?.get(value) ?? 0) + 1));
  // The shared values of each facet, once; a facet of very many (a generated catalog) is left alone.
  const sharedOf = new Map([...valueUse].map(([facet, use]) => [facet, [...use].filter(([, n]) => n > 1).map(([v]) => v)] as const).filter(([, vs]) => vs.length > 0 && vs.length <= 200));
  for (const [id, list] of facetValuesAt) {
    for (const { facet, value, pos } of list) {
      const shared = sharedOf.get(facet);
      if (!shared || valueUse.get(facet)!.get(value) !== 1) continue;
      const near = nearest(value, shared);
      if (near !== undefined && distance(value, near) <= 2) ds.push(diag(pos, "lonely-facet-value", `${id}'s ${facet} "${value}" is used by no other plugin, and "${near}" by several; did you mean "${near}"?`, "warning"));
    }
  }
  return ds;
}

/** The compositions of every layer (a layer's replaces the one of the same file name below it), and the layer each comes from. */
function readCompositions(ld: Loading) {
  const comps: StackDoc[] = [];
  const compLayer = new Map<StackDoc, number>();
  for (const [layer, l] of [ld.files, ...(ld.files.layers ?? [])].entries()) {
    for (const f of [...l.compositions].sort((a, b) => cmp(a.path, b.path))) {
      const r = parseStackFile(f);
      if (!r.ok) {
        ld.parseDs.push(...r.diagnostics);
        ld.fatal = true;
      } else {
        // A layer's composition replaces the one of the same file name below it (its id in
        // `list compositions`), as a layer's precedence list replaces the one below.
        const below = comps.findIndex((c) => baseName(c.file) === baseName(f.path) && (compLayer.get(c) ?? 0) < layer);
        if (below >= 0) comps.splice(below, 1);
        comps.push(r.stack);
        compLayer.set(r.stack, layer);
        if (r.stack.name === undefined) ld.ds.push(diag(r.stack.pos, "composition-without-name", `composition ${baseName(f.path)} has no name; expected name: (a composition is a stack file with a name)`, "warning"));
      }
    }
  }
  return { comps, compLayer };
}

/** The use cases, checked against the capabilities and tag values, with the layer each comes from. */
function readUseCases(ld: Loading, ucFs: Parsed<UseCasesFileT>[], capabilities: Capabilities) {
  const { ds } = ld;
  const useCases = new Map<string, UseCase>();
  const useCaseLayer = new Map<string, number>();
  const aliasOwner = new Map<string, string>();
  // Names resolve --use-case as ids and aliases do (case aside): two use cases of one name leave
  // the name to whichever comes first.
  const nameOwner = new Map<string, string>();
  const namedPos = new Map<string, SourcePos>();
  for (const [id, { src, data }] of ld.entries(ucFs, (d) => d.use_cases, "use_cases", "use case", true)) {
    useCaseLayer.set(id, ld.layerOfFile.get(src) ?? 0);
    const u = data.use_cases[id]!;
    const uc: UseCase = {
      id,
      name: u.name,
      aliases: [...(u.aliases ?? [])],
      needs: u.needs.map((c, i) => ({ id: c, pos: src.locate(["use_cases", id, "needs", i]) })),
      suggests: (u.suggests ?? []).map((c, i) => ({ id: c, pos: src.locate(["use_cases", id, "suggests", i]) })),
      tagRules: (u.tag_rules ?? []).map((t, i) => ({ ...parseTagFilter(t), pos: src.locate(["use_cases", id, "tag_rules", i]) })),
      tagPreferences: (u.tag_preferences ?? []).map((t, i) => ({ ...parseTagFilter(t), pos: src.locate(["use_cases", id, "tag_preferences", i]) })),
      pos: src.locate(["use_cases", id], true),
    };
    uc.needs.forEach((r) => checkCapability(ld, capabilities, r.id, r.pos, `use case ${id}`));
    // A use case of no needs and no tag rules asks a stack for nothing; requested, it still counts
    // as one more use case (a vector database of its own). Made for its tag preferences alone, it
    // is what --prefer-tag (a project file's prefer_tags) says without that.
    if (uc.needs.length === 0 && uc.tagRules.length === 0)
      ds.push(diag(src.locate(["use_cases", id, "needs"], true), "use-case-needs-nothing", `use case ${id} needs no capability and has no tag rule, so it asks a stack for nothing, yet requested it allows one more plugin of each per-use-case type (a vector database of its own); expected needs, or, for preferred tags alone, --prefer-tag${uc.tagPreferences.length ? ` ${uc.tagPreferences.map(tagFilterText).join(" --prefer-tag ")}` : ""} (a project file's prefer_tags)`, "warning"));
    for (const f of [...uc.tagRules, ...uc.tagPreferences]) {
      const allowed = TAG_VALUES[f.key];
      for (const v of f.values.filter((x) => !allowed.includes(x))) ds.push(diag(f.pos, "unknown-tag-value", `unknown ${f.key} "${v}" in use case ${id}; expected one of: ${allowed.join(", ")}${didYouMean(v, allowed)}`));
    }
    uc.suggests.forEach((r) => checkCapability(ld, capabilities, r.id, r.pos, `use case ${id}`));
    uc.aliases.forEach((a, i) => {
      const owner = aliasOwner.get(a);
      if (owner !== undefined) ds.push(diag(src.locate(["use_cases", id, "aliases", i]), "duplicate-alias", `alias "${a}" is already used by use case ${owner}; expected each alias once`));
      aliasOwner.set(a, id);
    });
    // A warning, not an error: ids and aliases still name each one, and a layer cannot rename the
    // use case below it. Said at both, as the one to rename may be either.
    const named = nameOwner.get(uc.name.trim().toLowerCase());
    const here = src.locate(["use_cases", id, "name"]);
    if (named !== undefined) ds.push(diag(here, "duplicate-name", `use cases ${named} (${namedPos.get(named)!.file}:${namedPos.get(named)!.line}) and ${id} have the same name "${uc.name}"; --use-case "${uc.name}" picks ${named}: give one of them another name, or ask by id or alias`, "warning"));
    else {
      nameOwner.set(uc.name.trim().toLowerCase(), id);
      namedPos.set(id, here);
    }
    useCases.set(id, uc);
  }
  for (const [a, owner] of aliasOwner) {
    if (!useCases.has(a) || a === owner) continue;
    // Said where the later of the two was written: a layer's new use case named as a built-in
    // one's alias is the layer's to rename, and the built-in file is not the user's to edit.
    if ((useCaseLayer.get(a) ?? 0) > (useCaseLayer.get(owner) ?? 0))
      ds.push(diag(useCases.get(a)!.pos, "alias-shadows-id", `use case id "${a}" is already an alias of ${owner} (${cite(useCases.get(owner)!.pos)}); expected an id that no use case is called by`));
    else ds.push(diag(useCases.get(owner)!.pos, "alias-shadows-id", `alias "${a}" of ${owner} is the id of another use case`));
  }
  return { useCases, useCaseLayer };
}

/** Each type's precedence list (a layer's replaces the one below it) and the layer it comes from. */
function readPrecedence(ld: Loading, precFs: Parsed<PrecedenceFileT>[], types: Map<string, TypeDef>) {
  const precedence = new Map<string, { list: Ref[]; pos: SourcePos }>();
  const precedenceLayer = new Map<string, number>();
  const lastOf = new Map<string, Parsed<PrecedenceFileT>>();
  for (const f of precFs) for (const t of Object.keys(f.data.plugin_precedence)) lastOf.set(t, f);
  for (const [t, precF] of [...lastOf].sort((a, b) => cmp(a[0], b[0]))) {
    const pos = precF.src.locate(["plugin_precedence", t], true);
    if (!types.has(t)) ld.ds.push(diag(pos, "unknown-type", `unknown type "${t}" in precedence; expected one from constraints/types.yaml${didYouMean(t, types.keys())}`));
    const list = precF.data.plugin_precedence[t]!.map((id, i) => ({ id, pos: precF.src.locate(["plugin_precedence", t, i]) }));
    // A plugin ranked twice: its rank is ambiguous, and every plugin after it moves down one.
    list.forEach((r, i) => {
      if (list.findIndex((q) => q.id === r.id) < i) ld.ds.push(diag(r.pos, "duplicate-entry", `${r.id} is ranked twice under ${t}; expected each plugin once in a precedence list`));
    });
    precedence.set(t, { list, pos });
    precedenceLayer.set(t, ld.layerOfFile.get(precF.src) ?? 0);
  }
  return { precedence, precedenceLayer };
}

/** The objectives' order: the last file's wins, each objective exactly once. */
function readObjectives(ld: Loading, objFs: Parsed<ObjectivesFileT>[]) {
  const objF = objFs[objFs.length - 1]!;
  const objectives = objF.data.objectives as ObjectiveName[];
  const objectivesPos = objF.src.locate(["objectives"]);
  const repeated = objectives.findIndex((o, i) => objectives.indexOf(o) !== i);
  if (repeated >= 0) {
    const missing = OBJECTIVES.filter((o) => !objectives.includes(o));
    ld.ds.push(diag(objF.src.locate(["objectives", repeated]), "objectives-not-permutation", `objective "${objectives[repeated]}" is listed twice${missing.length ? ` and ${missing.join(", ")} is missing` : ""}; expected each of ${OBJECTIVES.join(", ")} exactly once`));
  }
  return { objectives, objectivesPos };
}

/**
 * Each composition's references, and which override above its layer (of its plugins, the types
 * they fill, its use cases) its errors are the doing of: those become warnings naming it.
 */
function checkCompositions(catalog: Catalog, comps: StackDoc[], at: { compLayer: Map<StackDoc, number>; typeLayer: Map<string, number>; useCaseLayer: Map<string, number>; layering: Layering }): Diagnostic[] {
  const { plugins, types, useCases } = catalog;
  const ds: Diagnostic[] = [];
  for (const c of comps) {
    // The first override above the composition's layer among what it rests on: its plugins, the
    // types they fill (their rules and facets), its use cases.
    const layer = at.compLayer.get(c) ?? 0;
    const ids = c.plugins.map((e) => e.id);
    const plugin = ids.find((id) => at.layering.plugin(id) > layer);
    const type = [...new Set(ids.flatMap((id) => plugins.get(id)?.types ?? []))].sort(cmp).find((t) => (at.typeLayer.get(t) ?? 0) > layer);
    const useCase = c.useCases.map((u) => u.id).find((u) => (at.useCaseLayer.get(u) ?? 0) > layer);
    const over =
      plugin !== undefined
        ? { name: plugin, pos: plugins.get(plugin)!.pos }
        : type !== undefined
          ? { name: `type ${type}`, pos: types.get(type)!.pos }
          : useCase !== undefined
            ? { name: `use case ${useCase}`, pos: useCases.get(useCase)!.pos }
            : undefined;
    if (over !== undefined) c.overriddenBy = `${over.name} (${cite(over.pos)})`;
    ds.push(...checkStackRefs(catalog, c).map((d) => (over !== undefined && d.severity === "error" ? overridden(d, over.name, over.pos) : d)));
  }
  return ds;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Which layer (0: the base) each plugin and each type's precedence list comes from, and how a finding an override caused is restated. */
interface Layering {
  plugin(id: string): number;
  precedence(type: string): number;
  byOverride(d: Diagnostic, id: string): Diagnostic;
}

/**
 * References between plugins: conflicts, requires, integrations, precedence. A finding in a layer
 * about a plugin a later layer overrides is the override's doing (`Layering.byOverride`).
 */
function crossReferences(c: Catalog, layering: Layering): Diagnostic[] {
  const ds: Diagnostic[] = [];
  const about = (d: Diagnostic, fromLayer: number, to: string) => (layering.plugin(to) > fromLayer ? layering.byOverride(d, to) : d);
  const ids = [...c.plugins.keys()];
  const knownTypes = (id: string) => c.plugins.get(id)!.types.every((t) => c.types.has(t));
  const ref = (r: Ref, what: string) => {
    if (!c.plugins.has(r.id)) {
      ds.push(diag(r.pos, "dangling-reference", `unknown plugin "${r.id}" in ${what}; expected a plugin id from catalog/plugins/${didYouMean(r.id, ids)}`));
      return false;
    }
    return true;
  };
  for (const p of c.plugins.values()) {
    for (const r of p.conflicts) {
      if (!ref(r, `conflicts_with of ${p.id}`)) continue;
      if (r.id === p.id) ds.push(diag(r.pos, "self-conflict", `plugin ${p.id} conflicts with itself, so it can never be selected`));
      const other = c.plugins.get(r.id)!;
      // A plugin of a layer below cannot be edited from this one (only overridden whole): the
      // conflict holds both ways anyway, and there is nothing to add there.
      if (!other.conflicts.some((x) => x.id === p.id) && layering.plugin(r.id) >= layering.plugin(p.id))
        ds.push(diag(r.pos, "asymmetric-conflict", `${p.id} conflicts with ${r.id}, but ${r.id} does not list ${p.id}; treated as symmetric (add it to ${r.id}'s conflicts_with)`, "warning"));
    }
    for (const req of p.requires) {
      req.anyOf.forEach((id, k) => ref({ id, pos: req.anyOfPos?.[k] ?? req.pos }, `requires of ${p.id}`));
      // "at least one of these": with the plugin itself among them, always met, so it asks nothing.
      if (req.anyOf.includes(p.id)) ds.push(diag(req.pos, "self-requirement", `${p.id} lists itself in a requirement, which it then always meets; expected the other plugins it needs`, "warning"));
    }
    for (const [cat, refs] of Object.entries(p.integrations)) {
      const t = c.categories.get(cat);
      for (const r of refs) {
        if (!ref(r, `integration_points.${cat} of ${p.id}`)) continue;
        // A plugin of a type the catalog does not know is an error of its own (unknown type): not
        // one more at every plugin that lists it.
        if (t && knownTypes(r.id) && !c.plugins.get(r.id)!.types.includes(t))
          ds.push(about(diag(r.pos, "integration-wrong-type", `${r.id} is listed under ${cat}, but it does not fill type ${t}; expected a plugin of type ${t}`), layering.plugin(p.id), r.id));
      }
    }
  }
  for (const [t, { list }] of c.precedence) {
    for (const r of list) {
      if (!ref(r, `plugin_precedence.${t}`)) continue;
      if (knownTypes(r.id) && !c.plugins.get(r.id)!.types.includes(t)) ds.push(about(diag(r.pos, "precedence-wrong-type", `${r.id} is ranked under ${t}, but it does not fill that type`), layering.precedence(t), r.id));
    }
  }
  return ds;
}

/**
 * The catalog of a load to answer questions with, or an InputError carrying the load's errors:
 * `loadCatalogFromFiles` returns a catalog with errors too (for lint), where a dangling `requires`
 * or a duplicate id would make answers wrong.
 */
export function catalogOrThrow(loaded: LoadResult): Catalog {
  if (typeof loaded !== "object" || loaded === null || !Array.isArray((loaded as Partial<LoadResult>).diagnostics))
    throw new InputError([diag({ file: "catalog", line: 0, column: 0 }, "bad-catalog", `catalogOrThrow takes what loadCatalogFromFiles gives ({ catalog, diagnostics }), not ${loaded === null ? "null" : typeof loaded}`)]);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (!loaded.catalog || errors.length) throw new InputError(errors.length ? errors : loaded.diagnostics);
  return loaded.catalog;
}
