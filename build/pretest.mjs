// What `npm test` runs before vitest: the build step that patches MiniSat, then, side by side,
// the two type-checks (the package's and the page's) and the builds the tests use (dist/, the
// CLI bundle, the build id, the page's bundle). One after the other they took 16 s on one core of
// two; side by side, the time of the longest. Each command's output is shown when it fails (or
// warns), and any failure fails the whole.
import { spawn } from "node:child_process";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (cmd, args) =>
  new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => resolve({ what: [cmd, ...args].join(" "), code: code ?? 1, out }));
  });
const chain = async (...steps) => {
  const done = [];
  for (const [cmd, args] of steps) {
    const r = await run(cmd, args);
    done.push(r);
    if (r.code !== 0) break;
  }
  return done;
};

const first = await run(process.execPath, ["src/core/solve/minisat/patch.mjs"]);
const results = [first];
if (first.code === 0) {
  const all = await Promise.all([
    chain([process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit"]]),
    chain([process.execPath, ["node_modules/typescript/bin/tsc", "-p", "src/ui/tsconfig.json"]]),
    chain([npm, ["run", "build:js", "--silent"]], [process.execPath, ["build/catalog-json.mjs"]], [npm, ["run", "build:cli", "--silent"]], [npm, ["run", "build:id", "--silent"]], [npm, ["run", "build:ui-bundle", "--silent"]]),
  ]);
  results.push(...all.flat());
}
let failed = false;
for (const r of results) {
  if (r.out.trim()) process.stderr.write(`${r.what}:\n${r.out.trimEnd()}\n`);
  if (r.code !== 0) {
    failed = true;
    process.stderr.write(`${r.what} failed (exit ${r.code})\n`);
  }
}
process.exit(failed ? 1 : 0);
