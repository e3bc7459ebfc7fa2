/** Styling for human output: colour only when the caller says so (a TTY without NO_COLOR). */
import pc from "picocolors";

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function makeStyle(colour: boolean): Style {
  const c = pc.createColors(colour);
  return { bold: c.bold, dim: c.dim, red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan };
}

const ANSI = /\u001b\[[0-9;]*m/g;
const width = (s: string) => s.replace(ANSI, "").length;
/** A cell cut to `n` characters, the last one "…" (cells to cut hold no colour). */
const cut = (s: string, n: number) => `${s.replace(ANSI, "").slice(0, Math.max(0, n - 1))}…`;

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
