/**
 * `mlx-solve/core`: the browser-safe core of mlx-solve. No file system, no Node built-ins: give
 * it the files' contents (`loadCatalogFromFiles`) and ask it questions. The Node entry
 * (`mlx-solve`) adds reading catalog directories and stack files from disk.
 *
 * The layers, each importing only those below it: common (diagnostics) -> solve (domain-free
 * SAT and optimisation) and catalog (YAML -> validated catalog) -> model (catalog + request ->
 * labelled constraints) -> commands (data in, result data out) -> print (result data -> text).
 *
 * @example
 * import { catalogOrThrow, loadCatalogFromFiles, recommend } from "mlx-solve/core";
 * import { readCatalogFiles } from "mlx-solve"; // in a browser, the files' contents come from elsewhere
 *
 * // readCatalogFiles(): { plugins: [{ path, content }], types: ..., ... }; an InputError when a file has an error
 * const catalog = catalogOrThrow(loadCatalogFromFiles(readCatalogFiles()));
 * console.log(recommend(catalog, { useCases: ["rag"] }).stack);
 */

// The catalog: types, loading from files' contents, the stack file, the schemas.
export {
  assignableValues,
  integrates,
  resolvePlugin,
  resolveUseCase,
  type Catalog,
  type CatalogFiles,
  type CatalogLayer,
  type LoadResult,
  type ObjectiveName,
  type Plugin,
  type Ref,
  type Requirement,
  type RuleKind,
  type StackDoc,
  type Sourced,
  type StackEntry,
  type TagFilter,
  type TagKey,
  type TypeDef,
  type UseCase,
} from "./catalog/catalog.js";
export { catalogOrThrow, loadCatalogFromFiles, parseStackFile, type LoadOptions } from "./catalog/load.js";
export { jsonSchemaOf, SCHEMAS, TAG_KEYS, TAG_VALUES, type SchemaName } from "./catalog/schema.js";
export { catalogFromJSON, catalogToJSON } from "./catalog/serialize.js";
export type { SourceFile } from "./catalog/yaml-source.js";
export { formatDiagnostic, InputError, sortDiagnostics, type Diagnostic, type Severity, type SourcePos } from "./common/diagnostics.js";
export { positiveSeconds, SolverMemory, Timeout, timeLimits, WORK_PER_SECOND, workFor } from "./common/budget.js";
export { didYouMean, nearest } from "./common/suggest.js";
export { shellWord } from "./common/shell.js";

// The request, and a project file that gives its defaults.
export { isEmptyRequest, requestProblems, withDefaults, type IntegrationMode, type Request, type RequestField } from "./model/request.js";
export { OPTION_ORIGINS, REQUEST_FIELDS } from "./common/request-fields.js";
export { parseProjectFile, type ProjectConfig } from "./model/project.js";

// The commands: catalog + request in, result data out.
export { analyze, COUNT_LIMIT_DEFAULT, COUNT_WORK_PER_SECOND, EXPLAIN_DEFAULT, type AnalyzeOptions } from "./commands/analyze.js";
export { check } from "./commands/check.js";
export { diff } from "./commands/diff.js";
export { stackDocOf, type LimitOptions, type SolveOptions, type StackInput } from "./commands/common.js";
export { stackGraph, type StackGraph } from "./commands/graph.js";
export { lint, type LintOptions } from "./commands/lint.js";
export { list, LIST_KINDS } from "./commands/list.js";
export { explain, recommend, TOP_MAX, type RecommendOptions } from "./commands/recommend.js";
export { EXPORT_MAX_GAP_TERMS, exportProblem, type ExportOptions } from "./commands/export.js";
export { EXPORT_FORMATS, type ExportFormat } from "./solve/export.js";
export { propagate, propagationWhy, type Decision, type PropagateResult, type PropagationWhy } from "./commands/propagate.js";
export { repair } from "./commands/repair.js";
export { sample, type SampleCommandOptions, type SampleOptions } from "./commands/sample.js";
export { stoppedResult, type StoppedAsk } from "./commands/stopped.js";
export { why, whyNot, type WhyOptions } from "./commands/why.js";
export type * from "./commands/result.js";

// Printing result data.
export { CI_FORMATS, FORMATS, graphOf, PRINTERS, textOf, yamlOf, type Format, type PrintContext } from "./print/printers.js";
export { diagnosticFindings, findingsOf, relocated, toGithub, toSarif, type Finding } from "./print/ci.js";
export { stackToYaml } from "./print/stack-yaml.js";
export { makeStyle, type Style } from "./print/style.js";
export { visible, visibleDeep } from "./print/visible.js";
export { diagnosticsText } from "./print/text.js";

// The engine's process-wide settings (search strategy, trace, warnings).
export { searchDefaults, STRATEGIES, type Strategy } from "./solve/settings.js";
