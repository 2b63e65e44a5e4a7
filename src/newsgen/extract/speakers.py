"""Who a subject noun phrase names: name, role and type, resolved within one article.

Without a coreference model, resolution leans on news conventions: a person is named in full
once and by surname afterwards, titles ("the minister") point back to the holder named earlier,
and a bare pronoun tag continues the most recent fitting subject.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .cues import (
    ADDRESS_HONORIFICS,
    DOCUMENT_NOUNS,
    ENTITY_TYPES,
    EVIDENCE_NOUNS,
    GENDERED,
    GENDERED_NOUNS,
    GROUP_NOUNS,
    HONORIFICS,
    INSCRIPTION_NOUNS,
    NON_SPEAKERS,
    ORGANISATION_NOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLE_NOUNS,
    PLACES,
    PLACE_NOUNS,
    PLURAL_PRONOUNS,
    PUBLISHING_VERBS,
    QUANTIFIERS,
    SUBORDINATE_TITLE_WORDS,
    THING_PRONOUNS,
)
from .entities import Entity, corrected_entities, entity_index, extend_name, surname
from .rules import fire

_RELATIVE = frozenset({"who", "which", "that", "whom"})
# How many more votes the other gender needs before a pronoun may skip a person: one pronoun after a
# name is often someone else's ("Dexter Wakefield told the Post that she was a regular"), so it takes
# two; a form of address ("Ms. Khan") weighs ten and settles it alone.
_GENDER_MARGIN = 2
_DROP_CHILD_DEPS = frozenset({"relcl", "punct", "advmod", "cc", "prep", "acl", "appos", "nummod", "det", "predet"})
_KEEP_PREPS = frozenset({"of", "for", "at", "under", "from", "in"})
_EMBEDDED_DEPS = frozenset({"ccomp", "relcl", "acl", "xcomp", "csubj", "pcomp", "parataxis"})
# "One of them", "Some of us": a group already in view, named by the quantifier phrase itself.
_PARTITIVE_PRONOUNS = frozenset({"them", "us", "those", "these"})
_DEMONSTRATIVES = frozenset({"this", "that"})
_TIME_ENTITIES = frozenset({"DATE", "TIME"})
_COORDINATORS = frozenset({"and", "or", "&"})
_EDGE_DROP = frozenset({"the", "a", "an", ",", "—", "-", "–", "(", ")", "'s", "’s", "’", "'"})


@dataclass
class Speaker:
    """A resolved speaker; `name` is None when the article does not make it clear."""

    name: str | None
    type: str = "unknown"
    role: str | None = None
    # The conjuncts of a coordinated speaker ("Rajamma and her husband"): a later "she" continues one of them.
    members: tuple[Speaker, ...] = field(default=(), repr=False, compare=False)
    # The speaker rule that resolved this name, when resolution itself was one ("speaker.role_holder").
    rule: str | None = field(default=None, repr=False, compare=False)


@dataclass
class Mention:
    position: int
    speaker: Speaker
    speech: bool = False
    # Found past a more recent subject of the other gender ("speaker.pronoun_gender").
    by_gender: bool = False


@dataclass
class ArticleSpeakers:
    """Per-article memory: names, roles and recent subjects, built once in O(article)."""

    doc: Doc
    entities: list[Entity]
    by_token: dict[int, Entity]
    full_names: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    roles: list[tuple[int, str, str]] = field(default_factory=list)
    subjects: list[Mention] = field(default_factory=list)
    _subject_pos: list[int] = field(default_factory=list)
    excluded: set[int] = field(default_factory=set)
    gender: dict[str, dict[str, int]] = field(default_factory=dict)
    _sent_starts: list[int] = field(default_factory=list)
    org_heads: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    middle_names: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # How often each person is the subject of a clause: who the article is about, when namesakes tie.
    mentions: dict[str, int] = field(default_factory=dict)

    def add_subject(self, position: int, speaker: Speaker, speech: bool = False) -> None:
        """Claims resolve in article order, so the insert is almost always at the end. `speech`
        marks the subject of a claim's speech verb."""
        if speaker.name is None:
            return
        i = bisect_left(self._subject_pos, position)
        if i < len(self._subject_pos) and self._subject_pos[i] == position:
            self.subjects[i] = Mention(position, speaker, speech or self.subjects[i].speech)
            return
        self._subject_pos.insert(i, position)
        self.subjects.insert(i, Mention(position, speaker, speech))
        if speaker.type == "person":
            self.mentions[speaker.name] = self.mentions.get(speaker.name, 0) + 1

    def add_name(self, head: Token, speaker: Speaker) -> None:
        """ "..., said University of California, San Diego's chancellor, Pradeep Khosla.": a speaker
        the model did not tag as a person is still a full name that a later "Khosla" points back to."""
        words = (speaker.name or "").split()
        if head.i in self.by_token or head.pos_ != "PROPN" or not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
            return
        if words[-1] != head.text or any(w.lower() in ORGANISATION_NOUNS | HONORIFICS for w in words):
            return
        options = self.full_names.setdefault(name_key(surname(speaker.name)), [])
        if (head.i, speaker.name) not in options:
            options.append((head.i, speaker.name))
            options.sort()

    def recent(self, position: int, types: frozenset[str], gender: str | None = None) -> Speaker | None:
        mention = self.recent_mention(position, types, gender)
        return mention.speaker if mention is not None else None

    def recent_mention(self, position: int, types: frozenset[str], gender: str | None = None) -> Mention | None:
        """The latest fitting subject; within its sentence, the least embedded one wins, because a
        pronoun continues the main-clause subject ("Mugabe agreed to power-sharing in which
        Tsvangirai became prime minister. ... he declared" is Mugabe), not a name in a
        relative or reported clause. The latest speaker of a claim outranks both: "Duda said ...
        while Interior Minister Joachim Brudziński wrote ... . He tweeted" is Brudziński."""
        i = bisect_right(self._subject_pos, position - 1)
        best: Mention | None = None
        sentence = -1
        passed_over = False
        for mention in reversed(self.subjects[max(0, i - 40):i]):
            if mention.speaker.type not in types:
                member = next((m for m in mention.speaker.members if m.type in types and m.name and not self._other_gender(m.name, gender)), None)
                if member is None:
                    continue
                mention = Mention(mention.position, member, mention.speech)
            elif self._other_gender(mention.speaker.name, gender) and fire("speaker.pronoun_gender"):
                passed_over = passed_over or best is None
                continue
            k = self.sentence_of(mention.position)
            if best is None:
                best, sentence = mention, k
            elif k != sentence:
                break
            elif best.speech:
                continue
            elif mention.speech or self.embedding(mention.position) < self.embedding(best.position):
                best = mention
        if best is not None and passed_over:
            return Mention(best.position, best.speaker, best.speech, by_gender=True)
        return best

    def recent_speaker(self, position: int, types: frozenset[str], sentences: int) -> Speaker | None:
        """The latest speaker of a claim of a fitting type within the last few sentences."""
        i = bisect_right(self._subject_pos, position - 1)
        here = self.sentence_of(position)
        for mention in reversed(self.subjects[max(0, i - 40):i]):
            if here - self.sentence_of(mention.position) > sentences:
                return None
            if mention.speech and mention.speaker.type in types:
                return mention.speaker
        return None

    def sentence_of(self, position: int) -> int:
        if not self._sent_starts:
            self._sent_starts = [s.start for s in self.doc.sents]
        return bisect_right(self._sent_starts, position) - 1

    def embedding(self, position: int) -> int:
        """How many clauses deep a subject sits below its sentence's main verb."""
        tok = self.doc[position]
        depth = 0
        for _ in range(20):
            if tok.dep_ in _EMBEDDED_DEPS:
                depth += 1
            if tok.head.i == tok.i:
                break
            tok = tok.head
        return depth

    def _other_gender(self, name: str | None, gender: str | None) -> bool:
        """Whether the article has told us `name` is not of `gender`: a gendered noun in the name
        ("his wife"), else the votes, by a clear margin (`_GENDER_MARGIN`)."""
        votes = self.gender.get(name or "", {})
        if gender is None:
            return False
        words = (name or "").lower().split()
        noun = next((GENDERED_NOUNS[w] for w in reversed(words) if w in GENDERED_NOUNS), None)
        if noun is not None:
            return noun != gender
        if not votes:
            return False
        return votes.get(gender, 0) + _GENDER_MARGIN <= sum(votes.values()) - votes.get(gender, 0)


def build_memory(doc: Doc, skip_tokens: set[int], quoted: frozenset[int] | set[int] = frozenset()) -> ArticleSpeakers:
    """Index person names outside headings, and subjects outside headings and quotations
    (a quoted "he" is the speaker's, not the writer's)."""
    ents = corrected_entities(doc)
    memory = ArticleSpeakers(doc=doc, entities=ents, by_token=entity_index(ents), excluded=skip_tokens | set(quoted))
    for ent in ents:
        words = ent.text.split()
        if ent.label == "ORG" and len(words) >= 2 and ent.start not in skip_tokens:
            memory.org_heads.setdefault(words[-1].lower(), []).append((ent.start, ent.text))
            root = doc[ent.start : ent.end].root
            if root.i != ent.end - 1 and root.text[:1].isupper() and root.pos_ == "PROPN":
                # "The California Department of Corrections and Rehabilitation ... The Department
                # issued a statement": the name's own head noun points back to it too.
                memory.org_heads.setdefault(root.lower_, []).append((ent.start, ent.text))
        if ent.label != "PERSON" or ent.start in skip_tokens:
            continue
        name = strip_honorifics(ent.text)
        parts = name.split()
        if len(parts) >= 2:
            memory.full_names.setdefault(name_key(surname(name)), []).append((ent.start, name))
        if len(parts) == 3 and parts[1][:1].isupper() and len(parts[1]) > 2 and not parts[1].endswith("."):
            # "Wanda Vázquez Garced" ... "Vázquez said": a double surname is cited by its first part.
            memory.middle_names.setdefault(name_key(parts[1]), []).append((ent.start, name))
        role = premodifier_role(doc, ent)
        if role:
            memory.roles.append((ent.start, name, role))
    _count_gender(memory)
    for token in doc:
        if token.lemma_.lower() in _ASKING_VERBS and token.pos_ == "VERB" and token.i not in memory.excluded:
            _add_addressee(memory, token)
        if token.dep_ in {"nsubj", "nsubjpass"} and token.i not in memory.excluded and token.lower_ not in _RELATIVE and token.pos_ != "PRON":
            speaker = describe(memory, token, resolve=True)
            if speaker.name:
                memory.add_subject(token.i, speaker)
        elif token.dep_ == "attr" and token.head.lemma_ == "be" and token.i not in memory.excluded and _person_entity(memory, token):
            # "One is Denis Kovalchuk, a sixth year student ... He said": a person introduced by
            # "is" is who a following pronoun continues.
            speaker = describe(memory, token, resolve=True)
            if speaker.name:
                memory.add_subject(token.i, speaker)
                subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
                gender = GENDERED_NOUNS.get(subject.lemma_.lower()) if subject is not None else None
                if gender:  # "Her third husband was Martin Melcher": the noun tells the gender
                    votes = memory.gender.setdefault(speaker.name, {})
                    votes[gender] = votes.get(gender, 0) + 10
    return memory


# Forms of address that tell a person's gender: "Mr. Autor", "Ms. Malik", "Sen. ... Mrs. Clinton".
_GENDERED_HONORIFICS: dict[str, str] = {
    **dict.fromkeys("mr mr. sir lord".split(), "m"),
    **dict.fromkeys("mrs mrs. ms ms. miss dame lady madam".split(), "f"),
}
# An honorific is the writer's own word for the person, so it outweighs any number of nearby pronouns.
_HONORIFIC_WEIGHT = 10


def honorific_gender(doc: Doc, start: int, end: int) -> str | None:
    """The gender a form of address gives a name, whether the model tagged it into the entity
    ("Mrs. Clinton") or left it just before ("Ms." + "Malik")."""
    for i in (start - 1, start):
        if 0 <= i < end and i < len(doc):
            g = _GENDERED_HONORIFICS.get(doc[i].lower_)
            if g is not None:
                return g
    return None


# A pronoun that opens its own clause or owns a noun ("He said", "his plan") most often continues the
# subject named just before; an object ("praised her") is more often someone else.
_POINTING_BACK = frozenset({"nsubj", "nsubjpass", "poss"})


# "A reporter asked Sanders how he was feeling. He replied: ...": whoever is asked speaks next.
_ASKING_VERBS = frozenset({"ask", "question", "press"})


def _add_addressee(memory: ArticleSpeakers, verb: Token) -> None:
    """The person asked is who answers: as the latest speaker in view, a following "he replied"
    continues them, not the asker (the subject) that the speech verb's own claim recorded."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or not _person_entity(memory, obj) or obj.i in memory.excluded:
        return
    speaker = describe(memory, obj, resolve=True)
    if speaker.name and speaker.type == "person" and fire("speaker.addressee_answers"):
        speaker.rule = "speaker.addressee_answers"
        memory.add_subject(obj.i, speaker, speech=True)


def _count_gender(memory: ArticleSpeakers) -> None:
    """A pronoun shortly after a person's name votes for that person's gender; a gendered form of
    address ("Mr. Autor") settles it."""
    last: tuple[int, str] | None = None
    persons = {e.start: e for e in memory.entities if e.label == "PERSON"}
    for token in memory.doc:
        ent = persons.get(token.i)
        if ent is not None:
            g = honorific_gender(memory.doc, ent.start, ent.end)
            if g is not None and ent.start not in memory.excluded:
                votes = memory.gender.setdefault(full_name(memory, strip_honorifics(ent.text), token.i), {})
                votes[g] = votes.get(g, 0) + _HONORIFIC_WEIGHT
            root = memory.doc[ent.end - 1]
            if root.dep_ in {"nsubj", "nsubjpass", "poss", "attr"} or (root.dep_ == "appos" and root.head.dep_ in {"nsubj", "nsubjpass"}):
                last = (token.i, full_name(memory, strip_honorifics(ent.text), token.i))
            else:
                last = None  # an object or one of two coordinated names: the next pronoun may be anyone's
            continue
        g = GENDERED.get(token.lower_)
        if g and last and token.i not in memory.excluded:
            near = memory.sentence_of(token.i) - memory.sentence_of(last[0]) <= 1
            if near and token.dep_ in _POINTING_BACK:
                votes = memory.gender.setdefault(last[1], {})
                votes[g] = votes.get(g, 0) + 1


def name_key(word: str) -> str:
    """ "Erdoğan" and "Erdogan" are one name: names are compared without case or diacritics."""
    folded = unicodedata.normalize("NFKD", word)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def strip_honorifics(name: str) -> str:
    parts = name.split()
    while len(parts) > 1 and parts[0].lower() in HONORIFICS:
        parts = parts[1:]
    return " ".join(parts)


def premodifier_role(doc: Doc, ent: Entity) -> str | None:
    """Words between the noun phrase's start and the name: "US Treasury Secretary Janet Yellen"."""
    head = doc[ent.end - 1]
    left = head.left_edge.i
    while left < ent.start and doc[left].lower_ in _EDGE_DROP | {"former", "then"} and doc[left].dep_ in {"det", "punct", "poss"}:
        left += 1
    if left >= ent.start:
        for child in head.children:
            if child.dep_ == "appos" and child.i > head.i:
                return _appositive_role(child)
        return None
    name_start = ent.start
    while name_start < ent.end - 1 and doc[name_start].lower_ in HONORIFICS:
        name_start += 1  # "House Speaker Nancy Pelosi": a title the model tagged into the name
    while True:
        k = left - 1 if left > 0 and doc[left - 1].lower_ == "the" else left
        if not (k > 1 and doc[k - 1].lower_ in {"of", "to"} and doc[k - 2].lemma_.lower() in PERSON_ROLE_NOUNS):
            break
        # "Minister of Information Moammar al-Eryani", "US Ambassador to Germany Richard Grenell":
        # the title runs on through "of" or "to", with its own modifiers.
        left = k - 2
        while left > 0 and doc[left - 1].dep_ in {"compound", "amod", "poss", "det"} and doc[left - 1].pos_ not in {"VERB", "AUX"} and left - 1 < doc[left - 1].head.i <= k - 2:
            left -= 1
    return _role(doc[left:name_start])


def _appositive_role(appos: Token) -> str | None:
    """ "a UN rapporteur for the Office of the UN High Commissioner for Human Rights who had
    investigated the case": the role is the noun phrase; a relative clause only tells its story."""
    doc = appos.doc
    start, end = appos.left_edge.i, appos.right_edge.i + 1
    if start > 0 and doc[start - 1].text == "(" and end - start == 1 and appos.text.isupper():
        return None  # "the Royal Canadian Mounted Police (RCMP)": a short name, not a role
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        end = max(end + 2, doc[end + 1].right_edge.i + 1)  # "co-author of a new study", split by the parser
    for tok in doc[appos.i + 1 : end]:
        if tok.tag_ in {"WP", "WDT", "WP$"} and tok.head.dep_ == "relcl":
            end = tok.i
            break
    return _role(doc[start:end])


_PLACE_LABELS = frozenset({"GPE", "LOC"})


def _role(span: Span) -> str | None:
    """A role names what someone is, so it holds a noun (or a word the tagger took for an
    adjective: "ecologist", "the Greek daily"): not a bare form of address ("Dr"), a
    quantifier or pronoun in apposition ("Biden and Harris both"), an age ("Thomas Gray, 24"), or a
    place left over from a title ("US Ambassador to Germany")."""
    doc = span.doc
    tokens = _clean_tokens(span)
    while tokens and tokens[0].lower_ in ADDRESS_HONORIFICS:
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in ADDRESS_HONORIFICS or tokens[-1].is_punct):
        tokens = tokens[:-1]
    while tokens and (tokens[0].lower_ in _EDGE_DROP or tokens[0].is_punct):
        tokens = tokens[1:]
    if not any(t.pos_ in {"NOUN", "PROPN", "ADJ"} and t.lower_ not in QUANTIFIERS for t in tokens):
        return None
    if all(t.ent_type_ in _PLACE_LABELS for t in tokens):
        return None
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _clean(span: Span) -> str | None:
    tokens = _clean_tokens(span)
    if not tokens:
        return None
    doc = span.doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _clean_tokens(span: Span) -> list[Token]:
    tokens = list(span)
    texts = [t.text for t in tokens]
    if "(" in texts and ")" not in texts:
        tokens = tokens[: texts.index("(")]
    while tokens and (tokens[0].lower_ in _EDGE_DROP or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in _EDGE_DROP or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


def noun_phrase(head: Token, limit: int | None = None) -> Span:
    """The head's phrase without relative clauses, appositions and loose modifiers, ending by `limit`."""
    left, right = head.i, head.i
    for child in head.children:
        if child.dep_ in _DROP_CHILD_DEPS and not (child.dep_ == "prep" and child.lower_ in _KEEP_PREPS and child.i > head.i):
            if child.dep_ in {"det", "nummod", "predet"} and child.i < head.i:
                left = min(left, child.left_edge.i)
            continue
        if child.i > head.i and child.dep_ == "prep" and any(c.dep_ == "punct" and c.text == "," for c in head.doc[head.i : child.i]):
            continue
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
            continue  # a verb the parser coordinated with the noun is no part of its name
        left = min(left, child.left_edge.i)
        right = max(right, child.right_edge.i)
    if limit is not None:
        right = max(head.i, min(right, limit))
    return head.doc[left : right + 1]


def describe(memory: ArticleSpeakers, head: Token, resolve: bool = True, depth: int = 0, limit: int | None = None) -> Speaker:
    """Name, type and role for the phrase headed by `head` (a subject, agent or object of "according to");
    a coordination ("Biden and Sanders announced", "Projections by CNN and NPR") speaks as a whole."""
    first = _describe_one(memory, head, resolve, depth, limit)
    conjuncts = _conjuncts(memory, head, limit)
    if not conjuncts or first.name is None:
        return first
    if any(conj.text in first.name for conj in conjuncts):
        return first  # the phrase already reads as written ("officials and experts")
    members = [first]
    for conj in conjuncts:
        other = _describe_one(memory, conj, resolve, depth + 1, limit) if depth < 3 else Speaker(None)
        text = other.name or _clean(noun_phrase(conj, limit))
        if text is None or text in first.name:
            return first  # a conjunct inside the role of the name that speaks ("expert and former official, Avinoam Idan")
        members.append(Speaker(text, other.type, other.role))
    names = [m.name or "" for m in members]
    joiner = " or " if any(c.lower_ == "or" for c in head.children if c.dep_ == "cc") else " and "
    name = ", ".join(names[:-1]) + joiner + names[-1]
    return Speaker(name, "group" if first.type == "person" else first.type, None, tuple(members))


def _conjuncts(memory: ArticleSpeakers, head: Token, limit: int | None) -> list[Token]:
    """The nouns coordinated with `head` by "and"/"or", unless one name spans them ("Rogaland
    Fire and Rescue", "Search and Rescue Agency")."""
    if not any(c.dep_ == "cc" and c.lower_ in _COORDINATORS for c in head.children):
        return []
    out: list[Token] = []
    tok = head
    while True:
        conj = next((c for c in tok.children if c.dep_ == "conj" and c.i > tok.i and c.pos_ in {"NOUN", "PROPN", "PRON"}), None)
        if conj is None or (limit is not None and conj.i > limit):
            break
        if conj.pos_ == "NOUN" and conj.tag_ != "NNS" and not any(c.dep_ in {"det", "poss"} for c in conj.children):
            break  # a bare role noun describes the name ("Study co-author and geochemist Seth John")
        ent = memory.by_token.get(head.i)
        if ent is not None and ent.start <= conj.i < ent.end:
            break
        out.append(conj)
        tok = conj
    return out


def _describe_one(memory: ArticleSpeakers, head: Token, resolve: bool = True, depth: int = 0, limit: int | None = None) -> Speaker:
    doc = memory.doc
    lower = head.lower_
    acronym = len(head.text) > 1 and head.text.isupper()
    appos = _apposition(head)
    partitive = _partitive(head) if appos is None or memory.by_token.get(appos.i) is None else None
    if partitive is not None:
        return partitive
    if head.pos_ == "PRON" and appos is not None and memory.by_token.get(appos.i) is not None and depth < 3:
        # "In the filing itself Ford also made this point": the name beside the pronoun speaks.
        return describe(memory, appos, resolve, depth + 1)
    if not acronym and (head.pos_ == "PRON" or lower in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS):
        return resolve_pronoun(memory, head) if resolve else Speaker(None)
    appos = _apposition(head)
    if lower in NON_SPEAKERS and not acronym:
        return describe(memory, appos, resolve, depth + 1) if appos is not None and depth < 3 else Speaker(None)
    closing = _closing_appositive_person(memory, head) if depth < 3 else None
    if closing is not None:
        inner = describe(memory, closing, resolve, depth + 1)
        if inner.role is None or inner.role.lower() in HONORIFICS:
            inner.role = _clean(doc[head.left_edge.i : closing.left_edge.i])
        return inner
    if depth < 3:
        owner = document_author(head)
        if owner is not None:
            found = describe(memory, owner, resolve, depth + 1)
            if found.name:
                return found
    if depth < 3 and head.pos_ == "NOUN" and noun_type(head) == "unknown" and appos is None and not plausible_speaker(head):
        # "According to PG&E's schedule", "according to its polling": an inanimate thing someone
        # owns speaks for its owner.
        owner = next((c for c in head.children if c.dep_ == "poss" and plausible_speaker(c)), None)
        if owner is not None:
            found = describe(memory, owner, resolve, depth + 1)
            if found.name:
                return found
    ent = memory.by_token.get(head.i) or _person_in_phrase(memory, head)
    if ent is None and (head.pos_ == "PROPN" or head.is_title) and name_key(head.text) in memory.full_names:
        return Speaker(full_name(memory, head.text, head.i) if resolve else head.text, "person", None)
    appos = _apposition(head)
    if ent is None and appos is not None and memory.by_token.get(appos.i) is not None:
        inner = describe(memory, appos, resolve, depth + 1)
        inner.role = inner.role or _clean(noun_phrase(head))
        return inner
    if ent is not None and ent.label != "PERSON" and appos is not None and _person_entity(memory, appos):
        # "a Republican, Mark Amodei, has voiced support": the name in apposition is the speaker
        # and the party, nationality or body before it only describes them.
        inner = describe(memory, appos, resolve, depth + 1)
        inner.role = inner.role or _clean(noun_phrase(head))
        return inner
    if resolve and ent is not None and ent.label == "ORG" and ent.start == ent.end - 1 == head.i and head.i > 0 and doc[head.i - 1].lower_ == "the":
        # "The Department issued a statement": a capitalised bare head noun the model tagged as a name.
        named = named_organisation(memory, head)
        if named is not None and named.name != ent.text:
            return named
    if ent is not None and ent.label in ENTITY_TYPES:
        return _from_entity(memory, head, ent, appos, resolve)
    phrase = noun_phrase(head, limit)
    grown = extend_name(doc, phrase.end)
    if grown != phrase.end and doc[phrase.end - 1].pos_ == "PROPN":
        phrase = doc[phrase.start : grown]
    text = _clean(phrase)
    if text is None:
        return Speaker(None)
    kind = noun_type(head)
    if kind == "person":
        named = _named_before(memory, phrase)
        if named is not None:
            found = describe(memory, named, resolve, depth + 1)
            found.role = found.role or text
            return found
    if kind == "unknown" and not plausible_speaker(head):
        return Speaker(None)
    if resolve and kind == "person" and any(t.lower_ == "the" for t in phrase[:1]):
        holder = title_holder(memory, head)
        if holder is not None:
            return holder
    if resolve and kind == "person" and len(phrase) == 2 and phrase[0].lower_ in _DEMONSTRATIVES:
        # "However, this person also said that ...": a demonstrative points back like a pronoun.
        found = memory.recent(head.i, frozenset({"person"}), GENDERED_NOUNS.get(head.lower_))
        if found is not None:
            return Speaker(found.name, found.type, found.role)
    if resolve and kind == "organisation" and len(phrase) == 2 and phrase[0].lower_ == "the":
        named = named_organisation(memory, head)
        if named is not None:
            return named
    role = _appositive_role(appos) if appos is not None else None
    return Speaker(text, kind, role)


_UNSPOKEN = frozenset({"i", "me", "you", "we", "us", "it", "there", "one"}) | PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS


def subject_phrase(head: Token, limit: int | None = None) -> Speaker | None:
    """ "Social conservatives say ...", "Three in four said ...", "Some have suggested ...": a
    subject the tables do not know still names who speaks, as written; the writer ("I", "we"), the
    reader ("you"), a relative or a demonstrative does not, unless a clause says who ("those surveyed",
    "those who voted early")."""
    if head.lower_ == "those":
        clause = next((c for c in head.children if c.dep_ in {"acl", "relcl"} and c.i > head.i), None)
        text = _clean(head.doc[head.i : clause.right_edge.i + 1]) if clause is not None else None
        return Speaker(text, "group") if text is not None and len(text.split()) <= 8 else None
    if head.pos_ not in {"NOUN", "PROPN", "NUM", "PRON", "DET", "ADJ"} or head.lower_ in _UNSPOKEN | NON_SPEAKERS | _RELATIVE:
        return None
    if head.lemma_.lower() in INSCRIPTION_NOUNS:
        return None
    text = _clean(noun_phrase(head, limit))
    if text is None or len(text.split()) > 8:
        return None
    plural = head.tag_ in {"NNS", "NNPS", "CD"} or head.lower_ in QUANTIFIERS
    return Speaker(text, "group" if plural else "unknown")


def _partitive(head: Token) -> Speaker | None:
    """ "One of the victims", "Some of the protesters", "More than 95% of the participants in her
    study": the whole phrase names an unnamed speaker."""
    if head.lower_ not in QUANTIFIERS and not (head.like_num and head.pos_ == "NUM"):
        return None
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None:
        return None
    if obj.pos_ == "PRON" and obj.lower_ not in _PARTITIVE_PRONOUNS or not plausible_speaker(obj):
        return None
    start = head.left_edge.i if head.lower_ in {"%", "percent"} else head.i  # "More than 95%"
    text = _clean(head.doc[start : obj.right_edge.i + 1])
    kind = "person" if head.lower_ == "one" else "group"
    if noun_type(obj) == "organisation":
        # "One of the organizations he will soon launch": one of several bodies is a body, and a
        # later "he" is not it.
        kind = "organisation"
    return Speaker(text, kind, None)


def _named_before(memory: ArticleSpeakers, phrase: Span) -> Token | None:
    """ "Chris Wright, the Chief Technological Officer of Red Hat said": the parser made the apposition the subject."""
    doc = memory.doc
    i = phrase.start - 1
    if i < 1 or doc[i].text != ",":
        return None
    ent = memory.by_token.get(i - 1)
    if ent is not None and ent.label == "PERSON" and ent.end == i:
        return doc[i - 1]
    return None


_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee", "ess")
# "achievements", "statements", "shipments": "-ment" nouns name things, though they end like "agent",
# so "They acknowledge ..." does not continue "those accomplishments".
_THING_SUFFIXES = ("ment",)


def plausible_speaker(head: Token) -> bool:
    """Only names, pronouns, tabled nouns and plural people-nouns ("users") can speak; "reason"
    cannot, nor a sign or banner that carries words ("a banner saying “united in diversity”")."""
    if head.lemma_.lower() in INSCRIPTION_NOUNS and head.pos_ == "NOUN":
        return False
    if head.pos_ in {"PROPN", "PRON"} or entity_type(head) in ENTITY_TYPES:
        return True
    if head.text[:1].isupper() and not head.is_sent_start:
        return True
    if noun_type(head) != "unknown" or head.lemma_.lower() in DOCUMENT_NOUNS:
        return True
    return head.lemma_.lower().endswith(_PERSON_SUFFIXES)


def _person_in_phrase(memory: ArticleSpeakers, head: Token) -> Entity | None:
    """ "Former US Ambassador to the United Nations Nikki Haley": the name sits deeper in the phrase."""
    if head.lemma_.lower() not in PERSON_ROLE_NOUNS and head.pos_ != "PROPN":
        return None
    doc = head.doc
    end = head.i + 1
    while end <= head.right_edge.i and doc[end].text not in {",", ";", "(", "—"}:
        end += 1
    found = None
    for i in range(head.left_edge.i, end):
        ent = memory.by_token.get(i)
        possessor = ent is not None and ent.end < len(doc) and doc[ent.end].text in {"'s", "’s", "'", "’"}
        of = doc[ent.end - 1].head if ent is not None else None
        owner = of is not None and doc[ent.end - 1].dep_ == "pobj" and of.lower_ == "of" and all(t.pos_ == "DET" for t in doc[of.i + 1 : ent.start])
        if ent is not None and ent.label == "PERSON" and ent.end <= end and not possessor and not owner:
            found = ent
    return found


def _closing_appositive_person(memory: ArticleSpeakers, head: Token) -> Token | None:
    """ "the director of Argentina's Amnesty International, Mariela Belski, said", "The United
    States' National Institute of Allergy and Infectious Disease's director, Dr. Anthony Fauci,
    said": a role phrase closed by a name in apposition names that person, wherever the parser
    hung the apposition inside the phrase."""
    own = memory.by_token.get(head.i)
    if own is not None and own.label == "PERSON":
        return None
    doc = memory.doc
    right = head.right_edge.i
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    for tok in head.subtree:
        if tok.dep_ != "appos" or tok.head.i == head.i or tok.right_edge.i < right or not _person_entity(memory, tok):
            continue
        before = doc[head.left_edge.i : tok.left_edge.i]
        if any(t.lemma_.lower() in PERSON_ROLE_NOUNS and t.pos_ == "NOUN" for t in before):
            return tok
    return None


def _person_entity(memory: ArticleSpeakers, tok: Token) -> bool:
    ent = memory.by_token.get(tok.i)
    return ent is not None and ent.label == "PERSON"


def _apposition(head: Token) -> Token | None:
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            return child
    return None


def _from_entity(memory: ArticleSpeakers, head: Token, ent: Entity, appos: Token | None, resolve: bool) -> Speaker:
    doc = memory.doc
    kind = ENTITY_TYPES[ent.label]
    name = strip_honorifics(ent.text) if kind == "person" else ent.text
    if kind == "person" and resolve:
        name = full_name(memory, name, ent.start)
    if kind == "place" and any(c.dep_ == "compound" and c.i < head.i and memory.by_token.get(c.i) is not None and memory.by_token[c.i].label == "ORG" for c in head.children):
        # "according to CNN Philippines": an organisation's branch named by its place.
        phrase = _clean(noun_phrase(head))
        if phrase:
            name, kind = phrase, "organisation"
    if kind != "person" and head.i not in range(ent.start, ent.end):
        phrase = _clean(noun_phrase(head))
        if phrase:
            name, kind = phrase, noun_type(head) if head.lower_ not in PLACES else "place"
    role = None
    if appos is not None:
        role = _appositive_role(appos)
    if role is None and kind == "person":
        role = premodifier_role(doc, ent)
    if role is not None and (role == name or role in ent.text):
        role = None
    if kind == "group" and ent.label == "NORP":
        kind = "group"
    return Speaker(name, kind, role)


def full_name(memory: ArticleSpeakers, name: str, position: int) -> str:
    """A surname (or a shorter form) becomes the fullest name ending in it: of several namesakes,
    the one the article names most often (its subject, not a relative named once), then the one
    that is most often the subject of its clauses ("Clinton said" in an article about Hillary
    Clinton, whose husband is named once), then the nearest earlier."""
    parts = name.split()
    options = memory.full_names.get(name_key(surname(name)), [])
    if len(parts) == 1 and not options:
        options = memory.middle_names.get(name_key(name), [])
    compatible = [(p, n) for p, n in options if len(n.split()) > len(parts) and (len(parts) == 1 or name_key(n.split()[0]) == name_key(parts[0]))]
    if not compatible:
        return name
    before = [(p, n) for p, n in compatible if p < position]
    pool = before or compatible
    counts: dict[str, int] = {}
    latest: dict[str, int] = {}
    for p, n in sorted(pool):
        counts[n] = counts.get(n, 0) + 1
        latest[n] = p
    return max(counts, key=lambda n: (counts[n], memory.mentions.get(n, 0), latest[n] if before else -latest[n], len(n)))


def document_author(head: Token) -> Token | None:
    """ "a statement released by X", "a statement by X", "X's statement" -> X."""
    if head.lemma_.lower() not in DOCUMENT_NOUNS | EVIDENCE_NOUNS and head.lower_ not in DOCUMENT_NOUNS | EVIDENCE_NOUNS:
        return None
    if head.is_title and not head.is_sent_start:
        return None
    for child in head.children:
        if child.dep_ == "poss":
            return child
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
            author = _pobj(child)
            # "One study in the Journal of Threatened Taxa from March": a date is no author.
            return None if author is not None and author.ent_type_ in _TIME_ENTITIES else author
        if child.dep_ == "acl" and child.lemma_.lower() in PUBLISHING_VERBS:
            for grand in child.children:
                if grand.dep_ in {"agent", "prep"} and grand.lower_ in {"by", "from"}:
                    return _pobj(grand)
    return _compound_owner(head)


def _compound_owner(head: Token) -> Token | None:
    """ "according to NEOC data", "Johns Hopkins University data indicated", "a 2019 Marquette
    University poll": an organisation named right before evidence owns it, as "WHO's statistics" do;
    a document keeps its own name ("a UN report concluded")."""
    if head.lemma_.lower() not in EVIDENCE_NOUNS and head.lower_ not in EVIDENCE_NOUNS:
        return None
    compounds = [c for c in head.children if c.dep_ == "compound" and c.i < head.i and c.pos_ == "PROPN"]
    if not compounds or compounds[-1].i != head.i - 1:
        return None
    owner = compounds[-1]
    if entity_type(owner) not in {"ORG", "PERSON", "GPE", "NORP"} and not (len(owner.text) > 1 and owner.text.isupper()):
        return None
    return owner


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ == "pobj":
            return child
    return None


def entity_type(tok: Token) -> str:
    """The model's entity label, except that a lower-case word ("fentanyl") is never a PERSON."""
    if tok.ent_type_ == "PERSON" and tok.is_lower:
        return ""
    return tok.ent_type_


def noun_type(head: Token) -> str:
    lemma = head.lemma_.lower()
    lower = head.lower_
    if lower in PLACES or lemma in PLACE_NOUNS:
        return "place"
    if lower in GROUP_NOUNS or (head.tag_ in {"NNS", "NNPS"} and lemma in PERSON_ROLE_NOUNS):
        return "group"
    if lemma in ORGANISATION_NOUNS or lower in ORGANISATION_NOUNS:
        return "organisation"
    if lemma in PERSON_ROLE_NOUNS:
        return "person"
    if lemma in DOCUMENT_NOUNS:
        return "organisation"
    if entity_type(head) in ENTITY_TYPES:
        return ENTITY_TYPES[entity_type(head)]
    if head.tag_ in {"NNS", "NNPS"} and lemma.endswith(_PERSON_SUFFIXES) and not lemma.endswith(_THING_SUFFIXES):
        return "group"
    if len(head.text) > 1 and head.text.replace("-", "").isupper():
        return "organisation"
    appos = _apposition(head)
    if appos is not None and appos.lemma_.lower() in PERSON_ROLE_NOUNS:
        return "person"
    return "unknown"


def named_organisation(memory: ArticleSpeakers, head: Token) -> Speaker | None:
    """ "the party informed the press" -> "Thai Raksa Chart party": the latest organisation named
    earlier whose name ends in the same noun. Only that exact fit; a bare "the company" with no
    such name stays as it is rather than guess between several organisations."""
    options = memory.org_heads.get(head.lower_, [])
    k = bisect_left(options, (head.i,)) - 1
    if k < 0:
        return None
    return Speaker(options[k][1], "organisation", None)


def title_holder(memory: ArticleSpeakers, head: Token) -> Speaker | None:
    """ "the minister" -> the latest person introduced earlier with that word in their role."""
    title = [t.lower_ for t in head.doc[head.left_edge.i : head.i + 1] if t.pos_ in {"NOUN", "PROPN", "ADJ"}] or [head.lower_]
    for position, name, role in reversed(memory.roles):
        if position < head.i and _holds_title(role.lower().split(), title):
            return Speaker(full_name(memory, name, position), "person", role)
    return None


def _holds_title(role: list[str], title: list[str]) -> bool:
    """Whether a role contains the title's words in order, not as a deputy's ("the Prime Minister"
    is not "Deputy Prime Minister Richard Sulík")."""
    n = len(title)
    for k in range(len(role) - n + 1):
        if role[k : k + n] == title and (k == 0 or role[k - 1] not in SUBORDINATE_TITLE_WORDS):
            return True
    return False


def resolve_pronoun(memory: ArticleSpeakers, token: Token) -> Speaker:
    lower = token.lower_
    if lower in PERSON_PRONOUNS:
        types = frozenset({"person"})
    elif lower in THING_PRONOUNS:
        types = frozenset({"organisation", "group", "place"})
    elif lower in PLURAL_PRONOUNS:
        types = frozenset({"group", "organisation", "place"})
    else:
        return Speaker(None)
    mention = memory.recent_mention(token.i, types, GENDERED.get(lower) if lower in PERSON_PRONOUNS else None)
    found = mention.speaker if mention is not None else None
    if lower in PLURAL_PRONOUNS | THING_PRONOUNS and token.dep_ == "nsubj" and token.head.dep_ == "ROOT" and token.head.i > token.i:
        # "US authorities claimed ... . Listed US states as having members from the site were: ...
        # They also stated ...": a plural or "it" speaker continues the last body that spoke,
        # not a group merely listed in between.
        spoke = memory.recent_speaker(token.i, types, sentences=2)
        if spoke is not None:
            found = spoke
    if found is None:
        return Speaker(None)
    if found.type == "person" and found.name and found.name.split()[-1][:1].islower():
        # The role is looked up from where it was said, so that a subject named just before it counts.
        at = mention.position if mention is not None and mention.speaker is found else token.i
        holder = role_holder(memory, found.name, at, GENDERED.get(lower))
        if holder is not None and (holder.rule == "speaker.renamed_subject" or fire("speaker.role_holder")):
            holder.rule = holder.rule or "speaker.role_holder"
            return holder
    by_gender = mention is not None and mention.by_gender and mention.speaker is found
    rule = "speaker.pronoun_gender" if by_gender else found.rule if found.rule == "speaker.addressee_answers" else None
    return Speaker(found.name, found.type, found.role, rule=rule)


# A title as news writes it before a name: "Sen. Bernie Sanders" is the one "the Vermont senator" means.
_TITLE_FORMS: dict[str, frozenset[str]] = {
    "senator": frozenset({"senator", "sen.", "sen"}),
    "governor": frozenset({"governor", "gov.", "gov"}),
    "representative": frozenset({"representative", "rep.", "rep", "congressman", "congresswoman"}),
    "congressman": frozenset({"congressman", "rep.", "rep", "representative"}),
    "congresswoman": frozenset({"congresswoman", "rep.", "rep", "representative"}),
    "general": frozenset({"general", "gen.", "gen"}),
    "president": frozenset({"president", "pres."}),
    "secretary": frozenset({"secretary", "sec."}),
    "ambassador": frozenset({"ambassador", "amb."}),
}


# Offices a news story names its subject by after the first mention ("the Vermont senator", "the
# Republican candidate"); "the woman" or "the head of the investigators" could be anyone.
_PUBLIC_TITLES = frozenset(_TITLE_FORMS) | frozenset(
    "candidate nominee front-runner frontrunner lawmaker mayor minister diplomat chairman chairwoman billionaire businessman mogul".split()
)
# "his brother", "one of Carson's advisers", "no other passenger": a relation or a share of a group
# is someone else than the person named before.
_NOT_DEFINITE = frozenset("his her my your our their its whose one no any some another each every".split())


def role_holder(memory: ArticleSpeakers, role: str, position: int, gender: str | None = None) -> Speaker | None:
    """ "Sen. Bernie Sanders ... The Vermont senator said ... he added": a pronoun that continues a
    bare role continues the person the article named with that title, the latest one before it, or
    for a public office the latest named person of a fitting gender; any other role ("the woman",
    "the head of the investigators") stays as it is."""
    head = role.split()[-1].lower()
    forms = _TITLE_FORMS.get(head, frozenset({head}))
    titled = next((full_name(memory, name, at) for at, name, held in reversed(memory.roles) if at < position and forms & set(held.lower().split())), None)
    if head in _PUBLIC_TITLES and role.split()[0].lower() not in _NOT_DEFINITE:
        just_named = _subject_just_before(memory, position, forms, gender)
        if just_named is not None and just_named != titled and fire("speaker.renamed_subject"):
            return Speaker(just_named, "person", role, rule="speaker.renamed_subject")
    if titled is not None:
        return Speaker(titled, "person", role)
    if head not in _PUBLIC_TITLES or role.split()[0].lower() in _NOT_DEFINITE:
        return None
    i = bisect_right(memory._subject_pos, position - 1)
    for mention in reversed(memory.subjects[max(0, i - 40):i]):
        name = mention.speaker.name or ""
        named = any(n == name for _, n in memory.full_names.get(name_key(surname(name)), ()))
        if mention.speaker.type == "person" and named and not memory._other_gender(name, gender):
            return Speaker(name, "person", role)
    return None


def _subject_just_before(memory: ArticleSpeakers, position: int, forms: frozenset[str], gender: str | None) -> str | None:
    """ "Rubio stopped by his headquarters ... the senator said ... He noted": a bare title right
    after a named subject is that subject named again (news avoids repeating a name), unless the
    article gave that subject a different title ("Gov. Tom Hale ... the senator")."""
    i = bisect_right(memory._subject_pos, position - 1)
    here = memory.sentence_of(position)
    for mention in reversed(memory.subjects[max(0, i - 10):i]):
        if here - memory.sentence_of(mention.position) > 1:
            return None
        name = mention.speaker.name or ""
        if mention.speaker.type != "person" or not name[:1].isupper() or name.split()[-1][:1].islower():
            continue
        role = (mention.speaker.role or "").lower().split()
        titled = [r for at, n, r in memory.roles if n == name or full_name(memory, n, at) == name]
        held = set(role) | {w for r in titled for w in r.lower().split()}
        if memory._other_gender(name, gender) or (held and not forms & held and any(w in _PUBLIC_TITLES or w.endswith(".") for w in held)):
            return None
        return name
    return None
