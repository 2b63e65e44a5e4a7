"""Speaker identity across articles: every rule in `identity.RULES` on its own example sentences (taken
from news text), then the properties the speaker pages rest on."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from newsgen.analyse import ClaimRef, analyse
from newsgen.analyse.identity import RULES, fold, skeleton
from newsgen.model import Article, Block, Claim, Extraction

GOLD = Path(__file__).parent / "data" / "identity" / "gold.yaml"


def _article(slug: str, body: str, day: int = 1) -> Article:
    return Article(path=f"content/{slug}.txt", source=Path(f"{slug}.txt"), slug=slug, title=slug, date=dt.date(2019, 10, day),
                   body=body, blocks=[Block("paragraph", 0, len(body))])


def _claim(body: str, mention: str) -> Claim:
    """A claim whose speaker the extractor gave as `mention` ("Form" or "Form|type"), placed on the
    sentence of the body that writes the form (or the whole body)."""
    form, _, kind = mention.partition("|")
    at = body.lower().find(form.lower())
    start = body.rfind(". ", 0, at) + 2 if at > 0 and body.rfind(". ", 0, at) >= 0 else 0
    end = body.find(". ", max(at, 0))
    end = len(body) if end < 0 else end + 1
    return Claim(speaker=form, kind="indirect", text=body[start:end], start=start, end=end, sentence=body[start:end],
                 speaker_type=kind or "person", sentence_start=start, sentence_end=end)


def _run(example) -> dict[str, list[ClaimRef]]:
    """Analyse the example's articles; each mention (as written in the example) -> its claim references."""
    results = []
    for n, (body, mentions) in enumerate(example.articles):
        results.append((_article(f"a{n}", body, day=1 + n), Extraction(claims=[_claim(body, m) for m in mentions])))
    data = analyse(results)
    refs: dict[str, list[ClaimRef]] = {}
    for view in data.articles:
        for ref in view.claims:
            refs.setdefault(ref.claim.speaker or "", []).append(ref)
    return refs, data


CASES = [(rule.name, i, example) for rule in RULES.values() for i, example in enumerate(rule.examples)]


def test_every_rule_has_an_example() -> None:
    assert [name for name, rule in RULES.items() if not rule.examples] == []


@pytest.mark.parametrize(("rule", "n", "example"), CASES, ids=[f"{r}-{n}" for r, n, _ in CASES])
def test_identity_rule_on_its_examples(rule: str, n: int, example) -> None:
    refs, data = _run(example)
    page = {sp.slug: sp for sp in data.speakers}
    for i, (mention, expected) in enumerate(example.expect):
        mine = refs[mention]
        if i == 0:
            assert {r.identity_rule for r in mine} == {rule}, mention
        if expected is None:
            assert all(r.speaker_slug is None for r in mine), mention
            continue
        assert all(r.speaker_slug for r in mine), mention
        names = {page[r.speaker_slug].name for r in mine}
        if expected.startswith("="):
            other = {page[r.speaker_slug].name for r in refs[expected[1:]]}
            assert names == other and len(names) == 1, (mention, names, other)
        else:
            assert names == {expected}, (mention, names)
    # No page is named after something that is no source.
    assert not any(re.fullmatch(r"(report|documents?|statement|\d.*percent|thursday)", sp.name, re.I) for sp in data.speakers)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Zelenskyy", "Zelensky", True), ("Zelenskiy", "Zelensky", True), ("Erdoğan", "Erdogan", True),
    ("Giuliani", "Giulini", False), ("Clinton", "Clintons", False),
])
def test_name_spelling_keys(a: str, b: str, same: bool) -> None:
    assert (skeleton(a) == skeleton(b)) is same
    assert fold("Erdoğan") == "erdogan"


def test_namesakes_differing_in_middle_initials_stay_apart() -> None:
    a_body = "George H. W. Bush said the war was over."
    b_body = "George W. Bush said the mission was accomplished."
    data = analyse([(_article("a", a_body), Extraction(claims=[_claim(a_body, "George H. W. Bush")])),
                    (_article("b", b_body), Extraction(claims=[_claim(b_body, "George W. Bush")]))])
    assert sorted(s.name for s in data.speakers) == ["George H. W. Bush", "George W. Bush"]


def test_namesakes_in_one_article_are_told_apart_by_title_and_prominence() -> None:
    body = ("Hillary Clinton said she would win. Mrs. Clinton said the campaign was strong. Mrs. Clinton added more. "
            "Former President Bill Clinton spoke later. Mrs. Clinton said so again.")
    claims = [_claim(body, "Hillary Clinton"), _claim(body, "Bill Clinton"), Claim(**{**_claim(body, "Mrs. Clinton").__dict__})]
    data = analyse([(_article("a", body), Extraction(claims=claims))])
    by = {ref.claim.speaker: ref.speaker_slug for v in data.articles for ref in v.claims}
    assert by["Mrs. Clinton"] == by["Hillary Clinton"] != by["Bill Clinton"]


def test_a_capital_names_its_country_but_a_city_government_is_the_city() -> None:
    a_body = "Seoul claims that Pyongyang intends to send 10,000 soldiers. According to South Korea, the North is arming Russia."
    b_body = "The Seoul government said Park had cancelled his entire Thursday schedule."
    data = analyse([(_article("a", a_body), Extraction(claims=[_claim(a_body, "Seoul|place"), _claim(a_body, "South Korea|place")])),
                    (_article("b", b_body), Extraction(claims=[_claim(b_body, "Seoul government|organisation")]))])
    names = sorted((s.name, s.type, len(s.claims)) for s in data.speakers)
    assert names == [("Seoul government", "organisation", 1), ("South Korea", "place", 2)]
    korea = next(s for s in data.speakers if s.name == "South Korea")
    assert korea.aliases == ["Seoul", "South Korea"]


def test_every_speaker_page_lists_its_aliases_and_split_off_roles() -> None:
    body = "“This announcement cannot change the fact,” Hong Kong director of Amnesty International Man-kei Tam said. Man-kei Tam said so again."
    data = analyse([(_article("a", body), Extraction(claims=[_claim(body, "Amnesty International Man-kei Tam|organisation"), _claim(body, "Man-kei Tam")]))])
    [tam] = data.speakers
    assert (tam.name, tam.type, tam.roles, tam.aliases) == ("Man-kei Tam", "person", ["Amnesty International"], ["Amnesty International Man-kei Tam", "Man-kei Tam"])


def test_the_labelled_set_is_well_formed() -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["articles"]
    assert len(gold) >= 25
    for key, forms in gold.items():
        assert re.fullmatch(r"(polnear/train/[\w.-]+|wikinews/[\w.-]+|seed)", key), key
        for form, entity in forms.items():
            if form == "claims":
                continue
            assert entity is None or re.fullmatch(r"@?[a-z0-9][a-z0-9-]*", entity), (key, form, entity)
