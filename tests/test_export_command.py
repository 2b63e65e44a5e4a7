"""`newsgen export`: the same tables in every format, with the site's ids, from one small project extracted for real."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsgen import datasets
from newsgen.cli import main

from .conftest import SEED, write

COUNCIL = """---
title: Council votes on spreadsheet rules
date: 2024-11-04
tags: [local, open data]
---

Springfield:
The city council voted on Monday to publish its budget as open data.
“=SUM(A1:A9) is how the clerks add it up,” said council clerk Maria Lopez.
“-5 percent is the cut we expect next year,” the mayor, Tom Hale, told reporters on Tuesday.
Lopez said the council would publish 120 tables by March 2025.
"""

BRIDGE = """---
title: Bridge to reopen after repairs
date: 2024-11-05
tags: [local]
---

The Elm Street bridge will reopen on Friday after six weeks of repairs, the city said.
“The steel is sound and the deck is new,” said city engineer Priya Shah.
Mayor Tom Hale said the repairs cost $2.4 million, about 10 percent less than planned.
"""

TABLES = ("articles", "speakers", "claims", "figures", "dates")
FOLDER_FORMATS = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet"}


def run(cwd: Path, *args: str) -> Result:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three real articles, built once (the site's claims.json and speakers.json to compare with)."""
    root = tmp_path_factory.mktemp("export")
    shutil.copy(SEED, write(root / "content" / "seed.txt", ""))
    write(root / "content" / "council.txt", COUNCIL)
    write(root / "content" / "local" / "bridge.md", BRIDGE)
    result = run(root, "build", "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    out = project / "site"
    return json.loads((out / "claims.json").read_text(encoding="utf-8")), json.loads((out / "speakers.json").read_text(encoding="utf-8"))


_exports: dict[str, Path] = {}


def exported(project: Path, fmt: str) -> Path:
    """Each format exported once per module (from the cache the build filled: nothing is extracted again)."""
    if fmt not in _exports:
        result = run(project, "export", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "(0 extracted, 3 from cache)" in result.output, result.output
        _exports[fmt] = project / datasets.DEFAULT_OUTPUT[fmt]
    return _exports[fmt]


def read_sqlite(path: Path) -> dict[str, list[dict[str, Any]]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        return {t: [dict(r) for r in db.execute(f"SELECT * FROM {t}")] for t in TABLES}
    finally:
        db.close()


def read_jsonl(path: Path) -> dict[str, list[dict[str, Any]]]:
    return {t: [json.loads(line) for line in (path / f"{t}.jsonl").read_text(encoding="utf-8").splitlines()] for t in TABLES}


def read_csv(path: Path) -> dict[str, list[dict[str, Any]]]:
    tables = {}
    for t in TABLES:
        with open(path / f"{t}.csv", encoding="utf-8", newline="") as f:
            tables[t] = [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]
    return tables


def read_parquet(path: Path) -> dict[str, list[dict[str, Any]]]:
    pq = pytest.importorskip("pyarrow.parquet")
    return {t: pq.read_table(path / f"{t}.parquet").to_pylist() for t in TABLES}


READERS: dict[str, Callable[[Path], dict[str, list[dict[str, Any]]]]] = {
    "sqlite": read_sqlite, "jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}


def needs(fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason='the parquet extra is not installed (pip install "newsgen[parquet]")')


@pytest.fixture(params=datasets.FORMATS)
def tables(request: pytest.FixtureRequest, project: Path) -> Iterator[tuple[str, dict[str, list[dict[str, Any]]]]]:
    needs(request.param)
    yield request.param, READERS[request.param](exported(project, request.param))


def test_every_format_has_the_rows_and_ids_of_the_built_site(tables: tuple[str, dict[str, list[dict[str, Any]]]], site: tuple[dict[str, Any], dict[str, Any]]) -> None:
    fmt, got = tables
    claims_json, speakers_json = site
    articles = claims_json["articles"]
    assert {(a["slug"], a["path"], a["title"]) for a in got["articles"]} == {(a["slug"], a["path"], a["title"]) for a in articles}
    assert len(got["claims"]) == sum(len(a["claims"]) for a in articles) > 5
    assert len(got["figures"]) == sum(len(a["figures"]) for a in articles) > 0
    assert len(got["dates"]) == sum(len(a["dates"]) for a in articles) > 0
    expected = {(a["slug"], c["id"]): c["speaker_id"] for a in articles for c in a["claims"]}
    assert {(c["article"], c["id"]): c["speaker_id"] for c in got["claims"]} == expected, fmt
    assert {c["id"] for c in got["speakers"]} == {s["id"] for s in speakers_json["speakers"]}
    # each claim row is the site's claim record, field for field (the CSV's text cells are protected, see below)
    site_claims = {(a["slug"], c["id"]): c for a in articles for c in a["claims"]}
    for row in got["claims"]:
        want = site_claims[(row["article"], row["id"])]
        assert list(row)[1:] == list(want), fmt
        if fmt != "csv":
            assert {k: row[k] for k in want} == want
    figure_claims = {(f["article"], f["claim_id"]) for f in got["figures"] if f["claim_id"]}
    assert figure_claims and figure_claims <= set(expected)


def test_columns_keep_their_types(tables: tuple[str, dict[str, list[dict[str, Any]]]]) -> None:
    """Dates as dates and numbers as numbers where the format has types; ISO text where it has not."""
    import datetime as dt

    fmt, got = tables
    council = next(a for a in got["articles"] if a["slug"] == "council")
    tuesday = next(d for d in got["dates"] if d["article"] == "council" and d["text"] == "Tuesday")
    figure = next(f for f in got["figures"] if f["article"] == "local/bridge" and f["text"].startswith("$2.4"))
    lists = next(s for s in got["speakers"] if s["id"] == "tom-hale")["articles"]
    if fmt == "parquet":
        assert council["date"] == dt.date(2024, 11, 4) and isinstance(tuesday["first_day"], dt.date)
    else:
        assert str(council["date"]) == "2024-11-04" and tuesday["first_day"] == tuesday["last_day"] == tuesday["resolved"]
    if fmt == "csv":
        assert float(figure["value"]) == 2_400_000 and json.loads(lists) == ["council", "local/bridge"]
        assert json.loads(council["tags"]) == ["local", "open data"]
    else:
        assert figure["value"] == 2_400_000 and isinstance(figure["start"], int)
    if fmt in ("jsonl", "parquet"):
        assert sorted(lists) == ["council", "local/bridge"] and council["tags"] == ["local", "open data"]


def test_sqlite_keys_hold_and_the_claims_are_searchable(project: Path) -> None:
    db = sqlite3.connect(exported(project, "sqlite"))
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA application_id").fetchone()[0] == datasets.APPLICATION_ID
        referenced = {(row[3], row[4]) for t in TABLES for row in db.execute(f"PRAGMA foreign_key_list({t})")}
        assert {("article", "slug"), ("speaker_id", "id"), ("claim_id", "id")} <= referenced
        found = db.execute("SELECT c.article, c.speaker_id, c.text FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
                           "WHERE claims_fts MATCH 'steel deck' ORDER BY rank").fetchall()
        assert found == [("local/bridge", "priya-shah", "The steel is sound and the deck is new")], found
        assert db.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'speaker:Kirby'").fetchone()[0] >= 3
        schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
        assert "-- Stable id of the claim" in schema  # every column documented in the file itself
    finally:
        db.close()


def test_csv_is_rfc_4180_and_a_formula_stays_text(project: Path) -> None:
    folder = exported(project, "csv")
    raw = (folder / "claims.csv").read_bytes()
    assert raw.count(b"\r\n") >= 2 and b"\n" not in raw.replace(b"\r\n", b"")
    rows = read_csv(folder)["claims"]
    texts = {r["text"] for r in rows if r["article"] == "council"}
    assert "'=SUM(A1:A9) is how the clerks add it up" in texts and "'-5 percent is the cut we expect next year" in texts
    assert not any(t[:1] in "=+-@" for r in rows for t in r.values() if t)
    # in the formats without spreadsheets the words are as written
    assert any(c["text"].startswith("=SUM") for c in read_jsonl(exported(project, "jsonl"))["claims"])


def test_folder_exports_describe_their_tables(project: Path) -> None:
    described = json.loads((exported(project, "jsonl") / "tables.json").read_text(encoding="utf-8"))
    by_name = {t["name"]: t for t in described["tables"]}
    assert list(by_name) == list(TABLES)
    assert by_name["claims"]["primary_key"] == ["article", "id"]
    assert {"columns": ["speaker_id"], "table": "speakers", "references": ["id"]} in by_name["claims"]["foreign_keys"]
    assert all(c["description"] for t in described["tables"] for c in t["columns"])


def test_an_export_replaces_the_last_one_and_nothing_of_the_users(project: Path) -> None:
    again = run(project, "export", "--format", "jsonl", "--output", "export-jsonl", "-q")
    assert again.exit_code == 0 and again.output == ""
    mine = write(project / "notes" / "keep.txt", "mine")
    refused = run(project, "export", "--format", "csv", "--output", "notes")
    assert refused.exit_code == 1
    assert "notes: error: is a folder that newsgen export did not write, so it is left alone — choose another --output" in refused.output
    assert mine.read_text() == "mine"
    killed = write(project / ".export.sqlite.new-999999999-x1", "an export killed half-way")
    running = write(project / f".export.sqlite.new-{os.getpid()}-x2", "an export still running")
    assert run(project, "export", "--format", "sqlite", "-q").exit_code == 0
    assert not killed.exists() and running.exists()
    running.unlink()
    write(project / "other.sqlite", "not an export")
    refused = run(project, "export", "--format", "sqlite", "--output", "other.sqlite")
    assert refused.exit_code == 1 and (project / "other.sqlite").read_text() == "not an export"


def test_a_failed_export_leaves_no_file_and_the_last_export_as_it_was(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = exported(project, "sqlite").read_bytes()

    def failing(data: Any) -> Iterator[tuple[str, tuple[Any, ...]]]:
        rows = real(data)
        for _ in range(10):
            yield next(rows)
        raise OSError(28, "No space left on device", str(project / "export.sqlite"))

    real = datasets.records
    monkeypatch.setattr(datasets, "records", failing)
    for fmt in ("sqlite", "csv"):
        result = run(project, "export", "--format", fmt, "--output", f"failed-{fmt}")
        assert result.exit_code == 1 and "No space left on device" in result.output
        assert not list(project.glob("failed-*")) and not list(project.glob(".failed-*"))
    result = run(project, "export", "--format", "sqlite")
    assert result.exit_code == 1 and (project / "export.sqlite").read_bytes() == before
    assert not list(project.glob(".export.sqlite.new-*"))


def test_without_pyarrow_parquet_is_one_line_naming_the_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "content" / "a.txt", "---\ntitle: A\ndate: 2024-10-24\n---\nThe mayor said the bridge will reopen.\n")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = run(tmp_path, "export", "--format", "parquet")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        '--format parquet: error: needs pyarrow, which is not installed — pip install "newsgen[parquet]"',
        "newsgen: 1 problem, nothing was written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # nothing extracted, nothing written


def test_a_content_error_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    write(tmp_path / "content" / "good.txt", "---\ntitle: Good\ndate: 2024-10-24\n---\nThe mayor said the bridge will reopen.\n")
    write(tmp_path / "content" / "bad.md", "---\ntitle: [unclosed\ndate: 2024-10-24\n---\nText.\n")
    for fmt in ("sqlite", "csv"):
        result = run(tmp_path, "export", "--format", fmt)
        assert result.exit_code == 1
        lines = result.output.splitlines()
        assert len(lines) == 2 and lines[0].startswith("content/bad.md:3: error: front matter is not valid YAML") and " — " in lines[0], lines
        assert lines[1] == "newsgen: 1 problem, nothing was written"
        assert not [p.name for p in tmp_path.iterdir() if "export" in p.name]


def test_help_and_the_command_line_choices() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0 and "--format" in result.output
    formats = next(p for p in main.commands["export"].params if p.name == "fmt")
    assert tuple(formats.type.choices) == datasets.FORMATS  # type: ignore[attr-defined]
