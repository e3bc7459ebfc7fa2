/**
 * The configurator's state: what the user chose, as it lives in the page's URL (so a link
 * restores the whole page), as a library request, and as the equivalent command line.
 *
 * The URL uses the CLI's own option names, after the "#" (the server never sees it):
 *   #use-case=rag-applications&require=databricks-plugin&only=license%3Dopen-source&integrations=strict&why=airflow-plugin
 * Pure: no DOM, so the tests can use it in Node.
 */
import type { Request } from "../core/index.js";
import { OPTION_ORIGINS, REQUEST_FIELDS } from "../core/common/request-fields.js";
import { shellWord } from "../core/common/shell.js";
import { didYouMean } from "../core/common/suggest.js";

export { shellWord };

/** What the user says about one plugin. */
export type Choice = "free" | "require" | "exclude" | "prefer" | "avoid";
export const CHOICES: readonly Choice[] = ["free", "require", "exclude", "prefer", "avoid"];
/** The tag keys a filter can name (`--only KEY=VALUE`). */
export const TAG_KEYS = ["license", "hosting", "clouds"] as const;
export type TagKey = (typeof TAG_KEYS)[number];

export interface UiState {
  /** Use case ids, sorted. */
  useCases: string[];
  /** Each plugin the user did not leave free, with what they chose. */
  choices: Record<string, Exclude<Choice, "free">>;
  /** At most one value per tag key. */
  only: Partial<Record<TagKey, string>>;
  /** Tags preferred where possible (`--prefer-tag`), at most one value per key. */
  preferTags: Partial<Record<TagKey, string>>;
  integrations: "soft" | "strict";
  /**
   * A longer limit than the page's for this request's search, in seconds of counted work ("Search
   * ten times longer"), so that a link, a reload and the history give the answer it gave. A change
   * of the request drops it.
   */
  seconds?: number;
  /** The plugin whose explanation is open, if any. */
  why?: string;
}

export const emptyState = (): UiState => ({ useCases: [], choices: {}, only: {}, preferTags: {}, integrations: "soft" });

/** How errors and explanations cite each part of the request: the options of the command line the page shows. */
export const ORIGINS: NonNullable<Request["origins"]> = OPTION_ORIGINS;

/**
 * A request's parts as the command line gives them, option and value, in the table's order
 * (core/common/request-fields.ts); `integrations` only when strict (soft is the default). A link's
 * keys are the options without "--".
 */
function optionPairs(r: Omit<Request, "origins" | "itemOrigins">): [string, string][] {
  return REQUEST_FIELDS.flatMap(({ field, option }): [string, string][] => {
    if (field === "integrations") return r.integrations === "strict" ? [[option, "strict"]] : [];
    return (r[field] ?? []).map((v) => [option, v]);
  });
}

const sorted = (xs: Iterable<string>) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
/** A state's tags (`only`, `preferTags`) as the command line writes them, in TAG_KEYS' order. */
const tagsOf = (tags: Partial<Record<TagKey, string>>) => TAG_KEYS.filter((k) => tags[k] !== undefined).map((k) => `${k}=${tags[k]}`);
const chosen = (s: UiState, c: Choice) => sorted(Object.keys(s.choices).filter((id) => s.choices[id] === c));

/** The library request the state stands for (the same the command line gives). */
export function requestOf(s: UiState): Request {
  return {
    useCases: sorted(s.useCases),
    require: chosen(s, "require"),
    exclude: chosen(s, "exclude"),
    prefer: chosen(s, "prefer"),
    avoid: chosen(s, "avoid"),
    only: tagsOf(s.only),
    preferTags: tagsOf(s.preferTags),
    integrations: s.integrations,
    origins: ORIGINS,
  };
}

/** The state as a URL fragment (without "#"), in a fixed order: the same state gives the same link. */
export function stateToHash(s: UiState): string {
  const p = new URLSearchParams();
  for (const [o, v] of optionPairs(requestOf(s))) p.append(o.slice(2), v);
  if (s.seconds !== undefined) p.append("timeout", String(s.seconds));
  if (s.why) p.append("why", s.why);
  return p.toString();
}

/** The keys a state's URL fragment may hold (`stateToHash`). */
const HASH_KEYS = [...REQUEST_FIELDS.map((f) => f.option.slice(2)), "timeout", "why"];

/**
 * The state a URL fragment describes. A use case may be named by id, name or alias (as on the
 * command line). Names the catalog does not know are dropped and reported in `ignored`, each with
 * the nearest known name where one is close (a link made with another catalog still opens); what the page cannot hold as given (a plugin given two
 * choices, two values of one tag, `KEY=A,B`) is reported in `changed`, with what was kept.
 */
export function stateFromHash(hash: string, known: { plugins: ReadonlySet<string>; useCase: (name: string) => string | undefined; useCaseNames?: readonly string[]; tags: Record<TagKey, ReadonlySet<string>> }): { state: UiState; ignored: string[]; changed: string[] } {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const s = emptyState();
  const ignored: string[] = [];
  const changed: string[] = [];
  const filters = () => TAG_KEYS.flatMap((k) => [...known.tags[k]].map((v) => `${k}=${v}`));
  for (const [key, value] of p) {
    if (key === "use-case") {
      const id = known.useCase(value);
      if (id !== undefined) {
        if (!s.useCases.includes(id)) s.useCases.push(id);
      } else ignored.push(`use case "${value}"${didYouMean(value, known.useCaseNames ?? [])}`);
    } else if (key === "require" || key === "exclude" || key === "prefer" || key === "avoid") {
      if (!known.plugins.has(value)) ignored.push(`plugin "${value}"${didYouMean(value, known.plugins)}`);
      else {
        const before = s.choices[value];
        if (before !== undefined && before !== key) changed.push(`The plugin ${value} is given both as ${before} and as ${key}; a plugin has one choice here, so the last (${key}) is kept`);
        s.choices[value] = key;
      }
    } else if (key === "only" || key === "prefer-tag") {
      // One value a tag key, as the page's selects hold it: a filter (--only) or a preference.
      const into = key === "only" ? s.only : s.preferTags;
      const what = key === "only" ? "filter" : "preferred tag";
      const m = /^([^=]+)=(.+)$/.exec(value);
      const k = m?.[1] as TagKey | undefined;
      const values = m ? m[2]!.split(",") : [];
      if (m && k && (TAG_KEYS as readonly string[]).includes(k) && values.length > 1 && values.every((v) => known.tags[k].has(v))) changed.push(`The ${what} ${value} is left out: the page holds one ${k} value at a time (the command line takes ${k}=A,B)`);
      else if (m && k && (TAG_KEYS as readonly string[]).includes(k) && known.tags[k].has(m[2]!)) {
        const before = into[k];
        if (before !== undefined && before !== m[2]) changed.push(`Two ${k} ${what}s (${k}=${before} and ${value}); the page holds one value a tag, so the last is kept`);
        into[k] = m[2]!;
      } else ignored.push(`${what} "${value}"${didYouMean(value, filters())}`);
    } else if (key === "integrations") {
      if (value === "strict" || value === "soft") s.integrations = value;
      else ignored.push(`integrations "${value}"${didYouMean(value, ["strict", "soft"])}`);
    } else if (key === "timeout") {
      // As `stateToHash` writes it (String(n): 1e-7 and 1e+21 too).
      const n = value.trim() === "" ? NaN : Number(value);
      if (Number.isFinite(n) && n > 0) s.seconds = n;
      else changed.push(`The limit timeout=${value} is left out: it is a positive number of seconds of work`);
    } else if (key === "why") {
      if (known.plugins.has(value)) s.why = value;
    } else ignored.push(`"${key}"${didYouMean(key, HASH_KEYS)}`);
  }
  s.useCases = sorted(s.useCases);
  return { state: s, ignored, changed };
}

/** A request (a project file's default) as a URL fragment the page reads as a link (`stateFromHash`). */
export function hashOfRequest(r: Omit<Request, "origins" | "itemOrigins">): string {
  const p = new URLSearchParams();
  for (const [o, v] of optionPairs(r)) p.append(o.slice(2), v);
  return p.toString();
}


/** Where the server's catalog came from, as the command line must repeat it. */
export interface CatalogSource {
  catalog: string | null;
  layers: string[];
  /** A project file gave the catalog options (and a default request): the command then ignores it, `--no-config`. */
  noConfig?: boolean;
}

/** The arguments of the equivalent `mlx-solve recommend` (without the program name). */
export function commandArgs(s: UiState, source: CatalogSource = { catalog: null, layers: [] }, timeout?: number): string[] {
  const out = ["recommend", ...optionPairs(requestOf(s)).flat()];
  if (source.noConfig) out.push("--no-config");
  if (source.catalog) out.push("--catalog", source.catalog);
  for (const l of source.layers) out.push("--layer", l);
  // The limit in counted work that stopped the page's search: the CLI then stops at the same
  // point, with the same best stack so far (on a machine that does that work in time).
  if (timeout !== undefined) out.push("--timeout", String(timeout));
  return out;
}

/** The equivalent command line, ready to paste into a shell (`timeout`: see `commandArgs`). */
export function commandLine(s: UiState, source?: CatalogSource, timeout?: number): string {
  return ["npx", "mlx-solve", ...commandArgs(s, source, timeout)].map(shellWord).join(" ");
}

/** A use case's id from its id, name or alias, as the CLI resolves them (case and punctuation aside). */
export function useCaseResolver(useCases: readonly { id: string; name: string; aliases: string[] }[]): (name: string) => string | undefined {
  const slug = (x: string) => x.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const byName = new Map<string, string>();
  for (const u of useCases) for (const n of [u.id, u.name, ...u.aliases]) if (!byName.has(slug(n))) byName.set(slug(n), u.id);
  return (name) => byName.get(slug(name));
}

/**
 * When the page's solver worker counts as stuck, to be restarted: over `limitMs` on one request
 * with no answer. The worker answers in order, so an answer to an earlier request means it has
 * just started on a later one: the clock starts again there, as it does at a restart. Counted
 * from the first unanswered request and never reset by a restart, a stream of quick answers
 * restarted the worker (and read the catalog again) at every click after the first second.
 */
export class BusyClock {
  private since: number | undefined;
  private waitingFor: number | undefined;
  constructor(private readonly limitMs = 1000) {}
  /** Request `seq` sent at `now`: true when the worker has been stuck past the limit (restart it). */
  sent(seq: number, now: number): boolean {
    const stuck = this.since !== undefined && now - this.since > this.limitMs;
    if (stuck || this.since === undefined) this.since = now;
    this.waitingFor = seq;
    return stuck;
  }
  /** An answer to request `seq` at `now`. */
  answered(seq: number, now: number): void {
    if (seq === this.waitingFor) {
      this.waitingFor = undefined;
      this.since = undefined;
    } else if (this.waitingFor !== undefined) this.since = now;
  }
}
