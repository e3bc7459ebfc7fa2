/**
 * The malformed-input corpus (test/malformed/<case>/): every error a user can cause, run through
 * the CLI's own entry (`main`, in this process: the same code as the binary but for starting a
 * process; a few cases also run as a real process, for the exit code a shell sees). Each case
 * must exit with its code, name file:line:col (or the file or option when there is no position),
 * say what was expected, and never print a stack trace.
 */
import { describe, expect, it } from "vitest";
import { bin, cli } from "./support/helpers.js";
import { argsFor, caseNames, prepareCase, readExpectation } from "./support/malformed-cases.js";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const cases = caseNames();

/** Cases that also run as a real process: a catalog error, a stack file error, a usage error. */
const AS_PROCESS = new Set(["unknown-type", "stack-unknown-plugin", "cli-unknown-command"]);

describe("malformed inputs", () => {
  it("the corpus has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(cases)("%s", (name) => {
    const exp = readExpectation(name);

    it(`exits ${exp.code} naming ${exp.file ?? "the command"}${exp.line > 0 ? `:${exp.line}:${exp.column}` : ""}${AS_PROCESS.has(name) ? " (also as a process)" : ""}`, async () => {
      const args = argsFor(exp, prepareCase(name, exp));
      const r = await cli(...args);
      if (AS_PROCESS.has(name)) {
        const p = bin(args);
        expect({ code: p.code, err: p.err, out: p.out }).toEqual({ code: r.code, err: r.err, out: r.out });
      }
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
