"""Search by claim in a real Chromium: a speaker's name finds what they said, each filter's count is the
number of results it gives, a long speaker filter is found by typing, and a claim result opens the claim.

Uses the system's /usr/bin/chromium with the flags of test_browser.py (never a downloaded browser), on
the sample site plus a crowded article (tests/search_site.py), served under a base path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from newsgen.analyse import SiteData

from .sample_site import serve
from .search_site import CROWD, build_crowd_site
from .test_browser import BASE, CHROMIUM, Watch, browser  # noqa: F401  (browser: the shared Chromium fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")

KIRBY = [
    "We estimate that North Korea transferred at least 3,000 soldiers into eastern Russia between early to mid-October",
    "many Russian military training sites in eastern Russia",
    "The deployment of 10,000 troops would be a serious escalation",
]


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SiteData]]:
    _, data, out = build_crowd_site(tmp_path_factory.mktemp("crowd"), base_url=BASE)
    with serve(out, BASE) as url:
        yield url, data


@pytest.fixture(scope="module", params=["one index", "shards"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, crowd: tuple[str, SiteData]) -> Iterator[tuple[str, SiteData]]:
    """The crowded site, and the same site indexed two pages' worth to a shard, claims spread over them."""
    if request.param == "one index":
        yield crowd
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("newsgen.search.SHARD_PAGES", 2)
        mp.setattr("newsgen.search.CLAIMS_PER_PAGE", 2)
        _, data, out = build_crowd_site(tmp_path_factory.mktemp("crowd-shards"), base_url=BASE)
    assert len(list((out / "pagefind" / "shards").iterdir())) > 5
    with serve(out, BASE) as url:
        yield url, data


@pytest.fixture
def page(browser: object, site: tuple[str, SiteData]) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch(pg, re.match(r"https?://[^/]+", site[0]).group(0))
    yield pg
    context.close()
    watch.assert_clean()


def results(pg: object) -> object:
    return pg.locator(".search-page .search-result")


def status_count(pg: object, expected: int | None = None) -> int:
    """The number of results the status line gives, once it gives `expected` when that is known."""
    status = pg.locator(".search-page [data-search-status]")
    sync_api.expect(status).to_have_text(re.compile(rf"^{expected if expected is not None else '[0-9]+'} results?"))
    return int(status.inner_text().split()[0])


def label_count(pg: object, name: str, value: str) -> int:
    label = pg.locator(f'fieldset[data-filter="{name}"] label', has_text=re.compile(rf"^{re.escape(value)} \d+$"))
    return int(label.locator(".count").inner_text())


def test_a_search_for_a_speaker_returns_their_claims_as_claims(page: object, site: tuple[str, SiteData]) -> None:
    url, _ = site
    page.goto(url + "search/?q=Kirby")
    status_count(page)
    claims = page.locator(".search-page .search-claim")
    claims.first.wait_for()
    said = {}
    for item in claims.all():
        quote = item.locator(".search-quote").inner_text()
        said[quote.strip("“”")] = item.locator(".search-source").inner_text()
    assert set(KIRBY) <= set(said)
    assert said[KIRBY[0]] == "— John Kirby, US warns North Korean troops in Russia would be legitimate targets, 23 October 2024 quote"
    assert claims.filter(has_text=KIRBY[0]).locator(".search-quote").inner_text() == f"“{KIRBY[0]}”"  # a direct quote, in quotation marks
    reported = claims.filter(has_text=KIRBY[2])
    assert reported.locator(".search-quote").inner_text() == KIRBY[2]  # reported speech is not put in quotation marks
    assert reported.locator(".search-source").inner_text().startswith("— John Kirby, Kirby: deployment is a <b>serious</b> escalation & a test, 25 October 2024")
    assert reported.locator(".search-source mark").inner_text() == "Kirby"
    assert page.locator(".search-page .search-result b, .search-page .search-result img").count() == 0


def test_the_header_groups_speakers_claims_and_articles(page: object, site: tuple[str, SiteData]) -> None:
    url, _ = site
    page.goto(url + "timeline/")
    page.get_by_label("Search the briefing").fill("Kirby")
    panel = page.locator("#search-panel")
    panel.locator(".search-claim").first.wait_for()
    # John Kirby's page only: a speaker page is found by the speaker's names and roles, not by the titles
    # of the articles that quote them (one has "Kirby" in its title), nor by the claims, records of their own
    assert panel.locator(".search-group-title").all_text_contents() == ["Claims 3", "Speakers 1", "Articles 2"]
    assert {q.strip("“”") for q in panel.locator(".search-claim .search-quote").all_inner_texts()} == set(KIRBY)
    page.get_by_role("link", name="All 6 results, with filters").click()
    page.wait_for_url(re.compile(r"/search/\?q=Kirby$"))
    assert status_count(page) == 6


def test_filter_counts_are_the_results_each_filter_gives(page: object, site: tuple[str, SiteData]) -> None:
    url, _ = site
    page.goto(url + "search/?q=Kirby")
    total = status_count(page)
    types = {t: label_count(page, "type", t) for t in ("Claim", "Speaker", "Article")}
    assert sum(types.values()) == total == results(page).count()
    for kind, count in types.items():
        page.get_by_label(re.compile(rf"^{kind} \d+$")).check()
        status_count(page, count)
        sync_api.expect(results(page)).to_have_count(count)
        # Ticking a type leaves the other types' counts as what adding them would give.
        assert {t: label_count(page, "type", t) for t in types} == types
        page.get_by_label(re.compile(rf"^{kind} \d+$")).uncheck()
        sync_api.expect(results(page)).to_have_count(total)
    speaker = label_count(page, "speaker", "John Kirby")
    page.get_by_label(re.compile(r"^John Kirby \d+$")).check()
    status_count(page, speaker)
    sync_api.expect(results(page)).to_have_count(speaker)
    # The other filters now count within John Kirby's results: a claim, his page and two articles.
    shown = {t: results(page).locator(".badge", has_text=re.compile(rf"^{t}$")).count() for t in ("Speaker", "Article")}
    shown["Claim"] = page.locator(".search-page .search-claim").count()
    assert {t: label_count(page, "type", t) for t in types} == shown == {"Claim": 3, "Speaker": 1, "Article": 2}
    kinds = {k: label_count(page, "kind", k) for k in ("quote", "partial quote", "reported")}
    assert kinds == {"quote": 1, "partial quote": 1, "reported": 1}


def test_a_long_speaker_filter_is_found_by_typing_and_used_from_the_keyboard(page: object, site: tuple[str, SiteData]) -> None:
    url, data = site
    page.goto(url + "search/")
    group = page.locator('fieldset[data-filter="speaker"]')
    find = page.get_by_label("Find a speaker")
    find.wait_for()
    assert len(data.speakers) > 8 + 3
    sync_api.expect(group.locator("input[type=checkbox]")).to_have_count(8)  # only those in view are on the page
    assert group.locator(".filter-more").inner_text() == f"{len(data.speakers) - 8} more with results: type to find a speaker"
    find.focus()
    page.keyboard.type("zoe")  # finds Zoë Ångström without the diacritics
    sync_api.expect(group.locator(".filter-values label:visible")).to_have_text([re.compile(r"^Zoë Ångström \d+$")])
    page.keyboard.press("Enter")  # ticks the first match
    assert page.get_by_label(re.compile(r"^Zoë Ångström \d+$")).is_checked()
    status_count(page, 3)  # what she said, her page and the article
    assert label_count(page, "speaker", "Zoë Ångström") == 3
    assert results(page).filter(has_text="The river is higher than last March").count() == 1  # the claim; her page is found by her name
    assert find.input_value() == ""
    page.keyboard.type("nobody of that name")
    sync_api.expect(group.locator(".filter-more")).to_have_text("No speaker matches “nobody of that name”")
    assert group.locator("input[type=checkbox]:visible").count() == 1  # what is ticked stays in view
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "Zoë Ångström"
    page.keyboard.press("Space")
    sync_api.expect(page.locator(".search-page [data-search-status]")).to_have_text("Type in the search box, or tick a filter.")
    assert results(page).count() == 0


def test_clicking_a_claim_result_lands_on_the_claim_in_the_article(page: object, site: tuple[str, SiteData]) -> None:
    url, data = site
    page.goto(url + "search/?q=soldiers")
    link = page.locator(".search-page .search-claim a", has_text="Pyongyang intends")
    link.click()
    troops = next(v for v in data.articles if v.article.slug == "troops")
    anchor = next(r.anchor for r in troops.claims if r.claim.text.startswith("Pyongyang intends"))
    page.wait_for_url(url + f"articles/troops/#{anchor}")
    target = page.locator(":target")
    sync_api.expect(target).to_have_count(1)
    assert target.inner_text().startswith("Pyongyang intends to send 10,000 soldiers to Russia by December")
    assert target.evaluate("e => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= innerHeight")


def test_claims_made_of_markup_show_as_text(page: object, site: tuple[str, SiteData]) -> None:
    url, _ = site
    dialogs: list[str] = []
    page.on("dialog", lambda d: dialogs.append(d.message) or d.dismiss())
    page.goto(url)
    page.get_by_label("Search the briefing").fill("onerror")
    claim = page.locator("#search-panel .search-claim", has_text="Iris Novak")
    claim.wait_for()
    assert claim.locator(".search-quote").inner_text() == f"“{CROWD[-1][1]}”"
    assert claim.locator(".search-source").inner_text().startswith("— Iris Novak, Town hall on the bridge, 24 October 2024")
    assert page.locator("#search-panel img, #search-panel b, #search-panel script").count() == 0
    page.wait_for_timeout(200)  # an image that failed to load would have fired its handler by now
    assert dialogs == []
