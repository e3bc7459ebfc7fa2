/**
 * Diagnostics: the one shape every user-caused problem takes, from YAML syntax to lint findings.
 * Validation returns diagnostics instead of throwing; `InputError` carries them across the API
 * boundary when a caller cannot go on (the CLI prints them and exits 2).
 */

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `unknown-key`, `dangling-reference`. */
  code: string;
  message: string;
  /** The file, or what the finding is about when it is in no file (`option --use-case`, `request.useCases`, `arguments`). */
  file: string;
  /** 1-based; 0 when the finding has no place in a file (an option, a request's field, a missing directory). */
  line: number;
  /** 1-based; 0 with line 0. */
  column: number;
}

/** Where a thing was written: used to cite rules as `file:line` (line and column 0: no place in a file, cited by `file` alone). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export const NO_POS: SourcePos = { file: "<request>", line: 0, column: 0 };

export function cite(pos: SourcePos): string {
  return pos.line > 0 ? `${pos.file}:${pos.line}` : pos.file;
}

/** A diagnostic as one line: `file:line:col: severity: message [code]` (the position left out where it has none). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${where}: ${d.severity}: ${d.message} [${d.code}]`;
}

export function diag(pos: SourcePos, code: string, message: string, severity: Severity = "error"): Diagnostic {
  return { severity, code, message: shortQuotes(message), file: pos.file, line: pos.line, column: pos.column };
}

/** The longest quoted value a message repeats whole (an id, a name, what was typed). */
const QUOTE_MAX = 200;

/**
 * A message with each very long quoted value cut to its start and its length: a 900,000-character
 * id given by mistake was repeated whole, in every format.
 */
function shortQuotes(message: string): string {
  if (message.length <= QUOTE_MAX) return message;
  // Between quotes are the odd parts, when the quotes pair up (else nothing is cut): a regular
  // expression would also take the text between one value's closing quote and the next's opening.
  const parts = message.split('"');
  if (parts.length % 2 === 0) return message;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const v = parts[i]!;
    out += (v.length > QUOTE_MAX ? `"${v.slice(0, 60)}…" (${v.length.toLocaleString("en")} characters)` : `"${v}"`) + parts[i + 1]!;
  }
  return out;
}

/** Thrown by API functions when the input (catalog, stack file, request) is unusable. */
export class InputError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "InputError";
    this.diagnostics = diagnostics;
  }
}

/** Sorts diagnostics in place by file, line, column, code and message (the order lint reports in); returns them. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** A library argument as an error names it, in JavaScript's words (a file's values are named in YAML's: validate.ts's describeValue). */
export const describeArgument = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "string" ? `the string "${v}"` : `${typeof v === "object" ? "an object of another shape" : typeof v}`);
