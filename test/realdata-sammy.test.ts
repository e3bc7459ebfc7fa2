/**
 * Pairwise sampling on the 18 feature models with published answers (sammy / SampLNS): the
 * number of feasible pairs of concrete-feature literals, and the proven minimum sample size.
 * Every model runs here (all take seconds); bench/sammy.mjs runs them with more effort and times them.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cnfModel } from "../src/core/solve/dimacs.js";
import { newBudget } from "../src/core/common/budget.js";
import { pairwiseSample } from "../src/core/solve/pairwise.js";
import { ROOT } from "./support/helpers.js";

const DIR = join(ROOT, "..", "shared", "realdata", "pairwise-optimal-sammy");
const have = existsSync(join(DIR, "known_answers.csv"));

interface Known {
  instance: string;
  feasible: number;
  minimum: number;
  maxLowerBound: number;
}
function known(): Known[] {
  if (!have) return [];
  const [head, ...rows] = readFileSync(join(DIR, "known_answers.csv"), "utf8").trim().split(/\r?\n/);
  const cols = head!.split(",");
  const col = (name: string) => cols.findIndex((c) => c.startsWith(name));
  return rows.map((line) => {
    const f = line.split(",");
    return {
      instance: f[col("instance")]!,
      feasible: Number(f[col("feasible_pairwise_interactions_concrete")]),
      minimum: Number(f[col("sammy_min_UB_sample_size")]),
      maxLowerBound: Number(f[col("sammy_max_LB")]),
    };
  });
}

/** The CNF's clauses as numbers, and the concrete features 1..k its header names. */
function readCnf(text: string): { clauses: number[][]; concrete: number } {
  const m = /concrete features = variables 1\.\.(\d+)/.exec(text);
  if (!m) throw new Error("no concrete-feature header");
  const clauses = text
    .split(/\r?\n/)
    .filter((l) => l.trim() && !/^[cp%]/.test(l.trim()))
    .map((l) => l.trim().split(/\s+/).map(Number).filter((x) => x !== 0));
  return { clauses, concrete: Number(m[1]) };
}

describe.skipIf(!have)("pairwise samples of the sammy feature models", () => {
  it.each(known().map((k) => [k.instance, k] as const))("%s", (_, k) => {
    const text = readFileSync(join(DIR, "dimacs", `${k.instance}.cnf`), "utf8");
    const { clauses, concrete } = readCnf(text);
    const vars = Array.from({ length: concrete }, (_, i) => `x${i + 1}`);
    const r = pairwiseSample(cnfModel(text), vars, newBudget(), { effort: 0.5 });

    // The published count of feasible pairs.
    expect(r.feasiblePairs).toBe(k.feasible);
    // Every sample is a solution: each clause has a true literal in its full assignment, and the
    // sample is that assignment's concrete part.
    expect(r.solutions).toHaveLength(r.samples.length);
    r.solutions.forEach((sol, i) => {
      for (const c of clauses) expect(c.some((l) => sol.has(`x${Math.abs(l)}`) === l > 0)).toBe(true);
      expect([...r.samples[i]!].sort()).toEqual(vars.filter((v) => sol.has(v)).sort());
    });
    // Coverage, counted from the samples alone: the combinations they hold are feasible (they are
    // solutions), so holding as many as the published count means holding every feasible one.
    let held = 0;
    for (let a = 0; a < concrete; a++)
      for (let b = a + 1; b < concrete; b++)
        for (const [pa, pb] of [[true, true], [true, false], [false, true], [false, false]])
          if (r.samples.some((s) => s.has(vars[a]!) === pa && s.has(vars[b]!) === pb)) held++;
    expect(held).toBe(k.feasible);
    expect(r.coveredPairs).toBe(k.feasible);
    // Size against the proven minimum; the lower bound never exceeds it.
    expect(r.samples.length).toBeGreaterThanOrEqual(k.maxLowerBound);
    expect(r.samples.length).toBeLessThanOrEqual(Math.floor(1.1 * k.minimum));
    expect(r.lowerBound).toBeLessThanOrEqual(k.minimum);
  });
});
