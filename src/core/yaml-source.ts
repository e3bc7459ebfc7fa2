/**
 * Reading one YAML file into plain data while keeping every node's source position.
 *
 * Hardened against hostile input: a file that is too large, binary, not UTF-8, empty, an alias
 * bomb, nested too deep, or that repeats a key or uses `__proto__` gives a diagnostic, quickly,
 * and never a crash. Browser-safe: works on strings or bytes, never touches a file system.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { diag, type Diagnostic, type SourcePos } from "./diagnostics.js";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;
const MAX_ALIASES = 50;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export interface SourceFile {
  /** The path shown in diagnostics (relative to the catalog directory when there is one). */
  path: string;
  content: string | Uint8Array;
}

export type PathKey = string | number;

export interface YamlSource {
  file: string;
  value: unknown;
  /** Position of the node at `path` (its key when `key` is true), or of the nearest ancestor. */
  locate(path: readonly PathKey[], key?: boolean): SourcePos;
}

export type ReadResult = { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] };

function decode(file: SourceFile): string | Diagnostic {
  const at = { file: file.path, line: 1, column: 1 };
  if (typeof file.content === "string") {
    if (file.content.length > MAX_FILE_BYTES)
      return diag(at, "file-too-large", `file is larger than ${MAX_FILE_BYTES} bytes; expected a small YAML file`);
    if (file.content.includes("\u0000")) return diag(at, "binary-file", "file contains NUL bytes; expected a YAML text file");
    return file.content;
  }
  const bytes = file.content;
  if (bytes.length > MAX_FILE_BYTES)
    return diag(at, "file-too-large", `file is ${bytes.length} bytes, over the limit of ${MAX_FILE_BYTES}; expected a small YAML file`);
  if (bytes.includes(0)) return diag(at, "binary-file", "file contains NUL bytes; expected a YAML text file");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Find the first bad byte to point at it.
    let offset = 0;
    for (let cut = 1; cut <= bytes.length; cut++) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, cut));
        offset = cut;
      } catch {
        if (cut - offset > 4) break;
      }
    }
    const before = new TextDecoder().decode(bytes.subarray(0, offset));
    const lines = before.split("\n");
    return diag(
      { file: file.path, line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 },
      "not-utf8",
      "file is not valid UTF-8; expected UTF-8 text",
    );
  }
}

function posOf(file: string, lc: LineCounter, offset: number): SourcePos {
  const p = lc.linePos(offset);
  return { file, line: p.line, column: p.col };
}

/** Walks the node tree checking depth and forbidden keys; returns the first problem found. */
function checkTree(file: string, lc: LineCounter, root: Node | null): Diagnostic | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    const n = node as Node;
    if (depth > MAX_DEPTH) {
      return diag(posOf(file, lc, n.range?.[0] ?? 0), "too-deep", `nesting deeper than ${MAX_DEPTH} levels; expected a shallow catalog file`);
    }
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = pair.key as Node | null;
        if (isScalar(k) && typeof k.value === "string" && FORBIDDEN_KEYS.has(k.value)) {
          return diag(posOf(file, lc, k.range?.[0] ?? 0), "forbidden-key", `key "${k.value}" is not allowed`);
        }
        if (k && !isScalar(k)) {
          return diag(posOf(file, lc, k.range?.[0] ?? 0), "complex-key", "expected a plain string key");
        }
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(n)) {
      for (const item of n.items) stack.push({ node: item, depth: depth + 1 });
    } else if (isPair(n)) {
      stack.push({ node: n.value, depth: depth + 1 });
    }
  }
  return undefined;
}

export function readYaml(file: SourceFile): ReadResult {
  const text = decode(file);
  if (typeof text !== "string") return { ok: false, diagnostics: [text] };
  const lc = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, merge: false });
  } catch (e) {
    // The parser recurses on nesting; a pathological file can exhaust the stack.
    const tooDeep = e instanceof RangeError;
    return {
      ok: false,
      diagnostics: [
        diag({ file: file.path, line: 1, column: 1 }, tooDeep ? "too-deep" : "yaml-syntax", tooDeep ? "nesting too deep to parse; expected a shallow YAML file" : `cannot parse YAML: ${String((e as Error).message)}`),
      ],
    };
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.slice(0, 5).map((err) => {
        const msg = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
        const code = err.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax";
        const text = err.code === "DUPLICATE_KEY" ? "duplicate key; expected each key once per mapping" : `YAML syntax error: ${msg}`;
        return diag(posOf(file.path, lc, err.pos[0]), code, text);
      }),
    };
  }
  const treeProblem = checkTree(file.path, lc, doc.contents as Node | null);
  if (treeProblem) return { ok: false, diagnostics: [treeProblem] };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const msg = String((e as Error).message);
    const code = /alias/i.test(msg) ? "alias-bomb" : "yaml-syntax";
    return {
      ok: false,
      diagnostics: [diag({ file: file.path, line: 1, column: 1 }, code, code === "alias-bomb" ? "too many alias expansions (an alias bomb?); expected plain data" : `cannot read YAML: ${msg}`)],
    };
  }
  const locate = (path: readonly PathKey[], key = false): SourcePos => {
    let node: unknown = doc.contents;
    let pos = posOf(file.path, lc, (node as Node | null)?.range?.[0] ?? 0);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return pos;
        const k = pair.key as Node;
        const v = pair.value as Node | null;
        if (last && key) return posOf(file.path, lc, k.range?.[0] ?? 0);
        node = v;
        pos = posOf(file.path, lc, (v ?? k).range?.[0] ?? 0);
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg] as Node | undefined;
        if (!item) return pos;
        node = item;
        pos = posOf(file.path, lc, item.range?.[0] ?? 0);
      } else {
        return pos;
      }
    }
    return pos;
  };
  if (value === null || value === undefined) {
    return { ok: false, diagnostics: [diag({ file: file.path, line: 1, column: 1 }, "empty-file", "file is empty; expected a YAML mapping")] };
  }
  return { ok: true, source: { file: file.path, value, locate } };
}
