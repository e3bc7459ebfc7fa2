#!/usr/bin/env node
/**
 * Differential check of mlx-solve against clingo on many random requests over one catalog:
 * for each request, mlx-solve's library (dist/) and bench/asp.js + clingo must agree on
 * satisfiability and on the optimum cost at every objective level.
 *
 *   node bench/verify.js [--catalog DIR] [--requests K] [--seed S] [--timeout SECONDS] [--reduce]
 *
 * By default clingo gets the whole catalog, so this also checks that mlx-solve's reduction to
 * the reachable plugins is exact; --reduce gives clingo asp.js's own reduction instead.
 *
 * Without --catalog, the built-in catalog is used. Prints one line per request and a summary
 * JSON line last ({"checked", "mismatches", "skipped"}); exits 1 on any mismatch.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makeRng } from "./generate.js";
import { clingoPath, loadCatalogYaml, solveFile, toAsp } from "./asp.js";

const HERE = dirname(fileURLToPath(import.meta.url));
// The mlx-solve checkout under test: MLX_SOLVE_ROOT (set by run.js --root), else this repository.
const rootDir = () => (process.env.MLX_SOLVE_ROOT ? resolve(process.env.MLX_SOLVE_ROOT) : resolve(HERE, ".."));

/** Random requests: 0-3 use cases, 0-2 prefer, 0-2 avoid, 0-1 exclude, 0-1 require, sometimes --only. */
export function randomRequests(c, k, seed) {
  const rng = makeRng(`verify:${seed}`);
  const ids = [...c.plugins.keys()];
  const ucs = [...c.useCases.keys()];
  const out = [];
  // Every use case alone first (bounded by k), then random mixes.
  for (const u of ucs.slice(0, Math.min(ucs.length, Math.floor(k / 3)))) out.push({ useCases: [u] });
  while (out.length < k) {
    const r = { useCases: rng.sample(ucs, rng.int(0, 3)) };
    const pr = rng.sample(ids, rng.int(0, 2));
    if (pr.length) r.prefer = pr;
    const av = rng.sample(ids, rng.int(0, 2));
    if (av.length) r.avoid = av;
    if (rng.chance(0.4)) r.exclude = rng.sample(ids, 1);
    if (rng.chance(0.3)) r.require = rng.sample(ids, 1);
    if (rng.chance(0.15)) r.only = [rng.pick(["license=open-source", "hosting=managed", "clouds=aws"])];
    if (rng.chance(0.1)) r.integrations = "strict";
    out.push(r);
  }
  return out;
}

export async function verify({ catalog, requests = 20, seed = "1", timeout = 120, reduce = false, log = (s) => process.stdout.write(s + "\n") }) {
  if (!clingoPath()) {
    log("clingo is not installed: skipping the differential check (apt-get install -y gringo)");
    return { checked: 0, mismatches: 0, skipped: requests, errors: 0, errorList: [] };
  }
  const { loadCatalog, recommend } = await import(join(rootDir(), "dist", "index.js"));
  const dir = catalog ?? rootDir();
  const mlxCatalog = loadCatalog(catalog);
  const c = loadCatalogYaml(dir);
  const tmp = mkdtempSync(join(tmpdir(), "mlx-verify-"));
  let checked = 0;
  let mismatches = 0;
  let skipped = 0;
  let errors = 0;
  const errorList = [];
  try {
    for (const [i, req] of randomRequests(c, requests, seed).entries()) {
      let r;
      try {
        r = recommend(mlxCatalog, req, { timeout, repairs: 1 });
      } catch (e) {
        errors++;
        errorList.push(`${JSON.stringify(req)}: ${e instanceof Error ? e.message : String(e)}`);
        log(`ERROR ${JSON.stringify(req)}: mlx-solve threw ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const { program, ids, levels } = toAsp(c, req, { reduce });
      const lp = join(tmp, `r${i}.lp`);
      writeFileSync(lp, program);
      const k = await solveFile(lp, ids, { timeoutMs: timeout * 1000 });
      const mlxCost = r.ok ? r.cost.map((x) => x.value) : null;
      const refCost = k.status === "optimal" ? k.costs : null;
      const desc = JSON.stringify(req);
      if (r.timed_out || k.status === "timeout" || k.status === "unknown" || k.status === "error") {
        skipped++;
        log(`SKIP  ${desc}: mlx ${r.timed_out ? "timeout" : r.ok ? "ok" : "unsat"}, clingo ${k.status}`);
        continue;
      }
      checked++;
      const same = mlxCost === null ? k.status === "unsat" : refCost !== null && mlxCost.length === refCost.length && mlxCost.every((v, j) => v === refCost[j]);
      if (!same) {
        mismatches++;
        log(`MISMATCH ${desc}\n  mlx-solve: ${mlxCost ? levels.map((l, j) => `${l.name}=${mlxCost[j]}`).join(" ") : "no stack"}\n  clingo:    ${refCost ? levels.map((l, j) => `${l.name}=${refCost[j]}`).join(" ") : k.status}\n  mlx stack: ${r.stack ? r.stack.plugins.map((p) => p.id + (p.facet ? `/${p.facet}` : "")).join(" ") : "-"}\n  clingo stack: ${k.stack ? k.stack.map((p) => p.id + (p.facet ? `/${p.facet}` : "")).join(" ") : "-"}`);
      } else log(`ok    ${desc}: ${mlxCost ? mlxCost.join("/") : "unsat"}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { checked, mismatches, skipped, errors, errorList };
}

async function main(argv) {
  process.stdout.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0); // e.g. piped into head
    throw e;
  });
  const a = { catalog: undefined, requests: 20, seed: "1", timeout: 120, reduce: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === "--catalog") a.catalog = argv[++i];
    else if (x === "--requests") a.requests = Number(argv[++i]);
    else if (x === "--seed") a.seed = argv[++i];
    else if (x === "--timeout") a.timeout = Number(argv[++i]);
    else if (x === "--reduce") a.reduce = true;
    else {
      process.stderr.write(`unknown argument ${x}\nusage: node bench/verify.js [--catalog DIR] [--requests K] [--seed S] [--timeout SECONDS] [--reduce]\n`);
      return 2;
    }
  }
  const s = await verify(a);
  process.stdout.write(JSON.stringify(s) + "\n");
  return s.mismatches || s.errors ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2)).then((c) => (process.exitCode = c));
