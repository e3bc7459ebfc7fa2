/**
 * mlx-solve: recommend, check, repair and explain stacks of ML-infrastructure plugins.
 *
 * The whole public API is re-exported here. The core (`mlx-solve/core`) is browser-safe; this
 * entry adds the Node adapter that reads catalog directories and stack files.
 *
 * @example
 * import { loadCatalog, recommend } from "mlx-solve";
 * const result = recommend(loadCatalog(), { useCases: ["RAG applications"], exclude: ["databricks-plugin"] });
 * if (result.ok) for (const p of result.stack!.plugins) console.log(p.id, p.type, p.facet ?? "");
 */
import "./node/minisat-source.js";
export * from "./core/index.js";
export { useLeanHeap, HEAP_GROWING_PERCENT } from "./node/heap.js";
export { loadCatalog, loadCatalogDir, readCatalogFiles, readStackFile, PACKAGE_ROOT } from "./node/fs.js";
