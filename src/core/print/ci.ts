/**
 * Output for continuous integration: the findings of `check`, `lint` and `diff` as GitHub
 * Actions workflow commands (`::error file=F,line=L,col=C::message`, which annotate the file and
 * line in a pull request) and as a SARIF 2.1.0 log (code-scanning tools, editors).
 */
import type { AnyResult, ViolationOut } from "../commands/result.js";
import type { Diagnostic } from "../common/diagnostics.js";

/** One finding at a place in a file (no line: the whole file; no file: the run itself). */
export interface Finding {
  level: "error" | "warning";
  /** A stable id of what kind of rule it is: `check/requires`, `lint/dangling-reference`, ... */
  rule: string;
  message: string;
  file?: string;
  /** 1-based; absent when the finding is about the whole file. */
  line?: number;
  column?: number;
}

const fromViolation = (prefix: string, level: Finding["level"], v: ViolationOut, file?: string): Finding => ({
  level,
  rule: `${prefix}/${v.rule}`,
  message: `${v.message} (${v.source})`,
  ...(v.location ? { file: v.location.file, ...(v.location.line > 0 ? { line: v.location.line, column: Math.max(1, v.location.column) } : {}) } : file !== undefined ? { file } : {}),
});

const LIMIT = "stopped at the time limit (--timeout) before it finished: nothing is claimed";

/** The findings of a result (check, lint, diff), or undefined for a result that has none to annotate. */
export function findingsOf(r: AnyResult): Finding[] | undefined {
  switch (r.command) {
    case "check":
      // A stop is an error annotation: the step exits 1 (it was a warning beside a failed step).
      if (r.timed_out) return [{ level: "error", rule: "check/timeout", message: `check ${LIMIT}` }];
      return [...r.violations.map((v) => fromViolation("check", "error", v)), ...r.warnings.map((v) => fromViolation("check", "warning", v))];
    case "lint": {
      const out: Finding[] = diagnosticFindings(r.diagnostics, "lint");
      if (r.timed_out) out.push({ level: "error", rule: "lint/timeout", message: `lint ${LIMIT} about the rules not run` });
      return out;
    }
    case "diff": {
      if (r.timed_out) return [{ level: "error", rule: "diff/timeout", message: `diff ${LIMIT}`, file: r.new.file }];
      return [
        ...r.newly_broken.map((v) => ({ ...fromViolation("diff", "error", v, r.new.file), message: `newly broken: ${v.message} (${v.source})` })),
        ...r.needs_lost.map((n): Finding => ({ level: "warning", rule: `diff/${n.kind}-lost`, message: n.message, file: r.new.file })),
      ];
    }
    default:
      return undefined;
  }
}

/**
 * Diagnostics as findings: lint's (`lint/CODE`), or the input errors of any command (`input/CODE`:
 * a stack file that does not parse, an unknown plugin); one about an option or an argument (line 0, not a file) names no file.
 */
export function diagnosticFindings(ds: readonly Diagnostic[], prefix: "lint" | "input"): Finding[] {
  return ds.map((d) => ({
    level: d.severity,
    rule: `${prefix}/${d.code}`,
    message: d.line > 0 || /\.(ya?ml|json)$/i.test(d.file) ? d.message : `${d.file}: ${d.message}`,
    ...(d.line > 0 || /\.(ya?ml|json)$/i.test(d.file) ? { file: d.file } : {}),
    ...(d.line > 0 ? { line: d.line, column: Math.max(1, d.column) } : {}),
  }));
}

// Workflow commands: data escapes %, CR, LF; property values also : and ,.
const escData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escProp = (s: string) => escData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** The summary line of a result, plain text after the annotations (shown in the job's log). */
function summaryOf(r: AnyResult, findings: Finding[]): string {
  const errors = findings.filter((f) => f.level === "error").length;
  const warnings = findings.length - errors;
  const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  if (r.command === "diff") return `mlx-solve diff ${r.old.file} -> ${r.new.file}: ${r.ok ? "breaks no rule the old version kept" : r.timed_out ? "stopped at the time limit" : `breaks ${r.newly_broken.length} rule${r.newly_broken.length === 1 ? "" : "s"} the old version kept`} (${counts})`;
  if (r.command === "check") return `mlx-solve check: ${r.timed_out ? "stopped at the time limit" : r.ok ? "valid stack" : "invalid stack"} (${counts})`;
  return `mlx-solve ${r.command}: ${counts}`;
}

/** GitHub Actions workflow commands, one a finding, then a plain summary line. */
/**
 * A finding without a place when its file is no file: standard input is named `<stdin>` in the
 * output, a path no annotation can land on (the message still names it).
 */
const placed = (f: Finding): Finding => (f.file !== undefined && /^<[^>]*>$/.test(f.file) ? { ...f, file: undefined, line: undefined, column: undefined, message: `${f.file}:${f.line ?? 0}:${f.column ?? 0}: ${f.message}` } : f);

/**
 * Findings whose files are named as `place` says (the CLI's: relative to the GitHub Actions
 * workspace, where annotations and code scanning look for them, rather than to the working
 * directory), the YAML files their messages cite too. Standard input and findings without a file
 * stay as they are.
 */
export function relocated(findings: readonly Finding[], place: ((file: string) => string) | undefined): Finding[] {
  if (!place) return [...findings];
  // The rules a message cites ("(../layer/catalog/plugins/x.yaml:18)") are named the same way as
  // the annotation's own file, not relative to the step's working directory.
  const cited = (message: string) => message.replace(/\(([^()\s]+\.ya?ml):(\d+)\)/g, (_, file: string, line: string) => `(${place(file)}:${line})`);
  return findings.map((f) => ({ ...f, message: cited(f.message), ...(f.file !== undefined && !/^<[^>]*>$/.test(f.file) ? { file: place(f.file) } : {}) }));
}

/**
 * GitHub Actions workflow commands (`::error file=F,line=L,col=C::message`) for the findings of a
 * result (or those `given`), each at its file and line, and a step summary line.
 */
export function toGithub(r: AnyResult | undefined, given: Finding[], summary?: string): string {
  const findings = given.map(placed);
  const lines = findings.map((f) => {
    const props = [
      ...(f.file !== undefined ? [`file=${escProp(f.file)}`] : []),
      ...(f.line !== undefined ? [`line=${f.line}`] : []),
      ...(f.column !== undefined ? [`col=${f.column}`] : []),
      `title=${escProp(`mlx-solve ${f.rule}`)}`,
    ];
    return `::${f.level} ${props.join(",")}::${escData(f.message)}`;
  });
  return [...lines, summary ?? (r ? summaryOf(r, findings) : "")].join("\n") + "\n";
}

/** A path as a SARIF artifact URI: relative paths stay relative (to the working directory), absolute ones become file URLs. */
function uriOf(path: string): string {
  const p = path.replace(/\\/g, "/");
  const enc = p.split("/").map(encodeURIComponent).join("/");
  if (/^[A-Za-z]:\//.test(p)) return `file:///${p.slice(0, 2)}${enc.slice(enc.indexOf("/"))}`;
  return p.startsWith("/") ? `file://${enc}` : enc;
}

const SRCROOT = "%SRCROOT%";

/** A file's SARIF artifact location: a relative one based at `%SRCROOT%` when the root is known. */
function artifactOf(file: string, root: string | undefined): { uri: string; uriBaseId?: string } {
  const uri = uriOf(file);
  return root !== undefined && !uri.startsWith("file:") ? { uri, uriBaseId: SRCROOT } : { uri };
}

/** What each kind of rule checks, for the SARIF rule descriptions. */
function describe(rule: string): string {
  const [cmd, kind] = rule.split("/") as [string, string | undefined];
  if (kind === undefined) return rule;
  if (kind === "timeout") return `${cmd} stopped at the time limit`;
  if (cmd === "lint") return `catalog lint: ${kind.replace(/-/g, " ")}`;
  if (cmd === "input") return `bad input: ${kind.replace(/-/g, " ")}`;
  if (cmd === "diff" && kind.endsWith("-lost")) return `a ${kind.replace(/-lost$/, "")} of a use case that the old stack served and the new one does not`;
  return `${cmd === "diff" ? "a rule the new stack breaks and the old one kept" : "a rule of the catalog the stack breaks"}: ${kind.replace(/-/g, " ")}`;
}

/**
 * A SARIF 2.1.0 log of one run: the tool, its rules (the kinds found), and a result a finding.
 * With `root` (the absolute directory relative paths are relative to), each relative URI names
 * `%SRCROOT%` as its base and the run says where that is, as SARIF asks (§3.4.4): a viewer opened
 * elsewhere, or a code-scanning upload, then finds the file without guessing.
 */
export function toSarif(r: AnyResult | undefined, findings: Finding[], version = "0.0.0", failed = false, root?: string): string {
  const rules = [...new Set(findings.map((f) => f.rule))].sort();
  const index = new Map(rules.map((id, i) => [id, i]));
  const timedOut = r !== undefined && "timed_out" in r && Boolean(r.timed_out);
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "mlx-solve", version, rules: rules.map((id) => ({ id, shortDescription: { text: describe(id) } })) } },
        ...(root !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: `${uriOf(root).replace(/\/?$/, "/")}` } } } : {}),
        invocations: [{ executionSuccessful: !timedOut && !failed }],
        results: findings.map(placed).map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule)!,
          level: f.level,
          message: { text: f.message },
          ...(f.file !== undefined
            ? { locations: [{ physicalLocation: { artifactLocation: artifactOf(f.file, root), ...(f.line !== undefined ? { region: { startLine: f.line, startColumn: f.column ?? 1 } } : {}) } }] }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
