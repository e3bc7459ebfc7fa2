/**
 * The load cache: a validated catalog stored as JSON, so that a command on an unchanged catalog
 * reads one file instead of parsing and validating every YAML file.
 *
 * - Key: a hash of the cache format, the package's version and its own code (build-id.ts), and
 *   each catalog file's role, real absolute path and bytes: a changed, added or removed file, or a
 *   new build, is a miss; the same catalog from another working directory is a hit (positions are
 *   stored with real paths and shown relative to where the command runs).
 * - Where: MLX_SOLVE_CACHE_DIR, else $XDG_CACHE_HOME/mlx-solve, else $HOME/.cache/mlx-solve; a
 *   directory of the user's own, created 0700 and refused when another user owns it or others
 *   may write or read it. Without a home there is no cache (never a shared, predictable path).
 *   MLX_SOLVE_NO_CACHE=1 turns it off.
 * - Each entry carries a checksum of its content (hash.ts); an entry that is tampered with or
 *   truncated is removed and rebuilt. Temporary files are removed on every failure.
 * - The quick look (`readByStat`): a catalog none of whose files changed since it was last loaded
 *   comes from its entry without its files being read, as git's index knows unchanged files.
 * - Size: at most MLX_SOLVE_CACHE_MAX_MB megabytes (default 500); the entries used least recently
 *   are removed first (a hit marks an entry used).
 * Only catalogs without errors are cached. A cache that cannot be read or written is skipped.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { join } from "node:path";
import { SINGLE_FILES, type Catalog, type CatalogFiles, type CatalogLayer } from "../core/catalog/catalog.js";
import { catalogFromLines, catalogToLines, CATALOG_JSON_VERSION } from "../core/catalog/serialize.js";
import { Timeout } from "../core/common/budget.js";
import type { SourceFile } from "../core/catalog/yaml-source.js";
import { codeHash } from "./build-id.js";
import type { FileStat, Layered } from "./files.js";
import { hash64 } from "./hash.js";
import { discardTemp } from "./write.js";
import { cacheDirOf } from "./dirs.js";
import { VERSION } from "./package.js";

/** The entry format (a header line, then the catalog's lines: serialize.ts, `catalogToLines`). */
const FORMAT = 6;
const DEFAULT_MAX_MB = 500;

/**
 * The cache directory to use, or undefined (no cache), made (0700) when needed: dirs.ts's rule
 * (`cacheDirOf`), which bin/mlx-solve.cjs follows to find its code caches.
 */
export function cacheDir(): string | undefined {
  return cacheDirOf(process.env, true);
}

/** Every file of the catalog with its role, in a fixed order. */
function allFiles<T>(files: Layered<T>): [string, T | undefined][] {
  const of = (l: Layered<T>, layer: string): [string, T | undefined][] => [
    ...l.plugins.map((f) => [`${layer}plugin`, f] as [string, T]),
    ...l.compositions.map((f) => [`${layer}composition`, f] as [string, T]),
    ...SINGLE_FILES.map((k) => [`${layer}${k}`, l[k]] as [string, T | undefined]),
  ];
  return [...of(files, ""), ...(files.layers ?? []).flatMap((l, i) => of(l, `layer ${i + 1} `))];
}

/** The real absolute path of a file the Node adapter read (its shown path otherwise). */
const realOf = (f: SourceFile) => (f as SourceFile & { real?: string }).real ?? f.path;

/** What keys an entry besides the files: the cache's format, the package's version and code. */
const codeKey = () => `mlx-solve-cache\u0000${FORMAT}\u0000${CATALOG_JSON_VERSION}\u0000${VERSION}\u0000${codeHash()}`;

export function cacheKey(files: CatalogFiles): string {
  const h = createHash("sha256");
  h.update(codeKey());
  for (const [role, f] of allFiles<SourceFile>(files)) {
    h.update(`\u0000${role}\u0000${f ? realOf(f) : "-"}\u0000`);
    if (f) h.update(typeof f.content === "string" ? f.content : f.content);
  }
  return h.digest("hex");
}

/** How this run shows each file, by its real path (entries store real paths). */
const shownByReal = (files: readonly ({ real: string; path: string } | undefined)[]) => new Map(files.flatMap((f) => (f ? [[f.real, f.path] as const] : [])));

/**
 * The catalog of the entry for these files, when there is a sound one. These functions take the
 * cache directory a caller already has (`cacheDir()` makes and checks it: a mkdir and an lstat).
 */
export function readCached(files: CatalogFiles, dir = cacheDir(), deadline?: number): { key: string; catalog?: Catalog } {
  const key = cacheKey(files);
  if (!dir) return { key };
  const catalog = readEntry(dir, key, shownByReal(allFiles<SourceFile>(files).map(([, f]) => f && { real: realOf(f), path: f.path })), deadline);
  return catalog ? { key, catalog } : { key };
}

/**
 * The catalog of entry `key`, its files shown as `shown` maps their real paths (stored with real
 * paths; shown as this run shows them); marks the entry used. An entry that is tampered with,
 * truncated, or of another format is removed (the caller rebuilds it). Past `deadline` (epoch
 * ms; read between plugins) throws Timeout and leaves the entry as it is.
 */
function readEntry(dir: string, key: string, shown: ReadonlyMap<string, string>, deadline?: number): Catalog | undefined {
  const tick = deadline === undefined ? undefined : () => {
    if (Date.now() > deadline) throw new Timeout();
  };
  tick?.();
  const path = join(dir, `${key}.json`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    // The bytes are dropped before the JSON is parsed (at 50,000 plugins they are 59 MB).
    const body = checkedBody(bytes);
    bytes = Buffer.alloc(0);
    const catalog = catalogFromLines(body, (real) => shown.get(real) ?? real, tick);
    if (!catalog) throw new Error("another format");
    const now = new Date();
    utimesSync(path, now, now);
    return catalog;
  } catch (e) {
    if (e instanceof Timeout) throw e; // the entry is sound: only the time ran out
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
    return undefined;
  }
}

/** An entry's body as text, when its header's format, length and checksum say it is whole; else throws. */
function checkedBody(bytes: Buffer): string {
  const nl = bytes.indexOf(10);
  const head = JSON.parse(bytes.toString("utf8", 0, nl)) as { format?: number; hash?: string; length?: number };
  const body = bytes.subarray(nl + 1);
  if (nl < 0 || head.format !== FORMAT || head.length !== body.length || head.hash !== hash64(body)) throw new Error("damaged entry");
  return body.toString("utf8");
}

/** Stores a catalog under `key`; then keeps the cache under its size (least recently used out). */
export function writeCached(key: string, catalog: Catalog, files?: CatalogFiles, dir = cacheDir()): void {
  if (!dir) return;
  const real = new Map(files ? allFiles<SourceFile>(files).flatMap(([, f]) => (f ? [[f.path, realOf(f)] as const] : [])) : []);
  const body = Buffer.from(catalogToLines(catalog, (shown) => real.get(shown) ?? shown), "utf8");
  // The header line padded so that the body starts on a word, as hash64 reads it without a copy.
  const line = JSON.stringify({ format: FORMAT, hash: hash64(body), length: body.length });
  const head = Buffer.from(`${line.padEnd(line.length + ((8 - ((line.length + 1) % 8)) % 8))}\n`, "utf8");
  if (writeWhole(dir, `${key}.json`, [head, body])) evict(dir);
}

/** Writes `name` in `dir` whole or not at all (a temporary file, then a rename); false on failure. */
function writeWhole(dir: string, name: string, parts: readonly Uint8Array[]): boolean {
  const tmp = join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    for (const bytes of parts) for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, join(dir, name));
    return true;
  } catch {
    discardTemp(fd, tmp);
    return false;
  }
}

/**
 * The quick look: a catalog whose files are all as they were when it was last loaded comes from
 * its entry without reading them (at 50,000 plugins about 1 s of a command; on the built-in
 * catalog, Node's crypto module is never loaded: bench/README.md, "The floor"). As git's index
 * does, each file is known by what lstat says of it: device, inode, size, mtime and ctime, in
 * `<name>.stat` beside the entries, with the key of the entry its contents gave.
 *
 * Why that is sound:
 * - What is remembered is what the read saw: each file's fstat taken as it was opened, and the
 *   listing that read used (fs.ts, `loadCatalog`), so the records and the key always describe
 *   the same bytes. A tree that changes between the look and the read, and changes back (a
 *   branch switched and switched back, a directory swapped and restored), is never served as it
 *   was read: its files have other inodes or ctimes.
 * - Any write to a file, or a rename over it, changes its ctime, which no program can set back
 *   (`touch -d` and `rsync -t` set mtime only); only a write within the same tick of the file
 *   system's clock could leave it unchanged. So a read is remembered only when every file's
 *   ctime and mtime are over SETTLED_MS older than the moment the read began: any later write
 *   gets a ctime that differs. A catalog edited a moment ago is read in full until it has
 *   settled. (This trusts the file system's clock to be within SETTLED_MS of this machine's, as
 *   git does; on a network file system whose clock runs behind, MLX_SOLVE_NO_CACHE=1 is the
 *   safe setting.)
 * - The records are compared field by field, so the file's name (a hash of where the catalog
 *   is) only has to find them.
 */
export const SETTLED_MS = 2000;
/** For tests: the settling time (ms) used from now on; returns the one before. */
let settledMs = SETTLED_MS;
export function setSettledMs(ms: number): number {
  const before = settledMs;
  settledMs = ms;
  return before;
}

const STAT_FORMAT = 1;
const lookName = (files: Layered<FileStat>) =>
  `${hash64(Buffer.from([codeKey(), ...allFiles(files).map(([role, f]) => `${role}\u0000${f ? f.real : "-"}`)].join("\u0000"), "utf8"))}.stat`;
const records = (files: Layered<FileStat>) => allFiles(files).map(([role, f]) => (f ? [role, f.real, f.dev, f.ino, f.size, f.mtimeMs, f.ctimeMs] : [role]));

const sameRecords = (stored: unknown, now: readonly (string | number)[][]): boolean =>
  Array.isArray(stored) && stored.length === now.length && now.every((r, i) => Array.isArray(stored[i]) && stored[i].length === r.length && r.every((v, j) => stored[i][j] === v));

/** The catalog these files gave when last read, if none of them has changed since; else undefined. */
export function readByStat(files: Layered<FileStat>, dir = cacheDir(), deadline?: number): Catalog | undefined {
  if (!dir) return undefined;
  const path = join(dir, lookName(files));
  let catalog: Catalog | undefined;
  try {
    const look = JSON.parse(readFileSync(path, "utf8")) as { format?: number; key?: string; files?: unknown };
    if (look.format !== STAT_FORMAT || typeof look.key !== "string" || !/^[0-9a-f]{64}$/.test(look.key) || !sameRecords(look.files, records(files))) return undefined;
    catalog = readEntry(dir, look.key, shownByReal(allFiles(files).map(([, f]) => f)), deadline);
  } catch (e) {
    if (e instanceof Timeout) throw e;
    return undefined;
  }
  if (catalog) {
    try {
      const now = new Date();
      utimesSync(path, now, now); // used: the last to go when the cache is over its size
    } catch {
      /* removed meanwhile: the catalog is still good */
    }
  }
  return catalog;
}

/**
 * Remembers that `files`, as read from `since` on (Date.now() before the read; each file's fstat
 * as it was read), gave entry `key`; only when every one of them has settled (see SETTLED_MS).
 */
export function rememberStat(files: Layered<FileStat>, key: string, since: number, dir = cacheDir()): void {
  if (!dir) return;
  const limit = since - settledMs;
  if (!allFiles(files).every(([, f]) => !f || (f.ctimeMs < limit && f.mtimeMs < limit))) return;
  if (writeWhole(dir, lookName(files), [Buffer.from(JSON.stringify({ format: STAT_FORMAT, key, files: records(files) }), "utf8")])) evict(dir);
}

/** MLX_SOLVE_CACHE_MAX_MB's megabytes, when it is a number the cache takes (finite, 0 or more); else undefined (the CLI warns of one it does not). */
export function cacheMaxMbOf(text: string | undefined): number | undefined {
  const mb = text === undefined ? NaN : Number(text);
  return Number.isFinite(mb) && mb >= 0 ? mb : undefined;
}

/** The cache's size limit in bytes. */
function cacheLimit(): number {
  return (cacheMaxMbOf(process.env["MLX_SOLVE_CACHE_MAX_MB"]) ?? DEFAULT_MAX_MB) * 1024 * 1024;
}

/**
 * The names of the cache's entries (`cacheKey`.json, `lookName`) and of its temporary files
 * (`writeWhole`'s, and bin/mlx-solve.cjs's for its code caches, `code-….v8.PID.tmp`).
 */
const OWN_ENTRY = /^(?:[0-9a-f]{64}\.json|[0-9a-f]{16}\.stat)$/;
const OWN_TEMP = /^(?:\.(?:[0-9a-f]{64}\.json|[0-9a-f]{16}\.stat)\.\d+\.\d+|code-[^/]*\.v8\.\d+)\.tmp$/;

/** Removes the least recently used entries until the cache fits its limit, and old temporary files. */
function evict(dir: string): void {
  try {
    const entries: { path: string; size: number; used: number }[] = [];
    const hourAgo = Date.now() - 3_600_000;
    for (const name of readdirSync(dir)) {
      // Only the cache's own files: the directory may hold others' (MLX_SOLVE_CACHE_DIR), which
      // are not even looked at (a dangling link among them stopped the eviction).
      const temp = OWN_TEMP.test(name);
      if (!temp && !OWN_ENTRY.test(name)) continue;
      const path = join(dir, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue; // removed meanwhile
      }
      if (temp) {
        if (st.mtimeMs < hourAgo) unlinkSync(path);
      } else entries.push({ path, size: st.size, used: st.mtimeMs });
    }
    let total = entries.reduce((n, e) => n + e.size, 0);
    const limit = cacheLimit();
    for (const e of entries.sort((a, b) => a.used - b.used)) {
      if (total <= limit) break;
      unlinkSync(e.path);
      total -= e.size;
    }
  } catch {
    /* a cache that cannot be tidied stays as it is */
  }
}
