/**
 * The configurator's page: draws the catalog's choices, keeps the state in the URL, sends each
 * request to the solver worker and shows its answers. It computes nothing itself: the decisions,
 * the best stack, the conflict, the repairs and every explanation are the core's result data,
 * computed in the worker (worker.ts), exactly as the CLI computes them.
 */
import type { Conflict, CostEntry, Decision, Difference, PropagateResult, PropagationWhy, RecommendResult, StackGraph, WhyResult } from "../core/index.js";
import { conflictHeading, differenceWords, DIFFERENCES_SHOWN, giveUpWords, OUTSIDE_ROLE_HEADING, outsideRoleWords, tieBreakWords, typeWords } from "../core/common/words.js";
import { draw, finishedLayout, layout, layoutJob } from "./graph.js";
import type { CatalogView, FromWorker, ToWorker } from "./protocol.js";
import { viewFromList } from "./view.js";
import { BusyClock, CHOICES, commandLine, emptyState, hashOfRequest, requestOf, stateFromHash, stateToHash, TAG_KEYS, useCaseResolver, type CatalogSource, type Choice, type TagKey, type UiState } from "./state.js";

// ------------------------------------------------------------------------------------------------
// Small DOM helpers
// ------------------------------------------------------------------------------------------------

type Child = Node | string | null | undefined | false;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "text") e.textContent = String(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const setStatus = (text: string) => ($("status").textContent = text);

/**
 * Disables (or enables) buttons. A disabled button loses the focus to the page's body, where the
 * place a keyboard user was is lost: one that has it hands it to the answer region first.
 */
function setDisabled(buttons: Iterable<HTMLButtonElement>, disabled = true): void {
  for (const b of buttons) {
    if (disabled && b === document.activeElement) $("result").focus();
    b.disabled = disabled;
  }
}

function notice(text: string | undefined): void {
  const n = $("notice");
  n.hidden = !text;
  n.textContent = text ?? "";
}

/** The page cannot answer: says why, and the status stops saying it is solving. */
function failed(text: string): void {
  notice(text);
  document.body.dataset["status"] = "error";
  setStatus("Error: see the message above.");
  if (state.why) requestWhy(state.why); // an open "why?" says it too
}

// ------------------------------------------------------------------------------------------------
// The solver worker
// ------------------------------------------------------------------------------------------------

/**
 * The worker, restarted when a new request arrives while it has been busy for over a second
 * (a long search on a large catalog): the newest click wins and the page never waits for an old one.
 */
class Solver {
  private worker!: Worker;
  private busy = new BusyClock();
  private catalogText: string | undefined;
  /** Requests made before the catalog arrived: sent after it. */
  private waiting: ToWorker[] = [];
  /** The worker failed (or never loaded): the next request starts another, which says so again if it fails too. */
  private lost = false;
  constructor(private readonly onMessage: (m: FromWorker) => void) {
    this.spawn();
  }
  /** The catalog, as the server sent it (the worker starts loading before it arrives). */
  setCatalog(text: string): void {
    this.catalogText = text;
    this.post({ kind: "init", catalogText: text });
    for (const m of this.waiting.splice(0)) this.post(m);
  }
  private spawn(): void {
    this.worker = new Worker("worker.js");
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if ((m.kind === "best" || m.kind === "explanation" || m.kind === "error") && m.seq !== undefined) this.busy.answered(m.seq, performance.now());
      this.onMessage(m);
    };
    // A script that could not be loaded (the server gone, at a restart) fires an error with no
    // message: it said "The solver stopped: undefined", under "Solving…" for good.
    this.worker.onerror = (e) => {
      this.lost = true;
      console.error(`solver worker: ${e.message || "worker.js could not be loaded"}`);
      failed(e.message ? `The solver stopped: ${e.message}. Reload the page.` : "mlx-solve ui is no longer running (or the page could not load its solver): restart it and reload the page.");
    };
    if (this.catalogText !== undefined) this.post({ kind: "init", catalogText: this.catalogText });
  }
  private post(m: ToWorker): void {
    if (this.catalogText === undefined && m.kind !== "init") this.waiting.push(m);
    else this.worker.postMessage(m);
  }
  send(m: Extract<ToWorker, { seq: number }>): void {
    if (this.busy.sent(m.seq, performance.now()) || this.lost) {
      this.lost = false;
      this.worker.terminate();
      this.spawn();
    }
    this.post(m);
  }
}

// ------------------------------------------------------------------------------------------------
// State
// ------------------------------------------------------------------------------------------------

let view: CatalogView;
let source: CatalogSource = { catalog: null, layers: [] };
let state: UiState = emptyState();
let solver: Solver;
let seq = 0;
/** Seconds of counted work a click's search may take (the server's `--timeout`, from meta.json). */
let limit = 0;
/** The limit that stopped the search of the answer shown, if one did (the command line repeats it). */
let stoppedAt: number | undefined;
/** The solve whose answers are shown (older answers are ignored), and its limit. */
let current = { seq: -1, hash: "", start: 0, seconds: limit };
let lastPropagation: PropagateResult | undefined;
let lastBest: RecommendResult | undefined;
let explainSeq = -1;
let firstAnswer = true;

/** The project file the server's catalog options came from (as shown), and its default request as a link's fragment. */
let project: string | undefined;
let projectRequest: string | undefined;

const pluginName = new Map<string, string>();
const useCaseName = new Map<string, string>();

function known() {
  return {
    plugins: new Set(view.plugins.map((p) => p.id)),
    useCase: useCaseResolver(view.useCases),
    useCaseNames: view.useCases.flatMap((u) => [u.id, u.name, ...u.aliases]),
    tags: { license: new Set(view.tags.license), hosting: new Set(view.tags.hosting), clouds: new Set(view.tags.clouds) } as Record<TagKey, ReadonlySet<string>>,
  };
}

/**
 * The state changed by a click: to the solver, then into the URL. In that order because Chromium
 * takes 4–40 ms to replace the URL (measured in the page): the worker solves meanwhile. The
 * click's time (`click-N`, `propagation-N`) counts from here.
 */
function commit(control = ""): void {
  notice(undefined); // a link's notice is about the link; the user has moved on
  state.seconds = undefined; // a longer search was for the request before
  solve();
  // A history entry per change of the request, so that the browser's Back (and the Undo button)
  // returns to the request before it; each entry counts the page's own changes behind it.
  // (A URL ending in "#" has an empty location.hash: compared without the "#".)
  // Quick changes of one control are one entry: the arrow keys walk a plugin's choices (or a
  // closed select's values) one change at a time, and Undo landed on a value passed through.
  const hash = stateToHash(state);
  const now = performance.now();
  // Only a walk by the keys: a change made by a click (or a pick from an open list) is a choice
  // of its own, however soon it follows the one before (two clicks on one plugin were one entry).
  const walked = now - walkKeyAt < WALK_MS;
  const again = walked && control !== "" && control === lastChange.control && now - lastChange.at < MERGE_MS && undoDepth() > 0;
  lastChange = { control: walked ? control : "", at: now };
  if (hash !== location.hash.replace(/^#/, "")) {
    const entry = history.state as { undo?: number; before?: string } | null;
    if (again && hash === entry?.before) {
      // The walk ended where it started: its entry would equal the one behind it (an Undo that
      // changes nothing). Back there instead; Forward then holds that same request once.
      history.replaceState(entry, "", `#${hash}`);
      history.back();
    } else if (again) history.replaceState(entry, "", `#${hash}`);
    else history.pushState({ undo: undoDepth() + 1, before: location.hash.replace(/^#/, "") }, "", `#${hash}`);
  }
  syncUndo();
}

/** The control of the last change made by the keys (a radio group's name, a select's id) and when: see `commit`. */
let lastChange = { control: "", at: 0 };
const MERGE_MS = 1000;
/** How long Undo waits for Back to arrive before it takes the history as ended there. */
const UNDO_WAIT_MS = 1000;
/** When a key that walks a radio group or a closed select was last pressed: the change it makes follows at once. */
let walkKeyAt = -Infinity;
const WALK_MS = 100;
const WALK_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

/** How many of the page's own changes of the request lie behind the current history entry. */
const undoDepth = (): number => (history.state as { undo?: number } | null)?.undo ?? 0;

/** Undo is offered while Back would return to a request this page made. */
function syncUndo(): void {
  // Pressed (Enter) until nothing is left, it keeps no focus (see setDisabled).
  setDisabled([$<HTMLButtonElement>("undo")], undoDepth() === 0);
}

/** The request part of the state as it stands in the URL (the open explanation aside). */
const requestHash = () => stateToHash({ ...state, why: undefined });

/** Solves the state's request, within the state's longer limit (the "search longer" button) or the page's. */
function solve(): void {
  const seconds = state.seconds ?? limit;
  clearTimeout(pendingLayout); // the picture of the stack being left (see drawGraph)
  const s = ++seq;
  current = { seq: s, hash: requestHash(), start: performance.now(), seconds };
  stoppedAt = undefined;
  performance.mark(`solve-${s}`);
  document.body.dataset["status"] = "solving";
  // The answer shown is the request before: dimmed, busy, and not to be exported as this one's.
  const answer = $("answer");
  if (answer.childElementCount) {
    answer.dataset["stale"] = "true";
    // Its buttons (search longer, a repair) are about the request before: not for this one.
    setDisabled(answer.querySelectorAll("button"));
    answer.setAttribute("aria-busy", "true");
  }
  // Nor is its stack file (Back or Forward with the focus on one of these took it to the body).
  setDisabled(["download-yaml", "copy-yaml"].map((id) => $<HTMLButtonElement>(id)));
  // An open "why?" is about the request before: an answer to it still on its way is dropped, and
  // the panel waits for the new one (asked again once the new stack is in). It showed the old
  // request's explanation, undimmed and marked ready, while the new click was solved.
  explainSeq = -1;
  if (state.why) requestWhy(state.why); // while solving: it says it is working, and asks nothing yet
  setStatus(seconds === limit ? "Solving…" : `Searching for up to ${seconds} s of work…`);
  solver.send({ kind: "solve", seq: s, request: requestOf(state), seconds });
  updateExport();
}

// ------------------------------------------------------------------------------------------------
// The controls
// ------------------------------------------------------------------------------------------------

/** A type's name as a heading: "ML platform", "LLM provider" (CSS's capitalize wrote "Ml Platform"). */
const ACRONYMS = new Set(["ml", "llm", "ai", "api", "sql", "etl"]);
function typeHeading(name: string): string {
  const words = name.split("_").map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  return words.join(" ").replace(/^./, (c) => c.toUpperCase());
}

function buildControls(): void {
  for (const p of view.plugins) pluginName.set(p.id, p.name);
  for (const u of view.useCases) useCaseName.set(u.id, u.name);
  const layers = source.layers.length ? ` with the layer${source.layers.length > 1 ? "s" : ""} ${source.layers.join(", ")}` : "";
  $("catalog-info").textContent = `${view.plugins.length} plugins in ${view.types.length} types, ${view.useCases.length} use cases — ${source.catalog ? `catalog ${source.catalog}` : "the built-in catalog"}${layers}${project ? ` (from ${project})` : ""}`;

  // Use cases: a checkbox each; the search box filters by id, name or alias.
  const ucList = $("use-cases");
  for (const u of view.useCases) {
    const id = `uc-${u.id}`;
    ucList.append(
      // What it needs describes its checkbox: a screen reader says it with the use case.
      h("div", { class: "uc", "data-id": u.id, "data-search": [u.id, u.name, ...u.aliases].join(" ").toLowerCase() }, h("input", { type: "checkbox", id, value: u.id, autocomplete: "off", "aria-describedby": `${id}-needs` }), h("label", { for: id }, u.name, h("span", { class: "aliases", text: u.aliases.length ? ` (${u.aliases.join(", ")})` : "" })), h("p", { class: "uc-needs muted", id: `${id}-needs`, text: `needs ${u.needs.join(", ")}` })),
    );
  }
  ucList.addEventListener("change", (e) => {
    const t = e.target as HTMLInputElement;
    const set = new Set(state.useCases);
    if (t.checked) set.add(t.value);
    else set.delete(t.value);
    state.useCases = [...set].sort();
    commit();
  });
  const search = $<HTMLInputElement>("uc-search");
  search.addEventListener("input", () => {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    for (const row of ucList.querySelectorAll<HTMLElement>(".uc")) shown += Number(!(row.hidden = q !== "" && !row.dataset["search"]!.includes(q)));
    // Said as the plugin filter says it (a live region whose text is set each time): a search
    // matching nothing said nothing.
    $("uc-none").textContent = shown ? "" : `No use case matches “${search.value.trim()}”: try a name or an alias.`;
  });
  // Enter picks the first use case the search shows; with nothing typed, none (it checked the first of all).
  search.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (!search.value.trim()) return;
    const first = [...ucList.querySelectorAll<HTMLElement>(".uc")].find((r) => !r.hidden);
    const box = first?.querySelector("input");
    if (box && !box.checked) box.click();
  });

  // Tag filters (--only) and preferred tags (--prefer-tag): one value (or none) per key.
  const tagSelects = (container: string, prefix: string, none: string, held: () => Partial<Record<TagKey, string>>) => {
    for (const k of TAG_KEYS) {
      const id = `${prefix}-${k}`;
      // "no filter", not "any": clouds has a value "any" of its own (plugins that run on any cloud).
      // Named with its section's heading ("Only plugins with license"): both sections' selects were "license".
      const sel = h("select", { id, "data-key": k, autocomplete: "off", "aria-labelledby": `${container}-title ${id}-label` }, h("option", { value: "", text: none }), ...view.tags[k].map((v) => h("option", { value: v, text: v })));
      sel.addEventListener("change", () => {
        if (sel.value) held()[k] = sel.value;
        else delete held()[k];
        commit(id);
      });
      $(container).append(h("div", { class: "tag" }, h("label", { for: id, id: `${id}-label`, text: k }), sel));
    }
  };
  tagSelects("tags", "tag", "no filter", () => state.only);
  tagSelects("prefer-tags", "prefer-tag", "no preference", () => state.preferTags);

  $("integrations").addEventListener("change", (e) => {
    state.integrations = (e.target as HTMLInputElement).value === "strict" ? "strict" : "soft";
    commit("integrations");
  });
  // Back to the request before the last change (the browser's Back does the same).
  $("undo").addEventListener("click", () => {
    lastChange.control = ""; // popstate comes later: a change made meanwhile is an entry of its own
    if (undoDepth() === 0) return;
    const at = history.state as { undo: number };
    let moved = false;
    const onMove = () => (moved = true);
    window.addEventListener("popstate", onMove, { once: true });
    history.back();
    // A browser keeps a bounded history (Chromium: 50 entries) and drops the oldest: behind the
    // oldest one kept there is nothing, Back does nothing, and Undo stayed enabled for good.
    setTimeout(() => {
      window.removeEventListener("popstate", onMove);
      if (moved || history.state !== at) return;
      history.replaceState({ ...at, undo: 0 }, "");
      syncUndo();
    }, UNDO_WAIT_MS);
  });
  document.addEventListener("keydown", (e) => {
    if (WALK_KEYS.has(e.key)) walkKeyAt = performance.now();
  }, true);
  // Every move through the history (Back, Forward, a typed fragment) fires popstate, those
  // between entries of one URL no hashchange: the button follows there.
  window.addEventListener("popstate", () => {
    lastChange.control = ""; // a change after a move through the history is an entry of its own
    syncUndo();
  });
  $("reset").addEventListener("click", () => {
    state = emptyState();
    syncControls();
    commit();
  });

  // Types, each with its plugins (a plugin that fills a second type is listed there too, as a link).
  const types = $("types");
  for (const t of view.types) {
    const members = view.plugins.filter((p) => p.types[0] === t.name);
    const also = view.plugins.filter((p) => p.types.slice(1).includes(t.name));
    if (!members.length && !also.length) continue;
    const sec = h(
      "section",
      { class: "type", id: `type-${t.name}`, "aria-labelledby": `type-title-${t.name}` },
      h("h3", { id: `type-title-${t.name}` }, typeHeading(t.name), h("span", { class: "rule muted", text: ` — ${ruleText(t)}` })),
    );
    for (const p of members) sec.append(pluginRow(p));
    for (const p of also) sec.append(h("p", { class: "also muted" }, "Also fills this type: ", h("a", { href: `#plugin-${p.id}`, "data-jump": p.id, text: p.name }), ` (${p.id}, chosen under ${typeWords(p.types[0]!)})`));
    types.append(sec);
  }
  types.addEventListener("change", (e) => {
    const t = e.target as HTMLInputElement;
    if (t.type !== "radio") return;
    const id = t.dataset["plugin"]!;
    if (t.value === "free") delete state.choices[id];
    else state.choices[id] = t.value as Exclude<Choice, "free">;
    t.closest<HTMLElement>(".plugin")!.dataset["choice"] = t.value;
    commit(t.name);
  });
  types.addEventListener("click", (e) => {
    const btn = (e.target as HTMLElement).closest<HTMLButtonElement>("button.why");
    if (btn) toggleWhy(btn.dataset["plugin"]!);
  });
  // Links within the page (a plugin's row from the stack's table or "also fills", the skip link):
  // the URL's fragment holds the state, so they scroll and focus instead of changing it.
  document.addEventListener("click", (e) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[data-jump], a.skip");
    if (!a) return;
    e.preventDefault();
    if (a.dataset["jump"]) goToPlace($(`plugin-${a.dataset["jump"]}`));
    else $("result").focus();
  });
  const filter = $<HTMLInputElement>("plugin-filter");
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    for (const row of types.querySelectorAll<HTMLElement>(".plugin")) row.hidden = q !== "" && !row.dataset["search"]!.includes(q);
    for (const sec of types.querySelectorAll<HTMLElement>("section.type")) sec.hidden = q !== "" && !sec.querySelector(".plugin:not([hidden])");
    // Said as the use-case search says it: its text set each time in a live region that stays in
    // the page (one shown from hidden with the same text each time was not reliably announced).
    $("filter-none").textContent = q === "" || types.querySelector(".plugin:not([hidden])") ? "" : `No plugin matches “${filter.value.trim()}”: try a name, an id or a capability.`;
  });

  // "Search ten times longer", under an answer or in a "why?" the limit stopped: the same
  // request, a longer limit (an open "why?" is asked again with it).
  document.addEventListener("click", (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>("button.longer");
    if (!b || b.disabled) return;
    // Pressed once: pressed again, it would restart the search it started. The answer region
    // (or the plugin's "why?") keeps the focus while the button is replaced.
    b.disabled = true;
    (b.closest(".plugin")?.querySelector<HTMLElement>("button.why") ?? $("result")).focus();
    // The longer limit is part of the state: the URL (so a link, a reload, Back and Forward) keeps it.
    state.seconds = Number(b.dataset["seconds"]);
    history.replaceState(history.state, "", `#${stateToHash(state)}`);
    solve();
  });
  for (const id of ["copy-yaml", "copy-cli", "copy-link"]) $(id).addEventListener("click", () => copy(id));
  $("download-yaml").addEventListener("click", download);
  window.addEventListener("hashchange", () => {
    if (location.hash.replace(/^#/, "") === stateToHash(state)) return;
    // A fragment that names an element of the page (typed, or a link opened some other way) is a
    // place to go to, not a state: the state's own fragment goes back.
    const target = placeOf(location.hash);
    if (target) {
      history.replaceState(history.state, "", `#${stateToHash(state)}`);
      goToPlace(target);
      return;
    }
    const before = requestHash();
    loadStateFromUrl();
    if (requestHash() !== before) solve();
    else if (state.why && document.body.dataset["status"] === "ready") requestWhy(state.why);
  });
}

/** A type's rule in words (the catalog's `rule`, as the solver reads it). */
function ruleText(t: CatalogView["types"][number]): string {
  switch (t.rule) {
    case "single":
      return "at most one";
    case "per_facet":
      return `at most one for each ${t.facet ?? "facet"}`;
    case "distinct_facet":
      return `several, each with a different ${t.facet ?? "facet"}`;
    case "per_use_case":
      // Not "one for each use case", which read as one required per use case.
      return "at most one for each requested use case (at most one when none is requested)";
    case "unbounded":
      return "any number";
    default:
      return t.rule;
  }
}

function pluginRow(p: CatalogView["plugins"][number]): HTMLElement {
  // The group is described by the plugin's decision badge: tabbing in says "ruled out" with the choice.
  const choices = h("div", { class: "choices", role: "radiogroup", "aria-label": `Your choice for ${p.name}`, "aria-describedby": `badge-${p.id}` });
  for (const c of CHOICES) {
    const id = `c-${c}-${p.id}`;
    choices.append(h("input", { type: "radio", name: `c-${p.id}`, id, value: c, "data-plugin": p.id, checked: c === "free", autocomplete: "off" }), h("label", { for: id, class: `choice-${c}`, text: c }));
  }
  const search = [p.id, p.name, ...p.capabilities, p.license].join(" ").toLowerCase();
  return h(
    "div",
    { class: "plugin", id: `plugin-${p.id}`, "data-id": p.id, "data-decision": "free", "data-choice": "free", "data-search": search },
    h(
      "div",
      { class: "plugin-main" },
      h("span", { class: "badge free", id: `badge-${p.id}`, "data-role": "badge", text: "free" }),
      h("span", { class: "names" }, h("span", { class: "name", title: p.summary, text: p.name }), " ", h("code", { class: "id", text: p.id }), " ", h("span", { class: "badge best", "data-role": "best", text: "in best", hidden: true })),
    ),
    h("div", { class: "actions" }, choices, h("button", { type: "button", class: "why", "data-plugin": p.id, "aria-expanded": "false", "aria-controls": `why-${p.id}`, "aria-label": `why? ${p.name}: what it is and why it is decided so`, text: "why?" })),
    h("div", { class: "why-panel", id: `why-${p.id}`, hidden: true, "aria-live": "polite" }),
  );
}

/** Puts the controls in line with `state` (after a link was opened, a reset or a repair). */
function syncControls(): void {
  for (const box of $("use-cases").querySelectorAll<HTMLInputElement>("input[type=checkbox]")) box.checked = state.useCases.includes(box.value);
  for (const k of TAG_KEYS) $<HTMLSelectElement>(`tag-${k}`).value = state.only[k] ?? "";
  for (const k of TAG_KEYS) $<HTMLSelectElement>(`prefer-tag-${k}`).value = state.preferTags[k] ?? "";
  for (const r of $("integrations").querySelectorAll<HTMLInputElement>("input")) r.checked = r.value === state.integrations;
  for (const row of $("types").querySelectorAll<HTMLElement>(".plugin")) {
    const id = row.dataset["id"]!;
    const c = state.choices[id] ?? "free";
    row.dataset["choice"] = c;
    const radio = row.querySelector<HTMLInputElement>(`input[value="${c}"]`);
    if (radio) radio.checked = true;
  }
  for (const row of $("types").querySelectorAll<HTMLElement>(".plugin")) setWhyOpen(row.dataset["id"]!, row.dataset["id"] === state.why);
}

/** The element a fragment names, when it names one ("#result", "#plugin-airflow-plugin") rather than a state. */
function placeOf(hash: string): HTMLElement | undefined {
  const id = /^#([A-Za-z][\w-]*)$/.exec(hash)?.[1];
  return (id && document.getElementById(id)) || undefined;
}

/** Scrolls to a place of the page and focuses it; a plugin's row shown (a filter may hide it), its chosen control focused. */
function goToPlace(target: HTMLElement): void {
  const row = target.classList.contains("plugin");
  if (row) {
    target.hidden = false;
    target.closest<HTMLElement>("section.type")!.hidden = false;
  }
  target.scrollIntoView({ block: "center" });
  const control = row ? target.querySelector<HTMLInputElement>("input:checked") : target;
  if (control && (control.tabIndex >= 0 || control.id === "result")) control.focus();
}

function loadStateFromUrl(opening = false): void {
  // A page opened without a state of its own starts from the project file's default request; an
  // empty fragment reached later (Back to a reset request) is the empty request. A page opened
  // at a place of its own (a link to "#result" opened in a new tab) has no state of its own
  // either: it read the place as a state, and said the catalog had no "result".
  const place = opening ? placeOf(location.hash) : undefined;
  // A URL ending in "#" (an empty location.hash too) is the empty request, as the link after a reset says it.
  const fromProject = opening && (place || (location.hash === "" && !location.href.endsWith("#"))) && projectRequest !== undefined && projectRequest !== "";
  const { state: s, ignored, changed } = stateFromHash(fromProject ? projectRequest! : place ? "" : location.hash, known());
  state = s;
  const said = [
    ...(fromProject ? [`Opened with the default request of ${project}.`] : []),
    ...(ignored.length ? [`This link names what this catalog does not have; left out: ${ignored.join(", ")}.`] : []),
    ...changed.map((c) => `${c}.`),
  ];
  notice(said.length ? said.join("\n") : undefined);
  // The URL in its normal form (ids, fixed order), so that a copied link is the same link.
  history.replaceState(history.state, "", `#${stateToHash(state)}`);
  syncControls();
  if (place) goToPlace(place);
}

// ------------------------------------------------------------------------------------------------
// Answers
// ------------------------------------------------------------------------------------------------

const DECISION_TEXT: Record<Decision, string> = { in: "forced in", out: "ruled out", free: "free" };

function showPropagation(r: PropagateResult, ms: number): void {
  lastPropagation = r;
  const byId = new Map(r.plugins.map((p) => [p.id, p.decision]));
  // Stopped at the limit: which plugins are forced is not known, which is not "no stack".
  const unknown = r.timed_out === true;
  // Only the rows whose decision changed are touched: rewriting every badge made the browser lay
  // out and paint every row after each click (bench/README.md, "The configurator's main thread").
  for (const row of $("types").querySelectorAll<HTMLElement>(".plugin")) {
    const d = r.ok ? (byId.get(row.dataset["id"]!) ?? "free") : undefined;
    const shown = d ?? (unknown ? "unknown" : "none");
    if (row.dataset["decision"] === shown) continue;
    row.dataset["decision"] = shown;
    const badge = row.querySelector<HTMLElement>("[data-role=badge]")!;
    badge.className = `badge ${shown}`;
    badge.textContent = d ? DECISION_TEXT[d] : unknown ? "not known" : "no stack";
  }
  performance.measure(`propagation-${current.seq}`, { start: current.start, end: performance.now() });
  const n = { in: 0, out: 0, free: 0 };
  for (const p of r.plugins) n[p.decision]++;
  const finding = current.seconds === limit ? "Finding the best stack…" : `Searching for the best stack for up to ${current.seconds} s of work…`;
  setStatus(
    r.ok
      ? `${n.in} forced in, ${n.out} ruled out, ${n.free} free (${ms} ms). ${finding}`
      : unknown
        ? `Which plugins are forced in or ruled out is not known: that step stopped at its limit (${ms} ms). ${finding}`
        : "No valid stack: finding the conflict…",
  );
}

const costText = (cost: CostEntry[]) => cost.map((c) => c.value).join("/");

/**
 * Whether the state asks for nothing: the CLI's `recommend` then asks for a request, and so does
 * the page. The core's `isEmptyRequest` on the page's state; not imported, since the core's
 * module would come with it into the page's own script (34 KB → 1 MB), where the worker has it.
 */
const asksNothing = (s: UiState) => s.useCases.length === 0 && Object.keys(s.choices).length === 0 && Object.keys(s.only).length === 0 && Object.keys(s.preferTags).length === 0;

function showBest(m: Extract<FromWorker, { kind: "best" }>): void {
  const r = m.result;
  lastBest = r;
  const answer = $("answer");
  // The answer is replaced (a click, Back): a focus inside it would fall to the page's body. It
  // goes to the same plugin's link in the new table if there is one, else to the answer region.
  const focused = answer.contains(document.activeElement) ? ((document.activeElement as HTMLElement).dataset["jump"] ?? "") : undefined;
  answer.replaceChildren();
  delete answer.dataset["stale"];
  answer.removeAttribute("aria-busy");
  const empty = asksNothing(state);
  const inBest = new Set(r.stack?.plugins.map((p) => p.id) ?? []);
  for (const row of $("types").querySelectorAll<HTMLElement>(".plugin")) {
    const held = inBest.has(row.dataset["id"]!);
    if (row.classList.contains("in-best") === held) continue;
    row.querySelector<HTMLElement>("[data-role=best]")!.hidden = !held;
    row.classList.toggle("in-best", held);
  }
  const byTime = r.timed_out && r.stopped_by !== "memory";
  if (r.timed_out) {
    // No stack proven (`no_stack`), as the badges say "no stack": with the conflict found in time
    // or not, and the repairs it found (as the CLI's noStackLines says them).
    const what = r.stack
      ? "this is the best stack found so far, not proven the best"
      : !r.no_stack
        ? "it found no stack in that time"
        : !r.conflict
          ? "no valid stack exists for these choices, but which of them cannot hold together was not found in that time"
          : `no valid stack exists for these choices (see the conflict); ${r.repairs?.length ? "the changes below were found before the limit, not proven the smallest" : "no change that gives a valid stack was found in that time"}`;
    answer.append(h("p", { class: "warn" }, `The search stopped at its time limit (${byTime ? `${current.seconds} s of work` : "the solver's memory"}): ${what}. `, byTime ? longerButton() : null));
  }
  if (empty) answer.append(h("p", { class: "prompt", text: "Choose what the stack is for: a use case, a filter, or a plugin to require, exclude, prefer or avoid. The badges already show what the catalog itself forces in or rules out." }));
  if (r.stack && !empty) {
    const table = h("table", { id: "stack" }, h("caption", { text: `${r.stack.plugins.length} plugins${r.stack.use_cases.length ? ` for ${r.stack.use_cases.map((u) => useCaseName.get(u) ?? u).join(", ")}` : ""}` }), h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "plugin" }), h("th", { scope: "col", text: "type" }), h("th", { scope: "col", text: "role" }), h("th", { scope: "col", text: "serves" }))));
    const body = h("tbody");
    for (const p of r.stack.plugins) {
      const serves = m.serves[p.id] ?? [];
      body.append(
        h(
          "tr",
          { "data-id": p.id, "data-type": p.type, "data-facet": p.facet },
          h("td", {}, h("a", { href: `#plugin-${p.id}`, "data-jump": p.id, text: p.id })),
          h("td", { text: typeWords(p.type) }),
          h("td", { class: "role", text: p.facet ?? "" }),
          h("td", { class: "serves" }, ...(serves.length ? serves.map((x) => h("div", { text: x })) : ["—"])),
        ),
      );
    }
    table.append(body);
    answer.append(table);
    // As the CLI says under its table: a need counted as met by a plugin whose role is another.
    const outside = r.outside_role ?? [];
    if (outside.length) {
      const facet = new Map(r.stack.plugins.map((p) => [p.id, p.facet]));
      answer.append(
        h("div", { id: "outside-role" }, h("p", { class: "muted", text: OUTSIDE_ROLE_HEADING }), h("ul", {}, ...outside.map((o) => h("li", { "data-capability": o.capability, "data-plugins": o.plugins.join(" "), text: outsideRoleWords(o, (id) => facet.get(id)) })))),
      );
    }
    answer.append(costList(r.cost ?? []));
    drawGraph(m.graph, m.seq);
  } else {
    $("graph").replaceChildren();
    $("graph").dataset["graph"] = "none";
    $("graph").removeAttribute("aria-busy");
  }
  if (r.conflict) answer.append(conflictBlock(r.conflict, r.more_conflicts ?? [], r.repairs ?? [], r.timed_out ? (r.stopped_by === "memory" ? "the solver ran out of memory" : "the time limit") : undefined));
  // A stack the limit stopped is the one the same command line gives with that limit.
  stoppedAt = byTime ? current.seconds : undefined;
  updateExport();
  $<HTMLTextAreaElement>("export-yaml").value = empty ? "# Choose a use case or a plugin first: nothing to export.\n" : (m.yaml ?? "# No valid stack for this request: nothing to export.\n");
  setDisabled([$<HTMLButtonElement>("download-yaml")], !m.yaml || empty);
  setDisabled([$<HTMLButtonElement>("copy-yaml")], false);
  document.body.dataset["status"] = "ready";
  document.body.dataset["solvedHash"] = current.hash;
  document.body.dataset["ok"] = String(Boolean(r.stack && r.ok));
  performance.measure(`click-${current.seq}`, { start: current.start, end: performance.now() });
  if (firstAnswer) {
    firstAnswer = false;
    performance.mark("first-answer");
  }
  const total = Math.round(performance.now() - current.start);
  // The outcome first, the timings last: a screen reader says this line after every click.
  const n = r.stack?.plugins.length ?? 0;
  const found = `${n} plugin${n === 1 ? "" : "s"}, cost ${costText(r.cost ?? [])}`;
  const times = `(${total} ms; solver ${m.ms} ms, ${r.stats.solver_calls} solver calls)`;
  setStatus(
    empty
      ? "Choose a use case or a plugin to start."
      : r.stack
        ? r.timed_out
          ? `Best stack found so far: ${found}; the search stopped at its limit of ${byTime ? `${current.seconds} s of counted work` : "the solver's memory"} ${times}.`
          : `Best stack: ${found}${r.optimal === false ? ", not proven optimal" : ""} ${times}.`
        : r.timed_out
          ? r.no_stack
            ? `No valid stack: ${r.conflict ? "see the conflict (the search stopped at its time limit)" : "the search stopped at its time limit before finding the conflict"}.`
            : "The search stopped at its time limit with no stack."
          : `No valid stack: see the conflict and the repairs (${total} ms).`,
  );
  if (focused !== undefined) (answer.querySelector<HTMLElement>(`a[data-jump="${focused}"]`) ?? $("result")).focus();
  if (state.why) requestWhy(state.why);
}

/** "Search ten times longer": the same request again, with ten times the limit of the answer shown. */
function longerButton(): HTMLButtonElement {
  const longer = Number((current.seconds * 10).toPrecision(12));
  return h("button", { type: "button", class: "longer", "data-seconds": longer, text: `Search ten times longer (${longer} s of work)` });
}

function costList(cost: CostEntry[]): HTMLElement {
  const dl = h("dl", { id: "cost", class: "cost", "aria-label": "Cost at each objective level, minimised in this order" });
  for (const c of cost) dl.append(h("div", { "data-objective": c.objective, "data-value": c.value }, h("dt", { text: c.objective }), h("dd", { text: String(c.value) })));
  return h("div", {}, h("h3", { text: "Cost at each objective level" }), dl);
}

/**
 * A conflict's requests and the rules that connect them (after `connector`: "because:" under an
 * answer, "through these rules:" in a "why?"), each with its source. No requests, no empty list.
 */
function conflictLists(c: Conflict, connector: string): HTMLElement[] {
  const item = (x: Conflict["requests"][number] | Conflict["rules"][number], cls: string, value?: string) => h("li", { class: cls, "data-kind": x.kind, "data-value": value }, x.message, h("span", { class: "src", text: `  (${x.source})` }));
  return [
    ...(c.requests.length ? [h("ul", {}, ...c.requests.map((q) => item(q, "request", q.value)))] : []),
    ...(c.rules.length ? [h("p", { text: connector }), h("ul", {}, ...c.rules.map((x) => item(x, "rule")))] : []),
  ];
}

/**
 * `more`: the further conflicts (`more_conflicts`), one for each request a repair gives up that
 * the first does not name: without them a repair gave up a request nothing above explained.
 * `stoppedAt`: what stopped the search for repairs (they are then the ones found before it).
 */
function conflictBlock(c: Conflict, more: Conflict[], repairs: NonNullable<RecommendResult["repairs"]>, stoppedAt: string | undefined): HTMLElement {
  // Each said as the CLI says it ("These requests cannot hold together", "Also, this request
  // cannot be met", and one naming no request is the catalog's own), of choices.
  const box = h("div", { id: "conflict", class: "conflict" }, h("h3", { text: "No valid stack exists for these choices" }), h("p", { text: conflictHeading(c.requests.length, "choice") }), ...conflictLists(c, "because:"));
  for (const m of more) box.append(h("div", { class: "more-conflict" }, h("p", { text: conflictHeading(m.requests.length, "choice", true) }), ...conflictLists(m, "because:")));
  if (repairs.length) {
    // As the CLI's repairsText: changes found before the limit are not proven the smallest.
    box.append(h("h3", { text: stoppedAt ? `Changes found before ${stoppedAt} (not proven the smallest)` : "The smallest changes, best first" }));
    const ol = h("ol", { class: "repairs" });
    for (const r of repairs) {
      const label = r.give_up.map(giveUpWords).join(" and ");
      const text = label.charAt(0).toUpperCase() + label.slice(1);
      // A need or a rule of a use case is the use case's own: the page can give up only what you
      // chose (a choice, a filter, a whole use case), so such a repair is said, not offered.
      const applicable = r.give_up.every((g) => g.kind === "require" || g.kind === "exclude" || g.kind === "only");
      ol.append(
        h(
          "li",
          {},
          applicable ? h("button", { type: "button", class: "repair", "data-give-up": JSON.stringify(r.give_up), text }) : h("span", { class: "repair-text", "data-give-up": JSON.stringify(r.give_up), text }),
          h("span", { class: "muted", text: ` cost ${costText(r.cost)} → ${r.stack.plugins.map((p) => p.id).join(", ") || "(no plugins)"}` }),
        ),
      );
    }
    ol.addEventListener("click", (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>("button.repair");
      if (!b) return;
      applyRepair(JSON.parse(b.dataset["giveUp"]!) as { kind: string; value: string }[]);
    });
    box.append(ol);
    // How one gives such a repair up, said once after the list, as the CLI's repairs say it.
    if (ol.querySelector(".repair-text"))
      box.append(h("p", { class: "muted repair-note", text: "A need or rule of a use case itself, which this page cannot give up alone: it is given up by leaving the use case out (unchecking it gives up all of its needs and rules), or by a catalog layer that overrides the use case." }));
    box.append(h("p", { class: "muted", text: `cost = ${view.objectives.join("/")}; lower is better, compared level by level` }));
  }
  return box;
}

function applyRepair(giveUp: { kind: string; value: string }[]): void {
  for (const g of giveUp) {
    if (g.kind === "require" || g.kind === "exclude") delete state.choices[g.value];
    else if (g.kind === "only") delete state.only[g.value.split("=")[0] as TagKey];
  }
  syncControls();
  commit();
  $("result").focus();
}

/**
 * How long a new stack is shown before its picture is laid out (unless laid out before). A click
 * within that time cancels the layout, which would otherwise take 50–200 ms of the second core
 * while the solver answers the click (in bench/ui.js, clicking at once, the slowest clicks took
 * twice as long with the picture as without it); the picture of a stack already left is never
 * seen. A layout already under way is not stopped (ELK cannot be), only no longer shown.
 */
const LAYOUT_DELAY_MS = 150;
let pendingLayout: ReturnType<typeof setTimeout> | undefined;
/**
 * The stack graph whose picture is shown (its JSON: plugins, roles, edges): a click that keeps
 * the stack keeps its picture. Not the layout's key, which holds sizes but not the role labels.
 */
let shownGraph: string | undefined;

function drawGraph(g: StackGraph | undefined, s: number): void {
  clearTimeout(pendingLayout);
  const box = $("graph");
  box.removeAttribute("aria-busy");
  if (!g || !g.groups.length) {
    box.replaceChildren();
    box.dataset["graph"] = "none";
    shownGraph = undefined;
    return;
  }
  const drawn = JSON.stringify(g);
  if (drawn === shownGraph && box.dataset["graph"] === "ready") return;
  const job = layoutJob(g);
  const show = (laid: Awaited<ReturnType<typeof layout>>) => {
    box.replaceChildren(h("h3", { text: "The stack as a picture" }), draw(g, laid), h("p", { class: "muted legend-line", text: "Plugins grouped by type; a line is an integration; a dashed line joins related plugins that do not integrate." }));
    box.dataset["graph"] = "ready";
    box.removeAttribute("aria-busy");
    shownGraph = drawn;
  };
  const known = finishedLayout(job);
  if (known) return show(known);
  // The picture still shown is the stack before: dimmed (styles.css), and busy for assistive technology.
  box.dataset["graph"] = "layout";
  box.setAttribute("aria-busy", "true");
  pendingLayout = setTimeout(async () => {
    try {
      const asked = performance.now();
      const laid = await layout(job);
      // The layout's own time (bench/ui.js): ELK runs in a worker of its own, beside the solver's.
      performance.measure(`layout-${s}`, { start: asked, end: performance.now() });
      if (s === current.seq) show(laid);
    } catch (e) {
      if (s !== current.seq) return;
      console.error(`graph layout failed: ${(e as Error).message}`);
      box.replaceChildren(h("p", { class: "muted", text: "The picture could not be laid out; the stack above is the answer." }));
      box.dataset["graph"] = "error";
      box.removeAttribute("aria-busy");
    }
  }, LAYOUT_DELAY_MS);
}

// ------------------------------------------------------------------------------------------------
// Why
// ------------------------------------------------------------------------------------------------

/**
 * A "why?" panel's contents replaced. A focus inside it (the fold of a long list) would fall to
 * the page's body with them: it goes to the row's "why?" first, as the "longer" button's does.
 */
function fillWhy(panel: HTMLElement, ...nodes: Node[]): void {
  if (panel.contains(document.activeElement)) panel.parentElement!.querySelector<HTMLButtonElement>("button.why")!.focus();
  panel.replaceChildren(...nodes);
}

function setWhyOpen(id: string, open: boolean): void {
  const panel = document.getElementById(`why-${id}`);
  const btn = panel?.parentElement?.querySelector<HTMLButtonElement>("button.why");
  if (!panel || !btn) return;
  if (!open) fillWhy(panel);
  panel.hidden = !open;
  btn.setAttribute("aria-expanded", String(open));
}

function toggleWhy(id: string): void {
  const open = state.why !== id;
  if (state.why) setWhyOpen(state.why, false);
  if (open) state.why = id;
  else delete state.why;
  history.replaceState(history.state, "", `#${stateToHash(state)}`);
  updateExport();
  if (open) {
    setWhyOpen(id, true);
    requestWhy(id);
  }
}

/** Asks why for an open panel; until the answer, the panel says it is waiting (or why no answer will come). */
function requestWhy(id: string): void {
  const panel = $(`why-${id}`);
  const error = document.body.dataset["status"] === "error";
  fillWhy(panel, h("p", { class: error ? "warn" : "muted", text: error ? `No answer: ${$("notice").textContent}` : "Working out why…" }));
  delete panel.dataset["ready"];
  if (error || !lastBest || document.body.dataset["status"] !== "ready") return;
  const decision = lastPropagation?.ok ? (lastPropagation.plugins.find((p) => p.id === id)?.decision ?? "free") : "free";
  explainSeq = ++seq;
  solver.send({ kind: "explain", seq: explainSeq, request: requestOf(state), id, decision, inStack: Boolean(lastBest.stack?.plugins.some((p) => p.id === id)), seconds: current.seconds });
}

function showExplanation(id: string, r: PropagationWhy | WhyResult): void {
  const panel = document.getElementById(`why-${id}`);
  if (!panel || state.why !== id) return;
  const summary = view.plugins.find((p) => p.id === id)?.summary;
  const out: Node[] = summary ? [h("p", { class: "summary muted", text: summary })] : [];
  if (r.command !== "propagate" && r.timed_out) {
    // What ran out decides what is known, as the CLI says it (whyText): the search for the
    // recommended stack (`optimal: false`), or only the one for the stack with (or without) the
    // plugin, the recommended stack proven best.
    const other = r.command === "why" ? "without" : "with";
    const unknown = !r.stack
      ? "Stopped at the time limit before any stack was found: nothing to compare with."
      : r.optimal === false
        ? undefined
        : r.forced
          ? `${id} ${r.command === "why" ? "is in every valid stack" : "can be in no valid stack"} for these choices, but the time limit came before the rules that force it were found.`
          : `Stopped at the time limit before the best stack ${other} ${id} was proven: the reason is not known yet.`;
    if (unknown !== undefined) {
      out.push(h("p", { class: "warn" }, `${unknown} `, longerButton()));
      fillWhy(panel, ...out);
      panel.dataset["ready"] = "true";
      return;
    }
    out.push(h("p", { class: "warn", text: "Stopped at the time limit before the recommended stack was proven best: this compares with the best stack found so far, which may still change." }));
  }
  if (r.command === "propagate") {
    if (r.because) {
      out.push(h("p", { text: r.decision === "in" ? `Forced in: every valid stack holds ${id}, because of` : `Ruled out: no valid stack can hold ${id}, because of` }), ...conflictLists(r.because, "through these rules:"));
    } else out.push(h("p", { text: r.timed_out ? "Stopped at the time limit before this was known." : r.ok ? `${id} is free: some valid stacks hold it, others do not.` : "No valid stack exists for these choices." }));
  } else if (r.no_stack) {
    out.push(h("p", { text: "No valid stack exists for these choices." }));
  } else if (r.forced) {
    out.push(h("p", { text: r.command === "why" ? `Every valid stack holds ${id}, because of` : `No valid stack can hold ${id}, because of` }), ...conflictLists(r.forced, "through these rules:"));
  } else {
    const inStack = r.in_stack;
    const head = inStack ? `${id} is free, and in the best stack.` : `${id} is free, and not in the best stack.`;
    out.push(h("p", { text: head }));
    if (r.decided_by) {
      const d = r.decided_by;
      out.push(h("p", { text: inStack ? `Without it, the best stack costs more at the objective "${d.objective}": ${d.alternative} instead of ${d.chosen}.` : `With it, the best stack costs more at the objective "${d.objective}": ${d.alternative} instead of ${d.chosen}.` }));
      out.push(...differenceLists(d.differences, inStack ? "without" : "with", inStack ? "with" : "without"));
    } else if (r.tie) out.push(h("p", { class: "tie", text: `${inStack ? "Without" : "With"} it, the best stack costs exactly as much at every level. ${tieBreakWords(r.tie_break)}` }));
    if (r.alternative) out.push(h("p", { class: "muted", text: `${inStack ? "Best stack without it" : "Best stack with it"}: ${r.alternative.stack.plugins.map((p) => p.id).join(", ")} (cost ${costText(r.alternative.cost)}).` }));
  }
  fillWhy(panel, ...out);
  panel.dataset["ready"] = "true";
}

/**
 * What decided, term by term (why's `decided_by.differences`), as the CLI lists it: what the
 * stack with (or without) the plugin pays for at that level, then what the recommended one does,
 * each with its source. `other`, `mine`: "with" or "without" the plugin, for the two stacks.
 */
function differenceLists(differences: Difference[], other: string, mine: string): HTMLElement[] {
  const item = (t: Difference) => h("li", { class: "difference" }, differenceWords(t), t.source ? h("span", { class: "src", text: `  (${t.source})` }) : null);
  return ([["alternative", `${other} it, the best stack pays for:`], ["recommended", `The recommended stack (${mine} it) pays for:`]] as const).flatMap(([which, heading]) => {
    const terms = differences.filter((t) => t.stack === which);
    if (!terms.length) return [];
    // One more than that is shown rather than folded (a fold's line takes the room of the item it hides).
    const shown = terms.length > DIFFERENCES_SHOWN + 1 ? DIFFERENCES_SHOWN : terms.length;
    const list = h("ul", { "data-stack": which }, ...terms.slice(0, shown).map(item));
    const rest = terms.slice(shown);
    // The rest folded (a button that replaced itself with them would drop the focus to the body).
    if (rest.length) list.append(h("li", {}, h("details", {}, h("summary", { text: `and ${rest.length} more` }), h("ul", {}, ...rest.map(item)))));
    return [h("p", { text: heading.charAt(0).toUpperCase() + heading.slice(1) }), list];
  });
}

// ------------------------------------------------------------------------------------------------
// Export
// ------------------------------------------------------------------------------------------------

/** The export fields for the state (and the limit that stopped the answer shown, if one did). */
function updateExport(): void {
  // Nothing asked yet (at most the integration mode): the CLI's recommend would only ask for a
  // request (exit 2), so the field says what to do instead of offering that command.
  $<HTMLTextAreaElement>("export-cli").value = asksNothing(state) ? "# nothing asked yet: pick a use case or a plugin (recommend needs a request)" : commandLine(state, source, stoppedAt);
  const link = new URL(location.href);
  link.hash = stateToHash(state);
  // The empty request keeps its "#" (which URL drops): without one, the page opens with the project's default request.
  $<HTMLInputElement>("export-link").value = link.hash ? link.href : `${link.href}#`;
}

async function copy(button: string): Promise<void> {
  const field = { "copy-yaml": "export-yaml", "copy-cli": "export-cli", "copy-link": "export-link" }[button]!;
  const el = $<HTMLInputElement | HTMLTextAreaElement>(field);
  try {
    await navigator.clipboard.writeText(el.value);
    // Said for a moment, then the solve's status again (it replaced it for good).
    const before = $("status").textContent ?? "";
    setStatus("Copied.");
    setTimeout(() => {
      if ($("status").textContent === "Copied.") setStatus(before);
    }, 2000);
  } catch {
    el.select();
    setStatus("Selected: press Ctrl-C (or ⌘-C) to copy.");
  }
}

function download(): void {
  const text = $<HTMLTextAreaElement>("export-yaml").value;
  const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
  const a = h("a", { href: url, download: "stack.yaml" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ------------------------------------------------------------------------------------------------
// Start
// ------------------------------------------------------------------------------------------------

function onMessage(m: FromWorker): void {
  switch (m.kind) {
    case "ready":
      performance.mark("worker-ready");
      return;
    case "propagation":
      if (m.seq === current.seq) showPropagation(m.result, m.ms);
      return;
    case "best":
      if (m.seq === current.seq) showBest(m);
      return;
    case "explanation":
      if (m.seq === explainSeq) showExplanation(m.id, m.result);
      return;
    case "error":
      if (m.seq !== undefined && m.seq !== current.seq && m.seq !== explainSeq) return;
      console.error(`mlx-solve: ${m.message}`);
      failed(m.diagnostics?.length ? m.diagnostics.map((d) => d.message).join("\n") : m.message);
  }
}

// The header's height, for styles.css: where it is sticky, the browser keeps a focused control
// below it (at 320 px it wraps to three lines, twice its height at 1,000 px).
new ResizeObserver(([e]) => document.documentElement.style.setProperty("--top-height", `${Math.ceil(e!.target.getBoundingClientRect().height)}px`)).observe(document.querySelector(".top")!);

// A policy violation is an error the user (and the tests) must see.
document.addEventListener("securitypolicyviolation", (e) => console.error(`Content-Security-Policy refused ${e.blockedURI || "something"} (${e.violatedDirective})`));

async function start(): Promise<void> {
  // The worker starts loading at once; the controls are drawn as soon as the view arrives, and
  // the first request waits in the page until the worker has the catalog.
  solver = new Solver(onMessage);
  try {
    const catalog = fetch("catalog.json").then((r) => r.text());
    const [list, meta] = await Promise.all([fetch("view.json").then((r) => r.json() as Promise<Parameters<typeof viewFromList>[0]>), fetch("meta.json").then((r) => r.json() as Promise<{ catalog: string | null; layers: string[]; timeout: number; project?: string | null; request?: Parameters<typeof hashOfRequest>[0] | null }>)]);
    source = { catalog: meta.catalog, layers: meta.layers, ...(meta.project ? { noConfig: true } : {}) };
    project = meta.project ?? undefined;
    projectRequest = meta.request ? hashOfRequest(meta.request) : undefined;
    limit = meta.timeout;
    view = viewFromList(list);
    buildControls();
    loadStateFromUrl(true);
    syncUndo(); // a reload keeps the history entry, and what lies behind it
    performance.mark("controls");
    solve();
    solver.setCatalog(await catalog);
    performance.mark("catalog-fetched");
  } catch (e) {
    console.error(`mlx-solve: cannot load the catalog: ${(e as Error).message}`);
    failed("Cannot load the catalog from the server. Is mlx-solve ui still running?");
  }
}

void start();
