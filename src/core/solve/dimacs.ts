/**
 * DIMACS adapters: CNF, group-CNF and weighted CNF as labelled constraint models, so published
 * benchmark answers (SATLIB, MARCO's MUS suite, MaxSAT optima) exercise the same engine that
 * answers plugin questions. Variable i becomes "x<i>".
 */
import { diag, InputError } from "../common/diagnostics.js";
import type { CountProblem } from "./count.js";
import type { Clause, Labelled, Model, UserRequest } from "./types.js";

const lit = (n: number) => (n < 0 ? `-x${-n}` : `x${n}`);

interface Parsed {
  nvars: number;
  header: string[];
  /** Each clause with its group ({g} prefix in gcnf) or weight (wcnf); h for hard in new wcnf. */
  clauses: { lits: number[]; tag?: string }[];
}

/** More variables than any model this code can hold (a Map of names stops at 2^24 entries). */
const MAX_VARS = 10_000_000;

/**
 * Reads DIMACS text: comments (`c`), one header (`p cnf N M`, `p gcnf N M G`, or `p wcnf N M
 * [TOP]` when `weighted`; the new weighted format has none), and clauses of integer literals,
 * each ended by 0 (a clause may span lines; a last one without 0 is kept). A line `%` ends the
 * data, as in SATLIB's files (which follow it with a lone 0, no empty clause). Errors name the
 * line and column and what was expected: a header of another kind or with other than whole
 * numbers, a second header, a literal that is not a decimal integer or exceeds the header's
 * variables. A wrong clause count in the header is accepted, as most solvers accept it.
 */
function parse(text: string, file: string, weighted = false): Parsed {
  const out: Parsed = { nvars: 0, header: [], clauses: [] };
  let pending: number[] = [];
  let tag: string | undefined;
  let declared: number | undefined;
  let tagAt: [number, number] = [0, 0];
  const fail = (line: number, column: number, message: string): never => {
    throw new InputError([diag({ file, line, column }, "bad-dimacs", message)]);
  };
  const kinds = weighted ? ["wcnf"] : ["cnf", "gcnf"];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === "%") break;
    if (!line || line.startsWith("c")) continue;
    if (/^p(\s|$)/.test(line)) {
      const h = line.split(/\s+/);
      if (out.header.length) fail(i + 1, 1, `a second header; expected one "p ${kinds[0]}" line before the clauses`);
      if (out.clauses.length || pending.length) fail(i + 1, 1, "a header after clauses; expected it before them");
      const counts = h.slice(2, h[1] === "cnf" ? 4 : 5);
      if (!kinds.includes(h[1] ?? "") || counts.length < 2 || h.length > 2 + counts.length || !counts.every((x) => /^\d+$/.test(x)))
        fail(i + 1, 1, `expected ${weighted ? '"p wcnf VARIABLES CLAUSES [TOP]"' : '"p cnf VARIABLES CLAUSES" or "p gcnf VARIABLES CLAUSES GROUPS"'} (whole numbers), found "${line}"`);
      out.header = h;
      declared = Number(h[2]);
      if (declared > MAX_VARS) fail(i + 1, raw.indexOf(h[2]!, raw.indexOf("p") + 1) + 1, `${h[2]} variables; expected at most ${MAX_VARS.toLocaleString("en-US")}`);
      out.nvars = declared;
      continue;
    }
    // Each token with its column (a literal's, not the first place its text occurs on the line).
    for (const m of raw.matchAll(/\S+/g)) {
      const t = m[0];
      const at = m.index + 1;
      if (pending.length === 0 && tag === undefined) {
        const g = /^\{(\d+)\}$/.exec(t);
        if (g) {
          tag = g[1];
          tagAt = [i + 1, at];
          continue;
        }
        if (weighted && (t === "h" || /^\d+$/.test(t))) {
          tag = t;
          tagAt = [i + 1, at];
          continue;
        }
      }
      if (!/^-?\d+$/.test(t)) fail(i + 1, at, `expected an integer literal, found "${t}"`);
      const n = Number(t);
      if (n === 0) {
        out.clauses.push({ lits: pending, ...(tag !== undefined ? { tag } : {}) });
        pending = [];
        tag = undefined;
        continue;
      }
      const v = Math.abs(n);
      if (declared !== undefined && v > declared) fail(i + 1, at, `literal ${t} names variable ${v}; expected at most ${declared}, as the header declares`);
      if (v > MAX_VARS) fail(i + 1, at, `literal ${t}; expected a variable of at most ${MAX_VARS.toLocaleString("en-US")}`);
      pending.push(n);
      out.nvars = Math.max(out.nvars, v);
    }
  }
  if (pending.length) out.clauses.push({ lits: pending, ...(tag !== undefined ? { tag } : {}) });
  else if (tag !== undefined) fail(tagAt[0], tagAt[1], `a clause's ${weighted ? "weight" : "group"} "${tag}" and no literal after it; expected its literals and 0`);
  return out;
}

function baseModel(nvars: number): Model {
  return { vars: Array.from({ length: nvars }, (_, i) => `x${i + 1}`), constraints: [], requests: [], objectives: [] };
}
const hard = (lits: number[], i: number): Labelled => ({ kind: "requires", message: `clause ${i + 1}`, source: { file: "cnf", line: i + 1, column: 0 }, subjects: [], clauses: [lits.map(lit)] });
const request = (id: number, clauses: Clause[], value: string): UserRequest => ({
  kind: "require",
  value,
  message: `requirement ${value}`,
  selector: `s:${id}`,
  clauses: clauses.map((c) => [`-s:${id}`, ...c]),
  source: { file: "cnf", line: id + 1, column: 0 },
  subjects: [],
});

/** Plain CNF: every clause hard, or (asRequests) every clause one request named by its 1-based index. */
export function cnfModel(text: string, opts: { asRequests?: boolean; file?: string } = {}): Model {
  const p = parse(text, opts.file ?? "cnf");
  const m = baseModel(p.nvars);
  p.clauses.forEach((c, i) => {
    if (opts.asRequests) m.requests.push(request(i, [c.lits.map(lit)], String(i + 1)));
    else m.constraints.push(hard(c.lits, i));
  });
  return m;
}

/** Plain CNF as the exact counter takes it (`countModels`): its variables 1..n and its clauses as numbers. */
export function cnfCounting(text: string, file = "cnf"): CountProblem {
  const p = parse(text, file);
  return { nvars: p.nvars, clauses: p.clauses.map((c) => c.lits), groups: [] };
}

/** Group CNF: group 0 is hard; every other group is one request named by its group number. */
export function gcnfModel(text: string, file = "gcnf"): Model {
  const p = parse(text, file);
  const m = baseModel(p.nvars);
  const groups = new Map<number, Clause[]>();
  p.clauses.forEach((c, i) => {
    const g = Number(c.tag ?? 0);
    if (g === 0) m.constraints.push(hard(c.lits, i));
    else groups.set(g, [...(groups.get(g) ?? []), c.lits.map(lit)]);
  });
  for (const g of [...groups.keys()].sort((a, b) => a - b)) m.requests.push(request(g - 1, groups.get(g)!, String(g)));
  return m;
}

/**
 * Weighted partial MaxSAT (old "p wcnf" with a top weight, or the new format with "h"): hard
 * clauses are constraints; each soft clause C of weight w gets a relaxation variable r with the
 * clause (C ∨ r), and the single objective level minimises the weighted sum of the r.
 */
export function wcnfModel(text: string, file = "wcnf"): Model {
  // Every clause starts with its weight, or "h" (hard) in the new format, which has no header.
  const p = parse(text, file, true);
  const top = p.header[1] === "wcnf" && p.header[4] !== undefined ? Number(p.header[4]) : Infinity;
  const m = baseModel(p.nvars);
  const terms: { lit: string; weight: number }[] = [];
  p.clauses.forEach((c, i) => {
    const w = c.tag === "h" || c.tag === undefined ? Infinity : Number(c.tag);
    if (w >= top) m.constraints.push(hard(c.lits, i));
    else {
      const r = `r${i + 1}`;
      m.constraints.push({ ...hard(c.lits, i), kind: "definition", clauses: [[...c.lits.map(lit), r]] });
      terms.push({ lit: r, weight: w });
    }
  });
  m.objectives.push({ name: "soft-clauses", terms });
  return m;
}
