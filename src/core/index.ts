/**
 * The browser-safe core of mlx-solve: no file system, no Node built-ins. Give it the files'
 * contents (`loadCatalogFromFiles`) and ask it questions.
 */
export { loadCatalogFromFiles, parseStackFile, resolveUseCase, integrates, type Catalog, type CatalogFiles, type LoadResult, type Plugin, type TypeDef, type UseCase, type StackDoc } from "./catalog.js";
export { InputError, formatDiagnostic, type Diagnostic, type SourcePos } from "./diagnostics.js";
export { recommend, check, resolve, type SolveOptions } from "./ops.js";
export type { Request } from "./request.js";
export type * from "./result.js";
export { jsonSchemaOf, SCHEMAS, type SchemaName } from "./schema.js";
export type { SourceFile } from "./yaml-source.js";
export { provideMiniSatFactory } from "./settings.js";
