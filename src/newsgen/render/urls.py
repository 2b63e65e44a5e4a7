"""Where each page lives and how one page links to another: pure string work, shared by every part of rendering."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=65536)
def relative_url(from_page: str, target: str) -> str:
    """A link from one page to another that works under any base path and from the file system.

    `target` is relative to the site root ("" is the root itself, "speakers/" a folder page). Pure string
    work: this runs tens of thousands of times per build.
    """
    path, _, fragment = target.partition("#")
    here = [p for p in from_page.split("/")[:-1] if p]
    there = [p for p in path.split("/") if p]
    folder = path == "" or path.endswith("/")
    common = 0
    limit = len(there) if folder else len(there) - 1
    while common < min(len(here), limit) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    rel = "/".join(parts)
    if folder:
        rel = rel + "/" if rel else "./"
    return rel + (f"#{fragment}" if fragment else "")


def article_url(slug: str) -> str:
    return f"articles/{slug}/"


def speaker_url(slug: str) -> str:
    return f"speakers/{slug}/"


def story_url(slug: str) -> str:
    return f"stories/{slug}/"


def tag_url(tag: str) -> str:
    from ..content import slugify

    return f"tags/{slugify(tag)}/"
