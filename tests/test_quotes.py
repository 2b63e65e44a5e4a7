"""One rule per test, each on real sentences from the seed article or the Wikinews corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.content import load_article, text_blocks
from newsgen.extract.quotes import extract_claims, find_quotes
from newsgen.model import Claim
from newsgen.nlp import load_pipeline

SEED = Path(__file__).resolve().parents[1] / "content" / "seed.txt"


@pytest.fixture(scope="session")
def pipe():
    return load_pipeline()


@pytest.fixture(scope="session")
def seed_claims(pipe) -> list[Claim]:
    article = load_article(SEED)
    return extract_claims(pipe(article.body), article.blocks)


def claims_of(pipe, text: str) -> list[Claim]:
    body, blocks = text_blocks(text)
    return extract_claims(pipe(body), blocks)


def claim_with(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in c.text]
    assert found, f"no claim holds {words!r}: {[c.text for c in claims]}"
    return found[0]


def test_offsets_hold_for_every_seed_claim(seed_claims):
    body = load_article(SEED).body
    assert seed_claims
    for c in seed_claims:
        assert body[c.start : c.end] == c.text
        assert body[c.sentence_start : c.sentence_end] == c.sentence
    assert [c.start for c in seed_claims] == sorted(c.start for c in seed_claims)


def test_headings_and_datelines_never_speak(seed_claims):
    article = load_article(SEED)
    heads = [b for b in article.blocks if b.kind != "paragraph"]
    names = {article.body[b.start : b.end].rstrip(":").strip() for b in heads}
    for c in seed_claims:
        assert not any(b.start <= c.start < b.end for b in heads)
        assert c.speaker not in names


def test_speaker_after_quote_resolves_surname(seed_claims):
    c = claim_with(seed_claims, "many Russian military training sites")
    assert (c.speaker, c.cue, c.speaker_type) == ("John Kirby", "added", "person")


def test_speaker_before_quote_with_premodifier_role(seed_claims):
    c = claim_with(seed_claims, "We estimate that North Korea transferred")
    assert c.kind == "direct"
    assert c.speaker == "John Kirby"
    assert c.role == "US National Security Council spokesperson"


def test_speaker_before_quote_organisation(seed_claims):
    c = claim_with(seed_claims, "North Korea’s support of the Russian war")
    assert c.kind == "direct"
    assert c.speaker == "German foreign ministry"
    assert c.speaker_type == "organisation"


def test_split_quote_gives_two_claims_same_speaker(seed_claims):
    first = claim_with(seed_claims, "we do not yet know whether")
    second = claim_with(seed_claims, "if these North Korean soldiers decide")
    assert first is not second
    assert first.speaker == second.speaker == "John Kirby"
    assert first.cue == second.cue == "continued"


def test_unbalanced_quotes_and_it_pronoun(seed_claims):
    untagged = claim_with(seed_claims, "We deal with soldiers")
    tagged = claim_with(seed_claims, "You must not die senselessly")
    pronoun = claim_with(seed_claims, "you must not repeat the fate")
    assert "You must not die" not in untagged.text
    speaker = "group under Kyiv’s military intelligence"
    assert untagged.speaker == tagged.speaker == pronoun.speaker == speaker
    assert pronoun.speaker_type == "group"
    assert pronoun.kind == "direct"


def test_partial_quote_after_directive_with_appositive_role(seed_claims):
    c = claim_with(seed_claims, "ask Pyongyang")
    assert c.text == "ask Pyongyang"
    assert (c.kind, c.speaker, c.role) == ("partial", "Maria Zakharova", "foreign ministry spokesman")
    assert not any("declined to confirm" in x.text for x in seed_claims)


def test_scare_quote_belongs_to_surrounding_claim(seed_claims):
    assert not any(c.text == "large-scale" for c in seed_claims)
    c = claim_with(seed_claims, "“large-scale” troop deployment")
    assert c.kind == "indirect"
    assert c.speaker == "Seoul’s spy agency"


def test_indirect_that_clause_after_time_word(seed_claims):
    c = claim_with(seed_claims, "at least 3,000 North Korean soldiers")
    assert (c.kind, c.cue, c.speaker, c.speaker_type) == ("indirect", "warned", "United States", "place")
    assert not c.text.startswith("that")


def test_indirect_in_relative_clause_with_title(seed_claims):
    c = claim_with(seed_claims, "G7 countries are committed")
    assert (c.speaker, c.role) == ("Janet Yellen", "US Treasury Secretary")


def test_capitals_and_countries_are_places(seed_claims):
    seoul = claim_with(seed_claims, "Pyongyang intends to send 10,000 soldiers")
    germany = claim_with(seed_claims, "it had called North Korea’s envoy")
    assert (seoul.speaker, seoul.speaker_type) == ("Seoul", "place")
    assert (germany.speaker, germany.speaker_type) == ("Germany", "place")


def test_unnamed_groups(seed_claims):
    officials = claim_with(seed_claims, "South Korea will send a team")
    experts = claim_with(seed_claims, "North Korea is probably trying")
    assert (officials.speaker, officials.speaker_type) == ("Officials", "group")
    assert (experts.speaker, experts.speaker_type) == ("Experts", "group")


def test_according_to(seed_claims):
    c = claim_with(seed_claims, "the nuclear-armed North is providing")
    assert (c.kind, c.speaker, c.speaker_type) == ("according_to", "South Korea", "place")


def test_he_resolves_to_previous_subject(seed_claims):
    c = claim_with(seed_claims, "Our partners should not shy away")
    assert c.speaker == "Volodymyr Zelensky"
    assert c.role == "President of Ukraine"


def test_hyphenated_name_is_whole(seed_claims):
    c = claim_with(seed_claims, "1,500 more troops had been dispatched")
    assert (c.speaker, c.role) == ("Park Sun-won", "South Korean congressman")


def test_untagged_quote_paragraph_continues_previous_speaker(pipe):
    text = (
        '"I am in awe of the people who ran towards danger to keep us safe," tweeted Mayor of London Sadiq Khan.\n'
        '"The bravery of the emergency services and ordinary Londoners is the very best of our city."\n'
    )
    claims = claims_of(pipe, text)
    assert [c.speaker for c in claims] == ["Sadiq Khan", "Sadiq Khan"]


def test_untagged_quote_without_context_has_no_speaker(pipe):
    claims = claims_of(pipe, '"The future of the CentOS Project is CentOS Stream."\n')
    assert len(claims) == 1 and claims[0].speaker is None


def test_parenthetical_tag(pipe):
    text = (
        "Emily Spanton, 39, met officers at an Irish pub. In between, she testified, she was gang raped "
        "by Quirin, Redouane, and an unidentified third officer.\n"
    )
    c = claim_with(claims_of(pipe, text), "she was gang raped")
    assert (c.kind, c.speaker) == ("indirect", "Emily Spanton")


def test_reported_clause_before_pronoun_tag(pipe):
    text = (
        "Alex Lagakos, deputy director of the Greek Energy Forum, said the project has a geopolitical significance. "
        "The estimated cost is six billion euros, but the saturation of the gas markets and competition from liquid "
        "natural gas (LNG) terminals are likely to keep private investors away, he noted.\n"
    )
    c = claim_with(claims_of(pipe, text), "The estimated cost is six billion euros")
    assert c.speaker == "Alex Lagakos"


def test_title_points_to_holder(pipe):
    text = (
        "Italian economic development minister Stefano Patuanelli sent a letter of support prior to the signing, "
        "but the minister said they are to build another pipeline to Igoumenitsa.\n"
    )
    c = claim_with(claims_of(pipe, text), "they are to build another pipeline")
    assert c.speaker == "Stefano Patuanelli"


def test_she_skips_the_last_man(pipe):
    text = (
        "Doris Day married four times. Her third husband was Martin Melcher. He died in 1968. "
        "She said Jorden had been physically abusive to her.\n"
    )
    c = claim_with(claims_of(pipe, text), "Jorden had been physically abusive")
    assert c.speaker == "Doris Day"


def test_straight_quotes_and_quote_before_cue_without_comma(pipe):
    text = 'Smith called the disappearance an "interesting" case; Miller said "It is a little hard to definitively say what\'s going on".\n'
    claims = claims_of(pipe, text)
    assert claim_with(claims, "interesting").speaker == "Smith"
    assert claim_with(claims, "It is a little hard").speaker == "Miller"


def test_names_in_quotes_are_not_claims(pipe):
    text = 'Khan was attending a prisoner rehabilitation conference called "Learning Together" at Fishmongers\' Hall.\n'
    assert claims_of(pipe, text) == []


def test_nested_quote_stays_inside_outer_quote():
    body = '"The WH statement tonight. The "United States" is not holding any ISIS detainees." McGurk later wrote.'
    spans = find_quotes(body, 0, len(body), 0)
    assert len(spans) == 1
    assert body[spans[0].close - 10 : spans[0].close] == "detainees."


def test_quote_open_at_paragraph_end_runs_to_paragraph_end():
    body = "“We deal with soldiers dispatched to support Putin’s rule."
    spans = find_quotes(body, 0, len(body), 0)
    assert len(spans) == 1 and not spans[0].closed and spans[0].close == len(body)


def test_quoted_as_saying_gives_the_object(pipe):
    text = 'Politico quoted Tim Manning, formerly a deputy administrator at FEMA, as saying "FEMA has an important role in coordinating the larger response to the crisis".\n'
    c = claim_with(claims_of(pipe, text), "FEMA has an important role")
    assert c.speaker == "Tim Manning"


def test_partitive_unnamed_speaker(pipe):
    text = 'One of the victims said the men thought they were "nothing but a toy to play with".\n'
    c = claim_with(claims_of(pipe, text), "the men thought")
    assert (c.speaker, c.speaker_type) == ("One of the victims", "person")


def test_possessor_is_not_the_speaker(pipe):
    text = (
        "German Chancellor Angela Merkel's spokesperson, Steffen Seibert, said it is possible \"that this airline "
        'carries out transports to Germany that affect our security concerns," and the ban followed discussions within Europe.\n'
    )
    c = claim_with(claims_of(pipe, text), "that this airline carries out transports")
    assert c.speaker == "Steffen Seibert"


def test_cue_verb_the_model_tagged_as_noun(pipe):
    text = "Imus is survived by his second wife.\nThe family's statement on the death read: \"Don loved and adored Deirdre, who unconditionally loved him back.\"\n"
    c = claim_with(claims_of(pipe, text), "Don loved and adored Deirdre")
    assert c.speaker == "family"


def test_according_to_with_glued_subject(pipe):
    text = "While some ancient Egyptian writers made passing mention of feeding bread and plants to ibises, according to Wasef archaeologists have not yet turned up any hatchery structures.\n"
    c = claim_with(claims_of(pipe, text), "archaeologists have not yet turned up")
    assert (c.kind, c.speaker) == ("according_to", "Wasef")


def test_reported_speech_without_speaker_is_dropped(pipe):
    text = "They found that certain wavelengths of light weakened when the planet was in the way, indicating not only does K2-18b have an atmosphere, but the atmosphere contains water.\n"
    assert not any("K2-18b have an atmosphere" in c.text for c in claims_of(pipe, text))


def test_namesake_resolution_prefers_the_article_subject(pipe):
    text = (
        "U.S. heiress Gloria Vanderbilt died on Monday. \"Gloria Vanderbilt was an extraordinary woman,\" her son said. "
        "As a child, Vanderbilt was the subject of a custody battle between her widowed mother, Gloria Morgan Vanderbilt, and her aunt.\n"
        "Vanderbilt was married four times. She would later say her union with Cooper was her only happy marriage.\n"
    )
    c = claim_with(claims_of(pipe, text), "her union with Cooper")
    assert c.speaker == "Gloria Vanderbilt"


def test_indirect_clause_swallowing_a_quote_keeps_it_whole(pipe):
    text = 'The Doris Day Animal Foundation said she had been in otherwise "excellent physical health for her age" but had recently had pneumonia.\n'
    claims = claims_of(pipe, text)
    indirect = [c for c in claims if c.kind == "indirect"]
    assert indirect and indirect[0].text.count('"') % 2 == 0
    assert claim_with(claims, "excellent physical health").speaker == "Doris Day Animal Foundation"


@pytest.mark.parametrize(
    "marks",
    [("«", "»"), ("« ", " »"), ("„", "“"), ("„", "”"), ("‘", "’"), ('"', '"')],
)
def test_quote_mark_styles(marks):
    opening, closing = marks
    body = f"It said, {opening}you must not repeat the fate of hundreds of thousands of Russian soldiers{closing} a statement read."
    spans = find_quotes(body, 0, len(body), 0)
    assert len(spans) == 1 and spans[0].closed
    inner = body[spans[0].open + 1 : spans[0].close].strip()
    assert inner == "you must not repeat the fate of hundreds of thousands of Russian soldiers"


def test_apostrophes_are_not_quotes():
    body = "Pyongyang is accused long-standing of arming Moscow’s forces; it's the soldiers' choice."
    assert find_quotes(body, 0, len(body), 0) == []


def test_quote_continuing_into_next_paragraph(pipe):
    text = (
        "Volodymyr Zelensky, the President of Ukraine, said in an address released late Tuesday: “Our partners should not shy away from this task.\n"
        "“And everyone in the world who is not helping to force Russia to peace is really helping Putin to fight.”\n"
    )
    claims = claims_of(pipe, text)
    first = claim_with(claims, "Our partners should not shy away")
    second = claim_with(claims, "everyone in the world who is not helping")
    assert first.speaker == second.speaker == "Volodymyr Zelensky"
    assert second.cue is None
