import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Tests never share the user's load cache: each run gets its own.
const cacheDir = mkdtempSync(join(tmpdir(), "mlx-solve-test-cache-"));

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { MLX_SOLVE_CACHE_DIR: cacheDir },
  },
});
