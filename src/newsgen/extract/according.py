"""According to: "According to the ministry, ...", "..., according to officials.", and the source
repairs the small model needs when it attaches the source's name or apposition wrongly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span, Token

from .candidates import Candidate, TokenIndex
from .rules import fire
from .speakers import noun_type
from .subjects import RELATIVE


def according_candidates(doc: Doc, index: TokenIndex, outside: set[int], in_quote: set[int]) -> Iterator[Candidate]:
    """One claim per "according to X": the clause X vouches for, with X as its speaker."""
    for tok in doc[:-1]:
        if tok.lower_ != "according" or doc[tok.i + 1].lower_ != "to" or tok.i not in outside or tok.i in in_quote:
            continue
        to = doc[tok.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        if source.lower_ in RELATIVE:
            continue
        phrase_end = source.right_edge.i
        for i in range(to.i + 1, source.right_edge.i + 1):
            if doc[i].text == ",":
                phrase_end = i - 1
                break
        how = None
        for name, repair in _SOURCE_REPAIRS:
            repaired, repaired_end = repair(doc, source, phrase_end)
            if (repaired.i != source.i or repaired_end != phrase_end) and fire(name):
                source, phrase_end, how = repaired, repaired_end, name
        span, rule = _vouched(doc, index.sentence(tok.i), tok.i, _past_apposition(doc, source, phrase_end))
        if span is not None and fire(rule):
            yield Candidate("according_to", span.start_char, span.end_char, tok, source, limit=phrase_end, rule=rule, speaker_rule=how)


def _titled_name_after_place(doc: Doc, source: Token, phrase_end: int) -> tuple[Token, int]:
    """ "According to Connecticut Senator Richard Blumenthal, ...": the parser took the place for
    the object of "to" and left the titled name after it loose; the name is the source."""
    if source.ent_type_ not in {"GPE", "LOC", "NORP"} or source.i != phrase_end:
        return source, phrase_end
    j = source.i + 1
    while j < len(doc) and doc[j].pos_ in {"PROPN", "NOUN"} and doc[j].text[:1].isupper():
        j += 1
    if j == source.i + 1 or doc[j - 1].ent_type_ != "PERSON" or j >= len(doc) or doc[j].text != ",":
        return source, phrase_end
    return doc[j - 1], j - 1


def _past_apposition(doc: Doc, source: Token, phrase_end: int) -> int:
    """ "According to Dr. Tom Frieden, formerly the director of the ... Centers for Disease Control
    and Prevention, the pandemic is ...": the source's apposition is not what the source vouches for."""
    appos = next((c for c in source.children if c.dep_ == "appos" and c.i > phrase_end + 1), None)
    if appos is None or doc[phrase_end + 1].text != "," or noun_type(appos) not in {"person", "organisation", "group"}:
        return phrase_end
    end = appos.right_edge.i
    if end + 1 < len(doc) and doc[end + 1].text == "," and not any(t.pos_ in {"VERB", "AUX"} for t in doc[phrase_end + 1 : end + 1]):
        return end + 1
    return phrase_end


def _glued_subject(doc: Doc, source: Token, phrase_end: int) -> tuple[Token, int]:
    """ "according to Wasef archaeologists have not ...": the parser glued the clause's subject to the source."""
    nxt = doc[phrase_end + 1] if phrase_end + 1 < len(doc) else None
    if nxt is None or nxt.pos_ not in {"AUX", "VERB"} or source.pos_ != "NOUN" or source.tag_ != "NNS":
        return source, phrase_end
    names = [c for c in source.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < source.i]
    if not names:
        return source, phrase_end
    return names[-1], source.i - 1


def _closes_bracket(tokens: list[Token]) -> bool:
    """ "... at 3 mph (6 kph)": a closing bracket whose opener is in the clause stays with it."""
    last = tokens[-1].text
    opener = {")": "(", "]": "["}.get(last)
    return opener is not None and sum(t.text == opener for t in tokens) > sum(t.text == last for t in tokens[:-1])


def _appositive_name(doc: Doc, source: Token, phrase_end: int) -> tuple[Token, int]:
    """ "According to Windsor Locks' first selectman, Chris Kervick, there were ...": a name set off
    by commas right after a role is the source; the parser leaves it loose."""
    i = phrase_end + 1
    if source.pos_ == "PROPN" or i + 2 >= len(doc) or doc[i].text != ",":
        return source, phrase_end
    j = i + 1
    while j < len(doc) and doc[j].ent_type_ == "PERSON" and doc[j].ent_iob_ in {"B", "I"} and (j == i + 1 or doc[j].ent_iob_ == "I"):
        j += 1
    if j == i + 1 or j >= len(doc) or doc[j].text != ",":
        return source, phrase_end
    return doc[j - 1], j - 1


def _vouched(doc: Doc, sent: Span, first: int, last: int) -> tuple[Span | None, str]:
    """The clause the source vouches for: after the phrase when there is one, else before it; the
    whole clause when the phrase interrupts it ("Six of the murders were, according to agreed facts
    heard in court, “sexual in nature” and ..."); the clause before it when the phrase follows a
    finite clause, whatever trails after the source (its apposition, a relative clause, "but ...")."""
    after = [t for t in doc[last + 1 : sent.end] if not t.is_space]
    while after and after[0].is_punct:
        after = after[1:]
    while after and after[-1].is_punct and not _closes_bracket(after):
        after = after[:-1]
    interrupted = first > sent.start and doc[first - 1].text == "," and first - 2 >= sent.start and doc[first - 2].pos_ in {"AUX", "VERB"}
    if interrupted and after and doc[first - 2].dep_ in {"ROOT", "ccomp", "conj"}:
        begin = next((t.i for t in doc[sent.start : first] if not (t.is_punct or t.is_space)), first)
        return doc[begin : after[-1].i + 1], "according_to.phrase"
    before = [t for t in doc[sent.start : first] if not t.is_space]
    while before and before[-1].is_punct:
        before = before[:-1]
    while before and before[0].is_punct:
        before = before[1:]
    adjunct = bool(after) and after[0].pos_ == "ADP" and not any(t.pos_ in {"VERB", "AUX"} for t in after)
    if len([t for t in after if not t.is_punct]) >= 3 and not adjunct:
        # "The AP reported that, according to X, ...", "While ... ibises, according to X, ...": a
        # clause cut open before the phrase, or only a subordinate clause, is not what X vouches for.
        opens_clause = before and (before[-1].pos_ in {"SCONJ", "ADP", "CCONJ", "DET", "PART"} or before[-1].dep_ == "mark")
        opens_clause = opens_clause or (before and before[0].pos_ == "SCONJ" and not any(t.text == "," for t in before))
        if len(before) >= 3 and not opens_clause and _trails(after) and any(t.tag_ in _FINITE for t in before) and fire("according_to.clause_before"):
            return doc[before[0].i : before[-1].i + 1], "according_to.clause_before"
        # "..., according to Kamloops Police, at the McDonald Park playground": a trailing
        # prepositional phrase with no verb is a place or time adjunct, not what the source says.
        return doc[after[0].i : after[-1].i + 1], "according_to.phrase"
    if len(before) >= 3:
        return doc[before[0].i : before[-1].i + 1], "according_to.phrase"
    return None, "according_to.phrase"


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_TRAILERS = frozenset("which who whom whose where but even although though while including compared despite as".split())


def _trails(after: list[Token]) -> bool:
    """What follows the source only trails after it: its apposition ("Ann Lee, an analyst"), a
    relative clause, a participle, or a "but"/"although" clause, not a clause of its own."""
    first = after[0]
    if first.lower_ in _TRAILERS or first.tag_ == "VBG":
        return True
    return not any(t.tag_ in _FINITE for t in after)


SourceRepair = Callable[[Doc, Token, int], tuple[Token, int]]
_SOURCE_REPAIRS: tuple[tuple[str, SourceRepair], ...] = (
    ("according_to.glued_subject", _glued_subject),
    ("according_to.appositive_name", _appositive_name),
    ("according_to.titled_name_after_place", _titled_name_after_place),
)
