import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { hashSources } from "./src/node/build-id.js";
import SlowestFirst from "./test/support/sequencer.js";

// Tests never share the user's load cache: each run gets its own. Every temporary directory of
// the run lives under one, removed when the run ends (test workers may be killed, not exit).
const runDir = mkdtempSync(join(tmpdir(), "mlx-solve-tests-"));
const cacheDir = join(runDir, "cache");
process.on("exit", () => rmSync(runDir, { recursive: true, force: true }));
// NODE_EXTRA_CA_CERTS makes every Node process read and parse those certificates as it starts
// (~40 ms each where it names the system's CA bundle, as on the machines CI runs on:
// bench/README.md, "The floor"). No test uses TLS, and the suite starts hundreds of processes
// (the CLI, its workers): they start without it.
delete process.env["NODE_EXTRA_CA_CERTS"];
// Set where the suite runs in GitHub Actions: the CI formats would name files relative to it
// (src/node/files.ts, `workspacePlace`); the tests that mean it set it themselves.
delete process.env["GITHUB_WORKSPACE"];

// The CLI's tests run the built bundle (dist/cli.cjs): built from other sources than src/ holds
// (a bare `npx vitest` after an edit; `npm test` builds first), they would test old code. Said.
// Once a run (each worker reads this file again, with the run's environment).
let built: string | undefined;
try {
  built = readFileSync("dist/build-id.txt", "utf8").trim();
} catch {
  built = undefined;
}
if (!process.env["MLX_SOLVE_BUILD_CHECKED"] && built !== hashSources(".")) console.warn(`\nwarning: ${built === undefined ? "dist/ is not built" : "dist/ was built from other sources than src/ holds"}: the tests of the command line ${built === undefined ? "would fail" : "would run the old build"}; \`npm test\` builds first (or \`npm run build\`)\n`);

process.env["MLX_SOLVE_BUILD_CHECKED"] = "1";

/** Test files that replace a module with vi.mock (see `poolOptions` below). */
const ISOLATED = ["test/quick-look.test.ts"];

export default defineConfig({
  // The package's own entries, as the TSDoc examples import them (test/examples.test.ts).
  resolve: {
    alias: [
      { find: /^mlx-solve\/core$/, replacement: resolve("src/core/index.ts") },
      { find: /^mlx-solve\/testing$/, replacement: resolve("src/testing.ts") },
      { find: /^mlx-solve$/, replacement: resolve("src/index.ts") },
    ],
  },
  test: {
    // logic-solver's own MiniSat loaded only when called, as the library's entry does (see
    // src/node/lazy-minisat.ts; 236 ms a file); each test starts after a turn of the event loop
    // (see the file).
    setupFiles: ["src/node/lazy-minisat.ts", "test/support/yield-between-tests.ts"],
    // Generous: a loaded 2-core machine runs the long property tests several times slower; a
    // limit here only guards against a hang (each property test yields between its runs).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Files share their worker's modules (isolate: false). Isolated, each file evaluated the
    // library afresh in a new process, ~1 s of a 2-core machine a file (collect 47 s of the run):
    // shared, vitest took 109-132 s instead of 145-160 s (2026-12-05, quiet machine, five runs in
    // vitest's order and three in shuffled orders, all green). Tests restore what they change
    // (process.env, Date.now, the library's settings), and no test may depend on a module being
    // cold. vitest 3 decides isolation per pool, not per project: a file that replaces a module
    // (vi.mock) needs modules nobody loaded yet, so it runs in the isolated threads pool.
    pool: "forks",
    poolOptions: { forks: { isolate: false } },
    // Slowest files first, also where vitest has no record of the last run (see the file).
    sequence: { sequencer: SlowestFirst },
    // vitest's default for a run is one worker fewer than the cores: one worker on a 2-core
    // machine, which left the second core to chromium and child processes and took 300 s.
    maxWorkers: 2,
    minWorkers: 1,
    env: { MLX_SOLVE_CACHE_DIR: cacheDir, MLX_SOLVE_TEST_TMP: runDir },
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: ISOLATED } },
      { extends: true, test: { name: "isolated", include: ISOLATED, pool: "threads", poolOptions: { threads: { isolate: true } } } },
    ],
  },
});
