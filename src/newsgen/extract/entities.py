"""Corrections of the small model's entity mistakes that would put the wrong speaker on a claim.

`en_core_web_sm` tags capitals as people ("Kyiv"), cuts hyphenated given names ("Park Sun" of
"Park Sun-won") and lets a possessive or a determiner into a name. The corrections run once per Doc
in the pipeline's `newsgen_repairs` component (`newsgen/repairs.py`), which stores them in
`doc.spans[SPANS_KEY]`; speaker resolution reads them back through `corrected_entities`. They stay
in this module because they are the extractor's code: a change to them changes its cache key.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .cues import AMBIGUOUS_TITLES, CAPTION_CREDITS, HONORIFICS, NAME_SUFFIXES, ORG_FINAL_WORDS, ORGANISATION_NOUNS, PERSON_ROLE_NOUNS, PLACES

_POSSESSIVE = ("'s", "’s", "'", "’")
_DETERMINERS = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Entity:
    """A corrected named entity: token range and label, with the text to show as a name."""

    start: int
    end: int
    label: str
    text: str


# Where the repairs component keeps the corrected entities (a span group: they may overlap).
SPANS_KEY = "newsgen_entities"


def corrected_entities(doc: Doc) -> list[Entity]:
    """Entities after the fixes; ordered by position like `doc.ents`. Read from the Doc when the
    pipeline ran `newsgen_repairs` (which stores the model's own entities instead when `repairs:
    off`); computed here when it did not, as for a Doc from a bare spaCy pipeline."""
    if SPANS_KEY in doc.spans:
        return [Entity(s.start, s.end, s.label_, s.text) for s in doc.spans[SPANS_KEY]]
    return compute_entities(doc)


def compute_entities(doc: Doc) -> list[Entity]:
    """The corrections themselves, over the model's own `doc.ents` (the Doc is not modified)."""
    out: list[Entity] = []
    taken = 0
    previous_end = -1
    for ent in doc.ents:
        label = _person_after_role(doc, ent, previous_end)
        previous_end = ent.end
        if ent.start < taken:
            continue
        start, end = _extend_hyphenated(doc, ent.start, ent.end)
        if label == "PERSON":
            start = _extend_given_names(doc, start, end - start > 1)
            end = _extend_surname(doc, end)
        if label in {"ORG", "LAW", "WORK_OF_ART"}:
            end = extend_name(doc, end)
        start, end = _trim(doc, start, end)
        if start >= end:
            continue
        label = _titled_person(doc, start, end, label)
        if not label:
            continue
        taken = end
        for piece in _split_glued_person(doc, start, end, label):
            span = doc[piece[0] : piece[1]]
            out.append(Entity(piece[0], piece[1], _relabel(span, piece[2]), span.text))
    return _known_surnames(doc, out)


def _extend_given_names(doc: Doc, start: int, named: bool = False) -> int:
    """ "Mayor of London Sadiq Khan": the model tagged only "Khan". A name the model already gave
    two words ("Yulín Cruz") takes at most one more, and only when a title or a small word bounds it:
    "Director of National Intelligence John Ratcliffe" keeps its title out of the name."""
    first = start
    while first > 0:
        tok = doc[first - 1]
        if not (tok.is_title and tok.pos_ == "PROPN" and not tok.ent_type_) or tok.lower_ in HONORIFICS or tok.lemma_.lower() in PERSON_ROLE_NOUNS:
            break
        if first > 1 and doc[first - 2].lower_ == "of":
            # "Minister of Information Moammar al-Eryani": the words after "of" belong to the title.
            return start if named else first
        first -= 1
    if named and start - first > 1:
        return start
    return first


def _extend_surname(doc: Doc, end: int) -> int:
    """ "Chief Superintendent Graciano Mijares": the model stopped before the surname."""
    while end < len(doc):
        tok = doc[end]
        if not (tok.is_title and tok.pos_ in {"PROPN", "NOUN"} and not tok.ent_type_ and doc[end - 1].whitespace_):
            break
        end += 1
    return end


def surname(name: str) -> str:
    """The family name of a full name: its last word, skipping a generational suffix ("Jr.")."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:
        words = words[:-1]
    return words[-1] if words else ""


def _known_surnames(doc: Doc, ents: list[Entity]) -> list[Entity]:
    """A name the model mislabelled ("Trump" as ORG) is a person when the article names that person
    in full, or tags the same word a person elsewhere ("Sanders"); then "Senator from Vermont Bernie
    Sanders", tagged ORG "Vermont Bernie Sanders", is the place and the person's full name."""
    surnames = {surname(e.text) for e in ents if e.label == "PERSON" and len(e.text.split()) >= 2}
    single = {e.text for e in ents if e.label == "PERSON" and len(e.text.split()) == 1}
    out = []
    for e in ents:
        words = e.text.split()
        tokens = doc[e.start : e.end]
        if e.label in {"ORG", "GPE", "NORP", "PRODUCT"} and 1 <= len(words) <= 3 and words[-1] in surnames and e.text.lower() not in PLACES:
            e = Entity(e.start, e.end, "PERSON", e.text)
        elif e.label in {"ORG", "GPE"} and len(tokens) == 1 and e.text in single and e.text.lower() not in PLACES:
            e = Entity(e.start, e.end, "PERSON", e.text)
        elif e.label == "ORG" and len(tokens) == 3 and tokens[-1].text in single and all(t.is_title and t.pos_ == "PROPN" for t in tokens) and tokens[0].lower_ not in ORG_FINAL_WORDS | ORGANISATION_NOUNS:
            out.append(Entity(e.start, e.start + 1, "GPE" if tokens[0].lower_ in PLACES or tokens[0].ent_type_ == "GPE" else "ORG", tokens[0].text))
            e = Entity(e.start + 1, e.end, "PERSON", doc[e.start + 1 : e.end].text)
        out.append(e)
    return out


def _titled_person(doc: Doc, start: int, end: int, label: str) -> str:
    """ "Detective Constable Daniel Dubé" tagged ORG: a title followed by two or more capitalised
    names is a person. A lower-case "person" ("fentanyl") is no name at all."""
    tokens = list(doc[start:end])
    if label == "PERSON" and not any(t.text[:1].isupper() for t in tokens):
        return ""
    if label != "ORG" or tokens[-1].lower_ in ORG_FINAL_WORDS:
        return label
    titles = 0
    while titles < len(tokens) and tokens[titles].lower_ in HONORIFICS:
        titles += 1
    names = tokens[titles:]
    ambiguous = titles == 1 and tokens[0].lower_ in AMBIGUOUS_TITLES
    organisational = any(t.lower_ in ORG_FINAL_WORDS for t in names)
    if titles and not ambiguous and not organisational and 2 <= len(names) <= 3 and all(t.is_title and t.pos_ == "PROPN" for t in names):
        return "PERSON"
    return label


def _person_after_role(doc: Doc, ent: Span, previous_end: int) -> str:
    """ "Ambassador to the United Nations Nikki Haley": a short all-name ORG right after a role or
    another ORG is a person; so is "an attendee Om Prakash", where the model tagged only "Prakash"."""
    if ent.label_ == "GPE" and 2 <= len(ent) <= 3 and _described_as_person(doc, ent.start, ent.end):
        return "PERSON"
    if ent.label_ != "ORG":
        return ent.label_
    first = _extend_given_names(doc, ent.start)
    tokens = list(doc[first : ent.end])
    if not 2 <= len(tokens) <= 3 or tokens[-1].lower_ in ORG_FINAL_WORDS:
        return ent.label_
    if not all(t.is_title and t.pos_ == "PROPN" for t in tokens):
        return ent.label_
    before = doc[first - 1].lemma_.lower() if first else ""
    if previous_end == ent.start and first < ent.start:
        previous_end = -1
    if first and doc[first - 1].text in _POSSESSIVE:
        # "Argentina's Amnesty International": an organisation owned by the entity before it.
        return ent.label_
    joined = ent.end + 1 < len(doc) and doc[ent.end].lower_ in {"and", ","} and doc[ent.end + 1].ent_type_ == "PERSON"
    if previous_end == ent.start or before in PERSON_ROLE_NOUNS or joined:
        return "PERSON"
    if _described_as_person(doc, first, ent.end):
        return "PERSON"
    return ent.label_


_ROLE_SUFFIXES = ("er", "or", "ist", "ian")


def _described_as_person(doc: Doc, start: int, end: int) -> bool:
    """ "developer Perttu Ahola", "The current president of Namibia, Hage Geingob,", "Gáspár
    Maróth, the Hungarian Government Commissioner for ...": a short name the model tagged as an
    organisation or a place, right after a lower-case role noun or in apposition with a person's
    role, is a person."""
    names = doc[start:end]
    if names.text.lower() in PLACES or any(t.lower_ in ORG_FINAL_WORDS or t.lower_ in ORGANISATION_NOUNS for t in names):
        return False
    before = doc[start - 1] if start else None
    if before is not None and before.pos_ == "NOUN" and before.is_lower:
        lemma = before.lemma_.lower()
        if lemma in PERSON_ROLE_NOUNS or (lemma.endswith(_ROLE_SUFFIXES) and len(lemma) > 4):
            return True
    root = doc[end - 1]
    if root.dep_ == "appos" and root.head.i < start:
        # The parser may hang the apposition on the last noun of the role ("president of Namibia").
        node = root.head
        for _ in range(4):
            if node.lemma_.lower() in PERSON_ROLE_NOUNS:
                return True
            if node.dep_ not in {"pobj", "prep", "compound", "poss"} or node.head.i == node.i:
                break
            node = node.head
    return any(c.dep_ == "appos" and c.i >= end and c.lemma_.lower() in PERSON_ROLE_NOUNS for c in root.children)


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
    texts = [t.text for t in doc[start:end]]
    if "(" in texts and ")" not in texts:
        end = start + texts.index("(")
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if end - start > 1 and end < len(doc) and doc[end].text == ":" and doc[end - 1].lower_ + ":" in CAPTION_CREDITS:
        end -= 1  # "AIP Chairman Markham Robinson Image: Markham Robinson.": a caption label
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
