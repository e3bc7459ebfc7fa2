/**
 * Every `@example` in src/ compiles and runs. An example without imports of its own runs with
 * every public name of `mlx-solve` in scope (as a reader of the TSDoc would assume); one with
 * imports runs as written. "mlx-solve", "mlx-solve/core" and "mlx-solve/testing" are the
 * package's own entries.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it, vi } from "vitest";
import * as api from "../src/index.js";
import { ROOT } from "./support/helpers.js";

interface Example {
  where: string;
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.ts$/.test(name) && !name.endsWith(".d.ts") ? [p] : [];
  });
}

/** The `@example` blocks of a file's TSDoc comments, with the line each starts at. */
export function examplesOf(file: string, text: string): Example[] {
  const out: Example[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\s*$/.test(lines[i]!)) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*\*\//.test(lines[j]!) && !/^\s*\*\s*@\w/.test(lines[j]!); j++) body.push(lines[j]!.replace(/^\s*\* ?/, ""));
    out.push({ where: `${relative(ROOT, file)}:${i + 1}`, code: body.join("\n").trim() + "\n" });
    i = j - 1;
  }
  return out;
}

const examples = sourceFiles(join(ROOT, "src")).flatMap((f) => examplesOf(f, readFileSync(f, "utf8")));
const PUBLIC = Object.keys(api).sort();
const DIR = join(ROOT, ".cache", "examples");
const ENTRIES: Record<string, string> = {
  "mlx-solve": join(ROOT, "src", "index.ts"),
  "mlx-solve/core": join(ROOT, "src", "core", "index.ts"),
  "mlx-solve/testing": join(ROOT, "src", "testing.ts"),
};

/** The example as a module: its own imports, or every public name of the package. */
function moduleOf(e: Example): string {
  const code = /^import\s/m.test(e.code) ? e.code : `import { ${PUBLIC.join(", ")} } from "mlx-solve";\n${e.code}`;
  return `${code}export {};\n`;
}

const fileOf = (i: number) => join(DIR, `example-${i}.ts`);

describe("TSDoc examples", () => {
  mkdirSync(DIR, { recursive: true });
  examples.forEach((e, i) => writeFileSync(fileOf(i), moduleOf(e)));

  it("there is one for every command's library function", () => {
    const all = examples.map((e) => e.code).join("\n");
    for (const f of ["recommend", "explain", "check", "repair", "why", "whyNot", "analyze", "sample", "lint", "list", "loadCatalog", "validStackArbitrary"]) expect(all).toMatch(new RegExp(`\\b${f}\\(`));
  });

  it("every one type-checks against the public entries", () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ["node"],
      baseUrl: ROOT,
      paths: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, [v]])),
    };
    const files = examples.map((_, i) => fileOf(i));
    const program = ts.createProgram([...files, join(ROOT, "src", "types", "logic-solver.d.ts")], options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => `${examples[files.indexOf(d.file!.fileName)]!.where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  }, 120_000);

  it.each(examples.map((e, i) => [e.where, i] as const))("%s runs", async (_where, i) => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await expect(import(fileOf(i))).resolves.toBeDefined();
    } finally {
      log.mockRestore();
    }
  });
});
