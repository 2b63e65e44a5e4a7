"""Corrections of the small model's entity mistakes that would put the wrong speaker on a claim.

`en_core_web_sm` tags capitals as people ("Kyiv"), cuts hyphenated given names ("Park Sun" of
"Park Sun-won") and lets a possessive or a determiner into a name. Speaker resolution reads the
corrected spans returned here; the Doc itself is never modified.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .cues import PLACES

_POSSESSIVE = ("'s", "’s", "'", "’")
_DETERMINERS = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Entity:
    """A corrected named entity: token range and label, with the text to show as a name."""

    start: int
    end: int
    label: str
    text: str


def corrected_entities(doc: Doc) -> list[Entity]:
    """Entities after the fixes; ordered by position like `doc.ents`."""
    out: list[Entity] = []
    for ent in doc.ents:
        start, end = _extend_hyphenated(doc, ent.start, ent.end)
        start, end = _trim(doc, start, end)
        if start >= end:
            continue
        span = doc[start:end]
        label = _relabel(span, ent.label_)
        out.append(Entity(start, end, label, span.text))
    return out


def _extend_hyphenated(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Grow a name over "-word" pieces the tokenizer split off ("Sun" "-" "won")."""
    while end + 1 < len(doc) and doc[end].text in {"-", "‐"} and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    return start, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _relabel(span: Span, label: str) -> str:
    if span.text.lower() in PLACES and label in {"PERSON", "ORG", "NORP"}:
        return "GPE"
    return label


def entity_index(entities: list[Entity]) -> dict[int, Entity]:
    """Token index -> the entity covering it, for O(1) look-ups while walking the parse."""
    index: dict[int, Entity] = {}
    for ent in entities:
        for i in range(ent.start, ent.end):
            index[i] = ent
    return index
