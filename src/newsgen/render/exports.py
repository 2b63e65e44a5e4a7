"""The site's data files (claims.json, claims.jsonl, claims.csv, speakers.json, figures.json, each article's
claims.json) and the XML helpers of its feed and sitemap. Each record's shape lives in newsgen.export."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

from ..analyse import ArticleView, FigureRef, SiteData
from ..analyse.quantities import Quantity
from ..config import Config
from ..export import layered_json, layered_list, site_article_record, speaker_record
from .urls import article_url


# The site-wide files are written in pieces as their records are made (a 10,000-article claims.json is
# 56 MB, and its records as Python objects several times that): never held whole in memory.

def claims_json(data: SiteData) -> Iterator[str]:
    yield '{\n "articles": '
    yield from layered_list((site_article_record(v) for v in data.articles), 2, " ")
    yield "\n}"


def claims_jsonl(data: SiteData) -> Iterator[str]:
    """claims.json as JSON Lines, one article record a line: a reader can stream a large archive's
    export (pandas `read_json(lines=True)`, `jq -c`) instead of parsing one document of every claim."""
    return (json.dumps(site_article_record(v), ensure_ascii=False) + "\n" for v in data.articles)


def article_json(view: ArticleView) -> str:
    return layered_json(site_article_record(view), 2)


def figures_json(data: SiteData) -> Iterator[str]:
    """Every quantity the articles give a value of, story by story: what it counts, its values in date order
    and, where sources differ at a date, which figures disagree (`analyse.quantities`)."""
    yield '{\n "quantities": '
    yield from layered_list((quantity_record(q) for q in data.quantities), 1, " ")
    yield "\n}"


def quantity_record(q: Quantity) -> dict[str, Any]:
    def figure(ref: FigureRef) -> dict[str, Any]:
        f = ref.figure
        return {"id": ref.anchor, "article": ref.article.slug, "text": f.text, "value": f.value, "value_max": f.value_max,
                "qualifier": f.qualifier, "unit": f.unit, "speaker_id": ref.claim.speaker_slug if ref.claim else None,
                "url": article_url(ref.article.slug) + "#" + ref.anchor}

    story = q.story.slug if q.story is not None and len(q.story.articles) > 1 else None
    return {"id": q.slug, "story": story, "counted": q.label, "key": q.key, "scope": q.scope,
            "dimension": q.dimension, "sources_differ": q.differ,
            "series": [{"date": p.when, "sources_differ": p.differ, "figures": [figure(r) for r in p.refs],
                        "differing": [r.anchor for r in p.conflicting]} for p in q.points]}


def speakers_json(data: SiteData) -> str:
    """Every speaker page: its id (speakers/ID/), name, type, roles and every way the articles name it."""
    return layered_json({"speakers": [speaker_record(sp) for sp in data.speakers]}, 2)


CSV_FIELDS = ("id", "article", "date", "speaker", "speaker_id", "speaker_type", "role", "kind", "cue", "text", "sentence", "start", "end", "url", "rule")


def csv_cell(value: Any) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; prefix them so they stay text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def claims_csv(data: SiteData) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for view in data.articles:
        for ref in view.claims:
            c = ref.claim
            row = (ref.anchor, view.article.path, view.article.date, c.speaker, ref.speaker_slug, c.speaker_type, c.role, c.kind, c.cue, c.text, c.sentence, c.start, c.end,
                   article_url(view.article.slug) + "#" + ref.anchor, c.rule)
            writer.writerow([csv_cell(v) for v in row])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


# XML 1.0 allows tab, newline, carriage return and every character from U+0020 on, except the
# surrogates and U+FFFE/U+FFFF; one other character anywhere makes the whole file unreadable.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text with every character XML 1.0 forbids removed: a form feed from pdftotext in one title would
    otherwise make a feed reader or crawler reject the whole feed or sitemap, not just that entry."""
    return XML_FORBIDDEN.sub("", text)


def feed_id(config: Config, target: str) -> str:
    """Atom ids must be absolute IRIs: the page URL when the site URL is known, else a stable urn:uuid."""
    if config.site_url:
        return config.site_url + target
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'newsgen:' + config.base_path + target)}"
