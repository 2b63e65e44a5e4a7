"""The built site in a real Chromium, served under a GitHub Pages style base path.

Uses the system's /usr/bin/chromium (never a downloaded browser); screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .sample_site import build_sample_site, serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BASE = "/newsgen/"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    _, _, out = build_sample_site(root, base_url=BASE)
    with serve(out, BASE) as url:
        yield url


@pytest.fixture(scope="module")
def sharded_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with a search index split three pages to a shard, as a large site's is."""
    root = tmp_path_factory.mktemp("sharded")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("newsgen.search.SHARD_PAGES", 3)
        _, _, out = build_sample_site(root, base_url=BASE)
    with serve(out, BASE) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """Console errors, uncaught exceptions and any request that leaves the test server."""

    def __init__(self, page: object, origin: str):
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        page.on("request", lambda r: r.url.startswith(origin) or r.url.startswith("data:") or self.outside.append(r.url))

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.outside == []


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch(pg, re.match(r"https?://[^/]+", site_url).group(0))
    yield pg, watch
    context.close()
    watch.assert_clean()


def test_index_to_article_to_speaker_and_back(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url)
    assert pg.locator("h1").inner_text() == "News briefing"
    pg.get_by_role("link", name="US warns North Korean troops in Russia would be legitimate targets").first.click()
    assert pg.url == site_url + "articles/troops/"

    quote = pg.locator(".article-body mark.claim-direct").first
    assert "3,000 soldiers" in quote.inner_text()
    assert quote.locator(".figure").inner_text() == "at least 3,000 soldiers"
    who = pg.locator(".article-body mark.claim-direct + a.who").first
    assert who.get_attribute("aria-label") == "John Kirby"
    assert who.evaluate("a => getComputedStyle(a, '::after').content") == '"John Kirby"'
    who.click()
    assert pg.url == site_url + "speakers/john-kirby/"
    assert pg.locator("h1").inner_text() in ("John Kirby", "Kirby")
    assert pg.locator(".claim-item").count() == 3  # two in the first article, one in the briefing

    pg.locator(".claim-item .permalink").first.click()
    pg.wait_for_url(re.compile(r"/articles/briefing/#claim-[0-9a-f]{8}$"))
    target = pg.locator(":target")
    sync_api.expect(target).to_have_count(1)  # the fragment is applied once the new page has loaded
    assert "serious escalation" in target.inner_text()


def test_copying_a_highlighted_quote_copies_only_the_articles_words(browser: object, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.goto(site_url + "articles/troops/")
    paragraph = pg.locator(".article-body p", has=pg.locator("mark.claim-direct + a.who")).first
    pg.evaluate("p => { const r = document.createRange(); r.selectNodeContents(p); const s = getSelection(); s.removeAllRanges(); s.addRange(r); }", paragraph.element_handle())
    pg.keyboard.press("Control+C")
    copied = pg.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.strip() == (
        "“We estimate that North Korea transferred at least 3,000 soldiers into eastern Russia between early to"
        " mid-October,” US National Security Council spokesperson John Kirby told reporters."
    )


def test_a_topic_page_is_a_briefing_reached_from_the_navigation(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url)
    pg.get_by_role("navigation", name="Site").get_by_role("link", name="Topics").click()
    pg.get_by_role("link", name="Ukraine").first.click()
    assert pg.url == site_url + "tags/ukraine/"
    assert pg.locator("h1").inner_text() == "Ukraine"
    who = pg.locator("section[aria-labelledby=who-h] li")
    assert "John Kirby" in who.first.inner_text() or "Kirby" in who.first.inner_text()
    claims = pg.locator(".key-claims li")
    assert claims.count() >= 2 and any("3,000 soldiers" in t for t in claims.all_inner_texts())
    pg.locator(".key-claims a.plain").first.click()
    sync_api.expect(pg.locator(":target")).to_have_count(1)


def test_search_from_the_header_finds_a_quote(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url + "figures/")
    pg.get_by_label("Search the briefing").fill("Pyongyang")
    panel = pg.locator("#search-panel")
    panel.locator(".search-result a").first.wait_for()
    assert panel.is_visible()
    assert "Pyongyang" in panel.locator(".search-result mark").first.inner_text()
    hrefs = panel.locator(".search-result a").evaluate_all("els => els.map(e => e.href)")
    assert site_url + "articles/troops/" in hrefs  # the article, and the claims that name Pyongyang
    assert any(h.startswith(site_url + "articles/troops/#claim-") for h in hrefs)
    panel.locator('.search-result > a[href$="/articles/troops/"]').click()
    assert pg.url == site_url + "articles/troops/"


def test_search_over_a_sharded_index_finds_pages_in_every_shard(browser: object, sharded_site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch(pg, re.match(r"https?://[^/]+", sharded_site_url).group(0))
    pg.goto(sharded_site_url + "search/?q=Kirby")  # his page and the articles that quote him: several shards
    pg.locator(".search-page .search-result a").first.wait_for()
    hrefs = pg.locator(".search-page .search-result a").evaluate_all("els => els.map(e => e.href)")
    assert sharded_site_url + "articles/troops/" in hrefs and sharded_site_url + "speakers/john-kirby/" in hrefs
    context.close()
    watch.assert_clean()


def test_search_results_show_content_as_text_never_as_markup(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url)
    pg.get_by_label("Search the briefing").fill("escalation")
    result = pg.locator("#search-panel .search-result > a", has_text="serious")
    result.wait_for()
    assert result.inner_text() == "Kirby: deployment is a <b>serious</b> escalation & a test"
    assert pg.locator("#search-panel b, #search-panel script, #search-panel img").count() == 0
    excerpt = pg.locator("#search-panel .search-result", has=pg.locator("a", has_text="Kirby: deployment")).locator("p").first.inner_text()  # the article's; claims are listed first
    assert "<b>serious</b> escalation" in excerpt
    assert "Kirbygroup" not in excerpt and "Kirby group" not in excerpt  # speaker labels and filters are not indexed text


def test_search_page_with_filters(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url + "search/?q=Kirby")
    status = pg.locator(".search-page [data-search-status]")
    sync_api.expect(status).to_have_text(re.compile(r"^\d+ results? for “Kirby”$"))
    everything = pg.locator(".search-page .search-result").count()
    assert everything >= 2
    assert pg.locator(".search-filters legend").all_inner_texts() == ["Type", "Speaker", "Kind", "Tag"]
    assert pg.get_by_label(re.compile(r"^group under Kyiv’s military intelligence \d+$")).count() == 1
    articles = pg.locator(".search-page .search-result .badge", has_text="Article").count()
    assert articles >= 1
    claims = pg.locator(".search-page .search-claim").count()  # results are claims too, since search by claim
    pg.get_by_label(re.compile(r"^Speaker \d+$")).check()
    sync_api.expect(pg.locator(".search-page .search-result")).to_have_count(everything - articles - claims)
    assert set(pg.locator(".search-page .search-result .badge").all_inner_texts()) == {"Speaker"}
    assert pg.locator(".search-page .search-result > a").first.inner_text() in ("John Kirby", "Kirby")


def test_figures_page_shows_a_quantity_as_a_series_by_date(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url + "figures/")
    quantity = pg.locator("section.quantity").first
    assert pg.locator("section.quantity.disagree").count() == 0  # Seoul's 10,000 then Kirby's: two dates, no dispute
    assert quantity.locator(".point .when time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))") == ["2024-10-23", "2024-10-25"]
    assert quantity.locator(".compare-value").all_inner_texts() == ["10,000", "10,000"]


def test_timeline_shows_spans_in_calendar_order(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url + "timeline/")
    whens = pg.locator(".timeline > li .when time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert whens == sorted(whens) and len(whens) >= 4
    span = pg.locator(".timeline > li.span").first
    assert "1–20 October 2024" in span.inner_text()
    span.locator("a").first.click()
    assert pg.locator(":target").inner_text() == "early to mid-October"


def test_claim_filter_narrows_the_list(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url + "articles/troops/")
    items = pg.locator("[data-claims] > li")
    assert items.count() == 4
    pg.get_by_label("Show").select_option(label="Seoul")
    sync_api.expect(pg.locator("[data-claims] > li:visible")).to_have_count(1)


PAGES = ["", "articles/", "articles/troops/", "articles/briefing/", "speakers/john-kirby/", "speakers/", "figures/", "timeline/", "search/?q=soldiers"]


@pytest.mark.parametrize(("width", "scheme", "shoot"), [(1280, "light", True), (390, "light", True), (360, "light", False), (1280, "dark", False)])
def test_pages_fit_and_screenshot(browser: object, site_url: str, width: int, scheme: str, shoot: bool) -> None:
    """No page scrolls sideways down to 360 px; screenshots at 1280 and 390 px are kept for review."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    pg = context.new_page()
    watch = Watch(pg, re.match(r"https?://[^/]+", site_url).group(0))
    for name in PAGES:
        pg.goto(site_url + name)
        if name.startswith("search/"):
            pg.locator(".search-page .search-result").first.wait_for()
        assert pg.evaluate("document.documentElement.scrollWidth") <= width, f"{name or 'index'} scrolls sideways at {width}px"
        assert pg.locator("main h1").count() == 1
        if scheme == "dark":
            assert pg.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(251, 250, 247)"
        if shoot:
            ARTIFACTS.mkdir(exist_ok=True)
            slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "index"
            pg.screenshot(path=str(ARTIFACTS / f"{slug}-{width}.png"), full_page=True)
    context.close()
    watch.assert_clean()


def test_404_page_works_at_any_depth_under_the_base_path(browser: object, site_url: str) -> None:
    context = browser.new_context()
    pg = context.new_page()
    response = pg.goto(site_url + "articles/renamed/deeper/")
    assert response.status == 404
    assert pg.locator("h1").inner_text() == "Page not found"
    assert pg.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"  # the stylesheet loaded
    pg.get_by_role("link", name="Speakers").last.click()
    assert pg.url == site_url + "speakers/"
    assert pg.locator("h1").inner_text() == "Speakers"
    context.close()


CONTRAST_JS = """
() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest("[hidden], .visually-hidden")) continue;
    const fg = rgb(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)}`);
  }
  return low;
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(browser: object, site_url: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    pg = context.new_page()
    for name in ["", "articles/troops/", "figures/", "timeline/", "speakers/", "search/?q=soldiers"]:
        pg.goto(site_url + name)
        if name.startswith("search/"):
            pg.locator(".search-page .search-result").first.wait_for()
        assert pg.evaluate(CONTRAST_JS) == [], f"{scheme} {name or 'index'}"
    context.close()


def test_print_shows_the_article_without_navigation_or_controls(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.emulate_media(media="print")
    pg.goto(site_url + "articles/troops/")
    assert not pg.locator(".site-header nav").is_visible()
    assert not pg.get_by_label("Search the briefing").is_visible()
    assert pg.locator(".article-side").evaluate("e => getComputedStyle(e).position") == "static"
    assert pg.locator(".article-body mark.claim").first.is_visible()


def test_keyboard_reaches_search_results(page: tuple[object, Watch], site_url: str) -> None:
    pg, _ = page
    pg.goto(site_url)
    box = pg.get_by_label("Search the briefing")
    box.fill("Pyongyang")
    pg.locator("#search-panel .search-result a").first.wait_for()
    box.press("ArrowDown")
    assert pg.evaluate("document.activeElement.closest('.search-result') !== null")
    pg.keyboard.press("Escape")
    assert pg.locator("#search-panel").is_hidden()
    assert pg.evaluate("document.activeElement.id") == "search-q"
