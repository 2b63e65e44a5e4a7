"""The search index as files: a record per claim beside the article and speaker pages, shards that keep
Pagefind's memory bound, a search box on every page, and an indexer failure reported as one problem."""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from newsgen import search
from newsgen.analyse import SiteData
from newsgen.config import Config
from newsgen.errors import NewsgenError
from newsgen.search import claim_records, index_site

from .search_site import build_crowd_site, bundles


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, SiteData, Path]:
    return build_crowd_site(tmp_path_factory.mktemp("crowd"), base_url="/newsgen/")


def shown(text: str) -> str:
    """What search.js makes of an `unsearchable` text."""
    return "".join(chr(ord(c) - 0xF0000) for c in text).encode("utf-16-le", "surrogatepass").decode("utf-16-le")


@pytest.mark.parametrize("text", ["", "plain", "Zoë Ångström, 東京 and 😀 <b>&amp;</b>"])
def test_display_only_text_makes_no_words_and_comes_back_whole(text: str) -> None:
    hidden = search.unsearchable(text)
    assert not re.search(r"\w", hidden) and shown(hidden) == text


def bundle_urls(site: Path) -> list[list[str]]:
    """The URL of every record in each bundle, read from its fragments."""
    urls = []
    for bundle in bundles(site):
        fragments = [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):]) for f in (bundle / "fragment").iterdir()]
        urls.append(sorted(f["url"] for f in fragments))
    return urls


def marked_urls(site: Path) -> list[str]:
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts and search.SEARCH_MARK in p.read_text(encoding="utf-8")]
    return ["/" + p.parent.relative_to(site).as_posix() + "/" for p in pages]


def claim_urls(data: SiteData) -> list[str]:
    return [f"/articles/{v.article.slug}/#{r.anchor}" for v in data.articles for r in v.claims]


def test_every_claim_is_a_record_with_its_quote_speaker_article_date_and_kind(crowd: tuple[Config, SiteData, Path]) -> None:
    config, data, site = crowd
    records = {r["url"]: r for r in claim_records(site, config)}
    assert sorted(records) == sorted(claim_urls(data))
    troops = next(v for v in data.articles if v.article.slug == "troops")
    kirby = records[f"/articles/troops/#{troops.claims[0].anchor}"]
    quote = "We estimate that North Korea transferred at least 3,000 soldiers into eastern Russia between early to mid-October"
    assert kirby["content"].split("\n") == [quote, data.speaker(troops.claims[0].speaker_slug).name, "US National Security Council spokesperson"]
    name = data.speaker(troops.claims[0].speaker_slug).name
    assert kirby["meta"]["title"] == name
    assert json.loads(shown(kirby["meta"]["card"])) == {"quote": quote, "kind": "direct", "article": troops.article.title, "date": "2024-10-23", "when": "23 October 2024"}
    assert not re.search(r"\w", kirby["meta"]["card"])  # Pagefind makes no words of it
    assert kirby["filters"] == {"type": ["Claim"], "kind": ["quote"], "tag": ["North Korea", "Ukraine"], "speaker": [data.speaker(troops.claims[0].speaker_slug).name]}
    assert kirby["language"] == "en"
    # "Kirby" as written, on another claim, is searchable beside the speaker page's name.
    added = records[f"/articles/troops/#{troops.claims[1].anchor}"]
    assert "Kirby" in added["content"].split("\n")[1] and added["meta"]["title"] == name
    unattributed = next(r for r in records.values() if r["content"].startswith("NATO will brief"))
    assert unattributed["meta"]["title"] == "" and "speaker" not in unattributed["filters"]
    assert unattributed["content"] == "NATO will brief its members next week"


def test_the_index_holds_every_marked_page_and_every_claim_once(crowd: tuple[Config, SiteData, Path]) -> None:
    _, data, site = crowd
    urls = [u for bundle in bundle_urls(site) for u in bundle]
    assert sorted(urls) == sorted(marked_urls(site) + claim_urls(data))
    for bundle in bundles(site):
        counts = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
        assert list(counts) == ["en"]  # claims share the pages' language, so one search finds both


@pytest.mark.parametrize(("pages", "claims_per_page"), [(3, 1), (4, 3), (1000, 12)])
def test_shards_keep_each_indexer_within_a_shard_of_pages_and_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pages: int, claims_per_page: int) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", pages)
    monkeypatch.setattr(search, "CLAIMS_PER_PAGE", claims_per_page)
    _, data, site = build_crowd_site(tmp_path)
    found = bundle_urls(site)
    urls = [u for bundle in found for u in bundle]
    assert sorted(urls) == sorted(marked_urls(site) + claim_urls(data))
    for bundle in found:
        claims = sum("#" in u for u in bundle)
        units = {u.split("#")[0] for u in bundle}
        assert (len(bundle) - claims) * claims_per_page + claims <= pages * claims_per_page or len(units) == 1  # a page and its claims stay together
        articles = {u.split("#")[0] for u in bundle if u.startswith("/articles/")}
        assert all(f"{a}#" not in u for a in articles for other in found if other is not bundle for u in other)  # an article's records share its shard
    assert len(found) > 1 if pages < 100 else len(found) == 1
    assert not list((site / "pagefind" / "shards").glob(".new-*"))


@pytest.mark.parametrize(("html", "same"), [
    ('<html lang="en"><body><nav>Briefing</nav><main data-pagefind-body><h1>A</h1><p>said</p></main><footer>2024</footer></body></html>', True),
    ('<html lang="en"><body><nav>Weekly</nav><main data-pagefind-body><h1>A</h1><p>said</p></main><footer>2025</footer></body></html>', True),
    ('<html lang="de"><body><nav>Briefing</nav><main data-pagefind-body><h1>A</h1><p>said</p></main><footer>2024</footer></body></html>', False),
    ('<html lang="en"><body><nav>Briefing</nav><main data-pagefind-body><h1>A</h1><p>told</p></main><footer>2024</footer></body></html>', False),
    ('<html lang="en"><body><nav data-pagefind-filter="tag">Briefing</nav><main data-pagefind-body><h1>A</h1><p>said</p></main></body></html>', False),
    ('<html lang="en"><body><main data-pagefind-body><div><h1>A</h1></div><p>said</p></main><main>Footer</main></body></html>', False),
    ('<html lang="en"><body><nav>Briefing</nav><h1>B</h1><main data-pagefind-body><p>said</p></main><footer>2024</footer></body></html>', False),
])
def test_only_what_pagefind_reads_of_a_page_counts_as_its_searchable_part(html: str, same: bool) -> None:
    first = '<html lang="en"><body><nav>Briefing</nav><main data-pagefind-body><h1>A</h1><p>said</p></main><footer>2024</footer></body></html>'
    assert (search.searchable_part(html) == search.searchable_part(first)) is same


def test_a_page_keeps_its_shard_and_unchanged_shards_keep_their_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_SMALLEST", 1)
    config, data, site = build_crowd_site(tmp_path)
    units = search.search_units(site, config)
    before = search.plan_shards(units, config)
    assert len(before) >= 4
    changed = next(u for u in units if u.key.startswith("articles/"))
    after = search.plan_shards([u if u is not changed else replace(u, digest="new") for u in units], config)
    moved = [(a.name, b.name) for a, b in zip(before, after) if a.name != b.name]
    assert len(before) == len(after) and len(moved) == 1
    assert [[u.key for u in s.units] for s in before] == [[u.key for u in s.units] for s in after]


def test_every_page_has_the_search_box(crowd: tuple[Config, SiteData, Path]) -> None:
    _, _, site = crowd
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "data-search-input" in html and 'placeholder="Search quotes and people"' in html, page
        assert "assets/search.js" in html, page


def _fake_indexer(tmp_path: Path, script: str) -> Path:
    fake = tmp_path / "pagefind-fake"
    fake.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


@pytest.mark.parametrize(("script", "reason"), [
    ("echo 'pagefind: no wasm for you' >&2; exit 3\n", "no wasm for you"),
    ("head -c 1 > /dev/null\n", "exit status 0"),
])
def test_an_indexer_that_fails_is_one_problem_and_leaves_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, reason: str) -> None:
    monkeypatch.setattr(search, "indexer_command", lambda: [str(_fake_indexer(tmp_path, script))])
    site = tmp_path / "site"
    (site / "articles" / "a").mkdir(parents=True)
    (site / "articles" / "a" / "index.html").write_text("<html><body><main data-pagefind-body>words</main></body></html>", encoding="utf-8")
    children = set(os.listdir("/proc"))
    with pytest.raises(NewsgenError, match=f"the search indexer failed: .*{reason}"):
        index_site(site, Config(root=tmp_path))
    assert not (site / "pagefind" / "shards.json").exists()
    leftover = [p for p in set(os.listdir("/proc")) - children if p.isdigit() and _is_fake(p)]
    assert leftover == []


def _is_fake(pid: str) -> bool:
    try:
        return "pagefind-fake" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return False
