"""Shared fixtures: the spaCy pipeline (loaded once), small sites in temporary folders, a CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "seed.txt"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from newsgen.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder holding the shipped seed article."""
    (tmp_path / "content").mkdir()
    shutil.copy(SEED, tmp_path / "content" / "seed.txt")
    return tmp_path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `newsgen ARGS` in-process inside a folder, as a user would from that folder."""
    from newsgen.cli import main

    def run(cwd: Path, *args: str) -> Result:
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file's bytes, to prove a failed build changed nothing (`skip`: top-level folders to leave out)."""
    return {
        rel: p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (rel := p.relative_to(folder).as_posix()).startswith(tuple(s + "/" for s in skip))
    }


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def chdir_tmp(tmp_path: Path) -> Iterator[Path]:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)
