/** The configurator's state: the URL that restores it, the request it stands for, the command line. */
import { describe, expect, it } from "vitest";
import { list, loadCatalog } from "../src/index.js";
import { commandArgs, commandLine, emptyState, requestOf, shellWord, stateFromHash, stateToHash, useCaseResolver, type UiState } from "../src/ui/state.js";

const catalog = loadCatalog();
const useCases = list(catalog, "use-cases").items as { id: string; name: string; aliases: string[] }[];
const tagSets = { license: new Set<string>(), hosting: new Set<string>(), clouds: new Set<string>() };
for (const p of catalog.plugins.values()) {
  tagSets.license.add(p.tags.license);
  p.tags.hosting.forEach((v) => tagSets.hosting.add(v));
  p.tags.clouds.forEach((v) => tagSets.clouds.add(v));
}
const known = { plugins: new Set(catalog.plugins.keys()), useCase: useCaseResolver(useCases), tags: tagSets };

const rich: UiState = {
  useCases: ["end-to-end-ml-pipelines", "rag-applications"],
  choices: { "databricks-plugin": "require", "pinecone-plugin": "exclude", "mlflow-plugin": "prefer", "wandb-plugin": "avoid" },
  only: { license: "open-source", clouds: "aws" },
  preferTags: { hosting: "self-hosted" },
  integrations: "strict",
  seconds: 200,
  why: "airflow-plugin",
};

describe("the configurator's state", () => {
  it("the URL restores the state exactly", () => {
    const hash = stateToHash(rich);
    expect(stateFromHash(`#${hash}`, known)).toEqual({ state: rich, ignored: [], changed: [] });
    expect(stateToHash(emptyState())).toBe("");
  });

  it("uses the CLI's option names and a fixed order (the same state, the same link)", () => {
    expect(stateToHash(rich)).toBe(
      "use-case=end-to-end-ml-pipelines&use-case=rag-applications&require=databricks-plugin&exclude=pinecone-plugin&prefer=mlflow-plugin&avoid=wandb-plugin&only=license%3Dopen-source&only=clouds%3Daws&prefer-tag=hosting%3Dself-hosted&integrations=strict&timeout=200&why=airflow-plugin",
    );
  });

  it("a longer limit is a positive number of seconds; any other is left out and said", () => {
    expect(stateFromHash("#timeout=2.5", known).state.seconds).toBe(2.5);
    // Every limit the page writes is read back, those String() writes with an exponent too.
    for (const n of [1e-7, 0.05, 2.5, 200, 1e21, 1e23]) expect(stateFromHash(`#${stateToHash({ ...emptyState(), seconds: n })}`, known).state.seconds, String(n)).toBe(n);
    for (const bad of ["0", "-1", "abc", "1e400", "Infinity", ""]) expect(stateFromHash(`#timeout=${bad}`, known), bad).toMatchObject({ state: emptyState(), ignored: [], changed: [`The limit timeout=${bad} is left out: it is a positive number of seconds of work`] });
  });

  it("a use case by name or alias, as on the command line; unknown names are left out and said", () => {
    const { state, ignored } = stateFromHash("#use-case=rag&use-case=End-to-end%20ML%20pipelines&require=zzzzz-plugin&only=license%3Dfree&colour=red", known);
    expect(state.useCases).toEqual(["end-to-end-ml-pipelines", "rag-applications"]);
    expect(state.choices).toEqual({});
    expect(ignored).toEqual([`plugin "zzzzz-plugin"`, `filter "license=free"`, `"colour"`]);
  });

  it("a name a link gets wrong is left out with the nearest known one, where one is close", () => {
    const { state, ignored } = stateFromHash("#use-case=rag-aplications&require=airflw-plugin&avoid=pinecone&only=licence%3Dopen-source&integrations=stric&requires=mlflow-plugin", { ...known, useCaseNames: useCases.flatMap((u) => [u.id, u.name, ...u.aliases]) });
    expect(state).toEqual(emptyState());
    expect(ignored).toEqual([
      'use case "rag-aplications" (did you mean "rag-applications"?)',
      'plugin "airflw-plugin" (did you mean "airflow-plugin"?)',
      'plugin "pinecone" (did you mean "pinecone-plugin"?)',
      'filter "licence=open-source" (did you mean "license=open-source"?)',
      'integrations "stric" (did you mean "strict"?)',
      '"requires" (did you mean "require"?)',
    ]);
  });

  it("is the request the command line gives, and prints that command line", () => {
    expect(requestOf(rich)).toMatchObject({
      useCases: ["end-to-end-ml-pipelines", "rag-applications"],
      require: ["databricks-plugin"],
      exclude: ["pinecone-plugin"],
      prefer: ["mlflow-plugin"],
      avoid: ["wandb-plugin"],
      only: ["license=open-source", "clouds=aws"],
      preferTags: ["hosting=self-hosted"],
      integrations: "strict",
      origins: { require: "option --require", preferTags: "option --prefer-tag" },
    });
    expect(commandLine(rich)).toBe(
      "npx mlx-solve recommend --use-case end-to-end-ml-pipelines --use-case rag-applications --require databricks-plugin --exclude pinecone-plugin --prefer mlflow-plugin --avoid wandb-plugin --only license=open-source --only clouds=aws --prefer-tag hosting=self-hosted --integrations strict",
    );
    expect(commandArgs(emptyState(), { catalog: "my catalog", layers: ["team"] })).toEqual(["recommend", "--catalog", "my catalog", "--layer", "team"]);
    // The limit that stopped the page's search, so that the command stops at the same point.
    expect(commandArgs(emptyState(), undefined, 2.5)).toEqual(["recommend", "--timeout", "2.5"]);
    expect(shellWord("my catalog")).toBe("'my catalog'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});

describe("the worker's busy clock", () => {
  it("quick answers to a stream of clicks never count as stuck; one request over the limit does, once", async () => {
    const { BusyClock } = await import("../src/ui/state.js");
    // Clicks every 100 ms for 3 s, each answered 150 ms after it was sent: the worker is always
    // behind by a click or two, never stuck. The clock ran from the first unanswered click and was
    // never reset by a restart: every click after the first second restarted the worker.
    const c = new BusyClock(1000);
    const restarts: number[] = [];
    const events: [number, "send" | "answer", number][] = [];
    for (let i = 0; i < 30; i++) events.push([i * 100, "send", i], [i * 100 + 150, "answer", i]);
    events.sort((a, b) => a[0] - b[0] || (a[1] === "answer" ? -1 : 1));
    for (const [t, what, seq] of events) {
      if (what === "send" && c.sent(seq, t)) restarts.push(t);
      if (what === "answer") c.answered(seq, t);
    }
    expect(restarts).toEqual([]);
    // A request no answer follows for over the limit: the next click restarts, and the clock starts again.
    const d = new BusyClock(1000);
    expect(d.sent(1, 0)).toBe(false);
    expect(d.sent(2, 500)).toBe(false);
    expect(d.sent(3, 1200)).toBe(true);
    expect(d.sent(4, 1300)).toBe(false);
    d.answered(4, 1400);
    expect(d.sent(5, 5000)).toBe(false);
  });
});
