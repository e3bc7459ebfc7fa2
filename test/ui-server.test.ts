/**
 * `mlx-solve ui`'s server and command line, without a browser: what it serves and with which
 * headers, what it refuses, and the errors a user can cause (exit 2, a clear message, no stack
 * trace). The page itself is tested in a real browser (ui.browser.test.ts).
 */
import { spawn } from "node:child_process";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { catalogFromJSON, InputError, loadCatalog, serveUi, UI_CSP, UI_TIMEOUT_SECONDS, type UiServer } from "../src/index.js";
import { join } from "node:path";
import { commandArgs, hashOfRequest, stateFromHash, useCaseResolver } from "../src/ui/state.js";
import { bin, BIN, ROOT, tmpDir } from "./support/helpers.js";
import { chmodSync, rmSync, writeFileSync } from "node:fs";

/** A plugin only examples/acme-layer adds (the layer of the README's "your own plugins"). */
const ACME_PLUGIN = "acme-features-plugin";

/** A GET (or another method) with a chosen Host header: fetch does not let a caller set one. */
function get(url: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: opts.method ?? "GET", headers: opts.host ? { host: opts.host } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

describe("the ui server", () => {
  let server: UiServer;
  beforeAll(async () => {
    server = await serveUi();
  });
  afterAll(() => server.close());

  it("listens on 127.0.0.1 only, on a free port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("serves the page with the strict Content-Security-Policy on every response", async () => {
    for (const path of ["", "main.js", "worker.js", "layout-worker.js", "styles.css", "favicon.png", "catalog.json", "meta.json", "view.json"]) {
      const r = await get(server.url + path);
      expect(r.status, path).toBe(200);
      expect(r.headers["content-security-policy"]).toBe(UI_CSP);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
    }
    // WebAssembly may be compiled, JavaScript never: 'wasm-unsafe-eval' allows the one only.
    expect(UI_CSP).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(UI_CSP.replace("'wasm-unsafe-eval'", "")).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
    const page = await get(server.url);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    // No inline script or style in the page: the policy would refuse them.
    expect(page.body).not.toMatch(/<script>|<style|style="/);
  });

  it("the solver worker holds the patched MiniSat only: logic-solver's own (237 KB) is left out", async () => {
    const worker = (await get(server.url + "worker.js")).body;
    expect(worker).toContain("logic-solver's own MiniSat is not in this bundle");
    // Emscripten's start, once: the patched build's own (it was there twice, the stock file's too).
    expect(worker.split("ENVIRONMENT_IS_NODE=typeof process").length - 1).toBe(1);
    expect(worker.length).toBeLessThan(1_000_000);
  });
  it("sends the catalog the page solves with, and where it came from", async () => {
    const c = catalogFromJSON((await get(server.url + "catalog.json")).body)!;
    expect([...c.plugins.keys()]).toEqual([...loadCatalog().plugins.keys()]);
    expect(JSON.parse((await get(server.url + "meta.json")).body)).toMatchObject({ catalog: null, layers: [], timeout: UI_TIMEOUT_SECONDS });
    // The controls' data: the items of \`list\`, the CLI's own JSON.
    const view = JSON.parse((await get(server.url + "view.json")).body) as { plugins: { id: string }[]; use_cases: unknown[]; types: unknown[] };
    expect(view.plugins.map((p) => p.id)).toEqual([...loadCatalog().plugins.keys()]);
    expect(view.use_cases.length).toBe(loadCatalog().useCases.size);
  });

  it("refuses other methods, other hosts (DNS rebinding) and unknown paths", async () => {
    expect((await get(server.url, { method: "POST" })).status).toBe(405);
    expect((await get(server.url, { host: "evil.example:80" })).status).toBe(421);
    expect((await get(server.url, { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.url + "../package.json")).status).toBe(404);
    expect((await get(server.url + "src/ui/main.ts")).status).toBe(404);
  });

  it("a port in use is bad input, named as such", async () => {
    const err = await serveUi({ port: server.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(new RegExp(`port ${server.port} is already in use`));
  });
});

describe("mlx-solve ui on the command line", () => {
  const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at |internal error/);

  it("a bad --port: exit 2 and a clear message", () => {
    for (const port of ["abc", "70000", "-1"]) {
      const r = bin(["ui", "--port", port]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/--port expects a port number from 0 to 65535/);
      noTrace(r.err);
    }
  });

  it("a port in use: exit 2 and a clear message", async () => {
    const s = await serveUi();
    try {
      const r = await new Promise<{ code: number | null; err: string }>((ok) => {
        const child = spawn(process.execPath, [BIN, "ui", "--port", String(s.port)], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
        let err = "";
        child.stderr.on("data", (d: Buffer) => (err += d));
        child.on("exit", (code) => ok({ code, err }));
      });
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/already in use/);
      noTrace(r.err);
    } finally {
      await s.close();
    }
  });

  it("a bad --timeout: exit 2 and a clear message; in the library, bad input too", async () => {
    for (const t of ["abc", "0", "-3"]) {
      const r = bin(["ui", "--timeout", t]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/--timeout expects a positive number of seconds/);
      noTrace(r.err);
    }
    await expect(serveUi({ timeout: 0 })).rejects.toThrow(InputError);
  });

  it("a bad catalog: exit 2 and a clear message", () => {
    const r = bin(["ui", "--catalog", "no/such/dir"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no\/such\/dir/);
    noTrace(r.err);
  });

  /** `mlx-solve ui ARGS` in `cwd`: its URL, what it wrote to stderr so far, and a stop that gives its exit code. */
  async function serve(args: string[], cwd = ROOT) {
    const child = spawn(process.execPath, [BIN, "ui", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d));
    const url = await new Promise<string>((ok, fail) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) ok(m[0]);
      });
      child.on("exit", () => fail(new Error(`exited early: ${err}`)));
    });
    const stop = () =>
      new Promise<number | null>((ok) => {
        child.on("exit", (c) => ok(c));
        child.kill("SIGTERM");
      });
    return { url, err: () => err, stop };
  }

  it("in a project's directory: the project file's layers and default request, and command lines that answer as the page does", async () => {
    const dir = join(ROOT, "examples", "acme-project");
    const { url, stop } = await serve([], dir);
    const meta = JSON.parse((await get(url + "meta.json")).body) as { project: string; request: { useCases: string[]; only: string[] }; layers: string[]; catalog: string | null };
    expect(meta).toMatchObject({ project: "mlx-solve.yaml", request: { useCases: ["real-time-inference"], only: ["hosting=self-hosted"] }, catalog: null });
    expect(meta.layers).toHaveLength(1);
    // The page opens with the file's request; its command line ignores the file (--no-config) and
    // names the layer itself: run there, it answers as the page does. Without --no-config the
    // layer is named twice (the file's and --layer), which is read once (it was a duplicate
    // plugin id, exit 2).
    const view = JSON.parse((await get(url + "view.json")).body) as { plugins: { id: string; license: string; hosting: string[]; clouds: string[] }[]; use_cases: { id: string; name: string; aliases: string[] }[] };
    const tags = { license: new Set(view.plugins.map((p) => p.license)), hosting: new Set(view.plugins.flatMap((p) => p.hosting)), clouds: new Set(view.plugins.flatMap((p) => p.clouds)) };
    const { state } = stateFromHash(hashOfRequest(meta.request), { plugins: new Set(view.plugins.map((p) => p.id)), useCase: useCaseResolver(view.use_cases), tags });
    expect(state).toMatchObject({ useCases: ["real-time-inference"], only: { hosting: "self-hosted" } });
    const args = commandArgs({ ...state, choices: { "acme-features-plugin": "require" } }, { catalog: meta.catalog, layers: meta.layers, noConfig: true });
    expect(args).toContain("--no-config");
    const r = bin([...args, "--format", "json"], { cwd: dir });
    expect(r.err).toBe("");
    expect(JSON.parse(r.out).stack.plugins.map((p: { id: string }) => p.id)).toContain("acme-features-plugin");
    const twice = bin([...args.filter((a) => a !== "--no-config"), "--format", "json"], { cwd: dir });
    expect(twice.code, twice.err).toBe(0);
    expect(JSON.parse(twice.out).stack).toEqual(JSON.parse(r.out).stack);
    expect(await stop()).toBe(0);
  });

  it("prints the URL, serves until interrupted, then exits 0; with --layer, the layered catalog", async () => {
    const { url, err: errOf, stop } = await serve(["--layer", "examples/acme-layer", "--timeout", "5"]);
    const err = errOf();
    expect((await get(url)).status).toBe(200);
    // Absolute: the page's command lines answer from any directory.
    expect(JSON.parse((await get(url + "meta.json")).body)).toMatchObject({ layers: [join(ROOT, "examples", "acme-layer")], timeout: 5 });
    expect(JSON.parse((await get(url + "view.json")).body).plugins.map((p: { id: string }) => p.id)).toContain(ACME_PLUGIN);
    expect(err).toBe("");
    expect(await stop()).toBe(0);
  });
});

describe.skipIf(process.platform !== "linux")("opening a browser (--open)", () => {
  it("is said to fail when the opener gives up (xdg-open with no display exits non-zero), or is missing", async () => {
    const { openInBrowser } = await import("../src/node/ui-server.js");
    const dir = tmpDir("opener-");
    const opener = (code: number) => {
      writeFileSync(join(dir, "xdg-open"), `#!/bin/sh\nexit ${code}\n`);
      chmodSync(join(dir, "xdg-open"), 0o755);
    };
    const path = process.env["PATH"];
    process.env["PATH"] = dir;
    try {
      opener(3);
      expect(await openInBrowser("http://127.0.0.1:1/")).toBe(false);
      opener(0);
      expect(await openInBrowser("http://127.0.0.1:1/")).toBe(true);
      rmSync(join(dir, "xdg-open"));
      expect(await openInBrowser("http://127.0.0.1:1/")).toBe(false);
    } finally {
      process.env["PATH"] = path;
    }
  });
});
