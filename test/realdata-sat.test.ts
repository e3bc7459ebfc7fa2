/**
 * Published answers through the same engine: SATLIB satisfiability and model counts, and the
 * MaxSAT optima (as weighted soft constraints on one objective level).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cnfModel, wcnfModel } from "../src/core/solve/dimacs.js";
import { countProjected } from "./support/count-projected.js";
import { newBudget } from "../src/core/common/budget.js";
import { InputError } from "../src/core/common/diagnostics.js";
import { solveLex } from "../src/core/solve/engine.js";
import { ROOT } from "./support/helpers.js";

const DATA = join(ROOT, "..", "shared", "realdata");
const have = existsSync(DATA);
const files = (dir: string) => (have ? readdirSync(join(DATA, dir)).filter((f) => f.endsWith(".cnf")).sort() : []);

describe.skipIf(!have)("SATLIB", () => {
  it.each(files("satlib/uf20-91"))("uf20-91/%s is satisfiable with the published model count", (f) => {
    const counts: Record<string, number> = { "uf20-01.cnf": 8, "uf20-02.cnf": 29, "uf20-03.cnf": 1, "uf20-04.cnf": 3, "uf20-05.cnf": 2, "uf20-06.cnf": 4, "uf20-07.cnf": 23, "uf20-08.cnf": 4, "uf20-09.cnf": 1, "uf20-010.cnf": 9 };
    const m = cnfModel(readFileSync(join(DATA, "satlib/uf20-91", f), "utf8"));
    expect(solveLex(m, { budget: newBudget(), canonicalise: false }).status).toBe("optimal");
    expect(countProjected(m, m.vars, newBudget())).toEqual({ count: counts[f], complete: true });
  });
  it.each(files("satlib/uf50-218"))("uf50-218/%s is satisfiable", (f) => {
    const m = cnfModel(readFileSync(join(DATA, "satlib/uf50-218", f), "utf8"));
    const r = solveLex(m, { budget: newBudget(), canonicalise: false });
    expect(r.status).toBe("optimal");
    // The model found satisfies every clause.
    if (r.status === "optimal") for (const c of m.constraints) expect(c.clauses[0]!.some((l) => (l.startsWith("-") ? !r.assignment.trueVars.has(l.slice(1)) : r.assignment.trueVars.has(l)))).toBe(true);
  });
  it.each(files("satlib/uuf50-218"))("uuf50-218/%s is unsatisfiable", (f) => {
    const m = cnfModel(readFileSync(join(DATA, "satlib/uuf50-218", f), "utf8"));
    expect(solveLex(m, { budget: newBudget(), canonicalise: false }).status).toBe("unsat");
  });
});

describe("DIMACS as read (src/core/solve/dimacs.ts)", () => {
  const problem = (text: string, weighted = false) => {
    try {
      if (weighted) wcnfModel(text, "f.wcnf");
      else cnfModel(text, { file: "f.cnf" });
      return undefined;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const d = e.diagnostics[0]!;
      return `${d.line}:${d.column} ${d.code}: ${d.message}`;
    }
  };
  it.skipIf(!have)("SATLIB's original ending, a line '%' and a lone 0, ends the data (it was read as an empty clause: unsatisfiable)", () => {
    const text = readFileSync(join(DATA, "satlib/uf20-91/uf20-01.cnf"), "utf8");
    const m = cnfModel(`${text.trimEnd()}\n%\n0\n\n`);
    expect(m.constraints.length).toBe(cnfModel(text).constraints.length);
    expect(countProjected(m, m.vars, newBudget())).toEqual({ count: 8, complete: true });
  });
  it("refuses what is not DIMACS, at its line and column, with what was expected (it crashed, or took it silently)", () => {
    expect(problem("p cnf x y\n1 0\n")).toBe('1:1 bad-dimacs: expected "p cnf VARIABLES CLAUSES" or "p gcnf VARIABLES CLAUSES GROUPS" (whole numbers), found "p cnf x y"');
    expect(problem("p dnf 3 1\n1 0\n")).toMatch(/^1:1 bad-dimacs: expected "p cnf/);
    expect(problem("p cnf 3 1\np cnf 5 1\n1 0\n")).toMatch(/^2:1 bad-dimacs: a second header/);
    expect(problem("p cnf 40000000 1\n1 0\n")).toMatch(/^1:7 bad-dimacs: 40000000 variables; expected at most 10,000,000$/);
    expect(problem("p cnf 3 2\n1 -5 0\n")).toBe("2:3 bad-dimacs: literal -5 names variable 5; expected at most 3, as the header declares");
    expect(problem("1 99999999999999999999 0\n")).toMatch(/^1:3 bad-dimacs: literal 99999999999999999999; expected a variable of at most/);
    for (const t of ["x", "0x2", "2.0", "1e3"]) expect(problem(`p cnf 3 1\n1 ${t} 0\n`)).toBe(`2:3 bad-dimacs: expected an integer literal, found "${t}"`);
    expect(problem("p wcnf 2 1 9 9\n9 1 0\n", true)).toMatch(/^1:1 bad-dimacs: expected "p wcnf VARIABLES CLAUSES \[TOP\]"/);
    // The column is the token's, past a weight or a group that holds the same digits.
    expect(problem("p wcnf 3 1 20\n15 5 0\n", true)).toBe("2:4 bad-dimacs: literal 5 names variable 5; expected at most 3, as the header declares");
    expect(problem("p gcnf 3 1 5\n{5} 5 0\n")).toBe("2:5 bad-dimacs: literal 5 names variable 5; expected at most 3, as the header declares");
    expect(problem("p wcnf 3 2 9\n5 1 0\n7\n", true)).toBe('3:1 bad-dimacs: a clause\'s weight "7" and no literal after it; expected its literals and 0');
    expect(problem("p\tcnf 3 1\n1 0\n")).toBeUndefined();
    // What is DIMACS still reads: no header, a clause over two lines, a last clause without 0, a wrong clause count.
    expect(problem("1 -2\n3 0\n-1")).toBeUndefined();
    expect(problem("p cnf 3 7\n1 2 0\n")).toBeUndefined();
    expect(problem("h 1 2 0\n5 -1 0\n", true)).toBeUndefined();
  });
});

describe.skipIf(!have)("MaxSAT optima", () => {
  it.each([
    ["8.wcsp.log.wcnf", 2],
    ["54.wcsp.log.wcnf", 37],
    ["404.wcsp.log.wcnf", 114],
    ["auctions_wt-cat_sched_60_70_0003.txt.wcnf", 61169],
  ] as const)("%s has optimum %i", (f, opt) => {
    const m = wcnfModel(readFileSync(join(DATA, "maxsat", f), "utf8"), f);
    const r = solveLex(m, { budget: newBudget(), canonicalise: false });
    expect(r.status).toBe("optimal");
    if (r.status === "optimal") expect(r.assignment.costs[0]).toBe(opt);
  });
});
