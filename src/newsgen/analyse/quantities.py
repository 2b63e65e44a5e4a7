"""Figures -> quantities: what each figure counts within its story, its values over time, and where
sources really differ.

The extractor gives each figure a quantity key (the unit's dimension and the lemmas of what it counts:
"count|killed", "magnitude|earthquake"), a scope (whose or where: "Samoa", "Donald Trump") and the
date word its clause is tied to (`extract/figures.py`). Here figures of one story with one key and
scope become one quantity, each placed at the date it refers to: the date word's resolved date, else
the last date given earlier in the paragraph, else the article's date. A quantity's values in date
order are its series ("deaths: 53 this week, 62 on 5 December, 81 on 29 December").

"Sources differ" only when, at one date, two different sources (speakers, or the article's own voice)
give values that cannot both be true. Each value is read as an interval of what it allows: "at least
62" is 62 or more, "hundreds of thousands" at least 100,000, "about 40" 36 to 44, "1.6 million" 1.55 to
1.65 million, "15–25" itself; values whose intervals meet agree. A lower bound is never in conflict
with a larger value, nor two ranges that overlap.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..extract.units import EVENTS
from ..model import Figure
from .timeline import Period, parse_period

if TYPE_CHECKING:
    from . import FigureRef

# "approximately", "nearly", "some": within a tenth either way.
APPROXIMATE = 0.1
# Shares depend on a base that articles rarely name (a poll's sample, "of the vote" in one state), so two
# different percentages are never set against each other: their series is shown, with no flag.
NEVER_FLAGGED = ("percent", "percentage points")
SCALE_WORDS = re.compile(r"\b(thousand|million|billion|trillion|bn|mn|m|k|tn)\b", re.I)
DECIMALS = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.([0-9]+))?")
PLUS_MINUS = re.compile(r"(?:±|\+/-)\s*([0-9][0-9,]*(?:\.[0-9]+)?)")


def bounds(fig: Figure) -> tuple[float, float]:
    """The values a figure allows, as a closed interval ("6.3 ± 0.7" is 5.6 to 7.0)."""
    v = fig.value if fig.value is not None else math.nan
    q = fig.qualifier
    error = PLUS_MINUS.search(fig.text)
    err = float(error.group(1).replace(",", "")) if error else 0.0
    if q in ("at_least", "more_than"):
        return v - err, math.inf
    if q in ("at_most", "less_than"):
        return -math.inf, v + err
    if err:
        return v - err, v + err
    if q == "range" and fig.value_max is not None:
        return v, fig.value_max
    if q == "up_to":
        return v * (1 - APPROXIMATE), v  # "as many as 32" gives 32 as the high count, not anything below it
    if q == "approximate":
        return v * (1 - APPROXIMATE), v * (1 + APPROXIMATE)
    slack = rounding(fig)
    return v - slack, v + slack


def rounding(fig: Figure) -> float:
    """Half a unit of the last digit a rounded number gives: "1.6 million" is 1.55 to 1.65 million, "52 thousand"
    51,500 to 52,500; a number written in full is exact."""
    scale = SCALE_WORDS.search(fig.text)
    if fig.value is None or scale is None:
        return 0.0
    digits = DECIMALS.search(fig.text)
    places = len(digits.group(1) or "") if digits else 0
    size = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}[scale.group(1).lower()]
    if abs(fig.value) < size:
        return 0.0  # "75 m" is metres, not millions
    return 0.5 * size / 10 ** places


def disagree(a: Figure, b: Figure) -> bool:
    """Whether the two figures cannot both be true."""
    lo_a, hi_a = bounds(a)
    lo_b, hi_b = bounds(b)
    if any(math.isnan(x) for x in (lo_a, hi_a, lo_b, hi_b)):
        return False
    return hi_a < lo_b or hi_b < lo_a


@dataclass(eq=False)
class Point:
    """A quantity at one date: the figures that give it then, and whether their sources differ."""

    when: str
    period: Period | None
    refs: list[FigureRef]
    conflicting: list[FigureRef] = field(default_factory=list)
    # Before the story's news: history its articles recall ("more than 6,000 died in 2013"), not its series.
    background: bool = False

    @property
    def differ(self) -> bool:
        return bool(self.conflicting)

    def disputed(self, ref: FigureRef) -> bool:
        return any(r is ref for r in self.conflicting)

    @property
    def disagreeing_first(self) -> list[FigureRef]:
        """The figures as a page lists them: those another source contradicts first, then the rest in order."""
        return self.conflicting + [r for r in self.refs if not self.disputed(r)]

    @property
    def values(self) -> list[FigureRef]:
        """One figure per distinct reading, in the order first given."""
        seen: dict[tuple[Any, ...], FigureRef] = {}
        for ref in self.refs:
            f = ref.figure
            seen.setdefault((f.value, f.value_max, f.qualifier), ref)
        return list(seen.values())


@dataclass(eq=False)
class Quantity:
    """One thing counted in one story, with its figures placed in time."""

    key: str
    scope: str | None
    label: str
    slug: str
    story: Any = field(repr=False)  # the Story, set by analyse()
    refs: list[FigureRef] = field(default_factory=list, repr=False)
    points: list[Point] = field(default_factory=list, repr=False)

    @property
    def dimension(self) -> str:
        return self.key.partition("|")[0]

    @property
    def differ(self) -> bool:
        return any(p.differ for p in self.points)

    @property
    def comparable(self) -> bool:
        """Whether different values of this quantity from different sources contradict each other.

        A toll of an event ("killed", "hospitalised", "marched") or an amount, measure or magnitude of a named
        thing is one fact at one date. A bare count of a noun ("two sons", "four states", "one lever") counts
        whatever set the sentence has in mind, and a forecast or a part ("two of her sons") may rightly differ:
        those form series but never a "sources differ" flag."""
        dim, _, words = self.key.partition("|")
        parts = set(words.split())
        if dim in NEVER_FLAGGED or "projected" in parts or "part" in parts:
            return False
        if dim.partition(" per ")[0] == "count":
            return bool(parts & EVENTS)
        return bool(parts) or dim == "magnitude"

    @property
    def news(self) -> list[Point]:
        """The points inside the story's news period: the series a briefing shows."""
        return [p for p in self.points if not p.background]

    @property
    def recurring(self) -> bool:
        """Given more than once (at several dates, or by several figures at one)."""
        return len(self.refs) > 1


def source_of(ref: FigureRef) -> str:
    """Who gives a figure: the speaker whose claim's words hold it, else the article itself. A figure that is
    only in the sentence of a claim is not the speaker's ("Phivolcs reported the magnitude was 5.5; USGS
    reported 5.8": 5.8 is not Phivolcs's)."""
    ref_claim = ref.claim
    if ref_claim is not None and ref_claim.speaker_slug and ref_claim.claim.start <= ref.figure.start and ref.figure.end <= ref_claim.claim.end:
        return "speaker:" + ref_claim.speaker_slug
    return "article:" + ref.article.slug


def conflicts(refs: list[FigureRef], source: Callable[[FigureRef], str] = source_of) -> list[FigureRef]:
    """The figures of one date that some figure from another source contradicts. Only figures that name the
    same scope are set against each other: one that names none joins its quantity's series, but "37,542
    deaths" with no country is no contradiction of "100,000 deaths in the United States"."""
    out: dict[int, FigureRef] = {}
    for i, a in enumerate(refs):
        for b in refs[i + 1:]:
            if source(a) != source(b) and a.figure.scope == b.figure.scope and disagree(a.figure, b.figure):
                out[id(a)] = a
                out[id(b)] = b
    return [r for r in refs if id(r) in out]


def build(story_key: str, refs: Iterable[FigureRef], slug_for: Callable[[str], str]) -> list[Quantity]:
    """The quantities of one story from its figures that have a quantity key and a date to place them at.

    A figure with no scope joins the one scope its key has in the story ("deaths" beside "deaths in Samoa"),
    since an article names the place once and counts in it after that."""
    by_key: dict[str, list[FigureRef]] = defaultdict(list)
    for ref in refs:
        if ref.figure.quantity and ref.when:
            by_key[ref.figure.quantity].append(ref)
    out: list[Quantity] = []
    for key, members in by_key.items():
        scopes = {r.figure.scope for r in members if r.figure.scope}
        groups: dict[str | None, list[FigureRef]] = defaultdict(list)
        for r in members:
            groups[r.figure.scope or (next(iter(scopes)) if len(scopes) == 1 else None)].append(r)
        for scope, group in groups.items():
            label = _label(group)
            q = Quantity(key, scope, label, slug_for(f"{story_key} {label} {scope or ''}"), None, group)
            q.points = _points(q)
            out.append(q)
    return sorted(out, key=lambda q: (-len(q.refs), q.label))


def _label(refs: list[FigureRef]) -> str:
    """What the quantity counts, as the articles say it most often."""
    counts: dict[str, int] = defaultdict(int)
    for r in refs:
        counts[r.figure.counted or r.figure.quantity or ""] += 1
    return max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]


def _points(q: Quantity) -> list[Point]:
    by_when: dict[str, list[FigureRef]] = defaultdict(list)
    for r in q.refs:
        by_when[r.when or ""].append(r)
    points = []
    for when, refs in by_when.items():
        refs.sort(key=lambda r: (r.article.date or dt.date.min, r.figure.start))
        point = Point(when, parse_period(when), refs)
        if q.comparable:
            point.conflicting = conflicts(refs)
        points.append(point)
    return sorted(points, key=lambda p: (p.period.start, p.period.end) if p.period else (dt.date.min, dt.date.min))
