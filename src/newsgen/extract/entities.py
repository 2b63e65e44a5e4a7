"""Corrections of the small model's entity mistakes that would put the wrong speaker on a claim.

`en_core_web_sm` tags capitals as people ("Kyiv"), cuts hyphenated given names ("Park Sun" of
"Park Sun-won") and lets a possessive or a determiner into a name. Speaker resolution reads the
corrected spans returned here; the Doc itself is never modified.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .cues import ORG_FINAL_WORDS, PLACES

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
    taken = 0
    for ent in doc.ents:
        if ent.start < taken:
            continue
        start, end = _extend_hyphenated(doc, ent.start, ent.end)
        if ent.label_ in {"ORG", "LAW", "WORK_OF_ART"}:
            end = extend_name(doc, end)
        start, end = _trim(doc, start, end)
        if start >= end:
            continue
        taken = end
        for piece in _split_glued_person(doc, start, end, ent.label_):
            span = doc[piece[0] : piece[1]]
            out.append(Entity(piece[0], piece[1], _relabel(span, piece[2]), span.text))
    return out


def extend_name(doc: Doc, end: int) -> int:
    """ "Progressive Party" + "of Working People"; "Republic Act No" + ". 3846"."""
    if end + 1 < len(doc) and doc[end - 1].text in {"No", "no"} and doc[end].text == "." and doc[end + 1].like_num:
        return end + 2
    if end + 1 < len(doc) and doc[end].text in {"No.", "no."} and doc[end + 1].like_num:
        return end + 2
    if end < len(doc) and doc[end].lower_ == "of":
        stop = end + 1
        while stop < len(doc) and doc[stop].is_title and doc[stop].pos_ == "PROPN" and not doc[stop].ent_type_ in {"GPE", "PERSON"}:
            stop += 1
        if stop - end >= 2:
            return stop
    return end


def _split_glued_person(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """ "the United Nations Nikki Haley" -> ORG "United Nations" + PERSON "Nikki Haley"."""
    if label != "ORG" or end - start < 3:
        return [(start, end, label)]
    for i in range(end - 3, start - 1, -1):
        if doc[i].lower_ in ORG_FINAL_WORDS and 2 <= end - i - 1 <= 3 and all(t.is_title and t.pos_ == "PROPN" for t in doc[i + 1 : end]):
            return [(start, i + 1, label), (i + 1, end, "PERSON")]
    return [(start, end, label)]


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
