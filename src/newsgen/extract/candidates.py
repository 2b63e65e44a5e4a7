"""What every rule family shares: the candidate claim a rule makes, and a fast token index.

A `Candidate` is a claim before its speaker is resolved; `rule` names the registered rule that
made it and `speaker_rule` the one that last chose its speaker (see `rules.py`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Block
from .cues import DOUBLE_CLOSE, DOUBLE_OPEN, SINGLE_CLOSE, SINGLE_OPEN
from .marks import SENT_END, QuoteSpan
from .speakers import Speaker

@dataclass
class Candidate:
    kind: str
    start: int
    end: int
    cue: Token | None
    subject: Token | None
    quote: QuoteSpan | None = None
    speaker: Speaker | None = None
    text_words: tuple[str, ...] = ()
    limit: int | None = None
    rule: str = ""
    speaker_rule: str | None = None

    @property
    def rules(self) -> str:
        """The claim's `rule`: the rule that made it, then the one that chose its speaker when another did."""
        return f"{self.rule}+{self.speaker_rule}" if self.speaker_rule else self.rule


class TokenIndex:
    """Character offset -> token, in O(log n)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.sent_starts = sorted({s.start for s in doc.sents} | set(_missed_sentence_starts(doc)))

    def sentence(self, i: int) -> Span:
        """The sentence of token `i`; `Token.sent` rescans the whole Doc on every call."""
        k = bisect_right(self.sent_starts, i) - 1
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return self.doc[self.sent_starts[k] : end]

    def at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def range(self, start: int, end: int) -> range:
        """Tokens starting in [start, end)."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))


_CLOSERS = DOUBLE_CLOSE | SINGLE_CLOSE | {")", "]"}


def _missed_sentence_starts(doc: Doc) -> Iterator[int]:
    """ "... who are the victims[.]" She went on to say": the small model does not end a sentence
    at a full stop hidden behind a bracket or a closing quotation mark; a capital after it does."""
    for tok in doc[1:]:
        if not tok.text[:1].isupper() or not doc[tok.i - 1].whitespace_:
            continue
        j, closers = tok.i - 1, 0
        while j > 0 and doc[j].text in _CLOSERS and closers < 3:
            j, closers = j - 1, closers + 1
        if closers and doc[j].text in SENT_END and doc[j - 1].text not in DOUBLE_OPEN | SINGLE_OPEN:
            yield tok.i


def tokens_outside(index: TokenIndex, paragraphs: Sequence[Block]) -> set[int]:
    """Token ids inside paragraph blocks (headings and datelines never speak)."""
    ids: set[int] = set()
    for block in paragraphs:
        ids.update(index.range(block.start, block.end))
    return ids


def quoted_tokens(index: TokenIndex, quotes: Sequence[QuoteSpan]) -> set[int]:
    ids: set[int] = set()
    for q in quotes:
        ids.update(index.range(q.open, q.close + 1))
    return ids
