"""Article files -> `Article` records: front matter, body text and paragraph blocks.

The body is plain text (Markdown is rendered and its markup dropped, but for links and emphasis,
kept aside as `Inline` spans) so that every offset the extractor reports points at words a reader sees.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

import markdown as md
import yaml

from .errors import ContentError
from .model import Article, Block, Inline, Problem

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
KNOWN_KEYS = {"title", "date", "source", "url", "author", "tags", "draft", "licence", "license", "description", "slug"}
MAX_HEADING_WORDS = 8
MAX_DATELINE_CHARS = 40
SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def is_ignored(name: str) -> bool:
    """Hidden, editor backup and lock files are never articles."""
    return name.startswith((".", "#", "_")) or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak"))


def iter_article_files(content_dir: Path) -> Iterator[Path]:
    """Article files below `content_dir`, sorted; links that lead outside it are skipped."""
    root = content_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        for name in sorted(filenames):
            if is_ignored(name) or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            path = Path(dirpath) / name
            real = path.resolve()
            if real != root and root not in real.parents:
                continue
            yield path


def display_path(path: Path, root: Path | None = None) -> str:
    """Relative to the site root when given (so exports do not depend on where a build ran), else to the cwd."""
    try:
        return Path(os.path.relpath(path, root) if root is not None else os.path.relpath(path)).as_posix()
    except ValueError:
        return str(path)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    return text[:80].strip("-") or "article"


def read_text(path: Path, shown: str, data: bytes | None = None) -> str:
    data = path.read_bytes() if data is None else data
    if b"\x00" in data[:8192]:
        raise ContentError(Problem(shown, "is a binary file, not an article", "remove it or move it out of the content folder"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(Problem(shown, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x})", "save the file as UTF-8", line=line)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Leaves dates as text so that a bad one ("2024-13-45") is reported as a date problem, not a crash."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_MARKDOWN = md.Markdown(extensions=["extra"], output_format="html")


def yaml_error_line(exc: yaml.YAMLError, text: str) -> int | None:
    """0-based line of a YAML error: where the broken construct starts when the parser only noticed at the end."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    end = len(text.rstrip())
    if problem is not None and problem.index >= end:
        return context.line if context is not None and context.index < end else text[:end].count("\n")
    if problem is not None:
        return problem.line
    return None


def split_front_matter(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    """Returns (meta, body, line number where the body starts)."""
    m = FRONT_MATTER.match(text)
    if not m:
        if text.startswith("---\n"):
            raise ContentError(Problem(shown, "front matter is not closed", "end it with a line of three dashes `---`", line=1))
        return {}, text, 1
    raw = m.group(1) or ""
    try:
        meta = yaml.load(raw, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        found = yaml_error_line(exc, raw)
        line = found + 2 if found is not None else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise ContentError(Problem(shown, f"front matter is not valid YAML: {reason}", "fix the YAML between the `---` lines", line=line)) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(Problem(shown, "front matter is not a mapping of keys to values", "write it as `key: value` lines", line=2))
    return meta, text[m.end():], text[: m.end()].count("\n") + 1


def parse_date(value: Any, shown: str, line: int) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ContentError(Problem(shown, f"date {value!r} is not a date", "write it as YYYY-MM-DD", line=line))


def _meta_line(text_head: str, key: str) -> int:
    for i, line in enumerate(text_head.split("\n"), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return i
    return 1


def classify(text: str, first: bool) -> str:
    """Datelines ("Washington:") and sub-headings ("International issues:") are not sentences."""
    words = text.split()
    if first and len(text) <= MAX_DATELINE_CHARS and text.endswith(":") and len(words) <= 4:
        return "dateline"
    if len(words) <= MAX_HEADING_WORDS and not SENTENCE_END.search(text):
        return "heading"
    return "paragraph"


def text_blocks(body: str) -> tuple[str, list[Block]]:
    """Plain text: every non-empty line is a block."""
    blocks: list[Block] = []
    pos = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            blocks.append(Block(classify(stripped, not blocks), start, start + len(stripped)))
        pos += len(line) + 1
    return body, blocks


# Inline elements whose meaning a reader would miss; everything else keeps only its text.
INLINE_TAGS = {"a": "a", "em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code"}


class _BlockCollector(HTMLParser):
    BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td", "th", "dt", "dd"}
    SKIP_TAGS = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, list[Inline]]] = []
        self._stack: list[tuple[str, list[str], list[list[Any]]]] = []
        self._skip = 0

    def _raw_len(self) -> int:
        return sum(map(len, self._stack[-1][1]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP_TAGS:
            self._skip += 1
        elif tag in self.BLOCK_TAGS:
            self._stack.append((tag, [], []))
        elif tag == "br" and self._stack:
            self._stack[-1][1].append(" ")
        elif tag in INLINE_TAGS and self._stack and not self._skip:
            href = dict(attrs).get("href") if tag == "a" else None
            self._stack[-1][2].append([INLINE_TAGS[tag], self._raw_len(), None, href])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in INLINE_TAGS and self._stack:
            for span in reversed(self._stack[-1][2]):
                if span[0] == INLINE_TAGS[tag] and span[2] is None:
                    span[2] = self._raw_len()
                    break
        elif tag in self.BLOCK_TAGS and self._stack and self._stack[-1][0] == tag:
            name, parts, spans = self._stack.pop()
            raw = "".join(parts)
            text = " ".join(raw.split())
            inline = []
            for tag_, a, b, href in spans:
                if b is not None and (start := _normalised_offset(raw, a)) < (end := _normalised_offset(raw, b)):
                    inline.append(Inline(tag_, start, end, href))
            if text:
                self.blocks.append((name, text, inline))

    def handle_data(self, data: str) -> None:
        if self._stack and not self._skip:
            self._stack[-1][1].append(data)


def _normalised_offset(raw: str, offset: int) -> int:
    """Where raw offset lands once runs of white space are one space and the ends are trimmed."""
    head = raw[:offset]
    joined = len(" ".join(head.split()))
    pending = bool(joined) and head[-1:].isspace() and bool(raw[offset:].strip())
    return joined + pending


def markdown_blocks(source: str) -> tuple[str, list[Block], list[Inline]]:
    """Markdown: rendered, then each block element's text joined by blank lines.

    Raw HTML never reaches a page as markup: only text survives, plus the links and emphasis a reader
    needs (their URLs are vetted when rendered), and script-like elements lose their text too.
    """
    collector = _BlockCollector()
    collector.feed(_MARKDOWN.reset().convert(source))
    collector.close()
    parts: list[str] = []
    blocks: list[Block] = []
    inline: list[Inline] = []
    pos = 0
    for tag, text, spans in collector.blocks:
        if parts:
            pos += 2
        kind = "heading" if tag[0] == "h" and tag[1:].isdigit() else classify(text, not blocks)
        blocks.append(Block(kind, pos, pos + len(text)))
        inline.extend(Inline(i.tag, pos + i.start, pos + i.end, i.href) for i in spans)
        parts.append(text)
        pos += len(text)
    return "\n\n".join(parts), blocks, inline


def title_from_body(body: str, blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind == "paragraph":
            text = body[block.start:block.end]
            m = re.search(r"[.!?](?:\s|$)", text)
            title = text[: m.start() + 1] if m else text
            if len(title) > 120:
                title = title[:117].rsplit(" ", 1)[0] + "…"
            return title.rstrip(".")
    return ""


Parsed = tuple[str, list[Block], list[Inline]]


class ParseMemo(Protocol):
    """Markdown already parsed by an earlier build (cache.py keeps it): parsing is most of loading."""

    def get_parsed(self, key: str) -> Parsed | None: ...

    def put_parsed(self, key: str, parsed: Parsed) -> None: ...


def _loader_fingerprint() -> str:
    """Part of a memo key: a new loader or Markdown library parses again."""
    h = hashlib.sha256(f"markdown {md.__version__}\n".encode())
    for path in (Path(__file__), Path(__file__).with_name("model.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


LOADER_VERSION = _loader_fingerprint()


def parse_markdown(source: str, memo: ParseMemo | None = None) -> Parsed:
    if memo is None:
        return markdown_blocks(source)
    key = hashlib.sha256(f"{LOADER_VERSION}\0{source}".encode()).hexdigest()
    parsed = memo.get_parsed(key)
    if parsed is None:
        parsed = markdown_blocks(source)
        memo.put_parsed(key, parsed)
    return parsed


def load_article(path: Path, content_dir: Path | None = None, root: Path | None = None, memo: ParseMemo | None = None) -> Article:
    shown = display_path(path, root)
    raw = path.read_bytes()
    text = read_text(path, shown, raw)
    meta, body_src, _ = split_front_matter(text, shown)
    head = text[: len(text) - len(body_src)]
    date = parse_date(meta.get("date"), shown, _meta_line(head, "date"))
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    body, blocks, inline = parse_markdown(body_src, memo) if fmt == "md" else (*text_blocks(body_src), [])
    title = meta.get("title")
    title = str(title).strip() if title not in (None, "") else title_from_body(body, blocks) or path.stem
    rel = path.relative_to(content_dir) if content_dir is not None else Path(path.name)
    slug_parts = [slugify(p) for p in rel.parent.parts] + [slugify(str(meta.get("slug") or rel.stem))]
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    elif not isinstance(tags, list):
        raise ContentError(Problem(shown, "tags must be a list", "write `tags: [a, b]`", line=_meta_line(head, "tags")))
    return Article(
        path=shown,
        source=path,
        slug="/".join(slug_parts),
        title=html.unescape(title),
        date=date,
        body=body,
        blocks=blocks,
        format=fmt,
        author=_opt_str(meta.get("author")),
        url=_opt_str(meta.get("source") or meta.get("url")),
        licence=_opt_str(meta.get("licence") or meta.get("license")),
        tags=[str(t) for t in tags],
        draft=bool(meta.get("draft", False)),
        meta={k: v for k, v in meta.items() if k not in KNOWN_KEYS},
        digest=hashlib.sha256(raw).hexdigest(),
        inline=inline,
    )


def _opt_str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def load_content(content_dir: Path, drafts: bool = False, root: Path | None = None, memo: ParseMemo | None = None) -> tuple[list[Article], list[Problem]]:
    """Every article, plus every problem found (not just the first), so one run reports them all."""
    articles: list[Article] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return [], [Problem(display_path(content_dir, root), "content folder not found", "create it or pass --content DIR")]
    seen: dict[str, str] = {}
    for path in iter_article_files(content_dir):
        try:
            article = load_article(path, content_dir, root, memo)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(Problem(display_path(path, root), f"cannot be read ({exc.strerror})", "check its permissions"))
            continue
        if not article.body.strip():
            problems.append(Problem(article.path, "is empty", "add some text or remove the file", severity="warning"))
            continue
        if article.draft and not drafts:
            continue
        if article.slug in seen:
            problems.append(Problem(article.path, f"would be written to the same page as {seen[article.slug]}", "rename one of the files or give it a `slug:`"))
            continue
        seen[article.slug] = article.path
        if article.date is None:
            problems.append(Problem(article.path, "has no date, so relative dates stay unresolved", "add `date: YYYY-MM-DD` to its front matter", severity="warning"))
        articles.append(article)
    return articles, problems
