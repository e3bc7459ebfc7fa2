#!/usr/bin/env node
// The command line, bundled into one file at build time (see package.json "build"): one module to
// load instead of several hundred, which halves the start-up of every command.
import { run } from "../dist/cli.mjs";
await run(process.argv.slice(2));
