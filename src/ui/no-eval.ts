/**
 * Imported first by the worker: turns off zod's compiled parsers before the core's schemas are
 * built. zod 4 builds each object schema's fast path with `new Function`, and when a schema is
 * constructed it probes whether that is allowed by calling `new Function("")` — which the page's
 * Content-Security-Policy refuses, and Chromium reports every refusal as an error even when the
 * caller catches it. With `jitless` zod never probes: the same checks, interpreted. The Node side
 * keeps the compiled parsers (loading 50,000 plugin files leans on them).
 */
import { config } from "zod";

config({ jitless: true });
