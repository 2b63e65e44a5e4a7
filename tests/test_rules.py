"""Every registered attribution rule fires on its own examples (textacy's table-driven shape).

A claim-making rule must make a claim that names it; a speaker rule must choose the speaker of one;
a filter must fire and, switched off, let something through that it kept out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgen.content import load_article, text_blocks
from newsgen.export import article_record
from newsgen.extract import extract, rules
from newsgen.extract.quotes import extract_claims
from newsgen.model import Claim

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT / "src" / "newsgen" / "extract"
SEED = ROOT / "content" / "seed.txt"
CASES = [pytest.param(r.name, ex, id=f"{r.name}-{i}") for r in rules.RULES for i, ex in enumerate(r.examples)]


def _key(claims: list[Claim]) -> list[tuple[int, int, str | None]]:
    return [(c.start, c.end, c.speaker) for c in claims]


@pytest.mark.parametrize(("name", "example"), CASES)
def test_rule_fires_on_its_examples(nlp, name: str, example: str) -> None:
    body, blocks = text_blocks(example)
    doc = nlp(body)
    fired: set[str] = set()
    with rules.session(fired=fired):
        claims = extract_claims(doc, blocks)
    assert name in fired
    if rules.BY_NAME[name].kinds == ("filter",):
        assert _key(extract_claims(doc, blocks, disabled={name})) != _key(claims)
    else:
        made = [c for c in claims if name in (c.rule or "").split("+")]
        assert made, [(c.rule, c.text) for c in claims]
        kinds = rules.BY_NAME[name].kinds
        assert kinds == ("speaker",) or all(c.kind in kinds for c in made)


def test_registry_is_well_formed() -> None:
    names = [r.name for r in rules.RULES]
    assert len(names) == len(set(names)) == len(rules.BY_NAME)
    assert [r.order for r in rules.RULES] == list(range(len(names)))
    for r in rules.RULES:
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", r.name), r.name
        assert r.family in rules.FAMILIES and r.kinds and set(r.kinds) <= set(rules.KINDS), r.name
        assert r.description.strip() and r.examples and all(e.strip() for e in r.examples), r.name


def test_the_engine_names_exactly_the_registered_rules() -> None:
    """A name the engine fires must be registered, and a registered rule must be one the engine fires."""
    used: set[str] = set()
    for path in EXTRACT.glob("*.py"):
        if path.name != "rules.py":
            used |= set(re.findall(r'"((?:quote|filter|reported|according_to|speaker|chain)\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used == set(rules.BY_NAME)


def test_unknown_rules_cannot_be_switched_off(nlp) -> None:
    with pytest.raises(ValueError, match="no.such"):
        extract_claims(nlp("Nothing."), [], disabled={"no.such"})


def test_switching_a_rule_off_and_the_export_carry_the_rule(nlp) -> None:
    text = "“We will not back down,” Minister Ann Lee said on Tuesday."
    body, blocks = text_blocks(text)
    doc = nlp(body)
    assert [c.rule for c in extract_claims(doc, blocks)] == ["quote.tag_after"]
    assert all(c.rule != "quote.tag_after" for c in extract_claims(doc, blocks, disabled={"quote.tag_after"}))
    assert [c.rule for c in extract_claims(doc, blocks)] == ["quote.tag_after"]  # the switch does not outlive the call

    article = load_article(SEED)
    record = article_record(article, extract(nlp(article.body), article))
    assert record["claims"] and all(isinstance(c["rule"], str) and c["rule"] for c in record["claims"])
