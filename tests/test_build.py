"""End to end: build a small site in a temporary folder and check its pages, links, JSON and cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgen import build as build_module
from newsgen.build import build
from newsgen.config import load_config
from newsgen.errors import NewsgenError
from newsgen.linkcheck import check_site

from .conftest import snapshot, write
from .search_site import indexed

SECOND = """---
title: "Bridge to reopen next week, mayor says"
date: 2024-10-24
source: https://example.org/bridge
tags: [local, transport]
---
The city's mayor, Anna Berg, said on Thursday that the bridge would reopen next week after repairs costing $12 million.

"We have listened to the commuters," Berg told reporters. "The work is finished."

According to the transport authority, about 40,000 vehicles cross the bridge every day.
"""


def _quiet(line: str) -> None:
    pass


@pytest.fixture
def two_article_site(site: Path) -> Path:
    write(site / "content" / "local" / "bridge.md", SECOND)
    return site


def test_small_site_pages_links_and_json(two_article_site: Path) -> None:
    config = load_config(root=two_article_site, overrides={"base_url": "https://example.org/newsgen/"})
    result = build(config, strict=True, report=_quiet)
    out = two_article_site / "site"
    assert result.articles == 2 and result.pages > 8
    index = (out / "index.html").read_text()
    assert "Bridge to reopen next week" in index and "US warns North Korean troops" in index
    page = (out / "articles" / "local" / "bridge" / "index.html").read_text()
    assert "https://example.org/bridge" in page
    assert check_site(out, "/newsgen/") == []
    data = json.loads((out / "claims.json").read_text())
    by_path = {a["path"].rsplit("/", 1)[-1]: a for a in data["articles"]}
    assert set(by_path) == {"seed.txt", "bridge.md"}
    assert by_path["bridge.md"]["date"] == "2024-10-24" and by_path["bridge.md"]["tags"] == ["local", "transport"]
    for tag in ("local", "transport"):
        assert (out / "tags" / tag / "index.html").is_file()


def test_a_build_with_more_searchable_pages_than_a_shard_indexes_them_all_in_shards(two_article_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsgen.search.SHARD_PAGES", 5)
    monkeypatch.setattr("newsgen.search.CLAIMS_PER_PAGE", 1)  # a claim record weighs a page: five records to a shard
    config = load_config(root=two_article_site, overrides={"base_url": "/newsgen/"})
    for edit in ("", "\nThe mayor said the toll would stay.\n"):  # a clean build, then an incremental one
        if edit:
            with open(two_article_site / "content" / "local" / "bridge.md", "a", encoding="utf-8") as f:
                f.write(edit)
        build(config, report=_quiet)
        counts = indexed(two_article_site / "site")
        searchable = [p for p in (two_article_site / "site").rglob("*.html") if "data-pagefind-body" in p.read_text()]
        claims = sum(len(a["claims"]) for a in json.loads((two_article_site / "site" / "claims.json").read_text())["articles"])
        assert len(counts) > 1 and sum(counts) == len(searchable) + claims


def test_speaker_pages_exist_for_every_speaker(two_article_site: Path) -> None:
    config = load_config(root=two_article_site)
    build(config, report=_quiet)
    data = json.loads((two_article_site / "site" / "claims.json").read_text())
    speakers = {c["speaker"] for a in data["articles"] for c in a["claims"] if c["speaker"]}
    pages = list((two_article_site / "site" / "speakers").glob("*/index.html"))
    assert len(pages) <= len(speakers) or not speakers
    listing = (two_article_site / "site" / "speakers" / "index.html").read_text()
    for page in pages:
        assert f'href="{page.parent.name}/"' in listing


def test_second_build_reuses_the_cache_and_matches(two_article_site: Path) -> None:
    config = load_config(root=two_article_site)
    first = build(config, report=_quiet)
    # Pagefind's index files are not byte-stable between runs; every page is.
    before = snapshot(two_article_site / "site", skip=("pagefind",))
    (two_article_site / "site" / "index.html").touch()
    second = build(config, report=_quiet)
    assert (first.extracted, second.extracted, second.cached, second.up_to_date) == (2, 0, 2, False)
    assert snapshot(two_article_site / "site", skip=("pagefind",)) == before
    fresh = build(config, use_cache=False, report=_quiet)
    assert fresh.extracted == 2 and snapshot(two_article_site / "site", skip=("pagefind",)) == before


def test_nothing_changed_means_nothing_to_do(two_article_site: Path) -> None:
    config = load_config(root=two_article_site)
    build(config, report=_quiet)
    before = snapshot(two_article_site / "site")
    again = build(config, report=_quiet)
    assert again.up_to_date and snapshot(two_article_site / "site") == before
    (two_article_site / "site" / "index.html").unlink()
    repaired = build(config, report=_quiet)
    assert not repaired.up_to_date and (two_article_site / "site" / "index.html").is_file()
    write(two_article_site / "templates" / "assets" / "extra.css", "body { color: red; }")
    themed = build(config, report=_quiet)
    assert not themed.up_to_date and themed.extracted == 0
    assert (two_article_site / "site" / "assets" / "extra.css").is_file()


def test_parallel_extraction_matches_serial(two_article_site: Path) -> None:
    for i in range(12):
        write(two_article_site / "content" / f"copy{i}.md", SECOND.replace("Bridge", f"Bridge {i}"))
    config = load_config(root=two_article_site)
    build(config, use_cache=False, report=_quiet, jobs=1)
    serial = (two_article_site / "site" / "claims.json").read_text()
    build(config, use_cache=False, report=_quiet, jobs=2)
    assert (two_article_site / "site" / "claims.json").read_text() == serial


def test_parallel_extraction_in_several_worker_pools(two_article_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(6):
        write(two_article_site / "content" / f"copy{i}.md", SECOND.replace("Bridge", f"Bridge {i}"))
    config = load_config(root=two_article_site)
    build(config, use_cache=False, report=_quiet, jobs=1)
    serial = (two_article_site / "site" / "claims.json").read_text()
    monkeypatch.setattr(build_module, "BATCH_SIZE", 2)
    monkeypatch.setattr(build_module, "WORKER_BATCHES", 1)
    seen: list[int] = []
    build(config, use_cache=False, report=_quiet, jobs=2, progress=lambda stage, done, total: seen.append(done))
    assert (two_article_site / "site" / "claims.json").read_text() == serial
    assert seen == [2, 4, 6, 8]


def test_interrupted_build_leaves_site_untouched(two_article_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(root=two_article_site)
    build(config, report=_quiet)
    before = snapshot(two_article_site / "site")
    write(two_article_site / "content" / "third.txt", "---\ndate: 2024-10-25\n---\nThe minister said the talks had failed.\n")
    from newsgen import render

    real = render.write_pages

    def interrupt(pages, renderer, out, jobs=1, files=None):
        real(pages[:3], renderer, out, jobs, files)
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "write_pages", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(config, report=_quiet)
    assert snapshot(two_article_site / "site") == before
    assert not [p for p in two_article_site.iterdir() if p.name.startswith(".site.")]


def test_broken_link_in_a_theme_fails_strict_build(site: Path) -> None:
    write(site / "templates" / "tags.html", "unused")
    write(site / "templates" / "404.html", "{% extends 'base.html' %}{% block content %}<a href=\"{{ url('nowhere/') }}\">x</a>{% endblock %}")
    config = load_config(root=site, overrides={"base_url": "https://example.org/"})
    build(config, report=_quiet)
    with pytest.raises(NewsgenError) as info:
        build(config, strict=True, report=_quiet)
    assert any("broken link" in p.message and "nowhere" in p.message for p in info.value.problems)


def test_ten_thousand_files_load(tmp_path: Path) -> None:
    from newsgen.content import load_content

    content = tmp_path / "content"
    content.mkdir()
    for i in range(10_000):
        (content / f"a{i:05d}.txt").write_text(f"---\ndate: 2024-01-01\n---\nArticle number {i} said little.\n", encoding="utf-8")
    articles, problems = load_content(content)
    assert len(articles) == 10_000 and problems == []
    assert len({a.slug for a in articles}) == 10_000


def test_a_thousand_articles_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scale of the site, not of the NLP: extraction is replaced by an empty result."""
    from newsgen.model import Extraction

    content = tmp_path / "content"
    content.mkdir()
    for i in range(1_000):
        (content / f"a{i:04d}.txt").write_text(f"---\ndate: 2024-01-01\n---\nArticle number {i} said little.\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "run_extraction", lambda arts, model, jobs, progress=None, repairs_setting="auto": ((a, Extraction()) for a in arts))
    result = build(load_config(root=tmp_path), use_cache=False, report=_quiet)
    assert result.articles == 1_000
    assert (tmp_path / "site" / "articles" / "a0999" / "index.html").is_file()


def test_parallel_render_writes_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgen import render
    from newsgen.model import Extraction

    content = tmp_path / "content"
    for i in range(60):
        write(content / f"a{i:02d}.md", f"---\ndate: 2024-01-{1 + i % 28:02d}\ntags: [t{i % 3}]\n---\nArticle {i} said little.\n")
    monkeypatch.setattr(build_module, "run_extraction", lambda arts, model, jobs, progress=None, repairs_setting="auto": ((a, Extraction()) for a in arts))
    monkeypatch.setattr(render.writing, "PARALLEL_MIN_PAGES", 10)
    config = load_config(root=tmp_path)
    build(config, use_cache=False, report=_quiet, jobs=1)
    serial = snapshot(tmp_path / "site", skip=("pagefind",))
    build(config, use_cache=False, report=_quiet, jobs=2)
    assert snapshot(tmp_path / "site", skip=("pagefind",)) == serial
    write(tmp_path / "templates" / "article.html", "{% extends 'base.html' %}{% block content %}{{ view.nope.deeper }}{% endblock %}")
    with pytest.raises(NewsgenError) as info:
        build(config, use_cache=False, report=_quiet, jobs=2)
    assert "article.html" in str(info.value) and info.value.problems[0].line == 1


def test_files_are_written_and_copied_on_threads_into_their_folders(tmp_path: Path) -> None:
    import os

    from newsgen.files import Writer

    site = tmp_path / "site"
    paths = [f"speakers/s{i}/index.html" for i in range(50)] + ["index.html", "a/b/c/d.json"]
    with Writer(threads=4) as writer:
        for p in paths:
            writer.write(site / p, f"page {p} ü")
    assert all((site / p).read_text(encoding="utf-8") == f"page {p} ü" for p in paths)
    os.utime(site / "index.html", ns=(1_000_000_000, 1_000_000_000))
    with Writer(threads=4) as writer:
        for p in paths:
            writer.copy(site / p, tmp_path / "next" / p)
    assert all((tmp_path / "next" / p).read_bytes() == (site / p).read_bytes() for p in paths)
    assert (tmp_path / "next" / "index.html").stat().st_mtime_ns == 1_000_000_000


def test_a_rewrite_reuses_a_file_that_is_ours_alone_and_never_writes_through_a_link(tmp_path: Path) -> None:
    import os

    from newsgen.files import Writer

    ours, shared, snapshot_copy = tmp_path / "site" / "a.html", tmp_path / "site" / "b.html", tmp_path / "backup-b.html"
    write(ours, "old a")
    write(shared, "old b")
    os.link(shared, snapshot_copy)  # as `cp -al` would make a deploy snapshot
    inode = ours.stat().st_ino
    with Writer() as writer:
        writer.write(ours, "new a")
        writer.write(shared, "new b")
    assert ours.read_text() == "new a" and ours.stat().st_ino == inode
    assert shared.read_text() == "new b" and snapshot_copy.read_text() == "old b"


def test_a_failed_write_is_raised_not_lost(tmp_path: Path) -> None:
    from newsgen.files import Writer

    write(tmp_path / "file", "in the way of a folder")
    writer = Writer()
    writer.write(tmp_path / "file" / "page.html", "x")
    with pytest.raises(OSError):
        writer.close()
    writer = Writer()
    writer.copy(tmp_path / "gone.html", tmp_path / "new" / "gone.html")
    with pytest.raises(FileNotFoundError):
        writer.close()


def test_prune_keeps_only_the_named_files_and_drops_emptied_folders(tmp_path: Path) -> None:
    from newsgen.files import prune

    for rel in ("index.html", "articles/old/index.html", "articles/kept/index.html", "pagefind/fragment/x.pf", "assets/style.css"):
        write(tmp_path / "tree" / rel, rel)
    prune(tmp_path / "tree", {"index.html", "articles/kept/index.html", "assets/style.css"})
    left = sorted(p.relative_to(tmp_path / "tree").as_posix() for p in (tmp_path / "tree").rglob("*"))
    assert left == ["articles", "articles/kept", "articles/kept/index.html", "assets", "assets/style.css", "index.html"]


@pytest.mark.parametrize("atomic", [True, False])
def test_swapped_folders_trade_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic: bool) -> None:
    from newsgen import files

    if not atomic:  # no renameat2: three renames
        monkeypatch.setattr(files, "_libc", lambda: None)
    write(tmp_path / "site" / "index.html", "current")
    write(tmp_path / "staging" / "index.html", "next")
    files.swap_folders(tmp_path / "staging", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "next"
    assert (tmp_path / "staging" / "index.html").read_text() == "current"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "staging"]


def test_the_output_fingerprint_sees_any_touch(tmp_path: Path) -> None:
    from newsgen.incremental import tree_fingerprint

    write(tmp_path / "site" / "a" / "index.html", "one")
    write(tmp_path / "site" / "b.json", "{}")
    first = tree_fingerprint(tmp_path / "site")
    assert tree_fingerprint(tmp_path / "site") == first
    write(tmp_path / "site" / "a" / "index.html", "two")
    second = tree_fingerprint(tmp_path / "site")
    assert second != first
    (tmp_path / "site" / "b.json").rename(tmp_path / "site" / "c.json")
    assert tree_fingerprint(tmp_path / "site") != second
    assert tree_fingerprint(tmp_path / "nowhere") == tree_fingerprint(tmp_path / "nowhere")
