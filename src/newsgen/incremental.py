"""What each output page is made from, so a build redoes only what changed (as Lektor does).

A page's fingerprint covers the theme and config, the bytes of every article it draws on, and what it
shows of other articles (`Page.deps`). A page whose fingerprint is unchanged since the build that wrote
it, and whose file is still as newsgen wrote it, is carried over into the new site without rendering.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache
from .config import Config
from .files import Writer
from .installed import code_stamp, default_theme_dir
from .model import Article

if TYPE_CHECKING:
    from .render import Page  # Jinja: imported only when pages are rendered


def tree_fingerprint(folder: Path) -> str:
    """Every file's path, size and modification time: cheap, and changes when anyone touches the output."""
    entries: list[tuple[str, int, int]] = []
    todo = [("", str(folder))] if folder.is_dir() else []
    while todo:
        prefix, path = todo.pop()
        with os.scandir(path) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((prefix + entry.name + "/", entry.path))
                elif entry.is_file():
                    st = entry.stat()
                    entries.append((prefix + entry.name, st.st_size, st.st_mtime_ns))
    h = hashlib.sha256()
    for rel, size, mtime in sorted(entries):
        h.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return h.hexdigest()


def extractor_version(cache: Cache) -> str:
    """`extract.EXTRACTOR_VERSION`, a hash of the extractor's code, without importing the extractor (and
    spaCy, a second) when newsgen's code is what it was at a build that did import it."""
    stamp = code_stamp()
    known = (cache.fact("extractor_version") or "").split(" ")
    if len(known) == 2 and known[0] == stamp:
        return known[1]
    from .extract import EXTRACTOR_VERSION

    cache.remember("extractor_version", f"{stamp} {EXTRACTOR_VERSION}")
    return EXTRACTOR_VERSION


def theme_fingerprint(config: Config) -> str:
    """newsgen's code, the config and every template and asset file, default and the site's own."""
    # The same site wherever it is built from, and whichever machines extract it.
    settings = {f.name: getattr(config, f.name) for f in fields(config) if f.name not in ("root", "cluster")}
    h = hashlib.sha256(f"{code_stamp()}\0{settings!r}\n".encode())
    for theme in (default_theme_dir(), config.templates_path):
        if theme.is_dir():
            for path in sorted(theme.rglob("*")):
                if path.is_file():
                    h.update(path.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def inputs_fingerprint(theme: str, articles: list[Article], model_key: str, extractor: str, flags: str) -> str:
    """Everything a build reads: extractor version, model, flags, theme and config, article bytes."""
    h = hashlib.sha256(f"{extractor}\0{model_key}\0{flags}\0{theme}\n".encode())
    for a in articles:
        h.update(f"{a.path}\0{a.digest}\n".encode())
    return h.hexdigest()


def has_overrides(config: Config) -> bool:
    site = config.templates_path
    return site.is_dir() and site.resolve() != default_theme_dir().resolve() and any(p.suffix in (".html", ".xml") for p in site.rglob("*"))


def page_fingerprints(pages: list[Page], articles: list[Article], config: Config, theme: str, model_key: str, extractor: str, inputs: str) -> dict[str, str]:
    """A page depends on its sources' bytes and on what extracted from them (extractor and model).

    A site that overrides templates may show anything on any page, so there every page depends on everything.
    """
    digests = {a.path: a.digest for a in articles}
    everything = inputs if has_overrides(config) else None
    out: dict[str, str] = {}
    for page in pages:
        h = hashlib.sha256(f"{theme}\0{extractor}\0{model_key}\0{page.path}\0{page.template}\0{everything}\n".encode())
        for src in sorted(page.sources):
            h.update(f"{src}\0{digests.get(src)}\n".encode())
        for dep in page.deps:
            h.update(dep.encode() + b"\n")
        if page.content is not None:
            h.update(hashlib.sha256(page.content.encode()).digest())
        out[page.path] = h.hexdigest()
    return out


def size_mtime(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


Records = dict[str, tuple[str, int, int]]


def carry_over(pages: list[Page], fingerprints: dict[str, str], live: tuple[Path, Records], staging: tuple[Path, Records], files: Writer) -> list[Page]:
    """Bring every unchanged page into the staging folder without rendering it; return the pages to render.

    The staging folder is usually the site of two builds ago: a page it already holds as this build
    would make it stays as it is, one the current site holds is linked or copied from there (queued on
    `files`, which the caller flushes). A page counts only while its file is exactly as newsgen wrote it (same
    size and time), so a hand-edited or damaged file is rebuilt. The current site is only read.
    """
    (live_dir, live_records), (staging_dir, staging_records) = live, staging
    todo: list[Page] = []
    for page in pages:
        fingerprint = fingerprints[page.path]
        if _holds(staging_dir, staging_records, page.path, fingerprint):
            continue
        if _holds(live_dir, live_records, page.path, fingerprint):
            files.carry(live_dir / page.path, staging_dir / page.path)
        else:
            todo.append(page)
    return todo


def _holds(folder: Path, records: Records, path: str, fingerprint: str) -> bool:
    old = records.get(path)
    if old is None or old[0] != fingerprint:
        return False
    try:
        st = os.lstat(folder / path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and (st.st_size, st.st_mtime_ns) == (old[1], old[2])
