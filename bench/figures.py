"""Score figures as quantities, "sources differ" flags and story grouping against tests/data/figures/gold.yaml.

usage: python bench/figures.py [--fresh] [--list] [--series]

The labelled site is the 284 Wikinews articles in ../shared/corpus/wikinews and PolNeAR's dev split
(84 articles; its test split is never read). Articles are extracted with newsgen's extractor (cached in
/tmp, keyed by the article bytes and the extractor version) and analysed as one site. Prints:

- every "sources differ" flag (a date of a quantity where sources differ), judged against the gold: a
  flag is real when every figure it sets against another belongs to one gold disagreement and they
  give at least two values; and the same for the flags the front page shows;
- how many gold disagreements are flagged;
- pairwise precision and recall of the grouping of the gold's recurring figures into quantities;
- story grouping: B-cubed precision, recall and F1 over the Wikinews articles (`--list` prints the
  stories of two articles or more).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "tests" / "data" / "figures" / "gold.yaml"
CACHE = Path(tempfile.gettempdir()) / "newsgen-figures-extract.json"

sys.path.insert(0, str(ROOT / "src"))

from newsgen.analyse import FigureRef, SiteData, analyse  # noqa: E402
from newsgen.analyse.quantities import source_of  # noqa: E402
from newsgen.model import Article  # noqa: E402
from identity import bcubed as identity_bcubed, extract_all  # noqa: E402  (bench/identity.py: the same cached extraction)


def materialise(out: Path) -> dict[str, Path]:
    """Every Wikinews article and every PolNeAR dev article as newsgen input files, by gold key."""
    files: dict[str, Path] = {}
    for src in sorted((SHARED / "wikinews").glob("*.md")):
        path = out / src.name
        path.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        files[f"wikinews/{src.stem}"] = path
    rows = csv.DictReader((SHARED / "polnear" / "data" / "metadata.tsv").open(encoding="utf-8"), delimiter="\t")
    for row in rows:
        if row["compartment"] != "dev":
            continue  # train is not part of this set; test is never read
        name = row["filename"]
        text = (SHARED / "polnear" / "data" / "dev" / "text" / f"{name}.txt").read_text(encoding="utf-8")
        path = out / f"pn-{name}.txt"
        path.write_text(f"---\ntitle: {json.dumps(row['title'], ensure_ascii=False)}\ndate: {row['publication_date']}\n---\n" + text, encoding="utf-8")
        files[f"polnear/dev/{name}"] = path
    return files


class Locator:
    """Finds the figure of the site that a gold entry ({article, text, after}) names."""

    def __init__(self, data: SiteData, key_of: dict[str, str]):
        self.figures: dict[str, list[FigureRef]] = defaultdict(list)
        self.articles: dict[str, Article] = {}
        for view in data.articles:
            key = key_of[view.article.slug]
            self.articles[key] = view.article
            self.figures[key].extend(view.figures)

    def find(self, entry: dict) -> FigureRef | None:
        article = self.articles[entry["article"]]
        after = article.body.find(entry["after"]) if entry.get("after") else 0
        start = article.body.find(entry["text"], max(after, 0))
        if start < 0:
            raise SystemExit(f"gold text {entry['text']!r} not in {entry['article']}")
        end = start + len(entry["text"])
        hits = [r for r in self.figures[entry["article"]] if r.figure.start < end and start < r.figure.end]
        return hits[0] if hits else None


def judge(flag: list[FigureRef], disagreements: list[set[int]]) -> bool:
    """A flag is real when the figures it sets against each other are all of one gold disagreement."""
    ids = {id(r) for r in flag}
    values = {(r.figure.value, r.figure.value_max) for r in flag}
    return len(values) >= 2 and any(ids <= gold for gold in disagreements)


def bcubed(system: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed over the items both name (bench/identity.py's measure, keyed by item)."""
    keys = list(system)
    return identity_bcubed([system[k] for k in keys], [gold[k] for k in keys])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fresh", action="store_true", help="extract again even when the cached extraction is current")
    ap.add_argument("--list", action="store_true", help="print the stories of two articles or more")
    ap.add_argument("--series", action="store_true", help="print every quantity given at two dates or more")
    args = ap.parse_args()
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        results = extract_all(materialise(Path(tmp)), args.fresh, CACHE)
    data = analyse(list(results.values()))
    key_of = {a.slug: key for key, (a, _) in results.items()}
    where = Locator(data, key_of)

    disagreements = []
    for d in gold["disagreements"]:
        refs = [where.find(f) for f in d["figures"]]
        disagreements.append({id(r) for r in refs if r is not None})

    from newsgen.render import key_quantities

    front = {id(q) for q in key_quantities(data)}
    flags = [(q, p) for q in data.quantities for p in q.points if p.differ]
    real = [judge(p.conflicting, disagreements) for _, p in flags]
    shown = [ok for (q, _), ok in zip(flags, real) if id(q) in front]
    print(f"flags: {len(flags)}, real {sum(real)}, false {len(flags) - sum(real)}"
          + (f" (precision {sum(real) / len(flags):.2f})" if flags else ""))
    for (q, p), ok in zip(flags, real):
        story = q.story.title if q.story else "?"
        print(f"  [{'real' if ok else 'FALSE'}] {story} | {q.label} | {p.when} | "
              + "; ".join(f"{r.figure.text!r} ({source_of(r).split(':', 1)[1][:40]})" for r in p.conflicting))
    print(f"front page: {len(shown)} flags shown, {len(shown) - sum(shown)} false")
    found = sum(1 for g in disagreements if g and any(judge(p.conflicting, [g]) for _, p in flags))
    print(f"gold disagreements flagged: {found} of {len(disagreements)}")

    same = diff = same_hit = diff_hit = 0
    entries = []
    for n, q in enumerate(gold["quantities"]):
        entries.extend((n, where.find(f), f) for f in q["figures"])
    missing = [f for _, r, f in entries if r is None]
    for (na, ra, _), (nb, rb, _) in combinations(entries, 2):
        together = ra is not None and rb is not None and ra.quantity is not None and ra.quantity is rb.quantity
        if na == nb:
            same += 1
            same_hit += together
        else:
            diff += 1
            diff_hit += together
    grouped = same_hit + diff_hit
    print(f"quantity grouping of {len(entries)} gold figures in {len(gold['quantities'])} quantities: "
          f"pairwise precision {same_hit / grouped if grouped else 1:.2f} ({same_hit}/{grouped}), recall {same_hit / same:.2f} ({same_hit}/{same})"
          + (f"; {len(missing)} gold figures not extracted" if missing else ""))

    story_of = {key: sid for sid, keys in gold["stories"].items() for key in keys}
    system: dict[str, str] = {}
    for story in [*data.stories]:
        for view in story.articles:
            system[key_of[view.article.slug]] = story.slug
    wiki = [k for k in results if k.startswith("wikinews/")]
    sys_labels = {k: system.get(k, k) for k in wiki}
    gold_labels = {k: story_of.get(k, k) for k in wiki}
    p, r, f = bcubed(sys_labels, gold_labels)
    print(f"stories (Wikinews, {len(wiki)} articles, {len(gold['stories'])} gold stories of 2+): "
          f"B-cubed precision {p:.3f} recall {r:.3f} F1 {f:.3f}; {len(data.stories)} story pages on the whole site")
    if args.list:
        for story in data.stories:
            print(f"  {story.title} ({len(story.articles)}): " + ", ".join(key_of[v.article.slug].split("/")[-1][:45] for v in story.articles))
    if args.series:
        from newsgen.render import series

        for q in data.quantities:
            if len(q.points) > 1:
                print(f"  {q.story.title if q.story else '?'} | {q.label}{' (' + q.scope + ')' if q.scope else ''}: {series(q)}")


if __name__ == "__main__":
    main()
