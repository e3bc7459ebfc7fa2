/** Test helpers: run the CLI in-process or as a real process, and build small catalogs on disk. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(ROOT, "bin", "mlx-solve.cjs");

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in this process (fast): same code path as the binary, minus process start. */
export async function cli(...args: string[]): Promise<CliRun> {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), colourOut: false, colourErr: false });
  return { code, out, err };
}

/** Runs the built binary as a real process (needs `npm run build`, which `npm test` does first). */
export function bin(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...opts.env }, ...(opts.input !== undefined ? { input: opts.input } : {}) });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A new temporary directory, under the test run's own (vitest.config.ts removes it at the end). */
export function tmpDir(prefix = "mlx-"): string {
  return mkdtempSync(join(process.env["MLX_SOLVE_TEST_TMP"] ?? tmpdir(), prefix));
}

/** Writes files (relative path -> content) under a new temporary directory and returns it. */
export function writeTree(files: Record<string, string | Uint8Array>, dir = tmpDir()): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

/**
 * Hands the event loop back to vitest between property runs: a worker that blocks for a minute
 * under a busy machine misses vitest's own RPC deadline ("Timeout calling onTaskUpdate").
 */
export const yieldToRunner = () => new Promise<void>((resolve) => setImmediate(resolve));
