// Builds the CLI (package.json "build:cli"): dist/cli.cjs, the whole command line in one script
// that bin/mlx-solve.cjs compiles from V8's code cache, and dist/cli-deps.cjs, zod and yaml (and
// logic-solver's own MiniSat, which mlx-solve hardly ever calls), which
// dist/cli.cjs requires only on first use. Most runs never use them: the catalog comes from the
// load cache, so no file is parsed or validated. Evaluated at every start they were ~80 ms of CPU
// (bench/README.md, "The floor"); src/core/catalog/schema.ts builds its schemas on first use for
// the same reason. In dist/cli.cjs each of the two packages is a stand-in whose exports are
// getters that require dist/cli-deps.cjs and read the real export.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { bundleScript, common, DEPS_SOURCE } from "./bundle.mjs";

// zod, yaml and logic-solver's own MiniSat, bundled on their own.
await build({
  ...common,
  stdin: { contents: DEPS_SOURCE, resolveDir: ".", loader: "js" },
  outfile: "dist/cli-deps.cjs",
});

await bundleScript("src/cli/run.ts", "dist/cli.cjs");

// The cache directory's rule (src/node/dirs.ts), which bin/mlx-solve.cjs needs before it compiles
// dist/cli.cjs (to find that script's code cache): CommonJS, as Node 20 cannot require ESM.
await build({ ...common, entryPoints: ["src/node/dirs.ts"], outfile: "dist/dirs.cjs" });

// The name bin/mlx-solve.cjs gives the script's code cache: a hash of the script itself, so that no
// build ever meets another's bytecode (V8 checks only the length).
writeFileSync("dist/cli.id", createHash("sha256").update(readFileSync("dist/cli.cjs")).digest("hex").slice(0, 16) + "\n");
// The same for the script of zod and yaml, which bin/mlx-solve.cjs compiles with a cache too.
writeFileSync("dist/cli-deps.id", createHash("sha256").update(readFileSync("dist/cli-deps.cjs")).digest("hex").slice(0, 16) + "\n");
