/**
 * Fuzzing the loader and the CLI: random mutations of valid catalog and stack files never crash
 * — every run ends with exit 0, 1 or 2 and a message, never an internal error or a stack trace.
 * Runs in-process (an uncaught exception fails the property) with a fixed seed.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cli, ROOT, tmpDir } from "./support/helpers.js";

const MINI = join(ROOT, "test/fixtures/mini");
const numRuns = process.env["MLX_DEEP"] ? 2000 : 80;

/** A mutation of a text: cut, insert, duplicate, swap lines, or replace a token. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!binary ", "\t", "\n  ", "__proto__: 1\n", "\u0000", "'", '"', "#", "---\n", "? ", "<<: *a\n")) }),
  fc.record({ kind: fc.constant("dupLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swapLines" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("token" as const), at: fc.nat(), text: fc.constantFrom("null", "~", "[]", "{}", "42", "-1", "true", "x".repeat(300), "unknown-plugin", "single", "per_facet") }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const lines = t.split("\n");
    switch (m.kind) {
      case "cut": {
        const at = t.length ? m.at % t.length : 0;
        t = t.slice(0, at) + t.slice(at + m.len);
        break;
      }
      case "insert": {
        const at = t.length ? m.at % (t.length + 1) : 0;
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      }
      case "dupLine": {
        const i = m.at % lines.length;
        lines.splice(i, 0, lines[i]!);
        t = lines.join("\n");
        break;
      }
      case "swapLines": {
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        t = lines.join("\n");
        break;
      }
      case "token": {
        const words = [...t.matchAll(/[A-Za-z0-9_-]+/g)];
        if (words.length === 0) break;
        const w = words[m.at % words.length]!;
        t = t.slice(0, w.index) + m.text + t.slice(w.index! + w[0].length);
        break;
      }
    }
  }
  return t;
}

const files = [
  ...readdirSync(join(MINI, "catalog/plugins")).map((f) => `catalog/plugins/${f}`),
  ...readdirSync(join(MINI, "constraints")).map((f) => `constraints/${f}`),
  ...readdirSync(join(MINI, "catalog/compositions")).map((f) => `catalog/compositions/${f}`),
];

const noCrash = (r: { code: number; out: string; err: string }) => {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.err + r.out).not.toMatch(/internal error|\n\s+at \S+ \(/);
  // Bad input is always said: on stderr, or as JSON diagnostics on stdout.
  if (r.code === 2) expect((r.err + r.out).length).toBeGreaterThan(0);
};

describe("fuzzing", () => {
  it("prop_mutated_catalog_files_never_crash_lint_or_recommend", async () => {
    const dir = tmpDir();
    process.env["MLX_SOLVE_NO_CACHE"] = "1";
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (file, ms) => {
          cpSync(MINI, dir, { recursive: true });
          writeFileSync(join(dir, file), mutate(readFileSync(join(MINI, file), "utf8"), ms));
          noCrash(await cli("lint", "--catalog", dir));
          // With a request (recommend without one is a usage error before any solving).
          noCrash(await cli("recommend", "--catalog", dir, "--use-case", "experiment-management", "--format", "json"));
        }),
        { seed: 4242, numRuns },
      );
    } finally {
      delete process.env["MLX_SOLVE_NO_CACHE"];
    }
  });
  it("prop_mutated_stack_files_never_crash_check_or_repair", async () => {
    const dir = tmpDir();
    const stack = readFileSync(join(ROOT, "catalog/compositions/enterprise-ml-stack.yaml"), "utf8");
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (ms) => {
        const f = join(dir, "stack.yaml");
        writeFileSync(f, mutate(stack, ms));
        noCrash(await cli("check", f));
        noCrash(await cli("repair", f, "--format", "json"));
      }),
      { seed: 777, numRuns },
    );
  });
});
