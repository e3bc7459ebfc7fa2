/**
 * What the solver layer sees, and all it sees: variables and literals, clauses grouped into
 * labelled constraints, requests guarded by selector variables, choices among variables, and
 * objective levels as weighted literals. Nothing here knows what a variable stands for; the model
 * layer (core/model/) names the variables and reads them back.
 *
 * A literal is a variable name, negated by a leading "-".
 */
import type { SourcePos } from "../common/diagnostics.js";

export type Lit = string;
export type Clause = Lit[];

export const neg = (l: Lit): Lit => (l.charCodeAt(0) === 45 /* - */ ? l.slice(1) : `-${l}`);
/** Whether a literal is negative ("-v"). */
export const isNegative = (l: Lit): boolean => l.charCodeAt(0) === 45; /* - */
/** The variable of a literal. */
export const varOf = (l: Lit): string => (isNegative(l) ? l.slice(1) : l);

/** A group of clauses that says one thing, with the sentence and the place that say it. */
export interface Labelled {
  /**
   * What kind of rule this is, in the model layer's own words (e.g. "conflict"). One kind is the
   * solver's: "definition" marks clauses that only define auxiliary variables, never blamed by
   * an explanation.
   */
  kind: string;
  /** A plain sentence: "mlflow-plugin and wandb-plugin cannot be used together". */
  message: string;
  source: SourcePos;
  /** The names this constraint is about, for display. */
  subjects: string[];
  clauses: Clause[];
}

/**
 * A request: clauses that hold only while their selector is true, so that an explanation can
 * drop it and a repair can suggest giving it up.
 */
export interface UserRequest {
  kind: string;
  /** What was asked, normalised: "databricks-plugin", "license=open-source", "rag-applications: vector-search". */
  value: string;
  /** A plain sentence: "RAG applications needs vector-search". */
  message: string;
  selector: string;
  clauses: Clause[];
  source: SourcePos;
  subjects: string[];
}

export interface ObjectiveTerm {
  lit: Lit;
  weight: number;
  /**
   * When the term's literal means exactly "both of these hold" (e.g. two things selected that do
   * not go well together), the two literals, the first shared by many terms. Counters then count
   * the pairs row by row from the two literals themselves (see `Totalizer.addRow`).
   */
  pair?: [Lit, Lit];
}

export interface Objective {
  name: string;
  terms: ObjectiveTerm[];
  /**
   * Terms too many to list up front, revealed by solutions: given a solution, `cost` is the
   * level's true cost in it, and `terms` (with their defining clauses) hold every term that
   * counts in it; with `wide`, also the terms it would make count with a small change, so that
   * fewer re-solves are needed. The solver adds each the first time it appears and re-solves,
   * so the optimum is the true one (a solution is accepted only once all its terms are listed).
   */
  lazy?: (isTrue: (v: string) => boolean, wide?: boolean) => { terms: ObjectiveTerm[]; clauses: Clause[]; cost: number };
}

/** When `owner` holds, exactly one of `options` does; the tie-break prefers them in this order. */
export interface Choice {
  owner: Lit;
  options: Lit[];
}

export interface Model {
  /**
   * The model's own variables, in name order. Every one exists in the solver; among equally good
   * solutions the tie-break prefers those whose true variables come first by name.
   */
  vars: string[];
  /** Choices the tie-break settles after `vars`, each owner's first allowed option (absent: none). */
  choices?: Choice[];
  constraints: Labelled[];
  requests: UserRequest[];
  /** In the order they are minimised. */
  objectives: Objective[];
}

/**
 * At most one of `lits` is true.
 * Pairwise for small sets: (¬a ∨ ¬b) for every pair. For larger sets, Sinz's sequential counter
 * with auxiliary r_i meaning "one of the first i is true": (¬x_i ∨ r_i), (¬r_{i-1} ∨ r_i),
 * (¬x_i ∨ ¬r_{i-1}); linear in size, and as strong under unit propagation. `auxPrefix` names the
 * r_i (`auxPrefix:i`), so it must be unique to this use.
 */
export function atMostOne(lits: Lit[], auxPrefix: string): Clause[] {
  const out: Clause[] = [];
  if (lits.length <= 6) {
    for (let i = 0; i < lits.length; i++) for (let j = i + 1; j < lits.length; j++) out.push([neg(lits[i]!), neg(lits[j]!)]);
    return out;
  }
  for (let i = 0; i < lits.length; i++) {
    const x = lits[i]!;
    const r = `${auxPrefix}:${i}`;
    if (i < lits.length - 1) out.push([neg(x), r]);
    if (i > 0) {
      const prev = `${auxPrefix}:${i - 1}`;
      if (i < lits.length - 1) out.push([neg(prev), r]);
      out.push([neg(x), neg(prev)]);
    }
  }
  return out;
}

/**
 * Large models (by variables or clauses) get the core-guided search on the patched MiniSat
 * with a 1 GiB heap (address space; pages are committed when touched): their searches outgrow
 * the stock 64 MiB (engine.ts). Small ones keep logic-solver's own search (its `solve`) and the
 * bottom-up search of each level, and their searches start on a pooled module of 16 MiB
 * (minisat.ts, `newSolver` and SMALL_HEAP_BYTES); their oracles (oracle.ts) start no MiniSat at
 * all, but the CDCL of cdcl.ts.
 */
export function isLarge(model: Model): boolean {
  if (model.vars.length >= 200) return true;
  let clauses = 0;
  for (const c of model.constraints) clauses += c.clauses.length;
  return clauses >= 20_000;
}
