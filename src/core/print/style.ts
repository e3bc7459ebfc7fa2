/**
 * Styling for human output: colour only when the caller says so (a TTY without NO_COLOR).
 *
 * Written out rather than taken from picocolors, which this used before: picocolors reads
 * `process.stdout.isTTY` when it is loaded, and that builds stdout's stream in every process that
 * loads the printers (for a pipe a socket: Node's `net` and `tty`, ~5 ms of a CLI answer, where
 * the CLI now writes its answer with one `fs.writeSync`; bench/README.md, "The floor"). Six SGR
 * pairs, and picocolors' one subtlety kept: a style that closes inside the text (bold inside
 * dim: both close with 22) is opened again after that close, and a colour closing inside
 * another is replaced by the outer one's opening.
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const ESC = "\u001b[";
/** `open`, the text, `close`; a `close` inside the text becomes `again` (by default `open`). */
const sgr = (open: number, close: number, again = `${ESC}${open}m`) => {
  const c = `${ESC}${close}m`;
  return (s: string): string => `${ESC}${open}m${String(s).replaceAll(c, again)}${c}`;
};
const plain = (s: string): string => String(s);
const COLOUR: Style = {
  // Bold and faint share their close (22): one closing inside the other closes both.
  bold: sgr(1, 22, `${ESC}22m${ESC}1m`),
  dim: sgr(2, 22, `${ESC}22m${ESC}2m`),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};
const PLAIN: Style = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

/** The text printers' styles: ANSI colour and bold when `colour`, else every style returns its text as it is. */
export function makeStyle(colour: boolean): Style {
  return colour ? COLOUR : PLAIN;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The columns a grapheme (what a reader sees as one character) takes on a terminal: 0 for
 * combining marks and zero-width characters alone, 2 for East Asian wide and fullwidth characters
 * and for emoji shown as emoji (Emoji_Presentation, or a pictograph with the emoji selector
 * U+FE0F; a ZWJ family is one), 1 otherwise: so that a layer's plugin named "データ基盤 🚀" keeps
 * its table aligned.
 */
function graphemeWidth(g: string): number {
  if (/^[\p{Mn}\p{Me}\u200b-\u200f\ufe00-\ufe0f]+$/u.test(g)) return 0;
  if (/\p{Emoji_Presentation}/u.test(g) || (g.includes("\ufe0f") && /\p{Extended_Pictographic}/u.test(g))) return 2;
  const cp = g.codePointAt(0)!;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

let segmenter: Intl.Segmenter | null | undefined;
/** The graphemes of a string (its code points where Intl.Segmenter is missing). */
const graphemes = (s: string): Iterable<string> => {
  if (segmenter === undefined) segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  return segmenter ? [...segmenter.segment(s)].map((x) => x.segment) : s;
};

/** The columns a string takes on a terminal (its colour codes none); printable ASCII at once. */
export function displayWidth(s: string): number {
  const plain = s.replace(ANSI, "");
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let w = 0;
  for (const g of graphemes(plain)) w += graphemeWidth(g);
  return w;
}

const width = displayWidth;

/** A cell cut to `n` columns, the last one "…" (cells to cut hold no colour). */
const cut = (s: string, n: number) => {
  let out = "";
  let w = 0;
  for (const g of graphemes(s.replace(ANSI, ""))) {
    const gw = graphemeWidth(g);
    if (w + gw > n - 1) break;
    out += g;
    w += gw;
  }
  return `${out}…`;
};

/**
 * Aligned columns; the last column is not padded. With `maxWidth`, the widest columns are cut
 * (with "…") until each line fits, the first one (an id) last; a header row keeps its words.
 */
export function table(rows: string[][], indent = "  ", maxWidth?: number): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  if (maxWidth !== undefined) {
    const floor = rows[0]?.map((h) => Math.max(6, width(h))) ?? [];
    const total = () => indent.length + widths.reduce((n, w) => n + w, 0) + 2 * (widths.length - 1);
    // The first column (an id) is cut last: the widest of the others is cut first.
    const widestFrom = (from: number) => {
      let widest = -1;
      for (let i = from; i < widths.length; i++) if (widths[i]! > (floor[i] ?? 6) && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      return widest;
    };
    while (total() > maxWidth) {
      const i = widestFrom(1) >= 0 ? widestFrom(1) : widestFrom(0);
      if (i < 0) break;
      widths[i]!--;
    }
    rows = rows.map((r) => r.map((cell, i) => (width(cell) > widths[i]! ? cut(cell, widths[i]!) : cell)));
  }
  return rows
    .map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat(widths[i]! - width(cell)))).join("  ").trimEnd())
    .join("\n");
}
