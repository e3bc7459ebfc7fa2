/**
 * Every example in the README runs as written: each `npx mlx-solve ...` line of a shell block
 * (exit 0 or 1, never a crash or a usage error; the first through the built binary, the others
 * through the same entry in this process), each block that shows
 * a command with its output (`$ npx mlx-solve ...`), the mermaid picture (the output of the
 * command just above it), and each TypeScript block (type-checked and run).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { fencedBlocks, runQuietly, typeErrors, writeExamples, type Example } from "./support/examples.js";
import { bin, cli, ROOT, writeTree } from "./support/helpers.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = fencedBlocks(README);

/** A command line's words, as a shell splits them (double quotes only). */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
/** The arguments of a line's `npx mlx-solve ...` (a trailing `# comment` left out). */
const argsOf = (line: string) => words(line.replace(/^.*?npx mlx-solve\s+/, "").replace(/\s+#.*$/, ""));

const commands = blocks.filter((b) => b.lang === "sh").flatMap((b) => b.body.split("\n").filter((l) => l.includes("npx mlx-solve ")).map((l) => argsOf(l)));
const shown = blocks.filter((b) => b.lang === "" && b.body.startsWith("$ npx mlx-solve "));
const tsBlocks: Example[] = blocks.filter((b) => b.lang === "ts").map((b) => ({ where: `README.md:${b.line}`, code: b.body }));

describe("the README's examples", () => {
  it("has the examples this test runs", () => {
    expect(commands.length).toBeGreaterThanOrEqual(12);
    expect(shown.length).toBeGreaterThanOrEqual(1);
    expect(tsBlocks.length).toBeGreaterThanOrEqual(2);
  });

  // The first (the main job) as a real process through the built binary; the others through the
  // same entry in this process.
  it.each(commands.map((a, i) => [a.join(" "), a, i] as const))("mlx-solve %s runs", async (_line, args, i) => {
    const r = i === 0 ? bin(args) : await cli(...args);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect([0, 1], `${r.err}\n${r.out}`).toContain(r.code);
    expect(r.out.length).toBeGreaterThan(0);
  });

  it("the first command builds once: prepare (run again by npx in the checkout) skips a build made from the same inputs, and only that", () => {
    // build/prepare.mjs in a checkout of its own whose build is a stand-in: it forgets the stamp
    // first, as the real one does, and writes dist/ and, as the real one, MiniSat's module into src/.
    const prepare = join(ROOT, "build/prepare.mjs");
    const dir = writeTree({
      "package.json": JSON.stringify({ name: "p", scripts: { build: `node ${JSON.stringify(prepare)} --forget && node b.cjs` } }),
      "b.cjs": `const fs = require("fs");\nfs.mkdirSync("dist/ui", { recursive: true });\nfs.mkdirSync("src/core/solve/minisat", { recursive: true });\nfor (const f of ["index.js", "cli.cjs", "ui/main.js"]) fs.writeFileSync("dist/" + f, "x");\nfs.appendFileSync("builds", "x");\nfs.writeFileSync("src/core/solve/minisat/minisat-patched.js", String(Date.now()));\n`,
      "src/a.ts": "export {};\n",
    });
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", env: { ...process.env, npm_execpath: "" } });
      expect(r.status, r.stderr).toBe(0);
    };
    const builds = () => {
      run([prepare]);
      return readFileSync(join(dir, "builds"), "utf8").length;
    };
    expect(builds()).toBe(1);
    expect(builds()).toBe(1); // the same inputs, the same dist/: no second build
    writeFileSync(join(dir, "src/a.ts"), "export const changed = 1;\n");
    expect(builds()).toBe(2); // a source changed
    rmSync(join(dir, "dist/ui/main.js"));
    expect(builds()).toBe(3); // an output is gone
    writeFileSync(join(dir, "dist/cli.cjs"), "y");
    expect(builds()).toBe(4); // an output changed, even to one of the same size
    run([prepare, "--forget"]); // as `npm run build` starts: a build by hand is no prepared one
    expect(builds()).toBe(5);
  });

  it.each(shown.map((b) => [b.body.split("\n")[0]!, b] as const))("%s prints what the README shows", async (first, b) => {
    const r = await cli(...argsOf(first));
    expect(r.out).toBe(b.body.split("\n").slice(1).join("\n"));
  });

  it("the mermaid picture is what the command above it prints", async () => {
    const i = blocks.findIndex((b) => b.lang === "mermaid");
    const before = README.split("\n").slice(0, blocks[i]!.line - 1).reverse().find((l) => l.includes("`npx mlx-solve "))!;
    expect((await cli(...argsOf(/`(npx mlx-solve [^`]+)`/.exec(before)![1]!))).out).toBe(blocks[i]!.body);
  });

  const files = writeExamples("readme", tsBlocks, Object.keys(api).sort());
  it("the TypeScript blocks type-check", () => {
    expect(typeErrors(files, tsBlocks)).toEqual([]);
  }, 120_000);
  it.each(tsBlocks.map((e, i) => [e.where, i] as const))("the TypeScript block at %s runs", async (_where, i) => {
    await expect(runQuietly(files[i]!)).resolves.toBeDefined();
  });
});
