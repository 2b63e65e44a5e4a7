"""Who said what: direct, partial, indirect and "according to" claims from one parsed article.

Textacy-style: pure functions over a spaCy `Doc` that yield records. Quotation spans are found on
the characters (the parser splits quotes unreliably), then attributed on the parse: a tag verb in
the text around the quote, else the verb that governs a quoted fragment, else the neighbouring
quote's speaker. Speakers are resolved in article order so pronouns and surnames see what came
before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Block, Claim
from .cues import (
    CAPTION_CREDITS,
    CHARACTERISING_VERBS,
    DOUBLE_CLOSE,
    DOUBLE_OPEN,
    CONTENT_OBJECT_VERBS,
    INDIRECT_VERBS,
    NAME_FUNCTION_WORDS,
    QUOTE_VERBS,
    QUOTING_VERBS,
    SINGLE_CLOSE,
    SINGLE_OPEN,
)
from .speakers import ArticleSpeakers, Speaker, build_memory, describe, document_author, noun_type, plausible_speaker

_SENT_END = frozenset(".!?")
_TRAIL_STRIP = " \t\n,;:—–-"
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_MAX_TAG_TOKENS = 12
_SCARE_WORDS = 3


@dataclass(frozen=True)
class QuoteSpan:
    """Quotation marks at `open` and `close` (close is the paragraph end when unbalanced)."""

    open: int
    close: int
    closed: bool
    para: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


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


def extract_claims(doc: Doc, blocks: Sequence[Block]) -> list[Claim]:
    """All claims in paragraph blocks, in article order."""
    body = doc.text
    paragraphs = [b for b in blocks if b.kind == "paragraph" and not is_caption(body, b)]
    quotes = [q for i, b in enumerate(paragraphs) for q in find_quotes(body, b.start, b.end, i)]
    index = TokenIndex(doc)
    outside = _tokens_outside(index, paragraphs)
    in_quote = _quoted_tokens(index, quotes)
    memory = build_memory(doc, set(range(len(doc))) - outside, in_quote)
    candidates = list(quote_candidates(doc, body, index, quotes, paragraphs))
    candidates += list(indirect_candidates(doc, index, outside, in_quote, quotes))
    candidates += list(according_candidates(doc, index, outside, in_quote))
    candidates = _drop_overlaps(candidates)
    candidates.sort(key=lambda c: c.start)
    _resolve(memory, candidates)
    _fill_untagged(candidates, paragraphs, body)
    candidates = _drop_nested_self_reports(candidates)
    return [_to_claim(index, body, c) for c in candidates if not _unowned(c) and not _in_translation(body, c.start)]


def is_caption(body: str, block: Block) -> bool:
    """A paragraph whose last sentence is a photo credit ("Image: Thomas Davies (flickr).") is a
    caption: it describes a picture, and the signs and slogans it quotes are nobody's claims."""
    text = body[block.start : block.end].rstrip()
    lower = text.lower()
    for label in CAPTION_CREDITS:
        at = lower.rfind(label)
        if at < 0 or (at and lower[at - 1 : at] not in {" ", "\n"}):
            continue
        before = text[:at].rstrip()
        if (not before or before[-1] in _SENT_END or before[-1] in DOUBLE_CLOSE | SINGLE_CLOSE) and len(text[at:].split()) <= 10:
            return True
    return False


def _unowned(c: Candidate) -> bool:
    """A quoted fragment nobody can be found for is a name, a title or a scare quote, and reported
    speech without a speaker is the writer's own inference ("..., indicating ..."): neither is a claim."""
    named = c.speaker is not None and c.speaker.name is not None
    return c.kind in {"partial", "indirect"} and not named


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
        if closers and doc[j].text in _SENT_END and doc[j - 1].text not in DOUBLE_OPEN | SINGLE_OPEN:
            yield tok.i


# --- quotation marks -----------------------------------------------------------------------


def find_quotes(body: str, start: int, end: int, para: int) -> list[QuoteSpan]:
    """Top-level quotations in one paragraph; nested ones stay inside their outer quote."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    depth = 0
    single_at: int | None = None
    for i in range(start, end):
        ch = body[i]
        prev = body[i - 1] if i > start else " "
        nxt = body[i + 1] if i + 1 < end else " "
        if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE:
            if _opens(ch, prev, nxt):
                if open_at is None:
                    open_at, single_at = i, None
                elif _last_visible(body, start, i) in _SENT_END:
                    spans.append(QuoteSpan(open_at, _rstrip_to(body, open_at, i), False, para))
                    open_at, depth = i, 0
                else:
                    depth += 1
            elif open_at is not None:
                if depth:
                    depth -= 1
                else:
                    spans.append(QuoteSpan(open_at, i, True, para))
                    open_at = None
        elif open_at is None and ch in SINGLE_OPEN | SINGLE_CLOSE:
            if single_at is None and ch in SINGLE_OPEN and not prev.isalnum() and nxt.isalnum():
                single_at = i
            elif single_at is not None and ch in SINGLE_CLOSE and not prev.isspace() and not nxt.isalnum() and i - single_at > 2:
                spans.append(QuoteSpan(single_at, i, True, para))
                single_at = None
    if open_at is not None:
        spans.append(QuoteSpan(open_at, _rstrip_to(body, open_at, end), False, para))
    return spans


def _opens(ch: str, prev: str, nxt: str) -> bool:
    """Curly marks can be mis-typed, so context decides: a mark before a word and after a space opens."""
    after_space = prev.isspace() or prev in "([{—–-:" or prev in DOUBLE_OPEN | SINGLE_OPEN
    before_word = not nxt.isspace() and nxt not in ",.;:!?)"
    if ch in "“„«‟":
        return not (not after_space and not before_word)
    if ch in "”»":
        return after_space and before_word and not prev.isalnum()
    return after_space and before_word


def _last_visible(body: str, start: int, i: int) -> str:
    j = i - 1
    while j >= start and body[j].isspace():
        j -= 1
    return body[j] if j >= start else ""


def _rstrip_to(body: str, open_at: int, end: int) -> int:
    while end > open_at + 1 and body[end - 1].isspace():
        end -= 1
    return end


def _tokens_outside(index: TokenIndex, paragraphs: Sequence[Block]) -> set[int]:
    """Token ids inside paragraph blocks (headings and datelines never speak)."""
    ids: set[int] = set()
    for block in paragraphs:
        ids.update(index.range(block.start, block.end))
    return ids


def _quoted_tokens(index: TokenIndex, quotes: Sequence[QuoteSpan]) -> set[int]:
    ids: set[int] = set()
    for q in quotes:
        ids.update(index.range(q.open, q.close + 1))
    return ids


# --- direct and partial quotations ---------------------------------------------------------


def quote_candidates(doc: Doc, body: str, index: TokenIndex, quotes: list[QuoteSpan], paragraphs: Sequence[Block]) -> Iterator[Candidate]:
    """One candidate per quotation that is not a name or an unattributable scare quote."""
    for n, q in enumerate(quotes):
        start, end = _content(body, q)
        if start >= end:
            continue
        prev_q = quotes[n - 1] if n and quotes[n - 1].para == q.para else None
        next_q = quotes[n + 1] if n + 1 < len(quotes) and quotes[n + 1].para == q.para else None
        block = paragraphs[q.para]
        right = _right_frame(index, q, next_q, block)
        left = _left_frame(index, q, prev_q, block)
        if (_is_name(body[start:end]) or _after_name_preposition(body, q, start)) and not _tag_adjacent(doc, right):
            continue
        kind = _quote_kind(body, q, start, end, block)
        if kind == "partial" and body[end - 1 : end] == "." and body[end - 2 : end] != "..":
            # "Khosla talked of “... of our time.” Scripps director Margaret Leinen said ...": a
            # fragment whose full stop sits inside the marks ends the writer's sentence, so what
            # follows is the next sentence, not its tag.
            right = []
        cue, subject, kind = _attribute_quote(doc, body, index, q, (start, end), left, right, kind)
        if cue is None and kind == "partial" and len(body[start:end].split()) <= _SCARE_WORDS:
            continue
        yield Candidate(kind, start, end, cue, subject, quote=q, text_words=tuple(body[start:end].split()))


def _attribute_quote(
    doc: Doc, body: str, index: TokenIndex, q: QuoteSpan, content: tuple[int, int], left: list[int], right: list[int], kind: str
) -> tuple[Token | None, Token | None, str]:
    """Tags are tried nearest-first; a fragment with no tag speaks for the verb that governs it."""
    start, end = content
    cue, subject = _tag_before(doc, left) if _ends_sentence(body, q, end) else (None, None)
    if cue is None:
        cue, subject = _tag_after(doc, right)
        if cue is not None and cue.tag_ == "VBG":
            # "Coogler wrote of Boseman, “...”, recalling their first meeting": a tag that opens the
            # quote with a comma or colon outranks a participle trailing after it.
            before, who = _tag_before(doc, left)
            if before is not None and who is not None and _tagged_clause(body, before, q):
                cue, subject = before, who
    if cue is None:
        cue, subject = _tag_before(doc, left)
    if cue is None and kind == "direct":
        cue, subject = _introducing_verb(doc, left)
    if cue is None:
        cue, subject = _governor(doc, index, q, start)
        if cue is not None and kind == "direct" and not _near(body, cue, q):
            kind = "partial"
    if cue is not None and cue.i < q.open and cue.idx < q.open:
        author = _document_between(doc, index, q, start, cue)
        if author is not None:
            subject = author
    if kind == "partial" and cue is not None and _tagged_clause(body, cue, q):
        kind = "direct"
    return cue, subject, kind


def _document_between(doc: Doc, index: TokenIndex, q: QuoteSpan, start: int, cue: Token) -> Token | None:
    """ "The Coast Guard has announced an order by Commandant Elson Hermogino directing units to
    “join ...”": a document with an author between the quote and its tag verb speaks for the author."""
    tok = doc[index.at(start)]
    through_verb = False
    for _ in range(12):
        if tok.i == cue.i or tok.head.i == tok.i:
            return None
        outside = not q.open < tok.idx < q.close
        if tok.pos_ in {"NOUN", "PROPN"} and tok.i > cue.i and outside and through_verb:
            author = _authored_by(tok)
            if author is not None:
                return author
        # Only a clause that hangs off the document ("an order ... directing units to “...”")
        # puts the quote inside it; "opposed Macron's statement: “...”" answers the document.
        through_verb = through_verb or (outside and tok.pos_ == "VERB")
        tok = tok.head
    return None


def _authored_by(noun: Token) -> Token | None:
    """The author of a document noun named by "by X" or "X's", not "of X" ("acts of “domestic terror”")."""
    author = document_author(noun)
    if author is None or (author.head.lower_ == "of" and author.dep_ == "pobj"):
        return None
    return author if plausible_speaker(author) else None


def _content(body: str, q: QuoteSpan) -> tuple[int, int]:
    start, end = q.inner
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1] in _TRAIL_STRIP:
        end -= 1
    return start, end


def _is_name(text: str) -> bool:
    """ "Learning Together", "Radio Control Law", "2019-nCoV.": titles and names in quotes are not
    claims. A full stop after a short name is American punctuation, not the end of a sentence."""
    words = text.split()
    if words and len(words) <= _SCARE_WORDS and text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
        words = text.split()
    if not words or len(words) > 8 or text[-1:] in _SENT_END:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in NAME_FUNCTION_WORDS for w in words) and words[0][:1].isupper()


def _tag_adjacent(doc: Doc, right: list[int]) -> bool:
    """ "“Overall,” he continued": a speech tag right after the marks makes even a capitalised word a quote."""
    cue = _tag_after(doc, right)[0]
    return cue is not None and bool(right) and cue.i - right[0] <= 3


def _after_name_preposition(body: str, q: QuoteSpan, start: int) -> bool:
    """ "Anna Franowska of “Have no fear”": a capitalised quote after "of" names an organisation or a work."""
    before = body[max(0, q.open - 4) : q.open].lower()
    return before.endswith(" of ") and body[start : start + 1].isupper()


def _quote_kind(body: str, q: QuoteSpan, start: int, end: int, block: Block) -> str:
    """A quote is direct when it reads as a clause standing on its own, else a fragment of the writer's sentence."""
    before = body[block.start : q.open].rstrip()
    opens_clause = not before or before[-1] in ".!?:,—–" or before[-1] in DOUBLE_CLOSE
    text = body[start:end]
    capital = text[:1].isupper() or text[:1] == "["
    if opens_clause and capital:
        return "direct"
    if capital and len(text.split()) >= 6 and text.rstrip()[-1:] in _SENT_END:
        return "direct"
    return "partial"


def _tagged_clause(body: str, cue: Token, q: QuoteSpan) -> bool:
    """ "It said, “you must not ...”": a tag with a comma or colon right before the marks makes a direct quote."""
    if cue.idx > q.open:
        return False
    gap = body[cue.idx + len(cue.text) : q.open].strip()
    return gap[-1:] in {",", ":"} and len(gap.split()) <= 3


def _near(body: str, cue: Token, q: QuoteSpan) -> bool:
    gap = body[cue.idx + len(cue.text) : q.open] if cue.idx < q.open else body[q.close + 1 : cue.idx]
    return len(gap.split()) <= 6


def _ends_sentence(body: str, q: QuoteSpan, end: int) -> bool:
    """ "...unfold." Sophie Obadia told ...: a full stop inside the marks closes the quote's sentence."""
    return q.closed and body[end : q.close].strip()[-1:] in _SENT_END or body[end - 1 : end] in _SENT_END


def _right_frame(index: TokenIndex, q: QuoteSpan, next_q: QuoteSpan | None, block: Block) -> list[int]:
    """Tokens after the quote up to the sentence end or the next quote: where a trailing tag sits."""
    if not q.closed:
        return []
    stop = next_q.open if next_q else block.end
    tokens = []
    for i in index.range(q.close + 1, stop):
        tok = index.doc[i]
        if tok.text in _SENT_END or tok.text == ";":
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
        if index.doc[i].text in _SENT_END:
            cut = k + 1
    return ids[cut:]


def _is_cue(tok: Token, table: frozenset[str]) -> bool:
    verbal = tok.pos_ in {"VERB", "AUX"} or tok.tag_ in {"VBD", "VBZ", "VBP", "VBG", "VBN"} or _verb_read_as_noun(tok)
    return verbal and (tok.lemma_.lower() in table or _as_put_it(tok))


def _as_put_it(tok: Token) -> bool:
    """ "traffic “ground to a halt” — as the Supreme Court decision put it —": "as X put it" tags a quotation."""
    children = list(tok.children)
    return (
        tok.lemma_.lower() in {"put", "phrase"}
        and any(c.dep_ == "dobj" and c.lower_ == "it" for c in children)
        and any(c.lower_ == "as" and c.dep_ in {"mark", "advmod", "prep"} for c in children)
    )


def _verb_read_as_noun(tok: Token) -> bool:
    """ "Estimates by the Argentinian government state about 350 thousand ... are carried out": the
    small model tags the verb a noun, yet leaves it the root with a subject and a clausal complement."""
    if tok.pos_ != "NOUN" or tok.dep_ != "ROOT":
        return False
    children = list(tok.children)
    return any(c.dep_ == "nsubj" and c.i < tok.i for c in children) and any(c.dep_ == "ccomp" and c.i > tok.i for c in children)


def _tag_after(doc: Doc, frame: list[int]) -> tuple[Token | None, Token | None]:
    """ "..., Kirby added." / "..., said Smith." / "..., claimed a statement released by X." """
    words = [i for i in frame if not doc[i].is_punct]
    loose = bool(frame) and not doc[frame[0]].is_punct
    for k, i in enumerate(words[:_MAX_TAG_TOKENS]):
        tok = doc[i]
        if _is_cue(tok, QUOTE_VERBS):
            if k > 8 or (loose and k and not (doc[words[0]].text[:1].isupper() or doc[words[0]].pos_ == "PRON")):
                return None, None
            subject = subject_of(tok)
            if subject is None or subject.i not in frame:
                subject = _noun_before(doc, tok, frame) or _object_after(doc, tok, frame)
            name = _trailing_name(doc, tok, frame)
            if name is not None and (subject is None or (subject.ent_type_ != "PERSON" and subject.i < name.i)):
                subject = name
            return tok, subject
        if tok.pos_ == "VERB" and k > 0 and (loose or k > 6):
            return None, None
    return None, None


def _trailing_name(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
    """ "..., said University of California, San Diego's chancellor, Pradeep Khosla.": a name set off
    by a comma at the end of a trailing tag is the speaker the role before it describes."""
    words = [i for i in frame if i > verb.i and not doc[i].is_space]
    while words and doc[words[-1]].is_punct:
        words.pop()
    k = len(words)
    while k > 0 and doc[words[k - 1]].pos_ == "PROPN" and doc[words[k - 1]].is_title:
        k -= 1
    if len(words) - k < 2 or k == 0 or doc[words[k - 1]].text != ",":
        return None
    return doc[words[-1]]


def _object_after(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
    inside = set(frame)
    for child in verb.children:
        if child.i > verb.i and child.i in inside and child.dep_ in {"nsubj", "dobj", "attr", "npadvmod", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN", "PRON"}:
            return child
    for i in frame:
        tok = doc[i]
        if i > verb.i and tok.pos_ in {"NOUN", "PROPN"}:
            while tok.head.i in inside and tok.head.i > verb.i and tok.head.pos_ in {"NOUN", "PROPN"} and tok.dep_ in {"compound", "amod", "poss"}:
                tok = tok.head
            return tok
    return None


def _tag_before(doc: Doc, frame: list[int]) -> tuple[Token | None, Token | None]:
    """ "The German foreign ministry remarked on social media site X, “...” """
    first: tuple[Token, None] | None = None
    for i in reversed(frame):
        tok = doc[i]
        if _is_cue(tok, QUOTE_VERBS | CHARACTERISING_VERBS | INDIRECT_VERBS):
            if _agentless_passive(tok):
                return first or (tok, None)
            subject = subject_of(tok) or _noun_before(doc, tok, frame) or _inverted_subject(doc, tok, frame)
            if subject is not None and not (subject.pos_ == "NOUN" and subject.is_lower and not plausible_speaker(subject)):
                return tok, subject
            # "Blackburn told Discover Magazine the frequency ... suggested some deep pattern ...:
            # “...”": a cue whose subject cannot speak yields to the speech verb before it.
            first = first or (tok, None)
    return first or _mistagged_cue(doc, frame)


def _agentless_passive(verb: Token) -> bool:
    """ "H1N1 was commonly called “swine flu.”", "a process called “exfiltration.”": a passive with
    no "by X" names a thing; its grammatical subject is what is named, not who speaks."""
    children = list(verb.children)
    reduced = verb.tag_ == "VBN" and verb.dep_ == "acl" and _quote_follows(verb)  # "a process called “exfiltration”"
    passive = reduced or any(c.dep_ in {"nsubjpass", "auxpass"} for c in children)
    return passive and not any(c.dep_ == "agent" for c in children)


def _quote_follows(verb: Token) -> bool:
    """The named thing comes right after the participle ("called “...”", "known as “...”"); "Trump
    called Stone's 40 month sentence “unjust.”", which the parser may also read as a participle, has
    an object in between."""
    doc = verb.doc
    i = verb.i + 1
    if i < len(doc) and doc[i].lower_ == "as":
        i += 1
    return i < len(doc) and doc[i].text in DOUBLE_OPEN | SINGLE_OPEN


def _inverted_subject(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
    """ "Remarked Center for Biological Diversity scientist Tierra Curry, “...”": the name after an opening verb."""
    words = [i for i in frame if not doc[i].is_space]
    if not words or words[0] != verb.i or doc[words[-1]].text not in {",", ":"}:
        return None
    names = [doc[i] for i in words if doc[i].ent_type_ == "PERSON"]
    if names:
        return names[-1]
    last = doc[words[-2]] if len(words) > 1 else None
    return last if last is not None and last.pos_ == "PROPN" else None


def _mistagged_cue(doc: Doc, frame: list[int]) -> tuple[Token | None, Token | None]:
    """ "The family's statement on the death read: “...”": the model made "read" a noun."""
    words = [i for i in frame if not doc[i].is_space]
    if len(words) < 3 or doc[words[-1]].text not in {":", ","}:
        return None, None
    cue = doc[words[-2]]
    if cue.lower_ not in QUOTE_VERBS and cue.lemma_.lower() not in QUOTE_VERBS:
        return None, None
    subject = next((doc[i] for i in words if doc[i].dep_ == "nsubj" and plausible_speaker(doc[i])), None)
    return (cue, subject) if subject is not None else (None, None)


def _noun_before(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
    """The parser often misses "Day said": take the nearest noun before the verb."""
    for i in range(verb.i - 1, max(frame[0] if frame else verb.i, verb.i - 8) - 1, -1):
        tok = doc[i]
        if tok.pos_ in {"NOUN", "PROPN", "PRON"}:
            return tok if plausible_speaker(tok) else None
        if tok.pos_ == "VERB" or tok.text in {",", ";", ":"}:
            return None
    return None


def _introducing_verb(doc: Doc, frame: list[int]) -> tuple[Token | None, Token | None]:
    """ "Trump, also on Twitter, defended his decision, “...”": a clause ending in a comma or colon introduces the quote."""
    words = [i for i in frame if not doc[i].is_space]
    if not words or doc[words[-1]].text not in {",", ":"}:
        return None, None
    for i in reversed(words):
        tok = doc[i]
        if tok.pos_ == "VERB":
            subject = subject_of(tok)
            return (tok, subject) if subject is not None and plausible_speaker(subject) else (None, None)
    return None, None


def _governor(doc: Doc, index: TokenIndex, q: QuoteSpan, start: int) -> tuple[Token | None, Token | None]:
    """For a fragment with no tag, the verb it hangs from: "advised reporters to “ask Pyongyang”"."""
    inside = set(index.range(q.open, q.close + 1))
    tok = doc[index.at(start)]
    steps = 0
    while tok.i in inside and tok.head.i != tok.i and steps < 30:
        tok = tok.head
        steps += 1
    if tok.i in inside:
        return None, None
    passed: Token | None = None
    for _ in range(6):
        if tok.pos_ in {"VERB", "AUX"} and _is_cue(tok, QUOTE_VERBS | CHARACTERISING_VERBS | INDIRECT_VERBS):
            subject = subject_of(tok)
            if subject is not None:
                return tok, subject
        if tok.pos_ in {"NOUN", "PROPN"}:
            # "announced an order by Commandant Elson Hermogino directing units to “join ...”": the
            # words belong to the document's author, not to whoever announced the document.
            author = _authored_by(tok)
            if author is not None:
                return passed or tok, author
        if tok.pos_ == "VERB":
            passed = passed or tok
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None, None


# --- indirect speech -----------------------------------------------------------------------


def indirect_candidates(doc: Doc, index: TokenIndex, outside: set[int], in_quote: set[int], quotes: list[QuoteSpan]) -> Iterator[Candidate]:
    """ "X said (that) ...", "X warned Wednesday that ...", "..., he noted." """
    opens = [q.open for q in quotes]
    body = doc.text
    for tok in doc:
        if tok.i not in outside or tok.i in in_quote or not _is_cue(tok, INDIRECT_VERBS) or _imperative(tok):
            continue
        if any(c.dep_ == "nsubjpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children):
            continue
        for comp in sorted(tok.children, key=lambda c: (c.i < tok.i, not _after_colon(doc, tok, c))):
            if comp.dep_ != "ccomp" and not _gerund_subject_clause(tok, comp):
                continue
            if comp.i < tok.i and _is_cue(comp, QUOTE_VERBS | INDIRECT_VERBS) and any(c.dep_ == "nsubj" for c in comp.children):
                # "He said Zelensky is “...”; however, “...”, he added.": a report with its own
                # speech verb before a trailing tag is that verb's claim, not the tag's.
                continue
            span = _clause(doc, index, tok, comp)
            if span is None or _opens_in_quote(body, span, quotes, opens) or len(span) < 3:
                continue
            if not _has_verb(span):
                continue
            yield Candidate("indirect", span.start_char, span.end_char, tok, subject_of(tok))
            break
        else:
            found = (
                _inverted_tag(doc, index, tok)
                or _trailing_parataxis(doc, index, tok)
                or _asyndetic_clause(doc, index, tok)
                or _that_clause_read_as_relative(doc, index, tok)
            )
            if found is not None and found[0].start not in in_quote and not _opens_in_quote(body, found[0], quotes, opens):
                span, subject = found
                yield Candidate("indirect", span.start_char, span.end_char, tok, subject)
                continue
            span = _object_clause(doc, index, tok) or _parenthetical(doc, tok)
            if span is not None and span.start not in in_quote:
                yield Candidate("indirect", span.start_char, span.end_char, tok, subject_of(tok))
                continue
            found = _verb_read_as_modifier(doc, index, tok)
            if found is not None and found[0].start not in in_quote:
                span, subject = found
                yield Candidate("indirect", span.start_char, span.end_char, tok, subject)


def _trimmed(doc: Doc, left: int, right: int) -> Span | None:
    while left <= right and (doc[left].is_punct or doc[left].is_space or (doc[left].dep_ == "mark" and doc[left].lower_ == "that")):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - left < 2 or any(doc[i].text in DOUBLE_OPEN | DOUBLE_CLOSE for i in range(left, right + 1)):
        return None
    span = doc[left : right + 1]
    return span if _has_verb(span) else None


def _inverted_tag(doc: Doc, index: TokenIndex, verb: Token) -> tuple[Span, Token] | None:
    """ "The bomb was placed on a motorcycle in a market, stated Minister of Information Moammar
    al-Eryani, and was left ...", "It is not for the Court to opine ..., argued the government's
    lawyer, Richard Keen.": a speech verb after a comma, with its speaker after it and no subject
    before it, tags the clause it follows; the parser coordinates it with that clause's verb."""
    head = verb.head
    if verb.dep_ != "conj" or head.i >= verb.i or verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "ccomp"} for c in verb.children) or any(c.dep_ == "cc" and c.i < verb.i for c in head.children if c.i > head.i):
        return None
    speaker = next((c for c in verb.children if c.dep_ in {"dobj", "attr"} and c.i > verb.i), None)
    if speaker is None or speaker.pos_ not in {"NOUN", "PROPN"} or not plausible_speaker(speaker):
        return None
    after = speaker.right_edge.i + 1
    if after < len(doc) and doc[after].text not in {",", ".", ";"}:
        return None
    sent = index.sentence(verb.i)
    span = _trimmed(doc, sent.start, verb.i - 1)
    return (span, speaker) if span is not None else None


def _trailing_parataxis(doc: Doc, index: TokenIndex, verb: Token) -> tuple[Span, Token] | None:
    """ "Already-queued orders won't leave idle capacity for some years, Maróth said, and ...": a
    tag set off by commas after the clause it reports, which the parser attaches as parataxis."""
    if verb.dep_ != "parataxis" or verb.head.i >= verb.i:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.left_edge.i == 0 or doc[subject.left_edge.i - 1].text != ",":
        return None
    if any(c.dep_ in {"ccomp", "dobj"} for c in verb.children):
        return None
    sent = index.sentence(verb.i)
    span = _trimmed(doc, sent.start, subject.left_edge.i - 2)
    return (span, subject) if span is not None else None


def _asyndetic_clause(doc: Doc, index: TokenIndex, verb: Token) -> tuple[Span, Token] | None:
    """ "The fire service indicated on Twitter the baby girl was critically ill": the parser
    coordinates the reported clause with the speech verb when no "that" or comma separates them."""
    if verb.lemma_.lower() not in CONTENT_OBJECT_VERBS or any(c.dep_ in {"dobj", "ccomp"} for c in verb.children):
        return None
    subject = subject_of(verb)
    conj = next((c for c in verb.children if c.dep_ == "conj" and c.i > verb.i), None)
    if subject is None or conj is None or conj.pos_ not in {"VERB", "AUX"}:
        return None
    if any(c.dep_ == "cc" and verb.i < c.i < conj.i for c in verb.children) or any(t.text in {",", ";", ":"} for t in doc[verb.i + 1 : conj.left_edge.i]):
        return None
    if not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} and c.i < conj.i for c in conj.children):
        return None
    sent = index.sentence(verb.i)
    span = _trimmed(doc, conj.left_edge.i, min(conj.right_edge.i, sent.end - 1))
    return (span, subject) if span is not None else None


def _that_clause_read_as_relative(doc: Doc, index: TokenIndex, verb: Token) -> tuple[Span, Token] | None:
    """ "A hospital official told Anadolu Agency, a local news outlet, that one of the deceased
    was ...": a "that" clause after the listener's apposition reads to the parser as a relative
    clause; a "that" which is a conjunction, not a pronoun, opens the reported clause."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    subject = subject_of(verb)
    if obj is None or subject is None:
        return None
    for tok in obj.subtree:
        if tok.dep_ == "relcl" and tok.left_edge.lower_ == "that" and tok.left_edge.tag_ == "IN" and tok.left_edge.dep_ == "mark":
            sent = index.sentence(verb.i)
            span = _trimmed(doc, tok.left_edge.i, min(tok.right_edge.i, sent.end - 1))
            return (span, subject) if span is not None else None
    return None


def _verb_read_as_modifier(doc: Doc, index: TokenIndex, verb: Token) -> tuple[Span, Token] | None:
    """ "Agnès Callamard, a UN rapporteur ... who had investigated the case, cautioned justice does
    not come swiftly": after a long apposition the small model reads the speech verb as an adjective
    and makes the reported verb the root, whose subject is then the speaker."""
    if verb.dep_ != "amod" or verb.tag_ not in {"VBD", "VBN"} or verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    sent = index.sentence(verb.i)
    root = sent.root
    if root.i <= verb.i or root.pos_ not in {"VERB", "AUX"}:
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or not plausible_speaker(subject):
        return None
    right = sent.end - 1
    while right > verb.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - verb.i < 3 or any(t.text in DOUBLE_OPEN | DOUBLE_CLOSE for t in doc[verb.i + 1 : right + 1]):
        return None
    return doc[verb.i + 1 : right + 1], subject


def _gerund_subject_clause(verb: Token, comp: Token) -> bool:
    """ "Parmet said naming the virus after Wuhan would place ...": the parser reads a clause whose
    subject is a gerund as the speech verb's xcomp; a finite verb inside it shows it is a clause."""
    if comp.dep_ != "xcomp" or comp.tag_ != "VBG" or comp.i < verb.i or verb.lemma_.lower() not in CONTENT_OBJECT_VERBS:
        return False
    return any(t.tag_ in {"MD", "VBD", "VBZ", "VBP"} and not _in_relative_clause(t, comp) for t in comp.subtree if t.i > comp.i)


def _opens_in_quote(body: str, span: Span, quotes: list[QuoteSpan], opens: list[int]) -> bool:
    """A reported clause may not start inside a quotation, unless that quotation is only its
    quoted subject and closes within it (" “COVID-19” is to replace ...")."""
    start = span.start_char
    k = bisect_right(opens, start) - 1
    if k < 0 or quotes[k].close < start:
        return False
    q = quotes[k]
    return not (q.closed and q.close < span.end_char and len(body[q.open + 1 : q.close].split()) <= _SCARE_WORDS)


def _after_colon(doc: Doc, verb: Token, comp: Token) -> bool:
    """ "announced the official name of the disease ...: “COVID-19” is to replace ...": what
    follows a colon is the announcement; a clause before it only describes the object."""
    return verb.i < comp.i and any(t.text == ":" for t in doc[verb.i + 1 : comp.left_edge.i + 1])


def _object_clause(doc: Doc, index: TokenIndex, verb: Token) -> Span | None:
    """ "said a law allowing the termination of a life marked ...": the parser took the clause's subject for an object."""
    if verb.lemma_.lower() not in CONTENT_OBJECT_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.pos_ == "PRON":
        return None
    finite = [t for t in obj.subtree if t.tag_ in {"VBD", "VBZ", "VBP", "MD"} and t.i > obj.i and not _in_relative_clause(t, obj)]
    sent = index.sentence(verb.i)
    right = obj.right_edge.i
    if not finite:
        # "confirmed its first infections and Zambia had ...": after a coordination the verb
        # starts a new clause of its own.
        coordinated = any(c.dep_ == "conj" for c in obj.children)
        orphan = None if coordinated else _orphaned_predicate(doc, obj.right_edge.i + 1, sent.end)
        if orphan is None:
            return None
        right = orphan.right_edge.i
    left, right = obj.left_edge.i, min(right, sent.end - 1)
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left : right + 1] if right - left >= 2 else None


def _orphaned_predicate(doc: Doc, i: int, stop: int) -> Token | None:
    """ "announced the new region, to be called Bangsamoro, would be governing itself", "stating
    Saha Airlines owned the plane": a modal or finite verb with no subject right after the object
    is the object's own predicate, which the parser hung elsewhere; the object is then the subject
    of the reported clause."""
    while i < stop and doc[i].text == ",":
        i += 1
    if i >= stop or doc[i].tag_ not in {"MD", "VBD", "VBZ", "VBP"}:
        return None
    verb = doc[i] if doc[i].dep_ not in {"aux", "auxpass"} else doc[i].head
    if verb.i < i or any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in verb.children):
        return None
    return verb


def _in_relative_clause(tok: Token, top: Token) -> bool:
    """ "claimed victory in the presidential vote, which again was marred by ...": a verb inside a
    "which/who" clause modifies a noun; it does not turn the noun phrase into a reported clause."""
    node = tok
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ == "relcl" and any(c.lower_ in _RELATIVE | {"whose"} and c.i < node.i for c in node.subtree):
            return True
        node = node.head
    return False


def _parenthetical(doc: Doc, verb: Token) -> Span | None:
    """ "Day, they said, desired ...", "DW reported in mid-2019, 62 outlets had closed": the tag sits before the clause."""
    head = verb.head
    if head.i <= verb.i or head.pos_ not in {"VERB", "AUX"}:
        return None
    if verb.dep_ not in {"ccomp", "parataxis"} and not (verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)):
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in verb.children):
        return None
    comma = next((i for i in range(verb.i + 1, head.i) if doc[i].text == ","), None)
    if comma is None:
        return None
    right = head.right_edge.i
    while right > comma and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - comma < 3:
        return None
    return doc[comma + 1 : right + 1]


def _imperative(verb: Token) -> bool:
    """ "Just don't tell anyone" (a film title) reports nobody's speech."""
    children = list(verb.children)
    if verb.tag_ != "VB" or any(c.dep_ == "nsubj" for c in children):
        return False
    if any(c.dep_ == "aux" and c.lemma_.lower() == "do" for c in children):
        return True
    return verb.dep_ == "ROOT" and not any(c.dep_ == "aux" for c in children)


def _clause(doc: Doc, index: TokenIndex, verb: Token, comp: Token) -> Span | None:
    left, right = comp.left_edge.i, comp.right_edge.i
    if comp.i < verb.i:
        before = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
        left = min(c.left_edge.i for c in before)
        right = verb.i - 1
        subj = subject_of(verb)
        if subj is not None and subj.i < verb.i:
            right = min(right, subj.left_edge.i - 1)
        if not _tag_shape(doc, max(c.right_edge.i for c in before) + 1, verb):
            return None
    else:
        left = max(left, verb.i + 1)
        if not any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in comp.children):
            left = _object_before(doc, verb, comp, left)
            if left == comp.left_edge.i:
                left = _noun_phrase_before(doc, verb, left)
        if right + 1 < len(doc) and right < verb.right_edge.i and doc[right + 1].pos_ in {"AUX", "VERB", "SCONJ"}:
            right = verb.right_edge.i
        right = min(right, _main_clause_limit(doc, verb))
    while left <= right and (_complementiser(doc[left], comp) or doc[left].is_punct or doc[left].is_space):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if left > right:
        return None
    sent = index.sentence(verb.i)
    left, right = max(left, sent.start), min(right, sent.end - 1)
    right = _balance_quotes(doc, left, right, sent.end, verb.i < left)
    return doc[left : right + 1] if left <= right else None


def _complementiser(tok: Token, comp: Token) -> bool:
    """ "said that ...", "asked whether ...": the reported clause starts after its complementiser;
    "said if the goal is peace, then ..." keeps the "if" of a condition inside what was said."""
    if tok.dep_ != "mark":
        return False
    return tok.lower_ == "that" or (tok.lower_ in {"whether", "if"} and tok.head.i == comp.i)


def _balance_quotes(doc: Doc, left: int, right: int, stop: int, forward: bool) -> int:
    """A reported clause never ends inside a quotation: it takes the rest of a quoted fragment it
    runs into, or, when its tag comes after the quotation, stops before it."""
    marks = [i for i in range(left, right + 1) if doc[i].text in DOUBLE_OPEN | DOUBLE_CLOSE]
    if len(marks) % 2 == 1:
        if forward:
            close = next((i for i in range(right + 1, stop) if doc[i].text in DOUBLE_CLOSE), None)
            if close is not None:
                return close
        cut = marks[-1] - 1
        while cut > left and (doc[cut].is_punct or doc[cut].is_space):
            cut -= 1
        return cut
    return right


def _object_before(doc: Doc, verb: Token, comp: Token, left: int) -> int:
    """ "told The Jakarta Post radio broadcasts were being used": the parser made the subject an object."""
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubj"} and verb.i < child.i < comp.i and _only_adverbials(doc, verb, child.right_edge.i + 1, comp.left_edge.i):
            return max(verb.i + 1, child.left_edge.i)
    return left


def _noun_phrase_before(doc: Doc, verb: Token, left: int) -> int:
    """ "announced on Twitter the Federal Aviation Administration and the NTSB were to investigate"."""
    i = left - 1
    start = left
    while i > verb.i and doc[i].pos_ in {"PROPN", "NOUN", "ADJ", "DET", "CCONJ", "NUM"}:
        if doc[i].pos_ == "DET" and doc[i - 1].pos_ not in {"CCONJ"}:
            return i
        start = i
        i -= 1
    return start if doc[start].pos_ != "CCONJ" else left


def _only_adverbials(doc: Doc, verb: Token, start: int, end: int) -> bool:
    return all(t.head.i == verb.i and t.dep_ in {"npadvmod", "advmod"} for t in doc[start:end])


def _main_clause_limit(doc: Doc, verb: Token) -> int:
    """ "Since the agency reported ..., North Korea's media has not spoken": stop before the main clause."""
    node = verb
    for _ in range(4):
        if node.dep_ in {"advcl", "csubj"} and node.head.i > node.i:
            head = node.head
            commas = [i for i in range(verb.i + 1, head.i) if doc[i].text == ","]
            return commas[-1] - 1 if commas else head.i - 1
        if node.head.i == node.i:
            break
        node = node.head
    return len(doc)


def _tag_shape(doc: Doc, start: int, verb: Token) -> bool:
    """Reported clause first: only a comma and a short subject may stand between it and the verb."""
    between = doc[start : verb.i]
    if any(t.text in {";", ":"} for t in between) or len(between) > 8:
        return False
    return any(t.text == "," for t in between) or len(between) <= 3


def _has_verb(span: Span) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in span)


# --- according to ---------------------------------------------------------------------------


def according_candidates(doc: Doc, index: TokenIndex, outside: set[int], in_quote: set[int]) -> Iterator[Candidate]:
    for tok in doc[:-1]:
        if tok.lower_ != "according" or doc[tok.i + 1].lower_ != "to" or tok.i not in outside or tok.i in in_quote:
            continue
        to = doc[tok.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        if source.lower_ in _RELATIVE:
            continue
        phrase_end = source.right_edge.i
        for i in range(to.i + 1, source.right_edge.i + 1):
            if doc[i].text == ",":
                phrase_end = i - 1
                break
        source, phrase_end = _glued_subject(doc, source, phrase_end)
        source, phrase_end = _appositive_name(doc, source, phrase_end)
        source, phrase_end = _titled_name_after_place(doc, source, phrase_end)
        span = _vouched(doc, index.sentence(tok.i), tok.i, _past_apposition(doc, source, phrase_end))
        if span is not None:
            yield Candidate("according_to", span.start_char, span.end_char, tok, source, limit=phrase_end)


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


def _vouched(doc: Doc, sent: Span, first: int, last: int) -> Span | None:
    """The clause the source vouches for: after the phrase when there is one, else before it; the
    whole clause when the phrase interrupts it ("Six of the murders were, according to agreed facts
    heard in court, “sexual in nature” and ...")."""
    after = [t for t in doc[last + 1 : sent.end] if not t.is_space]
    while after and after[0].is_punct:
        after = after[1:]
    while after and after[-1].is_punct and not _closes_bracket(after):
        after = after[:-1]
    interrupted = first > sent.start and doc[first - 1].text == "," and first - 2 >= sent.start and doc[first - 2].pos_ in {"AUX", "VERB"}
    if interrupted and after and doc[first - 2].dep_ in {"ROOT", "ccomp", "conj"}:
        begin = next((t.i for t in doc[sent.start : first] if not (t.is_punct or t.is_space)), first)
        return doc[begin : after[-1].i + 1]
    adjunct = bool(after) and after[0].pos_ == "ADP" and not any(t.pos_ in {"VERB", "AUX"} for t in after)
    if len([t for t in after if not t.is_punct]) >= 3 and not adjunct:
        # "..., according to Kamloops Police, at the McDonald Park playground": a trailing
        # prepositional phrase with no verb is a place or time adjunct, not what the source says.
        return doc[after[0].i : after[-1].i + 1]
    before = [t for t in doc[sent.start : first] if not t.is_space]
    while before and before[-1].is_punct:
        before = before[:-1]
    while before and before[0].is_punct:
        before = before[1:]
    if len(before) >= 3:
        return doc[before[0].i : before[-1].i + 1]
    return None


# --- speakers -------------------------------------------------------------------------------


def subject_of(verb: Token, depth: int = 0, coordinated: bool = False) -> Token | None:
    """The speaking subject of a cue verb, climbing conjoined and participial verbs."""
    quoted = _quoted_as_saying(verb)
    if quoted is not None:
        return quoted
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and any(c.lower_ in _RELATIVE for c in subjects):
        return verb.head
    subjects = [c for c in subjects if c.lower_ not in _RELATIVE | {"this", "these", "those"}]
    participle = verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj", "acl", "pcomp"}
    if participle and subjects and not plausible_speaker(subjects[0]) and depth < 4:
        subjects = []
    if participle and not subjects and depth < 4 and verb.dep_ in {"advcl", "conj"} and _reported_verb(verb.head) and _is_cue(verb, QUOTE_VERBS | INDIRECT_VERBS):
        # "He publicly stated the trial would not be impartial, saying he anticipated ...": the
        # parser hangs the participle on the reported clause; it belongs to the speech verb.
        return subject_of(verb.head.head, depth + 1)
    if subjects and coordinated and len(subjects) > 1:
        # "Wanda Vázquez Garced, the would-be successor should Pierluisi remain unconfirmed, has
        # expressed ...": a verb coordinated after an interruption continues the sentence's first subject.
        plausible = [c for c in subjects if plausible_speaker(c)] or subjects
        return min(plausible, key=lambda c: c.i)
    if len(subjects) == 1 and _campus_after_comma(subjects[0]) is not None:
        return _campus_after_comma(subjects[0])
    if subjects:
        # "..., said study co-author Karen Alley": the small model splits a long inverted subject
        # into several; a name among them outranks the nearest common noun.
        return min(subjects, key=lambda c: (not c.ent_type_ in {"PERSON", "ORG"}, not plausible_speaker(c), abs(c.i - verb.i)))
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if verb.dep_ == "conj" and _reported_verb(verb.head) and _is_cue(verb, QUOTE_VERBS | INDIRECT_VERBS):
        # "The proclamation said “...” and said the emergency began on March 1": the parser hangs
        # the second speech verb on the reported clause; it shares the outer verb's subject.
        return subject_of(verb.head.head, depth + 1)
    if verb.dep_ == "xcomp" and verb.head.i != verb.i:
        # "Backlash from the statement led Biden to express “...”": the object of the governing
        # verb is who speaks.
        controller = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
        if controller is not None and controller.pos_ in {"PROPN", "PRON"} and plausible_speaker(controller):
            return controller
    climb = verb.dep_ in {"conj", "xcomp", "advcl"} or (depth > 0 and verb.pos_ in {"ADV", "ADJ"})
    if depth < 4 and climb and verb.head.i != verb.i:
        # "One of them even went as far to say": the chain to the subject may pass an adverb.
        return subject_of(verb.head, depth + 1, coordinated or verb.dep_ == "conj")
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ in {"VBD", "VBN"} and noun_type(verb.head) in {"person", "group"} and not _agentless_passive(verb):
        # "Members of the House of Commons protested by shouting “shame on you!”": the parser read
        # the finite verb as a participle modifying its own subject.
        return verb.head
    if verb.tag_ == "VBG" and depth == 0:
        return _preceding_subject(verb)
    return None


def _campus_after_comma(subject: Token) -> Token | None:
    """ "Jo Anne Val Tilburg of the University of California, Los Angeles disagreed": the place after
    the comma ends the institution's name; the parser made it the subject. The speaker is the head
    the institution hangs from."""
    doc = subject.doc
    left = subject.left_edge.i
    if subject.ent_type_ != "GPE" or left < 2 or doc[left - 1].text != "," or doc[left - 2].ent_type_ not in {"ORG", "GPE"}:
        return None
    node = doc[left - 2]
    for _ in range(6):
        if node.dep_ == "pobj" and node.head.lower_ in {"of", "at", "from"} and node.head.head.pos_ in {"PROPN", "NOUN"}:
            owner = node.head.head
            if owner.ent_type_ != "ORG" or owner.ent_type_ == "PERSON":
                return owner if plausible_speaker(owner) else None
            node = owner
            continue
        if node.head.i == node.i:
            break
        node = node.head
    return None


def _reported_verb(verb: Token) -> bool:
    """A verb that is the reported clause of a speech verb, and no speech verb itself."""
    head = verb.head
    return verb.dep_ == "ccomp" and head.i != verb.i and _is_cue(head, QUOTE_VERBS | INDIRECT_VERBS) and not _is_cue(verb, QUOTE_VERBS | INDIRECT_VERBS)


def _quoted_as_saying(verb: Token) -> Token | None:
    """ "Politico quoted Tim Manning ... as saying": the object of "quoted" speaks."""
    if verb.tag_ != "VBG":
        return None
    node = verb.head
    for _ in range(2):
        if node.lemma_.lower() in QUOTING_VERBS:
            return next((c for c in node.children if c.dep_ == "dobj"), None)
        node = node.head
    return None


def nearby_subject(verb: Token) -> Token | None:
    """When the parse gives a cue verb no subject: "Jamel Msallem, said", "Ali Soufan told NPR"."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].dep_ == "advmod":
        i -= 1
    if i < 0:
        return None
    if doc[i].text == ",":
        for j in range(i - 1, max(-1, i - 20), -1):
            if doc[j].ent_type_ == "PERSON" and j + 1 < len(doc) and doc[j + 1].text in {",", "of"}:
                return doc[j]
            if doc[j].is_sent_start:
                break
        return None
    tok = doc[i]
    return tok if tok.pos_ in {"PROPN", "NOUN"} and plausible_speaker(tok) else None


def _preceding_subject(verb: Token) -> Token | None:
    """ "the agency reported last week stating ...": a participle speaks for the verb just before it."""
    if verb.is_sent_start:
        return None
    for i in range(verb.i - 1, max(0, verb.i - 6) - 1, -1):
        tok = verb.doc[i]
        if tok.pos_ == "VERB":
            return subject_of(tok, 1)
        if tok.is_sent_start:
            break
    return None


def _resolve(memory: ArticleSpeakers, candidates: list[Candidate]) -> None:
    for c in candidates:
        if c.subject is not None:
            c.speaker = describe(memory, c.subject, limit=c.limit)
        if (c.speaker is None or c.speaker.name is None) and c.cue is not None and c.cue.pos_ in {"VERB", "AUX"} and not _agentless_passive(c.cue):
            alt = nearby_subject(c.cue)
            if alt is None and c.cue.tag_ == "VBG" and c.cue.dep_ == "advcl" and c.cue.head.i > c.cue.i:
                alt = nearby_subject(c.cue.head)
            if alt is not None:
                c.subject, c.speaker = alt, describe(memory, alt)
        if c.subject is not None and c.speaker is not None and c.speaker.name:
            memory.add_subject(c.subject.i, c.speaker, speech=True)
            memory.add_name(c.subject, c.speaker)


def _fill_untagged(candidates: list[Candidate], paragraphs: Sequence[Block], body: str) -> None:
    """Quotes with no tag take the speaker of the quote chain they belong to."""
    quoted = [c for c in candidates if c.quote is not None]
    for n, c in enumerate(quoted):
        prev = quoted[n - 1] if n else None
        nxt = quoted[n + 1] if n + 1 < len(quoted) else None
        unnamed = c.speaker is None or c.speaker.name is None
        if unnamed and c.cue is not None and prev is not None and prev.cue is not None and prev.cue.i == c.cue.i and prev.speaker and prev.speaker.name:
            # "“... remnants;” read the statement; “we will not be deterred ...”": a tag between two
            # quotations that found its speaker for the first one speaks for both.
            c.speaker = prev.speaker
            continue
        unowned_participle = c.cue is not None and c.cue.tag_ == "VBG" and unnamed
        if c.cue is not None and not (unowned_participle and prev is not None and _same_sentence(body, prev, c)):
            continue
        if prev and prev.speaker and prev.speaker.name and (prev.quote.para == c.quote.para or (prev.quote.para == c.quote.para - 1 and _starts_paragraph(c, paragraphs))):
            c.speaker = prev.speaker
        elif nxt and nxt.speaker and nxt.speaker.name and nxt.cue is not None and nxt.quote.para == c.quote.para:
            c.speaker = nxt.speaker
        elif prev and prev.speaker and not prev.quote.closed and prev.quote.para == c.quote.para - 1:
            c.speaker = prev.speaker
    _follow_reported_speech(candidates, paragraphs)


def _follow_reported_speech(candidates: list[Candidate], paragraphs: Sequence[Block]) -> None:
    """An untagged quoted sentence continues the speaker of the reported speech just before it in
    the same paragraph ("Zapata said ... . “It's an isometric exercise for the thighs ...”"); a bare
    fragment without a tag stays the writer's."""
    starts = [b.start for b in paragraphs]
    last: Candidate | None = None
    for c in candidates:
        unowned = c.kind == "direct" and c.quote is not None and c.cue is None and (c.speaker is None or c.speaker.name is None)
        if unowned and last is not None and last.speaker is not None and _para_of(starts, last.start) == c.quote.para:
            c.speaker = last.speaker
        if c.speaker is not None and c.speaker.name:
            last = c


def _para_of(starts: list[int], char: int) -> int:
    return bisect_right(starts, char) - 1


def _same_sentence(body: str, a: Candidate, b: Candidate) -> bool:
    between = body[a.quote.close + 1 : b.quote.open] if a.quote and b.quote else "."
    return not any(ch in _SENT_END for ch in between)


def _starts_paragraph(c: Candidate, paragraphs: Sequence[Block]) -> bool:
    return c.quote is not None and c.quote.open == paragraphs[c.quote.para].start


def _drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Short scare quotes inside a reported clause belong to that clause."""
    indirect = [c for c in candidates if c.kind != "direct" and c.quote is None]
    quoted = [c for c in candidates if c.quote is not None and c.cue is not None]
    out = []
    for c in candidates:
        if c.kind == "partial" and c.quote is not None and len(c.text_words) <= _SCARE_WORDS and _inside_any(c, indirect):
            continue
        if c.kind == "indirect" and c.quote is None and _lead_in(c, quoted):
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


def _drop_nested_self_reports(candidates: list[Candidate]) -> list[Candidate]:
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
        ):
            continue
        out.append(c)
    return out


def _in_translation(body: str, char: int) -> bool:
    """ "((es))Spanish language: ‍hay muchos abortos ...": an inline translation template repeats
    a quotation in its original language; it is no claim of its own."""
    marker = body.rfind(" language:", max(0, char - 60), char)
    if marker < 0 or body.rfind("((", max(0, marker - 40), marker) < 0:
        return False
    return not body[marker + len(" language:") : char].strip(" \u200d\u200b")


def _inside_any(c: Candidate, others: list[Candidate]) -> bool:
    return any(o.start <= c.start and c.end <= o.end for o in others)


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
