"""Full-text search: a Pagefind index written into the built site, used by the theme's search.js.

The index is a folder of static files (site/pagefind/), so search works offline and no request
leaves the site. Result URLs are root-relative; search.js prefixes the base path it was loaded from.
A large site's index is split into shards (site/pagefind/shards/N/) that search.js merges, because
Pagefind keeps every page it indexes in memory.

Only pages with a `data-pagefind-body` element are indexed, and Pagefind ignores every other page.
So once the pages that carry one are written, the indexer can start while the rest of the site is
still being rendered (`start_indexing`): the result is the same as indexing the finished site, and
`finish_indexing` falls back to doing exactly that whenever it cannot be sure.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .config import Config
from .errors import NewsgenError
from .files import carry_file
from .model import Problem

BUNDLE_DIR = "pagefind"
TIMEOUT_SECONDS = 300
SEARCH_MARK = "data-pagefind-body"
# Pagefind's memory grows with the pages it indexes at once (measured on article pages: 1,000 take 0.55 GB,
# 2,000 take 0.96 GB, 9,940 take 2.5 GB), so a large site is indexed this many pages at a time into
# shards that search.js merges in the browser.
SHARD_PAGES = 1500
SHARDS_DIR = "shards"
SHARDS_FILE = "shards.json"


def indexer_command() -> list[str]:
    """The Pagefind binary itself when its package says where it is; saves starting a second Python."""
    try:
        from pagefind.service import _must_get_executable

        return [str(_must_get_executable().resolve())]
    except Exception:  # a private helper of pagefind's; any change there falls back to the module
        return [sys.executable, "-m", "pagefind"]


class Indexing:
    """A running Pagefind indexer over `site_dir`."""

    def __init__(self, site_dir: Path, config: Config, bundle: Path | None = None):
        if importlib.util.find_spec("pagefind") is None:
            raise NewsgenError(Problem("newsgen", "the search indexer Pagefind is not installed", "run `pip install 'pagefind[extended]'`"))
        self.bundle = bundle or site_dir / BUNDLE_DIR
        cmd = [*indexer_command(), "--site", str(site_dir), "--output-path", str(self.bundle), "--silent"]
        if config.language:
            cmd += ["--force-language", config.language.split("-")[0].lower()]
        self.site_dir = site_dir
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self) -> None:
        try:
            stdout, stderr = self.proc.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise NewsgenError(Problem("newsgen", f"the search indexer took longer than {TIMEOUT_SECONDS} s", "try again, or report a bug")) from None
        if self.proc.returncode != 0 or not (self.bundle / "pagefind.js").is_file():
            detail = (stderr or stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {self.proc.returncode}"
            raise NewsgenError(Problem("newsgen", f"the search indexer failed: {reason}", "reinstall it with `pip install --force-reinstall 'pagefind[extended]'`"))

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def _html_pages(site_dir: Path) -> list[str]:
    pages = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = sorted(d for d in dirnames if not (dirpath == str(site_dir) and d == BUNDLE_DIR))
        pages.extend(os.path.relpath(os.path.join(dirpath, f), site_dir) for f in sorted(filenames) if f.endswith(".html"))
    return pages


def index_site(site_dir: Path, config: Config) -> None:
    """Run the Pagefind indexer over the finished pages; only elements marked data-pagefind-body count.

    A site with more marked pages than SHARD_PAGES is indexed in shards: each from a folder of links to
    its pages, so that the URLs Pagefind records are the site's own; the first shard is the main bundle
    and `pagefind/shards.json` lists the rest for search.js to merge.
    """
    marked = _searchable(site_dir)
    if len(marked) <= SHARD_PAGES:
        Indexing(site_dir, config).wait()
        _list_shards(site_dir, [])
        return
    bundle = site_dir / BUNDLE_DIR
    shards = [marked[i:i + SHARD_PAGES] for i in range(0, len(marked), SHARD_PAGES)]
    names = [f"{SHARDS_DIR}/{n}/" for n in range(2, len(shards) + 1)]
    for shard, target in zip(shards, [bundle, *(bundle / name for name in names)]):
        with tempfile.TemporaryDirectory(dir=site_dir, prefix=".search-shard-") as view:
            for rel in shard:
                carry_file(site_dir / rel, Path(view) / rel)
            Indexing(Path(view), config, target).wait()
    _list_shards(site_dir, names)


def _searchable(site_dir: Path) -> list[str]:
    """The pages Pagefind would index; every page when there are too few to need reading them."""
    pages = _html_pages(site_dir)
    if len(pages) <= SHARD_PAGES:
        return pages
    return [p for p in pages if _carries_mark(site_dir / p)]


def _list_shards(site_dir: Path, names: list[str]) -> None:
    """Written for every site, so search.js never asks for a file that is not there."""
    (site_dir / BUNDLE_DIR / SHARDS_FILE).write_text(json.dumps(names), encoding="utf-8")


def _carries_mark(page: Path) -> bool:
    return SEARCH_MARK in page.read_text(encoding="utf-8")


def _marked(site_dir: Path, paths: list[str]) -> bool:
    return any(_carries_mark(site_dir / p) for p in paths if p.endswith(".html"))


def start_indexing(site_dir: Path, config: Config, written: list[str]) -> Indexing | None:
    """Start indexing early, when one of the pages just written carries the search marker (so Pagefind
    ignores every unmarked page, written yet or not); None when it must wait for the finished site."""
    if not written or len(_searchable(site_dir)) > SHARD_PAGES:
        return None  # every searchable page is written by now: too many for one index
    return Indexing(site_dir, config) if _marked(site_dir, written) else None


def finish_indexing(early: Indexing | None, site_dir: Path, config: Config, written_since: list[str]) -> None:
    """Wait for an early indexer, unless a page written after it started carries the marker after all
    (the theme's templates decide that): then index the finished site again, from scratch."""
    if early is not None and not _marked(site_dir, written_since):
        early.wait()
        _list_shards(site_dir, [])
        return
    if early is not None:
        early.cancel()
        shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
    index_site(site_dir, config)
