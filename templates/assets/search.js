// Search over the Pagefind index the build writes to pagefind/. Everything is found relative to this
// file (assets/search.js), so the site works under any base path and no request leaves it.
const root = new URL("../", import.meta.url);
const MIN_CHARS = 2;
const PANEL_RESULTS = 6;
const PAGE_RESULTS = 30;
let engine = null;
let latest = 0;

async function pagefind() {
  if (!engine) {
    engine = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
      await pf.options({ baseUrl: root.pathname, excerptLength: 24 });
      // A large site is indexed in shards (pagefind/shards.json lists all but the first): search them all.
      const listed = await fetch(new URL("pagefind/shards.json", root)).then((r) => (r.ok ? r.json() : []), () => []);
      for (const shard of listed) {
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
  node.append(...children);
  return node;
}

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

function resultItem(data) {
  const kind = (data.filters.type || [])[0];
  return el(
    "li",
    { class: "search-result" },
    el("a", { href: sameSite(data.url) }, data.meta.title || data.url),
    kind ? el("span", { class: "badge" }, kind) : "",
    el("p", {}, excerpt(data.excerpt)),
  );
}

function summary(count, query) {
  if (!query) return `${count} page${count === 1 ? "" : "s"}`;
  if (!count) return `No results for “${query}”`;
  return `${count} result${count === 1 ? "" : "s"} for “${query}”`;
}

async function run(query, filters, target, limit) {
  const status = target.querySelector("[data-search-status]");
  const list = target.querySelector("[data-search-list]");
  const mine = ++latest;
  try {
    const pf = await pagefind();
    const found = await pf.search(query || null, { filters });
    const results = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
    if (mine !== latest) return false; // a newer search owns the results now
    list.replaceChildren(...results.map(resultItem));
    status.textContent = summary(found.results.length, query);
    return true;
  } catch (err) {
    list.replaceChildren();
    status.textContent = location.protocol === "file:"
      ? "Search works when the site is served over HTTP, for example with `newsgen serve`."
      : "Search is not available on this copy of the site.";
    return false;
  }
}

function selectedFilters(form) {
  const filters = {};
  for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= { any: [] }).any.push(box.value);
  }
  return filters;
}

async function buildFilters(form, onChange) {
  const pf = await pagefind();
  const available = await pf.filters();
  const order = ["type", "speaker", "tag"];
  const names = Object.keys(available).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const name of names) {
    const values = Object.entries(available[name]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (!values.length) continue;
    const set = el("fieldset", { class: "filter" }, el("legend", {}, name[0].toUpperCase() + name.slice(1)));
    values.forEach(([value, count], i) => {
      const id = `filter-${name}-${i}`;
      const box = el("input", { type: "checkbox", id, name, value });
      box.addEventListener("change", onChange);
      set.append(el("div", {}, box, el("label", { for: id }, `${value} `, el("span", { class: "count" }, String(count)))));
    });
    form.append(set);
  }
}

function setup() {
  const input = document.querySelector("[data-search-input]");
  const panel = document.querySelector("[data-search-panel]");
  const page = document.querySelector("[data-search-page]");
  if (!input || !panel) return;
  let timer;

  if (page) {
    // The full search page: results in the main column, with filters, and the query kept in the URL.
    const filterForm = page.querySelector("[data-search-filters]");
    const query = new URLSearchParams(location.search).get("q") || "";
    input.value = query;
    const update = () => {
      const q = input.value.trim();
      const url = new URL(location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      run(q, selectedFilters(filterForm), page, PAGE_RESULTS);
    };
    page.querySelector("[data-search-nojs]")?.remove();
    buildFilters(filterForm, update).catch(() => {}).finally(update);
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 150); });
    input.form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
    return;
  }

  // Every other page: a results panel under the header while typing; Enter opens the search page.
  panel.append(el("p", { class: "search-status", role: "status", "data-search-status": "" }), el("ol", { class: "search-list", "data-search-list": "" }));
  const close = () => { panel.hidden = true; };
  const links = () => [...panel.querySelectorAll(".search-result > a")];
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < MIN_CHARS) { close(); return; }
    timer = setTimeout(async () => {
      if (await run(q, {}, panel, PANEL_RESULTS) || panel.querySelector("[data-search-status]").textContent) {
        panel.hidden = false;
      }
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
