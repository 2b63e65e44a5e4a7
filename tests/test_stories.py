"""End to end: a build groups articles into stories, gives each a page, and exports quantities with their flags."""

from __future__ import annotations

import json
from pathlib import Path

from newsgen.build import build
from newsgen.config import load_config
from newsgen.linkcheck import check_site

from .conftest import write

# The first two paragraphs of a Wikinews article (CC BY 2.5), and a follow-up written for the test.
CRASH = """---
title: "Bus carrying children overturns in Babyninsky, Russia; at least seven die"
date: 2019-02-06
---
A bus carrying children from Smolensk to Kaluga on Sunday overturned in Babyninsky, Russia. At least seven, including four children, died.

At least 45 were aboard, with occupants trapped for hours at the snowy roadside in the upended vehicle until rescuers extracted them from the scene. Police have opened a criminal case against the driver and detained him for questioning. The occupants were going to a dance competition, according to the mayor of Yartsevo via news agency Interfax. Local officials said 24 people have been hospitalised, but Agence France-Presse reported as many as 32 hospitalised.
"""
FOLLOW_UP = """---
title: "Driver of Babyninsky bus charged after Smolensk children's crash"
date: 2019-02-08
---
Prosecutors in Kaluga charged the driver of the bus that overturned in Babyninsky on Sunday, Interfax reported on Friday.

The bus was taking children from Smolensk to a dance competition in Kaluga when it left the road near Babyninsky. The mayor of Yartsevo, where most of the children live, told Interfax that 19 people remain in hospital.
"""


def test_a_build_has_story_pages_and_figures_json(site: Path) -> None:
    write(site / "content" / "crash.md", CRASH)
    write(site / "content" / "follow-up.md", FOLLOW_UP)
    config = load_config(root=site)
    build(config, strict=False, report=lambda line: None)
    out = site / "site"
    pages = sorted((out / "stories").glob("*/index.html"))
    assert len(pages) == 1, pages  # the two Babyninsky articles; the seed article is a story of its own
    story = pages[0].read_text(encoding="utf-8")
    assert "Bus carrying children overturns" in story and "Driver of Babyninsky bus charged" in story
    assert "sources differ" in story
    assert "Story:" in (out / "articles" / "crash" / "index.html").read_text(encoding="utf-8")

    quantities = json.loads((out / "figures.json").read_text(encoding="utf-8"))["quantities"]
    hospitalised = [q for q in quantities if q["key"] == "count|hospitalised"]
    assert hospitalised and hospitalised[0]["story"] == pages[0].parent.name
    [point] = [p for p in hospitalised[0]["series"] if p["sources_differ"]]
    assert sorted(f["value"] for f in point["figures"]) == [24, 32] and len(point["differing"]) == 2
    assert {f["speaker_id"] for f in point["figures"]} == {"local-officials", "agence-france-presse"}

    schema = json.loads((out / "claims.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["quantity"]["required"]) == set(hospitalised[0])
    assert {"counted", "quantity", "scope", "date_at"} <= set(schema["$defs"]["figure"]["properties"])
    assert check_site(out, "/") == []
