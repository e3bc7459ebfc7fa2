/**
 * The messages between the page and its solver worker. The page asks; the worker answers with the
 * core's own result data (the JSON contract of the CLI), so the page shows what the CLI prints.
 */
import type { Decision, Diagnostic, PropagateResult, PropagationWhy, RecommendResult, Request, StackGraph, WhyResult } from "../core/index.js";

/** What the page needs of the catalog to draw its controls (see view.ts). */
export interface CatalogView {
  types: { name: string; rule: string; seedRule: string; purpose: string; facet?: string }[];
  plugins: { id: string; name: string; types: string[]; summary: string; license: string; hosting: string[]; clouds: string[]; capabilities: string[] }[];
  useCases: { id: string; name: string; aliases: string[]; needs: string[]; suggests: string[] }[];
  /** Every value of each tag key, sorted. */
  tags: { license: string[]; hosting: string[]; clouds: string[] };
  objectives: string[];
}

export type ToWorker =
  | { kind: "init"; catalogText: string }
  /** `seconds`: the search's limit in counted work (as `recommend --timeout`). */
  | { kind: "solve"; seq: number; request: Request; seconds: number }
  | { kind: "explain"; seq: number; request: Request; id: string; decision: Decision; inStack: boolean; seconds: number };

export type FromWorker =
  /** The catalog is loaded: the worker answers from now on. */
  | { kind: "ready"; ms: number }
  | { kind: "propagation"; seq: number; result: PropagateResult; ms: number }
  | {
      kind: "best";
      seq: number;
      result: RecommendResult;
      /** The best stack as a picture's data (absent when there is none). */
      graph?: StackGraph;
      /** The best stack as a stack file. */
      yaml?: string;
      /** For each plugin of the best stack, the needs and wishes it serves, in words. */
      serves: Record<string, string[]>;
      ms: number;
    }
  | { kind: "explanation"; seq: number; id: string; result: PropagationWhy | WhyResult; ms: number }
  | { kind: "error"; seq?: number; message: string; diagnostics?: Diagnostic[] };
