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
import { WORK_PER_SECOND } from "../src/core/common/budget.js";
import { loadCatalog } from "../src/index.js";
import { tmpDir } from "./support/helpers.js";

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

  it("says so when the clock, not the work, stopped it", () => {
    slowMachine(1_000_000);
    const r = recommend(catalog, request, { work: 1000 * WORK_PER_SECOND, timeout: 1 });
    expect(r.timed_out).toBe(true);
    expect(r.clock_stopped).toBe(true);
  });
});
