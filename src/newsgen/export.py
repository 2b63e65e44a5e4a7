"""The stable JSON shape of `newsgen extract` and of the site's data files (claims.json, speakers.json).

No Jinja or spaCy here: `newsgen extract` and `newsgen export` use these records too.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from .model import Article, Extraction

if TYPE_CHECKING:
    from .analyse import ArticleView, Speaker


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


def site_article_record(view: ArticleView) -> dict[str, Any]:
    """The article as `newsgen extract` gives it, each claim with its stable `id` (its anchor on the article
    page) and `speaker_id` (its speaker page's id; null when it has none)."""
    record = article_record(view.article, view.extraction)
    record["claims"] = [with_claim_ids(claim, ref.anchor, ref.speaker_slug) for ref, claim in zip(view.claims, record["claims"])]
    return record


def with_claim_ids(claim: dict[str, Any], claim_id: Any, speaker_id: Any) -> dict[str, Any]:
    """The extractor's claim record with `id` first and `speaker_id` after `speaker`, as the site's exports
    (and their schema) put them."""
    out = {"id": claim_id}
    for key, value in claim.items():
        out[key] = value
        if key == "speaker":
            out["speaker_id"] = speaker_id
    return out


def speaker_record(sp: Speaker) -> dict[str, Any]:
    return {"id": sp.slug, "name": sp.name, "type": sp.type, "unnamed": sp.unnamed, "roles": list(sp.roles), "aliases": list(sp.aliases),
            "claims": len(sp.claims), "articles": [a.slug for a in sp.articles]}


def layered_list(items: Iterable[Any], depth: int, pad: str = "") -> Iterator[str]:
    """`layered_json` of a list, in pieces as its items come: a site-wide export is never one string."""
    inner = pad + " "
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + inner + layered_json(item, depth - 1, inner)
        first = False
    yield "[]" if first else "\n" + pad + "]"


def layered_json(value: Any, depth: int, pad: str = "") -> str:
    """JSON with its outer `depth` levels one item a line and each deeper value on one line (a claim, a
    figure): as easy to read as indented JSON, and written by json's C encoder, which `indent` turns off."""
    if depth <= 0 or not value or not isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    inner = pad + " "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {layered_json(v, depth - 1, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    return "[\n" + ",\n".join(inner + layered_json(v, depth - 1, inner) for v in value) + "\n" + pad + "]"
