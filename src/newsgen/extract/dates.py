"""Dates (stub)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc

from ..model import Block, DateRef


def extract_dates(doc: Doc, published: dt.date | None, blocks: Sequence[Block]) -> list[DateRef]:
    return []
