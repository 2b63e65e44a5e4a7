"""newsgen.render without spaCy or a browser: highlighting, URLs, labels and escaping of untrusted content."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.analyse import analyse
from newsgen.config import Config
from newsgen.content import load_article
from newsgen.model import Article, Block, Claim, DateRef, Extraction, Figure
from newsgen.render import (
    Renderer,
    _Mark,
    assign_marks,
    block_marks,
    briefing_dates,
    compact_number,
    csv_cell,
    date_context,
    date_label,
    highlight,
    key_claims,
    paginate,
    plan_pages,
    quantity_urls,
    relative_url,
    reading,
    safe_url,
    series,
)

from .sample_site import sample_data


class _Tags(HTMLParser):
    """Text, ids and whether every element closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.ids += [v for k, v in attrs if k == "id" and v]

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


def mark(start: int, end: int, anchor: str, level: int = 0, after: str = "", who: str = "") -> _Mark:
    return _Mark(start, end, level, '<mark class="m" {id}>', "</mark>", anchor, after, who)


BODY = "One two three.\n\nFour <five> & six.\n\nSeven eight."
BLOCKS = [Block("paragraph", 0, 14), Block("paragraph", 16, 34), Block("paragraph", 36, 48)]


def render_blocks(marks: list[_Mark], body: str = BODY, blocks: list[Block] = BLOCKS) -> list[str]:
    return [str(highlight(body, b, block_marks(blocks, i, marks))) for i, b in enumerate(blocks)]


def test_marks_wrap_their_words_and_the_text_is_escaped() -> None:
    html = render_blocks([mark(4, 7, "a"), mark(21, 27, "b")])
    assert html[0] == 'One <mark class="m" id="a">two</mark> three.'
    assert html[1] == 'Four <mark class="m" id="b">&lt;five&gt;</mark> &amp; six.'


def test_a_mark_across_blocks_keeps_one_id_and_puts_its_label_after_its_last_part() -> None:
    html = render_blocks([mark(8, 21, "x", after="<a>who</a>")])
    assert html[0] == 'One two <mark class="m" id="x">three.</mark>'
    assert html[1] == '<mark class="m">Four </mark><a>who</a>&lt;five&gt; &amp; six.'


def test_a_crossing_mark_is_cut_not_dropped_so_its_anchor_survives() -> None:
    html = render_blocks([mark(0, 7, "claim"), mark(4, 13, "fig", level=1)])[0]
    assert parse(html).balanced
    assert 'id="claim"' in html and 'id="fig"' in html


def test_a_mark_between_blocks_becomes_an_anchor_in_the_next_block() -> None:
    html = render_blocks([mark(14, 16, "gap")])
    assert html[1].startswith('<span class="anchor" id="gap"></span>Four')


def test_nested_claim_by_the_same_speaker_shows_the_speaker_once() -> None:
    html = render_blocks([mark(0, 14, "outer", after="<a>K</a>", who="k"), mark(4, 13, "inner", after="<a>K</a>", who="k")])[0]
    assert html.count("<a>K</a>") == 1 and html.endswith("</mark><a>K</a>")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20), st.integers(0, 2)), max_size=8),
)
def test_any_marks_give_balanced_html_the_same_text_and_each_anchor_once(spans: list[tuple[int, int, int]]) -> None:
    marks = [mark(s, min(s + n, len(BODY)), f"m{i}", level, after=f'<a href="#m{i}">w</a>' if level == 0 else "") for i, (s, n, level) in enumerate(spans)]
    html = render_blocks(marks)
    ids: list[str] = []
    for block, out in zip(BLOCKS, html):
        parsed = parse(out)
        assert parsed.balanced, out
        assert "".join(parsed.text).replace("w", "") == BODY[block.start:block.end].replace("w", "")
        ids += parsed.ids
    assert sorted(ids) == sorted(m.anchor for m in marks)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("  http://example.org ", "http://example.org"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_lets_only_web_links_through(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    ("page", "target", "expected"),
    [
        ("index.html", "", "./"),
        ("index.html", "speakers/", "speakers/"),
        ("articles/a/index.html", "", "../../"),
        ("articles/a/index.html", "speakers/kirby/", "../../speakers/kirby/"),
        ("articles/a/index.html", "articles/a/#claim-1", "./#claim-1"),
        ("articles/world/a/index.html", "assets/style.css", "../../../assets/style.css"),
        ("speakers/index.html", "figures/#troops", "../figures/#troops"),
    ],
)
def test_relative_urls_work_under_any_base_path(page: str, target: str, expected: str) -> None:
    assert relative_url(page, target) == expected


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (dt.date(2024, 10, 23), dt.date(2024, 10, 23), "23 October 2024"),
        (dt.date(2024, 10, 1), dt.date(2024, 10, 20), "1–20 October 2024"),
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31), "December 2024"),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "February 2024"),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024"),
        (dt.date(2024, 10, 28), dt.date(2024, 11, 3), "28 October – 3 November 2024"),
        (dt.date(2024, 12, 30), dt.date(2025, 1, 5), "30 December 2024 – 5 January 2025"),
        (dt.date(2019, 7, 1), dt.date(2019, 9, 30), "July – September 2019"),
        (dt.date(2010, 1, 1), dt.date(2019, 12, 31), "2010 – 2019"),
    ],
)
def test_date_labels_read_like_a_newspaper(start: dt.date, end: dt.date, label: str) -> None:
    assert date_label(start, end) == label


@pytest.mark.parametrize(("value", "text"), [(50e9, "50 billion"), (1_500_000, "1.5 million"), (3000, "3,000"), (2.5, "2.5"), (None, "")])
def test_compact_numbers(value: float | None, text: str) -> None:
    assert compact_number(value) == text


def test_a_quantity_reads_as_a_series_of_values_by_date() -> None:
    body = "Officials said 53 deaths had been recorded. Later officials said at least 62 had died. Reports said about 81 died."
    art = Article(path="content/a.txt", source=Path("a.txt"), slug="a", title="a", date=dt.date(2019, 12, 7), body=body, blocks=[Block("paragraph", 0, len(body))])
    spans = [("53 deaths", 53, None), ("at least 62", 62, "at_least"), ("about 81", 81, "approximate")]
    figs = [Figure(t, v, None, body.index(t), body.index(t) + len(t), q, quantity="count|killed", counted="deaths") for t, v, q in spans]
    dates = [DateRef("Later", "2019-12-09", body.index("Later"), body.index("Later") + 5)]
    figs[1].date_at = figs[2].date_at = dates[0].start
    [q] = analyse([(art, Extraction([], figs, dates))]).quantities
    assert [reading(r) for r in q.refs] == ["53", "at least 62", "about 81"]
    assert series(q) == "53 (7 December 2019), at least 62 / about 81 (9 December 2019)"


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\tx"])
def test_csv_cells_that_a_spreadsheet_would_run_stay_text(cell: str) -> None:
    assert csv_cell(cell).startswith("'")


def test_key_claims_lead_with_attributed_whole_quotes_in_text_order(tmp_path: Path) -> None:
    data = sample_data(tmp_path / "content")
    troops = next(v for v in data.articles if v.article.slug == "troops")
    kinds = [r.claim.kind for r in key_claims(troops)]
    assert kinds == ["direct", "indirect", "according_to"]
    briefing = next(v for v in data.articles if v.article.slug == "briefing")
    assert [r.speaker_slug for r in key_claims(briefing)] == ["john-kirby", None, "group-under-kyiv-s-military-intelligence"]


def test_briefing_dates_split_at_the_newest_article_not_the_build_clock(tmp_path: Path) -> None:
    data = sample_data(tmp_path / "content")
    recent, upcoming = briefing_dates(data)
    assert [e.start.isoformat() for e in recent] == ["2024-10-25", "2024-10-23", "2024-10-01"]
    assert [e.start.isoformat() for e in upcoming] == ["2024-10-28", "2024-12-01"]


HOSTILE = """---
title: "<script>alert('title')</script>"
source: "javascript:alert('source')"
licence: "<img src=x onerror=alert('licence')>"
tags: ["<b>tag</b>"]
---

He said <img src=x onerror=alert(1)> "hello" and </p><script>alert(2)</script> & more, on Monday.
"""


def test_nothing_from_content_reaches_a_page_as_markup(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "evil.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    article = load_article(path, tmp_path / "content")
    body = article.body
    text_start = body.index("<img")
    claim = Claim('"><script>alert(3)</script>', "direct", body[text_start: body.index("& more")], text_start, body.index("& more"), body, "said", "<i>role</i>", "person", 0, len(body))
    fig = Figure("<img", 1.0, "<b>unit</b>", text_start, text_start + 4, "<q>")
    date = DateRef("Monday", "2024-10-21", body.index("Monday"), body.index("Monday") + 6)
    data = analyse([(article, Extraction([claim], [fig], [date]))])
    config = replace(Config(), root=tmp_path)
    renderer = Renderer(config, data)
    for page in plan_pages(data, config):
        if page.template is None or not page.path.endswith(".html"):
            continue
        html = renderer.render(page)
        assert "<script>alert" not in html, page.path
        assert "<img src=x" not in html and "<b>tag</b>" not in html and "<i>role</i>" not in html, page.path
        assert not re.search(r"(href|src|action)=\"\s*javascript:", html, re.I), page.path
        assert not re.search(r"<[^>]*\sonerror=", html), page.path


def test_markdown_links_render_only_as_web_links_and_never_wrap_a_speaker_link(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "linked.md"
    path.write_text("The [minister said the plan](https://example.org/plan) would *work*, [officials](javascript:alert(1)) said.\n", encoding="utf-8")
    article = load_article(path, tmp_path / "content")
    body = article.body
    start = body.index("the plan")
    claim = Claim("The minister", "indirect", body[start:body.index(",")], start, body.index(","), body, "said", None, "person", 0, len(body))
    config = replace(Config(), root=tmp_path)
    data = analyse([(article, Extraction([claim], [], []))])
    html = Renderer(config, data).render(next(p for p in plan_pages(data, config) if p.path == "articles/linked/index.html"))
    paragraph = html[html.index("<p", html.index("article-body")):]
    paragraph = paragraph[:paragraph.index("</p>")]
    assert paragraph.count('href="https://example.org/plan"') == 2  # cut where the claim starts
    assert "<em>work</em>" in paragraph and "javascript:" not in html
    assert not re.search(r'<a class="ext"[^>]*>(?:(?!</a>).)*<a ', paragraph), "a link inside a link"


def test_date_context_is_the_whole_sentence_around_the_date(tmp_path: Path) -> None:
    data = sample_data(tmp_path / "content")
    by_text = {e.ref.text: e for e in data.timeline}
    assert str(date_context(by_text["on Friday"])) == "The deployment of 10,000 troops would be a serious escalation, Kirby said <mark>on Friday</mark>."
    whole = str(date_context(by_text["early to mid-October"], width=60))
    assert whole.startswith("“We estimate") and "<mark>early to mid-October</mark>" in whole and "…" not in whole
    # the sentence names its speaker itself, so no name is added
    assert str(date_context(by_text["by December"])) == "Seoul claims that Pyongyang intends to send 10,000 soldiers to Russia <mark>by December</mark>."


def test_placing_marks_scales_to_a_very_long_article() -> None:
    blocks = [Block("paragraph", i * 100, i * 100 + 90) for i in range(5000)]
    marks = [mark(i * 100 + 10, i * 100 + 150, f"m{i}") for i in range(5000)]  # each crosses into the next block
    started = time.perf_counter()
    per_block = assign_marks(blocks, marks)
    assert time.perf_counter() - started < 2
    assert sum(1 for parts in per_block for m in parts if m.anchor) == 5000


def test_compiled_templates_are_kept_between_builds_and_follow_edits(tmp_path: Path) -> None:
    config, data = replace(Config(), root=tmp_path), sample_data(tmp_path / "content")
    page = next(p for p in plan_pages(data, config) if p.template == "search.html")
    compiled = tmp_path / ".newsgen" / "templates"
    plain = Renderer(config, data).render(page)
    assert Renderer(config, data, compiled).render(page) == plain
    assert any(compiled.iterdir())
    assert Renderer(config, data, compiled).render(page) == plain  # from the compiled copy
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "search.html").write_text("{% extends 'base.html' %}{% block content %}edited{% endblock %}", encoding="utf-8")
    assert "edited" in Renderer(config, data, compiled).render(page)
    (tmp_path / "templates" / "search.html").write_text("{% extends 'base.html' %}{% block content %}again{% endblock %}", encoding="utf-8")
    assert "again" in Renderer(config, data, compiled).render(page)


@pytest.mark.parametrize(
    ("items", "size", "pages", "numbers_on_first"),
    [
        (0, 3, [[]], [1]),
        (3, 3, [[0, 1, 2]], [1]),
        (4, 3, [[0, 1, 2], [3]], [1, 2]),
        (30, 3, [list(range(k, min(k + 3, 30))) for k in range(0, 30, 3)], [1, 2, 3, None, 10]),
    ],
)
def test_paginate_splits_lists_into_pages_at_hugo_style_urls(items: int, size: int, pages: list[list[int]], numbers_on_first: list[int | None]) -> None:
    split = list(paginate(list(range(items)), "tags/ukraine/", size))
    assert [list(chunk) for _, chunk in split] == pages
    pagers = [p for p, _ in split]
    assert [p.path for p in pagers] == ["tags/ukraine/index.html"] + [f"tags/ukraine/page/{n}/index.html" for n in range(2, len(pages) + 1)]
    assert pagers[0].numbers == numbers_on_first
    if len(pagers) >= 10:
        assert pagers[4].numbers == [1, None, 3, 4, 5, 6, 7, None, 10]
        assert pagers[-1].numbers == [1, None, 8, 9, 10]


def test_quantity_links_point_to_the_figures_page_that_lists_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsgen.render.pages.QUANTITIES_PAGE_SIZE", 2)
    listed = [SimpleNamespace(slug=f"q{i}", recurring=i != 1) for i in range(6)]  # q1 is given once: not listed
    assert quantity_urls(SimpleNamespace(quantities=listed)) == {
        "q0": "figures/#q0", "q2": "figures/#q2", "q3": "figures/page/2/#q3", "q4": "figures/page/2/#q4", "q5": "figures/page/3/#q5"}
