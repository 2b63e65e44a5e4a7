"""What each output page is made from, so a build redoes only what changed (as Lektor does).

A page's fingerprint covers the theme and config, the bytes of every article it draws on, and what it
shows of other articles (`Page.deps`). A page whose fingerprint is unchanged since the last build, and
whose file is still as newsgen wrote it, is carried over into the new site by a hard link.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import __version__
from .config import Config
from .extract import EXTRACTOR_VERSION
from .model import Article
from .render import Page, default_theme_dir


def tree_fingerprint(folder: Path) -> str:
    """Every file's path, size and modification time: cheap, and changes when anyone touches the output."""
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                st = path.stat()
                h.update(f"{path.relative_to(folder).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def theme_fingerprint(config: Config) -> str:
    """newsgen's version, the config and every template and asset file, default and the site's own."""
    h = hashlib.sha256(f"{__version__}\0{config!r}\n".encode())
    for theme in (default_theme_dir(), config.templates_path):
        if theme.is_dir():
            for path in sorted(theme.rglob("*")):
                if path.is_file():
                    h.update(path.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def inputs_fingerprint(theme: str, articles: list[Article], model_key: str, flags: str) -> str:
    """Everything a build reads: extractor version, model, flags, theme and config, article bytes."""
    h = hashlib.sha256(f"{EXTRACTOR_VERSION}\0{model_key}\0{flags}\0{theme}\n".encode())
    for a in articles:
        h.update(f"{a.path}\0{a.digest}\n".encode())
    return h.hexdigest()


def has_overrides(config: Config) -> bool:
    site = config.templates_path
    return site.is_dir() and site.resolve() != default_theme_dir().resolve() and any(p.suffix in (".html", ".xml") for p in site.rglob("*"))


def page_fingerprints(pages: list[Page], articles: list[Article], config: Config, theme: str, inputs: str) -> dict[str, str]:
    """A site that overrides templates may show anything on any page, so there every page depends on everything."""
    digests = {a.path: a.digest for a in articles}
    everything = inputs if has_overrides(config) else None
    out: dict[str, str] = {}
    for page in pages:
        h = hashlib.sha256(f"{theme}\0{page.path}\0{page.template}\0{everything}\n".encode())
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


def reuse_unchanged(pages: list[Page], fingerprints: dict[str, str], previous: dict[str, tuple[str, int, int]], out: Path, tmp: Path) -> list[Page]:
    """Hard-link unchanged pages from the current site into the new one; return the pages still to render.

    A page is reused only while it is exactly as newsgen wrote it (same size and time), so a hand-edited
    or damaged file is rebuilt. Rendered pages are always written to fresh files, never through a link,
    so the current site stays intact until the new one is swapped in.
    """
    todo: list[Page] = []
    for page in pages:
        old = previous.get(page.path)
        src = out / page.path
        if old is not None and old[0] == fingerprints[page.path] and src.is_file() and size_mtime(src) == old[1:]:
            dest = tmp / page.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(src, dest)
                continue
            except OSError:
                pass
        todo.append(page)
    return todo
