/**
 * `mlx-solve ui`: serves the configurator on 127.0.0.1 until interrupted. The page does all the
 * solving (in a Web Worker); the server only serves files.
 */
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { openInBrowser, portOf, positiveSeconds, serveUi, UI_TIMEOUT_SECONDS } from "../index.js";
import { addCatalogOptions, catalogOf, projectFor, type CatalogOpts } from "./options.js";

/** A CommandDef of commands.ts (declared by shape here: commands.ts imports this file). */
interface UiCommandDef {
  name: string;
  description: string;
  configure(cmd: Command): void;
  run(args: unknown[], io: { out(s: string): void; err(s: string): void }): Promise<number>;
}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C): the server then closes and the exit code is 0. */
const interrupted = () =>
  new Promise<void>((ok) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      ok();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });

export const UI_COMMAND: UiCommandDef = {
  name: "ui",
  description: "the configurator: a local web page to click through the choices and see what each forces or rules out, and why",
  configure: (c) => {
    addCatalogOptions(c)
      .addOption(new Option("--port <n>", "the port on 127.0.0.1 (default: any free port)").argParser(portOf))
      .option("--open", "open the page in the default browser")
      .addOption(new Option("--timeout <seconds>", `seconds of counted work each click's search may take before the page shows the best stack found so far (default ${UI_TIMEOUT_SECONDS})`).argParser((v) => positiveSeconds(v)));
  },
  run: async (args, io) => {
    const o = (args[args.length - 1] as { opts(): CatalogOpts & { port?: number; open?: boolean; timeout?: number } }).opts();
    const project = projectFor(o);
    const { dir, layers } = catalogOf(o, project);
    // Absolute, so that the page's command lines answer from any directory, not only this one.
    const server = await serveUi({
      ...(dir !== undefined ? { catalog: resolve(dir) } : {}),
      layers: layers.map((l) => resolve(l)),
      port: o.port ?? 0,
      ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
      ...(project ? { project: { file: project.file, request: project.request } } : {}),
    });
    io.out(`mlx-solve ui: serving the configurator at ${server.url}  (Ctrl-C to stop)\n`);
    // Listening for Ctrl-C before the browser is asked for: an interrupt while the opener runs
    // stops the server as any other does (exit 0), not the process (130).
    const stopped = interrupted();
    if (o.open && !(await openInBrowser(server.url))) io.err(`mlx-solve ui: could not open a browser; open ${server.url} yourself\n`);
    await stopped;
    await server.close();
    return 0;
  },
};
