"""The attribution engine against the development gold set (issue 3 asks for F1 >= 0.92 on unseen text)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from newsgen.content import load_article
from newsgen.extract.quotes import extract_claims
from newsgen.nlp import load_pipeline

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "corpus" / "gold"
SCORER = SHARED / "tools" / "score-claims"
MIN_F1 = 0.90

pytestmark = pytest.mark.skipif(
    not (GOLD.is_dir() and SCORER.exists()), reason=f"dev gold corpus not found at {SHARED} (it lives beside the checkout)"
)


def test_dev_gold_f1(tmp_path: Path) -> None:
    nlp = load_pipeline()
    golds = sorted(GOLD.glob("*.yaml"))
    articles = []
    for gold in golds:
        article = load_article(SHARED / "corpus" / "wikinews" / f"{gold.stem}.md")
        claims = extract_claims(nlp(article.body), article.blocks)
        articles.append({"path": str(article.source), "claims": [asdict(c) for c in claims]})
    out = tmp_path / "claims.json"
    out.write_text(json.dumps({"articles": articles}, ensure_ascii=False))
    report = subprocess.run([sys.executable, str(SCORER), str(out), *map(str, golds)], capture_output=True, text=True, check=True).stdout
    last = report.strip().splitlines()[-1]
    f1 = float(re.search(r"f1=([0-9.]+)", last).group(1))
    assert f1 >= MIN_F1, report
