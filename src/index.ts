/**
 * mlx-solve: recommend, check, repair and explain stacks of ML-infrastructure plugins.
 *
 * The whole public API: the browser-safe core (`mlx-solve/core`, re-exported here) and the Node
 * adapter that reads catalog directories and stack files. Every CLI command is a function here
 * that returns its result data, exactly the JSON the CLI prints (`RecommendResult`, `CheckResult`,
 * ...); `PRINTERS` turns it into the CLI's other formats.
 *
 * @example
 * import { loadCatalog, recommend } from "mlx-solve";
 * const result = recommend(loadCatalog(), { useCases: ["RAG applications"], exclude: ["databricks-plugin"] });
 * if (result.ok) for (const p of result.stack!.plugins) console.log(p.id, p.type, p.facet ?? "");
 */
// First: logic-solver, which the core loads, must find the stand-in for its MiniSat (see the file).
import "./node/lazy-minisat.js";
export * from "./core/index.js";
export { useLeanHeap, HEAP_GROWING_PERCENT } from "./node/heap.js";
export { isTerminal, writeAll } from "./node/output.js";
export { findProjectFile, readProjectFile, PROJECT_FILE } from "./node/project.js";
export { readStackFileAt } from "./node/git.js";
export { loadCatalog, loadCatalogDir, readCatalogFiles, readStackFile, STDIN_NAME, writeFileAtomic, writeRepairedStack, PACKAGE_ROOT, VERSION, type LayerOptions, type LoadCatalogOptions, type WriteOptions } from "./node/fs.js";
export type { FileStat, Layered, ReadFile } from "./node/files.js";
export { ciRoot, sameFile, skippedEntries, workspacePlace } from "./node/files.js";
export { cacheMaxMbOf } from "./node/cache.js";
export { openInBrowser, portOf, serveUi, UI_CSP, UI_TIMEOUT_SECONDS, type UiServer, type UiServerOptions } from "./node/ui-server.js";
