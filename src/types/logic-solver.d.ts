declare module "logic-solver" {
  namespace Logic {
    type Term = string | number;
    interface Formula {}
    type FormulaOrTerm = Formula | Term;
    class Bits {}
    class Solution {
      getTrueVars(): string[];
      evaluate(f: FormulaOrTerm): boolean;
      getWeightedSum(terms: FormulaOrTerm[], weights: number[] | number): number;
      getMap(): Record<string, boolean>;
    }
    class Solver {
      require(...f: (FormulaOrTerm | FormulaOrTerm[])[]): void;
      forbid(...f: (FormulaOrTerm | FormulaOrTerm[])[]): void;
      solve(): Solution | null;
      solveAssuming(f: FormulaOrTerm): Solution | null;
      getVarNum(name: string, noCreate?: boolean): number;
      getVarName(num: number): string;
      minimizeWeightedSum(
        s: Solution,
        terms: FormulaOrTerm[],
        weights: number[] | number,
        options?: { progress?: (status: string, cost: number) => void; strategy?: "default" | "bottom-up"; formula?: Bits },
      ): Solution;
    }
    function or(...f: (FormulaOrTerm | FormulaOrTerm[])[]): Formula;
    function and(...f: (FormulaOrTerm | FormulaOrTerm[])[]): Formula;
    function not(f: FormulaOrTerm): FormulaOrTerm;
    function implies(a: FormulaOrTerm, b: FormulaOrTerm): Formula;
    function disablingAssertions<T>(f: () => T): T;
  }
  const Logic: {
    Solver: typeof Logic.Solver;
    or: typeof Logic.or;
    and: typeof Logic.and;
    not: typeof Logic.not;
    implies: typeof Logic.implies;
    disablingAssertions: typeof Logic.disablingAssertions;
  };
  export default Logic;
}
