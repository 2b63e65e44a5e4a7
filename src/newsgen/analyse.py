"""Across articles: one record per speaker, figures grouped by what they count, and a timeline."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .content import slugify
from .identity import display_name, resolve
from .model import Article, Claim, DateRef, Extraction, Figure


@dataclass
class ClaimRef:
    article: Article
    index: int
    claim: Claim
    anchor: str
    speaker_slug: str | None = None
    # The identity rule (`identity.RULES`) that put the claim on its speaker's page, or kept it off any.
    identity_rule: str | None = None


@dataclass
class Speaker:
    name: str
    slug: str
    type: str
    roles: list[str] = field(default_factory=list)
    claims: list[ClaimRef] = field(default_factory=list)
    unnamed: bool = False  # a description ("officials"), one article's only
    aliases: list[str] = field(default_factory=list)  # every way the articles name the speaker, as written

    @cached_property
    def articles(self) -> list[Article]:
        """Asked for by every page that lists speakers, so worked out once (after analysis has filled `claims`)."""
        seen: dict[str, Article] = {}
        for ref in self.claims:
            seen.setdefault(ref.article.slug, ref.article)
        return list(seen.values())


@dataclass
class FigureRef:
    article: Article
    figure: Figure
    anchor: str
    claim: ClaimRef | None


@dataclass
class FigureGroup:
    unit: str
    slug: str
    figures: list[FigureRef]

    @property
    def values(self) -> list[float]:
        return sorted({f.figure.value for f in self.figures if f.figure.value is not None})

    @property
    def by_value(self) -> list[tuple[float | None, list[FigureRef]]]:
        """Figures giving the same number together, smallest first: the columns of a side-by-side view."""
        same: dict[float | None, list[FigureRef]] = defaultdict(list)
        for ref in self.figures:
            same[ref.figure.value].append(ref)
        return sorted(same.items(), key=lambda kv: (kv[0] is None, kv[0] or 0.0))

    @cached_property
    def disagreement(self) -> bool:
        """Different numbers for the same thing from different sources about one story: within an article,
        or across articles sharing a tag. "percent" in two unrelated stories is no disagreement."""
        stories: dict[str, list[FigureRef]] = defaultdict(list)
        for ref in self.figures:
            stories[f"article:{ref.article.slug}"].append(ref)
            for tag in ref.article.tags:
                stories[f"tag:{tag}"].append(ref)
        for refs in stories.values():
            by_value: dict[float, set[str]] = defaultdict(set)
            for ref in refs:
                if ref.figure.value is None:
                    continue
                source = ref.claim.speaker_slug if ref.claim and ref.claim.speaker_slug else f"article:{ref.article.slug}"
                by_value[ref.figure.value].add(source)
            if len(by_value) >= 2 and len(set().union(*by_value.values())) >= 2:
                return True
        return False


@dataclass
class TimelineEntry:
    start: dt.date
    end: dt.date
    ref: DateRef
    article: Article
    anchor: str
    sentence: str

    @property
    def is_span(self) -> bool:
        return self.start != self.end


@dataclass
class ArticleView:
    article: Article
    extraction: Extraction
    claims: list[ClaimRef]
    figures: list[FigureRef]
    timeline: list[TimelineEntry]


@dataclass
class SiteData:
    articles: list[ArticleView]
    speakers: list[Speaker]
    figure_groups: list[FigureGroup]
    timeline: list[TimelineEntry]
    tags: dict[str, list[ArticleView]]
    _by_slug: dict[str, Speaker] = field(default_factory=dict, repr=False, compare=False)

    def speaker(self, slug: str) -> Speaker | None:
        if len(self._by_slug) != len(self.speakers):
            self._by_slug = {s.slug: s for s in self.speakers}
        return self._by_slug.get(slug)


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    name = re.sub(r"^(the|a|an)\s+", "", name.strip())
    return re.sub(r"[^\w' -]+", "", name).strip()


def anchor_for(prefix: str, text: str, seen: Counter) -> str:
    """Stable across rebuilds and edits elsewhere in the article: derived from the text, not its position."""
    digest = hashlib.sha1(_norm(text).encode()).hexdigest()[:8]
    seen[digest] += 1
    return f"{prefix}-{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")


def article_sort_key(view: ArticleView) -> tuple:
    return (view.article.date or dt.date.min, view.article.title)


def parse_resolved(value: str | None) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    first, _, last = value.partition("/")
    try:
        return _bound(first, False), _bound(last or first, True)
    except ValueError:
        return None


def _bound(text: str, end: bool) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        if not end:
            return dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12 if end else 1, 31 if end else 1)


# Words for the same counted thing; the first of each row names the group.
UNIT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("troops", "troop", "soldiers", "soldier", "servicemen", "service members"),
    ("people", "persons", "person", "individuals"),
    ("deaths", "dead", "fatalities", "killed"),
    ("injured", "injuries", "wounded"),
    ("percent", "per cent", "%", "percentage points"),
    ("USD", "dollars", "us dollars", "$"),
    ("EUR", "euros", "€"),
    ("GBP", "pounds", "pounds sterling", "£"),
)
_SYNONYM = {word.casefold(): row[0] for row in UNIT_SYNONYMS for word in row}


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def figure_unit_key(fig: Figure) -> str:
    """What a figure counts, with synonyms joined and a proper-noun modifier kept apart.

    "3,000 soldiers" and "1,500 more troops" count the same thing; "hundreds of thousands of Russian
    soldiers" does not count the same soldiers as "3,000 North Korean soldiers".
    """
    unit = (fig.unit or "").strip()
    if not unit:
        return "unspecified"
    base = _SYNONYM.get(unit.casefold()) or _SYNONYM.get(_singular(unit.casefold())) or (unit if unit.isupper() else _singular(unit.casefold()))
    words = fig.text.split()
    last = unit.split()[-1].casefold()
    at = max((i for i, w in enumerate(words) if w.casefold().strip(".,;:") == last), default=-1)
    modifier: list[str] = []
    i = at - len(unit.split())
    while i >= 0 and words[i][:1].isupper() and not any(ch.isdigit() for ch in words[i]):
        modifier.insert(0, words[i])
        i -= 1
    return " ".join([*modifier, base]) if modifier and at >= 0 else base


def unique_slug(slug: str, taken: set[str]) -> str:
    """Two names can slugify alike ("O'Neil", "O Neil"); each still gets a page of its own."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


LEADING_DETERMINERS = ("the", "a", "an", "its", "his", "her", "their", "our", "some", "several", "many", "two", "three")


def is_unnamed(name: str, speaker_type: str, body: str) -> bool:
    """A description rather than a name ("officials", "the company", "Police"): such a speaker is only the
    same one within its own article, so "officials" of two stories never share a page.

    A lone capitalised word is a description when it is a group or the article also writes it in lower case
    ("Police said ..." beside "the police"); "Reuters" or "Seoul" never are.
    """
    words = name.split()
    while len(words) > 1 and words[0].casefold() in LEADING_DETERMINERS:
        words = words[1:]
    rest = " ".join(words)
    if not any(ch.isupper() for ch in rest):
        return True
    if len(words) == 1 and rest[:1].isupper() and rest[1:].islower():
        return speaker_type == "group" or re.search(rf"\b{re.escape(rest.lower())}\b", body) is not None
    return False


def group_speakers(refs: list[ClaimRef]) -> list[Speaker]:
    """One Speaker per real-world speaker (`identity.resolve`), most claims first; a claim whose mention is
    no source (a number, a document with no issuer) keeps its place in its article but joins no page."""
    identities = resolve([(r.article, r.claim) for r in refs], is_unnamed)
    speakers: dict[str, Speaker] = {}
    names: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    for ref, ident in zip(refs, identities):
        if ident is None:
            continue
        ref.identity_rule = ident.rule
        if ident.key is None:
            continue
        sp = speakers.get(ident.key)
        if sp is None:
            sp = speakers[ident.key] = Speaker(name=ident.name, slug="", type="unknown", unnamed=ident.unnamed)
        sp.claims.append(ref)
        names[ident.key][ident.name] += 1
        types[ident.key][ident.type] += 1
        written = " ".join((ref.claim.speaker or "").split())
        if written and written not in sp.aliases:
            sp.aliases.append(written)
        for role in (ref.claim.role, ident.role):
            if role and role not in sp.roles:
                sp.roles.append(role)
    taken: set[str] = set()
    for key, sp in speakers.items():
        sp.name = display_name(names[key])
        known = [t for t, _ in types[key].most_common() if t != "unknown"]
        sp.type = known[0] if known else "unknown"
        if sp.unnamed:
            # "officials" of this story only: the page says whose
            sp.slug = unique_slug(slugify(f"{_norm(sp.name)} {sp.claims[0].article.slug.replace('/', ' ')}"), taken)
        else:
            sp.slug = unique_slug(slugify(sp.name), taken)
        sp.aliases.sort(key=str.casefold)
        for ref in sp.claims:
            ref.speaker_slug = sp.slug
    return sorted(speakers.values(), key=lambda s: (-len(s.claims), s.name.casefold()))


def analyse(results: list[tuple[Article, Extraction]]) -> SiteData:
    views: list[ArticleView] = []
    all_refs: list[ClaimRef] = []
    for article, ex in results:
        seen: Counter = Counter()
        refs = [ClaimRef(article, i, c, anchor_for("claim", c.text, seen)) for i, c in enumerate(ex.claims)]
        figs = [FigureRef(article, f, anchor_for("fig", f"{f.start}:{f.text}", seen), refs[f.claim] if f.claim is not None and f.claim < len(refs) else None) for f in ex.figures]
        tl = []
        for d in ex.dates:
            span = parse_resolved(d.resolved)
            if span:
                block = article.block_at(d.start)
                sentence = article.body[block.start:block.end] if block else d.text
                tl.append(TimelineEntry(span[0], span[1], d, article, anchor_for("date", f"{d.start}:{d.text}", seen), sentence))
        views.append(ArticleView(article, ex, refs, figs, tl))
        all_refs.extend(refs)

    speaker_list = group_speakers(all_refs)

    groups: dict[str, list[FigureRef]] = defaultdict(list)
    for view in views:
        for ref in view.figures:
            groups[figure_unit_key(ref.figure)].append(ref)
    figure_groups = sorted(
        (FigureGroup(unit, slugify(unit), refs) for unit, refs in groups.items()),
        key=lambda g: (-len(g.figures), g.unit),
    )

    timeline = sorted((e for v in views for e in v.timeline), key=lambda e: (e.start, e.end, e.article.title))
    views.sort(key=article_sort_key, reverse=True)
    # Tags that differ only in case or spacing ("Ukraine", "ukraine") are one topic with one page, named
    # as first written; distinct tags that would share a page are refused at load (build.tag_problems).
    tags: dict[str, list[ArticleView]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for view in views:
        for tag in view.article.tags:
            name = spelling.setdefault(tag_key(tag), tag)
            if not tags[name] or tags[name][-1] is not view:
                tags[name].append(view)
    return SiteData(views, speaker_list, figure_groups, timeline, dict(sorted(tags.items(), key=lambda kv: kv[0].casefold())))


def tag_key(tag: str) -> str:
    """What makes two tags the same topic: case and runs of white space do not."""
    return " ".join(tag.split()).casefold()
