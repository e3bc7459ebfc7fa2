#!/usr/bin/env node
/**
 * The configurator's speed, in a real browser (Debian's chromium, driven by playwright-core):
 *
 *   npm run build && node bench/ui.js [--sizes builtin,1000] [--profiles none,hub] [--clicks 20] [--loads 5] [--seed 1] [--each] [--think MS]
 *
 * For each catalog (the built-in one, and synthetic ones from bench/generate.js, cached in
 * bench/out/), it serves the page with `serveUi` from dist/ and measures, with the page's own
 * performance marks (performance.mark/measure in src/ui/main.ts):
 * - load: from navigation start to the controls drawn ("controls": the page is interactive) and
 *   to the first answer drawn ("first-answer"), a fresh page in a running browser each time;
 * - clicks: seeded random choices on plugins (require, exclude, prefer, avoid, back to free),
 *   each from the input event to its decisions drawn ("propagation-N") and to its best stack (or
 *   conflict and repairs) drawn ("click-N").
 * Prints a Markdown table (median and max of each); timings live here and in bench/README.md,
 * never in the tests.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { serveUi, loadCatalog } = await import(join(ROOT, "dist", "index.js"));
// The seeded random numbers of the core (mulberry32), as the tests draw them.
const { prng } = await import(join(ROOT, "dist", "core", "common", "random.js"));
const builtinCount = loadCatalog().plugins.size;

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const sizes = opt("sizes", "builtin,1000").split(",");
const profiles = opt("profiles", "none,hub").split(",");
const clicks = Number(opt("clicks", "20"));
const loads = Number(opt("loads", "5"));
const seed = opt("seed", "1");
// --each: every click on stderr (its choice and both times), to find the slow ones.
const each = args.includes("--each");
// --think MS: wait that long before each click, as a person reading the page does (default 0:
// every click the moment the last answer is drawn, the worst case).
const think = Number(opt("think", "0"));

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];


const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const ms = (x) => `${Math.round(x)} ms`;

const SETTLED = `(() => {
  const p = new URLSearchParams(location.hash.slice(1));
  p.delete("why");
  return document.body.dataset.status === "ready" && document.body.dataset.solvedHash === p.toString();
})()`;

async function until(page, expression, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const mark = (page, name) => page.evaluate(`(performance.getEntriesByName(${JSON.stringify(name)})[0] || {}).startTime`);
const measure = (page, name) => page.evaluate(`(performance.getEntriesByName(${JSON.stringify(name)})[0] || {}).duration`);

function catalogDir(size, profile) {
  if (size === "builtin") return undefined;
  const dir = join(ROOT, "bench", "out", `n${size}-s${seed}${profile === "sparse" ? "" : `-${profile}`}`);
  if (!existsSync(join(dir, "meta.json"))) execFileSync(process.execPath, [join(ROOT, "bench", "generate.js"), "--plugins", size, "--seed", seed, "--out", dir, "--integrations", profile], { stdio: "inherit" });
  return dir;
}

async function run(browser, size, profile) {
  const dir = catalogDir(size, profile);
  const server = await serveUi(dir ? { catalog: dir } : {});
  const meta = dir ? JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) : undefined;
  // The request every click starts from: the harness's use cases on a synthetic catalog, RAG on the built-in one.
  const start = dir ? (meta.request?.useCases ?? ["uc-01", "uc-02"]) : ["rag-applications"];
  const hash = start.map((u) => `use-case=${encodeURIComponent(u)}`).join("&");
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  const row = { catalog: dir ? `${size} plugins, ${profile}` : `built-in (${builtinCount} plugins)`, controls: [], first: [], prop: [], click: [], unsat: 0, timedOut: 0 };
  try {
    for (let i = 0; i < loads; i++) {
      const page = await context.newPage();
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`${server.url}#${hash}`);
      await until(page, SETTLED);
      row.controls.push(await mark(page, "controls"));
      row.first.push(await mark(page, "first-answer"));
      if (i < loads - 1) await page.close();
      else {
        // Clicks on the last page.
        const ids = await page.evaluate(`JSON.stringify([...document.querySelectorAll(".plugin")].map((r) => r.dataset.id))`).then(JSON.parse);
        const rnd = prng(Number(seed) * 7919 + ids.length);
        const choices = ["require", "exclude", "prefer", "avoid"];
        const chosen = new Map();
        for (let k = 0; k < clicks; k++) {
          // Half the time a plugin already chosen goes back to free, so the request stays small.
          let id, c;
          if (chosen.size && rnd() < 0.5) {
            id = [...chosen.keys()][Math.floor(rnd() * chosen.size)];
            c = "free";
            chosen.delete(id);
          } else {
            id = ids[Math.floor(rnd() * ids.length)];
            c = choices[Math.floor(rnd() * choices.length)];
            chosen.set(id, c);
          }
          if (think > 0) await new Promise((r) => setTimeout(r, think));
          const before = await page.evaluate("performance.getEntriesByType('measure').filter((m) => m.name.startsWith('click-')).length");
          await page.click(`label[for="c-${c}-${id}"]`);
          await until(page, `performance.getEntriesByType('measure').filter((m) => m.name.startsWith('click-')).length > ${before}`);
          await until(page, SETTLED);
          const last = await page.evaluate("JSON.stringify(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('click-')).pop().name)").then(JSON.parse);
          const n = last.slice("click-".length);
          const t = await measure(page, `click-${n}`);
          row.click.push(t);
          const p = await measure(page, `propagation-${n}`);
          if (p !== undefined) row.prop.push(p);
          // The worker's own time for the solve (propagate + recommend), from the status line.
          const solver = each ? /solver (\d+) ms/.exec(await page.evaluate(`document.getElementById("status").textContent`))?.[1] : undefined;
          if (each) console.error(`click ${k + 1}: ${c} ${id}: decisions ${p?.toFixed(0) ?? "-"} ms, best stack ${t.toFixed(0)} ms${solver ? ` (in the worker: ${solver} ms)` : ""}`);
          if ((await page.evaluate("document.body.dataset.ok")) === "false") row.unsat++;
          if (await page.evaluate(`!!document.querySelector("#answer .warn")`)) row.timedOut++;
        }
      }
    }
  } finally {
    await context.close();
    await server.close();
  }
  if (errors.length) console.error(`console errors on ${row.catalog}:`, errors);
  return row;
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
const rows = [];
try {
  for (const size of sizes) for (const profile of size === "builtin" ? ["-"] : profiles) rows.push(await run(browser, size, profile));
} finally {
  await browser.close();
}

console.log(`\n| catalog | interactive (controls drawn) | first answer drawn | click → decisions drawn | click → best stack drawn | clicks (no stack; stopped at the time limit) |`);
console.log(`|---|---:|---:|---:|---:|---|`);
for (const r of rows) {
  const mm = (xs) => (xs.length ? `${ms(median(xs))} (max ${ms(Math.max(...xs))})` : "n/a");
  console.log(`| ${r.catalog} | ${mm(r.controls)} | ${mm(r.first)} | ${mm(r.prop)} | ${mm(r.click)} | ${r.click.length} (${r.unsat}; ${r.timedOut}) |`);
}
console.log(`\nmedian (max) over ${loads} loads and ${clicks} seeded clicks (seed ${seed}); node ${process.version}, ${(await import("node:os")).cpus().length} cores`);
