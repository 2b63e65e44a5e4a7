"""The theme: the Jinja environment with its filters and globals, and the Renderer that turns a planned
page into text; template failures become Problems that name the template and line."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .. import __version__
from ..analyse import ArticleView, SiteData, parse_resolved
from ..config import Config
from ..errors import TemplateError
from ..installed import default_theme_dir
from ..model import Block, Problem
from .exports import feed_id, xml_safe
from .filters import (TYPE_LABELS, by_period, by_story, compact_number, date_context, date_label, figure_label, format_number,
                      groupby_article, key_claims, key_quantities, kind_label, reading, safe_url, series)
from .highlight import _Mark, article_marks, assign_marks, highlight
from .pages import Page, quantity_urls
from .urls import article_url, relative_url, speaker_url, story_url, tag_url


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

    def render(self, page: Page) -> str | Iterable[str]:
        """The page's text, or its pieces for a large data file; any .xml file (a theme's own too) is
        cleaned of what XML forbids, whatever route a value took into it (content, config, filters)."""
        text = self._render(page)
        if not page.path.endswith(".xml"):
            return text
        return xml_safe(text) if isinstance(text, str) else map(xml_safe, text)

    def _render(self, page: Page) -> str | Iterable[str]:
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
