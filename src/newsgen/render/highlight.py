"""Inline highlighting: claims, figures, dates and the author's own links and emphasis as nested marks over
an article's words, cut per block."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from ..analyse import ArticleView
from ..model import Block, Inline
from .filters import date_label, figure_label, iso_datetime, kind_label, safe_url
from .urls import relative_url


@dataclass
class _Mark:
    """An inline element over `body[start:end]`; `anchor` is emitted once even when the mark is split."""

    start: int
    end: int
    level: int
    open: str
    close: str
    anchor: str = ""
    after: str = ""
    who: str = ""


def _nest(marks: list[_Mark]) -> list[_Mark]:
    """Make marks nest properly: one that crosses the end of the mark it starts in is cut at that end.

    Nothing is dropped, so every anchor other pages link to still exists (a cut mark keeps its id).
    A claim inside another claim by the same speaker does not repeat the speaker's label.
    """
    kept: list[_Mark] = []
    stack: list[_Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -m.end, m.level)):
        while stack and stack[-1].end <= m.start:
            stack.pop()
        if stack and m.end > stack[-1].end:
            m = replace(m, end=stack[-1].end)
        if m.who and any(outer.who == m.who for outer in stack):
            m = replace(m, after="")
        kept.append(m)
        if m.end > m.start:
            stack.append(m)
    return kept


def _segment(m: _Mark, start: int, end: int, first: bool, last: bool) -> _Mark:
    return replace(m, start=start, end=end, anchor=m.anchor if first else "", after=m.after if last else "")


def assign_marks(blocks: list[Block], marks: list[_Mark]) -> list[list[_Mark]]:
    """The marks, or parts of marks, that fall in each block (blocks in text order, not overlapping).

    A mark spanning blocks carries its id in its first part and its trailing link after its last part.
    An empty mark, or one in no block at all (between blocks), becomes an empty anchor where it starts,
    or at the start of the next block, so that links to it still land.
    """
    per_block: list[list[_Mark]] = [[] for _ in blocks]
    if not blocks:
        return per_block
    ends = [b.end for b in blocks]
    for m in marks:
        first = bisect.bisect_right(ends, m.start)
        parts = []
        if m.end > m.start:
            j = first
            while j < len(blocks) and blocks[j].start < m.end:
                parts.append(j)
                j += 1
        for k, j in enumerate(parts):
            b = blocks[j]
            per_block[j].append(_segment(m, max(m.start, b.start), min(m.end, b.end), k == 0, k == len(parts) - 1))
        if not parts and m.anchor:
            j = min(first, len(blocks) - 1)
            at = min(max(m.start, blocks[j].start), blocks[j].end)
            per_block[j].append(_Mark(at, at, m.level, '<span class="anchor" {id}>', "</span>", m.anchor))
    return per_block


def block_marks(blocks: list[Block], index: int, marks: list[_Mark]) -> list[_Mark]:
    return assign_marks(blocks, marks)[index]


def highlight(body: str, block: Block, marks: list[_Mark]) -> Markup:
    """The block's text, escaped, with the marks wrapped around their words."""
    events: list[tuple[int, int, int, str]] = []
    for n, m in enumerate(_nest(marks)):
        opening = m.open.replace(" {id}", f' id="{m.anchor}"' if m.anchor else "")
        if m.end == m.start:
            events.append((m.start, 1, n, opening + m.close + m.after))
        else:
            events.append((m.start, 1, n, opening))
            events.append((m.end, 0, -n, m.close + m.after))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    out: list[str] = []
    pos = block.start
    for offset, _, _, tag in events:
        out.append(str(escape(body[pos:offset])))
        out.append(tag)
        pos = offset
    out.append(str(escape(body[pos:block.end])))
    return Markup("".join(out))


def article_marks(view: ArticleView, page: str, speaker_url: Callable[[str], str]) -> list[_Mark]:
    """Claims, figures and dates as marks over the article's own words.

    The speaker label after a claim has no text of its own: the theme draws it from `data-who` with CSS
    generated content and screen readers read its `aria-label`, so copying a passage copies the
    article's words only.
    """
    marks: list[_Mark] = []
    for ref in view.claims:
        c = ref.claim
        who = escape(c.speaker or "unattributed")
        link = (
            f'<a class="who" href="{escape(relative_url(page, speaker_url(ref.speaker_slug)))}" data-who="{who}" aria-label="{who}" data-pagefind-ignore></a>'
            if ref.speaker_slug
            else f'<span class="who who-unknown" data-who="{who}" role="note" aria-label="{who}" data-pagefind-ignore></span>'
        )
        label = escape(f"{kind_label(c.kind)}: {c.speaker or 'unattributed'}")
        marks.append(_Mark(c.start, c.end, 0, f'<mark class="claim claim-{escape(c.kind)}" {{id}} title="{label}">', "</mark>", ref.anchor, link, ref.speaker_slug or ""))
    for ref in view.figures:
        f = ref.figure
        title = escape(figure_label(f.value, f.value_max, f.unit, f.qualifier))
        marks.append(_Mark(f.start, f.end, 1, f'<span class="figure" {{id}} title="{title}">', "</span>", ref.anchor))
    for entry in view.timeline:
        d = entry.ref
        marks.append(_Mark(d.start, d.end, 2, f'<time class="date" {{id}} datetime="{escape(iso_datetime(d.resolved))}" title="{escape(date_label(entry.start, entry.end))}">', "</time>", entry.anchor))
    cuts = sorted({m.start for m in marks} | {m.end for m in marks})
    marks.extend(inline_marks(view.article.inline, cuts))
    return marks


def inline_marks(spans: list[Inline], cuts: list[int]) -> Iterator[_Mark]:
    """The author's links and emphasis, cut at every claim, figure and date boundary so they nest
    inside those marks and never wrap a speaker link; a link that is not a web link keeps only its text."""
    for span in spans:
        if span.tag == "a":
            href = safe_url(span.href)
            if not href:
                continue
            open_, close = f'<a class="ext" href="{escape(href)}" rel="nofollow noopener">', "</a>"
        elif span.tag in EMPHASIS_ELEMENTS:
            open_, close = f"<{span.tag}>", f"</{span.tag}>"
        else:
            continue
        inner = cuts[bisect.bisect_right(cuts, span.start):bisect.bisect_left(cuts, span.end)]
        edges = [span.start, *inner, span.end]
        for a, b in zip(edges, edges[1:]):
            yield _Mark(a, b, 3, open_, close)


# The only elements besides links that content may put on a page, whatever the loader passed on.
EMPHASIS_ELEMENTS = ("em", "strong", "code")
