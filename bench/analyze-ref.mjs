#!/usr/bin/env node
/**
 * The reference for `analyze`, as a whole process: clingo's cautious and brave consequences (the
 * atoms true in every answer set, and in some), and with --count the number of answer sets
 * (`--models 0 -q`), through clingo-wasm (clingo 5.8 compiled to WebAssembly, run in a worker).
 *
 *   node bench/analyze-ref.mjs --cnf FILE.cnf [--count]   a DIMACS CNF, translated here (below)
 *   node bench/analyze-ref.mjs --lp FILE.lp [--count]     an ASP program whose shown atoms are
 *                                                         sel(I) (bench/analyze-bench.mjs writes
 *                                                         one per catalog request with asp.js)
 *
 * CNF to ASP: `{ x(1..N) }.` (every variable free) and one integrity constraint per clause,
 * `:- not x(a), x(b).` for the clause a ∨ ¬b. An answer set is then exactly a model of the CNF.
 *
 * clingo-wasm is not a dependency of the project: install it anywhere (`npm i --prefix DIR
 * clingo-wasm@0.6.0`) and point CLINGO_WASM_DIR at DIR (or at the package itself). Without it this
 * prints why on stderr and exits 3, and the bench skips the column.
 *
 * Prints one line of JSON: core (atoms' numbers in every answer set), dead (numbers 1..N in none),
 * count (a decimal string, with --count), clingo (its version), ms (in-process, after the import).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Imports clingo-wasm from CLINGO_WASM_DIR (a prefix with node_modules/, or the package), else as a bare import. */
export async function loadClingo(dir = process.env.CLINGO_WASM_DIR) {
  const candidates = dir ? [join(dir, "node_modules", "clingo-wasm"), dir] : [];
  for (const c of candidates) {
    const pkg = join(c, "package.json");
    if (!existsSync(pkg)) continue;
    const main = JSON.parse(readFileSync(pkg, "utf8")).exports?.["."]?.node?.import ?? "dist/index.node.js";
    const entry = typeof main === "string" ? main : "dist/index.node.js";
    return (await import(pathToFileURL(join(c, entry)).href)).default;
  }
  try {
    return (await import("clingo-wasm")).default;
  } catch {
    return undefined;
  }
}

/** The count in sharpSAT's output (its "# solutions" line), or undefined. */
export const sharpsatCount = (text) => /# solutions\s*\n\s*(\d+)/.exec(text)?.[1];

/**
 * Core and dead variables (1..n) from the output of bench/analyze-ref-clingo.sh (clingo's JSON
 * documents for cautious and brave, separated by lines "%%"), and its count when it printed one
 * (clingo's enumeration, or sharpSAT's after `--sharpsat`); undefined when it is not that output.
 */
export function parseNativeRef(stdout, n) {
  try {
    const [cautious, brave, counted] = stdout.split(/^%%$/m);
    const [c, b] = [cautious, brave].map((d) => JSON.parse(d));
    if (c.Result === "UNSATISFIABLE") return { sat: false, count: "0" };
    const atoms = (j) => j.Call.at(-1).Witnesses.at(-1).Value.map((a) => Number(/\((\d+)\)$/.exec(a)[1])).sort((a, b) => a - b);
    const brave1 = new Set(atoms(b));
    const dead = [];
    for (let i = 1; i <= n; i++) if (!brave1.has(i)) dead.push(i);
    const count = counted ? (sharpsatCount(counted) ?? String(JSON.parse(counted).Models.Number)) : undefined;
    return { sat: true, core: atoms(c), dead, ...(count !== undefined ? { count } : {}) };
  } catch {
    return undefined;
  }
}

/** A DIMACS CNF as an ASP program over x(1..N), and N. */
export function cnfToAsp(text) {
  let n = 0;
  const rules = [];
  let pending = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("c") || line === "%") continue;
    if (line.startsWith("p ")) {
      n = Math.max(n, Number(line.split(/\s+/)[2]));
      continue;
    }
    for (const t of line.split(/\s+/)) {
      const l = Number(t);
      if (l === 0) {
        rules.push(`:- ${pending.map((x) => (x > 0 ? `not x(${x})` : `x(${-x})`)).join(", ")}.`);
        pending = [];
      } else {
        pending.push(l);
        n = Math.max(n, Math.abs(l));
      }
    }
  }
  if (pending.length) rules.push(`:- ${pending.map((x) => (x > 0 ? `not x(${x})` : `x(${-x})`)).join(", ")}.`);
  return { program: `{ x(1..${n}) }.\n${rules.join("\n")}\n#show x/1.\n`, n };
}

async function main() {
  const cnf = opt("cnf");
  const lp = opt("lp");
  if (!cnf === !lp) {
    console.error("usage: node bench/analyze-ref.mjs (--cnf FILE.cnf | --lp FILE.lp) [--count]");
    return 2;
  }
  const clingo = await loadClingo();
  if (!clingo) {
    console.error("clingo-wasm not found: install it outside the project (npm i --prefix DIR clingo-wasm@0.6.0) and set CLINGO_WASM_DIR=DIR");
    return 3;
  }
  const t0 = performance.now();
  let program;
  let n;
  if (cnf) ({ program, n } = cnfToAsp(readFileSync(cnf, "utf8")));
  else {
    program = readFileSync(lp, "utf8");
    n = Number(/^plugin\(1\.\.(\d+)\)\./m.exec(program)?.[1] ?? 0);
  }
  /** The numbers of the atoms in clingo's last witness (the consequences, in these modes). */
  const consequences = (r) => {
    if (r.Result === "ERROR") throw new Error(r.Error);
    if (r.Result === "UNSATISFIABLE") return undefined;
    const ws = r.Call.at(-1).Witnesses;
    return ws.at(-1).Value.map((a) => Number(/\((\d+)\)$/.exec(a)[1])).sort((a, b) => a - b);
  };
  const cautious = consequences(await clingo.run(program, 0, ["--enum-mode=cautious"]));
  let out;
  if (!cautious) out = { sat: false, count: "0" };
  else {
    const brave = new Set(consequences(await clingo.run(program, 0, ["--enum-mode=brave"])));
    const dead = [];
    for (let i = 1; i <= n; i++) if (!brave.has(i)) dead.push(i);
    out = { sat: true, core: cautious, dead };
    if (args.includes("--count")) {
      const r = await clingo.run(program, 0, ["-q"]);
      if (r.Result === "ERROR") throw new Error(r.Error);
      out.count = String(r.Models.Number);
    }
  }
  const version = (await clingo.run("a.", 1)).Solver;
  console.log(JSON.stringify({ ...out, clingo: version, ms: Math.round(performance.now() - t0) }));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().then(
    (c) => process.exit(c),
    (e) => {
      console.error(e.stack ?? String(e));
      process.exit(1);
    },
  );
