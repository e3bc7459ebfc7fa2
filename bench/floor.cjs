// The floor: a bare Node process that loads logic-solver and solves a trivial formula.
// Compared (median of >= 10 runs) with the built-in catalog's `recommend --use-case rag`.
const Logic = require("logic-solver");
const s = new Logic.Solver();
s.require(Logic.or("a", "b"));
s.forbid("a");
const sol = s.solve();
if (!sol || !sol.evaluate("b")) process.exit(1);
