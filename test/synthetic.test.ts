/**
 * A 50-plugin synthetic catalog (bench/generate.js, seed 1) with optima recorded from clingo 5.4.1
 * (bench/verify.js, --opt-mode=opt): a regression net for the search on more than a handful of
 * plugins, where many integration gaps are revealed lazily. clingo itself is not needed here.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { recommend } from "../src/core/ops.js";
import type { Request } from "../src/core/request.js";
import { loadCatalog } from "../src/index.js";
import { tmpDir } from "./helpers.js";

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
