"""The link checker: what a static host would 404 on is reported, what it would serve is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.linkcheck import check_site


def make(root: Path, files: dict[str, str]) -> Path:
    site = root / "site"
    for name, html in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(html, encoding="utf-8")
    return site


GOOD = {
    "index.html": '<a href="a/">a</a> <a href="a/#x">x</a> <a href="#top">top</a> <p id="top"></p> <img src="img/p.png" srcset="img/p.png 1x, img/p.png 2x"> <form action="a/"></form>',
    "a/index.html": '<h1 id="x">A</h1><a href="../">home</a><a href="/newsgen/a/#x">abs</a><a href="https://example.org/x#y">out</a><a href="mailto:a@b.c">m</a><a href="../data.json">data</a><a href="?q=1">q</a>',
    "img/p.png": "",
    "data.json": "{}",
}


def test_a_sound_site_under_a_base_path_passes(tmp_path: Path) -> None:
    assert check_site(make(tmp_path, GOOD), "/newsgen/") == []


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ('<a href="b/">b</a>', "broken link 'b/' (no b/index.html)"),
        ('<a href="a/#nope">a</a>', "broken anchor 'a/#nope' (no id 'nope' in a/index.html)"),
        ('<a href="#nope">here</a>', "broken anchor '#nope'"),
        ('<a href="/a/">root-absolute</a>', "outside the base path /newsgen/"),
        ('<a href="../../x/">up</a>', "leaves the site"),
        ('<img src="img/missing.png">', "no img/missing.png"),
        ('<img srcset="img/p.png 1x, img/q.png 2x">', "no img/q.png"),
        ('<form action="search/"></form>', "no search/index.html"),
        ('<link rel="stylesheet" href="assets/style.css">', "no assets/style.css"),
        ('<p id="twice"></p><p id="twice"></p>', "id 'twice' is used 2 times"),
    ],
)
def test_each_kind_of_breakage_is_reported_with_its_line(tmp_path: Path, html: str, message: str) -> None:
    site = make(tmp_path, {**GOOD, "index.html": "<!doctype html>\n<p>\n" + html + "</p>"})
    problems = check_site(site, "/newsgen/")
    assert len(problems) == 1
    assert message in problems[0].message
    assert problems[0].path == "site/index.html" and problems[0].line == 3


def test_the_same_link_is_fine_at_the_root_and_broken_under_a_base_path(tmp_path: Path) -> None:
    site = make(tmp_path, {"index.html": '<a href="/a/">a</a>', "a/index.html": "<h1>A</h1>"})
    assert check_site(site, "/") == []
    assert len(check_site(site, "/newsgen/")) == 1
