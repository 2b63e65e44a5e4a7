"""Hostile and odd input: arbitrary text never crashes the loader or the extractor, offsets stay true."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.content import load_article
from newsgen.errors import ContentError
from newsgen.extract import extract

from .conftest import write

QUOTES = "“”\"‘’'«»„"
news_text = st.text(
    alphabet=st.sampled_from(list(string.ascii_letters + string.digits + " .,;:!?-–\n\t$%") + list(QUOTES) + ["é", "ж", "中", "\u200b", "\r"]),
    max_size=400,
)
yaml_values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3))


def _check_article_offsets(article) -> None:
    last = 0
    for block in article.blocks:
        assert last <= block.start < block.end <= len(article.body)
        assert article.body[block.start:block.end].strip() == article.body[block.start:block.end]
        last = block.end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=news_text, suffix=st.sampled_from([".txt", ".md"]), raw=st.binary(max_size=40))
def test_loader_never_raises_anything_but_content_errors(tmp_path: Path, body: str, suffix: str, raw: bytes) -> None:
    for data in (body.encode("utf-8"), raw, b"---\n" + raw + b"\n---\n" + body.encode()):
        f = write(tmp_path / f"a{suffix}", data)
        try:
            article = load_article(f, tmp_path)
        except ContentError as exc:
            assert exc.problems and all(p.path and p.message for p in exc.problems)
            continue
        _check_article_offsets(article)


markdown_text = st.lists(st.sampled_from(list(string.ascii_letters[:6] + " .\n*_`[]()<>/#:=\"'")
                                        + ["<a href=", "</a>", "<b>", "</b>", "](http://x.y)", "**", "\n\n", "<em>"]), max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=markdown_text)
def test_markdown_inline_spans_always_lie_inside_one_block(tmp_path: Path, body: str) -> None:
    article = load_article(write(tmp_path / "a.md", body), tmp_path)
    _check_article_offsets(article)
    for span in article.inline:
        assert span.tag in ("a", "em", "strong", "code") and span.start < span.end
        assert any(b.start <= span.start and span.end <= b.end for b in article.blocks), (span, article.blocks)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=st.dictionaries(st.sampled_from(["title", "date", "tags", "draft", "source", "author", "x"]), yaml_values, max_size=5))
def test_any_front_matter_values_load_or_fail_cleanly(tmp_path: Path, meta: dict) -> None:
    import yaml

    f = write(tmp_path / "a.md", "---\n" + yaml.safe_dump(meta) + "---\nThe minister said it was fine.\n")
    try:
        article = load_article(f, tmp_path)
    except ContentError as exc:
        assert exc.problems[0].line is not None
        return
    assert isinstance(article.title, str) and all(isinstance(t, str) for t in article.tags)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=news_text)
def test_extractor_never_crashes_and_offsets_are_substrings(nlp, tmp_path: Path, body: str) -> None:
    f = write(tmp_path / "a.txt", "---\ndate: 2024-10-23\n---\n" + body)
    try:
        article = load_article(f, tmp_path)
    except ContentError:
        return
    ex = extract(nlp(article.body), article)
    for rec in [*ex.claims, *ex.figures, *ex.dates]:
        assert 0 <= rec.start <= rec.end <= len(article.body)
        assert article.body[rec.start:rec.end] == rec.text
    for claim in ex.claims:
        assert claim.text in article.body and claim.kind in ("direct", "partial", "indirect", "according_to")


@pytest.mark.parametrize(
    "body",
    [
        "«Nous ne céderons pas», a déclaré le ministre. The minister said «we will not give in».\n",
        "„Wir geben nicht auf“, sagte der Minister. The spokesman said „no comment“.\n",
        "Москва заявила, что «войска отведены». Президент сказал: «Нет».\n",
        "“An unbalanced quote, said the official.\nNext paragraph without closing.\n",
        ("The minister said the plan would cost $5 billion. " * 400) + "\n",
    ],
)
def test_odd_but_valid_articles_extract(nlp, tmp_path: Path, body: str) -> None:
    f = write(tmp_path / "odd.txt", "---\ndate: 2020-01-10\n---\n" + body)
    article = load_article(f, tmp_path)
    ex = extract(nlp(article.body), article)
    for rec in [*ex.claims, *ex.figures, *ex.dates]:
        assert article.body[rec.start:rec.end] == rec.text
