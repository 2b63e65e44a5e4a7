"""SiteData -> files: every page is rendered through a Jinja template of the active theme."""

from __future__ import annotations

import bisect
import csv
import functools
import gc
import io
import json
import multiprocessing
import os
import re
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path
from typing import Any, get_args, get_type_hints
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from . import __version__
from .analyse import ArticleView, ClaimRef, FigureRef, SiteData, Speaker, Story, TimelineEntry, parse_resolved
from .analyse.quantities import Quantity
from .analyse.timeline import by_section, period_label
from .config import Config
from .errors import TemplateError
from .export import article_record
from .files import Writer, copy_file
from .installed import default_theme_dir
from .model import CLAIM_KINDS, SPEAKER_TYPES, Article, Block, Claim, DateRef, Figure, Inline, Problem

SAFE_SCHEMES = ("http://", "https://", "mailto:")


@dataclass
class Page:
    """One output file: `path` is relative to the site root, e.g. `articles/seed/index.html`."""

    path: str
    template: str | None
    context: dict[str, Any]
    sources: tuple[str, ...] = ()
    content: str | None = None
    # What else the page shows from other articles (speaker names, site-wide links): part of its fingerprint.
    deps: tuple[str, ...] = ()
    # A data file made only when it is written, from nothing but its sources' articles and extractions
    # (and the config), which the page fingerprint covers: an unchanged one is carried over unmade.
    produce: Callable[[], str] | None = None


def safe_url(value: Any) -> str | None:
    """Only web links from content reach a page: no javascript:, data: or other schemes."""
    if not value:
        return None
    url = str(value).strip()
    return url if url.lower().startswith(SAFE_SCHEMES) else None


def make_env(config: Config, compiled_dir: Path | None = None) -> jinja2.Environment:
    """`compiled_dir` keeps compiled templates between builds (Jinja checks each against its source)."""
    loaders: list[jinja2.BaseLoader] = []
    if config.templates_path.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(config.templates_path)))
    loaders.append(jinja2.FileSystemLoader(str(default_theme_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one environment per build: no need to stat a template on every lookup
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled_dir)) if compiled_dir else None,
    )
    env.filters["safe_url"] = safe_url
    env.filters["datefmt"] = lambda d, fmt=None: (d.strftime(fmt) if fmt else f"{d.day} {d:%B %Y}") if d else ""  # %-d is not portable
    env.filters["kind_label"] = kind_label
    env.filters["number"] = format_number
    env.filters["compact"] = compact_number
    env.filters["reading"] = reading
    env.filters["series"] = series
    env.filters["date_label"] = date_label
    env.filters["figure_label"] = lambda f: figure_label(f.value, f.value_max, f.unit, f.qualifier)
    env.filters["host"] = lambda url: urlsplit(str(url)).hostname or str(url)
    env.filters["key_claims"] = key_claims
    env.filters["groupby_article"] = groupby_article
    env.filters["by_period"] = by_period
    env.filters["by_story"] = by_story
    env.filters["key_quantities"] = key_quantities
    env.filters["date_context"] = date_context
    env.filters["parse_resolved"] = parse_resolved
    env.filters["type_label"] = lambda t: TYPE_LABELS.get(t, t)
    env.filters["plural"] = lambda n, noun: f"{n:,} {noun}{'' if n == 1 else 's'}"  # {{ 3 | plural('claim') }}: "3 claims"
    return env


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


@functools.lru_cache(maxsize=65536)
def relative_url(from_page: str, target: str) -> str:
    """A link from one page to another that works under any base path and from the file system.

    `target` is relative to the site root ("" is the root itself, "speakers/" a folder page). Pure string
    work: this runs tens of thousands of times per build.
    """
    path, _, fragment = target.partition("#")
    here = [p for p in from_page.split("/")[:-1] if p]
    there = [p for p in path.split("/") if p]
    folder = path == "" or path.endswith("/")
    common = 0
    limit = len(there) if folder else len(there) - 1
    while common < min(len(here), limit) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    rel = "/".join(parts)
    if folder:
        rel = rel + "/" if rel else "./"
    return rel + (f"#{fragment}" if fragment else "")


# --- inline highlighting of claims, figures and dates -------------------------------------------------


@dataclass
class _Mark:
    """An inline element over `body[start:end]`; `anchor` is emitted once even when the mark is split."""

    start: int
    end: int
    level: int
    open: str
    close: str
    anchor: str = ""
    after: str = ""
    who: str = ""


def _nest(marks: list[_Mark]) -> list[_Mark]:
    """Make marks nest properly: one that crosses the end of the mark it starts in is cut at that end.

    Nothing is dropped, so every anchor other pages link to still exists (a cut mark keeps its id).
    A claim inside another claim by the same speaker does not repeat the speaker's label.
    """
    kept: list[_Mark] = []
    stack: list[_Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -m.end, m.level)):
        while stack and stack[-1].end <= m.start:
            stack.pop()
        if stack and m.end > stack[-1].end:
            m = replace(m, end=stack[-1].end)
        if m.who and any(outer.who == m.who for outer in stack):
            m = replace(m, after="")
        kept.append(m)
        if m.end > m.start:
            stack.append(m)
    return kept


def _segment(m: _Mark, start: int, end: int, first: bool, last: bool) -> _Mark:
    return replace(m, start=start, end=end, anchor=m.anchor if first else "", after=m.after if last else "")


def assign_marks(blocks: list[Block], marks: list[_Mark]) -> list[list[_Mark]]:
    """The marks, or parts of marks, that fall in each block (blocks in text order, not overlapping).

    A mark spanning blocks carries its id in its first part and its trailing link after its last part.
    An empty mark, or one in no block at all (between blocks), becomes an empty anchor where it starts,
    or at the start of the next block, so that links to it still land.
    """
    per_block: list[list[_Mark]] = [[] for _ in blocks]
    if not blocks:
        return per_block
    ends = [b.end for b in blocks]
    for m in marks:
        first = bisect.bisect_right(ends, m.start)
        parts = []
        if m.end > m.start:
            j = first
            while j < len(blocks) and blocks[j].start < m.end:
                parts.append(j)
                j += 1
        for k, j in enumerate(parts):
            b = blocks[j]
            per_block[j].append(_segment(m, max(m.start, b.start), min(m.end, b.end), k == 0, k == len(parts) - 1))
        if not parts and m.anchor:
            j = min(first, len(blocks) - 1)
            at = min(max(m.start, blocks[j].start), blocks[j].end)
            per_block[j].append(_Mark(at, at, m.level, '<span class="anchor" {id}>', "</span>", m.anchor))
    return per_block


def block_marks(blocks: list[Block], index: int, marks: list[_Mark]) -> list[_Mark]:
    return assign_marks(blocks, marks)[index]


def highlight(body: str, block: Block, marks: list[_Mark]) -> Markup:
    """The block's text, escaped, with the marks wrapped around their words."""
    events: list[tuple[int, int, int, str]] = []
    for n, m in enumerate(_nest(marks)):
        opening = m.open.replace(" {id}", f' id="{m.anchor}"' if m.anchor else "")
        if m.end == m.start:
            events.append((m.start, 1, n, opening + m.close + m.after))
        else:
            events.append((m.start, 1, n, opening))
            events.append((m.end, 0, -n, m.close + m.after))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    out: list[str] = []
    pos = block.start
    for offset, _, _, tag in events:
        out.append(str(escape(body[pos:offset])))
        out.append(tag)
        pos = offset
    out.append(str(escape(body[pos:block.end])))
    return Markup("".join(out))


def article_marks(view: ArticleView, page: str, speaker_url: Callable[[str], str]) -> list[_Mark]:
    """Claims, figures and dates as marks over the article's own words.

    The speaker label after a claim has no text of its own: the theme draws it from `data-who` with CSS
    generated content and screen readers read its `aria-label`, so copying a passage copies the
    article's words only.
    """
    marks: list[_Mark] = []
    for ref in view.claims:
        c = ref.claim
        who = escape(c.speaker or "unattributed")
        link = (
            f'<a class="who" href="{escape(relative_url(page, speaker_url(ref.speaker_slug)))}" data-who="{who}" aria-label="{who}" data-pagefind-ignore></a>'
            if ref.speaker_slug
            else f'<span class="who who-unknown" data-who="{who}" role="note" aria-label="{who}" data-pagefind-ignore></span>'
        )
        label = escape(f"{kind_label(c.kind)}: {c.speaker or 'unattributed'}")
        marks.append(_Mark(c.start, c.end, 0, f'<mark class="claim claim-{escape(c.kind)}" {{id}} title="{label}">', "</mark>", ref.anchor, link, ref.speaker_slug or ""))
    for ref in view.figures:
        f = ref.figure
        title = escape(figure_label(f.value, f.value_max, f.unit, f.qualifier))
        marks.append(_Mark(f.start, f.end, 1, f'<span class="figure" {{id}} title="{title}">', "</span>", ref.anchor))
    for entry in view.timeline:
        d = entry.ref
        marks.append(_Mark(d.start, d.end, 2, f'<time class="date" {{id}} datetime="{escape(iso_datetime(d.resolved))}" title="{escape(date_label(entry.start, entry.end))}">', "</time>", entry.anchor))
    cuts = sorted({m.start for m in marks} | {m.end for m in marks})
    marks.extend(inline_marks(view.article.inline, cuts))
    return marks


def inline_marks(spans: list[Inline], cuts: list[int]) -> Iterator[_Mark]:
    """The author's links and emphasis, cut at every claim, figure and date boundary so they nest
    inside those marks and never wrap a speaker link; a link that is not a web link keeps only its text."""
    for span in spans:
        if span.tag == "a":
            href = safe_url(span.href)
            if not href:
                continue
            open_, close = f'<a class="ext" href="{escape(href)}" rel="nofollow noopener">', "</a>"
        elif span.tag in EMPHASIS_ELEMENTS:
            open_, close = f"<{span.tag}>", f"</{span.tag}>"
        else:
            continue
        inner = cuts[bisect.bisect_right(cuts, span.start):bisect.bisect_left(cuts, span.end)]
        edges = [span.start, *inner, span.end]
        for a, b in zip(edges, edges[1:]):
            yield _Mark(a, b, 3, open_, close)


# The only elements besides links that content may put on a page, whatever the loader passed on.
EMPHASIS_ELEMENTS = ("em", "strong", "code")


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


# --- pages ----------------------------------------------------------------------------------------------


def article_url(slug: str) -> str:
    return f"articles/{slug}/"


def speaker_url(slug: str) -> str:
    return f"speakers/{slug}/"


def story_url(slug: str) -> str:
    return f"stories/{slug}/"


def story_deps(data: SiteData, view: ArticleView) -> tuple[str, ...]:
    """What an article page shows from its story: the story's name, and which of its figures sources dispute."""
    story = data.story_of(view.article)
    head = (f"story={story.slug}:{story.title}",) if story else ()
    return head + tuple(f"{r.anchor}={r.quantity.slug}:{r.quantity.differ}" for r in view.figures if r.quantity is not None)


def tag_url(tag: str) -> str:
    from .content import slugify

    return f"tags/{slugify(tag)}/"


# Rows on one list page: an articles or speakers row is about 450 bytes of HTML, so a page of a large
# archive stays near 100 KB and no list page grows with the archive.
LIST_PAGE_SIZE = 200
# A quantity's block (its series with every source) and a timeline entry (a whole sentence and its
# article) weigh more than a row: about 2 KB and 1 KB.
QUANTITIES_PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 300
# A story page lists its articles with every claim, a speaker page every claim: split, so that a
# long-running story or a much-quoted speaker stays a few hundred KB a page.
STORY_PAGE_SIZE = 20
SPEAKER_PAGE_SIZE = 100


@dataclass(frozen=True)
class Pager:
    """Where one page of a split list stands: `articles/`, `articles/page/2/`, … (Hugo's URLs)."""

    number: int
    count: int
    base: str
    total: int
    first_item: int

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def path(self) -> str:
        return self.url(self.number) + "index.html"

    @property
    def numbers(self) -> list[int | None]:
        """The page numbers to link: first, last and two either side of this one; None for a gap."""
        keep = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for n in keep:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def paginate(items: Sequence[Any], base: str, size: int | None = None) -> Iterator[tuple[Pager, Sequence[Any]]]:
    """The list split into pages of `size` (LIST_PAGE_SIZE); an empty list is one empty page, so the
    index page exists."""
    size = size or LIST_PAGE_SIZE
    count = max(1, -(-len(items) // size))
    for k in range(count):
        yield Pager(k + 1, count, base, len(items), k * size), items[k * size:(k + 1) * size]


def figure_pages(data: SiteData) -> list[tuple[Pager, Sequence[Quantity]]]:
    """The figures list split into pages: the quantities given more than once, in the figures page's order."""
    return list(paginate([q for q in data.quantities if q.recurring], "figures/", QUANTITIES_PAGE_SIZE))


def quantity_urls(data: SiteData) -> dict[str, str]:
    """Where each listed quantity is: `figures/page/N/#SLUG`, or its first page."""
    return {q.slug: f"{pager.url(pager.number)}#{q.slug}" for pager, chunk in figure_pages(data) for q in chunk}


def plan_pages(data: SiteData, config: Config) -> Iterator[Page]:
    """Every output file with the templates and sources it is made from."""
    everything = tuple(v.article.path for v in data.articles)
    recent, upcoming = briefing_dates(data)
    yield Page("index.html", "index.html", {"data": data, "recent_dates": recent, "upcoming_dates": upcoming}, everything)
    for pager, views in paginate(data.articles, "articles/"):
        yield Page(pager.path, "articles.html", {"data": data, "views": views, "pager": pager}, everything)
    site_wide = (f"tags={bool(data.tags)}",)
    for view in data.articles:
        speakers = sorted({(r.speaker_slug, data.speaker(r.speaker_slug).name) for r in view.claims if r.speaker_slug})  # type: ignore[union-attr]
        yield Page(article_url(view.article.slug) + "index.html", "article.html", {"view": view}, (view.article.path,),
                   deps=site_wide + tuple(f"{a}={b}" for a, b in speakers) + story_deps(data, view))
    for pager, chunk in paginate(data.speakers, "speakers/"):
        yield Page(pager.path, "speakers.html", {"data": data, "speakers": chunk, "pager": pager}, everything)
    for sp in data.speakers:
        for pager, refs in paginate(sp.claims, speaker_url(sp.slug), SPEAKER_PAGE_SIZE):
            yield Page(pager.path, "speaker.html", {"speaker": sp, "refs": refs, "pager": pager}, tuple(a.path for a in sp.articles), deps=site_wide)
    for pager, chunk in figure_pages(data):
        yield Page(pager.path, "figures.html", {"data": data, "quantities": chunk, "pager": pager}, everything)
    for pager, chunk in paginate([e for e in data.timeline if not e.background] + [e for e in data.timeline if e.background], "timeline/", TIMELINE_PAGE_SIZE):
        yield Page(pager.path, "timeline.html", {"data": data, "entries": chunk, "pager": pager}, everything)
    yield Page("stories/index.html", "stories.html", {"data": data}, everything)
    for story in data.stories:
        names = tuple(f"{sp.slug}={sp.name}" for sp, _ in story.speakers)
        for pager, views in paginate(story.articles[::-1], story_url(story.slug), STORY_PAGE_SIZE):
            yield Page(pager.path, "story.html", {"story": story, "views": views, "pager": pager}, tuple(v.article.path for v in story.articles),
                       deps=site_wide + (f"story={story.slug}:{story.title}",) + names)
    if data.tags:
        yield Page("tags/index.html", "tags.html", {"data": data}, everything)
    for tag, tagged in data.tags.items():
        topic = data.topics.get(tag)
        # The topic's figures are compared within their stories, which may reach beyond the tag.
        counted = tuple(sorted({r.article.path for q in topic.quantities for r in q.refs})) if topic else ()
        names = tuple(f"{sp.slug}={sp.name}" for sp, _ in topic.speakers) if topic else ()
        for pager, views in paginate(tagged, tag_url(tag)):
            yield Page(pager.path, "tag.html", {"tag": tag, "views": views, "pager": pager}, tuple(v.article.path for v in tagged) + counted,
                       deps=site_wide + names)
    yield Page("search/index.html", "search.html", {"data": data}, everything)
    yield Page("404.html", "404.html", {"data": data}, everything)
    yield Page("claims.json", None, {}, everything, produce=functools.partial(claims_json, data))
    yield Page("claims.jsonl", None, {}, everything, produce=functools.partial(claims_jsonl, data))
    yield Page("claims.schema.json", None, {}, (), content=json.dumps(claims_schema(config), ensure_ascii=False, indent=1))
    yield Page("claims.csv", None, {}, everything, produce=functools.partial(claims_csv, data))
    yield Page("speakers.json", None, {}, everything, produce=functools.partial(speakers_json, data))
    yield Page("figures.json", None, {}, everything, produce=functools.partial(figures_json, data))
    for view in data.articles:
        # Its claims' speaker ids come from grouping across articles: part of the fingerprint.
        ids = tuple(f"{r.anchor}={r.speaker_slug}" for r in view.claims)
        yield Page(article_url(view.article.slug) + "claims.json", None, {}, (view.article.path,), deps=ids, produce=functools.partial(article_json, view))
    if config.site_url:  # both need absolute addresses (build.py warns when they are left out)
        yield Page("sitemap.xml", None, {}, everything, produce=functools.partial(sitemap, data, config))
        yield Page("feed.xml", "feed.xml", {"data": data}, everything)
    yield Page(".nojekyll", None, {}, (), content="")


def claims_json(data: SiteData) -> str:
    return layered_json({"articles": [site_article_record(v) for v in data.articles]}, 3)


def claims_jsonl(data: SiteData) -> str:
    """claims.json as JSON Lines, one article record a line: a reader can stream a large archive's
    export (pandas `read_json(lines=True)`, `jq -c`) instead of parsing one document of every claim."""
    return "".join(json.dumps(site_article_record(v), ensure_ascii=False) + "\n" for v in data.articles)


def article_json(view: ArticleView) -> str:
    return layered_json(site_article_record(view), 2)


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


def figures_json(data: SiteData) -> str:
    """Every quantity the articles give a value of, story by story: what it counts, its values in date order
    and, where sources differ at a date, which figures disagree (`analyse.quantities`)."""
    return layered_json({"quantities": [quantity_record(q) for q in data.quantities]}, 2)


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


def speaker_record(sp: Speaker) -> dict[str, Any]:
    return {"id": sp.slug, "name": sp.name, "type": sp.type, "unnamed": sp.unnamed, "roles": list(sp.roles), "aliases": list(sp.aliases),
            "claims": len(sp.claims), "articles": [a.slug for a in sp.articles]}


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


def briefing_dates(data: SiteData, limit: int = 6) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    """Distinct dates up to the newest article's date (latest first), and the ones after it (soonest first).

    "Now" is the newest article, not the build clock, so the same content always builds the same site. Dates
    of a story's background (history its articles recall) are not news and are left out.
    """
    distinct: dict[tuple[Date, Date], TimelineEntry] = {}
    for e in data.timeline:
        if not e.background:
            distinct.setdefault((e.start, e.end), e)
    entries = list(distinct.values())
    dated = [v.article.date for v in data.articles if v.article.date]
    if not dated:
        return list(reversed(entries[-limit:])), []
    now = max(dated)
    past = [e for e in entries if e.start <= now]
    future = [e for e in entries if e.start > now]
    return list(reversed(past[-limit:])), future[:limit]


_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _record_schema(cls: type, descriptions: dict[str, str], enums: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Derived from the dataclass itself, so the schema cannot drift from what the export writes."""
    props: dict[str, Any] = {}
    for name, hint in get_type_hints(cls).items():
        args = [a for a in get_args(hint) if a is not type(None)] or [hint]
        kind: Any = _JSON_TYPES[args[0]]
        if type(None) in get_args(hint):
            kind = [kind, "null"]
        props[name] = {"type": kind}
        if enums and name in enums:
            props[name]["enum"] = list(enums[name])
        if name in descriptions:
            props[name]["description"] = descriptions[name]
    return {"type": "object", "required": list(props), "additionalProperties": False, "properties": props}


def _list_file(description: str, key: str, item: str) -> dict[str, Any]:
    """A data file that is one list of records under `key`, each as `#/$defs/ITEM` describes."""
    return {"type": "object", "description": description, "required": [key], "additionalProperties": False,
            "properties": {key: {"type": "array", "items": {"$ref": f"#/$defs/{item}"}}}}


def _with_ids(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim of the site's exports: the extractor's record with its `id` and `speaker_id`."""
    props = with_claim_ids(claim["properties"],
                           {"type": "string", "description": "Stable id of the claim: its anchor on the article page (articles/SLUG/#ID)"},
                           {"type": ["string", "null"], "description": "The claim's speaker page is speakers/SPEAKER_ID/ (see speakers.json); null when the claim has no speaker page"})
    return {**claim, "required": list(props), "properties": props}


def claims_schema(config: Config) -> dict[str, Any]:
    """JSON Schema (2020-12) of claims.json; each per-article claims.json is one `#/$defs/article`."""
    offsets = "Character offset into the article's plain-text body"
    nullable = lambda t: {"type": [t, "null"]}  # noqa: E731
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{config.title}: claims export",
        "description": "Who said what in each article, with the figures and dates found in it. Offsets index the article body as plain text.",
        "type": "object",
        "required": ["articles"],
        "properties": {"articles": {"type": "array", "items": {"$ref": "#/$defs/article"}}},
        "$defs": {
            "article": {
                "type": "object",
                "required": ["path", "slug", "title", "date", "source", "author", "tags", "claims", "figures", "dates"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string", "description": "The article file, relative to the project"},
                    "slug": {"type": "string", "description": "The article page is articles/SLUG/"},
                    "title": {"type": "string"},
                    "date": {"type": ["string", "null"], "format": "date"},
                    "source": {**nullable("string"), "description": "Front matter `source` (or `url`)"},
                    "author": nullable("string"),
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
                    "figures": {"type": "array", "items": {"$ref": "#/$defs/figure"}},
                    "dates": {"type": "array", "items": {"$ref": "#/$defs/date"}},
                },
            },
            "claim": _with_ids(_record_schema(Claim, {
                "speaker": "Who made the claim, as written; null when unattributed",
                "text": "The quoted or reported words; equals body[start:end]",
                "start": offsets, "end": offsets, "sentence_start": offsets, "sentence_end": offsets,
                "cue": "The reporting verb or phrase, such as `said` or `according to`",
                "rule": "The named extraction rule that made the claim (see newsgen.extract.rules), then `+` and the rule that chose the speaker when another one did",
            }, {"kind": CLAIM_KINDS, "speaker_type": SPEAKER_TYPES})),
            "figure": _record_schema(Figure, {
                "value": "The number, normalised (3,000 -> 3000; $50 billion -> 50000000000)",
                "value_max": "Upper end of a range, when the figure is one",
                "claim": "Index into this article's claims of the claim the figure belongs to",
                "start": offsets, "end": offsets,
                "counted": "What the figure counts, in the article's words (`Artsakh soldiers killed`); null when nothing identifiable",
                "quantity": "Key shared by the figures of one quantity: the unit's dimension, `|`, then the lemmas of what is counted (`count|artsakh killed troop`)",
                "scope": "Whose or where the count is (`Samoa`, `Donald Trump`), when the sentence says",
                "date_at": "Character offset of the date word the figure's clause is tied to; the date containing it is the time the figure refers to",
            }),
            "date": _record_schema(DateRef, {
                "resolved": "ISO 8601 date, month or year, or START/END for a range; null when it could not be resolved",
                "start": offsets, "end": offsets,
            }),
            "figures": _list_file("figures.json: every quantity the articles give a value of, story by story", "quantities", "quantity"),
            "quantity": {
                "type": "object",
                "required": ["id", "story", "counted", "key", "scope", "dimension", "sources_differ", "series"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "description": "Stable id of the quantity"},
                    "story": {"type": ["string", "null"], "description": "The story page is stories/STORY/; null for a story of one article"},
                    "counted": {"type": "string", "description": "What is counted, as the articles say it most often"},
                    "key": {"type": "string", "description": "The figures' `quantity` key"},
                    "scope": {"type": ["string", "null"], "description": "Whose or where the count is"},
                    "dimension": {"type": "string", "description": "`count`, a currency code, `percent` or a measure (a rate adds `per ...`)"},
                    "sources_differ": {"type": "boolean", "description": "Whether sources differ at some date"},
                    "series": {"type": "array", "description": "The quantity's values by the date they refer to, in date order", "items": {
                        "type": "object",
                        "required": ["date", "sources_differ", "figures", "differing"],
                        "additionalProperties": False,
                        "properties": {
                            "date": {"type": "string", "description": "The date the figures refer to (ISO 8601 day, month, year or START/END)"},
                            "sources_differ": {"type": "boolean", "description": "Different sources give values here that cannot all be true"},
                            "figures": {"type": "array", "items": {
                                "type": "object",
                                "required": ["id", "article", "text", "value", "value_max", "qualifier", "unit", "speaker_id", "url"],
                                "additionalProperties": False,
                                "properties": {
                                    "id": {"type": "string", "description": "The figure's anchor on its article page"},
                                    "article": {"type": "string", "description": "Slug of the article"},
                                    "text": {"type": "string"}, "value": {"type": ["number", "null"]}, "value_max": {"type": ["number", "null"]},
                                    "qualifier": {"type": ["string", "null"]}, "unit": {"type": ["string", "null"]},
                                    "speaker_id": {"type": ["string", "null"], "description": "Speaker page of the claim the figure is in; null for the article's own voice"},
                                    "url": {"type": "string", "description": "The figure's permalink, relative to the site"},
                                },
                            }},
                            "differing": {"type": "array", "items": {"type": "string"}, "description": "Ids of the figures that another source contradicts"},
                        },
                    }},
                },
            },
            "speakers": _list_file("speakers.json: every speaker page", "speakers", "speaker"),
            "speaker": {
                "type": "object",
                "required": ["id", "name", "type", "unnamed", "roles", "aliases", "claims", "articles"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "description": "The speaker page is speakers/ID/; a claim's `speaker_id`"},
                    "name": {"type": "string", "description": "The name the page goes by: the fullest form the articles use most"},
                    "type": {"type": "string", "enum": list(SPEAKER_TYPES), "description": "`place` is a government named by its country or capital"},
                    "unnamed": {"type": "boolean", "description": "A description (\"officials\"), the same speaker within its one article only"},
                    "roles": {"type": "array", "items": {"type": "string"}, "description": "Roles and titles the articles give the speaker"},
                    "aliases": {"type": "array", "items": {"type": "string"}, "description": "Every way the articles name the speaker, as the claims' `speaker` writes it"},
                    "claims": {"type": "integer", "description": "How many claims the speaker makes"},
                    "articles": {"type": "array", "items": {"type": "string"}, "description": "Slugs of the articles the speaker is quoted in"},
                },
            },
        },
    }
    if config.site_url:
        schema["$id"] = config.site_url + "claims.schema.json"
    return schema


CSV_FIELDS = ("id", "article", "date", "speaker", "speaker_id", "speaker_type", "role", "kind", "cue", "text", "sentence", "start", "end", "url", "rule")


def csv_cell(value: Any) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; prefix them so they stay text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def claims_csv(data: SiteData) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for view in data.articles:
        for ref in view.claims:
            c = ref.claim
            row = (ref.anchor, view.article.path, view.article.date, c.speaker, ref.speaker_slug, c.speaker_type, c.role, c.kind, c.cue, c.text, c.sentence, c.start, c.end,
                   article_url(view.article.slug) + "#" + ref.anchor, c.rule)
            writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


# XML 1.0 allows tab, newline, carriage return and every character from U+0020 on, except the
# surrogates and U+FFFE/U+FFFF; one other character anywhere makes the whole file unreadable.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text with every character XML 1.0 forbids removed: a form feed from pdftotext in one title would
    otherwise make a feed reader or crawler reject the whole feed or sitemap, not just that entry."""
    return XML_FORBIDDEN.sub("", text)


SITEMAP_SKIPS = ("404.html", "search/index.html")


def sitemap(data: SiteData, config: Config) -> str:
    """Every HTML page the site plans (list pages however they are split too), at its absolute address;
    only made when the site's full URL is known, since sitemaps take no relative ones."""
    assert config.site_url
    urls = [p.path.removesuffix("index.html") for p in plan_pages(data, config) if p.path.endswith(".html") and p.path not in SITEMAP_SKIPS]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_escape(xml_safe(config.site_url + quote(u)))}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def feed_id(config: Config, target: str) -> str:
    """Atom ids must be absolute IRIs: the page URL when the site URL is known, else a stable urn:uuid."""
    if config.site_url:
        return config.site_url + target
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'newsgen:' + config.base_path + target)}"


def template_problem(exc: Exception, name: str) -> Problem:
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(f"templates/{name}", f"template {exc.name!r} not found", "add it to your templates/ folder or fix the name")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(exc.filename or f"templates/{exc.name or name}", f"template syntax error: {exc.message}", "fix the template", line=exc.lineno)
    where, line = f"templates/{name}", None
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml")):
            where, line = frame.filename, frame.lineno
            break
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Problem(_shown(where), f"template failed to render: {message}", "fix the template", line=line)


def _shown(path: str) -> str:
    rel = os.path.relpath(path) if os.path.isabs(path) else path
    return path if rel.startswith("..") else rel


class Renderer:
    def __init__(self, config: Config, data: SiteData, compiled_dir: Path | None = None):
        self.config = config
        self.data = data
        if compiled_dir is not None:
            compiled_dir.mkdir(parents=True, exist_ok=True)
        self.env = make_env(config, compiled_dir)
        self.quantity_urls = quantity_urls(data)

    def prepare(self, templates: set[str | None]) -> None:
        """Compile the templates now, once, rather than in every render process; a broken one fails at render."""
        for name in sorted(t for t in templates if t):
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                pass

    def globals_for(self, page: str) -> dict[str, Any]:
        base = self.config.base_path
        absolute = page == "404.html"

        def url(target: str) -> str:
            return base + target if absolute else relative_url(page, target)

        return {
            "site": self.config,
            "data": self.data,
            "page_path": page,
            "url": url,
            "article_url": lambda slug: url(article_url(slug)),
            "speaker_url": lambda slug: url(speaker_url(slug)),
            "story_url": lambda slug: url(story_url(slug)),
            "quantity_url": lambda slug: url(self.quantity_urls.get(slug, "figures/")),
            "tag_url": lambda tag: url(tag_url(tag)),
            "generator": f"newsgen {__version__}",
            "feed_id": lambda target="": feed_id(self.config, target),
            "highlight": self._highlighter(page),
        }

    def _highlighter(self, page: str) -> Callable[[ArticleView, Block], Markup]:
        cache: dict[int, tuple[dict[Block, int], list[list[_Mark]]]] = {}

        def run(view: ArticleView, block: Block) -> Markup:
            if id(view) not in cache:
                blocks = view.article.blocks
                cache[id(view)] = ({b: i for i, b in enumerate(blocks)}, assign_marks(blocks, article_marks(view, page, speaker_url)))
            index, per_block = cache[id(view)]
            return highlight(view.article.body, block, per_block[index[block]])

        return run

    def render(self, page: Page) -> str:
        """The page's text; any .xml file (a theme's own too) is cleaned of what XML forbids, whatever
        route a value took into it (content, config, a template's filters)."""
        text = self._render(page)
        return xml_safe(text) if page.path.endswith(".xml") else text

    def _render(self, page: Page) -> str:
        if page.content is not None:
            return page.content
        if page.produce is not None:
            return page.produce()
        assert page.template is not None
        try:
            template = self.env.get_template(page.template)
            return template.render({**self.globals_for(page.path), **page.context})
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
            raise TemplateError(template_problem(exc, page.template)) from None


def search_first(pages: list[Page], renderer: Renderer, jobs: int) -> tuple[list[Page], list[Page]]:
    """The pages to write before the search indexer can start, and the ones to write while it runs.

    Only worth it when the pages are rendered in this one process, so that the indexer has a core to
    itself; otherwise every page comes first. A page goes first when its template, or one that template
    builds on, holds the search marker; a template that names others only at render time sends every
    page first.
    """
    if jobs > 1 and len(pages) >= PARALLEL_MIN_PAGES:
        return pages, []
    marking: dict[str, bool] = {}
    first: list[Page] = []
    rest: list[Page] = []
    for page in pages:
        if page.template is None:
            rest.append(page)
            continue
        mark = _marks_search(renderer.env, page.template, marking)
        if mark is None:
            return pages, []
        (first if mark else rest).append(page)
    return first, rest


def _marks_search(env: jinja2.Environment, name: str, seen: dict[str, bool]) -> bool | None:
    from .search import SEARCH_MARK

    if name not in seen:
        seen[name] = False  # a cycle adds nothing
        try:
            source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
            refs = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        except jinja2.TemplateError:
            return None  # the render reports it
        if None in refs:
            return None
        found = SEARCH_MARK in source
        for ref in refs:
            sub = _marks_search(env, ref, seen)  # type: ignore[arg-type]
            if sub is None:
                return None
            found = found or sub
        seen[name] = found
    return seen[name]


def check_templates(config: Config) -> list[Problem]:
    """Compile every template of the theme and the site's overrides; report each that fails."""
    env = make_env(config)
    problems: list[Problem] = []
    for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml")) and not n.startswith("assets/")):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            problems.append(template_problem(exc, name))
    return problems


def asset_files(config: Config) -> dict[str, Path]:
    """Each asset's place in the site and its file: the theme's first, the site's own assets/ over them."""
    found: dict[str, Path] = {}
    for theme in (default_theme_dir(), config.templates_path):
        src = theme / "assets"
        if src.is_dir():
            for path in sorted(src.rglob("*")):
                if path.is_file():
                    found["assets/" + path.relative_to(src).as_posix()] = path
    return found


def copy_assets(config: Config, out: Path, files: Writer | None = None) -> list[str]:
    """Copied with their times, so one already in place (same size and time) is left alone."""
    found = asset_files(config)
    for rel, src in found.items():
        if _same_stamp(src, out / rel):
            continue
        if files is not None:
            files.copy(src, out / rel)
        else:
            copy_file(src, out / rel)
    return list(found)


def _same_stamp(src: Path, dest: Path) -> bool:
    try:
        a, b = src.stat(), dest.lstat()
    except OSError:
        return False
    return (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)


PARALLEL_MIN_PAGES = 400
CHUNK_PAGES = 4
_JOB: tuple[list[Page], Renderer, Path, Any] | None = None
_WRITER: Writer | None = None


def write_pages(pages: list[Page], renderer: Renderer, out: Path, jobs: int = 1, files: Writer | None = None) -> None:
    """Render and write pages; a large site is shared out between this process and forked helpers.

    The pages that draw on the most articles (the site-wide ones, the slowest to render) go first, so
    that no process is left rendering them alone at the end. Files are written on threads (files.py)
    while the next page renders: on `files` when given (the caller flushes it).
    """
    renderer.prepare({p.template for p in pages})
    order = sorted(pages, key=lambda p: -len(p.sources))
    writer = files or Writer()
    try:
        if jobs > 1 and len(pages) >= PARALLEL_MIN_PAGES and "fork" in multiprocessing.get_all_start_methods():
            _render_together(order, renderer, out, jobs, writer)
        else:
            for page in order:
                writer.write(out / page.path, renderer.render(page))
    finally:
        if files is None:
            writer.close()


def _render_together(order: list[Page], renderer: Renderer, out: Path, jobs: int, writer: Writer) -> None:
    """This process renders beside `jobs - 1` forked helpers, each taking the next few pages from one
    shared counter. A helper shares the analysed data with this process only until it touches it, and
    rendering touches most of it, so every helper costs nearly a copy: hence no idle parent."""
    global _JOB
    writer.flush()  # no write in flight across the fork
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    _JOB = (order, renderer, out, counter)
    gc.freeze()  # the helpers' collections then leave the shared objects' pages unwritten
    try:
        with context.Pool(jobs - 1) as pool:
            helpers = pool.map_async(_helper, range(jobs - 1))
            try:
                failures = _take_pages(writer)
            except BaseException:
                _stop(counter, len(order))
                raise
            failures += [p for found in helpers.get() for p in found]
    finally:
        _JOB = None
        gc.unfreeze()
    if failures:
        raise TemplateError(failures[:1])


def _take_pages(writer: Writer) -> list[Problem]:
    """Render chunk after chunk until none is left; problems come back as records (they cross processes)."""
    assert _JOB is not None
    pages, renderer, out, counter = _JOB
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + CHUNK_PAGES
        if start >= len(pages):
            return []
        try:
            for page in pages[start:start + CHUNK_PAGES]:
                writer.write(out / page.path, renderer.render(page))
        except TemplateError as exc:
            _stop(counter, len(pages))
            return exc.problems


def _stop(counter: Any, end: int) -> None:
    with counter.get_lock():
        counter.value = end


def _helper(_: int) -> list[Problem]:
    """Runs in a forked helper, with a writer of its own."""
    global _WRITER
    _WRITER = _WRITER or Writer()
    try:
        return _take_pages(_WRITER)
    finally:
        _WRITER.flush()


def is_page_path(path: str) -> bool:
    return bool(re.search(r"\.html$", path))
