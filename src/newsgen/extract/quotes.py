"""Who said what: direct, partial, indirect and "according to" claims from one parsed article.

Textacy-style: pure functions over a spaCy `Doc` that yield records. Quotation spans are found on
the characters (the parser splits quotes unreliably, `marks.py`), then attributed on the parse: a
tag verb in the text around the quote, else the verb that governs a quoted fragment (`tags.py`);
reported speech (`reported.py`) and "according to" (`according.py`) come from the parse alone.
Speakers are resolved in article order so pronouns and surnames see what came before, and quotes
with no tag join their chain (`passes.py`). Every decision is a named rule (`rules.py`), and each
claim records the rule that made it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from spacy.tokens import Doc

from ..model import Block, Claim
from .according import according_candidates
from .candidates import Candidate, TokenIndex, quoted_tokens, tokens_outside
from .marks import find_quotes, is_caption
from .passes import dash_credits, drop_nested_self_reports, drop_overlaps, fill_untagged, in_translation, lead_in_speakers, resolve, unowned
from .reported import indirect_candidates
from .rules import fire, session
from .speakers import Speaker, build_memory
from .tags import quote_candidates
from .transcripts import transcript_candidates

__all__ = ["extract_claims", "find_quotes", "is_caption"]


def extract_claims(doc: Doc, blocks: Sequence[Block], disabled: Collection[str] = ()) -> list[Claim]:
    """All claims in paragraph blocks, in article order; `disabled` names rules to switch off, for
    measuring what each is worth (`bench/rules.py`)."""
    if disabled:
        with session(disabled=disabled):
            return extract_claims(doc, blocks)
    body = doc.text
    paragraphs = [b for b in blocks if b.kind == "paragraph" and not (is_caption(body, b) and fire("filter.caption"))]
    quotes = [q for i, b in enumerate(paragraphs) for q in find_quotes(body, b.start, b.end, i)]
    index = TokenIndex(doc)
    outside = tokens_outside(index, paragraphs)
    in_quote = quoted_tokens(index, quotes)
    memory = build_memory(doc, set(range(len(doc))) - outside, in_quote)
    candidates = list(quote_candidates(doc, body, index, quotes, paragraphs))
    candidates += list(indirect_candidates(doc, index, outside, in_quote, quotes))
    candidates += list(according_candidates(doc, index, outside, in_quote))
    candidates += list(transcript_candidates(body, paragraphs, memory))
    candidates = drop_overlaps(candidates)
    candidates.sort(key=lambda c: c.start)
    resolve(memory, candidates)
    fill_untagged(candidates, paragraphs, body)
    dash_credits(memory, body, candidates, paragraphs, blocks)
    lead_in_speakers(memory, index, candidates, paragraphs)
    candidates = drop_nested_self_reports(candidates)
    return [_to_claim(index, body, c) for c in candidates if not _dropped(body, c)]


def _dropped(body: str, c: Candidate) -> bool:
    return (unowned(c) and fire("filter.unowned")) or (in_translation(body, c.start) and fire("filter.translation"))


def _to_claim(index: TokenIndex, body: str, c: Candidate) -> Claim:
    speaker = c.speaker or Speaker(None)
    sent_start, sent_end = _sentence_bounds(index, body, c)
    text = body[c.start : c.end]
    return Claim(
        speaker=speaker.name,
        kind=c.kind,
        text=text,
        start=c.start,
        end=c.end,
        sentence=body[sent_start:sent_end],
        cue=c.cue.text if c.cue is not None else None,
        role=speaker.role,
        speaker_type=speaker.type if speaker.name else "unknown",
        sentence_start=sent_start,
        sentence_end=sent_end,
        rule=c.rules,
    )


def _sentence_bounds(index: TokenIndex, body: str, c: Candidate) -> tuple[int, int]:
    """The sentence(s) holding the claim and its tag: "“...,” Kirby added." is one sentence to a reader."""
    tokens = [index.at(c.start), index.at(max(c.start, c.end - 1))]
    if c.cue is not None:
        tokens.append(c.cue.i)
    spans = [index.sentence(i) for i in tokens]
    start = min([c.start, *(s.start_char for s in spans)])
    end = max([c.end, *(s.end_char for s in spans)])
    if c.quote is not None:
        start = min(start, c.quote.open)
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
