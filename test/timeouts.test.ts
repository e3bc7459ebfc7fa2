/**
 * One clock: every command that takes a time limit stops at it, says so in every format, returns
 * what it has (the best stack so far, repairs found so far, a partial analysis marked partial),
 * exits 1, and never claims "no valid stack" or "smallest" for what it did not prove. These are
 * behaviours, not timings: the limits are chosen far below what the work needs (or already past),
 * so the outcome does not depend on the machine's speed. How close to the limit each command stops
 * is measured in bench/ (bench/timeouts.mjs).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { analyze, check, diff, explain, lint, loadCatalog, loadCatalogDir, parseStackFile, PRINTERS, recommend, repair, sample, why, whyNot, type AnyResult } from "../src/index.js";
import { bin, cli, tmpDir } from "./support/helpers.js";
import { sampleWork } from "./support/sample-work.js";

const dir = join(tmpDir(), "sparse-1k");
ensureCatalog(1000, "1", dir);
const catalog = loadCatalog(dir);
const request = { useCases: ["uc-01", "uc-02"] };
const past = () => ({ deadline: Date.now() - 1 });

/** `sample` on the built-in catalog under a work limit picked from where a run without one spends its work. */
function sampleAt(request: { useCases?: string[]; require?: string[] }, pick: (w: ReturnType<typeof sampleWork>) => number) {
  const builtIn = loadCatalog();
  const limit = Math.floor(pick(sampleWork(builtIn, request)));
  return { builtIn, limit, r: sample(builtIn, request, { work: limit }) };
}

/** What a person or a program reads of a timed-out result: it says so, and claims nothing unproven. */
function saysStopped(r: AnyResult) {
  expect(r.ok).toBe(false);
  expect((r as { timed_out?: boolean }).timed_out).toBe(true);
  const table = PRINTERS.table(r, { colour: false, catalog });
  expect(table).toMatch(/stopped at the time limit/i);
  expect(table).not.toMatch(/No valid stack exists|The smallest change|Nearest valid stack to|valid stack$/m);
  expect(JSON.parse(PRINTERS.json(r, { colour: false }))).toMatchObject({ timed_out: true, ok: false });
  expect(PRINTERS.yaml(r, { colour: false })).toMatch(/timed_out: true|# stopped at the time limit/);
}

describe("a time limit", () => {
  it("recommend and explain: the best stack found so far, not proven optimal; or none yet", () => {
    const r = recommend(catalog, request, { timeout: 1 });
    saysStopped(r);
    expect(r.stack!.plugins.length).toBeGreaterThan(0);
    expect(r.optimal).toBe(false);
    expect(PRINTERS.table(r, { colour: false })).toContain("best stack found so far, valid but not proven optimal");
    const none = explain(catalog, request, past());
    saysStopped(none);
    expect(none.stack).toBeUndefined();
    expect(PRINTERS.table(none, { colour: false })).toContain("before any valid stack was found");
  });

  it("check: neither valid nor invalid", () => {
    const parsed = parseStackFile({ path: "stack.yaml", content: `plugins: [${[...catalog.plugins.keys()].slice(0, 300).join(", ")}]\n` });
    if (!parsed.ok) throw new Error("bad stack");
    const r = check(catalog, parsed.stack, {}, past());
    saysStopped(r);
    expect(r.violations).toEqual([]);
    expect(PRINTERS.table(r, { colour: false, file: "stack.yaml" })).toContain("neither valid nor invalid");
  });

  it("repair: the nearest stack found so far, not proven the fewest changes", () => {
    const parsed = parseStackFile({ path: "stack.yaml", content: `plugins: [${[...catalog.plugins.keys()].slice(0, 400).join(", ")}]\n` });
    if (!parsed.ok) throw new Error("bad stack");
    const r = repair(catalog, parsed.stack, request, { timeout: 0.5 });
    saysStopped(r);
    // Which limit, as recommend says it.
    expect(r.stopped_by).toBe("time");
    expect(PRINTERS.table(r, { colour: false, file: "stack.yaml" })).toMatch(/found so far, \d+ changes? \(not proven the fewest\)/);
  });

  it("why and why-not: not 'no valid stack', but that the answer is not known yet", () => {
    const id = [...catalog.plugins.keys()][0]!;
    for (const r of [why(catalog, id, request, past()), whyNot(catalog, id, request, { timeout: 0.3 })]) {
      saysStopped(r);
      expect(r.no_stack).toBeUndefined();
    }
    // Stopped before any stack: whether the plugin is in the best one is not said (it was false).
    const before = why(catalog, id, request, past());
    expect(before.stack).toBeUndefined();
    expect(before.in_stack).toBeUndefined();
  });

  it("diff: each side whose check stopped says so, and the empty lists are marked not computed", () => {
    const parse = (content: string) => {
      const p = parseStackFile({ path: "s.yaml", content });
      if (!p.ok) throw new Error("bad stack");
      return p.stack;
    };
    const ids = [...catalog.plugins.keys()].slice(0, 2);
    const d = diff(catalog, parse(`plugins: [${ids[0]}]\n`), parse(`plugins: [${ids.join(", ")}]\n`), {}, past());
    saysStopped(d);
    expect(d.old.timed_out).toBe(true);
    expect(d.new.timed_out).toBe(true);
    expect(d.not_computed).toEqual(["cost", "newly_broken", "newly_met", "needs_lost"]);
  });

  it("analyze: a partial analysis, marked partial, without a count", () => {
    const r = analyze(catalog, { useCases: ["uc-01"] }, { timeout: 0.5 });
    saysStopped(r);
    expect(r.partial).toBe(true);
    expect(r.count).toBeUndefined();
    expect(PRINTERS.table(r, { colour: false })).toContain("partial analysis");
  });

  it("analyze stopped before its lists: each says not known, never 'none' (JSON not_computed)", () => {
    const r = analyze(catalog, { useCases: ["uc-01"] }, past());
    expect(r).toMatchObject({ partial: true, core: [], dead: [], not_computed: ["core", "dead", "false_optional"] });
    const text = PRINTERS.table(r, { colour: false });
    expect(text).not.toMatch(/\bnone\b/);
    expect(text.match(/not known: the time limit came first/g)).toHaveLength(3);
    // A complete analysis says none where there is none, and has no not_computed.
    const done = analyze(loadCatalog(), { useCases: ["rag"] });
    expect(done.not_computed).toBeUndefined();
    expect(PRINTERS.table(done, { colour: false })).toMatch(/Core: in every valid stack \(0\):\n {2}none/);
  });

  it("sample: none before a complete sample", () => {
    const r = sample(catalog, { useCases: ["uc-01"] }, past());
    saysStopped(r);
    expect(r.stacks).toEqual([]);
    // Its figures were never computed: said so (JSON read "0 feasible pairs, coverage 0"); and the
    // clock, not the work, stopped it, which depends on the machine.
    expect(r.not_computed).toEqual(["feasible_pairs", "covered_pairs", "coverage"]);
    expect(r.clock_stopped).toBe(true);
    // The table says so too, as recommend's does (only JSON did).
    expect(PRINTERS.table(r, { colour: false })).toMatch(/before a sample covering every feasible pair was complete\.\nThe clock ran out before the work/);
  });

  it("sample: stopped during the greedy construction, the stacks found so far and what they cover, said in every format", () => {
    // A work limit that falls in the greedy, read from a run without a limit: the same stacks on
    // any machine, and no clock stop.
    const req = { require: ["pgvector-plugin"] };
    const { builtIn, limit, r } = sampleAt(req, (w) => (w.greedyFirst + w.greedyLast) / 2);
    saysStopped(r);
    expect(r.clock_stopped).toBeUndefined();
    expect(r.not_computed).toBeUndefined();
    expect(r.lower_bound).toBeUndefined();
    // The work done, said as recommend says it: the limit reached, in the units it is given in.
    expect(r.stats.work).toBeGreaterThanOrEqual(limit);
    expect(r.stacks.length).toBeGreaterThan(0);
    expect(r.covered_pairs).toBeGreaterThan(0);
    expect(r.covered_pairs).toBeLessThan(r.feasible_pairs);
    expect(r.coverage).toBeCloseTo(r.covered_pairs / r.feasible_pairs, 12);
    for (const st of r.stacks) expect(check(builtIn, { file: "s", useCases: [], plugins: st.plugins.map((p) => ({ id: p.id, ...(p.facet ? { facet: p.facet } : {}), pos: { file: "s", line: 0, column: 0 } })), pos: { file: "s", line: 0, column: 0 } }, req).violations).toEqual([]);
    expect(sample(builtIn, req, { work: limit })).toEqual(r);
    const table = PRINTERS.table(r, { colour: false });
    expect(table).toContain("Stopped at the time limit before every feasible pair was covered: the stacks found so far");
    expect(table).not.toContain("every feasible pair is covered");
    expect(table).toContain(`${r.stacks.length} valid stacks cover ${r.covered_pairs} of ${r.feasible_pairs} feasible pairs`);
    expect(PRINTERS.yaml(r, { colour: false })).toContain(`# stopped at the time limit before every feasible pair was covered: the stacks found so far cover ${r.covered_pairs} of ${r.feasible_pairs}`);
  });

  it("sample: a limit reached once the sample is complete and proven the smallest cut nothing: ok, exit 0's answer", () => {
    // RAG on the built-in catalog: the greedy meets the bound of 70 (7 orchestrators x 10 vector
    // databases), and the rest of the work only confirms it.
    const { limit, r } = sampleAt({ useCases: ["rag-applications"] }, (w) => (w.greedyLast + w.total) / 2);
    expect(r.stats.work).toBeGreaterThanOrEqual(limit);
    expect(r).toMatchObject({ ok: true, lower_bound: 70, coverage: 1 });
    expect(r.stacks).toHaveLength(70);
    expect(r.timed_out).toBeUndefined();
    expect(PRINTERS.table(r, { colour: false })).not.toMatch(/stopped at the time limit/i);
  });

  it("sample: stopped after the sample was complete, the table says what was proven", () => {
    // Shapes `sample` returns when its clock passes after the search (`late`), printed.
    const base = { format_version: 1, command: "sample", ok: false, timed_out: true, stopped_by: "time", feasible_pairs: 3, covered_pairs: 3, coverage: 1, stats: { solver_calls: 1 } } as const;
    const stack = { use_cases: [], plugins: [{ id: "a", type: "t" }] };
    const proven = PRINTERS.table({ ...base, stacks: [stack], lower_bound: 1 }, { colour: false });
    expect(proven).toContain("by the fewest stacks possible");
    expect(proven).not.toContain("more stacks than may be needed");
    expect(proven).toContain("1 valid stack covers 3 of 3 feasible pairs of plugin choices (the fewest possible: no sample has fewer than 1 stack)");
    const open = PRINTERS.table({ ...base, stacks: [stack, stack], lower_bound: 1 }, { colour: false });
    expect(open).toContain("more stacks than may be needed");
    expect(open).toContain("2 valid stacks cover 3 of 3 feasible pairs of plugin choices (no sample has fewer than 1 stack)");
  });

  it("lint: the rules that ran, and that not all did", () => {
    const r = lint(loadCatalogDir(dir), past());
    saysStopped(r);
    expect(PRINTERS.table(r, { colour: false })).toContain("not every rule ran");
  });

  it("counts from the start of the process: loading the catalog counts too (exit 1, said in every format)", async () => {
    for (const format of ["table", "json", "yaml"]) {
      const r = await cli("recommend", "--catalog", dir, ...request.useCases.flatMap((u) => ["--use-case", u]), "--timeout", "0.000001", "--format", format);
      expect(r.code).toBe(1);
      expect(`${r.out}${r.err}`).toMatch(format === "table" ? /Stopped at the time limit/ : /timed_out: true|"timed_out": true/);
      expect(`${r.out}${r.err}`).not.toMatch(/No valid stack exists|internal error/);
    }
    // A picture is still one: empty, the stop in a comment (stopped while loading or after it).
    const dot = await cli("recommend", "--catalog", dir, "--use-case", "uc-01", "--timeout", "0.000001", "--format", "dot");
    expect(dot.code).toBe(1);
    expect(dot.out).toMatch(/^graph stack \{\n {2}\/\/ Stopped at the time limit [^]*\n\}\n$/);
    const mermaid = await cli("recommend", "--catalog", dir, "--use-case", "uc-01", "--timeout", "0.000001", "--format", "mermaid");
    expect(mermaid.out).toMatch(/^flowchart LR\n {2}%% Stopped at the time limit /);
    const cold = bin(["recommend", "--catalog", dir, "--use-case", "uc-01", "--timeout", "0.000001", "--format", "dot"], { env: { MLX_SOLVE_NO_CACHE: "1" } });
    expect([cold.code, cold.out]).toEqual([1, "graph stack {\n  // Stopped at the time limit (--timeout) before the catalog was loaded; nothing was solved.\n}\n"]);
  });

  it("stopped while the catalog is read, JSON is the command's own result: every field its type requires, empty and said not computed", () => {
    const stack = join(dir, "..", "stopped-stack.yaml");
    writeFileSync(stack, "use_cases: [uc-01]\nplugins: []\n");
    const empty = { use_cases: [], plugins: [] };
    const expected: [string[], Record<string, unknown>][] = [
      [["recommend", "--use-case", "uc-01"], { stats: { solver_calls: 0 } }],
      [["explain", "--use-case", "uc-01"], { stats: { solver_calls: 0 } }],
      [["check", stack], { stack: empty, cost: [], violations: [], warnings: [], not_computed: ["stack", "cost", "violations", "warnings"] }],
      [["repair", stack], { changes: [], violations: [], reassigned: [], not_computed: ["changes", "violations", "reassigned"] }],
      [["why", "p00001", "--use-case", "uc-01"], { id: "p00001" }],
      [["why-not", "p00001", "--use-case", "uc-01"], { id: "p00001" }],
      [["analyze", "--use-case", "uc-01"], { core: [], dead: [], false_optional: [], partial: true, not_computed: ["core", "dead", "false_optional"] }],
      [["sample", "--use-case", "uc-01"], { stacks: [], feasible_pairs: 0, covered_pairs: 0, coverage: 0, not_computed: ["feasible_pairs", "covered_pairs", "coverage"] }],
      // Zero errors that no rule found: said not computed, so a gate on summary.errors is not fooled.
      [["lint"], { diagnostics: [], summary: { plugins: 0, use_cases: 0, compositions: 0, errors: 0, warnings: 0 }, not_computed: ["diagnostics", "summary"] }],
      [["diff", stack, stack], { old: { file: stack, ok: false, stack: empty, cost: [], violations: [], timed_out: true }, added: [], removed: [], newly_broken: [], not_computed: ["added", "removed", "facets", "use_cases", "cost", "newly_broken", "newly_met", "needs_lost"] }],
      [["diff", stack, "--git", "HEAD"], { old: { file: `${stack}@HEAD` }, new: { file: stack } }],
    ];
    for (const [args, fields] of expected) {
      const r = bin([...args, "--catalog", dir, "--timeout", "0.000001", "--format", "json"], { env: { MLX_SOLVE_NO_CACHE: "1" } });
      expect(r.code, args[0]).toBe(1);
      expect(JSON.parse(r.out), args[0]).toMatchObject({ format_version: 1, command: args[0], ok: false, timed_out: true, stopped_by: "time", ...fields });
    }
    // YAML too: the command's own, sample's a stream of no stack files that says why.
    const yaml = (args: string[]) => bin([...args, "--catalog", dir, "--timeout", "0.000001", "--format", "yaml"], { env: { MLX_SOLVE_NO_CACHE: "1" } }).out;
    expect(yaml(["sample", "--use-case", "uc-01"])).toBe("# stopped at the time limit before a complete sample: no stacks\n");
    expect(yaml(["analyze", "--use-case", "uc-01"])).toMatch(/^format_version: 1\ncommand: analyze\n[^]*\ncore: \[\]\n[^]*not_computed:\n {2}- core\n/);
  });
});
