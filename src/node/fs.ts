/**
 * The Node adapter: reads a catalog directory or a stack file from disk and hands the contents to
 * the browser-safe core. With files.ts, the only place (besides the CLI) that touches the disk.
 */
import type { Catalog, LoadResult, StackDoc } from "../core/catalog/catalog.js";
import { loadCatalogFromFiles, parseStackFile } from "../core/catalog/load.js";
import { diag, InputError } from "../core/common/diagnostics.js";
import type { Stack } from "../core/model/stack.js";
import { rewriteStackText } from "../core/print/stack-yaml.js";
import { readCached, writeCached } from "./cache.js";
import { fileExists, readCatalogFiles, readSource, readText, writeFileAtomic } from "./files.js";

export { readCatalogFiles, writeFileAtomic } from "./files.js";
export { PACKAGE_ROOT, VERSION } from "./package.js";

/** Loads and validates a catalog directory, returning every diagnostic (for `lint`). */
export function loadCatalogDir(dir?: string): LoadResult {
  return loadCatalogFromFiles(readCatalogFiles(dir));
}

/**
 * Loads a catalog directory, or the built-in catalog when `dir` is omitted. Throws InputError
 * (with file:line:col diagnostics) when the catalog has errors. A catalog loaded before, with
 * the same bytes in every file, comes from the cache (see cache.ts).
 *
 * @example
 * import { loadCatalog, recommend } from "mlx-solve";
 * const r = recommend(loadCatalog(), { useCases: ["rag"] });
 */
export function loadCatalog(dir?: string): Catalog {
  const files = readCatalogFiles(dir);
  const cached = readCached(files);
  if (cached.catalog) return cached.catalog;
  return finishLoad(loadCatalogFromFiles(files), cached.key);
}

/** Turns a load result into a catalog (or an InputError), caching a clean one. */
export function finishLoad(r: LoadResult, key: string): Catalog {
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.catalog || errors.length) throw new InputError(errors.length ? errors : r.diagnostics);
  writeCached(key, r.catalog);
  return r.catalog;
}

/** Reads and parses a stack file (shape only; ids are checked against a catalog by `check`). */
export function readStackFile(path: string): StackDoc {
  if (!fileExists(path)) throw new InputError([diag({ file: path, line: 0, column: 0 }, "no-file", `cannot read "${path}": no such file`)]);
  const r = parseStackFile(readSource(path, path));
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.stack;
}

/**
 * Replaces the plugins of the stack file at `path` with `stack`'s, keeping its comments, key
 * order and the entries that stay (see `rewriteStackText`); atomic (see `writeFileAtomic`).
 */
export function writeRepairedStack(path: string, stack: Stack): void {
  writeFileAtomic(path, rewriteStackText(readText(path), stack));
}
