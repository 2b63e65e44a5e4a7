"""Dates on real phrases from the seed article and Wikinews, resolved against their publication dates."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from newsgen.extract.dates import extract_dates
from newsgen.model import Block, DateRef
from newsgen.nlp import load_pipeline

SEED = dt.date(2024, 10, 23)  # a Wednesday


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


def dates(nlp: Language, text: str, published: dt.date | None) -> list[DateRef]:
    found = extract_dates(nlp(text), published, [Block("paragraph", 0, len(text))])
    for d in found:
        assert text[d.start:d.end] == d.text
    return found


# (sentence, publication date, [(text, resolved), ...]) in article order
CASES = [
    ("The United States warned Wednesday that at least 3,000 North Korean soldiers would become targets.", SEED,
     [("Wednesday", "2024-10-23")]),
    ("North Korea transferred at least 3,000 soldiers into eastern Russia between early to mid-October.", SEED,
     [("early to mid-October", "2024-10-01/2024-10-20")]),
    ("Since Seoul's spy agency reported last week stating Pyongyang had agreed to send troops.", SEED,
     [("last week", "2024-10-14/2024-10-20")]),
    ("Officials said South Korea will send a team to NATO headquarters in Brussels next week.", SEED,
     [("next week", "2024-10-28/2024-11-03")]),
    ("\u201cOur partners should not shy away,\u201d he remarked in an address released late Tuesday.", SEED,
     [("late Tuesday", "2024-10-22")]),
    ("Seoul claims that Pyongyang intends to send 10,000 soldiers to Russia by December.", SEED, [("December", "2024-12")]),
    ("Following the military agreement reached in June by Putin and Kim, the fresh anxiety arises.", SEED, [("June", "2024-06")]),
    ("G7 countries are committed to making the lending available this year.", SEED, [("this year", "2024")]),
    ("Officials will meet on Friday in Brussels.", SEED, [("Friday", "2024-10-25")]),
    ("Officials met on Friday in Brussels.", SEED, [("Friday", "2024-10-18")]),
    ("The summit opens on Friday in Brussels.", SEED, [("Friday", "2024-10-25")]),
    ("Actor Doris Day died on Monday at her home in Carmel Valley.", dt.date(2019, 5, 16), [("Monday", "2019-05-13")]),
    ("The trial, called PALM, began last November and collected data from 499 patients.", dt.date(2019, 8, 15),
     [("last November", "2018-11")]),
    ("On last Thursday, the delegations of Greece, Cyprus and Israel signed the agreement.", dt.date(2020, 1, 10),
     [("last Thursday", "2020-01-02")]),
    ("The countries held a trilateral meeting on March 20 last year.", dt.date(2020, 1, 10), [("March 20 last year", "2019-03-20")]),
    ("In December, a Turkish official said the pipeline was unnecessary.", dt.date(2020, 1, 10), [("December", "2019-12")]),
    ("Brett McGurk, who was Trump's Special Presidential Envoy until December, also criticized the decision.",
     dt.date(2019, 10, 8), [("December", "2018-12")]),
    ("He was projected on November 7 to have won, and would be sworn into office on January 20.", dt.date(2020, 11, 26),
     [("November 7", "2020-11-07"), ("January 20", "2021-01-20")]),
    ("On September 19, 2018, Cyprus and Egypt signed an agreement.", dt.date(2020, 1, 10), [("September 19, 2018", "2018-09-19")]),
    ("The United States expressed its support via the December 20 signing of the act.", dt.date(2020, 1, 10),
     [("December 20", "2019-12-20")]),
    ("In late December, Indonesian cargo ship MV Namse Bangdzod disappeared.", dt.date(2019, 1, 10),
     [("late December", "2018-12-21/2018-12-31")]),
    ("Deutsche Welle reported in mid-2019 that 62 Tesco outlets had closed.", dt.date(2020, 6, 21), [("mid-2019", "2019-06/2019-07")]),
    ("In a DW report in March of last year, Dave Lewis said the company would stay.", dt.date(2020, 6, 21),
     [("March of last year", "2019-03")]),
    ("\"Virgin, and all that,\" Day said in her 1976 autobiography.", dt.date(2019, 5, 16), [("1976", "1976")]),
    ("Late on Sunday, the United States announced the withdrawal.", dt.date(2019, 10, 8), [("Late on Sunday", "2019-10-06")]),
    ("As of yesterday, no oil slicks were found, the agency which also today reported data said.", dt.date(2019, 1, 10),
     [("yesterday", "2019-01-09"), ("today", "2019-01-10")]),
    ("On Monday morning, Director Anthony Fauci announced the results.", dt.date(2019, 8, 15), [("Monday morning", "2019-08-12")]),
    ("Tsikhanouskaya, candidate in the presidential election to be held on August 9, held a rally.", dt.date(2020, 8, 3),
     [("August 9", "2020-08-09")]),
    ("In the 2019/20 fiscal year, Tesco said its Polish branch had a loss.", dt.date(2020, 6, 21), [("2019/20", "2019/2020")]),
    ("The first measles vaccine was introduced in the 1960s.", dt.date(2019, 12, 7), [("the 1960s", "1960/1969")]),
    ("And in the 21st Century, every society needs to respect the individual choice of its members.", dt.date(2020, 3, 4),
     [("21st Century", "2001/2100")]),
    ("The earliest moai date to the 13th century, and it reached its height during the nineteenth century.", dt.date(2019, 1, 12),
     [("13th century", "1201/1300"), ("nineteenth century", "1801/1900")]),
    ("The New York Times reports that more subpoenas are likely to be issued in the coming week.", dt.date(2019, 9, 30),
     [("the coming week", "2019-10-01/2019-10-07")]),
    ("CentOS 8's End of Life has been moved up from May 2029 to December 31, 2021.", dt.date(2020, 12, 18),
     [("May 2029", "2029-05"), ("December 31, 2021", "2021-12-31")]),
    ("Stevens retired from the court in 2010 and died yesterday.", dt.date(2019, 7, 17),
     [("2010", "2010"), ("yesterday", "2019-07-16")]),
    ("Since the Mass Vaccination Campaign on 20 Nov 2019, the Ministry has vaccinated 58,150 individuals.", dt.date(2019, 12, 7),
     [("20 Nov 2019", "2019-11-20")]),
    ("The fire followed a similar fire in Cork, Ireland in August last year.", dt.date(2020, 1, 10),
     [("August last year", "2019-08")]),
    ("Growth was 3.5% in the second quarter of 2023 and Q1 2021, after the summer of 2018.", SEED,
     [("the second quarter of 2023", "2023-04/2023-06"), ("Q1 2021", "2021-01/2021-03"), ("the summer of 2018", "2018-06/2018-08")]),
    ("Prices rose last winter and may fall this winter.", SEED,
     [("last winter", "2023-12/2024-02"), ("this winter", "2024-12/2025-02")]),
    ("The report dated 2024-10-01 covers the 2019–20 season and the years 2005–2015.", SEED,
     [("2024-10-01", "2024-10-01"), ("2019–20", "2019/2020"), ("2005–2015", "2005/2015")]),
    ("NBC News reported Avenatti is to be sentenced in June.", dt.date(2020, 2, 15), [("June", "2020-06")]),
    ("The research ship surveyed the area from July 13 to 17 of last year.", dt.date(2019, 9, 8),
     [("July 13 to 17 of last year", "2018-07-13/2018-07-17")]),
    ("Meteorologists predict landfall Saturday morning.", dt.date(2019, 7, 12), [("Saturday morning", "2019-07-13")]),
    ("Officials say on Monday that the levees will hold.", dt.date(2019, 7, 12), [("Monday", "2019-07-08")]),
    ("The Mahatma died nine years ago, she said a year ago.", dt.date(2020, 6, 28),
     [("nine years ago", "2011"), ("a year ago", "2019")]),
    ("He would have been 80 on February 20.", dt.date(2019, 2, 11), [("February 20", "2019-02-20")]),
    ("On the night of May 25, for example, attendees could catch a panel.", dt.date(2019, 5, 31), [("May 25", "2019-05-25")]),
    ("As of Sunday evening, all four are in stable condition.", dt.date(2019, 7, 23), [("Sunday evening", "2019-07-21")]),
    ("Police said on Monday they believe the theft involved a group of thieves.", dt.date(2019, 9, 18), [("Monday", "2019-09-16")]),
    ("Mugabe ruled as president, 1987–2017, for 37 years.", dt.date(2019, 9, 9), [("1987–2017", "1987/2017")]),
    ("The army moved on November 15, 2017, in exchange for his resignation on November 21.", dt.date(2019, 9, 9),
     [("November 15, 2017", "2017-11-15"), ("November 21", "2017-11-21")]),
    ("Over the weekend, tributes were paid; the party will meet over the weekend.", dt.date(2020, 9, 2),
     [("Over the weekend", "2020-08-29/2020-08-30"), ("over the weekend", "2020-09-05/2020-09-06")]),
    ("The party won the election this past weekend.", dt.date(2019, 2, 11), [("this past weekend", "2019-02-09/2019-02-10")]),
    ("He announced de Graaf as his running mate this past April.", dt.date(2020, 10, 23), [("this past April", "2020-04")]),
    ("The November border demarcation allowed Turkish deployments.", dt.date(2020, 1, 10), [("November", "2019-11")]),
    ("Humberto was expected to pass by Bermuda late Wednesday night.", dt.date(2019, 9, 19),
     [("late Wednesday night", "2019-09-18")]),
    ("The NHC predicted that Humberto would pass by Bermuda Wednesday night.", dt.date(2019, 9, 19),
     [("Wednesday night", "2019-09-18")]),
    ("At the same time, the Senate announced it would meet on Monday.", dt.date(2019, 8, 4), [("Monday", "2019-08-05")]),
    ("Pelosi has proposed legislation that would fund the government through September.", dt.date(2019, 1, 4),
     [("September", "2019-09")]),
    ("The state of emergency was expected to end on December 15.", dt.date(2020, 1, 1), [("December 15", "2019-12-15")]),
    ("His trial has been scheduled for November.", dt.date(2019, 6, 28), [("November", "2019-11")]),
    ("It was forecast to reach Florida possibly on Wednesday.", dt.date(2019, 7, 23), [("Wednesday", "2019-07-24")]),
    ("Monday's bid for October elections failed to get the two-thirds majority needed.", dt.date(2019, 9, 11),
     [("Monday", "2019-09-09"), ("October", "2019-10")]),
    ("Tropical Depression Three formed over the Bahamas this weekend.", dt.date(2019, 7, 23),
     [("this weekend", "2019-07-20/2019-07-21")]),
    ("Earlier this week, an official government announcement said 3,728 measles cases had been reported.", dt.date(2019, 12, 7),
     [("Earlier this week", "2019-12-02/2019-12-08")]),
]


@pytest.mark.parametrize("text, published, expected", CASES)
def test_dates(nlp: Language, text: str, published: dt.date, expected: list[tuple[str, str]]) -> None:
    assert [(d.text, d.resolved) for d in dates(nlp, text, published)] == expected


NOT_DATES = [
    "Khan served eight years of a sixteen-year sentence.",
    "Later in the evening, the network went off the air; that night, staff left.",
    "The Sunday trade ban also hurt sales, as did a loophole which allows Sunday opening hours.",
    "Two days prior to Michigan's certification, Trump spoke.",
    "Tesco has recently closed stores, as it did years ago.",
    "The 2000 km long pipeline cost 1368 million pounds.",
    "Prime Minister Theresa May said people may leave.",
    "Biden spoke on television just after 7:30 a.m. EDT (1130 UTC).",
    "The alleged rape took place at 36 Quai des Orfèvres.",
    "Sales fell in the last year.",
    "Theresa May said she wrote to May.",
    "Biologists count how many adult birds make it back to the site the next year.",
    "We anticipate hearing more details around that in the coming weeks.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(nlp: Language, text: str) -> None:
    assert [d.text for d in dates(nlp, text, SEED)] == []


def test_without_publication_date_relative_dates_stay_unresolved(nlp: Language) -> None:
    got = dates(nlp, "On Monday, Cyprus and Egypt recalled the deal of September 19, 2018.", None)
    assert [(d.text, d.resolved) for d in got] == [("Monday", None), ("September 19, 2018", "2018-09-19")]


def test_dateline_is_skipped(nlp: Language) -> None:
    text = "Paris, Monday:\nThe court ruled on Thursday."
    found = extract_dates(nlp(text), dt.date(2019, 2, 2), [Block("dateline", 0, 14), Block("paragraph", 15, len(text))])
    assert [(d.text, d.resolved) for d in found] == [("Thursday", "2019-01-31")]


def test_a_count_the_tagger_calls_a_date_is_no_year(nlp) -> None:
    """Wikinews, Samoa: neither number is a year."""
    from newsgen.extract.dates import extract_dates
    from newsgen.model import Block

    text = "Out these, 1846 persons were hospitalized and 1720 had already been discharged, while 81 had lost their lives."
    doc = nlp(text)
    assert [d.text for d in extract_dates(doc, None, [Block("paragraph", 0, len(text))])] == []
