"""Who said what (stub: replaced by the attribution engine)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..model import Block, Claim


def extract_claims(doc: Doc, blocks: Sequence[Block]) -> list[Claim]:
    return []
