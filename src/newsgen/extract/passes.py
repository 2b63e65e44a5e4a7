"""Passes over all of an article's candidates: speakers resolved in article order, quotes with no
tag given the speaker of the chain they belong to, and candidates that are part of another claim,
or nobody's, dropped. Each pass that decides something is a named rule (`rules.py`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ..model import Block
from .candidates import Candidate, TokenIndex
from .marks import SCARE_WORDS, SENT_END
from .rules import fire
from .speakers import ArticleSpeakers, Speaker, describe, full_name, strip_honorifics, subject_phrase
from .subjects import agentless_passive, controlling_subject, nearby_subject, subject_of

def resolve(memory: ArticleSpeakers, candidates: list[Candidate]) -> None:
    """Speakers in article order, so that pronouns and surnames see who came before."""
    for c in candidates:
        if c.subject is not None:
            c.speaker = describe(memory, c.subject, limit=c.limit)
            c.speaker_rule = c.speaker.rule or c.speaker_rule
        if _unnamed(c) and c.rule.startswith("reported.") and c.rule not in _NOT_PHRASED and c.subject is not None and c.cue is not None and c.subject.head.i == c.cue.i and c.cue.tag_ != "VBG":
            phrase = subject_phrase(c.subject)
            if phrase is not None and fire("speaker.subject_phrase"):
                c.speaker, c.speaker_rule = phrase, "speaker.subject_phrase"
        if (c.speaker is None or c.speaker.name is None) and c.cue is not None and c.cue.pos_ in {"VERB", "AUX"} and not agentless_passive(c.cue):
            alt = nearby_subject(c.cue)
            if alt is None and c.cue.tag_ == "VBG" and c.cue.dep_ == "advcl" and c.cue.head.i > c.cue.i:
                alt = nearby_subject(c.cue.head)
            if alt is not None and fire("speaker.nearby_subject"):
                c.subject, c.speaker, c.speaker_rule = alt, describe(memory, alt), "speaker.nearby_subject"
        if _unnamed(c):
            _controlled(memory, c)
        if _unnamed(c) and c.kind == "according_to" and c.subject is not None:
            phrase = subject_phrase(c.subject, c.limit)
            if phrase is not None and fire("according_to.source_phrase"):
                c.speaker, c.speaker_rule = phrase, "according_to.source_phrase"
        if c.subject is not None and c.speaker is not None and c.speaker.name:
            memory.add_subject(c.subject.i, c.speaker, speech=True)
            memory.add_name(c.subject, c.speaker)


# A demand or a question with a subject the tables do not know is often no speech at all ("rising
# costs threaten to ..."): those keep no speaker rather than their subject's words.
_NOT_PHRASED = frozenset({"reported.stance", "reported.question"})


def _unnamed(c: Candidate) -> bool:
    return c.speaker is None or c.speaker.name is None


def _controlled(memory: ArticleSpeakers, c: Candidate) -> None:
    """A participle with no subject of its own ("..., writing on Twitter that ...", "by saying ...")
    speaks for the subject of the clause it hangs from; so does a quoted fragment with no tag
    ("Lee mocked the plan as “a gift to landlords”")."""
    if c.kind == "according_to":
        return
    if c.cue is not None and c.cue.tag_ == "VBG" and not any(t.dep_ in {"nsubj", "nsubjpass"} for t in c.cue.children):
        start, rule = c.cue, "speaker.participle_controller"
    elif c.kind == "partial" and c.quote is not None:
        span = memory.doc.char_span(c.start, c.end, alignment_mode="expand") if c.cue is None else None
        start, rule = (c.cue if c.cue is not None else span.root if span is not None else None), "speaker.enclosing_subject"
    else:
        return
    if c.cue is not None and agentless_passive(c.cue):
        return  # "termed “British exit”": what is named is no speaker
    alt = controlling_subject(start) if start is not None else None
    if alt is None or alt.i in memory.excluded:
        return  # a subject inside a quotation is the quoted speaker's, not the writer's
    speaker = describe(memory, alt)
    if speaker.name and fire(rule):
        c.subject, c.speaker, c.speaker_rule = alt, speaker, rule


def fill_untagged(candidates: list[Candidate], paragraphs: Sequence[Block], body: str) -> None:
    """Quotes with no tag take the speaker of the quote chain they belong to."""
    quoted = [c for c in candidates if c.quote is not None]
    for n, c in enumerate(quoted):
        prev = quoted[n - 1] if n else None
        nxt = quoted[n + 1] if n + 1 < len(quoted) else None
        unnamed = c.speaker is None or c.speaker.name is None
        if unnamed and c.cue is not None and prev is not None and prev.cue is not None and prev.cue.i == c.cue.i and prev.speaker and prev.speaker.name and fire("chain.shared_tag"):
            # "“... remnants;” read the statement; “we will not be deterred ...”": a tag between two
            # quotations that found its speaker for the first one speaks for both.
            c.speaker, c.speaker_rule = prev.speaker, "chain.shared_tag"
            continue
        unowned_participle = c.cue is not None and c.cue.tag_ == "VBG" and unnamed
        if c.cue is not None and not (unowned_participle and prev is not None and _same_sentence(body, prev, c)):
            continue
        same_chain = prev is not None and (prev.quote.para == c.quote.para or (prev.quote.para == c.quote.para - 1 and _starts_paragraph(c, paragraphs)))
        if prev and prev.speaker and prev.speaker.name and same_chain and fire("chain.previous_quote"):
            c.speaker, c.speaker_rule = prev.speaker, "chain.previous_quote"
        elif nxt and nxt.speaker and nxt.speaker.name and nxt.cue is not None and nxt.quote.para == c.quote.para and fire("chain.next_quote"):
            c.speaker, c.speaker_rule = nxt.speaker, "chain.next_quote"
        elif prev and prev.speaker and not prev.quote.closed and prev.quote.para == c.quote.para - 1 and fire("chain.open_quote"):
            c.speaker, c.speaker_rule = prev.speaker, "chain.open_quote"
    _follow_reported_speech(candidates, paragraphs)


def _follow_reported_speech(candidates: list[Candidate], paragraphs: Sequence[Block]) -> None:
    """An untagged quoted sentence continues the speaker of the reported speech just before it in
    the same paragraph ("Zapata said ... . “It's an isometric exercise for the thighs ...”"); a bare
    fragment without a tag stays the writer's."""
    starts = [b.start for b in paragraphs]
    last: Candidate | None = None
    for c in candidates:
        unowned = c.kind == "direct" and c.quote is not None and c.cue is None and (c.speaker is None or c.speaker.name is None)
        if unowned and last is not None and last.speaker is not None and _para_of(starts, last.start) == c.quote.para and fire("chain.reported_speech"):
            c.speaker, c.speaker_rule = last.speaker, "chain.reported_speech"
        if c.speaker is not None and c.speaker.name:
            last = c


def lead_in_speakers(memory: ArticleSpeakers, index: TokenIndex, candidates: list[Candidate], paragraphs: Sequence[Block]) -> None:
    """ "Reporter Ann Lee says: ¶ “...”", "The mayor released the following statement: ¶ “...”",
    "Lee agreed. “...”": a quotation nobody tags or chains speaks for the subject of the sentence
    that leads into it, in its paragraph or, when it opens one, at the end of the paragraph before."""
    for c in candidates:
        if c.quote is None or c.cue is not None or c.kind != "direct" or not _unnamed(c):
            continue
        first = index.at(c.quote.open)
        sent = index.sentence(first)
        opens_para = c.quote.open == paragraphs[c.quote.para].start
        if (sent.start < first and not opens_para) or (opens_para and c.quote.para == 0):
            continue  # a quote inside a sentence had its own tags; the first paragraph is the headline
        j = (first if opens_para else sent.start) - 1
        while j >= 0 and index.doc[j].is_space:
            j -= 1
        if j < 0 or (not opens_para and index.doc[j].idx < paragraphs[c.quote.para].start):
            continue
        prev = index.doc[index.sentence(j).start : j + 1]  # the parser may run a colon's lead-in into the quote
        if any(t.text in _MARKS for t in prev):
            continue
        root = prev.root
        if prev[-1].text == ":":
            # "..., as the foundation's website notes: ¶ “...”": the verb before the colon leads in.
            root = next((t for t in reversed(prev) if t.pos_ == "VERB"), root)
        subject = subject_of(root) if root.pos_ in {"VERB", "AUX"} else None
        if subject is None or subject.lower_ in _NOT_LEAD:
            continue
        speaker = describe(memory, subject)
        if speaker.name and speaker.type in {"person", "organisation", "group"} and fire("chain.lead_in"):
            c.subject, c.speaker, c.speaker_rule = subject, speaker, "chain.lead_in"


def dash_credits(memory: ArticleSpeakers, body: str, candidates: list[Candidate], paragraphs: Sequence[Block], blocks: Sequence[Block]) -> None:
    """ "“The whole idea needs to stop.” ¶ — Ann Lee, Denver": a quotation that ends its paragraph,
    followed by a line (a paragraph, or a short line read as a heading) that opens with a dash and a
    name, is that person's."""
    starts = [b.start for b in blocks]
    for c in candidates:
        if c.quote is None or not _unnamed(c):
            continue
        para = paragraphs[c.quote.para]
        k = bisect_right(starts, para.start)
        if k >= len(blocks):
            continue
        after = blocks[k]
        if body[c.quote.close + 1 : para.end].strip(" .\"”’'\n") or body[para.end : after.start].strip():
            continue
        line = body[after.start : after.end].strip()
        m = _CREDIT.match(line)
        if m is None or not fire("chain.dash_credit"):
            continue
        name = strip_honorifics(m.group(1))
        position = index_of(memory, after.start)
        c.speaker, c.speaker_rule = Speaker(full_name(memory, name, position), "person"), "chain.dash_credit"


# "— Ann Lee, Denver.", "-President Tom Hale, writing after the vote.": a dash, then a name of up to five capitalised words.
_CREDIT = re.compile(r"[-—–―]+\s*((?:[A-Z][\w.’'-]*\s?){1,5})(?:[,.(]|$)")


def index_of(memory: ArticleSpeakers, char: int) -> int:
    span = memory.doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0


_MARKS = frozenset("“”\"„«»")
_NOT_LEAD = frozenset({"i", "we", "you", "it", "this", "that", "there"})


def _para_of(starts: list[int], char: int) -> int:
    return bisect_right(starts, char) - 1


def _same_sentence(body: str, a: Candidate, b: Candidate) -> bool:
    between = body[a.quote.close + 1 : b.quote.open] if a.quote and b.quote else "."
    return not any(ch in SENT_END for ch in between)


def _starts_paragraph(c: Candidate, paragraphs: Sequence[Block]) -> bool:
    return c.quote is not None and c.quote.open == paragraphs[c.quote.para].start


def drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Short scare quotes inside a reported clause belong to that clause."""
    indirect = [c for c in candidates if c.kind != "direct" and c.quote is None]
    quoted = [c for c in candidates if c.quote is not None and c.cue is not None]
    out = []
    for c in candidates:
        if c.kind == "partial" and c.quote is not None and len(c.text_words) <= SCARE_WORDS and _inside_any(c, indirect) and fire("filter.scare_in_report"):
            continue
        if c.kind == "indirect" and c.quote is None and _lead_in(c, quoted) and fire("filter.lead_in"):
            continue
        out.append(c)
    return out


def _lead_in(c: Candidate, quoted: list[Candidate]) -> bool:
    """ "Captain Rochester said the situation had “a lot of adrenaline ...”": a reported clause
    cut short by the quotation its verb goes on to introduce is only that quotation's lead-in."""
    span = c.cue.doc.char_span(c.start, c.end, alignment_mode="expand") if c.cue is not None else None
    if span is None or len([t for t in span if not t.is_punct]) > 4:
        return False
    return any(q.cue is not None and q.cue.i == c.cue.i and 0 <= q.quote.open - c.end <= 3 for q in quoted)


def drop_nested_self_reports(candidates: list[Candidate]) -> list[Candidate]:
    """ "Trump said that he did indicate to the Ukrainians that the aid was contingent ...": a
    speech verb inside someone's reported clause whose subject is that same speaker is part of the
    one report; a nested report by someone else ("X said Y claimed ...") stays its own claim."""
    reports = [c for c in candidates if c.kind == "indirect" and c.cue is not None]
    out = []
    for c in candidates:
        # Only a verb with its own subject inside the clause ("he did indicate"); a participle
        # ("..., saying ...", "..., claiming ...") is a separate speech act.
        own_subject = c.cue is not None and any(t.dep_ == "nsubj" for t in c.cue.children)
        nested = c.kind == "indirect" and own_subject and c.speaker is not None and c.speaker.name
        if nested and any(
            o is not c and o.start <= c.start and c.end <= o.end and o.start <= c.cue.idx < o.end
            and o.speaker is not None and o.speaker.name == c.speaker.name
            for o in reports
        ) and fire("filter.nested_self_report"):
            continue
        out.append(c)
    return out


def in_translation(body: str, char: int) -> bool:
    """ "((es))Spanish language: ‍hay muchos abortos ...": an inline translation template repeats
    a quotation in its original language; it is no claim of its own."""
    marker = body.rfind(" language:", max(0, char - 60), char)
    if marker < 0 or body.rfind("((", max(0, marker - 40), marker) < 0:
        return False
    return not body[marker + len(" language:") : char].strip(" \u200d\u200b")


def _inside_any(c: Candidate, others: list[Candidate]) -> bool:
    return any(o.start <= c.start and c.end <= o.end for o in others)


def unowned(c: Candidate) -> bool:
    """A quoted fragment nobody can be found for is a name, a title or a scare quote, and reported
    speech without a speaker is the writer's own inference ("..., indicating ..."): neither is a claim."""
    named = c.speaker is not None and c.speaker.name is not None
    return c.kind in {"partial", "indirect"} and not named and c.rule != "reported.question"
