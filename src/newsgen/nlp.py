"""Model resolution and the spaCy pipeline newsgen runs over article bodies."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import repairs
from .config import DEFAULT_MODEL
from .errors import ModelError
from .installed import INSTALL_HINT, MODEL_FALLBACKS, candidates, model_version, resolve_model  # noqa: F401  (re-exported)
from .model import Problem

_CACHE: dict[tuple[str, bool], Language] = {}
PRELOAD_ENV = "NEWSGEN_PRELOAD_MODEL"
PRELOAD_REPAIRS_ENV = "NEWSGEN_PRELOAD_REPAIRS"


@Language.component("newsgen_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break always ends a sentence: headings and datelines must not merge into the next sentence."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
    return doc


# spaCy's tokenizer strips prefixes and suffixes off a span without white space one at a time, copying
# and searching the rest each time: a run of 5,000 quotation marks, `<`, dashes or "'s" took 2 s, of
# 20,000 over 40 s. Such spans are tokenized a piece at a time, so their cost grows with their length,
# and a run of punctuation in them is one token (20,000 one-character tokens took 500 MB to parse).
LONG_SPAN = 500
SPAN_PIECE = 100
PUNCT_RUN = 10
_LONG_SPAN = re.compile(rf"(?<!\S)\S{{{LONG_SPAN + 1},}}")  # the lookbehind: no rescan from inside a span
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{PUNCT_RUN},}}")


class PiecewiseTokenizer:
    """The pipeline's tokenizer, but for spans longer than LONG_SPAN characters without white space
    (never prose, rarely even a URL): those are tokenized SPAN_PIECE characters at a time, and a run of
    PUNCT_RUN or more punctuation characters in them is one token.

    The text is untouched (`doc.text == text`), so offsets into the body stay true.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        spans = list(_LONG_SPAN.finditer(text))
        if not spans:
            return self.tokenizer(text)
        docs: list[Doc] = []
        pos = 0
        for span in spans:
            if span.start() > pos:
                docs.append(self.tokenizer(text[pos:span.start()]))
            pos = span.end()
            space = text.startswith(" ", pos)  # a single space after a token is its whitespace, not a token
            docs.extend(self._span(span.group(), space))
            pos += space
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def _span(self, span: str, space: bool) -> list[Doc]:
        parts: list[tuple[str, bool]] = []  # (text, whether it is one token)
        pos = 0
        for run in [*_PUNCT_RUN.finditer(span), None]:
            end = run.start() if run else len(span)
            parts.extend((span[i:min(i + SPAN_PIECE, end)], False) for i in range(pos, end, SPAN_PIECE))
            if run:
                parts.append((run.group(), True))
                pos = run.end()
        docs = []
        for n, (part, whole) in enumerate(parts, start=1):
            trailing = space and n == len(parts)
            docs.append(Doc(self.vocab, words=[part], spaces=[trailing]) if whole else self.tokenizer(part + " " * trailing))
        return docs

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def load_pipeline(name: str = DEFAULT_MODEL, repairs_setting: str = "auto") -> Language:
    """Load once per process (per `repairs:` outcome); only the components extraction reads are
    kept, and `newsgen_repairs` runs last, repairing the parse or not as `repairs_setting` decides."""
    resolved = resolve_model(name)
    active = repairs.active_for(resolved, repairs_setting)
    if (resolved, active) in _CACHE:
        return _CACHE[resolved, active]
    try:
        nlp = spacy.load(resolved)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(Problem(path="newsgen.yaml", message=f"spaCy pipeline {resolved!r} failed to load: {exc}".splitlines()[0], hint=INSTALL_HINT)) from None
    if "parser" in nlp.pipe_names and "newsgen_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("newsgen_paragraphs", before="parser")
    if repairs.REPAIRS not in nlp.pipe_names:
        nlp.add_pipe(repairs.REPAIRS, last=True, config={"model": repairs.WRITTEN_FOR, "active": active})
    nlp.tokenizer = PiecewiseTokenizer(nlp.tokenizer)
    _CACHE[resolved, active] = nlp
    return nlp


@Language.factory(
    repairs.REPAIRS,
    default_config={"model": repairs.WRITTEN_FOR, "active": True},
    requires=["doc.ents", "token.pos", "token.dep", "token.lemma"],
    assigns=["doc.spans"],
)
def make_repairs(nlp: Language, name: str, model: str, active: bool) -> repairs.ParseRepairs:
    """`newsgen_repairs` (repairs.py): `model` names the family the repairs were written for,
    `active` whether they run in this pipeline (`repairs.active_for`, decided by `load_pipeline`)."""
    return repairs.ParseRepairs(name, model, active)


def repaired(nlp: Language) -> bool:
    """Whether this pipeline's Docs carry repaired entities (`newsgen_repairs` active)."""
    return repairs.REPAIRS in nlp.pipe_names and nlp.get_pipe(repairs.REPAIRS).active


def model_id(nlp: Language) -> str:
    """What the pipeline's Docs depend on: model and version, and whether the repairs ran (with their version)."""
    base = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"
    return f"{base}+{repairs.REPAIRS}-{repairs.VERSION}" if repaired(nlp) else base


# Peak memory grows with the tokens parsed together (a batch of eight 20,000-character texts took
# 534 MB, one at a time 237 MB): bodies go through the pipeline in batches of about this many
# characters, and a longer body a few paragraphs at a time.
CHUNK_CHARS = 20_000
PIPE_BATCH = 8


def parse(nlp: Language, texts: Iterable[str], batch_size: int = PIPE_BATCH) -> Iterator[Doc]:
    """Parse bodies in order through `nlp.pipe`, at most `batch_size` and about CHUNK_CHARS characters
    at a time; a long body is parsed in paragraph chunks and rejoined.

    Splitting at line breaks loses nothing: `newsgen_paragraphs` starts a sentence at every one anyway.
    """
    limit = min(CHUNK_CHARS, nlp.max_length - 1)
    batch: list[str] = []
    for text in texts:
        if len(text) > limit:
            yield from _pipe(nlp, batch)
            batch = []
            yield _parse_long(nlp, text, limit)
            continue
        if batch and (len(batch) >= batch_size or sum(map(len, batch)) + len(text) > limit):
            yield from _pipe(nlp, batch)
            batch = []
        batch.append(text)
    yield from _pipe(nlp, batch)


def _pipe(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    return nlp.pipe(texts, batch_size=len(texts)) if texts else iter(())


def _parse_long(nlp: Language, text: str, limit: int) -> Doc:
    chunks: list[str] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + limit)
        if end < len(text):
            cut = text.rfind("\n", pos, end)
            if cut <= pos:
                cut = text.rfind(" ", pos, end)
            end = cut + 1 if cut > pos else end
        chunks.append(text[pos:end])
        pos = end
    late = [n for n in nlp.pipe_names if n == repairs.REPAIRS]  # corrections read the whole article (names named earlier)
    doc = Doc.from_docs(list(nlp.pipe(chunks, batch_size=1, disable=late)), ensure_whitespace=False)
    assert doc.text == text
    return next(repair(nlp, [doc]))


def repair(nlp: Language, docs: Iterable[Doc]) -> Iterator[Doc]:
    """Run the pipeline's `newsgen_repairs` (if it has one) again over Docs parsed earlier, such as
    Docs loaded from a DocBin, so their repairs are the current code's."""
    component = nlp.get_pipe(repairs.REPAIRS) if repairs.REPAIRS in nlp.pipe_names else None
    return (component(doc) for doc in docs) if component is not None else iter(docs)


@contextmanager
def worker_context(model: str, repairs_setting: str = "auto") -> Iterator[multiprocessing.context.BaseContext]:
    """Where parallel extraction starts its worker processes.

    A fork server that loads the pipeline first (preload.py), so that a worker starts in a moment and
    shares the pipeline's memory with the others rather than loading its own copy; that makes it cheap
    to replace workers often, which bounds their growth (spaCy's string store only grows). The server
    is stopped afterwards so that it does not hold the pipeline through rendering. Where there is no
    fork server, plain spawned processes that each load the pipeline.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        yield multiprocessing.get_context("spawn")
        return
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["newsgen.build", "newsgen.preload"])
    saved = {key: os.environ.get(key) for key in (PRELOAD_ENV, PRELOAD_REPAIRS_ENV)}
    os.environ[PRELOAD_ENV] = model
    os.environ[PRELOAD_REPAIRS_ENV] = repairs_setting
    try:
        forkserver.ensure_running()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        yield context
    finally:
        stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)  # private; without it the server stays
        if stop is not None:
            stop()
