/**
 * Reading and writing files for the Node adapter. Every file is classified before it is read: a
 * regular file only (lstat; then an open that cannot block, O_NONBLOCK, and fstat on what was
 * opened), never a FIFO, socket, device or directory; inside a catalog, a symbolic link is
 * followed only when its target stays inside the catalog directory; hidden files (dotfiles, an
 * editor's lock or backup files) are skipped with a note. Whatever is wrong is an InputError that
 * names the path and the problem (exit 2), never the content of a file that is not YAML.
 */
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { LAYOUT, SINGLE_FILES, type CatalogFiles } from "../core/catalog/catalog.js";
import type { SourceFile } from "../core/catalog/yaml-source.js";
import { Timeout } from "../core/common/budget.js";
import { diag, InputError, type Diagnostic } from "../core/common/diagnostics.js";
import { didYouMean } from "../core/common/suggest.js";
import { isDirectory } from "./dirs.js";
import { PACKAGE_ROOT } from "./package.js";

/** Files over this size are refused before they are read in full (mirrors yaml-source.ts). */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * A catalog file's identity on disk, without its bytes: what the load cache's quick look keys on
 * (cache.ts, `readByStat`). Any write to the file changes its ctime, which no program can set.
 */
export interface FileStat {
  path: string;
  /** Its absolute, real path. */
  real: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * A file as the Node adapter read it, with what fstat said of it just before it was read (the
 * load cache remembers that, not an earlier look: cache.ts, `rememberStat`).
 */
export interface ReadFile extends SourceFile, FileStat {}

const identity = (st: Stats) => ({ dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });

/** A problem with a path, as the user sees it: exit 2 with the path and what is wrong. */
class FileProblem extends Error {
  constructor(
    readonly shown: string,
    readonly problem: string,
    readonly code = "unreadable-file",
  ) {
    super(`${shown}: ${problem}`);
  }
  diagnostic(): Diagnostic {
    return diag({ file: this.shown, line: 0, column: 0 }, this.code, this.problem);
  }
}

const kindOf = (s: Stats): string =>
  s.isDirectory() ? "a directory" : s.isFIFO() ? "a named pipe (FIFO)" : s.isSocket() ? "a socket" : s.isCharacterDevice() || s.isBlockDevice() ? "a device" : s.isSymbolicLink() ? "a symbolic link" : "not a regular file";

function explain(e: unknown, shown: string): FileProblem {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return new FileProblem(shown, "cannot read: no such file", "no-file");
    case "EACCES":
    case "EPERM":
      return new FileProblem(shown, "cannot read: permission denied");
    case "ELOOP":
      return new FileProblem(shown, "cannot read: a symbolic link that loops (ELOOP)");
    case "EISDIR":
      return new FileProblem(shown, "is a directory; expected a YAML file");
    case "ENAMETOOLONG":
      return new FileProblem(shown, "cannot read: the name is too long");
    case "ENOTDIR":
      return new FileProblem(shown, "cannot read: a part of its path is a file, not a directory; expected a directory there");
    default:
      return new FileProblem(shown, `cannot read: ${code ?? (e as Error).message}`);
  }
}

/** What a link led to, or a file was opened as, must be a regular file. Throws FileProblem. */
function regularOnly(st: Stats, shown: string): void {
  if (!st.isFile()) throw new FileProblem(shown, `is ${kindOf(st)}; expected a YAML file`, "not-a-file");
}

/** Is `p` the directory `root` or inside it (both absolute, real)? */
const isInside = (p: string, root: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * `join(realDir(dirname(abs)), basename(abs))` for an absolute, normalised `abs`, without
 * normalising the paths again: the walk of a catalog asks it for every file, and Node's path
 * functions were most of the quick look's time on the built-in catalog.
 */
function inRealDir(abs: string, realDir: (dir: string) => string): string {
  const at = abs.lastIndexOf(sep);
  const parent = abs.slice(0, at);
  const dir = realDir(at === 0 || parent.endsWith(":") ? abs.slice(0, at + 1) : parent);
  return (dir.endsWith(sep) ? dir : dir + sep) + abs.slice(at + 1);
}

/**
 * Where a file of the catalog really is, after the checks every read makes first: a regular file
 * (lstat), a symbolic link followed only to a target inside `inside`, a plain file not reached
 * through a linked directory out of it. Throws FileProblem. With the file's own lstat when it is
 * no link (statFile uses it, as a read would use its fstat).
 */
function classify(abs: string, shown: string, inside: string | undefined, realDir: (dir: string) => string): { real: string; link: Stats } {
  let real = abs;
  let link: Stats;
  try {
    link = lstatSync(abs);
  } catch (e) {
    throw explain(e, shown);
  }
  if (link.isSymbolicLink()) {
    try {
      real = realpathSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new FileProblem(shown, "is a symbolic link to nothing (a dangling link); expected a YAML file", "no-file");
      throw explain(e, shown);
    }
    if (inside !== undefined && !isInside(real, inside)) throw new FileProblem(shown, "is a symbolic link to a file outside the catalog directory; expected a file inside it", "link-outside");
  } else if (!link.isFile()) throw new FileProblem(shown, `is ${kindOf(link)}; expected a YAML file`, link.isDirectory() ? "unreadable-file" : "not-a-file");
  else if (inside !== undefined) {
    // A plain file whose directory is a link out of the catalog. The file is no link, so its real
    // path is its directory's (asked once a directory by a catalog's reads) and its name.
    try {
      real = inRealDir(abs, realDir);
    } catch (e) {
      throw explain(e, shown);
    }
    if (!isInside(real, inside)) throw new FileProblem(shown, "is outside the catalog directory (through a linked directory); expected a file inside it", "link-outside");
  }
  return { real, link };
}

/**
 * Reads a regular file. `inside`: the real path of a catalog directory the file must stay in
 * (a symbolic link is followed only to a target inside it); without it (a file the user named),
 * a link is followed wherever it goes. Throws FileProblem.
 */
function readRegular(abs: string, shown: string, inside?: string, realDir: (dir: string) => string = realpathSync): ReadFile {
  const { real } = classify(abs, shown, inside, realDir);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer. O_NOFOLLOW on the resolved path.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    throw explain(e, shown);
  }
  try {
    const st = fstatSync(fd);
    regularOnly(st, shown);
    // Too large: yaml-source.ts reports it (at 1:1, with the limit) from a marker this size.
    if (st.size > MAX_FILE_BYTES) return { path: shown, content: new Uint8Array(MAX_FILE_BYTES + 1), real, ...identity(st) };
    // One open, one fstat, read straight into the array handed on (a catalog of 50,000 plugins
    // is 50,000 of these before the load cache can even be looked up).
    const content = new Uint8Array(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, content, at, st.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return { path: shown, content: at === st.size ? content : content.subarray(0, at), real, ...identity(st) };
  } catch (e) {
    if (e instanceof FileProblem) throw e;
    throw explain(e, shown);
  } finally {
    closeSync(fd);
  }
}

/** The FileStat of a catalog file, after the same checks as a read (lstat; stat through a link). Throws FileProblem. */
function statFile(abs: string, shown: string, inside: string, realDir: (dir: string) => string): FileStat {
  const { real, link } = classify(abs, shown, inside, realDir);
  let st = link;
  if (link.isSymbolicLink()) {
    try {
      st = statSync(real);
    } catch (e) {
      throw explain(e, shown);
    }
    regularOnly(st, shown);
  }
  return { path: shown, real, ...identity(st) };
}

/**
 * A stream (standard input, a pipe), read up to one byte past the size limit, which the parser
 * refuses as too large: `yes | mlx-solve check -` read forever, 6 GB in 20 s, where a file of
 * the same size was refused at once.
 */
export function readStream(fd: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(64 * 1024);
  while (total <= MAX_FILE_BYTES) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EOF") break;
      // A stream opened non-blocking with nothing in it yet: wait a little and read again.
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
  }
  const all = Buffer.concat(chunks, total);
  return new Uint8Array(all.subarray(0, Math.min(total, MAX_FILE_BYTES + 1)));
}

/** Reads a file the user named (a stack file): links followed, anything but a regular file refused. */
export function readUserFile(path: string): ReadFile {
  // An empty name (an unset variable in "$FILE") would name the working directory.
  if (path.trim() === "") throw new InputError([diag({ file: "arguments", line: 0, column: 0 }, "no-file", 'expected a file name, not "" (an empty argument)')]);
  // A stream named as a file (/dev/stdin, a shell's <(...) as /dev/fd/63): its link leads to a
  // pipe, not to a file, so it is read as the stream it is.
  if (/^\/(dev\/(stdin|fd\/\d+)|proc\/self\/fd\/\d+)$/.test(path)) {
    try {
      // By its descriptor: opening the name again fails on a socket (ENXIO), as a parent's pipe is.
      const fd = /(\d+)$/.exec(path)?.[1];
      const content = readStream(path === "/dev/stdin" ? 0 : Number(fd));
      return { path, content, real: path, dev: 0, ino: 0, size: content.length, mtimeMs: 0, ctimeMs: 0 };
    } catch (e) {
      throw new InputError([explain(e, path).diagnostic()]);
    }
  }
  try {
    return readRegular(resolve(path), path);
  } catch (e) {
    if (e instanceof FileProblem) throw new InputError([e.diagnostic()]);
    throw e;
  }
}

/** A hidden file: a dotfile, or an editor's lock, backup or autosave file. */
const isHidden = (name: string) => name.startsWith(".") || name.startsWith("#") || name.endsWith("~");

/** The files of a catalog directory and its layers as `T`s (ReadFile: read; FileStat: looked at). */
export interface Layered<T> {
  root?: string;
  plugins: T[];
  compositions: T[];
  types?: T;
  capabilities?: T;
  useCases?: T;
  precedence?: T;
  objectives?: T;
  layers?: Layered<T>[];
}

type PerFile<T> = (abs: string, shown: string, inside: string, realDir: (dir: string) => string) => T;

/** Which catalog to walk, and when to stop: past `deadline` (epoch ms) the walk throws Timeout. */
interface WalkOptions {
  layers?: readonly string[];
  deadline?: number;
}

/**
 * `each` with the clock read every 256 files: a --timeout counts the walk too (looking at or
 * reading 50,000 plugin files takes 0.5-2 s, which a limit of 0.5 s ran past in full).
 */
function timed<T>(each: PerFile<T>, deadline: number | undefined): PerFile<T> {
  if (deadline === undefined) return each;
  let n = 0;
  return (abs, shown, inside, realDir) => {
    if ((n++ & 255) === 0 && Date.now() > deadline) throw new Timeout();
    return each(abs, shown, inside, realDir);
  };
}

/**
 * Reads the files of a catalog directory (layout: catalog/plugins, catalog/compositions,
 * constraints/). Paths in diagnostics are shown relative to the working directory, or relative
 * to the package for the built-in catalog alone. Under layers the built-in catalog's files are
 * shown relative to the working directory too: a layer in the working directory has files of the
 * same names (constraints/types.yaml), and a citation must say which one it means. Every problem
 * with every file is reported at once.
 */
export function readCatalogFiles(dir?: string, options: WalkOptions = {}): CatalogFiles & Layered<ReadFile> {
  const problems: Diagnostic[] = [];
  const notes: Diagnostic[] = [];
  const base = walkCatalog(dir, options, problems, notes, readRegular);
  if (problems.length) throw new InputError(problems);
  // What a read would leave out without a word: said, as a hidden file is (lint shows them).
  const layers = layersOnce(options.layers, dir);
  for (const d of [dir, ...layers]) notes.push(...strayEntries(d, layers.length > 0));
  return { ...base, ...(notes.length ? { notes } : {}) };
}

/**
 * The files `readCatalogFiles` would read, each looked at (lstat) instead of read, after the same
 * checks; undefined when any of them has a problem (the read that follows reports it).
 */
export function statCatalogFiles(dir?: string, options: WalkOptions = {}): Layered<FileStat> | undefined {
  const problems: Diagnostic[] = [];
  const files = walkCatalog(dir, options, problems, [], statFile);
  return problems.length ? undefined : files;
}

/**
 * A path a library caller gives (a catalog directory, a layer, a stack file): a string, else an
 * InputError naming the argument, not a TypeError from deep inside (`path.trim is not a function`).
 */
export function checkPaths(name: string, v: unknown, optional = true): void {
  const ok = (x: unknown) => typeof x === "string";
  if (name === "layers" ? v === undefined || (Array.isArray(v) && v.every(ok)) : (optional && v === undefined) || ok(v)) return;
  const shown = typeof v === "string" ? `"${v}"` : Array.isArray(v) ? "an array of other things" : v === null ? "null" : typeof v;
  throw new InputError([diag({ file: name, line: 0, column: 0 }, "bad-argument", `${name} expects ${name === "layers" ? "a list of directory paths" : "a path (a string)"}, not ${shown}`)]);
}

/**
 * The layers, a directory named twice kept once, where it is first named: a project file's layer
 * given again with --layer (which adds to the project's) made every plugin of it a duplicate id.
 * The base catalog named as a layer too (`--layer .` in a catalog's own checkout) is read once,
 * as the base: it made ~100 duplicate-id errors, one per file. Every reader of layers takes them
 * through this.
 */
function layersOnce(layers: readonly string[] = [], base?: string): string[] {
  const seen = new Set<string>();
  try {
    seen.add(realpathSync(base ?? PACKAGE_ROOT));
  } catch {
    // a base that is not there is said where it is read
  }
  return layers.filter((l) => {
    let real: string;
    try {
      real = realpathSync(l);
    } catch {
      return true; // said missing where it is read
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

function walkCatalog<T>(dir: string | undefined, options: WalkOptions, problems: Diagnostic[], notes: Diagnostic[], each: PerFile<T>): Layered<T> {
  checkPaths("dir", dir);
  checkPaths("layers", options.layers);
  each = timed(each, options.deadline);
  const once = layersOnce(options.layers, dir);
  const base = readDirectory(dir, problems, notes, false, each, once.length > 0);
  // Each layer: a partial catalog directory (any of the files; shown relative to the working directory).
  const layers = once.map((l) => readDirectory(l, problems, notes, true, each));
  return { ...base, ...(layers.length ? { layers } : {}) };
}

/** The directories of a catalog directory: a catalog has both, a layer one at least. */
const CATALOG_SUBDIRS = ["catalog", "constraints"];

/** The constraint files a base catalog needs that `root` lacks (two or more: a layer's shape). */
export const lackingFiles = (root: string): string[] => SINGLE_FILES.map((k) => LAYOUT[k]).filter((f) => !existsSync(join(root, f)));

/** Whether directory `abs` holds a catalog's catalog/ or constraints/ (else it is no catalog nor layer). */
export const holdsCatalog = (abs: string): boolean => CATALOG_SUBDIRS.some((d) => existsSync(join(abs, d)));

/** What a catalog or layer directory is expected to hold, as its errors say it. */
export const catalogDirExpected = (layer: boolean): string => `a directory with ${layer ? "catalog/plugins/ or constraints/" : "catalog/plugins/ and constraints/"}`;

function readDirectory<T>(dir: string | undefined, problems: Diagnostic[], notes: Diagnostic[], layer: boolean, each: PerFile<T>, layered = false): Layered<T> {
  const root = dir === undefined ? PACKAGE_ROOT : resolve(dir);
  const { relOf, show } = shownNames(dir, layered);
  let realRoot: string;
  try {
    if (!statSync(root).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    realRoot = realpathSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what = code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a directory" : code === "EACCES" ? "cannot be read (permission denied)" : `cannot be read (${code})`;
    problems.push(diag({ file: dir ?? root, line: 0, column: 0 }, "no-catalog", `${layer ? "layer" : "catalog"} directory "${dir ?? root}" ${what}; expected ${catalogDirExpected(layer)}`));
    return { plugins: [], compositions: [] };
  }
  // A layer with none of a catalog's directories is a slip (a parent or a sibling of the layer
  // meant), not an empty layer: said, as a layer that is not a directory is.
  // So is a catalog with neither (each of its files would be said missing): most often its own
  // catalog/ or constraints/ directory named instead of the one that holds both.
  if (!holdsCatalog(root)) {
    const parent = dirname(root);
    // A layer may hold only one of them (catalog/plugins/ alone is the usual layer); a base needs both.
    const meant = CATALOG_SUBDIRS.includes(basename(root)) && (layer ? CATALOG_SUBDIRS.some((d) => existsSync(join(parent, d))) : CATALOG_SUBDIRS.every((d) => existsSync(join(parent, d))));
    const shown = dir ?? root;
    const hint = meant ? ` (did you mean "${dirname(shown.replace(/[\\/]+$/, "")) || "."}", which holds ${layer ? "it" : "both"}?)` : "";
    problems.push(diag({ file: shown, line: 0, column: 0 }, "no-catalog", `${layer ? "layer" : "catalog"} directory "${shown}" has neither catalog/ nor constraints/; expected ${catalogDirExpected(layer)}${hint}`));
    return { plugins: [], compositions: [] };
  }
  // A base catalog with catalog/ and no constraints/ at all is a layer's shape: one error that
  // says so, where each of the five constraint files was said missing.
  if (!layer && !existsSync(join(root, "constraints"))) {
    const shown = dir ?? root;
    problems.push(diag({ file: shown, line: 0, column: 0 }, "no-catalog", `catalog directory "${shown}" has catalog/ but no constraints/; expected ${catalogDirExpected(false)} (a directory of plugins alone is a layer: --layer ${shown}, or layers: in mlx-solve.yaml, over the built-in catalog)`));
    return { plugins: [], compositions: [] };
  }
  // So is one whose constraints/ holds only some of a base's files (a layer that changes the
  // precedence, say): one error that says so, where each file it lacks was said missing.
  const lacking = layer ? [] : lackingFiles(root);
  if (lacking.length >= 2) {
    const shown = dir ?? root;
    problems.push(diag({ file: shown, line: 0, column: 0 }, "no-catalog", `catalog directory "${shown}" lacks ${lacking.join(", ")}; expected ${catalogDirExpected(false)} (a directory with only some of them is a layer: --layer ${shown}, or layers: in mlx-solve.yaml, over the built-in catalog)`));
    return { plugins: [], compositions: [] };
  }
  // Real paths of the directories read, each asked once (realpathSync walks every component).
  const realDirs = new Map<string, string>();
  const realDir = (d: string): string => {
    let r = realDirs.get(d);
    if (r === undefined) realDirs.set(d, (r = realpathSync(d)));
    return r;
  };
  const read = (abs: string, shown = show(abs)): T | undefined => {
    try {
      return each(abs, shown, realRoot, realDir);
    } catch (e) {
      if (!(e instanceof FileProblem)) throw e;
      problems.push(e.diagnostic());
      return undefined;
    }
  };
  const many = (rel: string): T[] => {
    const d = join(root, rel);
    let names: string[];
    let subdirs: string[];
    try {
      const st = lstatSync(d);
      if (st.isSymbolicLink() ? !isInside(realpathSync(d), realRoot) : !st.isDirectory()) {
        problems.push(diag({ file: show(d), line: 0, column: 0 }, "unreadable-file", st.isSymbolicLink() ? "is a symbolic link to a directory outside the catalog directory; expected a directory inside it" : `is ${kindOf(st)}; expected a directory`));
        return [];
      }
      const entries = readdirSync(d, { withFileTypes: true });
      names = entries.map((e) => e.name).sort();
      subdirs = subdirsOf(d, entries);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return [];
      problems.push(explain(e, show(d)).diagnostic());
      return [];
    }
    const out: T[] = [];
    // Each file's path and shown name from its directory's, as join and relative would give them
    // (a plain name joined to a normalised directory), without asking Node's path functions again.
    const dirSep = d.endsWith(sep) ? d : d + sep;
    const relDir = relOf(d);
    // Only the directory itself is read: a subdirectory is said, not read (or left without a word).
    notes.push(...skippedOf(d, rel, names, subdirs, show));
    for (const name of names) {
      if (!/\.ya?ml$/.test(name) || isHidden(name)) continue;
      const f = read(dirSep + name, relDir ? relDir + sep + name : name);
      if (f) out.push(f);
    }
    return out;
  };
  const files: Layered<T> = {
    plugins: many(LAYOUT.plugins),
    compositions: many(LAYOUT.compositions),
    ...(dir !== undefined ? { root: relative(process.cwd(), root) || "." } : {}),
  };
  for (const k of SINGLE_FILES) {
    const abs = join(root, LAYOUT[k]);
    let exists = true;
    try {
      lstatSync(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") exists = false;
    }
    // A missing file is the loader's to report (with what the catalog needs).
    const f = exists ? read(abs) : undefined;
    if (f) files[k] = f;
  }
  return files;
}

/**
 * How the files of catalog directory `dir` are shown: relative to the package for the built-in
 * catalog alone, else relative to the working directory (`show` falls back to the absolute path).
 */
function shownNames(dir: string | undefined, layered: boolean): { relOf: (abs: string) => string; show: (abs: string) => string } {
  const relOf = (abs: string) => (dir === undefined && !layered ? relative(PACKAGE_ROOT, abs) : relative(process.cwd(), abs));
  return { relOf, show: (abs) => relOf(abs) || abs };
}

/**
 * The subdirectories of `d` that are not hidden, links to directories among them (a linked
 * directory of plugin files was left out without a word, where a real one was said), sorted.
 */
function subdirsOf(d: string, entries: readonly Dirent[]): string[] {
  const isDir = (e: Dirent) => e.isDirectory() || (e.isSymbolicLink() && !/\.ya?ml$/.test(e.name) && isDirectory(join(d, e.name)));
  return entries.filter((e) => !isHidden(e.name) && isDir(e)).map((e) => e.name).sort();
}

/** What a read of catalog/plugins or catalog/compositions (`d`, named `rel`) leaves out, said: its subdirectories and hidden YAML files. */
function skippedOf(d: string, rel: string, names: readonly string[], subdirs: readonly string[], show: (abs: string) => string): Diagnostic[] {
  const note = (name: string, message: string) => diag({ file: show(join(d, name)), line: 0, column: 0 }, "skipped-file", message, "warning");
  return [
    ...subdirs.map((name) => note(name, `skipped: a directory; the files of ${rel}/ itself are read, not those of its subdirectories`)),
    ...names.filter((name) => /\.ya?ml$/.test(name) && isHidden(name)).map((name) => note(name, "skipped: a hidden file (an editor's lock or backup file?); rename it to load it")),
  ];
}

/**
 * Every entry of the catalog directories `dir` and `layers` that loading them leaves out (as
 * readCatalogFiles' notes say them), without reading a file: for a command to say, as lint does,
 * when a team's plugin files in a subdirectory are not loaded. A few directory listings.
 */
export function skippedEntries(dir: string | undefined, given: readonly string[] = []): Diagnostic[] {
  const layers = layersOnce(given, dir);
  const layered = layers.length > 0;
  const out: Diagnostic[] = [];
  for (const d of [dir, ...layers]) {
    const root = d === undefined ? PACKAGE_ROOT : resolve(d);
    const { show } = shownNames(d, layered);
    for (const rel of [LAYOUT.plugins, LAYOUT.compositions]) {
      try {
        const entries = readdirSync(join(root, rel), { withFileTypes: true });
        out.push(...skippedOf(join(root, rel), rel, entries.map((e) => e.name).sort(), subdirsOf(join(root, rel), entries), show));
      } catch {
        // Not there or not readable: the load says so where it matters.
      }
    }
    out.push(...strayEntries(d, layered));
  }
  return out;
}

/**
 * Entries of a catalog directory that no read takes (readDirectory says a subdirectory of
 * catalog/plugins or catalog/compositions as it lists them): a directory under catalog/ other
 * than those two, a YAML file under constraints/ of another name (or ending in .yml). Warnings,
 * with the name meant where one is near.
 */
function strayEntries(dir: string | undefined, layered: boolean): Diagnostic[] {
  const root = dir === undefined ? PACKAGE_ROOT : resolve(dir);
  const { show } = shownNames(dir, layered);
  const out: Diagnostic[] = [];
  const note = (abs: string, message: string) => out.push(diag({ file: show(abs), line: 0, column: 0 }, "skipped-file", message, "warning"));
  const list = (d: string): { name: string; dir: boolean }[] => {
    try {
      return readdirSync(d, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() }));
    } catch {
      return [];
    }
  };
  const catalogDirs = [LAYOUT.plugins, LAYOUT.compositions].map((p) => p.split("/")[1]!);
  for (const e of list(join(root, "catalog"))) {
    if (e.dir && !isHidden(e.name) && !catalogDirs.includes(e.name)) note(join(root, "catalog", e.name), `skipped: catalog/ holds ${catalogDirs.join(" and ")}, not ${e.name}${didYouMean(e.name, catalogDirs)}`);
  }
  const singles = SINGLE_FILES.map((k) => LAYOUT[k].split("/")[1]!);
  for (const e of list(join(root, "constraints"))) {
    if (e.dir || isHidden(e.name) || !/\.ya?ml$/.test(e.name) || singles.includes(e.name)) continue;
    const asYaml = e.name.replace(/\.yml$/, ".yaml");
    note(join(root, "constraints", e.name), singles.includes(asYaml) ? `skipped: constraints/ files end in .yaml; rename it ${asYaml}` : `skipped: constraints/ holds ${singles.join(", ")}${didYouMean(e.name, singles)}`);
  }
  return out;
}

/** Whether two paths name one file on disk (the same device and inode: through a link or another spelling too); false when either is not there. */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * How the CI formats name a file: relative to `workspace` when it lies there, with `/` between
 * its parts. GitHub Actions sets GITHUB_WORKSPACE to the repository's checkout, and resolves an
 * annotation's `file` and a SARIF result's relative URI against it, not against the step's
 * working directory: `check stack.yaml` run in `infra/` must name `infra/stack.yaml`. Without a
 * workspace (or for a file outside it) files stay as named; so does a name that is no file under
 * the working directory: the built-in catalog's files are named as the package holds them
 * (`constraints/types.yaml`), which in `infra/` became `infra/constraints/types.yaml`.
 */
export function workspacePlace(workspace: string | undefined, cwd: string = process.cwd()): ((file: string) => string) | undefined {
  if (!workspace) return undefined;
  const root = ciRoot(workspace, cwd);
  const placed = new Map<string, string>();
  return (file) => {
    let out = placed.get(file);
    if (out === undefined) {
      const abs = resolve(cwd, file);
      const rel = existsSync(abs) ? relative(root, real(abs)) : "";
      out = rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel) ? rel.split(sep).join("/") : file;
      placed.set(file, out);
    }
    return out;
  };
}

/**
 * The directory the CI formats' relative paths are relative to (SARIF's `%SRCROOT%`): the
 * workspace, when there is one (see `workspacePlace`), else the working directory. Real paths:
 * the working directory is one (a step in a symlinked checkout), and a file or the workspace may
 * be named through a link.
 */
export function ciRoot(workspace: string | undefined, cwd: string = process.cwd()): string {
  return workspace ? real(resolve(cwd, workspace)) : cwd;
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
