"""Quotation marks: where quotations are, which paragraphs are captions, and which quoted words
are names or titles rather than anyone's claim.

Quotations are found on the characters, not the parse: the small model splits quotation marks
unreliably, and a quote's extent must not depend on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block
from .cues import CAPTION_CREDITS, DOUBLE_CLOSE, DOUBLE_OPEN, NAME_FUNCTION_WORDS, SINGLE_CLOSE, SINGLE_OPEN

SENT_END = frozenset(".!?")
# Quoted fragments this short are names, titles or scare quotes unless something tags them.
SCARE_WORDS = 3
_TRAIL_STRIP = " \t\n,;:—–-"


@dataclass(frozen=True)
class QuoteSpan:
    """Quotation marks at `open` and `close` (close is the paragraph end when unbalanced)."""

    open: int
    close: int
    closed: bool
    para: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def find_quotes(body: str, start: int, end: int, para: int) -> list[QuoteSpan]:
    """Top-level quotations in one paragraph; nested ones stay inside their outer quote."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    depth = 0
    single_at: int | None = None
    for i in range(start, end):
        ch = body[i]
        prev = body[i - 1] if i > start else " "
        nxt = body[i + 1] if i + 1 < end else " "
        if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE:
            if _opens(ch, prev, nxt):
                if open_at is None:
                    open_at, single_at = i, None
                elif _last_visible(body, start, i) in SENT_END:
                    spans.append(QuoteSpan(open_at, _rstrip_to(body, open_at, i), False, para))
                    open_at, depth = i, 0
                else:
                    depth += 1
            elif open_at is not None:
                if depth:
                    depth -= 1
                else:
                    spans.append(QuoteSpan(open_at, i, True, para))
                    open_at = None
        elif open_at is None and ch in SINGLE_OPEN | SINGLE_CLOSE:
            if single_at is None and ch in SINGLE_OPEN and not prev.isalnum() and nxt.isalnum():
                single_at = i
            elif single_at is not None and ch in SINGLE_CLOSE and not prev.isspace() and not nxt.isalnum() and i - single_at > 2:
                spans.append(QuoteSpan(single_at, i, True, para))
                single_at = None
    if open_at is not None:
        spans.append(QuoteSpan(open_at, _rstrip_to(body, open_at, end), False, para))
    return spans


def _opens(ch: str, prev: str, nxt: str) -> bool:
    """Curly marks can be mis-typed, so context decides: a mark before a word and after a space opens."""
    after_space = prev.isspace() or prev in "([{—–-:" or prev in DOUBLE_OPEN | SINGLE_OPEN
    before_word = not nxt.isspace() and nxt not in ",.;:!?)"
    if ch in "“„«‟":
        return not (not after_space and not before_word)
    if ch in "”»":
        return after_space and before_word and not prev.isalnum()
    return after_space and before_word


def _last_visible(body: str, start: int, i: int) -> str:
    j = i - 1
    while j >= start and body[j].isspace():
        j -= 1
    return body[j] if j >= start else ""


def _rstrip_to(body: str, open_at: int, end: int) -> int:
    while end > open_at + 1 and body[end - 1].isspace():
        end -= 1
    return end


def is_caption(body: str, block: Block) -> bool:
    """A paragraph whose last sentence is a photo credit ("Image: Thomas Davies (flickr).") is a
    caption: it describes a picture, and the signs and slogans it quotes are nobody's claims."""
    text = body[block.start : block.end].rstrip()
    lower = text.lower()
    for label in CAPTION_CREDITS:
        at = lower.rfind(label)
        if at < 0 or (at and lower[at - 1 : at] not in {" ", "\n"}):
            continue
        before = text[:at].rstrip()
        if (not before or before[-1] in SENT_END or before[-1] in DOUBLE_CLOSE | SINGLE_CLOSE) and len(text[at:].split()) <= 10:
            return True
    return False


def quote_content(body: str, q: QuoteSpan) -> tuple[int, int]:
    start, end = q.inner
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1] in _TRAIL_STRIP:
        end -= 1
    return start, end


def is_name(text: str) -> bool:
    """ "Learning Together", "Radio Control Law", "2019-nCoV.": titles and names in quotes are not
    claims. A full stop after a short name is American punctuation, not the end of a sentence."""
    words = text.split()
    if words and len(words) <= SCARE_WORDS and text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
        words = text.split()
    if not words or len(words) > 8 or text[-1:] in SENT_END:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in NAME_FUNCTION_WORDS for w in words) and words[0][:1].isupper()


def after_name_preposition(body: str, q: QuoteSpan, start: int) -> bool:
    """ "Anna Franowska of “Have no fear”": a capitalised quote after "of" names an organisation or a work."""
    before = body[max(0, q.open - 4) : q.open].lower()
    return before.endswith(" of ") and body[start : start + 1].isupper()


def titled_by(body: str, q: QuoteSpan, start: int) -> bool:
    """ "“Storm closes the coast road,” by the Herald's Ann Lee: ...": a capitalised quotation with
    its comma inside the marks, followed by "by" and a name, is the headline of someone's piece."""
    if not q.closed or not body[start : start + 1].isupper() or body[q.open : q.close].rstrip()[-1:] != ",":
        return False
    after = body[q.close + 1 : q.close + 16].lstrip()
    return re.match(r"by (?:the )?[A-Z]", after) is not None


def possessed_title(body: str, q: QuoteSpan, start: int, end: int) -> bool:
    """ "ABC's “Good Morning America”", "the author's ''The Long Road: A Memoir''": capitalised words
    in quotes right after a possessive are the title of a programme, a book or a song."""
    before = body[max(0, q.open - 4) : q.open].rstrip()
    if not before.endswith(("'s", "’s", "s'", "s’")):
        return False
    words = body[start:end].replace(":", " ").replace(",", " ").split()
    if not words or len(words) > 14 or body[end - 1 : end] in SENT_END:
        return False
    return words[0][:1].isupper() and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in NAME_FUNCTION_WORDS for w in words)


def quote_kind(body: str, q: QuoteSpan, start: int, end: int, block: Block) -> str:
    """A quote is direct when it reads as a clause standing on its own, else a fragment of the writer's sentence."""
    before = body[block.start : q.open].rstrip()
    opens_clause = not before or before[-1] in ".!?:,—–" or before[-1] in DOUBLE_CLOSE
    text = body[start:end]
    capital = text[:1].isupper() or text[:1] == "["
    if opens_clause and capital:
        return "direct"
    if capital and len(text.split()) >= 6 and text.rstrip()[-1:] in SENT_END:
        return "direct"
    return "partial"


def ends_sentence(body: str, q: QuoteSpan, end: int) -> bool:
    """ "...unfold." Sophie Obadia told ...: a full stop inside the marks closes the quote's sentence."""
    return q.closed and body[end : q.close].strip()[-1:] in SENT_END or body[end - 1 : end] in SENT_END
