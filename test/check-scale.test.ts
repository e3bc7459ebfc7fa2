/**
 * `check` is linear work: a stack's integration gaps are counted from bitsets (model/scope.ts
 * gapCount), not by listing the related pairs, whose number grows with the square of the stack.
 * The count must equal the pairwise definition on stacks large enough to span many bitset words.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { integrates } from "../src/core/catalog/catalog.js";
import { gapCount, relatedPairs } from "../src/core/model/scope.js";
import { prng } from "../src/core/common/random.js";
import { loadCatalog } from "../src/index.js";
import { tmpDir } from "./support/helpers.js";

describe("gapCount", () => {
  const dir = join(tmpDir(), "n1000");
  ensureCatalog(1000, "3", dir);
  const catalog = loadCatalog(dir);
  const ids = [...catalog.plugins.keys()];

  it.each([1, 31, 32, 33, 64, 65, 250, 1000])("equals the pairwise count of related pairs that do not integrate, for %i plugins", (n) => {
    const rnd = prng(n);
    const stack = n === ids.length ? ids : ids.filter(() => rnd() < n / ids.length).slice(0, n);
    const pairwise = relatedPairs(catalog, stack).filter(([a, b]) => !integrates(catalog, a, b)).length;
    expect(gapCount(catalog, stack)).toBe(pairwise);
    if (n >= 250) expect(pairwise).toBeGreaterThan(0);
  });
});
