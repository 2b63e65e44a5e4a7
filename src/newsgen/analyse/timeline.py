"""Dates on the calendar at their own granularity, and whole sentences to show them in.

A resolved date is a day, a month, a year or a span of them (`extract/dates.py`); the timeline files each
at the period it names, so that "1986" is a year and never the first of January 1986, and "the third
quarter" is a span of three months. The sentence around a date is cut by rules that know news
abbreviations ("Mr.", "U.K.", "(R-Ky.)"), because a cut in the middle of a name makes a snippet that
cannot be read alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words shortened with a full stop that never end a sentence in news copy: titles, ranks, "Inc." before a
# comma, US state abbreviations inside "(R-Ky.)".
TITLES = {"mr", "mrs", "ms", "mx", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col", "sgt", "capt",
          "cmdr", "adm", "maj", "cpl", "pvt", "st", "rev", "hon", "pres", "supt", "insp", "det", "messrs", "mme",
          "mlle", "fr", "sr", "jr", "no", "nos", "vs", "v", "approx", "dept", "vol", "ca",
          "inc", "corp", "co", "ltd", "bros", "assn", "univ", "ave", "blvd", "rd", "mt", "ft", "jan", "feb", "mar",
          "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
          "thur", "thurs", "fri", "sat", "sun"}
STATES = {"ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la",
          "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va",
          "vt", "wash", "wis", "wyo"}
# After an initialism ("U.S.", "U.K.") or a state abbreviation, a sentence begins only with one of these.
STARTERS = {"the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "this",
            "that", "these", "those", "there", "but", "and", "in", "on", "at", "after", "before", "as", "when",
            "while", "if", "for", "however", "meanwhile", "some", "many", "most", "according", "earlier", "later",
            "last", "on", "by", "since", "during", "no", "one", "two", "three"}
END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
WORD_BEFORE = re.compile(r"([\w.&'-]+)$")
OPEN, CLOSE = "([", ")]"


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of text[start:end] as (start, end) offsets, leading and trailing spaces left out."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = depth_at = start
    depth = 0
    for m in END.finditer(text, start, end):
        depth = _depth(text, depth_at, m.start(), depth)  # brackets open since the sentence began
        depth_at = m.start()
        if depth == 0 and _is_break(text, begin, m.start(), m.end(), end):
            spans.append((begin, m.end()))
            begin = m.end()
            depth = 0
            depth_at = begin
    spans.append((begin, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _is_break(text: str, begin: int, stop: int, after: int, end: int) -> bool:
    """Whether the full stop, "?" or "!" at text[stop:after] ends the sentence that began at `begin` (outside
    brackets: "(R-Ky.)" never ends one)."""
    if text[stop] != ".":
        return True
    word = WORD_BEFORE.search(text, max(begin, stop - 40), stop)
    if word is None:
        return True
    token = word.group(1)
    bare = token.replace(".", "").lower()
    following = re.match(r"\s+[\"'“‘(\[]?([\w'-]+)", text[after:min(end, after + 60)])
    nxt = following.group(1).lower() if following else ""
    if bare in TITLES and "." not in token:
        return False  # "Mr. Smith", "Sen. Warren"
    if bare in ("am", "pm") and "." in token:
        return True  # "at 7:45 p.m. Police said"
    initialism = re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token) is not None or re.fullmatch(r"[A-Z]", token) is not None
    if initialism or bare in STATES:
        return nxt in STARTERS  # "the U.K. government" but "... in the U.S. The next day ..."
    return True


def _depth(text: str, begin: int, stop: int, depth: int = 0) -> int:
    """Brackets left open after text[begin:stop], starting from `depth` open."""
    if not any(ch in text[begin:stop] for ch in "()[]"):
        return depth
    for ch in text[begin:stop]:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
    return depth


@dataclass(frozen=True)
class Period:
    """A span of the calendar at a granularity: "day", "month", "year", "days", "months", "years"."""

    start: dt.date
    end: dt.date
    granularity: str

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


def parse_period(resolved: str | None) -> Period | None:
    """ "2019" is a year, "2019-10" a month, "2019-10-23" a day, "A/B" a span of A's kind; None for anything else."""
    if not resolved:
        return None
    first, _, last = resolved.partition("/")
    try:
        a = _parts(first)
        b = _parts(last or first)
    except ValueError:
        return None
    if len(a) != len(b):
        return None
    kind = {3: "day", 2: "month", 1: "year"}[len(a)]
    try:
        start, stop = _first_day(a), _last_day(b)
    except ValueError:
        return None
    if stop < start:
        return None
    return Period(start, stop, kind if not last or first == last else kind + "s")


def _parts(text: str) -> list[int]:
    parts = [int(p) for p in text.split("-")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(text)
    return parts


def _first_day(parts: list[int]) -> dt.date:
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _last_day(parts: list[int]) -> dt.date:
    if len(parts) == 3:
        return dt.date(*parts)
    month = parts[1] if len(parts) > 1 else 12
    return dt.date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def period_label(start: dt.date, end: dt.date) -> str:
    """A date as a reader names it: "23 October 2024", "October 2024", "1–20 October 2024", "2019",
    "July – September 2019", "2010 – 2019"."""
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if whole_months and (start.month, end.month) == (1, 12):
        return str(start.year) if start.year == end.year else f"{start.year} – {end.year}"
    if whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start:%B %Y}"
        if start.year == end.year:
            return f"{start:%B} – {end:%B %Y}"
        return f"{start:%B %Y} – {end:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {start:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def filed_under(period: Period) -> Period:
    """The timeline section a date belongs in: a day, or a span of days inside one month, under its month; a
    month under itself; a year, a quarter, or any span wider than a month under itself, never under the
    month it starts in."""
    if period.granularity in ("day", "days", "month") and (period.start.year, period.start.month) == (period.end.year, period.end.month):
        return Period(period.start.replace(day=1), _last_day([period.start.year, period.start.month]), "month")
    return period


def section_order(period: Period) -> tuple[dt.date, int]:
    """Calendar order, a wider period before the narrower ones it opens ("2019" before "January 2019")."""
    return period.start, -(period.end - period.start).days


def by_section(entries: Iterable[tuple[Period, object]]) -> list[tuple[Period, list[object]]]:
    sections: dict[Period, list[object]] = {}
    for period, item in entries:
        sections.setdefault(filed_under(period), []).append(item)
    return sorted(sections.items(), key=lambda kv: section_order(kv[0]))
