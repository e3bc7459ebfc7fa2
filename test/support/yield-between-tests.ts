/**
 * Setup of every test file: hand the event loop back to vitest before each test. Tests that
 * solve synchronously run back to back without a macrotask in between, so on a busy machine a
 * file of them could hold the worker for longer than vitest's RPC deadline (60 s: "Timeout
 * calling onTaskUpdate"), though no single test comes near it. Properties also yield between
 * their runs (yieldToRunner in helpers.ts).
 */
import { beforeEach } from "vitest";

// As yieldToRunner in helpers.ts, not imported from there: that would load the CLI in every file.
beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
