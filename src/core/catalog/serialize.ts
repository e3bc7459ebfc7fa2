/**
 * A catalog as plain JSON and back, for the load cache: restoring one needs neither yaml nor zod.
 * The round trip is exact (a test compares both ways).
 *
 * Source positions are most of a catalog: at 50,000 plugins, 20 a plugin, each naming its file
 * in full. Written as they are, the entry was 136 MB and took 5 s to read back. Here a position
 * is a short string, DEL (U+007F) + the file's number in a table written once + ":line:column"
 * (76 MB with the table alone, 57 MB with short positions, read back in 2.6-3.9 s), and the
 * positions read back share one string per file. A string of the catalog's own that starts with
 * DEL is written with a second one in front, which reading takes off again.
 */
import { checkCatalogArgument, type Catalog } from "./catalog.js";
import type { SourcePos } from "../common/diagnostics.js";

export const CATALOG_JSON_VERSION = 3;

// DEL: JSON.stringify writes it as one byte (a control character below 0x20 takes six).
const MARK = "\u007f";

function isPos(v: object): v is SourcePos {
  const p = v as Partial<SourcePos>;
  return typeof p.file === "string" && typeof p.line === "number" && typeof p.column === "number" && Object.keys(v).length === 3;
}

/**
 * The catalog as JSON text. `fileName` renames the files of positions in the file table (the load
 * cache stores real, absolute paths there, so that an entry serves any working directory).
 */
export function catalogToJSON(c: Catalog, fileName: (shown: string) => string = (f) => f): string {
  checkCatalogArgument(c);
  const files = new Map<string, number>();
  const body = JSON.stringify({ plugins: [...c.plugins.values()], ...allButPlugins(c) }, marker(files));
  return `{"v":${CATALOG_JSON_VERSION},"files":${JSON.stringify([...files.keys()].map(fileName))},"catalog":${body}}`;
}

/**
 * The catalog as lines, for the load cache: a first line as `catalogToJSON`'s without the plugins
 * (`"plugins"` holds their number), then a plugin a line. Read back by `catalogFromLines`, which
 * can stop between plugins: one JSON text of 50,000 plugins took 2 s to read back, which no time
 * limit could cut short. (JSON text never holds a raw line break.)
 */
export function catalogToLines(c: Catalog, fileName: (shown: string) => string = (f) => f): string {
  const files = new Map<string, number>();
  const replacer = marker(files);
  const plugins = [...c.plugins.values()].map((p) => JSON.stringify(p, replacer));
  const rest = JSON.stringify(allButPlugins(c), replacer);
  return [`{"v":${CATALOG_JSON_VERSION},"files":${JSON.stringify([...files.keys()].map(fileName))},"plugins":${plugins.length},"catalog":${rest}}`, ...plugins].join("\n");
}

/** What a catalog holds besides its plugins, as the JSON forms write it. */
const allButPlugins = (c: Catalog) => ({
  types: [...c.types.values()],
  categories: [...c.categories],
  capabilities: [...c.capabilities],
  useCases: [...c.useCases.values()],
  precedence: [...c.precedence],
  objectives: c.objectives,
  objectivesPos: c.objectivesPos,
  compositions: c.compositions,
});

/** JSON.stringify's replacer that writes positions short, numbering their files in `files`, and escapes strings that start with the mark. */
function marker(files: Map<string, number>): (key: string, v: unknown) => unknown {
  return (_key, v) => {
    if (typeof v === "string") return v.startsWith(MARK) ? MARK + v : v;
    if (typeof v === "object" && v !== null && !Array.isArray(v) && isPos(v)) {
      let f = files.get(v.file);
      if (f === undefined) files.set(v.file, (f = files.size));
      return `${MARK}${f}:${v.line}:${v.column}`;
    }
    return v;
  };
}

/** The value of a string `catalogToJSON` marked: a position, or the catalog's own string unescaped. */
function unmark(v: string, files: string[]): unknown {
  if (v.charCodeAt(1) === 0x7f) return v.slice(1);
  const a = v.indexOf(":");
  const b = v.indexOf(":", a + 1);
  return { file: files[Number(v.slice(1, a))]!, line: Number(v.slice(a + 1, b)), column: Number(v.slice(b + 1)) };
}

/**
 * Puts back, in place, the positions and escaped strings `catalogToJSON` wrote. One loop over a
 * stack of the objects and arrays still to visit: written as a recursive function with a closure
 * per call, it was what V8's optimising compiler chose first in a run from the load cache, and
 * compiling it took ~60 ms of a second core, which the process then waited for at exit
 * (`node --trace-opt`; bench/README.md, "The floor").
 */
function restore(root: Record<string, unknown> | unknown[], files: string[]): void {
  const todo: (Record<string, unknown> | unknown[])[] = [root];
  for (let x = todo.pop(); x !== undefined; x = todo.pop()) {
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (typeof v === "string") {
          if (v.charCodeAt(0) === 0x7f) x[i] = unmark(v, files);
        } else if (typeof v === "object" && v !== null) todo.push(v as Record<string, unknown> | unknown[]);
      }
    } else {
      for (const k in x) {
        const v = x[k];
        if (typeof v === "string") {
          if (v.charCodeAt(0) === 0x7f) x[k] = unmark(v, files);
        } else if (typeof v === "object" && v !== null) todo.push(v as Record<string, unknown> | unknown[]);
      }
    }
  }
}

/** The catalog of `catalogToJSON`'s text; `fileName` renames the files of the file table back. Undefined for text that is no catalog of this version. */
export function catalogFromJSON(text: string, fileName: (stored: string) => string = (f) => f): Catalog | undefined {
  // Text that is not a catalog of this version (truncated, of another shape) is none: undefined.
  let top;
  try {
    top = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (top?.v !== CATALOG_JSON_VERSION || !Array.isArray(top.files) || !Array.isArray(top.catalog?.plugins) || !isRest(top.catalog)) return undefined;
  if (!top.catalog.plugins.every((p: unknown) => typeof p === "object" && p !== null && typeof (p as { id?: unknown }).id === "string")) return undefined;
  const j = top.catalog;
  restore(j, (top.files as string[]).map(fileName));
  return catalogOf(j, new Map(j.plugins.map((p: { id: string }) => [p.id, p])));
}

/**
 * The catalog of `catalogToLines`'s text, as `catalogFromJSON`; `tick` is called between plugins
 * (every 256), and what it throws (a time limit's Timeout) is thrown on.
 */
export function catalogFromLines(text: string, fileName: (stored: string) => string = (f) => f, tick?: () => void): Catalog | undefined {
  const lines = text.split("\n");
  let top;
  try {
    top = JSON.parse(lines[0]!);
  } catch {
    return undefined;
  }
  if (top?.v !== CATALOG_JSON_VERSION || !Array.isArray(top.files) || top.plugins !== lines.length - 1 || !isRest(top.catalog)) return undefined;
  const files = (top.files as string[]).map(fileName);
  restore(top.catalog, files);
  const plugins = new Map<string, unknown>();
  for (let i = 1; i < lines.length; i++) {
    if ((i & 255) === 0) tick?.();
    let p;
    try {
      p = JSON.parse(lines[i]!);
    } catch {
      return undefined;
    }
    if (typeof p?.id !== "string") return undefined;
    restore(p, files);
    plugins.set(p.id, p);
  }
  return catalogOf(top.catalog, plugins);
}

/** Whether `j` has the parts `allButPlugins` writes as lists. */
const isRest = (j: unknown): j is Record<string, unknown[]> =>
  typeof j === "object" && j !== null && ["types", "categories", "capabilities", "useCases", "precedence"].every((k) => Array.isArray((j as Record<string, unknown>)[k]));

/** The catalog of the restored JSON (of the shapes `allButPlugins` wrote) and its plugins. */
function catalogOf(j: any, plugins: Map<string, unknown>): Catalog {
  return {
    plugins: plugins as Catalog["plugins"],
    types: new Map(j.types.map((t: { name: string }) => [t.name, t])),
    categories: new Map(j.categories),
    capabilities: new Map(j.capabilities),
    useCases: new Map(j.useCases.map((u: { id: string }) => [u.id, u])),
    precedence: new Map(j.precedence),
    objectives: j.objectives,
    objectivesPos: j.objectivesPos,
    compositions: j.compositions,
  };
}
