/**
 * The Node adapter's loaders: read a catalog directory or a stack file from disk and hand the
 * contents to the browser-safe core. The Node adapter (src/node/) is the only place besides the
 * CLI that touches the disk: files.ts reads catalogs, cache.ts the load cache, write.ts writes.
 */
import { existsSync } from "node:fs";
import type { Catalog, CatalogFiles, LoadResult, StackDoc } from "../core/catalog/catalog.js";
import { catalogOrThrow, loadCatalogFromFiles, parseStackFile, type LoadOptions } from "../core/catalog/load.js";
import { diag, InputError, type Diagnostic } from "../core/common/diagnostics.js";
import { badOptionValue, deadlineOption, optionsOf } from "../core/commands/common.js";
import type { Stack } from "../core/model/stack.js";
import { rewriteStackText, stackToYaml } from "../core/print/stack-yaml.js";
import { cacheDir, readByStat, readCached, rememberStat, writeCached } from "./cache.js";
import { checkPaths, readCatalogFiles as readFiles, readStream, readUserFile, statCatalogFiles, type Layered, type ReadFile } from "./files.js";
import { readText, writeFileAtomic, type WriteOptions } from "./write.js";
export type { WriteOptions } from "./write.js";

export { writeFileAtomic } from "./write.js";
export { PACKAGE_ROOT, VERSION } from "./package.js";

/** A load's options, checked (see `optionsOf`): a deadline is a number (layers are checked with the files, files.ts). */
function loadOptions<T extends LoadOptions & { layers?: readonly string[]; cache?: boolean }>(options: T | null | undefined, known: readonly string[]): T {
  const o = optionsOf(options, known);
  const bad = deadlineOption(o.deadline);
  if (o.cache !== undefined && typeof o.cache !== "boolean") bad.push(badOptionValue("cache", "true or false", o.cache));
  if (bad.length) throw new InputError(bad);
  return o;
}

/** The layers put over a catalog directory, in order: partial catalog directories (your own plugins). */
export interface LayerOptions {
  layers?: readonly string[];
}

/** loadCatalog's options: a deadline, the layers, and whether to use the load cache (default true). */
export type LoadCatalogOptions = LoadOptions & LayerOptions & { cache?: boolean };

/**
 * The files of a catalog directory (the built-in one when `dir` is omitted) and of its `layers`,
 * for `loadCatalogFromFiles`; see files.ts. Its options are checked as `loadCatalog`'s are.
 */
export function readCatalogFiles(dir?: string, options: LayerOptions = {}): CatalogFiles & Layered<ReadFile> {
  return readFiles(dir, loadOptions(options, ["layers"]));
}

/**
 * Loads and validates a catalog directory, returning every diagnostic (for `lint`). A directory
 * that cannot be read throws InputError; past `deadline`, loading throws Timeout (as `loadCatalog`).
 */
export function loadCatalogDir(dir?: string, options: LoadOptions & LayerOptions = {}): LoadResult {
  options = loadOptions(options, ["deadline", "layers"]);
  return loadCatalogFromFiles(readFiles(dir, options), options);
}

/**
 * Loads a catalog directory, or the built-in catalog when `dir` is omitted. Throws InputError
 * (with file:line:col diagnostics) when the catalog has errors, and Timeout when reading and
 * validating the files takes past `deadline` (from the cache too: at 50,000 plugins its entry takes
 * seconds to read back). A catalog loaded before, with the same bytes in every file, comes from the
 * load cache in the user's cache directory (see cache.ts); `cache: false` neither reads nor writes
 * it (as MLX_SOLVE_NO_CACHE=1 for the whole process: a read-only home, a serverless function).
 *
 * @example
 * import { loadCatalog, recommend } from "mlx-solve";
 * const r = recommend(loadCatalog(), { useCases: ["rag"] });
 */
export function loadCatalog(dir?: string, options: LoadCatalogOptions = {}): Catalog {
  options = loadOptions(options, ["deadline", "layers", "cache"]);
  // First the quick look: files unchanged since the last load are not read again (cache.ts).
  const cache = options.cache === false ? undefined : cacheDir();
  const stats = cache ? statCatalogFiles(dir, options) : undefined;
  const seen = stats && readByStat(stats, cache, options.deadline);
  if (seen) return seen;
  // What is remembered for the next look is what this read saw (each file's fstat as it was
  // read), never the look above: the tree may change in between.
  const since = Date.now();
  const files = readFiles(dir, options);
  // No cache directory (none usable, or `cache: false`): no key to compute, nothing to read or write.
  const cached = cache ? readCached(files, cache, options.deadline) : { key: "", catalog: undefined };
  const catalog = cached.catalog ?? finishLoad(loadCatalogFromFiles(files, options), cached.key, files, cache);
  if (cache) rememberStat(files, cached.key, since, cache);
  return catalog;
}

/** Turns a load result into a catalog (or an InputError), caching a clean one. */
function finishLoad(r: LoadResult, key: string, files: CatalogFiles, cache: string | undefined): Catalog {
  const catalog = catalogOrThrow(r);
  if (cache) writeCached(key, catalog, files, cache);
  return catalog;
}

/** How a stack file read from standard input (`-`) is named in diagnostics and output. */
export const STDIN_NAME = "<stdin>";

/** Standard input, whole (for `check -`, `repair -`). */
function readStdin(): { path: string; content: Uint8Array } {
  try {
    return { path: STDIN_NAME, content: readStream(0) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new InputError([diag({ file: STDIN_NAME, line: 0, column: 0 }, "unreadable-file", `cannot read standard input (${code}); expected a stack file piped in`)]);
  }
}

/**
 * Reads and parses a stack file (shape only; ids are checked against a catalog by `check`);
 * `-` reads standard input, named `<stdin>` in diagnostics.
 */
export function readStackFile(path: string, catalog?: Catalog): StackDoc {
  checkPaths("path", path, false);
  const r = parseStackFile(path === "-" ? readStdin() : readUserFile(path), catalog && [...catalog.plugins.keys()]);
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.stack;
}

/**
 * Replaces the plugins of the stack file at `path` with `stack`'s, keeping its comments, key
 * order and the entries that stay (see `rewriteStackText`); atomic (see `writeFileAtomic`). A
 * file that is not there yet is written as a new stack file.
 */
export function writeRepairedStack(path: string, stack: Stack, opts: WriteOptions = {}): void {
  writeFileAtomic(path, existsSync(path) ? rewriteStackText(readText(path), stack) : stackToYaml(stack), opts);
}
