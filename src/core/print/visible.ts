/**
 * Terminal safety: a string that came from a file or an argument is made visible before it
 * reaches a terminal. C0 and C1 control characters (ESC sequences that clear the screen or set
 * the window title, NUL, DEL), the bidirectional overrides and isolates that reorder what is
 * shown, and the Unicode line separators are written as escapes (`\x1b`, `\u202e`). JSON and YAML
 * output are not passed through here: they stay exact.
 */

// C0 (but tab and newline, which a caller may keep), DEL and C1, the bidi marks, overrides and
// isolates, and the line and paragraph separators.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const LINES = /[\t\n]/g;

const escape = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
};

/**
 * True when `s` has nothing `visible` would change: printable ASCII only (tab and newline too
 * when `keepLines`). Almost every string is so, and this loop saves compiling the regular
 * expressions in a short run (a CLI's whole output).
 */
function plain(s: string, keepLines: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (keepLines && (c === 0x09 || c === 0x0a)) continue;
    return false;
  }
  return true;
}

/** `s` with every unsafe character as an escape; tabs and newlines too unless `keepLines`. */
export function visible(s: string, keepLines = false): string {
  if (plain(s, keepLines)) return s;
  const out = s.replace(UNSAFE, escape);
  return keepLines ? out : out.replace(LINES, (c) => (c === "\n" ? "\\n" : "\\t"));
}

/** A copy of a value (result data) with every string made visible (keys too). */
export function visibleDeep<T>(value: T): T {
  if (typeof value === "string") return visible(value) as T;
  if (Array.isArray(value)) return value.map(visibleDeep) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[visible(k)] = visibleDeep(v);
    return out as T;
  }
  return value;
}
