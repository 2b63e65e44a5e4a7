"""Hostile input to the loader: every case ends as clear one-line problems naming the file (and line)
— never a traceback, a hang, minutes or gigabytes."""

from __future__ import annotations

import os
import stat
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.content import MAX_ARTICLE_BYTES, MAX_SLUG_BYTES, is_ignored, load_article, load_content, slugify
from newsgen.errors import ContentError
from newsgen.model import Problem

from .conftest import write

S = "The minister said the plan would cost $5 billion."
T = "Officials said the talks would resume in Geneva next week."


def problem_of(path: Path, root: Path) -> Problem:
    with pytest.raises(ContentError) as info:
        load_article(path, root)
    problem = info.value.problems[0]
    assert problem.path.endswith(path.name) and problem.hint and "\n" not in str(problem)
    return problem


def measured(run: Callable[[], Any]) -> tuple[float, int]:
    """Seconds `run` takes, and the peak bytes Python allocates in it (a second run, traced); a
    ContentError from it is expected."""
    seconds = 0.0
    for traced in (False, True):
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        try:
            run()
        except ContentError:
            pass
        seconds = seconds or time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def finishes(run: Callable[[], Any], seconds: float = 10) -> Any:
    """`run()`'s result (or exception), failing rather than hanging if it blocks, as opening a FIFO does."""
    outcome: list[tuple[bool, Any]] = []

    def target() -> None:
        try:
            outcome.append((True, run()))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome.append((False, exc))

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked (opened a FIFO?)"
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


# 1. Front matter


def billion_laughs() -> str:
    names = "abcdefghi"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]" for prev, cur in zip(names, names[1:])]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [
        (billion_laughs(), "YAML alias (*a)", 3),
        ("title: &t Budget\ndescription: *t", "YAML alias (*t)", 3),
        ("base: &b {author: Jane Doe}\n<<: *b", "YAML alias (*b)", 3),
        ("x: " + "[" * 30 + "1" + "]" * 30, "nested more than 20 levels", 2),
        ("title: ok\nn: " + "1" * 5000, "is not a valid int", 3),
        ("date: !!timestamp 2024-13-45", "is not a valid timestamp (month must be in 1..12)", 2),
        ("title: !!float many", "is not a valid float", 2),
        ("title: [a, [b]]", "title must be text", 2),
        ("tags: [a, {b: c}]", "tags must be a list", 2),
    ],
)
def test_front_matter_that_would_blow_up_or_crash_is_one_problem(tmp_path: Path, front: str, message: str, line: int) -> None:
    f = write(tmp_path / "a.md", f"---\n{front}\n---\n{S}\n")
    seconds, peak = measured(lambda: load_article(f, tmp_path))
    problem = problem_of(f, tmp_path)
    assert message in problem.message and problem.line == line
    assert seconds < 0.5 and peak < 5_000_000


@pytest.mark.parametrize("value", ['"false"', "1", "yes please", "[true]", "0.0"])
def test_draft_must_be_a_boolean(tmp_path: Path, value: str) -> None:
    f = write(tmp_path / "a.md", f"---\ntitle: Budget\ndraft: {value}\n---\n{S}\n")
    problem = problem_of(f, tmp_path)
    assert "draft must be true or false" in problem.message and problem.line == 3


@pytest.mark.parametrize(("value", "draft"), [("true", True), ("false", False), ("no", False), ("", False)])
def test_draft_booleans_still_load(tmp_path: Path, value: str, draft: bool) -> None:
    assert load_article(write(tmp_path / "a.md", f"---\ndraft: {value}\n---\n{S}\n"), tmp_path).draft is draft


# 2. Size and Markdown nesting


def test_an_oversized_file_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = write(tmp_path / "huge.txt", (S + "\n").encode() * (MAX_ARTICLE_BYTES // len(S) + 1))
    monkeypatch.setattr(os, "open", lambda *a, **k: pytest.fail("opened a file over the limit"))
    problem = problem_of(f, tmp_path)
    assert f"{f.stat().st_size:,} bytes" in problem.message and f"{MAX_ARTICLE_BYTES:,}" in problem.message


DEEP = 5000
nested_markdown = [
    pytest.param(">" * DEEP + " " + S, "nested more than 50", 1, id="5000 >"),
    pytest.param("> " * DEEP + S, "nested more than 50", 1, id="5000 > with spaces"),
    pytest.param("- " * DEEP + S, "nested more than 50", 1, id="5000 list markers"),
    pytest.param("> - 1. " * DEEP + S, "nested more than 50", 1, id="quotes and lists"),
    pytest.param("".join("    " * i + "- " + S + "\n" for i in range(600)), "nested more than 50", 51, id="600 indented list levels"),
    pytest.param("".join("\t" * i + "1. " + S + "\n" for i in range(600)), "nested more than 50", 51, id="600 tab-indented levels"),
    pytest.param("".join(">" * i + " " + S + "\n" for i in range(1, 900)), "nested more than 50", 51, id="quotes deepening"),
    pytest.param("*" * DEEP + S + "*" * DEEP, "run of 5000 `*`/`_`", 1, id="5000 *"),
    pytest.param("_" * DEEP + S + "_" * DEEP, "run of 5000 `*`/`_`", 1, id="5000 _"),
    pytest.param("*_" * DEEP + S + "_*" * DEEP, "run of 10000 `*`/`_`", 1, id="*_ alternating"),
    pytest.param("[" * 200_000 + S + "]" * 200_000, "run of 200000 `[`", 1, id="200000 ["),
    pytest.param(T + "\f" + "> " * DEEP + S, "nested more than 50", 1, id="after a page break"),
]


@pytest.mark.parametrize(("body", "message", "line"), nested_markdown)
def test_deep_markdown_nesting_is_refused_fast_naming_the_line(tmp_path: Path, body: str, message: str, line: int) -> None:
    f = write(tmp_path / "deep.md", f"---\ntitle: Deep\n---\n{T}\n{body}\n")
    seconds, peak = measured(lambda: load_article(f, tmp_path))
    problem = problem_of(f, tmp_path)
    assert message in problem.message and problem.line == line + 4
    assert seconds < 0.5 and peak < 50_000_000


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<div>" * 1000 + S + "</div>" * 1000, id="1000 <div>"),
        pytest.param("<b>" * 1000 + S + "</b>" * 1000, id="1000 <b>"),
        pytest.param(("[link](http://example.org/a) " + S) * 200, id="one paragraph, 200 links"),
        pytest.param("[" * 50 + S + "]" * 50, id="50 ["),
        pytest.param("*" * 200 + "\n\n" + S, id="a long thematic break"),
        pytest.param("> - " + S + "\n>     - " + T + "\n", id="ordinary nesting"),
        pytest.param(("***cost*** " + S + " ") * 4000, id="one paragraph, 4000 emphasised words"),
    ],
)
def test_markdown_within_the_limits_loads_fast(tmp_path: Path, body: str) -> None:
    f = write(tmp_path / "ok.md", body + "\n")
    seconds, peak = measured(lambda: load_article(f, tmp_path))
    load_article(f, tmp_path)
    assert seconds < 2 and peak < 100_000_000


# 3. Runs the tokenizer used to take quadratic time over


@pytest.mark.parametrize("unit", ['"', "<", "“", "'s", '"<“(', "—"])
def test_long_runs_without_spaces_tokenize_in_linear_time_and_keep_the_text(nlp, unit: str) -> None:
    from newsgen.nlp import parse

    run = unit * (20_000 // len(unit))
    for body in (f"{S} {run} {T}", run, f"{run}  {S}\n", f"{S}\n{run}"):
        started = time.perf_counter()
        doc = nlp.tokenizer(body)
        assert time.perf_counter() - started < 1, "quadratic tokenization"  # was 40 s for 20,000 quotation marks
        assert doc.text == body
    assert next(parse(nlp, [body])).text == body


def test_short_runs_tokenize_as_before(nlp) -> None:
    body = f'{S} ""{"<" * 40}“ {T} {"-" * 30}'
    assert [t.text for t in nlp.tokenizer(body)] == [t.text for t in nlp.tokenizer.tokenizer(body)]


def test_an_article_with_a_run_of_quotes_extracts_with_true_offsets(nlp, tmp_path: Path) -> None:
    from newsgen.extract import extract
    from newsgen.nlp import parse

    article = load_article(write(tmp_path / "q.txt", f"---\ndate: 2024-10-23\n---\n{S} {'“' * 20_000} “{T}” he said.\n"), tmp_path)
    started = time.perf_counter()
    ex = extract(next(parse(nlp, [article.body])), article)
    assert time.perf_counter() - started < 5
    assert ex.figures and all(article.body[r.start:r.end] == r.text for r in [*ex.claims, *ex.figures, *ex.dates])


# 4. Files that are not regular files, and folders and files that cannot be read


def special_files(folder: Path) -> dict[str, str]:
    """Creates each kind it can here; name -> what the warning calls it."""
    made = {}
    os.mkfifo(folder / "pipe.txt")
    made["pipe.txt"] = "named pipe (FIFO)"
    (folder / "loop.md").symlink_to("loop.md")
    made["loop.md"] = "link that loops"
    (folder / "gone.txt").symlink_to("missing.txt")
    made["gone.txt"] = "link to a missing file"
    try:
        os.mknod(folder / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null: harmless if opened
        made["null.txt"] = "character device"
    except (OSError, AttributeError):
        pass
    return made


def test_fifos_devices_and_link_loops_are_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    write(folder / "good.txt", f"---\ndate: 2024-10-23\n---\n{S}\n")
    made = special_files(folder)
    articles, problems = finishes(lambda: load_content(folder, root=tmp_path))
    assert [a.slug for a in articles] == ["good"]
    warnings = {p.path.rsplit("/", 1)[-1]: p.message for p in problems if p.severity == "warning"}
    assert set(warnings) == set(made) and not [p for p in problems if p.severity == "error"]
    for name, kind in made.items():
        assert kind in warnings[name] and "skipped" in warnings[name]


def test_a_fifo_given_directly_is_refused_not_opened(tmp_path: Path) -> None:
    from newsgen.build import extract_paths

    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(ContentError) as info:
        finishes(lambda: extract_paths([tmp_path / "pipe.txt"], "en_core_web_sm"))
    assert "is a named pipe (FIFO), not an article file" in str(info.value)


def test_extract_and_check_report_a_fifo_without_hanging(cli, site: Path) -> None:
    os.mkfifo(site / "content" / "pipe.txt")
    result = finishes(lambda: cli(site, "extract", "content/pipe.txt"))
    assert result.exit_code == 1 and "content/pipe.txt: error: is a named pipe (FIFO)" in result.output
    result = finishes(lambda: cli(site, "check"))
    assert result.exit_code == 0 and "content/pipe.txt: warning: is a named pipe (FIFO)" in result.output


def denied(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, target: Path) -> None:
    """`module.name` raises PermissionError for `target` (tests run as root, so chmod would not do)."""
    real = getattr(module, name)

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path) == os.fspath(target):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, name, refuse)


@pytest.mark.parametrize(
    ("function", "where", "shown"),
    [
        ("scandir", "content/world", "content/world"),
        ("scandir", "content", "content"),
        ("open", "content/world/b.txt", "content/world/b.txt"),
    ],
)
def test_unreadable_folders_and_files_are_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, function: str, where: str, shown: str) -> None:
    write(tmp_path / "content" / "a.txt", f"{S}\n")
    write(tmp_path / "content" / "world" / "b.txt", f"{T}\n")
    denied(monkeypatch, os, function, tmp_path / where)
    _, problems = load_content(tmp_path / "content", root=tmp_path)
    assert f"{shown}: error: cannot be read (Permission denied) — check its permissions" in [str(p) for p in problems]


def test_a_folder_of_non_articles_is_an_error_but_an_empty_one_is_not(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    write(folder / ".gitkeep", "")
    assert load_content(folder, root=tmp_path) == ([], [])
    write(folder / "report.docx", b"PK\x03\x04")
    write(folder / "2024" / "notes.pdf", b"%PDF-1.7")
    _, problems = load_content(folder, root=tmp_path)
    assert [str(p) for p in problems] == [
        "content/: error: has no article files (.txt, .md, .markdown), only report.docx, notes.pdf — save articles as .txt or .md files"
    ]


@pytest.mark.parametrize(("name", "ignored"), [("~$report.txt", True), ("~WRL0001.tmp", True), (".~lock.x.txt#", True), ("report.txt", False)])
def test_office_lock_files_are_ignored(name: str, ignored: bool) -> None:
    assert is_ignored(name) is ignored


# 7. Encodings


@pytest.mark.parametrize(
    ("codec", "name"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")],
)
def test_utf16_and_utf32_files_are_named_as_such(tmp_path: Path, codec: str, name: str) -> None:
    f = write(tmp_path / "wide.txt", f"---\ntitle: Budget\n---\n{S}\n{T}\n".encode(codec))
    problem = problem_of(f, tmp_path)
    assert (problem.message, problem.hint) == (f"is {name}, not UTF-8", "save the file as UTF-8")


# 8. Names of 4-byte characters


@pytest.mark.parametrize("name", ["𠀀" * 100, "😀" * 100 + "x", "é" * 300, "дума" * 60, "a" * 300, "中" * 100])
def test_slugs_fit_a_file_name_whatever_the_characters(name: str) -> None:
    slug = slugify(name)
    assert 0 < len(slug.encode()) <= MAX_SLUG_BYTES and slug[0].isalnum() and slug[-1].isalnum()


@pytest.mark.parametrize(("name", "slug"), [("News Item", "news-item"), ("John Kirby", "john-kirby"), ("Élysée", "elysee"), ("a" * 90, "a" * 80)])
def test_ordinary_slugs_are_unchanged(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_an_article_named_in_four_byte_characters_gets_a_short_slug(tmp_path: Path) -> None:
    f = write(tmp_path / ("𠀀" * 60 + ".md"), f"---\ntags: [{'𠀀' * 100}]\n---\n{S}\n")
    article = load_article(f, tmp_path)
    assert article.slug == "𠀀" * 25 and len(slugify(article.tags[0]).encode()) == 100


# 9. Control characters


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_control_characters_never_reach_the_article(tmp_path: Path, suffix: str) -> None:
    front = '---\ntitle: "Budget\\x07 talks\\f resume"\nauthor: "Jane\\x1b[31m Doe"\ntags: ["energy\\x00", "x\\u0085y"]\n---\n'
    f = write(tmp_path / f"c{suffix}", front + f"{S}\f{T}\vPage two\x07 text\x9b.\x1f\n")
    article = load_article(f, tmp_path)
    texts = [article.body, article.title, article.author, *article.tags]
    assert not [c for text in texts for c in text if c not in "\t\n" and (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F)]
    assert (article.title, article.author, article.tags) == ("Budget talks resume", "Jane[31m Doe", ["energy", "x y"])
    assert [article.body[b.start:b.end] for b in article.blocks] == [S, T, "Page two text."]


# Property: anything at all


front_fragments = st.sampled_from(
    ["title: ", "date: ", "tags: ", "draft: ", "slug: ", "author: ", "x: ", "&a ", "*a", "<<: *a", "[", "]", "{", "}", ", ", "- ", "  ",
     ": ", "? ", "!!int ", "!!timestamp ", "!!binary ", "!!set ", "!!python/object ", "2024-13-45", "1" * 5000, "~", "yes", "'", '"',
     "\\x07", "|", "> ", "\n", "\n", "\t", "\f", "é", "😀", "𠀀" * 30, S])
body_fragments = st.sampled_from(
    [S, T, " ", "\n", "\n\n", "\f", "\v", "\x07", "\x00", "\x9b", '"' * 700, "<" * 600, "“", "> " * 60, "    ", "- ", "*", "_", "[" * 60, "](",
     "<div>", "</div>", "<b>", "&amp;", "`", "#", "😀", "𠀀", "\r\n"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(front=st.lists(front_fragments, max_size=30).map("".join), body=st.lists(body_fragments, max_size=40).map("".join),
       suffix=st.sampled_from([".txt", ".md"]), framed=st.booleans())
def test_any_front_matter_and_body_load_or_fail_as_problems_quickly(tmp_path: Path, front: str, body: str, suffix: str, framed: bool) -> None:
    folder = tmp_path / "content"
    for old in folder.glob("*"):
        old.unlink()
    write(folder / f"a{suffix}", (f"---\n{front}\n---\n" if framed else "") + body)
    started = time.perf_counter()
    articles, problems = load_content(folder, root=tmp_path)
    assert time.perf_counter() - started < 5
    for problem in problems:
        assert problem.path and problem.message and problem.severity in ("error", "warning") and "\n" not in str(problem)
    for article in articles:
        assert all(0 <= b.start < b.end <= len(article.body) for b in article.blocks)
        assert isinstance(article.title, str) and all(isinstance(t, str) for t in article.tags)
