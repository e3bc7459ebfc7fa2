/**
 * The server of `mlx-solve ui`: serves the configurator's page (built into dist/ui/ by
 * `npm run build:ui`) and the catalog on 127.0.0.1 only. It only serves files: every question is
 * answered by the solver running in the page, in a Web Worker.
 *
 * Every response carries a strict Content-Security-Policy (no eval, no inline script or style, no
 * origin but this one), and requests whose Host is not this server's own address are refused, so
 * another site cannot reach the page through DNS rebinding.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { catalogToJSON } from "../core/catalog/serialize.js";
import { list } from "../core/commands/list.js";
import { positiveSeconds } from "../core/common/budget.js";
import { diag, InputError } from "../core/common/diagnostics.js";
import type { Request } from "../core/model/request.js";
import { loadCatalog } from "./fs.js";
import { PACKAGE_ROOT, VERSION } from "./package.js";

/**
 * The page's policy: everything from this origin, no JavaScript compiled from text, nothing
 * inline. WebAssembly may be compiled (`'wasm-unsafe-eval'`, which allows nothing else): the
 * solver worker's MiniSat is a WebAssembly module built with the package (asm2wasm.mjs).
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface UiServerOptions {
  /** A catalog directory (default: the built-in catalog). */
  catalog?: string;
  /** Partial catalogs laid over the base, in order (see `loadCatalog`'s `layers`). */
  layers?: string[];
  /** The port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** The built page (default: dist/ui of the package). */
  uiDir?: string;
  /**
   * Seconds of counted work each click's search may take before the page shows the best stack
   * found so far, said so (as `recommend --timeout`; default `UI_TIMEOUT_SECONDS`). The page
   * offers to search ten times longer.
   */
  timeout?: number;
  /**
   * The project file (mlx-solve.yaml) the catalog options came from, if any: the page opens with
   * its default request when its link holds none, and its command lines carry `--no-config` (their
   * `--catalog` and `--layer` already say what the file gave), so that they answer as the page does.
   */
  project?: { file: string; request: Request };
}

/** The page's limit per click unless `timeout` says otherwise: 10 M units of counted work. */
export const UI_TIMEOUT_SECONDS = 20;

export interface UiServer {
  /** The page's address, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The files of the built page, by URL path. */
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/main.js": { file: "main.js", type: "text/javascript; charset=utf-8" },
  "/worker.js": { file: "worker.js", type: "text/javascript; charset=utf-8" },
  "/layout-worker.js": { file: "layout-worker.js", type: "text/javascript; charset=utf-8" },
  "/styles.css": { file: "styles.css", type: "text/css; charset=utf-8" },
  "/favicon.png": { file: "favicon.png", type: "image/png" },
};

const HEADERS = {
  "Content-Security-Policy": UI_CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
};

const bad = (file: string, code: string, message: string) => new InputError([diag({ file, line: 0, column: 0 }, code, message)]);

/** Reads the built page into memory, or says how to build it. */
function readPage(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const { file } of Object.values(PAGE_FILES)) {
    const p = join(dir, file);
    if (!existsSync(p)) throw bad(p, "ui-not-built", `the configurator's page is not built (no ${p}); run "npm run build" in the mlx-solve package`);
    if (!out.has(file)) out.set(file, readFileSync(p));
  }
  return out;
}

/** A port as given (a number, or the text of --port): 0 to 65535, 0 for any free one; else bad input. */
export function portOf(v: string | number): number {
  const n = Number(v);
  if (!/^\d+$/.test(String(v).trim()) || !Number.isInteger(n) || n < 0 || n > 65535) throw bad("option --port", "bad-option", `--port expects a port number from 0 to 65535 (0: any free port), not "${v}"`);
  return n;
}

/** A request's own fields (not where they came from), as the page reads a link's. */
function requestFields(r: Request): Omit<Request, "origins" | "itemOrigins"> {
  const { origins: _o, itemOrigins: _i, ...fields } = r;
  return fields;
}

/**
 * Serves the configurator on 127.0.0.1. Bad input (a catalog with errors, a port in use) throws
 * InputError, which the CLI reports with exit code 2.
 *
 * @example
 * const server = await serveUi({ port: 0 });
 * console.log(server.url); // http://127.0.0.1:PORT/
 * await server.close();
 */
export async function serveUi(options: UiServerOptions = {}): Promise<UiServer> {
  const port = portOf(options.port ?? 0);
  const timeout = positiveSeconds(options.timeout ?? UI_TIMEOUT_SECONDS);
  const page = readPage(options.uiDir ?? join(PACKAGE_ROOT, "dist", "ui"));
  const catalog = loadCatalog(options.catalog, { layers: options.layers ?? [] });
  const catalogJson = Buffer.from(catalogToJSON(catalog));
  // What the page draws its controls from before its solver has started: `list`'s items.
  const view = Buffer.from(JSON.stringify({ types: list(catalog, "types").items, plugins: list(catalog, "plugins").items, use_cases: list(catalog, "use-cases").items, objectives: catalog.objectives }));
  const meta = Buffer.from(
    JSON.stringify({
      version: VERSION,
      // As the page's command line repeats them: the options the server was started with.
      catalog: options.catalog ?? null,
      layers: options.layers ?? [],
      timeout,
      project: options.project?.file ?? null,
      request: options.project ? requestFields(options.project.request) : null,
    }),
  );

  const server = createServer((req, res) => handle(req, res));
  let allowedHosts = new Set<string>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: Buffer | string) => {
      res.writeHead(status, { ...HEADERS, "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (!allowedHosts.has(String(req.headers.host ?? "").toLowerCase())) return send(421, "text/plain; charset=utf-8", "mlx-solve ui answers only to 127.0.0.1 and localhost\n");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(405, "text/plain; charset=utf-8", "only GET and HEAD\n");
    }
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/catalog.json") return send(200, "application/json; charset=utf-8", catalogJson);
    if (path === "/meta.json") return send(200, "application/json; charset=utf-8", meta);
    if (path === "/view.json") return send(200, "application/json; charset=utf-8", view);
    const f = PAGE_FILES[path];
    if (f) return send(200, f.type, page.get(f.file)!);
    return send(404, "text/plain; charset=utf-8", "not found\n");
  };

  await new Promise<void>((ok, fail) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (e.code === "EADDRINUSE") fail(bad("option --port", "port-in-use", `port ${port} is already in use on 127.0.0.1; choose another with --port, or leave --port out for a free one`));
      else if (e.code === "EACCES") fail(bad("option --port", "port-denied", `port ${port} cannot be opened on 127.0.0.1 (permission denied); choose a port above 1023`));
      else fail(e);
    };
    const onListening = () => {
      server.off("error", onError);
      ok();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, "127.0.0.1");
  });
  const actual = (server.address() as { port: number }).port;
  allowedHosts = new Set([`127.0.0.1:${actual}`, `localhost:${actual}`]);
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections();
  });
}

/**
 * Opens `url` in the default browser (xdg-open, open or start), detached; false when no opener
 * could be started or it gave up (the caller still has the URL to print). An opener hands the URL
 * to the browser and exits at once: one that exits non-zero found none (xdg-open with no display
 * exits 3); one still running after `waitMs` is taken to have started one.
 */
export function openInBrowser(url: string, waitMs = 3000): Promise<boolean> {
  const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  return new Promise((ok) => {
    try {
      const child = spawn(cmd, args as string[], { detached: true, stdio: "ignore" });
      child.once("error", () => ok(false));
      child.once("spawn", () => {
        const waited = setTimeout(() => {
          child.unref();
          ok(true);
        }, waitMs);
        waited.unref();
        child.once("exit", (code) => {
          clearTimeout(waited);
          ok(code === 0);
        });
      });
    } catch {
      ok(false);
    }
  });
}
