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
  // Plugins are compared without the suffix they share: "zzzzz-plugin" is not 4 edits from
  // "azure-plugin" out of 12 characters, but 4 of 5.
  const wBare = bareOf(w);
  let best: string | undefined;
  let bestD = Infinity;
  let bestLen = 0;
  for (const k of all) {
    const bare = bareOf(k);
    let d: number;
    let len: number;
    if (bare === k) [d, len] = [distance(w, k.toLowerCase()), Math.max(k.length, w.length)];
    else if (wBare !== w) [d, len] = [distance(wBare, bare.toLowerCase()), Math.max(bare.length, wBare.length)];
    else {
      // A misspelt plugin named without its suffix ("pinecon") is measured against "pinecone".
      const full = distance(w, k.toLowerCase());
      const short = distance(w, bare.toLowerCase());
      [d, len] = short < full ? [short, Math.max(bare.length, w.length)] : [full, Math.max(k.length, w.length)];
    }
    if (d < bestD || (d === bestD && best !== undefined && k < best)) {
      best = k;
      bestD = d;
      bestLen = len;
    }
  }
  // Nothing in common (every character of the word would change, as for "" or "ab"): no guess.
  const limit = Math.max(2, Math.floor(bestLen / 3));
  if (best !== undefined && bestD < w.length && bestD <= limit && !otherPart(w, best.toLowerCase())) return best;
  // A key that is the first word of a longer one ("conflicts" for "conflicts_with").
  const longer = all.filter((k) => k.length > w.length && k.toLowerCase().startsWith(w) && "_-".includes(k[w.length]!));
  return w.length >= 4 && longer.length === 1 ? longer[0] : undefined;
}

/**
 * Whether two names of as many parts ("closed-source", "open-source") differ by a whole part,
 * not a slip: some part of four letters or more would have to change in two thirds of its letters. Such a name
 * means something else (the opposite, here), so it gets no did-you-mean.
 */
function otherPart(word: string, known: string): boolean {
  // Plugins without the suffix they share, as they were measured ("pine-cone", "pinecone").
  const a = bareOf(word).split(/[-_]/);
  const b = bareOf(known).split(/[-_]/);
  if (a.length < 2 || a.length !== b.length) return false;
  // Parts of 4 letters or more: in a shorter one a slip (two letters swapped, "lml" for "llm")
  // is already two thirds of it.
  return a.some((x, i) => x.length >= 4 && b[i]!.length >= 4 && distance(x, b[i]!) * 3 >= 2 * Math.max(x.length, b[i]!.length));
}

/** A name without its "-plugin" suffix, given once or more ("airflow-plugin-plugin": "airflow"). */
const bareOf = (name: string): string => {
  let bare = name;
  while (bare.endsWith("-plugin")) bare = bare.slice(0, -"-plugin".length);
  return bare;
};

/** " (did you mean `x`?)" or "". */
export function didYouMean(word: string, known: Iterable<string>): string {
  const n = nearest(word, known);
  return n === undefined ? "" : ` (did you mean "${n}"?)`;
}
