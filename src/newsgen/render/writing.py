"""Writing the planned pages, in this process or shared with forked helpers, and the theme's assets
copied beside them."""

from __future__ import annotations

import gc
import multiprocessing
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import TemplateError
from ..files import Writer, copy_file
from ..installed import default_theme_dir
from ..model import Problem
from .pages import Page
from .theme import Renderer


def asset_files(config: Config) -> dict[str, Path]:
    """Each asset's place in the site and its file: the theme's first, the site's own assets/ over them."""
    found: dict[str, Path] = {}
    for theme in (default_theme_dir(), config.templates_path):
        src = theme / "assets"
        if src.is_dir():
            for path in sorted(src.rglob("*")):
                if path.is_file():
                    found["assets/" + path.relative_to(src).as_posix()] = path
    return found


def copy_assets(config: Config, out: Path, files: Writer | None = None) -> list[str]:
    """Copied with their times, so one already in place (same size and time) is left alone."""
    found = asset_files(config)
    for rel, src in found.items():
        if _same_stamp(src, out / rel):
            continue
        if files is not None:
            files.copy(src, out / rel)
        else:
            copy_file(src, out / rel)
    return list(found)


def _same_stamp(src: Path, dest: Path) -> bool:
    try:
        a, b = src.stat(), dest.lstat()
    except OSError:
        return False
    return (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)


PARALLEL_MIN_PAGES = 400
CHUNK_PAGES = 4
_JOB: tuple[list[Page], Renderer, Path, Any] | None = None
_WRITER: Writer | None = None


def write_pages(pages: list[Page], renderer: Renderer, out: Path, jobs: int = 1, files: Writer | None = None) -> None:
    """Render and write pages; a large site is shared out between this process and forked helpers.

    The pages that draw on the most articles (the site-wide ones, the slowest to render) go first, so
    that no process is left rendering them alone at the end. Files are written on threads (files.py)
    while the next page renders: on `files` when given (the caller flushes it).
    """
    renderer.prepare({p.template for p in pages})
    order = sorted(pages, key=lambda p: -len(p.sources))
    writer = files or Writer()
    try:
        if jobs > 1 and len(pages) >= PARALLEL_MIN_PAGES and "fork" in multiprocessing.get_all_start_methods():
            _render_together(order, renderer, out, jobs, writer)
        else:
            for page in order:
                writer.write(out / page.path, renderer.render(page))
    finally:
        if files is None:
            writer.close()


def _render_together(order: list[Page], renderer: Renderer, out: Path, jobs: int, writer: Writer) -> None:
    """This process renders beside `jobs - 1` forked helpers, each taking the next few pages from one
    shared counter. A helper shares the analysed data with this process only until it touches it, and
    rendering touches most of it, so every helper costs nearly a copy: hence no idle parent."""
    global _JOB
    writer.flush()  # no write in flight across the fork
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    _JOB = (order, renderer, out, counter)
    gc.freeze()  # the helpers' collections then leave the shared objects' pages unwritten
    try:
        with context.Pool(jobs - 1) as pool:
            helpers = pool.map_async(_helper, range(jobs - 1))
            try:
                failures = _take_pages(writer)
            except BaseException:
                _stop(counter, len(order))
                raise
            failures += [p for found in helpers.get() for p in found]
    finally:
        _JOB = None
        gc.unfreeze()
    if failures:
        raise TemplateError(failures[:1])


def _take_pages(writer: Writer) -> list[Problem]:
    """Render chunk after chunk until none is left; problems come back as records (they cross processes)."""
    assert _JOB is not None
    pages, renderer, out, counter = _JOB
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + CHUNK_PAGES
        if start >= len(pages):
            return []
        try:
            for page in pages[start:start + CHUNK_PAGES]:
                writer.write(out / page.path, renderer.render(page))
        except TemplateError as exc:
            _stop(counter, len(pages))
            return exc.problems


def _stop(counter: Any, end: int) -> None:
    with counter.get_lock():
        counter.value = end


def _helper(_: int) -> list[Problem]:
    """Runs in a forked helper, with a writer of its own."""
    global _WRITER
    _WRITER = _WRITER or Writer()
    try:
        return _take_pages(_WRITER)
    finally:
        _WRITER.flush()
