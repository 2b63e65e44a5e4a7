"""Each command from a user's point of view: exit status, one-line errors, what is (not) written."""

from __future__ import annotations

import json
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
    result = cli(site, "build", "--base-url", "/newsgen/", "--strict")
    assert result.exit_code == 0, result.output
    html = (site / "site" / "articles" / "seed" / "index.html").read_text()
    assert 'href="../../assets/style.css"' in html
    assert 'href="/newsgen/assets/style.css"' in (site / "site" / "404.html").read_text()
    assert check_site(site / "site", "/newsgen/") == []


def test_extract_prints_the_schema(cli, site: Path) -> None:
    result = cli(site, "extract", "content/seed.txt")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    art = doc["articles"][0]
    assert art["path"] == "content/seed.txt" and art["date"] == "2024-10-23"
    assert {"title", "claims", "figures", "dates"} <= art.keys()
    body = (site / "content" / "seed.txt").read_text().split("---\n", 2)[2]
    for claim in art["claims"]:
        assert {"speaker", "role", "kind", "text", "cue", "sentence", "start", "end"} <= claim.keys()
        assert claim["kind"] in ("direct", "partial", "indirect", "according_to")
        assert body[claim["start"]:claim["end"]] == claim["text"]
    for rec in art["figures"] + art["dates"]:
        assert body[rec["start"]:rec["end"]] == rec["text"]


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
    assert "3 problems" in result.output
