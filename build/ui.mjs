// Bundles the configurator (package.json "build:ui-bundle"): dist/ui/, the page, its solver
// worker and its layout worker, for the browser, with the patched MiniSat kept valid asm.js in
// the solver worker (build/asm.mjs).
import { build } from "esbuild";
import { asmPlugin, spliceAsm } from "./asm.mjs";

const asm = {};
await build({
  entryPoints: ["src/ui/main.ts", "src/ui/worker.ts", "src/ui/layout-worker.ts", "src/ui/styles.css", "src/ui/index.html", "src/ui/favicon.svg"],
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  loader: { ".html": "copy", ".svg": "copy" },
  logLevel: "warning",
  logOverride: { "direct-eval": "silent" },
  outdir: "dist/ui",
  plugins: [asmPlugin(asm)],
});
if (!spliceAsm("dist/ui/worker.js", asm) && asm.factory !== undefined) throw new Error("dist/ui/worker.js: no MiniSat placeholder, though the patched MiniSat was bundled");
for (const other of ["dist/ui/main.js", "dist/ui/layout-worker.js"]) if (spliceAsm(other, asm)) process.stderr.write(`build/ui.mjs: ${other} holds MiniSat too\n`);
