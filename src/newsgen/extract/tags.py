"""Direct and partial quotations: the tag that attributes each quotation.

A tag verb in the text around the quote ("..., the minister said."), else the clause that
introduces it, else the verb that governs a quoted fragment; a quote with no tag is left to the
cross-sentence passes. Each way of finding the tag is a named rule (`rules.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from spacy.tokens import Doc, Token

from ..model import Block
from .candidates import Candidate, TokenIndex
from .cues import CHARACTERISING_VERBS, INDIRECT_VERBS, NON_SPEAKER_LABELS, QUOTE_VERBS
from .marks import (
    SCARE_WORDS,
    SENT_END,
    QuoteSpan,
    after_name_preposition,
    ends_sentence,
    is_name,
    possessed_title,
    quote_content,
    quote_kind,
    titled_by,
)
from .rules import fire
from .speakers import plausible_speaker
from .subjects import agentless_passive, authored_by, document_between, inverted_subject, is_cue, noun_before, object_after, subject_of, trailing_name

_MAX_TAG_TOKENS = 12


class Tag(NamedTuple):
    """A tag found for a quotation: its cue verb, the token that speaks, the rule that found the cue
    and the rule that chose the speaker when the parse's own subject did not."""

    cue: Token | None
    subject: Token | None
    rule: str | None = None
    speaker_rule: str | None = None


_NO_TAG = Tag(None, None)


def quote_candidates(doc: Doc, body: str, index: TokenIndex, quotes: list[QuoteSpan], paragraphs: Sequence[Block]) -> Iterator[Candidate]:
    """One candidate per quotation that is not a name or an unattributable scare quote."""
    for n, q in enumerate(quotes):
        start, end = quote_content(body, q)
        if start >= end:
            continue
        prev_q = quotes[n - 1] if n and quotes[n - 1].para == q.para else None
        next_q = quotes[n + 1] if n + 1 < len(quotes) and quotes[n + 1].para == q.para else None
        block = paragraphs[q.para]
        right = _right_frame(index, q, next_q, block)
        left = _left_frame(index, q, prev_q, block)
        text = body[start:end]
        if (is_name(text) or after_name_preposition(body, q, start)) and not _tag_adjacent(doc, right):
            if (is_name(text) and fire("filter.quoted_name")) or (after_name_preposition(body, q, start) and fire("filter.work_after_of")):
                continue
        if (titled_by(body, q, start) and fire("filter.titled_by")) or (possessed_title(body, q, start, end) and fire("filter.possessed_title")):
            continue
        kind = quote_kind(body, q, start, end, block)
        if kind == "partial" and body[end - 1 : end] == "." and body[end - 2 : end] != "..":
            # "Khosla talked of “... of our time.” Scripps director Margaret Leinen said ...": a
            # fragment whose full stop sits inside the marks ends the writer's sentence, so what
            # follows is the next sentence, not its tag.
            right = []
        tag, kind = _attribute_quote(doc, body, index, q, (start, end), left, right, kind)
        if tag.cue is None and kind == "partial" and len(text.split()) <= SCARE_WORDS and fire("filter.scare_quote"):
            continue
        if tag.cue is None and not fire("quote.untagged"):
            continue
        yield Candidate(
            kind, start, end, tag.cue, tag.subject, quote=q, text_words=tuple(text.split()),
            rule=tag.rule or "quote.untagged", speaker_rule=tag.speaker_rule,
        )


def _attribute_quote(
    doc: Doc, body: str, index: TokenIndex, q: QuoteSpan, content: tuple[int, int], left: list[int], right: list[int], kind: str
) -> tuple[Tag, str]:
    """Tags are tried nearest-first; a fragment with no tag speaks for the verb that governs it."""
    start, end = content
    tag = _leading_tag(doc, left) if ends_sentence(body, q, end) else _NO_TAG
    if tag.cue is None:
        tag = _tag_after(doc, right)
        tag = tag._replace(rule="quote.tag_after") if tag.cue is not None and fire("quote.tag_after") else _NO_TAG
        if tag.cue is not None and tag.cue.tag_ == "VBG":
            # "Coogler wrote of Boseman, “...”, recalling their first meeting": a tag that opens the
            # quote with a comma or colon outranks a participle trailing after it.
            before = _leading_tag(doc, left)
            if before.cue is not None and before.subject is not None and _tagged_clause(body, before.cue, q) and fire("quote.lead_over_participle"):
                tag = before._replace(rule="quote.lead_over_participle")
    if tag.cue is None and _awaits_tag(body, q, end):
        tag = _tag_after(doc, right, awaited=True)
        tag = tag._replace(rule="quote.tag_after_comma") if tag.cue is not None and fire("quote.tag_after_comma") else _NO_TAG
    if tag.cue is None:
        tag = _leading_tag(doc, left)
    if tag.cue is None and _ends_open(body, q):
        tag = _any_verb_after(doc, right)
        tag = tag._replace(rule="quote.tag_after_any_verb") if tag.cue is not None and fire("quote.tag_after_any_verb") else _NO_TAG
    if tag.cue is None and kind == "direct":
        tag = _introducing_verb(doc, left)
        tag = tag._replace(rule="quote.introducing_clause") if tag.cue is not None and fire("quote.introducing_clause") else _NO_TAG
    if tag.cue is None and q.para > 0:
        tag = _name_colon(doc, left)
        tag = tag._replace(rule="quote.name_colon") if tag.cue is not None and fire("quote.name_colon") else _NO_TAG
    elif tag.cue is None:
        tag = _name_colon(doc, left)
        person = tag.subject is not None and _named_person(doc, tag.subject)
        tag = tag._replace(rule="quote.headline_name_colon") if person and fire("quote.headline_name_colon") else _NO_TAG
    if tag.cue is None:
        tag = _governor(doc, index, q, start)
        tag = tag._replace(rule="quote.governing_verb") if tag.cue is not None and fire("quote.governing_verb") else _NO_TAG
        if tag.cue is not None and kind == "direct" and not _near(body, tag.cue, q):
            kind = "partial"
    cue = tag.cue
    if cue is not None and cue.i < q.open and cue.idx < q.open:
        author = document_between(doc, index, q, start, cue)
        if author is not None and fire("speaker.document_author"):
            tag = tag._replace(subject=author, speaker_rule="speaker.document_author")
    if kind == "partial" and cue is not None and _tagged_clause(body, cue, q):
        kind = "direct"
    return tag, kind


def _leading_tag(doc: Doc, frame: list[int]) -> Tag:
    """A tag in the quote's sentence before the marks, or failing that a cue verb the model read as a noun."""
    tag = _tag_before(doc, frame)
    if tag.cue is not None and fire("quote.tag_before"):
        return tag._replace(rule="quote.tag_before")
    tag = _mistagged_cue(doc, frame)
    if tag.cue is not None and fire("quote.mistagged_cue"):
        return tag._replace(rule="quote.mistagged_cue")
    return _NO_TAG


def _tag_adjacent(doc: Doc, right: list[int]) -> bool:
    """ "“Overall,” he continued": a speech tag right after the marks makes even a capitalised word a quote."""
    cue = _tag_after(doc, right).cue
    return cue is not None and bool(right) and cue.i - right[0] <= 3


def _tagged_clause(body: str, cue: Token, q: QuoteSpan) -> bool:
    """ "It said, “you must not ...”": a tag with a comma or colon right before the marks makes a direct quote."""
    if cue.idx > q.open:
        return False
    gap = body[cue.idx + len(cue.text) : q.open].strip()
    return gap[-1:] in {",", ":"} and len(gap.split()) <= 3


def _near(body: str, cue: Token, q: QuoteSpan) -> bool:
    gap = body[cue.idx + len(cue.text) : q.open] if cue.idx < q.open else body[q.close + 1 : cue.idx]
    return len(gap.split()) <= 6


def _right_frame(index: TokenIndex, q: QuoteSpan, next_q: QuoteSpan | None, block: Block) -> list[int]:
    """Tokens after the quote up to the sentence end or the next quote: where a trailing tag sits."""
    if not q.closed:
        return []
    stop = next_q.open if next_q else block.end
    tokens = []
    for i in index.range(q.close + 1, stop):
        tok = index.doc[i]
        if tok.text in SENT_END or tok.text == ";":
            break
        tokens.append(i)
        if len(tokens) > _MAX_TAG_TOKENS + 6:
            break
    return tokens


def _left_frame(index: TokenIndex, q: QuoteSpan, prev_q: QuoteSpan | None, block: Block) -> list[int]:
    """Tokens of the quote's own sentence before it (after any earlier quote): where a leading tag sits."""
    begin = prev_q.close + 1 if prev_q else block.start
    ids = list(index.range(begin, q.open))
    cut = 0
    for k, i in enumerate(ids):
        if index.doc[i].text in SENT_END:
            cut = k + 1
    return ids[cut:]


def _awaits_tag(body: str, q: QuoteSpan, end: int) -> bool:
    """ "“We will not back down,” the minister said", "“Who pays?” the senator asked": a quotation
    whose words end in a comma, a question or an exclamation mark inside its marks, with a
    lower-case word after them, is waiting for its tag."""
    if not q.closed or body[q.open : q.close].rstrip()[-1:] not in {",", "?", "!"}:
        return False
    rest = body[q.close + 1 : q.close + 40].lstrip()
    return rest[:1].islower()


def _ends_open(body: str, q: QuoteSpan) -> bool:
    """ "“...,” Toomey fumed", "“Who pays?” the senator asked": words that end in a comma, a question
    or an exclamation inside the marks leave their sentence open for a tag."""
    return q.closed and body[q.open : q.close].rstrip()[-1:] in {",", "?", "!"}


def _any_verb_after(doc: Doc, frame: list[int]) -> Tag:
    """ "“...,” Toomey fumed on Tuesday.", "“...,” LeVell assured the crowd.", "“...,” remembered Roy
    Verley, HP's former spokesman.": right after a quotation left open, a clause that is only a
    speaker and a finite verb tags it, whatever the verb; the tables of speech verbs cannot list
    every way of saying."""
    words = [i for i in frame if not doc[i].is_space]
    if not words or doc[words[0]].is_punct:
        return _NO_TAG
    verb = next((doc[i] for i in words[:10] if doc[i].pos_ == "VERB"), None)
    if verb is None or verb.tag_ not in {"VBD", "VBZ", "VBP"} or any(c.dep_ in {"nsubjpass", "auxpass"} or (c.dep_ == "ccomp" and c.i > verb.i) for c in verb.children):
        return _NO_TAG
    if verb.i == words[0]:
        subject = object_after(doc, verb, frame)
        if subject is None or subject.pos_ != "PROPN" or subject.ent_type_ not in {"PERSON", "ORG"}:
            return _NO_TAG  # "“together save lives,” began last November": a date is no speaker
        return Tag(verb, subject)
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.left_edge.i != words[0] or subject.lower_ in _RELATIVE or not plausible_speaker(subject):
        return _NO_TAG
    if any(doc[i].pos_ in {"VERB", "AUX"} and doc[i].head.i == verb.i and doc[i].dep_ not in {"advmod"} for i in words if subject.right_edge.i < i < verb.i):
        return _NO_TAG
    return Tag(verb, subject)


_RELATIVE = frozenset({"which", "that", "who", "whom", "what"})


def _tag_after(doc: Doc, frame: list[int], awaited: bool = False) -> Tag:
    """ "..., Kirby added." / "..., said Smith." / "..., claimed a statement released by X."; a
    quotation that `awaited` its tag takes one that opens lower-case or is delayed by an aside
    ("“...,” the senator, who ..., told reporters")."""
    words = [i for i in frame if not doc[i].is_punct]
    loose = bool(frame) and not doc[frame[0]].is_punct
    commas = 0
    for k, i in enumerate(words[: _MAX_TAG_TOKENS + 6 if awaited else _MAX_TAG_TOKENS]):
        tok = doc[i]
        if awaited:
            commas = sum(doc[j].text == "," for j in frame if j < i)
        if is_cue(tok, QUOTE_VERBS):
            if awaited and commas % 2 == 1:
                continue  # a speech verb inside the aside ("who told voters ...") is not the tag
            if (k > 8 and not awaited) or (loose and k and not awaited and not (doc[words[0]].text[:1].isupper() or doc[words[0]].pos_ == "PRON")):
                return _NO_TAG
            subject, how = subject_of(tok), None
            if subject is None or subject.i not in frame:
                subject = noun_before(doc, tok, frame)
                how = "speaker.noun_before"
                if subject is None or not fire(how):
                    subject = object_after(doc, tok, frame)
                    how = "speaker.object_after"
                    if subject is not None and not fire(how):
                        subject = None
            name = trailing_name(doc, tok, frame)
            if name is not None and (subject is None or (subject.ent_type_ != "PERSON" and subject.i < name.i)) and fire("speaker.trailing_name"):
                subject, how = name, "speaker.trailing_name"
            return Tag(tok, subject, None, how if subject is not None else None)
        if tok.pos_ == "VERB" and k > 0 and (loose or k > 6) and not (awaited and commas % 2 == 1):
            return _NO_TAG
    return _NO_TAG


def _tag_before(doc: Doc, frame: list[int]) -> Tag:
    """ "The German foreign ministry remarked on social media site X, “...” """
    first: Tag | None = None
    for i in reversed(frame):
        tok = doc[i]
        if is_cue(tok, QUOTE_VERBS | CHARACTERISING_VERBS | INDIRECT_VERBS):
            if agentless_passive(tok):
                return first or Tag(tok, None)
            subject, how = subject_of(tok), None
            if subject is None:
                subject, how = noun_before(doc, tok, frame), "speaker.noun_before"
                if subject is not None and not fire(how):
                    subject = None
            if subject is None:
                subject, how = inverted_subject(doc, tok, frame), "speaker.inverted_subject"
                if subject is not None and not fire(how):
                    subject = None
            if subject is not None and not (subject.pos_ == "NOUN" and subject.is_lower and not plausible_speaker(subject)):
                return Tag(tok, subject, None, how)
            # "Blackburn told Discover Magazine the frequency ... suggested some deep pattern ...:
            # “...”": a cue whose subject cannot speak yields to the speech verb before it.
            first = first or Tag(tok, None)
    return first or _NO_TAG


def _mistagged_cue(doc: Doc, frame: list[int]) -> Tag:
    """ "The family's statement on the death read: “...”": the model made "read" a noun."""
    words = [i for i in frame if not doc[i].is_space]
    if len(words) < 3 or doc[words[-1]].text not in {":", ","}:
        return _NO_TAG
    cue = doc[words[-2]]
    if cue.lower_ not in QUOTE_VERBS and cue.lemma_.lower() not in QUOTE_VERBS:
        return _NO_TAG
    subject = next((doc[i] for i in words if doc[i].dep_ == "nsubj" and plausible_speaker(doc[i])), None)
    return Tag(cue, subject) if subject is not None else _NO_TAG


def _introducing_verb(doc: Doc, frame: list[int]) -> Tag:
    """ "Trump, also on Twitter, defended his decision, “...”": a clause ending in a comma or colon introduces the quote."""
    words = [i for i in frame if not doc[i].is_space]
    if not words or doc[words[-1]].text not in {",", ":", "--", "—", "–"}:
        return _NO_TAG
    for i in reversed(words):
        tok = doc[i]
        if tok.pos_ == "VERB":
            subject = subject_of(tok)
            return Tag(tok, subject) if subject is not None and plausible_speaker(subject) else _NO_TAG
    return _NO_TAG


def _name_colon(doc: Doc, frame: list[int]) -> Tag:
    """ "Clinton: “Our goal is to defeat them.” Bush: “...”": a name and a colon, with no verb, label
    the quotation that follows as that person's words."""
    words = [i for i in frame if not doc[i].is_space]
    while words and doc[words[0]].text in {"-", "—", "–", "―"}:
        words = words[1:]
    if len(words) < 2 or len(words) > 5 or doc[words[-1]].text != ":":
        return _NO_TAG
    name = [doc[i] for i in words[:-1]]
    if not all(t.pos_ == "PROPN" or t.text[:1].isupper() and t.is_alpha for t in name) or name[0].lower_ in NON_SPEAKER_LABELS:
        return _NO_TAG
    if not any(t.ent_type_ in {"PERSON", "ORG"} for t in name) and not all(t.pos_ == "PROPN" for t in name):
        return _NO_TAG
    return Tag(doc[words[-1]], name[-1])


def _named_person(doc: Doc, tok: Token) -> bool:
    """ "Cecile Richards: ‘I’m Sick Of ...’": in a headline's capitals the model tags few names; the
    label is a person when the article names one with that surname."""
    return tok.ent_type_ == "PERSON" or any(e.label_ == "PERSON" and e[-1].text == tok.text for e in doc.ents)


def _governor(doc: Doc, index: TokenIndex, q: QuoteSpan, start: int) -> Tag:
    """For a fragment with no tag, the verb it hangs from: "advised reporters to “ask Pyongyang”"."""
    inside = set(index.range(q.open, q.close + 1))
    tok = doc[index.at(start)]
    steps = 0
    while tok.i in inside and tok.head.i != tok.i and steps < 30:
        tok = tok.head
        steps += 1
    if tok.i in inside:
        return _NO_TAG
    passed: Token | None = None
    for _ in range(6):
        if tok.pos_ in {"VERB", "AUX"} and is_cue(tok, QUOTE_VERBS | CHARACTERISING_VERBS | INDIRECT_VERBS):
            subject = subject_of(tok)
            if subject is not None:
                return Tag(tok, subject)
        if tok.pos_ in {"NOUN", "PROPN"}:
            # "announced an order by Commandant Elson Hermogino directing units to “join ...”": the
            # words belong to the document's author, not to whoever announced the document.
            author = authored_by(tok)
            if author is not None and fire("speaker.document_author"):
                return Tag(passed or tok, author, None, "speaker.document_author")
        if tok.pos_ == "VERB":
            passed = passed or tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return _NO_TAG
