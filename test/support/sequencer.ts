/**
 * The order vitest starts test files in: the slowest first, by the seconds each took in a full
 * run (`npm test` in a fresh clone, 2026-12-05; a file not listed counts as 2 s). With two workers, a slow file
 * started last is a tail one worker runs alone. vitest's own order does this from its cache of
 * the last run's durations, but a fresh clone (where CI runs) has no cache, and vitest then
 * orders by file size: the README and TSDoc example files (13-16 s, small files) started last,
 * and the run took 199 s. The figures need not be exact, only roughly in order; refresh them
 * when a file's time changes a lot.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

const SECONDS: Record<string, number> = {
  "ui.browser.test.ts": 43.0,
  "code-cache.test.ts": 15.3,
  "sample.test.ts": 13.7,
  "fs-shapes.test.ts": 10.8,
  "minisat.test.ts": 9.8,
  "synthetic.test.ts": 9.5,
  "examples.test.ts": 8.2,
  "readme.test.ts": 8.1,
  "testing.test.ts": 7.8,
  "cache.test.ts": 7.2,
  "heap.test.ts": 6.3,
  "honest-answers.test.ts": 4.6,
  "properties.test.ts": 6.1,
  "propagate.test.ts": 5.1,
  "fuzz.test.ts": 4.5,
  "analyze.test.ts": 4.3,
  "realdata-mus.test.ts": 4.1,
  "realdata-sammy.test.ts": 4.0,
  "ci.test.ts": 4.0,
  "cdcl.test.ts": 3.7,
  "loader.test.ts": 3.4,
  "entries.test.ts": 3.3,
  "timeouts.test.ts": 3.2,
  "anytime.test.ts": 3.2,
  "commands.test.ts": 3.1,
  "layers.test.ts": 3.1,
  "totalizer.test.ts": 3.1,
  "diff.test.ts": 3.0,
  "malformed.test.ts": 2.8,
  "export.test.ts": 2.8,
  "strategies.test.ts": 2.6,
  "ui-server.test.ts": 2.6,
  "quick-look.test.ts": 2.1,
  "cli-extras.test.ts": 2.1,
  "builtin.test.ts": 1.9,
  "top.test.ts": 1.8,
  "explain.test.ts": 1.7,
  "write.test.ts": 1.2,
  "neighbourhood.test.ts": 1.2,
  "terminal.test.ts": 0.9,
  "terminal-safety.test.ts": 0.9,
  "realdata-sat.test.ts": 0.9,
  "smoke.test.ts": 0.9,
  "rules.test.ts": 0.7,
  "check-scale.test.ts": 0.7,
  "golden.test.ts": 0.5,
  "regressions.test.ts": 0.2,
  "asm2wasm.test.ts": 0.2,
  "lint.test.ts": 0.1,
  "encoding.test.ts": 0.1,
  "architecture.test.ts": 0.0,
  "ui-state.test.ts": 0.0,
};

const weight = (spec: TestSpecification) => SECONDS[spec.moduleId.replace(/^.*[\\/]/, "")] ?? 2;

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => weight(b) - weight(a));
  }
}
