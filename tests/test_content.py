"""Loading article files: front matter, plain-text and Markdown bodies, and every user error."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from newsgen.content import classify, load_article, load_content
from newsgen.errors import ContentError

from .conftest import SEED, write


def test_seed_dateline_headings_and_front_matter() -> None:
    a = load_article(SEED, SEED.parent)
    assert a.title == "US warns North Korean troops in Russia would be legitimate targets"
    assert a.date == dt.date(2024, 10, 23)
    kinds = {a.body[b.start:b.end]: b.kind for b in a.blocks}
    assert kinds["Washington:"] == "dateline"
    assert kinds["International issues:"] == "heading"
    assert kinds["“Helping Putin” –"] == "heading"
    assert sum(k == "paragraph" for k in kinds.values()) == len(a.blocks) - 3
    assert all(a.body[b.start:b.end].strip() == a.body[b.start:b.end] for b in a.blocks)


@pytest.mark.parametrize(
    ("line", "first", "kind"),
    [
        ("Washington:", True, "dateline"),
        ("International issues:", False, "heading"),
        ("“Helping Putin” –", False, "heading"),
        ("██ Syrian Arab Republic", False, "heading"),
        ("Officials said South Korea will send a team to NATO headquarters in Brussels next week.", False, "paragraph"),
        ("He died.", False, "paragraph"),
        ("“We will not go back,” she said.", False, "paragraph"),
    ],
)
def test_classify_lines(line: str, first: bool, kind: str) -> None:
    assert classify(line, first) == kind


def test_markdown_body_is_plain_text_without_raw_html(tmp_path: Path) -> None:
    f = write(tmp_path / "a.md", "---\ntitle: T\n---\n# Heading\n\nThe *minister* said [it](http://x.org) was <b>fine</b>.<script>alert(1)</script>\n\n<div onclick='x()'>Raw block</div>\n")
    a = load_article(f, tmp_path)
    assert "Heading" in a.body and "The minister said it was fine." in a.body
    assert "alert" not in a.body and "<" not in a.body and "onclick" not in a.body
    assert a.blocks[0].kind == "heading"


def test_markdown_links_and_emphasis_are_kept_as_inline_spans_over_the_plain_body(tmp_path: Path) -> None:
    f = write(tmp_path / "a.md", "The *prime   minister* said [the\nreport](https://example.org/r \"t\") was <b>fine</b>.\n\n"
              "A [bad](javascript:alert(1)) link, `code` and an <em>unclosed tag.\n")
    a = load_article(f, tmp_path)
    spans = [(i.tag, a.body[i.start:i.end], i.href) for i in a.inline]
    assert spans == [("em", "prime minister", None), ("a", "the report", "https://example.org/r"), ("strong", "fine", None),
                     ("a", "bad", "javascript:alert(1)"), ("code", "code", None)]
    assert a.body.startswith("The prime minister said the report was fine.")


def test_no_front_matter_title_from_first_sentence(tmp_path: Path) -> None:
    f = write(tmp_path / "plain.txt", "The mayor said the bridge will reopen on Monday. Traffic is expected to be heavy.\n")
    a = load_article(f, tmp_path)
    assert a.title == "The mayor said the bridge will reopen on Monday"
    assert a.date is None and a.slug == "plain"


def test_front_matter_fields(tmp_path: Path) -> None:
    f = write(tmp_path / "News Item.md", "---\ntitle: Hello\ndate: 2020-01-10\nsource: https://example.org/x\nauthor: A. Writer\ntags: [energy, cyprus]\nlicence: CC BY 2.5\nextra: kept\n---\nBody text here.\n")
    a = load_article(f, tmp_path)
    assert (a.url, a.author, a.tags, a.licence, a.slug) == ("https://example.org/x", "A. Writer", ["energy", "cyprus"], "CC BY 2.5", "news-item")
    assert a.meta == {"extra": "kept"}


def test_windows_line_endings_bom_and_tabs(tmp_path: Path) -> None:
    f = write(tmp_path / "w.txt", "\ufeff---\r\ntitle: W\r\n---\r\nFirst\tline is a sentence here.\r\nSecond one, too.\r\n".encode())
    a = load_article(f, tmp_path)
    assert a.title == "W" and "\r" not in a.body
    assert [a.body[b.start:b.end] for b in a.blocks] == ["First\tline is a sentence here.", "Second one, too."]


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"---\ntitle: [unclosed\n---\nText.\n", "front matter is not valid YAML", 2),
        (b"---\ntitle: ok\nauthor: a: b\n---\nText.\n", "front matter is not valid YAML", 3),
        (b"---\ndate: 2024-13-45\n---\nText.\n", "is not a date", 2),
        (b"---\n- a\n- b\n---\nText.\n", "front matter is not a mapping", 2),
        (b"---\ntitle: x\ndate: next tuesday\n---\nText.\n", "is not a date", 3),
        (b"---\ntitle: x\nText.\n", "front matter is not closed", 1),
        (b"caf\xe9 au lait\nsecond\n\xff\n", "not valid UTF-8", 1),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file", None),
    ],
)
def test_user_errors_name_file_and_line(tmp_path: Path, content: bytes, message: str, line: int | None) -> None:
    f = write(tmp_path / "bad.txt", content)
    with pytest.raises(ContentError) as info:
        load_article(f, tmp_path)
    problem = info.value.problems[0]
    assert message in problem.message and problem.hint
    assert problem.line == line
    assert str(problem).startswith(problem.path) and "bad.txt" in problem.path


def test_load_content_reports_every_problem_and_skips_junk(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "good.txt", "---\ndate: 2020-01-01\n---\nA sentence.\n")
    write(content / "bad1.txt", "---\ndate: soon\n---\nText.\n")
    write(content / "bad2.md", b"\xff\xfe\x00\x00")
    write(content / "empty.txt", "")
    write(content / "nodate.txt", "Some text.\n")
    write(content / "draft.md", "---\ndraft: true\ndate: 2020-01-01\n---\nDraft text.\n")
    for junk in (".hidden.txt", "good.txt~", ".#good.txt", "x.swp", "notes.pdf"):
        write(content / junk, "junk")
    articles, problems = load_content(content)
    assert [a.slug for a in articles] == ["good", "nodate"]
    errors = sorted(p.path.rsplit("/", 1)[-1] for p in problems if p.severity == "error")
    warnings = sorted(p.path.rsplit("/", 1)[-1] for p in problems if p.severity == "warning")
    assert errors == ["bad1.txt", "bad2.md"]
    assert warnings == ["empty.txt", "nodate.txt"]
    with_drafts, _ = load_content(content, drafts=True)
    assert "draft" in [a.slug for a in with_drafts]


def test_duplicate_output_paths_are_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content / "Story.txt", "A sentence.\n")
    write(content / "story.md", "Another sentence.\n")
    _, problems = load_content(content)
    assert any("same page" in p.message for p in problems if p.severity == "error")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this system")
def test_symlinks_outside_content_are_not_read(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "Top secret sentence.\n")
    content = tmp_path / "content"
    write(content / "a.txt", "A sentence.\n")
    (content / "leak.txt").symlink_to(secret)
    articles, _ = load_content(content)
    assert [a.slug for a in articles] == ["a"]


def test_a_misspelt_front_matter_key_is_a_warning_naming_the_key_it_was_meant_to_be(tmp_path: Path) -> None:
    write(tmp_path / "content" / "a.md", "---\ntitle: Port deal\nauthour: Jane Doe\ndate: 2024-03-14\nTags: [ports]\nsection: Business\n---\nThe minister said the deal would pass.\n")
    articles, problems = load_content(tmp_path / "content", root=tmp_path)
    assert [str(p) for p in problems] == [
        "content/a.md:3: warning: unknown front matter key 'authour' — did you mean 'author'?",
        "content/a.md:5: warning: unknown front matter key 'Tags' — did you mean 'tags'?",
    ]
    assert articles[0].author is None and articles[0].meta["section"] == "Business"  # a key of the site's own passes quietly
