/**
 * The printer feature model of issue 21 (SPLOT's "Printers": 172 features, 310 clauses, about
 * 10^27 configurations), which `../shared/realdata` does not hold. It is published, with its
 * answers, in the data of Xiang et al., "Automated Test Suite Generation for Software Product
 * Lines Based on Quality-Diversity Optimization" (TOSEM 33(2), 2024):
 * https://github.com/gzhuxiangyi/SPLTestingMAP, directory all_FM/Selected, at commit
 * c9befe9fd9e09b637cd98f2513b1dfbbef20855e. That repository is GPL-3.0, so this one does not
 * copy it; the benches read it where the user put it:
 *
 *   git clone https://github.com/gzhuxiangyi/SPLTestingMAP SPLTESTINGMAP
 *   git -C SPLTESTINGMAP checkout c9befe9fd9e09b637cd98f2513b1dfbbef20855e
 *   node bench/analyze-bench.mjs --splot SPLTESTINGMAP/all_FM/Selected
 *   node bench/sammy.mjs --splot SPLTESTINGMAP/all_FM/Selected
 *   node bench/splot-analyze.mjs --splot SPLTESTINGMAP/all_FM/Selected   # all 60 models
 *
 * (or copy the files named Printers.dimacs* into bench/out/splot, the default). Beside each model
 * its published answers: `.mandatory` the core features, `.dead` the dead ones, `.valid2-Set`
 * every feasible pair of literals, one a line.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const SPLOT_DEFAULT = join(HERE, "out", "splot");

/** The models, each with the SHA-256 of the file measured (so that a figure names what it is of). */
const MODELS = [{ name: "Printers", sha256: "b40737e2fac3744ff29a880a797991a5de4a2a6254b803c5d6c66b09b685bac1" }];

/** The numbers of a published answer file (`.mandatory`, `.dead`), sorted; undefined when absent. */
export const numbers = (file) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split(/\s+/)
        .filter(Boolean)
        .map(Number)
        .sort((a, b) => a - b)
    : undefined;

/**
 * The models found in `dir` with their published answers (undefined where a file is absent), or
 * an empty list and a message on stderr saying how to get them. A file whose checksum differs is
 * not used.
 */
export function splotModels(dir = SPLOT_DEFAULT) {
  const found = [];
  for (const m of MODELS) {
    const file = join(dir, `${m.name}.dimacs`);
    if (!existsSync(file)) {
      console.error(`${m.name}: skipped (no ${file}; see bench/splot.mjs for where to get it, then --splot DIR)`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    const sha = createHash("sha256").update(text).digest("hex");
    if (sha !== m.sha256) {
      console.error(`${m.name}: skipped (${file} has SHA-256 ${sha}, not the ${m.sha256} of commit c9befe9)`);
      continue;
    }
    const pairsFile = `${file}.valid2-Set`;
    found.push({
      name: m.name,
      file,
      text,
      core: numbers(`${file}.mandatory`),
      dead: numbers(`${file}.dead`),
      pairs: existsSync(pairsFile) ? readFileSync(pairsFile, "utf8").split(/\r?\n/).filter((l) => l.trim()).length : undefined,
    });
  }
  return found;
}

/**
 * Every model in `dir` of at most `maxVars` variables (the printer model's SHA-256 checked as
 * above; the others are named by the commit only), smallest first, with the number of published
 * feasible pairs where its `.valid2-Set` is there.
 */
export function splotAll(dir = SPLOT_DEFAULT, maxVars = 200) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".dimacs"))) {
    const name = f.replace(/\.dimacs$/, "");
    if (MODELS.some((m) => m.name === name)) {
      out.push(...splotModels(dir).filter((m) => m.name === name));
      continue;
    }
    const file = join(dir, f);
    const text = readFileSync(file, "utf8");
    const vars = Number(/^p cnf (\d+)/m.exec(text)?.[1] ?? 0);
    if (vars === 0 || vars > maxVars) continue;
    const pairsFile = `${file}.valid2-Set`;
    out.push({ name, file, text, pairs: existsSync(pairsFile) ? readFileSync(pairsFile, "utf8").split(/\r?\n/).filter((l) => l.trim()).length : undefined });
  }
  const varsOf = (m) => Number(/^p cnf (\d+)/m.exec(m.text)[1]);
  return out.sort((a, b) => varsOf(a) - varsOf(b) || (a.name < b.name ? -1 : 1));
}
