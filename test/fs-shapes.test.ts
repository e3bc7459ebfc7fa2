/**
 * The file system as a careless machine or a hostile user shapes it: links that loop, dangle or
 * point out of the catalog, an editor's lock file, unreadable files, directories, FIFOs and
 * sockets where YAML files should be, oversized files. Every shape gives a clean answer (exit 2
 * naming the path and the problem, or a note for a skipped hidden file), never exit 3, never a
 * hang, never the content of a file that is not YAML. A fuzz test combines shapes at random
 * (fixed seed). Where the machine allows (root with setpriv), the permission cases run as an
 * unprivileged user, since root reads a file whatever its mode.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cli, ROOT } from "./support/helpers.js";

/** A world-readable scratch directory (the test run's own is private), removed at the end. */
const SCRATCH = mkdtempSync(join(tmpdir(), "mlx-fs-"));
chmodSync(SCRATCH, 0o755);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

let n = 0;
/** A copy of the built-in catalog, world-readable. */
function catalogCopy(): string {
  const dir = join(SCRATCH, `c${n++}`);
  cpSync(join(ROOT, "catalog"), join(dir, "catalog"), { recursive: true });
  cpSync(join(ROOT, "constraints"), join(dir, "constraints"), { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}

const plugin = (dir: string, name: string) => join(dir, "catalog", "plugins", name);

/** Every answer: no crash, no stack trace, no content of /etc/passwd. */
function sane(r: { code: number; out: string; err: string }) {
  const all = `${r.err}\n${r.out}`;
  expect(all).not.toMatch(/internal error|\n\s+at [\w.<]+ \(/);
  expect(all).not.toContain("root:x:0:0");
  expect([0, 1, 2]).toContain(r.code);
}

describe("file-system shapes in a catalog", () => {
  const sockets: Server[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));

  it("--catalog naming a catalog's own catalog/ or constraints/ directory: one error that names the directory holding both", async () => {
    for (const sub of ["catalog", "constraints"]) {
      const r = await cli("recommend", "--catalog", join(ROOT, sub), "--use-case", "rag");
      expect(r.code).toBe(2);
      expect(r.err.trim().split("\n")).toEqual([`${join(ROOT, sub)}: error: catalog directory "${join(ROOT, sub)}" has neither catalog/ nor constraints/; expected a directory with catalog/plugins/ and constraints/ (did you mean "${ROOT}", which holds both?) [no-catalog]`]);
    }
    const empty = mkdtempSync(join(tmpdir(), "mlx-empty-"));
    const r = await cli("recommend", "--catalog", empty, "--use-case", "rag");
    expect(r.err).toMatch(/has neither catalog\/ nor constraints\/; expected a directory with catalog\/plugins\/ and constraints\/ \[no-catalog\]/);
    rmSync(empty, { recursive: true });
    // A layer of catalog/plugins/ alone, named by its catalog/ directory: the layer meant is named too.
    const layerDir = mkdtempSync(join(tmpdir(), "mlx-layer-"));
    mkdirSync(join(layerDir, "catalog", "plugins"), { recursive: true });
    const l = await cli("recommend", "--use-case", "rag", "--layer", join(layerDir, "catalog"));
    expect(l.code).toBe(2);
    expect(l.err).toContain(`(did you mean "${layerDir}", which holds it?)`);
    rmSync(layerDir, { recursive: true });
  });
  it("a symbolic link that loops: exit 2, ELOOP named", async () => {
    const dir = catalogCopy();
    symlinkSync("loop-b.yaml", plugin(dir, "loop-a.yaml"));
    symlinkSync("loop-a.yaml", plugin(dir, "loop-b.yaml"));
    const r = await cli("lint", "--catalog", dir);
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/loop-a\.yaml: error: cannot read: a symbolic link that loops/);
  });

  it("an editor's lock file (a dangling dotfile link) is skipped with a note", async () => {
    const dir = catalogCopy();
    symlinkSync("root@host.1234:1700000000", plugin(dir, ".#pandas-plugin.yaml"));
    const r = await cli("lint", "--catalog", dir, "--format", "json");
    sane(r);
    const ds = JSON.parse(r.out).diagnostics as { code: string; file: string; severity: string }[];
    expect(ds.filter((d) => d.code === "skipped-file")).toEqual([expect.objectContaining({ severity: "warning", file: expect.stringContaining(".#pandas-plugin.yaml") })]);
    expect(ds.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("a dangling link that is not hidden: exit 2, a link to nothing", async () => {
    const dir = catalogCopy();
    symlinkSync("no-such-target.yaml", plugin(dir, "ghost-plugin.yaml"));
    const r = await cli("recommend", "--catalog", dir, "--use-case", "rag");
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain("ghost-plugin.yaml: error: is a symbolic link to nothing");
  });

  it("a link to a file outside the catalog (/etc/passwd) is not followed, and its content never shown", async () => {
    const dir = catalogCopy();
    symlinkSync("/etc/passwd", plugin(dir, "passwd-plugin.yaml"));
    const r = await cli("lint", "--catalog", dir);
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain("passwd-plugin.yaml: error: is a symbolic link to a file outside the catalog directory");
  });

  it("a link inside the catalog is followed", async () => {
    const dir = catalogCopy();
    mkdirSync(join(dir, "elsewhere"));
    cpSync(plugin(dir, "pandas-plugin.yaml"), join(dir, "elsewhere", "pandas-plugin.yaml"));
    rmSync(plugin(dir, "pandas-plugin.yaml"));
    symlinkSync("../../elsewhere/pandas-plugin.yaml", plugin(dir, "pandas-plugin.yaml"));
    const r = await cli("list", "plugins", "--catalog", dir, "--format", "json");
    sane(r);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).items.map((p: { id: string }) => p.id)).toContain("pandas-plugin");
  });

  it("a directory named x.yaml: exit 2, a directory", async () => {
    const dir = catalogCopy();
    mkdirSync(plugin(dir, "x.yaml"));
    const r = await cli("lint", "--catalog", dir);
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/x\.yaml: error: is a directory/);
  });

  it("a layer whose constraints/ is a file: each file under it said to need a directory there, not an errno", async () => {
    const layer = join(SCRATCH, `layer${n++}`);
    mkdirSync(join(layer, "catalog", "plugins"), { recursive: true });
    writeFileSync(join(layer, "constraints"), "");
    const r = await cli("lint", "--layer", layer);
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain("constraints/types.yaml: error: cannot read: a part of its path is a file, not a directory; expected a directory there");
    expect(r.err).not.toContain("ENOTDIR");
  });

  it("a FIFO as a plugin file or as constraints/types.yaml: exit 2 at once, no hang", async () => {
    for (const where of [["catalog", "plugins", "fifo.yaml"], ["constraints", "types.yaml"]]) {
      const dir = catalogCopy();
      const path = join(dir, ...where);
      rmSync(path, { force: true });
      expect(spawnSync("mkfifo", [path]).status).toBe(0);
      // As a real process with a time limit of its own: a hang would fail here, not stall the run.
      const r = spawnSync(process.execPath, [BIN, "lint", "--catalog", dir], { encoding: "utf8", timeout: 20_000 });
      expect(r.signal).toBeNull();
      sane({ code: r.status ?? -1, out: r.stdout, err: r.stderr });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${where.at(-1)}: error: is a named pipe (FIFO)`);
    }
  });

  it("a socket as a plugin file: exit 2, a socket", async () => {
    const dir = catalogCopy();
    const server = createServer();
    sockets.push(server);
    await new Promise<void>((resolve) => server.listen(plugin(dir, "sock.yaml"), resolve));
    const r = await cli("lint", "--catalog", dir);
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain("sock.yaml: error: is a socket");
  });

  it("a stack file that is a FIFO or a directory: exit 2", async () => {
    const dir = catalogCopy();
    const fifo = join(dir, "stack.yaml");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const r = spawnSync(process.execPath, [BIN, "check", fifo], { encoding: "utf8", timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is a named pipe (FIFO)");
    const d = await cli("check", dir);
    expect(d.code).toBe(2);
    expect(d.err).toContain("is a directory");
    // A file the user names may be a link anywhere; what it holds is still never echoed.
    const passwd = join(dir, "passwd-stack.yaml");
    symlinkSync("/etc/passwd", passwd);
    const p = await cli("check", passwd);
    sane(p);
    expect(p.code).toBe(2);
    expect(p.err).toContain("not YAML of this kind");
  });
});

/** An unprivileged user, when this process is root and has setpriv (root reads any file). */
const asNobody = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;

describe.skipIf(!asNobody)("permissions, as an unprivileged user", () => {
  const run = (...args: string[]) => {
    const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, BIN, ...args], { encoding: "utf8", env: { ...process.env, HOME: SCRATCH, MLX_SOLVE_NO_CACHE: "1" }, timeout: 30_000 });
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
  };
  beforeAll(() => chmodSync(SCRATCH, 0o755));

  it("an unreadable plugin file: exit 2, permission denied", () => {
    const dir = catalogCopy();
    chmodSync(plugin(dir, "pandas-plugin.yaml"), 0o000);
    const r = run("lint", "--catalog", dir);
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain("pandas-plugin.yaml: error: cannot read: permission denied");
  });

  it("an unreadable constraints file or stack file: exit 2, permission denied", () => {
    const dir = catalogCopy();
    chmodSync(join(dir, "constraints", "use-cases.yaml"), 0o000);
    const r = run("lint", "--catalog", dir);
    sane(r);
    expect(r.code).toBe(2);
    expect(r.err).toContain("use-cases.yaml: error: cannot read: permission denied");
    const stack = join(SCRATCH, `stack-${n++}.yaml`);
    writeFileSync(stack, "plugins: [pandas-plugin]\n", { mode: 0o000 });
    const s = run("check", stack);
    sane(s);
    expect(s.code).toBe(2);
    expect(s.err).toContain("cannot read: permission denied");
  });
});

describe("fuzz: any mix of file-system shapes in a catalog", () => {
  type Shape = "loop" | "dangling" | "hidden-dangling" | "outside" | "inside-link" | "directory" | "huge" | "empty" | "binary";
  const SHAPES: Shape[] = ["loop", "dangling", "hidden-dangling", "outside", "inside-link", "directory", "huge", "empty", "binary"];
  const make = (dir: string, shape: Shape, i: number) => {
    const p = plugin(dir, `${shape === "hidden-dangling" ? ".#" : ""}fz${i}-plugin.yaml`);
    switch (shape) {
      case "loop":
        return symlinkSync(`fz${i}-plugin.yaml`, p);
      case "dangling":
      case "hidden-dangling":
        return symlinkSync(`nothing-${i}`, p);
      case "outside":
        return symlinkSync("/etc/passwd", p);
      case "inside-link":
        return symlinkSync("pandas-plugin.yaml", p);
      case "directory":
        return mkdirSync(p);
      case "huge":
        return writeFileSync(p, `id: fz${i}-plugin\nname: x\n${"# padding\n".repeat(120_000)}`);
      case "empty":
        return writeFileSync(p, "");
      case "binary":
        return writeFileSync(p, Buffer.from([0, 159, 146, 150, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]));
    }
  };
  it("prop_every_shape_gives_a_clean_answer", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SHAPES), { minLength: 1, maxLength: 4 }), fc.constantFrom("lint", "recommend", "list"), async (shapes, command) => {
        const dir = catalogCopy();
        shapes.forEach((s, i) => make(dir, s, i));
        const args = command === "list" ? ["list", "plugins", "--catalog", dir] : command === "recommend" ? ["recommend", "--use-case", "rag", "--catalog", dir] : ["lint", "--catalog", dir];
        const r = await cli(...args);
        sane(r);
        // A file that cannot be read or parsed stops every command (2). A link inside the catalog
        // to another plugin's file repeats that plugin's id: an error lint reports (1) and every
        // other command refuses (2). Hidden files alone are skipped.
        const bad = shapes.some((s) => s !== "hidden-dangling" && s !== "inside-link");
        const duplicate = shapes.includes("inside-link");
        expect(r.code, `${command} ${shapes.join(",")}\n${r.err}`).toBe(bad ? 2 : duplicate ? (command === "lint" ? 1 : 2) : 0);
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed: 20261204, numRuns: 40 },
    );
  });
});
