// Sortable tables (`<table data-sortable>`): each column heading becomes a button that sorts the rows by
// that column, again to reverse. Plain buttons, so the keyboard and screen readers work as for any other;
// `aria-sort` says which column orders the table, and the caption and a status line say it in words. A cell's
// `data-sort` is its sort key when its text is not; headings with class `num` sort as numbers.
// Without JavaScript the table stays in the order it was built in.
for (const table of document.querySelectorAll("table[data-sortable]")) {
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  const caption = table.caption;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  table.after(status);
  const key = (row, i, numeric) => {
    const cell = row.cells[i];
    const value = cell ? (cell.dataset.sort ?? cell.textContent.trim()) : "";
    return numeric ? Number(value) || 0 : value;
  };
  const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
  heads.forEach((th, i) => {
    const numeric = th.classList.contains("num");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      const rows = [...body.rows].filter((row) => row.cells.length === heads.length);
      if (rows.length < 2) return;
      const first = numeric ? "descending" : "ascending";
      const order = th.getAttribute("aria-sort") === first ? (first === "ascending" ? "descending" : "ascending") : first;
      const sign = order === "ascending" ? 1 : -1;
      rows.sort((a, b) => sign * (numeric ? key(a, i, true) - key(b, i, true) : collator.compare(key(a, i), key(b, i))));
      body.append(...rows);
      for (const other of heads) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", order);
      const said = `sorted by ${button.textContent.trim()}, ${order}`;
      if (caption) caption.textContent = `${caption.dataset.name || "Table"}, ${said}`;
      status.textContent = `${caption?.dataset.name || "Table"} ${said}`;
    });
  });
}
