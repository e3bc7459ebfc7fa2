/**
 * The printers: result data in, text out, one function per output format (as knip's reporters).
 * JSON is the result itself; YAML of a stack is a stack file (valid input for `check`); mermaid
 * and dot draw the stack of a result that has one.
 */
import type { Catalog } from "../catalog/catalog.js";
import { diag, InputError } from "../common/diagnostics.js";
import { stackGraph, type StackGraph } from "../commands/graph.js";
import type { AnyResult, Stack } from "../commands/result.js";
import { findingsOf, relocated, toGithub, toSarif } from "./ci.js";
import { toDot, toMermaid } from "./graph.js";
import { stackToYaml, toYaml } from "./stack-yaml.js";
import { makeStyle } from "./style.js";
import { visible, visibleDeep } from "./visible.js";
import { analyzeText, checkText, diffText, explainText, lintText, listText, partialSample, recommendText, repairText, sampleText, whyText } from "./text.js";

/** The output formats every printer knows (`--format`); not every command takes each (see `PRINTERS`). */
export const FORMATS = ["table", "json", "yaml", "mermaid", "dot", "github", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export interface PrintContext {
  /** Colour for a terminal (default: none). */
  colour?: boolean;
  /** The stack file a result is about (check, repair), as the user named it. */
  file?: string;
  /** The catalog, for the pictures (mermaid, dot): they throw a TypeError without it when the result has a stack. */
  catalog?: Catalog;
  /** The tool's version, for the SARIF log. */
  version?: string;
  /** Tables as wide as their content (else cut to `width`, where they can be). */
  wide?: boolean;
  /** The columns a table may take unless `wide` (default 100, `TABLE_WIDTH`; Infinity: no cut). */
  width?: number;
  /** How the CI formats name a finding's file (default: as the result names it; see `relocated`). */
  place?: (file: string) => string;
  /** The absolute directory the CI formats' relative paths are relative to (SARIF's `%SRCROOT%`). */
  root?: string;
}

/** The human wording of a result, every string from a file or an argument made visible (see visible.ts). */
export function textOf(result: AnyResult, ctx: PrintContext): string {
  const st = makeStyle(ctx.colour === true);
  const r = visibleDeep(result);
  ctx = ctx.file !== undefined ? { ...ctx, file: visible(ctx.file) } : ctx;
  switch (r.command) {
    case "recommend":
      return recommendText(r, st);
    case "explain":
      return explainText(r, st);
    case "check":
      return checkText(r, st, ctx.file ?? "stack");
    case "repair":
      return repairText(r, st, ctx.file ?? "stack");
    case "why":
    case "why-not":
      return whyText(r, st);
    case "analyze":
      return analyzeText(r, st);
    case "sample":
      return sampleText(r, st);
    case "lint":
      return lintText(r, st);
    case "list":
      return listText(r, st, ctx.wide ? Infinity : ctx.width);
    case "diff":
      return diffText(r, st);
    case "export":
      // The file itself, its lines kept (any unsafe character from a catalog's names escaped).
      return visible(result.command === "export" ? result.text : "", true).replace(/\n$/, "");
  }
}

/** A sample of no stacks in YAML: why, in comments (the stream stays one of stack files, here none). */
function noStackComment(r: { conflict?: { requests: { message: string; source: string }[]; rules: { message: string; source: string }[] } }): string {
  const lines = ["no valid stack exists for this request: no stacks"];
  if (r.conflict) {
    lines.push("these requests cannot hold together:", ...r.conflict.requests.map((q) => `  - ${q.message} (${q.source})`));
    if (r.conflict.rules.length) lines.push("because:", ...r.conflict.rules.map((c) => `  - ${c.message} (${c.source})`));
  }
  return yamlComments(lines);
}

/** Lines as YAML comments, each on one line and safe for a terminal. */
const yamlComments = (lines: readonly string[]): string => lines.map((l) => `# ${visible(l.replace(/[\r\n]+/g, " "))}\n`).join("");

/** The YAML of a result: a stack file when it carries a valid stack, a stream of them for a sample. */
export function yamlOf(r: AnyResult): string {
  if (r.command === "sample") {
    // A stream of stack files; a time limit is said in a comment, which keeps the stream valid.
    const note = r.no_stack ? noStackComment(r) : r.timed_out ? (r.stacks.length === 0 ? "# stopped at the time limit before a complete sample: no stacks\n" : partialSample(r) ? `# stopped at the time limit before every feasible pair was covered: the stacks found so far cover ${r.covered_pairs} of ${r.feasible_pairs}\n` : "# stopped at the time limit while making the sample smaller: more stacks than may be needed\n") : "";
    return note + r.stacks.map((st, i) => `# stack ${i + 1} of ${r.stacks.length}\n${stackToYaml(st)}`).join("---\n");
  }
  const stack = "stack" in r ? (r.stack as Stack | undefined) : undefined;
  // One stack file: with --top, the best, and a comment that the others are in the other formats.
  const others = r.command === "recommend" && (r.stacks?.length ?? 0) > 1 ? `# the best of the ${r.stacks!.length} stacks --top ${r.top} listed; a stack file holds one: --format json or table lists them all\n` : "";
  if ((r.command === "recommend" || r.command === "explain" || r.command === "check" || r.command === "repair") && stack && r.ok !== false) return others + stackToYaml(stack);
  // An invalid stack checked: the stack file as checked, the rules it breaks in comments (JSON
  // carries them as data); a verdict that depended on the result's shape broke check's own input.
  if (r.command === "check" && stack && !r.timed_out) {
    const n = r.violations.length;
    const said = [`invalid stack: ${n} rule${n === 1 ? "" : "s"} broken (--format json lists them as data)`, ...r.violations.map((v) => `  - ${v.message} (${v.source})`)];
    return yamlComments(said) + stackToYaml(stack);
  }
  // The best stack found before the time limit: still a stack file, the limit said in a comment
  // (as a sample's stream says it). A check the limit stopped has no verdict: the stack file as
  // checked, with that said (it printed the result's fields, which check refused as a stack file).
  if ((r.command === "recommend" || r.command === "explain" || r.command === "repair") && stack && "timed_out" in r && r.timed_out)
    return `${limitNotes(r).map((l) => `# ${l[0]!.toLowerCase()}${l.slice(1)}\n`).join("")}${stackToYaml(stack)}`;
  if (r.command === "check" && stack && r.timed_out) return yamlComments(["stopped at the time limit (--timeout) before the check finished: the stack as given, neither valid nor invalid yet"]) + stackToYaml(stack);
  return toYaml(r);
}

/**
 * What a stack printed under a limit is, in comment lines of a picture or a stack file: which
 * limit, whether the stack is the proven best (`--top` stopped while ranking the others) or the
 * best found so far, and whether the clock rather than the work stopped it.
 */
function limitNotes(r: AnyResult): string[] {
  const limit = "stopped_by" in r && r.stopped_by === "memory" ? "the solver's memory limit" : "the time limit (--timeout)";
  const proven = "optimal" in r && r.optimal === true;
  return [
    `Stopped at ${limit}: ${proven ? "the best stack, proven; the others asked for were not all ranked" : "the best stack found so far, not proven the best"}.`,
    ...("clock_stopped" in r && r.clock_stopped ? ["clock_stopped: the clock ran out before the work the limit stands for was done."] : []),
  ];
}

/** The picture of a result's stack (recommend, explain, check, repair), or undefined when it has none. */
export function graphOf(r: AnyResult, catalog: Catalog): StackGraph | undefined {
  switch (r.command) {
    case "recommend":
    case "check":
      return r.stack ? stackGraph(catalog, r.stack) : undefined;
    case "repair": {
      if (!r.stack) return undefined;
      const ids = (action: string) => r.changes.filter((c) => c.action === action).map((c) => c.id);
      return stackGraph(catalog, r.stack, ids("remove"), ids("add"));
    }
    default:
      return undefined;
  }
}

/**
 * A picture of the result's stack. Stopped at the time limit, it says so in a comment of the
 * picture's own language after its first line (`mark`: `%%` for Mermaid, `//` for Graphviz), so
 * the file still draws; a result with no stack to draw (a check the limit stopped has no verdict)
 * is an empty picture with its words in such comments.
 */
const picture = (name: "mermaid" | "dot", draw: (g: StackGraph) => string, mark: string) => (r: AnyResult, ctx: PrintContext = {}) => {
  // A result with a stack cannot be drawn without its catalog: a caller's mistake, said as one
  // (the words instead would look like a picture that failed).
  if (!ctx.catalog && (r.command === "recommend" || r.command === "check" || r.command === "repair") && r.stack !== undefined) throw new TypeError(`the ${name} printer needs the catalog the result was computed with: PRINTERS.${name}(result, { colour, catalog })`);
  const stopped = "timed_out" in r && r.timed_out === true;
  const g = ctx.catalog && !(stopped && r.command === "check") ? graphOf(r, ctx.catalog) : undefined;
  // No stack to draw (none exists, none yet, or not a stack's command): an empty picture whose
  // comments carry the words, so that `| dot -Tsvg` still gets a file it reads.
  if (!g) return withComments(draw({ groups: [], edges: [] }), mark, textOf(r, { ...ctx, colour: false }).split("\n"));
  const text = draw(g);
  return stopped ? withComments(text, mark, limitNotes(r)) : text;
};

/** A picture with `lines` as comments (`mark`) after its first line, where its language allows them. */
function withComments(text: string, mark: string, lines: readonly string[]): string {
  const nl = text.indexOf("\n") + 1;
  return text.slice(0, nl) + lines.map((l) => `${l ? `${mark} ${l}` : mark.trimEnd()}\n`).join("") + text.slice(nl);
}

/** The formats for continuous integration (check, lint, diff). */
export const CI_FORMATS = ["github", "sarif"] as const;

/** A printer's argument that is no command's result (null, a catalog, a stack): bad input, not a TypeError from deep inside. */
function checkResult(r: unknown): void {
  if (typeof r !== "object" || r === null || typeof (r as { command?: unknown }).command !== "string")
    throw new InputError([diag({ file: "result", line: 0, column: 0 }, "bad-argument", "a printer takes a command's result (what recommend, check, ... return)")]);
}

/** The CI formats annotate what check, lint and diff find; another command's result has nothing for them (the CLI refuses the format). */
function ciOnly(r: AnyResult, format: string): never {
  throw new InputError([diag({ file: "format", line: 0, column: 0 }, "bad-format", `--format ${format} is for check, lint and diff, not ${r.command}`)]);
}

/** Every format's printer. A picture of a result without a stack is empty, its words in comments. */
const printers: Record<Format, (r: AnyResult, ctx?: PrintContext) => string> = {
  table: (r, ctx = {}) => textOf(r, ctx) + "\n",
  json: (r) => JSON.stringify(r, null, 2) + "\n",
  yaml: (r) => yamlOf(r),
  mermaid: picture("mermaid", toMermaid, "  %%"),
  dot: picture("dot", toDot, "  //"),
  github: (r, ctx = {}) => {
    const v = visibleDeep(r);
    const f = findingsOf(v);
    return f ? toGithub(v, relocated(f, ctx.place)) : ciOnly(r, "github");
  },
  sarif: (r, ctx = {}) => {
    const f = findingsOf(r);
    return f ? toSarif(r, relocated(f, ctx.place), ctx.version, false, ctx.root) : ciOnly(r, "sarif");
  },
};
/**
 * A printer per format: any command's result as the CLI prints it (`PRINTERS.table(r)`,
 * `PRINTERS.sarif(r, { version })`). A picture (mermaid, dot) of a stack needs `ctx.catalog` (a
 * TypeError without it: the caller's slip); what is no result, or a CI format (github, sarif) of a
 * command other than check, lint and diff, is bad input (InputError).
 */
export const PRINTERS: Record<Format, (r: AnyResult, ctx?: PrintContext) => string> = Object.fromEntries(
  Object.entries(printers).map(([format, print]) => [format, (r: AnyResult, ctx?: PrintContext) => (checkResult(r), print(r, ctx))]),
) as Record<Format, (r: AnyResult, ctx?: PrintContext) => string>;
