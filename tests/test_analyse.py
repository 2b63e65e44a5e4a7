"""Across articles: one speaker page per person, stories, figures as quantities within a story, a timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsgen.analyse import analyse, is_unnamed
from newsgen.analyse.quantities import bounds, disagree
from newsgen.analyse.timeline import filed_under, parse_period, sentence_spans
from newsgen.model import Article, Block, Claim, DateRef, Extraction, Figure


def _article(slug: str, body: str, date: dt.date = dt.date(2024, 10, 23), title: str | None = None) -> Article:
    return Article(path=f"content/{slug}.txt", source=Path(f"{slug}.txt"), slug=slug, title=title or slug, date=date, body=body, blocks=[Block("paragraph", 0, len(body))])


def _claim(speaker: str, body: str, text: str, kind: str = "direct") -> Claim:
    start = body.index(text)
    return Claim(speaker=speaker, kind=kind, text=text, start=start, end=start + len(text), sentence=body, speaker_type="person", sentence_start=0, sentence_end=len(body))


def _figure(body: str, text: str, value: float, unit: str) -> Figure:
    start = body.index(text)
    return Figure(text=text, value=value, unit=unit, start=start, end=start + len(text))


def test_surname_and_full_name_across_articles_are_one_speaker_named_in_full() -> None:
    a_body = "“They sailed by ship,” Kirby added. “It is serious,” Kirby said."
    b_body = "“We estimate 3,000,” John Kirby told reporters."
    a, b = _article("a", a_body), _article("b", b_body)
    data = analyse([
        (a, Extraction(claims=[_claim("Kirby", a_body, "They sailed by ship"), _claim("Kirby", a_body, "It is serious")])),
        (b, Extraction(claims=[_claim("John Kirby", b_body, "We estimate 3,000")])),
    ])
    assert [(s.name, len(s.claims), len(s.articles)) for s in data.speakers] == [("John Kirby", 3, 2)]


def test_a_surname_shared_by_two_people_stays_apart() -> None:
    body = "“Yes,” Sadiq Khan said. “No,” Usman Khan said. “Maybe,” Khan said."
    art = _article("k", body)
    data = analyse([(art, Extraction(claims=[_claim("Sadiq Khan", body, "Yes"), _claim("Usman Khan", body, "No"), _claim("Khan", body, "Maybe")]))])
    assert sorted(s.name for s in data.speakers) == ["Khan", "Sadiq Khan", "Usman Khan"]


def test_unnamed_sources_are_one_speaker_per_article_but_names_are_shared() -> None:
    a_body = "Officials said South Korea will send a team to NATO headquarters in Brussels next week. Reuters said so."
    b_body = "Police said the attacker was shot. Officials said the bridge would reopen, and the police agreed. Reuters said so."
    a, b = _article("a", a_body), _article("b", b_body)
    group = lambda c: Claim(**{**c.__dict__, "speaker_type": "group"})  # noqa: E731
    data = analyse([
        (a, Extraction(claims=[group(_claim("Officials", a_body, "South Korea will send a team")), _claim("Reuters", a_body, "so")])),
        (b, Extraction(claims=[_claim("Police", b_body, "the attacker was shot"), group(_claim("Officials", b_body, "the bridge would reopen")),
                               _claim("Reuters", b_body, "so")])),
    ])
    pages = {(s.name, s.slug, s.unnamed, len(s.claims)) for s in data.speakers}
    assert pages == {("Reuters", "reuters", False, 2), ("Officials", "officials-a", True, 1), ("Officials", "officials-b", True, 1),
                     ("Police", "police-b", True, 1)}


@pytest.mark.parametrize(
    ("name", "speaker_type", "unnamed"),
    [("the company", "organisation", True), ("Experts", "group", True), ("its Western supporters", "group", False),
     ("group under Kyiv's military intelligence", "group", False), ("Seoul", "place", False), ("German foreign ministry", "organisation", False)],
)
def test_descriptions_are_told_from_names(name: str, speaker_type: str, unnamed: bool) -> None:
    assert is_unnamed(name, speaker_type, "The company said it would. Experts said so.") is unnamed


def _quantity_figure(body: str, text: str, value: float, key: str, qualifier: str | None = None, claim: int | None = None,
                     scope: str | None = None, value_max: float | None = None, unit: str | None = None) -> Figure:
    start = body.index(text)
    return Figure(text=text, value=value, unit=unit, start=start, end=start + len(text), qualifier=qualifier, value_max=value_max,
                  claim=claim, counted=key.partition("|")[2], quantity=key, scope=scope)


def _two_sources(a_fig: tuple, b_fig: tuple, key: str = "count|hospitalised") -> bool:
    """One article in which local officials and AFP each give a figure for one quantity: do they differ?"""
    body = "Local officials said 24 people have been hospitalised, but Agence France-Presse reported as many as 32 hospitalised."
    art = _article("bus", body)
    claims = [_claim("Local officials", body, "24 people have been hospitalised", "indirect"),
              _claim("Agence France-Presse", body, "as many as 32 hospitalised", "indirect")]
    figs = [_quantity_figure(body, a[0], a[1], key, *a[2:3], value_max=a[3] if len(a) > 3 else None, claim=n) for n, a in enumerate((a_fig, b_fig))]
    data = analyse([(art, Extraction(claims=claims, figures=figs))])
    return any(q.differ for q in data.quantities)


def test_two_sources_giving_incompatible_values_for_one_quantity_at_one_date_differ() -> None:
    assert _two_sources(("24 people", 24), ("as many as 32", 32, "up_to"))


@pytest.mark.parametrize(("a_fig", "b_fig"), [
    (("24 people", 24, "at_least"), ("as many as 32", 32)),  # a lower bound is not in conflict with a larger value
    (("24 people", 20, "range", 30), ("as many as 32", 25, "range", 40)),  # overlapping ranges
    (("24 people", 30, "approximate"), ("as many as 32", 32)),  # "about 30" allows 32
    (("24 people", 24), ("as many as 32", 24)),  # the same value
])
def test_values_that_can_both_be_true_do_not_differ(a_fig: tuple, b_fig: tuple) -> None:
    assert not _two_sources(a_fig, b_fig)


def test_a_bare_count_a_share_a_forecast_or_a_part_is_never_flagged() -> None:
    for key in ("count|son", "percent|vote", "count|hospitalised projected", "count|hospitalised part"):
        assert not _two_sources(("24 people", 24), ("as many as 32", 32, "up_to"), key), key


@pytest.mark.parametrize(("fig", "low", "high"), [
    (Figure("hundreds of thousands of Russian soldiers", 1e5, "soldiers", 0, 0, "at_least"), 1e5, float("inf")),
    (Figure("1.6 million confirmed cases", 1.6e6, "cases", 0, 0), 1.55e6, 1.65e6),
    (Figure("52 thousand deaths", 52e3, "deaths", 0, 0), 51.5e3, 52.5e3),
    (Figure("1,051,635 confirmed cases", 1051635, "cases", 0, 0), 1051635, 1051635),
    (Figure("6% to 11%", 6, "percent", 0, 0, "range", 11), 6, 11),
    (Figure("less than $125,000", 125000, "USD", 0, 0, "less_than"), float("-inf"), 125000),
    (Figure("5.0 ± 0.4 solar masses", 5.0, "solar masses", 0, 0), 4.6, 5.4),
    (Figure("75 m", 75, "m", 0, 0), 75, 75),  # metres, not millions
])
def test_a_figure_allows_the_values_its_words_allow(fig: Figure, low: float, high: float) -> None:
    assert bounds(fig) == (pytest.approx(low), pytest.approx(high))


def test_a_rounded_number_agrees_with_the_exact_one_it_rounds() -> None:
    assert not disagree(Figure("1.6 million", 1.6e6, None, 0, 0), Figure("1,612,000", 1612000, None, 0, 0))
    assert disagree(Figure("1.6 million", 1.6e6, None, 0, 0), Figure("1,700,000", 1.7e6, None, 0, 0))


def test_a_quantity_over_time_is_a_series_and_no_disagreement() -> None:
    a_body = "Officials said 53 measles related deaths had been recorded in Samoa."
    b_body = "The outbreak killed 81 people, officials said."
    a = _article("samoa-a", a_body, dt.date(2019, 12, 7), "Samoa measles outbreak: vaccination drive in Samoa")
    b = _article("samoa-b", b_body, dt.date(2020, 1, 1), "Samoa ends measles state of emergency in Samoa")
    fa = _quantity_figure(a_body, "53 measles related deaths", 53, "count|killed", claim=0, scope="Samoa")
    fb = _quantity_figure(b_body, "81", 81, "count|killed", claim=0)
    data = analyse([(a, Extraction(claims=[_claim("Officials", a_body, "53 measles related deaths had been recorded in Samoa", "indirect")], figures=[fa])),
                    (b, Extraction(claims=[_claim("officials", b_body, "The outbreak killed 81 people", "indirect")], figures=[fb]))])
    [story] = data.stories
    [q] = story.quantities
    assert q.scope == "Samoa"  # the unscoped figure joins the one scope its quantity has in the story
    assert [(p.when, [r.figure.value for r in p.refs]) for p in q.points] == [("2019-12-07", [53]), ("2020-01-01", [81])]
    assert not q.differ


def test_figures_are_compared_within_a_story_only() -> None:
    a_body = "Police said 12 people were killed in the fire in Koszalin."
    b_body = "Officials said 40 people were killed in the floods in Jakarta."
    a, b = _article("fire", a_body, title="Koszalin fire"), _article("flood", b_body, title="Jakarta floods")
    data = analyse([(a, Extraction(claims=[_claim("Police", a_body, "12 people were killed in the fire in Koszalin", "indirect")],
                                   figures=[_quantity_figure(a_body, "12 people", 12, "count|killed", claim=0)])),
                    (b, Extraction(claims=[_claim("Officials", b_body, "40 people were killed in the floods in Jakarta", "indirect")],
                                   figures=[_quantity_figure(b_body, "40 people", 40, "count|killed", claim=0)]))])
    assert not data.stories and len(data.quantities) == 2 and not data.differing


def test_a_figure_refers_to_its_clause_date_else_an_earlier_date_of_its_paragraph_else_the_article_date() -> None:
    body = "As of September 30, Armenia claimed 103 Artsakh deaths. Azerbaijan claimed to have killed about 2,300 Artsakh soldiers.\nLater, 7 more died."
    art = _article("war", body, dt.date(2020, 10, 29))
    art.blocks = [Block("paragraph", 0, body.index("\n")), Block("paragraph", body.index("Later"), len(body))]
    date = DateRef("September 30", "2020-09-30", body.index("September 30"), body.index("September 30") + 12)
    figs = [_quantity_figure(body, "103 Artsakh deaths", 103, "count|artsakh killed"),
            _quantity_figure(body, "about 2,300 Artsakh soldiers", 2300, "count|artsakh killed troop", "approximate"),
            _quantity_figure(body, "7", 7, "count|killed")]
    figs[0].date_at = date.start
    data = analyse([(art, Extraction(figures=figs, dates=[date]))])
    assert [r.when for r in data.articles[0].figures] == ["2020-09-30", "2020-09-30", "2020-10-29"]


def test_unidentifiable_numbers_stay_on_their_article() -> None:
    body = "The figure was 97, up from 12."
    art = _article("n", body)
    data = analyse([(art, Extraction(figures=[Figure("97", 97, None, body.index("97"), body.index("97") + 2)]))])
    assert data.quantities == [] and data.articles[0].figures[0].quantity is None


def test_articles_sharing_rare_names_within_weeks_are_one_story() -> None:
    def art(slug: str, day: int, body: str) -> tuple[Article, Extraction]:
        return _article(slug, body, dt.date(2019, 9, day), body.split(".")[0]), Extraction()

    data = analyse([
        art("humberto-1", 16, "Hurricane Humberto upgraded. The National Hurricane Center placed Humberto west of Bermuda."),
        art("humberto-2", 19, "Hurricane Humberto strengthens. Humberto passed Bermuda on Wednesday."),
        art("navalny", 18, "Alexei Navalny airlifted to Germany. Navalny was treated in Berlin."),
        art("chirac", 26, "Jacques Chirac dies. Chirac was president of France."),
    ])
    assert [sorted(v.article.slug for v in st.articles) for st in data.stories] == [["humberto-1", "humberto-2"]]
    assert data.stories[0].title == "Humberto" or "Humberto" in data.stories[0].title


def test_the_same_names_months_apart_are_different_stories_unless_tagged() -> None:
    a = _article("quake-1", "Earthquake in Mindanao. Phivolcs said Mindanao shook.", dt.date(2019, 7, 15), "Mindanao earthquake")
    b = _article("quake-2", "Earthquake in Mindanao. Phivolcs said Mindanao shook again.", dt.date(2019, 10, 22), "Mindanao earthquake again")
    assert not analyse([(a, Extraction()), (b, Extraction())]).stories
    a.tags = b.tags = ["Mindanao quakes"]
    assert len(analyse([(a, Extraction()), (b, Extraction())]).stories) == 1


@pytest.mark.parametrize(("text", "sentences"), [
    ("Mr. Smith went to Washington. He said the U.K. government would act.", ["Mr. Smith went to Washington.", "He said the U.K. government would act."]),
    ("Sen. Mitch McConnell (R-Ky.) said so. The vote failed.", ["Sen. Mitch McConnell (R-Ky.) said so.", "The vote failed."]),
    ("He moved to the U.S. The next day he left.", ["He moved to the U.S.", "The next day he left."]),
    ("John F. Kennedy was shot in 1963. Lee H. Oswald was arrested.", ["John F. Kennedy was shot in 1963.", "Lee H. Oswald was arrested."]),
    ("It began at 7:45 p.m. Police said no one was hurt.", ["It began at 7:45 p.m.", "Police said no one was hurt."]),
    ("“Why?” he asked. “Because.” Then he left.", ["“Why?” he asked.", "“Because.”", "Then he left."]),
])
def test_sentences_survive_abbreviations(text: str, sentences: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


@pytest.mark.parametrize(("resolved", "granularity", "label", "section"), [
    ("1986", "year", "1986", "1986"),
    ("1986-01", "month", "January 1986", "January 1986"),
    ("2019-07/2019-09", "months", "July – September 2019", "July – September 2019"),
    ("2024-10-01/2024-10-20", "days", "1–20 October 2024", "October 2024"),
    ("2024-10-23", "day", "23 October 2024", "October 2024"),
    ("2010/2019", "years", "2010 – 2019", "2010 – 2019"),
])
def test_dates_are_filed_at_their_own_granularity(resolved: str, granularity: str, label: str, section: str) -> None:
    period = parse_period(resolved)
    assert period is not None and period.granularity == granularity and period.label == label
    assert filed_under(period).label == section


def test_timeline_snippets_are_whole_sentences_naming_the_speaker_and_history_is_background() -> None:
    body = "Mr. Kirby spoke in the U.K. capital. He said the summit opens on Friday. The alliance was founded in 1949."
    art = _article("summit", body, dt.date(2024, 10, 23))
    friday, year = body.index("on Friday"), body.index("1949")
    dates = [DateRef("on Friday", "2024-10-25", friday, friday + 9), DateRef("1949", "1949", year, year + 4)]
    claim = _claim("John Kirby", body, "the summit opens on Friday", "indirect")
    data = analyse([(art, Extraction(claims=[claim], dates=dates))])
    by_text = {e.ref.text: e for e in data.timeline}
    assert by_text["on Friday"].sentence == "He said the summit opens on Friday." and by_text["on Friday"].speaker == "John Kirby"
    assert by_text["1949"].granularity == "year" and by_text["1949"].background and not by_text["on Friday"].background


def test_each_tag_is_summed_up_as_a_topic_of_its_own_articles(tmp_path: Path) -> None:
    from .sample_site import sample_data

    data = sample_data(tmp_path / "content")
    assert list(data.topics) == list(data.tags)
    for tag, views in data.tags.items():
        topic = data.topics[tag]
        paths = {v.article.path for v in views}
        assert topic.articles == views and topic.title == tag
        counted = {r.speaker_slug for v in views for r in v.claims if r.speaker_slug}
        assert {sp.slug for sp, _ in topic.speakers} == counted
        assert [n for _, n in topic.speakers] == sorted((n for _, n in topic.speakers), reverse=True)
        assert topic.quantities and all(any(r.article.path in paths for r in q.refs) for q in topic.quantities)
    north_korea, ukraine = data.topics["North Korea"], data.topics["Ukraine"]
    assert len(north_korea.articles) == 1 and len(ukraine.articles) == 2
    assert sum(n for _, n in ukraine.speakers) > sum(n for _, n in north_korea.speakers)
