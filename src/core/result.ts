/**
 * Result data: what every command returns, before any printer sees it. The JSON output is exactly
 * these objects (the contract of PRODUCT.md), so they are the stable, exported API.
 */
import type { Diagnostic } from "./diagnostics.js";

export interface StackPlugin {
  id: string;
  type: string;
  facet?: string;
}

export interface Stack {
  use_cases: string[];
  plugins: StackPlugin[];
}

export interface CostEntry {
  objective: string;
  value: number;
}

export interface RequestRef {
  kind: string;
  value: string;
}

export interface ExplainedRequest extends RequestRef {
  message: string;
  source: string;
}

export interface RuleRef {
  kind: string;
  message: string;
  source: string;
}

export interface Conflict {
  requests: ExplainedRequest[];
  rules: RuleRef[];
}

export interface Repair {
  give_up: RequestRef[];
  cost: CostEntry[];
  stack: Stack;
}

export interface ViolationOut {
  rule: string;
  message: string;
  plugins: string[];
  source: string;
}

export interface Change {
  action: "add" | "remove";
  id: string;
  reason: string;
}

interface Envelope {
  format_version: 1;
  command: string;
  ok: boolean;
}

export interface SolveStats {
  solver_calls: number;
}

/** recommend / explain. */
export interface RecommendResult extends Envelope {
  /** Present when a stack was found. */
  stack?: Stack;
  cost?: CostEntry[];
  /** False when the search stopped at --timeout before proving the optimum. */
  optimal?: boolean;
  timed_out?: boolean;
  /** Why the search stopped early: the --timeout, or the solver's fixed memory. */
  stopped_by?: "time" | "memory";
  conflict?: Conflict;
  repairs?: Repair[];
  stats: SolveStats;
}

export interface CheckResult extends Envelope {
  stack: Stack;
  cost: CostEntry[];
  violations: ViolationOut[];
  warnings: ViolationOut[];
}

export interface RepairResult extends Envelope {
  /** The repaired stack (absent when none exists). */
  stack?: Stack;
  cost?: CostEntry[];
  changes: Change[];
  violations: ViolationOut[];
  conflict?: Conflict;
  repairs?: Repair[];
  written?: string;
}

export interface DiagnosticsResult extends Envelope {
  diagnostics: Diagnostic[];
}
