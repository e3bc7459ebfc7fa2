/**
 * A test oracle: MARCO's enumeration of every minimal conflict and every minimal correction set,
 * checked against the published answers of the MARCO suite (test/realdata-mus.test.ts).
 */
import type { Budget } from "../../src/core/common/budget.js";
import { solveLex } from "../../src/core/solve/engine.js";
import { quickXplain } from "../../src/core/solve/explain.js";
import { SatOracle } from "../../src/core/solve/oracle.js";
import type { Clause, Model } from "../../src/core/solve/types.js";

export interface Enumeration {
  /** Minimal conflicts (minimal unsatisfiable subsets of the requests), as selector lists. */
  conflicts: string[][];
  /** Minimal correction sets (complements of the maximal satisfiable subsets). */
  corrections: string[][];
  /** False when the enumeration stopped at `limit` before exhausting the space. */
  complete: boolean;
}

/**
 * Every minimal conflict and every minimal correction set of the `active` requests, bounded by
 * `limit` sets in all: MARCO (Liffiton et al. 2016). A "map" solver over the selectors holds the
 * parts of the power set not yet explored; each of its models is a seed that is either
 * satisfiable — grown to a maximal satisfiable subset, whose complement is a minimal correction
 * set, then blocked with "some request outside it" — or unsatisfiable — shrunk to a minimal
 * conflict (QuickXplain), then blocked with "not all of these".
 */
export function enumerateConflicts(model: Model, budget: Budget, active: string[], limit = 1000): Enumeration {
  const oracle = new SatOracle(model, budget);
  const sat = (on: string[]) => oracle.sat(on);
  const mapVars = active.map((_, i) => `m${i}`);
  const blocks: Clause[] = [];
  const out: Enumeration = { conflicts: [], corrections: [], complete: true };
  const mapModel: Model = { vars: mapVars, constraints: [], requests: [], objectives: [] };
  for (;;) {
    if (out.conflicts.length + out.corrections.length >= limit) {
      out.complete = false;
      break;
    }
    // A seed: the largest unexplored set (maximal seeds make satisfiable ones quick to grow).
    const r = solveLex(
      { ...mapModel, constraints: [{ kind: "definition", message: "explored", source: { file: "map", line: 0, column: 0 }, subjects: [], clauses: blocks }] },
      { budget, before: [{ name: "wishes", terms: mapVars.map((v) => ({ lit: `-${v}`, weight: 1 })) }], skipModelObjectives: true, canonicalise: false },
    );
    if (r.status !== "optimal") break;
    const seed = active.filter((_, i) => r.assignment.trueVars.has(mapVars[i]!));
    if (sat(seed)) {
      const mss = [...seed];
      for (const s of active) if (!mss.includes(s) && sat([...mss, s])) mss.push(s);
      const mcs = active.filter((s) => !mss.includes(s));
      out.corrections.push(mcs);
      blocks.push(mcs.map((s) => mapVars[active.indexOf(s)]!));
      if (mcs.length === 0) break; // everything holds together: nothing more to explore
    } else {
      const mus = quickXplain(sat, [], seed);
      out.conflicts.push(mus);
      blocks.push(mus.map((s) => `-${mapVars[active.indexOf(s)]!}`));
    }
  }
  return out;
}
