"""The stable JSON shape of `newsgen extract` and `claims.json`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .model import Article, Extraction


def article_record(article: Article, ex: Extraction) -> dict[str, Any]:
    return {
        "path": article.path,
        "slug": article.slug,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.url,
        "author": article.author,
        "tags": article.tags,
        "claims": [asdict(c) for c in ex.claims],
        "figures": [asdict(f) for f in ex.figures],
        "dates": [asdict(d) for d in ex.dates],
    }


def extract_document(pairs: list[tuple[Article, Extraction]]) -> dict[str, Any]:
    return {"articles": [article_record(a, ex) for a, ex in pairs]}
