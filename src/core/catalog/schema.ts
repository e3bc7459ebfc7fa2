/**
 * The zod schemas of every YAML file: the single source of truth for their shape. The JSON
 * Schemas in `schema/` are generated from these (`mlx-solve schema`), and a snapshot test keeps
 * them in step. Cross-file checks (does this id exist?) live in catalog.ts, not here.
 *
 * The schemas are built on first use (`built`), not when this module is evaluated: a command
 * whose catalog comes from the load cache never validates a file, and building them (and, in
 * the CLI's bundle, evaluating zod at all: see package.json "build:cli") was ~80 ms of every
 * run's start (bench/README.md, "The floor"). Each exported schema is a stand-in that builds
 * them all when first touched and then behaves as the schema itself.
 */
import { z } from "zod";
import { diag, InputError } from "../common/diagnostics.js";
import { didYouMean } from "../common/suggest.js";

export const ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
export const NAME_PATTERN = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";

export const LICENSES = ["open-source", "source-available", "proprietary"] as const;
export const HOSTINGS = ["self-hosted", "managed"] as const;
export const CLOUDS = ["aws", "azure", "gcp"] as const;
export const RULES = ["single", "per_facet", "distinct_facet", "per_use_case", "unbounded"] as const;
export const OBJECTIVES = ["wishes", "suggestions", "precedence", "integration-gaps", "plugins"] as const;

/** The tags every plugin has, which `--only KEY=VALUE` and `--prefer-tag` filter on (their values: `TAG_VALUES`). */
export const TAG_KEYS = ["license", "hosting", "clouds"] as const;
/** The values each tag can take (for clouds, "any": cloud-agnostic). */
export const TAG_VALUES: Record<(typeof TAG_KEYS)[number], readonly string[]> = { license: LICENSES, hosting: HOSTINGS, clouds: ["any", ...CLOUDS] };

/** `key=value` or `key=a,b` (any of them), as --only takes it. */
const TAG_FILTER_PATTERN = "^(license|hosting|clouds)=[a-z0-9-]+(,[a-z0-9-]+)*$";

/** What the schemas read of a catalog (catalog.ts's `Catalog` has it; named here, as that module imports this one). */
export interface Named {
  plugins: ReadonlyMap<string, unknown>;
  useCases: ReadonlyMap<string, unknown>;
  types: ReadonlyMap<string, unknown>;
  capabilities: ReadonlyMap<string, unknown>;
  categories: ReadonlyMap<string, unknown>;
}

/** The most names of one kind a schema offers (see `build`). */
const EXAMPLES_MAX = 1000;

/** A catalog's names, offered as `examples` (an editor's completions) where a file names one of them. */
interface KnownNames {
  plugins: string[];
  useCases: string[];
  types: string[];
  capabilities: string[];
  categories: string[];
}

/**
 * Every schema, built once on first use (see above); with `known`, the same schemas whose JSON
 * Schema offers a catalog's names as `examples` where a file names a plugin, use case, type,
 * capability or category (what validates a file is the same: examples are no rule).
 */
function build(known?: KnownNames) {
  const Id = z.string().regex(new RegExp(ID_PATTERN), { message: "a kebab-case id" }).describe("a kebab-case id");
  const SnakeName = z.string().regex(new RegExp(NAME_PATTERN), { message: "a snake_case name" }).describe("a snake_case name");
  const Text = z.string().min(1);
  // Up to EXAMPLES_MAX names a list: each list is written at every place it is offered, and an
  // editor's list of 50,000 plugins completes nothing a person can read.
  const offering = <T extends z.ZodType>(schema: T, names: string[] | undefined): T => (names?.length && names.length <= EXAMPLES_MAX ? (schema.meta({ examples: names }) as T) : schema);
  const PluginRef = offering(Id, known?.plugins);
  const TypeRef = offering(SnakeName, known?.types);
  const CapabilityRef = offering(Id, known?.capabilities);
  const CategoryRef = offering(SnakeName, known?.categories);
  const UseCaseRef = offering(Text, known?.useCases);

  const Url = z.string().regex(/^https?:\/\/\S+$/, { message: "a URL (https://...)" }).describe("a URL of the tool's own documentation, licence file or repository");
  const Sources = z.union([Url, z.array(Url).min(1)]).describe("where the fact is documented: a URL or a list of URLs");
  const Unsure = Text.describe("why the fact could not be sourced (a claim kept without a source)");

  /** A claim about another plugin (an integration, a conflict): its id, and where it is documented. */
  const Claim = z.union([PluginRef, z.strictObject({ id: PluginRef, source: Sources.optional(), unsure: Unsure.optional() })]);

  const TagFilter = z.string().regex(new RegExp(TAG_FILTER_PATTERN), { message: "a tag filter KEY=VALUE[,VALUE...] with KEY one of license, hosting, clouds" }).describe("KEY=VALUE, or KEY=A,B for any of them");

  const PluginFile = z
    .strictObject({
      id: Id.describe("Plugin id; equals the file name without .yaml"),
      name: Text.describe("Display name"),
      type: TypeRef.describe("Primary type, from constraints/types.yaml"),
      also_types: z.array(TypeRef).optional().describe("Further types this plugin fills; each role counts under that type's rule"),
      summary: Text,
      tags: z.strictObject({
        license: z.enum(LICENSES),
        hosting: z.array(z.enum(HOSTINGS)).min(1),
        clouds: z.union([z.literal("any"), z.array(z.enum(CLOUDS))]).describe('"any" for software one installs anywhere (cloud-agnostic); else the clouds it runs on or is offered in'),
      }),
      sources: z
        .strictObject({ license: Sources.optional(), hosting: Sources.optional(), clouds: Sources.optional() })
        .optional()
        .describe("Where the tags are documented (the tool's own docs, licence file or repository)"),
      overrides: z.boolean().optional().describe("In a layer: replaces the plugin of this id defined below it"),
      facets: z.record(SnakeName, z.array(Id).min(1)).optional().describe("Facet name -> the values this plugin has"),
      facet_capabilities: z.record(Id, z.array(CapabilityRef).min(1)).optional().describe("Facet value -> the capabilities the plugin serves in that role"),
      capabilities: z.array(CapabilityRef).optional(),
      conflicts_with: z.array(Claim).optional(),
      requires: z
        .array(z.strictObject({ any_of: z.array(PluginRef).min(1), reason: Text, source: Sources.optional(), unsure: Unsure.optional() }))
        .optional()
        .describe("Each entry: at least one of any_of must be selected with this plugin"),
      integration_points: z.record(CategoryRef, z.array(Claim)).optional().describe("Category -> plugins this one integrates with"),
      notes: z.string().optional(),
    })
    .describe("One mlx-solve plugin");

  const TypesFile = z.strictObject({
    types: z.record(
      SnakeName,
      z.strictObject({
        purpose: Text,
        seed_rule: Text.describe("The seed's 'Conflict Resolution' text"),
        rule: z.enum(RULES),
        facet: SnakeName.optional().describe("Facet counted or assigned by per_facet and distinct_facet"),
        category: SnakeName.describe("The integration_points key that covers this type"),
        overrides: z.boolean().optional().describe("In a layer: replaces the type of this name defined below it"),
      }),
    ),
  });

  const CapabilitiesFile = z.strictObject({ capabilities: z.record(Id, Text) });

  const UseCasesFile = z.strictObject({
    use_cases: z.record(
      Id,
      z.strictObject({
        name: Text,
        aliases: z.array(Id).optional(),
        needs: z.array(CapabilityRef).describe("Capabilities a stack for this use case must provide"),
        suggests: z.array(CapabilityRef).optional().describe("Capabilities it should provide (soft)"),
        tag_rules: z.array(TagFilter).optional().describe("Every selected plugin must have these tags (hard, a request one may give up)"),
        tag_preferences: z.array(TagFilter).optional().describe("Selected plugins should have these tags (soft: each one without costs 1 at the wishes level)"),
        overrides: z.boolean().optional().describe("In a layer: replaces the use case of this id defined below it"),
      }),
    ),
  });

  const PrecedenceFile = z.strictObject({ plugin_precedence: z.record(TypeRef, z.array(PluginRef)) });

  const ObjectivesFile = z.strictObject({ objectives: z.array(z.enum(OBJECTIVES)).length(OBJECTIVES.length) });

  const StackEntry = z.union([PluginRef, z.strictObject({ id: PluginRef, facet: Id.optional() })]);

  const StackFile = z
    .strictObject({
      name: Text.optional().describe("Only in compositions"),
      use_cases: z.array(UseCaseRef).optional(),
      plugins: z.array(StackEntry),
    })
    .describe("An mlx-solve stack file");

  /**
   * A project file (`mlx-solve.yaml`, found upward from the working directory): the catalog a
   * team's commands use, its layers, and default request options. Paths are relative to the file.
   */
  const ProjectFile = z
    .strictObject({
      catalog: Text.optional().describe("A complete catalog directory to use instead of the built-in one"),
      layers: z.array(Text).optional().describe("Partial catalog directories put over the base, in order"),
      request: z
        .strictObject({
          use_cases: z.array(UseCaseRef).optional(),
          require: z.array(PluginRef).optional(),
          exclude: z.array(PluginRef).optional(),
          prefer: z.array(PluginRef).optional(),
          avoid: z.array(PluginRef).optional(),
          only: z.array(TagFilter).optional(),
          prefer_tags: z.array(TagFilter).optional().describe("Tags to prefer where possible (soft), e.g. license=open-source"),
          integrations: z.enum(["soft", "strict"]).optional(),
        })
        .optional()
        .describe("Default request options: used where the command line gives none of its own"),
    })
    .describe("An mlx-solve project file (mlx-solve.yaml)");
  return { Id, SnakeName, PluginFile, TypesFile, CapabilitiesFile, UseCasesFile, PrecedenceFile, ObjectivesFile, StackFile, ProjectFile };
}
type Built = ReturnType<typeof build>;
let cache: Built | undefined;
const built = (): Built => (cache ??= build());

/**
 * A stand-in for `built()[name]`: every operation on it is done on the schema itself (which it
 * builds on first use), so it passes wherever the schema does.
 */
function lazy<K extends keyof Built>(name: K): Built[K] {
  const real = () => built()[name] as object;
  return new Proxy({} as object, {
    get: (_, k) => Reflect.get(real(), k, real()),
    has: (_, k) => Reflect.has(real(), k),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, k) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), k);
      return d ? { ...d, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    set: (_, k, v) => Reflect.set(real(), k, v),
  }) as Built[K];
}

export const Id = lazy("Id");
export const SnakeName = lazy("SnakeName");
export const PluginFile = lazy("PluginFile");
export const TypesFile = lazy("TypesFile");
export const CapabilitiesFile = lazy("CapabilitiesFile");
export const UseCasesFile = lazy("UseCasesFile");
export const PrecedenceFile = lazy("PrecedenceFile");
export const ObjectivesFile = lazy("ObjectivesFile");
export const StackFile = lazy("StackFile");
export const ProjectFile = lazy("ProjectFile");
export type PluginFile = z.infer<Built["PluginFile"]>;
export type TypesFile = z.infer<Built["TypesFile"]>;
export type StackFile = z.infer<Built["StackFile"]>;
export type ProjectFile = z.infer<Built["ProjectFile"]>;

/** Every schema by the name of its generated JSON Schema file. */
export const SCHEMAS = {
  plugin: PluginFile,
  stack: StackFile,
  types: TypesFile,
  capabilities: CapabilitiesFile,
  "use-cases": UseCasesFile,
  precedence: PrecedenceFile,
  objectives: ObjectivesFile,
  project: ProjectFile,
} as const;
export type SchemaName = keyof typeof SCHEMAS;

const BUILT_NAME = { plugin: "PluginFile", stack: "StackFile", types: "TypesFile", capabilities: "CapabilitiesFile", "use-cases": "UseCasesFile", precedence: "PrecedenceFile", objectives: "ObjectivesFile", project: "ProjectFile" } as const satisfies Record<SchemaName, keyof Built>;

/**
 * The JSON Schema (draft 2020-12) of a file kind, generated from the zod schema that validates it
 * (the files in schema/ are these, for editors, with the built-in catalog's names). With
 * `catalog`, the names of its plugins, use cases, types, capabilities and categories are offered
 * as `examples` where a file names one, so an editor completes them (a team's layers included
 * when the catalog has them); what the schema accepts is the same.
 *
 * @example
 * const s = jsonSchemaOf("stack") as { $id: string };
 * console.log(s.$id); // https://mlx-solve.dev/schema/stack.schema.json
 */
export function jsonSchemaOf(name: SchemaName, catalog?: Named): object {
  if (typeof name !== "string" || !Object.hasOwn(BUILT_NAME, name)) {
    const names = Object.keys(BUILT_NAME);
    throw new InputError([diag({ file: "name", line: 0, column: 0 }, "unknown-schema", `unknown schema "${String(name)}"; expected one of: ${names.join(", ")}${typeof name === "string" ? didYouMean(name, names) : ""}`)]);
  }
  if (catalog !== undefined && (typeof catalog !== "object" || catalog === null || !(catalog.plugins instanceof Map) || !(catalog.useCases instanceof Map)))
    throw new InputError([diag({ file: "catalog", line: 0, column: 0 }, "bad-catalog", "jsonSchemaOf's catalog (for its names) is what loadCatalog gives, or nothing")]);
  const schemas = catalog === undefined ? built() : build(namesOf(catalog));
  const js = z.toJSONSchema(schemas[BUILT_NAME[name]], { target: "draft-2020-12" }) as Record<string, unknown>;
  return { $id: `https://mlx-solve.dev/schema/${name}.schema.json`, title: `mlx-solve ${name} file`, ...js };
}

/** A catalog's names, sorted, as the schemas offer them. */
function namesOf(c: Named): KnownNames {
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  return {
    plugins: sorted(c.plugins.keys()),
    useCases: sorted(c.useCases.keys()),
    types: sorted(c.types.keys()),
    capabilities: sorted(c.capabilities.keys()),
    categories: sorted(c.categories.keys()),
  };
}
