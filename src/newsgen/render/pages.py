"""The page plan: every output file the site has, its template, its context and what it is made from.

Kept apart from the theme (theme.py) as MkDocs keeps its structure apart from its theme: the plan decides
which pages exist and where, the theme only how each one looks.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from ..analyse import ArticleView, SiteData, TimelineEntry
from ..analyse.quantities import Quantity
from ..config import Config
from . import exports
from .schema import claims_schema
from .urls import article_url, speaker_url, story_url, tag_url


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
    produce: Callable[[], str | Iterable[str]] | None = None


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


def story_deps(data: SiteData, view: ArticleView) -> tuple[str, ...]:
    """What an article page shows from its story: the story's name, and which of its figures sources dispute."""
    story = data.story_of(view.article)
    head = (f"story={story.slug}:{story.title}",) if story else ()
    return head + tuple(f"{r.anchor}={r.quantity.slug}:{r.quantity.differ}" for r in view.figures if r.quantity is not None)


def plan_pages(data: SiteData, config: Config) -> Iterator[Page]:
    """Every output file with the templates and sources it is made from; the sitemap lists the HTML
    pages planned before it, so it needs no second plan."""
    urls: list[str] = []
    for page in _planned(data, config):
        if page.path.endswith(".html") and page.path not in SITEMAP_SKIPS:
            urls.append(page.path.removesuffix("index.html"))
        yield page
    if config.site_url:  # both need absolute addresses (build.py warns when they are left out)
        everything = tuple(v.article.path for v in data.articles)
        yield from sitemap_pages(urls, config, everything)
        yield Page("feed.xml", "feed.xml", {"data": data}, everything)
    yield Page(".nojekyll", None, {}, (), content="")


def _planned(data: SiteData, config: Config) -> Iterator[Page]:
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
    yield Page("claims.json", None, {}, everything, produce=functools.partial(exports.claims_json, data))
    yield Page("claims.jsonl", None, {}, everything, produce=functools.partial(exports.claims_jsonl, data))
    yield Page("claims.schema.json", None, {}, (), content=json.dumps(claims_schema(config), ensure_ascii=False, indent=1))
    yield Page("claims.csv", None, {}, everything, produce=functools.partial(exports.claims_csv, data))
    yield Page("speakers.json", None, {}, everything, produce=functools.partial(exports.speakers_json, data))
    yield Page("figures.json", None, {}, everything, produce=functools.partial(exports.figures_json, data))
    for view in data.articles:
        # Its claims' speaker ids come from grouping across articles: part of the fingerprint.
        ids = tuple(f"{r.anchor}={r.speaker_slug}" for r in view.claims)
        yield Page(article_url(view.article.slug) + "claims.json", None, {}, (view.article.path,), deps=ids, produce=functools.partial(exports.article_json, view))


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


SITEMAP_SKIPS = ("404.html", "search/index.html")


# The sitemaps protocol's limit on the addresses in one file; a larger site gets a sitemap index.
SITEMAP_URLS = 50_000
SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_pages(urls: list[str], config: Config, sources: tuple[str, ...]) -> Iterator[Page]:
    """sitemap.xml: the site's HTML pages at their absolute addresses, or, past SITEMAP_URLS of them,
    an index of sitemap-1.xml, sitemap-2.xml, … that hold them (crawlers read both)."""
    parts = [urls[i:i + SITEMAP_URLS] for i in range(0, len(urls), SITEMAP_URLS)] or [[]]
    if len(parts) == 1:
        yield Page("sitemap.xml", None, {}, sources, produce=functools.partial(sitemap, parts[0], config))
        return
    for n, part in enumerate(parts, 1):
        yield Page(f"sitemap-{n}.xml", None, {}, sources, produce=functools.partial(sitemap, part, config))
    yield Page("sitemap.xml", None, {}, sources, produce=functools.partial(sitemap_index, len(parts), config))


def sitemap(urls: list[str], config: Config) -> str:
    """Only made when the site's full URL is known, since sitemaps take no relative addresses."""
    assert config.site_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAPS}">']
    lines += [f"  <url><loc>{_absolute(config, u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(count: int, config: Config) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAPS}">']
    lines += [f"  <sitemap><loc>{_absolute(config, f'sitemap-{n}.xml')}</loc></sitemap>" for n in range(1, count + 1)]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def _absolute(config: Config, path: str) -> str:
    return xml_escape(exports.xml_safe(str(config.site_url) + quote(path)))
