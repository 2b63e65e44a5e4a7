"""The stable JSON shape of `newsgen extract` and `claims.json`."""

from __future__ import annotations

import functools
from dataclasses import fields
from typing import Any

from .model import Article, Extraction


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _flat(record: Any) -> dict[str, Any]:
    """A claim, figure or date (plain values only) as a dict in field order: what dataclasses.asdict
    gives, without its recursive deep copies, which were most of the cost of writing claims.json."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


def article_record(article: Article, ex: Extraction) -> dict[str, Any]:
    return {
        "path": article.path,
        "slug": article.slug,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.url,
        "author": article.author,
        "tags": list(article.tags),
        "claims": [_flat(c) for c in ex.claims],
        "figures": [_flat(f) for f in ex.figures],
        "dates": [_flat(d) for d in ex.dates],
    }


def extract_document(pairs: list[tuple[Article, Extraction]]) -> dict[str, Any]:
    """Each article with the `body` its offsets index: a Markdown file's offsets point into the text a
    reader sees, not into the Markdown source, so a consumer needs that text to check `body[start:end]`."""
    return {"articles": [{**article_record(a, ex), "body": a.body} for a, ex in pairs]}
