"""`newsgen serve` in a real Chromium: a failed rebuild shows its problems over the open page until a
rebuild succeeds, and a good one reloads the page.

Uses the system's /usr/bin/chromium with the flags of test_browser.py (never a downloaded browser).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgen.serve import ERROR_BOX_ID

from .conftest import write
from .test_browser import ARGS, CHROMIUM
from .test_serve import serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


def test_a_failed_rebuild_shows_its_error_in_the_open_page_until_fixed(site: Path, served: str) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            pg = browser.new_page()
            errors: list[str] = []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.goto(served + "articles/seed/")
            title = "US warns North Korean troops in Russia would be legitimate targets"
            sync_api.expect(pg.locator("h1")).to_have_text(title)
            box = pg.locator(f"#{ERROR_BOX_ID}")
            assert box.count() == 0

            # An attempted attack through the error text: shown as text, never run or parsed as markup.
            write(site / "content" / "bad.md", "---\ntitle: [<img src=x onerror=alert(1)>\n---\nText.\n")
            sync_api.expect(box).to_be_visible(timeout=30_000)
            sync_api.expect(box).to_contain_text("content/bad.md:2: error: front matter is not valid YAML")
            assert box.get_attribute("role") == "alert"
            assert pg.locator(f"#{ERROR_BOX_ID} img").count() == 0
            sync_api.expect(pg.locator("h1")).to_have_text(title)  # the last good build is still what is shown

            pg.reload()  # until fixed, every page opened shows it
            sync_api.expect(box).to_contain_text("front matter is not valid YAML", timeout=10_000)

            write(site / "content" / "bad.md", "---\ntitle: Bridge reopens\ndate: 2024-10-24\n---\nThe mayor said the bridge will reopen.\n")
            pg.wait_for_event("load", timeout=30_000)  # the fixed rebuild reloads the page
            sync_api.expect(box).to_have_count(0, timeout=10_000)
            pg.goto(served + "articles/")
            sync_api.expect(pg.get_by_role("link", name="Bridge reopens")).to_be_visible()
            assert errors == []
        finally:
            browser.close()
