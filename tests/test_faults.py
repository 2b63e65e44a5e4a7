"""Faults a user can cause or meet: a wrong layout, two builds at once, a full disk, a damaged cache, a kill.

Each case checks the exit status, the one line naming the path, and that the content and the previous
`site/` are exactly as they were.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgen import files as files_module
from newsgen.files import CACHE_MARK, SITE_MARK, BuildLock

from .conftest import snapshot, write

BRIDGE = """---
title: "Bridge to reopen next week, mayor says"
date: 2024-10-24
tags: [local, transport]
---
The city's mayor, Anna Berg, said on Thursday that the bridge would reopen next week after repairs costing $12 million.

"We have listened to the commuters," Berg told reporters. "The work is finished."
"""


def one_problem(output: str, *needles: str) -> None:
    """A user's problem is reported as lines naming what is wrong, never as a traceback."""
    assert "Traceback" not in output, output
    for needle in needles:
        assert needle in output, output


# ---- Only newsgen's own folders are ever replaced or deleted ---------------------------------------


LAYOUTS = [
    ("cache_dir: content\n", [], "cache_dir 'content' overlaps the content folder"),
    ("cache_dir: .\n", [], "cache_dir '.' is the project folder"),
    ("cache_dir: templates\n", [], "cache_dir 'templates' overlaps the templates folder"),
    ("output_dir: content\n", [], "output_dir 'content' overlaps the content folder"),
    ("output_dir: ..\n", [], "output_dir '..' is the project folder or a folder above it"),
    ("output_dir: content/world\n", [], "output_dir 'content/world' overlaps the content folder"),
    ("", ["--output", "content/world"], "--output: error: output_dir"),
    ("output_dir: site\ncache_dir: site/cache\n", [], "overlaps the output folder"),
]


@pytest.mark.parametrize(
    ("command", "config", "flags", "needle"),
    [(command, *layout) for command in ("build", "check", "clean", "serve") for layout in LAYOUTS if command in ("build", "clean") or not layout[1]],  # check and serve have no --output
)
def test_a_layout_that_puts_output_or_cache_over_the_project_is_refused_by_every_command(cli, site: Path, command: str, config: str, flags: list[str], needle: str) -> None:
    write(site / "content" / "world" / "bridge.md", BRIDGE)
    write(site / "templates" / "extra.css", "body{}")
    if config:
        write(site / "newsgen.yaml", config)
    before = snapshot(site)
    result = cli(site, command, *flags)
    assert result.exit_code == 1
    one_problem(result.output, needle)
    assert snapshot(site) == before


def test_clean_deletes_only_folders_newsgen_marked_as_its_own(cli, site: Path) -> None:
    write(site / "site" / "notes.txt", "my own notes")
    result = cli(site, "clean")
    assert result.exit_code == 1
    one_problem(result.output, "site: error: was not made by newsgen")
    assert (site / "site" / "notes.txt").read_text() == "my own notes"
    result = cli(site, "build")
    assert result.exit_code == 1
    one_problem(result.output, "the output folder holds files newsgen did not write")
    (site / "site" / "notes.txt").unlink()
    assert cli(site, "build").exit_code == 0
    assert (site / "site" / SITE_MARK).is_file() and (site / ".newsgen" / CACHE_MARK).is_file()
    write(site / ".newsgen" / "mine.txt", "kept")
    assert cli(site, "clean").exit_code == 0
    assert not (site / "site").exists() and (site / ".newsgen" / "mine.txt").read_text() == "kept"
    assert sorted(p.name for p in (site / ".newsgen").iterdir()) == ["mine.txt"]


def test_a_cache_folder_holding_somebody_elses_files_is_not_used(cli, site: Path) -> None:
    write(site / "notes" / "todo.txt", "buy milk")
    write(site / "newsgen.yaml", "cache_dir: notes\n")
    for command in ("build", "clean"):
        result = cli(site, command)
        assert result.exit_code == 1
        one_problem(result.output, "notes")
    assert sorted(p.name for p in (site / "notes").iterdir()) == ["todo.txt"]


def test_links_are_never_followed_to_delete(cli, site: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    write(elsewhere / "precious.txt", "keep me")
    assert cli(site, "build").exit_code == 0
    staging = site / ".newsgen" / "staging"
    if staging.exists():
        import shutil

        shutil.rmtree(staging)
    staging.symlink_to(elsewhere, target_is_directory=True)
    write(site / "content" / "bridge.md", BRIDGE)
    assert cli(site, "build").exit_code == 0
    assert (elsewhere / "precious.txt").read_text() == "keep me"
    assert not staging.is_symlink()
    # an output folder that is a link is refused, whatever it points at
    os.rename(site / "site", site / "real-site")
    (site / "site").symlink_to(elsewhere, target_is_directory=True)
    for command in ("build", "clean"):
        result = cli(site, command)
        assert result.exit_code == 1
        one_problem(result.output, "site")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["precious.txt"]


def test_a_site_that_is_a_plain_file_is_one_line(cli, site: Path) -> None:
    write(site / "site", "not a folder")
    result = cli(site, "build")
    assert result.exit_code == 1
    one_problem(result.output, "output_dir 'site' is a file, not a folder")
    assert (site / "site").read_text() == "not a folder"


# ---- One build at a time ------------------------------------------------------------------------------


def test_a_second_build_while_one_runs_says_so_and_changes_nothing(cli, site: Path) -> None:
    assert cli(site, "build").exit_code == 0
    before = snapshot(site / "site")
    write(site / "content" / "bridge.md", BRIDGE)
    with BuildLock(site / ".newsgen"):
        for command in ("build", "clean"):
            result = cli(site, command)
            assert result.exit_code == 1
            one_problem(result.output, f"another newsgen build or clean (process {os.getpid()}) is running on this site")
    assert snapshot(site / "site") == before
    assert cli(site, "build").exit_code == 0


def test_the_lock_of_a_killed_build_is_not_in_the_way(cli, site: Path) -> None:
    (site / ".newsgen").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; from newsgen.files import BuildLock\n"
                               "with BuildLock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)", str(site / ".newsgen")],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    assert "another newsgen build" in cli(site, "build").output
    holder.kill()
    holder.wait()
    assert (site / ".newsgen" / "build.lock").exists()
    assert cli(site, "build").exit_code == 0


# ---- Publish last: every check that can fail runs before the swap --------------------------------------


@pytest.mark.parametrize("command", ["build", "check"])
def test_distinct_tags_that_would_share_a_page_are_refused_before_anything_is_written(cli, site: Path, command: str) -> None:
    assert cli(site, "build").exit_code == 0
    before = snapshot(site / "site")
    write(site / "content" / "a.md", "---\ndate: 2024-10-24\ntags: [C]\n---\nThe minister said the talks had failed.\n")
    write(site / "content" / "b.md", "---\ndate: 2024-10-24\ntags: [C++, C#]\n---\nThe mayor said the bridge would reopen.\n")
    result = cli(site, command)
    assert result.exit_code == 1
    one_problem(result.output, "b.md: error: tag 'C++' would have the same page (tags/c/) as tag 'C' of content/a.md", "tag 'C#'")
    assert snapshot(site / "site") == before
    assert "up to date" not in cli(site, "build").output


def test_tags_that_differ_only_in_case_are_one_topic(cli, site: Path) -> None:
    write(site / "content" / "a.md", "---\ndate: 2024-10-24\ntags: [Ukraine]\n---\nThe minister said the talks had failed.\n")
    write(site / "content" / "b.md", "---\ndate: 2024-10-25\ntags: [ukraine, UKRAINE]\n---\nThe mayor said the bridge would reopen.\n")
    assert cli(site, "build", "--strict", "--base-url", "https://example.org/").exit_code == 0
    assert [p.name for p in (site / "site" / "tags").iterdir() if p.is_dir()] == ["ukraine"]
    page = (site / "site" / "tags" / "ukraine" / "index.html").read_text()
    assert "talks had failed" in page or "a/" in page
    assert page.count('href="../../articles/b/"') >= 1 and page.count('href="../../articles/a/"') >= 1


def test_a_broken_template_is_reported_beside_the_contents_errors(cli, site: Path) -> None:
    write(site / "content" / "bad.txt", "---\ndate: nope\n---\nText.\n")
    write(site / "templates" / "tag.html", "{% if %}")
    result = cli(site, "build")
    assert result.exit_code == 1
    one_problem(result.output, "bad.txt:2: error: date 'nope' is not a date", "tag.html:1: error: template syntax error")


def test_a_cache_failure_while_publishing_leaves_the_old_site(cli, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli(site, "build").exit_code == 0
    before = snapshot(site / "site")
    write(site / "content" / "bridge.md", BRIDGE)

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("newsgen.cache.Cache.record_pages", full)
    result = cli(site, "build")
    assert result.exit_code == 1
    one_problem(result.output, ".newsgen/cache.sqlite: error: cannot be used (database or disk is full)")
    assert snapshot(site / "site") == before
    monkeypatch.undo()
    assert cli(site, "build").exit_code == 0
    assert (site / "site" / "articles" / "bridge" / "index.html").is_file()


def test_without_the_cache_the_site_is_swapped_in_at_once_and_nothing_is_left_beside_it(cli, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli(site, "build", "--no-cache").exit_code == 0
    leftover = site / ".site.new-killed"
    write(leftover / SITE_MARK, "")
    foreign = site / ".site.new-someone"
    write(foreign / "keep.txt", "not ours")
    swaps: list[tuple[Path, Path]] = []
    real = files_module.swap_folders

    def swap(a: Path, b: Path) -> None:
        swaps.append((a, b))
        real(a, b)

    monkeypatch.setattr("newsgen.build.swap_folders", swap)
    write(site / "content" / "bridge.md", BRIDGE)
    assert cli(site, "build", "--no-cache").exit_code == 0
    assert len(swaps) == 1 and swaps[0][1] == (site / "site").resolve()
    assert (site / "site" / "articles" / "bridge" / "index.html").is_file()
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".site")) == [".site.new-someone"]


# ---- Operating-system and SQLite failures: one line, exit 1, the previous site untouched ---------------


@pytest.mark.parametrize(
    ("err", "needle"),
    [
        (errno.ENOSPC, "cannot be used (No space left on device) — the disk is full"),
        (errno.EROFS, "cannot be used (Read-only file system) — the file system is read-only"),
        (errno.EACCES, "cannot be used (Permission denied) — check the permissions"),
        (errno.ENAMETOOLONG, "cannot be used (File name too long) — use a shorter file name"),
    ],
)
def test_a_failed_write_is_one_line_naming_the_file(cli, site: Path, monkeypatch: pytest.MonkeyPatch, err: int, needle: str) -> None:
    assert cli(site, "build").exit_code == 0
    before = snapshot(site / "site")
    write(site / "content" / "bridge.md", BRIDGE)

    def fail(path: Path, text: str) -> None:
        raise OSError(err, os.strerror(err), str(path))

    monkeypatch.setattr(files_module, "_write_text", fail)
    result = cli(site, "build")
    assert result.exit_code == 1
    one_problem(result.output, needle, "index.html")
    assert snapshot(site / "site") == before


def _corrupt_pages(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO results (key, path, data) VALUES (?, ?, ?)", [(f"k{i}", "x", "y" * 3000) for i in range(200)])
    data = bytearray(db.read_bytes())
    for offset in range(4096 * 2, len(data), 4096 * 3):
        data[offset:offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))


def _bad_rows(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE results SET data = 'not json'")
        conn.execute("UPDATE pages SET size = 'big', mtime_ns = x'00', fingerprint = 7")
        conn.execute("INSERT OR REPLACE INTO markdown (key, data) VALUES ('k', '[1')")


def _folder_in_its_place(db: Path) -> None:
    db.unlink()
    write(db / "inside.txt", "x")


def _garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database" * 100)


def _old_schema(db: Path) -> None:
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE results (key TEXT PRIMARY KEY, blob BLOB)")


@pytest.mark.parametrize("damage", [_corrupt_pages, _bad_rows, _folder_in_its_place, _garbage, _old_schema])
def test_a_damaged_cache_is_rebuilt_after_one_warning(cli, site: Path, damage) -> None:
    assert cli(site, "build").exit_code == 0
    clean = snapshot(site / "site", skip=("pagefind",))
    damage(site / ".newsgen" / "cache.sqlite")
    write(site / "content" / "bridge.md", BRIDGE)
    result = cli(site, "build")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.output.count("warning: the cache is damaged") <= 1
    assert (site / "site" / "articles" / "bridge" / "index.html").is_file()
    (site / "content" / "bridge.md").unlink()
    again = cli(site, "build")
    assert again.exit_code == 0 and "damaged" not in again.output
    assert snapshot(site / "site", skip=("pagefind",)) == clean


# ---- Kills, interrupts and two builds at once, on the real command ----------------------------------


def _newsgen(cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "newsgen", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _session_alive(sid: int) -> list[int]:
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(entry))
    return alive


def _complete(site: Path) -> bool:
    """Every page the sitemap lists is there, and every search shard the index lists, whole."""
    import json
    import re

    sitemap = (site / "sitemap.xml").read_text()
    pages = re.findall(r"<loc>https://example\.org/([^<]*)</loc>", sitemap)
    shards = json.loads((site / "pagefind" / "shards.json").read_text())
    return bool(pages) and all((site / p / "index.html" if p.endswith("/") or not p else site / p).is_file() for p in pages) \
        and bool(shards) and all(json.loads((site / "pagefind" / s / "pagefind-entry.json").read_text())["languages"] for s in shards)


def test_killed_and_interrupted_builds_leave_the_old_site_or_the_new_one_and_two_at_once_are_one(site: Path) -> None:
    write(site / "newsgen.yaml", "base_url: https://example.org/\n")  # so that the site has a sitemap, which _complete reads
    for i in range(8):
        write(site / "content" / f"local-{i}.md", BRIDGE.replace("Anna Berg", f"Anna Berg{i}").replace("tags: [local, transport]", f"tags: [local, t{i}]"))
    proc = _newsgen(site, "build", "-q")
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    old = snapshot(site / "site", skip=("pagefind",))
    write(site / "content" / "bridge.md", BRIDGE)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    seen: list[dict[str, bytes]] = []
    for round_ in range(6):
        proc = _newsgen(site, "build", "-q", "--jobs", "2")
        time.sleep(rng.uniform(0.0, 5.0))
        interrupt = round_ % 2 == 1
        try:
            os.killpg(proc.pid, signal.SIGINT) if interrupt else proc.kill()
        except ProcessLookupError:
            pass
        code = proc.wait(timeout=120)
        err = proc.stderr.read()
        if interrupt and err.startswith("Fatal Python error: init_"):
            err, code = "", -signal.SIGINT  # Ctrl-C while the interpreter itself was starting, before any newsgen code
        assert "Traceback" not in err, (seed, round_, err)
        if interrupt and code not in (0, -signal.SIGINT):  # -SIGINT: stopped before Python itself was running
            assert err.strip().splitlines()[-1:] == ["newsgen: interrupted, nothing was written"], (seed, round_, code, err)
        deadline = time.time() + 10
        while _session_alive(proc.pid) and time.time() < deadline:
            time.sleep(0.2)
        assert not _session_alive(proc.pid), (seed, round_, "extraction workers outlived the build")
        seen.append(snapshot(site / "site", skip=("pagefind",)))
        assert _complete(site / "site"), (seed, round_)
    both = [_newsgen(site, "build", "-q"), _newsgen(site, "build", "-q")]
    codes = [p.wait(timeout=300) for p in both]
    errors = [p.stderr.read() for p in both]
    assert 0 in codes, errors
    for code, err in zip(codes, errors):
        assert "Traceback" not in err
        assert code == 0 or "another newsgen build or clean" in err, err
    new = snapshot(site / "site", skip=("pagefind",))
    assert new != old and _complete(site / "site")
    for i, state in enumerate(seen):
        assert state in (old, new), (seed, i)
    again = _newsgen(site, "build")
    assert again.wait(timeout=120) == 0
    assert "up to date" in again.stdout.read()
    assert snapshot(site / "site", skip=("pagefind",)) == new
