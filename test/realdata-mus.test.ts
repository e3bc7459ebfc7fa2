/**
 * Published answers: MARCO's test suite (../shared/realdata/mus-marco). Each clause (CNF) or
 * group (group-CNF, group 0 hard) is one request. The explanation must be one of the expected
 * minimal unsatisfiable sets, and full enumeration must equal the expected MUSes and MCSes.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cnfModel, gcnfModel } from "../src/core/solve/dimacs.js";
import { newBudget } from "../src/core/common/budget.js";
import { enumerateConflicts } from "./support/marco.js";
import { findConflict } from "../src/core/solve/explain.js";
import type { Model } from "../src/core/solve/types.js";
import { ROOT } from "./support/helpers.js";

const DATA = join(ROOT, "..", "shared", "realdata", "mus-marco");
const have = existsSync(DATA);

interface Case {
  name: string;
  path: string;
  expected: string;
}
function cases(): Case[] {
  if (!have) return [];
  const out: Case[] = [];
  for (const f of readdirSync(join(DATA, "instances")).sort()) {
    const exp = join(DATA, "expected_marco_all", `${f}.out`);
    if (existsSync(exp)) out.push({ name: f, path: join(DATA, "instances", f), expected: exp });
  }
  for (const f of readdirSync(join(DATA, "3sat_n10")).sort()) {
    const exp = join(DATA, "3sat_n10_expected", `${f}.out`);
    if (existsSync(exp)) out.push({ name: `3sat_n10/${f}`, path: join(DATA, "3sat_n10", f), expected: exp });
  }
  return out;
}

const key = (xs: string[]) => [...xs].map(Number).sort((a, b) => a - b).join(" ");

function load(c: Case): { model: Model; all: string[] } {
  const text = readFileSync(c.path, "utf8");
  const model = c.name.endsWith(".gcnf") ? gcnfModel(text, c.name) : cnfModel(text, { asRequests: true, file: c.name });
  return { model, all: model.requests.map((r) => r.value) };
}

function expected(c: Case, all: string[]) {
  const lines = readFileSync(c.expected, "utf8").split("\n").filter(Boolean);
  const muses = lines.filter((l) => l.startsWith("U")).map((l) => key(l.slice(1).trim().split(/\s+/)));
  const mcses = lines
    .filter((l) => l.startsWith("S"))
    .map((l) => {
      const mss = new Set(l.slice(1).trim().split(/\s+/).filter(Boolean));
      return key(all.filter((v) => !mss.has(v)));
    });
  return { muses: [...new Set(muses)].sort(), mcses: [...new Set(mcses)].sort() };
}

describe.skipIf(!have)("MARCO suite: minimal conflicts and corrections", () => {
  const all = cases();
  it("finds the instances", () => {
    expect(all.length).toBeGreaterThanOrEqual(29);
  });
  it.each(all.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { model, all: values } = load(c);
    const exp = expected(c, values);
    const bySel = new Map(model.requests.map((r) => [r.selector, r.value]));
    const active = model.requests.map((r) => r.selector);
    // One explanation: one of the expected minimal unsatisfiable sets.
    const core = findConflict(model, newBudget(), active);
    expect(exp.muses).toContain(key(core.requests.map((r) => r.value)));
    // Full enumeration equals the expected sets exactly.
    const e = enumerateConflicts(model, newBudget(), active, 5000);
    expect(e.complete).toBe(true);
    const muses = [...new Set(e.conflicts.map((m) => key(m.map((s) => bySel.get(s)!))))].sort();
    const mcses = [...new Set(e.corrections.map((m) => key(m.map((s) => bySel.get(s)!))))].sort();
    expect(muses).toEqual(exp.muses);
    expect(mcses).toEqual(exp.mcses);
  });
});
