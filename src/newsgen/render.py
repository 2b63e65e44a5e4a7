"""SiteData -> files: every page is rendered through a Jinja template of the active theme."""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import re
import shutil
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup, escape

from . import __version__
from .analyse import ArticleView, SiteData
from .config import Config
from .errors import TemplateError
from .export import article_record
from .model import Block, Problem

PACKAGE_THEME = Path(__file__).parent / "templates"
CHECKOUT_THEME = Path(__file__).resolve().parents[2] / "templates"
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def default_theme_dir() -> Path:
    """The theme ships inside the package; an editable install reads the checkout's top-level templates/."""
    return PACKAGE_THEME if (PACKAGE_THEME / "base.html").exists() else CHECKOUT_THEME


@dataclass
class Page:
    """One output file: `path` is relative to the site root, e.g. `articles/seed/index.html`."""

    path: str
    template: str | None
    context: dict[str, Any]
    sources: tuple[str, ...] = ()
    content: str | None = None


def safe_url(value: Any) -> str | None:
    """Only web links from content reach a page: no javascript:, data: or other schemes."""
    if not value:
        return None
    url = str(value).strip()
    return url if url.lower().startswith(SAFE_SCHEMES) else None


def make_env(config: Config) -> jinja2.Environment:
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
    )
    env.filters["safe_url"] = safe_url
    env.filters["datefmt"] = lambda d, fmt="%-d %B %Y": d.strftime(fmt) if d else ""
    env.filters["kind_label"] = lambda k: {"direct": "quote", "partial": "partial quote", "indirect": "reported", "according_to": "according to"}.get(k, k)
    env.filters["number"] = format_number
    return env


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def relative_url(from_page: str, target: str) -> str:
    """A link from one page to another that works under any base path and from the file system."""
    from_dir = posixpath.dirname(from_page)
    is_dir = target == "" or target.endswith("/")
    path, _, fragment = target.partition("#")
    rel = posixpath.relpath(path or ".", from_dir or ".") if path else ""
    if is_dir and rel and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    elif path == "" and not fragment:
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


# --- inline highlighting of claims, figures and dates -------------------------------------------------


@dataclass
class _Mark:
    start: int
    end: int
    level: int
    open: str
    close: str


def _nest(marks: list[_Mark]) -> list[_Mark]:
    """Keep marks that nest properly (figures and dates inside claims); drop the ones that cross."""
    kept: list[_Mark] = []
    stack: list[_Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -m.end, m.level)):
        while stack and stack[-1].end <= m.start:
            stack.pop()
        if m.start >= m.end or (stack and (m.end > stack[-1].end or m.level <= stack[-1].level)):
            continue
        kept.append(m)
        stack.append(m)
    return kept


def highlight(body: str, block: Block, marks: list[_Mark]) -> Markup:
    inside = [
        _Mark(max(m.start, block.start), min(m.end, block.end), m.level, m.open, m.close)
        for m in marks
        if m.start < block.end and m.end > block.start
    ]
    events: list[tuple[int, int, str]] = []
    for m in _nest(inside):
        events.append((m.start, 1, m.open))
        events.append((m.end, 0, m.close))
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    pos = block.start
    for offset, _, tag in events:
        out.append(str(escape(body[pos:offset])))
        out.append(tag)
        pos = offset
    out.append(str(escape(body[pos:block.end])))
    return Markup("".join(out))


def article_marks(view: ArticleView, page: str, speaker_url: Callable[[str], str]) -> list[_Mark]:
    marks: list[_Mark] = []
    for ref in view.claims:
        c = ref.claim
        who = escape(c.speaker or "unattributed")
        link = (
            f'<a class="who" href="{escape(relative_url(page, speaker_url(ref.speaker_slug)))}">{who}</a>'
            if ref.speaker_slug
            else f'<span class="who who-unknown">{who}</span>'
        )
        marks.append(_Mark(c.start, c.end, 0, f'<mark class="claim claim-{escape(c.kind)}" id="{ref.anchor}" data-speaker="{who}">', f"</mark>{link}"))
    for ref in view.figures:
        f = ref.figure
        title = escape(f"{format_number(f.value)} {f.unit or ''}".strip() + (f" ({f.qualifier.replace('_', ' ')})" if f.qualifier else ""))
        marks.append(_Mark(f.start, f.end, 1, f'<span class="figure" id="{ref.anchor}" title="{title}">', "</span>"))
    for entry in view.timeline:
        d = entry.ref
        marks.append(_Mark(d.start, d.end, 1, f'<time class="date" id="{entry.anchor}" datetime="{escape(d.resolved or "")}" title="{escape(d.resolved or "")}">', "</time>"))
    return marks


# --- pages ----------------------------------------------------------------------------------------------


def article_url(slug: str) -> str:
    return f"articles/{slug}/"


def speaker_url(slug: str) -> str:
    return f"speakers/{slug}/"


def tag_url(tag: str) -> str:
    from .content import slugify

    return f"tags/{slugify(tag)}/"


def plan_pages(data: SiteData, config: Config) -> Iterator[Page]:
    """Every output file with the templates and sources it is made from."""
    everything = tuple(v.article.path for v in data.articles)
    yield Page("index.html", "index.html", {"data": data}, everything)
    for view in data.articles:
        yield Page(article_url(view.article.slug) + "index.html", "article.html", {"view": view}, (view.article.path,))
    yield Page("speakers/index.html", "speakers.html", {"data": data}, everything)
    for sp in data.speakers:
        yield Page(speaker_url(sp.slug) + "index.html", "speaker.html", {"speaker": sp}, tuple(a.path for a in sp.articles))
    yield Page("figures/index.html", "figures.html", {"data": data}, everything)
    yield Page("timeline/index.html", "timeline.html", {"data": data}, everything)
    if data.tags:
        yield Page("tags/index.html", "tags.html", {"data": data}, everything)
    for tag, views in data.tags.items():
        yield Page(tag_url(tag) + "index.html", "tag.html", {"tag": tag, "views": views}, tuple(v.article.path for v in views))
    yield Page("404.html", "404.html", {"data": data}, ())
    records = [article_record(v.article, v.extraction) for v in data.articles]
    yield Page("claims.json", None, {}, everything, content=json.dumps({"articles": records}, ensure_ascii=False, indent=1))
    yield Page("claims.csv", None, {}, everything, content=claims_csv(data))
    for view, record in zip(data.articles, records):
        yield Page(article_url(view.article.slug) + "claims.json", None, {}, (view.article.path,), content=json.dumps(record, ensure_ascii=False, indent=1))
    yield Page("sitemap.xml", None, {}, everything, content=sitemap(data, config))
    yield Page("feed.xml", "feed.xml", {"data": data}, everything)
    yield Page(".nojekyll", None, {}, (), content="")


CSV_FIELDS = ("article", "date", "speaker", "speaker_type", "role", "kind", "cue", "text", "sentence", "start", "end", "url")


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
            row = (view.article.path, view.article.date, c.speaker, c.speaker_type, c.role, c.kind, c.cue, c.text, c.sentence, c.start, c.end, article_url(view.article.slug) + "#" + ref.anchor)
            writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def sitemap(data: SiteData, config: Config) -> str:
    base = config.site_url or config.base_path
    urls = ["", "speakers/", "figures/", "timeline/"] + [article_url(v.article.slug) for v in data.articles] + [speaker_url(s.slug) for s in data.speakers]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_escape(base + u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


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
    def __init__(self, config: Config, data: SiteData):
        self.config = config
        self.data = data
        self.env = make_env(config)

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
            "tag_url": lambda tag: url(tag_url(tag)),
            "generator": f"newsgen {__version__}",
            "highlight": lambda view, block: highlight(view.article.body, block, article_marks(view, page, speaker_url)),
        }

    def render(self, page: Page) -> str:
        if page.content is not None:
            return page.content
        assert page.template is not None
        try:
            template = self.env.get_template(page.template)
            return template.render({**self.globals_for(page.path), **page.context})
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
            raise TemplateError(template_problem(exc, page.template)) from None


def copy_assets(config: Config, out: Path) -> None:
    """Theme assets first, then the site's own assets/ on top."""
    for theme in (default_theme_dir(), config.templates_path):
        src = theme / "assets"
        if src.is_dir():
            shutil.copytree(src, out / "assets", dirs_exist_ok=True)


def write_pages(pages: list[Page], renderer: Renderer, out: Path, on_page: Callable[[Page], None] | None = None) -> None:
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(renderer.render(page), encoding="utf-8")
        if on_page:
            on_page(page)


def is_page_path(path: str) -> bool:
    return bool(re.search(r"\.html$", path))
