/**
 * The package's entries as a user meets them: `mlx-solve`, `mlx-solve/core` and
 * `mlx-solve/testing` resolve in Node by name (package.json "exports", the built dist/), and the
 * core bundles for a browser (esbuild, platform browser) and answers there with no Node at all.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { readCatalogFiles } from "../src/index.js";
import { ROOT } from "./support/helpers.js";

const node = (code: string) => spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });

describe("the package's entries", () => {
  it("mlx-solve, mlx-solve/core and mlx-solve/testing import by name in Node", () => {
    const r = node(`
      const core = await import("mlx-solve/core");
      const all = await import("mlx-solve");
      const testing = await import("mlx-solve/testing");
      const loaded = core.loadCatalogFromFiles(all.readCatalogFiles());
      const r = core.recommend(loaded.catalog, { useCases: ["rag"] });
      console.log(JSON.stringify({ ok: r.ok, n: r.stack.plugins.length, core: typeof core.loadCatalog, testing: typeof testing.validStackArbitrary }));
    `);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, n: expect.any(Number), core: "undefined", testing: "function" });
  });

  it("mlx-solve/core bundles for a browser and recommends there, with no Node built-in", async () => {
    const out = await build({
      stdin: { contents: 'export { loadCatalogFromFiles, recommend, check, parseStackFile } from "mlx-solve/core";', resolveDir: ROOT, loader: "ts" },
      absWorkingDir: ROOT,
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "mlx",
      write: false,
      logLevel: "silent",
    });
    expect(out.errors).toEqual([]);
    const code = out.outputFiles[0]!.text;
    // A plain JavaScript context: no require, no process, no Buffer (only what a page has).
    const files = readCatalogFiles();
    const asText = (f: { path: string; content: string | Uint8Array }) => ({ path: f.path, content: typeof f.content === "string" ? f.content : Buffer.from(f.content).toString("utf8") });
    const single = ["types", "capabilities", "useCases", "precedence", "objectives"] as const;
    const plain = { plugins: files.plugins.map(asText), compositions: files.compositions.map(asText), ...Object.fromEntries(single.map((k) => [k, asText(files[k]!)])) };
    const ctx: Record<string, unknown> = { files: plain, console, TextDecoder, TextEncoder };
    const answer = runInNewContext(`${code}; const loaded = mlx.loadCatalogFromFiles(files); JSON.stringify(mlx.recommend(loaded.catalog, { useCases: ["rag"] }).stack)`, ctx) as string;
    const { recommend, loadCatalog } = await import("../src/index.js");
    expect(JSON.parse(answer)).toEqual(recommend(loadCatalog(), { useCases: ["rag"] }).stack);
  }, 60_000);

  it("the subpaths' types resolve under TypeScript's old node10 resolution too (package.json typesVersions)", async () => {
    const ts = (await import("typescript")).default;
    const dir = mkdtempSync(join(tmpdir(), "mlx-node10-"));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules", "mlx-solve"));
    const file = join(dir, "use.ts");
    writeFileSync(file, 'import { catalogOrThrow } from "mlx-solve/core";\nimport { validStackArbitrary } from "mlx-solve/testing";\nexport const f = [catalogOrThrow, validStackArbitrary];\n');
    const program = ts.createProgram([file], { noEmit: true, strict: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, skipLibCheck: true, types: [] });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    rmSync(dir, { recursive: true });
    expect(errors).toEqual([]);
  });
  it("package.json exports what the docs advertise", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining([".", "./core", "./testing"]));
  });
});
