// Search over the Pagefind index the build writes to pagefind/. Everything is found relative to this
// file (assets/search.js), so the site works under any base path and no request leaves it.
// Records are pages (articles, speakers) and claims; everything they hold is shown as text, never as markup.
const root = new URL("../", import.meta.url);
const MIN_CHARS = 2;
const PAGE_RESULTS = 30;
const PANEL_GROUPS = [["Claim", "Claims", 5], ["Speaker", "Speakers", 3], ["Article", "Articles", 3]];
const NARROW = "(max-width: 860px)"; // where style.css puts the filters above the results
const FILTER_ORDER = ["type", "speaker", "kind", "tag"];
const SHOWN_VALUES = 8; // a filter with more values than this lists the top ones and a box to find the rest
const FOUND_VALUES = 30;
const QUOTE_WORDS = 60;
let engine = null;
let latest = 0;

async function pagefind() {
  if (!engine) {
    // The index is in shards (pagefind/shards.json lists them): the first one's script searches them all.
    engine = fetch(new URL("pagefind/shards.json", root))
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`search index missing (${r.status})`))))
      .then(async (listed) => {
        if (!listed.length) throw new Error("this site has nothing to search");
        const [first, ...rest] = listed;
        const pf = await import(new URL(`pagefind/${first}pagefind.js`, root).href);
        await pf.options({ baseUrl: root.pathname, excerptLength: 24 });
        for (const shard of rest) {
          await pf.mergeIndex(new URL(`pagefind/${shard}`, root).href, { baseUrl: root.pathname });
        }
        await pf.init();
        return pf;
      });
  }
  return engine;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  node.append(...children.flat());
  return node;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// Pagefind excerpts are HTML with <mark> around the hits; keep the marks and the text, nothing else.
function excerpt(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.firstElementChild.childNodes) {
    out.append(node.nodeName === "MARK" ? el("mark", {}, node.textContent) : node.textContent);
  }
  return out;
}

function sameSite(url) {
  const target = new URL(url, root);
  return target.origin === root.origin ? target.href : root.href;
}

const words = (text) => (text || "").split(/[\r\n\s]+/g).filter(Boolean);

// Words `from`..`to` of a record's content, each one Pagefind matched in a <mark>. Pagefind counts words
// as whitespace-separated, as here, and a claim's content starts with its quote, then its speaker.
function marked(list, from, to, hits, offset = 0) {
  const out = [];
  for (let i = from; i < to; i++) {
    if (i > from) out.push(" ");
    out.push(hits.has(offset + i) ? el("mark", {}, list[i]) : list[i]);
  }
  return out;
}

// What the build kept out of the index (search.py's `unsearchable`): each character shifted back.
function shown(text) {
  const units = [];
  for (const c of text || "") units.push(c.codePointAt(0) - 0xF0000);
  let out = "";
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

function claimItem(data) {
  let meta;
  try { meta = { ...JSON.parse(shown(data.meta.card)), speaker: data.meta.title || "" }; } catch { return pageItem(data); }
  const quote = words(meta.quote);
  const hits = new Set(data.locations);
  let [from, to] = [0, quote.length];
  if (quote.length > QUOTE_WORDS) {
    const first = data.locations.find((at) => at < quote.length) ?? 0;
    from = Math.max(0, Math.min(first - 10, quote.length - QUOTE_WORDS));
    to = from + QUOTE_WORDS;
  }
  const text = [from > 0 ? "… " : "", ...marked(quote, from, to, hits), to < quote.length ? " …" : ""];
  const quoted = meta.kind === "direct" || meta.kind === "partial";
  const speaker = meta.speaker ? el("span", { class: "search-speaker" }, marked(words(meta.speaker), 0, words(meta.speaker).length, hits, quote.length)) : "Unattributed";
  const kind = (data.filters.kind || [])[0];
  return el(
    "li",
    { class: `search-result search-claim claim-${String(meta.kind).replace(/[^a-z_]/g, "")}` },
    el("blockquote", { class: "search-quote" }, el("p", {}, el("a", { href: sameSite(data.url), "data-result-link": "" }, quoted ? ["“", ...text, "”"] : text))),
    el("p", { class: "search-source" }, "— ", speaker, meta.article ? [", ", el("cite", {}, meta.article)] : "", meta.date ? [", ", el("time", { datetime: meta.date }, meta.when || meta.date)] : "", kind ? [" ", el("span", { class: "badge" }, kind)] : ""),
  );
}

function resultItem(data) {
  return (data.filters.type || [])[0] === "Claim" && data.meta.card ? claimItem(data) : pageItem(data);
}

function pageItem(data) {
  const type = (data.filters.type || [])[0];
  return el(
    "li",
    { class: "search-result" },
    el("a", { href: sameSite(data.url), "data-result-link": "" }, data.meta.title || data.url),
    type ? el("span", { class: "badge" }, type) : "",
    el("p", {}, excerpt(data.excerpt)),
  );
}

function unavailable() {
  return location.protocol === "file:"
    ? "Search works when the site is served over HTTP, for example with `newsgen serve`."
    : "Search is not available on this copy of the site.";
}

// --- the search page: one ranked list, filters that count the results, the query kept in the URL ---

const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

// One filter (type, speaker, kind, tag): a checkbox per value with the number of results it would give.
// A long one lists its top values and a box that finds the others as you type (Enter there ticks the
// first); only the values in view are on the page, so a filter of thousands of speakers stays light.
class FilterGroup {
  constructor(name, totals, onChange) {
    this.name = name;
    this.onChange = onChange;
    this.counts = totals;
    this.values = Object.keys(totals).sort((a, b) => totals[b] - totals[a] || a.localeCompare(b));
    this.ids = new Map(this.values.map((value, i) => [value, `filter-${name}-${i}`]));
    this.keys = new Map(this.values.map((value) => [value, fold(value)]));
    this.ticked = new Set();
    this.items = new Map();
    this.node = el("fieldset", { class: "filter", "data-filter": name }, el("legend", {}, name[0].toUpperCase() + name.slice(1)));
    this.list = el("div", { class: "filter-values", id: `filter-${name}-values` });
    if (this.values.length > SHOWN_VALUES) {
      this.find = el("input", { type: "search", id: `filter-${name}-find`, class: "filter-find", autocomplete: "off", spellcheck: "false", placeholder: `Type to find a ${name}`, "aria-controls": this.list.id, "aria-describedby": `filter-${name}-more` });
      this.find.addEventListener("input", () => this.show());
      this.find.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        const first = this.shown.find((value) => !this.ticked.has(value));
        if (first === undefined) return;
        this.ticked.add(first);
        this.find.value = "";
        this.show();
        onChange();
      });
      this.more = el("p", { class: "filter-more", id: `filter-${name}-more`, "aria-live": "polite" });
      this.node.append(el("label", { class: "visually-hidden", for: this.find.id }, `Find a ${name}`), this.find, this.list, this.more);
    } else {
      this.node.append(this.list);
    }
    this.show();
  }

  item(value) {
    if (!this.items.has(value)) {
      const id = this.ids.get(value);
      const box = el("input", { type: "checkbox", id, name: this.name, value });
      const count = el("span", { class: "count" });
      box.addEventListener("change", () => {
        if (box.checked) this.ticked.add(value); else this.ticked.delete(value);
        this.show();
        this.onChange();
      });
      this.items.set(value, { item: el("div", {}, box, el("label", { for: id }, `${value} `, count)), box, count });
    }
    return this.items.get(value);
  }

  selected() {
    return this.values.filter((value) => this.ticked.has(value));
  }

  update(counts) {
    this.counts = counts || {};
    this.show();
  }

  // Ticked values always show, then those with the most results; a typed name shows the values holding it.
  show() {
    const count = (value) => this.counts[value] || 0;
    const rank = (a, b) => count(b) - count(a);
    if (!this.find) {
      this.shown = [...this.values].sort(rank);
    } else {
      const typed = fold(this.find.value.trim());
      const matching = this.values.filter((v) => !this.ticked.has(v) && (typed ? this.keys.get(v).includes(typed) : count(v) > 0)).sort(rank);
      const room = typed ? FOUND_VALUES : Math.max(0, SHOWN_VALUES - this.ticked.size);
      this.shown = [...this.selected(), ...matching.slice(0, room)];
      const left = matching.length - Math.min(room, matching.length);
      const name = this.find.value.trim();
      this.more.textContent = typed
        ? (!matching.length ? `No ${this.name} matches “${name}”` : left ? `${left} more match “${name}”: type more of the name` : "")
        : (left ? `${left} more with results: type to find a ${this.name}` : "");
    }
    this.shown.forEach((value) => this.item(value));
    for (const [value, { box, count: badge }] of this.items) {
      box.checked = this.ticked.has(value);
      badge.textContent = String(count(value));
    }
    // Redrawing the list would take the focus off a checkbox in use: that waits until the focus moves on.
    if (this.list.contains(document.activeElement)) return;
    this.list.replaceChildren(...this.shown.map((value) => this.item(value).item));
  }
}

function chosen(groups, except = null) {
  const filters = {};
  for (const group of groups) {
    const values = group.selected();
    if (values.length && group.name !== except) filters[group.name] = { any: values };
  }
  return filters;
}

// Each count is the number of results that ticking its value would give: the results' own counts for a
// filter with nothing ticked, and for one with values ticked, the counts of the search without them.
async function countResults(pf, query, groups, found) {
  const counts = { ...found.filters };
  await Promise.all(groups.filter((g) => g.selected().length).map(async (group) => {
    const wider = await pf.search(query || null, { filters: chosen(groups, group.name) });
    counts[group.name] = wider.filters[group.name] || {};
  }));
  return counts;
}

function searchPage(page, input) {
  const form = page.querySelector("[data-search-filters]");
  const status = page.querySelector("[data-search-status]");
  const list = page.querySelector("[data-search-list]");
  const more = page.querySelector("[data-search-more]");
  const box = page.querySelector("[data-search-filter-box]");
  let groups = [];
  let shown = [];
  let found = null;
  let timer;

  const showMore = async () => {
    const mine = latest;
    const next = await Promise.all(found.results.slice(shown.length, shown.length + PAGE_RESULTS).map((r) => r.data()));
    if (mine !== latest) return;
    shown = shown.concat(next);
    list.append(...next.map(resultItem));
    const left = found.results.length - shown.length;
    more.hidden = left <= 0;
    more.textContent = `Show ${Math.min(left, PAGE_RESULTS)} more`;
  };

  const update = async () => {
    const query = input.value.trim();
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    const mine = ++latest;
    try {
      const pf = await pagefind();
      const filters = chosen(groups);
      const ticked = groups.reduce((n, g) => n + g.selected().length, 0);
      if (box) box.querySelector("summary").textContent = ticked ? `Filters (${ticked} ticked)` : "Filters";
      if (!query && !Object.keys(filters).length) {
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "Type in the search box, or tick a filter.";
        const totals = await pf.filters();
        if (mine === latest) for (const group of groups) group.update(totals[group.name]);
        return;
      }
      const result = await pf.search(query || null, { filters });
      const counts = await countResults(pf, query, groups, result);
      if (mine !== latest) return; // a newer search owns the results now
      for (const group of groups) group.update(counts[group.name]);
      found = result;
      shown = [];
      list.replaceChildren();
      await showMore();
      if (mine !== latest) return;
      const count = found.results.length;
      status.textContent = query ? (count ? `${plural(count, "result")} for “${query}”` : `No results for “${query}”`) : plural(count, "result");
    } catch (err) {
      if (mine !== latest) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = unavailable();
    }
  };

  input.value = new URLSearchParams(location.search).get("q") || "";
  page.querySelector("[data-search-nojs]")?.remove();
  // On a phone the results come first and the filters open on demand; wider, they are always open.
  if (box) {
    const narrow = matchMedia(NARROW);
    box.open = !narrow.matches;
    narrow.addEventListener("change", () => { if (!narrow.matches) box.open = true; });
  }
  form.addEventListener("submit", (event) => event.preventDefault());
  more.addEventListener("click", () => {
    const next = list.children.length;
    showMore().then(() => list.children[next]?.querySelector("[data-result-link]")?.focus());
  });
  pagefind()
    .then((pf) => pf.filters())
    .then((totals) => {
      const names = Object.keys(totals).filter((n) => Object.keys(totals[n]).length)
        .sort((a, b) => (FILTER_ORDER.indexOf(a) + 1 || 99) - (FILTER_ORDER.indexOf(b) + 1 || 99));
      groups = names.map((name) => new FilterGroup(name, totals[name], update));
      form.append(...groups.map((g) => g.node));
    })
    .catch(() => {})
    .finally(update);
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 150); });
  input.form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
}

// --- every other page: results grouped under the header while typing; Enter opens the search page ---

async function runPanel(query, status, body) {
  const mine = ++latest;
  try {
    const pf = await pagefind();
    const all = await pf.search(query);
    const groups = await Promise.all(PANEL_GROUPS.map(async ([type, title, limit]) => {
      const found = await pf.search(query, { filters: { type } });
      return [title, found.results.length, await Promise.all(found.results.slice(0, limit).map((r) => r.data()))];
    }));
    if (mine !== latest) return false;
    const count = all.results.length;
    status.textContent = count ? `${plural(count, "result")} for “${query}”` : `No results for “${query}”`;
    const sections = groups.filter(([, , shown]) => shown.length).map(([title, total, shown], i) => el(
      "section",
      { class: "search-group", "aria-labelledby": `search-group-${i}` },
      el("p", { class: "search-group-title", id: `search-group-${i}` }, `${title} `, el("span", { class: "count" }, String(total))),
      el("ol", { class: "search-list" }, shown.map(resultItem)),
    ));
    const everything = new URL("search/", root);
    everything.searchParams.set("q", query);
    body.replaceChildren(...sections, count ? el("p", { class: "search-all" }, el("a", { href: everything.href, "data-result-link": "" }, `All ${plural(count, "result")}, with filters`)) : "");
    return true;
  } catch (err) {
    if (mine !== latest) return false;
    status.textContent = unavailable();
    body.replaceChildren();
    return true;
  }
}

function setup() {
  const input = document.querySelector("[data-search-input]");
  const panel = document.querySelector("[data-search-panel]");
  const page = document.querySelector("[data-search-page]");
  if (!input || !panel) return;
  if (page) {
    searchPage(page, input);
    return;
  }
  let timer;
  const status = el("p", { class: "search-status", role: "status" });
  const body = el("div");
  panel.append(status, body);
  const close = () => { panel.hidden = true; };
  const links = () => [...panel.querySelectorAll("[data-result-link]")];
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < MIN_CHARS) { latest++; close(); return; }
    timer = setTimeout(async () => {
      if (await runPanel(q, status, body)) panel.hidden = false;
    }, 150);
  });
  // Arrow keys move between the input and the results; Escape closes the panel and returns to the input.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    if (event.key === "ArrowDown" && !panel.hidden && links().length) { event.preventDefault(); links()[0].focus(); }
  });
  panel.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") { close(); input.focus(); }
    else if (event.key === "ArrowDown" && at >= 0) { event.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
    else if (event.key === "ArrowUp" && at >= 0) { event.preventDefault(); (at === 0 ? input : all[at - 1]).focus(); }
  });
  document.addEventListener("click", (event) => { if (!panel.contains(event.target) && event.target !== input) close(); });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
