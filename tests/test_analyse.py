"""Across articles: one speaker page per person, figures grouped by what they count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsgen.analyse import analyse, figure_unit_key, is_unnamed
from newsgen.model import Article, Block, Claim, Extraction, Figure


def _article(slug: str, body: str) -> Article:
    return Article(path=f"content/{slug}.txt", source=Path(f"{slug}.txt"), slug=slug, title=slug, date=dt.date(2024, 10, 23), body=body, blocks=[Block("paragraph", 0, len(body))])


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


@pytest.mark.parametrize(
    ("text", "unit", "key"),
    [
        ("at least 3,000 soldiers", "soldiers", "troops"),
        ("1,500 more troops", "troops", "troops"),
        ("at least 3,000 North Korean soldiers", "soldiers", "North Korean troops"),
        ("hundreds of thousands of Russian soldiers", "soldiers", "Russian troops"),
        ("$50 billion", "USD", "USD"),
        ("about 40,000 vehicles", "vehicles", "vehicle"),
        ("97", None, "unspecified"),
    ],
)
def test_figure_groups_join_synonyms_and_keep_proper_modifiers_apart(text: str, unit: str | None, key: str) -> None:
    assert figure_unit_key(Figure(text=text, value=1, unit=unit, start=0, end=len(text))) == key


@pytest.mark.parametrize(("tags_a", "tags_b", "differ"), [(["korea"], ["korea", "ukraine"], True), ([], [], False), (["korea"], ["sport"], False)])
def test_different_numbers_from_different_sources_about_one_story_disagree(tags_a: list[str], tags_b: list[str], differ: bool) -> None:
    a_body = "Kirby said at least 3,000 soldiers were sent."
    b_body = "Seoul claims Pyongyang intends to send 10,000 soldiers."
    a, b = _article("a", a_body), _article("b", b_body)
    a.tags, b.tags = tags_a, tags_b
    ca, cb = _claim("John Kirby", a_body, "at least 3,000 soldiers were sent", "indirect"), _claim("Seoul", b_body, "Pyongyang intends to send 10,000 soldiers", "indirect")
    fa, fb = _figure(a_body, "at least 3,000 soldiers", 3000, "soldiers"), _figure(b_body, "10,000 soldiers", 10000, "soldiers")
    fa.claim = fb.claim = 0
    data = analyse([(a, Extraction(claims=[ca], figures=[fa])), (b, Extraction(claims=[cb], figures=[fb]))])
    group = next(g for g in data.figure_groups if g.unit == "troops")
    assert group.values == [3000, 10000] and group.disagreement is differ


def test_two_speakers_in_one_article_giving_different_numbers_disagree() -> None:
    body = "Kirby said at least 3,000 soldiers were sent. Seoul claims Pyongyang intends to send 10,000 soldiers."
    art = _article("a", body)
    claims = [_claim("John Kirby", body, "at least 3,000 soldiers were sent", "indirect"), _claim("Seoul", body, "Pyongyang intends to send 10,000 soldiers", "indirect")]
    figs = [_figure(body, "at least 3,000 soldiers", 3000, "soldiers"), _figure(body, "10,000 soldiers", 10000, "soldiers")]
    figs[0].claim, figs[1].claim = 0, 1
    data = analyse([(art, Extraction(claims=claims, figures=figs))])
    assert next(g for g in data.figure_groups if g.unit == "troops").disagreement
