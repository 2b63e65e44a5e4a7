"""Time to extract one long article at growing sizes: the cost per character should stay flat.

usage: python bench/long_article.py [--sizes 250000,500000,1000000,2000000]
Builds the article from real Wikinews paragraphs (../shared/corpus/wikinews), repeated.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsgen.content import load_article
from newsgen.extract import extract
from newsgen.nlp import load_pipeline, parse

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wikinews"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="250000,500000,1000000,2000000")
    args = ap.parse_args()
    paragraphs = []
    for f in sorted(CORPUS.glob("*.md"))[:60]:
        a = load_article(f)
        paragraphs += [a.body[b.start:b.end] for b in a.blocks if b.kind == "paragraph"]
    nlp = load_pipeline()
    for size in (int(s) for s in args.sizes.split(",")):
        text, i = [], 0
        while sum(map(len, text)) < size:
            text.append(paragraphs[i % len(paragraphs)])
            i += 1
        body = "\n".join(text)
        tmp = Path("/tmp/newsgen-long.txt")
        tmp.write_text("---\ndate: 2020-01-01\n---\n" + body, encoding="utf-8")
        article = load_article(tmp)
        t = time.perf_counter()
        doc = next(parse(nlp, [article.body]))
        parsed = time.perf_counter() - t
        ex = extract(doc, article)
        total = time.perf_counter() - t
        print(f"{len(article.body):>9,} chars: parse {parsed:6.1f} s, extract {total - parsed:5.1f} s, "
              f"{1e6 * total / len(article.body):6.1f} µs/char, {len(ex.claims)} claims")


if __name__ == "__main__":
    main()
