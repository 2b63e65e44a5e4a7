"""The sample site plus one crowded article: more speakers than the search page lists before a find box
is needed, a name with diacritics, and a quote made of markup, for the search tests.

Built without spaCy, as sample_site is: the crowd's claims are written here with offsets found in the body.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from newsgen.analyse import SiteData, analyse
from newsgen.config import Config
from newsgen.content import load_article
from newsgen.model import Extraction

from .sample_site import ARTICLES, _claim, extraction_for, write_site

CROWD = [
    ("Ana Lima", "The bridge will reopen in spring"),
    ("Bruno Costa", "Nobody told the ferry crews"),
    ("Chen Wei", "The budget covers the repairs"),
    ("Dara Okafor", "Traffic fell by a third"),
    ("Elif Demir", "The council voted twice"),
    ("Farid Haddad", "Tolls will not rise this year"),
    ("Greta Holm", "The inspectors found rust"),
    ("Hana Sato", "Cyclists get a lane of their own"),
    ("Zoë Ångström", "The river is higher than last March"),
    ("Iris Novak", "<img src=x onerror=alert(1)> & <b>bold</b> claims stay text"),
]

CROWD_ARTICLE = "\n".join([
    "---",
    'title: "Town hall on the bridge"',
    "date: 2024-10-24",
    "tags: [Local]",
    "---",
    "",
    *(f"“{quote},” said {name}." for name, quote in CROWD),
    "",
])


def crowd_data(content_dir: Path) -> SiteData:
    content_dir.mkdir(parents=True, exist_ok=True)
    pairs = []
    for name, text in {**ARTICLES, "local/crowd.txt": CROWD_ARTICLE}.items():  # a slug with a folder in it
        (content_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (content_dir / name).write_text(text, encoding="utf-8")
        article = load_article(content_dir / name, content_dir)
        if name == "local/crowd.txt":
            pairs.append((article, Extraction(claims=[_claim(article, who, "direct", quote, "said") for who, quote in CROWD], figures=[], dates=[])))
        else:
            pairs.append((article, extraction_for(article)))
    return analyse(pairs)


def build_crowd_site(root: Path, base_url: str = "/") -> tuple[Config, SiteData, Path]:
    """Render and index the crowded sample into `root/site`, as `newsgen build` would."""
    config = replace(Config(), root=root, base_url=base_url)
    data = crowd_data(config.content_path)
    return config, data, write_site(config, data)


def bundles(site: Path) -> list[Path]:
    """The site's Pagefind bundles: the shards pagefind/shards.json lists, in its order."""
    root = site / "pagefind"
    return [root / s for s in json.loads((root / "shards.json").read_text(encoding="utf-8"))]


def indexed(site: Path) -> list[int]:
    """How many records (pages and claims) each bundle holds."""
    counts = []
    for bundle in bundles(site):
        languages = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
        counts.append(sum(lang["page_count"] for lang in languages.values()))
    return counts
