"""Who is who across articles: every claim's speaker mention resolved to one entity, with the rule that decided.

The extractor names each claim's speaker as its article does ("Donald J. Trump", "the Republican
nominee", "her campaign", "Seoul", "AP report"). Here each mention becomes an entity key, so that
one real-world speaker gets one page and something that is no speaker ("31 percent", "Thursday",
"the report") gets none. Every decision names the identity rule that made it (`RULES`, data with
names and example sentences, as the extractor's rules are), kept on the claim's reference.

Everything is indexed by normalised keys (surname skeletons, initials, role phrases): the work is
linear in the mentions and the article text, never a comparison of all mentions with each other.
The tables below are general vocabulary (honorifics, familiar forms of given names, capitals and
demonyms), never names taken from a corpus.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ..model import Article, Claim

# --- the rules -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityRule:
    """One identity rule: `name` is what a claim's identity says; `examples` are (article sentences,
    the speaker mentions the extractor gives them, and the page each mention must land on: a name,
    or None for no page); `tests/test_identity.py` runs them all."""

    name: str
    description: str
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Example:
    """Articles as (body, mentions), a mention written "Form" or "Form|type"; `expect` maps a mention
    (as written) to the page name it lands on, None for no page, or "=Other form" for "the same page as"."""

    articles: tuple[tuple[str, tuple[str, ...]], ...]
    expect: tuple[tuple[str, str | None], ...]


def _ex(*articles: tuple[str, tuple[str, ...]], expect: dict[str, str | None]) -> Example:
    return Example(tuple(articles), tuple(expect.items()))


_TABLE: tuple[IdentityRule, ...] = (
    IdentityRule(
        "name.exact", "A name written the same way (case, “the” and quotation marks aside) is the same speaker in every article.",
        (_ex(("“It is serious,” John Kirby said.", ("John Kirby|person",)), ("John Kirby told reporters the troops sailed by ship.", ("John Kirby|person",)),
             expect={"John Kirby": "John Kirby"}),),
    ),
    IdentityRule(
        "name.middle_initial", "Middle initials, middle names and generational suffixes do not change who a person is: “Donald J. Trump” is “Donald Trump”, “James B. Comey” is “James Comey”.",
        (_ex(("Donald J. Trump said the system was rigged.", ("Donald J. Trump|person",)),
             ("“I like Paul,” Donald Trump told the Post. Donald Trump said he was not there yet.", ("Donald Trump|person", "Donald Trump|person")),
             expect={"Donald J. Trump": "=Donald Trump"}),
         _ex(("FBI Director James B. Comey said the investigators had recovered several thousand emails.", ("James B. Comey|person",)),
             ("“No reasonable prosecutor would bring such a case,” James Comey said. James Comey also said the culture was lacking.", ("James Comey|person", "James Comey|person")),
             expect={"James B. Comey": "=James Comey"})),
    ),
    IdentityRule(
        "name.familiar_form", "A familiar form of a given name is the same person when the surname agrees: “Joseph R. Biden Jr.” is “Joe Biden”.",
        (_ex(("Vice President Joseph R. Biden Jr. warned that Donald J. Trump had elevated the dangers.", ("Joseph R. Biden Jr.|person",)),
             ("“This man is totally unqualified,” said Vice President Joe Biden. Joe Biden said the threat had gone up.", ("Joe Biden|person", "Joe Biden|person")),
             expect={"Joseph R. Biden Jr.": "=Joe Biden"}),),
    ),
    IdentityRule(
        "name.spelling", "Diacritics and common transliteration variants do not make another person: “Erdoğan” is “Erdogan”, “Zelenskyy” is “Zelensky”.",
        (_ex(("President of Ukraine Volodymyr Zelenskyy said, “We expect from Iran assurances.”", ("Volodymyr Zelenskyy|person",)),
             ("Volodymyr Zelensky said in a meeting with Honcharuk, “I decided to give you a chance.” Volodymyr Zelensky also instructed the agencies.", ("Volodymyr Zelensky|person", "Volodymyr Zelensky|person")),
             expect={"Volodymyr Zelenskyy": "=Volodymyr Zelensky"}),
         _ex(("Recep Tayyip Erdoğan said the invasion was “to prevent the creation of a terror corridor.”", ("Recep Tayyip Erdoğan|person",)),
             ("Recep Tayyip Erdogan said, “They need to stand by us.” Recep Tayyip Erdogan named the operation.", ("Recep Tayyip Erdogan|person", "Recep Tayyip Erdogan|person")),
             expect={"Recep Tayyip Erdoğan": "=Recep Tayyip Erdogan"})),
    ),
    IdentityRule(
        "surname.in_article", "A surname alone is the person of that surname the same article names in full, when only one fits.",
        (_ex(("“Yes,” Sadiq Khan said. “Maybe,” Khan said.", ("Sadiq Khan|person", "Khan|person")), expect={"Khan": "Sadiq Khan"}),),
    ),
    IdentityRule(
        "surname.typo_in_article", "A surname one letter away from the surname of the only person the article names in full is that person misspelt (“Giulini” for “Giuliani”).",
        (_ex(("“No reasonable prosecutor would not present this case,” said Rudy Giuliani. Giulini also questioned the idea that Clinton had shown no criminal intent.",
              ("Rudy Giuliani|person", "Giulini|person")), expect={"Giulini": "Rudy Giuliani"}),),
    ),
    IdentityRule(
        "surname.across_articles", "A surname alone in an article that never gives the full name joins the one person of that surname named elsewhere, when the context agrees (names mentioned in both, nearby dates, shared tags) or that person is quoted in several articles.",
        (_ex(("“They sailed by ship,” Kirby added.", ("Kirby|person",)), ("“We estimate 3,000,” John Kirby told reporters.", ("John Kirby|person",)),
             expect={"Kirby": "John Kirby"}),),
    ),
    IdentityRule(
        "surname.introduced_locally", "A surname the article introduces as someone new (“a university student named Wong”, “student Wong”) is not a namesake quoted elsewhere.",
        (_ex(("A university student named Wong said, “Hong Kong people never back down.”", ("Wong|person",)),
             ("“They have conceded nothing in fact,” wrote student protester Joshua Wong on Twitter.", ("Joshua Wong|person",)),
             expect={"Wong": "Wong", "Joshua Wong": "Joshua Wong"}),),
    ),
    IdentityRule(
        "split.title_before_name", "A title written before a name is a role, not part of the name: “President of Ukraine Volodymyr Zelenskyy”, “Counsel James A. Baker”.",
        (_ex(("“We expect assurances,” said President of Ukraine Volodymyr Zelenskyy.", ("President of Ukraine Volodymyr Zelenskyy|person",)),
             ("Volodymyr Zelensky said he would not accept the resignation. Volodymyr Zelensky met Honcharuk.", ("Volodymyr Zelensky|person", "Volodymyr Zelensky|person")),
             expect={"President of Ukraine Volodymyr Zelenskyy": "=Volodymyr Zelensky"}),),
    ),
    IdentityRule(
        "split.organisation_before_name", "An organisation's name fused with a person's name (“Amnesty International Man-kei Tam”) is the person, with the organisation as role.",
        (_ex(("“This announcement cannot change the fact,” Hong Kong director of Amnesty International Man-kei Tam said in a statement.",
              ("Amnesty International Man-kei Tam|organisation",)), expect={"Amnesty International Man-kei Tam": "Man-kei Tam"}),),
    ),
    IdentityRule(
        "split.description_after_name", "A description after a name (“Regina Ip from the pro-Beijing camp”) is a role, not part of the name.",
        (_ex(("Regina Ip from the pro-Beijing camp said in a press conference that the behaviour was anti-democratic.", ("Regina Ip from the pro-Beijing camp|unknown",)),
             expect={"Regina Ip from the pro-Beijing camp": "Regina Ip"}),),
    ),
    IdentityRule(
        "org.acronym_defined", "An acronym the text defines (“the Syrian Democratic Forces (SDF)”) is the organisation it stands for, in every article.",
        (_ex(("One of these groups, the Syrian Democratic Forces (SDF), opposed the withdrawal. The SDF said it was given assurances.",
              ("Syrian Democratic Forces|organisation", "SDF|organisation")), expect={"SDF": "Syrian Democratic Forces"}),),
    ),
    IdentityRule(
        "org.acronym_initials", "An acronym whose letters are the initials of an organisation the same article names is that organisation (“AP” and “the Associated Press”).",
        (_ex(("The Associated Press reported that 85 of the 154 meetings were with donors. The AP said it did not include those meetings.",
              ("Associated Press|organisation", "AP|organisation")), expect={"AP": "Associated Press"}),),
    ),
    IdentityRule(
        "org.well_known_form", "A broadcaster's short form is the broadcaster: “CBS” is “CBS News”, “NBC” is “NBC News”.",
        (_ex(("Pelosi presided over the vote, a move whose rarity, CBS noted, highlighted its significance.", ("CBS|organisation",)),
             ("CBS News reported the vote on Thursday. CBS News said it was rare.", ("CBS News|organisation", "CBS News|organisation")), expect={"CBS": "=CBS News"}),),
    ),
    IdentityRule(
        "place.capital", "A capital speaking is its country's government: “Seoul claims” is South Korea. (“The Seoul government”, a city's own, is not.)",
        (_ex(("Seoul claims that Pyongyang intends to send 10,000 soldiers to Russia by December. According to South Korea, the North is providing weaponry.",
              ("Seoul|place", "South Korea|place")), expect={"Seoul": "South Korea"}),),
    ),
    IdentityRule(
        "place.country_alias", "Other names of a country are the country: “the US”, “U.S.” and “the United States”.",
        (_ex(("The United States warned Wednesday that the soldiers would become targets.", ("United States|place",)),
             ("The US had been allied with Kurdish groups, and the US said it would withdraw.", ("US|place",)), expect={"US": "=United States"}),),
    ),
    IdentityRule(
        "role.holder_in_article", "A role used as a name (“the vice president”) is the person the same article gives that role (“Vice President Joseph R. Biden Jr.”).",
        (_ex(("Vice President Joseph R. Biden Jr. warned this week about Trump. Mr. Trump is so reckless, the vice president said, that he endangered the troops.",
              ("Joseph R. Biden Jr.|person", "vice president|person")), expect={"vice president": "Joseph R. Biden Jr."}),),
    ),
    IdentityRule(
        "role.holder_in_corpus", "A role used as a name that its own article never ties to a name (“the Democratic presidential nominee”) is the person other articles give that role, when that person is also named in this article and no one else is.",
        (_ex(("The Democratic presidential nominee explained that Comey was referring only to her interviews with the FBI. Clinton said so.",
              ("Democratic presidential nominee|unknown", "Hillary Clinton|person")),
             ("Snowden hit back by accusing him of pandering to Democratic presidential nominee Hillary Clinton.", ("Edward Snowden|person",)),
             expect={"Democratic presidential nominee": "Hillary Clinton"}),),
    ),
    IdentityRule(
        "campaign.of_named", "A campaign named by its candidate (“the Clinton campaign”, “Sanders' campaign”) is that candidate's campaign: one speaker, “<Name> campaign”.",
        (_ex(("“I'm so sick of the Sanders campaign lying,” Hillary Clinton said. The Sanders campaign on Monday also doubled down on its attacks.",
              ("Hillary Clinton|person", "Sanders campaign|organisation", "Bernie Sanders|person")), expect={"Sanders campaign": "Bernie Sanders campaign"}),),
    ),
    IdentityRule(
        "campaign.of_antecedent", "“Her campaign”, “his campaign” or “the campaign” is the campaign of the candidate the article last named (and of the right gender for “her” or “his”), or of the campaign it last named.",
        (_ex(("Mrs. Clinton tried to make light of the dispute. The Clinton campaign pushed back, calling it the mark of a desperate candidate. As her campaign said, the attack was new.",
              ("Hillary Clinton|person", "Clinton campaign|organisation", "her campaign|organisation")), expect={"her campaign": "Hillary Clinton campaign"}),),
    ),
    IdentityRule(
        "office.holder", "A person's office or account speaks for the person: “Erdogan's office”, “Biden's Twitter account”.",
        (_ex(("According to a statement released by Erdogan's office, the aim is to neutralise the threat.", ("Erdogan's office|organisation",)),
             ("Recep Tayyip Erdoğan said the invasion would bring peace.", ("Recep Tayyip Erdoğan|person",)), expect={"Erdogan's office": "Recep Tayyip Erdoğan"}),),
    ),
    IdentityRule(
        "document.issuer", "A document, poll or report is not a speaker: its claim goes to the issuer the mention names (“the Associated Press report”, “a poll from Marquette Law School”, “the Turkish statement”, “Mr. Trump's comments”).",
        (_ex(("Pence's press release linked to the Associated Press report, which notes that more than half the people gave money. The Associated Press also said so.",
              ("Associated Press report|organisation", "Associated Press|organisation")), expect={"Associated Press report": "Associated Press"}),
         _ex(("A poll from Marquette Law School released Wednesday found Clinton leading Trump by 15 points.", ("poll from Marquette Law School|unknown",)),
             expect={"poll from Marquette Law School": "Marquette Law School"})),
    ),
    IdentityRule(
        "document.no_issuer", "A document, poll or report with no issuer named keeps its claim with an unnamed source and gets no page (never a page called “report”).",
        (_ex(("The documents raised new questions about whether the charitable foundation worked to reward its donors.", ("documents|organisation",)),
             expect={"documents": None}),),
    ),
    IdentityRule(
        "document.legal_text", "A constitution, law or treaty is a text, not a speaker, whoever wrote it.",
        (_ex(("The United States Constitution specifies that officials are removed from office after being impeached.", ("United States Constitution|organisation",)),
             expect={"United States Constitution": None}),),
    ),
    IdentityRule(
        "nonsource.number", "A number or share (“31 percent”, “about 9 percent”) is what someone counted, not a source.",
        (_ex(("Clinton earned 51 percent of the support. About 9 percent said they had no preference.", ("About 9 percent|unknown",)), expect={"About 9 percent": None}),),
    ),
    IdentityRule(
        "nonsource.time", "A day, month or time (“Thursday”, “last week”) is when, not who.",
        (_ex(("Thursday said to be the day of the vote.", ("Thursday|unknown",)), expect={"Thursday": None}),),
    ),
    IdentityRule(
        "nonsource.remark", "A remark or comment with no one named as its author (“controversial comment”) is no source.",
        (_ex(("The controversial comment suggested the vote was rigged.", ("controversial comment|unknown",)), expect={"controversial comment": None}),),
    ),
    IdentityRule(
        "nonsource.event", "An event (“the appearance”, “the rally”) is where words were said, not who said them.",
        (_ex(("The appearance hinted at the niche he sees for himself as Election Day nears.", ("appearance|unknown",)), expect={"appearance": None}),),
    ),
    IdentityRule(
        "nonsource.dateline", "The place-name in capitals that opens a wire story (“PHILADELPHIA, July 25 (UPI) —”) is a dateline, not a speaker.",
        (_ex(("PHILADELPHIA, July 25 (UPI) — The Democratic National Committee released a statement.", ("PHILADELPHIA|place",)), expect={"PHILADELPHIA": None}),
         _ex(("New York (AFP) – Vice President Joe Biden on Monday hit the 2016 campaign trail.", ("New York|place",)), expect={"New York": None})),
    ),
    IdentityRule(
        "nonsource.anaphor", "“The second” or “the latter” left unresolved names no one: the claim keeps an unnamed source and no page.",
        (_ex(("The House passed two articles of impeachment. The first charged Trump with abuse of power, and the second accused him of obstruction of Congress.",
              ("second|unknown",)), expect={"second": None}),),
    ),
    IdentityRule(
        "group.coordination", "Two speakers named together (“Joe Biden and Bernie Sanders”) speak as one group of that article only.",
        (_ex(("Biden and Sanders announced they were to form six working groups.", ("Joe Biden and Bernie Sanders|group",)),
             ("Joe Biden and Bernie Sanders said they would meet again.", ("Joe Biden and Bernie Sanders|group",)),
             expect={"Joe Biden and Bernie Sanders": "Joe Biden and Bernie Sanders"}),),
    ),
    IdentityRule(
        "unnamed.description", "A description rather than a name (“officials”, “the company”, “Police”) is one speaker within its own article only.",
        (_ex(("Officials said South Korea will send a team to NATO headquarters.", ("Officials|group",)), ("Officials said the bridge would reopen.", ("Officials|group",)),
             expect={"Officials": "Officials"}),),
    ),
    IdentityRule(
        "unnamed.tail_of_named", "A description that ends a longer name the same article uses (“state media” after “Syrian state media”) is that speaker.",
        (_ex(("According to Syrian state media, government forces began deploying. The army entered Tell Tamer yesterday according to state media.",
              ("Syrian state media|group", "state media|group")), expect={"state media": "Syrian state media"}),),
    ),
)

RULES: dict[str, IdentityRule] = {r.name: r for r in _TABLE}

# --- vocabulary (general, not from any corpus) ------------------------------------------------------

DETERMINERS = frozenset("the a an this that these those".split())
POSSESSIVE_PRONOUNS = {"his": "m", "her": "f", "their": None, "its": None, "our": None}
# Titles and honorifics written before a name ("Sen.", "Vice President", "Counsel").
TITLE_WORDS = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend president vice senator sen rep
representative gov governor mayor minister prime secretary chancellor general gen colonel col captain
capt judge justice king queen prince princess pope sheikh director chairman chairwoman chair counsel
superintendent chief inspector sergeant lieutenant commissioner admiral commander major bishop
archbishop cardinal detective constable corporal trooper deputy speaker administrator ambassador
attorney former acting senior police legislator congressman congresswoman councillor councilor
premier foreign interior defence defense finance treasury state home health education justice
leader opposition spokesman spokeswoman spokesperson envoy retired executive counsel general
""".split())
# Words that may lead a title without being one ("US Secretary of State", "UK Prime Minister").
TITLE_LEADS = frozenset("us u.s. uk u.k. un eu nato".split())
FEMALE_TITLES = frozenset("mrs ms miss madam dame lady queen princess".split())
MALE_TITLES = frozenset("mr sir lord king prince".split())
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Familiar and full forms of common English given names: either form is the same person.
FAMILIAR_NAMES: dict[str, str] = {
    alias: full
    for full, aliases in {
        "joseph": "joe joey", "william": "bill billy will willie liam", "robert": "bob bobby rob robbie bert",
        "james": "jim jimmy jamie", "michael": "mike mick mikey", "thomas": "tom tommy", "richard": "dick rick ricky rich",
        "edward": "ed eddie ted ned", "theodore": "ted teddy theo", "rudolph": "rudy rudi", "bernard": "bernie",
        "christopher": "chris", "peter": "pete", "jeffrey": "jeff", "geoffrey": "geoff", "donald": "don donnie",
        "ronald": "ron ronnie", "daniel": "dan danny", "david": "dave davey", "steven": "steve", "stephen": "steve",
        "anthony": "tony", "nicholas": "nick nicky", "alexander": "alex sandy", "andrew": "andy drew", "benjamin": "ben benny",
        "charles": "charlie chuck chas", "frederick": "fred freddie", "gerald": "gerry jerry", "gregory": "greg",
        "henry": "hank harry", "john": "johnny jack", "jonathan": "jon", "kenneth": "ken kenny", "lawrence": "larry",
        "leonard": "len lenny", "matthew": "matt", "patrick": "pat paddy", "raymond": "ray", "samuel": "sam sammy",
        "timothy": "tim timmy", "walter": "walt wally", "zachary": "zach zack", "douglas": "doug", "mitchell": "mitch",
        "elizabeth": "liz lizzie beth betsy betty eliza", "katherine": "kate katie kathy cathy", "catherine": "kate katie cathy",
        "margaret": "maggie meg peggy", "patricia": "pat patty trish", "jennifer": "jen jenny", "rebecca": "becky",
        "susan": "sue susie", "deborah": "debbie deb", "barbara": "barb babs", "victoria": "vicky tori",
        "christine": "chris chrissy", "kimberly": "kim", "nancy": "nan", "cynthia": "cindy", "theresa": "tess terry",
        "abigail": "abby", "alexandra": "alex sasha", "jacqueline": "jackie", "madeleine": "maddie",
    }.items()
    for alias in aliases.split()
}
# Capitals speak for their countries' governments ("Seoul said"); a table of facts, not of a corpus.
CAPITALS: dict[str, str] = {
    "washington": "United States", "seoul": "South Korea", "pyongyang": "North Korea", "moscow": "Russia", "kyiv": "Ukraine",
    "kiev": "Ukraine", "beijing": "China", "tokyo": "Japan", "london": "United Kingdom", "paris": "France", "berlin": "Germany",
    "rome": "Italy", "madrid": "Spain", "lisbon": "Portugal", "brussels": "Belgium", "the hague": "Netherlands",
    "amsterdam": "Netherlands", "vienna": "Austria", "bern": "Switzerland", "warsaw": "Poland", "prague": "Czech Republic",
    "budapest": "Hungary", "bucharest": "Romania", "sofia": "Bulgaria", "athens": "Greece", "ankara": "Turkey",
    "tehran": "Iran", "baghdad": "Iraq", "damascus": "Syria", "beirut": "Lebanon", "amman": "Jordan", "riyadh": "Saudi Arabia",
    "cairo": "Egypt", "tripoli": "Libya", "tunis": "Tunisia", "algiers": "Algeria", "rabat": "Morocco", "jerusalem": "Israel",
    "kabul": "Afghanistan", "islamabad": "Pakistan", "new delhi": "India", "delhi": "India", "dhaka": "Bangladesh",
    "kathmandu": "Nepal", "colombo": "Sri Lanka", "naypyidaw": "Myanmar", "bangkok": "Thailand", "hanoi": "Vietnam",
    "phnom penh": "Cambodia", "kuala lumpur": "Malaysia", "jakarta": "Indonesia", "manila": "Philippines",
    "taipei": "Taiwan", "ulaanbaatar": "Mongolia", "canberra": "Australia", "wellington": "New Zealand", "ottawa": "Canada",
    "mexico city": "Mexico", "havana": "Cuba", "caracas": "Venezuela", "bogota": "Colombia", "bogotá": "Colombia",
    "lima": "Peru", "santiago": "Chile", "buenos aires": "Argentina", "brasilia": "Brazil", "brasília": "Brazil",
    "montevideo": "Uruguay", "la paz": "Bolivia", "quito": "Ecuador", "pretoria": "South Africa", "nairobi": "Kenya",
    "addis ababa": "Ethiopia", "abuja": "Nigeria", "accra": "Ghana", "kinshasa": "Democratic Republic of the Congo",
    "khartoum": "Sudan", "minsk": "Belarus", "vilnius": "Lithuania", "riga": "Latvia", "tallinn": "Estonia",
    "helsinki": "Finland", "stockholm": "Sweden", "oslo": "Norway", "copenhagen": "Denmark", "dublin": "Ireland",
    "reykjavik": "Iceland", "belgrade": "Serbia", "zagreb": "Croatia", "tbilisi": "Georgia", "yerevan": "Armenia",
    "baku": "Azerbaijan", "astana": "Kazakhstan", "tashkent": "Uzbekistan", "doha": "Qatar", "abu dhabi": "United Arab Emirates",
    "muscat": "Oman", "sanaa": "Yemen", "kuwait city": "Kuwait", "manama": "Bahrain", "chisinau": "Moldova",
}
# Other names of a country ("the US", "Britain").
COUNTRY_ALIASES: dict[str, str] = {
    "us": "United States", "u.s": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
    "united states": "United States", "united states of america": "United States", "america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "u.k": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "united kingdom": "United Kingdom", "russian federation": "Russia",
    "republic of korea": "South Korea", "rok": "South Korea", "dprk": "North Korea",
    "democratic people's republic of korea": "North Korea", "people's republic of china": "China", "prc": "China",
    "islamic republic of iran": "Iran", "uae": "United Arab Emirates", "türkiye": "Turkey", "turkiye": "Turkey",
}
# Adjectives of nationality naming a government's document's issuer ("the Turkish statement").
DEMONYMS: dict[str, str] = {
    "american": "United States", "us": "United States", "u.s.": "United States", "british": "United Kingdom", "uk": "United Kingdom",
    "turkish": "Turkey", "russian": "Russia", "chinese": "China", "japanese": "Japan", "south korean": "South Korea",
    "north korean": "North Korea", "ukrainian": "Ukraine", "german": "Germany", "french": "France", "italian": "Italy",
    "spanish": "Spain", "iranian": "Iran", "iraqi": "Iraq", "syrian": "Syria", "israeli": "Israel", "palestinian": "Palestine",
    "saudi": "Saudi Arabia", "egyptian": "Egypt", "indian": "India", "pakistani": "Pakistan", "afghan": "Afghanistan",
    "canadian": "Canada", "mexican": "Mexico", "brazilian": "Brazil", "australian": "Australia", "polish": "Poland",
    "dutch": "Netherlands", "belgian": "Belgium", "swedish": "Sweden", "norwegian": "Norway", "greek": "Greece",
    "venezuelan": "Venezuela", "cuban": "Cuba", "philippine": "Philippines", "vietnamese": "Vietnam", "thai": "Thailand",
}
# Nouns of things that carry words: a claim "by" one goes to its issuer.
DOCUMENT_HEADS = frozenset("""
statement statements report reports poll polls survey surveys study studies analysis letter letters tweet tweets column
editorial op-ed memo memos email emails e-mail document documents filing filings release communique communiqué
comments comment remarks remark footage video videos recording recordings audio transcript data figures records
cables book article articles interview speech address announcement briefing findings assessment estimate estimates
projections forecast results account message messages press-release testimony
""".split())
# Texts that are never anyone's statement of the moment.
LEGAL_HEADS = frozenset("constitution law laws act treaty charter statute amendment bill code convention".split())
# Words that only point back ("the second", "the latter"): left unresolved, they name no one.
ANAPHORS = frozenset("first second third fourth latter former last other others one".split())
EVENT_HEADS = frozenset("appearance appearances rally rallies visit trip tour event events ceremony celebration".split())
REMARK_HEADS = frozenset("comment comments remark remarks".split())
TIME_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight week weekend month year
morning afternoon evening night january february march april may june july august september october november
december last next earlier later
""".split())
QUANTITY = re.compile(
    r"^(?:(?:about|around|roughly|nearly|almost|some|over|under|more than|less than|fewer than|just|only|at least|at most|up to)\s+)?"
    r"(?:\d[\d,.]*|half|a third|a quarter|two-thirds|three-quarters|one in \w+)\s*(?:%|percent|per cent|percentage points?)?"
    r"(?:\s+of\s+[\w\s]+)?$"
)
# Last words of organisation names: a capitalised name after them is someone else's ("... International Man-kei Tam").
ORG_FINAL = frozenset("""
international nations states union council committee ministry agency office department party service bank court
assembly commission organization organisation forces army navy institute university association foundation network
group company corporation front alliance coalition league federation watch conference center centre
survey society
""".split())
# Words that only shorten a broadcaster's name ("CBS News" -> "CBS").
BROADCAST_SUFFIXES = frozenset("news".split())
PERSON_ROLE_HEADS = frozenset("""
nominee candidate president vice-president vp secretary senator governor mayor minister premier chancellor speaker
leader chairman chairwoman chair spokesman spokeswoman spokesperson aide adviser advisor director chief executive
ambassador envoy attorney general commander representative congressman congresswoman lawmaker manager businessman
businesswoman mogul billionaire incumbent challenger frontrunner front-runner justice judge prosecutor
""".split())
# People a report introduces by what they are ("a student Wong", "one resident Lee"): someone new, no namesake.
INTRODUCING_NOUNS = frozenset("""
student protester protestor resident worker man woman teacher driver farmer doctor nurse volunteer survivor witness
activist voter shopper owner employee engineer demonstrator pupil passenger villager mother father fan supporter
attendee participant marcher refugee migrant citizen local officer soldier
""".split())
ACRONYM_FUNCTION_WORDS = frozenset("of the and for de du des la le del on in to &".split())
CAMPAIGN_HEADS = frozenset("campaign camp".split())
OFFICE_HEADS = ("office", "twitter account", "account", "press office", "spokesman", "spokeswoman", "spokesperson")

_SPACE = re.compile(r"\s+")


# --- normalisation -------------------------------------------------------------------------------------

_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "’": "'", "‘": "'"})


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case, diacritics and curly quotes folded: "Erdoğan" -> "erdogan"."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """A spelling key for a name word: folded, letters only, doubled letters collapsed, a final -i/-ii/-iy
    written -y ("Zelenskyy", "Zelenskiy", "Zelensky" all -> "zelensky")."""
    w = re.sub(r"[^a-z]", "", fold(word))
    w = re.sub(r"(.)\1+", r"\1", w)
    return re.sub(r"(?<=[^aeiou])(?:iy|ij|i)$", "y", w)


@functools.lru_cache(maxsize=1 << 16)
def clean_form(name: str) -> str:
    name = unicodedata.normalize("NFKC", name)
    name = name.strip(" \t\n\"'“”,;:—–-")
    return _SPACE.sub(" ", name)


@functools.lru_cache(maxsize=1 << 16)
def strip_determiner(form: str) -> str:
    words = form.split(" ")
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


# --- the resolver --------------------------------------------------------------------------------------


@dataclass
class Identity:
    """Where one claim's speaker mention goes: `key` the entity (None: no speaker page), `name` the
    mention as a name (titles and fused descriptions split off into `role`), `rule` the identity rule
    that decided, `unnamed` for a description that is one speaker within its article only."""

    key: str | None
    name: str
    type: str
    rule: str
    role: str | None = None
    unnamed: bool = False


@dataclass
class _Person:
    first: str
    last: str
    middle: tuple[str, ...]
    rule: str


@dataclass
class _ArticleInfo:
    article: Article
    claims: list[Claim] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # keys of the people and organisations it names in full
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # surname skeleton -> person keys
    orgs: dict[str, str] = field(default_factory=dict)  # initials of an organisation it names -> its key
    _folded: str | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = self.article.body.casefold()  # for look-ups of a word; fold() per character is too slow for bodies
        return self._folded


def resolve(items: list[tuple[Article, Claim]], is_unnamed: Callable[[str, str, str], bool]) -> list[Identity | None]:
    """One Identity per (article, claim), None where the claim has no speaker. `is_unnamed(name, type,
    body)` tells a description ("officials") from a name."""
    return _Resolver(items, is_unnamed).run()


# Capitalised words that start sentences rather than names ("But Trump said").
_SENTENCE_STARTS = frozenset("""
but and or so yet when while as if after before since then still meanwhile however although though because
on in at by for with from to of the a an this that these those his her their its our my your we they he she it
there here what who why how where last next early late mr mrs ms dr
""".split())


class _Resolver:
    def __init__(self, items: list[tuple[Article, Claim]], is_unnamed: Callable[[str, str, str], bool]) -> None:
        self.items = items
        unnamed_memo: dict[tuple[str, str, str], bool] = {}

        def memo(name: str, speaker_type: str, body: str) -> bool:
            key = (name, speaker_type, body)
            if key not in unnamed_memo:
                unnamed_memo[key] = is_unnamed(name, speaker_type, body)
            return unnamed_memo[key]

        self.is_unnamed = memo
        self.info: dict[str, _ArticleInfo] = {}
        self.acronyms: dict[str, Counter] = defaultdict(Counter)  # ACR -> keys of the names it is defined as
        self.org_initials: dict[str, set[str]] = defaultdict(set)
        self.people: dict[tuple[str, str], dict[tuple[str, ...], str]] = defaultdict(dict)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.display: dict[str, Counter] = defaultdict(Counter)
        self.key_articles: dict[str, set[str]] = defaultdict(set)
        self._holders: dict[str, Counter] = {}
        self._datelines: dict[tuple[str, str], bool] = {}
        self.full_forms: dict[str, Counter] = defaultdict(Counter)  # person key -> full names met, named or not
        self._genders: dict[str, str | None] = {}
        self._body_names: dict[str, dict[str, set[str]]] = {}

    def run(self) -> list[Identity | None]:
        out: list[Identity | None] = [None] * len(self.items)
        for article, claim in self.items:
            info = self.info.get(article.slug)
            if info is None:
                info = self.info[article.slug] = _ArticleInfo(article)
                self._acronyms_defined(article)
            info.claims.append(claim)
        # Names in full first (typed mentions before untyped ones, so that an untyped "Associated Press"
        # finds the organisation), then the mentions that lean on them.
        spoken = [i for i, (_, c) in enumerate(self.items) if c.speaker and c.speaker.strip()]
        spoken.sort(key=lambda i: self.items[i][1].speaker_type == "unknown")
        pending = []
        seen: dict[tuple[str, str, str], Identity | None] = {}
        for i in spoken:
            article, claim = self.items[i]
            key = (article.slug, claim.speaker or "", claim.speaker_type)
            if key in seen:  # the same name again in the same article: the same decision
                ident = seen[key]
                ident = replace(ident) if ident is not None else None
            else:
                ident = seen[key] = self._named(article, claim.speaker or "", claim.speaker_type)
            if ident is None:
                pending.append(i)
            else:
                out[i] = self._note(ident, article)
        for i in sorted(pending):
            article, claim = self.items[i]
            out[i] = self._note(self._dependent(article, claim), article)
        self._explain(out)
        return out

    def _explain(self, out: list[Identity | None]) -> None:
        """A name on a page named otherwise says what made them one: a middle initial, a familiar form, a spelling."""
        for ident in out:
            if ident is not None and ident.key and ident.rule in _NAME_RULES:
                ident.rule = _name_rule(ident.name, display_name(self.display[ident.key]))

    def _dateline(self, word: str, article: Article) -> bool:
        key = (article.slug, word)
        if key not in self._datelines:
            self._datelines[key] = _is_dateline(word, article.body)
        return self._datelines[key]

    def _page_form(self, ident: Identity) -> str:
        """The name a resolved mention goes by: its speaker's usual name when known already."""
        known = self.display.get(ident.key or "")
        return display_name(known) if known else ident.name

    def _note(self, ident: Identity, article: Article) -> Identity:
        if ident.key:
            self.display[ident.key][ident.name] += 1
            self.key_articles[ident.key].add(article.slug)
        return ident

    # -- reading a mention ---------------------------------------------------------------------------

    def _parse(self, speaker: str, speaker_type: str) -> tuple[str, str | None, str | None]:
        """(the mention as a name, a role split off it, the split rule)."""
        form = strip_determiner(clean_form(speaker))
        return _split(form, speaker_type)

    def _named(self, article: Article, speaker: str, speaker_type: str) -> Identity | None:
        """Mentions that need nothing else: non-sources, groups, texts, names in full. None: second pass."""
        raw = strip_determiner(clean_form(speaker))
        low = fold(raw)
        if QUANTITY.match(low):
            return Identity(None, raw, "unknown", "nonsource.number")
        if low and all(w in TIME_WORDS for w in low.split()):
            return Identity(None, raw, "unknown", "nonsource.time")
        if head_word(low) in EVENT_HEADS and raw[:1].islower():
            return Identity(None, raw, "unknown", "nonsource.event")
        if raw[:1].isupper() and len(raw) > 3 and len(raw.split()) <= 3 and self._dateline(raw, article):
            return Identity(None, raw, "unknown", "nonsource.dateline")
        if low in ANAPHORS:
            return Identity(None, raw, "unknown", "nonsource.anaphor")
        if _coordinated(raw):
            return Identity(_unnamed_key(article, raw), raw, "group", "group.coordination", unnamed=True)
        form, role, split_rule = _split(raw, speaker_type)
        if split_rule:
            speaker_type = "person"  # what a split leaves is a person's name
        words = form.split()
        low = fold(form)
        head = fold(words[-1]) if words else ""
        if head in LEGAL_HEADS and (not _title_cased(words) or fold(" ".join(words[:-1])) in COUNTRY_ALIASES.keys() | DEMONYMS.keys()):
            return Identity(None, form, "unknown", "document.legal_text")
        if len(words) < 2 or _title_prefix(words) == len(words) - 1 or low in COUNTRY_ALIASES or low in CAPITALS:
            return None
        if _document_like(form) or _campaign_like(form) or _office_like(form) or _role_like(form):
            return None
        if not split_rule and self.is_unnamed(clean_form(speaker), speaker_type, article.body):
            return None
        return self._full_name(article, form, speaker_type, role, split_rule)

    def _full_name(self, article: Article, form: str, speaker_type: str, role: str | None, split_rule: str | None) -> Identity:
        info = self.info[article.slug]
        org_key = _org_key(form)
        person = _person(form) if speaker_type in ("person", "unknown") else None
        if person is not None and not (speaker_type == "unknown" and org_key in self.display):
            key = self._person_key(person)
            info.names.add(key)
            info.surnames[person.last].add(key)
            self.by_surname[person.last].add(key)
            self.full_forms[key][_strip_title(form)] += 1
            if split_rule == "split.title_before_name" and person.rule != "name.exact":
                split_rule = None  # the more telling rule: what made the name match
            return Identity(key, _strip_title(form), "person", split_rule or person.rule, role)
        info.names.add(org_key)
        initials = _initials(form)
        if len(initials) >= 2:
            info.orgs.setdefault(initials, org_key)
            self.org_initials[initials].add(org_key)
        rule = split_rule or ("org.well_known_form" if org_key != "name:" + _plain(form) else "name.exact")
        return Identity(org_key, form, speaker_type, rule, role)

    def _dependent(self, article: Article, claim: Claim) -> Identity:
        """Mentions that lean on other mentions or on the article's text."""
        raw = strip_determiner(clean_form(claim.speaker or ""))
        form, role, split_rule = _split(raw, claim.speaker_type)
        low = fold(form)
        words = form.split()
        if low in CAPITALS and not self.info[article.slug].surnames.get(skeleton(form)):
            country = CAPITALS[low]
            return Identity(_place_key(country), country, "place", "place.capital", role)
        if low in COUNTRY_ALIASES:
            country = COUNTRY_ALIASES[low]
            return Identity(_place_key(country), country, "place", "place.country_alias" if fold(country) != low else "name.exact", role)
        for step in (self._document, self._campaign, self._office, self._role_holder):
            found = step(form, article, claim)
            if found is not None:
                return found
        if not split_rule and self.is_unnamed(clean_form(claim.speaker or ""), claim.speaker_type, article.body):
            return self._unnamed(article, raw, claim)
        if len(words) == 1 and form.isupper() and len(form) >= 2:
            return self._acronym(form, article, claim.speaker_type, role)
        if len(words) == 1 or _title_prefix(words) == len(words) - 1:
            return self._surname(form, article, claim.speaker_type, role, split_rule)
        return self._full_name(article, form, claim.speaker_type, role, split_rule)

    def resolve_name(self, name: str, article: Article, speaker_type: str = "unknown") -> Identity:
        """A name inside a mention (a document's issuer, a campaign's candidate), resolved as a mention of its own."""
        claim = Claim(speaker=name, kind="direct", text="", start=0, end=0, sentence="", speaker_type=speaker_type)
        return self._named(article, name, speaker_type) or self._dependent(article, claim)

    # -- people --------------------------------------------------------------------------------------

    def _person_key(self, person: _Person) -> str:
        """Full names agree when given name (or its familiar form) and surname agree and no middle initials
        differ; a bare name stays apart when two namesakes differ only in their middle initials."""
        variants = self.people[(person.first, person.last)]
        mid = person.middle
        if mid in variants:
            return variants[mid]
        base = f"person:{person.first}|{person.last}"
        if not mid:
            named = {k for m, k in variants.items() if m}
            key = next(iter(named)) if len(named) == 1 else base
        else:
            fits = [k for m, k in variants.items() if not m or m[: len(mid)] == mid or mid[: len(m)] == m]
            clash = [m for m in variants if m and not (m[: len(mid)] == mid or mid[: len(m)] == m)]
            key = fits[0] if fits and not clash else (base if not variants else f"person:{person.first}|{'.'.join(mid)}|{person.last}")
        variants[mid] = key
        return key

    def _surname(self, form: str, article: Article, speaker_type: str, role: str | None, split_rule: str | None) -> Identity:
        words = form.split()
        title = fold(words[0]).rstrip(".") if len(words) > 1 else ""
        surname = words[-1]
        skel = skeleton(surname)
        info = self.info[article.slug]
        gender = "f" if title in FEMALE_TITLES else "m" if title in MALE_TITLES else None
        here = set(info.surnames.get(skel, ()))
        if not here:
            # "Park" in an article naming "Park Won-soon": a surname written first.
            here = {k for k in info.names if k.startswith("person:") and self._surname_first(k, skel)}
        if len(here) > 1:
            here = self._likelier(here, info, gender)
        if len(here) == 1:
            return Identity(next(iter(here)), form, "person", "surname.in_article", role)
        if here:
            return Identity(f"surname:{skel}:{article.slug}", form, "person", "surname.ambiguous", role)
        if speaker_type in ("person", "unknown") and not form.isupper():
            full = self._full_name_in_text(surname, article, gender)
            if full:
                ident = self.resolve_name(full, article, "person")
                if ident.key and ident.key.startswith("person:"):
                    return Identity(ident.key, form, "person", "surname.in_article", role)
        if len(skel) >= 5:
            near = {k for s, keys in info.surnames.items() if _one_edit(s, skel) for k in keys}
            if len(near) == 1:
                return Identity(next(iter(near)), form, "person", "surname.typo_in_article", role)
        candidates = self.by_surname.get(skel, set())
        if candidates and self._introduced_locally(surname, article):
            return Identity(f"surname:{skel}:{article.slug}", form, "person", "surname.introduced_locally", role)
        if candidates:
            choice = self._best_in_context(candidates, article, gender)
            if choice:
                return Identity(choice, form, "person", "surname.across_articles", role)
        return Identity("name:" + _plain(surname), form, speaker_type, split_rule or "name.exact", role)

    def _likelier(self, keys: set[str], info: _ArticleInfo, gender: str | None) -> set[str]:
        """Namesakes in one article ("Hillary Clinton", "Bill Clinton"): the one a title's gender fits, else the
        one the article speaks of far more (claims, full names, "Mrs. Clinton" for a woman), else all."""
        if gender:
            strict = {k for k in keys if self._gender(k) == gender}
            keys = strict or {k for k in keys if self._gender(k) in (gender, None)} or keys
        if len(keys) == 1:
            return keys
        body = info.article.body
        weight: Counter = Counter()
        for k in keys:
            forms = self.display.get(k, Counter())
            weight[k] += sum(1 for c in info.claims if c.speaker and clean_form(c.speaker) in forms)
            for form in {f for f in forms if len(f.split()) >= 2}:
                weight[k] += body.count(form)
                titles = {"f": r"(?:Mrs|Ms|Miss)", "m": r"Mr"}.get(self._gender(k) or "")
                if titles:
                    weight[k] += len(re.findall(rf"\b{titles}\.?\s+{re.escape(form.split()[-1])}\b", body))
        (top, n), (_, m) = weight.most_common(2)
        return {top} if n >= 2 * max(m, 1) else keys

    def _surname_first(self, key: str, skel: str) -> bool:
        for name in self.display.get(key, ()):
            words = name.split()
            if len(words) >= 2 and skeleton(words[0]) == skel and "-" in words[1]:
                return True
        return False

    def _full_name_in_text(self, surname: str, article: Article, gender: str | None) -> str | None:
        """The one full name the article's text gives a surname ("... Senator Amy Klobuchar of Minnesota")."""
        if article.slug not in self._body_names:
            # Every run of capitalised words in the text, by its last word: one pass per article.
            runs: dict[str, set[str]] = defaultdict(set)
            for m in _NAME_RUN.finditer(article.body):
                words = m.group(0).split()
                given = words[:-1]
                while given and (fold(given[0]) in _SENTENCE_STARTS or _title_word(given[0]) or fold(given[0]) in TIME_WORDS):
                    given = given[1:]
                if given and not given[0].endswith(".") and not any(fold(w) in ORG_FINAL for w in given):
                    runs[words[-1]].add(" ".join(given + words[-1:]))
            self._body_names[article.slug] = runs
        names = self._body_names[article.slug].get(surname, set())
        return next(iter(names)) if len(names) == 1 else None

    def _gender(self, key: str) -> str | None:
        """From how the articles speak of a person: "Mrs. Clinton" or "Mr. Trump" where the article names no
        namesake, and "she said" or "he said" claims the extractor gave the person."""
        if key not in self._genders:
            votes: Counter = Counter()
            for slug in self.key_articles.get(key, ()):
                info = self.info[slug]
                lasts = {n.split()[-1] for n in self.display.get(key, ()) if len(n.split()) >= 2}
                for last in lasts:
                    if len(info.surnames.get(skeleton(last), ())) > 1:
                        continue
                    votes["f"] += len(re.findall(rf"\b(?:Mrs|Ms|Miss)\.?\s+{re.escape(last)}\b", info.article.body))
                    votes["m"] += len(re.findall(rf"\bMr\.?\s+{re.escape(last)}\b", info.article.body))
                for claim in info.claims:
                    if claim.speaker and clean_form(claim.speaker) in self.display.get(key, ()) and claim.sentence:
                        s = claim.sentence
                        if any(last in s for last in lasts):
                            continue
                        she = len(re.findall(r"\b(?:she|her)\b", s, flags=re.I))
                        he = len(re.findall(r"\b(?:he|his|him)\b", s, flags=re.I))
                        if she and not he:
                            votes["f"] += 1
                        elif he and not she:
                            votes["m"] += 1
                for full in {n for n in self.display.get(key, ()) if len(n.split()) >= 2}:
                    # "Hillary Clinton said she would win": a name opening its sentence, then its pronoun.
                    for m in re.finditer(rf"(?:^|[.!?]\s+|\n)(?:[A-Z][\w.]*\s+)?{re.escape(full)}\b([^.!?\n]{{0,120}})", info.article.body):
                        pronoun = re.search(r"\b(he|his|him|she|her)\b", m.group(1))
                        if pronoun:
                            votes["f" if pronoun.group(1) in ("she", "her") else "m"] += 1
            top = votes.most_common(1)
            self._genders[key] = top[0][0] if top and top[0][1] > sum(votes.values()) - top[0][1] else None
        return self._genders[key]

    @staticmethod
    def _introduced_locally(surname: str, article: Article) -> bool:
        """ "a university student named Wong", "student Wong said": the article presents someone new."""
        s = re.escape(surname)
        if re.search(rf"\b(?:named|called|identified as|known only as|surnamed)\s+{s}\b", article.body):
            return True
        return any(m.group(1).lower() in INTRODUCING_NOUNS for m in re.finditer(rf"\b(?:a|an|one)\s+(?:[a-z-]+\s+){{0,3}}?([a-z]+)\s+{s}\b(?![’']s)", article.body))

    def _best_in_context(self, candidates: set[str], article: Article, gender: str | None) -> str | None:
        """The person of that surname the context points to: names both articles mention, shared tags, nearby
        dates, and how widely the person is quoted; one candidate must be far ahead of any other."""
        here = self.info[article.slug].names
        tags = {tag.casefold() for tag in article.tags}
        scores: dict[str, float] = {}
        for key in candidates:
            if gender and self._gender(key) not in (gender, None):
                continue
            slugs = self.key_articles.get(key, set()) - {article.slug}
            score = min(len(slugs), 4) * 0.5
            for slug in slugs:
                other = self.info[slug]
                score += len(here & other.names - {key})
                if tags & {tag.casefold() for tag in other.article.tags}:
                    score += 2
                if article.date and other.article.date and abs((article.date - other.article.date).days) <= 30:
                    score += 0.5
            scores[key] = score
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 1:
            return None
        if len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]:
            return ranked[0][0]
        return None

    # -- organisations -------------------------------------------------------------------------------

    def _acronyms_defined(self, article: Article) -> None:
        """ "the Syrian Democratic Forces (SDF)": the acronym stands for the name before it, in every article."""
        body = article.body
        if "(" not in body:
            return
        for m in re.finditer(r"\(([A-Z][A-Za-z0-9&.]{1,9})\)", body):
            acr = m.group(1).replace(".", "")
            if not acr.isupper() or len(acr) < 2:
                continue
            words = re.findall(r"[\w&'’-]+", body[max(0, m.start() - 120):m.start()])
            letters = list(acr.lower())
            picked: list[str] = []
            for w in reversed(words):
                if w.lower() in ACRONYM_FUNCTION_WORDS and picked:
                    picked.insert(0, w)
                    continue
                if not letters or not w[:1].isupper() or w[0].lower() != letters[-1]:
                    break
                letters.pop()
                picked.insert(0, w)
            while picked and picked[0].lower() in ACRONYM_FUNCTION_WORDS:
                picked.pop(0)
            if not letters and len(picked) >= 2:
                self.acronyms[acr][_org_key(" ".join(picked))] += 1

    def _acronym(self, form: str, article: Article, speaker_type: str, role: str | None) -> Identity:
        acr = form.replace(".", "")
        info = self.info[article.slug]
        defined = self.acronyms.get(acr)
        if defined:
            key, n = defined.most_common(1)[0]
            if n * 2 > sum(defined.values()):
                return Identity(key, form, speaker_type, "org.acronym_defined", role)
        if acr in info.orgs:
            return Identity(info.orgs[acr], form, speaker_type, "org.acronym_initials", role)
        long_form = self._long_form_in_text(acr, article)
        if long_form:
            return Identity(_org_key(long_form), form, speaker_type, "org.acronym_initials", role)
        return Identity("name:" + _plain(acr), form, speaker_type, "name.exact", role)

    @staticmethod
    def _long_form_in_text(acr: str, article: Article) -> str | None:
        """ "The Associated Press ... the AP": the one name in the text whose initials the acronym is."""
        if not 2 <= len(acr) <= 6:
            return None
        word = r"[A-Z][\w'’-]*"
        glue = r"(?:\s+(?:of|the|and|for|&))?\s+"
        found: set[str] = set()
        for m in re.finditer(r"\b" + word + (glue + word) * (len(acr) - 1), article.body):
            words = [w for w in m.group(0).split() if w.lower() not in ACRONYM_FUNCTION_WORDS]
            if "".join(w[0] for w in words).upper() == acr and not any(w.isupper() for w in words):
                found.add(m.group(0))
        return next(iter(found)) if len(found) == 1 else None

    # -- documents, campaigns, offices, roles --------------------------------------------------------

    def _document(self, form: str, article: Article, claim: Claim) -> Identity | None:
        if not _document_like(form):
            return None
        head, before, after = _head_and_rest(form)
        issuer: str | None = None
        m = re.match(r"^(?:(?:released|issued|sent|published|posted|put out|written)\s+)?(?:by|from|of)\s+(.+)$", after)
        if m:
            issuer = m.group(1)
        elif before:
            owner = re.match(r"^(.*?)['’]s?(?:\s+[a-z][\w-]*)*$", before)
            if owner and re.search(r"['’]", before):
                issuer = owner.group(1)
            else:
                # "the March 14 NATO press release": the capitalised words nearest the head, past its modifiers.
                words = before.split()
                while words and words[-1].islower() and words[-1] in _DOCUMENT_MODIFIERS:
                    words.pop()
                caps: list[str] = []
                while words and (words[-1][:1].isupper() and not any(ch.isdigit() for ch in words[-1])):
                    caps.insert(0, words.pop())
                issuer = " ".join(caps) or None
                if issuer and len(caps) == 1 and not issuer.isupper() and ("name:" + _plain(issuer)) not in self.display \
                        and fold(issuer) not in DEMONYMS and not self.by_surname.get(skeleton(issuer)):
                    issuer = None  # "Early reports": a capitalised adjective, no issuer
        if issuer:
            issuer = strip_determiner(clean_form(re.sub(r"['’]s?\s+(?:twitter|facebook|official|social media)?\s*(?:account|feed|page)$", "", issuer, flags=re.I)))
        if issuer and fold(issuer) in DEMONYMS:
            country = DEMONYMS[fold(issuer)]
            return Identity(_place_key(country), country, "place", "document.issuer")
        if not issuer or not any(w[:1].isupper() for w in issuer.split()):
            return Identity(None, form, "unknown", "nonsource.remark" if head in REMARK_HEADS else "document.no_issuer")
        found = self.resolve_name(issuer, article)
        if found.key is None:
            return Identity(None, form, "unknown", "document.no_issuer")
        return Identity(found.key, self._page_form(found), found.type, "document.issuer", found.role)

    def _campaign(self, form: str, article: Article, claim: Claim) -> Identity | None:
        if not _campaign_like(form):
            return None
        words = form.split()[:-1]
        while words and not words[-1][:1].isupper() and not re.search(r"['’]s?$", words[-1]):
            words = words[:-1]  # "presidential", "re-election"
        run: list[str] = []
        while words and (words[-1][:1].isupper() or re.search(r"['’]s?$", words[-1])) and fold(words[-1]) not in POSSESSIVE_PRONOUNS:
            run.insert(0, words.pop())
        if run and any(fold(w) not in DETERMINERS for w in words):
            return None  # "People in the Trump administration and campaign": not a campaign's name
        owner = re.sub(r"['’]s?$", "", " ".join(run)).strip()
        lead = fold(form.split()[0]) if len(form.split()) > 1 else ""
        if owner and any(w[:1].isupper() and not _title_word(w) for w in owner.split()):
            person = self.resolve_name(owner, article, "person")
            if person.key and person.type in ("person", "unknown") and not person.unnamed:
                return self._campaign_of(person.key, person.name, "campaign.of_named")
            return None
        if lead not in ("his", "her", "") and lead not in ("campaign", "camp"):
            return None
        body = article.body
        lo, hi = (claim.sentence_start, claim.sentence_end) if claim.sentence_end > claim.sentence_start else (claim.start, claim.end)
        at = body.find(form.split()[-1], lo, hi)
        before = body[: at if at >= 0 else lo]
        if not lead:
            named = list(re.finditer(r"\b((?:[A-Z][\w'’.-]+\s+)?[A-Z][\w'’-]+)\s+(?:presidential\s+|re-election\s+)?campaign\b", before))
            for m in reversed(named):
                owner = re.sub(r"['’]s?$", "", m.group(1))
                if _title_word(owner.split()[0]) and len(owner.split()) == 1:
                    continue
                person = self.resolve_name(owner, article, "person")
                if person.key and person.type in ("person", "unknown") and not person.unnamed:
                    return self._campaign_of(person.key, person.name, "campaign.of_antecedent")
                break
            return None
        key = self._last_person(before, article, "f" if lead == "her" else "m")
        return self._campaign_of(key, "", "campaign.of_antecedent") if key else None

    def _campaign_of(self, key: str, name: str, rule: str) -> Identity:
        full = [f for f, _ in (self.display.get(key, Counter()) + self.full_forms.get(key, Counter())).most_common() if len(f.split()) >= 2]
        return Identity(f"{key}/campaign", f"{full[0] if full else _strip_title(name)} campaign", "organisation", rule)

    def _last_person(self, before: str, article: Article, gender: str) -> str | None:
        """The person the article named last before a point, of the gender "his" or "her" asks for."""
        best: tuple[int, str] | None = None
        for key in self.info[article.slug].names:
            if not key.startswith("person:") or self._gender(key) != gender:
                continue
            for name in self.display.get(key, ()):
                at = before.rfind(name.split()[-1])
                if at >= 0 and (best is None or at > best[0]):
                    best = (at, key)
        return best[1] if best else None

    def _office(self, form: str, article: Article, claim: Claim) -> Identity | None:
        if not _office_like(form):
            return None
        m = re.match(r"^(.*?)['’]s?\s+(?:" + "|".join(OFFICE_HEADS) + r")$", form, flags=re.I) or re.match(r"^[Oo]ffice of (?:the )?(.+)$", form)
        if not m or not m.group(1)[:1].isupper():
            return None
        holder = self.resolve_name(m.group(1), article, "person")
        if not holder.key or holder.unnamed:
            return None
        return Identity(holder.key, self._page_form(holder), holder.type, "office.holder")

    def _role_holder(self, form: str, article: Article, claim: Claim) -> Identity | None:
        """ "the vice president", "the Democratic presidential nominee", "a spokesman for Hillary Clinton":
        the holder the article names, else the one other articles name who is also named here."""
        if not _role_like(form):
            return None
        words = form.split()
        head = _role_head(form)
        assert head is not None
        cut = words.index(head) + 1
        phrase_words = [w for w in words[:cut] if fold(w) not in POSSESSIVE_PRONOUNS]
        phrase = " ".join(phrase_words)
        complement = " ".join(words[cut:])
        phrases = [phrase]
        owner = re.match(r"^(?:for|of|to)\s+(?:[a-z-]+\s+)*((?:[A-Z][\w'’.-]+\s*)+)$", complement)
        if owner:
            last = owner.group(1).split()[-1]
            phrases = [f"{last} {head}", f"{last}'s {head}", f"{last}’s {head}"] + ([phrase] if len(phrase_words) > 1 else [])
        elif len(phrase_words) == 1 and fold(head) not in ("president", "vice-president", "nominee", "speaker"):
            return None
        for p in phrases:
            holder = _holder_in_text(p, article.body, self.info[article.slug].folded)
            if holder:
                found = self.resolve_name(holder, article, "person")
                if found.key and not found.unnamed:
                    return Identity(found.key, self._page_form(found), found.type, "role.holder_in_article", p)
        if owner:
            return None
        counts = self._corpus_holders(phrase)
        here = self.info[article.slug].folded
        fitting = Counter({name: n for name, n in counts.items() if re.search(r"\b" + re.escape(fold(name.split()[-1])) + r"\b", here)})
        ranked = fitting.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]):
            found = self.resolve_name(ranked[0][0], article, "person")
            if found.key and not found.unnamed:
                return Identity(found.key, self._page_form(found), found.type, "role.holder_in_corpus", phrase)
        return None

    def _corpus_holders(self, phrase: str) -> Counter:
        """Who every article gives a role to ("Democratic presidential nominee Hillary Clinton"); one pass over
        the text per distinct role phrase, skipping articles without its last word."""
        key = fold(phrase)
        if key not in self._holders:
            counts: Counter = Counter()
            for info in self.info.values():
                for _, end in _occurrences(phrase, info.article.body, info.folded):
                    m = _AFTER_ROLE.match(info.article.body, end, end + 80)
                    name = _trim_name(m.group(1)) if m else None
                    if name and len(name.split()) >= 2:
                        counts[name] += 1
            self._holders[key] = counts
        return self._holders[key]

    def _unnamed(self, article: Article, form: str, claim: Claim) -> Identity:
        low = fold(form)
        for other in self.info[article.slug].claims:
            if other is claim or not other.speaker:
                continue
            longer = strip_determiner(clean_form(other.speaker))
            lf = fold(longer)
            if lf != low and lf.endswith(" " + low) and len(lf.split()) <= len(low.split()) + 2 and longer[:1].isupper():
                ident = self.resolve_name(longer, article, other.speaker_type)
                if ident.key and not ident.unnamed:
                    return Identity(ident.key, self._page_form(ident), ident.type, "unnamed.tail_of_named")
        return Identity(_unnamed_key(article, form), form, claim.speaker_type, "unnamed.description", unnamed=True)


# --- helpers -------------------------------------------------------------------------------------------

_NAME_RULES = frozenset({"name.exact", "name.middle_initial", "name.familiar_form", "name.spelling", "org.well_known_form"})


def display_name(names: Counter) -> str:
    """A page's name: the form used most among the fullest ones ("Joe Biden" over "Biden" and over a rarer
    "Joseph R. Biden Jr."); a one-word name only when there is no other; among equals the longer."""
    full = [(n, c) for n, c in names.items() if len(n.split()) >= 2]
    pool = full or list(names.items())
    return max(pool, key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]


def _name_rule(form: str, page: str) -> str:
    """Why `form` names the speaker of the page called `page`."""
    if form.casefold() == page.casefold():
        return "name.exact"
    if fold(form) == fold(page):
        return "name.spelling"
    a, b = _person(form), _person(page)
    if a is None or b is None:
        return "org.well_known_form" if _org_key(form) == _org_key(page) else "name.exact"
    fa, fb = form.split(), page.split()
    first_a, first_b = fold(fa[_title_prefix(fa)]).rstrip("."), fold(fb[_title_prefix(fb)]).rstrip(".")
    if first_a != first_b and (FAMILIAR_NAMES.get(first_a) == first_b or FAMILIAR_NAMES.get(first_b) == first_a or FAMILIAR_NAMES.get(first_a, 1) == FAMILIAR_NAMES.get(first_b, 2)):
        return "name.familiar_form"
    if a.middle != b.middle or len(fa) != len(fb):
        return "name.middle_initial"
    return "name.spelling"

_NAME = r"((?:[A-Z][\w.'’-]*[ ]){0,3}[A-Z][\w'’-]+)"
_NAME_RUN = re.compile(r"\b(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:[ ](?:[A-Z][a-z'’-]+|[A-Z]\.)){1,3}\b")
_DOCUMENT_MODIFIERS = frozenset("""
press news official joint new final annual latest draft internal preliminary initial leaked public written
""".split())
_ROLE_ADJECTIVES = frozenset("""
democratic republican us u.s. american former presumptive presidential vice conservative liberal labour tory
""".split())


_DATELINE_TAIL = re.compile(r"\s*(?:,[^.\n]{0,40}?)?\s*(\([A-Z][\w .]{1,12}\))?\s*(?:—|–|--|-|:)")


def _is_dateline(word: str, body: str) -> bool:
    """ "PHILADELPHIA, July 25 (UPI) —", "New York (AFP) –": the words open a line, a dash follows within a few
    words, and they are in capitals or a news agency's name in brackets follows them."""
    if body.startswith(word):
        at = 0
    else:
        at = body.find("\n" + word)
        at = at + 1 if at >= 0 else -1
    m = _DATELINE_TAIL.match(body, at + len(word)) if at >= 0 else None
    return bool(m) and (word.isupper() or bool(m.group(1)))


def head_word(low: str) -> str:
    words = low.split()
    return words[-1] if words else ""


@functools.lru_cache(maxsize=1 << 16)
def _title_word(word: str) -> bool:
    w = fold(word)
    return w in TITLE_WORDS or w.rstrip(".") in TITLE_WORDS


def _title_prefix(words: list[str]) -> int:
    """How many leading words are a title: "President of Ukraine", "US Secretary of State", "Sen."."""
    return _title_prefix_of(tuple(words))


@functools.lru_cache(maxsize=1 << 16)
def _title_prefix_of(words: tuple[str, ...]) -> int:
    i = 0
    while i < len(words):
        w = fold(words[i])
        if _title_word(words[i]) or (w in TITLE_LEADS and i + 1 < len(words) and _title_word(words[i + 1])):
            i += 1
        elif w == "of" and i > 0 and i + 1 < len(words) and words[i + 1][:1].isupper():
            i += 2  # "of Ukraine"
        else:
            break
    return i


def _strip_title(form: str) -> str:
    words = form.split()
    n = _title_prefix(words)
    return " ".join(words[n:]) if len(words) - n >= 2 else form


@functools.lru_cache(maxsize=1 << 16)
def _split(form: str, speaker_type: str) -> tuple[str, str | None, str | None]:
    """(name, role, rule) when a title, an organisation or a description is fused with a name."""
    m = re.match(r"^((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*)\s+(from|of|at|with)\s+((?:the|a|an)\s+)?([a-z].*)$", form)
    if m and not re.match(r"(?:the|a|an)\s+[A-Z]", m.group(4)) and not any(fold(w) in ORG_FINAL for w in m.group(1).split()) and not _title_word(m.group(1).split()[0]) and _person(m.group(1)):
        return m.group(1), f"{m.group(2)} {m.group(3) or ''}{m.group(4)}", "split.description_after_name"
    words = form.split()
    if len(words) >= 3:
        for cut in range(len(words) - 2, 0, -1):
            prefix, rest = words[:cut], words[cut:]
            if fold(prefix[-1]) in ORG_FINAL and 2 <= len(rest) <= 3 and _person(" ".join(rest)) and not _title_word(rest[0]):
                return " ".join(rest), " ".join(prefix), "split.organisation_before_name"
    n = _title_prefix(words)
    if n and len(words) - n >= 2 and speaker_type in ("person", "unknown") and _person(" ".join(words[n:])):
        return " ".join(words[n:]), " ".join(words[:n]), "split.title_before_name"
    return form, None, None


@functools.lru_cache(maxsize=1 << 16)
def _person(form: str) -> _Person | None:
    """A person's name in parts (given name, surname skeleton, middle initials), or None when the form is
    no person's name (an organisation's, a description)."""
    words = [w for w in form.replace(",", " ").split() if w]
    rule = "name.exact"
    n = _title_prefix(words)
    if n and len(words) - n >= 2:
        words = words[n:]
        rule = "split.title_before_name"
    while len(words) > 2 and fold(words[-1]).rstrip(".") in NAME_SUFFIXES:
        words = words[:-1]
        rule = "name.middle_initial" if rule == "name.exact" else rule
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or any(fold(w) in ORG_FINAL or any(ch.isdigit() for ch in w) for w in words):
        return None
    if any(w.endswith(("'", "’")) for w in words):
        return None  # "Bishops' Conference"
    if any(w.isupper() and len(w.rstrip(".")) > 1 for w in words) or any(fold(w) in DETERMINERS or fold(w) in TIME_WORDS for w in words):
        return None
    first, last = words[0], words[-1]
    if len(skeleton(last)) < 2 or len(skeleton(first)) < 1:
        return None
    middle = tuple(skeleton(w)[:1] for w in words[1:-1])
    if middle and rule == "name.exact":
        rule = "name.middle_initial"
    canon = FAMILIAR_NAMES.get(fold(first).rstrip("."))
    f = skeleton(canon) if canon else skeleton(first)
    if canon and rule == "name.exact":
        rule = "name.familiar_form"
    if rule == "name.exact" and re.sub(r"[^a-z]", "", fold(form)) != re.sub(r"[^a-z]", "", form.casefold()):
        rule = "name.spelling"
    return _Person(f, skeleton(last), middle, rule)


@functools.lru_cache(maxsize=1 << 16)
def _plain(form: str) -> str:
    low = re.sub(r"\s*\([^)]*\)\s*", " ", fold(strip_determiner(form))).replace("'", "")
    return re.sub(r"[^\w&]+", " ", low).strip()


@functools.lru_cache(maxsize=1 << 16)
def _org_key(form: str) -> str:
    """One key per organisation: "the", case, diacritics, a defined acronym in brackets and a broadcaster's
    "News" ("CBS News" -> "CBS") do not matter."""
    words = strip_determiner(form).split()
    if len(words) == 2 and fold(words[1]) in BROADCAST_SUFFIXES and words[0].isupper():
        words = words[:1]
    return "name:" + _plain(" ".join(words))


def _place_key(country: str) -> str:
    return "name:" + _plain(country)


def _unnamed_key(article: Article, form: str) -> str:
    return f"unnamed:{article.slug}:{_plain(form)}"


@functools.lru_cache(maxsize=1 << 16)
def _initials(form: str) -> str:
    words = [w for w in strip_determiner(form).split() if fold(w) not in ACRONYM_FUNCTION_WORDS]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words).upper()


def _title_cased(words: list[str]) -> bool:
    significant = [w for w in words if fold(w) not in ACRONYM_FUNCTION_WORDS]
    return len(significant) >= 2 and all(w[:1].isupper() for w in significant)


@functools.lru_cache(maxsize=1 << 16)
def _coordinated(form: str) -> bool:
    """ "Joe Biden and Bernie Sanders", "Khizr and Ghazala Khan", "the Clinton campaign and some experts":
    two speakers, not one name ("Department of Health and Human Services", "Procter & Gamble")."""
    m = re.match(r"^(.+?)\s+(?:and|&)\s+(.+)$", form)
    if not m:
        return False
    left, right = m.group(1).split(), m.group(2).split()
    if _title_cased(form.split()) and (fold(form.split()[-1]) in ORG_FINAL or len(left) == 1 and len(right) == 1 and not _person(m.group(2))):
        return False
    if len(left) == 1 and left[0][:1].isupper() and _person(m.group(2)):
        return True  # "Khizr and Ghazala Khan"
    return len(left) >= 2 and len(right) >= 2


@functools.lru_cache(maxsize=1 << 16)
def _head_and_rest(form: str) -> tuple[str, str, str]:
    """(head noun, the words before it, the words after it): "poll from Marquette Law School" -> ("poll", "", "from ...")."""
    words = form.split()
    low = [fold(w) for w in words]
    cut = next((i for i, w in enumerate(low) if i > 0 and w in ("from", "by", "of", "released", "issued", "sent", "published", "posted")), len(words))
    return (low[cut - 1] if cut else ""), " ".join(words[: cut - 1]), " ".join(words[cut:])


@functools.lru_cache(maxsize=1 << 16)
def _document_like(form: str) -> bool:
    """A mention whose head is a document noun, written as a common noun ("the AP report", "documents");
    a title-cased name ("Washington Post") is a name, except a named poll or report ("ABC News/Washington Post Poll")."""
    head, before, _ = _head_and_rest(form)
    if head not in DOCUMENT_HEADS:
        return False
    words = form.split()
    written = next((w for w in words if fold(w) == head), "")
    return not written[:1].isupper() or (bool(before) and head == "poll")


@functools.lru_cache(maxsize=1 << 16)
def _campaign_like(form: str) -> bool:
    words = form.split()
    return len(words) >= 1 and fold(words[-1]) in CAMPAIGN_HEADS and not words[-1][:1].isupper()


@functools.lru_cache(maxsize=1 << 16)
def _office_like(form: str) -> bool:
    if form.split()[-1][:1].isupper():
        return False  # "Alachua Sheriff's Office" is a name
    low = fold(form)
    return bool(re.search(r"['’]s?\s+(?:" + "|".join(OFFICE_HEADS) + r")$", low)) or low.startswith("office of ")


@functools.lru_cache(maxsize=1 << 16)
def _role_head(form: str) -> str | None:
    """The role noun a description ends in before any "for ..." ("Republican presidential nominee for the
    Nov. 8 election" -> "nominee"), or None."""
    words = form.split()
    cut = next((i for i, w in enumerate(words) if i > 0 and w in ("for", "of", "in", "at", "from", "to", "with")), len(words))
    return words[cut - 1] if cut and fold(words[cut - 1]) in PERSON_ROLE_HEADS else None


@functools.lru_cache(maxsize=1 << 16)
def _role_like(form: str) -> bool:
    """A description that only says what someone is ("the Democratic presidential nominee", "her campaign
    manager"), with no name of its own beyond adjectives such as "Democratic"."""
    head = _role_head(form)
    if head is None:
        return False
    words = form.split()
    before = words[: words.index(head)]
    return all(not w[:1].isupper() or fold(w) in _ROLE_ADJECTIVES or _title_word(w) for w in before) and not head[:1].isupper() or \
        (head[:1].isupper() and all(fold(w) in _ROLE_ADJECTIVES or _title_word(w) or fold(w) in POSSESSIVE_PRONOUNS for w in before) and bool(before))


_AFTER_ROLE = re.compile(r"(?:\s*[,—–-]\s*|\s+)" + _NAME)
_BEFORE_ROLE = re.compile(_NAME + r",\s+(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,2}$")


def _occurrences(phrase: str, body: str, folded: str) -> Iterable[tuple[int, int]]:
    """Where a phrase stands in a text as whole words, case aside (`folded` is the text casefolded)."""
    needle = " ".join(phrase.split()).casefold()
    at = folded.find(needle)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or not folded[at - 1].isalnum()) and (end >= len(folded) or not folded[end].isalnum()):
            yield at, end
        at = folded.find(needle, end)


def _holder_in_text(phrase: str, body: str, folded: str | None = None) -> str | None:
    """ "Vice President Joseph R. Biden Jr.", "Rudy Giuliani, the former mayor": the name the text gives a role."""
    found: Counter = Counter()
    for start, end in _occurrences(phrase, body, folded if folded is not None else body.casefold()):
        for m in (_AFTER_ROLE.match(body, end, end + 80), _BEFORE_ROLE.search(body, max(0, start - 80), start)):
            name = _trim_name(m.group(1)) if m else None
            if name:
                found[name] += 1
    ranked = found.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


@functools.lru_cache(maxsize=1 << 16)
def _trim_name(text: str) -> str | None:
    """The name in a run of capitalised words after a role: "Indiana Gov. Mike Pence" -> "Mike Pence"."""
    words = text.split()
    titles = [i for i, w in enumerate(words[:-1]) if _title_word(w)]
    if titles and len(words) - titles[-1] - 1 >= 2:
        words = words[titles[-1] + 1:]
    while words and (_title_word(words[0]) or fold(words[0]) in DETERMINERS or fold(words[0]) in TITLE_LEADS):
        words = words[1:]
    words = [re.sub(r"['’]s?$", "", w) for w in words]
    stop = next((i for i, w in enumerate(words) if not w[:1].isupper()), len(words))
    words = words[:stop]
    if not 1 <= len(words) <= 4 or (len(words) >= 2 and _person(" ".join(words)) is None):
        return None
    return " ".join(words)


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one inserted, deleted or replaced letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]
