/**
 * Where a sample's work goes, read from one run without a limit: the work limits at which a test
 * stops it before the greedy's first stack, during the greedy construction, and as the greedy
 * completes, derived from the catalog itself, so that an edit of the catalog moves them with it.
 */
import type { Catalog } from "../../src/core/catalog/catalog.js";
import { newBudget } from "../../src/core/common/budget.js";
import { sampleStacks } from "../../src/core/commands/sample.js";
import type { Request } from "../../src/core/model/request.js";

export interface SampleWork {
  /** The work done when the reduction ended (phase 2): a limit below it stops before any stack. */
  reduced: number;
  /** The work at the greedy's first and last scans (its first run): a limit between stops it with stacks. */
  greedyFirst: number;
  greedyLast: number;
  /** The work of the whole sample. */
  total: number;
}

export function sampleWork(catalog: Catalog, request: Request, effort = 1): SampleWork {
  const b = newBudget();
  let reduced = -1;
  const scans: number[] = [];
  let reporting = true;
  sampleStacks(catalog, request, b, {
    effort,
    log: (line) => {
      if (/\] reduced to \d/.test(line)) reduced = b.work!;
      if (/\] greedy \d/.test(line)) reporting = false;
    },
    // Only the first greedy run reports its progress; each report follows a scan.
    onProgress: () => {
      if (reporting) scans.push(b.work!);
    },
  });
  if (reduced < 0 || scans.length < 3) throw new Error(`sampleWork: no greedy run to stop in (reduced at ${reduced}, ${scans.length} scans)`);
  return { reduced, greedyFirst: scans[0]!, greedyLast: scans[scans.length - 1]!, total: b.work! };
}
