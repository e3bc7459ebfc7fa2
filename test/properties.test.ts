/**
 * The solver is exact: property tests against the brute-force oracle (oracle.ts) on small random
 * catalogs (arbitraries.ts). Each property is named after its invariant. On failure fast-check
 * prints the seed and path; re-run with that seed to reproduce. MLX_DEEP=1 runs 10x as many cases.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { loadCatalogFromFiles } from "../src/core/catalog/load.js";
import type { Catalog } from "../src/core/catalog/catalog.js";
import { check } from "../src/core/commands/check.js";
import { parseStackFile } from "../src/core/catalog/load.js";
import { recommend } from "../src/core/commands/recommend.js";
import { repair } from "../src/core/commands/repair.js";
import { resolveRequest, type Request } from "../src/core/model/request.js";
import { costTerms } from "../src/core/model/evaluate.js";
import type { RecommendResult, Stack } from "../src/core/commands/result.js";
import { extraRequestArb, permutationArb, pinsArb, specAndRequestArb } from "./support/arbitraries.js";
import { buildCatalog, catalogFiles, type CatalogSpec } from "./support/build-catalog.js";
import { Oracle } from "./support/oracle.js";
import { yieldToRunner } from "./support/helpers.js";

const DEEP = !!process.env.MLX_DEEP;

/**
 * Each run yields to the event loop first: a property runs for tens of seconds, and vitest's
 * worker must answer its runner meanwhile (else "Timeout calling onTaskUpdate").
 */
const numRuns = DEEP ? 3000 : 100;
const TIMEOUT = DEEP ? 1_200_000 : 120_000;

const stackDoc = (useCases: string[], plugins: (string | { id: string; facet: string })[]) => {
  const r = parseStackFile({ path: "stack.yaml", content: stringify({ use_cases: useCases, plugins }) });
  if (!r.ok) throw new Error("bad stack file");
  return r.stack;
};

/** The returned stack as the oracle sees it: ids and assigned facet values. */
const asOracleStack = (s: Stack) => ({ sel: new Set(s.plugins.map((p) => p.id)), facets: new Map(s.plugins.map((p) => [p.id, p.facet])) });

const costValues = (r: { cost?: { value: number }[] }) => r.cost!.map((c) => c.value);

/** A readable counterexample for failure messages. */
const show = (spec: CatalogSpec, request: Request, extra: Record<string, unknown> = {}) => JSON.stringify({ spec, request, ...extra });

/**
 * Every property draws from the same seed, so run i of each property sees the same catalog and
 * request (the arbitraries that add data — pins, a permutation, an extra request — draw the case
 * first), and recommend's answers are memoised: the solver calls (tens of ms each, mostly the
 * explanation of an unsatisfiable request) are shared between properties that check different
 * invariants of the same answers. Answers are kept as JSON text and only the last catalog is
 * kept: every MiniSat instance allocates a large buffer, which triggers full garbage collections
 * whose cost grows with the live heap.
 */
const SEED = 20240611;
const answers = new Map<string, string>();
let lastCatalog: { key: string; catalog: Catalog } | undefined;
function catalogOf(spec: CatalogSpec): Catalog {
  const key = JSON.stringify(spec);
  if (lastCatalog?.key !== key) lastCatalog = { key, catalog: buildCatalog(spec) };
  return lastCatalog.catalog;
}
function recommendOf(spec: CatalogSpec, request: Request): RecommendResult {
  const key = JSON.stringify([spec, request]);
  let text = answers.get(key);
  if (text === undefined) answers.set(key, (text = JSON.stringify(recommend(catalogOf(spec), request))));
  return JSON.parse(text) as RecommendResult;
}
/** Cheap (a few ms): not memoised, to keep memory small. */
const oracleOf = (spec: CatalogSpec, request: Request): Oracle => new Oracle(spec, request);

describe("the solver agrees with a brute-force oracle", () => {
  it(
    "prop_every_returned_stack_is_valid",
    async () => {
      await fc.assert(
        fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
          await yieldToRunner();
          const catalog = catalogOf(spec);
          const oracle = oracleOf(spec, request);
          const result = recommendOf(spec, request);
          if (!result.stack) return;
          const { sel, facets } = asOracleStack(result.stack);
          expect(oracle.valid(sel, facets), show(spec, request, { got: result.stack })).toBe(true);
          expect(result.stack.use_cases).toEqual([...oracle.useCases].sort());
          for (const p of result.stack.plugins) expect(p.type).toBe(oracle.byId.get(p.id)!.type);
          // The library's own checker agrees.
          const { useCases: _, ...rest } = request;
          const doc = stackDoc(oracle.useCases, result.stack.plugins.map((p) => (p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id)));
          expect(check(catalog, doc, rest).ok, show(spec, request, { got: result.stack })).toBe(true);
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_check_costs_any_stack_as_the_oracle_does",
    async () => {
      await fc.assert(
        fc.asyncProperty(pinsArb, async ({ spec, request, more: ids }) => {
          await yieldToRunner();
          // Any set of plugins, valid or not: check's cost at every level (the integration gaps
          // counted without listing the related pairs) is the oracle's.
          const oracle = oracleOf(spec, request);
          const { useCases: _, ...rest } = request;
          const r = check(catalogOf(spec), stackDoc(oracle.useCases, ids), rest);
          expect(costValues(r), show(spec, request, { ids })).toEqual(oracle.cost(new Set(ids)));
          // What why and why-not say a stack pays for, term by term, adds up to the same cost.
          const resolved = resolveRequest(catalogOf(spec), request);
          if (!resolved.ok) throw new Error("the arbitraries give known names");
          const terms = catalogOf(spec).objectives.map((o) => costTerms(catalogOf(spec), resolved.request, ids, o).reduce((n, t) => n + t.weight, 0));
          expect(terms, show(spec, request, { ids })).toEqual(oracle.cost(new Set(ids)));
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_no_stack_only_when_oracle_finds_none",
    async () => {
      await fc.assert(
        fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
          await yieldToRunner();
          const oracle = oracleOf(spec, request);
          const result = recommendOf(spec, request);
          const exists = oracle.validStacks().length > 0;
          expect(result.ok, show(spec, request, { oracleHasStack: exists })).toBe(exists);
          expect(result.stack !== undefined).toBe(exists);
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_cost_is_the_oracle_lexicographic_minimum",
    async () => {
      await fc.assert(
        fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
          await yieldToRunner();
          const oracle = oracleOf(spec, request);
          const min = oracle.minimumCost();
          fc.pre(min !== undefined);
          const result = recommendOf(spec, request);
          const ctx = show(spec, request, { got: result.stack, gotCost: result.cost, oracleMin: min });
          expect(result.cost?.map((c) => c.objective), ctx).toEqual(oracle.objectives);
          expect(costValues(result), ctx).toEqual(min);
          // And the reported cost is the returned stack's true cost.
          expect(oracle.cost(asOracleStack(result.stack!).sel), ctx).toEqual(min);
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_explanation_is_unsatisfiable_and_minimal",
    async () => {
      await fc.assert(
        fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
          await yieldToRunner();
          const oracle = oracleOf(spec, request);
          fc.pre(oracle.validStacks().length === 0);
          const result = recommendOf(spec, request);
          const ctx = show(spec, request, { conflict: result.conflict?.requests.map((r) => `${r.kind} ${r.value}`) });
          expect(result.ok, ctx).toBe(false);
          // The conflict, and each further one (said for the requests the repairs give up that it does not name).
          const cores = [result.conflict!, ...(result.more_conflicts ?? [])].map((c) => c.requests.map((r) => oracle.indexOf(r.kind, r.value)));
          for (const core of cores) {
            expect(core, ctx).not.toContain(-1);
            expect(new Set(core).size, ctx).toBe(core.length);
            expect(oracle.satisfiable(core), `${ctx}\nthe conflict's requests can hold together`).toBe(false);
            for (const i of core) {
              expect(oracle.satisfiable(core.filter((j) => j !== i)), `${ctx}\nnot minimal: still unsatisfiable without ${oracle.requests[i]!.kind} ${oracle.requests[i]!.value}`).toBe(true);
            }
          }
          // Together they name every request the repairs give up, and no two are the same.
          const named = new Set(cores.flat());
          for (const rep of result.repairs ?? []) for (const g of rep.give_up) expect(named.has(oracle.indexOf(g.kind, g.value)), `${ctx}\n${g.kind} ${g.value} is given up by a repair but in no conflict said`).toBe(true);
          expect(new Set(cores.map((c) => [...c].sort().join())).size, ctx).toBe(cores.length);
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_every_repair_is_a_minimal_correction_set_and_the_first_is_the_cheapest_smallest",
    async () => {
      await fc.assert(
        fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
          await yieldToRunner();
          const oracle = oracleOf(spec, request);
          fc.pre(oracle.validStacks().length === 0);
          const result = recommendOf(spec, request);
          const repairs = result.repairs ?? [];
          const ctx = show(spec, request, { repairs: repairs.map((r) => ({ give_up: r.give_up.map((g) => `${g.kind} ${g.value}`), cost: costValues(r), stack: r.stack.plugins })) });
          expect(repairs.length, ctx).toBeGreaterThan(0);
          const everything = oracle.requests.map((_, i) => i);
          repairs.forEach((rep, k) => {
            const g = rep.give_up.map((x) => oracle.indexOf(x.kind, x.value));
            expect(g, ctx).not.toContain(-1);
            expect(new Set(g).size, ctx).toBe(g.length);
            const rest = (given: number[]) => everything.filter((i) => !given.includes(i));
            expect(oracle.satisfiable(rest(g)), `${ctx}\nrepair ${k} does not make the rest satisfiable`).toBe(true);
            // No proper subset of give_up is a correction set.
            for (let m = 0; m < (1 << g.length) - 1; m++) {
              const sub = g.filter((_, i) => m & (1 << i));
              expect(oracle.satisfiable(rest(sub)), `${ctx}\nrepair ${k} is not minimal: giving up only [${sub.map((i) => oracle.requests[i]!.value)}] suffices`).toBe(false);
            }
            // Its stack is valid for the reduced request, and the best one for it.
            const { sel, facets } = asOracleStack(rep.stack);
            expect(oracle.valid(sel, facets, new Set(g)), `${ctx}\nrepair ${k}'s stack is invalid`).toBe(true);
            expect(costValues(rep), `${ctx}\nrepair ${k}'s cost`).toEqual(oracle.minimumCost(g));
            expect(oracle.cost(sel), `${ctx}\nrepair ${k}'s stack cost`).toEqual(costValues(rep));
          });
          expect(repairs[0]!.give_up.length, `${ctx}\nthe first repair is not a smallest correction set`).toBe(oracle.minimumCorrectionSize());
          // ... and the cheapest of them ("ranked by size and preference cost"): enumerating
          // correction sets by size alone and ranking the first dozen could miss it.
          expect(costValues(repairs[0]!), `${ctx}\nthe first repair is not the cheapest smallest one`).toEqual(oracle.bestSmallestRepairCost());
          for (let k = 1; k < repairs.length; k++) expect(repairs[k]!.give_up.length).toBeGreaterThanOrEqual(repairs[k - 1]!.give_up.length);
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_repair_makes_the_minimum_number_of_changes",
    async () => {
      await fc.assert(
        fc.asyncProperty(pinsArb, async ({ spec, request, more: pins }) => {
          await yieldToRunner();
          const oracle = oracleOf(spec, request);
          const min = oracle.minimumChanges(pins);
          // Only requests with a valid stack: the unsatisfiable ones are prop_explanation's.
          fc.pre(min !== undefined);
          const { useCases = [], ...rest } = request;
          const r = repair(catalogOf(spec), stackDoc(useCases, pins), rest);
          const ctx = show(spec, request, { pins, changes: r.changes.map((c) => `${c.action} ${c.id}`), got: r.stack?.plugins, oracleMinChanges: min });
          expect(r.ok, ctx).toBe(true);
          expect(r.changes.length, ctx).toBe(min);
          const { sel, facets } = asOracleStack(r.stack!);
          expect(oracle.valid(sel, facets), `${ctx}\nthe repaired stack is invalid`).toBe(true);
          // The changes are exactly the difference between the file and the repaired stack.
          const diff = [...pins.filter((id) => !sel.has(id)).map((id) => `remove ${id}`), ...[...sel].filter((id) => !pins.includes(id)).map((id) => `add ${id}`)].sort();
          expect(r.changes.map((c) => `${c.action} ${c.id}`).sort(), ctx).toEqual(diff);
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_output_is_identical_when_catalog_files_are_permuted",
    async () => {
      await fc.assert(
        fc.asyncProperty(permutationArb, async ({ spec, request, more: perm }) => {
          await yieldToRunner();
          const loaded = loadCatalogFromFiles(catalogFiles(spec, () => perm));
          expect(loaded.catalog).toBeDefined();
          const a = JSON.stringify(recommendOf(spec, request));
          const b = JSON.stringify(recommend(loaded.catalog!, request));
          expect(b, show(spec, request, { perm })).toBe(a);
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );

  it(
    "prop_adding_a_request_never_turns_no_stack_into_a_stack",
    async () => {
      await fc.assert(
        fc.asyncProperty(extraRequestArb, async ({ spec, request, more: extra }) => {
          await yieldToRunner();
          // Cheap filter first: only requests the oracle finds unsatisfiable are interesting.
          fc.pre(oracleOf(spec, request).validStacks().length === 0);
          const before = recommendOf(spec, request);
          fc.pre(!before.ok && !before.timed_out);
          const more: Request = {
            ...request,
            require: [...(request.require ?? []), ...(extra.require ?? [])],
            exclude: [...(request.exclude ?? []), ...(extra.exclude ?? [])],
            only: [...(request.only ?? []), ...(extra.only ?? [])],
            integrations: extra.integrations ?? request.integrations ?? "soft",
          };
          const after = recommend(catalogOf(spec), more);
          expect(after.ok, show(spec, request, { extra, got: after.stack })).toBe(false);
          expect(after.stack, show(spec, request, { extra })).toBeUndefined();
        }),
        { seed: SEED, numRuns },
      );
    },
    TIMEOUT,
  );
});
