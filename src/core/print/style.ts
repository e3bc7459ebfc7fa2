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

/** Aligned columns; the last column is not padded. */
export function table(rows: string[][], indent = "  "): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows
    .map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat(widths[i]! - width(cell)))).join("  ").trimEnd())
    .join("\n");
}
