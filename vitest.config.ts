import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defineConfig } from "vitest/config";
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
    include: ["test/**/*.test.ts"],
    // logic-solver's own MiniSat loaded only when called, as the library's entry does (see
    // src/node/lazy-minisat.ts; 236 ms a file); each test starts after a turn of the event loop
    // (see the file).
    setupFiles: ["src/node/lazy-minisat.ts", "test/support/yield-between-tests.ts"],
    // Generous: a loaded 2-core machine runs the long property tests several times slower; a
    // limit here only guards against a hang (each property test yields between its runs).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Slowest files first, also where vitest has no record of the last run (see the file).
    sequence: { sequencer: SlowestFirst },
    // vitest's default for a run is one worker fewer than the cores: one worker on a 2-core
    // machine, which left the second core to chromium and child processes and took 300 s.
    maxWorkers: 2,
    // Files stay isolated. Sharing a worker's modules across files (isolate: false) took 225 s
    // instead of 287 s in a warm checkout, but in a fresh clone, where CI runs, 304 s against
    // 267 s and 304 s for two runs without it (CI=true bash .ci/run, quiet machine, 2026-12-04):
    // no gain beyond the noise where it counts, for the risk of one file's state reaching another.
    minWorkers: 1,
    env: { MLX_SOLVE_CACHE_DIR: cacheDir, MLX_SOLVE_TEST_TMP: runDir },
  },
});
