/**
 * Every `@example` in src/ compiles and runs. An example without imports of its own runs with
 * every public name of `mlx-solve` in scope (as a reader of the TSDoc would assume); one with
 * imports runs as written. "mlx-solve", "mlx-solve/core" and "mlx-solve/testing" are the
 * package's own entries (vitest.config.ts points them at the sources).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { runQuietly, tsdocExamples, typeErrors, writeExamples } from "./support/examples.js";
import { ROOT } from "./support/helpers.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.ts$/.test(name) && !name.endsWith(".d.ts") ? [p] : [];
  });
}

const examples = sourceFiles(join(ROOT, "src")).flatMap((f) => tsdocExamples(f, readFileSync(f, "utf8")));
const files = writeExamples("tsdoc", examples, Object.keys(api).sort());

describe("TSDoc examples", () => {
  it("there is one for every command's library function", () => {
    const all = examples.map((e) => e.code).join("\n");
    for (const f of ["recommend", "explain", "check", "repair", "why", "whyNot", "analyze", "sample", "lint", "list", "loadCatalog", "validStackArbitrary"]) expect(all).toMatch(new RegExp(`\\b${f}\\(`));
  });

  it("every one type-checks against the public entries", () => {
    expect(typeErrors(files, examples)).toEqual([]);
  }, 120_000);

  it.each(examples.map((e, i) => [e.where, i] as const))("%s runs", async (_where, i) => {
    await expect(runQuietly(files[i]!)).resolves.toBeDefined();
  });
});
