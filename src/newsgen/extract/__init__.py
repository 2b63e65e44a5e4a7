"""Extraction: one parsed article -> claims, figures and dates.

Each extractor is a pure function over a spaCy `Doc` of `Article.body` (textacy style); this module
only runs them in order and links figures to the claims they sit in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Article, Claim, Extraction, Figure

if TYPE_CHECKING:
    from spacy.tokens import Doc

# The extractors (and spaCy) are imported by `extract()`, not here: the analysis reads this package's
# tables (units.EVENTS) on a warm cache, where nothing is parsed.

def _source_fingerprint() -> str:
    """Part of the cache key: any change to the extractor's code or records invalidates cached results."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), here.parent / "model.py", here.parent / "content.py", here.parent / "nlp.py"]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


EXTRACTOR_VERSION = _source_fingerprint()


def extract(doc: Doc, article: Article, disabled: Collection[str] = ()) -> Extraction:
    """Claims, figures and dates of one article; `disabled` switches named attribution rules off
    (`extract/rules.py`), for measuring them only."""
    from .dates import extract_dates
    from .figures import extract_figures
    from .quotes import extract_claims

    claims = extract_claims(doc, article.blocks, disabled)
    figures = extract_figures(doc, article.blocks)
    link_figures(figures, claims)
    dates = extract_dates(doc, article.date, article.blocks)
    return Extraction(claims=claims, figures=figures, dates=dates)


def link_figures(figures: list[Figure], claims: list[Claim]) -> None:
    """A figure belongs to the claim whose text holds it, else to one whose sentence holds it."""
    for fig in figures:
        inside = [i for i, c in enumerate(claims) if c.start <= fig.start and fig.end <= c.end]
        around = [i for i, c in enumerate(claims) if c.sentence_start <= fig.start and fig.end <= c.sentence_end]
        pick = inside or around
        fig.claim = pick[0] if pick else None
