"""Corrections of small-model entity mistakes that would put the wrong name on a claim."""

from __future__ import annotations

import pytest

from newsgen.extract.entities import SPANS_KEY, compute_entities, corrected_entities
from newsgen.nlp import load_pipeline


@pytest.fixture(scope="session")
def pipe():
    return load_pipeline()


def labels(pipe, text: str) -> dict[str, str]:
    return {e.text: e.label for e in corrected_entities(pipe(text))}


def test_capital_tagged_person_becomes_place(pipe):
    found = labels(pipe, "On Wednesday Kyiv called on any North Korean soldiers sent by Russia to lay down their weapons and preserve their lives.")
    assert found.get("Kyiv") == "GPE"


def test_possessive_is_trimmed(pipe):
    found = labels(pipe, "“You must not die senselessly in a foreign land,” claimed a statement released by a group under Kyiv’s military intelligence.")
    assert "Kyiv’s" not in found
    assert found.get("Kyiv") == "GPE"


def test_hyphenated_given_name_is_kept(pipe):
    found = labels(pipe, "Following a National Intelligence Service briefing, South Korean congressman Park Sun-won earlier reported that 1,500 more troops had been dispatched to Russia.")
    assert found.get("Park Sun-won") == "PERSON"


def test_person_glued_after_organisation(pipe):
    found = labels(pipe, 'Former US Ambassador to the United Nations Nikki Haley wrote on Twitter, "We must always have the backs of our allies."')
    assert found.get("Nikki Haley") == "PERSON"


def test_given_name_left_out_by_model(pipe):
    found = labels(pipe, '"I am in awe of the people who ran towards danger to keep us safe," tweeted Mayor of London Sadiq Khan.')
    assert found.get("Sadiq Khan") == "PERSON"


def test_surname_mislabelled_when_full_name_known(pipe):
    found = labels(pipe, "Spanton, 39, met officers Antoine Quirin and Nicolas Redouane, 40 and 49, at an Irish pub.")
    assert found.get("Antoine Quirin") == "PERSON"


def test_title_before_name_tagged_org_is_a_person(pipe):
    found = labels(pipe, "In Ontario, provincial police Detective Constable Daniel Dubé stated to the CBC in late June that the border closure between New York State and Quebec drove up the prices of illicit drugs.")
    assert found.get("Detective Constable Daniel Dubé") == "PERSON"


def test_lower_case_person_is_dropped(pipe):
    found = labels(pipe, "Kamloops RCMP Constable Gary Gray said fentanyl had become a popular drug in Kamloops because it was potent.")
    assert "fentanyl" not in found


def test_surname_skips_generational_suffix():
    from newsgen.extract.entities import surname

    assert surname("Robert Downey Jr.") == "Downey"
    assert surname("Martin Luther King III") == "King"


def test_title_like_organisation_names_stay_organisations(pipe):
    from newsgen.extract.entities import _titled_person

    doc = pipe("General Dynamics Land Systems said the contract was cancelled. Major League Baseball agreed.")
    for ent in doc.ents:
        if ent.label_ == "ORG":
            assert _titled_person(doc, ent.start, ent.end, "ORG") == "ORG"


def test_organisation_after_a_possessive_place_stays_an_organisation(pipe):
    doc = pipe("Following the announcements, the director of Argentina's Amnesty International, Mariela Belski, said the president had heard them.")
    labels = {e.text: e.label for e in corrected_entities(doc)}
    assert labels.get("Amnesty International") == "ORG"


def test_name_after_lower_case_role_noun_is_a_person(pipe):
    doc = pipe("Recently, Finnish open-source video game developer Perttu Ahola discussed Minetest. According to Ahola, Minetest attempts to run on older hardware.")
    labels = [(e.text, e.label) for e in corrected_entities(doc)]
    assert ("Perttu Ahola", "PERSON") in labels and ("Ahola", "PERSON") in labels


def test_name_in_apposition_with_a_role_is_a_person(pipe):
    doc = pipe("The current president of Namibia, Hage Geingob, expressed his sadness.")
    assert ("Hage Geingob", "PERSON") in [(e.text, e.label) for e in corrected_entities(doc)]


def test_place_glued_before_a_known_person_is_split_off(pipe):
    doc = pipe("On Monday, United States Senator from Vermont Bernie Sanders endorsed former Vice President Joe Biden for president. The move came after Sanders ended his own presidential bid last week.")
    assert ("Bernie Sanders", "PERSON") in [(e.text, e.label) for e in corrected_entities(doc)]


def test_caption_label_is_not_a_surname(pipe):
    doc = pipe("AIP Chairman Markham Robinson Image: Markham Robinson.")
    assert not any(e.text.endswith("Image") for e in corrected_entities(doc))


@pytest.mark.parametrize(("text", "model", "repaired"), [
    # a capital the model tags as a person speaks for its government: a place
    ("On Wednesday Kyiv called on any North Korean soldiers sent by Russia to lay down their weapons and preserve their lives.",
     ("Kyiv", "PERSON"), ("Kyiv", "GPE")),
    # a hyphenated given name the tokenizer split
    ("Following a National Intelligence Service briefing, South Korean congressman Park Sun-won earlier reported that 1,500 more troops had been dispatched to Russia.",
     ("Park Sun", "PERSON"), ("Park Sun-won", "PERSON")),
    # a possessive inside the name
    ("“You must not die senselessly in a foreign land,” claimed a statement released by a group under Kyiv’s military intelligence.",
     ("Kyiv’s", "ORG"), ("Kyiv", "GPE")),
    # a person glued onto an organisation
    ('Former US Ambassador to the United Nations Nikki Haley wrote on Twitter, "We must always have the backs of our allies."',
     ("Nikki Haley", "ORG"), ("Nikki Haley", "PERSON")),
])
def test_the_repaired_doc_holds_the_corrected_entities(pipe, text, model, repaired):
    """The pipeline's `newsgen_repairs` writes the corrections into the Doc; the model's own
    `doc.ents` stay as the model tagged them (the rules still read its tags)."""
    doc = pipe(text)
    assert model in [(e.text, e.label_) for e in doc.ents]
    assert repaired in [(s.text, s.label_) for s in doc.spans[SPANS_KEY]]
    assert repaired in [(e.text, e.label) for e in corrected_entities(doc)]


def test_a_doc_without_repairs_gets_them_computed(pipe):
    """A Doc from a bare spaCy pipeline (no `newsgen_repairs`) reads the same corrections."""
    doc = pipe("On Monday, United States Senator from Vermont Bernie Sanders endorsed former Vice President Joe Biden for president. The move came after Sanders ended his own presidential bid last week.")
    stored = corrected_entities(doc)
    del doc.spans[SPANS_KEY]
    assert corrected_entities(doc) == compute_entities(doc) == stored
