"""Speaker choice: which token speaks for a cue verb.

The parse's subject when it has one, climbing conjoined and participial verbs; else the repairs a
news sentence needs when the small model misses it (the noun just before "said", the name after an
inverted "said", a document's author). Pure functions of the parse: the rule families decide when
to use them, and record which one chose the speaker.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .candidates import TokenIndex
from .cues import DOUBLE_OPEN, INDIRECT_VERBS, QUOTE_VERBS, QUOTING_VERBS, SINGLE_OPEN
from .marks import QuoteSpan
from .speakers import document_author, noun_type, plausible_speaker

RELATIVE = frozenset({"who", "which", "that", "whom"})


def is_cue(tok: Token, table: frozenset[str]) -> bool:
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


def agentless_passive(verb: Token) -> bool:
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


def subject_of(verb: Token, depth: int = 0, coordinated: bool = False) -> Token | None:
    """The speaking subject of a cue verb, climbing conjoined and participial verbs."""
    quoted = _quoted_as_saying(verb)
    if quoted is not None:
        return quoted
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and any(c.lower_ in RELATIVE for c in subjects):
        return verb.head
    # "this says", "those say" point at no one; "those surveyed say", "those who voted say" are people
    subjects = [c for c in subjects if c.lower_ not in RELATIVE | {"this", "these", "those"} or (c.lower_ == "those" and any(k.dep_ in {"acl", "relcl"} for k in c.children))]
    participle = verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj", "acl", "pcomp"}
    if participle and subjects and not plausible_speaker(subjects[0]) and depth < 4:
        subjects = []
    if participle and not subjects and depth < 4 and verb.dep_ in {"advcl", "conj"} and _reported_verb(verb.head) and is_cue(verb, QUOTE_VERBS | INDIRECT_VERBS):
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
    if verb.dep_ == "conj" and _reported_verb(verb.head) and is_cue(verb, QUOTE_VERBS | INDIRECT_VERBS):
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
    if verb.dep_ == "acl" and verb.tag_ in {"VBD", "VBN"} and noun_type(verb.head) in {"person", "group"} and not agentless_passive(verb):
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
    return verb.dep_ == "ccomp" and head.i != verb.i and is_cue(head, QUOTE_VERBS | INDIRECT_VERBS) and not is_cue(verb, QUOTE_VERBS | INDIRECT_VERBS)


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
    if tok.ent_type_ in {"DATE", "TIME"}:
        return None  # "voters going to the polls Tuesday say": a day is nobody
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


def noun_before(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
    """The parser often misses "Day said": take the nearest noun before the verb."""
    for i in range(verb.i - 1, max(frame[0] if frame else verb.i, verb.i - 8) - 1, -1):
        tok = doc[i]
        if tok.pos_ in {"NOUN", "PROPN", "PRON"}:
            return tok if plausible_speaker(tok) else None
        if tok.pos_ == "VERB" or tok.text in {",", ";", ":"}:
            return None
    return None


def object_after(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
    """ "..., said the minister.", "..., read the warning.": an inverted tag's speaker follows the verb."""
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


def trailing_name(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
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


def inverted_subject(doc: Doc, verb: Token, frame: list[int]) -> Token | None:
    """ "Remarked Center for Biological Diversity scientist Tierra Curry, “...”": the name after an opening verb."""
    words = [i for i in frame if not doc[i].is_space]
    if not words or words[0] != verb.i or doc[words[-1]].text not in {",", ":"}:
        return None
    names = [doc[i] for i in words if doc[i].ent_type_ == "PERSON"]
    if names:
        return names[-1]
    last = doc[words[-2]] if len(words) > 1 else None
    return last if last is not None and last.pos_ == "PROPN" else None


def document_between(doc: Doc, index: TokenIndex, q: QuoteSpan, start: int, cue: Token) -> Token | None:
    """ "The Coast Guard has announced an order by Commandant Elson Hermogino directing units to
    “join ...”": a document with an author between the quote and its tag verb speaks for the author."""
    tok = doc[index.at(start)]
    through_verb = False
    for _ in range(12):
        if tok.i == cue.i or tok.head.i == tok.i:
            return None
        outside = not q.open < tok.idx < q.close
        if tok.pos_ in {"NOUN", "PROPN"} and tok.i > cue.i and outside and through_verb:
            author = authored_by(tok)
            if author is not None:
                return author
        # Only a clause that hangs off the document ("an order ... directing units to “...”")
        # puts the quote inside it; "opposed Macron's statement: “...”" answers the document.
        through_verb = through_verb or (outside and tok.pos_ == "VERB")
        tok = tok.head
    return None


def authored_by(noun: Token) -> Token | None:
    """The author of a document noun named by "by X" or "X's", not "of X" ("acts of “domestic terror”")."""
    author = document_author(noun)
    if author is None or (author.head.lower_ == "of" and author.dep_ == "pobj"):
        return None
    return author if plausible_speaker(author) else None


# Clauses a controlling subject is looked for through: a participle or a quoted fragment reaches
# its speaker through the verb its clause, phrase or object hangs from.
_CONTROL_DEPS = frozenset({"advcl", "acl", "pcomp", "prep", "pobj", "dobj", "xcomp", "conj", "ccomp", "relcl", "attr", "acomp", "oprd", "dative", "npadvmod", "appos", "amod", "compound", "advmod", "agent"})
_NOT_CONTROLLERS = frozenset({"it", "there", "this", "that", "these", "those", "what", "which", "who", "whom"})


def controlling_subject(tok: Token, steps: int = 8) -> Token | None:
    """ "Bolton distanced himself from the movement by saying ...", "Trump made a third attempt to
    deflect the criticism, writing on Twitter that ...", "Lee mocked the plan as “...”": the subject
    of the nearest clause above `tok` (that does not hold `tok` itself) controls it, when it can
    speak; "Prices rose, indicating ..." has no speaker."""
    node = tok
    for _ in range(steps):
        if node.head.i == node.i or node.dep_ not in _CONTROL_DEPS:
            return None
        node = node.head
        if node.pos_ not in {"VERB", "AUX"}:
            continue
        subject = next((c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            continue
        if subject.left_edge.i <= tok.i <= subject.right_edge.i:
            return None
        if subject.lower_ in RELATIVE and node.dep_ == "relcl":
            # "a surrogate who said ...": the noun the relative clause describes speaks.
            return node.head if node.head.pos_ in {"NOUN", "PROPN"} and plausible_speaker(node.head) else None
        if subject.lower_ in _NOT_CONTROLLERS or not plausible_speaker(subject):
            return None
        return subject
    return None
