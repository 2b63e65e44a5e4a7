"""Figures on real phrases from the seed article and Wikinews, including what must not come out."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgen.extract.figures import extract_figures
from newsgen.extract.numbers import words_value
from newsgen.model import Block, Figure
from newsgen.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


def figures(nlp: Language, text: str) -> list[Figure]:
    doc = nlp(text)
    found = extract_figures(doc, [Block("paragraph", 0, len(text))])
    for f in found:
        assert text[f.start:f.end] == f.text
    return found


@pytest.mark.parametrize("text, value", [
    ("3,000", 3000), ("1.5", 1.5), ("ten", 10), ("forty-five", 45), ("a dozen", 12),
    ("three-and-a-half million", 3.5e6), ("1.5 million", 1.5e6), ("two hundred and twenty", 220),
    ("one and two thirds", 1 + 2 / 3), ("a million", 1e6), ("50 billion", 5e10),
])
def test_words_value(text: str, value: float) -> None:
    assert words_value(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["a", "the", "one two and"])
def test_words_value_rejects_non_numbers(text: str) -> None:
    assert words_value(text) is None


# (sentence, [(value, unit, qualifier, value_max), ...]) in article order
CASES = [
    ("The United States warned Wednesday that at least 3,000 North Korean soldiers, who have been dispatched to Russia, would become official targets.",
     [(3000, "soldiers", "at_least", None)]),
    ("Western supporters separately stated Wednesday that they would make $50 billion in lending available to assist Ukraine.",
     [(5e10, "USD", None, None)]),
    ("Park Sun-won earlier reported that 1,500 more troops had been dispatched to Russia, bringing the overall deployment to 3,000.",
     [(1500, "troops", None, None), (3000, None, None, None)]),
    ("It said, \u201cyou must not repeat the fate of hundreds of thousands of Russian soldiers who will never return home!\u201d",
     [(100000, "soldiers", "at_least", None)]),
    ("Turkey has an estimated two million Syrian refugees, down from a peak of over three-and-a-half million at the height.",
     [(2e6, "refugees", "approximate", None), (3.5e6, None, "more_than", None)]),
    ("Patients with low viral loads had a death rate of only 6% to 11% when treated with REGN-EB3.",
     [(6, "percent", "range", 11)]),
    ("Outbreak mortality rates have been at least 25%, as high as 90%, and averaged around 50% according to WHO.",
     [(25, "percent", "at_least", None), (90, "percent", "at_most", None), (50, "percent", "approximate", None)]),
    ("Energean has committed 1.7 billion dollars in the Karish field.", [(1.7e9, "USD", None, None)]),
    ("Salling, over 18 months at a cost of one billion złotys, intends to merge these stores.",
     [(18, "months", "more_than", None), (1e9, "PLN", None, None)]),
    ("The price is 900 million złotys (181 million pounds).", [(9e8, "PLN", None, None), (1.81e8, "GBP", None, None)]),
    ("They are to pay €20,000 (£17,500; US$22,900) in compensation.",
     [(20000, "EUR", None, None), (17500, "GBP", None, None), (22900, "USD", None, None)]),
    ("Her campaigning \"led to dozens of bills, final rules and regulations\".", [(12, "bills", "at_least", None)]),
    ("The 75 m (250 ft) ship was built in 1993 in Japan.", [(75, "m", None, None), (250, "ft", None, None)]),
    ("The planned pipeline capacity is 10 billion cubic meters per year.", [(1e10, "m³ per year", None, None)]),
    ("Emily Spanton, 39, who has waived her right to anonymity, met officers Antoine Quirin and Nicolas Redouane, 40 and 49, at an Irish pub.",
     [(39, "years (age)", None, None), (40, "years (age)", None, None), (49, "years (age)", None, None)]),
    ("On Friday, 28-year-old Usman Khan stabbed people.", [(28, "years (age)", None, None)]),
    ("A Polish chef harried him with a five-foot narwhal tusk.", [(5, "ft", None, None)]),
    ("the five-foot (one and two thirds meters) marine mammal tusk", [(5, "ft", None, None), (1 + 2 / 3, "m", None, None)]),
    ("Doris Day died of pneumonia at age 12.", [(12, "years (age)", None, None)]),
    ("Tesco closed 22 sold units in the past year and a half, for around 200 million pounds.",
     [(22, "units", None, None), (1.5, "years", None, None), (2e8, "GBP", "approximate", None)]),
    ("Two days prior to Michigan's certification, the agency acted.", [(2, "days", None, None)]),
    ("It owns over 42 television stations, 10 digital channels, and 18 FM and five AM radio stations.",
     [(42, "television stations", "more_than", None), (10, "channels", None, None), (18, "FM", None, None),
      (5, "AM radio stations", None, None)]),
    ("Like all vessels exceeding 300 tons, it must carry a transponder.", [(300, "tons", "more_than", None)]),
    ("These two other stars must be between 15 and 70 million years old.",
     [(2, "stars", None, None), (15e6, "years (age)", "range", 70e6)]),
    ("According to authorities, at least a dozen people lost their lives.", [(12, "people", "at_least", None)]),
    ("Tesco sold its roughly 2000 Thai and 74 Malaysian stores.",
     [(2000, None, "approximate", None), (74, "stores", None, None)]),
    ("Fallows remarked, \"In 18+ years of working at Seal Island, I have never seen this.\"", [(18, "years", "at_least", None)]),
    ("The outbreak had killed fewer than 20 people, while up to 500 people were sick.",
     [(20, "people", "less_than", None), (500, "people", "up_to", None)]),
    ("A trial of four possible Ebola drugs was stopped early because two of them had already shown results.",
     [(4, "drugs", None, None), (2, None, None, None)]),
    ("The ship's signals showed no sighting of the ship within the last 59 days on Tuesday.", [(59, "days", None, None)]),
    ("Biden led Trump 47 percent to 40 percent with 5 percent for Amash.",
     [(47, "percent", None, None), (40, "percent", None, None), (5, "percent", None, None)]),
    ("Half a million people fled, several thousand soldiers died and a few hundred remain.",
     [(5e5, "people", None, None), (1000, "soldiers", "at_least", None), (100, None, "at_least", None)]),
    ("The company made $1.5bn and £3m while 1.5m people voted.",
     [(1.5e9, "USD", None, None), (3e6, "GBP", None, None), (1.5e6, "people", None, None)]),
    ("The black hole is about 1010 ± 195 light years away.", [(1010, "light years", "approximate", None)]),
    ("Bloomberg reported the police arrested people aged from 21 to 78.", [(21, None, "range", 78)]),
    ("Forecasters predicted a storm surge of three to six feet (one to two meters), and the levees have about five or six feet of leeway.",
     [(3, "ft", "range", 6), (1, "m", "range", 2), (5, "ft", "approximate", 6)]),
    ("Authorities expected winds of 100 mph (about 160 km/h) near the 18-karat gold toilet.",
     [(100, "mph", None, None), (160, "km/h", "approximate", None), (18, "karat", None, None)]),
    ("The hotel's website estimated 120 people were in the building.", [(120, "people", None, None)]),
    ("The government accused Avenatti of trying to pressure Nike for about 15–25 million dollars.",
     [(15e6, "USD", "approximate", 25e6)]),
    ("The penalty is a maximum of three years in prison or 200–400 hours of community service.",
     [(3, "years", "at_most", None), (200, "hours", "range", 400)]),
    ("The number of people infected may considerably exceed 1000.", [(1000, None, None, None)]),
    ("The government lowered the economic growth forecast for 2019 to 0 – 1%.", [(0, "percent", "range", 1)]),
    ("They are to share a monetary award of SEK9 million (approximately GBP738 thousand or USD910 thousand).",
     [(9e6, "SEK", None, None), (738000, "GBP", "approximate", None), (910000, "USD", None, None)]),
    ("Its wind speeds reached 185 mph (~295 km/h), and they paid 60,000INR.",
     [(185, "mph", None, None), (295, "km/h", "approximate", None), (60000, "INR", None, None)]),
    ("This is the unanimous judgment of all 11 Justices.", [(11, "Justices", None, None)]),
    ("Fares rose from C$3.10 by 75 cents.", [(3.10, "CAD", None, None), (0.75, "CAD", None, None)]),
    ("The event raised nearly CDN$11,000 for Pet Patrol, and NZ$3 million more.", [(11000, "CAD", "approximate", None), (3e6, "NZD", None, None)]),
    ("Biden secured 39 of South Carolina's 54 delegates.", [(39, None, None, None), (54, "delegates", None, None)]),
    ("Satellite imaging suggests Aleppo contained 35,000 war-damaged structures at that time.", [(35000, "structures", None, None)]),
    ("The team won 3 in 2019 and five in 2020.", [(3, None, None, None), (5, None, None, None)]),
    ("According to authorities, the site hosted a quarter million video clips.", [(250000, "video clips", None, None)]),
    ("Blind Faith recorded only one studio album but notably played before a hundred thousand.",
     [(1, "studio album", None, None), (100000, None, None, None)]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_figures(nlp: Language, text: str, expected: list[tuple]) -> None:
    got = [(f.value, f.unit, f.qualifier, f.value_max) for f in figures(nlp, text)]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        assert g[0] == pytest.approx(e[0], rel=1e-3), got
        if e[1] is not None:
            assert g[1] == e[1], got
        assert g[2] == e[2], got
        assert (g[3] is None) == (e[3] is None) and (e[3] is None or g[3] == pytest.approx(e[3])), got


NOT_FIGURES = [
    "Indonesia AirAsia Flight 8501 vanished in December 2014.",
    "The franchise, Republic Act No. 7966, expired on Monday.",
    "The COVID-19 pandemic reached the G7 countries.",
    "CCTV captured their arrival, entering at 0:40, and she departed at 2:00 p.m. on Friday.",
    "The third officer joined the 1st Fleet.",
    "Members of the public confronted him; one man sprayed Khan with a fire extinguisher.",
    "One of them said it was over.",
    "She was the only one who stayed.",
    "In the current outbreak, two thirds of those known to be infected have died.",
    "There are no two people alike.",
    "Stevens was born in 1920 in Chicago.",
    "Publications reported either December 27 or December 28.",
    "The alleged rape took place at the police headquarters at 36 Quai des Orfèvres.",
    "Regulators grounded the Boeing 737 MAX jets.",
    "The game was devised by Conway around 1970.",
    "Seoul claims Pyongyang is a state.",
    "The report of 2024-10-01 covers the 2019-20 season and the meeting of May 4-6.",
    "The 9/11 attacks changed how 24/7 news covered the COVID-19 pandemic.",
    "If two-thirds of the senators vote to convict, he is removed.",
    "Prime Minister Theresa May met Goody Two-Shoes.",
    "At that point phase two was planned to begin, and round three later.",
    "The research ship surveyed the area from July 13 to 17 of last year.",
    "The Texas Haunters Convention ran July 27–28 in Dallas.",
    "Mugabe ruled as president, 1987–2017, and the 2019–20 budget followed.",
    "A few hours before the Boeing 737-800 jet crashed, Iran launched missiles.",
    "The fighting goes against the United Nations Security Council resolution 2259.",
    "When it was first detected on Sunday, the depression was given only a one-in-five chance of becoming a tropical storm.",
    "Tropical Depression Three formed over the Bahamas this weekend, before heading towards Florida.",
    "She then analyzed the three-dimensional structures that the protein molecules formed.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(nlp: Language, text: str) -> None:
    assert [f.text for f in figures(nlp, text)] == []


def test_list_marker_is_not_a_figure(nlp: Language) -> None:
    text = "Demands:\n1. Release 40 prisoners."
    assert [f.value for f in figures(nlp, text)] == [40]


def test_dateline_skipped_and_text_spans(nlp: Language) -> None:
    text = "Route 66:\nThe group of 20 people met."
    doc = nlp(text)
    found = extract_figures(doc, [Block("dateline", 0, 9), Block("paragraph", 10, len(text))])
    assert [(f.text, f.value, f.unit) for f in found] == [("20 people", 20, "people")]


# What a figure counts, on real sentences (Wikinews): (sentence, [(figure text, quantity key, scope, date word)]).
# The key is the unit's dimension and the lemmas of the thing counted; figures of one quantity share it.
QUANTITY_CASES = [
    ("Local officials said 24 people have been hospitalised, but Agence France-Presse reported as many as 32 hospitalised.",
     [("24 people", "count|hospitalised", None, None), ("as many as 32", "count|hospitalised", None, None)]),
    ("Phivolcs reported the earthquake's magnitude was 5.5; United States Geological Survey (USGS) reported 5.8.",
     [("5.5", "magnitude|earthquake", None, None), ("5.8", "magnitude|earthquake", None, None)]),
    ("As of September 30, Armenia claimed 790 Azerbaijani soldiers had been killed, with 103 Artsakh deaths.",
     [("790 Azerbaijani soldiers", "count|azerbaijani killed troop", None, "September"), ("103 Artsakh deaths", "count|artsakh killed", None, "September")]),
    ("As of yesterday, the virus had reportedly killed at least 813 in China and infected around 35,000 worldwide in at least 28 countries.",
     [("at least 813", "count|killed", "China", "yesterday"), ("around 35,000", "count|infected", "worldwide", "yesterday"),
      ("at least 28 countries", "count|country", "worldwide", "yesterday")]),
    ("Out these, 1846 persons were hospitalized and 1720 had already been discharged, while 81 had lost their lives.",
     [("1846 persons", "count|hospitalised", None, None), ("1720", "count|discharged", None, None), ("81", "count|killed", None, None)]),
    ("He spoke about affordable higher education, healthcare, and raising the federal minimum wage to USD15 an hour in his announcement.",
     [("USD15 an hour", "USD per hour|federal minimum wage", None, None)]),
    ("Park Sun-won earlier reported that 1,500 more troops had been dispatched to Russia, bringing the overall deployment to 3,000.",
     [("1,500 more troops", "count|added dispatch russia troop", None, None), ("3,000", "count|deployment", None, None)]),
    ("Hillary Clinton is seizing upon a New York Times report that Donald Trump had a net loss of more than $915 million in 1995.",
     [("more than $915 million", "USD|loss", "Donald Trump", "1995")]),
    ("But that gap has taken on new urgency after leaked documents from his 1995 tax return show he took a massive $916 million loss.",
     [("$916 million", "USD|loss", None, None)]),
    ("In the United States, over 244 thousand coronavirus cases were recorded, linking to at least 5,900 deaths.",
     [("over 244 thousand coronavirus cases", "count|coronavirus infected", "United States", None),
      ("at least 5,900 deaths", "count|killed", "United States", None)]),
    ("Humberto had maximum sustained winds of 75 miles per hour and was moving northeast.",
     [("75 miles per hour", "mi per hour|maximum sustained wind", "Humberto", None)]),
    ("It was followed by another earthquake an hour later; the second quake had a magnitude of 4.0 and was recorded in Sultan Kudarat.",
     [("4.0", "magnitude|earthquake second", None, None)]),
    ("On Wednesday, the strong tremor left five dead and, by early reports, at least 30 injured.",
     [("five", "count|killed", None, "Wednesday"), ("at least 30", "count|injured", None, "Wednesday")]),
    ("Russia suffers one of the highest death tolls from road accidents in the world, reportedly 18.9 deaths per 100,000 people per year.",
     [("18.9 deaths per 100,000 people", "count per 100,000 people|killed", None, None)]),
    ("Pyongyang intends to send 10,000 soldiers to Russia by December.",
     [("10,000 soldiers", "count|projected russia send troop", None, "December")]),
    ("Vanderbilt was survived by two of her sons.", [("two of her sons", "count|part son", None, None)]),
    ("The United Nations said some 60 thousand people are in need of food and drinking water.",
     [("some 60 thousand people", None, None, None)]),  # nothing identifiable is counted: it stays on its article
]


@pytest.mark.parametrize("text, expected", QUANTITY_CASES)
def test_quantity_keys(nlp: Language, text: str, expected: list[tuple]) -> None:
    got = figures(nlp, text)
    assert [f.text for f in got] == [e[0] for e in expected]
    for f, (_, key, scope, date_word) in zip(got, expected):
        assert (f.quantity, f.scope) == (key, scope), f
        assert (text[f.date_at:].split()[0].strip(",.") if f.date_at is not None else None) == date_word, f


def test_a_vague_plural_is_a_lower_bound(nlp: Language) -> None:
    [f] = figures(nlp, "Attendance was by varying reports tens of thousands.")
    assert (f.value, f.qualifier) == (10000, "at_least")


def test_a_quarter_of_a_million_is_250000(nlp: Language) -> None:
    [f] = figures(nlp, "You don't have to come up with a quarter of a million dollars for your kid.")
    assert (f.value, f.unit) == (250000, "USD")
