"""An incremental build equals a clean one after edits, additions, deletions and template changes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsgen.build import build
from newsgen.config import load_config

from .conftest import SEED, snapshot, write
from .search_site import indexed

ARTICLES = {
    "bridge.md": "---\ntitle: Bridge to reopen\ndate: 2024-10-24\ntags: [local]\n---\nThe city's mayor, Anna Berg, said on Thursday that the bridge would reopen next week.\n\n\"We have listened to the commuters,\" Berg told reporters.\n",
    "budget.md": "---\ntitle: Budget passes\ndate: 2024-10-25\ntags: [local, money]\n---\nAccording to the finance ministry, the budget of $4 billion passed on Friday.\n\nThe minister, Tom Reyes, said the vote was \"a relief\".\n",
    "storm.txt": "---\ntitle: Storm warning\ndate: 2024-10-26\n---\nForecasters warned on Saturday that at least 200 homes could be flooded.\n",
}


def _quiet(line: str) -> None:
    pass


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of one site: `inc` is rebuilt incrementally, `clean` from scratch every time."""
    sites = []
    for name in ("inc", "clean"):
        root = tmp_path / name
        write(root / "content" / "seed.txt", SEED.read_text(encoding="utf-8"))
        for fname, text in ARTICLES.items():
            write(root / "content" / fname, text)
        sites.append(root)
    return sites[0], sites[1]


def _apply(roots: tuple[Path, Path], change) -> None:
    for root in roots:
        change(root)


def _same_as_clean(inc: Path, clean: Path) -> int:
    result = build(load_config(root=inc), report=_quiet)
    shutil.rmtree(clean / "site", ignore_errors=True)
    shutil.rmtree(clean / ".newsgen", ignore_errors=True)
    build(load_config(root=clean), use_cache=False, report=_quiet)
    assert snapshot(inc / "site", skip=("pagefind",)) == snapshot(clean / "site", skip=("pagefind",))
    return result.rendered


def test_incremental_builds_equal_clean_builds(pair: tuple[Path, Path]) -> None:
    inc, clean = pair
    first = build(load_config(root=inc), report=_quiet)
    assert first.rendered == first.pages

    _apply(pair, lambda r: write(r / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 30 schools would close.\n"))
    edited = _same_as_clean(inc, clean)
    assert 0 < edited < first.pages

    _apply(pair, lambda r: write(r / "content" / "fire.md", "---\ntitle: Fire at depot\ndate: 2024-10-27\ntags: [local]\n---\nFire chief Lena Ortiz said 12 trucks were destroyed.\n"))
    _same_as_clean(inc, clean)

    _apply(pair, lambda r: (r / "content" / "budget.md").unlink())
    _same_as_clean(inc, clean)
    assert not (inc / "site" / "articles" / "budget").exists()
    assert not (inc / "site" / "tags" / "money").exists()

    _apply(pair, lambda r: write(r / "content" / "bridge.md", ARTICLES["bridge.md"].replace("Anna Berg", "Anna Lind").replace("Berg told", "Lind told")))
    _same_as_clean(inc, clean)

    _apply(pair, lambda r: write(r / "templates" / "speaker.html", "{% extends 'base.html' %}{% block content %}<h1>Source: {{ speaker.name }}</h1>{% endblock %}"))
    rerendered = _same_as_clean(inc, clean)
    assert rerendered > edited

    _apply(pair, lambda r: write(r / "newsgen.yaml", "title: Evening briefing\n"))
    everything = _same_as_clean(inc, clean)
    assert everything == build(load_config(root=clean), use_cache=False, report=_quiet).pages


def test_one_changed_article_rerenders_its_page_and_the_aggregates_only(pair: tuple[Path, Path]) -> None:
    inc, _ = pair
    first = build(load_config(root=inc), report=_quiet)
    write(inc / "content" / "storm.txt", ARTICLES["storm.txt"].replace("200 homes", "250 homes"))
    again = build(load_config(root=inc), report=_quiet)
    assert again.extracted == 1
    assert again.rendered < first.pages - 3


def test_a_hand_edited_page_is_rebuilt(pair: tuple[Path, Path]) -> None:
    inc, _ = pair
    build(load_config(root=inc), report=_quiet)
    page = inc / "site" / "articles" / "seed" / "index.html"
    original = page.read_text()
    page.write_text("tampered")
    build(load_config(root=inc), report=_quiet)
    assert page.read_text() == original


def test_a_new_extractor_version_rerenders_the_pages_of_unchanged_articles(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Same article bytes, new extractor: pages showing what it found must not be carried over."""
    from dataclasses import replace

    from newsgen import extract

    inc, clean = pair
    first = build(load_config(root=inc), report=_quiet)
    storm = inc / "site" / "articles" / "storm" / "index.html"
    assert '<time class="date" id=' in storm.read_text(encoding="utf-8")
    real = extract.extract
    monkeypatch.setattr("newsgen.build.extractor_version", lambda cache: "a later extractor")
    monkeypatch.setattr(extract, "extract", lambda doc, article: replace(real(doc, article), dates=[]))
    again = _same_as_clean(inc, clean)
    assert again == first.pages
    assert '<time class="date" id=' not in storm.read_text(encoding="utf-8")


def _files(site: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in site.rglob("*") if p.is_file()}


def test_a_rebuild_never_writes_the_current_site_and_reuses_the_one_before_it(pair: tuple[Path, Path]) -> None:
    """The site a build replaces is left as it was, and becomes the next build's staging folder: its
    files are rewritten in place, so a rebuild makes new files only for new pages."""
    inc, clean = pair
    build(load_config(root=inc), report=_quiet)
    first = _files(inc / "site")
    _apply(pair, lambda r: write(r / "content" / "storm.txt", ARTICLES["storm.txt"].replace("200 homes", "250 homes")))
    second = build(load_config(root=inc), report=_quiet)
    staging = inc / ".newsgen" / "staging"
    assert _files(staging) == first  # the replaced site, untouched by the build that replaced it
    assert 0 < second.rendered < second.pages
    _apply(pair, lambda r: write(r / "content" / "storm.txt", ARTICLES["storm.txt"].replace("200 homes", "300 homes")))
    third = build(load_config(root=inc), report=_quiet)
    now = _files(inc / "site")
    assert third.rendered == second.rendered
    reused = [p for p in now if p in first and now[p][0] == first[p][0]]
    assert "articles/seed/index.html" in reused and "articles/storm/index.html" in reused and "index.html" in reused
    assert len([p for p in reused if not p.startswith("pagefind/")]) == len([p for p in now if not p.startswith("pagefind/")])
    shutil.rmtree(clean / "site", ignore_errors=True)
    build(load_config(root=clean), use_cache=False, report=_quiet)
    assert snapshot(inc / "site", skip=("pagefind",)) == snapshot(clean / "site", skip=("pagefind",))


def test_data_files_of_unchanged_articles_are_carried_over_without_being_made(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgen import render

    inc, clean = pair
    build(load_config(root=inc), report=_quiet)
    made: list[str] = []
    real = render.exports.article_json
    monkeypatch.setattr(render.exports, "article_json", lambda view: made.append(view.article.slug) or real(view))
    write(inc / "content" / "storm.txt", ARTICLES["storm.txt"].replace("200 homes", "250 homes"))
    build(load_config(root=inc), report=_quiet)
    assert made == ["storm"]
    write(clean / "content" / "storm.txt", ARTICLES["storm.txt"].replace("200 homes", "250 homes"))
    build(load_config(root=clean), use_cache=False, report=_quiet)
    assert sorted(made) == ["bridge", "budget", "seed", "storm", "storm"]
    assert snapshot(inc / "site", skip=("pagefind",)) == snapshot(clean / "site", skip=("pagefind",))


def _search_index(site: Path) -> tuple[list[str], int]:
    """What search holds: its shards (named by their content) and how many records they hold."""
    return json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8")), sum(indexed(site))


def test_search_after_an_edit_is_the_index_a_clean_build_makes(pair: tuple[Path, Path]) -> None:
    inc, clean = pair
    build(load_config(root=inc), report=_quiet)
    _apply(pair, lambda r: write(r / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 30 schools would close.\n"))
    _same_as_clean(inc, clean)
    assert _search_index(inc / "site") == _search_index(clean / "site")
    assert sorted(p.name for p in (inc / "site" / "pagefind" / "shards").iterdir()) == sorted(p.name for p in (clean / "site" / "pagefind" / "shards").iterdir())


@pytest.mark.parametrize(("change", "most"), [
    (lambda r: write(r / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 30 schools would close.\n"), 4),
    (lambda r: write(r / "newsgen.yaml", "title: The Weekly Briefing\ndescription: Made by the desk\n"), 0),
    (lambda r: (r / "content" / "storm.txt").unlink(), 4),
])
def test_a_rebuild_indexes_only_the_shards_whose_searchable_content_changed(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, change, most: int) -> None:
    from newsgen import search

    monkeypatch.setattr(search, "SHARD_SMALLEST", 1)  # several shards even for five articles
    inc, clean = pair
    first = build(load_config(root=inc), report=_quiet)
    assert first.shards >= 8 and first.shards_indexed == first.shards
    _apply(pair, change)
    again = build(load_config(root=inc), report=_quiet)
    assert again.shards_indexed <= most and again.shards_indexed < again.shards
    _same_as_clean(inc, clean)
    assert _search_index(inc / "site") == _search_index(clean / "site")  # no stale record, none missing
    urls = [u for b in (inc / "site" / "pagefind" / "shards").iterdir() for u in _urls(b)]
    assert len(urls) == len(set(urls)) and all(("storm" in u) == (inc / "content" / "storm.txt").exists() for u in urls if "/articles/storm/" in u)


def _urls(bundle: Path) -> list[str]:
    import gzip

    return [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])["url"] for f in (bundle / "fragment").iterdir()]


def test_a_theme_that_marks_a_page_for_search_at_render_time_still_gets_it_indexed(pair: tuple[Path, Path]) -> None:
    inc, clean = pair
    marked_late = "{% extends 'base.html' %}{% block main_attrs %} {{ 'data-pagefind-' ~ 'body' }}{% endblock %}{% block content %}<p>Front page briefing</p>{% endblock %}"
    _apply(pair, lambda r: write(r / "templates" / "index.html", marked_late))
    build(load_config(root=inc), report=_quiet)
    assert "data-pagefind-body" in (inc / "site" / "index.html").read_text(encoding="utf-8")
    assert _search_index(inc / "site")[1] == _marked_pages(inc / "site") + _claims(inc / "site")
    _apply(pair, lambda r: write(r / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 30 schools would close.\n"))
    _same_as_clean(inc, clean)
    assert _search_index(inc / "site") == _search_index(clean / "site")
    assert _search_index(inc / "site")[1] == _marked_pages(inc / "site") + _claims(inc / "site")


def _claims(site: Path) -> int:
    """Search holds a record for each claim beside the pages."""
    return sum(len(json.loads(p.read_text(encoding="utf-8"))["claims"]) for p in site.glob("articles/**/claims.json"))


def _marked_pages(site: Path) -> int:
    return sum("data-pagefind-body" in p.read_text(encoding="utf-8") for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_a_build_that_dies_half_way_through_the_staging_folder_is_not_trusted_after(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgen import render

    inc, clean = pair
    build(load_config(root=inc), report=_quiet)
    _apply(pair, lambda r: write(r / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 30 schools would close.\n"))
    build(load_config(root=inc), report=_quiet)
    live = snapshot(inc / "site")
    real = render.write_pages

    def dies(pages, renderer, out, jobs=1, files=None):
        real(pages, renderer, out, jobs, files)
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "write_pages", dies)
    write(inc / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 40 schools would close.\n")
    with pytest.raises(KeyboardInterrupt):
        build(load_config(root=inc), report=_quiet)
    assert snapshot(inc / "site") == live
    from newsgen.cache import Cache

    records = Cache(inc / ".newsgen" / "cache.sqlite")
    assert records.pages(str((inc / ".newsgen" / "staging").resolve())) == {} and records.pages(str((inc / "site").resolve()))
    records.close()
    monkeypatch.setattr(render, "write_pages", real)
    write(inc / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 30 schools would close.\n")
    _same_as_clean(inc, clean)


def test_markdown_is_parsed_once_per_text_and_again_when_it_changes(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgen import content

    inc, _ = pair
    build(load_config(root=inc), report=_quiet)
    parsed: list[str] = []
    real = content.markdown_blocks
    monkeypatch.setattr(content, "markdown_blocks", lambda source: parsed.append(source) or real(source))
    write(inc / "newsgen.yaml", "title: Evening briefing\n")
    build(load_config(root=inc), report=_quiet)
    assert parsed == []
    write(inc / "content" / "bridge.md", ARTICLES["bridge.md"] + "\nThe mayor said tolls would stay.\n")
    build(load_config(root=inc), report=_quiet)
    assert len(parsed) == 1 and "tolls would stay" in parsed[0]
    fresh = build(load_config(root=inc), use_cache=False, report=_quiet)
    assert len(parsed) == 3 and fresh.extracted == 4


# Libraries that take most of a second to import between them, and that a build with nothing to do,
# or a command line that only prints help, must not load.
HEAVY = ("spacy", "thinc", "jinja2", "markdown", "rich", "newsgen.nlp", "newsgen.extract", "newsgen.render", "newsgen.analyse")


def _loaded_after(code: str, cwd: Path) -> list[str]:
    probe = f"import sys\n{code}\nprint('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.rpartition("loaded:")[2].split()


def test_a_build_with_nothing_to_do_imports_no_heavy_library(pair: tuple[Path, Path]) -> None:
    inc, _ = pair
    run = "from newsgen.cli import main\nmain(['build'], standalone_mode=False)"
    noop = "from newsgen.build import build\nfrom newsgen.config import load_config\nassert build(load_config()).up_to_date, 'not a no-op'"
    for attempt in range(3):  # newsgen's code is part of the check: an edit to it between two runs (as in a checkout being worked on) is no no-op
        _loaded_after(run, inc)
        proc = subprocess.run([sys.executable, "-c", f"{noop}\nimport sys\nprint('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"],
                              cwd=inc, capture_output=True, text=True, timeout=120)
        if "not a no-op" not in proc.stderr:
            break
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rpartition("loaded:")[2].split() == []
    write(inc / "content" / "storm.txt", ARTICLES["storm.txt"] + "Officials said 30 schools would close.\n")
    assert {"spacy", "jinja2", "newsgen.render"} <= set(_loaded_after(run, inc))  # the probe sees them when they are loaded


def test_the_extractor_version_is_remembered_per_code_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgen import incremental
    from newsgen.cache import Cache
    from newsgen.extract import EXTRACTOR_VERSION

    cache = Cache(tmp_path / "cache.sqlite")
    assert incremental.extractor_version(cache) == EXTRACTOR_VERSION
    monkeypatch.setattr("newsgen.extract.EXTRACTOR_VERSION", "changed")
    assert incremental.extractor_version(cache) == EXTRACTOR_VERSION  # same code: the remembered one
    monkeypatch.setattr(incremental, "code_stamp", lambda: "other code")
    assert incremental.extractor_version(cache) == "changed"  # other code: asked again
    assert incremental.extractor_version(Cache(None)) == "changed"  # no cache: always asked
    cache.close()


def test_a_change_to_newsgen_code_is_no_noop(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The page a template change would not reach is still remade when the code that renders it changes."""
    inc, _ = pair
    first = build(load_config(root=inc), report=_quiet)
    assert build(load_config(root=inc), report=_quiet).up_to_date
    monkeypatch.setattr("newsgen.incremental.code_stamp", lambda: "newer code")
    again = build(load_config(root=inc), report=_quiet)
    assert not again.up_to_date and again.rendered == first.pages and again.extracted == 0
