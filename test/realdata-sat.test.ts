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
