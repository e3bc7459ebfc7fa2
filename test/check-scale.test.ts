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
import { check, loadCatalog } from "../src/index.js";
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

describe("check of a large stack", () => {
  const dir = join(tmpDir(), "n1000-all");
  ensureCatalog(1000, "3", dir);
  const catalog = loadCatalog(dir);
  it("says each broken rule and unmet integration in bounded words: at most ten plugins named in a message or a warning's list", () => {
    // A stack of 30,000 plugins made a report of more than a gigabyte (every warning listed every
    // plugin of its type), which JSON could not hold: exit 3.
    // The first 300 of 1,000: most of their partners are left out, so many integrations are unmet.
    const r = check(catalog, { useCases: [], plugins: [...catalog.plugins.keys()].sort().slice(0, 300).map((id) => ({ id, pos: { file: "s.yaml", line: 1, column: 1 } })), pos: { file: "s.yaml", line: 1, column: 1 } });
    expect(r.ok).toBe(false);
    expect(r.warnings.length).toBeGreaterThan(100);
    for (const w of r.warnings) expect(w.plugins.length).toBeLessThanOrEqual(11);
    // A warning that names ten counts the rest.
    expect(r.warnings.some((w) => w.plugins.length === 11 && /and \d+ more\)$/.test(w.message))).toBe(true);
    const named = (m: string) => new Set(m.match(/\bp\d{5}-[a-z-]+/g)).size;
    for (const v of [...r.violations, ...r.warnings]) expect(named(v.message), v.message.slice(0, 200)).toBeLessThanOrEqual(11);
    expect(r.violations.some((v) => v.rule === "cardinality" && /and \d+ more/.test(v.message))).toBe(true);
  });
});
