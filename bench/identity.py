"""Score speaker identity across articles against the hand-labelled set in tests/data/identity/.

usage: python bench/identity.py [--list-unlabelled] [--pages] [--fresh]

The labelled set (tests/data/identity/gold.yaml) names, per article, every form by which the article
names a source of a claim and the real-world speaker it is (see the file's header). The articles are
read from ../shared/corpus (PolNeAR train, Wikinews, the seed article), extracted with newsgen's
extractor (results cached in /tmp, keyed by the article bytes and the extractor version), analysed
as one site, and each claim's speaker page is compared with the gold:

- B-cubed precision, recall and F1 over every labelled claim with a speaker (a claim left without a
  speaker page counts as a page of its own; a non-source claim is its own gold cluster);
- the share of speaker pages that are no real source (every labelled claim on it is a non-source);
- how many claims could not be labelled (their speaker form is not in the gold; listed with
  --list-unlabelled).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "tests" / "data" / "identity" / "gold.yaml"
CACHE = Path(tempfile.gettempdir()) / "newsgen-identity-extract.json"
NON_SOURCE = "~"

sys.path.insert(0, str(ROOT / "src"))

from newsgen.analyse import analyse  # noqa: E402
from newsgen.cache import from_json, to_json  # noqa: E402
from newsgen.content import load_article  # noqa: E402
from newsgen.extract import EXTRACTOR_VERSION  # noqa: E402
from newsgen.model import Article, Extraction  # noqa: E402

HONORIFIC = re.compile(r"^(mr|mrs|ms|dr|sen|rep|gov|gen|president|senator|representative)\.?\s+", re.I)


def norm(form: str) -> str:
    """How a speaker form is looked up in the gold: case, "the", quotes and a leading honorific do not matter."""
    form = unicodedata.normalize("NFKC", form).replace("’", "'").replace("‘", "'").strip().casefold()
    form = re.sub(r"^(the|a|an)\s+", "", form)
    return re.sub(r"\s+", " ", form)


def polnear_meta() -> dict[str, dict[str, str]]:
    """Titles and dates of PolNeAR's train split only (the test split's rows are never kept)."""
    rows = csv.DictReader((SHARED / "polnear" / "data" / "metadata.tsv").open(encoding="utf-8"), delimiter="\t")
    return {r["filename"]: r for r in rows if r["compartment"] == "train"}


def materialise(keys: list[str], out: Path) -> dict[str, Path]:
    """Write each labelled article as a newsgen input file; keys are `polnear/train/NAME`, `wikinews/NAME` or `seed`."""
    meta = polnear_meta()
    files: dict[str, Path] = {}
    for key in keys:
        if key.startswith("polnear/train/"):
            name = key.split("/", 2)[2]
            row = meta[name]
            text = (SHARED / "polnear" / "data" / "train" / "text" / f"{name}.txt").read_text(encoding="utf-8")
            head = f"---\ntitle: {json.dumps(row['title'], ensure_ascii=False)}\ndate: {row['publication_date']}\n---\n"
            path = out / f"pn-{name}.txt"
            path.write_text(head + text, encoding="utf-8")
        elif key.startswith("wikinews/"):
            path = out / (key.split("/", 1)[1] + ".md")
            path.write_text((SHARED / "wikinews" / path.name).read_text(encoding="utf-8"), encoding="utf-8")
        elif key == "seed":
            path = out / "seed.txt"
            path.write_text((SHARED / "seed.txt").read_text(encoding="utf-8"), encoding="utf-8")
        else:
            raise SystemExit(f"unknown article key {key!r} in {GOLD}")
        files[key] = path
    return files


def extract_all(files: dict[str, Path], fresh: bool, cache: Path = CACHE) -> dict[str, tuple[Article, Extraction]]:
    """Each article with its extraction, kept in `cache` (a JSON file) while the extractor and the files
    are unchanged, so re-running a bench after a change to the analysis skips the parser."""
    articles = {key: load_article(path, path.parent) for key, path in files.items()}
    stamp = hashlib.sha256((EXTRACTOR_VERSION + "".join(a.digest for a in articles.values())).encode()).hexdigest()
    if not fresh and cache.exists():
        cached = json.loads(cache.read_text())
        if cached.get("stamp") == stamp:
            return {k: (a, from_json(cached["results"][k])) for k, a in articles.items()}
    from newsgen.extract import extract
    from newsgen.nlp import load_pipeline, parse

    nlp = load_pipeline()
    keys = list(articles)
    results = {k: (articles[k], extract(doc, articles[k])) for k, doc in zip(keys, parse(nlp, (articles[k].body for k in keys)))}
    cache.write_text(json.dumps({"stamp": stamp, "results": {k: to_json(ex) for k, (_, ex) in results.items()}}))
    return results


def gold_label(forms: dict[str, str | None], pins: list[dict], key: str, speaker: str, text: str) -> str | None:
    """The gold entity of one claim: a pinned claim first, then its speaker form; None when unlabelled."""
    for pin in pins:
        if pin["text"] in text:
            return _entity(key, pin["entity"])
    value = forms.get(norm(speaker), "") if speaker else ""
    if value == "":
        bare = HONORIFIC.sub("", norm(speaker))
        value = forms.get(bare, "")
    if value == "":
        return None
    return _entity(key, value)


def _entity(key: str, value: str | None) -> str:
    if value is None:
        return NON_SOURCE
    return f"{key}#{value}" if value.startswith("@") else value


def baseline_grouping(data) -> None:
    """Re-group the claims the way newsgen did before identity.py (kept here to measure against)."""
    from newsgen.analyse import _norm, is_unnamed

    refs = [r for v in data.articles for r in v.claims if r.claim.speaker]
    unnamed = {id(r) for r in refs if is_unnamed(r.claim.speaker, r.claim.speaker_type, r.article.body)}
    names = Counter(_norm(r.claim.speaker) for r in refs if id(r) not in unnamed)
    canon = {n: n for n in names}
    multi = [n for n in names if len(n.split()) >= 2]
    for name in names:
        if len(name.split()) == 1:
            matches = [m for m in multi if m.split()[-1] == name]
            if len(matches) == 1:
                canon[name] = matches[0]
    for r in refs:
        n = _norm(r.claim.speaker)
        r.speaker_slug = f"{n} @{r.article.slug}" if id(r) in unnamed else canon[n]


def bcubed(system: list[str], gold: list[str]) -> tuple[float, float, float]:
    by_sys: dict[str, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, (s, g) in enumerate(zip(system, gold)):
        by_sys[s].append(i)
        by_gold[g].append(i)
    p = r = 0.0
    for i, (s, g) in enumerate(zip(system, gold)):
        same_sys, same_gold = by_sys[s], by_gold[g]
        both = sum(1 for j in same_sys if gold[j] == g)
        p += both / len(same_sys)
        r += both / len(same_gold)
    n = len(system) or 1
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list-unlabelled", action="store_true", help="print every claim whose speaker form the gold does not label")
    ap.add_argument("--pages", action="store_true", help="print every speaker page that mixes speakers or holds no source")
    ap.add_argument("--baseline", action="store_true", help="score the grouping before speaker identity (one page per name; a surname joins the one full name ending in it)")
    ap.add_argument("--fresh", action="store_true", help="extract again even when the cached extraction is current")
    args = ap.parse_args()
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    spec = gold["articles"]
    with tempfile.TemporaryDirectory() as tmp:
        files = materialise(list(spec), Path(tmp))
        results = extract_all(files, args.fresh)
    data = analyse(list(results.values()))
    if args.baseline:
        baseline_grouping(data)
    slug_of = {a.slug: key for key, (a, _) in results.items()}

    system: list[str] = []
    labels: list[str] = []
    unlabelled: Counter = Counter()
    page_labels: dict[str, Counter] = defaultdict(Counter)
    for view in data.articles:
        key = slug_of[view.article.slug]
        entry = dict(spec[key] or {})
        pins = entry.pop("claims", None) or []
        forms = {norm(k): v for k, v in entry.items()}
        for n, ref in enumerate(view.claims):
            speaker = ref.claim.speaker
            if not speaker:
                continue
            label = gold_label(forms, pins, key, speaker, ref.claim.text)
            if label is None:
                unlabelled[(key, speaker)] += 1
                continue
            system.append(ref.speaker_slug or f"none:{key}:{n}")
            labels.append(label if label != NON_SOURCE else f"{NON_SOURCE}{key}:{n}")
            if ref.speaker_slug:
                page_labels[ref.speaker_slug][label] += 1

    p, r, f = bcubed(system, labels)
    pages = [slug for slug, c in page_labels.items()]
    no_source = [slug for slug in pages if set(page_labels[slug]) == {NON_SOURCE}]
    mixed = [slug for slug in pages if len(set(page_labels[slug]) - {NON_SOURCE}) > 1]
    entities = {l for l in labels if not l.startswith(NON_SOURCE)}
    print(f"articles {len(results)}  labelled claims {len(labels)} (non-source {sum(l.startswith(NON_SOURCE) for l in labels)})"
          f"  gold speakers {len(entities)}  unlabelled claims {sum(unlabelled.values())}")
    print(f"speaker pages {len(pages)}  no real source {len(no_source)} ({len(no_source) / max(len(pages), 1):.1%})  mixing speakers {len(mixed)}")
    print(f"B-cubed precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    if args.pages:
        for slug in sorted(no_source + mixed):
            print(f"  page {slug}: {dict(page_labels[slug])}")
        split: dict[str, Counter] = defaultdict(Counter)
        for s, l in zip(system, labels):
            if not l.startswith(NON_SOURCE):
                split[l][s] += 1
        for entity, c in sorted(split.items()):
            if len(c) > 1:
                print(f"  split {entity}: {dict(c)}")
    if args.list_unlabelled:
        for (key, speaker), count in sorted(unlabelled.items()):
            print(f"  unlabelled {key}: {speaker!r} x{count}")


if __name__ == "__main__":
    main()
