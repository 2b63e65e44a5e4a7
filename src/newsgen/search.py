"""Full-text search: a Pagefind index written into the built site, used by the theme's search.js.

The index is a folder of static files (site/pagefind/), so search works offline and no request
leaves the site. Result URLs are root-relative; search.js prefixes the base path it was loaded from.

Only pages with a `data-pagefind-body` element are indexed, and Pagefind ignores every other page.
So once the pages that carry one are written, the indexer can start while the rest of the site is
still being rendered (`start_indexing`): the result is the same as indexing the finished site, and
`finish_indexing` falls back to doing exactly that whenever it cannot be sure.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

from .config import Config
from .errors import NewsgenError
from .model import Problem

BUNDLE_DIR = "pagefind"
TIMEOUT_SECONDS = 300
SEARCH_MARK = "data-pagefind-body"


def indexer_command() -> list[str]:
    """The Pagefind binary itself when its package says where it is; saves starting a second Python."""
    try:
        from pagefind.service import _must_get_executable

        return [str(_must_get_executable().resolve())]
    except Exception:  # a private helper of pagefind's; any change there falls back to the module
        return [sys.executable, "-m", "pagefind"]


class Indexing:
    """A running Pagefind indexer over `site_dir`."""

    def __init__(self, site_dir: Path, config: Config):
        if importlib.util.find_spec("pagefind") is None:
            raise NewsgenError(Problem("newsgen", "the search indexer Pagefind is not installed", "run `pip install 'pagefind[extended]'`"))
        cmd = [*indexer_command(), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR, "--silent"]
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
        if self.proc.returncode != 0 or not (self.site_dir / BUNDLE_DIR / "pagefind.js").is_file():
            detail = (stderr or stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {self.proc.returncode}"
            raise NewsgenError(Problem("newsgen", f"the search indexer failed: {reason}", "reinstall it with `pip install --force-reinstall 'pagefind[extended]'`"))

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def index_site(site_dir: Path, config: Config) -> None:
    """Run the Pagefind indexer over the finished pages; only elements marked data-pagefind-body count."""
    Indexing(site_dir, config).wait()


def _marked(site_dir: Path, paths: list[str]) -> bool:
    return any(SEARCH_MARK in (site_dir / p).read_text(encoding="utf-8") for p in paths if p.endswith(".html"))


def start_indexing(site_dir: Path, config: Config, written: list[str]) -> Indexing | None:
    """Start indexing early, when one of the pages just written carries the search marker (so Pagefind
    ignores every unmarked page, written yet or not); None when it must wait for the finished site."""
    return Indexing(site_dir, config) if written and _marked(site_dir, written) else None


def finish_indexing(early: Indexing | None, site_dir: Path, config: Config, written_since: list[str]) -> None:
    """Wait for an early indexer, unless a page written after it started carries the marker after all
    (the theme's templates decide that): then index the finished site again, from scratch."""
    if early is not None and not _marked(site_dir, written_since):
        early.wait()
        return
    if early is not None:
        early.cancel()
        shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
    index_site(site_dir, config)
