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
