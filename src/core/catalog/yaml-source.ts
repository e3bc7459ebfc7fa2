/**
 * Reading one YAML file into plain data while keeping every node's source position.
 *
 * Hardened against hostile input: a file that is too large, binary, not UTF-8, empty, an alias
 * bomb, nested too deep, or that repeats a key or uses `__proto__` gives a diagnostic, quickly,
 * and never a crash. Browser-safe: works on strings or bytes, never touches a file system.
 */
import { CST, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import { diag, type Diagnostic, type SourcePos } from "../common/diagnostics.js";

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;
/** At most this many nodes may be added, in all, by expanding aliases. */
export const MAX_ALIAS_NODES = 10_000;
/** At most this many aliases per file (the parser resolves each by a scan of all of them). */
export const MAX_ALIASES = 1_000;
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

/** 1-based line and column (in UTF-16 units, as the YAML parser counts) of `offset` in `text`. */
function posAt(file: string, text: string, offset: number): SourcePos {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line, column: offset - lineStart + 1 };
}

/** Position of byte `offset` of `bytes` (the bytes before it are valid UTF-8). */
function posAtByte(file: string, bytes: Uint8Array, offset: number): SourcePos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset));
  return { file, line, column: before.length + 1 };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or -1. One linear pass. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) (need = 2), (lo = 0xa0);
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2;
    else if (b === 0xed) (need = 2), (hi = 0x9f);
    else if (b === 0xf0) (need = 3), (lo = 0x90);
    else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else if (b === 0xf4) (need = 3), (hi = 0x8f);
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const [l, h] = k === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c === undefined || c < l || c > h) return i;
    }
    i += need + 1;
  }
  return -1;
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`;

function decode(file: SourceFile): string | Diagnostic {
  const at = { file: file.path, line: 1, column: 1 };
  const tooLarge = () =>
    // The Node adapter hands over a stand-in of MAX_FILE_BYTES + 1 bytes for a huge file, without
    // reading it: so the message names the limit, not the (unknown here) size.
    diag(at, "file-too-large", `file is larger than ${MAX_FILE_BYTES} bytes (1 MiB); expected a small YAML file`);
  if (typeof file.content === "string") {
    if (file.content.length > MAX_FILE_BYTES) return tooLarge();
    const nul = file.content.indexOf("\u0000");
    if (nul !== -1) return diag(posAt(file.path, file.content, nul), "binary-file", "file contains a NUL byte (a binary file?); expected YAML text");
    return file.content;
  }
  const bytes = file.content;
  if (bytes.length > MAX_FILE_BYTES) return tooLarge();
  const nul = bytes.indexOf(0);
  const bad = firstInvalidUtf8(nul === -1 ? bytes : bytes.subarray(0, nul));
  if (bad !== -1)
    return diag(posAtByte(file.path, bytes, bad), "not-utf8", `file is not valid UTF-8 (byte ${hex(bytes[bad]!)}); expected UTF-8 text (re-save the file as UTF-8)`);
  if (nul !== -1) return diag(posAtByte(file.path, bytes, nul), "binary-file", "file contains a NUL byte (a binary file?); expected YAML text");
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
}

function posOf(file: string, lc: LineCounter, offset: number): SourcePos {
  const p = lc.linePos(offset);
  return { file, line: p.line, column: p.col };
}

/**
 * Whether `text` has at most `limit` openings, which bounds how deep it can nest: each level
 * opens with a `[` or `{`, or with a `-`, `?` or `:` indicator followed by white space or the
 * end. Most catalog files have few, and skip the lexical pass below (at 50,000 plugin files it
 * took 2 of 16 seconds). Stops counting past `limit`.
 */
function fewOpenings(text: string, limit: number): boolean {
  let n = 0;
  for (const _ of text.matchAll(/[[{]|[-?:](?=\s|$)/g)) if (++n > limit) return false;
  return true;
}

/**
 * A lexical pass, before the parser (whose composer recurses once per level of nesting, so that
 * `[[[[...` 100,000 deep exhausts the stack or the memory): finds nesting far deeper than any
 * catalog file needs. Flow nesting (`[`, `{`) is counted exactly; block nesting by the columns of
 * the nodes that open on each line (`- - - x` or ever deeper indentation). The exact check, with
 * the precise depth, is `checkTree` after parsing; this one only has to stop the pathological.
 */
function scanDepth(file: string, text: string): Diagnostic | undefined {
  if (fewOpenings(text, MAX_DEPTH)) return undefined;
  let offset = 0;
  let flow = 0;
  let atScalar = false;
  let lineStart = 0;
  let expectNode = true;
  const cols: number[] = [];
  const tooDeep = (at: number) => diag(posAt(file, text, at), "too-deep", `nesting deeper than ${MAX_DEPTH} levels; expected a shallow YAML file`);
  /** A node starts at `at` in block context: pop the columns it closes, push its own. */
  const blockNode = (at: number): boolean => {
    if (flow > 0 || !expectNode) return false;
    expectNode = false;
    const col = at - lineStart;
    while (cols.length > 0 && cols[cols.length - 1]! > col) cols.pop();
    if (cols.length === 0 || cols[cols.length - 1]! < col) cols.push(col);
    return cols.length > MAX_DEPTH + 1;
  };
  for (const lexeme of new Lexer().lex(text)) {
    const at = offset;
    if (atScalar) {
      atScalar = false;
      offset += lexeme.length;
      if (blockNode(at)) return tooDeep(at);
      const nl = lexeme.lastIndexOf("\n");
      if (nl !== -1) lineStart = at + nl + 1;
      continue;
    }
    if (lexeme === CST.SCALAR) {
      atScalar = true;
      continue;
    }
    if (lexeme === CST.DOCUMENT || lexeme === CST.FLOW_END) continue;
    offset += lexeme.length;
    switch (CST.tokenType(lexeme)) {
      case "newline":
        lineStart = offset;
        expectNode = true;
        break;
      case "space":
      case "comment":
      case "byte-order-mark":
      case "directive-line":
        break;
      case "doc-start":
      case "doc-end":
        cols.length = 0;
        expectNode = true;
        break;
      case "flow-seq-start":
      case "flow-map-start":
        blockNode(at);
        if (++flow > MAX_DEPTH) return tooDeep(at);
        break;
      case "flow-seq-end":
      case "flow-map-end":
        if (flow > 0) flow--;
        break;
      case "seq-item-ind":
      case "explicit-key-ind":
      case "map-value-ind": {
        // "- x", "? x", ": x" at the start of a node: the indicator and the node after it each open a level.
        const opens = expectNode && flow === 0;
        if (blockNode(at)) return tooDeep(at);
        if (opens) expectNode = true;
        break;
      }
      default:
        if (blockNode(at)) return tooDeep(at);
    }
  }
  return undefined;
}

/**
 * Walks the node tree in document order checking depth and keys (forbidden, complex, repeated);
 * returns the first problem found. Repeated keys are found here, with a set per mapping, and not
 * by the parser's `uniqueKeys`, which compares each key with every earlier one (a file with
 * 70,000 keys took 40 s).
 */
/** The tags of YAML's core schema, which say what a plain value is anyway. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

function checkTree(file: string, lc: LineCounter, root: Node | null, targets: AliasTargets): Diagnostic | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  const at = (n: Node) => posOf(file, lc, n.range?.[0] ?? 0);
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined) continue;
    const n = node as Node;
    if (depth > MAX_DEPTH) return diag(at(n), "too-deep", `nesting deeper than ${MAX_DEPTH} levels; expected a shallow YAML file`);
    // A tag beyond the plain ones (!!binary, !!set, !custom): these files hold strings, numbers,
    // lists and mappings. An unknown tag was taken as a plain string without a word, and !!binary
    // reported as the keys of its bytes.
    const tag = (n as { tag?: string }).tag;
    if (tag !== undefined && !PLAIN_TAGS.has(tag)) return diag(at(n), "yaml-tag", `YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not used in these files; expected a plain value without a tag`);
    if (isMap(n)) {
      const seen = new Map<string, Node>();
      for (const pair of n.items) {
        const k = pair.key as Node | null;
        if (k && !isScalar(k)) {
          const what = isAlias(k) ? "an alias" : isMap(k) ? "a mapping" : isSeq(k) ? "a list" : "a complex value";
          return diag(at(k), "complex-key", `key is ${what}; expected a plain string key`);
        }
        const name = isMergeKey(k) ? "<<" : String(k?.value ?? "");
        if (k && isMergeKey(k) && mergeSources(targets, pair.value as Node | null) === undefined)
          return diag(at((pair.value as Node | null) ?? k), "merge-source", 'a merge key ("<<") takes the keys of another mapping; expected an alias of a mapping ("<<: *name") or a list of them');
        if (k && typeof k.value === "string" && FORBIDDEN_KEYS.has(k.value))
          return diag(at(k), "forbidden-key", `key "${k.value}" is not allowed (it could alter JavaScript objects); expected a field name of this file`);
        const first = seen.get(name);
        if (first && k) return diag(at(k), "duplicate-key", `duplicate key "${name}" (first at line ${at(first).line}); expected each key once per mapping`);
        if (k) seen.set(name, k);
      }
      // Keys are scalars (checked above), so only values nest. Pushed in reverse: popped in order.
      for (let i = n.items.length - 1; i >= 0; i--) stack.push({ node: n.items[i]!.value, depth: depth + 1 });
    } else if (isSeq(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push({ node: n.items[i], depth: depth + 1 });
    } else if (isPair(n)) {
      stack.push({ node: n.value, depth: depth + 1 });
    }
  }
  return undefined;
}

/** A YAML 1.1 merge key, `<<`: the parser gives it a symbol for a value. */
function isMergeKey(k: unknown): boolean {
  return isScalar(k) && typeof k.value === "symbol";
}

/**
 * The mappings a merge key's value names, in order of precedence (`<<: *a` or `<<: [*a, *b]`),
 * or undefined when it names anything else (the parser would throw when converting it).
 */
function mergeSources(targets: AliasTargets, value: Node | null): Node[] | undefined {
  const items = isSeq(value) ? (value.items as Node[]) : [value];
  const maps: Node[] = [];
  for (const item of items) {
    const target = isAlias(item) ? targets.get(item) : item;
    if (!isMap(target)) return undefined;
    maps.push(target);
  }
  return maps;
}

/**
 * Aliases: each must name an anchor set before it, outside itself (no cycles), and all of them
 * together may add at most MAX_ALIAS_NODES nodes when expanded: a "billion laughs" file is
 * stopped at the alias that crosses the limit, without expanding anything.
 */
/** Each alias of a document and the node it names (the anchor set last before it), found in one pass. */
type AliasTargets = ReadonlyMap<Node, Node>;

function checkAliases(file: string, lc: LineCounter, root: Node | null, targets: Map<Node, Node>): Diagnostic | undefined {
  if (!root) return undefined;
  const anchors = new Map<string, Node>();
  const open = new Set<Node>();
  const size = new Map<Node, number>();
  const CAP = 1e15;
  let expanded = 0;
  let aliases = 0;
  const stack: { node: Node; exit: boolean }[] = [{ node: root, exit: false }];
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    if (exit) {
      open.delete(node);
      let s = 1;
      const add = (c: unknown) => {
        if (c && typeof c === "object") s = Math.min(CAP, s + (size.get(c as Node) ?? 1));
      };
      if (isMap(node)) for (const p of node.items) (add(p.key), add(p.value));
      else if (isSeq(node)) for (const it of node.items) add(it);
      size.set(node, s);
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const at = posOf(file, lc, node.range?.[0] ?? 0);
      if (!target) return diag(at, "unknown-alias", `alias *${node.source} names no anchor before it; expected an anchor &${node.source} defined earlier in the file`);
      if (open.has(target)) return diag(at, "alias-cycle", `alias *${node.source} refers to a node that contains it; expected plain (non-recursive) data`);
      if (++aliases > MAX_ALIASES) return diag(at, "alias-bomb", `more than ${MAX_ALIASES} aliases in one file (an alias bomb?); expected plain data with few aliases`);
      targets.set(node, target);
      const s = size.get(target) ?? 1;
      size.set(node, s);
      expanded = Math.min(CAP, expanded + s);
      if (expanded > MAX_ALIAS_NODES)
        return diag(at, "alias-bomb", `alias *${node.source} takes the file past ${MAX_ALIAS_NODES} nodes when aliases are expanded (an alias bomb?); expected plain data with few aliases`);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    open.add(node);
    stack.push({ node, exit: true });
    const children: unknown[] = [];
    if (isMap(node)) for (const p of node.items) children.push(p.key, p.value);
    else if (isSeq(node)) children.push(...node.items);
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c && typeof c === "object") stack.push({ node: c as Node, exit: false });
    }
  }
  return undefined;
}

function firstAlias(root: Node): Node | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isAlias(n)) return n;
    if (isMap(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]!.value, n.items[i]!.key);
    else if (isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  return undefined;
}

/**
 * The lexer's tokens of `text` up to `offset`, each with the offset it starts at: a plain
 * scalar's text (after the lexer's SCALAR marker) as "scalar", the marker of a flow collection
 * left at a line indented too little as "flow-end" (no text of its own), the rest as "other".
 */
function* tokensUpTo(text: string, offset: number): Generator<{ lexeme: string; at: number; kind: "scalar" | "flow-end" | "other" }> {
  let at = 0;
  let atScalar = false;
  for (const lexeme of new Lexer().lex(text)) {
    if (at > offset) return;
    if (atScalar) {
      atScalar = false;
      yield { lexeme, at, kind: "scalar" };
      at += lexeme.length;
    } else if (lexeme === CST.SCALAR) atScalar = true;
    else if (lexeme === CST.FLOW_END) yield { lexeme, at, kind: "flow-end" };
    else if (lexeme !== CST.DOCUMENT) {
      yield { lexeme, at, kind: "other" };
      at += lexeme.length;
    }
  }
}

/**
 * Where a quoted string the parser found unclosed at `offset` (the end of the file) opens: the
 * last quoted scalar before it (a quoted one comes without the SCALAR marker; a plain one may
 * hold a quote of its own).
 */
function unclosedQuote(text: string, offset: number, quote: string): number | undefined {
  let opened: number | undefined;
  for (const t of tokensUpTo(text, offset)) if (t.kind === "other" && t.lexeme.startsWith(quote)) opened = t.at;
  return opened;
}

/** The `[` or `{` left open before `offset` (the parser reports it where it gives up, later). */
function unclosedFlow(text: string, offset: number): number | undefined {
  let open: number[] = [];
  let abandoned: number | undefined;
  for (const { lexeme, at, kind } of tokensUpTo(text, offset)) {
    if (kind === "flow-end") {
      // The lexer left flow mode at a line indented too little: what is open was never closed.
      if (open.length > 0) abandoned = open[open.length - 1];
      open = [];
    } else if (kind === "other") {
      if (lexeme === "[" || lexeme === "{") open.push(at);
      else if ((lexeme === "]" || lexeme === "}") && open.length > 0) open.pop();
    }
  }
  return abandoned ?? open[open.length - 1];
}

/** Hints, by the parser's message (first match wins), saying what was expected. */
const SYNTAX_HINTS: [RegExp, string][] = [
  [/^Tabs are not allowed/, "expected indentation with spaces, not tabs"],
  [/^Flow (sequence|map)/, "expected the flow collection to be closed (with ] or }), its lines indented more than its key"],
  [/^Missing closing .?quote/, "expected the quoted string to be closed"],
  [/^Implicit map keys need to be followed by map values/, 'expected "key: value", with a space after the colon'],
  [/^A block sequence may not be used as an implicit map key/, 'expected the items ("- ") of one list to start at the same column'],
  [/^All (mapping|collection) items must start at the same column/, "expected the keys of one mapping to line up, indented with spaces"],
  [/^Sequence item without - indicator/, 'expected this line to line up with its sibling keys, or each item of the list above it to start with "- "'],
  [/^Invalid escape sequence/, 'expected a valid escape in a double-quoted string (\\\\, \\", \\n, \\t, \\uXXXX), or single quotes'],
  [/^Plain value cannot start with/, "expected the value to be quoted"],
  [/^Unexpected .* token/, "expected valid YAML here (a stray bracket or indicator?)"],
  [/^Nested mappings|^Implicit keys need/, 'expected each "key: value" on one line, indented like its siblings'],
];

const lineAt = (text: string, offset: number) => {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const nl = text.indexOf("\n", offset);
  return { start, end: nl === -1 ? text.length : nl };
};
const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The parser reports a mis-indented line, a missing colon or an unquoted ": " as "Implicit keys
 * need to be on a single line" or "Nested mappings are not allowed in compact mappings", at the
 * value before the mistake. Finds the likely mistake, and where it is.
 */
function explainImplicitKey(text: string, offset: number): { offset: number; message: string } | undefined {
  const { start, end } = lineAt(text, offset);
  const line = text.slice(start, end).replace(/\r$/, "");
  // The next line with content (not blank, not a comment).
  let nextStart = end + 1;
  while (nextStart < text.length) {
    const n = lineAt(text, nextStart);
    const t = text.slice(n.start, n.end).replace(/\r$/, "");
    if (t.trim() !== "" && !t.trimStart().startsWith("#")) {
      if (indentOf(t) > indentOf(line) && /^\s*(- )?[^\s#][^:#]*:(\s|$)/.test(line))
        return { offset: n.start + indentOf(t), message: `this line is indented more than line ${text.slice(0, start).split("\n").length}'s key, so it is read as part of that value; expected it to line up with its sibling keys` };
      break;
    }
    nextStart = n.end + 1;
  }
  const rest = line.slice(offset - start);
  if (/^\s*-[^\s-]/.test(line)) return { offset: start + indentOf(line), message: 'a list item needs a space after the dash; expected "- value"' };
  if (!/:(\s|$)/.test(rest) && !/^\s*- /.test(line)) return { offset: start + indentOf(line), message: 'expected "key: value" (is the colon after the key missing?)' };
  if (/:\s/.test(rest)) return { offset, message: 'a value that contains ": " must be quoted; expected "key: \'some: text\'"' };
  return undefined;
}

/** What a library function that takes a file (`fn`) says of an argument that is none: a string (the text, or a path), null, another shape. */
export function notASourceFile(file: unknown, fn: string): Diagnostic | undefined {
  const f = file as Partial<SourceFile> | null;
  if (typeof f === "object" && f !== null && (typeof f.content === "string" || f.content instanceof Uint8Array) && typeof f.path === "string") return undefined;
  return diag({ file: typeof file === "string" ? "<text>" : "file", line: 0, column: 0 }, "bad-file", `${fn} takes a file as { path, content } (a string, and a string or bytes), not ${typeof file === "string" ? "a string" : file === null ? "null" : "a value of another shape"}`);
}

export function readYaml(file: SourceFile): ReadResult {
  const text = decode(file);
  if (typeof text !== "string") return { ok: false, diagnostics: [text] };
  const fail = (d: Diagnostic): ReadResult => ({ ok: false, diagnostics: [d] });
  const lc = new LineCounter();
  let doc: Document.Parsed;
  try {
    const deep = scanDepth(file.path, text);
    if (deep) return fail(deep);
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, merge: true });
  } catch (e) {
    // Not expected after scanDepth; kept so that no input can crash the loader.
    const tooDeep = e instanceof RangeError;
    return fail(
      diag({ file: file.path, line: 1, column: 1 }, tooDeep ? "too-deep" : "yaml-syntax", tooDeep ? "nesting too deep to parse; expected a shallow YAML file" : `cannot parse YAML: ${String((e as Error).message)}; expected valid YAML`),
    );
  }
  if (doc.errors.length > 0) {
    const out: Diagnostic[] = [];
    const lines = new Set<number>();
    for (const err of doc.errors) {
      const pos = posOf(file.path, lc, err.pos[0]);
      // One error per line: the parser often reports a second, consequential one at the same place.
      if (lines.has(pos.line)) continue;
      lines.add(pos.line);
      const msg = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      if (err.code === "MULTIPLE_DOCS") {
        out.push(diag(pos, "multiple-documents", 'a second YAML document starts here ("---"); expected one document per file'));
      } else if (/call stack/i.test(msg)) {
        out.push(diag(pos, "too-deep", `nesting too deep to parse; expected a shallow YAML file`));
      } else {
        let better = err.code === "MULTILINE_IMPLICIT_KEY" || err.code === "BLOCK_AS_IMPLICIT_KEY" ? explainImplicitKey(text, err.pos[0]) : undefined;
        const flow = /^Flow (sequence|map)/.exec(msg);
        const opened = flow ? unclosedFlow(text, err.pos[0]) : undefined;
        if (flow && opened !== undefined) {
          const [o, c] = text[opened] === "[" ? ["[", "]"] : ["{", "}"];
          better = { offset: opened, message: `this ${o} is never closed; expected a closing ${c} (a flow ${o === "[" ? "list" : "mapping"} that spans lines must indent them more than its key)` };
        }
        // An unclosed quote is found at the end of the file; where it opens is what to fix.
        const quote = /^Missing closing (["'])quote/.exec(msg)?.[1];
        const quoted = quote ? unclosedQuote(text, err.pos[0], quote) : undefined;
        if (quote && quoted !== undefined) better = { offset: quoted, message: `this ${quote} is never closed; expected a closing ${quote} before the end of the value (a quote inside it is written ${quote === '"' ? '\\"' : "''"})` };
        if (better) {
          const at = posOf(file.path, lc, better.offset);
          if (lines.has(at.line) && at.line !== pos.line) continue;
          lines.add(at.line);
          out.push(diag(at, "yaml-syntax", `YAML syntax error: ${better.message}`));
        } else {
          const hint = SYNTAX_HINTS.find(([re]) => re.test(msg))?.[1];
          // A line indented so that it lines up with nothing is reported at its column 1: shown
          // where its text starts, which is what to move.
          const { start, end } = lineAt(text, err.pos[0]);
          const misaligned = err.code === "MISSING_CHAR" || err.code === "BAD_INDENT" ? posOf(file.path, lc, start + indentOf(text.slice(start, end))) : pos;
          out.push(diag(misaligned.line === pos.line ? misaligned : pos, "yaml-syntax", `YAML syntax error: ${msg}${hint ? `; ${hint}` : ""}`));
        }
      }
      if (out.length >= 5) break;
    }
    return { ok: false, diagnostics: out };
  }
  // What the parser only warns of: a %YAML version it does not know, an unresolved tag.
  const warned = doc.warnings[0];
  if (warned) {
    const pos = posOf(file.path, lc, warned.pos[0]);
    const msg = warned.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    if (warned.code === "TAG_RESOLVE_FAILED") return fail(diag(pos, "yaml-tag", `YAML tag ${msg.replace(/^Unresolved tag: /, "")} is not used in these files; expected a plain value without a tag`));
    if (warned.code === "BAD_DIRECTIVE") return fail(diag(pos, "yaml-syntax", `YAML syntax error: ${msg}; expected YAML 1.2 (or no %YAML line)`));
    return fail(diag(pos, "yaml-syntax", `YAML syntax error: ${msg}`));
  }
  // Aliases first (bounded, one pass): what they name is then known without a walk of the
  // document per alias (Alias.resolve), which made a file of many merge keys quadratic.
  const targets = new Map<Node, Node>();
  const treeProblem = checkAliases(file.path, lc, doc.contents as Node | null, targets) ?? checkTree(file.path, lc, doc.contents as Node | null, targets);
  if (treeProblem) return fail(treeProblem);
  let value: unknown;
  try {
    // Aliases are bounded by checkAliases; the parser's own limit is a second line of defence.
    value = doc.toJS({ maxAliasCount: 10 * MAX_ALIAS_NODES });
  } catch (e) {
    const msg = String((e as Error).message);
    const first = doc.contents ? firstAlias(doc.contents as Node) : undefined;
    const at = first ? posOf(file.path, lc, first.range?.[0] ?? 0) : { file: file.path, line: 1, column: 1 };
    return fail(
      /alias/i.test(msg)
        ? diag(at, "alias-bomb", "too many alias expansions (an alias bomb?); expected plain data with few aliases")
        : diag({ file: file.path, line: 1, column: 1 }, "yaml-syntax", `cannot read YAML: ${msg}; expected plain data`),
    );
  }
  const locate = (path: readonly PathKey[], key = false): SourcePos => {
    let node: unknown = doc.contents;
    let pos = posOf(file.path, lc, (node as Node | null)?.range?.[0] ?? 0);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      if (isAlias(node)) node = targets.get(node) ?? node.resolve(doc);
      if (isMap(node)) {
        const pair = pairOf(node, seg);
        if (!pair) return pos;
        const k = pair.key as Node;
        const v = pair.value as Node | null;
        if (last && key) return posOf(file.path, lc, k.range?.[0] ?? 0);
        node = v;
        // An empty value ("key:" and nothing) has no text of its own: point at its key.
        const empty = !v || (isScalar(v) && v.value === null && v.range?.[0] === v.range?.[1]);
        pos = posOf(file.path, lc, (empty ? k : v).range?.[0] ?? 0);
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
  // A key's pair in a mapping: its own, or else the one a merge key ("<<") brings from another
  // mapping (the first in the merge's order), so that a value merged in is placed at its text.
  function pairOf(map: Node, seg: PathKey, seen = new Set<Node>()): Pair | undefined {
    if (!isMap(map) || seen.has(map)) return undefined;
    seen.add(map);
    const own = map.items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === String(seg));
    if (own) return own as Pair;
    for (const p of map.items) {
      if (!isMergeKey(p.key)) continue;
      for (const source of mergeSources(targets, p.value as Node | null) ?? []) {
        const found = pairOf(source, seg, seen);
        if (found) return found;
      }
    }
    return undefined;
  }
  if (value === null || value === undefined) {
    const what = doc.contents === null ? "file is empty (or only comments)" : "file holds only a null value";
    return fail(diag({ file: file.path, line: 1, column: 1 }, "empty-file", `${what}; expected a YAML mapping`));
  }
  return { ok: true, source: { file: file.path, value, locate } };
}
