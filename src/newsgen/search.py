"""Full-text search: a Pagefind index written into the built site, used by the theme's search.js.

The index is a folder of static files (site/pagefind/), so search works offline and no request
leaves the site. Result URLs are root-relative; search.js prefixes the base path it was loaded from.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from .config import Config
from .errors import NewsgenError
from .model import Problem

BUNDLE_DIR = "pagefind"
TIMEOUT_SECONDS = 300


def indexer_command() -> list[str]:
    """The Pagefind binary itself when its package says where it is; saves starting a second Python."""
    try:
        from pagefind.service import _must_get_executable

        return [str(_must_get_executable().resolve())]
    except Exception:  # a private helper of pagefind's; any change there falls back to the module
        return [sys.executable, "-m", "pagefind"]


def index_site(site_dir: Path, config: Config) -> None:
    """Run the Pagefind indexer over the finished pages; only elements marked data-pagefind-body count."""
    if importlib.util.find_spec("pagefind") is None:
        raise NewsgenError(Problem("newsgen", "the search indexer Pagefind is not installed", "run `pip install 'pagefind[extended]'`"))
    cmd = [*indexer_command(), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR, "--silent"]
    if config.language:
        cmd += ["--force-language", config.language.split("-")[0].lower()]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise NewsgenError(Problem("newsgen", f"the search indexer took longer than {TIMEOUT_SECONDS} s", "try again, or report a bug")) from None
    if done.returncode != 0 or not (site_dir / BUNDLE_DIR / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit status {done.returncode}"
        raise NewsgenError(Problem("newsgen", f"the search indexer failed: {reason}", "reinstall it with `pip install --force-reinstall 'pagefind[extended]'`"))
