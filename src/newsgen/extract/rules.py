"""The attribution rules, by name: what each is for, what it makes, and sentences it must fire on.

Rules are data with names, as `dates.PATTERNS` is: the engine (`tags.py`, `reported.py`,
`according.py`, `passes.py`) asks `fire(NAME)` at the moment a rule's condition holds, so that a
claim can say which rule made it (`Claim.rule`), a rule can be switched off to measure what it is
worth (`bench/rules.py`), and `tests/test_rules.py` can check every rule against its own examples.

A rule's `kinds` are the claim kinds it makes; `speaker` rules choose who speaks for a claim another
rule made, and `filter` rules keep something from being a claim. `RULES` is in the order the engine
tries them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

FAMILIES = ("marks", "tags", "reported", "according_to", "speaker", "passes")
KINDS = ("direct", "partial", "indirect", "according_to", "speaker", "filter")


@dataclass(frozen=True)
class Rule:
    """One attribution rule: `name` is what a claim's `rule` says; `family` one of FAMILIES (quotation
    marks, tags, reported speech, according to, speaker choice, whole-article passes); `kinds` what
    it makes (claim kinds, `speaker` or `filter`); `description` why it exists; `examples` news
    sentences it must fire on (`tests/test_rules.py`); `order` its place in `RULES`."""

    name: str
    family: str
    kinds: tuple[str, ...]
    description: str
    examples: tuple[str, ...]
    order: int = 0


def _rule(name: str, family: str, kinds: str, description: str, *examples: str) -> Rule:
    return Rule(name, family, tuple(kinds.split()), description, examples)


_TABLE: tuple[Rule, ...] = (
    # --- interview transcripts -----------------------------------------------------------------------
    _rule(
        "quote.transcript", "marks", "direct",
        "A transcript names its speaker in capitals before a colon (“PENCE: ...”) and the rest of the paragraph is their words, with no"
        " quotation marks; a lone label is a headline (“Poll: ...”), so it takes two labelled speakers, or an interview's “Q:”/“A:”.",
        "The two candidates spoke on the radio on Sunday.\n\nHOST: Will you raise taxes next year?\n\nLEE: No. We will cut spending first.",
        "The interview has been edited for length.\n\nQ: Why did you leave the party?\n\nA: It left me long before I left it.",
    ),
    # --- quotation marks: paragraphs and quotations that are no one's claim ------------------------
    _rule(
        "filter.caption", "marks", "filter",
        "A paragraph that ends in a photo credit is a caption: the signs and slogans it quotes are nobody's claims.",
        "Workers outside the plant shouted “we want our jobs back” on Monday. Photo: Ann Lee.",
    ),
    _rule(
        "filter.quoted_name", "marks", "filter",
        "A short quotation of capitalised words is a name or a title (a programme, a song), not a claim, unless a tag follows the marks.",
        "“We clean the streets ourselves,” said volunteer Ann Lee. She joined “Clean Streets for Everyone” last year.",
    ),
    _rule(
        "filter.work_after_of", "marks", "filter",
        "A capitalised quotation after “of” names an organisation or a work (“the director of “Hope for Kids””).",
        "“Rents have doubled,” said tenant Ann Lee. Maria Lopez of “Homes for people, not for profit” was also at the meeting.",
    ),
    _rule(
        "filter.titled_by", "marks", "filter",
        "In a digest of other outlets' stories (““Storm closes the coast road,” by the Herald's Ann Lee: ...”), the quoted headline"
        " before “by” and a name is the title of a piece, not anyone's claim.",
        "MORNING READS — “Storm closes the coast road for a week,” by the Herald's Ann Lee: Repairs will take until Friday.",
    ),
    _rule(
        "filter.possessed_title", "marks", "filter",
        "Capitalised words quoted right after a possessive (“ABC's “This Week””, “the author's “The Long Road: A Memoir””) are the title"
        " of a programme, a book or a song, even when a tag follows.",
        "On the network’s “Meet the Voters This Week” Tuesday, Lee said, “I never promised to pay the fees.”",
    ),
    # --- the tag of a direct or partial quotation, tried in this order --------------------------------
    _rule(
        "quote.tag_before", "tags", "direct partial",
        "A speech verb in the quote's sentence before the marks (“The minister said: “...””); tried first when the quote closes its sentence.",
        "The prime minister told reporters on Tuesday: “We will not back down.”",
    ),
    _rule(
        "quote.mistagged_cue", "tags", "direct partial",
        "“The statement read: “...””: the small model reads the cue verb as a noun, so a quote verb right before the colon is taken as the tag.",
        "The company's statement on the recall read: “Customer safety comes first.”",
    ),
    _rule(
        "quote.tag_after", "tags", "direct partial",
        "A speech verb after the marks, in the same sentence (““...,” the minister said.”, ““...,” said Smith.”).",
        "“We will not back down,” Minister Ann Lee said on Tuesday.",
        "“Talks will resume next week,” said Ann Lee, the foreign minister.",
    ),
    _rule(
        "quote.tag_after_comma", "tags", "direct partial",
        "A quotation whose words end in a comma (or a question or exclamation mark) inside the marks awaits its tag: ““...,” the minister"
        " said”, ““...?” the senator asked” are tagged even though the tag"
        " opens lower-case, and an aside between the speaker and the verb (“the senator, who ..., told reporters”) does not hide it.",
        "“We will not back down,” the minister said on Tuesday.",
        "“The talks are over,” the union's negotiator, who has led the strike since March, told reporters.",
    ),
    _rule(
        "quote.tag_after_any_verb", "tags", "direct partial",
        "A quotation left open by a comma, question or exclamation mark inside its marks, followed by a clause that is only a speaker"
        " and a finite verb (““...,” Lee fumed on Tuesday.”, ““...?” asked Ann Lee.”), is tagged by that verb even when no table lists it.",
        "“We were never told about the cuts,” Lee fumed on Tuesday.",
        "“Nobody here is a racist, folks,” the mayor assured the crowd.",
    ),
    _rule(
        "quote.lead_over_participle", "tags", "direct partial",
        "A leading tag that opens the quote with a comma or colon outranks a participle trailing after it (“X wrote, “...”, recalling ...”).",
        "The senator wrote of her colleague, “He was a true public servant,” recalling their first campaign.",
    ),
    _rule(
        "quote.introducing_clause", "tags", "direct",
        "A clause that ends in a comma or colon before a whole quotation introduces it, whatever its verb (“X defended the decision: “...””).",
        "The mayor stood by the decision: “The bridge was not safe for anyone.”",
        "Lee ended her speech with a warning: “The next flood will be worse.”",
    ),
    _rule(
        "quote.headline_name_colon", "tags", "direct partial",
        "A headline that is a person's name, a colon and a quotation (“Ann Lee: ‘We Will Not Back Down’”) gives the quotation to that"
        " person when the article names someone with that surname; other labels before a colon (“Poll: ...”) are no speaker.",
        "Ann Lee: ‘We Will Not Back Down On The Border Tax.’\n\nSenator Ann Lee told voters in Denver on Monday that the tax would stay.",
    ),
    _rule(
        "quote.governing_verb", "tags", "partial direct",
        "A quote with no tag speaks for the speech verb it hangs from (“called the plan “reckless” and “...””).",
        "Lee called the plan “reckless” and “a betrayal of every worker in this town”.",
    ),
    _rule(
        "quote.name_colon", "tags", "direct partial",
        "A name and a colon with no verb (“Clinton: “...” Bush: “...””) label the quotation that follows as that person's words"
        " (not in the first paragraph, where “Name: ...” is the headline).",
        "Both candidates rejected the plan.\n\nLee: “We will never accept a border tax.” Hale: “Nor will we.”",
    ),
    # --- speaker choice when the parse gives a tag no usable subject ---------------------------------
    _rule(
        "speaker.noun_before", "speaker", "speaker",
        "The parser often misses the subject of a tag (“Davis said”): the nearest noun before the verb speaks.",
        "Members of the city council protested by chanting “resign now!” during the session.",
    ),
    _rule(
        "speaker.object_after", "speaker", "speaker",
        "An inverted tag (““...,” said the minister.”): the noun after the verb speaks.",
        "“Rain will spread east overnight, with flooding likely in low areas,” read the warning.",
    ),
    _rule(
        "speaker.trailing_name", "speaker", "speaker",
        "“..., said the company's chief executive, Ann Lee.”: a name set off by a comma at the end of a tag is the speaker its role describes.",
        "“Sales will recover next year,” said the company's chief executive, Ann Lee.",
    ),
    _rule(
        "speaker.inverted_subject", "speaker", "speaker",
        "“Remarked union leader Ann Lee, “...””: the name after a verb that opens the sentence speaks.",
        "Remarked union leader Ann Lee, “This deal is a victory for every worker.”",
    ),
    _rule(
        "speaker.role_holder", "speaker", "speaker",
        "A pronoun that continues a bare role (“the Vermont senator ... he said”) continues the person the article named with that"
        " title (“Sen. Bernie Sanders”), else the latest named person before it of a fitting gender; a relation (“his brother”) or a"
        " share of a group (“one of the aides”) does not.",
        "Sen. Ann Lee toured the flooded valley on Monday.\n\nThe Vermont senator said the state needed help. “We cannot wait,” she said.",
    ),
    _rule(
        "speaker.renamed_subject", "speaker", "speaker",
        "A pronoun that continues a bare public title (“the Ohio governor ... he said”) continues the person named as the subject just"
        " before it (news names someone, then calls them by their office rather than repeat the name), not an earlier holder of the"
        " title, unless the article gave that subject another title.",
        "Gov. Ann Lee of Vermont spoke on Monday.\n\nTom Hale said on Tuesday that taxes must fall. The Ohio governor said he would"
        " not sign the budget. “We cannot afford it,” he said.",
    ),
    _rule(
        "speaker.pronoun_gender", "speaker", "speaker",
        "“he”/“she” skips a more recent person of the other gender: gender as the article tells it, by a form of address (“Mr. Hale”,"
        " “Ms. Lee”, worth more than any pronoun), or by the first subject or possessive"
        " pronoun after the name in the same or the next sentence (an object pronoun, or a pronoun after two coordinated names, is"
        " more often someone else's); one such pronoun is not enough to rule a person out, it takes two more for the other gender.",
        "Ms. Lee met Mr. Hale in Denver on Monday. Mr. Hale said the deal was fair. “We will see,” she said.",
    ),
    _rule(
        "speaker.addressee_answers", "speaker", "speaker",
        "“A reporter asked Hale how he was feeling. He replied: ...”: the person asked (the named object of “ask”, “question”,"
        " “press”) is who answers, so the next “he”/“she” continues them rather than the asker.",
        "Tom Hale toured a high school on Monday. A reporter asked Hale how he was feeling. He replied: “The bigger the turnout, the better I feel.”",
    ),
    _rule(
        "speaker.document_author", "speaker", "speaker",
        "A document with an author between a quote and its verb (“released an order by General X directing units to “...””) speaks for its author.",
        "The navy announced an order by Admiral Carl Jensen directing ships to “return to port immediately”.",
    ),
    # --- a quotation no tag was found for -------------------------------------------------------------
    _rule(
        "filter.scare_quote", "marks", "filter",
        "A fragment of three words or fewer that nothing tags is a scare quote, the writer's and no one else's.",
        "“The market is open again,” said trader Ann Lee. Prices at the “new normal” are too high.",
    ),
    _rule(
        "quote.untagged", "marks", "direct partial",
        "A quotation with no tag is still a claim: the cross-sentence passes look for its speaker.",
        "“We will rebuild every home that was lost. Nobody will be left behind.”",
    ),
    # --- reported speech: the clause complement, then repairs of the parse, in this order -------------
    _rule(
        "reported.clause", "reported", "indirect",
        "A speech verb's clausal complement is what was said (“X said (that) ...”, “..., he noted.”).",
        "The minister said on Tuesday that the talks would resume next week.",
    ),
    _rule(
        "reported.gerund_subject", "reported", "indirect",
        "“X said raising taxes would hurt ...”: the parser reads a clause whose subject is a gerund as the verb's xcomp.",
        "Lee said naming the storm after the town would upset residents.",
    ),
    _rule(
        "reported.inverted_tag", "reported", "indirect",
        "“..., stated Minister X, and ...”, “..., but it is losing money, said the owner, Ann Lee.”: an inverted speech verb after a"
        " comma, with its speaker after it (read by the parser as its object or as its subject), tags the clause before it.",
        "The bomb was placed in a car near the bank, stated Minister of the Interior Tom Hale, and was left there overnight.",
        "The big plant is holding on, but it is under pressure from imports, said the chief executive, Tom Hale.",
    ),
    _rule(
        "reported.trailing_tag", "reported", "indirect",
        "“..., Smith said, and ...”, “..., sooner than expected, the budget office reported on Tuesday”: a tag set off by commas after"
        " the clause it reports, which the parser attaches as parataxis or as an adverbial clause (one with no “as” or “when” of its own).",
        "New orders will not arrive for several years, Hale said, and the factory will close.",
        "The deficit will grow again this year, sooner than expected, the budget office reported on Tuesday.",
    ),
    _rule(
        "reported.bare_clause", "reported", "indirect",
        "“The agency indicated on Twitter the road was closed”: with no “that” or comma the parser coordinates the reported clause with the verb.",
        "The fire service indicated on Twitter the two climbers were safe.",
    ),
    _rule(
        "reported.that_read_as_relative", "reported", "indirect",
        "“told X, a local paper, that ...”: after the listener's apposition the parser reads the “that” clause as a relative clause.",
        "A police official told Metro Radio, a state news outlet, that one of the injured was Ken Sato, a teacher from Osaka, who was flown home.",
    ),
    _rule(
        "reported.object_clause", "reported", "indirect",
        "“announced a new law would ...”: the parser takes the reported clause's subject for the verb's object.",
        "The report cited the navy as stating a private firm owned the ship.",
    ),
    _rule(
        "reported.parenthetical", "reported", "indirect",
        "“The plan, they said, will ...”, “X reported on Monday, 40 people had ...”: a tag before the clause it reports, also when the"
        " parser hangs it on the clause's auxiliary (“Even so, he said, he’s learned ...”).",
        "In the two years since the flood, Hale says, far too few homes have been rebuilt.",
        "Since the mine closed, Lee says, half of the town has moved away.",
    ),
    _rule(
        "reported.verb_read_as_modifier", "reported", "indirect",
        "After a long apposition the small model reads the speech verb as an adjective and makes the reported verb the root.",
        "Anna Berg, a United Nations envoy who had visited the camps, cautioned aid does not reach the north.",
    ),
    _rule(
        "reported.characterisation", "reported", "indirect",
        "“X described the plan as a giveaway”, “called himself a moderate”, “labeled the bill a tax hike”: what someone calls a thing is"
        " their claim about it, so the object with its description is what was said; “called the police” or “described the scene”,"
        " with no description, is no claim.",
        "The governor described the new budget as a betrayal of rural voters.",
        "In the interview Lee called herself a lifelong moderate.",
    ),
    _rule(
        "reported.made_clear", "reported", "indirect",
        "“X made (it) clear that ...”: what someone makes clear is what they said; “make” is no speech verb, and the parser hangs the"
        " clause on “make” or on “clear”.",
        "The minister made it clear that the fuel tax would not be raised this year.",
        "The coach made clear the team would not play in the heat.",
    ),
    _rule(
        "reported.question", "reported", "indirect",
        "“X asked Y whether ...”, “asked the court to ...”, “Asked by reporters if ..., X said”: an indirect question or request is what"
        " the asker said; a question put by an unnamed interviewer stays a claim with no speaker.",
        "The mayor asked the transport minister whether the rail link would be finished before the winter.",
        "The union asked the court to block the new rules before the school year starts.",
        "Asked by reporters if she would run again, Lee said she had not decided.",
    ),
    _rule(
        "reported.stance", "reported", "indirect",
        "A demand, promise or charge states its infinitive or its “for” or “of” phrase: “vowed to cut taxes”, “urged voters to stay home”,"
        " “called on the mayor to resign”, “accused the mayor of lying”; a bare event noun (“called for his resignation”) is no claim.",
        "The governor vowed to veto any bill that raises the fuel tax.",
        "Protest leaders called on the mayor to resign before the end of the month.",
        "The union accused the company of hiding losses from its workers.",
    ),
    _rule(
        "reported.noun_phrase", "reported", "indirect",
        "“X proposed a tax on carbon”, “touted his record on jobs”, “questioned the mayor's judgment”, “talked about the economy”, “spoke"
        " about how ...”, “called for a ban on imports”, “proposed barring imports”: a speech verb whose object (or the topic after"
        " “about”, “of”, “for”: a noun phrase, a gerund or a wh-clause) is no reported clause says that message in brief. Not a claim: a negated or passive verb,"
        " a pronoun or a bare name (who was addressed), an utterance noun (“repeated his remarks”), a joint act of a"
        " coordinated subject, a verb inside another speaker's reported clause, or a verb of disclosure (“announced a deal”), which"
        " makes an event public rather than stating a view.",
        "The mayor proposed a tax on empty homes at Monday's council meeting.",
        "At the rally the senator talked about the cost of child care for an hour.",
        "The union called for a ban on overnight shifts in the mines.",
    ),
    # --- according to --------------------------------------------------------------------------------
    _rule(
        "according_to.phrase", "according_to", "according_to",
        "“According to X, ...”, “..., according to X.”: the clause X vouches for, with X as its speaker.",
        "The factory will close in March, according to the company.",
    ),
    _rule(
        "according_to.clause_before", "according_to", "according_to",
        "“..., according to X, a local analyst.”, “..., according to X, which ran the poll”: after a finite clause the source vouches"
        " for that clause, not for its own apposition or relative clause, nor for a clause that trails after it.",
        "Turnout fell by a third in the northern districts, according to Ann Lee, an analyst at the electoral commission.",
        "The bridge will stay closed until March, according to the transport agency, which inspected it last week.",
    ),
    _rule(
        "according_to.source_phrase", "according_to", "speaker",
        "“according to a Harbor Institute poll”, “according to the police summary”: a source that names no one the article knows still"
        " vouches for the clause, so its phrase, as written, is the speaker.",
        "Turnout rose by a fifth in the north, according to a Harbor Institute survey of county records.",
    ),
    _rule(
        "according_to.glued_subject", "according_to", "speaker",
        "“according to Smith officials have ...”: the parser glued the clause's subject to the source's name.",
        "According to Ramos officials have not found the cause.",
    ),
    _rule(
        "according_to.appositive_name", "according_to", "speaker",
        "“According to the town's mayor, Ann Lee, ...”: a name set off by commas after a role is the source.",
        "According to the town's mayor, Ann Lee, the roads will reopen on Friday.",
    ),
    _rule(
        "according_to.titled_name_after_place", "according_to", "speaker",
        "“According to Ohio Senator Jane Smith, ...”: the parser made the place the source and left the titled name loose.",
        "According to Ohio Senator Mark Davis, the bill will pass next week.",
    ),
    # --- passes over the whole article: overlaps, speakers in article order, quote chains, drops -----
    _rule(
        "filter.scare_in_report", "passes", "filter",
        "A short quoted fragment inside a reported clause belongs to that clause, not a claim of its own.",
        "The minister said the reforms were “long overdue” and would pass this year.",
    ),
    _rule(
        "filter.lead_in", "passes", "filter",
        "“X said the plan was “...””: a reported clause cut short by the quotation its verb introduces is only the quotation's lead-in.",
        "The nurse said the ward was “full. We are turning patients away every night.”",
    ),
    _rule(
        "speaker.nearby_subject", "speaker", "speaker",
        "When the parse gives a cue verb no subject (“Ann Lee, said”, “Ann Lee told reporters”), the name just before it speaks.",
        "In a statement to the Gazette, her chief of staff, Tom Hale, said: “The senator will vote against the bill.”",
    ),
    _rule(
        "speaker.participle_controller", "speaker", "speaker",
        "A participle with no subject of its own (“by saying ...”, “..., writing on Twitter that ...”, “after telling ...”) speaks for the"
        " subject of the clause it hangs from, however far up the parse that is.",
        "The governor angered farmers across the northern provinces by saying the subsidy would end next year.",
        "Since announcing in March that she would step down, the mayor has rarely spoken in public.",
    ),
    _rule(
        "speaker.enclosing_subject", "speaker", "speaker",
        "A quoted fragment that no speech verb tags (“dismissed the report as “...””) is the words of the subject of the clause it sits in.",
        "Lee dismissed the audit as “a work of fiction paid for by lobbyists”.",
    ),
    _rule(
        "speaker.subject_phrase", "speaker", "speaker",
        "Reported speech whose subject the tables do not know (“Social conservatives say ...”, “Three in four said ...”, “those surveyed"
        " say ...”) keeps that subject, as written, as its speaker rather than being dropped as nobody's.",
        "Social conservatives in the state say the bill protects religious charities.",
    ),
    _rule(
        "chain.shared_tag", "passes", "speaker",
        "A tag between two quotations that found its speaker for the first one speaks for both.",
        "“Our forces are here to protect civilians,” read the army's statement; “we will not be drawn into a wider war.”",
    ),
    _rule(
        "chain.previous_quote", "passes", "speaker",
        "An untagged quotation continues the speaker of the quotation before it in its paragraph, or of the last one of the previous paragraph when it opens its own.",
        "“The water rose in minutes,” said Tom Hale, a fisherman. “We had no time to save anything.”",
    ),
    _rule(
        "chain.next_quote", "passes", "speaker",
        "An untagged quotation takes the speaker of the tagged quotation after it in the same paragraph.",
        "“The water rose in minutes.” “We had no time,” said Tom Hale, a fisherman.",
    ),
    _rule(
        "chain.open_quote", "passes", "speaker",
        "A quotation whose marks stay open runs into the next paragraph, which continues its speaker.",
        "“The water rose in minutes,” said Tom Hale, a fisherman. “We had no time to save anything.\n\nThen, quietly: “Now we start again from nothing.”",
    ),
    _rule(
        "chain.reported_speech", "passes", "speaker",
        "An untagged quoted sentence continues the speaker of the reported speech just before it in its paragraph.",
        "Coach Ann Lee said the team had trained hard all winter. “Nobody expected us to get this far.”",
    ),
    _rule(
        "chain.dash_credit", "passes", "speaker",
        "A quotation that ends its paragraph, followed by a line that opens with a dash and a name (“— Ann Lee, Denver”), is that person's:"
        " collections of reader and voter quotes credit each one that way.",
        "Voters in the square were asked about the election.\n\n“Nobody here trusts the polls any more.”\n\n— Ann Lee, a nurse from Leeds",
    ),
    _rule(
        "chain.lead_in", "passes", "speaker",
        "A whole quotation that no tag or chain claims speaks for the subject of the sentence leading into it (“Lee agreed. “...””,"
        " “The mayor released the following statement: ¶ “...””), in its paragraph or at the end of the one before.",
        "Flood water closed the main road into the town on Monday, and dozens of homes were evacuated.\n\n"
        "Late on Monday the mayor released the following statement about the flood:\n\n“Our thoughts are with the families who lost their homes.”",
        "Council member Ann Lee agreed. “The budget cannot carry another cut.”",
    ),
    _rule(
        "filter.nested_self_report", "passes", "filter",
        "A speech verb with its own subject inside someone's reported clause, whose subject is that same speaker, is part of the one report.",
        "Mayor Ann Lee said that she did tell the council that the budget was short.",
    ),
    _rule(
        "filter.unowned", "passes", "filter",
        "A quoted fragment nobody can be found for is a name or a scare quote, and reported speech without a speaker is the writer's inference: neither is a claim.",
        "Prices rose again in March, indicating that the slowdown is over.",
    ),
    _rule(
        "filter.translation", "passes", "filter",
        "An inline translation template repeats a quotation in its original language; it is no claim of its own.",
        'Saying "there are many protests despite the ban" ((es))Spanish language: \u200dhay muchas protestas pese a la prohibición,'
        " the president sent the bill to congress.",
    ),
)
RULES: tuple[Rule, ...] = tuple(replace(r, order=i) for i, r in enumerate(_TABLE))
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


@dataclass(frozen=True)
class _Session:
    disabled: frozenset[str]
    fired: set[str] | None


_SESSION: ContextVar[_Session | None] = ContextVar("newsgen_rules", default=None)


def fire(name: str) -> bool:
    """Called when a rule's condition holds: records that it fired (inside `session(fired=...)`) and
    says whether it may act. Outside a session every rule acts, at the cost of one lookup."""
    state = _SESSION.get()
    if state is None:
        return True
    if state.fired is not None:
        state.fired.add(name)
    return name not in state.disabled


@contextmanager
def session(disabled: Iterable[str] = (), fired: set[str] | None = None) -> Iterator[None]:
    """Switch rules off and/or collect the names of those that fired, for the code run inside; a
    session inside another adds to its switched-off rules and reports to its `fired` set."""
    off = frozenset(disabled)
    unknown = off - BY_NAME.keys()
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}")
    outer = _SESSION.get()
    if outer is not None:
        off |= outer.disabled
        fired = fired if fired is not None else outer.fired
    token = _SESSION.set(_Session(off, fired))
    try:
        yield
    finally:
        _SESSION.reset(token)
