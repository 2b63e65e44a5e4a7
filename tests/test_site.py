"""The built site as files: every page and data file is there, links resolve under a base path,
the exports match their schema, and the HTML has the structure assistive technology relies on."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsgen.analyse import SiteData
from newsgen.config import Config, load_config
from newsgen.linkcheck import check_site

from .sample_site import build_sample_site
from .search_site import indexed

ROOT = Path(__file__).resolve().parents[1]
BASE = "/newsgen/"
SITE_URL = "https://example.org" + BASE  # a full URL, as the Pages workflow passes: the sitemap and feed need one
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, SiteData, Path]:
    return build_sample_site(tmp_path_factory.mktemp("site"), base_url=SITE_URL)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped content/ built the way the Pages workflow builds it (real extraction, --strict)."""
    from newsgen.build import build

    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(ROOT / "content", root / "content")
    config = load_config(root=root, overrides={"base_url": SITE_URL})
    build(config, strict=True, use_cache=False, report=lambda line: None)
    yield config.output_path


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """Enough of JSON Schema for the export's own schema: type, enum, required, properties, items, $ref."""
    if "$ref" in schema:
        return validate(value, root["$defs"][schema["$ref"].split("/")[-1]], root, where)
    errors: list[str] = []
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        checks = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict, "null": type(None)}
        ok = any(isinstance(value, checks[t]) and not (t in ("integer", "number") and isinstance(value, bool)) for t in types)
        if not ok:
            return [f"{where}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            errors += [f"{where}: unexpected {k}" for k in value if k not in props]
        for k, sub in props.items():
            if k in value:
                errors += validate(value[k], sub, root, f"{where}.{k}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], root, f"{where}[{i}]")
    return errors


class Outline(HTMLParser):
    """Headings, landmarks, form controls and their labels, and external resources of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.controls: list[tuple[str, dict[str, str | None]]] = []
        self.label_for: set[str] = set()
        self.resources: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append((tag, a))
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.resources.append(a["src"] or "")
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
            self.resources.append(a.get("href") or "")


def outline(path: Path) -> Outline:
    o = Outline()
    o.feed(path.read_text(encoding="utf-8"))
    return o


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_and_data_file_is_written(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    expected = ["index.html", "articles/index.html", "404.html", ".nojekyll", "feed.xml", "sitemap.xml", "claims.json", "claims.jsonl", "claims.csv", "claims.schema.json", "speakers.json",
                "speakers/index.html", "figures/index.html", "timeline/index.html", "tags/index.html", "search/index.html",
                "assets/style.css", "assets/search.js", "assets/filter.js", "pagefind/shards.json"]
    expected += [f"articles/{v.article.slug}/{f}" for v in data.articles for f in ("index.html", "claims.json")]
    expected += [f"speakers/{s.slug}/index.html" for s in data.speakers]
    expected += ["tags/north-korea/index.html", "tags/ukraine/index.html"]
    assert [f for f in expected if not (site / f).is_file()] == []


def test_no_broken_links_or_anchors_under_the_base_path(sample: tuple[Config, SiteData, Path]) -> None:
    config, _, site = sample
    assert config.base_path == BASE
    assert [str(p) for p in check_site(site, BASE)] == []


def test_long_lists_are_split_into_linked_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for size in ("LIST_PAGE_SIZE", "QUANTITIES_PAGE_SIZE", "TIMELINE_PAGE_SIZE", "SPEAKER_PAGE_SIZE", "STORY_PAGE_SIZE"):
        monkeypatch.setattr(f"newsgen.render.pages.{size}", 1)
    config, data, site = build_sample_site(tmp_path, base_url=BASE)
    slugs = [v.article.slug for v in data.articles]
    listed = [re.findall(r'<th scope="row"><a href="(?:\.\./)*([^/"]+)/"', (site / page).read_text(encoding="utf-8"))
              for page in ["articles/index.html"] + [f"articles/page/{n}/index.html" for n in range(2, len(slugs) + 1)]]
    assert listed == [[slug] for slug in slugs]
    first = (site / "articles/index.html").read_text(encoding="utf-8")
    assert 'rel="next" href="page/2/"' in first and 'aria-current="page"' in first
    assert (site / "tags/ukraine/page/2/index.html").is_file()
    recurring = [q for q in data.quantities if q.recurring]
    for folder, count in (("speakers", len(data.speakers)), ("figures", len(recurring)), ("timeline", len(data.timeline))):
        pages = [site / folder / "index.html"] + [site / folder / "page" / str(n) / "index.html" for n in range(2, count + 1)]
        assert count >= 1 and all(p.is_file() for p in pages) and not (site / folder / "page" / str(count + 1)).exists()
    kirby = next(sp for sp in data.speakers if len(sp.claims) > 1)
    assert (site / "speakers" / kirby.slug / "page" / str(len(kirby.claims)) / "index.html").is_file()
    assert "data-pagefind-body" not in (site / "speakers" / kirby.slug / "page" / "2" / "index.html").read_text(encoding="utf-8")  # one search record a speaker
    assert [str(p) for p in check_site(site, BASE)] == []  # anchors included


def test_404_links_are_absolute_under_the_base_path_so_they_work_at_any_depth(sample: tuple[Config, SiteData, Path]) -> None:
    _, _, site = sample
    html = (site / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src|action)="([^"#][^"]*)"', html)
    assert links and all(link.startswith(BASE) for link in links), links


def test_every_claim_figure_and_date_has_its_anchor_on_the_article_page(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    for view in data.articles:
        html = (site / "articles" / view.article.slug / "index.html").read_text(encoding="utf-8")
        anchors = [r.anchor for r in view.claims] + [f.anchor for f in view.figures] + [e.anchor for e in view.timeline]
        assert [a for a in anchors if html.count(f'id="{a}"') != 1] == []
        assert html.count('<mark class="claim') == len(view.claims) + 2  # plus the two in the legend


def test_claims_json_and_per_article_json_match_the_schema(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    schema = json.loads((site / "claims.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    everything = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert validate(everything, schema, schema) == []
    assert len(everything["articles"]) == len(data.articles)
    for view in data.articles:
        one = json.loads((site / "articles" / view.article.slug / "claims.json").read_text(encoding="utf-8"))
        assert validate(one, {"$ref": "#/$defs/article"}, schema) == []
    broken = {**everything, "articles": [{**everything["articles"][0], "claims": [{"speaker": 1}]}]}
    assert validate(broken, schema, schema) != []


def test_claims_jsonl_holds_claims_json_one_article_a_line(sample: tuple[Config, SiteData, Path]) -> None:
    _, _, site = sample
    schema = json.loads((site / "claims.schema.json").read_text(encoding="utf-8"))
    lines = (site / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records == json.loads((site / "claims.json").read_text(encoding="utf-8"))["articles"]
    assert all(validate(r, {"$ref": "#/$defs/article"}, schema) == [] for r in records)


def test_claims_carry_stable_ids_and_their_speakers_ids_lead_to_speaker_pages(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    schema = json.loads((site / "claims.schema.json").read_text(encoding="utf-8"))
    speakers = json.loads((site / "speakers.json").read_text(encoding="utf-8"))
    assert validate(speakers, {"$ref": "#/$defs/speakers"}, schema) == []
    ids = {sp["id"]: sp for sp in speakers["speakers"]}
    assert sorted(ids) == sorted(sp.slug for sp in data.speakers)
    for sp in speakers["speakers"]:
        assert (site / "speakers" / sp["id"] / "index.html").is_file()
        assert sp["aliases"] and sp["name"] and sp["type"] in schema["$defs"]["speaker"]["properties"]["type"]["enum"]
    everything = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((site / "claims.csv").read_text(encoding="utf-8"))))
    seen = 0
    for article in everything["articles"]:
        html = (site / "articles" / article["slug"] / "index.html").read_text(encoding="utf-8")
        one = json.loads((site / "articles" / article["slug"] / "claims.json").read_text(encoding="utf-8"))
        assert one["claims"] == article["claims"]
        for claim in article["claims"]:
            assert html.count(f'id="{claim["id"]}"') == 1
            assert (claim["speaker_id"] is None) == (claim["speaker"] is None) or claim["speaker_id"] is None
            if claim["speaker_id"]:
                assert claim["speaker"] in ids[claim["speaker_id"]]["aliases"]
            seen += 1
    assert seen == len(rows) and {r["id"] for r in rows} >= {c["id"] for a in everything["articles"] for c in a["claims"]}
    assert all(r["speaker_id"] == "" or r["speaker_id"] in ids for r in rows)


def test_claims_csv_has_one_row_per_claim_linking_to_its_anchor(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    rows = list(csv.DictReader(io.StringIO((site / "claims.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(v.claims) for v in data.articles)
    for row in rows:
        page, _, anchor = row["url"].partition("#")
        assert f'id="{anchor}"' in (site / page / "index.html").read_text(encoding="utf-8")


def test_feed_is_valid_atom_with_absolute_ids(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [v.article.title for v in data.articles]
    ids = [feed.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in entries]
    assert all(re.match(r"^(urn:uuid:[0-9a-f-]{36}|https?://)", i or "") for i in ids) and len(set(ids)) == len(ids)
    assert entries[0].find(f"{ATOM}link").get("href") == f"{SITE_URL}articles/{data.articles[0].article.slug}/"


def test_sitemap_lists_every_page(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    urls = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert SITE_URL in urls and f"{SITE_URL}timeline/" in urls
    assert {f"{SITE_URL}speakers/{s.slug}/" for s in data.speakers} <= set(urls)
    assert all((site / u[len(SITE_URL):] / "index.html").is_file() for u in urls)


def test_pages_are_semantic_and_self_contained(sample: tuple[Config, SiteData, Path]) -> None:
    _, _, site = sample
    for path in html_pages(site):
        o = outline(path)
        name = path.relative_to(site).as_posix()
        assert o.lang == "en", name
        assert {"header", "nav", "main", "footer"} <= set(o.tags), name
        assert o.headings.count(1) == 1 and o.headings[0] == 1, name
        assert all(b - a <= 1 for a, b in zip(o.headings, o.headings[1:])), f"{name} skips a heading level: {o.headings}"
        for tag, attrs in o.controls:
            assert attrs.get("id") in o.label_for or attrs.get("aria-label"), f"{name}: unlabelled <{tag}>"
        assert [r for r in o.resources if re.match(r"^(https?:)?//", r)] == [], f"{name} loads from another site"


def test_search_index_covers_articles_and_speakers_only(sample: tuple[Config, SiteData, Path]) -> None:
    _, data, site = sample
    for path in html_pages(site):
        name = path.relative_to(site).as_posix()
        marked = "data-pagefind-body" in path.read_text(encoding="utf-8")
        assert marked == (name.startswith(("articles/", "speakers/")) and name not in ("articles/index.html", "speakers/index.html")), name
    assert sum(indexed(site)) == len(data.articles) + len(data.speakers) + sum(len(v.claims) for v in data.articles)  # and a record per claim
    first = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))[0]
    assert (site / "pagefind" / first / "pagefind.js").is_file(), "search.js loads the first shard's script"


def test_a_large_site_is_indexed_in_shards_that_cover_every_searchable_page_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsgen.search.SHARD_PAGES", 4)
    monkeypatch.setattr("newsgen.search.CLAIMS_PER_PAGE", 1)  # a claim record weighs a page: four records to a shard
    _, data, site = build_sample_site(tmp_path, base_url=BASE)
    shards = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    searchable = len(data.articles) + len(data.speakers) + sum(len(v.claims) for v in data.articles)
    assert len(shards) >= searchable // 4 and all(s.startswith("shards/") for s in shards)
    counts = indexed(site)
    assert sum(counts) == searchable and max(counts) <= max(4, max(len(v.claims) + 1 for v in data.articles))
    assert not list((site / "pagefind" / "shards").glob(".new-*")), "every shard was written whole"
    assert check_site(site, BASE) == []


def test_a_small_site_is_one_shard(sample: tuple[Config, SiteData, Path]) -> None:
    assert len(json.loads((sample[2] / "pagefind" / "shards.json").read_text(encoding="utf-8"))) == 1


def test_the_stylesheet_covers_dark_mode_print_and_small_screens() -> None:
    css = (ROOT / "templates" / "assets" / "style.css").read_text(encoding="utf-8")
    for rule in ("prefers-color-scheme: dark", "@media print", "max-width: 520px"):
        assert rule in css
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css)


def test_the_shipped_content_builds_strict_with_every_page(shipped: Path) -> None:
    """`newsgen build --strict --base-url /newsgen/` of content/: the link check inside it passed, so check what it made."""
    claims = json.loads((shipped / "claims.json").read_text(encoding="utf-8"))
    article = claims["articles"][0]
    assert article["claims"], "the extractors found no claims in the seed article"
    page = (shipped / "articles" / article["slug"] / "index.html").read_text(encoding="utf-8")
    assert page.count('<mark class="claim') == len(article["claims"]) + 2
    speakers = {c["speaker"] for c in article["claims"] if c["speaker"]}
    assert len(list((shipped / "speakers").glob("*/index.html"))) <= len(speakers)
    assert (shipped / "speakers" / "john-kirby" / "index.html").is_file()
    for name in ("index.html", "figures/index.html", "timeline/index.html", "search/index.html", "404.html", "pagefind/shards.json", "claims.schema.json", ".nojekyll"):
        assert (shipped / name).is_file(), name
    schema = json.loads((shipped / "claims.schema.json").read_text(encoding="utf-8"))
    assert validate(claims, schema, schema) == []
    assert check_site(shipped, BASE) == []


def test_pages_workflow_builds_and_deploys_with_the_official_actions() -> None:
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    script = "\n".join(s.get("run", "") for s in steps)
    assert "pip install ." in script and re.search(r"newsgen build --strict --base-url \"\$\{\{ steps\.pages\.outputs\.base_url \}\}/\"", script)
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.parametrize("base_url", ["/", "https://example.github.io/deep/er/path/"])
def test_other_base_urls_link_cleanly_too(tmp_path: Path, base_url: str) -> None:
    config, _, site = build_sample_site(tmp_path, base_url=base_url)
    assert [str(p) for p in check_site(site, config.base_path)] == []
    assert 'href="' + config.base_path + 'speakers/"' in (site / "404.html").read_text(encoding="utf-8")
    assert (site / "index.html").read_text(encoding="utf-8").count('href="' + config.base_path) == 0  # relative everywhere else
