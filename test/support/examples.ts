/**
 * Examples a reader copies: the `@example` blocks of src/'s TSDoc and the code blocks of the
 * README, as modules to type-check (against the package's public entries) and to run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { ROOT } from "./helpers.js";

export interface Example {
  where: string;
  code: string;
}

/** The `@example` blocks of a file's TSDoc comments, with the line each starts at. */
export function tsdocExamples(file: string, text: string): Example[] {
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

/** The fenced code blocks of a Markdown text: language, body, and the line the body starts at. */
export function fencedBlocks(text: string): { lang: string; body: string; line: number }[] {
  const out: { lang: string; body: string; line: number }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j] !== "```") j++;
    out.push({ lang: open[1]!, body: lines.slice(start, j).join("\n") + "\n", line: start + 1 });
    i = j;
  }
  return out;
}

const ENTRIES: Record<string, string> = {
  "mlx-solve": join(ROOT, "src", "index.ts"),
  "mlx-solve/core": join(ROOT, "src", "core", "index.ts"),
  "mlx-solve/testing": join(ROOT, "src", "testing.ts"),
};

/**
 * Writes each example as a module under .cache/examples/NAME-i.ts: its own imports, or (without
 * any) every name of `publicNames` imported from "mlx-solve". Returns the files.
 */
export function writeExamples(name: string, examples: Example[], publicNames: string[]): string[] {
  const dir = join(ROOT, ".cache", "examples");
  mkdirSync(dir, { recursive: true });
  return examples.map((e, i) => {
    const code = /^import\s/m.test(e.code) ? e.code : `import { ${publicNames.join(", ")} } from "mlx-solve";\n${e.code}`;
    const file = join(dir, `${name}-${i}.ts`);
    writeFileSync(file, `${code}export {};\n`);
    return file;
  });
}

/** Type errors in `files` (checked against the sources of the public entries), each with its example's place. */
export function typeErrors(files: string[], examples: Example[]): string[] {
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
  const program = ts.createProgram([...files, join(ROOT, "src", "types", "logic-solver.d.ts")], options);
  // Only the examples' own diagnostics: the sources they import are type-checked by `npm test`'s
  // own tsc run, and checking them again here was most of this program's time.
  return [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...files.flatMap((f) => {
    const sf = program.getSourceFile(f)!;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  })]
    .filter((d) => d.file && files.includes(d.file.fileName))
    .map((d) => `${examples[files.indexOf(d.file!.fileName)]!.where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/** Imports (runs) an example module with console.log silenced; resolves to its namespace. */
export async function runQuietly(file: string): Promise<unknown> {
  const log = console.log;
  console.log = () => {};
  try {
    return await import(file);
  } finally {
    console.log = log;
  }
}
