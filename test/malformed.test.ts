/**
 * The malformed-input corpus (test/malformed/<case>/): every error a user can cause, run through
 * the real binary. Each case must exit with its code, name file:line:col (or the file or option
 * when there is no position), say what was expected, and never print a stack trace.
 */
import { afterEach, describe, expect, it } from "vitest";
import { bin } from "./support/helpers.js";
import { argsFor, caseNames, prepareCase, readExpectation } from "./support/malformed-cases.js";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const cases = caseNames();

describe("malformed inputs", () => {
  // bin() blocks while the process runs: let the worker answer vitest's messages between cases.
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

  it("the corpus has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(cases)("%s", (name) => {
    const exp = readExpectation(name);

    it(`exits ${exp.code} naming ${exp.file ?? "the command"}${exp.line > 0 ? `:${exp.line}:${exp.column}` : ""}`, () => {
      const r = bin(argsFor(exp, prepareCase(name, exp)));
      const all = `${r.err}\n${r.out}`;
      // Never a crash, whatever the input.
      expect(all).not.toContain("    at ");
      expect(all).not.toMatch(/internal error/i);
      expect(r.code, all).toBe(exp.code);
      // Bad input goes to stderr; lint's findings (exit 1, or warnings) are its table on stdout.
      const text = exp.code === 2 ? r.err : r.out;
      const lines = text.split("\n");
      if (exp.file === null) {
        expect(text).toContain(exp.message);
        return;
      }
      const where =
        exp.line > 0
          ? new RegExp(`(^|[\\s/])${escape(exp.file)}:${exp.line}:${exp.column}: (error|warning): `)
          : new RegExp(`(^|[\\s/])${escape(exp.file)}: (error|warning): `);
      const hit = lines.find((l) => where.test(l) && l.includes(exp.message));
      expect(hit, `no line names ${exp.file}:${exp.line}:${exp.column} with "${exp.message}" in:\n${text}`).toBeDefined();
    });
  });
});
