"""Figures: counts, money, percentages, measures, ages and durations, with what they count.

A token scanner finds number runs ("3,000", "three-and-a-half million", "dozens of"), drops the
ones that are not quantities (dates, clock times, names, list markers, pronoun "one"), then reads
the words around each run: a qualifier before it, a currency, measure or counted noun after it, a
second run for ranges. The counted noun comes from the words that follow, checked against spaCy's
part-of-speech tags; its NER labels are too unreliable at span edges to decide what a number is,
so they only help tell years from counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Block, Figure
from . import units as U
from .numbers import (DOZEN, FRACTIONS, HUNDRED, MONTHS, SCALE_ABBREV, SCALES, TENS, UNITS, VAGUE, digits_value, is_digits,
                      is_year_number, scale_value, words_value)

HYPHENS = ("-", "\u2010", "\u2011")
DASHES = (*HYPHENS, "\u2013", "/")
RANGE_TOKEN = re.compile(r"^([0-9][0-9,.]*)[\u2013-]([0-9][0-9,.]*)$")
GLUED = re.compile(r"^(?P<pre>~|≈|[A-Z]{1,3}\$|[A-Z]{3}|Rs\.?|[$€£¥₹])?(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<post>[A-Z]{3})?$")
ATTACHED_SCALE = re.compile(r"^([0-9][0-9,]*(?:\.[0-9]+)?)(bn|mn|mln|k|tn|trn|m)$", re.I)
DATE_CHUNK = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\W*$|^[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}\W*$")
CLOCK_AFTER = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "hrs", "h"}
POST_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("or", "over"): "at_least", ("-", "plus"): "at_least", ("plus",): "at_least",
    ("or", "fewer"): "at_most", ("or", "less"): "at_most", ("or", "so"): "approximate",
}
# "the one", "no one", "every one" are pronouns, not counts.
NOT_ONE_BEFORE = {"no", "the", "this", "that", "each", "every", "any", "which", "another", "some", "last"}
PRONOUNS = {"them", "us", "these", "those", "which", "whom", "it", "you"}
# Vague multipliers before a scale word take the scale as their lower bound, like "thousands".
SEVERAL = {"several", "few", "many"}
# Short unit words that are also ordinary words: they count as units only when tagged as nouns.
AMBIGUOUS_UNITS = {"in", "m", "g", "t", "mt", "ha", "degrees", "magnitude"}
# Words that introduce a year ("in 1993", "since 2015").
YEAR_PREPS = {"in", "since", "until", "till", "by", "from", "of", "during", "before", "after", "to", "through", "year", "and", "or", "between"}
SYMBOLS = ("$", "€", "£", "¥", "US$")


@dataclass
class Run:
    """A number's tokens [start, end) and value; `value_max` for a range written as one token ("15–25")."""

    start: int
    end: int
    value: float
    vague: bool = False
    scaled: bool = False
    value_max: float | None = None


def extract_figures(doc: Doc, blocks: Sequence[Block]) -> list[Figure]:
    """Figures in article order; dateline blocks are skipped because they hold places, not numbers."""
    skip = [(b.start, b.end) for b in blocks if b.kind == "dateline"]
    out: list[Figure] = []
    i = 0
    while i < len(doc):
        found = None if skip and any(s <= doc[i].idx < e for s, e in skip) else _figure_at(doc, i)
        if found is None:
            i += 1
            continue
        fig, nxt = found
        describe(doc, fig, out[-1] if out else None)
        out.append(fig)
        i = max(nxt, i + 1)
    return out


# --- small token helpers -------------------------------------------------------------------------

def _lower(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _adjacent(a: Token, b: Token) -> bool:
    return a.idx + len(a.text) == b.idx


def _is_num_word(w: str) -> bool:
    return w in UNITS or w in TENS


def _sig(doc: Doc, k: int, skip: int = 0) -> str:
    """The word at or after token k, hyphens not counted, skipping `skip` words."""
    while k < len(doc):
        if doc[k].lower_ not in HYPHENS:
            if skip == 0:
                return doc[k].lower_
            skip -= 1
        k += 1
    return ""


def _chunk(doc: Doc, t: Token) -> str:
    """The tokens with no space between them around t ("2024-10-01")."""
    a = b = t.i
    while a > 0 and not doc[a - 1].whitespace_:
        a -= 1
    while b + 1 < len(doc) and not doc[b].whitespace_:
        b += 1
    return doc[a:b + 1].text


# --- number runs ---------------------------------------------------------------------------------

def _number_run(doc: Doc, i: int) -> Run | None:
    """The number starting at token i, or None."""
    t = doc[i]
    w = t.lower_
    nx, nx2 = _lower(doc, i + 1), _lower(doc, i + 2)
    m = ATTACHED_SCALE.match(t.text)
    if m and m.group(2).lower() != "m":
        return Run(i, i + 1, digits_value(m.group(1)) * (scale_value(m.group(2)) or 1), scaled=True)
    r = RANGE_TOKEN.match(t.text)
    if r:
        return _range_token(doc, i, r.group(1), r.group(2))
    if w in VAGUE and t.tag_ == "NNS":
        if nx == "of" and nx2 in VAGUE and nx2 != "dozens":
            return Run(i, i + 3, VAGUE[w] * VAGUE[nx2], vague=True)  # "hundreds of thousands"
        return Run(i, i + 1, VAGUE[w], vague=True)
    if w == "half" and nx in ("a", "an") and nx2 in SCALES:
        return Run(i, i + 3, 0.5 * SCALES[nx2], scaled=True)  # "half a million"
    if w in SEVERAL and (nx in SCALES or nx in HUNDRED):
        return Run(i, i + 2, SCALES.get(nx, 100.0), vague=True, scaled=True)  # "several thousand"
    if w in ("a", "an") and nx in FRACTIONS and nx2 == "of" and _lower(doc, i + 3) in ("a", "an") and _lower(doc, i + 4) in SCALES:
        return Run(i, i + 5, SCALES[_lower(doc, i + 4)] / FRACTIONS[nx], scaled=True)  # "a quarter of a million"
    if w in ("a", "an"):
        if not (nx in DOZEN or nx in HUNDRED or nx in SCALES or (nx in FRACTIONS and nx2 in SCALES)):
            return None  # but "a quarter million"
        j = _extend(doc, i + 1)
        value = words_value(" ".join(x.text for x in doc[i:j]))
        return Run(i, j, value, scaled=True) if value is not None else None
    if not (is_digits(t.text) or _is_num_word(w)):
        return None
    j = _extend(doc, i)
    value = words_value(" ".join(x.text for x in doc[i:j]))
    if value is None:
        return None
    scaled = any(x.lower_ in SCALES or x.lower_ in HUNDRED for x in doc[i + 1:j])
    # "1.5m people", "£3m": an attached "m" is million when money or a counted noun follows
    if j < len(doc) and doc[j].lower_ == "m" and _adjacent(doc[j - 1], doc[j]) and is_digits(doc[j - 1].text):
        money = i > 0 and doc[i - 1].lower_ in U.CURRENCY_SYMBOLS
        if money or (j + 1 < len(doc) and doc[j + 1].tag_ == "NNS"):
            return Run(i, j + 1, value * 1e6, scaled=True)
    return Run(i, j, value, scaled=scaled)


def _range_token(doc: Doc, i: int, a: str, b: str) -> Run | None:
    """"15–25 million", "200–400 hours"; not "2005–2015" or "2019–20" (years) nor "3–1" (a score)."""
    if not (is_digits(a) and is_digits(b)) or (is_year_number(a) and (is_year_number(b) or len(b) == 2)):
        return None
    lo, hi = digits_value(a), digits_value(b)
    if hi <= lo:
        return None
    sc = SCALES.get(_lower(doc, i + 1))
    if sc:
        return Run(i, i + 2, lo * sc, scaled=True, value_max=hi * sc)
    return Run(i, i + 1, lo, value_max=hi)


def _extend(doc: Doc, i: int) -> int:
    """End (exclusive) of a number run starting at token i: joins the words of one number ("forty-five",
    "three-and-a-half million", "one and two thirds"), never two neighbouring numbers ("40 and 49")."""
    n = len(doc)
    words: list[str] = [doc[i].lower_]
    j = last_ok = i + 1
    while j < n:
        t = doc[j].lower_
        if t in HYPHENS:
            if not _adjacent(doc[j - 1], doc[j]) or j + 1 >= n or not _adjacent(doc[j], doc[j + 1]):
                break
            j += 1
            continue
        if not _joins(t, words, _sig(doc, j + 1), _sig(doc, j + 1, skip=1)):
            break
        words.append(t)
        j += 1
        if t not in ("and", "a"):
            last_ok = j
    return last_ok


def _joins(t: str, words: list[str], nx: str, nx2: str) -> bool:
    """Whether word t continues the number spelled by `words` (nx, nx2: the words after t)."""
    p = words[-1]
    pp = words[-2] if len(words) > 1 else ""
    p_word = _is_num_word(p)
    if t in SCALES or t in HUNDRED:
        return p_word or is_digits(p) or p in HUNDRED or p in ("a", "half") or p in FRACTIONS
    if t in DOZEN:
        return p_word or p == "a"
    if t == "and":
        return (nx == "a" and nx2 in FRACTIONS) or ((p in HUNDRED or p in SCALES) and _is_num_word(nx)) or (
            (p_word or is_digits(p)) and nx in UNITS and nx2 in FRACTIONS)
    if t == "a":
        return p == "and" and nx in FRACTIONS
    if t in FRACTIONS:
        return p == "a" or (p in UNITS and pp == "and")
    if t in UNITS:
        return (p in TENS and t != "zero") or (p == "and" and (nx in FRACTIONS or pp in HUNDRED or pp in SCALES))
    if t in TENS:
        return p in HUNDRED or p in SCALES or (p == "and" and pp in HUNDRED)
    return False


def _run_scale(doc: Doc, run: Run) -> float:
    """The scale word's multiplier in a run ("30 million" -> 1e6), so "20 to 30 million" scales both ends."""
    for t in reversed(doc[run.start:run.end]):
        m = ATTACHED_SCALE.match(t.text)
        sc = scale_value(m.group(2), money=True) if m else scale_value(t.text, money=True) or HUNDRED.get(t.lower_)
        if sc:
            return sc
    return 1.0


def _money_scale(doc: Doc, run: Run, money: str | None) -> Run:
    """"$5 m", "€3 bn": a scale abbreviation counts after a currency."""
    if money and run.end < len(doc) and not run.scaled:
        sc = scale_value(doc[run.end].text, money=True)
        if sc:
            return Run(run.start, run.end + 1, run.value * sc, scaled=True)
    return run


# --- what is not a figure ------------------------------------------------------------------------

@dataclass
class Ctx:
    """A run with its neighbours, for the exclusion rules."""

    doc: Doc
    run: Run
    t: Token
    prev: Token | None
    after: Token | None
    single_digits: bool


def _in_date(c: Ctx) -> bool:
    """"December 27", "27 December", "December 27, 2014", "2024-10-01"."""
    digits = c.single_digits or bool(RANGE_TOKEN.match(c.t.text))
    if digits and any(x is not None and x.text.rstrip(".") in MONTHS for x in (c.prev, c.after)):
        return True  # also "July 27–28"
    prev, doc = c.prev, c.doc
    if c.single_digits and prev is not None and prev.i > 0:
        left = doc[prev.i - 1]
        dash = prev.text in DASHES and _adjacent(prev, c.t)
        if dash and is_year_number(left.text):
            return True  # "2019-20"
        if (dash or prev.lower_ in ("to", "through", "and")) and is_digits(left.text) and left.i > 0 \
                and doc[left.i - 1].text.rstrip(".") in MONTHS:
            return True  # "May 4-6", "July 13 to 17"
    return bool(DATE_CHUNK.match(_chunk(c.doc, c.t)))


def _clock_time(c: Ctx) -> bool:
    """"0:40", "2:00 p.m.", "1130 UTC"; but "five AM radio stations" counts stations."""
    a, doc = c.after, c.doc
    if a is not None and a.lower_ in CLOCK_AFTER:
        if not (a.text in ("AM", "PM") and c.run.end + 1 < len(doc) and doc[c.run.end + 1].pos_ == "NOUN"):
            return True
    if a is not None and a.text in (":", "/") and _adjacent(c.t, a):
        return True
    return c.prev is not None and c.prev.text in (":", "/") and _adjacent(c.prev, c.t)


def _is_number_token(t: Token) -> bool:
    """A count word or number, but not a year ("won one in 2019")."""
    return (is_digits(t.text) and not is_year_number(t.text)) or _is_num_word(t.lower_)


def _fraction(c: Ctx) -> bool:
    """"two thirds", "two-thirds", "a half", "a one-in-five chance": shares and odds, not quantities."""
    a, doc = c.after, c.doc
    if a is not None and (a.lower_ in FRACTIONS or (a.text in HYPHENS and _lower(doc, c.run.end + 1) in FRACTIONS)):
        return True
    k = c.run.end + (1 if a is not None and a.text in HYPHENS else 0)
    if _lower(doc, k) == "in" and k + 1 < len(doc) and _is_number_token(doc[k + 1 + (doc[k + 1].text in HYPHENS)]):
        return True  # the "one" of "one in five"
    k = c.run.start - 1 - (1 if c.run.start > 0 and doc[c.run.start - 1].text in HYPHENS else 0)
    if _lower(doc, k) == "in" and k > 0 and _is_number_token(doc[k - 1 - (doc[k - 1].text in HYPHENS)]):
        return True  # the "five" of "one-in-five"
    words = [x.lower_ for x in doc[c.run.start:c.run.end]]
    return any(w in FRACTIONS for w in words) and "and" not in words and not any(w in SCALES for w in words)


def _in_name(c: Ctx) -> bool:
    """"COVID-19", "F-16", "Goody Two-Shoes", "Flight 8501", "Republic Act No. 7966", "Boeing 737", "36 Quai des Orfèvres"."""
    doc, t, prev, a = c.doc, c.t, c.prev, c.after
    if a is not None and a.text in HYPHENS and _adjacent(t, a) and c.run.end + 1 < len(doc) \
            and doc[c.run.end + 1].text[:1].isupper() and doc[c.run.end + 1].is_alpha:
        return True
    if prev is not None and prev.lower_ in U.SEQUENCE_CUES and _is_num_word(t.lower_):
        return True  # "phase two", "round three"
    if prev is not None and _is_num_word(t.lower_) and t.text.istitle() and not t.is_sent_start \
            and prev.pos_ == "PROPN" and prev.text.istitle():
        return True  # "Tropical Depression Three", "Apollo Eleven"
    if a is not None and a.text in HYPHENS and _adjacent(t, a) and _lower(doc, c.run.end + 1) in U.NOT_COUNT_COMPOUNDS:
        return True  # "three-dimensional"
    if not c.single_digits:
        return False
    if a is not None and a.is_alpha and _adjacent(t, a) and not (
            a.lower_ in U.MEASURES or a.lower_ in SCALE_ABBREV or a.lower_ in U.TIME_UNITS or a.lower_ == "m"):
        return True  # "5G"
    if a is not None and a.pos_ == "PROPN" and a.text.istitle() and a.ent_type_ != "NORP" and a.tag_ != "NNPS":
        head = _counted_head(doc, c.run.end)
        if head is None or head.text[:1].isupper():
            return True
    if prev is None:
        return False
    if prev.text in HYPHENS and _adjacent(prev, t) and prev.i > 0 and doc[prev.i - 1].is_alpha and _adjacent(doc[prev.i - 1], prev):
        return True
    if prev.text == "." and prev.i > 0 and doc[prev.i - 1].lower_ in ("no", "nos"):
        return True
    if prev.lower_ in U.NAME_CUES and (prev.text[:1].isupper() or prev.lower_ in ("no", "no.", "nos.", "number", "#")):
        return True
    if prev.lower_ in U.NAME_CUES and prev.tag_ == "NN" and (a is None or a.pos_ not in ("NOUN", "PROPN")):
        return True  # "Security Council resolution 2259."
    if prev.text in HYPHENS and _adjacent(prev, t) and prev.i > 1 and is_digits(doc[prev.i - 1].text) \
            and _adjacent(doc[prev.i - 1], prev) and doc[prev.i - 2].pos_ == "PROPN" and doc[prev.i - 2].text[:1].isupper():
        return True  # the "800" of "Boeing 737-800"
    return ((prev.pos_ == "PROPN" or (prev.is_upper and len(prev.text) > 1)) and prev.is_alpha and prev.text[:1].isupper()
            and not prev.is_sent_start and prev.text.rstrip(".") not in MONTHS and prev.lower_ not in U.CURRENCY_SYMBOLS
            and not _unit_after(doc, c.run.end, None)[2])  # but "led Trump 47 percent"


def _list_marker(c: Ctx) -> bool:
    """"1." or "2)" opening a line."""
    t = c.t
    at_line_start = t.i == 0 or "\n" in c.doc[t.i - 1].text_with_ws
    return c.single_digits and at_line_start and c.after is not None and c.after.text in (".", ")")


def _pronoun_one(c: Ctx) -> bool:
    """"one of them", "the one", "one man sprayed Khan": "one" standing for a person or thing, not a count."""
    if c.t.lower_ != "one" or c.run.end - c.run.start != 1:
        return False
    a = c.after
    if a is not None and a.lower_ in U.RANGE_JOINERS | {"or"} and (_is_num_word(_lower(c.doc, c.run.end + 1)) or is_digits(_lower(c.doc, c.run.end + 1))):
        return False  # "one to two meters", "one or two days"
    if a is None or a.lower_ in ("of", "another", "or", "by") or a.pos_ in ("VERB", "AUX", "PUNCT", "ADP", "PRON", "CCONJ"):
        return True
    if c.prev is not None and c.prev.lower_ in NOT_ONE_BEFORE:
        return True
    head = _counted_head(c.doc, c.run.end)
    return head is None or head.lower_ in U.INDEFINITE_ONE_HEADS or head.lemma_.lower() in U.INDEFINITE_ONE_HEADS


def _idiom(c: Ctx) -> bool:
    """"no two people are alike"."""
    return c.prev is not None and c.prev.lower_ == "no" and not is_digits(c.t.text)


EXCLUSIONS: tuple[Callable[[Ctx], bool], ...] = (_in_date, _clock_time, _fraction, _in_name, _list_marker, _pronoun_one, _idiom)


def _is_excluded(doc: Doc, run: Run, start: int) -> bool:
    t = doc[run.start]
    c = Ctx(doc, run, t, doc[start - 1] if start > 0 else None, doc[run.end] if run.end < len(doc) else None,
            run.end - run.start == 1 and is_digits(t.text))
    return any(rule(c) for rule in EXCLUSIONS)


def year_is_count(doc: Doc, i: int) -> bool:
    """Whether the four-digit number at token i is a quantity, not a year: "2000 km", "1800 people",
    "1368 million", "$2020", "roughly 2000 [stores]"; shared with the dates extractor."""
    if i > 0 and doc[i - 1].text in SYMBOLS:
        return True
    if scale_value(_lower(doc, i + 1)) or _lower(doc, i + 1) in ("±", "+/-"):
        return True
    unit, _, measure = _unit_after(doc, i + 1, None)
    if measure and unit:
        return True
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.tag_ == "NNS" and doc[i].dep_ == "nummod" and doc[i].head.i == nxt.i and _lower(doc, i - 1) not in YEAR_PREPS:
        return True  # "1846 persons were hospitalized", even when the tagger calls it a date
    if doc[i].dep_ == "nsubjpass":
        return True  # "1720 had already been discharged": a year is not what a passive verb acts on
    if doc[i].ent_type_ == "DATE":
        return False
    if doc[i].ent_type_ == "CARDINAL" and is_year_number(doc[i].text) and _lower(doc, i - 1) not in YEAR_PREPS and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN")):
        return True  # "may considerably exceed 1000."
    head = _counted_head(doc, i + 1)
    return (head is not None and head.tag_ == "NNS" and head.i == i + 1) or _qualifier_before(doc, i)[0] is not None


# --- what a figure counts ------------------------------------------------------------------------

def _qualifier_before(doc: Doc, i: int) -> tuple[str | None, int]:
    """Longest qualifier phrase ending right before token i; returns (qualifier, its first token)."""
    for k in range(U.QUALIFIER_MAX_WORDS, 0, -1):
        if i - k < 0:
            continue
        key = tuple(doc[x].lower_ for x in range(i - k, i))
        if key in U.QUALIFIERS:
            if doc[i - 1].tag_ in ("VBD", "VBZ", "VBP") and key[-1] in U.VERB_QUALIFIERS:
                continue  # "the website estimated 120 people": a verb of its own, not a hedge
            return U.QUALIFIERS[key], i - k
    return None, i


def _qualifier_after(doc: Doc, end: int) -> tuple[str | None, int]:
    """"20 or more", "300-plus", "50 or so"."""
    for key, q in POST_QUALIFIERS.items():
        if tuple(_lower(doc, end + x) for x in range(len(key))) == key:
            return q, end + len(key)
    return None, end


def _counted_head(doc: Doc, j: int, limit: int = 6) -> Token | None:
    """The noun counted by a number that ends before token j: the last noun of the phrase right after it."""
    head: Token | None = None
    for k in range(j, min(len(doc), j + limit)):
        t = doc[k]
        if t.text not in HYPHENS and not t.text.replace("-", "").replace(".", "").isalpha():
            break
        if head is not None and head.tag_ == "NNS" and t.pos_ == "NOUN" and not (head.dep_ == "compound" and head.head.i == t.i):
            break  # a plural noun ends the phrase ("two factions pushing"), unless it modifies the next ("measles cases")
        if t.pos_ == "NOUN" or t.tag_ == "NNPS" or (t.pos_ == "PROPN" and t.text.isupper() and len(t.text) > 1):
            head = t
        elif t.text in HYPHENS and head is not None and head.i == k - 1 and _adjacent(head, t) and k + 1 < len(doc) \
                and _adjacent(t, doc[k + 1]) and doc[k + 1].is_alpha:
            head = None  # the noun opens a compound modifier: "35,000 war-damaged structures"
        elif t.pos_ in ("ADJ", "PROPN", "NUM") or (t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "compound")) \
                or (t.text in HYPHENS and _adjacent(doc[k - 1], t)) or t.lower_ in ("more", "other", "additional", "extra", "same"):
            if head is not None and not (head.dep_ in ("compound", "nmod", "npadvmod") and (head.head.i == t.head.i > k or head.head.i == k)):
                break  # but "53 measles related deaths": both words modify the noun after them
        else:
            break
    if head is not None and head.lower_ in U.PERCENT_WORDS:
        return None
    return head


def _noun_text(doc: Doc, head: Token, lo: int) -> tuple[str, int]:
    """The counted noun with its noun compounds ("treatment centers"); returns (text, end token)."""
    s = head.i
    while s - 1 >= lo and doc[s - 1].pos_ == "NOUN" and doc[s - 1].dep_ == "compound":
        s -= 1
    words = [t.text if (t.is_upper and len(t.text) > 1) or t.tag_ == "NNPS" else t.lower_ for t in doc[s:head.i + 1]]
    return " ".join(words), head.i + 1


def _unit_after(doc: Doc, j: int, money: str | None) -> tuple[str | None, int, bool]:
    """The unit after a number ending before token j: (unit, end token, is it a currency/measure/percent)."""
    n = len(doc)
    k = j + 1 if j < n and doc[j].text in HYPHENS and _adjacent(doc[j - 1], doc[j]) else j
    w = _lower(doc, k)
    if w.endswith(".") and len(w) > 1:
        w = w[:-1]
    nx = _lower(doc, k + 1)
    if money:
        return (money, k + 1, True) if w in U.CURRENCY_WORDS else (money, j, True)
    if w in ("%", "percent", "pct"):
        return "percent", k + 1, True
    if w == "per" and nx == "cent":
        return "percent", k + 2, True
    if w == "percentage":
        k2 = k + 2 if nx in HYPHENS else k + 1
        if _lower(doc, k2) in ("point", "points"):
            return "percentage points", k2 + 1, True
    if (w, nx) in U.MULTIWORD_MEASURES:
        return U.MULTIWORD_MEASURES[(w, nx)], k + 2, True
    if nx in U.CURRENCY_WORDS and doc[k].pos_ in ("ADJ", "PROPN"):  # "Australian dollars"
        iso = U.CURRENCY_WORDS[nx]
        return U.CURRENCY_PREFIXES.get((w, iso), iso), k + 2, True
    if w in U.CURRENCY_WORDS and not (w in ("real", "won", "pound") and doc[k].pos_ != "NOUN"):
        return U.CURRENCY_WORDS[w], k + 1, True
    if w in U.SUBUNITS:
        return _subunit_currency(doc, j, w), k + 1, True
    if w in U.TIME_UNITS:
        return _time_unit(doc, k, w)
    power = ""
    if w in U.MEASURE_POWERS and nx in U.MEASURES:
        power = U.MEASURE_POWERS[w]
        k += 1
        w = nx
    if w in U.MEASURES and (w not in AMBIGUOUS_UNITS or _measure_ok(doc[k])):
        unit = U.MEASURES[w] + power
        end = k + 1
        if _lower(doc, end) == "/" and _lower(doc, end + 1) in ("h", "hr", "s") and _adjacent(doc[end - 1], doc[end]):
            unit, end = f"{unit}/{doc[end + 1].lower_}", end + 2  # "km/h"
        elif _lower(doc, end) == "per" and end + 1 < n and doc[end + 1].pos_ == "NOUN":
            unit, end = f"{unit} per {doc[end + 1].lower_}", end + 2
        return unit, end, True
    return None, j, False


def _subunit_currency(doc: Doc, i: int, word: str) -> str:
    """The currency "cents" belong to: the last one named before token i, else the word's usual one."""
    for t in reversed(doc[max(0, i - 300):i]):
        code = U.CURRENCY_SYMBOLS.get(t.lower_) or U.CURRENCY_WORDS.get(t.lower_)
        if code:
            return code
    return U.SUBUNITS[word]


def _time_unit(doc: Doc, k: int, w: str) -> tuple[str, int, bool]:
    """Durations, and ages: "28-year-old", "43 years old", "103 years of age"."""
    nx, nx2 = _lower(doc, k + 1), _lower(doc, k + 2)
    if nx == "old":
        return U.AGE_UNIT, k + 2, True
    if nx in HYPHENS and nx2 == "old":
        return U.AGE_UNIT, k + 3, True
    if w in ("years", "year") and nx == "of" and nx2 == "age":
        return U.AGE_UNIT, k + 3, True
    return U.TIME_UNITS[w], k + 1, True


def _measure_ok(t: Token) -> bool:
    """Short unit words are measures only as nouns ("75 m"), not as words ("in", "m" as a verb)."""
    if t.lower_ == "in":
        return False
    return t.pos_ in ("NOUN", "PROPN", "NUM", "X", "SYM") or t.dep_ in ("pobj", "dobj", "appos", "npadvmod")


def _of_noun(doc: Doc, j: int) -> tuple[str | None, int]:
    """The noun after "of" ("thousands of fighters", "two of them"); pronouns give no unit."""
    if _lower(doc, j) != "of":
        return None, j
    k = j + 1
    while k < len(doc) and k < j + 8:
        t = doc[k]
        if t.pos_ == "PRON" or t.lower_ in PRONOUNS:
            return None, k + 1
        if t.pos_ == "NUM" or is_digits(t.text):
            return None, j  # "39 of South Carolina's 54 delegates": the second number is its own figure
        if t.pos_ in ("DET", "ADJ", "PROPN", "PART") or t.tag_ == "POS" or t.dep_ in ("poss", "amod"):
            k += 1
            continue
        if t.pos_ != "NOUN":
            break
        head = t
        while head.i + 1 < len(doc) and doc[head.i + 1].pos_ == "NOUN":
            head = doc[head.i + 1]
        if head.i + 1 < len(doc) and doc[head.i + 1].tag_ == "POS":
            k = head.i + 2  # a possessor: "the island nation's residents"
            continue
        return _noun_text(doc, head, j + 1)
    return None, j


def _age_unit(doc: Doc, run: Run, start: int) -> str | None:
    """"aged 39", "at the age of 12", "Emily Spanton, 39,", "He was 85."."""
    if start > 0 and doc[start - 1].lower_ in U.AGE_CUES:
        return U.AGE_UNIT
    if start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in U.AGE_CUES:
        return U.AGE_UNIT
    if _is_age_apposition(doc, run) or _is_age_predicate(doc, run):
        return U.AGE_UNIT
    return None


def _is_age_apposition(doc: Doc, run: Run) -> bool:
    """"Name, 39," or "Name and Name, 40 and 49,": a bare number set off by commas after a name."""
    k = run.start - 1
    while k >= 1 and doc[k].lower_ == "and" and is_digits(doc[k - 1].text):
        k -= 2  # a coordinated list of ages
    if k < 1 or doc[k].text != "," or not (doc[k - 1].ent_type_ == "PERSON" or doc[k - 1].pos_ == "PROPN"):
        return False
    if run.end >= len(doc):
        return True
    nxt = doc[run.end]
    return nxt.text in (",", ".", ";", ")") or (nxt.lower_ == "and" and is_digits(_lower(doc, run.end + 1)))


def _is_age_predicate(doc: Doc, run: Run) -> bool:
    """"He was 85.": a bare number as the complement of "be" with a person as subject."""
    t = doc[run.end - 1]
    if t.dep_ != "attr" or t.head.lemma_ != "be" or (run.end < len(doc) and doc[run.end].pos_ in ("NOUN", "PROPN")):
        return False
    subj = [c for c in t.head.children if c.dep_ == "nsubj"]
    return bool(subj) and (subj[0].lower_ in ("he", "she", "i") or subj[0].ent_type_ == "PERSON")


# --- assembling a figure -------------------------------------------------------------------------

def _and_a_half(doc: Doc, i: int) -> tuple[Figure, int] | None:
    """"a year and a half": a duration spelled around its unit."""
    k = i + 1 if doc[i].lower_ in ("a", "an", "one") else i
    if k + 3 >= len(doc) or doc[k].lower_ not in U.TIME_UNITS or doc[k].lower_.endswith("s"):
        return None
    if k == i and i > 0 and doc[i - 1].lower_ in ("a", "an", "one"):
        return None
    if [t.lower_ for t in doc[k + 1:k + 4]] != ["and", "a", "half"]:
        return None
    s, e = doc[i].idx, doc[k + 3].idx + len(doc[k + 3].text)
    return Figure(text=doc[i:k + 4].text, value=1.5, unit=U.TIME_UNITS[doc[k].lower_], start=s, end=e), k + 4


def _currency_start(doc: Doc, i: int) -> tuple[str | None, int] | None:
    """(ISO code, first number token) when token i is a currency symbol before a number; None when token i
    is a number already claimed by the symbol before it."""
    tok = doc[i]
    symbol = tok.lower_ in U.CURRENCY_SYMBOLS and (tok.pos_ in ("SYM", "NOUN", "PROPN", "X") or tok.text in SYMBOLS)
    if symbol:
        if i + 1 < len(doc) and (is_digits(doc[i + 1].text) or ATTACHED_SCALE.match(doc[i + 1].text)):
            return U.CURRENCY_SYMBOLS[tok.lower_], i + 1
        return None
    if i > 0 and doc[i - 1].lower_ in U.CURRENCY_SYMBOLS and (doc[i - 1].pos_ == "SYM" or doc[i - 1].text in SYMBOLS):
        return None
    return None, i


def _range_end(doc: Doc, k: int, value: float, run: Run, unit: str | None, money: str | None,
               between: bool) -> tuple[float, float, str | None, int, bool] | None:
    """A second number after a joiner at token k ("to 30", "-11%", "and 30" after "between"):
    (low, high, unit, end token, unit is a measure), or None."""
    joiner = _lower(doc, k)
    if joiner not in U.RANGE_JOINERS or k + 1 >= len(doc) or run.vague or (joiner == "and" and not between):
        return None
    k2 = k + 2 if doc[k + 1].lower_ in U.CURRENCY_SYMBOLS and k + 2 < len(doc) else k + 1
    run2 = _number_run(doc, k2)
    if run2 is None or run2.vague:
        return None
    run2 = _money_scale(doc, run2, money)
    unit2, end2, measure2 = _unit_after(doc, run2.end, money)
    if run2.scaled and not run.scaled:
        value *= _run_scale(doc, run2)
    if run2.value <= value or (unit and unit2 and unit2 != unit) or _is_excluded(doc, run2, k2):
        return None  # "47 percent to 40 percent" is a comparison, not a range
    return value, run2.value, unit or (unit2 if measure2 else None), end2 if measure2 else run2.end, measure2


def _glued(doc: Doc, i: int) -> tuple[Run, str | None, str | None] | None:
    """A number glued to a currency code or a tilde in one token ("SEK9", "60,000INR", "Rs.30", "~295"):
    (run, currency, qualifier)."""
    g = GLUED.match(doc[i].text)
    if not g or not (g.group("pre") or g.group("post")):
        return None
    code = (g.group("pre") or g.group("post") or "").lower()
    qual = "approximate" if code in ("~", "≈") else None
    money = U.CURRENCY_SYMBOLS.get(code)
    if money is None and qual is None:
        return None
    return Run(i, i + 1, digits_value(g.group("num"))), money, qual


def _figure_at(doc: Doc, i: int) -> tuple[Figure, int] | None:
    """The figure that starts at token i and the token after it, or None."""
    half = _and_a_half(doc, i)
    if half is not None:
        return half
    glued = _glued(doc, i)
    if glued is not None:
        run, money, glued_qual = glued
        num = i
    else:
        start = _currency_start(doc, i)
        if start is None:
            return None
        money, num = start
        glued_qual = None
        found = _number_run(doc, num)
        if found is None:
            return None
        run = found
    run = _money_scale(doc, run, money)
    qual, qstart = _qualifier_before(doc, i)
    qual = qual or glued_qual
    if _is_excluded(doc, run, i):
        return None
    if not money and run.end - run.start == 1 and is_year_number(doc[num].text) and not year_is_count(doc, num):
        return None  # a year is a date

    after_num = run.end
    plus = _lower(doc, run.end) == "+" and _adjacent(doc[run.end - 1], doc[run.end])
    if plus:
        after_num = run.end + 1  # "18+ years"
    elif _lower(doc, run.end) in ("±", "+/-"):
        err = _number_run(doc, run.end + 1) if run.end + 1 < len(doc) else None
        after_num = err.end if err is not None else run.end  # "1010 ± 195 light years"
    unit, end, measure = _unit_after(doc, after_num, money)
    end = max(end, after_num)
    if not measure and run.vague:
        unit, of_end = _of_noun(doc, run.end)
        end = max(of_end, run.end)

    value, value_max = run.value, run.value_max
    if not money and _lower(doc, after_num) in U.SUBUNITS:
        value, value_max = value / 100, None if value_max is None else value_max / 100  # "75 cents"
    between = i > 0 and _lower(doc, i - 1) == "between"
    rng = None if value_max is not None else _range_end(doc, end, value, run, unit, money, between)
    if rng is not None:
        value, value_max, unit, end, measure2 = rng
        measure = measure or measure2
    elif unit is None and value_max is None:
        unit = _age_unit(doc, run, i)
        if unit is None and _lower(doc, end) == "of" and not run.vague:
            unit, end = _of_noun(doc, end)
            end = max(end, run.end)
    if unit is None and not measure:
        head = _counted_head(doc, end)
        if head is not None:
            unit, end = _noun_text(doc, head, end)
    before_unit = _unit_before(doc, i) if unit is None and not money else None
    if before_unit is not None:
        unit, measure = before_unit, True  # "magnitude 6.4"
    if unit is not None:
        unit, end = _rate_after(doc, end, unit)

    if qual is None:
        qual, end = _qualifier_after(doc, end)
    if qual is None:
        # "hundreds of thousands" says at least a hundred thousand: a lower bound, not an estimate
        qual = "at_least" if plus or run.vague else "range" if value_max is not None else None
    first = qstart if qual not in (None, "range") else i
    if before_unit is not None and first == i:
        first = i - 1
    if value_max is not None and _lower(doc, i - 1) in ("between", "from"):
        first = i - 1
    while end > run.end and doc[end - 1].is_punct and doc[end - 1].text != "%":
        end -= 1
    s, e = doc[first].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return Figure(text=doc[first:end].text, value=_clean(value), unit=unit, start=s, end=e, qualifier=qual,
                  value_max=None if value_max is None else _clean(value_max)), end


def _unit_before(doc: Doc, i: int) -> str | None:
    """A unit written before the number: "magnitude 6.4", "a magnitude 5.2 earthquake"."""
    return U.PRE_MEASURES.get(_lower(doc, i - 1)) if i > 0 else None


def _rate_after(doc: Doc, end: int, unit: str) -> tuple[str, int]:
    """"USD15 an hour", "$60 a barrel", "18.9 deaths per 100,000 people": a rate keeps its denominator in its unit,
    so that a wage is never read as a sum and the "100,000" is no figure of its own."""
    w = _lower(doc, end)
    if w not in ("a", "an", "per") or end + 1 >= len(doc):
        return unit, end
    nxt = doc[end + 1]
    if w == "per" and (is_digits(nxt.text) or _is_num_word(nxt.lower_)):
        run = _number_run(doc, end + 1)
        if run is not None and run.end < len(doc) and doc[run.end].pos_ == "NOUN":
            return f"{unit} per {doc[end + 1:run.end + 1].text}", run.end + 1
        return unit, end
    if nxt.lemma_.lower() in U.RATE_DENOMINATORS or (w == "per" and nxt.pos_ == "NOUN"):
        return f"{unit} per {nxt.lemma_.lower()}", end + 2
    return unit, end


def _clean(v: float) -> float:
    r = round(v, 6)
    return float(int(r)) if r == int(r) else r


# --- what a figure counts, where and when --------------------------------------------------------

DIMENSIONS = {*U.MEASURES.values(), *U.MULTIWORD_MEASURES.values(), *U.TIME_UNITS.values(), *U.PRE_MEASURES.values(),
              *U.CURRENCY_SYMBOLS.values(), *U.CURRENCY_WORDS.values(), *U.SUBUNITS.values(), U.AGE_UNIT, "percent",
              "percentage points", "km/h"}
CLAUSAL = {"ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "csubj", "csubjpass", "acl", "pcomp"}
DATE_WORDS = {"yesterday", "today", "tonight", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday",
              "saturday", "sunday"}
_SYNONYM = {w: row[0] for row in U.NOUN_SYNONYMS for w in row}


def dimension(unit: str | None) -> str:
    """What a unit measures in: a currency, percent or measure ("USD", "mi per hour"), else "count" for a counted
    noun; a rate keeps its denominator ("count per 100,000 people", "USD per hour")."""
    if not unit:
        return "count"
    base, _, per = unit.partition(" per ")
    dim = base if base in DIMENSIONS or base[-1:] in "²³" else "count"
    return f"{dim} per {per}" if per else dim


def describe(doc: Doc, fig: Figure, prev: Figure | None) -> None:
    """Fill in what `fig` counts (`counted`, `quantity`), whose or where (`scope`) and the date word it is tied to
    (`date_at`).

    The thing counted is the figure's noun, the noun the amount is of or in ("$50 billion in lending"), the noun a
    change verb sets to it ("raising the minimum wage to USD15 an hour") or the subject a copula gives it ("the
    magnitude was 5.5"), with the words that narrow it (modifiers, a common-noun owner, the event that happened
    to it: "killed", "hospitalised"); a named owner ("Trump's loss", "Biden secured 39 delegates") or the place
    it is counted in is its scope. A bare number in a clause parallel to the figure before it ("Phivolcs
    reported the magnitude was 5.5; USGS reported 5.8") counts what that figure counts. Nothing identifiable
    leaves the fields None: such a number stays on its article.
    """
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or not len(span):
        return
    root = _number_root(span)
    dim = dimension(fig.unit)
    head = _counted_noun(doc, span, root, fig, dim)
    if head is not None and _lemma(head) in U.PRE_MEASURES and dim == "count":
        dim = U.PRE_MEASURES[_lemma(head)]  # "the earthquake's magnitude was 5.5"
    anchor = head if head is not None else root
    verb = _clause_verb(anchor)
    words: dict[str, str] = {}  # key word -> as written, in reading order
    owner: str | None = None
    if head is not None:
        for tok in _holders(head):
            if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
                owner = owner or _entity_text(tok)
            else:
                words[_key(tok)] = tok.text
        for mod in _modifiers(head, span):
            if _key(mod) != dim:
                words[_key(mod)] = mod.text
        lemma = _lemma(head)
        if lemma not in U.GENERIC_HEADS and lemma not in U.EVENT_WORDS and lemma != dim:
            words[_SYNONYM.get(lemma, lemma)] = head.text
    elif fig.unit and dim == "count":
        base = fig.unit.partition(" per ")[0].lower()
        if base not in U.GENERIC_HEADS and base not in U.EVENT_WORDS:
            words[_SYNONYM.get(base, base)] = fig.unit.partition(" per ")[0]
    if fig.unit == U.AGE_UNIT:
        person = _age_owner(doc, span)
        owner = _entity_text(person) if person is not None else None
    event = _event(anchor, verb)
    if event:
        words[event[0]] = event[1]
    if head is None and verb is not None and dim.partition(" per ")[0] != "count" and _role(anchor)[1] == "dobj" \
            and _role(anchor)[0].head.i == verb.i and verb.lemma_.lower() not in U.SAYING_VERBS:
        words[_key(verb)] = verb.text  # "lost nearly $916 million", "raised $5 million"
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if subj is not None and (subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
            owner = owner or _entity_text(subj)  # "Apple holds $214.9 billion offshore"
    if words and _increment(span, head):
        words["added"] = "more"  # "1,500 more troops", "one more case": what was added, not the total
    if words and _partitive(span, head):
        words["part"] = "of"  # "two of her sons" counts some of them, not all
    if words and _projected(anchor):
        words["projected"] = "(projected)"
    words = {k: v for k, v in words.items() if any(ch.isalpha() for ch in k)}  # "M☉" names no thing
    scope = owner or _place(anchor, span)
    if words or dim.startswith("magnitude") or (dim == U.AGE_UNIT and owner):
        fig.counted = " ".join(words.values()) or dim
        fig.quantity = f"{dim}|{' '.join(sorted(words))}"
        fig.scope = scope
    elif prev is not None and prev.quantity and prev.unit == fig.unit and _parallel(doc, prev, anchor, verb):
        fig.counted, fig.quantity, fig.scope = prev.counted, prev.quantity, prev.scope
    date = _date_word(anchor, span)
    fig.date_at = date.idx if date is not None else None


def _increment(span: Span, head: Token | None) -> bool:
    """"1,500 more troops", "one more case", "120 new cases": a number added to a count, not the count."""
    words = [t for t in span] + ([c for c in head.children if c.dep_ in ("amod", "advmod")] if head is not None else [])
    doc = span.doc
    return any(t.lower_ in U.INCREMENT_WORDS and _lower(doc, t.i + 1) != "than" for t in words)


def _partitive(span: Span, head: Token | None) -> bool:
    """"two of her sons", "39 of the state's 40 delegates": a number of some of the things, not their count
    ("hundreds of thousands of Russian soldiers" is a count)."""
    if head is None:
        return False
    for t in span[1:]:
        if t.lower_ == "of" and t.i < head.i and t.i + 1 < len(span.doc):
            nxt = span.doc[t.i + 1]
            return nxt.pos_ in ("DET", "PRON") or nxt.dep_ == "poss" or nxt.like_num
    return False


def _projected(anchor: Token) -> bool:
    """Whether the count is a plan, forecast or condition: the object of a verb under a modal or a verb of
    intending ("intends to send 10,000 soldiers", "would win 319 votes"), or the subject of a passive one
    ("10,000 troops would be deployed", "1,991 delegates are needed"). A real subject stays a tally: "3,000
    soldiers ... would become targets" are 3,000 soldiers."""
    t, dep = _role(anchor)
    while dep in ("pobj", "prep", "compound", "amod", "nummod") and t.head.i != t.i:
        t = t.head
        dep = t.dep_
    if dep not in ("dobj", "attr", "nsubjpass", "oprd", "dative", "appos", "pobj"):
        return False
    verb = t.head
    for _ in range(4):
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        if verb.lemma_.lower() in U.PROJECTING_VERBS or any(c.dep_ == "aux" and c.lower_ in U.MODALS for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "ccomp", "conj") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _number_root(span: Span) -> Token:
    """The token that ties the figure to its sentence, a rate's denominator left out ("USD15 an hour")."""
    cut = next((t.i for t in span if t.lower_ in ("a", "an", "per") and t.i > span.start), span.end)
    return span.doc[span.start:cut].root


def _key(t: Token) -> str:
    """A word's place in a quantity key: its lemma, an event's name ("cases" is "infected"), or a synonym's row."""
    lemma = _lemma(t)
    return U.EVENT_WORDS.get(lemma) or _SYNONYM.get(lemma, lemma)


def _entity_text(t: Token) -> str:
    """The whole name a token is part of ("Donald Trump" for "Trump"), without a leading "the"."""
    ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
    text = ent.text if ent is not None else t.text
    text = text[4:] if text.lower().startswith("the ") else text
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _lemma(t: Token) -> str:
    if t.pos_ == "PROPN":
        return t.text.lower()
    return (t.lemma_ or t.text).lower()


def _counted_noun(doc: Doc, span: Span, root: Token, fig: Figure, dim: str) -> Token | None:
    """The noun the figure counts or measures, or None."""
    if dim.partition(" per ")[0] == "count" and fig.unit:
        last = fig.unit.partition(" per ")[0].split()[-1].lower()
        nouns = [t for t in span if t.lower_ == last]
        return nouns[-1] if nouns else None
    end = span.end
    h = root.head
    if h.i >= end and h.pos_ in ("NOUN", "PROPN") and root.dep_ in ("compound", "nummod", "amod", "nmod", "quantmod", "npadvmod"):
        return h  # "a $916 million loss", "a 5.0 magnitude aftershock"
    if root.dep_ == "pobj" and h.lower_ == "of" and h.head.pos_ == "NOUN" and h.head.i < span.start:
        return h.head  # "winds of 75 miles per hour", "a magnitude of 4.0"
    if root.dep_ == "pobj" and h.lower_ in ("to", "at") and h.head.lemma_.lower() in U.CHANGE_VERBS:
        objs = [c for c in h.head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.pos_ == "NOUN"]
        if objs:
            return objs[0]  # "raising the federal minimum wage to USD15 an hour", "turnout rose to 71%"
    if root.dep_ == "dobj" and h.lemma_.lower() in U.CHANGE_VERBS:
        subj = [c for c in h.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
        if subj:
            return subj[0]  # "the number of cases surpassed one million"
    if end < len(doc) and doc[end].lower_ in ("of", "in", "on", "for") and span.start <= doc[end].head.i < end:
        objs = [c for c in doc[end].children if c.dep_ == "pobj" and c.pos_ == "NOUN" and
                not any(d.dep_ == "poss" or (d.dep_ == "det" and d.lower_ != "the") for d in c.children)]
        if objs:
            return objs[0]  # "$50 billion in lending", "31 percent of Samoans"
    if root.dep_ in ("attr", "acomp") and h.lemma_ == "be":
        subj = [c for c in h.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
        if subj:
            return subj[0]  # "the earthquake's magnitude was 5.5"
    return None


def _clause_verb(t: Token) -> Token | None:
    """The verb whose clause the token is in."""
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX"):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _role(t: Token) -> tuple[Token, str]:
    """The token whose place in its clause the count takes, and that place: "over" in "infected over 4,200" is
    the verb's object, "more" in "injuring three more" too."""
    if t.dep_ in ("nummod", "quantmod", "advmod") and t.head.lower_ in U.QUANTITY_WORDS:
        t = t.head
    if t.pos_ == "ADP" and t.dep_ == "prep" and any(c.dep_ == "pobj" and c.like_num for c in t.children):
        return t, "dobj"
    return t, t.dep_


def _event(anchor: Token, verb: Token | None) -> tuple[str, str] | None:
    """(key, as written) of the event the count is the toll of: a word on the noun ("Artsakh deaths", "death toll",
    "people injured", "left five dead") or the verb the count is the subject or object of ("killed 813", "12 were
    hospitalised", "81 had lost their lives")."""
    around = [anchor, *anchor.children]
    if anchor.dep_ in ("nummod", "quantmod") and anchor.head.pos_ in ("ADJ", "NOUN"):
        around.append(anchor.head)
    for t in around:
        name = U.EVENT_WORDS.get(_lemma(t)) or U.EVENT_WORDS.get(t.lower_)
        if name and (t.i in (anchor.i, anchor.head.i) or t.dep_ in ("compound", "amod", "acl", "relcl", "nmod")):
            return name, t.text
    anchor, dep = _role(anchor)
    if verb is not None and dep in ("nsubj", "nsubjpass", "dobj", "attr") and anchor.head.i == verb.i:
        name = U.EVENT_WORDS.get(verb.lemma_.lower()) or U.EVENT_WORDS.get(verb.lower_)
        if name:
            return name, name
        for c in verb.children:
            phrase = U.EVENT_PHRASES.get((verb.lemma_.lower(), c.lemma_.lower()))
            if phrase and c.dep_ in ("dobj", "acomp", "attr", "advmod"):
                return phrase, phrase
            name = U.EVENT_WORDS.get(_lemma(c)) or U.EVENT_WORDS.get(c.lower_)
            if name and c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and dep == "dobj":
                return name, name  # "left seven motorcyclists dead"
    return None


def _modifiers(head: Token, span: Span) -> list[Token]:
    """Words that narrow what the noun counts, in reading order: adjectives, compounds, nationalities ("North
    Korean", "measles", "pledged"), a verb it is the object of in a clause on it ("troops sent to Russia", with
    the place), and the noun of an "of" after it ("cases of measles")."""
    out: list[Token] = []
    for c in head.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.lower_ not in U.QUANTITY_WORDS and c.lower_ not in U.EVALUATIVE \
                and not (c.i in range(span.start, span.end) and c.like_num) and c.ent_type_ not in ("DATE", "CARDINAL", "MONEY", "PERCENT"):
            out.extend(x for x in c.subtree if (x.i == c.i or x.dep_ in ("amod", "compound")) and x.is_alpha
                       and x.lower_ not in U.QUANTITY_WORDS and x.lower_ not in U.EVALUATIVE)
        elif c.dep_ in ("acl", "relcl") and c.lemma_.lower() in U.MOVE_VERBS:
            out.append(c)
            out.extend(o for p in c.children if p.dep_ == "prep" and p.lower_ in ("to", "into")
                       for o in p.children if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC"))
        elif c.dep_ == "prep" and c.lower_ == "of":
            objs = [o for o in c.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN") and o.ent_type_ not in ("GPE", "LOC")
                    and not span.start <= o.i < span.end]
            if objs and objs[0].lemma_.lower() not in U.GENERIC_HEADS:
                out.append(objs[0])
    if head.dep_ in ("nsubjpass", "dobj") and head.head.lemma_.lower() in U.MOVE_VERBS:
        verb = head.head
        out.append(verb)
        out.extend(o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("to", "into")
                   for o in p.children if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC"))
    return sorted({t.i: t for t in out}.values(), key=lambda t: t.i)


def _holders(head: Token) -> list[Token]:
    """Whose count it is: the noun's possessor ("Samoa's residents", "the earthquake's magnitude") or the subject
    of a verb of having ("the second quake had a magnitude of 4.0", "Biden secured 39 delegates")."""
    owners = [c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON" and c.ent_type_ not in ("GPE", "LOC")]
    verb = head.head
    if not owners and head.dep_ == "dobj" and verb.lemma_.lower() in U.HOLDING_VERBS:
        subj = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if subj:
            mods = [c for c in subj[0].children if c.dep_ in ("amod", "compound") and c.is_alpha and c.lower_ not in U.QUANTITY_WORDS]
            owners = sorted([subj[0], *mods], key=lambda t: t.i)
    return owners


def _parallel(doc: Doc, prev: Figure, anchor: Token, verb: Token | None) -> bool:
    """Whether a bare number's clause repeats the clause of the figure before it in its sentence: the same verb
    ("24 people have been hospitalised, but AFP reported as many as 32 hospitalised") or a verb coordinated with
    it ("the magnitude was 5.5; USGS reported 5.8")."""
    before = doc.char_span(prev.start, prev.end, alignment_mode="expand")
    if verb is None or before is None or before.sent.start != anchor.sent.start or _role(anchor)[1] not in ("dobj", "nsubj", "nsubjpass", "attr"):
        return False
    other = _clause_verb(before.root)
    if other is None:
        return False
    if other.lemma_ == verb.lemma_:
        return True
    linked = {other.i, other.head.i} if other.dep_ in ("conj", "ccomp") else {other.i}
    return verb.i in linked or (verb.dep_ == "conj" and verb.head.i in linked | {c.i for c in other.ancestors})


def _age_owner(doc: Doc, span: Span) -> Token | None:
    """Whose age: "Emily Spanton, 39," names the person before the comma."""
    k = span.start - 1
    if k >= 1 and doc[k].text == "," and doc[k - 1].pos_ == "PROPN":
        return doc[k - 1]
    return None


def _place(anchor: Token, span: Span) -> str | None:
    """The place the count is in, from its clause or a clause above it: "cases in Samoa", "killed at least 813 in
    China", "35,000 worldwide", "In the United States, ... cases were recorded, linking to at least 5,900 deaths"."""
    for t in _clause_chain(anchor, span):
        if t.lower_ in U.WORLDWIDE:
            return "worldwide"
        if t.dep_ == "prep" and t.lower_ in U.PLACE_PREPS:
            for o in t.children:
                if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC"):
                    return _entity_text(o)
                if o.dep_ == "pobj" and o.lower_ == "world":
                    return "worldwide"
    return None


def _clause_chain(anchor: Token, span: Span) -> Iterator[Token]:
    """The children of the anchor and of each token above it, nearest first, leaving out the figure itself, the way
    up, and clauses beside or below the way up (a relative clause's date is not the figure's)."""
    t = anchor
    came_from: Token | None = None
    for _ in range(8):
        for c in t.children:
            if (came_from is not None and c.i == came_from.i) or c.dep_ in CLAUSAL or span.start <= c.i < span.end:
                continue
            yield c
        if t.head.i == t.i:
            return
        came_from, t = t, t.head


def _date_word(anchor: Token, span: Span) -> Token | None:
    """The first date word in the figure's clause or in a clause above it, never in a clause beside or below it:
    "As of September 30, Armenia claimed ... with 103 Artsakh deaths" is tied to September 30. "since October"
    starts what the count adds up, it is not when the count stood."""
    for c in _clause_chain(anchor, span):
        if c.lower_ in ("since", "from", "starting", "beginning"):
            continue
        for x in c.subtree:
            if (x.ent_type_ == "DATE" and not (x.like_num and x.dep_ not in ("pobj", "npadvmod", "appos") and x.head.text not in MONTHS)) or \
                    (x.lower_ in DATE_WORDS and x.is_alpha):
                return x  # only a date the dates extractor resolved counts (analysis looks it up); "1846 persons" is a count
    return None
