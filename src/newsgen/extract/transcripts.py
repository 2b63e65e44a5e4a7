"""Interview transcripts: paragraphs that open with the speaker's label ("PENCE: ...", "Q: ...").

A transcript names its speaker once, in capitals or as a short name before a colon, and the rest
of the paragraph is what that speaker said, with no quotation marks. A single labelled paragraph is
more often a headline ("Poll: ...", "Graham: ...") than a transcript, so a label counts only in an
article that has two different speakers labelled that way, or as the "Q:"/"A:" of an interview.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..model import Block
from .candidates import Candidate
from .cues import HONORIFICS, NON_SPEAKER_LABELS
from .rules import fire
from .speakers import ArticleSpeakers, Speaker, full_name, strip_honorifics

# "KATE BOULDUAN: ...", "Sen. Ann Lee: ...", "Q: ...": one to four capitalised words, then a colon.
_LABEL = re.compile(r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}): +(?=\S)")
_INTERVIEW = frozenset({"Q", "A"})


def transcript_candidates(body: str, paragraphs: Sequence[Block], memory: ArticleSpeakers) -> Iterator[Candidate]:
    """One direct claim per labelled paragraph of a transcript, spoken by its label."""
    labelled: list[tuple[Block, str, int]] = []
    for n, block in enumerate(paragraphs):
        m = _LABEL.match(body, block.start, block.end)
        if m is None or n == 0:  # the first paragraph is the headline
            continue
        label = m.group(1)
        if label.lower() in NON_SPEAKER_LABELS or not (label in _INTERVIEW or _speaker_label(label)):
            continue
        labelled.append((block, label, m.end()))
    speakers = {label for _, label, _ in labelled if label not in _INTERVIEW}
    if len(speakers) < 2 and not any(label in _INTERVIEW for _, label, _ in labelled):
        return
    names: dict[str, str] = {}
    for block, label, start in labelled:
        end = block.end
        while end > start and body[end - 1].isspace():
            end -= 1
        if end - start < 2 or (label not in _INTERVIEW and len(speakers) < 2) or not fire("quote.transcript"):
            continue
        speaker = None if label in _INTERVIEW else Speaker(_name(memory, names, label, start), "person")
        yield Candidate("direct", start, end, None, None, speaker=speaker, rule="quote.transcript")


def _speaker_label(label: str) -> bool:
    """A name in capitals ("PENCE", "JAKE TAPPER"), with a title at most ("SEN. LEE")."""
    words = [w for w in label.split() if w.lower() not in HONORIFICS]
    return bool(words) and all(len(w) > 1 and w.isupper() for w in words)


def _name(memory: ArticleSpeakers, names: dict[str, str], label: str, position: int) -> str:
    """ "KATE BOULDUAN" then "BOULDUAN": a surname label is the fullest label or name before it."""
    name = strip_honorifics(label)
    name = " ".join(w.capitalize() if w.isupper() else w for w in name.split())
    last = name.split()[-1].lower()
    if len(name.split()) > 1:
        names[last] = name
    elif last in names:
        name = names[last]
    return full_name(memory, name, _token_at(memory, position))


def _token_at(memory: ArticleSpeakers, char: int) -> int:
    doc = memory.doc
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0
