"""Every internal link and anchor of a built site must resolve, under its base path too.

Links are checked against the files on disk the way a static host serves them: `dir/` means
`dir/index.html`, absolute paths must sit under the base path, and `#anchor` must be an id on the
target page. An id used twice on one page is reported too, since a link to it is ambiguous. Every
.xml file (the feed, the sitemap, a theme's own) must be well-formed XML.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from .model import Problem

LINK_ATTRS: dict[str, set[str] | None] = {"href": None, "src": None, "poster": None, "action": {"form"}, "data": {"object"}, "cite": {"blockquote", "q", "ins", "del"}}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.id_lines: dict[str, int] = {}
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids[value] += 1
                self.id_lines.setdefault(value, self.getpos()[0])
            elif name in LINK_ATTRS and tag != "base" and (LINK_ATTRS[name] is None or tag in LINK_ATTRS[name]):
                self.links.append((value, self.getpos()[0]))
            elif name == "srcset":
                self.links.extend((part.split()[0], self.getpos()[0]) for part in value.split(",") if part.strip())


def check_site(root: Path, base_path: str = "/", shown: str | None = None) -> list[Problem]:
    """Every problem found under `root`; paths start with `shown`, the folder's name by default (a build
    that checks its staging folder passes the output folder's name, which is what the user knows)."""
    shown = shown or root.name
    pages: dict[str, _Collector] = {}
    for path in sorted(root.rglob("*.html")):
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        collector.close()
        pages[path.relative_to(root).as_posix()] = collector
    problems: list[Problem] = []
    hint = "fix the template or the content that made it"
    for page, collector in pages.items():
        for ident, count in collector.ids.items():
            if count > 1:
                problems.append(Problem(f"{shown}/{page}", f"id {ident!r} is used {count} times", hint, line=collector.id_lines[ident]))
        for link, line in collector.links:
            problem = _check(root, pages, page, link, base_path)
            if problem:
                problems.append(Problem(f"{shown}/{page}", problem, hint, line=line))
    return problems + check_xml(root, shown)


def check_xml(root: Path, shown: str | None = None) -> list[Problem]:
    """A feed reader or crawler rejects a malformed feed or sitemap whole, silently: parse each one here.

    Expat reads only the file itself: no DTD or external entity is fetched.
    """
    problems: list[Problem] = []
    for path in sorted(root.rglob("*.xml")):
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as exc:
            line, column = exc.position
            reason = re.sub(r": line \d+, column \d+$", "", str(exc))
            reason = re.sub(r"^not well-formed \((.*)\)$", r"\1", reason)
            where = f"{shown or root.name}/{path.relative_to(root).as_posix()}"
            problems.append(Problem(where, f"not well-formed XML ({reason} at column {column + 1})", "fix the .xml template, or the value in it, that made it", line=line))
    return problems


def _check(root: Path, pages: dict[str, _Collector], page: str, link: str, base_path: str) -> str | None:
    parts = urlsplit(link.strip())
    if parts.scheme or parts.netloc:
        return None
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return f"link {link!r} is outside the base path {base_path}"
        target = path[len(base_path):]
    elif path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if target == ".." or target.startswith("../"):
            return f"link {link!r} leaves the site"
        if path.endswith("/") or target == ".":
            target = "" if target == "." else target + "/"
    else:
        target = page
    if target == "" or target.endswith("/"):
        target += "index.html"
    if not (root / target).is_file():
        return f"broken link {link!r} (no {target})"
    if fragment and target in pages and fragment not in pages[target].ids:
        return f"broken anchor {link!r} (no id {fragment!r} in {target})"
    return None
