"""Figures: counts, money, percentages, measures, ages and durations, with what they count.

A token scanner finds number runs ("3,000", "three-and-a-half million", "dozens of"), then reads
the words around each run: qualifiers before it, a currency or measure or counted noun after it, a
second run for ranges. spaCy's parse supplies the counted noun; its NER labels are too unreliable
at the edges to decide what is a number, so they are only consulted to tell years from counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Block, Figure
from . import units as U
from .dates import MONTHS
from .numbers import (DOZEN, FRACTIONS, HUNDRED, SCALES, TENS, UNITS, VAGUE, digits_value, is_digits,
                      is_year_number, scale_value, words_value)

ATTACHED_SCALE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(bn|mn|mln|k|tn|trn|m)$", re.I)
DATE_CHUNK = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\W*$|^[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}\W*$")
CLOCK_AFTER = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "hrs", "h"}
POST_QUALIFIERS: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("or", "over"): "at_least", ("-", "plus"): "at_least", ("plus",): "at_least",
    ("or", "fewer"): "at_most", ("or", "less"): "at_most", ("or", "so"): "approximate",
}
NOT_ONE_BEFORE = {"no", "the", "this", "that", "each", "every", "any", "which", "another", "some", "someone",
                  "anyone", "everyone", "no-one", "only", "last"}
NOUNISH = {"NOUN", "PROPN", "ADJ"}
PRONOUNS = {"them", "us", "these", "those", "which", "whom", "it", "you"}


# Vague multipliers before a scale word; the figure takes the scale as its lower bound, like "thousands".
SEVERAL = {"several", "few", "many"}


@dataclass
class Run:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    value: float
    vague: bool = False
    scaled: bool = False


def extract_figures(doc: Doc, blocks: Sequence[Block]) -> list[Figure]:
    """Figures in article order; dateline blocks are skipped because they hold places, not numbers."""
    skip = [(b.start, b.end) for b in blocks if b.kind == "dateline"]
    out: list[Figure] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if any(s <= tok.idx < e for s, e in skip):
            i += 1
            continue
        found = _figure_at(doc, i)
        if found is None:
            i += 1
            continue
        fig, nxt = found
        out.append(fig)
        i = max(nxt, i + 1)
    return out


def _lower(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _adjacent(a: Token, b: Token) -> bool:
    return a.idx + len(a.text) == b.idx


def _is_num_word(t: Token) -> bool:
    w = t.lower_
    return w in UNITS or w in TENS


def _number_run(doc: Doc, i: int) -> Run | None:
    """The longest number starting at token i, or None."""
    t = doc[i]
    w = t.lower_
    n = len(doc)
    m = ATTACHED_SCALE.match(t.text)
    if m and m.group(2).lower() != "m":
        return Run(i, i + 1, digits_value(m.group(1)) * (scale_value(m.group(2)) or 1), scaled=True)
    if w in VAGUE and t.tag_ == "NNS":
        value = VAGUE[w]
        end = i + 1
        # "hundreds of thousands", "tens of millions"
        if _lower(doc, i + 1) == "of" and i + 2 < n and doc[i + 2].lower_ in VAGUE and doc[i + 2].lower_ != "dozens":
            value *= VAGUE[doc[i + 2].lower_]
            end = i + 3
        return Run(i, end, value, vague=True)
    nx, nx2 = _lower(doc, i + 1), _lower(doc, i + 2)
    if w == "half" and nx in ("a", "an") and nx2 in SCALES:
        return Run(i, i + 3, 0.5 * SCALES[nx2], scaled=True)  # "half a million"
    if w in SEVERAL and (nx in SCALES or nx in HUNDRED):
        return Run(i, i + 2, SCALES.get(nx, 100.0), vague=True, scaled=True)  # "several thousand", "a few hundred"
    if w in ("a", "an"):
        if i + 1 < n and (doc[i + 1].lower_ in DOZEN or doc[i + 1].lower_ in HUNDRED or doc[i + 1].lower_ in SCALES):
            j = _extend(doc, i + 1)
            value = words_value(" ".join(x.text for x in doc[i:j]))
            return Run(i, j, value, scaled=True) if value is not None else None
        return None
    if not (is_digits(t.text) or _is_num_word(t)):
        return None
    j = _extend(doc, i)
    words = [x.text for x in doc[i:j]]
    value = words_value(" ".join(words))
    if value is None:
        return None
    scaled = any(x.lower_ in SCALES or x.lower_ in HUNDRED for x in doc[i + 1:j])
    # "1.5m people", "£3m": an attached "m" is million when money or a counted noun follows
    if j < n and doc[j].lower_ == "m" and _adjacent(doc[j - 1], doc[j]) and is_digits(doc[j - 1].text):
        money = i > 0 and doc[i - 1].lower_ in U.CURRENCY_SYMBOLS
        plural_after = j + 1 < n and doc[j + 1].tag_ == "NNS"
        if money or plural_after:
            return Run(i, j + 1, value * 1e6, scaled=True)
    return Run(i, j, value, scaled=scaled)


HYPHENS = ("-", "\u2010", "\u2011")


def _extend(doc: Doc, i: int) -> int:
    """End (exclusive) of a number run starting at token i: joins the words of one number ("forty-five",
    "three-and-a-half million", "one and two thirds"), never two neighbouring numbers ("40 and 49")."""
    n = len(doc)
    words: list[str] = [doc[i].lower_]
    j = i + 1
    last_ok = i + 1
    while j < n:
        t = doc[j].lower_
        if t in HYPHENS:
            if not _adjacent(doc[j - 1], doc[j]) or j + 1 >= n or not _adjacent(doc[j], doc[j + 1]):
                break
            j += 1
            continue
        p = words[-1]
        pp = words[-2] if len(words) > 1 else ""
        nx = _sig(doc, j + 1)
        nx2 = _sig(doc, j + 1, skip=1)
        p_word = p in UNITS or p in TENS
        p_digits = is_digits(p)
        if t in SCALES or t in HUNDRED:
            ok = p_word or p_digits or p in HUNDRED or p in ("a", "half") or p in FRACTIONS
        elif t in DOZEN:
            ok = p_word or p == "a"
        elif t == "and":
            ok = (nx == "a" and nx2 in FRACTIONS) or ((p in HUNDRED or p in SCALES) and (nx in UNITS or nx in TENS)) or (
                (p_word or p_digits) and nx in UNITS and nx2 in FRACTIONS)
        elif t == "a":
            ok = p == "and" and nx in FRACTIONS
        elif t in FRACTIONS:
            ok = p == "a" or (p in UNITS and pp == "and")
        elif t in UNITS:
            ok = (p in TENS and t != "zero") or (p == "and" and (nx in FRACTIONS or pp in HUNDRED or pp in SCALES))
        elif t in TENS:
            ok = p in HUNDRED or p in SCALES or (p == "and" and pp in HUNDRED)
        else:
            ok = False
        if not ok:
            break
        words.append(t)
        j += 1
        if t not in ("and", "a"):
            last_ok = j
    return last_ok


def _sig(doc: Doc, k: int, skip: int = 0) -> str:
    """The k-th following word, hyphens not counted."""
    n = len(doc)
    while k < n:
        if doc[k].lower_ not in HYPHENS:
            if skip == 0:
                return doc[k].lower_
            skip -= 1
        k += 1
    return ""


def _qualifier_before(doc: Doc, i: int) -> tuple[str | None, int]:
    """Longest qualifier phrase ending right before token i; returns (qualifier, first token)."""
    for k in range(U.QUALIFIER_MAX_WORDS, 0, -1):
        if i - k < 0:
            continue
        key = tuple(doc[x].lower_ for x in range(i - k, i))
        if key in U.QUALIFIERS:
            if key == ("some",) and doc[i - 1].dep_ == "det" and doc[i].lower_ == "one":
                continue
            return U.QUALIFIERS[key], i - k
    return None, i


def _is_excluded(doc: Doc, run: Run, start: int) -> bool:
    """Numbers that are not figures: dates, years, clock times, names, list markers, 'one' as a pronoun."""
    t = doc[run.start]
    first = t.lower_
    n = len(doc)
    prev = doc[start - 1] if start > 0 else None
    after = doc[run.end] if run.end < n else None
    single_digits = run.end - run.start == 1 and is_digits(t.text)
    # day numbers and years next to month names: "December 27", "27 December", "December 2014"
    if single_digits and ((prev is not None and prev.text.rstrip(".") in MONTHS) or (after is not None and after.text.rstrip(".") in MONTHS)):
        return True
    if single_digits and after is not None and after.text in (",",) and run.end + 1 < n and is_year_number(doc[run.end + 1].text) and prev is not None and prev.text in MONTHS:
        return True
    # clock times and scores written with a colon
    if after is not None and after.lower_ in CLOCK_AFTER:
        # "five AM radio stations" is a count of stations, "5 PM" a time
        if not (after.text in ("AM", "PM") and run.end + 1 < n and doc[run.end + 1].pos_ == "NOUN"):
            return True
    if after is not None and after.text in (":", "/") and _adjacent(t, after):
        return True
    if prev is not None and prev.text in (":", "/") and _adjacent(prev, t):
        return True
    # numbers inside names: "COVID-19", "F-16", "Flight 8501", "Republic Act No. 7966"
    if after is not None and (after.lower_ in FRACTIONS or (after.text in HYPHENS and _lower(doc, run.end + 1) in FRACTIONS)):
        return True  # "two thirds of those known", "two-thirds of the senators"
    # "Goody Two-Shoes", "Catch-22"-style names
    if after is not None and after.text in HYPHENS and _adjacent(t, after) and run.end + 1 < n \
            and doc[run.end + 1].text[:1].isupper() and doc[run.end + 1].is_alpha:
        return True
    if single_digits and prev is not None and prev.text == "." and prev.i > 0 and doc[prev.i - 1].lower_ in ("no", "nos"):
        return True
    if single_digits and after is not None and after.pos_ == "PROPN" and after.text.istitle() and after.ent_type_ != "NORP":
        head = _counted_head(doc, run.end)
        if head is None or head.text[:1].isupper():
            return True  # addresses and names: "36 Quai des Orfèvres"
    if single_digits and prev is not None:
        if prev.text in ("-",) and _adjacent(prev, t) and prev.i > 0 and doc[prev.i - 1].is_alpha and _adjacent(doc[prev.i - 1], prev):
            return True
        if prev.lower_ in U.NAME_CUES and (prev.text[:1].isupper() or prev.lower_ in ("no", "no.", "nos.", "number", "#")):
            return True
        if ((prev.pos_ == "PROPN" or (prev.is_upper and len(prev.text) > 1)) and prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start
                and prev.text.rstrip(".") not in MONTHS and prev.lower_ not in U.CURRENCY_SYMBOLS
                and not _unit_after(doc, run.end, None)[2]):
            return True  # "Boeing 737", "Voskhod 2"; but "led Trump 47 percent"
    if single_digits and after is not None and after.is_alpha and _adjacent(t, after) and after.lower_ not in U.MEASURES \
            and after.lower_ not in U.SCALE_ABBREV and after.lower_ not in U.TIME_UNITS and after.lower_ != "m":
        return True
    # list markers: "1." or "2)" opening a line
    if single_digits and (t.i == 0 or "\n" in doc[t.i - 1].text_with_ws) and after is not None and after.text in (".", ")"):
        return True
    if first == "one" and run.end - run.start == 1:
        if after is None or after.lower_ in ("of", "another", "or", "by") or after.pos_ in ("VERB", "AUX", "PUNCT", "ADP", "PRON", "CCONJ"):
            return True
        if prev is not None and prev.lower_ in NOT_ONE_BEFORE:
            return True
        head = _counted_head(doc, run.end)
        if head is None or head.lower_ in U.INDEFINITE_ONE_HEADS or head.lemma_.lower() in U.INDEFINITE_ONE_HEADS:
            return True
    # idioms: "no two people"
    if prev is not None and prev.lower_ == "no" and not is_digits(t.text):
        return True
    # pure fractions: "two thirds", "a half"
    words = [x.lower_ for x in doc[run.start:run.end]]
    if any(w in FRACTIONS for w in words) and "and" not in words and not any(w in SCALES for w in words):
        return True
    if DATE_CHUNK.match(_chunk(doc, t)):
        return True  # "2024-10-01", "10/23/2024"
    return False


def _chunk(doc: Doc, t: Token) -> str:
    """The run of tokens with no space between them around t ("2024-10-01")."""
    a = b = t.i
    while a > 0 and not doc[a - 1].whitespace_:
        a -= 1
    while b + 1 < len(doc) and not doc[b].whitespace_:
        b += 1
    return doc[a:b + 1].text


def _counted_head(doc: Doc, j: int, limit: int = 6) -> Token | None:
    """The noun a number ending before token j counts: the last noun of the phrase right after it."""
    head: Token | None = None
    k = j
    n = len(doc)
    while k < n and k < j + limit:
        t = doc[k]
        if not t.text.replace("-", "").replace(".", "").isalpha():
            break
        if head is not None and head.tag_ == "NNS" and t.pos_ == "NOUN":
            break  # a plural noun ends the phrase: "two factions pushing"
        if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.text.isupper() and len(t.text) > 1):
            head = t
        elif t.pos_ in ("ADJ", "PROPN", "NUM") or (t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "compound")) \
                or (t.text == "-" and _adjacent(doc[k - 1], t)) or t.lower_ in ("more", "other", "additional", "extra", "same"):
            if head is not None:
                break
        else:
            break
        if head is not None and t.pos_ != "NOUN" and t is not head:
            break
        k += 1
    if head is not None and head.lower_ in U.PERCENT_WORDS:
        return None
    return head


def _noun_text(doc: Doc, head: Token, lo: int) -> tuple[str, int]:
    """The counted noun with its noun compounds ("treatment centers"); returns (text, end token)."""
    s = head.i
    while s - 1 >= lo and doc[s - 1].pos_ == "NOUN" and doc[s - 1].dep_ == "compound":
        s -= 1
    return " ".join(t.text if t.is_upper and len(t.text) > 1 else t.lower_ for t in doc[s:head.i + 1]), head.i + 1


def _unit_after(doc: Doc, j: int, money: str | None) -> tuple[str | None, int, bool]:
    """Unit that follows a number ending before token j: (unit, end token, is_measure)."""
    n = len(doc)
    k = j
    if k < n and doc[k].text in ("-", "\u2010") and _adjacent(doc[k - 1], doc[k]):
        k += 1
    w = _lower(doc, k)
    if w.endswith(".") and len(w) > 1:
        w = w[:-1]
    if money:
        if w in U.CURRENCY_WORDS:
            return money, k + 1, True
        return money, j, True
    if w in ("%", "percent", "pct"):
        return "percent", k + 1, True
    if w == "per" and _lower(doc, k + 1) == "cent":
        return "percent", k + 2, True
    if w == "percentage":
        k2 = k + 2 if _lower(doc, k + 1) in HYPHENS else k + 1
        if _lower(doc, k2) in ("point", "points"):
            return "percentage points", k2 + 1, True
    multi = U.MULTIWORD_MEASURES.get((w, _lower(doc, k + 1)))
    if multi:
        return multi, k + 2, True
    # "Australian dollars"
    if k + 1 < n and doc[k + 1].lower_ in U.CURRENCY_WORDS and doc[k].pos_ in ("ADJ", "PROPN"):
        iso = U.CURRENCY_WORDS[doc[k + 1].lower_]
        return U.CURRENCY_PREFIXES.get((w, iso), iso), k + 2, True
    if w in U.CURRENCY_WORDS and not (w in ("real", "won", "pound") and doc[k].pos_ != "NOUN"):
        return U.CURRENCY_WORDS[w], k + 1, True
    if w in U.TIME_UNITS:
        if _lower(doc, k + 1) in ("-", "") and _lower(doc, k + 2) == "old" or _lower(doc, k + 1) == "old":
            end = k + 3 if _lower(doc, k + 1) == "-" else k + 2
            return U.AGE_UNIT, end, True
        if w in ("years", "year") and _lower(doc, k + 1) == "of" and _lower(doc, k + 2) == "age":
            return U.AGE_UNIT, k + 3, True
        return U.TIME_UNITS[w], k + 1, True
    power = ""
    if w in U.MEASURE_POWERS and _lower(doc, k + 1) in U.MEASURES:
        power = U.MEASURE_POWERS[w]
        k += 1
        w = _lower(doc, k)
    if w in U.MEASURES and (w not in ("in", "m", "g", "t", "mt", "ha", "degrees", "magnitude") or _measure_ok(doc, k)):
        unit = U.MEASURES[w] + power
        end = k + 1
        if _lower(doc, end) == "per" and end + 1 < n and doc[end + 1].pos_ == "NOUN":
            unit = f"{unit} per {doc[end + 1].lower_}"
            end += 2
        return unit, end, True
    return None, j, False


def _measure_ok(doc: Doc, k: int) -> bool:
    """Short unit letters are measures only as nouns, not as words ("in", "m" as a verb)."""
    t = doc[k]
    if t.lower_ == "in":
        return False
    return t.pos_ in ("NOUN", "PROPN", "NUM", "X", "SYM") or t.dep_ in ("pobj", "dobj", "appos", "npadvmod")


def _of_noun(doc: Doc, j: int) -> tuple[str | None, int]:
    """The noun after "of" ("thousands of fighters", "two of them"); pronouns give no unit."""
    if _lower(doc, j) != "of":
        return None, j
    k = j + 1
    n = len(doc)
    while k < n and k < j + 8:
        t = doc[k]
        if t.pos_ == "PRON" or t.lower_ in PRONOUNS:
            return None, k + 1
        if t.pos_ == "NUM" or is_digits(t.text):
            return None, j  # "39 of South Carolina's 54 delegates": the second number is its own figure
        if t.pos_ in ("DET", "ADJ", "PROPN", "PART") or t.tag_ == "POS" or t.dep_ in ("poss", "amod"):
            k += 1
            continue
        if t.pos_ == "NOUN":
            head = t
            while head.i + 1 < n and doc[head.i + 1].pos_ == "NOUN":
                head = doc[head.i + 1]
            if head.i + 1 < n and doc[head.i + 1].tag_ == "POS":
                k = head.i + 2  # a possessor: "the island nation's residents"
                continue
            text, end = _noun_text(doc, head, j + 1)
            return text, end
        break
    return None, j


def _and_a_half(doc: Doc, i: int) -> tuple[Figure, int] | None:
    """"a year and a half": a duration spelled around its unit."""
    k = i + 1 if doc[i].lower_ in ("a", "an", "one") else i
    if k + 3 >= len(doc) + 0 or doc[k].lower_ not in U.TIME_UNITS or doc[k].lower_.endswith("s"):
        return None
    if k == i and i > 0 and doc[i - 1].lower_ in ("a", "an", "one"):
        return None
    if [t.lower_ for t in doc[k + 1:k + 4]] != ["and", "a", "half"]:
        return None
    s, e = doc[i].idx, doc[k + 3].idx + len(doc[k + 3].text)
    return Figure(text=doc.text[s:e], value=1.5, unit=U.TIME_UNITS[doc[k].lower_], start=s, end=e), k + 4


def _figure_at(doc: Doc, i: int) -> tuple[Figure, int] | None:
    n = len(doc)
    tok = doc[i]
    half = _and_a_half(doc, i)
    if half is not None:
        return half
    money: str | None = None
    span_start = i
    if tok.lower_ in U.CURRENCY_SYMBOLS and tok.pos_ in ("SYM", "NOUN", "PROPN", "X") or tok.text in ("$", "€", "£", "¥", "US$"):
        if tok.lower_ not in U.CURRENCY_SYMBOLS or i + 1 >= n or not (is_digits(doc[i + 1].text) or ATTACHED_SCALE.match(doc[i + 1].text)):
            return None
        money = U.CURRENCY_SYMBOLS[tok.lower_]
        i += 1
    elif i > 0 and doc[i - 1].lower_ in U.CURRENCY_SYMBOLS and (doc[i - 1].pos_ == "SYM" or doc[i - 1].text in ("$", "€", "£", "US$")):
        return None  # handled from the symbol
    run = _number_run(doc, i)
    if run is None:
        return None
    if money and run.end < n:
        sc = scale_value(doc[run.end].text, money=True)
        if sc and not run.scaled:
            run = Run(run.start, run.end + 1, run.value * sc, scaled=True)
    qual, qstart = _qualifier_before(doc, span_start)
    if qual is None and span_start > 0 and doc[span_start - 1].lower_ == "between":
        qstart = span_start - 1
    if _is_excluded(doc, run, span_start):
        return None
    # years are dates, not figures, unless something marks them as a quantity
    single = run.end - run.start == 1
    if single and is_year_number(doc[run.start].text) and not money:
        unit, uend, measure = _unit_after(doc, run.end, None)
        head = _counted_head(doc, run.end)
        not_date = doc[run.start].ent_type_ != "DATE"
        plural = head is not None and head.tag_ == "NNS" and head.i == run.end and not_date
        if not (measure and unit) and not plural and not (qual and not_date):
            return None  # "around 1970" is a year, "roughly 2000 Thai [stores]" a count
    value = run.value
    value_max: float | None = None
    unc_end = run.end
    plus = False
    if _lower(doc, run.end) == "+" and _adjacent(doc[run.end - 1], doc[run.end]):
        unc_end = run.end + 1  # "18+ years"
        plus = True
    if _lower(doc, run.end) in ("±", "+/-", "+-") and run.end + 1 < n:
        err = _number_run(doc, run.end + 1)
        if err is not None:
            unc_end = err.end  # "1010 ± 195 light years": the unit follows the error
    unit, end, measure = _unit_after(doc, unc_end, money)
    end = max(end, unc_end)
    if not measure and run.vague:
        unit, end = _of_noun(doc, run.end)
        end = max(end, run.end)
    # ranges: "20 to 30", "6% to 11%", "$5-10 million", "between 20 and 30"
    k = end
    joiner = _lower(doc, k)
    if joiner in U.RANGE_JOINERS and k + 1 < n and not run.vague:
        if joiner != "and" or (span_start > 0 and doc[qstart if qual is None else span_start - 1].lower_ == "between"):
            k2 = k + 1
            money2 = money
            if doc[k2].lower_ in U.CURRENCY_SYMBOLS and k2 + 1 < n:
                k2 += 1
            run2 = _number_run(doc, k2) if k2 < n else None
            if run2 is not None and not run2.vague:
                if money2 and run2.end < n:
                    sc = scale_value(doc[run2.end].text, money=True)
                    if sc and not run2.scaled:
                        run2 = Run(run2.start, run2.end + 1, run2.value * sc, scaled=True)
                unit2, end2, measure2 = _unit_after(doc, run2.end, money2)
                v2 = run2.value
                if run2.scaled and not run.scaled:
                    value = value * _run_scale(doc, run2)
                if v2 > value and (unit is None or unit2 is None or unit2 == unit) and not _is_excluded(doc, run2, k2):
                    value_max = v2
                    if unit is None and measure2:
                        unit = unit2
                    end = end2 if measure2 else run2.end
                    measure = measure or measure2
    # ages: "aged 39", "age 12", "Emily Spanton, 39,"
    if unit is None and value_max is None:
        if span_start > 0 and doc[span_start - 1].lower_ in U.AGE_CUES:
            unit = U.AGE_UNIT
        elif span_start > 1 and doc[span_start - 1].lower_ == "of" and doc[span_start - 2].lower_ in U.AGE_CUES:
            unit = U.AGE_UNIT  # "at the age of 12"
        elif _is_age_apposition(doc, run) or _is_age_predicate(doc, run):
            unit = U.AGE_UNIT
    if unit is None and value_max is None and _lower(doc, end) == "of" and not run.vague:
        unit, end2 = _of_noun(doc, end)
        end = max(end, end2) if unit or end2 > end else end
    if unit is None and not measure:
        head = _counted_head(doc, end)
        if head is not None:
            unit, end = _noun_text(doc, head, end)
    elif measure and unit in ("percent", "percentage points") and _lower(doc, end) == "of":
        pass
    if qual is None:
        for key, q in POST_QUALIFIERS.items():
            if tuple(_lower(doc, end + x) for x in range(len(key))) == key:
                qual = q
                end += len(key)
                break
    if qual is None and plus:
        qual = "at_least"
    if qual is None and run.vague:
        qual = "approximate"
    if qual is None and value_max is not None:
        qual = "range"
    start_tok = min(qstart, span_start) if qual and qual != "range" else span_start
    if value_max is not None and span_start > 0 and doc[span_start - 1].lower_ in ("between", "from"):
        start_tok = min(start_tok, span_start - 1)
    while end > run.end and doc[end - 1].is_punct and doc[end - 1].text not in ("%",):
        end -= 1
    s = doc[start_tok].idx
    e = doc[end - 1].idx + len(doc[end - 1].text)
    fig = Figure(text=doc.text[s:e], value=_clean(value), unit=unit, start=s, end=e, qualifier=qual,
                 value_max=_clean(value_max) if value_max is not None else None)
    return fig, end


def _run_scale(doc: Doc, run: Run) -> float:
    """The scale word's multiplier in a run ("30 million" -> 1e6), so "20 to 30 million" scales both ends."""
    for t in reversed(doc[run.start:run.end]):
        m = ATTACHED_SCALE.match(t.text)
        sc = scale_value(m.group(2), money=True) if m else scale_value(t.text, money=True)
        if sc:
            return sc
    return 1.0


def _is_age_apposition(doc: Doc, run: Run) -> bool:
    """"Name, 39," or "Name and Name, 40 and 49," — a bare number set off by commas after a person."""
    i = run.start
    j = run.end
    k = i - 1
    # walk back over a coordinated age list ("40 and")
    while k >= 1 and doc[k].lower_ == "and" and is_digits(doc[k - 1].text):
        k -= 2
    if k < 1 or doc[k].text != "," or not (doc[k - 1].ent_type_ == "PERSON" or doc[k - 1].pos_ == "PROPN"):
        return False
    if j >= len(doc):
        return True
    nxt = doc[j]
    return nxt.text in (",", ".", ";", ")") or (nxt.lower_ == "and" and j + 1 < len(doc) and is_digits(doc[j + 1].text))


def _is_age_predicate(doc: Doc, run: Run) -> bool:
    """"He was 85." — a bare number as the complement of "be" with a person as subject."""
    t = doc[run.end - 1]
    if t.dep_ != "attr" or t.head.lemma_ != "be" or run.end < len(doc) and doc[run.end].pos_ in ("NOUN", "PROPN"):
        return False
    subj = [c for c in t.head.children if c.dep_ == "nsubj"]
    return bool(subj) and (subj[0].lower_ in ("he", "she", "i") or subj[0].ent_type_ == "PERSON")


def _clean(v: float) -> float:
    r = round(v, 6)
    return float(int(r)) if r == int(r) else r
