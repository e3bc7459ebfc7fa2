/**
 * fast-check arbitraries of small random catalogs (as CatalogSpec, see build-catalog.ts) and of
 * requests against them, for the oracle property tests (properties.test.ts).
 *
 * Every spec is valid for the loader: references point at existing plugins, integration targets
 * fill the category's type, precedence lists only plugins of the type, every plugin has values
 * for the facet of every per_facet / distinct_facet type it fills, and at most one of a plugin's
 * types assigns a facet value (distinct_facet / per_use_case).
 *
 * Specs are generated as "raw" records of small numbers and then normalised (indices taken
 * modulo the number of candidates), so fast-check shrinks them towards fewer, simpler plugins.
 */
import fc from "fast-check";
import type { Request } from "../../src/core/model/request.js";
import { categoryOf, type CatalogSpec, type PluginSpec, type TypeSpec } from "./build-catalog.js";

export const RULES = ["single", "per_facet", "distinct_facet", "per_use_case", "unbounded"] as const;
export const OBJECTIVES = ["wishes", "suggestions", "precedence", "integration-gaps", "plugins"];
const TYPE_NAMES = ["alpha", "beta", "gamma", "delta"];
const FACET_NAMES = ["kind", "flavor"];
const FACET_VALUES = ["x", "y", "z", "w"];
/** Plugins provide some of these; use cases need / suggest from these plus one nobody may provide. */
const CAPS = ["ca", "cb", "cc"];
const UC_CAPS = [...CAPS, "cz"];
const LICENSES = ["open-source", "proprietary", "source-available"] as const;
const HOSTINGS = ["managed", "self-hosted"] as const;
const CLOUDS = ["aws", "azure", "gcp"] as const;
const MAX_PLUGINS = 12;

const assigning = (t: TypeSpec) => t.rule === "distinct_facet" || t.rule === "per_use_case";
const faceted = (t: TypeSpec) => t.rule === "per_facet" || t.rule === "distinct_facet";
const uniq = <T>(xs: T[]) => [...new Set(xs)];

const idx = fc.nat(MAX_PLUGINS - 1);
/** Mostly empty, sometimes a few. */
const few = <T>(a: fc.Arbitrary<T>, max: number) => fc.oneof({ weight: 3, arbitrary: fc.constant([] as T[]) }, { weight: 2, arbitrary: fc.array(a, { minLength: 1, maxLength: max }) });

const rawPlugin = fc.record({
  type: fc.nat(3),
  also: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(3) }),
  facets: fc.record({
    kind: fc.array(fc.nat(FACET_VALUES.length - 1), { minLength: 1, maxLength: 3 }),
    flavor: fc.array(fc.nat(FACET_VALUES.length - 1), { minLength: 1, maxLength: 3 }),
  }),
  caps: fc.subarray(CAPS, { maxLength: 2 }),
  conflicts: few(idx, 2),
  requires: few(fc.array(idx, { minLength: 1, maxLength: 2 }), 2),
  integ: few(fc.record({ type: fc.nat(3), ids: fc.array(idx, { maxLength: 2 }) }), 2),
  license: fc.constantFrom(...LICENSES),
  hosting: fc.subarray([...HOSTINGS], { minLength: 1 }),
  clouds: fc.oneof({ weight: 3, arbitrary: fc.subarray([...CLOUDS]) }, { weight: 1, arbitrary: fc.constant("any" as const) }),
  // Ties the plugin's first facet value to its first capability (its role), sometimes.
  role: fc.boolean(),
});

/** Tag rules and preferences a use case may carry (as --only takes them). */
const USE_CASE_TAGS = ["license=open-source", "hosting=self-hosted", "clouds=aws", "clouds=aws,gcp", "license=open-source,source-available"];

const rawUseCase = fc.record({
  needs: fc.subarray(UC_CAPS, { maxLength: 2 }),
  suggests: fc.subarray(UC_CAPS, { maxLength: 2 }),
  tagRules: fc.oneof({ weight: 4, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: fc.array(fc.nat(USE_CASE_TAGS.length - 1), { minLength: 1, maxLength: 1 }) }),
  tagPreferences: fc.oneof({ weight: 4, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: fc.array(fc.nat(USE_CASE_TAGS.length - 1), { minLength: 1, maxLength: 2 }) }),
});

const rawSpec = fc.record({
  types: fc.array(fc.record({ rule: fc.constantFrom(...RULES), facet: fc.nat(FACET_NAMES.length - 1) }), { minLength: 1, maxLength: 4 }),
  // Mostly small catalogs (explaining an unsatisfiable request costs tens of ms), some up to 12.
  plugins: fc.oneof(
    { weight: 4, arbitrary: fc.array(rawPlugin, { minLength: 2, maxLength: 6, size: "max" }) },
    { weight: 1, arbitrary: fc.array(rawPlugin, { minLength: 7, maxLength: MAX_PLUGINS, size: "max" }) },
  ),
  useCases: fc.oneof(
    { weight: 1, arbitrary: fc.array(rawUseCase, { maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(rawUseCase, { minLength: 2, maxLength: 3 }) },
  ),
  precedence: fc.array(fc.oneof(fc.constant(null), fc.array(idx, { maxLength: 4 })), { minLength: 4, maxLength: 4 }),
  // Mostly the default objective order, sometimes another (objectives.yaml is configurable).
  objectives: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.shuffledSubarray(OBJECTIVES, { minLength: 5, maxLength: 5 }) }),
});

type RawSpec = typeof rawSpec extends fc.Arbitrary<infer T> ? T : never;

function normalise(raw: RawSpec): CatalogSpec {
  const typeNames = raw.types.map((_, i) => TYPE_NAMES[i]!);
  const types: Record<string, TypeSpec> = {};
  raw.types.forEach((t, i) => (types[typeNames[i]!] = t.rule === "per_facet" || t.rule === "distinct_facet" ? { rule: t.rule, facet: FACET_NAMES[t.facet]! } : { rule: t.rule }));
  const n = raw.plugins.length;
  const ids = raw.plugins.map((_, i) => `p${i}`);
  // Pass 1: the types each plugin fills.
  const filled = raw.plugins.map((rp) => {
    const t1 = typeNames[rp.type % typeNames.length]!;
    const out = [t1];
    if (rp.also !== null) {
      const t2 = typeNames[rp.also % typeNames.length]!;
      if (t2 !== t1 && !(assigning(types[t1]!) && assigning(types[t2]!))) out.push(t2);
    }
    return out;
  });
  const fillers = (t: string, not?: number) => ids.filter((_, j) => j !== not && filled[j]!.includes(t));
  const others = (xs: number[], self: number) => uniq(xs.map((x) => x % n).filter((x) => x !== self)).map((x) => ids[x]!);
  // Pass 2: everything else.
  const plugins: PluginSpec[] = raw.plugins.map((rp, i) => {
    const ts = filled[i]!;
    const facetNames = uniq(ts.map((t) => types[t]!).filter(faceted).map((t) => t.facet!));
    const facets = Object.fromEntries(facetNames.map((f) => [f, uniq(rp.facets[f as "kind" | "flavor"].map((v) => FACET_VALUES[v]!))]));
    const integration_points: Record<string, string[]> = {};
    for (const e of rp.integ) {
      const t = typeNames[e.type % typeNames.length]!;
      const cands = fillers(t, i);
      const cat = categoryOf(t);
      integration_points[cat] = uniq([...(integration_points[cat] ?? []), ...(cands.length ? e.ids.map((x) => cands[x % cands.length]!) : [])]);
    }
    const requires = rp.requires.map((r) => others(r, i)).filter((r) => r.length > 0).map((any_of) => ({ any_of, reason: "needed" }));
    const conflicts = others(rp.conflicts, i);
    return {
      id: ids[i]!,
      type: ts[0]!,
      ...(ts.length > 1 ? { also_types: ts.slice(1) } : {}),
      license: rp.license,
      hosting: rp.hosting,
      clouds: rp.clouds,
      ...(facetNames.length ? { facets } : {}),
      ...(rp.role && facetNames.length && rp.caps.length ? { facet_capabilities: { [Object.values(facets)[0]![0]!]: [rp.caps[0]!] } } : {}),
      ...(rp.caps.length ? { capabilities: rp.caps } : {}),
      ...(conflicts.length ? { conflicts_with: conflicts } : {}),
      ...(requires.length ? { requires } : {}),
      ...(Object.keys(integration_points).length ? { integration_points } : {}),
    };
  });
  const useCases: NonNullable<CatalogSpec["useCases"]> = {};
  raw.useCases.forEach(
    (u, i) =>
      (useCases[`u${i}`] = {
        needs: u.needs,
        suggests: u.suggests,
        ...(u.tagRules.length ? { tag_rules: u.tagRules.map((t) => USE_CASE_TAGS[t]!) } : {}),
        ...(u.tagPreferences.length ? { tag_preferences: uniq(u.tagPreferences.map((t) => USE_CASE_TAGS[t]!)) } : {}),
      }),
  );
  const precedence: Record<string, string[]> = {};
  raw.precedence.forEach((p, i) => {
    const t = typeNames[i];
    if (p === null || t === undefined) return;
    const cands = fillers(t);
    precedence[t] = cands.length ? uniq(p.map((x) => cands[x % cands.length]!)) : [];
  });
  return {
    types,
    plugins,
    useCases,
    precedence,
    ...(raw.objectives ? { objectives: raw.objectives } : {}),
  };
}

/** Small random catalogs (2–12 plugins) using every rule kind. */
export const catalogSpecArb: fc.Arbitrary<CatalogSpec> = rawSpec.map(normalise);

/** Every `key=value` tag pair that at least one plugin of the spec has (so `--only` accepts it). */
export function tagPairs(spec: CatalogSpec): string[] {
  const out = new Set<string>();
  for (const p of spec.plugins) {
    out.add(`license=${p.license ?? "open-source"}`);
    for (const h of p.hosting ?? ["self-hosted"]) out.add(`hosting=${h}`);
    for (const c of p.clouds === "any" ? ["any"] : (p.clouds ?? [])) out.add(`clouds=${c}`);
  }
  // And a filter of two values (any of them), when there are two.
  const clouds = [...out].filter((t) => t.startsWith("clouds=") && t !== "clouds=any").map((t) => t.slice(7)).sort();
  if (clouds.length >= 2) out.add(`clouds=${clouds[0]},${clouds[1]}`);
  return [...out].sort();
}

const rawRequest = fc.record({
  useCases: fc.subarray([0, 1, 2], { maxLength: 2 }),
  require: fc.array(idx, { maxLength: 2 }),
  exclude: fc.array(idx, { maxLength: 2 }),
  prefer: fc.array(idx, { maxLength: 1 }),
  avoid: fc.array(idx, { maxLength: 1 }),
  only: fc.array(fc.nat(20), { maxLength: 1 }),
  preferTags: fc.array(fc.nat(20), { maxLength: 1 }),
  integrations: fc.constantFrom("soft" as const, "strict" as const),
});
type RawRequest = typeof rawRequest extends fc.Arbitrary<infer T> ? T : never;

function resolveRequest(spec: CatalogSpec, raw: RawRequest): Request {
  const ids = spec.plugins.map((p) => p.id);
  const ucs = Object.keys(spec.useCases ?? {});
  const pairs = tagPairs(spec);
  const pick = <T>(xs: T[], is: number[]) => (xs.length ? uniq(is.map((i) => xs[i % xs.length]!)) : []);
  return {
    useCases: pick(ucs, raw.useCases),
    require: pick(ids, raw.require),
    exclude: pick(ids, raw.exclude),
    prefer: pick(ids, raw.prefer),
    avoid: pick(ids, raw.avoid),
    only: pick(pairs, raw.only),
    preferTags: pick(pairs, raw.preferTags),
    integrations: raw.integrations,
  };
}

/**
 * A spec with a request against it: only names the spec knows, so never an input error. Built
 * by `map` alone (no `chain`), so a failing case shrinks in both parts.
 */
export const specAndRequestArb: fc.Arbitrary<{ spec: CatalogSpec; request: Request }> = fc.tuple(rawSpec, rawRequest).map(([rs, rr]) => {
  const spec = normalise(rs);
  return { spec, request: resolveRequest(spec, rr) };
});

/** Random requests for a given spec. */
export function requestArb(spec: CatalogSpec): fc.Arbitrary<Request> {
  return rawRequest.map((rr) => resolveRequest(spec, rr));
}

/** Adds to each case more data drawn from raw numbers (shrinkable), mapped with the case's spec. */
export function withMore<R, T>(raw: fc.Arbitrary<R>, f: (spec: CatalogSpec, raw: R) => T): fc.Arbitrary<{ spec: CatalogSpec; request: Request; more: T }> {
  return fc.tuple(specAndRequestArb, raw).map(([c, r]) => ({ ...c, more: f(c.spec, r) }));
}

/** A stack file's plugins: some of the spec's ids. */
export const pinsArb = withMore(fc.array(idx, { maxLength: 5 }), (spec, is) => uniq(is.map((i) => spec.plugins[i % spec.plugins.length]!.id)));

/** A permutation of the spec's plugin files (sorting indices by random keys). */
export const permutationArb = withMore(fc.array(fc.nat(1000), { minLength: MAX_PLUGINS, maxLength: MAX_PLUGINS }), (spec, keys) =>
  spec.plugins.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b),
);

/**
 * One more hard request that can only restrict: --require, --exclude, --only, or strict
 * integrations. Not a use case: a requested use case adds needs but also raises the capacity of
 * per_use_case types (one plugin per requested use case), so it may turn no stack into a stack.
 */
export const extraRequestArb = withMore(fc.record({ kind: fc.nat(3), i: fc.nat(20) }), (spec, { kind, i }): Request => {
  const ids = spec.plugins.map((p) => p.id);
  const pairs = tagPairs(spec);
  if (kind === 0) return { require: [ids[i % ids.length]!] };
  if (kind === 1) return { exclude: [ids[i % ids.length]!] };
  if (kind === 2 && pairs.length) return { only: [pairs[i % pairs.length]!] };
  return { integrations: "strict" };
});
