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
 * - Each entry carries the SHA-256 of its content; an entry that is tampered with or truncated is
 *   removed and rebuilt. Temporary files are removed on every failure.
 * - Size: at most MLX_SOLVE_CACHE_MAX_MB megabytes (default 500); the entries used least recently
 *   are removed first (a hit marks an entry used).
 * Only catalogs without errors are cached. A cache that cannot be read or written is skipped.
 */
import { createHash } from "node:crypto";
import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { join } from "node:path";
import { SINGLE_FILES, type Catalog, type CatalogFiles, type CatalogLayer } from "../core/catalog/catalog.js";
import { catalogFromJSON, catalogToJSON, CATALOG_JSON_VERSION } from "../core/catalog/serialize.js";
import type { SourceFile } from "../core/catalog/yaml-source.js";
import { codeHash } from "./build-id.js";
import { discardTemp } from "./write.js";
import { VERSION } from "./package.js";

/** The entry format (a header line, then the catalog's JSON). */
const FORMAT = 4;
const DEFAULT_MAX_MB = 500;

/** The cache directory to use, or undefined (no cache). Creates it (0700) when needed. */
export function cacheDir(): string | undefined {
  const env = process.env;
  if (env["MLX_SOLVE_NO_CACHE"]) return undefined;
  const base = env["MLX_SOLVE_CACHE_DIR"] || (env["XDG_CACHE_HOME"] ? join(env["XDG_CACHE_HOME"], "mlx-solve") : env["HOME"] ? join(env["HOME"], ".cache", "mlx-solve") : undefined);
  if (!base) return undefined;
  try {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const st = lstatSync(base);
    const uid = process.getuid?.();
    // The user's own directory, that no one else may change or read: one of ours made by an
    // earlier version (0755) is closed; one of another user's is not used.
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) return undefined;
    if ((st.mode & 0o077) !== 0) chmodSync(base, 0o700);
    return base;
  } catch {
    return undefined;
  }
}

/** Every file of the catalog with its role, in a fixed order. */
function allFiles(files: CatalogFiles): [string, SourceFile | undefined][] {
  const of = (l: CatalogLayer, layer: string): [string, SourceFile | undefined][] => [
    ...l.plugins.map((f) => [`${layer}plugin`, f] as [string, SourceFile]),
    ...l.compositions.map((f) => [`${layer}composition`, f] as [string, SourceFile]),
    ...SINGLE_FILES.map((k) => [`${layer}${k}`, l[k]] as [string, SourceFile | undefined]),
  ];
  return [...of(files, ""), ...(files.layers ?? []).flatMap((l, i) => of(l, `layer ${i + 1} `))];
}

/** The real absolute path of a file the Node adapter read (its shown path otherwise). */
const realOf = (f: SourceFile) => (f as SourceFile & { real?: string }).real ?? f.path;

export function cacheKey(files: CatalogFiles): string {
  const h = createHash("sha256");
  h.update(`mlx-solve-cache\u0000${FORMAT}\u0000${CATALOG_JSON_VERSION}\u0000${VERSION}\u0000${codeHash()}`);
  for (const [role, f] of allFiles(files)) {
    h.update(`\u0000${role}\u0000${f ? realOf(f) : "-"}\u0000`);
    if (f) h.update(typeof f.content === "string" ? f.content : f.content);
  }
  return h.digest("hex");
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The catalog of the entry for these files, when there is a sound one. */
export function readCached(files: CatalogFiles): { key: string; catalog?: Catalog } {
  const key = cacheKey(files);
  const dir = cacheDir();
  if (!dir) return { key };
  const path = join(dir, `${key}.json`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { key };
  }
  try {
    const nl = text.indexOf("\n");
    const head = JSON.parse(text.slice(0, nl)) as { format?: number; sha256?: string; length?: number };
    const body = text.slice(nl + 1);
    if (nl < 0 || head.format !== FORMAT || head.length !== body.length || head.sha256 !== sha256(body)) throw new Error("damaged entry");
    // Stored with real paths; shown as this run shows them.
    const shown = new Map(allFiles(files).flatMap(([, f]) => (f ? [[realOf(f), f.path] as const] : [])));
    const catalog = catalogFromJSON(body, (real) => shown.get(real) ?? real);
    if (!catalog) throw new Error("another format");
    const now = new Date();
    utimesSync(path, now, now);
    return { key, catalog };
  } catch {
    // Tampered with, truncated, or of another format: removed, and rebuilt by the caller.
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
    return { key };
  }
}

/** Stores a catalog under `key`; then keeps the cache under its size (least recently used out). */
export function writeCached(key: string, catalog: Catalog, files?: CatalogFiles): void {
  const dir = cacheDir();
  if (!dir) return;
  const real = new Map(files ? allFiles(files).flatMap(([, f]) => (f ? [[f.path, realOf(f)] as const] : [])) : []);
  const body = catalogToJSON(catalog, (shown) => real.get(shown) ?? shown);
  const text = `${JSON.stringify({ format: FORMAT, sha256: sha256(body), length: body.length })}\n${body}`;
  const tmp = join(dir, `.${key}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    const bytes = Buffer.from(text, "utf8");
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, join(dir, `${key}.json`));
  } catch {
    discardTemp(fd, tmp);
    return;
  }
  evict(dir);
}

/** The cache's size limit in bytes. */
export function cacheLimit(): number {
  const mb = Number(process.env["MLX_SOLVE_CACHE_MAX_MB"]);
  return (Number.isFinite(mb) && mb >= 0 ? mb : DEFAULT_MAX_MB) * 1024 * 1024;
}

/** Removes the least recently used entries until the cache fits its limit, and old temporary files. */
function evict(dir: string): void {
  try {
    const entries: { path: string; size: number; used: number }[] = [];
    const hourAgo = Date.now() - 3_600_000;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = statSync(path);
      if (name.endsWith(".tmp")) {
        if (st.mtimeMs < hourAgo) unlinkSync(path);
      } else if (name.endsWith(".json")) entries.push({ path, size: st.size, used: st.mtimeMs });
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
