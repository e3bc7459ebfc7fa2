/**
 * Human wording of results. Uses no solver words: a person reads "cannot hold together" and
 * "give up", never clauses or literals. The same data prints as JSON or YAML elsewhere.
 */
import type { AnalyzedPlugin, AnalyzeResult, CheckResult, Conflict, CostEntry, DiffResult, LintResult, ListResult, OutsideRole, RankedStack, RecommendResult, Repair, RepairResult, RuleRef, SampleResult, Stack, ViolationOut, WhyResult } from "../commands/result.js";
import { formatDiagnostic, type Diagnostic } from "../common/diagnostics.js";
import { conflictHeading, differenceWords, DIFFERENCES_SHOWN, giveUpWords, OUTSIDE_ROLE_HEADING, outsideRoleWords, tieBreakWords } from "../common/words.js";
import { table, type Style } from "./style.js";
import { visible } from "./visible.js";

function stackTable(stack: Stack, st: Style, marks?: Map<string, string>): string {
  if (stack.plugins.length === 0) return "  (no plugins)";
  const serves = stack.plugins.some((p) => p.serves?.length);
  const rows = [[st.bold("PLUGIN"), st.bold("TYPE"), st.bold("FACET")].concat(serves ? [st.bold("SERVES")] : [], marks ? [st.bold("CHANGE")] : [])];
  for (const p of stack.plugins) rows.push([p.id, p.type, p.facet ?? ""].concat(serves ? [(p.serves ?? []).join(", ")] : [], marks ? [marks.get(p.id) ?? ""] : []));
  return table(rows);
}

function costLines(cost: CostEntry[], st: Style): string {
  return table(cost.map((c, i) => [`${i + 1}. ${c.objective}`, String(c.value)]).map(([a, b]) => [st.dim(a!), b!]));
}

/** What a cost means, said once per output: the heading of a cost table. */
const COST_HEADING = "Cost at each objective level (lower is better; compared level by level):";

/** The heading and the table of a cost. */
const costBlock = (cost: CostEntry[], st: Style) => [st.bold(COST_HEADING), costLines(cost, st)];

/** A cost on one line ("cost 0/0/1/0/4"), and the line that says once what its numbers are. */
const costShort = (cost: CostEntry[]) => `cost ${cost.map((c) => c.value).join("/")}`;
const costLegend = (cost: CostEntry[], st: Style) => st.dim(`  (cost = ${cost.map((c) => c.objective).join("/")}; lower is better; compared level by level)`);

/** One line per stack: "id, id(facet), ...". */
const stackLine = (s: Stack) => s.plugins.map((p) => p.id + (p.facet ? `(${p.facet})` : "")).join(", ") || "(empty stack)";

function useCasesLine(stack: Stack): string {
  return stack.use_cases.length ? ` for ${stack.use_cases.join(", ")}` : "";
}

/** At most this many of one run of tag facts are listed in a table; JSON has them all. */
const TAG_FACTS_SHOWN = 6;

/** `xs` in runs: neighbours with the same defined key together, each other item alone. */
function runsOf<T>(xs: readonly T[], keyOf: (x: T) => string | undefined): T[][] {
  const out: T[][] = [];
  let last: string | undefined;
  for (const x of xs) {
    const k = keyOf(x);
    if (k !== undefined && k === last) out[out.length - 1]!.push(x);
    else out.push([x]);
    last = k;
  }
  return out;
}

/**
 * A conflict's rules as the table lists them: a run of more than TAG_FACTS_SHOWN tag facts of one
 * key ("X has license proprietary", one per plugin a tag request rules out) is cut to its first
 * ones and a line naming the rest.
 */
function ruleLines(given: readonly RuleRef[], st: Style): string[] {
  const keyOf = (r: RuleRef) => (r.kind === "tag" ? /^\S+ has (\S+) /.exec(r.message)?.[1] : undefined);
  return runsOf(sameRuleMerged(given), keyOf).flatMap((run) => {
    const key = keyOf(run[0]!);
    const shown = run.slice(0, key === undefined ? run.length : TAG_FACTS_SHOWN).map((r) => `  - ${r.message}  ${st.dim(`(${r.source})`)}`);
    const rest = run.slice(shown.length).map((r) => r.message.split(" ")[0]);
    return rest.length ? [...shown, `  - and ${rest.length} more by their ${key}: ${rest.join(", ")}  ${st.dim("(each cited in --format json)")}`] : shown;
  });
}

/**
 * One line for a run of rules that say the same of several plugins at one source ("chroma-plugin,
 * when selected, is assigned exactly one use case of the request", one per vector database of a
 * per-use-case type): the plugins listed once. JSON keeps each.
 */
function sameRuleMerged(rules: readonly RuleRef[]): RuleRef[] {
  const split = (m: string) => /^(\S+), (when selected, .*)$/.exec(m);
  const keyOf = (r: RuleRef) => {
    const head = split(r.message);
    return head ? `${r.kind}\u0000${r.source}\u0000${head[2]}` : undefined;
  };
  return runsOf(rules, keyOf).map((run) => (run.length > 1 ? { ...run[0]!, message: `${run.map((r) => split(r.message)![1]).join(", ")}: each, ${split(run[0]!.message)![2]}` } : run[0]!));
}

export function conflictText(conflict: Conflict, st: Style, also = false): string {
  const lines: string[] = [];
  lines.push(st.bold(conflictHeading(conflict.requests.length, "request", also)));
  for (const r of conflict.requests) lines.push(`  - ${r.message}  ${st.dim(`(${r.source})`)}`);
  if (conflict.rules.length) {
    lines.push(st.bold("because:"));
    lines.push(...ruleLines(conflict.rules, st));
  }
  return lines.join("\n");
}

const LIMIT = "Stopped at the time limit";

/** "1 stack", "2 stacks" (a count too large for a JSON number comes as its decimal string). */
const plural = (n: number | string, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
/** A stop by the clock rather than by the work a time limit stands for (core/common/budget.ts). */
const CLOCK_STOPPED = "The clock ran out before the work the time limit stands for was done (a slow or busy machine): another machine may find another answer in the same time.";
/** The line that says so, for a result the clock stopped; none else. */
const clockLines = (r: { clock_stopped?: boolean }, st: Style): string[] => (r.clock_stopped ? [st.yellow(CLOCK_STOPPED)] : []);

export function repairsText(repairs: Repair[], st: Style, timedOut = false, more = false): string {
  if (repairs.length === 0) return timedOut ? st.yellow(`${LIMIT} before any change to your request was found that gives a valid stack.`) : "No set of your requests can be given up to reach a valid stack.";
  const lines = [
    timedOut
      ? st.bold(`Changes to your request found before the time limit (the search did not finish: not proven the smallest):`)
      : st.bold(repairs.length === 1 ? "The smallest change to your request:" : "The smallest changes to your request, best first:"),
  ];
  repairs.forEach((r, i) => {
    const what = r.give_up.map(giveUpWords).join(", ");
    lines.push(`  ${i + 1}. ${st.yellow(what)}  ${st.dim(costShort(r.cost))}`);
    lines.push(`     -> ${stackLine(r.stack)}`);
  });
  if (more) lines.push(`  ${st.dim(`(more exist: --repairs ${repairs.length + 3} lists more)`)}`);
  // A use case's need or rule is no option of its own: say how one gives it up.
  if (repairs.some((r) => r.give_up.some((g) => g.kind === "need" || g.kind === "tag")))
    lines.push(`  ${st.dim("(a use case's need or rule is given up by leaving the use case out, or by a layer that overrides the use case)")}`);
  lines.push(costLegend(repairs[0]!.cost, st));
  return lines.join("\n");
}

export function recommendText(r: RecommendResult, st: Style): string {
  const out: string[] = [];
  if (r.stack) {
    if (r.timed_out) out.push(st.yellow(`Stopped at ${r.stopped_by === "memory" ? "the solver's memory limit" : "the time limit"}: this is the best stack found so far, valid but not proven optimal.`));
    out.push(...clockLines(r, st));
    out.push(st.bold(`Recommended stack${useCasesLine(r.stack)}:`));
    out.push(stackTable(r.stack, st), ...outsideRoleLines(r.outside_role, r.stack, st));
    if (r.cost) out.push("", ...costBlock(r.cost, st));
    if (r.stacks) out.push("", ...topLines(r, r.stacks, st));
  } else if (r.timed_out && !r.no_stack) {
    out.push(st.red(`Stopped at ${r.stopped_by === "memory" ? "the solver's memory limit" : "the time limit"} before any valid stack was found.`));
    out.push(...clockLines(r, st));
  }
  if (r.no_stack || r.conflict) out.push(...noStackLines("No valid stack exists for this request.", r, st));
  return out.join("\n");
}

/** The k best stacks of `recommend --top`, each after the first with what differs from the first. */
function topLines(r: RecommendResult, stacks: RankedStack[], st: Style): string[] {
  const k = r.top ?? stacks.length;
  const what = r.distinct === "facets" ? "stacks (plugins or facet values differ)" : "stacks";
  if (stacks.length === 0 && r.timed_out) return [st.yellow(`None of the ${k} best ${what} is listed: the time limit came before the best one was proven (the stack above is the best found so far).`)];
  const out = [st.bold(stacks.length === k ? `The ${k} best ${what}, best first:` : `The ${stacks.length} best ${what} of the ${k} asked for, best first:`)];
  for (const s of stacks) {
    out.push(`  ${String(s.rank).padStart(2)}. ${stackLine(s.stack)}  ${st.dim(costShort(s.cost))}`);
    if (s.differs) out.push(`      ${s.differs.summary}`);
  }
  if (stacks.length) out.push(costLegend(stacks[0]!.cost, st));
  if (stacks.length < k) {
    out.push(
      r.timed_out
        ? st.yellow(`${LIMIT} after ${stacks.length} of them (each proven the next best).`)
        : `No other valid stack exists among the plugins this request can use (the providers of what its use cases need or suggest, the plugins it names, and what they require).`,
    );
  }
  return out;
}

/** A proven "no stack": the conflict (or that the time limit came first), then the repairs. */
function noStackLines(headline: string, r: { conflict?: Conflict; more_conflicts?: Conflict[]; repairs?: Repair[]; more_repairs?: true; timed_out?: boolean; clock_stopped?: boolean }, st: Style): string[] {
  const out = [st.red(headline)];
  if (r.conflict) out.push("", conflictText(r.conflict, st));
  else if (r.timed_out) out.push(st.yellow(`${LIMIT} before the requests that cannot hold together were found.`));
  // The others the repairs below give up requests of (each said as the first is).
  for (const c of r.more_conflicts ?? []) out.push("", conflictText(c, st, true));
  if (r.timed_out) out.push(...clockLines(r, st));
  if (r.repairs && (r.conflict || r.repairs.length)) out.push("", repairsText(r.repairs, st, r.timed_out, r.more_repairs));
  return out;
}

function violationLines(vs: ViolationOut[], st: Style, mark: string): string[] {
  return vs.map((v) => `  ${mark} ${v.message}  ${st.dim(`(${v.source})`)}`);
}

export function checkText(r: CheckResult, st: Style, file: string): string {
  if (r.timed_out) return [st.yellow(`${file}: ${LIMIT.toLowerCase()} before the check finished; the stack is neither valid nor invalid yet.`), ...clockLines(r, st)].join("\n");
  const out: string[] = [];
  out.push(r.ok ? st.green(`${file}: valid stack`) : st.red(`${file}: invalid stack, ${r.violations.length} rule${r.violations.length === 1 ? "" : "s"} broken`));
  out.push(...violationLines(r.violations, st, st.red("✗")));
  if (r.warnings.length) {
    // Not "integration gaps": that objective counts related pairs that do not integrate, a different number.
    out.push(st.yellow(`${r.warnings.length} unmet integration${r.warnings.length === 1 ? "" : "s"} (warnings; errors with --integrations strict; the integration-gaps cost counts pairs of plugins instead):`));
    out.push(...violationLines(r.warnings, st, st.yellow("!")));
  }
  out.push("", stackTable(r.stack, st), ...outsideRoleLines(r.outside_role, r.stack, st), "", ...costBlock(r.cost, st));
  return out.join("\n");
}

/** The requested capabilities met only outside the plugins' roles (see `outsideRole`), in words under the table. */
function outsideRoleLines(outside: OutsideRole[] | undefined, stack: Stack, st: Style): string[] {
  if (!outside?.length) return [];
  const facet = new Map(stack.plugins.map((p) => [p.id, p.facet]));
  return [
    "",
    st.dim(OUTSIDE_ROLE_HEADING),
    ...outside.map((o) => st.dim(`  ${outsideRoleWords(o, (id) => facet.get(id))}`)),
  ];
}

export function repairText(r: RepairResult, st: Style, file: string): string {
  const out: string[] = [];
  if (r.changes.length === 0 && r.reassigned.length === 0 && r.ok) return st.green(`${file}: already valid; no change needed.`);
  if (r.stack) {
    // A facet value the file gives and the repair changes is a change too (as diff shows it).
    const n = r.changes.length + r.reassigned.length;
    const changes = `${n} change${n === 1 ? "" : "s"}`;
    if (r.timed_out) {
      out.push(st.yellow(`${LIMIT}: the nearest valid stack to ${file} found so far, ${changes} (not proven the fewest).`));
      out.push(...clockLines(r, st));
    } else out.push(st.bold(`Nearest valid stack to ${file}: ${changes}`));
    for (const c of r.changes) out.push(`  ${c.action === "add" ? st.green("+ " + c.id) : st.red("- " + c.id)}  ${c.reason}`);
    for (const f of r.reassigned) out.push(`  ${st.yellow("~ " + f.id)}  facet ${f.from} -> ${f.to}: ${f.reason}`);
    const marks = new Map([...r.changes.filter((c) => c.action === "add").map((c) => [c.id, "added"] as const), ...r.reassigned.map((f) => [f.id, "facet changed"] as const)]);
    out.push("", stackTable(r.stack, st, marks));
    if (r.cost) out.push("", ...costBlock(r.cost, st));
    if (r.written) out.push("", st.dim(`Written to ${r.written}.`));
  } else if (r.no_stack || r.conflict) {
    // The use cases' own needs and rules alone, or with what the request adds (options, a project file's defaults).
    const asked = r.conflict?.requests ?? [];
    const headline = !asked.length
      ? `No valid stack exists for ${file}.`
      : asked.every((q) => q.kind === "need" || q.kind === "tag")
        ? `No valid stack exists with the use cases of ${file}.`
        : `No valid stack exists for ${file} with this request.`;
    out.push(...noStackLines(headline, r, st));
  } else if (r.timed_out) {
    out.push(st.red(`${LIMIT} before any valid stack near ${file} was found.`));
    out.push(...clockLines(r, st));
  }
  return out.join("\n");
}

/** Diagnostics as the CLI prints them: one line each, errors in red, warnings in yellow, then a count. */
export function diagnosticsText(ds: Diagnostic[], st: Style): string {
  return ds.map((d) => visible(formatDiagnostic(d))).map((line, i) => (ds[i]!.severity === "error" ? st.red(line) : st.yellow(line))).join("\n");
}

export function whyText(r: WhyResult, st: Style): string {
  const out: string[] = [];
  const id = st.bold(r.id);
  if (r.no_stack) return noStackLines(`No valid stack exists for this request, so ${r.id} is in none.`, r, st).join("\n");
  if (r.timed_out) {
    const clock = clockLines(r, st).map((l) => `\n${l}`).join("");
    if (!r.stack) return st.yellow(`${LIMIT} before any valid stack was found, so it is not known why ${r.id} would be in it or not.`) + clock;
    if (r.optimal === false) return st.yellow(`${LIMIT} before the recommended stack was proven best: ${r.id} is ${r.in_stack ? "" : "not "}in the best stack found so far (${r.stack.plugins.map((p) => p.id).join(", ")}), which may still change.`) + clock;
    if (r.forced) return st.yellow(`${r.id} ${r.command === "why" ? "is in every valid stack" : "can be in no valid stack"} for this request, but the ${LIMIT.toLowerCase()} came before the rules that force it were found.`) + clock;
    return st.yellow(`${LIMIT} before the best stack ${r.command === "why" ? "without" : "with"} ${r.id} was proven: the reason is not known yet.`) + clock;
  }
  if (r.command === "why" && !r.in_stack) return `${id} is not in the recommended stack; ask \`mlx-solve why-not ${r.id}\` with the same request options.`;
  if (r.command === "why-not" && r.in_stack) return `${id} is in the recommended stack; ask \`mlx-solve why ${r.id}\`.`;
  if (r.forced) {
    const others = r.forced.requests;
    out.push(
      r.command === "why"
        ? `${id} is in every valid stack for this request${others.length ? `: leaving it out cannot hold together with` : ": the catalog's rules force it"}`
        : `${id} can be in no valid stack for this request${others.length ? `: putting it in cannot hold together with` : ": the catalog's rules rule it out"}`,
    );
    for (const q of others) out.push(`  - ${q.message}  ${st.dim(`(${q.source})`)}`);
    if (r.forced.rules.length) {
      out.push("because:");
      out.push(...ruleLines(r.forced.rules, st));
    }
    out.push(...roleLines(r, st, new Set(r.forced.rules.filter((c) => c.kind === "requires").map((c) => c.source))));
    return out.join("\n");
  }
  if (r.alternative) {
    const alt = r.alternative.stack.plugins.map((p) => p.id).join(", ") || "(empty)";
    if (r.tie) out.push(`${id} ${r.command === "why" ? "was chosen" : "was left out"} by the final tie-break: the best stack ${r.command === "why" ? "without" : "with"} it is exactly as good at every level. ${tieBreakWords(r.tie_break)}`);
    else if (r.decided_by) {
      const d = r.decided_by;
      const other = r.command === "why" ? "without" : "with";
      out.push(
        r.command === "why"
          ? `${id} was chosen at objective level "${d.objective}": without it the best stack costs ${d.alternative} there instead of ${d.chosen} (every earlier level ties).`
          : `${id} was left out at objective level "${d.objective}": with it the best stack costs ${d.alternative} there instead of ${d.chosen} (every earlier level ties).`,
      );
      // What makes the difference, term by term (a long list shortened: the rest are in JSON).
      for (const [which, heading] of [["alternative", `the stack ${other} it`], ["recommended", "the recommended stack"]] as const) {
        const terms = d.differences.filter((t) => t.stack === which);
        if (!terms.length) continue;
        out.push(`  ${heading} pays for:`);
        for (const t of terms.slice(0, DIFFERENCES_SHOWN)) out.push(`    - ${differenceWords(t)}${t.source ? `  ${st.dim(`(${t.source})`)}` : ""}`);
        if (terms.length > DIFFERENCES_SHOWN) out.push(`    … and ${terms.length - DIFFERENCES_SHOWN} more (--format json lists them)`);
      }
    }
    out.push(`  ${r.command === "why" ? "without" : "with"} ${r.id}: ${alt}`);
    out.push(`  recommended: ${r.stack?.plugins.map((p) => p.id).join(", ") || "(empty)"}`);
  }
  out.push(...roleLines(r, st));
  return out.join("\n");
}

/** "it", or "it or bedrock-plugin (which the stack lacks)": a rule met by it alone need not name it alone. */
const requiredWord = (others: readonly string[]): string =>
  others.length === 0 ? "it" : `it or ${others.length <= 3 ? others.join(" or ") : `one of ${others.length} others`} (${others.length === 1 ? "which the stack lacks" : "none of which the stack has"})`;

/**
 * why's lines on what the plugin does in the recommended stack (`serves`, `required_by`): what it
 * serves and which rules require it; a rule the lines above already cite (`said`) is not said again.
 */
function roleLines(r: WhyResult, st: Style, said: ReadonlySet<string> = new Set()): string[] {
  return [
    ...(r.serves?.length ? [`  in the recommended stack it serves ${r.serves.join(", ")}`] : []),
    ...(r.required_by ?? []).filter((q) => !said.has(q.source)).map((q) => `  ${q.id} there requires ${requiredWord(q.any_of?.filter((x) => x !== r.id) ?? [])}: ${q.reason}  ${st.dim(`(${q.source})`)}`),
  ];
}

export function analyzeText(r: AnalyzeResult, st: Style): string {
  if (r.no_stack || (!r.ok && r.conflict)) return noStackLines("No valid stack exists for this request.", r, st).join("\n");
  const counted = r.count !== undefined ? st.bold(plural(r.count, "valid stack")) + st.dim(` (${r.count_note})`) : undefined;
  const out: string[] = r.partial
    ? [st.yellow(`${r.stopped_by === "memory" ? "Stopped at the solver's memory limit" : LIMIT}: a partial analysis; what is shown is proven${r.count === undefined ? ", no count" : ", explanations incomplete"}.`), ...clockLines(r, st), ...(counted ? [counted] : [])]
    : [counted ?? st.yellow(`Valid stacks: ${r.count_note}.`)];
  const section = (title: string, items: AnalyzedPlugin[], none: string, key: "core" | "dead" | "false_optional") => {
    if (r.not_computed?.includes(key)) {
      out.push("", st.bold(`${title}:`), st.yellow(`  not known: the ${r.stopped_by === "memory" ? "solver's memory limit" : "time limit"} came first`));
      return;
    }
    out.push("", st.bold(`${title} (${items.length}):`));
    if (items.length === 0) out.push(`  ${none}`);
    for (const p of items) {
      if (!p.because) {
        out.push(`  ${p.id}`);
        continue;
      }
      const reasons = [...p.because.requests.map((q) => q.message), ...p.because.rules.map((c) => `${c.message} (${c.source})`)];
      out.push(`  ${p.id}: ${reasons.join("; ") || "the catalog's rules alone"}`);
    }
  };
  section("Core: in every valid stack", r.core, "none", "core");
  section("Dead: in no valid stack", r.dead, "none", "dead");
  section("False optional: optional in the catalog, forced by this request", r.false_optional, "none", "false_optional");
  // Cut short by the limit, the explanations need time, not a larger --explain.
  if (r.unexplained)
    out.push("", st.dim(r.partial ? `${r.unexplained} of them not explained: the ${r.stopped_by === "memory" ? "solver's memory limit" : "time limit"} came before the explanations were done${r.stopped_by === "memory" ? "" : " (a longer --timeout explains more; --explain all asks for every one)"}.` : `${r.unexplained} of them not explained, to save time: --explain all (or --explain N) explains them.`));
  return out.join("\n");
}

/** What the lower bound says of the sample's size: the fewest possible when they meet. */
function boundNote(r: SampleResult, st: Style): string {
  if (r.lower_bound === undefined) return "";
  return st.dim(` (${fewest(r) ? "the fewest possible: " : ""}no sample has fewer than ${plural(r.lower_bound, "stack")})`);
}

/** True when a stop left feasible pairs uncovered: the stacks are those found before it. */
export const partialSample = (r: SampleResult): boolean => r.covered_pairs < r.feasible_pairs;

/** True when the sample's size is proven the smallest. */
const fewest = (r: SampleResult) => r.lower_bound !== undefined && r.lower_bound >= r.stacks.length;

export function sampleText(r: SampleResult, st: Style): string {
  if (r.no_stack) return noStackLines("No valid stack exists for this request: there is nothing to sample.", r, st).join("\n");
  const clock = clockLines(r, st);
  if (r.timed_out && r.stacks.length === 0) return [st.yellow(`${LIMIT} before a sample covering every feasible pair was complete.`), ...clock].join("\n");
  const late = !r.timed_out ? [] : [st.yellow(`${LIMIT} ${partialSample(r) ? "before every feasible pair was covered: the stacks found so far (a longer --timeout completes the sample)." : fewest(r) ? "as the sample was being written out: every feasible pair is covered, by the fewest stacks possible." : "while making the sample smaller: every feasible pair is covered, by more stacks than may be needed."}`)];
  const n = r.stacks.length;
  const out = [st.bold(`${plural(n, "valid stack")} ${n === 1 ? "covers" : "cover"} ${r.covered_pairs} of ${r.feasible_pairs} feasible pairs of plugin choices`) + boundNote(r, st)];
  r.stacks.forEach((s, i) => out.push(`  ${String(i + 1).padStart(2)}. ${s.plugins.map((p) => p.id + (p.facet ? `(${p.facet})` : "")).join(", ") || "(empty stack)"}`));
  return [...late, ...(r.timed_out ? clock : []), ...out].join("\n");
}

export function explainText(r: RecommendResult, st: Style): string {
  return r.ok ? `Nothing to explain: this request has a valid stack.\n\n${recommendText(r, st)}` : recommendText(r, st);
}

export function lintText(r: LintResult, st: Style): string {
  const { errors, warnings, plugins, use_cases, compositions } = r.summary;
  const line = (errors ? st.red : st.green)(`${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plugins} plugins, ${use_cases} use cases, ${compositions} compositions`);
  const stopped = r.timed_out ? `\n${st.yellow(`${LIMIT}: not every rule ran; the findings above are those made before it.`)}` : "";
  return (r.diagnostics.length ? `${diagnosticsText(r.diagnostics, st)}\n${line}` : line) + stopped;
}

/** The columns `list` shows in a table, by what it lists (JSON and YAML have every field). */
const LIST_COLUMNS: Record<ListResult["what"], string[]> = {
  plugins: ["id", "name", "type", "license", "hosting", "clouds"],
  types: ["name", "rule", "facet", "plugins", "seed_rule"],
  "use-cases": ["id", "aliases", "needs", "rules", "prefers"],
  capabilities: ["id", "providers", "description"],
  compositions: ["id", "name", "use_cases", "plugins"],
};

/** How wide a table may be unless told otherwise: a 100-column terminal. */
export const TABLE_WIDTH = 100;

/** `list` as a table, cut to `width` columns (Infinity: as wide as its content). */
export function listText(r: ListResult, st: Style, width = TABLE_WIDTH): string {
  const columns = LIST_COLUMNS[r.what];
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(", ") : v === undefined ? "" : String(v));
  return table([columns.map((c) => st.bold(c.toUpperCase())), ...r.items.map((it) => columns.map((c) => cell((it as unknown as Record<string, unknown>)[c])))], "  ", width === Infinity ? undefined : width);
}

/** What a change to a stack file does: the changes, the cost before and after, the rules. */
export function diffText(r: DiffResult, st: Style): string {
  const out: string[] = [];
  const head = `${r.old.file} -> ${r.new.file}`;
  if (r.timed_out) out.push(st.yellow(`${head}: ${LIMIT.toLowerCase()} before both versions were checked; nothing is claimed about the rules.`));
  else if (!r.ok) out.push(st.red(`${head}: breaks ${r.newly_broken.length} rule${r.newly_broken.length === 1 ? "" : "s"} the old version kept`));
  else out.push(st.green(`${head}: breaks no rule the old version kept`));
  const changes: string[] = [];
  for (const id of r.added) changes.push(`  ${st.green("+ " + id)}`);
  for (const id of r.removed) changes.push(`  ${st.red("- " + id)}`);
  for (const f of r.facets) changes.push(`  ~ ${f.id}: facet ${f.from} -> ${f.to}`);
  for (const u of r.use_cases.added) changes.push(`  ${st.green("+ use case " + u)}`);
  for (const u of r.use_cases.removed) changes.push(`  ${st.red("- use case " + u)}`);
  out.push(changes.length ? st.bold("Changes:") : "No change to the plugins, facets or use cases.", ...changes);
  if (r.newly_broken.length) out.push(st.bold("Newly broken:"), ...violationLines(r.newly_broken, st, st.red("✗")));
  // Each as OLD broke it: its message says what the old stack had.
  if (r.newly_met.length) out.push(st.bold("Newly met (as OLD broke them):"), ...violationLines(r.newly_met, st, st.green("✓")));
  if (r.needs_lost.length) out.push(st.bold("No longer served:"), ...r.needs_lost.map((n) => `  ${st.yellow("!")} ${n.message}`));
  if (r.cost.length) {
    out.push("", st.bold(COST_HEADING));
    out.push(table([[st.dim("LEVEL"), st.dim("BEFORE"), st.dim("AFTER")], ...r.cost.map((c, i) => [st.dim(`${i + 1}. ${c.objective}`), String(c.before), c.after === c.before ? String(c.after) : st.bold(String(c.after))])]));
  }
  return out.join("\n");
}
