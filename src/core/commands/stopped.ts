/**
 * A command's result when it stopped before it had anything to say: the time limit came while
 * the catalog was read (or the solver's memory ran out where the command keeps no partial
 * answer). Every field the command's result type requires is there, empty, and `not_computed`
 * (where the type has it) says which are empty because they were not computed: a script that
 * reads `stacks` or `violations` of the CLI's JSON gets an empty list, not undefined.
 */
import type { AnalyzeResult, AnyResult, CheckResult, DiffResult, DiffSide, LintResult, RecommendResult, RepairResult, SampleResult, WhyResult } from "./result.js";

/** What the command was asked, as far as a stopped result repeats it: its operands (why's plugin id, diff's files). */
export interface StoppedAsk {
  command: string;
  operands?: readonly string[];
  /** diff's --git revision, if given. */
  git?: string;
}

const NOTHING = { use_cases: [], plugins: [] };

/**
 * The result of `command` stopped by the time limit (or the solver's memory) before it had an
 * answer; `undefined` for a command that never stops so or has no JSON result (list, export, schema,
 * completion, ui).
 */
export function stoppedResult(ask: StoppedAsk, by: "time" | "memory"): AnyResult | undefined {
  // In the order every result writes them: the envelope first.
  const stop = { format_version: 1 as const, command: ask.command, ok: false as const, timed_out: true as const, stopped_by: by };
  const stats = { solver_calls: 0 };
  const [first, second] = ask.operands ?? [];
  switch (ask.command) {
    case "recommend":
    case "explain":
      return { ...stop, command: ask.command, stats } satisfies RecommendResult;
    case "check":
      return { ...stop, command: "check", stack: NOTHING, cost: [], violations: [], warnings: [], not_computed: ["stack", "cost", "violations", "warnings"] } satisfies CheckResult;
    case "repair":
      return { ...stop, command: "repair", changes: [], violations: [], reassigned: [], not_computed: ["changes", "violations", "reassigned"] } satisfies RepairResult;
    case "why":
    case "why-not":
      return { ...stop, command: ask.command, id: first ?? "" } satisfies WhyResult;
    case "analyze":
      return { ...stop, command: "analyze", core: [], dead: [], false_optional: [], partial: true, not_computed: ["core", "dead", "false_optional"], count_note: "not counted: stopped before any answer", stats } satisfies AnalyzeResult;
    case "sample":
      return { ...stop, command: "sample", stacks: [], feasible_pairs: 0, covered_pairs: 0, coverage: 0, not_computed: ["feasible_pairs", "covered_pairs", "coverage"], stats } satisfies SampleResult;
    case "lint":
      return { ...stop, command: "lint", diagnostics: [], summary: { plugins: 0, use_cases: 0, compositions: 0, errors: 0, warnings: 0 }, not_computed: ["diagnostics", "summary"] } satisfies LintResult;
    case "diff": {
      // Named as a diff names them: the old version from git as FILE@REV.
      const side = (file: string): DiffSide => ({ file, ok: false, stack: NOTHING, cost: [], violations: [], timed_out: true });
      const old = ask.git !== undefined ? `${first ?? ""}@${ask.git}` : (first ?? "");
      return { ...stop, command: "diff", old: side(old), new: side(ask.git !== undefined ? (first ?? "") : (second ?? "")), added: [], removed: [], facets: [], use_cases: { added: [], removed: [] }, cost: [], newly_broken: [], newly_met: [], needs_lost: [], not_computed: ["added", "removed", "facets", "use_cases", "cost", "newly_broken", "newly_met", "needs_lost"] } satisfies DiffResult;
    }
    default:
      return undefined;
  }
}
