/**
 * The malformed-input corpus in test/malformed/: each case directory holds the broken input and an
 * `expect.json`. Inputs that must not be committed (huge, binary, non-UTF-8) are generated here at
 * run time into a temporary copy of the case directory.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tmpDir } from "./helpers.js";

export const MALFORMED = join(ROOT, "test", "malformed");

export interface Expectation {
  args: string[];
  code: number;
  /** Suffix of the file named in the diagnostic (null: none, e.g. an unknown command). */
  file: string | null;
  /** 1-based; 0 when the problem has no position (a missing file, a command-line option). */
  line: number;
  column: number;
  message: string;
  generate?: { file: string; kind: "huge" | "binary" | "latin1" };
}

export function caseNames(): string[] {
  return readdirSync(MALFORMED, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readExpectation(name: string): Expectation {
  return JSON.parse(readFileSync(join(MALFORMED, name, "expect.json"), "utf8")) as Expectation;
}

const enc = (s: string) => Buffer.from(s, "utf8");

/** Builds the generated file's bytes from the committed one (if any), keeping a known position. */
export function generated(kind: "huge" | "binary" | "latin1", original: string | undefined): Buffer {
  const base = original ?? "plugins:\n  - snowflake-plugin\n  - mlflow-plugin\n";
  const lines = base.split("\n");
  switch (kind) {
    case "huge": {
      // Valid YAML, just too big: the original, then > 1 MiB of comment lines.
      const pad = `# ${"padding ".repeat(15)}\n`;
      return enc(base + pad.repeat(Math.ceil((1.1 * 1024 * 1024) / pad.length)));
    }
    case "binary": {
      // Two lines of text, then binary junk starting at line 3, column 1 (the first byte is NUL).
      const junk = Buffer.from([0x00, 0x01, 0x02, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);
      return Buffer.concat([enc(lines.slice(0, 2).join("\n") + "\n"), junk, enc(lines.slice(2).join("\n"))]);
    }
    case "latin1": {
      // Line 3 gets a comment "# café" written in Latin-1: byte 0xE9 at line 3, column 6.
      return Buffer.concat([enc(lines.slice(0, 2).join("\n") + "\n# caf"), Buffer.from([0xe9]), enc("\n" + lines.slice(2).join("\n"))]);
    }
  }
}

/** The directory to run a case in: the case itself, or a temporary copy with its generated file. */
export function prepareCase(name: string, exp: Expectation): string {
  const src = join(MALFORMED, name);
  if (!exp.generate) return src;
  const dir = join(tmpDir("mlx-malformed-"), name);
  cpSync(src, dir, { recursive: true });
  const target = join(dir, exp.generate.file);
  const original = existsSync(target) ? readFileSync(target, "utf8") : undefined;
  writeFileSync(target, generated(exp.generate.kind, original));
  return dir;
}

export const argsFor = (exp: Expectation, dir: string) => exp.args.map((a) => a.split("$CASE").join(dir));
