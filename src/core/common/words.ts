/**
 * Sentences the CLI's printers and the configurator both say (the page imports values from
 * core/common alone): written once, so the two say the same.
 */

/**
 * Why the tie-break kept the recommended stack over an equally good one: plugins are left out
 * from the last name in order to the first (solve/engine.ts, `canonical`), so the stack that holds
 * the latest name of those the two do not share loses.
 */
export function tieBreakWords(recommended: readonly string[], alternative: readonly string[]): string {
  const only = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x)).sort();
  const mine = only(recommended, alternative);
  const theirs = only(alternative, recommended);
  const last = theirs[theirs.length - 1];
  if (last === undefined || (mine.length && mine[mine.length - 1]! > last)) return "Of equally good stacks, the one whose plugins come first in name order is kept.";
  return `Of equally good stacks, plugins are left out from the last name in order to the first: that one holds ${last}, which comes after ${mine.length ? `${mine.join(", ")} (what only the recommended stack holds)` : "every plugin of the recommended stack it lacks"}.`;
}

/** A request's sentence as a repair gives it up: a need's list of providers ("(provided by …)") left out. */
export const withoutProviders = (message: string): string => message.replace(/ \((provided by|which no plugin provides)[^)]*\)$/, "");
