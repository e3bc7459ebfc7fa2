/**
 * Result data: what every command returns, before any printer sees it. The JSON output is exactly
 * these objects (the contract of PRODUCT.md), so they are the stable, exported API.
 */
import type { Diagnostic } from "../common/diagnostics.js";
import type { ConstraintKind, RequestKind } from "../model/build.js";
import type { OutsideRole, Stack } from "../model/stack.js";

export type { ConstraintKind, RequestKind } from "../model/build.js";
export type { OutsideRole, Stack, StackPlugin } from "../model/stack.js";

export interface CostEntry {
  objective: string;
  value: number;
}

export interface RequestRef {
  kind: RequestKind;
  value: string;
}

/** A request a repair gives up: as a conflict names it, with the same sentence (`message`). */
export interface GivenUp extends RequestRef {
  message: string;
}

export interface ExplainedRequest extends RequestRef {
  message: string;
  source: string;
}

/** What a conflict's rule is: a catalog rule of the model, or a fact it rests on (a plugin's tag, facet or also-type: "tag", "facet", "definition"). */
export type RuleRefKind = ConstraintKind | "tag";

export interface RuleRef {
  kind: RuleRefKind;
  message: string;
  source: string;
}

/** Why no stack exists: a minimal set of the user's requests that cannot hold together, and the catalog's rules that connect them, each cited `file:line`. */
export interface Conflict {
  requests: ExplainedRequest[];
  rules: RuleRef[];
}

/** A way out of a conflict: the requests to give up (a minimal set), the best stack without them, and its cost. */
export interface Repair {
  give_up: GivenUp[];
  cost: CostEntry[];
  stack: Stack;
}

export interface ViolationOut {
  rule: string;
  message: string;
  /**
   * The plugins it is about. An unmet integration (`rule: "integration"`) lists the plugin and at
   * most ten of the type it integrates with none of, those its message names (the message counts
   * the rest); every other rule lists all of its plugins.
   */
  plugins: string[];
  source: string;
  /**
   * Where the stack file shows it (check, diff): the entry of the first of `plugins` the file
   * lists (its facet value for a facet rule), the use case for a need, else the file's start.
   */
  location?: { file: string; line: number; column: number };
}

export interface Change {
  action: "add" | "remove";
  id: string;
  reason: string;
}

/** What every result has: the JSON contract's envelope. */
export interface Envelope {
  format_version: 1;
  command: string;
  ok: boolean;
}

export interface SolveStats {
  solver_calls: number;
  /**
   * The work the search did, in the units a --timeout is counted in (core/common/budget.ts):
   * the same for the same request on every machine (analyze: without the count's, which has a
   * limit of its own). recommend, explain, sample and analyze.
   */
  work?: number;
}

/** How a stack differs from the best one (recommend --top). */
export interface StackDifference {
  /** Plugins in this stack and not in the best one, and the other way round (sorted). */
  added: string[];
  removed: string[];
  /** Plugins in both whose assigned facet value differs. */
  facets: { id: string; from: string; to: string }[];
  /** The levels where the cost differs: this stack's value minus the best one's (never all below 0). */
  cost: { objective: string; delta: number }[];
  /** In words: "uses qdrant-plugin instead of pinecone-plugin: +1 at precedence". */
  summary: string;
}

/** One of the k best stacks (recommend --top). */
export interface RankedStack {
  /** 1 for the best. */
  rank: number;
  stack: Stack;
  cost: CostEntry[];
  /** From the second onwards: what differs from the first. */
  differs?: StackDifference;
}

/**
 * recommend / explain. Narrowed by `ok`: with `ok: true` the best stack is proven and there
 * (`stack`, `cost`, `optimal: true`); with `ok: false` there is no stack (`no_stack`), or the time
 * limit came first (`timed_out`: `stack` is then the best found so far, if any).
 */
export type RecommendResult = (RecommendFields & { ok: true; stack: Stack; cost: CostEntry[]; optimal: true }) | (RecommendFields & { ok: false });

/** The fields of a `RecommendResult`, whatever its `ok`. */
export interface RecommendFields extends Envelope {
  command: "recommend" | "explain";
  /** Present when a stack was found. */
  stack?: Stack;
  cost?: CostEntry[];
  /**
   * With `top`: the k best stacks in lexicographic order, each a different set of plugins (or
   * of facet values, with `distinct: "facets"`); the first is `stack`. Fewer than `top` when no
   * more exist among the plugins the request can use, or (with timed_out) before the time limit.
   */
  stacks?: RankedStack[];
  /**
   * Requested capabilities the stack meets only through plugins whose assigned facet value is
   * another role (the rules count a capability whatever the role; `serves` shows the role's).
   * Absent when there are none.
   */
  outside_role?: OutsideRole[];
  /** How many stacks were asked for (`--top`), and what makes two of them different. */
  top?: number;
  distinct?: "plugins" | "facets";
  /** False when the search stopped at --timeout before proving the optimum. */
  optimal?: boolean;
  timed_out?: boolean;
  /** Why the search stopped early: the --timeout, or the solver's fixed memory. */
  stopped_by?: "time" | "memory";
  /**
   * The clock, not the work a --timeout stands for, stopped the search (a machine too slow to do
   * that work in time): the answer may differ on another machine. Absent otherwise.
   */
  clock_stopped?: boolean;
  /** No valid stack exists for the request (proven). */
  no_stack?: boolean;
  /** A minimal conflict (absent when the time limit came first). */
  conflict?: Conflict;
  /** Further minimal conflicts: one for each request a repair gives up that `conflict` does not name. */
  more_conflicts?: Conflict[];
  /** The smallest repairs, best first (with timed_out: those found before the time limit). */
  repairs?: Repair[];
  /** More repairs exist than `repairs` lists (the option `repairs`, --repairs N, lists more). */
  more_repairs?: true;
  stats: SolveStats;
}

/** check: whether a stack file is valid (`ok`), each rule it breaks (`violations`), its unmet integrations (`warnings`), and its cost. */
export interface CheckResult extends Envelope {
  command: "check";
  /** Stopped at the time limit before the check finished: neither valid nor invalid (no violations listed, no cost). */
  timed_out?: boolean;
  /** What stopped it: the time limit, or (the CLI, before any answer) the solver's memory. */
  stopped_by?: "time" | "memory";
  /** The clock, not the work, stopped it (as `RecommendFields.clock_stopped`). */
  clock_stopped?: boolean;
  stack: Stack;
  /** As `RecommendResult.outside_role`. */
  outside_role?: OutsideRole[];
  cost: CostEntry[];
  violations: ViolationOut[];
  warnings: ViolationOut[];
  /** Stopped before any answer (the CLI: the time limit met while the catalog was read, or the solver's memory): these are empty because they were not computed. */
  not_computed?: ("stack" | "cost" | "violations" | "warnings")[];
}

/** repair: the valid stack with the fewest changes from the file, and each change with its reason (or, when none exists, the conflict). */
export interface RepairResult extends Envelope {
  command: "repair";
  /** The repaired stack (absent when none exists). */
  stack?: Stack;
  cost?: CostEntry[];
  changes: Change[];
  violations: ViolationOut[];
  /** No valid stack exists with the file's use cases and the request (proven). */
  no_stack?: boolean;
  conflict?: Conflict;
  /** Further minimal conflicts, as RecommendResult's. */
  more_conflicts?: Conflict[];
  repairs?: Repair[];
  /** More repairs exist than `repairs` lists (--repairs N lists more). */
  more_repairs?: true;
  /** Facet values the repaired stack changed (the file gave another value), each with what keeping the file's value would break. */
  reassigned: { id: string; from: string; to: string; reason: string }[];
  /** False when the search stopped at the time limit: the changes are not proven the fewest. */
  timed_out?: boolean;
  /** Why the search stopped early: the --timeout, or the solver's fixed memory. */
  stopped_by?: "time" | "memory";
  /** As recommend's: the clock, not the work a --timeout stands for, stopped the search. */
  clock_stopped?: boolean;
  /** The file written with `--write`. */
  written?: string;
  /** Stopped before any answer (the CLI: the time limit met while the catalog was read, or the solver's memory): these are empty because they were not computed. */
  not_computed?: ("changes" | "violations" | "reassigned")[];
}

/** why / why-not. */
/** One thing two stacks pay for differently at an objective level (see `WhyResult.decided_by`). */
export interface Difference {
  /** Which stack pays for it: the recommended one, or the alternative (with or without the plugin). */
  stack: "recommended" | "alternative";
  message: string;
  /** How much more that stack pays for it. */
  weight: number;
  /** Where it is stated, `file:line` (an option for a wish given on the command line). */
  source?: string;
}

export interface WhyResult extends Envelope {
  command: "why" | "why-not";
  id: string;
  /**
   * Is the plugin in the best stack for the request (with `timed_out`, in the best found so far)?
   * False with `no_stack`; absent when a time limit came before any stack was found (it used to be
   * false then, which read as an answer).
   */
  in_stack?: boolean;
  /** The best stack for the request (absent when none exists). */
  stack?: Stack;
  cost?: CostEntry[];
  /** why: the plugin is in every valid stack; why-not: it can be in none. The chain of rules. */
  forced?: Conflict;
  /** The first objective level at which the alternative is worse. */
  decided_by?: {
    objective: string;
    chosen: number;
    alternative: number;
    /**
     * What the two stacks pay for differently at that level, in words: the wish, suggested
     * capability, precedence rank, integration gap or plugin, with `source` where it is stated.
     */
    differences: Difference[];
  };
  /** why, the plugin in the stack: the requested capabilities it serves there. */
  serves?: string[];
  /**
   * why, the plugin in the stack: the stack's plugins whose `requires` only it meets, each rule
   * cited; `any_of` when the rule would take others too (none of which the stack has).
   */
  required_by?: { id: string; reason: string; source: string; any_of?: string[] }[];
  /** The best stack with (why-not) or without (why) the plugin. */
  alternative?: { stack: Stack; cost: CostEntry[] };
  /** True when the alternative is exactly as good: the name-order tie-break decided. */
  tie?: boolean;
  /**
   * With `tie`: the plugin that lost the alternative the tie (the latest name of those the two
   * stacks do not share: plugins are left out from the last name in order to the first), against
   * what only the recommended stack holds.
   */
  tie_break?: { lost_by: string; against: string[] };
  /** The request itself has no stack. */
  no_stack?: boolean;
  /** With `no_stack`: a minimal conflict, further ones, and the smallest repairs (as recommend's). */
  conflict?: Conflict;
  more_conflicts?: Conflict[];
  repairs?: Repair[];
  more_repairs?: true;
  /** False when the time limit came before the best stack was proven: `stack` is the best so far. */
  optimal?: boolean;
  /** Stopped at the time limit: what is here was not all proven (see `optimal`, `forced`). */
  timed_out?: boolean;
  stopped_by?: "time" | "memory";
  /** The clock, not the work, stopped it (as `RecommendFields.clock_stopped`). */
  clock_stopped?: boolean;
}

export interface AnalyzedPlugin {
  id: string;
  /**
   * The requests and rules that force it in (core) or keep it out (dead); absent when not asked
   * for (analyze explains the first `explain` plugins, default 10; `propagationWhy` explains any).
   */
  because?: Conflict;
}

/**
 * analyze: core, dead and false-optional plugins (each maybe with `because`), and the count of
 * valid stacks. With `no_stack` the three lists are empty and `count` is 0: with no valid stack
 * every plugin would be, vacuously, both in every one and in none, which says nothing; the
 * conflict and the repairs say why.
 */
export interface AnalyzeResult extends Envelope {
  command: "analyze";
  core: AnalyzedPlugin[];
  dead: AnalyzedPlugin[];
  /** Not core for the catalog alone, core for this request. */
  false_optional: AnalyzedPlugin[];
  /** The exact number of valid stacks (a number while it is exact in JSON, else a string); absent when partial. */
  count?: number | string;
  count_note: string;
  /** The count stopped at its own limit (`AnalyzeOptions.countLimit`): everything else is complete, `count` absent. */
  count_limited?: boolean;
  /** How many core and dead plugins carry no `because` (see `AnalyzeOptions.explain`). */
  unexplained?: number;
  /** Stopped at the time limit: what is present is proven; core and dead may be empty, the count and some explanations absent. */
  partial?: boolean;
  /** With `partial`: the lists the time limit came before (each then empty: not known, not "none"). */
  not_computed?: ("core" | "dead" | "false_optional")[];
  timed_out?: boolean;
  stopped_by?: "time" | "memory";
  /** As recommend's: the clock, not the work a --timeout stands for, stopped it (another machine may get further). */
  clock_stopped?: boolean;
  /** No valid stack exists for the request (proven). */
  no_stack?: boolean;
  conflict?: Conflict;
  /** Further minimal conflicts, as RecommendResult's. */
  more_conflicts?: Conflict[];
  repairs?: Repair[];
  /** More repairs exist than `repairs` lists (--repairs N lists more). */
  more_repairs?: true;
  stats: SolveStats;
}


/** sample. */
export interface SampleResult extends Envelope {
  command: "sample";
  stacks: Stack[];
  feasible_pairs: number;
  covered_pairs: number;
  /** covered_pairs / feasible_pairs (1 when there are none). */
  coverage: number;
  /** No covering sample has fewer stacks. */
  lower_bound?: number;
  /**
   * Stopped at the time limit: before any stack (none, `not_computed`), during the greedy
   * construction (the stacks so far: `covered_pairs` below `feasible_pairs`, no `lower_bound`), or
   * while making a complete sample smaller.
   */
  timed_out?: boolean;
  stopped_by?: "time" | "memory";
  /** As recommend's: the clock, not the work a --timeout stands for, stopped it (another machine may get further). */
  clock_stopped?: boolean;
  /** Stopped before the figures were known: they are 0 because they were not computed, not because they are. */
  not_computed?: ("feasible_pairs" | "covered_pairs" | "coverage")[];
  /** No valid stack exists for the request (proven): no stacks, and why. */
  no_stack?: boolean;
  conflict?: Conflict;
  /** Further minimal conflicts, as RecommendResult's. */
  more_conflicts?: Conflict[];
  repairs?: Repair[];
  /** More repairs exist than `repairs` lists (--repairs N lists more). */
  more_repairs?: true;
  stats: SolveStats;
}

/** lint. */
export interface LintResult extends Envelope {
  command: "lint";
  diagnostics: Diagnostic[];
  /** Stopped at the time limit: the rules not run are not in `diagnostics`. */
  timed_out?: boolean;
  stopped_by?: "time" | "memory";
  /** Stopped before any rule ran (the CLI: the time limit met while the catalog was read, or the solver's memory): these are empty or 0 because they were not computed. */
  not_computed?: ("diagnostics" | "summary")[];
  /** What was checked, and how many errors and warnings were found. */
  summary: { plugins: number; use_cases: number; compositions: number; errors: number; warnings: number };
}

/** What `list` lists. */
export type ListKind = "plugins" | "types" | "use-cases" | "capabilities" | "compositions";

/** An item of `list plugins`. */
export interface PluginListItem {
  id: string;
  name: string;
  /** Its type (the first of `types`). */
  type: string;
  types: string[];
  summary: string;
  license: string;
  hosting: string[];
  clouds: string[];
  /** Where each tag is documented. */
  sources: Partial<Record<"license" | "hosting" | "clouds", string[]>>;
  facets: Record<string, string[]>;
  capabilities: string[];
}
/** An item of `list types`. */
export interface TypeListItem {
  name: string;
  rule: string;
  facet?: string;
  category: string;
  seed_rule: string;
  purpose: string;
  /** How many plugins fill it. */
  plugins: number;
}
/** An item of `list use-cases`. */
export interface UseCaseListItem {
  id: string;
  name: string;
  aliases: string[];
  needs: string[];
  suggests: string[];
  /** Hard tag rules: every selected plugin has the tag (`hosting=self-hosted`). */
  rules: string[];
  /** Soft tag preferences, counted at the wishes level (`license=open-source`). */
  prefers: string[];
}
/** An item of `list capabilities`. */
export interface CapabilityListItem {
  id: string;
  description: string;
  providers: string[];
}
/** An item of `list compositions`. */
export interface CompositionListItem {
  id: string;
  /** Absent when the file names none. */
  name?: string;
  file: string;
  use_cases: string[];
  /** `id`, or `id(facet)` for a plugin given a facet value. */
  plugins: string[];
}
/** The item of each kind `list` lists. */
export interface ListItems {
  plugins: PluginListItem;
  types: TypeListItem;
  "use-cases": UseCaseListItem;
  capabilities: CapabilityListItem;
  compositions: CompositionListItem;
}

/** list: `list(catalog, "plugins")` is a `ListResult<"plugins">`, whose items are `PluginListItem`s. */
export interface ListResult<K extends ListKind = ListKind> extends Envelope {
  command: "list";
  what: K;
  items: ListItems[K][];
}

/** One version of a stack file in a diff, as `check` sees it. */
export interface DiffSide {
  /** The file as named (an old version from git: `FILE@REV`). */
  file: string;
  /** Valid: no rule broken (false also when its check stopped: see `timed_out`). */
  ok: boolean;
  stack: Stack;
  cost: CostEntry[];
  violations: ViolationOut[];
  /** Its check stopped at the time limit: `ok` and `violations` claim nothing. */
  timed_out?: true;
}

/** diff: what a change to a stack file does. */
export interface DiffResult extends Envelope {
  command: "diff";
  old: DiffSide;
  new: DiffSide;
  added: string[];
  removed: string[];
  /** Plugins in both whose facet value changed. */
  facets: { id: string; from: string; to: string }[];
  use_cases: { added: string[]; removed: string[] };
  /** The cost at each level before and after (empty when a check stopped at the time limit). */
  cost: { objective: string; before: number; after: number }[];
  /** Rules the new version breaks and the old one kept (located in the new file): exit 1. */
  newly_broken: ViolationOut[];
  /** Rules the old version broke and the new one keeps (located in the old file). */
  newly_met: ViolationOut[];
  /** Needs and suggestions of the new version's use cases that the old stack served and the new one does not. */
  needs_lost: { use_case: string; capability: string; kind: "need" | "suggestion"; was_provided_by: string[]; message: string }[];
  /** A check stopped at the time limit: nothing is claimed about the rules. */
  timed_out?: boolean;
  stopped_by?: "time" | "memory";
  /** With `timed_out`: the lists left empty because they were not computed, not because they are (all of them, and each side's stack, when stopped before the files were read). */
  not_computed?: ("added" | "removed" | "facets" | "use_cases" | "cost" | "newly_broken" | "newly_met" | "needs_lost")[];
}

/** export: the problem of a request as a file for other solvers. */
export interface ExportResult extends Envelope {
  command: "export";
  format: "dimacs" | "wcnf" | "opb" | "asp";
  scope: "all" | "reachable";
  variables: number;
  clauses: number;
  /** The objective levels in order, each with its weight in the WCNF/OPB sum and its largest cost. */
  levels: { objective: string; weight: string; max: number }[];
  /** The file ("" when stopped). */
  text: string;
  /** Stopped at the time limit before the file was whole: no text (never half a file). */
  timed_out?: boolean;
  stopped_by?: "time";
}

/** Every command's result, by command. */
export type AnyResult = RecommendResult | CheckResult | RepairResult | WhyResult | AnalyzeResult | SampleResult | LintResult | ListResult | ExportResult | DiffResult;
