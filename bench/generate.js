#!/usr/bin/env node
/**
 * Seeded generator of synthetic mlx-solve catalogs with the built-in catalog's rule mix.
 *
 *   node bench/generate.js --plugins N --seed S --out DIR [--integrations sparse|hub|none]
 *
 * Writes a real catalog directory (DIR/catalog/plugins/*.yaml, DIR/catalog/compositions/ (empty),
 * DIR/constraints/*.yaml) that `mlx-solve lint --catalog DIR` loads, plus DIR/meta.json: the
 * generator version, the sizes, the integration profile (absent = sparse), and the benchmark's
 * requests (two use cases for recommend, a conflicting pair of plugins for explain).
 *
 * Deterministic: the same N, S and profile give byte-identical files (a seeded PRNG, no
 * Math.random, no clock, no iteration over unordered containers). The profile changes only the
 * integration_points (and meta.json's `integrations`): everything else is byte-identical across
 * profiles for the same N and S.
 *
 * Shape (see bench/README.md):
 * - the 14 types of constraints/types.yaml with their rules (single, per_facet, distinct_facet,
 *   per_use_case, unbounded), in the built-in catalog's proportions; ~8 % of the plugins of some
 *   types fill a second type (also_types), as mlflow-plugin and local-plugin do;
 * - facet values for the per_facet / distinct_facet types (1-3 per plugin);
 * - about 2 conflicts per plugin (N symmetric pairs, listed on both sides), mostly within a type;
 * - 30 % of the plugins with one `requires: any_of` of 2-3 targets of other types;
 * - a capability vocabulary of max(20, 5 % of N); each capability has a home type whose plugins
 *   mostly provide it; each plugin provides 1-5 capabilities;
 * - 12 use cases needing 5-10 capabilities and suggesting 2-5 more;
 * - precedence lists for data_source, ml_platform and experiment_tracker;
 * - integration_points, by profile (--integrations):
 *   - sparse (the default): 3-4 categories per plugin, 1-2 partners each, 70 % from the plugin's
 *     own "ecosystem" (a hidden cluster). Nearly every related pair of selected plugins is then
 *     unlisted, i.e. an integration gap;
 *   - hub: 3-4 categories per plugin, 1-3 partners each, drawn with a Zipf skew (exponent 1.2)
 *     over a fixed random ranking of each type's plugins, so that a few hubs per type integrate
 *     with most of the catalog (as MLflow, Kubernetes or S3 do); drawn from a separate PRNG
 *     stream, and independent of the backbone and of the precedence lists;
 *   - none: no integration_points (the rule mix of the scale issue's reference generator);
 * - tags (license, hosting, clouds).
 *
 * Satisfiability guarantee: a "backbone" set of plugins is built first that is a valid stack on
 * its own (no conflicts among its members, at most one per single type, distinct facet values,
 * no requires, at most one vector database) and provides every capability that any use case
 * needs. So every use case, and every combination of use cases, has a valid stack.
 */
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const GENERATOR_VERSION = 3;
/** Integration profiles (--integrations); the first is the default. */
export const INTEGRATION_PROFILES = ["sparse", "hub", "none"];
/** The exponent of the hub profile's popularity skew: rank r is drawn with weight r^-HUB_ZIPF. */
export const HUB_ZIPF = 1.2;

// ---------------------------------------------------------------------------------------------
// PRNG: xmur3 string hash -> sfc32. Deterministic across platforms (32-bit integer arithmetic).
// ---------------------------------------------------------------------------------------------
function xmur3(str) {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

export function makeRng(seed) {
  const s = xmur3(String(seed));
  let a = s(), b = s(), c = s(), d = s();
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const rng = {
    next,
    /** Integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** k distinct elements of xs (k clamped), in a random order. */
    sample: (xs, k) => {
      k = Math.min(k, xs.length);
      if (k * 4 < xs.length) {
        const seen = new Set();
        const out = [];
        while (out.length < k) {
          const i = Math.floor(next() * xs.length);
          if (!seen.has(i)) {
            seen.add(i);
            out.push(xs[i]);
          }
        }
        return out;
      }
      const copy = [...xs];
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, k);
    },
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------
// The type table: the built-in constraints/types.yaml (rules, facets, categories), and the
// built-in catalog's proportions of plugins per type (weight).
// ---------------------------------------------------------------------------------------------
export const TYPES = [
  { name: "data_source", seed: "Single active per source type", rule: "per_facet", facet: "source_kind", category: "data_sources", weight: 4,
    values: ["warehouse", "object-storage", "local-files", "lakehouse", "relational-database", "streaming", "saas-api"] },
  { name: "data_processor", seed: "Multiple allowed, chainable", rule: "unbounded", category: "data_processors", weight: 3 },
  { name: "ml_platform", seed: "Single active per platform type", rule: "per_facet", facet: "platform_kind", category: "ml_platforms", weight: 3,
    values: ["full-stack", "local", "notebooks", "training", "automl"] },
  { name: "experiment_tracker", seed: "Single active", rule: "single", category: "experiment_trackers", weight: 2 },
  { name: "model_registry", seed: "Single active", rule: "single", category: "model_registries", weight: 2 },
  { name: "workflow_engine", seed: "Single active", rule: "single", category: "workflow_engines", weight: 3 },
  { name: "compute_backend", seed: "Multiple allowed, different purposes", rule: "distinct_facet", facet: "purpose", category: "compute_backends", weight: 3,
    values: ["distributed-compute", "container-orchestration", "parallel-dataframes", "gpu-training", "batch-jobs", "serverless"] },
  { name: "serving_platform", seed: "Multiple allowed, different endpoints", rule: "distinct_facet", facet: "endpoint", category: "serving_platforms", weight: 4,
    values: ["rest-api", "grpc-api", "batch-inference", "streaming-inference", "edge"] },
  { name: "monitoring", seed: "Multiple allowed, different aspects", rule: "distinct_facet", facet: "aspect", category: "monitoring", weight: 3,
    values: ["infrastructure", "llm-observability", "data-drift", "data-quality", "model-performance", "fairness", "cost"] },
  { name: "feature_store", seed: "Single active", rule: "single", category: "feature_stores", weight: 3 },
  { name: "vector_database", seed: "Single active per use case", rule: "per_use_case", category: "vector_databases", weight: 3 },
  { name: "llm_provider", seed: "Multiple allowed, different models", rule: "distinct_facet", facet: "model", category: "llm_providers", weight: 3,
    values: ["gpt", "claude", "open-weight-models", "gemini", "mistral", "llama", "embedding-models"] },
  { name: "security", seed: "Multiple allowed, different layers", rule: "distinct_facet", facet: "layer", category: "security", weight: 3,
    values: ["directory-authentication", "authorization", "secrets-management", "encryption", "audit-logging", "network-policy"] },
  { name: "cloud_provider", seed: "Added: not in the seed", rule: "unbounded", category: "cloud_providers", weight: 1 },
];
const TYPE = Object.fromEntries(TYPES.map((t) => [t.name, t]));
const assigns = (t) => t.rule === "distinct_facet" || t.rule === "per_use_case";

/** Second roles, as in the built-in catalog (mlflow, local-plugin, azure-ml, vertex-ai). */
const ALSO = { experiment_tracker: "model_registry", model_registry: "ml_platform", data_source: "ml_platform", ml_platform: "model_registry", data_processor: "compute_backend" };
/** Types whose plugins a `requires` points at, per type (like kserve -> kubernetes, sagemaker -> aws). */
const REQUIRES_TARGET = {
  serving_platform: ["compute_backend", "cloud_provider"], ml_platform: ["cloud_provider", "compute_backend"], vector_database: ["cloud_provider"],
  llm_provider: ["cloud_provider"], workflow_engine: ["compute_backend"], feature_store: ["data_source"], monitoring: ["serving_platform", "cloud_provider"],
  data_processor: ["data_source", "compute_backend"], data_source: ["cloud_provider"], experiment_tracker: ["data_source"], model_registry: ["data_source"],
  compute_backend: ["cloud_provider"], security: ["cloud_provider"], cloud_provider: ["security"],
};
export const PRECEDENCE_TYPES = ["data_source", "ml_platform", "experiment_tracker"];

const pad = (n, w) => String(n).padStart(w, "0");
const kebab = (s) => s.replace(/_/g, "-");
const byStr = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const flow = (xs) => `[${xs.join(", ")}]`;

export function generate(n, seed, { integrations = "sparse" } = {}) {
  if (!Number.isInteger(n) || n < 20) throw new Error(`--plugins must be an integer >= 20, not ${n}`);
  if (!INTEGRATION_PROFILES.includes(integrations)) throw new Error(`--integrations must be one of ${INTEGRATION_PROFILES.join(", ")}, not ${integrations}`);
  const rng = makeRng(`mlx-solve-bench:${seed}:${n}`);
  const width = Math.max(5, String(n).length);
  const nCaps = Math.max(20, Math.round(n * 0.05));
  const nEco = Math.max(3, Math.round(n / 40));

  // --- plugins and their types: every type gets at least 2 plugins, the rest by weight.
  const totalW = TYPES.reduce((s, t) => s + t.weight, 0);
  const typeOf = [];
  for (const t of TYPES) typeOf.push(t.name, t.name);
  const cum = [];
  let acc = 0;
  for (const t of TYPES) cum.push([(acc += t.weight) / totalW, t.name]);
  while (typeOf.length < n) {
    const x = rng.next();
    typeOf.push(cum.find(([c]) => x < c)?.[1] ?? TYPES[TYPES.length - 1].name);
  }
  // Shuffle so ids do not group by type.
  for (let i = typeOf.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [typeOf[i], typeOf[j]] = [typeOf[j], typeOf[i]];
  }
  const plugins = typeOf.map((type, i) => ({
    i,
    id: `p${pad(i + 1, width)}-${kebab(type)}`,
    type,
    also: [],
    eco: rng.int(0, nEco - 1),
    facets: {},
    caps: new Set(),
    conflicts: new Set(),
    requires: [],
    integrations: {},
    backbone: false,
  }));
  const capIds = Array.from({ length: nCaps }, (_, i) => `cap-${pad(i + 1, 4)}`);
  const capHome = capIds.map(() => rng.pick(TYPES).name);
  const capsHomedAt = Object.fromEntries(TYPES.map((t) => [t.name, []]));
  capIds.forEach((c, i) => capsHomedAt[capHome[i]].push(c));

  // --- use cases: 12, each needs 5-10 capabilities and suggests 2-5 others.
  const useCases = [];
  for (let u = 1; u <= 12; u++) {
    const needs = rng.sample(capIds, rng.int(5, 10)).sort(byStr);
    const rest = capIds.filter((c) => !needs.includes(c));
    const suggests = rng.sample(rest, rng.int(2, 5)).sort(byStr);
    useCases.push({ id: `uc-${pad(u, 2)}`, name: `Use case ${u}`, aliases: [`u${u}`], needs, suggests });
  }
  const needed = [...new Set(useCases.flatMap((u) => u.needs))].sort(byStr);

  // --- the backbone: a valid stack providing every needed capability.
  const ofType = Object.fromEntries(TYPES.map((t) => [t.name, []]));
  for (const p of plugins) ofType[p.type].push(p);
  const backbone = [];
  for (const t of TYPES) {
    let k;
    if (t.rule === "unbounded") k = t.name === "data_processor" ? Math.max(1, Math.ceil(needed.length / 8)) : 1;
    else if (t.rule === "per_facet" || t.rule === "distinct_facet") k = n >= 500 ? 2 : 1;
    else k = 1; // single, per_use_case
    const members = rng.sample(ofType[t.name], Math.min(k, ofType[t.name].length - 1));
    const values = t.values ? rng.sample(t.values, members.length) : [];
    members.forEach((p, j) => {
      p.backbone = true;
      if (t.facet) p.facets[t.facet] = [values[j]];
      backbone.push(p);
    });
  }
  const bbOfType = Object.fromEntries(TYPES.map((t) => [t.name, backbone.filter((p) => p.type === t.name)]));
  const bbProcessors = bbOfType.data_processor;
  needed.forEach((c, idx) => {
    const home = bbOfType[capHome[capIds.indexOf(c)]];
    const target = home.length && rng.chance(0.5) ? rng.pick(home) : bbProcessors[idx % bbProcessors.length];
    target.caps.add(c);
  });

  // --- facets, second roles, capabilities of every plugin.
  for (const p of plugins) {
    const t = TYPE[p.type];
    if (!p.backbone && ALSO[p.type] && rng.chance(0.08)) {
      const a = TYPE[ALSO[p.type]];
      if (!(assigns(a) && assigns(t))) p.also.push(a.name);
    }
    for (const tn of [p.type, ...p.also]) {
      const td = TYPE[tn];
      if (td.facet && !p.facets[td.facet]) p.facets[td.facet] = rng.sample(td.values, rng.int(1, td.rule === "per_facet" ? 2 : 3)).sort(byStr);
    }
    const k = rng.int(1, 5);
    for (let j = 0; j < k; j++) {
      const homed = capsHomedAt[t.name];
      p.caps.add(homed.length && rng.chance(0.75) ? rng.pick(homed) : rng.pick(capIds));
    }
  }
  const fills = (p, tn) => p.type === tn || p.also.includes(tn);
  const fillers = Object.fromEntries(TYPES.map((t) => [t.name, plugins.filter((p) => fills(p, t.name))]));

  // --- conflicts: n symmetric pairs (about 2 per plugin), 70 % within a type; none inside the backbone.
  let pairs = 0;
  let guard = 0;
  while (pairs < n && guard++ < n * 20) {
    const a = rng.pick(plugins);
    const b = rng.chance(0.7) ? rng.pick(ofType[a.type]) : rng.pick(plugins);
    if (a === b || (a.backbone && b.backbone) || a.conflicts.has(b.id)) continue;
    a.conflicts.add(b.id);
    b.conflicts.add(a.id);
    pairs++;
  }

  // --- requires: 30 % of the plugins, one any_of of 2-3 plugins of other types that have no
  // requires themselves and do not conflict with it (so no plugin is dead). Backbone plugins have
  // none (they must hold together on their own).
  const hasReq = new Set();
  const candidates = plugins.filter((p) => !p.backbone);
  const withReq = rng.sample(candidates, Math.round(n * 0.3));
  for (const p of withReq) hasReq.add(p.id);
  for (const p of [...withReq].sort((a, b) => a.i - b.i)) {
    const tt = REQUIRES_TARGET[p.type];
    const pool = fillers[rng.pick(tt)].filter((q) => !hasReq.has(q.id) && !q.conflicts.has(p.id) && ![p.type, ...p.also].some((x) => fills(q, x)));
    if (pool.length < 2) {
      hasReq.delete(p.id);
      continue;
    }
    const sameEco = pool.filter((q) => q.eco === p.eco);
    const k = rng.int(2, 3);
    const chosen = new Set(rng.sample(sameEco, rng.chance(0.6) ? 1 : 0).map((q) => q.id));
    for (const q of rng.sample(pool, k + 1)) if (chosen.size < k) chosen.add(q.id);
    p.requires.push({ any_of: [...chosen].sort(byStr), reason: `${p.id} runs on one of these.` });
  }

  // --- integration points (the sparse profile): 3-4 categories (not its own type), 1-2 partners
  // each, 70 % from its ecosystem.
  const byTypeEco = new Map();
  for (const t of TYPES) for (const q of fillers[t.name]) {
    const k = `${t.name}|${q.eco}`;
    if (!byTypeEco.has(k)) byTypeEco.set(k, []);
    byTypeEco.get(k).push(q);
  }
  for (const p of plugins) {
    const cats = rng.sample(TYPES.filter((t) => t.name !== p.type), rng.int(3, 4)).sort((a, b) => byStr(a.category, b.category));
    for (const t of cats) {
      const partners = new Set();
      const k = rng.int(1, 2);
      for (let j = 0; j < k; j++) {
        const local = (byTypeEco.get(`${t.name}|${p.eco}`) ?? []).filter((q) => q !== p);
        const pool = local.length && rng.chance(0.7) ? local : fillers[t.name].filter((q) => q !== p);
        if (pool.length) partners.add(rng.pick(pool).id);
      }
      p.integrations[t.category] = [...partners].sort(byStr);
    }
  }
  // The sparse draw above always runs on the main stream, so that precedence, tags and requests
  // below come out the same whatever the profile; the other profiles then replace its result.
  if (integrations === "none") for (const p of plugins) p.integrations = {};
  else if (integrations === "hub") hubIntegrations(plugins, fillers, makeRng(`mlx-solve-bench:${seed}:${n}:hub`));

  // --- precedence: 3 types, a list of max(2, min(10, 10 %)) of their plugins.
  const precedence = {};
  for (const tn of PRECEDENCE_TYPES) {
    const members = fillers[tn];
    precedence[tn] = rng.sample(members, Math.max(2, Math.min(10, Math.round(members.length * 0.1)))).map((p) => p.id);
  }

  // --- tags
  const LICENSES = ["open-source", "source-available", "proprietary"];
  for (const p of plugins) {
    p.tags = {
      license: rng.pick(LICENSES),
      hosting: rng.pick([["self-hosted"], ["managed"], ["self-hosted", "managed"]]),
      clouds: ["aws", "azure", "gcp"].filter(() => rng.chance(0.6)),
    };
  }

  // --- benchmark requests: two use cases; a conflicting pair for explain (outside the backbone).
  const request = { useCases: [useCases[0].id, useCases[1].id] };
  let explainPair;
  for (const p of plugins) {
    if (p.backbone || hasReq.has(p.id)) continue;
    const q = [...p.conflicts].sort(byStr).find((id) => !hasReq.has(id));
    if (q) {
      explainPair = [p.id, q].sort(byStr);
      break;
    }
  }

  return { n, seed, integrations, nCaps, capIds, useCases, plugins, precedence, request, explainPair, backbone: backbone.map((p) => p.id).sort(byStr) };
}

/**
 * The hub profile: each plugin declares 3-4 categories (not its own type) with 1-3 partners each.
 * Partners of a type are drawn with weight r^-HUB_ZIPF by their rank r (1 = first) in a fixed
 * random ranking of the type's plugins (also_types included), so a few hubs per type are partners
 * of a large share of the catalog; the integration relation is symmetric, so a hub integrates with
 * every plugin that lists it. Uses its own PRNG stream `rng`.
 */
function hubIntegrations(plugins, fillers, rng) {
  const ranked = {};
  for (const t of TYPES) {
    const order = [...fillers[t.name]];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const cum = [];
    let acc = 0;
    for (let r = 1; r <= order.length; r++) cum.push((acc += r ** -HUB_ZIPF));
    ranked[t.name] = { order, cum, total: acc };
  }
  const draw = ({ order, cum, total }) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < cum[mid]) hi = mid;
      else lo = mid + 1;
    }
    return order[lo];
  };
  for (const p of plugins) {
    p.integrations = {};
    const cats = rng.sample(TYPES.filter((t) => t.name !== p.type), rng.int(3, 4)).sort((a, b) => byStr(a.category, b.category));
    for (const t of cats) {
      const k = rng.int(1, 3);
      const partners = new Set();
      for (let guard = 0; partners.size < k && guard < 50; guard++) {
        const q = draw(ranked[t.name]);
        if (q !== p) partners.add(q.id);
      }
      p.integrations[t.category] = [...partners].sort(byStr);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Writing YAML (by hand: every id is kebab-case, every value is safe unquoted).
// ---------------------------------------------------------------------------------------------
function pluginYaml(p) {
  const L = [];
  L.push(`id: ${p.id}`);
  L.push(`name: Plugin ${p.i + 1} (${p.type.replace(/_/g, " ")})`);
  L.push(`type: ${p.type}`);
  if (p.also.length) L.push(`also_types: ${flow(p.also)}`);
  L.push(`summary: Synthetic ${p.type.replace(/_/g, " ")} plugin for benchmarks.`);
  L.push("tags:");
  L.push(`  license: ${p.tags.license}`);
  L.push(`  hosting: ${flow(p.tags.hosting)}`);
  L.push(`  clouds: ${flow(p.tags.clouds)}`);
  const fk = Object.keys(p.facets).sort(byStr);
  if (fk.length) {
    L.push("facets:");
    for (const k of fk) L.push(`  ${k}: ${flow(p.facets[k])}`);
  }
  L.push(`capabilities: ${flow([...p.caps].sort(byStr))}`);
  if (p.conflicts.size) L.push(`conflicts_with: ${flow([...p.conflicts].sort(byStr))}`);
  if (p.requires.length) {
    L.push("requires:");
    for (const r of p.requires) {
      L.push(`  - any_of: ${flow(r.any_of)}`);
      L.push(`    reason: ${r.reason}`);
    }
  }
  const cats = Object.keys(p.integrations).sort(byStr);
  if (cats.length) {
    L.push("integration_points:");
    for (const c of cats) L.push(`  ${c}: ${flow(p.integrations[c])}`);
  }
  return L.join("\n") + "\n";
}

export function writeCatalog(g, out) {
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, "catalog", "plugins"), { recursive: true });
  mkdirSync(join(tmp, "catalog", "compositions"), { recursive: true });
  mkdirSync(join(tmp, "constraints"), { recursive: true });
  for (const p of g.plugins) writeFileSync(join(tmp, "catalog", "plugins", `${p.id}.yaml`), pluginYaml(p));
  writeFileSync(join(tmp, "catalog", "compositions", ".keep"), "");

  const T = ["# Generated by bench/generate.js: the built-in type table.", "types:"];
  for (const t of TYPES) {
    T.push(`  ${t.name}:`, `    purpose: Synthetic ${t.name.replace(/_/g, " ")}`, `    seed_rule: "${t.seed}"`, `    rule: ${t.rule}`);
    if (t.facet) T.push(`    facet: ${t.facet}`);
    T.push(`    category: ${t.category}`);
  }
  writeFileSync(join(tmp, "constraints", "types.yaml"), T.join("\n") + "\n");
  writeFileSync(join(tmp, "constraints", "capabilities.yaml"), ["capabilities:", ...g.capIds.map((c) => `  ${c}: Synthetic capability ${c}.`)].join("\n") + "\n");
  const U = ["use_cases:"];
  for (const u of g.useCases) U.push(`  ${u.id}:`, `    name: ${u.name}`, `    aliases: ${flow(u.aliases)}`, `    needs: ${flow(u.needs)}`, `    suggests: ${flow(u.suggests)}`);
  writeFileSync(join(tmp, "constraints", "use-cases.yaml"), U.join("\n") + "\n");
  writeFileSync(join(tmp, "constraints", "precedence.yaml"), ["plugin_precedence:", ...Object.entries(g.precedence).map(([t, l]) => `  ${t}: ${flow(l)}`)].join("\n") + "\n");
  writeFileSync(join(tmp, "constraints", "objectives.yaml"), "objectives: [wishes, suggestions, precedence, integration-gaps, plugins]\n");
  const meta = {
    generator_version: GENERATOR_VERSION,
    plugins: g.n,
    seed: String(g.seed),
    // the default profile is not recorded, so that its files stay byte-identical to version 3's
    ...(g.integrations && g.integrations !== "sparse" ? { integrations: g.integrations } : {}),
    capabilities: g.nCaps,
    conflict_pairs: g.plugins.reduce((s, p) => s + p.conflicts.size, 0) / 2,
    with_requires: g.plugins.filter((p) => p.requires.length).length,
    backbone: g.backbone,
    request: g.request,
    explain_pair: g.explainPair,
  };
  writeFileSync(join(tmp, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
  return meta;
}

/**
 * Generates DIR unless DIR/meta.json already records the same version, size, seed and integration
 * profile (a meta.json without `integrations` is the default, sparse).
 */
export function ensureCatalog(n, seed, out, { integrations = "sparse" } = {}) {
  const metaPath = join(out, "meta.json");
  if (existsSync(metaPath)) {
    try {
      const m = JSON.parse(readFileSync(metaPath, "utf8"));
      if (m.generator_version === GENERATOR_VERSION && m.plugins === n && m.seed === String(seed) && (m.integrations ?? "sparse") === integrations) return { meta: m, cached: true };
    } catch {
      /* regenerate */
    }
  }
  return { meta: writeCatalog(generate(n, seed, { integrations }), out), cached: false };
}

/** The catalog directory name for a size, seed and profile: nN-sS, or nN-sS-PROFILE off the default. */
export function catalogName(n, seed, integrations = "sparse") {
  return `n${n}-s${seed}${integrations === "sparse" ? "" : `-${integrations}`}`;
}

const USAGE = `usage: node bench/generate.js --plugins N --seed S --out DIR [--integrations ${INTEGRATION_PROFILES.join("|")}]\n`;

function main(argv) {
  const args = { plugins: undefined, seed: "1", out: undefined, integrations: "sparse" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--plugins") args.plugins = Number(argv[++i]);
    else if (a === "--seed") args.seed = argv[++i];
    else if (a === "--out") args.out = argv[++i];
    else if (a === "--integrations") args.integrations = argv[++i];
    else if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`unknown argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (!args.plugins || !args.out) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!INTEGRATION_PROFILES.includes(args.integrations)) {
    process.stderr.write(`--integrations must be one of ${INTEGRATION_PROFILES.join(", ")}, not ${args.integrations}\n${USAGE}`);
    return 2;
  }
  const t0 = performance.now();
  const meta = writeCatalog(generate(args.plugins, args.seed, { integrations: args.integrations }), resolve(args.out));
  process.stderr.write(`wrote ${args.out}: ${meta.plugins} plugins, ${meta.capabilities} capabilities, ${meta.conflict_pairs} conflict pairs, ${meta.with_requires} with requires, integrations ${args.integrations} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
