// Narrow long lists in place: claims by speaker on article pages, speakers by type on the speakers page.
// Without JavaScript the controls stay hidden and every item shows.
function wire(box, items, key) {
  const select = box.querySelector("select");
  select.addEventListener("change", () => {
    for (const item of items) item.hidden = Boolean(select.value) && item.dataset[key] !== select.value;
  });
  box.hidden = false;
}

for (const box of document.querySelectorAll("[data-claim-filter]")) {
  wire(box, box.parentElement.querySelectorAll("[data-claims] > li"), "speaker");
}
for (const box of document.querySelectorAll("[data-type-filter]")) {
  wire(box, document.querySelectorAll("tr[data-type]"), "type");
}
