/**
 * A 50-plugin synthetic catalog (bench/generate.js, seed 1) with optima recorded from clingo 5.4.1
 * (bench/verify.js, --opt-mode=opt): a regression net for the search on more than a handful of
 * plugins, where many integration gaps are revealed lazily. clingo itself is not needed here.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { improveTuning } from "../src/core/solve/engine.js";
import { recommend } from "../src/core/commands/recommend.js";
import type { Request } from "../src/core/model/request.js";
import { loadCatalog } from "../src/index.js";
import { tmpDir } from "./support/helpers.js";

const CLINGO_OPTIMA: [Request, string][] = [
  [{ useCases: ["uc-01", "uc-02"] }, "0/0/0/0/6"],
  [{ useCases: ["uc-03"] }, "0/0/0/0/5"],
  [{ useCases: ["uc-12"], prefer: ["p00029-data-processor"] }, "0/0/0/1/7"],
  [{ useCases: ["uc-12"], prefer: ["p00023-feature-store", "p00018-workflow-engine"], avoid: ["p00035-security"] }, "0/0/0/1/5"],
  [{ useCases: ["uc-08", "uc-12", "uc-09"], prefer: ["p00006-experiment-tracker", "p00004-workflow-engine"], avoid: ["p00020-monitoring"] }, "0/0/0/2/9"],
  [{ useCases: ["uc-10", "uc-06"], prefer: ["p00020-monitoring"], avoid: ["p00048-serving-platform"] }, "0/0/0/1/6"],
  [{ useCases: ["uc-07"], prefer: ["p00006-experiment-tracker"] }, "0/0/0/0/6"],
];

describe("synthetic catalog, 50 plugins", () => {
  const dir = join(tmpDir(), "n50");
  ensureCatalog(50, "1", dir);
  const catalog = loadCatalog(dir);
  it.each(CLINGO_OPTIMA)("%j has clingo's optimum %s", (request, expected) => {
    const r = recommend(catalog, request);
    expect(r.ok).toBe(true);
    expect(r.cost!.map((c) => c.value).join("/")).toBe(expected);
  });
});

/**
 * 1,000 plugins without integration points (bench/generate.js --integrations none, seed 1):
 * large enough that the default search is core-guided on the patched MiniSat. Optima recorded
 * from clingo 5.4.1 (bench/asp.js, --opt-strategy=usc). Before the core-guided search this
 * request stopped on MiniSat's 64 MiB heap, or ran for minutes in the canonical tie-break.
 */
describe("synthetic catalog, 1,000 plugins, no integrations", () => {
  const dir = join(tmpDir(), "n1000-none");
  ensureCatalog(1000, "1", dir, { integrations: "none" });
  const catalog = loadCatalog(dir);
  const cases: [Request, string][] = [
    [{ useCases: ["uc-01", "uc-02"] }, "0/0/0/0/7"],
    [{ useCases: ["uc-05", "uc-11"], prefer: ["p00500-compute-backend", "p00859-workflow-engine"], avoid: ["p00705-data-processor", "p00332-ml-platform"], exclude: ["p00970-ml-platform"], integrations: "strict" }, "0/0/0/0/10"],
    [{ useCases: ["uc-08", "uc-05", "uc-06"], prefer: ["p00150-workflow-engine"], avoid: ["p00794-feature-store"], only: ["license=open-source"] }, "1/0/0/0/11"],
    [{ useCases: ["uc-06", "uc-03", "uc-09"], prefer: ["p00206-serving-platform", "p00311-cloud-provider"], avoid: ["p00999-workflow-engine", "p00451-data-source"], exclude: ["p00135-security"], require: ["p00853-experiment-tracker"] }, "0/0/5/0/11"],
  ];
  const answers = new Map<string, ReturnType<typeof recommend>>();
  it.each(cases)("%j is proven optimal at clingo's optimum %s", (request, expected) => {
    const r = recommend(catalog, request);
    expect(r.ok).toBe(true);
    expect(r.optimal).toBe(true);
    expect(r.cost!.map((c) => c.value).join("/")).toBe(expected);
    answers.set(JSON.stringify(request), r);
  });
  // The proof paused every 4 conflicts for a search from above of a few conflicts: the path a
  // long proof takes, on proofs short enough for a test (pausing after every conflict took 2.5 times
  // as long). The same answer, stack and all.
  it.each(cases)("%j: the same answer when the proof pauses for the search from above", (request) => {
    const plain = answers.get(JSON.stringify(request)) ?? recommend(catalog, request);
    const saved = { ...improveTuning };
    Object.assign(improveTuning, { everyWork: 0, conflicts: 5, proofConflicts: 4 });
    try {
      // Solver calls differ (the searches from above are calls too); all else is the same.
      const paused = recommend(catalog, request);
      expect({ ...paused, stats: undefined }).toEqual({ ...plain, stats: undefined });
      // The proof did pause (each pause's search from above is a call of its own).
      expect(paused.stats!.solver_calls).toBeGreaterThan(plain.stats!.solver_calls);
    } finally {
      Object.assign(improveTuning, saved);
    }
  });
});
