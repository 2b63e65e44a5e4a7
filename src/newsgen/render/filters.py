"""The filters and labels templates format data with: numbers, dates, claim kinds, figures, safe links."""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Any

from markupsafe import Markup, escape

from ..analyse import ArticleView, ClaimRef, FigureRef, SiteData, Story, TimelineEntry
from ..analyse.quantities import Quantity
from ..analyse.timeline import by_section, period_label
from ..model import Article


SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(value: Any) -> str | None:
    """Only web links from content reach a page: no javascript:, data: or other schemes."""
    if not value:
        return None
    url = str(value).strip()
    return url if url.lower().startswith(SAFE_SCHEMES) else None


# A place that speaks ("Seoul said", "Germany declared") is its government.
TYPE_LABELS = {"place": "government"}
KEY_KINDS = ("direct", "indirect", "according_to", "partial")


def key_claims(view: ArticleView, limit: int = 3) -> list[ClaimRef]:
    """The claims a briefing leads with: attributed ones first, whole quotes before fragments, in text order."""
    ranked = sorted(view.claims, key=lambda r: (r.speaker_slug is None, KEY_KINDS.index(r.claim.kind) if r.claim.kind in KEY_KINDS else 9, r.index))
    return sorted(ranked[:limit], key=lambda r: r.index)


def groupby_article(refs: list[ClaimRef]) -> list[tuple[Article, list[ClaimRef]]]:
    """A speaker's claims per article, newest article first, each article's claims in text order."""
    grouped: dict[str, tuple[Article, list[ClaimRef]]] = {}
    for ref in refs:
        grouped.setdefault(ref.article.slug, (ref.article, []))[1].append(ref)
    groups = sorted(grouped.values(), key=lambda g: (g[0].date or Date.min, g[0].title), reverse=True)
    return [(a, sorted(rs, key=lambda r: r.index)) for a, rs in groups]


def by_period(entries: list[TimelineEntry]) -> list[tuple[str, list[list[TimelineEntry]]]]:
    """Timeline entries filed at their own granularity (`analyse.timeline.filed_under`): days under their month, a
    month, a year or a quarter under itself, never "1986" under "January 1986"; mentions of one date together."""
    sections = by_section((e.period, e) for e in entries)
    out = []
    for period, items in sections:
        same: dict[tuple[Date, Date], list[TimelineEntry]] = {}
        for e in sorted(items, key=lambda e: (e.start, -(e.end - e.start).days)):  # type: ignore[attr-defined]
            same.setdefault((e.start, e.end), []).append(e)  # type: ignore[attr-defined]
        out.append((period.label, list(same.values())))
    return out


def key_quantities(data: SiteData, limit: int = 6) -> list[Quantity]:
    """The figures a briefing leads with: quantities disputed between sources first, then those of the newest
    stories given at two dates or more (a series); identified ones only (a number with nothing it counts never
    reaches here)."""
    picked = [q for q in data.quantities if any(p.differ for p in q.news) or len(q.news) > 1]
    return sorted(picked, key=lambda q: (q.differ, q.story.end or Date.min, len(q.refs)), reverse=True)[:limit]


def by_story(quantities: list[Quantity]) -> list[tuple[Story, list[Quantity]]]:
    """Quantities per story, in the order given (newest story first)."""
    out: dict[int, tuple[Story, list[Quantity]]] = {}
    for q in quantities:
        out.setdefault(id(q.story), (q.story, []))[1].append(q)
    return list(out.values())


def date_context(entry: TimelineEntry, width: int | None = None) -> Markup:
    """The whole sentence a date is in, with the date marked and, when the sentence is a claim that does not name
    its speaker ("He said the summit opens on Friday"), the speaker after it. Never cut: a snippet cut at
    "Mr." or inside a name cannot be read alone. (`width` is kept for themes that pass it.)"""
    body, ref = entry.article.body, entry.ref
    start, end = entry.sentence_start, entry.sentence_end
    if not (start <= ref.start and ref.end <= end):
        start, end = ref.start, ref.end
    sentence = body[start:end]
    who = ""
    if entry.speaker and not _names(sentence, entry.speaker):
        who = f' <span class="said-by">({escape(entry.speaker)})</span>'
    # escape() and a join rather than Markup.format, whose per-field escaping formatter is slow
    return Markup("".join((escape(body[start:ref.start]), "<mark>", escape(body[ref.start:ref.end]), "</mark>", escape(body[ref.end:end]), who)))


def _names(sentence: str, speaker: str) -> bool:
    """Whether the sentence itself names the speaker (in full or by a surname)."""
    words = [w for w in re.findall(r"[\w'’-]+", speaker) if w[:1].isupper()]
    return bool(words) and any(re.search(rf"\b{re.escape(w)}\b", sentence) for w in words[-1:])


def compact_number(value: float | None) -> str:
    """50000000000 -> "50 billion": big numbers as a reader says them."""
    if value is None:
        return ""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{format_number(round(value / size, 2))} {word}"
    return format_number(value)


def reading(ref: FigureRef) -> str:
    """A figure as a value of its quantity: "at least 62", "15–25", "about 2,300", "USD 15 per hour"."""
    f = ref.figure
    number = compact_number(f.value) + (f"–{compact_number(f.value_max)}" if f.value_max else "")
    qualifier = QUALIFIER_WORDS.get(f.qualifier or "", "")
    dim = ref.quantity.dimension if ref.quantity else ""
    unit = "" if dim == "count" or dim.startswith("count per") else UNIT_WORDS.get(f.unit or "", f.unit or "")
    return " ".join(x for x in (qualifier, number, unit) if x)


UNIT_WORDS = {"mi per hour": "mph", "km per hour": "km/h", "years (age)": "years old"}
QUALIFIER_WORDS = {"at_least": "at least", "more_than": "more than", "at_most": "at most", "less_than": "less than",
                   "approximate": "about", "up_to": "up to"}


def series(q: Quantity) -> str:
    """A quantity's values in date order, as one line: "12 on 1 March 2020, 22 on 2 March 2020"."""
    parts = []
    for point in q.news or q.points:
        values = " / ".join(reading(r) for r in point.values)
        when = point.period.label if point.period else "undated"
        parts.append(f"{values} ({when})")
    return ", ".join(parts)


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def kind_label(kind: str) -> str:
    return {"direct": "quote", "partial": "partial quote", "indirect": "reported", "according_to": "according to"}.get(kind, kind)


def figure_label(value: float | None, value_max: float | None, unit: str | None, qualifier: str | None) -> str:
    text = compact_number(value) + (f"–{compact_number(value_max)}" if value_max else "")
    text = f"{text} {unit or ''}".strip()
    return text + (f" ({qualifier.replace('_', ' ')})" if qualifier else "")


def date_label(start: Date, end: Date) -> str:
    """"23 October 2024", "1–20 October 2024", "October 2024", "2019", "July – September 2019": a date at its
    own granularity (`analyse.timeline.period_label`)."""
    return period_label(start, end)


def iso_datetime(resolved: str | None) -> str:
    """A valid HTML `datetime` value: the resolved date, or the start of a resolved range."""
    return (resolved or "").partition("/")[0]
