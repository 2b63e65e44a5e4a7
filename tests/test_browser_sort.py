"""The speakers table sorts by any column, from the keyboard, in a real Chromium (flags of test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .sample_site import build_sample_site, serve
from .test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


def test_the_speakers_table_sorts_by_a_column_from_the_keyboard(tmp_path: Path) -> None:
    _, data, out = build_sample_site(tmp_path)
    assert len(data.speakers) >= 3
    with serve(out) as url, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.goto(url + "speakers/")
            names = lambda: pg.locator(".speakers-table tbody th[scope=row]").evaluate_all("ths => ths.map(th => th.dataset.sort)")  # noqa: E731
            claims = lambda: [int(n) for n in pg.locator(".speakers-table tbody td.num:nth-of-type(3)").all_inner_texts()]  # noqa: E731
            built = names()
            assert claims() == sorted(claims(), reverse=True)
            claims_button = pg.get_by_role("button", name="Claims")
            assert pg.locator("th[aria-sort]").count() == 1 and pg.locator("th", has=claims_button).get_attribute("aria-sort") == "descending"

            speaker = pg.get_by_role("button", name="Speaker")
            speaker.focus()
            pg.keyboard.press("Enter")
            by_name = sorted(built, key=str.casefold)
            assert names() == by_name
            assert pg.locator("th", has=speaker).get_attribute("aria-sort") == "ascending"
            assert pg.locator("th[aria-sort]").count() == 1
            assert pg.get_by_role("status").inner_text() == "Speakers sorted by Speaker, ascending"
            pg.keyboard.press("Space")
            assert names() == by_name[::-1]
            assert pg.locator("th", has=speaker).get_attribute("aria-sort") == "descending"

            pg.keyboard.press("Tab")
            pg.keyboard.press("Tab")
            pg.keyboard.press("Tab")  # past Type and Role: the headings are in the tab order
            assert pg.evaluate("document.activeElement.textContent") == "Claims"
            pg.keyboard.press("Enter")
            assert claims() == sorted(claims(), reverse=True) and len(set(claims())) > 1
            assert pg.locator("th", has=speaker).get_attribute("aria-sort") is None
            claims_button.press("Enter")
            assert claims() == sorted(claims())
            assert errors == []
        finally:
            browser.close()
