/**
 * Readers of the OPB and ASP files that `export` writes, into models the project's own engine
 * solves (DIMACS and WCNF have readers in src/core/solve/dimacs.ts). Each reader accepts only
 * the shapes the export promises (clauses as `>= 1 - #negatives` rows; integrity constraints,
 * a choice rule, `#minimize` and `#show`), and throws on anything else: a file that drifts from
 * them fails the tests.
 */
import type { Clause, Model, Objective } from "../../src/core/solve/types.js";

const x = (n: number) => (n < 0 ? `-x${-n}` : `x${n}`);
const base = (n: number): Model => ({ vars: Array.from({ length: n }, (_, i) => `x${i + 1}`), constraints: [], requests: [], objectives: [] });
const hard = (c: Clause, i: number) => ({ kind: "requires", message: `row ${i + 1}`, source: { file: "file", line: i + 1, column: 0 }, subjects: [], clauses: [c] });

/** OPB: `* #variable= N #constraint= M`, comments, `min: +w xI ... ;`, rows of ±1 literals. */
export function opbModel(text: string): Model {
  const lines = text.split("\n");
  const head = /^\* #variable= (\d+) #constraint= (\d+)$/.exec(lines[0]!);
  if (!head) throw new Error(`opb: bad first line ${lines[0]}`);
  const m = base(Number(head[1]));
  let rows = 0;
  const terms: { lit: string; weight: number }[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line === "" || line.startsWith("*")) return;
    const min = /^min: (.*) ;$/.exec(line);
    if (min) {
      for (const t of min[1]!.trim().split(/\s+(?=\+)/).filter(Boolean)) {
        const tm = /^\+(\d+) x(\d+)$/.exec(t);
        if (!tm) throw new Error(`opb: bad objective term ${t}`);
        terms.push({ lit: `x${tm[2]}`, weight: Number(tm[1]) });
      }
      return;
    }
    const row = /^(.*) >= (-?\d+) ;$/.exec(line);
    if (!row) throw new Error(`opb: bad line ${i + 2}: ${line}`);
    const lits = row[1]!.split(/\s+(?=[+-]1 )/).map((t) => {
      const tm = /^([+-])1 x(\d+)$/.exec(t.trim());
      if (!tm) throw new Error(`opb: bad term ${t}`);
      return tm[1] === "+" ? Number(tm[2]) : -Number(tm[2]);
    });
    const negs = lits.filter((l) => l < 0).length;
    if (Number(row[2]) !== 1 - negs) {
      // The export's one non-clause shape: a single variable forced to 0 (-1 x >= 0).
      if (lits.length === 1 && lits[0]! < 0 && Number(row[2]) === 0) m.constraints.push(hard([x(lits[0]!)], rows));
      else throw new Error(`opb: not a clause: ${line}`);
    } else m.constraints.push(hard(lits.map(x), rows));
    rows++;
  });
  if (rows !== Number(head[2])) throw new Error(`opb: header says ${head[2]} constraints, found ${rows}`);
  m.objectives.push({ name: "weighted", terms });
  return m;
}

/** ASP: `{ v(1..n) }.`, `:- lits.`, `#minimize { w@p,j : lit }.`, `#show ...`; levels by priority, highest first. */
export function aspModel(text: string): Model {
  let m = base(0);
  const byPriority = new Map<number, { lit: string; weight: number }[]>();
  const seen = new Set<string>();
  const lit = (s: string) => {
    const lm = /^(not )?v\((\d+)\)$/.exec(s.trim());
    if (!lm) throw new Error(`asp: bad literal ${s}`);
    return lm[1] ? -Number(lm[2]) : Number(lm[2]);
  };
  text.split("\n").forEach((line, i) => {
    if (line === "" || line.startsWith("%") || line.startsWith("#show")) return;
    const choice = /^\{ v\(1\.\.(\d+)\) \}\.$/.exec(line);
    if (choice) return void (m = { ...base(Number(choice[1])), constraints: m.constraints });
    if (line === ":- #true.") return void m.constraints.push(hard([], i));
    const ic = /^:- (.*)\.$/.exec(line);
    // The body's literals all true is forbidden: the clause is their negations.
    if (ic) return void m.constraints.push(hard(ic[1]!.split(", ").map((s) => x(-lit(s))), i));
    const mz = /^#minimize \{ (\d+)@(\d+),(\d+) : (.*) \}\.$/.exec(line);
    if (mz) {
      const key = `${mz[2]},${mz[3]}`;
      if (seen.has(key)) throw new Error(`asp: tuple ${key} twice (clingo would count it once)`);
      seen.add(key);
      const p = Number(mz[2]);
      byPriority.set(p, [...(byPriority.get(p) ?? []), { lit: x(lit(mz[4]!)), weight: Number(mz[1]) }]);
      return;
    }
    throw new Error(`asp: bad line ${i + 1}: ${line}`);
  });
  const objectives: Objective[] = [...byPriority.keys()].sort((a, b) => b - a).map((p) => ({ name: `priority ${p}`, terms: byPriority.get(p)! }));
  return { ...m, objectives };
}
