/**
 * Directories of the Node adapter, in one module that bin/mlx-solve.cjs loads too (as
 * dist/dirs.cjs, build/cli.mjs): the bin finds its code caches before the CLI's script is
 * compiled, by the same rule as the load cache (cache.ts). Node's builtins only.
 */
import { chmodSync, lstatSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * `mkdir -p`, one level at a time: Node's `mkdirSync(path, { recursive: true })` loops for ever
 * where mkdir answers ENOENT under a parent that exists (under /proc, on a stale mount), so a
 * cache directory named there hung every command at full CPU, deaf to Ctrl-C. Here such a level
 * fails with that error.
 */
export function makeDirs(path: string, mode?: number): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; ) {
    try {
      statSync(p);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, mode === undefined ? undefined : { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

/**
 * The cache directory to use, or undefined (no cache). With `create`, makes it (0700) when needed
 * and closes the cache's own directory when open; without, only finds one that is already fit.
 *
 * The default one (`mlx-solve` under the user's cache directory) is the cache's own: one made open
 * by an earlier version (0755) is closed. A directory named by MLX_SOLVE_CACHE_DIR is the user's:
 * its mode is never changed. It is used as it is when private (the user's, no one else may read
 * or write it); when it is the user's but open (0755, 0775 under a umask of 002, a shared
 * directory made 1777), the cache lives in a private directory `mlx-solve` inside it, unless anyone
 * may write to it without the sticky bit (they could swap that directory). Another user's
 * directory is never used. MLX_SOLVE_NO_CACHE=1: none.
 */
export function cacheDirOf(env: NodeJS.ProcessEnv, create: boolean): string | undefined {
  if (env["MLX_SOLVE_NO_CACHE"]) return undefined;
  const named = env["MLX_SOLVE_CACHE_DIR"];
  try {
    if (named) {
      if (create) makeDirs(named, 0o700);
      const st = lstatSync(named);
      if (!st.isDirectory() || !isMine(st)) return undefined;
      if ((st.mode & 0o077) === 0) return named;
      if ((st.mode & 0o002) !== 0 && (st.mode & 0o1000) === 0) return undefined;
      return ownDir(join(named, "mlx-solve"), create);
    }
    const base = env["XDG_CACHE_HOME"] ? join(env["XDG_CACHE_HOME"], "mlx-solve") : env["HOME"] ? join(env["HOME"], ".cache", "mlx-solve") : undefined;
    // A home directory that is not there is no place for a cache (HOME=/nonexistent, as a system
    // user has it): making it made /nonexistent, as root. Under it, .cache and ours are made.
    if (!env["XDG_CACHE_HOME"] && env["HOME"] && !isDirectory(env["HOME"])) return undefined;
    return base ? ownDir(base, create) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `path` is a directory (through links); false when it is not there or cannot be looked at. */
export const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Whether `path` itself is a symbolic link (to anything, or to nothing). */
export const isLink = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

const isMine = (st: { uid: number }): boolean => {
  const uid = process.getuid?.();
  return uid === undefined || st.uid === uid;
};

/** `path` as a directory of the cache's own: (made 0700, closed if open), refused if another user's or, not made, open. */
function ownDir(path: string, create: boolean): string | undefined {
  if (create) makeDirs(path, 0o700);
  const st = lstatSync(path);
  if (!st.isDirectory() || !isMine(st)) return undefined;
  if ((st.mode & 0o077) !== 0) {
    if (!create) return undefined;
    chmodSync(path, 0o700);
  }
  return path;
}
