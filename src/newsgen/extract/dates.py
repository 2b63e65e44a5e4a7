"""Dates: explicit and relative time expressions, resolved against the publication date.

Regular patterns find the expressions (spaCy's DATE spans miss or over-extend too many of them);
the parse is used for what patterns cannot see: whether the governing verb looks ahead ("will meet
on Friday") or back, and whether a year is really a count ("2000 km"). Resolution follows news
convention: a bare weekday or month is the most recent one unless the verb is future, a month-day
without a year is the nearest one consistent with the tense.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Block, DateRef
from .figures import year_is_count
from .numbers import MONTHS, TENS, UNITS, words_value
WEEKDAYS: dict[str, int] = {name: i for i, name in enumerate(calendar.day_name)}
RELATIVE_DAYS: dict[str, int] = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
DAY_PARTS = ("morning", "afternoon", "evening", "night")
# Parts of a month (days) and of a year (months): "late December" is the 21st to the end.
MONTH_PARTS: dict[str, tuple[int, int]] = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "end": (21, 31),
                                           "beginning": (1, 10), "start": (1, 10), "middle": (11, 20)}
YEAR_PARTS: dict[str, tuple[int, int]] = {"early": (1, 3), "mid": (6, 7), "late": (10, 12), "end": (10, 12),
                                          "beginning": (1, 3), "start": (1, 3), "middle": (6, 7)}
YEAR_OFFSETS: dict[str, int] = {"last": -1, "this": 0, "next": 1, "past": -1, "previous": -1, "coming": 1}
# Verbs that make an infinitive below them future ("intends to send ... by December").
FUTURE_GOVERNORS = {"intend", "plan", "expect", "aim", "hope", "want", "schedule", "set", "due", "agree", "promise",
                    "vow", "pledge", "threaten", "prepare", "go", "seek", "decide", "propose", "wish", "need",
                    "be", "likely", "slate", "ready", "able", "forecast", "predict", "project"}
FUTURE_AUX = {"will", "shall", "'ll", "wo", "going"}
# "would" and modals leave the time open ("could catch ... on May 25"): the nearest reading wins.
OPEN_AUX = {"would", "'d", "could", "may", "might", "should", "must", "can", "ca"}
PAST_AUX = {"has", "have", "had", "was", "were", "'ve", "did"}
SCHEDULED = {"schedule", "slate", "set", "due", "expect", "plan", "forecast", "predict", "project"}
# Words that may introduce a bare month; without one, "May" and "March" are too often something else.
MONTH_CUES = {"in", "by", "since", "until", "till", "til", "from", "of", "during", "through", "throughout", "before",
              "after", "between", "and", "to", "or", "on", "that", "late", "early", "mid", "around", "as", "for"}
# News tells past events in the past tense, so a present tense next to a weekday points ahead
# ("the summit opens on Friday", "forecasters predict landfall Saturday"), except for reporting verbs
# in the headline present ("officials say on Monday").
REPORTING_VERBS = {"say", "tell", "report", "announce", "confirm", "state", "claim", "add", "note", "write", "tweet",
                   "reveal", "show", "find", "warn", "accuse", "deny", "insist", "argue", "describe", "call"}
STATIVE_VERBS = {"be", "have", "believe", "think", "know", "remain", "seem", "appear", "hope", "want", "need", "feel"}
# "May" is also a name and a modal: only these make it a month.
STRONG_MONTH_CUES = {"in", "since", "until", "till", "by", "during", "from", "through", "throughout", "before", "after",
                     "early", "late", "mid", "last", "next", "this", "of"}
# Named days that are not the weekday of a news event ("Good Friday", "Super Tuesday").
NAMED_DAYS = {"good", "black", "bloody", "super", "ash", "holy", "palm", "easter", "cyber", "maundy", "giving"}
TIME_ZONES = {"UTC", "GMT", "EDT", "EST", "CET", "CEST", "BST", "PST", "PDT", "CST", "CDT", "IST", "JST", "HRS", "HOURS"}
NAME_CUES = {"flight", "no", "no.", "number", "#", "article", "act", "route"}

# Spelled-out centuries ("the nineteenth century"); digits are matched separately.
CENTURY_WORDS: dict[str, int] = {"twenty-first": 21, "twentieth": 20, "nineteenth": 19, "eighteenth": 18, "seventeenth": 17,
                                 "sixteenth": 16, "fifteenth": 15}
# "the coming week" from the day after publication, as long as the unit.
COMING_SPANS: dict[str, dt.timedelta] = {"week": dt.timedelta(days=7), "month": dt.timedelta(days=30), "year": dt.timedelta(days=365)}

FULL_MONTHS = "|".join(name for name in calendar.month_name if name)
ABBR_MONTHS = "|".join(sorted((k for k in MONTHS if len(k) <= 4 and k != "May"), key=len, reverse=True))
MONTH_RE = rf"(?P<mon>{FULL_MONTHS}|(?:{ABBR_MONTHS})\b\.?)"
MONTH_FULL_RE = rf"(?P<mon>{FULL_MONTHS})"
W = "|".join(WEEKDAYS)
Y = r"(?:1[0-9]{3}|20[0-9]{2})"
DAYNUM = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
PART = r"(?:early|mid|late|Early|Mid|Late)"
REL_YEAR = r"(?P<rel>last|this|next|Last|This|Next) year"

PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<year>{Y})-(?P<mo>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12][0-9]|3[01])\b"),
    ("quarter", rf"\b(?:Q(?P<q>[1-4])|(?:the\s+)?(?P<qw>first|second|third|fourth)\s+quarter\s+of)\s+(?P<year>{Y})\b"),
    ("half_year", rf"\b(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?P<year>{Y})\b"),
    ("season", rf"\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>{Y})\b"),
    ("rel_season", rf"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<season>spring|summer|autumn|winter)\b"),
    ("part_range", rf"\b(?P<p1>{PART})(?:\s*-\s*|\s+)(?:to|or|and)\s+(?P<p2>{PART})(?:\s*-\s*|\s+){MONTH_RE}(?:,?\s+(?P<year>{Y}))?\b"),
    ("md_range", rf"\b{MONTH_RE}\s+(?P<day>{DAYNUM})\s*(?:-|–|to|through|until)\s*(?P<day2>{DAYNUM})(?:(?:,\s*|\s+)(?P<year>{Y})\b|,?\s+(?:of\s+)?{REL_YEAR})?(?![0-9:])"),
    ("wmd", rf"\b(?:(?P<wd>{W}),?\s+)?{MONTH_RE}\s+(?P<day>{DAYNUM})(?:(?:,\s*|\s+)(?P<year>{Y})\b|,?\s+{REL_YEAR})?(?![0-9:])"),
    ("wdm", rf"\b(?:(?P<wd>{W}),?\s+)?(?:the\s+)?(?P<day>{DAYNUM})\s+(?:of\s+)?{MONTH_RE}(?:,?\s+(?P<year>{Y})\b|,?\s+{REL_YEAR})?"),
    ("part_month", rf"\b(?P<p1>{PART}|(?:the\s+)?(?:end|beginning|start|middle)\s+of)(?:\s*-\s*|\s+){MONTH_RE}(?:,?\s+(?P<year>{Y}))?\b"),
    ("part_year", rf"\b(?P<p1>{PART}|(?:the\s+)?(?:end|beginning|start|middle)\s+of)(?:\s*-\s*|\s+)(?P<year>{Y})\b(?!s)"),
    ("month_year", rf"\b{MONTH_RE}(?:\s+of)?,?\s+(?P<year>{Y})\b"),
    ("month_rel", rf"\b{MONTH_RE}(?:\s+of)?\s+{REL_YEAR}"),
    ("rel_month", rf"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his(?:\s+past|\s+coming)?)\s+{MONTH_RE}\b"),
    ("weekday", rf"\b(?P<pre>(?:[Ll]ate|[Ee]arly)\s+(?:on\s+)?|(?:[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast)\s+)?(?P<wd>{W})\b(?:\s+(?P<part>{'|'.join(DAY_PARTS)}))?"),
    ("rel_day", r"\b(?P<rel>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b(?:\s+(?P<part>morning|afternoon|evening|night))?"),
    ("this_part", r"\b(?P<rel>[Tt]his|[Ll]ast)\s+(?P<part>morning|afternoon|evening|night)\b"),
    ("rel_period", r"\b(?:(?:[Ee]arlier|[Ll]ater)\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<unit>week|weekend|month|year)\b"),
    ("ago", rf"\b(?P<n>[0-9]{{1,3}}|a|an|{'|'.join([*UNITS, *TENS])})\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b"),
    ("year_span", rf"(?<![\w$€£])(?P<year>{Y})\s*[-–—]\s*(?P<y2>{Y})\b"),
    ("the_weekend", r"\b(?:[Oo]ver|[Dd]uring|[Aa]t|[Oo]n|[Tt]hrough|[Tt]his\s+past)\s+the\s+weekend\b|\b[Tt]his\s+past\s+weekend\b"),
    ("fiscal", rf"(?<![\w$€£])(?P<year>{Y})(?:\s*/\s*(?P<y2>[0-9]{{2}}|{Y})|[-–](?P<y3>[0-9]{{2}}))\b(?![-–/.,]?[0-9])"),
    ("decade", rf"(?<![\w$€£,.])(?:the\s+)?(?P<year>1[0-9]{{2}}0|20[0-9]0)'?s\b"),
    ("century", rf"\b(?P<n>[12]?[0-9])(?:st|nd|rd|th)[\s-]+[Cc]entury\b|\b(?P<w>(?i:{'|'.join(CENTURY_WORDS)}))[\s-]+[Cc]entury\b"),
    ("coming", r"\b[Tt]he\s+(?:coming|upcoming)\s+(?P<unit>week|month|year)\b"),
    ("year", rf"(?<![\w$€£,./])(?P<year>{Y})\b(?![,.][0-9]|%|/[0-9]|:[0-9]|-[0-9]{{1,3}}\b)"),
    ("month", rf"\b{MONTH_FULL_RE}(?![\w])"),
]
COMPILED = [(name, re.compile(rx)) for name, rx in PATTERNS]
MONTH_DAY = {"wmd", "wdm", "md_range"}


def extract_dates(doc: Doc, published: dt.date | None, blocks: Sequence[Block]) -> list[DateRef]:
    """Dates in article order; datelines are skipped because they carry places, not events."""
    text = doc.text
    taken = bytearray(len(text))  # characters already claimed by a longer pattern, and datelines
    for b in blocks:
        if b.kind == "dateline":
            taken[b.start:b.end] = b"\x01" * (b.end - b.start)
    found: list[tuple[int, int, str, re.Match[str], Token]] = []
    for name, rx in COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if 1 in taken[s:e]:
                continue
            tok = _token_at(doc, s)
            if tok is not None and _accept(name, m, doc, tok):
                found.append((s, e, name, m, tok))
                taken[s:e] = b"\x01" * (e - s)
    found.sort(key=lambda f: f[0])
    starts = [b.start for b in blocks]
    out: list[DateRef] = []
    anchor: tuple[int, dt.date] | None = None  # the last full date with a year: (block, date)
    for s, e, name, m, tok in found:
        block = bisect.bisect_right(starts, s) - 1
        resolved = _resolve(name, m, tok, published)
        groups = m.groupdict()
        if name in MONTH_DAY and not groups.get("year") and not groups.get("rel") and anchor and anchor[0] == block:
            resolved = _near_anchor(name, m, anchor[1]) or resolved
        if name in MONTH_DAY and groups.get("year") and resolved:
            anchor = (block, dt.date.fromisoformat(resolved[:10]))
        out.append(DateRef(text=text[s:e], resolved=resolved, start=s, end=e))
    return out


def _near_anchor(name: str, m: re.Match[str], anchor: dt.date) -> str | None:
    """A month-day without a year after "November 15, 2017" in the same paragraph is the one nearest it."""
    mon, day = MONTHS[m.group("mon").rstrip(".")], _int(m.group("day"))
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cands.append(dt.date(y, mon, day or 0))
        except ValueError:
            continue
    if not cands:
        return None
    best = min(cands, key=lambda d: abs((d - anchor).days))
    if name == "md_range":
        try:
            return f"{_ymd(best)}/{_ymd(best.replace(day=_int(m.group('day2')) or 0))}"
        except ValueError:
            return None
    return _ymd(best)


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _prev_word(doc: Doc, tok: Token) -> Token | None:
    return doc[tok.i - 1] if tok.i > 0 else None


@dataclass
class Match:
    """A pattern match with the tokens around it, for the acceptance rules."""

    m: re.Match[str]
    doc: Doc
    tok: Token
    prev: Token | None
    nxt: Token | None


def _accept(name: str, m: re.Match[str], doc: Doc, tok: Token) -> bool:
    """Drop matches that look like dates but are names, counts or generic days."""
    end_tok = _token_at(doc, m.end() - 1)
    nxt = doc[end_tok.i + 1] if end_tok is not None and end_tok.i + 1 < len(doc) else None
    rule = ACCEPT.get(name)
    return rule is None or rule(Match(m, doc, tok, _prev_word(doc, tok), nxt))


def _ok_year(c: Match) -> bool:
    """Not "1130 UTC", "1010 ± 195", "Flight 2019" or a count ("2000 km")."""
    if c.nxt is not None and (c.nxt.text.upper() in TIME_ZONES or c.nxt.text in ("±", "+/-")):
        return False
    if int(c.m.group("year")) < 1500 and (c.prev is None or c.prev.lower_ not in ("in", "since", "until", "by", "from", "year")):
        return False
    if c.prev is not None and c.prev.lower_ in NAME_CUES:
        return False
    return c.tok.text != c.m.group("year") or not year_is_count(c.doc, c.tok.i)


def _ok_weekday(c: Match) -> bool:
    """Not "Sundays", "the Sunday trade ban", "every Sunday", "Super Tuesday", "the Sunday Times"."""
    wd = _weekday_token(c.m, c.tok)
    before = _prev_word(c.doc, wd)
    after = c.doc[wd.i + 1] if wd.i + 1 < len(c.doc) else None
    if c.m.group("pre") is None and before is not None:
        # "allows Sunday opening hours" is generic; "his Tuesday talk" is one day
        if after is not None and after.pos_ == "NOUN" and after.lower_ not in DAY_PARTS and after.text.islower() \
                and before.tag_ not in ("PRP$", "POS") and before.lower_ not in ("on", "last", "next", "this"):
            return False
        if before.lower_ in ("every", "each", "any") or before.lower_ in NAMED_DAYS:
            return False
    return not (wd.text.endswith("s") or (wd.ent_type_ and wd.ent_type_ not in ("DATE", "TIME")))


def _ok_month(c: Match) -> bool:
    """A bare month needs a word that introduces it ("in June") or must modify a noun ("the November
    border demarcation"); "the March on Washington", "Theresa May" and the modal "may" are not months."""
    prev, nxt = c.prev, c.nxt
    modifier = prev is not None and prev.lower_ == "the" and nxt is not None and nxt.pos_ == "NOUN" and nxt.text.islower()
    if prev is None or (prev.lower_ not in MONTH_CUES and not modifier):
        return False
    if c.m.group("mon") == "May" and prev.lower_ not in STRONG_MONTH_CUES:
        return False
    return c.tok.ent_type_ != "PERSON"


def _ok_rel_period(c: Match) -> bool:
    """"over the last year" is a span, "the next year" is relative to another event."""
    first = _token_at(c.doc, c.m.start("rel"))
    before = _prev_word(c.doc, first) if first is not None else None
    rel = c.m.group("rel").lower()
    if before is None:
        return True
    return not ((before.lower_ in ("the", "of", "for", "over") and rel == "last") or (before.lower_ == "the" and rel == "next"))


def _ok_fiscal(c: Match) -> bool:
    return _r_fiscal(c.m, c.tok, None) is not None


def _ok_named_date(c: Match) -> bool:
    return c.prev is None or c.prev.lower_ not in NAME_CUES


def _aux(v: Token) -> set[str]:
    return {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}


def _governing_verb(tok: Token) -> Token | None:
    v = tok
    for _ in range(5):
        if v.pos_ in ("VERB", "AUX") or v.head is v:
            break
        v = v.head
    return v if v.pos_ in ("VERB", "AUX") else None


def _tense(tok: Token) -> str | None:
    """How the verb governing a date word places it: "future" (ahead of publication), "past", "present"
    (a present tense), "open" (either side: "would", modals, a past plan); None without a verb."""
    v = _governing_verb(tok)
    if v is None:
        return None
    aux = _aux(v)
    if aux & {"have", "'ve"} and aux & (FUTURE_AUX | OPEN_AUX):
        return "open"  # "would have turned 80 on February 20", "could have happened on Monday"
    if aux & FUTURE_AUX:
        return "future"
    if aux & {"would", "'d"} and not (v.dep_ == "ccomp" and v.head.tag_ in ("VBD", "VBN")):
        return "future"  # "legislation that would fund the government through September"
    if aux & OPEN_AUX:
        return "open"  # "said it would meet on Monday": ahead of the saying, not always of publication
    if "to" in aux and v.dep_ == "acl":
        return "future"  # "the election to be held on August 9"
    if v.tag_ == "VB" and "to" in aux and v.dep_ in ("xcomp", "advcl", "ccomp", "relcl", "conj"):
        gov = v.head
        lemma = gov.lemma_.lower()
        if lemma in FUTURE_GOVERNORS:
            gov_aux = _aux(gov)
            if (gov.tag_ == "VBD" or (gov.tag_ == "VBN" and gov_aux & PAST_AUX)) and not gov_aux & FUTURE_AUX:
                # "was expected to end on December 15" looked ahead from a past day; "wanted to leave in May" is past
                return "open" if lemma in SCHEDULED | {"agree"} else "past"
            return "future"  # "intends to send ... by December"
    if v.tag_ == "VBN" and v.lemma_.lower() in SCHEDULED:
        return "open" if aux & PAST_AUX else "future"  # "scheduled for July 11"
    if v.tag_ == "VBD" or (v.tag_ == "VBN" and (not aux or aux & PAST_AUX)) or aux & PAST_AUX:
        return "past"
    if v.tag_ in ("VBZ", "VBP", "VBG", "VBN"):
        return "present"
    return None


def _ymd(d: dt.date) -> str:
    return d.isoformat()


def _month_str(y: int, mo: int) -> str:
    return f"{y:04d}-{mo:02d}"


def _last_day(y: int, mo: int) -> int:
    return calendar.monthrange(y, mo)[1]


def _pick(candidates: list[tuple[dt.date, dt.date]], pub: dt.date, tense: str | None,
          untensed: str = "past") -> tuple[dt.date, dt.date]:
    """Of several placings of a yearless date, the one the tense allows, nearest to publication: news
    reports the past, so without a tense it is the most recent one; a present tense ("expires on May 4")
    may be either side."""
    if tense == "future":
        ok = [c for c in candidates if c[1] >= pub]
    elif tense in ("present", "open") or (tense is None and untensed == "nearest"):
        ok = candidates
    else:
        ok = [c for c in candidates if c[0] <= pub]
    ok = ok or candidates

    def dist(c: tuple[dt.date, dt.date]) -> tuple[int, int]:
        if c[0] <= pub <= c[1]:
            return (0, 0)
        d = (c[0] - pub).days if c[0] > pub else (pub - c[1]).days
        return (d, 1 if c[0] > pub else 0)  # ties go to the past

    return min(ok, key=dist)


def _month_of(mon: int, year: int | None, pub: dt.date | None, tense: str | None) -> int | None:
    if year is not None:
        return year
    if pub is None:
        return None
    cands = [(dt.date(y, mon, 1), dt.date(y, mon, _last_day(y, mon))) for y in (pub.year - 1, pub.year, pub.year + 1)]
    return _pick(cands, pub, tense)[0].year


def _week(pub: dt.date, offset: int) -> tuple[dt.date, dt.date]:
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=offset)
    return monday, monday + dt.timedelta(days=6)


def _int(s: str | None) -> int | None:
    if not s:
        return None
    return int(re.sub(r"\D", "", s))


def _resolve(name: str, m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    try:
        return RESOLVERS[name](m, tok, pub)
    except (ValueError, OverflowError):
        return None


def _rel_year(m: re.Match[str], pub: dt.date | None) -> int | None | bool:
    """Year from "last/this/next year" in the match; False when the match has none."""
    rel = m.groupdict().get("rel")
    if not rel:
        return False
    if pub is None:
        return None
    return pub.year + YEAR_OFFSETS[rel.lower()]


def _r_month_day(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    mon = MONTHS[m.group("mon").rstrip(".")]
    day = _int(m.group("day"))
    assert day is not None
    year = _int(m.group("year"))
    if year is None:
        ry = _rel_year(m, pub)
        if ry is None:
            return None
        if ry is not False:
            year = int(ry)
    if year is not None:
        return _ymd(dt.date(year, mon, day))
    if pub is None:
        return None
    wd = m.groupdict().get("wd")
    cands = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = dt.date(y, mon, day)
        except ValueError:
            continue
        if wd and d.weekday() != WEEKDAYS[wd]:
            continue
        cands.append((d, d))
    if not cands:
        cands = [(dt.date(y, mon, day), dt.date(y, mon, day)) for y in (pub.year - 1, pub.year, pub.year + 1)]
    # a month-day with no verb ("the December 20 signing") is the nearest one
    return _ymd(_pick(cands, pub, _tense(tok), untensed="nearest")[0])


def _r_md_range(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    """"July 13 to 17 of last year": the first day placed like any month-day, the second in its month."""
    first = _r_month_day(m, tok, pub)
    if first is None:
        return None
    start = dt.date.fromisoformat(first)
    day2 = _int(m.group("day2"))
    assert day2 is not None
    if day2 <= start.day:
        return None
    return f"{first}/{_ymd(start.replace(day=day2))}"


def _r_part_month(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    mon = MONTHS[m.group("mon").rstrip(".")]
    year = _month_of(mon, _int(m.group("year")), pub, _tense(tok))
    if year is None:
        return None
    p1 = _part_key(m.group("p1"))
    p2 = _part_key(m.groupdict().get("p2") or m.group("p1"))
    last = _last_day(year, mon)
    a = MONTH_PARTS[p1][0]
    b = min(MONTH_PARTS[p2][1], last)
    return f"{_ymd(dt.date(year, mon, a))}/{_ymd(dt.date(year, mon, b))}"


def _part_key(s: str) -> str:
    return s.lower().replace("the", "").replace("of", "").strip()


def _r_part_year(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    year = int(m.group("year"))
    a, b = YEAR_PARTS[_part_key(m.group("p1"))]
    return f"{_month_str(year, a)}/{_month_str(year, b)}"


def _r_month_year(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    return _month_str(int(m.group("year")), MONTHS[m.group("mon").rstrip(".")])


def _r_month_rel(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    ry = _rel_year(m, pub)
    return _month_str(int(ry), MONTHS[m.group("mon").rstrip(".")]) if ry else None


def _r_rel_month(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    mon = MONTHS[m.group("mon").rstrip(".")]
    rel = {"this past": "last", "this coming": "next"}.get(" ".join(m.group("rel").lower().split()), m.group("rel").lower())
    if rel == "this":
        return _month_str(pub.year, mon)
    if rel == "last":
        return _month_str(pub.year if mon < pub.month else pub.year - 1, mon)
    return _month_str(pub.year if mon > pub.month else pub.year + 1, mon)


def _r_weekday(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    wd = WEEKDAYS[m.group("wd")]
    pre = (m.group("pre") or "").strip().lower().split()
    rel = pre[0] if pre else ""
    if rel in ("last", "past"):
        return _ymd(_week(pub, -1)[0] + dt.timedelta(days=wd))
    if rel == "next":
        return _ymd(_week(pub, 1)[0] + dt.timedelta(days=wd))
    if rel == "this":
        return _ymd(_week(pub, 0)[0] + dt.timedelta(days=wd))
    wtok = _weekday_token(m, tok)
    tense = _tense(wtok)
    ahead = pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    back = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
    if tense == "future" or _scheduled_present(wtok):
        return _ymd(ahead)
    if tense == "open":
        return _ymd(ahead if (ahead - pub) < (pub - back) else back)
    return _ymd(back)


def _scheduled_present(tok: Token) -> bool:
    """"The summit opens on Friday": a present-tense verb that is not a reporting verb points ahead."""
    v = _governing_verb(tok)
    if v is None or v.tag_ not in ("VBZ", "VBP") or v.pos_ == "AUX" or _aux(v) & PAST_AUX:
        return False  # "As of Sunday evening, all four are in stable condition"
    root = v.sent.root
    if root.tag_ == "VBD" or (root is not v and root.lemma_.lower() in REPORTING_VERBS):
        return False  # "Police said on Monday they believe ..."
    return v.lemma_.lower() not in REPORTING_VERBS | STATIVE_VERBS


def _weekday_token(m: re.Match[str], tok: Token) -> Token:
    """The weekday token itself (the match may start at "late" or "last")."""
    doc = tok.doc
    off = m.start("wd")
    span = doc.char_span(off, off + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else tok


def _r_rel_day(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    return _ymd(pub + dt.timedelta(days=RELATIVE_DAYS[m.group("rel").lower()]))


def _r_this_part(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    back = 1 if m.group("rel").lower() == "last" else 0
    return _ymd(pub - dt.timedelta(days=back))


def _r_rel_period(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    off = YEAR_OFFSETS[m.group("rel").lower()]
    unit = m.group("unit")
    if unit == "year":
        return f"{pub.year + off:04d}"
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 + off, 12)
        return _month_str(y, mo + 1)
    a, b = _week(pub, off)
    if unit == "weekend":
        a = a + dt.timedelta(days=5)
        if off == 0 and a > pub and _tense(tok) == "past":
            a, b = a - dt.timedelta(weeks=1), b - dt.timedelta(weeks=1)  # "formed ... this weekend", told on a Tuesday
    return f"{_ymd(a)}/{_ymd(b)}"


def _r_ago(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    raw = m.group("n").lower()
    n = 1 if raw in ("a", "an") else int(words_value(raw) or 0)
    unit = m.group("unit").rstrip("s")
    if unit == "day":
        return _ymd(pub - dt.timedelta(days=n))
    if unit == "week":
        return _ymd(pub - dt.timedelta(weeks=n))
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
        return _month_str(y, mo + 1)
    return f"{pub.year - n:04d}"


def _r_year_span(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    y1, y2 = int(m.group("year")), int(m.group("y2"))
    return f"{y1:04d}/{y2:04d}" if y1 < y2 else None


def _r_the_weekend(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    """"over the weekend": the latest Saturday-Sunday up to publication, or the next one in the future tense."""
    if pub is None:
        return None
    saturday = _week(pub, 0)[0] + dt.timedelta(days=5)
    if saturday > pub and ("past" in m.group(0) or _tense(tok) != "future"):
        saturday -= dt.timedelta(weeks=1)
    return f"{_ymd(saturday)}/{_ymd(saturday + dt.timedelta(days=1))}"


def _r_fiscal(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    y1 = int(m.group("year"))
    raw = m.group("y2") or m.group("y3")
    y2 = int(raw) if len(raw) == 4 else (y1 // 100) * 100 + int(raw)
    if y2 != y1 + 1:
        return None
    return f"{y1:04d}/{y2:04d}"


def _r_decade(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    y = int(m.group("year"))
    if y % 10:
        return None
    return f"{y:04d}/{y + 9:04d}"


def _r_century(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    n = int(m.group("n")) if m.group("n") else CENTURY_WORDS[m.group("w").lower()]
    return f"{(n - 1) * 100 + 1:04d}/{n * 100:04d}" if n else None


def _r_coming(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    """Ahead of publication for the unit's length: the words of a story looking forward, not a calendar week."""
    if pub is None:
        return None
    first = pub + dt.timedelta(days=1)
    return f"{_ymd(first)}/{_ymd(pub + COMING_SPANS[m.group('unit')])}"


def _r_year(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    return m.group("year")


def _r_month(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    """A bare month follows the tense, but "for October" names a purpose or a period, either side: the nearest."""
    mon = MONTHS[m.group("mon").rstrip(".")]
    before = _prev_word(tok.doc, tok)
    year = _month_of(mon, None, pub, "open" if before is not None and before.lower_ == "for" else _tense(tok))
    return _month_str(year, mon) if year is not None else None


def _r_iso(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    return _ymd(dt.date(int(m.group("year")), int(m.group("mo")), int(m.group("day"))))


QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# Northern-hemisphere meteorological seasons as month ranges; winter runs into the next year.
SEASONS: dict[str, tuple[int, int]] = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14)}


def _month_range(year: int, a: int, b: int) -> str:
    y2, m2 = divmod(year * 12 + b - 1, 12)
    return f"{_month_str(year, a)}/{_month_str(y2, m2 + 1)}"


def _r_quarter(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    q = int(m.group("q")) if m.group("q") else QUARTER_WORDS[m.group("qw").lower()]
    return _month_range(int(m.group("year")), 3 * q - 2, 3 * q)


def _r_half_year(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    a = 1 if m.group("h").lower() == "first" else 7
    return _month_range(int(m.group("year")), a, a + 5)


def _r_season(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    a, b = SEASONS[m.group("season").lower()]
    return _month_range(int(m.group("year")), a, b)


def _r_rel_season(m: re.Match[str], tok: Token, pub: dt.date | None) -> str | None:
    """"last winter" is the latest one over before publication, "next summer" the first one not yet begun."""
    if pub is None:
        return None
    a, b = SEASONS[m.group("season").lower()]
    rel = m.group("rel").lower()

    def bounds(year: int) -> tuple[dt.date, dt.date]:
        y2, m2 = divmod(year * 12 + b - 1, 12)
        return dt.date(year, a, 1), dt.date(y2, m2 + 1, _last_day(y2, m2 + 1))

    years = range(pub.year - 2, pub.year + 2)
    if rel == "last":
        year = max(y for y in years if bounds(y)[1] < pub)
    elif rel == "next":
        year = min(y for y in years if bounds(y)[0] > pub)
    else:
        year = min(y for y in years if bounds(y)[1] >= pub)
    return _month_range(year, a, b)


ACCEPT: dict[str, Callable[[Match], bool]] = {
    "year_span": lambda c: _r_year_span(c.m, c.tok, None) is not None,
    "year": _ok_year, "weekday": _ok_weekday, "month": _ok_month, "rel_period": _ok_rel_period, "fiscal": _ok_fiscal,
    "wmd": _ok_named_date, "month_year": _ok_named_date,
}

RESOLVERS: dict[str, Callable[[re.Match[str], Token, dt.date | None], str | None]] = {
    "year_span": _r_year_span, "the_weekend": _r_the_weekend,
    "part_range": _r_part_month, "md_range": _r_md_range, "wmd": _r_month_day, "wdm": _r_month_day, "part_month": _r_part_month,
    "part_year": _r_part_year, "month_year": _r_month_year, "month_rel": _r_month_rel, "rel_month": _r_rel_month,
    "weekday": _r_weekday, "rel_day": _r_rel_day, "this_part": _r_this_part, "rel_period": _r_rel_period,
    "ago": _r_ago, "iso": _r_iso, "quarter": _r_quarter, "half_year": _r_half_year, "season": _r_season,
    "rel_season": _r_rel_season, "fiscal": _r_fiscal, "decade": _r_decade, "century": _r_century, "coming": _r_coming, "year": _r_year, "month": _r_month,
}
