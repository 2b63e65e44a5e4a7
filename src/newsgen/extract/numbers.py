"""Number words, scale words and vague quantities -> values; shared by the figures and dates extractors.

Kept free of spaCy so that the arithmetic can be tested on plain strings.
"""

from __future__ import annotations

import calendar
import re

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
HUNDRED = {"hundred": 100}
SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
# Abbreviated scales only count right after a digit run ("$5bn", "1.5m people" is ambiguous, so "m" needs money).
SCALE_ABBREV: dict[str, float] = {"k": 1e3, "bn": 1e9, "b": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
MONEY_ONLY_ABBREV: dict[str, float] = {"m": 1e6}
DOZEN = {"dozen": 12}
# Denominators of fractions: "a half", "two thirds".
FRACTIONS: dict[str, int] = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
# Vague plural quantities take their lower bound ("dozens" is 12).
VAGUE: dict[str, float] = {
    "dozens": 12, "scores": 20, "tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
}

# Month names, full and abbreviated, as written in running text (capitalised).
MONTHS: dict[str, int] = {
    **{name: i for i, name in enumerate(calendar.month_name) if name},
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10,
    "Nov": 11, "Dec": 12,
}

# ASCII digits only: other scripts' numerals come with text the unit rules cannot read.
DIGITS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$|^[0-9]+(?:\.[0-9]+)?$")


def is_digits(text: str) -> bool:
    return bool(DIGITS.match(text))


def digits_value(text: str) -> float:
    return float(text.replace(",", ""))


def words_value(text: str) -> float | None:
    """The value of a spelled or mixed number ("forty-five", "three-and-a-half million", "1.5 billion",
    "one and two thirds"); None when any word is not part of a number."""
    words = [w for w in re.split(r"[\s\-\u2010\u2011]+", text.lower().strip()) if w]
    if not words:
        return None
    total = 0.0
    current = 0.0
    last = 0.0
    seen = False
    pending_a = False
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "and":
            continue
        if w in ("a", "an"):
            if nxt in FRACTIONS or nxt in SCALES or nxt in HUNDRED or nxt in DOZEN:
                pending_a = True
                continue
            return None
        if is_digits(w):
            last = digits_value(w)
            current += last
        elif w in UNITS or w in TENS:
            prev = words[i - 1] if i else ""
            if prev in UNITS or (prev in TENS and w in TENS) or is_digits(prev):
                return None  # "two three" is two numbers
            last = float(UNITS.get(w, TENS.get(w, 0)))
            current += last
        elif w in FRACTIONS:
            if pending_a:
                last = 1.0
                current += 1.0
            if not (seen or pending_a):
                return None
            current = current - last + last / FRACTIONS[w]
            last = 0.0
        elif w in HUNDRED:
            current = (current or 1.0) * 100
            last = 0.0
        elif w in DOZEN:
            current = (current or 1.0) * 12
            last = 0.0
        elif w in SCALES:
            total += (current or 1.0) * SCALES[w]
            current = 0.0
            last = 0.0
        else:
            return None
        pending_a = False
        seen = True
    if not seen:
        return None
    return total + current


def scale_value(word: str, money: bool = False) -> float | None:
    """The multiplier a scale word or abbreviation stands for."""
    w = word.lower().rstrip(".")
    if w in SCALES:
        return SCALES[w]
    if w in SCALE_ABBREV:
        return SCALE_ABBREV[w]
    if money and w in MONEY_ONLY_ABBREV:
        return MONEY_ONLY_ABBREV[w]
    return None


def is_year_number(text: str) -> bool:
    """Four plain digits in the range news years fall in."""
    return bool(re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", text))
