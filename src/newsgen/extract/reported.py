"""Reported speech: "X said (that) ...", "..., he noted.", and the shapes the small model misparses.

A cue verb of saying with a clausal complement reports that clause; when the parser hangs the clause
elsewhere (an inverted tag, a parenthetical tag, a clause read as an object or a relative clause),
a named repair finds it. Each shape is a rule in `rules.py`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span, Token

from .candidates import Candidate, TokenIndex
from .cues import (
    CONTENT_OBJECT_VERBS,
    DOUBLE_CLOSE,
    DOUBLE_OPEN,
    INDIRECT_VERBS,
    NOUN_PHRASE_VERBS,
    QUESTION_VERBS,
    QUESTION_WORDS,
    QUOTE_VERBS,
    STANCE_VERBS,
    TOPIC_VERBS,
    UTTERANCE_NOUNS,
)
from .marks import SCARE_WORDS, QuoteSpan
from .rules import fire
from .speakers import plausible_speaker
from .subjects import RELATIVE, controlling_subject, is_cue, subject_of


def indirect_candidates(doc: Doc, index: TokenIndex, outside: set[int], in_quote: set[int], quotes: list[QuoteSpan]) -> Iterator[Candidate]:
    """ "X said (that) ...", "X warned Wednesday that ...", "..., he noted." """
    opens = [q.open for q in quotes]
    body = doc.text
    for tok in doc:
        if tok.i not in outside or tok.i in in_quote:
            continue
        lemma = tok.lemma_.lower()
        if lemma not in _ANY_CUE:
            continue  # the cheap test first: most words are no cue at all
        made = False
        for candidate in _cue_candidates(doc, index, tok, lemma, in_quote, quotes, opens, body):
            made = True
            yield candidate
        if not made and (lemma in NOUN_PHRASE_VERBS or lemma in TOPIC_VERBS):
            found = _noun_phrase_report(doc, index, tok, in_quote)
            if found is not None and fire("reported.noun_phrase"):
                span, subject = found
                yield Candidate("indirect", span.start_char, span.end_char, tok, subject, rule="reported.noun_phrase")


def _cue_candidates(doc: Doc, index: TokenIndex, tok: Token, lemma: str, in_quote: set[int], quotes: list[QuoteSpan], opens: list[int], body: str) -> Iterator[Candidate]:
    """What one cue word reports, by the first rule whose shape it has."""
    if lemma in _CHARACTERISING and tok.pos_ == "VERB":
        span = _characterisation(doc, index, tok, in_quote)
        if span is not None and fire("reported.characterisation"):
            yield Candidate("indirect", span.start_char, span.end_char, tok, subject_of(tok), rule="reported.characterisation")
            return
    if lemma == "make":
        span = _made_clear(doc, index, tok, in_quote)
        if span is not None and fire("reported.made_clear"):
            yield Candidate("indirect", span.start_char, span.end_char, tok, subject_of(tok), rule="reported.made_clear")
        return
    if lemma in QUESTION_VERBS and tok.pos_ == "VERB":
        found = _question(doc, index, tok, in_quote)
        if found is not None and fire("reported.question"):
            span, subject = found
            yield Candidate("indirect", span.start_char, span.end_char, tok, subject, rule="reported.question")
        return
    if not is_cue(tok, INDIRECT_VERBS) or _imperative(tok):
        if lemma in STANCE_VERBS and tok.pos_ == "VERB" and not _imperative(tok):
            yield from _stance_candidate(doc, index, tok, in_quote)
        return
    if any(c.dep_ == "nsubjpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children):
        return
    for comp in sorted(tok.children, key=lambda c: (c.i < tok.i, not _after_colon(doc, tok, c))):
        if comp.dep_ == "ccomp":
            rule = "reported.clause"
        elif _gerund_subject_clause(tok, comp):
            rule = "reported.gerund_subject"
        else:
            continue
        if comp.i < tok.i and is_cue(comp, QUOTE_VERBS | INDIRECT_VERBS) and _reports_itself(comp):
            # "He said Zelensky is “...”; however, “...”, he added.": a report with its own
            # speech verb before a trailing tag is that verb's claim, not the tag's; "Washington
            # did not complain ..., an official said" reports nothing of its own.
            continue
        span = _clause(doc, index, tok, comp)
        if span is None or _opens_in_quote(body, span, quotes, opens) or len(span) < 3:
            continue
        if not _has_verb(span) or not fire(rule):
            continue
        yield Candidate("indirect", span.start_char, span.end_char, tok, subject_of(tok), rule=rule)
        break
    else:
        found, rule = _first_repair(doc, index, tok, _CLAUSE_REPAIRS)
        if found is not None and found[0].start not in in_quote and not _opens_in_quote(body, found[0], quotes, opens):
            span, subject = found
            yield Candidate("indirect", span.start_char, span.end_char, tok, subject, rule=rule)
            return
        span, rule = _first_object_clause(doc, index, tok)
        if span is not None and span.start not in in_quote:
            yield Candidate("indirect", span.start_char, span.end_char, tok, subject_of(tok), rule=rule)
            return
        found = _verb_read_as_modifier(doc, index, tok)
        if found is not None and found[0].start not in in_quote and fire("reported.verb_read_as_modifier"):
            span, subject = found
            yield Candidate("indirect", span.start_char, span.end_char, tok, subject, rule="reported.verb_read_as_modifier")
            return
        if lemma in STANCE_VERBS:
            yield from _stance_candidate(doc, index, tok, in_quote)


def _noun_phrase_report(doc: Doc, index: TokenIndex, verb: Token, in_quote: set[int]) -> tuple[Span, Token] | None:
    """ "Lee proposed a tax on carbon", "questioned the mayor's judgment", "talked about the stock
    market", "called for a ban on imports": a speech verb whose object is a noun phrase reports that
    message in brief; with no clause to report, the phrase is what was said. A pronoun object
    ("proposed it"), a bare name (who was addressed) or a negated, passive or infinitive verb says
    nothing of its own; verbs of disclosure ("announced a deal") are not in NOUN_PHRASE_VERBS."""
    if verb.pos_ != "VERB" or _imperative(verb):
        return None
    children = list(verb.children)
    if any(c.dep_ in {"nsubjpass", "auxpass", "dative"} or (c.dep_ == "aux" and c.lower_ == "to") or (c.dep_ == "xcomp" and c.tag_ != "VBG") for c in children):
        return None  # passive, "denied Carter a photograph", "urged voters not to ...", "has until Friday to disclose ..."
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children):
        return None  # "when asked about the merger, Lee said ...": the one asked speaks, not the asker
    lemma = verb.lemma_.lower()
    obj = None
    if lemma in NOUN_PHRASE_VERBS:
        # "proposed a ban", "proposed barring all imports" (a gerund the parser reads as xcomp), "proposed that ..."
        obj = next((c for c in children if c.dep_ in {"dobj", "xcomp", "ccomp"} and c.i > verb.i and (c.dep_ == "dobj" or c.pos_ == "VERB")), None)
    if obj is None and lemma in TOPIC_VERBS:
        # "spoke about the cost", or "spoke at length about the cost", where the parser hangs "about" one phrase down
        preps = [c for c in children if c.dep_ == "prep" and c.i > verb.i]
        preps += [g for c in preps for o in c.children if o.dep_ == "pobj" for g in o.children if g.dep_ == "prep" and g.lower_ == "about"]
        prep = next((c for c in preps if c.lower_ in TOPIC_VERBS[lemma]), None)
        obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep is not None else None
        if obj is not None and obj.dep_ == "pcomp" and obj.pos_ == "VERB":
            # "talked about moving on", "spoke about what he sees as ...": a gerund or a wh-clause is the topic
            obj = obj if obj.tag_ == "VBG" or obj.left_edge.tag_ in {"WP", "WRB", "WDT"} else None
    if obj is None or obj.pos_ not in {"NOUN", "PROPN", "VERB"} or obj.lemma_.lower() in UTTERANCE_NOUNS:
        return None  # "repeated his remarks", "echoed the statement": the words are elsewhere, not in the phrase
    if obj.dep_ == "dobj" and obj.ent_type_ == "PERSON" and all(t.i == obj.i or t.dep_ == "compound" for t in obj.subtree):
        return None  # "questioned Lee about ...", "mentioned Hale": a bare name is who was addressed or named, not what was said
    if sum(c.dep_ == "dobj" for c in children) > 1 or any(c.dep_ in {"oprd", "ccomp", "xcomp"} for c in obj.children):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in [*children, *obj.children]):
        return None  # "acknowledged the faults as possible causes": a characterisation, whose verbs are tabled
    if _negated(verb) or _within_report(verb) or any(t.i in in_quote for t in verb.subtree):
        return None  # "did not admit defeat"; "claimed she first complained of theft"; "calling for X “...”": the quotation is the claim
    subject = subject_of(verb)
    if subject is None and verb.tag_ == "VBG" and verb.dep_ in {"pcomp", "advcl"}:
        subject = controlling_subject(verb)  # "by touting her record", "..., talking about the economy"
    if subject is None or not (subject.pos_ == "PRON" or plausible_speaker(subject)):
        return None
    if subject.dep_ == "conj" or any(t.dep_ == "cc" for t in subject.subtree):
        return None  # "Lee and Hale announced their agreement": a joint act of two parties, no one speaker's message
    sent = index.sentence(verb.i)
    left, right = obj.left_edge.i, min(obj.right_edge.i, sent.end - 1)
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < right and doc[left].dep_ == "mark" and doc[left].lower_ == "that":
        left += 1
    if left <= verb.i or right - left < 1:
        return None
    if right + 2 < sent.end and doc[right + 1].lower_ == "to" and doc[right + 2].tag_ == "VB":
        return None  # "called for the government to act": the infinitive the parser hung elsewhere is the demand
    if any(i in in_quote or doc[i].text in DOUBLE_OPEN | DOUBLE_CLOSE for i in range(left, right + 1)):
        return None
    return doc[left : right + 1], subject


def _negated(verb: Token) -> bool:
    """ "did not mention the wall", "did not concede or admit defeat": a speech act that did not happen says nothing."""
    node = verb
    for _ in range(3):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ != "conj" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _within_report(verb: Token) -> bool:
    """ "The defendants claimed she first complained of theft": a speech act inside another speaker's
    reported clause is part of that report, not a claim of its own."""
    node = verb
    for _ in range(6):
        if node.head.i == node.i:
            return False
        if node.dep_ == "ccomp" and is_cue(node.head, INDIRECT_VERBS | QUOTE_VERBS):
            return True
        node = node.head
    return False


def _reports_itself(verb: Token) -> bool:
    """A clause whose own verb has a subject and a reported clause or an object; "organizers added
    160 guards, the paper reported" uses the verb in another sense."""
    children = list(verb.children)
    return any(c.dep_ == "nsubj" for c in children) and any(
        c.i > verb.i and (c.dep_ == "ccomp" or (c.dep_ == "dobj" and not _common_object(c))) for c in children)


def _common_object(obj: Token) -> bool:
    """A counted object ("added 160 guards", "reported 906 attacks"): an amount, not words."""
    return obj.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in obj.children)


def _made_clear(doc: Doc, index: TokenIndex, verb: Token, in_quote: set[int]) -> Span | None:
    """ "The minister made it clear that the tax would stay", "made clear the deal was off": what
    someone makes clear is what they said; the parser hangs the clause on "make" or on "clear"."""
    k = verb.i + 2 if verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "it" else verb.i + 1
    if k >= len(doc) or doc[k].lower_ != "clear":
        return None
    clear = doc[k]
    # the clause hangs from "make" or "clear", or "clear" from it ("made clear the team would ...")
    options = [*clear.children, *verb.children, clear.head]
    comp = next((c for c in options if c.dep_ in {"ccomp", "advcl"} and c.i > clear.i and c.pos_ in {"VERB", "AUX"}), None)
    if comp is None or not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in comp.children):
        return None
    left, right = max(comp.left_edge.i, clear.i + 1), min(comp.right_edge.i, index.sentence(verb.i).end - 1)
    while left < right and (doc[left].lower_ == "that" or doc[left].is_punct):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - left < 2 or any(i in in_quote for i in range(left, right + 1)):
        return None
    return doc[left : right + 1]


def _stance_candidate(doc: Doc, index: TokenIndex, verb: Token, in_quote: set[int]) -> Iterator[Candidate]:
    span = _stance(doc, index, verb, in_quote)
    if span is not None and fire("reported.stance"):
        yield Candidate("indirect", span.start_char, span.end_char, verb, subject_of(verb), rule="reported.stance")


def _stance(doc: Doc, index: TokenIndex, verb: Token, in_quote: set[int]) -> Span | None:
    """ "vowed to cut taxes", "urged voters to stay home", "called for the minister to resign",
    "accused the mayor of lying": what a demand, promise or charge states is its infinitive or its
    "for" or "of" phrase; a bare event noun ("called for his resignation", "denied the report") is
    no claim of its own."""
    children = list(verb.children)
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in children):
        return None  # "was urged to ...": the subject is who was asked, not who asked
    lemma = verb.lemma_.lower()
    obj = next((c for c in children if c.dep_ in {"dobj", "dative"} and c.i > verb.i), None)
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    preps = {c.lower_: c for c in children if c.dep_ in {"prep", "prt"} and c.i > verb.i}
    left = right = None
    # "called for the president to resign": the parser reads "for" as the mark of an infinitive clause
    # with its own subject, hung on the verb as an adverbial clause
    for_clause = next((c for c in children if c.dep_ == "advcl" and c.i > verb.i and c.left_edge.lower_ == "for" and c.left_edge.dep_ == "mark"
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) and any(a.dep_ == "nsubj" for a in c.children)), None)
    if lemma == "call" and for_clause is not None and "for" not in preps:
        left, right = for_clause.left_edge.i + 1, for_clause.right_edge.i
    elif lemma == "call":
        target = preps.get("for") or preps.get("on")
        # "called for the minister to resign", "called on voters to ...": a call that states an
        # action; "called for his resignation" names an event, which is no claim of its own.
        acting = xcomp is not None or (target is not None and any(t.pos_ == "VERB" for t in target.subtree))
        if target is not None and (target.lower_ == "for" or xcomp is not None) and acting:
            left, right = target.i + 1, (xcomp or target).right_edge.i
            if target.lower_ == "on" and xcomp is None:
                return None
    elif lemma == "accuse":
        of = preps.get("of")
        if of is None and obj is not None:  # the parser may hang "of ..." on the accused
            of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if obj is not None and of is not None:
            left, right = obj.left_edge.i, of.right_edge.i
    elif xcomp is not None:
        left, right = (obj.left_edge.i if obj is not None and obj.i < xcomp.i else xcomp.left_edge.i), xcomp.right_edge.i
    if left is None or right is None:
        return None
    if any(t.i in in_quote for t in verb.subtree):
        return None  # "calling for X “in the best interests of the country”": the quotation is the claim
    sent = index.sentence(verb.i)
    right = min(right, sent.end - 1)
    while right > left and (doc[right].is_punct or doc[right].is_space or doc[right].pos_ == "CCONJ"):
        right -= 1
    if right - left < 1 or any(i in in_quote or doc[i].text in DOUBLE_OPEN | DOUBLE_CLOSE for i in range(left, right + 1)):
        return None
    return doc[left : right + 1]


def _question(doc: Doc, index: TokenIndex, verb: Token, in_quote: set[int]) -> tuple[Span, Token | None] | None:
    """ "Lee asked the minister whether the plant would close", "asked the court to block the
    rules", "Asked by reporters if she would run, Lee said ...": an indirect question or request is
    what the asker said. A passive asker is the "by" phrase, or nobody named (an interviewer)."""
    children = list(verb.children)
    passive = verb.tag_ == "VBN" and (any(c.dep_ == "auxpass" for c in children) or verb.dep_ in {"advcl", "ROOT"} and not any(c.dep_ == "nsubj" for c in children))
    comp = None
    for child in children:
        if child.i < verb.i:
            continue
        if child.dep_ in {"ccomp", "advcl"} and (child.left_edge.lower_ in QUESTION_WORDS or child.left_edge.tag_ in {"WDT", "WP", "WRB"}):
            comp = child
        elif child.dep_ == "xcomp" and not passive and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            comp = child
        elif child.dep_ == "prep" and child.lower_ == "about" and passive:
            comp = child
        if comp is not None:
            break
    if comp is None:
        return None
    left, right = comp.left_edge.i, comp.right_edge.i
    if comp.dep_ == "xcomp":
        addressee = next((c for c in children if c.dep_ in {"dobj", "dative"} and verb.i < c.i < comp.i), None)
        if addressee is None:
            return None
        left = addressee.left_edge.i
    if comp.dep_ == "prep":
        left += 1
    sent = index.sentence(verb.i)
    right = min(right, sent.end - 1)
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - left < 1 or any(i in in_quote for i in range(left, right + 1)):
        return None
    if passive:
        agent = next((c for c in children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    else:
        subject = subject_of(verb)
    return doc[left : right + 1], subject


# "described X as Y", "called X Y": verbs whose object and its description are what was said.
_CHARACTERISING = frozenset("describe characterize characterise portray label brand dub call".split())
# Every lemma the loop in `indirect_candidates` acts on ("put" and "phrase" for "as X put it").
_ANY_CUE = INDIRECT_VERBS | QUESTION_VERBS | STANCE_VERBS | _CHARACTERISING | NOUN_PHRASE_VERBS | TOPIC_VERBS.keys() | {"put", "phrase", "make"}


def _characterisation(doc: Doc, index: TokenIndex, verb: Token, in_quote: set[int]) -> Span | None:
    """ "Trump describes himself as antiabortion", "called himself pro-choice", "labeled the plan a
    giveaway": what someone calls a thing is their claim about it, the object with its description;
    "called the police" or "described the scene" alone says nothing about them."""
    children = list(verb.children)
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in children) or subject_of(verb) is None:
        return None
    obj = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None:
        return None
    if verb.lemma_.lower() in {"call", "dub", "label", "brand"}:
        desc = next((c for c in children if c.dep_ in {"oprd", "xcomp"} and c.i > obj.i), None)
        desc = desc or next((c for c in obj.children if c.dep_ in {"appos", "amod"} and c.i > obj.i and c.pos_ in {"NOUN", "ADJ", "PROPN"}), None)
    else:
        desc = None
    if desc is None:
        desc = next((c for c in [*children, *obj.children] if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i), None)
    if desc is None or not any(t.pos_ in {"NOUN", "ADJ", "PROPN", "VERB"} for t in desc.subtree if t.i != desc.i or desc.lower_ != "as"):
        return None
    sent = index.sentence(verb.i)
    left, right = obj.left_edge.i, min(desc.right_edge.i, sent.end - 1)
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - left < 2 or any(i in in_quote or doc[i].text in DOUBLE_OPEN | DOUBLE_CLOSE for i in range(left, right + 1)):
        return None
    return doc[left : right + 1]

Repair = Callable[[Doc, TokenIndex, Token], tuple[Span, Token] | None]


def _first_repair(doc: Doc, index: TokenIndex, verb: Token, repairs: tuple[tuple[str, Repair], ...]) -> tuple[tuple[Span, Token] | None, str]:
    """The first repair, in rule order, that finds the clause a complement-less cue verb reports."""
    for name, repair in repairs:
        found = repair(doc, index, verb)
        if found is not None and fire(name):
            return found, name
    return None, ""


def _first_object_clause(doc: Doc, index: TokenIndex, verb: Token) -> tuple[Span | None, str]:
    span = _object_clause(doc, index, verb)
    if span is not None and fire("reported.object_clause"):
        return span, "reported.object_clause"
    span = _parenthetical(doc, verb)
    if span is not None and fire("reported.parenthetical"):
        return span, "reported.parenthetical"
    return None, ""


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
    inverted = next((c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i), None)
    if inverted is None and (any(c.dep_ in {"nsubj", "nsubjpass", "ccomp"} for c in verb.children) or any(c.dep_ == "cc" and c.i < verb.i for c in head.children if c.i > head.i)):
        return None
    if inverted is not None and any(c.dep_ in {"nsubjpass", "ccomp", "dobj"} or (c.dep_ == "nsubj" and c.i < verb.i) for c in verb.children):
        return None
    # "..., but it is under pressure, said the chief executive, Ann Lee.": an inverted subject after the verb speaks too
    speaker = inverted or next((c for c in verb.children if c.dep_ in {"dobj", "attr"} and c.i > verb.i), None)
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
    if verb.dep_ not in {"parataxis", "advcl"} or verb.head.i >= verb.i:
        return None
    if verb.dep_ == "advcl" and any((c.dep_ == "mark" or c.tag_ == "WRB") and c.i < verb.i for c in verb.children):
        return None  # "..., as the paper reported", "when Lee said": a subordinate clause, not a tag
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
    return not (q.closed and q.close < span.end_char and len(body[q.open + 1 : q.close].split()) <= SCARE_WORDS)


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
        if node.dep_ == "relcl" and any(c.lower_ in RELATIVE | {"whose"} and c.i < node.i for c in node.subtree):
            return True
        node = node.head
    return False


def _parenthetical(doc: Doc, verb: Token) -> Span | None:
    """ "Day, they said, desired ...", "DW reported in mid-2019, 62 outlets had closed": the tag sits before the clause."""
    head = verb.head
    if head.dep_ in {"aux", "auxpass"} and head.head.i > head.i:
        head = head.head  # "Even then, he said, he’s learned ...": the parser hung the tag on the auxiliary
    if head.i <= verb.i or head.pos_ not in {"VERB", "AUX"}:
        return None
    if verb.dep_ not in {"ccomp", "parataxis"} and not (verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)):
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in verb.children):
        return None
    if verb.dep_ == "ccomp" and is_cue(head, QUOTE_VERBS | INDIRECT_VERBS):
        return None  # "Washington did not complain ..., an official said": the reported clause, not a tag
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


_CLAUSE_REPAIRS: tuple[tuple[str, Repair], ...] = (
    ("reported.inverted_tag", _inverted_tag),
    ("reported.trailing_tag", _trailing_parataxis),
    ("reported.bare_clause", _asyndetic_clause),
    ("reported.that_read_as_relative", _that_clause_read_as_relative),
)
