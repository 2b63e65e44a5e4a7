"""Extract annotated Wikinews articles and score them against their annotations.

usage: python bench/extract_gold.py [SET] [--out OUT.json] [-q]
SET is `gold` (../shared/corpus/gold, the dev set; default), `annotations`, `annotations-c`,
`heldout` (tuned on too), `heldout-b` or `heldout-c` (tests/data/heldout-b and -c: annotated without
seeing the extractor's output — measure with them, never tune on them; their reports print only the
last line; not perfectly blind, since a few tests and rule docstrings quote sentences of `heldout`
and three rules quote `heldout-c`, so their figures are optimistic), `blind` (both together), or a folder of annotation YAML files. Prints the scorer's report
(-q: only its last line).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from newsgen.content import load_article
from newsgen.export import extract_document
from newsgen.extract import extract
from newsgen.nlp import load_pipeline, parse

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "gold": SHARED / "corpus" / "gold",
    "annotations": ROOT / "tests" / "data" / "annotations",
    "heldout": ROOT / "tests" / "data" / "heldout",
    "annotations-c": ROOT / "tests" / "data" / "annotations-c",
    "heldout-b": ROOT / "tests" / "data" / "heldout-b",
    "heldout-c": ROOT / "tests" / "data" / "heldout-c",
}
BLIND = ("heldout-b", "heldout-c")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", nargs="?", default="gold")
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsgen-gold.json"))
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    folders = [SETS[s] for s in BLIND] if args.set == "blind" else [SETS.get(args.set, Path(args.set))]
    gold = sorted(g for folder in folders for g in folder.glob("*.yaml"))
    if args.set == "blind" or any(folder.resolve() == SETS[s].resolve() for s in BLIND for folder in folders):
        args.quiet = True  # per-article misses of a blind set are what tuning would feed on
    arts = [load_article(SHARED / "corpus" / "wikinews" / (g.stem + ".md")) for g in gold]
    nlp = load_pipeline()
    pairs = [(a, extract(doc, a)) for a, doc in zip(arts, parse(nlp, (a.body for a in arts)))]
    args.out.write_text(json.dumps(extract_document(pairs), indent=1, ensure_ascii=False))
    cmd = [sys.executable, str(SHARED / "tools" / "score-claims"), str(args.out), *map(str, gold)]
    report = subprocess.run(cmd + ([] if args.quiet else ["-v"]), check=False, capture_output=True, text=True).stdout
    print(report.strip().splitlines()[-1] if args.quiet else report, end="\n" if args.quiet else "")


if __name__ == "__main__":
    main()
