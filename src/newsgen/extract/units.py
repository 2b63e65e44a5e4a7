"""Tables the figures extractor reads: currencies, measures, qualifier phrases.

Keys are lower-case surface forms; extending coverage means adding rows, not code.
"""

from __future__ import annotations

# Symbols and prefixed symbols as spaCy tokenises them ("US$" is one token).
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY",
    "₹": "INR", "rs": "INR", "rs.": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₴": "UAH", "₱": "PHP",
    "c$": "CAD", "ca$": "CAD", "cdn$": "CAD", "can$": "CAD", "cdn": "CAD", "mx$": "MXN", "a$": "AUD", "au$": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL",
    "chf": "CHF", "pln": "PLN", "zł": "PLN", "cad": "CAD", "aud": "AUD", "jpy": "JPY", "cny": "CNY", "rmb": "CNY",
    "inr": "INR", "rub": "RUB", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "zar": "ZAR", "php": "PHP", "idr": "IDR",
}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "złoty": "PLN", "złotys": "PLN",
    "zloty": "PLN", "zlotys": "PLN", "zlotych": "PLN", "złotych": "PLN", "franc": "CHF", "francs": "CHF",
    "krona": "SEK", "kronor": "SEK", "krone": "NOK", "kroner": "NOK", "rand": "ZAR", "peso": "PHP", "pesos": "PHP",
    "rupiah": "IDR", "won": "KRW", "lira": "TRY", "hryvnia": "UAH", "hryvnias": "UAH", "shekel": "ILS",
    "shekels": "ILS", "naira": "NGN", "real": "BRL", "reais": "BRL",
}
# Hundredths of a currency; the currency is the last one the article named, else this one.
SUBUNITS: dict[str, str] = {"cent": "USD", "cents": "USD", "pence": "GBP", "penny": "GBP", "kopecks": "RUB", "paise": "INR"}
# A nationality before "dollars"/"pounds" changes the currency.
CURRENCY_PREFIXES: dict[tuple[str, str], str] = {
    ("australian", "USD"): "AUD", ("canadian", "USD"): "CAD", ("hong", "USD"): "HKD", ("singapore", "USD"): "SGD",
    ("new", "USD"): "NZD", ("zealand", "USD"): "NZD", ("egyptian", "GBP"): "EGP", ("mexican", "PHP"): "MXN",
    ("philippine", "PHP"): "PHP", ("argentine", "PHP"): "ARS", ("swiss", "CHF"): "CHF", ("turkish", "TRY"): "TRY",
}

MEASURES: dict[str, str] = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "cm": "cm", "centimetres": "cm",
    "centimeters": "cm", "mm": "mm", "millimetres": "mm", "millimeters": "mm",
    "ft": "ft", "foot": "ft", "feet": "ft", "in": "in", "inch": "in", "inches": "in", "mi": "mi", "mile": "mi",
    "miles": "mi", "yard": "yd", "yards": "yd", "nautical": "nmi",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg", "g": "g", "gram": "g",
    "grams": "g", "lb": "lb", "lbs": "lb", "pound-weight": "lb", "tonne": "t", "tonnes": "t", "ton": "tons",
    "tons": "tons", "mt": "t",
    "mw": "MW", "megawatt": "MW", "megawatts": "MW", "gw": "GW", "gigawatt": "GW", "gigawatts": "GW",
    "kw": "kW", "kilowatt": "kW", "kilowatts": "kW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh",
    "hectare": "ha", "hectares": "ha", "ha": "ha", "acre": "acres", "acres": "acres",
    "litre": "L", "litres": "L", "liter": "L", "liters": "L", "gallon": "gal", "gallons": "gal",
    "barrel": "barrels", "barrels": "barrels", "bcm": "bcm",
    "karat": "karat", "carat": "carat", "carats": "carat",
    "mph": "mph", "km/h": "km/h", "kph": "km/h", "knots": "kn", "knot": "kn",
    "°c": "°C", "°f": "°F", "degrees": "degrees", "magnitude": "magnitude",
}
MULTIWORD_MEASURES: dict[tuple[str, str], str] = {
    ("light", "years"): "light years", ("light", "year"): "light years", ("solar", "masses"): "solar masses",
    ("solar", "mass"): "solar masses", ("nautical", "miles"): "nmi", ("nautical", "mile"): "nmi",
    ("square", "feet"): "sq ft", ("metric", "tons"): "t", ("metric", "tonnes"): "t", ("gross", "tonnage"): "GT",
}
# "two billion cubic meters": a power word before the measure.
MEASURE_POWERS: dict[str, str] = {"square": "²", "sq": "²", "cubic": "³"}

PERCENT_WORDS = {"%": "percent", "percent": "percent", "per cent": "percent", "percentage points": "percentage points",
                 "percentage point": "percentage points", "pct": "percent"}

# Durations and ages: "seven-year prison terms" counts years.
TIME_UNITS: dict[str, str] = {
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes", "hour": "hours",
    "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "year": "years", "years": "years", "decade": "decades", "decades": "decades",
    "century": "centuries", "centuries": "centuries",
}
AGE_CUES = {"aged", "age", "ages"}
AGE_UNIT = "years (age)"

# Word sequences (lower case) right before a number; the longest match wins.
QUALIFIERS: dict[tuple[str, ...], str] = {
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least", ("no", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least", ("minimum", "of"): "at_least",
    ("at", "most"): "at_most", ("no", "more", "than"): "at_most", ("as", "high", "as"): "at_most",
    ("a", "maximum", "of"): "at_most", ("maximum", "of"): "at_most",
    ("up", "to"): "up_to", ("as", "many", "as"): "up_to", ("as", "much", "as"): "up_to",
    ("more", "than"): "more_than", ("over",): "more_than", ("exceeding",): "more_than", ("above",): "more_than",
    ("in", "excess", "of"): "more_than", ("upwards", "of"): "more_than", ("greater", "than"): "more_than",
    ("just", "over"): "more_than", ("well", "over"): "more_than", ("almost", "more", "than"): "more_than",
    ("less", "than"): "less_than", ("fewer", "than"): "less_than", ("under",): "less_than",
    ("below",): "less_than", ("just", "under"): "less_than",
    ("about",): "approximate", ("around",): "approximate", ("roughly",): "approximate",
    ("approximately",): "approximate", ("nearly",): "approximate", ("almost",): "approximate",
    ("some",): "approximate", ("an", "estimated"): "approximate", ("estimated",): "approximate",
    ("close", "to"): "approximate", ("circa",): "approximate", ("approx",): "approximate",
    ("approx.",): "approximate", ("about", "the"): "approximate", ("or", "so"): "approximate",
    ("nearly", "all"): "approximate", ("almost", "all"): "approximate",
}
# Qualifier words that are also finite verbs ("it estimated 120", "costs exceeded 300").
VERB_QUALIFIERS = {"estimated", "exceeding", "topped", "exceeded"}
QUALIFIER_MAX_WORDS = max(len(k) for k in QUALIFIERS)

# Range joiners between two numbers: "20 to 30", "between 20 and 30", "20-30", "five or six feet".
RANGE_JOINERS = {"to", "-", "–", "—", "and", "or"}

# "one" before these is an indefinite article in disguise ("one man sprayed ..."), not a count.
INDEFINITE_ONE_HEADS = {
    "man", "woman", "person", "boy", "girl", "day", "night", "time", "thing", "way", "side", "hand", "another",
    "other", "point", "resident", "witness", "official", "source", "observer", "expert", "analyst",
}
# Words before a spelled number that make it an ordinal label ("phase two", "round three").
SEQUENCE_CUES = {"phase", "stage", "level", "version", "round", "part", "chapter", "season", "episode", "category",
                 "grade", "step", "tier", "game", "number", "no", "no."}
# Words after which a number is part of a name or a reference: "No. 7966", "Article 5", "Flight 8501".
NAME_CUES = {"no", "no.", "nos", "nos.", "number", "#", "article", "section", "chapter", "act", "resolution",
             "flight", "route", "highway", "room", "page", "pp", "p.", "vol", "vol.", "volume", "episode", "level",
             "phase", "stage", "grade", "class", "category", "platform", "gate", "terminal", "unit", "ward", "district",
             "line", "channel", "bill", "case", "item", "rule", "paragraph", "clause", "exhibit", "model", "version",
             "series", "season", "batch", "lot", "block", "building", "floor", "street", "road", "avenue", "apartment"}

# Hyphenated words a number opens that describe a shape or manner, not a count: "three-dimensional".
NOT_COUNT_COMPOUNDS = {"dimensional", "dimensionally", "fold", "sided", "way", "wheeled", "legged", "handed"}

# Units written before their number: "magnitude 6.4".
PRE_MEASURES: dict[str, str] = {"magnitude": "magnitude"}
# After "a"/"an", the denominator of a rate: "USD15 an hour", "$60 a barrel" (any noun may follow "per").
RATE_DENOMINATORS = {"second", "minute", "hour", "day", "week", "month", "year", "barrel", "gallon", "litre", "liter",
                     "share", "person", "head", "ton", "tonne", "ounce", "kilogram", "pound", "night", "mile", "kilometre",
                     "kilometer"}

# --- what a figure counts ------------------------------------------------------------------------
# Words for an event that a count is the toll of, by lemma; the value names the quantity, so that
# "12 people were killed", "12 deaths", "killing 12" and "12 lost their lives" count one thing.
EVENT_WORDS: dict[str, str] = {
    "kill": "killed", "die": "killed", "dead": "killed", "death": "killed", "fatality": "killed", "perish": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured", "injury": "injured", "injured": "injured",
    "wounded": "injured", "hospitalise": "hospitalised", "hospitalize": "hospitalised", "hospitalised": "hospitalised",
    "hospitalized": "hospitalised", "hospitalisation": "hospitalised", "hospitalization": "hospitalised",
    "arrest": "arrested", "detain": "arrested", "arrested": "arrested", "evacuate": "evacuated", "evacuee": "evacuated",
    "displace": "displaced", "displaced": "displaced", "infect": "infected", "infection": "infected", "case": "infected",
    "infected": "infected", "rescue": "rescued", "missing": "missing", "strand": "stranded", "stranded": "stranded",
    "vaccinate": "vaccinated", "recover": "recovered", "recovered": "recovered", "discharge": "discharged",
}
# "lost their lives": a verb and its object that together name an event.
EVENT_PHRASES: dict[tuple[str, str], str] = {("lose", "life"): "killed", ("claim", "life"): "killed", ("test", "positive"): "infected"}
# Head nouns that say nothing about what is counted ("24 people were hospitalised" counts hospitalisations).
GENERIC_HEADS = {"people", "person", "persons", "individual", "individuals", "total", "number", "figure", "count", "tally",
                 "toll", "amount", "sum", "one", "ones", "other", "others", "quarter", "half", "third", "fraction",
                 "portion", "part", "lot", "bit", "form", "kind", "type", "way", "sort"}
# Modifiers that qualify the number rather than the thing: "1,500 more troops" counts troops.
# "1,500 more troops", "one more case": a number added to a count is a quantity of its own (the increase).
INCREMENT_WORDS = {"more", "additional", "extra", "further", "new"}
QUANTITY_WORDS = {"more", "other", "additional", "extra", "overall", "total", "some", "several", "many", "few", "least",
                  "estimated", "reported", "approximately", "about", "around", "nearly", "almost", "roughly", "further",
                  "combined", "entire", "whole", "only", "just", "least", "most", "much", "same", "such", "own", "all",
                  "running", "confirmed", "recorded", "known", "official", "cumulative", "latest", "current", "previous"}
# Nouns for one thing under another name: the first of each row stands for the rest.
NOUN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("troop", "soldier", "serviceman", "servicemen", "service member"),
    ("earthquake", "quake", "tremor"),
    ("vote", "ballot"),
    ("child", "kid"),
    ("loss", "lose"),
)
# Verbs whose subject holds what their object counts: "Biden secured 39 delegates", "the quake had a magnitude of 4.0".
HOLDING_VERBS = {"have", "hold", "secure", "win", "earn", "receive", "get", "gain", "amass", "collect", "raise", "own",
                 "keep", "take", "trail", "lead", "record", "register", "reach", "post"}
# Prepositions that put a count in a place: "cases in Samoa", "deaths across Europe".
PLACE_PREPS = {"in", "across", "throughout", "within", "inside"}
WORLDWIDE = {"worldwide", "globally", "world-wide"}
# Verbs that set an amount: "raising the minimum wage to USD15 an hour" measures the wage.
CHANGE_VERBS = {"raise", "increase", "cut", "lower", "reduce", "rise", "fall", "drop", "climb", "grow", "jump", "set",
                "bring", "boost", "hike", "lift", "decline", "slip", "soar", "surge", "plunge", "reach", "surpass", "exceed",
                "top", "pass", "hit", "stand"}
# Verbs that move what is counted, kept in its description: "North Korean troops sent to Russia".
MOVE_VERBS = {"send", "dispatch", "deploy", "station", "move", "transfer", "withdraw", "evacuate", "deport", "relocate"}
# Reporting verbs say nothing about what an amount is ("reported 5.8").
SAYING_VERBS = {"say", "report", "tell", "state", "claim", "estimate", "announce", "confirm", "add", "note", "put", "record"}
# Adjectives that judge the amount rather than narrow the thing: "a massive $916 million loss".
EVALUATIVE = {"massive", "huge", "large", "big", "whopping", "staggering", "significant", "major", "record", "vast",
              "enormous", "modest", "meagre", "meager", "hefty", "mere", "tiny", "substantial", "considerable", "net"}
# What a crowd is counted by: "two million people marched", "2,000 attended".
EVENT_WORDS.update({"attend": "attended", "march": "marched", "protest": "protested", "rally": "rallied", "gather": "gathered",
                    "vote": "voted", "turn": "turned out"})
EVENTS = set(EVENT_WORDS.values()) | set(EVENT_PHRASES.values())
# A count that a verb like these, or a modal, governs is a plan, forecast or condition, not a tally:
# "intends to send 10,000 soldiers", "would win 319 electoral votes", "at least 1,991 delegates are needed".
PROJECTING_VERBS = {"predict", "forecast", "project", "expect", "anticipate", "need", "require", "aim", "plan", "hope",
                    "want", "seek", "propose", "pledge", "promise", "intend", "threaten", "offer", "ask", "demand",
                    "call", "urge", "target", "budget", "cost"}
MODALS = {"would", "could", "might", "may", "will", "should", "shall", "'ll", "wo", "must", "can", "'d"}
