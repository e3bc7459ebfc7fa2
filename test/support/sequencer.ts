/**
 * The order vitest starts test files in: the slowest first, by the seconds each took in a full
 * run (`npm test`, 2026-12-04; a file not listed counts as 2 s). With two workers, a slow file
 * started last is a tail one worker runs alone. vitest's own order does this from its cache of
 * the last run's durations, but a fresh clone (where CI runs) has no cache, and vitest then
 * orders by file size: the README and TSDoc example files (13-16 s, small files) started last,
 * and the run took 199 s. The figures need not be exact, only roughly in order; refresh them
 * when a file's time changes a lot.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

const SECONDS: Record<string, number> = {
  "ui.browser.test.ts": 30.6,
  "readme.test.ts": 16.2,
  "fs-shapes.test.ts": 12.5,
  "synthetic.test.ts": 10.5,
  "examples.test.ts": 8.8,
  "testing.test.ts": 8.5,
  "realdata-sammy.test.ts": 7.9,
  "sample.test.ts": 7.5,
  "ci.test.ts": 6.6,
  "properties.test.ts": 6.5,
  "propagate.test.ts": 6.5,
  "heap.test.ts": 6.1,
  "minisat.test.ts": 6.1,
  "commands.test.ts": 5.4,
  "fuzz.test.ts": 5.1,
  "cache.test.ts": 4.3,
  "diff.test.ts": 3.9,
  "entries.test.ts": 3.7,
  "realdata-mus.test.ts": 3.4,
  "timeouts.test.ts": 3.3,
  "code-cache.test.ts": 3.3,
  "totalizer.test.ts": 3.1,
  "loader.test.ts": 3.0,
  "cli-extras.test.ts": 2.9,
  "malformed.test.ts": 2.9,
  "analyze.test.ts": 2.8,
  "layers.test.ts": 2.7,
  "export.test.ts": 2.7,
  "cdcl.test.ts": 2.4,
  "builtin.test.ts": 2.3,
  "ui-server.test.ts": 2.2,
  "strategies.test.ts": 2.1,
  "explain.test.ts": 1.8,
  "top.test.ts": 1.7,
  "write.test.ts": 1.6,
  "anytime.test.ts": 1.5,
  "terminal.test.ts": 1.4,
  "neighbourhood.test.ts": 1.3,
  "realdata-sat.test.ts": 1.3,
  "terminal-safety.test.ts": 1.2,
  "smoke.test.ts": 1.0,
  "rules.test.ts": 0.9,
  "golden.test.ts": 0.7,
  "check-scale.test.ts": 0.6,
  "regressions.test.ts": 0.3,
  "encoding.test.ts": 0.1,
  "lint.test.ts": 0.1,
  "ui-state.test.ts": 0.0,
  "architecture.test.ts": 0.0,
};

const weight = (spec: TestSpecification) => SECONDS[spec.moduleId.replace(/^.*[\\/]/, "")] ?? 2;

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => weight(b) - weight(a));
  }
}
