/**
 * Writes a model as a problem any solver reads: DIMACS CNF (the hard problem), WCNF (weighted
 * partial MaxSAT, the 2022 format: "h" for hard clauses), OPB (pseudo-Boolean optimisation) and
 * ASP (clingo's language). Every request of the model holds (its selector is dropped from its
 * clauses: the exported problem is the request's own), and the lexicographic objective levels
 * become:
 *   - WCNF and OPB: one weighted sum. Level i's weight is the product of (its maximum + 1) over
 *     every later level, so one unit at level i outweighs any cost at all the levels after it, and
 *     the weighted optimum is the lexicographic one: cost = Σ level_i × weight_i.
 *   - ASP: one `#minimize` per term at priority (levels − i), which clingo compares level by level.
 *   - DIMACS: the levels in comments only (a CNF has no objective).
 * A comment header maps each variable back to what it means and each rule to its clauses.
 *
 * Domain-free: the meaning of variables comes from the caller (`describe`, `show`).
 */
import { isNegative, neg, varOf, type Clause, type Model } from "./types.js";

export const EXPORT_FORMATS = ["dimacs", "wcnf", "opb", "asp"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** What a variable means, for the header ("plugin x is selected"); undefined: not described. */
  describe?: (v: string) => string | undefined;
  /** ASP only: a term to show for a true variable (`plugin("x")`), or undefined. */
  show?: (v: string) => string | undefined;
  /** Lines said first in the header (what was asked). */
  title?: string[];
  /** Called between the steps of the writing (numbering, the clauses, the text): may throw to stop it (a time limit). */
  check?: () => void;
}

/** A level of the exported objective: its name, its weight in WCNF/OPB, its largest possible cost. */
export interface ExportedLevel {
  objective: string;
  weight: string;
  max: number;
}

export interface Exported {
  text: string;
  variables: number;
  clauses: number;
  levels: ExportedLevel[];
}

/** The problem in numbers: variables 1..n, clauses of signed numbers, levels of weighted literals. */
interface Numbered {
  names: string[];
  num: Map<string, number>;
  clauses: number[][];
  /** For each labelled group (rule or request) the range of its clauses, 1-based inclusive. */
  groups: { what: string; from: number; to: number }[];
  levels: { name: string; terms: { lit: number; weight: number }[]; max: number; weight: bigint }[];
}

/**
 * `check` at every `n`-th call: the loops over hundreds of thousands of clauses and comment lines
 * ask the time limit as they go (export of 3,000 synthetic plugins ran 2–4 s past --timeout),
 * without reading the clock for each line.
 */
const every = (check: (() => void) | undefined, n = 8192): (() => void) => {
  if (!check) return () => {};
  let i = 0;
  return () => {
    if (++i % n === 0) check();
  };
};

function numbered(model: Model, tick: () => void): Numbered {
  const names: string[] = [];
  const num = new Map<string, number>();
  const id = (v: string) => {
    let n = num.get(v);
    if (n === undefined) {
      names.push(v);
      num.set(v, (n = names.length));
    }
    return n;
  };
  const lit = (l: string) => (isNegative(l) ? -id(varOf(l)) : id(l));
  for (const v of model.vars) id(v);
  const clauses: number[][] = [];
  const groups: Numbered["groups"] = [];
  const add = (what: string, cs: Clause[]) => {
    if (cs.length === 0) return;
    const from = clauses.length + 1;
    for (const c of cs) {
      tick();
      clauses.push(c.map(lit));
    }
    groups.push({ what, from, to: clauses.length });
  };
  const at = (s: { file: string; line: number }) => (s.line > 0 ? `${s.file}:${s.line}` : s.file);
  for (const c of model.constraints) add(`${c.kind}: ${c.message} (${at(c.source)})`, c.clauses);
  // Every request holds: its clauses without the selector's guard.
  for (const r of model.requests) add(`request ${r.kind}: ${r.message} (${at(r.source)})`, r.clauses.map((c) => c.filter((l) => l !== neg(r.selector))));
  const levels = model.objectives.map((o) => {
    if (o.lazy) throw new Error(`export: objective level "${o.name}" is lazy; build the model with every term listed`);
    const terms = o.terms.filter((t) => t.weight > 0).map((t) => ({ lit: lit(t.lit), weight: t.weight }));
    return { name: o.name, terms, max: terms.reduce((s, t) => s + t.weight, 0), weight: 1n };
  });
  // Each level outweighs everything after it.
  for (let i = levels.length - 2; i >= 0; i--) levels[i]!.weight = levels[i + 1]!.weight * BigInt(levels[i + 1]!.max + 1);
  return { names, num, clauses, groups, levels };
}

/** The header's lines (without the comment mark). */
function header(p: Numbered, format: ExportFormat, opts: ExportOptions, counts: string, tick: () => void): string[] {
  const out = [...(opts.title ?? []), counts, ""];
  out.push("Objective levels, minimised in this order (lexicographically: a level counts only between equal earlier levels):");
  p.levels.forEach((l, i) => {
    const how = format === "asp" ? `priority ${p.levels.length - i}` : format === "dimacs" ? "not in a CNF; listed here" : `weight ${l.weight} per unit`;
    out.push(`  ${i + 1}. ${l.name}: ${how}; at most ${l.max}; terms (weight × literal): ${l.terms.map((t) => `${t.weight}×${t.lit}`).join(" ") || "none"}`);
  });
  if (format === "wcnf" || format === "opb") out.push(`  The optimum of the weighted sum is Σ level × weight: divide by the weights in order to read each level's cost.`);
  out.push("", "Variables:");
  p.names.forEach((v, i) => {
    tick();
    out.push(`  ${i + 1} = ${v}${describeOf(opts, v)}`);
  });
  out.push("", "Rules (each with its clauses, numbered from 1 in the order they follow):");
  for (const g of p.groups) {
    tick();
    out.push(`  clauses ${g.from === g.to ? g.from : `${g.from}-${g.to}`}: ${g.what}`);
  }
  return out;
}

const describeOf = (opts: ExportOptions, v: string) => {
  const d = opts.describe?.(v);
  return d ? `: ${d}` : "";
};

/** Comment lines: `mark` before each, nothing after a bare mark. */
const comment = (mark: string, lines: string[]) => lines.map((l) => (l ? `${mark} ${l}` : mark).replace(/[\r\n]+/g, " ")).join("\n") + "\n";

/** The model as a problem in `format` (see the file's comment). */
export function exportModel(model: Model, format: ExportFormat, opts: ExportOptions = {}): Exported {
  const tick = every(opts.check);
  const p = numbered(model, tick);
  opts.check?.();
  const n = p.names.length;
  const levels = p.levels.map((l) => ({ objective: l.name, weight: String(l.weight), max: l.max }));
  const done = (text: string, variables = n, clauses = p.clauses.length): Exported => ({ text, variables, clauses, levels });
  switch (format) {
    case "dimacs": {
      const body = p.clauses.map((c) => (tick(), `${c.join(" ")}${c.length ? " " : ""}0`)).join("\n");
      opts.check?.();
      return done(comment("c", header(p, format, opts, `${n} variables, ${p.clauses.length} clauses`, tick)) + `p cnf ${n} ${p.clauses.length}\n${body}${body ? "\n" : ""}`);
    }
    case "wcnf": {
      const hard = p.clauses.map((c) => (tick(), `h ${c.join(" ")}${c.length ? " " : ""}0`));
      // A term costs when its literal holds: the soft clause is its negation.
      const soft = p.levels.flatMap((l) => l.terms.map((t) => `${BigInt(t.weight) * l.weight} ${-t.lit} 0`));
      opts.check?.();
      const text = comment("c", header(p, format, opts, `${n} variables, ${hard.length} hard clauses, ${soft.length} soft clauses`, tick)) + [...hard, ...soft].map((l) => l + "\n").join("");
      return done(text, n, hard.length + soft.length);
    }
    case "opb": {
      // A clause (a ∨ ¬b) is a + (1 − b) ≥ 1, i.e. +1 a −1 b ≥ 0. A term on a negative literal ¬x
      // costs through a new variable y with x + y ≥ 1 (y ≥ ¬x; minimising makes y = ¬x), so the
      // objective stays linear with no constant.
      let vars = n;
      const rows: string[] = [];
      const row = (c: number[]) => {
        if (c.length === 0) {
          // The empty clause: a fresh variable that must be both 1 and 0.
          const z = ++vars;
          rows.push(`+1 x${z} >= 1 ;`, `-1 x${z} >= 0 ;`);
          return;
        }
        const negs = c.filter((l) => l < 0).length;
        rows.push(`${c.map((l) => (l > 0 ? `+1 x${l}` : `-1 x${-l}`)).join(" ")} >= ${1 - negs} ;`);
      };
      for (const c of p.clauses) {
        tick();
        row(c);
      }
      opts.check?.();
      const objective: string[] = [];
      const negated = new Map<number, number>();
      const extra: string[] = [];
      for (const l of p.levels) {
        for (const t of l.terms) {
          let v = t.lit;
          if (v < 0) {
            let y = negated.get(-v);
            if (y === undefined) {
              negated.set(-v, (y = ++vars));
              extra.push(`x${y} = not x${-v} at an optimum`);
              row([-v, y]);
            }
            v = y;
          }
          objective.push(`+${BigInt(t.weight) * l.weight} x${v}`);
        }
      }
      const head = header(p, format, opts, `${n} variables (and ${vars - n} for negated objective terms), ${rows.length} constraints`, tick);
      if (extra.length) head.push("", "Variables for negated objective terms:", ...extra.map((e) => `  ${e}`));
      const text = `* #variable= ${vars} #constraint= ${rows.length}\n` + comment("*", head) + `min: ${objective.join(" ")} ;\n` + rows.map((r) => r + "\n").join("");
      return done(text, vars, rows.length);
    }
    case "asp": {
      const atom = (l: number) => (l > 0 ? `v(${l})` : `not v(${-l})`);
      const lines: string[] = [];
      if (n) lines.push(`{ v(1..${n}) }.`);
      // A clause holds unless every literal of it is false: that is the integrity constraint.
      for (const c of p.clauses) {
        tick();
        lines.push(c.length ? `:- ${c.map((l) => atom(-l)).join(", ")}.` : `:- #true.`);
      }
      opts.check?.();
      p.levels.forEach((l, i) => {
        const priority = p.levels.length - i;
        l.terms.forEach((t, j) => lines.push(`#minimize { ${t.weight}@${priority},${j + 1} : ${atom(t.lit)} }.`));
      });
      const shows = p.names.map((v, i) => ({ term: opts.show?.(v), i: i + 1 })).filter((s) => s.term !== undefined);
      if (shows.length) lines.push("#show.", ...shows.map((s) => `#show ${s.term} : v(${s.i}).`));
      return done(comment("%", header(p, format, opts, `${n} variables, ${p.clauses.length} clauses`, tick)) + lines.map((l) => l + "\n").join(""));
    }
  }
}
