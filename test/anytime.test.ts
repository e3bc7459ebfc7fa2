/**
 * A time limit is a limit in work (core/common/budget.ts): the same request with the same limit
 * gives the same best-so-far however fast the clock runs, and the clock only stops a machine too
 * slow to do the work, which the answer then says.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { recommend } from "../src/core/commands/recommend.js";
import { analyze } from "../src/core/commands/analyze.js";
import { SatOracle } from "../src/core/solve/oracle.js";
import { repair } from "../src/core/commands/repair.js";
import { check, parseStackFile, PRINTERS, why } from "../src/index.js";
import { WORK_PER_SECOND } from "../src/core/common/budget.js";
import { searchDefaults } from "../src/core/solve/settings.js";
import { loadCatalog } from "../src/index.js";
import { bin, tmpDir } from "./support/helpers.js";

describe("anytime answers under a limit in work", () => {
  const dir = join(tmpDir(), "n300-anytime");
  ensureCatalog(300, "1", dir);
  const catalog = loadCatalog(dir);
  const request = { useCases: ["uc-01", "uc-02"] };
  afterEach(() => vi.restoreAllMocks());

  /** A clock that runs `factor` times as fast as the real one: a machine that many times slower. */
  const slowMachine = (factor: number) => {
    const real = Date.now.bind(Date);
    const t0 = real();
    vi.spyOn(Date, "now").mockImplementation(() => t0 + (real() - t0) * factor);
  };
  /**
   * `slowMachine`, from the moment the search starts (the engine's trace line "model: …"); the
   * clock is real before it. Returns what ends it.
   */
  const slowOnceSearching = (factor: number): (() => void) => {
    const real = Date.now.bind(Date);
    let t0: number | undefined;
    const spy = vi.spyOn(Date, "now").mockImplementation(() => (t0 === undefined ? real() : t0 + (real() - t0) * factor));
    const saved = searchDefaults.trace;
    searchDefaults.trace = (line) => {
      if (t0 === undefined && line.startsWith("model:")) t0 = real();
    };
    return () => {
      searchDefaults.trace = saved;
      spy.mockRestore();
    };
  };
  const run = (work: number) => {
    const r = recommend(catalog, request, { work });
    return JSON.stringify({ ...r, stats: undefined });
  };

  it("gives the same stack, cost and status with the same limit, whatever the clock", () => {
    const limits = [WORK_PER_SECOND / 20, WORK_PER_SECOND / 2];
    const answers = limits.map((w) => run(w));
    // At least one limit stops the search before its end, or the test shows nothing.
    expect(answers.some((a) => JSON.parse(a).timed_out === true)).toBe(true);
    slowMachine(50);
    expect(limits.map((w) => run(w))).toEqual(answers);
    for (const a of answers) expect(JSON.parse(a).clock_stopped).toBeUndefined();
  });

  it("repair too: the same nearest stack with the same limit, whatever the clock", () => {
    const parsed = parseStackFile({ path: "stack.yaml", content: `plugins: [${[...catalog.plugins.keys()].slice(0, 120).join(", ")}]\n` });
    if (!parsed.ok) throw new Error("bad stack");
    const fix = () => JSON.stringify(repair(catalog, parsed.stack, request, { work: WORK_PER_SECOND / 4 }));
    const first = fix();
    expect(JSON.parse(first).timed_out).toBe(true);
    slowMachine(50);
    expect(fix()).toEqual(first);
  });

  it("says so when the clock, not the work, stopped it, in every format", () => {
    // The clock a hundred times as fast once the search has started: the first solution (always
    // sought in full then) takes more than the second the limit gives. Fast from the start, it left
    // 10 ms of real time for reading the request and building the model (~13 ms cold), so a busy
    // machine's run stopped before the search began: no stack to show (an intermittent failure).
    const done = slowOnceSearching(100);
    const r = recommend(catalog, request, { work: 1000 * WORK_PER_SECOND, timeout: 1 });
    done();
    expect(r.timed_out).toBe(true);
    expect(r.clock_stopped).toBe(true);
    expect(r.stack).toBeDefined();
    expect(PRINTERS.table(r, { colour: false })).toMatch(/stopped at the time limit[^]*The clock ran out before the work/i);
    expect(JSON.parse(PRINTERS.json(r, { colour: false }))).toMatchObject({ timed_out: true, clock_stopped: true });
    // The YAML stays a stack file (its plugins, check can read it); the limit is said in comments.
    const yaml = PRINTERS.yaml(r, { colour: false });
    expect(yaml).toMatch(/^# stopped at the time limit[^\n]*\n# clock_stopped: the clock ran out/);
    const asFile = parseStackFile({ path: "best.yaml", content: yaml });
    expect(asFile.ok && asFile.stack.plugins.map((p) => p.id)).toEqual(r.stack!.plugins.map((p) => p.id));
    const parsed = parseStackFile({ path: "stack.yaml", content: `plugins: [${[...catalog.plugins.keys()].slice(0, 120).join(", ")}]\n` });
    if (!parsed.ok) throw new Error("bad stack");
    const again = slowOnceSearching(100);
    const fixed = repair(catalog, parsed.stack, request, { work: 1000 * WORK_PER_SECOND, timeout: 1 });
    again();
    expect(fixed).toMatchObject({ timed_out: true, clock_stopped: true });
    const table = PRINTERS.table(fixed, { colour: false, file: "stack.yaml" });
    expect(table).toMatch(/found so far[^]*The clock ran out before the work/);
    expect(table).not.toMatch(/^Nearest valid stack to/m);
  });

  it("why and check say a stop by the clock too (their JSON had only timed_out)", () => {
    slowMachine(100);
    const w = why(catalog, [...catalog.plugins.keys()][0]!, request, { work: 1000 * WORK_PER_SECOND, timeout: 1 });
    expect(w).toMatchObject({ timed_out: true, stopped_by: "time", clock_stopped: true });
    expect(PRINTERS.table(w, { colour: false })).toMatch(/\nThe clock ran out before the work/);
    vi.restoreAllMocks();
    const parsed = parseStackFile({ path: "s.yaml", content: "plugins: [pinecone-plugin]\n" });
    if (!parsed.ok) throw new Error("bad stack");
    const c = check(loadCatalog(), parsed.stack, {}, { deadline: Date.now() - 1 });
    expect(c).toMatchObject({ ok: false, timed_out: true, stopped_by: "time", clock_stopped: true });
    expect(PRINTERS.table(c, { colour: false, file: "s.yaml" })).toMatch(/neither valid nor invalid yet\.\nThe clock ran out before the work/);
  });

  it("says so too when the clock stops the explanation of a request without a stack", () => {
    const builtin = loadCatalog();
    const conflicting = { require: ["databricks-plugin", "outerbounds-plugin"] };
    // Without a clock that runs out, the same limit in work explains it in full.
    expect(recommend(builtin, conflicting, { work: 1000 * WORK_PER_SECOND })).toMatchObject({ no_stack: true, conflict: expect.anything() });
    // The clock runs out once the explanation starts (its first oracle), whatever the machine:
    // the proof that no stack exists is done by then.
    const realWith = SatOracle.with.bind(SatOracle);
    let jumped = false;
    vi.spyOn(SatOracle, "with").mockImplementation((...args: Parameters<typeof SatOracle.with>) => {
      if (!jumped) {
        jumped = true;
        // A jump, not a fast clock: warm code can finish the explanation within the millisecond
        // of the jump, where a clock that only runs fast would still read the same time.
        const real = Date.now.bind(Date);
        vi.spyOn(Date, "now").mockImplementation(() => real() + 3_600_000);
      }
      return realWith(...args);
    });
    const r = recommend(builtin, conflicting, { work: 1000 * WORK_PER_SECOND, timeout: 60 });
    expect(jumped).toBe(true);
    expect(r).toMatchObject({ ok: false, no_stack: true, timed_out: true, stopped_by: "time", clock_stopped: true });
    expect(PRINTERS.table(r, { colour: false })).toMatch(/No valid stack exists[^]*The clock ran out before the work/);
    expect(JSON.parse(PRINTERS.json(r, { colour: false }))).toMatchObject({ timed_out: true, clock_stopped: true });
  });

  it("analyze: the count stops where the limit's work runs out, whatever the clock; a stop by the clock is said", () => {
    // Strict integrations on the built-in catalog: the backbone is quick, the exact count is not.
    const builtIn = loadCatalog();
    const strict = { integrations: "strict" as const };
    const limited = () => analyze(builtIn, strict, { work: WORK_PER_SECOND / 5 });
    const a = limited();
    expect(a).toMatchObject({ ok: false, partial: true, timed_out: true, stopped_by: "time" });
    expect(a.count).toBeUndefined();
    expect(a.count_limited).toBeUndefined();
    expect(a.clock_stopped).toBeUndefined();
    expect(a.stats.work).toBeGreaterThanOrEqual(WORK_PER_SECOND / 5);
    slowMachine(50);
    expect(limited()).toEqual(a);
    vi.restoreAllMocks();
    // A clock that jumps an hour as the count starts: the clock stopped it, and the answer says so.
    const jump = (step: string) => {
      if (!step.includes("counting")) return;
      const real = Date.now.bind(Date);
      vi.spyOn(Date, "now").mockImplementation(() => real() + 3_600_000);
    };
    const b = analyze(builtIn, strict, { work: 1000 * WORK_PER_SECOND, timeout: 60, onProgress: jump });
    expect(b).toMatchObject({ ok: false, partial: true, timed_out: true, clock_stopped: true });
    expect(JSON.parse(PRINTERS.json(b, { colour: false }))).toMatchObject({ clock_stopped: true });
    // The table says so too (only JSON did).
    expect(PRINTERS.table(b, { colour: false })).toMatch(/a partial analysis[^\n]*\nThe clock ran out before the work/);
  });

  it("a benchmark's MLX_SOLVE_WORK_PER_SECOND changes how the CLI turns --timeout into work, and nothing else", () => {
    const args = ["recommend", "--catalog", dir, "--use-case", "uc-01", "--use-case", "uc-02", "--timeout", "60", "--format", "json"];
    // Next to no work per second: the work, not the clock, stops it, right after the first stack.
    const starved = JSON.parse(bin(args, { env: { MLX_SOLVE_WORK_PER_SECOND: "1e-6" } }).out);
    expect(starved).toMatchObject({ timed_out: true, stopped_by: "time" });
    expect(starved.clock_stopped).toBeUndefined();
    // Only the clock: the search runs to its optimum, the same as with the default rate.
    const clockOnly = bin(args, { env: { MLX_SOLVE_WORK_PER_SECOND: "Infinity" } });
    const byDefault = bin(args);
    expect(JSON.parse(clockOnly.out)).toMatchObject({ ok: true, optimal: true });
    expect(JSON.parse(clockOnly.out).cost).toEqual(JSON.parse(byDefault.out).cost);
  }, 60_000);
});
