// Bundles the configurator (package.json "build:ui-bundle"): dist/ui/, the page, its solver
// worker (with the patched MiniSat as WebAssembly, see src/core/solve/minisat/asm2wasm.mjs) and
// its layout worker, for the browser.
import { build } from "esbuild";

await build({
  entryPoints: ["src/ui/main.ts", "src/ui/worker.ts", "src/ui/layout-worker.ts", "src/ui/styles.css", "src/ui/index.html", "src/ui/favicon.png"],
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  loader: { ".html": "copy", ".png": "copy" },
  logLevel: "warning",
  logOverride: { "direct-eval": "silent" },
  outdir: "dist/ui",
});
