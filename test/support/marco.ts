/**
 * A test oracle: MARCO's enumeration of every minimal conflict and every minimal correction set,
 * checked against the published answers of the MARCO suite (test/realdata-mus.test.ts).
 */
import Logic from "logic-solver";
import type { Budget } from "../../src/core/common/budget.js";
import { quickXplain } from "../../src/core/solve/explain.js";
import { newSolver, releaseSolver } from "../../src/core/solve/minisat/minisat.js";
import { SatOracle } from "../../src/core/solve/oracle.js";
import type { Model } from "../../src/core/solve/types.js";

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
  // The map: one incremental solver over the selectors, each explored region blocked by a clause.
  const map = newSolver();
  try {
    return enumerate(oracle, map, active, limit);
  } finally {
    oracle.release();
    releaseSolver(map);
  }
}

function enumerate(oracle: SatOracle, map: Logic.Solver, active: string[], limit: number): Enumeration {
  const sat = (on: string[]) => oracle.sat(on);
  const mapVars = active.map((_, i) => `m${i}`);
  const out: Enumeration = { conflicts: [], corrections: [], complete: true };
  for (const v of mapVars) map.getVarNum(v);
  for (;;) {
    if (out.conflicts.length + out.corrections.length >= limit) {
      out.complete = false;
      break;
    }
    // A seed: a maximal unexplored set (maximal seeds make satisfiable ones quick to grow): any
    // unexplored set, grown one selector at a time while the map allows it.
    let m = map.solve();
    if (!m) break;
    for (const v of mapVars) {
      if (m.evaluate(v)) continue;
      const grown = map.solveAssuming(Logic.and(...mapVars.filter((x) => m!.evaluate(x)), v));
      if (grown) m = grown;
    }
    const seed = active.filter((_, i) => m!.evaluate(mapVars[i]!));
    if (sat(seed)) {
      const mss = [...seed];
      for (const s of active) if (!mss.includes(s) && sat([...mss, s])) mss.push(s);
      const mcs = active.filter((s) => !mss.includes(s));
      out.corrections.push(mcs);
      if (mcs.length === 0) break; // everything holds together: nothing more to explore
      map.require(Logic.or(...mcs.map((s) => mapVars[active.indexOf(s)]!)));
    } else {
      const mus = quickXplain(sat, [], seed);
      out.conflicts.push(mus);
      map.require(Logic.or(...mus.map((s) => Logic.not(mapVars[active.indexOf(s)]!))));
    }
  }
  return out;
}
