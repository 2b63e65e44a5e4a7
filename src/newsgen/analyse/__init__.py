"""Across articles: one record per speaker, stories, figures as quantities within a story, and a timeline.

A package of stages that run in order (`analyse()`): speaker identity (`identity.py`), stories
(`stories.py`), quantities and their conflicts (`quantities.py`), timeline periods and sentences
(`timeline.py`). Each is plain functions over the records here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..content import slugify
from ..model import Article, Claim, DateRef, Extraction, Figure
from . import quantities as Q
from . import stories as S
from .identity import display_name, resolve
from .quantities import Quantity
from .timeline import Period, parse_period, sentence_spans


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
    # The date the figure refers to (resolved, as DateRef.resolved), and the quantity it is a value of.
    when: str | None = None
    quantity: Quantity | None = field(default=None, repr=False, compare=False)


@dataclass
class TimelineEntry:
    start: dt.date
    end: dt.date
    ref: DateRef
    article: Article
    anchor: str
    sentence: str
    granularity: str = "day"
    # The whole sentence the date is in (offsets into the body), and who says it when it is in a claim.
    sentence_start: int = 0
    sentence_end: int = 0
    speaker: str | None = None
    speaker_slug: str | None = None
    # Outside its story's news period: history the articles recall, not the news.
    background: bool = False

    @property
    def is_span(self) -> bool:
        return self.start != self.end

    @property
    def period(self) -> Period:
        return Period(self.start, self.end, self.granularity)


@dataclass
class ArticleView:
    article: Article
    extraction: Extraction
    claims: list[ClaimRef]
    figures: list[FigureRef]
    timeline: list[TimelineEntry]


@dataclass(eq=False)
class Story:
    """Articles telling one piece of news (`stories.py`), with what they say and count."""

    slug: str
    title: str
    articles: list[ArticleView]
    start: dt.date | None
    end: dt.date | None
    quantities: list[Quantity] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    # The story's speakers with a page, most claims in the story first.
    speakers: list[tuple[Speaker, int]] = field(default_factory=list)

    @property
    def claims(self) -> list[ClaimRef]:
        return [r for v in self.articles for r in v.claims]

    @property
    def news(self) -> list[TimelineEntry]:
        return [e for e in self.timeline if not e.background]

    @property
    def background(self) -> list[TimelineEntry]:
        return [e for e in self.timeline if e.background]


@dataclass
class SiteData:
    articles: list[ArticleView]
    speakers: list[Speaker]
    quantities: list[Quantity]
    timeline: list[TimelineEntry]
    tags: dict[str, list[ArticleView]]
    stories: list[Story] = field(default_factory=list)
    # Each tag summed up as a briefing (speakers, quantities, timeline of its articles), for its page.
    topics: dict[str, Story] = field(default_factory=dict)
    _by_slug: dict[str, Speaker] = field(default_factory=dict, repr=False, compare=False)
    _story_of: dict[str, Story] = field(default_factory=dict, repr=False, compare=False)

    def speaker(self, slug: str) -> Speaker | None:
        if len(self._by_slug) != len(self.speakers):
            self._by_slug = {s.slug: s for s in self.speakers}
        return self._by_slug.get(slug)

    def story_of(self, article: Article) -> Story | None:
        """The story an article is part of, when it has a page (two articles or more)."""
        if not self._story_of:
            self._story_of = {v.article.slug: st for st in self.stories for v in st.articles}
        return self._story_of.get(article.slug)

    @property
    def differing(self) -> list[Quantity]:
        """Quantities whose sources differ at some date, newest story first."""
        return [q for q in self.quantities if q.differ]


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
        sentences = article_sentences(article)
        tl = []
        for d in ex.dates:
            period = parse_period(d.resolved)
            if period:
                s_start, s_end = sentence_around(sentences, d.start, d.end)
                tl.append(TimelineEntry(period.start, period.end, d, article, anchor_for("date", f"{d.start}:{d.text}", seen),
                                        article.body[s_start:s_end], period.granularity, s_start, s_end))
        place_figures(article, ex, figs, sentences)
        views.append(ArticleView(article, ex, refs, figs, tl))
        all_refs.extend(refs)

    speaker_list = group_speakers(all_refs)
    for view in views:
        name_speakers(view)
    stories = group_stories(views, {sp.slug: sp for sp in speaker_list})
    taken: set[str] = set()
    quantity_list: list[Quantity] = []
    for story in stories:
        story.quantities = Q.build(story.slug, (f for v in story.articles for f in v.figures), lambda text: unique_slug(slugify(text), taken))
        for q in story.quantities:
            q.story = story
            for ref in q.refs:
                ref.quantity = q
        quantity_list.extend(story.quantities)
        mark_background(story)
    stories = [st for st in stories if len(st.articles) > 1]
    stories.sort(key=lambda st: (st.end or dt.date.min, st.title), reverse=True)

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
    quantity_list.sort(key=lambda q: (q.story.end or dt.date.min, len(q.refs)), reverse=True)
    tags = dict(sorted(tags.items(), key=lambda kv: kv[0].casefold()))
    return SiteData(views, speaker_list, quantity_list, timeline, tags, stories, topics(tags, speaker_list, quantity_list))


def article_sentences(article: Article) -> list[tuple[int, int]]:
    """Every sentence of the body, block by block (a heading or dateline is a sentence of its own)."""
    out: list[tuple[int, int]] = []
    for block in article.blocks:
        out.extend(sentence_spans(article.body, block.start, block.end))
    return out or sentence_spans(article.body)


def sentence_around(sentences: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence (or run of sentences) that holds body[start:end] whole."""
    first = bisect.bisect_right(sentences, (start, float("inf"))) - 1
    if first < 0 or not sentences[first][0] <= start < sentences[first][1]:
        return start, end
    last = first
    while sentences[last][1] < end and last + 1 < len(sentences):
        last += 1
    return sentences[first][0], sentences[last][1]


def place_figures(article: Article, ex: Extraction, figs: list[FigureRef], sentences: list[tuple[int, int]]) -> None:
    """The date each figure refers to: the date its clause is tied to (`Figure.date_at`), else the last date an
    earlier sentence of its paragraph gives ("As of September 30, Armenia claimed ... Azerbaijan claimed ..."),
    else the day the article was published."""
    dated = sorted((d for d in ex.dates if parse_period(d.resolved)), key=lambda d: d.start)
    published = article.date.isoformat() if article.date else None
    for ref in figs:
        f = ref.figure
        if f.date_at is not None:
            ref.when = next((d.resolved for d in dated if d.start <= f.date_at < d.end), None)
        if ref.when is None:
            block = article.block_at(f.start)
            sentence_start = sentence_around(sentences, f.start, f.end)[0]
            earlier = [d for d in dated if block is not None and block.start <= d.start and d.end <= sentence_start]
            ref.when = earlier[-1].resolved if earlier else published


def name_speakers(view: ArticleView) -> None:
    """Who says each dated sentence: the speaker of a claim in it, when the sentence does not name them itself
    ("He said the summit would open on Friday" is John Kirby's)."""
    for entry in view.timeline:
        for ref in view.claims:
            c = ref.claim
            if c.speaker and c.start < entry.sentence_end and c.end > entry.sentence_start:
                entry.speaker = c.speaker
                entry.speaker_slug = ref.speaker_slug
                break


def group_stories(views: list[ArticleView], speakers: dict[str, Speaker]) -> list[Story]:
    """Every article in one story (`stories.py`); a story's slug and title come from the name its articles share."""
    nodes = []
    for v in views:
        named = sorted({r.speaker_slug for r in v.claims if r.speaker_slug and r.speaker_slug in speakers and not speakers[r.speaker_slug].unnamed})
        nodes.append(S.node_for(v.article.slug, v.article.date, v.article.title, v.article.body, named, v.article.tags))
    by_slug = {v.article.slug: v for v in views}
    taken: set[str] = set()
    stories = []
    df: Counter = Counter(f for node in nodes for f in node.names)
    for members in S.group(nodes):
        arts = [by_slug[m.key] for m in members]
        name = S.story_name(members, len(nodes), df)
        title = name or arts[0].article.title
        slug = unique_slug(slugify(f"{name} {arts[0].article.date.isoformat() if arts[0].article.date else ''}" if name else arts[0].article.slug) or "story", taken)
        stories.append(briefing(slug, title, arts, speakers))
    return stories


def briefing(slug: str, title: str, arts: list[ArticleView], speakers: dict[str, Speaker]) -> Story:
    """A set of articles summed up as a story page shows it: their span, timeline and speakers."""
    dates = [v.article.date for v in arts if v.article.date]
    story = Story(slug, title, arts, min(dates) if dates else None, max(dates) if dates else None)
    story.timeline = sorted((e for v in arts for e in v.timeline), key=lambda e: (e.start, e.end))
    counts: Counter = Counter(r.speaker_slug for v in arts for r in v.claims if r.speaker_slug)
    story.speakers = [(speakers[slug], n) for slug, n in counts.most_common() if slug in speakers]
    return story


def topics(tags: dict[str, list[ArticleView]], speakers: list[Speaker], quantities: list[Quantity]) -> dict[str, Story]:
    """Each tag as a briefing of its own: its articles' speakers and timeline, and the quantities its
    articles give values of (compared within their stories, never across the tag)."""
    by_slug = {sp.slug: sp for sp in speakers}
    out = {}
    for name, tagged in tags.items():
        topic = briefing(slugify(name), name, tagged, by_slug)
        paths = {v.article.path for v in tagged}
        topic.quantities = [q for q in quantities if any(r.article.path in paths for r in q.refs)]
        out[name] = topic
    return out


# A story's news runs from a month before its first article on; a date that ends before that, or a span
# wider than two months that reaches back before it ("2019", "the 1990s"), is the history its articles
# recall. A date ahead of the news is its outlook, not background.
NEWS_BEFORE = dt.timedelta(days=30)
WIDE = dt.timedelta(days=62)


def mark_background(story: Story) -> None:
    if story.start is None:
        return
    lo = story.start - NEWS_BEFORE
    for e in story.timeline:
        e.background = _before(e.period, lo)
    for q in story.quantities:
        for point in q.points:
            point.background = point.period is not None and _before(point.period, lo)


def _before(period: Period, lo: dt.date) -> bool:
    return period.end < lo or (period.start < lo and period.end - period.start > WIDE)


def tag_key(tag: str) -> str:
    """What makes two tags the same topic: case and runs of white space do not."""
    return " ".join(tag.split()).casefold()
