#!/usr/bin/env node
/**
 * The reference: a catalog directory + a request -> an ASP program for clingo that encodes the
 * same hard rules and the same lexicographic objectives as src/core/model/build.ts, and a runner that
 * solves it with clingo and returns the optimum cost vector.
 *
 *   node bench/asp.js --catalog DIR [--use-case U]... [--require ID]... [--exclude ID]...
 *                     [--prefer ID]... [--avoid ID]... [--only KEY=VALUE]... [--integrations strict]
 *                     [--reduce]       encode only the plugins a best stack can use (see reachable())
 *                     [--lp FILE]      write the program to FILE and stop (prints a JSON summary)
 *                     [--print]        print the program and stop
 *                     [--timeout S]    otherwise solve it with clingo and print the result as JSON
 *
 * The catalog is read here with the `yaml` package, independently of src/core/catalog/load.ts, and
 * normalised the way catalog.ts does it (primary type first then also_types, capabilities as a
 * set, conflicts symmetric and without self-conflicts, requires targets that exist, the
 * integration relation symmetric over every category). Plugins are numbered 1..N in id order.
 *
 * Mapping of model/build.ts (variables p:ID, f:ID:VALUE, m:CAP, g:A:B) to ASP atoms:
 *   p:ID        sel(I)
 *   f:ID:VALUE  asg(I,"VALUE")         exactly one per selected plugin whose assigning type is
 *                                      distinct_facet / per_use_case; none for unselected ones
 *   m:CAP       sug(C), not prov(C)
 *   g:A:B       gap(A,B)               A < B related, both selected, integrating in neither direction
 * Objective levels in objectives.yaml order get priorities @5 (first) .. @1 (last); every level
 * has a weight-0 element so clingo reports all five costs even when a level is empty.
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const YAML = require("yaml");

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const q = (s) => JSON.stringify(String(s)); // an ASP string constant

// ---------------------------------------------------------------------------------------------
// Reading a catalog directory
// ---------------------------------------------------------------------------------------------
function readYaml(path) {
  return YAML.parse(readFileSync(path, "utf8"));
}

export function loadCatalogYaml(dir) {
  const root = resolve(dir);
  const pdir = join(root, "catalog", "plugins");
  const files = readdirSync(pdir).filter((f) => /\.ya?ml$/.test(f));
  const base = (f) => f.replace(/\.ya?ml$/, "");
  files.sort((a, b) => cmp(base(a), base(b)) || cmp(a, b));
  const plugins = new Map();
  for (const f of files) {
    const d = readYaml(join(pdir, f));
    if (plugins.has(d.id)) continue; // catalog.ts: duplicate ids are errors; the first one stays
    plugins.set(d.id, {
      id: d.id,
      types: [d.type, ...(d.also_types ?? [])],
      tags: { license: d.tags.license, hosting: d.tags.hosting ?? [], clouds: d.tags.clouds === "any" ? ["any"] : (d.tags.clouds ?? []) },
      facets: d.facets ?? {},
      capabilities: [...new Set(d.capabilities ?? [])].sort(cmp),
      conflicts: (d.conflicts_with ?? []).map(claimId),
      requires: (d.requires ?? []).map((r) => r.any_of),
      integrations: Object.fromEntries(Object.entries(d.integration_points ?? {}).map(([k, v]) => [k, v.map(claimId)])),
    });
  }
  const typesDoc = readYaml(join(root, "constraints", "types.yaml")).types;
  const types = new Map();
  const categories = new Map();
  for (const name of Object.keys(typesDoc).sort(cmp)) {
    const t = typesDoc[name];
    types.set(name, { name, rule: t.rule, facet: t.facet, category: t.category });
    categories.set(t.category, name);
  }
  const ucDoc = readYaml(join(root, "constraints", "use-cases.yaml")).use_cases;
  const useCases = new Map();
  for (const id of Object.keys(ucDoc).sort(cmp)) {
    const u = ucDoc[id];
    useCases.set(id, { id, name: u.name, aliases: u.aliases ?? [], needs: u.needs ?? [], suggests: u.suggests ?? [], tagRules: (u.tag_rules ?? []).map(tagFilter), tagPreferences: (u.tag_preferences ?? []).map(tagFilter) });
  }
  const precDoc = readYaml(join(root, "constraints", "precedence.yaml")).plugin_precedence ?? {};
  const precedence = new Map(Object.keys(precDoc).sort(cmp).map((t) => [t, precDoc[t]]));
  const objectives = readYaml(join(root, "constraints", "objectives.yaml")).objectives;
  return { plugins: new Map([...plugins].sort((a, b) => cmp(a[0], b[0]))), types, categories, useCases, precedence, objectives };
}

// ---------------------------------------------------------------------------------------------
// Request resolution (as src/core/model/request.ts: names -> ids, de-duplicated, sorted)
// ---------------------------------------------------------------------------------------------
function resolveUseCase(c, name) {
  const n = name.trim().toLowerCase();
  const slug = n.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  for (const uc of c.useCases.values()) if (uc.id === n || uc.id === slug || uc.name.toLowerCase() === n || uc.aliases.includes(n) || uc.aliases.includes(slug)) return uc.id;
  throw new Error(`unknown use case ${name}`);
}

export function resolveRequest(c, r) {
  const plugin = (name) => {
    if (c.plugins.has(name)) return name;
    if (c.plugins.has(`${name}-plugin`)) return `${name}-plugin`;
    throw new Error(`unknown plugin ${name}`);
  };
  const list = (xs) => [...new Set((xs ?? []).map(plugin))].sort(cmp);
  const useCases = [];
  for (const u of r.useCases ?? []) {
    const id = resolveUseCase(c, u);
    if (!useCases.includes(id)) useCases.push(id);
  }
  const only = [...new Set(r.only ?? [])].map((f) => {
    if (!/^([^=]+)=(.+)$/.test(f)) throw new Error(`bad filter ${f}`);
    return tagFilter(f);
  });
  return { useCases: useCases.sort(cmp), require: list(r.require), exclude: list(r.exclude), prefer: list(r.prefer), avoid: list(r.avoid), only, integrations: r.integrations ?? "soft" };
}

/** An integration or conflict as the YAML may write it: an id, or { id, source?, unsure? }. */
const claimId = (c) => (typeof c === "string" ? c : c.id);
/** "key=a,b" -> { key, values } (values sorted, each once). */
const tagFilter = (t) => {
  const i = t.indexOf("=");
  return { key: t.slice(0, i).trim(), values: [...new Set(t.slice(i + 1).split(",").map((v) => v.trim()).filter(Boolean))].sort(cmp) };
};
const tagValues = (p, key) => (key === "license" ? [p.tags.license] : p.tags[key] ?? []);
/** Has the plugin one of the filter's values? A cloud-agnostic plugin ("any") has every cloud. */
const hasTag = (p, f) => (f.key === "clouds" && p.tags.clouds.includes("any")) || tagValues(p, f.key).some((v) => f.values.includes(v));

// ---------------------------------------------------------------------------------------------
// The ASP program
// ---------------------------------------------------------------------------------------------
export const ASP_RULES = String.raw`
% ---- choice: any subset of plugins
{ sel(P) } :- plugin(P).

% ---- conflicts (symmetric, listed on either side)
:- conflict(A,B), sel(A), sel(B).

% ---- cardinality per type
% single (and per_use_case when no use case is requested): at most one plugin filling the type
:- single(T), 2 #count { P : sel(P), fills(P,T) }.
% per_facet: at most one per facet value; a plugin with several values counts under each
:- pfval(T,V), 2 #count { P : sel(P), pf(T,V,P) }.
% distinct_facet / per_use_case: each selected plugin (of its assigning type) is assigned exactly
% one of its values; an assigned value implies the plugin is selected; no value shared in a type
1 { asg(P,V) : val(P,V) } 1 :- sel(P), assigns(P,_).
aval(T,V) :- assigns(P,T), val(P,V).
:- aval(T,V), 2 #count { P : asg(P,V), assigns(P,T) }.

% ---- requires: each any_of has a selected target
reqok(P,R) :- reqt(P,R,Q), sel(Q).
:- sel(P), req(P,R), not reqok(P,R).

% ---- capabilities
prov(C) :- cap(P,C), sel(P).

% ---- user requests (all hard in recommend)
:- need(C), not prov(C).
:- require(P), not sel(P).
:- exclude(P), sel(P).
:- banned(P), sel(P).

% ---- the integration relation (symmetric: listed by either side, in any category)
intg2(A,B) :- intg(A,B).
intg2(B,A) :- intg(A,B).
% gaps: unordered related pairs (a category one declares covers a type the other fills),
% both selected, integrating in neither direction
gap(A,B) :- decl(A,T), fills(B,T), A < B, sel(A), sel(B), not intg2(A,B).
gap(A,B) :- decl(B,T), fills(A,T), A < B, sel(A), sel(B), not intg2(A,B).

#show sel/1.
#show asg/2.
`;

export const ASP_STRICT = String.raw`
% ---- strict integrations: A selected, some other B of a category A declares selected, and B not a
% partner of A -> some partner of A of that type is selected
haspartner(A,T) :- decl(A,T), fills(B,T), B != A, intg2(A,B), sel(B).
:- decl(A,T), sel(A), fills(B,T), B != A, sel(B), not intg2(A,B), not haspartner(A,T).
`;

const OBJECTIVE_ASP = {
  wishes: (L) => `#minimize { 1@${L},avoid,P : avoid(P), sel(P); 1@${L},prefer,P : prefer(P), not sel(P); 1@${L},tagpref,K,P : tagpref(K,P), sel(P) }.`,
  suggestions: (L) => `#minimize { 1@${L},sug,C : sug(C), not prov(C) }.`,
  precedence: (L) => `#minimize { W@${L},prec,P : prec(P,W), sel(P) }.`,
  "integration-gaps": (L) => `#minimize { 1@${L},gap,A,B : gap(A,B) }.`,
  plugins: (L) => `#minimize { 1@${L},plug,P : sel(P) }.`,
};

/**
 * Optional reduction (--reduce): the plugins a best stack can use, i.e. the providers of the
 * requested use cases' needed and suggested capabilities, the required and preferred plugins,
 * closed under every `requires` alternative and, with strict integrations, under integration
 * partners. Every optimal stack lies inside this set (dropping the plugins outside it from a
 * valid stack keeps it valid and makes no level worse), so the optimum is the same. mlx-solve's
 * model/scope.ts applies the same reduction (reachablePlugins); this is an independent implementation.
 * verify.js runs without it, so the differential check also tests that the reduction is exact.
 */
export function reachable(c, req) {
  const caps = new Set();
  for (const u of req.useCases) for (const x of [...c.useCases.get(u).needs, ...c.useCases.get(u).suggests]) caps.add(x);
  const queue = [...req.require, ...req.prefer];
  for (const p of c.plugins.values()) if (p.capabilities.some((x) => caps.has(x))) queue.push(p.id);
  const listed = (a, b) => Object.values(c.plugins.get(a).integrations).some((xs) => (xs ?? []).includes(b));
  const out = new Set();
  while (queue.length) {
    const id = queue.pop();
    if (out.has(id) || !c.plugins.has(id)) continue;
    out.add(id);
    const p = c.plugins.get(id);
    for (const anyOf of p.requires) for (const t of anyOf) queue.push(t);
    if (req.integrations === "strict")
      for (const cat of Object.keys(p.integrations)) {
        const t = c.categories.get(cat);
        if (!t) continue;
        for (const q of c.plugins.values()) if (q.id !== id && q.types.includes(t) && (listed(id, q.id) || listed(q.id, id))) queue.push(q.id);
      }
  }
  return out;
}

/** Translates catalog + request into { program, ids, levels, stats }; `reduce` keeps only the reachable plugins. */
export function toAsp(c, request, { reduce = false } = {}) {
  const req = resolveRequest(c, request);
  const ids = [...c.plugins.keys()];
  const keep = reduce ? reachable(c, req) : undefined;
  const has = (id) => c.plugins.has(id) && (!keep || keep.has(id));
  const num = new Map(ids.map((id, i) => [id, i + 1]));
  const out = [];
  const emit = (s) => out.push(s);
  emit(`% mlx-solve bench/asp.js: ${ids.length} plugins; use cases: ${req.useCases.join(", ") || "(none)"}`);
  emit(`% plugin numbers: ${ids.length <= 200 ? ids.map((id, i) => `${i + 1}=${id}`).join(" ") : "1..N in id order"}`);
  emit(ASP_RULES);
  if (req.integrations === "strict") emit(ASP_STRICT);
  const plugins = [...c.plugins.values()].filter((p) => has(p.id));
  emit(keep ? `% reduced to the ${plugins.length} reachable plugins` : "% every plugin of the catalog");
  if (keep) emit(plugins.map((p) => `plugin(${num.get(p.id)}).`).join("\n"));
  else emit(`plugin(1..${ids.length}).`);
  const facts = [];
  const F = (s) => facts.push(s);

  // types filled
  for (const p of plugins) for (const t of p.types) F(`fills(${num.get(p.id)},${t}).`);
  // conflicts
  const seen = new Set();
  for (const p of plugins) for (const o of p.conflicts) {
    if (!has(o) || o === p.id) continue;
    const [a, b] = [num.get(p.id), num.get(o)].sort((x, y) => x - y);
    const k = `${a},${b}`;
    if (!seen.has(k)) {
      seen.add(k);
      F(`conflict(${k}).`);
    }
  }
  // cardinality
  const assigningType = (p) => {
    for (const t of p.types) {
      const td = c.types.get(t);
      if (td && (td.rule === "distinct_facet" || td.rule === "per_use_case")) return td;
    }
    return undefined;
  };
  for (const td of c.types.values()) {
    if (td.rule === "single" || (td.rule === "per_use_case" && req.useCases.length === 0)) F(`single(${td.name}).`);
    else if (td.rule === "per_facet") {
      const vals = new Set();
      for (const p of plugins) {
        if (!p.types.includes(td.name)) continue;
        for (const v of p.facets[td.facet] ?? []) {
          vals.add(v);
          F(`pf(${td.name},${q(v)},${num.get(p.id)}).`);
        }
      }
      for (const v of [...vals].sort(cmp)) F(`pfval(${td.name},${q(v)}).`);
    } else if (td.rule === "distinct_facet" || td.rule === "per_use_case") {
      for (const p of plugins) {
        if (!p.types.includes(td.name) || assigningType(p) !== td) continue;
        const n = num.get(p.id);
        F(`assigns(${n},${td.name}).`);
        const vals = td.rule === "per_use_case" ? req.useCases : p.facets[td.facet] ?? [];
        for (const v of new Set(vals)) F(`val(${n},${q(v)}).`);
      }
    }
  }
  // requires
  for (const p of plugins) p.requires.forEach((anyOf, r) => {
    const n = num.get(p.id);
    F(`req(${n},${r}).`);
    for (const t of anyOf) if (has(t)) F(`reqt(${n},${r},${num.get(t)}).`);
  });
  // capabilities
  const capNum = new Map();
  const capOf = (cap) => {
    if (!capNum.has(cap)) capNum.set(cap, capNum.size + 1);
    return capNum.get(cap);
  };
  for (const p of plugins) for (const cap of p.capabilities) F(`cap(${num.get(p.id)},${capOf(cap)}).`);
  // requests
  for (const u of req.useCases) for (const need of c.useCases.get(u).needs) F(`need(${capOf(need)}).`);
  for (const id of req.require) F(`require(${num.get(id)}).`);
  for (const id of req.exclude) if (has(id)) F(`exclude(${num.get(id)}).`);
  // --only filters and the requested use cases' tag rules: a plugin without the tag is banned.
  const tagRules = [...req.only, ...req.useCases.flatMap((u) => c.useCases.get(u).tagRules)];
  for (const f of tagRules) for (const p of plugins) if (!hasTag(p, f)) F(`banned(${num.get(p.id)}).`);
  // objectives' data
  for (const id of req.avoid) if (has(id)) F(`avoid(${num.get(id)}).`);
  for (const id of req.prefer) F(`prefer(${num.get(id)}).`);
  // Each distinct tag preference K of the requested use cases: 1 per selected plugin without it.
  const prefs = [...new Map(req.useCases.flatMap((u) => c.useCases.get(u).tagPreferences).map((f) => [`${f.key}=${f.values.join(",")}`, f])).values()];
  prefs.forEach((f, k) => {
    for (const p of plugins) if (!hasTag(p, f)) F(`tagpref(${k + 1},${num.get(p.id)}).`);
  });
  const suggested = new Set();
  for (const u of req.useCases) for (const s of c.useCases.get(u).suggests) suggested.add(s);
  for (const s of [...suggested].sort(cmp)) F(`sug(${capOf(s)}).`);
  const rank = new Map();
  for (const [t, list] of c.precedence) {
    for (const p of plugins) {
      if (!p.types.includes(t)) continue;
      const i = list.indexOf(p.id);
      rank.set(p.id, (rank.get(p.id) ?? 0) + (i < 0 ? list.length : i));
    }
  }
  for (const [id, w] of [...rank].sort((a, b) => cmp(a[0], b[0]))) if (w > 0) F(`prec(${num.get(id)},${w}).`);
  for (const p of plugins) {
    for (const cat of Object.keys(p.integrations)) {
      const t = c.categories.get(cat);
      if (t) F(`decl(${num.get(p.id)},${t}).`);
    }
    const listed = new Set();
    for (const targets of Object.values(p.integrations)) for (const t of targets ?? []) if (has(t) && t !== p.id) listed.add(num.get(t));
    for (const t of [...listed].sort((a, b) => a - b)) F(`intg(${num.get(p.id)},${t}).`);
  }
  // objectives in objectives.yaml order: first = @5 (highest priority)
  const levels = c.objectives.map((name, i) => ({ name, priority: c.objectives.length - i }));
  for (const { name, priority } of levels) {
    if (!OBJECTIVE_ASP[name]) throw new Error(`unknown objective ${name}`);
    emit(`% level ${name}`);
    emit(`#minimize { 0@${priority},zero }.`);
    emit(OBJECTIVE_ASP[name](priority));
  }
  emit(facts.join("\n"));
  return { program: out.join("\n") + "\n", ids, levels, request: req, stats: { facts: facts.length, plugins: plugins.length } };
}

// ---------------------------------------------------------------------------------------------
// Running clingo
// ---------------------------------------------------------------------------------------------
export function clingoPath() {
  const r = spawnSync("sh", ["-c", "command -v clingo"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function clingoVersion() {
  const p = clingoPath();
  if (!p) return undefined;
  const r = spawnSync(p, ["--version"], { encoding: "utf8" });
  return (r.stdout.split("\n")[0] ?? "").trim();
}

export const CLINGO_ARGS = ["--opt-mode=opt", "--opt-strategy=usc", "--outf=2"];

/**
 * Parses clingo's JSON output (--outf=2). Returns { status: "optimal"|"unsat"|"unknown",
 * costs, stack: [{id, facet?}] } with `ids` mapping plugin numbers to ids.
 */
export function parseClingo(stdout, ids) {
  let j;
  try {
    j = JSON.parse(stdout);
  } catch {
    return { status: "error", message: "clingo printed no JSON" };
  }
  if (j.Result === "UNSATISFIABLE") return { status: "unsat" };
  const calls = j.Call ?? [];
  const ws = calls.length ? calls[calls.length - 1].Witnesses ?? [] : [];
  const w = ws[ws.length - 1];
  if (!w) return { status: "unknown", result: j.Result };
  const optimal = j.Result === "OPTIMUM FOUND" || j.Models?.Optimum === "yes";
  const facet = new Map();
  const sel = [];
  for (const atom of w.Value) {
    let m = /^sel\((\d+)\)$/.exec(atom);
    if (m) sel.push(ids[Number(m[1]) - 1]);
    m = /^asg\((\d+),"(.*)"\)$/.exec(atom);
    if (m) facet.set(ids[Number(m[1]) - 1], m[2]);
  }
  const costs = j.Models?.Costs ?? w.Costs ?? [];
  return {
    status: optimal ? "optimal" : "unknown",
    costs,
    stack: sel.sort(cmp).map((id) => (facet.has(id) ? { id, facet: facet.get(id) } : { id })),
    time: j.Time,
  };
}

/** Solves an .lp file with clingo; resolves to the parsed result plus exit code. */
export function solveFile(lpFile, ids, { timeoutMs = 300_000 } = {}) {
  const bin = clingoPath();
  if (!bin) return Promise.resolve({ status: "absent" });
  return new Promise((res) => {
    const child = spawn(bin, [...CLINGO_ARGS, lpFile], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal) return res({ status: "timeout", signal });
      const r = parseClingo(out, ids);
      res({ ...r, exitCode: code, stderr: err.trim() });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const a = { catalog: undefined, useCases: [], require: [], exclude: [], prefer: [], avoid: [], only: [], integrations: "soft", lp: undefined, print: false, timeout: 300, reduce: false };
  const key = { "--use-case": "useCases", "--require": "require", "--exclude": "exclude", "--prefer": "prefer", "--avoid": "avoid", "--only": "only" };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (key[x]) a[key[x]].push(argv[++i]);
    else if (x === "--catalog") a.catalog = argv[++i];
    else if (x === "--integrations") a.integrations = argv[++i];
    else if (x === "--lp") a.lp = argv[++i];
    else if (x === "--print") a.print = true;
    else if (x === "--reduce") a.reduce = true;
    else if (x === "--timeout") a.timeout = Number(argv[++i]);
    else throw new Error(`unknown argument ${x}`);
  }
  if (!a.catalog) throw new Error("--catalog DIR is required");
  return a;
}

async function main(argv) {
  let a;
  try {
    a = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${e.message}\nusage: node bench/asp.js --catalog DIR [--use-case U]... [--require ID]... [--lp FILE | --print]\n`);
    return 2;
  }
  const t0 = performance.now();
  const c = loadCatalogYaml(a.catalog);
  const t1 = performance.now();
  const { program, ids, levels, stats } = toAsp(c, a, { reduce: a.reduce });
  const t2 = performance.now();
  if (a.print) {
    process.stdout.write(program);
    return 0;
  }
  const lp = a.lp ?? join(resolve(a.catalog), "request.lp");
  writeFileSync(lp, program);
  writeFileSync(`${lp}.ids.json`, JSON.stringify(ids));
  const summary = { lp, plugins: ids.length, encoded_plugins: stats.plugins, facts: stats.facts, levels: levels.map((l) => l.name), load_ms: Math.round(t1 - t0), translate_ms: Math.round(t2 - t1) };
  if (a.lp) {
    process.stdout.write(JSON.stringify(summary) + "\n");
    return 0;
  }
  if (!clingoPath()) {
    process.stderr.write("clingo is not installed: skipping (apt-get install -y gringo)\n");
    return 0;
  }
  const t3 = performance.now();
  const r = await solveFile(lp, ids, { timeoutMs: a.timeout * 1000 });
  const res = { ...summary, solve_ms: Math.round(performance.now() - t3), ...r, cost: r.costs ? levels.map((l, i) => ({ objective: l.name, value: r.costs[i] })) : undefined };
  process.stdout.write(JSON.stringify(res, null, 2) + "\n");
  return r.status === "optimal" ? 0 : r.status === "unsat" ? 1 : 3;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2)).then((c) => (process.exitCode = c));

