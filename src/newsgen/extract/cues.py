"""Word tables that drive attribution: edit these, not the rules, to widen coverage.

Everything is keyed by lower-cased lemma or surface form so the rules stay free of literal words.
"""

from __future__ import annotations

# Verbs that tag a direct quotation ("...," X added). Lemmas.
QUOTE_VERBS: frozenset[str] = frozenset("""
say tell add continue remark inform claim state declare warn advise urge insist note write tweet
testify explain ask reply respond answer comment announce confirm argue assert acknowledge admit
concede observe recall report reveal suggest stress emphasise emphasize underline point mention
predict promise vow pledge caution complain lament joke quip shout scream cry yell exclaim whisper
murmur mutter describe post tell recount reiterate repeat conclude
deny agree disagree boast brag contend maintain allege charge counter retort rebut protest add
tweet blog wrote announce proclaim affirm reaffirm indicate estimate speak read opine specify
""".split())

# Verbs whose clausal complement is reported speech ("X warned that ..."). Lemmas.
INDIRECT_VERBS: frozenset[str] = frozenset("""
say tell add remark inform claim state declare warn advise insist note write tweet testify explain
reply respond answer comment announce confirm argue assert acknowledge admit concede observe recall
report reveal suggest stress emphasise emphasize underline predict promise vow pledge caution
complain reiterate repeat conclude deny agree contend maintain allege charge counter affirm
reaffirm indicate estimate disclose mention hint signal concur accuse assure reassure point
express opine specify
""".split())

# Capitalised labels before a colon that head a section or a credit, not a speaker's words.
NON_SPEAKER_LABELS: frozenset[str] = frozenset("""
byline update updated note editor's editor’s correction clarification photo video watch breaking
source sources contributing related read more listen subscribe advertisement sponsored
""".split())

# Verbs that put a question or a request to someone ("asked whether ...", "asked the court to ...").
QUESTION_VERBS: frozenset[str] = frozenset("ask question inquire enquire".split())

# Verbs whose infinitive, "for", "of" or object complement is a stated demand, promise or charge
# ("vowed to ...", "urged voters to ...", "called for X to ...", "accused X of ..."). Lemmas.
STANCE_VERBS: frozenset[str] = frozenset("""
urge vow promise pledge threaten demand request propose call accuse deny implore exhort swear
""".split())

# Speech verbs whose noun-phrase object is the message in brief ("proposed a carbon tax", "touted
# his record", "described the hopes of voters"). Verbs of disclosure (announce, reveal, confirm,
# acknowledge) are left out: with a noun phrase they make an event public, they state no view. Lemmas.
NOUN_PHRASE_VERBS: frozenset[str] = frozenset("""
propose mention describe recount reiterate repeat predict tout demand suggest promise urge outline
detail recall question
""".split())

# Nouns that name an utterance rather than say anything ("repeated his remarks", "echoed the
# statement", "reiterated the line"): as the object of a speech verb they point at words given elsewhere.
UTTERANCE_NOUNS: frozenset[str] = frozenset("""
remark comment word line phrase quote quotation claim argument point request question answer reply
response message sentiment view position refrain mantra slogan statement tweet post letter speech
interview testimony announcement
""".split())

# Speech verbs whose topic follows a preposition ("talked about the economy", "called for a ban"):
# lemma -> the prepositions that introduce what was said.
TOPIC_VERBS: dict[str, frozenset[str]] = {
    "talk": frozenset({"about"}), "speak": frozenset({"about", "of"}), "write": frozenset({"about", "of"}),
    "testify": frozenset({"about", "on"}), "tweet": frozenset({"about"}),
    "post": frozenset({"about"}), "complain": frozenset({"about", "of"}), "warn": frozenset({"about", "of", "against"}),
    "boast": frozenset({"about", "of"}), "brag": frozenset({"about"}), "joke": frozenset({"about"}),
    "call": frozenset({"for"}), "argue": frozenset({"for", "against"}), "ask": frozenset({"about"}),
}

# Words that open an indirect question ("asked whether ...", "asked why ...").
QUESTION_WORDS: frozenset[str] = frozenset("whether if why how what when where who whom which".split())

# Verbs after which quotation marks make a fragment the subject's words (partial quotes).
CHARACTERISING_VERBS: frozenset[str] = frozenset("""
call describe denounce label brand characterise characterize term dub cite accuse condemn praise
hail criticise criticize slam blast welcome vow pledge promise insist urge advise ask demand
refer promise seek threaten justify defend talk profess apologise apologize
""".split())

# Nouns for documents and messages whose author is the real speaker ("a statement released by X").
DOCUMENT_NOUNS: frozenset[str] = frozenset("""
statement release communique communiqué report letter tweet post message note memo announcement
briefing address speech bulletin filing document editorial op-ed column interview video
autobiography memoir book notice complaint lawsuit petition ruling judgment verdict proclamation
decree order law act constitution bill resolution declaration guidance advisory warning description
account obituary motion opinion study decision
""".split())

# Plural or collective nouns naming unnamed groups of speakers ("Officials said ...").
GROUP_NOUNS: frozenset[str] = frozenset("""
officials experts analysts observers sources diplomats critics residents witnesses researchers
scientists authorities police investigators prosecutors lawyers doctors economists officers
senators lawmakers legislators politicians leaders activists protesters campaigners organisers
organizers supporters opponents members staff workers employees people citizens locals parents
students teachers spokespeople representatives ministers republicans democrats parties group
groups militants rebels troops soldiers commanders agencies outlets media reports studies
fans villagers survivors families relatives neighbours neighbors officers associates colleagues
friends victims family everyone some several many few others scholars academics
""".split())

# Singular nouns for institutions ("the foreign ministry said").
ORGANISATION_NOUNS: frozenset[str] = frozenset("""
ministry agency department government office council committee commission company firm corporation
network service bureau administration court army navy military party union association foundation
institute university organisation organization website newspaper paper channel broadcaster
station embassy parliament congress senate cabinet board authority regulator bank fund club team
chain retailer group coalition alliance federation league command force forces secretariat
presidency kremlin house project academy television radio newspaper magazine journal agency
outlet broadcaster campaign palace news
""".split())

# Singular nouns for a person identified only by role ("a Turkish official", "the minister").
PERSON_ROLE_NOUNS: frozenset[str] = frozenset("""
official spokesman spokeswoman spokesperson minister president prime premier secretary chancellor
director chief head leader governor mayor senator congressman congresswoman lawmaker legislator
ambassador envoy diplomat general commander officer investigator prosecutor judge lawyer attorney
doctor professor expert analyst researcher scientist economist adviser advisor aide manager ceo
chairman chairwoman chair founder owner executive resident witness source member candidate king
queen prince princess pope bishop representative deputy correspondent reporter editor author
actor actress singer designer coach player captain pilot teacher student driver daughter son
wife husband mother father brother sister friend colleague victim interviewee associate mp
widow widower spouse relative neighbour neighbor nurse paramedic firefighter commissioner
child kid baby infant toddler teenager teen youth adult man woman boy girl person individual parent
grandparent grandmother grandfather granddaughter grandson uncle aunt nephew niece cousin fiancé fiancée
girlfriend boyfriend partner constable detective sergeant inspector superintendent
archbishop cardinal priest imam rabbi pastor cleric clerk sheriff coroner colonel lieutenant admiral
marshal surgeon physician nun monk attendee participant spectator eyewitness passenger visitor
administrator
""".split())

# Honorifics and titles stripped from names ("Dr. Tristan Smith" -> "Tristan Smith").
HONORIFICS: frozenset[str] = frozenset("""
mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady rev rev. reverend
president senator sen. rep. gov. governor mayor minister secretary chancellor general gen. gen
colonel col. captain capt. judge justice king queen prince princess pope sheikh director chairman
mme mme. mlle m. herr frau sr. sra. signor signora superintendent chief inspector sergeant
lieutenant commissioner admiral commander major bishop archbishop cardinal detective constable
corporal trooper deputy speaker administrator
""".split())

# Honorifics that only say how to address someone, not what they are: "Dr Sara Seager" has no
# role "Dr", while "Professor" or "Judge" names a post.
ADDRESS_HONORIFICS: frozenset[str] = frozenset("""
mr mr. mrs mrs. ms ms. miss mx mx. dr dr. mme mme. mlle m. herr frau sr. sra. signor signora
""".split())

# Possessives count too: "his statement said", "according to its press release".
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her", "his"})
# Pronouns that reveal a person's grammatical gender, so "she said" skips the last man named.
GENDERED: dict[str, str] = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
THING_PRONOUNS: frozenset[str] = frozenset({"it", "its"})
PLURAL_PRONOUNS: frozenset[str] = frozenset({"they", "them", "we", "their"})

# Speakers that are never real speakers: generic words a parser may hand us as a subject.
NON_SPEAKERS: frozenset[str] = frozenset("""
this that these those there here what which who one it's something anything everything nothing
""".split())

# spaCy entity labels -> speaker type.
ENTITY_TYPES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "organisation",
    "WORK_OF_ART": "organisation",
    "LAW": "organisation",
}

# Quotation marks: opening -> the closing marks that may end it.
DOUBLE_OPEN: frozenset[str] = frozenset("“„«\"‟")
DOUBLE_CLOSE: frozenset[str] = frozenset("”»\"“")
SINGLE_OPEN: frozenset[str] = frozenset("‘‚‹'")
SINGLE_CLOSE: frozenset[str] = frozenset("’›'")

# Heads of "according to X" that are evidence rather than a speaker keep X's owner when it has one.
EVIDENCE_NOUNS: frozenset[str] = frozenset("""
statistics figures data estimates records analysis study studies survey poll findings
projections projection polling tally count census forecast
""".split())

# Countries, capitals and big cities: the small model often tags them PERSON or ORG.
PLACES: frozenset[str] = frozenset(line.strip().lower() for line in """
Afghanistan
Albania
Algeria
Argentina
Armenia
Australia
Austria
Azerbaijan
Bahrain
Bangladesh
Belarus
Belgium
Bolivia
Bosnia
Brazil
Britain
Bulgaria
Cambodia
Cameroon
Canada
Chile
China
Colombia
Congo
Croatia
Cuba
Cyprus
Czechia
Denmark
Ecuador
Egypt
England
Estonia
Ethiopia
Finland
France
Georgia
Germany
Ghana
Greece
Hungary
Iceland
India
Indonesia
Iran
Iraq
Ireland
Israel
Italy
Japan
Jordan
Kazakhstan
Kenya
Kosovo
Kuwait
Latvia
Lebanon
Libya
Lithuania
Luxembourg
Malaysia
Mexico
Moldova
Mongolia
Morocco
Myanmar
Nepal
Netherlands
Nigeria
North Korea
Norway
Pakistan
Palestine
Peru
Philippines
Poland
Portugal
Qatar
Romania
Russia
Rwanda
Saudi Arabia
Scotland
Serbia
Singapore
Slovakia
Slovenia
Somalia
South Africa
South Korea
Spain
Sudan
Sweden
Switzerland
Syria
Taiwan
Thailand
Tunisia
Turkey
Uganda
Ukraine
United Kingdom
United States
Uruguay
Venezuela
Vietnam
Wales
Yemen
Zimbabwe
Abu Dhabi
Addis Ababa
Amman
Amsterdam
Ankara
Athens
Baghdad
Bangkok
Beijing
Beirut
Belgrade
Berlin
Bogota
Brasilia
Brussels
Bucharest
Budapest
Buenos Aires
Cairo
Canberra
Caracas
Copenhagen
Damascus
Delhi
Dhaka
Doha
Dublin
Geneva
Hanoi
Havana
Helsinki
Islamabad
Jakarta
Jerusalem
Kabul
Khartoum
Kinshasa
Kyiv
Kiev
Lagos
Lima
Lisbon
London
Madrid
Manila
Mexico City
Minsk
Moscow
Nairobi
New Delhi
Nicosia
Oslo
Ottawa
Paris
Prague
Pyongyang
Rabat
Riga
Riyadh
Rome
Santiago
Seoul
Sofia
Stockholm
Taipei
Tallinn
Tbilisi
Tehran
Tel Aviv
Tokyo
Tripoli
Tunis
Vienna
Vilnius
Warsaw
Washington
Wellington
Yerevan
Zagreb
""".strip().splitlines())

# Last words of organisation names; the small model glues a following person's name onto them
# ("the United Nations Nikki Haley").
ORG_FINAL_WORDS: frozenset[str] = frozenset("""
nations states union council committee ministry agency office department party service bank court
assembly commission organization organisation forces army navy institute university association
foundation times post news network group company corporation
""".split())

# Verbs that report someone else's words about a third party ("Politico quoted X as saying").
QUOTING_VERBS: frozenset[str] = frozenset({"quote", "cite"})

# Nouns for places that speak through their government ("The city of Calabasas announced").
PLACE_NOUNS: frozenset[str] = frozenset("""
city town village county state province region municipality country nation district prefecture
""".split())

# Quantifiers that head a speaker phrase with "of" ("One of the victims", "Some of the protesters").
QUANTIFIERS: frozenset[str] = frozenset("""
one some many several most all both few two three none each number majority minority handful
lot couple dozens hundreds thousands millions % percent
""".split())

# Nouns that carry a gender, so "she said" does not pick "her third husband".
GENDERED_NOUNS: dict[str, str] = {
    **dict.fromkeys("husband father son brother man boy king prince spokesman chairman congressman widower uncle nephew grandfather mr".split(), "m"),
    **dict.fromkeys("wife mother daughter sister woman girl queen princess spokeswoman chairwoman congresswoman widow actress aunt niece grandmother mrs ms".split(), "f"),
}

# Speech verbs whose object, when it holds a finite verb, is the reported clause itself.
CONTENT_OBJECT_VERBS: frozenset[str] = frozenset("""
say claim state report announce suggest argue insist note add write tweet reveal confirm
acknowledge admit allege estimate predict declare assert maintain contend reiterate stress emphasise
emphasize concede conclude indicate testify warn caution complain specify agree
""".split())

# Verbs that link a document to its author ("a statement released by X").
PUBLISHING_VERBS: frozenset[str] = frozenset("""
release issue publish post sign send write deliver make put circulate distribute file
collect compile gather conduct commission prepare produce carry
""".split())

# Small words allowed inside a quoted title ("Storm of the Century") that is a name, not a claim.
NAME_FUNCTION_WORDS: frozenset[str] = frozenset("""
of the and a an in for on to & after at by with from into over or
""".split())

# Credit labels that end a photo caption ("... poster at the march. Image: Thomas Davies (flickr)."):
# captions describe pictures, so the slogans and signs quoted in them are nobody's claims.
CAPTION_CREDITS: tuple[str, ...] = ("image:", "photo:", "photograph:", "picture:", "photo credit:", "credit:", "video:")

# Objects that carry written words ("a banner saying “united in diversity”"): a sign is not a speaker.
INSCRIPTION_NOUNS: frozenset[str] = frozenset("""
banner placard sign poster slogan t-shirt shirt sticker graffiti billboard flag badge mural logo
""".split())

# Generational suffixes after a surname ("Robert Downey Jr."): the surname is the word before them.
NAME_SUFFIXES: frozenset[str] = frozenset("jr jr. sr sr. ii iii iv".split())

# Titles that also start organisation and place names ("General Motors", "Major League Baseball",
# "Prince Edward Island"): alone they do not make an ORG-tagged name a person.
AMBIGUOUS_TITLES: frozenset[str] = frozenset("""
general gen gen. major chief grand king queen prince princess lord lady sir justice
""".split())

# Words that make a role someone else's deputy: "the Prime Minister" is not "Deputy Prime Minister X".
SUBORDINATE_TITLE_WORDS: frozenset[str] = frozenset("""
deputy vice assistant associate acting former ex- under junior shadow
""".split())
