"""Articles -> stories: the articles that tell one developing piece of news.

Two articles are about the same story when they share names that few other articles use (people,
places, organisations, events, written with capitals in their titles and bodies, and the speakers they
quote) and appear within a few weeks of each other; a tag the author gave both joins two articles that
close by itself, and with shared names at any distance in time. A story
is the set of articles linked that way, so a long story is followed through articles that each share
its names with the one before. Names that most articles use ("United States", "President") weigh
almost nothing, which is what keeps two stories about one country apart.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

# Capitalised words that start sentences or name times and offices, not the news itself.
COMMON = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "this", "that",
    "these", "those", "there", "but", "and", "or", "in", "on", "at", "after", "before", "as", "when", "while", "if",
    "for", "however", "meanwhile", "some", "many", "most", "according", "earlier", "later", "last", "by", "since",
    "during", "no", "one", "two", "three", "of", "to", "from", "with", "also", "other", "both", "all", "what", "who",
    "why", "how", "mr", "mrs", "ms", "dr", "said", "says", "yes", "not", "so", "yet", "then", "now", "today",
    "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "president", "prime", "minister", "senator", "governor", "secretary", "chief", "former", "government", "officials", "police", "news", "reported", "report", "reports", "according", "wikinews", "image",
    "photo", "source", "sources", "people", "year", "years", "week", "day", "do", "did", "does", "was", "were", "is",
    "are", "be", "been", "has", "have", "had", "will", "would", "could", "should", "can", "may", "might", "must",
}
CONNECTORS = {"of", "de", "del", "da", "la", "le", "al", "bin", "van", "von", "der", "du", "and"}
# A run of capitalised words, with the small words that join names ("Bank of England", "bin Laden").
RUN = re.compile(r"(?<![\w'’.-])[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|del|da|la|le|al|bin|van|von|der|du|and)\s+)*[A-Z][\w'’.-]*)*")
INITIALS = re.compile(r"(?:[A-Za-z]\.)+")
# Stories link articles published at most this far apart; a longer story is followed article by article.
WINDOW = dt.timedelta(days=35)
THRESHOLD = 0.15
# A tag the author gave is worth this many rare names.
TAG_WEIGHT = 3.0
TITLE_WEIGHT = 2.0
# A speaker's page id adds to the names the text gives (which already hold the speaker's name).
SPEAKER_WEIGHT = 0.5


@dataclass
class Node:
    """What the grouping knows of one article."""

    key: str
    date: dt.date | None
    names: dict[str, float] = field(default_factory=dict)  # feature -> weight before idf
    forms: dict[str, str] = field(default_factory=dict)  # feature -> as first written
    tags: set[str] = field(default_factory=set)


def names_in(text: str) -> Counter:
    """Capitalised phrases of a text, and their words on their own: "Carrie Lam" gives "carrie lam" and "lam".

    A capital at the start of a sentence says nothing, so a sentence's first word that the text also writes in
    lower case is left out ("Local officials said ..." beside "the local council"), unless the text also
    capitalises it inside a sentence."""
    runs: list[tuple[list[str], bool]] = []
    inside: set[str] = set()
    for m in RUN.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        at_start = k < 0 or text[k] in ".!?\"“”:;\n"
        run: list[str] = []
        for tok in m.group(0).split():
            bare = (tok[:-2] if tok[-2:] in ("'s", "’s") else tok).strip(".'’")
            if bare.lower() in CONNECTORS and run:
                run.append(bare.lower())
            elif len(bare) > 1 and bare.lower() not in COMMON and bare[:1].isupper():
                if run or not at_start:
                    inside.add(bare)
                run.append(bare)
            else:
                _close(run, runs, at_start)
                run, at_start = [], at_start and not run
            if tok.endswith(".") and not INITIALS.fullmatch(tok):
                _close(run, runs, at_start)  # "Interfax. Local officials" ends a sentence
                run, at_start = [], True
        _close(run, runs, at_start)
    found: Counter = Counter()
    lowered: set[str] | None = None
    for words, at_start in runs:
        if at_start and words[0] not in inside:
            if lowered is None:
                lowered = set(re.findall(r"\b[a-z][\w'’-]*", text))
            if words[0].lower() in lowered:
                words = words[1:]  # "Police said", "Local officials said": words the text also writes in lower case
                while words and words[0].lower() in CONNECTORS:
                    words = words[1:]
        names = [w for w in words if w.lower() not in CONNECTORS]
        if names:
            found[" ".join(words)] += 1
            if len(names) > 1:
                for w in names:
                    found[w] += 1
    return found


def _close(run: list[str], runs: list[tuple[list[str], bool]], at_start: bool) -> None:
    while run and run[-1].lower() in CONNECTORS:
        run.pop()
    if run:
        runs.append((list(run), at_start))


def node_for(key: str, date: dt.date | None, title: str, body: str, speakers: Sequence[str], tags: Sequence[str]) -> Node:
    node = Node(key, date)
    for text, weight in ((body, 1.0), (title, TITLE_WEIGHT)):
        for phrase in names_in(text):
            feature = "n:" + phrase.lower()
            node.names[feature] = max(node.names.get(feature, 0.0), weight)
            node.forms.setdefault(feature, phrase)
    for slug in speakers:
        node.names["s:" + slug] = SPEAKER_WEIGHT
    for tag in tags:
        node.tags.add("t:" + " ".join(tag.split()).casefold())
        node.names["t:" + " ".join(tag.split()).casefold()] = TAG_WEIGHT
        node.forms.setdefault("t:" + " ".join(tag.split()).casefold(), tag)
    return node


def group(nodes: list[Node], window: dt.timedelta = WINDOW, threshold: float = THRESHOLD) -> list[list[Node]]:
    """Stories, each a list of its nodes in date order; every node is in exactly one.

    Pairs are only scored when they share a name that at most a tenth of the articles use (or a tag), so the
    work follows the names, not the square of the archive's size."""
    n = len(nodes)
    df: Counter = Counter(f for node in nodes for f in node.names)
    idf = {f: math.log((n + 1) / (c + 0.5)) for f, c in df.items()}
    cap = max(3, n // 10)
    vectors = [{f: w * idf[f] for f, w in node.names.items() if idf[f] > 0} for node in nodes]
    norms = [math.sqrt(sum(v * v for v in vec.values())) or 1.0 for vec in vectors]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        for f in node.names:
            if df[f] <= cap or f.startswith("t:"):
                postings[f].append(i)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Each pair once, from its first article: the later articles that share a posting with it. (A set of
    # every pair seen took 1.7 GB at 10,000 articles.)
    for i, node in enumerate(nodes):
        later: set[int] = set()
        for f in node.names:
            members = postings.get(f)
            if members is not None and len(members) > 1:
                later.update(members[bisect.bisect_right(members, i):])
        for j in sorted(later):
            if find(i) == find(j):
                continue
            a, b = node, nodes[j]
            near = not (a.date and b.date and abs(a.date - b.date) > window)
            tagged = _share_tag(a, b)
            if near and tagged:
                parent[find(i)] = find(j)  # the author tagged both, weeks apart at most: one story
                continue
            if not near and not tagged:
                continue  # further apart, a tag and shared names join them
            va, vb = vectors[i], vectors[j]
            small, large = (va, vb) if len(va) < len(vb) else (vb, va)
            dot = sum(w * large[f] for f, w in small.items() if f in large)
            if dot / (norms[i] * norms[j]) >= threshold:
                parent[find(i)] = find(j)
    stories: dict[int, list[Node]] = defaultdict(list)
    for i, node in enumerate(nodes):
        stories[find(i)].append(node)
    return [sorted(members, key=lambda m: (m.date or dt.date.min, m.key)) for members in stories.values()]


def _share_tag(a: Node, b: Node) -> bool:
    return not a.tags.isdisjoint(b.tags)


def story_name(members: list[Node], n: int, df: Counter) -> str | None:
    """The name the story's articles share, in their titles first ("Humberto", "Hong Kong"), rare names before
    common ones (`df`: in how many of the `n` articles each name is); None for one article."""
    if len(members) < 2:
        return None
    score: Counter = Counter()
    present: Counter = Counter()
    for m in members:
        for f, weight in m.names.items():
            if f.startswith(("n:", "t:")):
                present[f] += 1
                score[f] += 3.0 if weight >= TITLE_WEIGHT else 1.0
    best, top = None, 0.0
    for f, s in score.items():
        if present[f] < 2:
            continue
        value = s * math.log((n + 1) / (df[f] + 0.5)) * (1 + 0.5 * f.count(" "))
        if value > top:
            best, top = f, value
    if best is None:
        return None
    return next(m.forms[best] for m in members if best in m.forms)
