/** analyze and the exact counter: against enumeration, published model counts, and small catalogs. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/core/commands/analyze.js";
import { countingProblem, distinctValues } from "../src/core/model/counting.js";
import { assignDistinct } from "../src/core/model/evaluate.js";
import { cacheKey, CountLimit, countModels, type CountGroup, type CountProblem } from "../src/core/solve/count.js";
import { cnfCounting } from "../src/core/solve/dimacs.js";
import { countProjected } from "./support/count-projected.js";
import { newBudget, Timeout } from "../src/core/common/budget.js";
import { buildModel } from "../src/core/model/build.js";
import { resolve } from "../src/core/commands/common.js";
import { forcedBecause, forcedBecauseEach } from "../src/core/commands/explanations.js";
import { loadCatalog, PRINTERS } from "../src/index.js";
import { buildCatalog, type CatalogSpec } from "./support/build-catalog.js";
import { specAndRequestArb } from "./support/arbitraries.js";
import { Oracle } from "./support/oracle.js";
import { cli, ROOT, yieldToRunner } from "./support/helpers.js";

const DATA = join(ROOT, "..", "shared", "realdata");

describe.skipIf(!existsSync(DATA))("the counter on published model counts", () => {
  const csv = existsSync(DATA) ? readFileSync(join(DATA, "pairwise-optimal-sammy/known_answers.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")) : [];
  it.each(csv.map((r) => [r[0]!, r[4]!] as const))("%s has %s models", (name, expected) => {
    expect(countModels(cnfCounting(readFileSync(join(DATA, "pairwise-optimal-sammy/dimacs", `${name}.cnf`), "utf8"))).toString()).toBe(expected);
  });
  it("SATLIB uf20: 8, 29, 1, 3, 2, 4, 23, 4, 1, 9 models", () => {
    const counts = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "010"].map((i) => countModels(cnfCounting(readFileSync(join(DATA, `satlib/uf20-91/uf20-${i}.cnf`), "utf8"))));
    expect(counts).toEqual([8n, 29n, 1n, 3n, 2n, 4n, 23n, 4n, 1n, 9n]);
  });
});

describe("the counter against brute force", () => {
  /** Every assignment of 1..nvars, tried. */
  function brute(p: CountProblem): number {
    let n = 0;
    for (let m = 0; m < 1 << p.nvars; m++) {
      const on = (v: number) => ((m >> (v - 1)) & 1) === 1;
      if (!p.clauses.every((c) => c.some((l) => on(Math.abs(l)) === l > 0))) continue;
      if (p.groups.every((g) => g.allows(g.vars.filter(on).sort((a, b) => a - b)))) n++;
    }
    return n;
  }
  // Groups as the model layer makes them: "at most k", and a downward-closed rule known only by
  // its answers (total weight within a cap), with and without a quicker test for one more member.
  const problemArb = fc.integer({ min: 1, max: 12 }).chain((nvars) => {
    const lit = fc.integer({ min: 1, max: nvars }).chain((v) => fc.constantFrom(v, -v));
    const members = fc.uniqueArray(fc.integer({ min: 1, max: nvars }), { minLength: 1, maxLength: nvars });
    const group = fc.oneof(
      fc.record({ vars: members, k: fc.integer({ min: 0, max: 3 }) }).map(({ vars, k }): CountGroup => ({ tag: "at-most", vars, atMost: k, allows: (s) => s.length <= k })),
      fc.record({ vars: members, cap: fc.integer({ min: 0, max: 12 }), quick: fc.boolean() }).map(({ vars, cap, quick }): CountGroup => {
        const allows = (s: number[]) => s.reduce((a, v) => a + v, 0) <= cap;
        return { tag: "weight", vars, allows, ...(quick ? { adding: (s: number[]) => (v: number) => allows([...s, v]) } : {}) };
      }),
    );
    // Mostly clauses of two to four literals: an empty clause (no models) or many units leave
    // nothing to search.
    const clause = fc.oneof({ arbitrary: fc.array(lit, { minLength: 2, maxLength: 4 }), weight: 20 }, { arbitrary: fc.array(lit, { maxLength: 1 }), weight: 1 });
    return fc.record({ nvars: fc.constant(nvars), clauses: fc.array(clause, { maxLength: 20 }), groups: fc.array(group, { maxLength: 3 }) });
  });
  it("prop_count_equals_brute_force (random clauses and groups, seeded)", () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        const n = BigInt(brute(p));
        expect(countModels(p)).toBe(n);
        // A cache that fills at once and starts afresh: the same counts, more work.
        expect(countModels(p, undefined, { cacheChars: 20 })).toBe(n);
      }),
      { seed: 20261205, numRuns: 400 },
    );
  });
  it("prop_count_under_far_apart_numbers (the same problems on variables spread over 1..20,000, seeded)", () => {
    // The cache keys hold the distances between variable numbers (one to three characters each):
    // the same problem on numbers far apart, the other 19,990 or so variables free, counts the
    // same times 2 to the power of the free ones.
    const N = 20_000;
    const arb = problemArb.chain((p) => fc.record({ p: fc.constant(p), to: fc.uniqueArray(fc.integer({ min: 1, max: N }), { minLength: p.nvars, maxLength: p.nvars }) }));
    fc.assert(
      fc.property(arb, ({ p, to }) => {
        const at = (v: number) => to[v - 1]!;
        const moved: CountProblem = {
          nvars: N,
          clauses: p.clauses.map((c) => c.map((l) => (l > 0 ? at(l) : -at(-l)))),
          groups: p.groups.map((g) => {
            const back = new Map(g.vars.map((v) => [at(v), v]));
            const orig = (s: number[]) => s.map((x) => back.get(x)!).sort((a, b) => a - b);
            return { tag: g.tag, vars: g.vars.map(at), ...(g.atMost !== undefined ? { atMost: g.atMost } : {}), allows: (s: number[]) => g.allows(orig(s)) };
          }),
        };
        const n = BigInt(brute(p)) << BigInt(N - p.nvars);
        expect(countModels(moved)).toBe(n);
        expect(countModels(moved, undefined, { cacheChars: 200 })).toBe(n);
      }),
      { seed: 20261207, numRuns: 30 },
    );
  });
  it("prop_cache_keys_differ (different variables, clauses or groups, different keys; seeded)", () => {
    // Numbers about the lengths where a distance takes one, two or three characters.
    const num = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 16_300, max: 16_500 }), fc.integer({ min: 0, max: 70_000 }));
    const list = fc.uniqueArray(num, { maxLength: 6 }).map((xs) => xs.sort((a, b) => a - b));
    const vars = list.map((xs) => xs.filter((x) => x > 0));
    const groups = fc.array(fc.constantFrom("0:1", "3:1.2", "12:0", "1:5"), { maxLength: 2 });
    const part = fc.record({ vars, clauses: list, groups });
    type Part = { vars: number[]; clauses: number[]; groups: string[] };
    // The second of a pair is another part, or the first changed a little: a number moved by a
    // distance a faulty encoding could drop (128, 16,384), the last variable moved to the
    // clauses, a number removed.
    const sorted = (xs: number[]) => [...new Set(xs)].sort((x, y) => x - y);
    const near = (a: Part, op: number, i: number): Part => {
      const vs = [...a.vars];
      const j = vs.length ? i % vs.length : 0;
      if (op === 0 && vs.length) vs[j] = vs[j]! + 128;
      if (op === 1 && vs.length) vs[j] = vs[j]! + 16_384;
      if (op === 2 && vs.length) return { ...a, vars: vs.slice(0, -1), clauses: sorted([vs[vs.length - 1]!, ...a.clauses]) };
      if (op === 3 && vs.length) vs.splice(j, 1);
      return { ...a, vars: sorted(vs) };
    };
    const pair = fc.oneof(fc.tuple(part, part), fc.tuple(part, fc.integer({ min: 0, max: 3 }), fc.nat()).map(([a, op, i]) => [a, near(a, op, i)] as const));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const same = JSON.stringify(a.vars) === JSON.stringify(b.vars) && JSON.stringify(a.clauses) === JSON.stringify(b.clauses) && JSON.stringify([...a.groups].sort()) === JSON.stringify([...b.groups].sort());
        expect(cacheKey(a.vars, a.clauses, [...a.groups]) === cacheKey(b.vars, b.clauses, [...b.groups])).toBe(same);
      }),
      { seed: 20261208, numRuns: 2000 },
    );
  });
  it("cache keys keep their lists apart and their long distances whole", () => {
    // Found by a review's mutants, each a key that two different components share: without the
    // 0 that ends the variables, {2, 3} with clause 0 named and {2, 3, 4} with none (8, not 10);
    // without the 128 on the digits before a distance's last, {2, 3, 4} and {2, 131} (8, not 10).
    expect(countModels({ nvars: 5, clauses: [[2, 3, 5], [-1, -5], [-1, 4], [1, 5], [2, 4], [3, 4]], groups: [] })).toBe(8n);
    expect(countModels({ nvars: 131, clauses: [[-1, 131], [1, 3], [1, 4], [2, 3], [3, 4], [2, 131], [1, 3, 2], [1, 4, 2], [-1, 131, 2], [-1, 131, 3]], groups: [] })).toBe(8n << 126n);
  });
  it("two components whose variable numbers differ by 128 get a cache entry each", () => {
    // s (1) decides: true makes z (131) true and leaves x, y (2, 3) with "y, whatever x": 2
    // stacks; false makes y true and leaves x, z with "x or z": 3. The two components' keys
    // differ only in a distance of 1 against 129, which a key keeping 7 bits of it would mistake
    // for one another (the count 4 or 6 instead of 5). The clauses of three literals (implied by
    // the others) make s the branching variable.
    const p: CountProblem = { nvars: 131, clauses: [[-1, 131], [1, 3], [2, 3], [-2, 3], [2, 131], [1, 3, 2], [1, 3, -2], [1, 3, 131], [-1, 131, 2], [-1, 131, -2], [-1, 131, 3]], groups: [] };
    expect(countModels(p)).toBe(5n << 127n);
  });
  it("prop_distinct_values_equals_assignDistinct (the counter's matching for distinct-facet groups, seeded)", () => {
    const arb = fc.record({
      options: fc.array(fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 4 }), { minLength: 1, maxLength: 8 }),
      asks: fc.array(fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 12 }),
    });
    fc.assert(
      fc.property(arb, ({ options, asks }) => {
        const byVar = new Map(options.map((o, i) => [i + 1, o]));
        const allows = distinctValues(byVar);
        // The same selections asked again come from its memory: the same answers.
        for (const ask of [...asks, ...asks]) {
          const sel = [...byVar.keys()].filter((_, i) => ask[i]);
          const expected = assignDistinct(new Map(sel.map((x) => [String(x), byVar.get(x)!])), new Map()) !== undefined;
          expect(allows(sel), JSON.stringify({ options, sel })).toBe(expected);
        }
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
  it("counts a clause of 2,000 variables (one fewer each decision) on a 100 KB stack, where recursion overflowed", () => {
    // The built counter, in a process with a small stack: the recursive search needed two calls a
    // decision and overflowed here (and at 6,000 variables on Node's default stack).
    const code = `import("./dist/core/solve/count.js").then((m) => {
      const c = Array.from({ length: 2000 }, (_, i) => i + 1);
      console.log(m.countModels({ nvars: 2000, clauses: [c], groups: [] }) === (1n << 2000n) - 1n);
    })`;
    const r = spawnSync(process.execPath, ["--stack-size=100", "-e", code], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("true");
  });
});

describe("a count that takes too long", () => {
  const catalog = loadCatalog();
  it("the counter stops at its work limit, and not before: the full count's work is enough, one unit less is not", () => {
    const p = countingProblem(catalog, resolve(catalog, { useCases: ["rag"] }));
    const stats = { work: 0 };
    const n = countModels(p, undefined, { stats });
    expect(stats.work).toBeGreaterThan(1000);
    expect(countModels(p, undefined, { maxWork: stats.work })).toBe(n);
    expect(() => countModels(p, undefined, { maxWork: stats.work - 1 })).toThrow(CountLimit);
  });
  it("strict integrations on the built-in catalog: the analysis is complete but for the count, and says so", async () => {
    // Without a limit this count had not finished after minutes.
    const r = analyze(catalog, { integrations: "strict" }, { countLimit: 0.25, explain: 0 });
    expect(r.ok).toBe(true);
    expect(r.count).toBeUndefined();
    expect(r.count_limited).toBe(true);
    expect(r.partial).toBeUndefined();
    expect(PRINTERS.table(r, { colour: false })).toMatch(/^Valid stacks: not counted: the exact count needs more than 0\.25 s of the counter's work/);
    // With a time limit the time decides, as before: stopped by the clock, partial, no count.
    const timed = analyze(catalog, { integrations: "strict" }, { timeout: 0.5, explain: 0 });
    expect(timed).toMatchObject({ ok: false, partial: true, timed_out: true });
    expect(timed.count_limited).toBeUndefined();
  });
  it("one large group alone still stops at the deadline and at the work limit", () => {
    // A group no "at most" describes, of 40 members allowing any 20: 10^11 selections. Counted
    // whole without branching (count.ts, groupCount) it ran past any deadline; a group of more
    // than 16 free members is searched branch by branch, which looks at the clock.
    const vars = Array.from({ length: 40 }, (_, i) => i + 1);
    const p: CountProblem = { nvars: 40, clauses: [], groups: [{ tag: "g", vars, allows: (s) => s.length <= 20 }] };
    const t0 = Date.now();
    expect(() => countModels(p, { deadline: Date.now() + 200 })).toThrow(Timeout);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(() => countModels(p, undefined, { maxWork: 100_000 })).toThrow(CountLimit);
    // 16 members allowing any 8, counted whole: the sum of C(16, i) for i up to 8, within the
    // work a unit per member asked about.
    const q: CountProblem = { nvars: 16, clauses: [], groups: [{ tag: "h", vars: vars.slice(0, 16), allows: (s) => s.length <= 8 }] };
    const stats = { work: 0 };
    expect(countModels(q, undefined, { stats })).toBe(39203n);
    expect(() => countModels(q, undefined, { maxWork: stats.work - 1 })).toThrow(CountLimit);
  });
  it("the default limit leaves the built-in catalog's counts alone", () => {
    const r = analyze(catalog, { useCases: ["rag"] });
    expect(r.count).toBe("7970767438277152604160");
    expect(r.count_limited).toBeUndefined();
  });
  it("--count-limit takes seconds or none", async () => {
    const bad = await cli("analyze", "--count-limit", "0");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`--count-limit expects a positive number of seconds or "none", not "0"`);
    const r = await cli("analyze", "--use-case", "rag", "--count-limit", "none", "--explain", "0", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).count).toBe("7970767438277152604160");
  });
});

describe("counting valid stacks", () => {
  it("equals enumeration of the solver's solutions projected onto the plugins", () => {
    const catalog = loadCatalog();
    // Requests with a few thousand stacks at most, so that enumeration stays quick (the built-in
    // catalog has 102 plugins: one cloud's proprietary plugins keep the count small).
    for (const request of [{ only: ["license=proprietary", "clouds=azure"], useCases: ["e2e"] }, { only: ["license=proprietary", "clouds=aws"], useCases: ["rag"], integrations: "strict" as const }]) {
      const req = resolve(catalog, request);
      const model = buildModel(catalog, req, "all");
      model.constraints.push(...model.requests.map((r) => ({ kind: "definition" as const, message: "", source: { file: "", line: 0, column: 0 }, subjects: [], clauses: [[r.selector]] })));
      const enumerated = countProjected(model, model.vars, newBudget(), 100_000);
      expect(enumerated.complete).toBe(true);
      expect(countModels(countingProblem(catalog, req))).toBe(BigInt(enumerated.count));
    }
  });
  it("counts distinct-facet selections once, whatever the assignments", () => {
    const spec: CatalogSpec = {
      types: { llm: { rule: "distinct_facet", facet: "model" } },
      plugins: [
        { id: "a", type: "llm", facets: { model: ["x", "y"] } },
        { id: "b", type: "llm", facets: { model: ["x", "y"] } },
        { id: "c", type: "llm", facets: { model: ["x"] } },
      ],
    };
    // {}, {a}, {b}, {c}, {a,b}, {a,c}, {b,c}: every pair can be matched; {a,b,c} cannot (3 plugins, 2 values).
    expect(analyze(buildCatalog(spec)).count).toBe(7);
  });
});

describe("analyze", () => {
  const spec: CatalogSpec = {
    types: { serve: { rule: "unbounded" }, compute: { rule: "single" } },
    plugins: [
      { id: "seldon", type: "serve", requires: [{ any_of: ["k8s"], reason: "runs on Kubernetes" }] },
      { id: "k8s", type: "compute" },
      { id: "nomad", type: "compute" },
      { id: "broken", type: "serve", requires: [{ any_of: ["k8s"], reason: "r" }], conflicts_with: ["k8s"] },
    ],
  };
  it("finds dead plugins with the rules that make them so", () => {
    const r = analyze(buildCatalog(spec));
    expect(r.dead.map((p) => p.id)).toEqual(["broken"]);
    expect(r.dead[0]!.because!.rules.map((x) => x.kind).sort()).toEqual(["conflict", "requires"]);
    expect(r.core).toEqual([]);
    // {}, seldon+k8s, k8s, nomad, seldon+k8s... : subsets of {seldon, k8s, nomad} with k8s/nomad exclusive and seldon -> k8s
    expect(r.count).toBe(4);
  });
  it("finds core and false-optional plugins under a request", () => {
    const r = analyze(buildCatalog(spec), { require: ["seldon"] });
    expect(r.core.map((p) => p.id)).toEqual(["k8s", "seldon"]);
    expect(r.false_optional.map((p) => p.id)).toEqual(["k8s", "seldon"]);
    expect(r.core[0]!.because!.requests.map((q) => q.message)).toEqual(["you required seldon"]);
    expect(r.dead.map((p) => p.id).sort()).toEqual(["broken", "nomad"]);
    expect(r.count).toBe(1);
  });
  it("the CLI prints the count and exits 0; JSON follows the contract", async () => {
    const j = JSON.parse((await cli("analyze", "--use-case", "rag", "--format", "json")).out);
    expect(j).toMatchObject({ format_version: 1, command: "analyze", ok: true });
    expect(Object.keys(j)).toEqual(expect.arrayContaining(["core", "dead", "false_optional", "count"]));
    // A count beyond Number.MAX_SAFE_INTEGER is a decimal string (the built-in catalog's RAG
    // stacks number about 7e21).
    expect(String(j.count)).toMatch(/^[0-9]+$/);
    const t = await cli("analyze", "--require", "databricks-plugin", "--require", "outerbounds-plugin");
    expect(t.code).toBe(1);
    expect(t.out).toContain("No valid stack exists");
  });
  it("prop_core_dead_false_optional_and_count_equal_enumeration (random catalogs, seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
        await yieldToRunner();
        const valid = new Oracle(spec, request).validStacks();
        const r = analyze(buildCatalog(spec), request, { explain: 0 });
        expect(r.ok).toBe(valid.length > 0);
        if (!r.ok) return;
        const ids = spec.plugins.map((p) => p.id).sort();
        const core = ids.filter((id) => valid.every((s) => s.sel.has(id)));
        const alone = new Oracle(spec, {}).validStacks();
        expect(r.core.map((p) => p.id)).toEqual(core);
        expect(r.dead.map((p) => p.id)).toEqual(ids.filter((id) => !valid.some((s) => s.sel.has(id))));
        expect(r.false_optional.map((p) => p.id)).toEqual(core.filter((id) => !alone.every((s) => s.sel.has(id))));
        expect(r.count).toBe(new Set(valid.map((s) => [...s.sel].sort().join(","))).size);
        expect(r.unexplained).toBe(r.core.length + r.dead.length);
      }),
      { seed: 20261204, numRuns: 80 },
    );
  }, 120_000);
  it("prop_explanations_on_one_oracle_equal_one_at_a_time (random catalogs, seeded)", async () => {
    // forcedBecauseEach asks the counterfactuals of one scope on one model and oracle; each
    // answer must be forcedBecause's, word for word.
    let shared = 0;
    await fc.assert(
      fc.asyncProperty(specAndRequestArb, async ({ spec, request }) => {
        await yieldToRunner();
        const catalog = buildCatalog(spec);
        const r = analyze(catalog, request, { explain: 0 });
        if (!r.ok) return;
        const items = [...r.core.map((p) => [p.id, "in"] as const), ...r.dead.map((p) => [p.id, "out"] as const)];
        const req = resolve(catalog, request);
        const got: unknown[] = [];
        shared += forcedBecauseEach(catalog, req, items, newBudget(), (i, c) => (got[i] = c));
        expect(got).toEqual(items.map(([id, d]) => forcedBecause(catalog, req, id, d, newBudget())));
      }),
      { seed: 20261205, numRuns: 200 },
    );
    expect(shared).toBeGreaterThan(20); // answers from a shared oracle, not only the fallback
  }, 120_000);
  it("explains the first N core and dead plugins (core first), all with explain: 'all', none with 0", () => {
    const catalog = buildCatalog(spec);
    const request = { require: ["seldon"] };
    const none = analyze(catalog, request, { explain: 0 });
    expect([...none.core, ...none.dead].every((p) => p.because === undefined)).toBe(true);
    expect(none.unexplained).toBe(4);
    const one = analyze(catalog, request, { explain: 1 });
    expect(one.core.map((p) => !!p.because)).toEqual([true, false]);
    expect(one.unexplained).toBe(3);
    const all = analyze(catalog, request, { explain: "all" });
    expect([...all.core, ...all.dead].every((p) => p.because !== undefined)).toBe(true);
    expect(all.unexplained).toBe(0);
    // The explanation is the same whether asked for alone or with all the others.
    expect(one.core[0]!.because).toEqual(all.core[0]!.because);
  });
  it("--explain takes a count or 'all'; anything else is bad input (exit 2)", async () => {
    const j = JSON.parse((await cli("analyze", "--require", "databricks-plugin", "--explain", "all", "--format", "json")).out);
    expect(j.unexplained).toBe(0);
    expect([...j.core, ...j.dead].every((p: { because?: unknown }) => p.because)).toBe(true);
    const t = await cli("analyze", "--require", "databricks-plugin", "--explain", "0");
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/not explained, to save time: --explain all/);
    // Cut short by the time limit, the words point at the limit, not at --explain.
    const whole = JSON.parse((await cli("analyze", "--require", "databricks-plugin", "--explain", "all", "--format", "json")).out);
    const cut = { ...whole, ok: false, partial: true, timed_out: true, stopped_by: "time", unexplained: 2, core: whole.core.map((p: object, i: number) => (i < 2 ? { id: (p as { id: string }).id } : p)) };
    expect(PRINTERS.table(cut, { colour: false })).toMatch(/\n2 of them not explained: the time limit came before the explanations were done \(a longer --timeout explains more; --explain all asks for every one\)\.\n$/);
    const bad = await cli("analyze", "--explain", "some");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--explain.*a number or "all"/);
  });
});

describe("analyze when the solver's memory runs out", () => {
  it("the core and dead lists stay, the explanations stop, and the result says the memory stopped it (not the time)", async () => {
    // MiniSat's heap is fixed; an explanation that outgrows it is a stop like a time limit. It
    // used to end as "internal error: undefined" (exit 3) on 3,000 synthetic plugins with strict
    // integrations. Here the explanations' guarded oracles are made to run out.
    const { SatOracle } = await import("../src/core/solve/oracle.js");
    const { SolverMemory } = await import("../src/core/common/budget.js");
    const { vi } = await import("vitest");
    const solve = SatOracle.prototype.solve;
    const spy = vi.spyOn(SatOracle.prototype, "solve").mockImplementation(function (this: InstanceType<typeof SatOracle>, on: readonly string[]) {
      if (this.constraintSelectors.length) throw new SolverMemory();
      return solve.call(this, on);
    });
    try {
      const r = analyze(loadCatalog(), { useCases: ["on-prem", "rag"] });
      expect(r).toMatchObject({ ok: false, partial: true, timed_out: true, stopped_by: "memory" });
      expect(r.core.map((p) => p.id)).toEqual(["kubernetes-plugin"]);
      expect(r.dead.length).toBeGreaterThan(10);
      expect(r.not_computed).toBeUndefined();
      expect(r.unexplained).toBe(r.core.length + r.dead.length);
      const text = PRINTERS.table(r, { colour: false });
      expect(text).toContain("Stopped at the solver's memory limit: a partial analysis");
      expect(text).not.toContain("time limit");
      // Where a command has no partial answer of its own, the CLI says so: exit 1, never 3.
      const run = await cli("explain", "--require", "mlflow-plugin", "--require", "azure-ml-plugin", "--format", "json");
      expect(run.code).toBe(1);
      expect(JSON.parse(run.out)).toMatchObject({ ok: false, stopped_by: "memory" });
      const table = await cli("explain", "--require", "mlflow-plugin", "--require", "azure-ml-plugin");
      expect(table.code).toBe(1);
      expect(table.err).toContain("the SAT solver ran out of its fixed memory");
    } finally {
      spy.mockRestore();
    }
  });
});
