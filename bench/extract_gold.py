"""Extract the gold-annotated Wikinews articles and score them (dev loop for the extractor).

usage: python bench/extract_gold.py [OUT.json]   (prints the scorer's report)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newsgen.content import load_article
from newsgen.export import extract_document
from newsgen.extract import extract
from newsgen.nlp import load_pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    gold = sorted((SHARED / "corpus" / "gold").glob("*.yaml"))
    arts = [load_article(SHARED / "corpus" / "wikinews" / (g.stem + ".md")) for g in gold]
    nlp = load_pipeline()
    pairs = [(a, extract(nlp(a.body), a)) for a in arts]
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newsgen-gold.json")
    out.write_text(json.dumps(extract_document(pairs), indent=1, ensure_ascii=False))
    subprocess.run([sys.executable, str(SHARED / "tools" / "score-claims"), str(out), *map(str, gold), "-v"], check=False)


if __name__ == "__main__":
    main()
