"""Each command from a user's point of view: exit status, one-line errors, what is (not) written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsgen.linkcheck import check_site

from .conftest import snapshot, write


@pytest.mark.parametrize("command", [[], ["build"], ["extract"], ["check"], ["serve"], ["clean"]])
def test_every_command_has_help(cli, tmp_path: Path, command: list[str]) -> None:
    result = cli(tmp_path, *command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_build_writes_the_site(cli, site: Path) -> None:
    result = cli(site, "build")
    assert result.exit_code == 0, result.output
    assert "Built 1 article" in result.output
    out = site / "site"
    for page in ("index.html", "articles/seed/index.html", "speakers/index.html", "claims.json", "claims.csv", "404.html", ".nojekyll"):
        assert (out / page).is_file(), page
    data = json.loads((out / "claims.json").read_text())
    assert data["articles"][0]["path"].endswith("seed.txt")
    assert check_site(out) == []


def test_base_url_keeps_every_link_inside_the_project_path(cli, site: Path) -> None:
    result = cli(site, "build", "--base-url", "/newsgen/")
    assert result.exit_code == 0, result.output
    html = (site / "site" / "articles" / "seed" / "index.html").read_text()
    assert 'href="../../assets/style.css"' in html
    assert 'href="/newsgen/assets/style.css"' in (site / "site" / "404.html").read_text()
    assert check_site(site / "site", "/newsgen/") == []


def test_a_site_with_more_pages_than_one_sitemap_takes_gets_a_sitemap_index(cli, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    monkeypatch.setattr("newsgen.render.pages.SITEMAP_URLS", 3)
    result = cli(site, "build", "--base-url", "https://example.org/news/", "--strict")
    assert result.exit_code == 0, result.output
    out = site / "site"
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{ns}sitemapindex"
    parts = [e.text or "" for e in index.iter(f"{ns}loc")]
    assert parts == [f"https://example.org/news/sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) > 2
    locs = [[e.text or "" for e in ET.parse(out / p.removeprefix("https://example.org/news/")).getroot().iter(f"{ns}loc")] for p in parts]
    assert all(0 < len(part) <= 3 for part in locs)
    pages = sorted(p.relative_to(out).as_posix().removesuffix("index.html") for p in out.rglob("*.html") if "pagefind" not in p.parts)
    assert sorted(loc.removeprefix("https://example.org/news/") for part in locs for loc in part) == [p for p in pages if p not in ("404.html", "search/")]


def test_without_a_full_url_the_sitemap_and_feed_are_left_out_with_one_warning(cli, site: Path) -> None:
    warning = "newsgen.yaml: warning: base_url '/newsgen/' is not a full URL, so sitemap.xml and feed.xml were left out"
    result = cli(site, "build", "--base-url", "/newsgen/")
    assert result.exit_code == 0 and result.output.count(warning) == 1, result.output
    out = site / "site"
    assert not (out / "sitemap.xml").exists() and not (out / "feed.xml").exists()
    assert "feed.xml" not in (out / "index.html").read_text() and "feed.xml" not in (out / "articles" / "seed" / "index.html").read_text()
    strict = cli(site, "build", "--base-url", "/newsgen/", "--strict")
    assert strict.exit_code == 1 and warning in strict.output
    checked = cli(site, "check", "--strict", "--base-url", "/newsgen/")  # check reports what a build would
    assert checked.exit_code == 1 and warning in checked.output
    assert cli(site, "check", "--strict", "--base-url", "https://example.org/newsgen/").exit_code == 0


def test_with_a_full_url_the_sitemap_and_feed_are_absolute_and_the_feed_carries_summary_and_claims(cli, site: Path) -> None:
    import xml.etree.ElementTree as ET

    result = cli(site, "build", "--base-url", "https://example.org/news/", "--strict")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    out = site / "site"
    locs = [e.text or "" for e in ET.parse(out / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/news/" in locs and "https://example.org/news/articles/seed/" in locs
    assert all(loc.startswith("https://example.org/news/") for loc in locs) and "https://example.org/news/404.html" not in locs
    assert all((out / loc.removeprefix("https://example.org/news/") / "index.html").is_file() for loc in locs)
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.parse(out / "feed.xml").getroot().find(f"{atom}entry")
    assert entry is not None and entry.find(f"{atom}link").get("href") == "https://example.org/news/articles/seed/"
    summary = entry.findtext(f"{atom}summary") or ""
    assert summary.startswith("The United States warned Wednesday that at least 3,000 North Korean soldiers")
    content = ET.tostring(entry.find(f"{atom}content"), encoding="unicode", method="text")
    assert "John Kirby" in content and "“We estimate that North Korea transferred at least 3,000 soldiers" in content
    assert all(a.startswith("https://example.org/news/articles/seed/#claim-") for a in
               (e.get("href") for e in entry.iter("{http://www.w3.org/1999/xhtml}a")))
    assert ".." not in summary + content.replace("...", "")


def test_extract_prints_the_schema(cli, site: Path) -> None:
    result = cli(site, "extract", "content/seed.txt")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    art = doc["articles"][0]
    assert art["path"] == "content/seed.txt" and art["date"] == "2024-10-23"
    assert {"title", "claims", "figures", "dates"} <= art.keys()
    body = (site / "content" / "seed.txt").read_text().split("---\n", 2)[2]
    assert art["body"] == body  # a .txt file's body is its own text after the front matter
    for claim in art["claims"]:
        assert {"speaker", "role", "kind", "text", "cue", "sentence", "start", "end"} <= claim.keys()
        assert claim["kind"] in ("direct", "partial", "indirect", "according_to")
        assert body[claim["start"]:claim["end"]] == claim["text"]
    for rec in art["figures"] + art["dates"]:
        assert body[rec["start"]:rec["end"]] == rec["text"]


MARKDOWN_ARTICLE = """---
title: "Ministers argue over the port deal"
date: 2024-03-14
---
**LISBON:**

The harbour authority said on Tuesday that “at least 1,200 containers” were stuck at the port, and that the backlog would clear *by early April*.

“We are doing everything we can,” said [Maria Costa](https://example.com/costa), the authority’s director. “Nobody wants to see the shelves empty.”

According to the transport ministry, the deal is worth **$3 billion** over ten years.
"""

TEXT_ARTICLE = """---
title: Storm closes schools
date: 2024-10-26
---
Valencia:
Forecasters warned on Saturday that at least 200 homes could be flooded by Monday.
"We are asking people to stay at home," the regional president, Carlos Mazón, told reporters.\r
The mayor said 30 schools would close until next week, according to a city spokesperson.
"""


def test_extract_offsets_index_the_body_the_json_carries(cli, tmp_path: Path) -> None:
    """Markdown offsets point into the text a reader sees (markup gone), so the JSON carries that body."""
    write(tmp_path / "port.md", MARKDOWN_ARTICLE)
    write(tmp_path / "storm.txt", TEXT_ARTICLE)
    result = cli(tmp_path, "extract", "port.md", "storm.txt")
    assert result.exit_code == 0, result.output
    port, storm = json.loads(result.stdout)["articles"]
    assert port["body"].startswith("LISBON:\n\nThe harbour authority") and "**" not in port["body"] and "](" not in port["body"]
    assert storm["body"] == TEXT_ARTICLE.split("---\n", 2)[2].replace("\r", "")
    for art in (port, storm):
        records = art["claims"] + art["figures"] + art["dates"]
        assert len(art["claims"]) >= 3 and art["figures"] and art["dates"]
        for rec in records:
            assert art["body"][rec["start"]:rec["end"]] == rec["text"], rec
    assert {c["text"] for c in port["claims"]} >= {"We are doing everything we can", "Nobody wants to see the shelves empty."}
    assert "$3 billion" in {f["text"] for f in port["figures"]}


def test_extract_a_folder(cli, site: Path) -> None:
    write(site / "content" / "two.md", "---\ndate: 2020-01-01\n---\nThe minister said the plan would work.\n")
    result = cli(site, "extract", "content")
    assert [a["path"] for a in json.loads(result.output)["articles"]] == ["content/seed.txt", "content/two.md"]


def test_check_reports_all_problems_and_writes_nothing(cli, site: Path) -> None:
    write(site / "content" / "bad.txt", "---\ndate: whenever\n---\nText.\n")
    write(site / "content" / "worse.md", "---\n: [\n---\nText.\n")
    result = cli(site, "check")
    assert result.exit_code == 1
    assert "bad.txt:2: error: date 'whenever' is not a date — write it as YYYY-MM-DD" in result.output
    assert "worse.md:2: error: front matter is not valid YAML" in result.output
    assert not (site / "site").exists()


def test_check_passes_on_the_shipped_content(cli, site: Path) -> None:
    result = cli(site, "check")
    assert result.exit_code == 0 and "OK: 1 article" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.txt", "---\ntitle: [x\n---\nText.\n", "broken.txt:2: error: front matter is not valid YAML"),
        ("baddate.md", "---\ndate: 2024-13-45\n---\nText.\n", "baddate.md:2: error: date"),
        ("binary.txt", b"\x00\x01\x02binary", "binary.txt: error: is a binary file"),
        ("latin1.txt", "Caf\xe9 said so.\n".encode("latin-1"), "latin1.txt:1: error: is not valid UTF-8"),
    ],
)
def test_failed_build_leaves_site_untouched(cli, site: Path, name: str, content: str | bytes, message: str) -> None:
    assert cli(site, "build").exit_code == 0
    before = snapshot(site / "site")
    write(site / "content" / name, content)
    result = cli(site, "build")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert snapshot(site / "site") == before
    assert not [p for p in site.iterdir() if p.name.startswith(".site.")]


def test_missing_template_and_broken_override(cli, site: Path) -> None:
    write(site / "templates" / "article.html", "{% extends 'base.html' %}{% block content %}{{ view.nope.deeper }}{% endblock %}")
    result = cli(site, "build")
    assert result.exit_code == 1
    assert "article.html:1: error: template failed to render" in result.output
    write(site / "templates" / "article.html", "{% extends 'missing-base.html' %}")
    result = cli(site, "build")
    assert result.exit_code == 1 and "template 'missing-base.html' not found" in result.output


def test_template_override_is_used(cli, site: Path) -> None:
    write(site / "templates" / "speakers.html", "{% extends 'base.html' %}{% block content %}<h1>Our sources</h1>{% endblock %}")
    assert cli(site, "build").exit_code == 0
    assert "<h1>Our sources</h1>" in (site / "site" / "speakers" / "index.html").read_text()
    assert "<h1>Our sources</h1>" not in (site / "site" / "index.html").read_text()


def test_strict_turns_warnings_into_failures(cli, site: Path) -> None:
    write(site / "content" / "undated.txt", "The mayor said the bridge will reopen.\n")
    ok = cli(site, "build")
    assert ok.exit_code == 0 and "undated.txt: warning: has no date" in ok.output
    strict = cli(site, "build", "--strict")
    assert strict.exit_code == 1 and "undated.txt: warning: has no date" in strict.output


def test_config_file_and_flags(cli, site: Path) -> None:
    write(site / "newsgen.yaml", "title: Morning Brief\noutput_dir: public\n")
    assert cli(site, "build").exit_code == 0
    assert "Morning Brief" in (site / "public" / "index.html").read_text()
    assert cli(site, "build", "--output", "elsewhere").exit_code == 0
    assert (site / "elsewhere" / "index.html").exists()
    write(site / "newsgen.yaml", "titel: x\n")
    bad = cli(site, "build")
    assert bad.exit_code == 1 and "newsgen.yaml:1: error: unknown key `titel` — did you mean `title`?" in bad.output


def test_missing_model_is_one_clear_line(cli, site: Path) -> None:
    write(site / "newsgen.yaml", "model: xx_no_such_pipeline\n")
    result = cli(site, "build", "--no-cache")
    assert result.exit_code == 1
    assert "no spaCy pipeline found (tried xx_no_such_pipeline)" in result.output
    assert "install the `xx_no_such_pipeline` pipeline package" in result.output and "`model: en_core_web_sm`" in result.output
    assert "Traceback" not in result.output


def test_clean_removes_site_and_cache(cli, site: Path) -> None:
    cli(site, "build")
    assert (site / ".newsgen" / "cache.sqlite").exists()
    assert cli(site, "clean").exit_code == 0
    assert not (site / "site").exists() and not (site / ".newsgen").exists()


def test_console_script_exits_1_without_traceback(site: Path) -> None:
    write(site / "content" / "bad.md", "---\ndate: [\n---\n")
    proc = subprocess.run([sys.executable, "-m", "newsgen", "build"], cwd=site, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "bad.md:2:" in proc.stderr and "Traceback" not in proc.stderr


def test_check_collects_model_and_template_problems_with_content_ones(cli, site: Path) -> None:
    write(site / "newsgen.yaml", "model: xx_no_such_pipeline\n")
    write(site / "templates" / "tag.html", "{% if %}")
    write(site / "content" / "bad.txt", "---\ndate: nope\n---\nText.\n")
    result = cli(site, "check")
    assert result.exit_code == 1
    assert "bad.txt:2: error: date 'nope' is not a date" in result.output
    assert "no spaCy pipeline found" in result.output
    assert "tag.html:1: error: template syntax error" in result.output
    assert "newsgen: 4 problems (3 errors, 1 warning), nothing was written" in result.output  # the warning: no full base_url


@pytest.mark.parametrize("strict", [[], ["--strict"]])
@pytest.mark.parametrize("command", ["check", "build"])
def test_the_count_of_problems_is_the_count_of_lines_listed(cli, site: Path, command: str, strict: list[str]) -> None:
    write(site / "content" / "bad.txt", "---\ndate: nope\n---\nText.\n")
    write(site / "content" / "undated.txt", "The mayor said the bridge will reopen.\n")
    write(site / "content" / "empty.txt", "\n")
    write(site / "content" / "worse.md", "---\n: [\n---\nText.\n")
    result = cli(site, command, *strict)
    assert result.exit_code == 1
    listed = [line for line in result.output.splitlines() if re.search(r": (error|warning): ", line)]
    summary = re.search(r"newsgen: (\d+) problems \((\d+) errors, (\d+) warnings?\)", result.output)
    assert summary, result.output
    assert int(summary.group(1)) == len(listed) == 5  # 2 errors; 3 warnings: empty, undated, no full base_url
    assert int(summary.group(2)) == sum(": error: " in line for line in listed) == 2


def test_importing_the_command_line_does_not_import_spacy() -> None:
    """`newsgen --help` and every command's start stay fast: spaCy (a second to import) comes with extraction only."""
    probe = "import sys, newsgen.cli; print(' '.join(m for m in ('spacy', 'thinc', 'jinja2', 'markdown', 'rich') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == []
    proc = subprocess.run([sys.executable, "-c", probe.replace("newsgen.cli", "newsgen.cli, newsgen.nlp")], capture_output=True, text=True, timeout=60)
    assert "spacy" in proc.stdout.split()  # the probe does see spaCy once something imports it


def test_the_readme_command_table_lists_every_flag_of_every_command() -> None:
    from newsgen.cli import main

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| command | what it does |"):]
    table = table[: table.index("\n\n")]
    rows = {m.group(1) or "": m.group(2) for m in re.finditer(r"^\| `newsgen(?: (\w+))?(.*?)` \|", table, re.M)}
    assert set(rows) == set(main.commands) | {""}
    for name, command in [("", main), *main.commands.items()]:
        flags = {opt for param in command.params for opt in param.opts if opt.startswith("--") and opt != "--help"}
        shown = set(re.findall(r"--[\w-]+", rows[name]))
        assert flags == shown, (name, flags ^ shown)


def test_one_of_a_thing_is_never_plural(cli, tmp_path: Path) -> None:
    write(tmp_path / "content" / "bridge.txt", "---\ntitle: Bridge to reopen\ndate: 2024-10-24\ntags: [local]\n---\nThe mayor said the bridge will reopen.\n")
    result = cli(tmp_path, "build", "--base-url", "https://example.org/")
    assert result.exit_code == 0, result.output
    assert "Built 1 article (1 extracted, 0 from cache), 1 claim, " in result.output
    assert "Site is up to date: 1 article unchanged" in cli(tmp_path, "build", "--base-url", "https://example.org/").output
    assert "OK: 1 article," in cli(tmp_path, "check").output
    one_plural = re.compile(r"\b(?:1|One|one) (?:articles|claims|speakers|figures|dates|pages|problems|mentions)\b")
    pages = [p for p in (tmp_path / "site").rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not one_plural.search(re.sub(r"<[^>]+>", " ", html)), (page, one_plural.search(re.sub(r"<[^>]+>", " ", html)))
    assert "1 article ·" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
