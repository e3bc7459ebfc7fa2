/**
 * Sentences the CLI's printers and the configurator both say (the page imports values from
 * core/common alone): written once, so the two say the same.
 */

/**
 * Why the tie-break kept the recommended stack over an equally good one, from why's `tie_break`
 * (plugins are left out from the last name in order to the first, so the stack that holds the
 * latest name of those the two do not share loses).
 */
export function tieBreakWords(tie: { lost_by: string; against: readonly string[] } | undefined): string {
  if (!tie) return "Of equally good stacks, the one whose plugins come first in name order is kept.";
  return `Of equally good stacks, the one without the latest name in order of those they do not share is kept: the other holds ${tie.lost_by}, which comes after ${tie.against.length ? `${tie.against.join(", ")} (held only by the recommended stack)` : "every plugin the recommended stack holds"}.`;
}

/** A request's sentence as a repair gives it up: a need's list of providers ("(provided by …)") left out. */
export const withoutProviders = (message: string): string => message.replace(/ \((provided by|which no plugin provides)[^)]*\)$/, "");

/**
 * A request a repair gives up, in words the CLI and the page share: a choice or filter as what
 * undoes it ("stop requiring x", "drop the filter license=open-source"), a use case's need or rule
 * in the conflict's own sentence ("On-premises deployments needs self-hosted plugins"), without the
 * providers a need's sentence lists.
 */
export function giveUpWords(g: { kind: string; value: string; message?: string }): string {
  switch (g.kind) {
    case "require":
      return `stop requiring ${g.value}`;
    case "exclude":
      return `stop excluding ${g.value}`;
    case "only":
      return `drop the filter ${g.value}`;
    case "pin":
      return `take ${g.value} out of the stack file`;
    default:
      return g.message ? `give up "${withoutProviders(g.message)}"` : `give up ${g.kind} ${g.value}`;
  }
}

/** The heading of the needs met only outside the plugins' roles (`outside_role`), under a stack's table. */
export const OUTSIDE_ROLE_HEADING = "Counted as provided, though no plugin serves it in the role it has in this stack:";

/** One need met outside every role: "llm-observability: evidently-plugin (in its role data-drift) has the capability". */
export function outsideRoleWords(o: { capability: string; plugins: readonly string[] }, facetOf: (id: string) => string | undefined): string {
  return `${o.capability}: ${o.plugins.map((id) => `${id}${facetOf(id) ? ` (in its role ${facetOf(id)})` : ""}`).join(", ")} has the capability`;
}

/** At most this many of what one stack pays for (why's `decided_by.differences`) are listed; the rest are in JSON (or folded, in the page). */
export const DIFFERENCES_SHOWN = 8;

/** What a stack pays for at the deciding level, with its weight when it counts more than once ("… (costs 2)"). */
export const differenceWords = (t: { message: string; weight: number }): string => `${t.message}${t.weight > 1 ? ` (costs ${t.weight})` : ""}`;

/**
 * The line above a conflict's requests: `noun` is what a request is called ("request" in the
 * CLI, "choice" in the page); `also` for a further conflict. One naming no request is the
 * catalog's own: nothing asked can be given up.
 */
export function conflictHeading(requests: number, noun: string, also = false): string {
  if (requests === 0) return "The catalog admits no valid stack at all, whatever you ask:";
  return requests === 1 ? `${also ? "Also, this" : "This"} ${noun} cannot be met:` : `${also ? "Also, these" : "These"} ${noun}s cannot hold together:`;
}

const ACRONYMS = new Set(["ai", "api", "cpu", "etl", "gpu", "llm", "ml", "sql"]);

/** A type's name in a sentence: "ML platform", "LLM provider", "vector database" (its acronyms in capitals). */
export const typeWords = (type: string): string =>
  type
    .split("_")
    .map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w))
    .join(" ");
