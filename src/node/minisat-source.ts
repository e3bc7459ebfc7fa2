/**
 * Hands the core logic-solver's MiniSat factory, loaded with `require` (already in require's
 * cache once logic-solver has loaded it): see `provideMiniSatFactory` in core/settings.ts. Loads
 * nothing itself: the require runs when a large model first needs the patched solver.
 * Imported for its effect by the library's and the CLI's entry points.
 */
import { createRequire } from "node:module";
import { provideMiniSatFactory } from "../core/settings.js";

const require = createRequire(import.meta.url);
provideMiniSatFactory(() => require("logic-solver/minisat.js"));
