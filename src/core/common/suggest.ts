import { distance } from "fastest-levenshtein";

/**
 * The nearest known name to a misspelt one, or undefined when nothing is close enough to be a
 * plausible typo (more than a third of the word, at least 2 edits, would have to change).
 */
export function nearest(word: string, known: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const all = [...known];
  // A plugin named without its "-plugin" suffix.
  if (all.includes(`${w}-plugin`)) return `${w}-plugin`;
  let best: string | undefined;
  let bestD = Infinity;
  let bestLen = 0;
  for (const k of all) {
    // A misspelt plugin named without its suffix ("pinecon") is measured against "pinecone".
    const bare = k.endsWith("-plugin") ? k.slice(0, -"-plugin".length) : k;
    const full = distance(w, k.toLowerCase());
    const short = bare === k ? full : distance(w, bare.toLowerCase());
    const [d, len] = short < full ? [short, bare.length] : [full, k.length];
    if (d < bestD || (d === bestD && best !== undefined && k < best)) {
      best = k;
      bestD = d;
      bestLen = len;
    }
  }
  // Nothing in common (every character of the word would change, as for "" or "ab"): no guess.
  if (best === undefined || bestD >= w.length) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(w.length, bestLen) / 3));
  return bestD <= limit ? best : undefined;
}

/** " (did you mean `x`?)" or "". */
export function didYouMean(word: string, known: Iterable<string>): string {
  const n = nearest(word, known);
  return n === undefined ? "" : ` (did you mean "${n}"?)`;
}
