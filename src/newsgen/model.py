"""Plain records that flow one way through the stages: load -> extract -> analyse -> render.

Offsets (`start`, `end`) are character offsets into `Article.body`, so that `body[start:end]`
is always the record's `text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

BLOCK_KINDS = ("paragraph", "heading", "dateline")
CLAIM_KINDS = ("direct", "partial", "indirect", "according_to")
SPEAKER_TYPES = ("person", "organisation", "place", "group", "unknown")


@dataclass(frozen=True)
class Block:
    """A paragraph-level piece of the body; headings and datelines are never claims or speakers."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Inline:
    """Markdown inline markup kept over `body[start:end]` (link, emphasis, code); `href` is unchecked here."""

    tag: str
    start: int
    end: int
    href: str | None = None


@dataclass
class Article:
    path: str
    source: Path
    slug: str
    title: str
    date: Date | None
    body: str
    blocks: list[Block]
    format: str = "txt"
    author: str | None = None
    url: str | None = None
    licence: str | None = None
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    digest: str = ""
    inline: list[Inline] = field(default_factory=list)

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None


@dataclass
class Claim:
    speaker: str | None
    kind: str
    text: str
    start: int
    end: int
    sentence: str
    cue: str | None = None
    role: str | None = None
    speaker_type: str = "unknown"
    sentence_start: int = 0
    sentence_end: int = 0
    # The registered rule that made the claim (`extract/rules.py`), then "+" and the one that chose
    # its speaker when another did; None in results cached before rules had names.
    rule: str | None = None


@dataclass
class Figure:
    text: str
    value: float | None
    unit: str | None
    start: int
    end: int
    qualifier: str | None = None
    value_max: float | None = None
    claim: int | None = None
    # What the figure counts, read from the parse (`extract/figures.py`): `counted` as the article
    # words it ("Artsakh soldiers killed"), `quantity` the key that figures of one quantity share
    # (the unit's dimension, then the thing's lemmas: "count|artsakh killed troop"), `scope` whose or
    # where the count is ("Samoa", "Donald Trump"); None when the number says nothing identifiable.
    counted: str | None = None
    quantity: str | None = None
    scope: str | None = None
    # Offset of the date word the figure's clause is tied to ("As of September 30, ... 103 deaths"):
    # the time the figure refers to, resolved through the article's dates.
    date_at: int | None = None


@dataclass
class DateRef:
    text: str
    resolved: str | None
    start: int
    end: int


@dataclass
class Extraction:
    claims: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)


@dataclass
class Problem:
    """A user-caused problem, printed compiler-style as `path:line: error: message — hint` so editors can jump to it."""

    path: str
    message: str
    hint: str = ""
    line: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        tail = f" — {self.hint}" if self.hint else ""
        return _printable(f"{where}: {self.severity}: {self.message}{tail}")


def _printable(text: str) -> str:
    """A file name or value from content may hold control characters: shown escaped, so that a problem
    stays one line and cannot send escape sequences to the user's terminal."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
