"""Every internal link and anchor of a built site must resolve, under its base path too."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Problem


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") and tag != "base":
                self.links.append((value, self.getpos()[0]))


def check_site(root: Path, base_path: str = "/") -> list[Problem]:
    pages: dict[str, _Collector] = {}
    for path in sorted(root.rglob("*.html")):
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(root).as_posix()] = collector
    problems: list[Problem] = []
    for page, collector in pages.items():
        for link, line in collector.links:
            problem = _check(root, pages, page, link, base_path)
            if problem:
                problems.append(Problem(f"{root.name}/{page}", problem, "fix the template or the content that made it", line=line))
    return problems


def _check(root: Path, pages: dict[str, _Collector], page: str, link: str, base_path: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return f"link {link!r} is outside the base path {base_path}"
        target = path[len(base_path):]
    elif path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if target.startswith(".."):
            return f"link {link!r} leaves the site"
        if path.endswith("/") or target == ".":
            target = "" if target == "." else target + "/"
    else:
        target = page
    if target == "" or target.endswith("/"):
        target += "index.html"
    if not (root / target).is_file():
        return f"broken link {link!r} (no {target})"
    if fragment and target.endswith(".html") and fragment not in pages[target].ids:
        return f"broken anchor {link!r} (no id {fragment!r} in {target})"
    return None
