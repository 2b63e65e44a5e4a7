"""Article files -> `Article` records: front matter, body text and paragraph blocks.

The body is plain text (Markdown is rendered and its markup dropped, but for links and emphasis,
kept aside as `Inline` spans) so that every offset the extractor reports points at words a reader sees.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import errno
import functools
import hashlib
import html
import importlib.util
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol

import yaml

from .errors import ContentError
from .model import Article, Block, Inline, Problem

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
KNOWN_KEYS = {"title", "date", "source", "url", "author", "tags", "draft", "licence", "license", "description", "slug"}
MAX_HEADING_WORDS = 8
MAX_DATELINE_CHARS = 40
SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)

# Limits on what one article may ask of the loader, so that a hostile or broken file costs an error
# message rather than minutes or gigabytes (see tests/test_hostile_input.py for the measurements).
MAX_ARTICLE_BYTES = 2_000_000
MAX_FRONT_MATTER_DEPTH = 20
MAX_MARKDOWN_NESTING = 50
MAX_MARK_RUN = 50
MAX_SLUG_BYTES = 100
# python-markdown's inline patterns are quadratic in the links and tags of one paragraph (500 links in
# one paragraph: 0.8 s, 2,000: 11 s, against 0.5 s for 2 MB of prose), so one paragraph may hold only so many.
MAX_LINKS_PER_PARAGRAPH = 200
MAX_MARKUP_PER_PARAGRAPH = 1_000
# Unclosed HTML tags cost time quadratic in their number across the whole file (4,000: 6.5 s).
MAX_TAGS_PER_FILE = 4_000


def is_ignored(name: str) -> bool:
    """Hidden, editor backup and lock files (Office's `~$report.txt` too) are never articles."""
    return name.startswith((".", "#", "_", "~")) or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak"))


_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is; such files are never opened (opening a FIFO waits for a writer)."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "not a regular file")


def iter_article_files(content_dir: Path, problems: list[Problem] | None = None, root: Path | None = None) -> Iterator[Path]:
    """Article files below `content_dir`, sorted; links that lead outside it are skipped.

    What cannot be walked or is no article file despite its name (an unreadable folder, a FIFO, a
    link that loops) goes to `problems` rather than being skipped silently.
    """
    found = problems if problems is not None else []
    top = content_dir.resolve()

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else content_dir
        found.append(Problem(display_path(where, root), f"cannot be read ({exc.strerror})", "check its permissions"))

    for dirpath, dirnames, filenames in os.walk(content_dir, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        for name in sorted(filenames):
            if is_ignored(name) or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            path = Path(dirpath) / name
            try:
                real = path.resolve()
                mode = path.stat().st_mode
            except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop before Python 3.13
                found.append(_unstatable(path, exc, root))
                continue
            if real != top and top not in real.parents:
                continue
            if kind := not_regular(mode):
                found.append(Problem(display_path(path, root), f"is {kind}, not an article file, so it was skipped",
                                     "remove it or move it out of the content folder", severity="warning"))
                continue
            yield path


def _unstatable(path: Path, exc: OSError | RuntimeError, root: Path | None) -> Problem:
    shown = display_path(path, root)
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return Problem(shown, "is a symbolic link that loops, so it was skipped", "remove the link or point it at an article", severity="warning")
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        return Problem(shown, "is a symbolic link to a missing file, so it was skipped", "remove the link or point it at an article", severity="warning")
    return Problem(shown, f"cannot be read ({exc.strerror})", "check its permissions")


def display_path(path: Path, root: Path | None = None) -> str:
    """Relative to the site root when given (so exports do not depend on where a build ran), else to the cwd."""
    try:
        return Path(os.path.relpath(path, root) if root is not None else os.path.relpath(path)).as_posix()
    except ValueError:
        return str(path)


def slugify(text: str) -> str:
    """A URL and file-name part: at most 80 characters and MAX_SLUG_BYTES bytes of UTF-8, since a name of
    4-byte characters (emoji, rare CJK) would otherwise overflow the 255-byte file-name limit."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    text = text[:80].encode()[:MAX_SLUG_BYTES].decode(errors="ignore")
    return text.strip("-") or "article"


def read_article_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes; one that is not a regular file is never opened, and one over MAX_ARTICLE_BYTES
    is refused before it is read (python-markdown and spaCy would take minutes over it)."""
    info = path.stat()
    if kind := not_regular(info.st_mode):
        raise ContentError(Problem(shown, f"is {kind}, not an article file", "pass a regular text file"))
    too_big = Problem(shown, f"is {info.st_size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} an article may be",
                      "split it into several articles")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise ContentError(too_big)
    # Non-blocking, in case a FIFO took the file's place since the stat; the cap, in case it grew.
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
        data = f.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ContentError(too_big)
    return data


_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def wide_encoding(data: bytes) -> str | None:
    """"UTF-16" or "UTF-32" (what Windows calls "Unicode"), by byte-order mark or else by where the zero
    bytes of Latin text fall, so that such a file is not called binary."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    head = head[: len(head) // 4 * 4]
    if len(head) < 8 or b"\x00" not in head:
        return None
    for codec, name, zero_at, step in (("utf-32-le", "UTF-32", 3, 4), ("utf-32-be", "UTF-32", 0, 4),
                                       ("utf-16-le", "UTF-16", 1, 2), ("utf-16-be", "UTF-16", 0, 2)):
        if head[zero_at::step].count(0) * 4 < len(head) // step:
            continue
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and sum(c.isprintable() or c in "\t\n\r" for c in text) >= 0.9 * len(text):
            return name
    return None


def read_text(path: Path, shown: str, data: bytes | None = None) -> str:
    data = read_article_bytes(path, shown) if data is None else data
    if wide := wide_encoding(data):
        raise ContentError(Problem(shown, f"is {wide}, not UTF-8", "save the file as UTF-8"))
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

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value its explicit tag cannot hold (`!!int abc`, `!!int` alone, `!!bool maybe`, `!!timestamp
        2024-13-45`, an integer of 5,000 digits) raises ValueError, IndexError, KeyError or AttributeError
        deep in PyYAML: reported at its node like any YAML error."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, LookupError, AttributeError, TypeError) as exc:
            value = node.value if isinstance(node.value, str) else "this value"
            kind = node.tag.rsplit(":", 1)[-1]
            reason = f" ({str(exc).split(';')[0].split(':')[0]})" if isinstance(exc, (ValueError, OverflowError)) else ""
            raise yaml.constructor.ConstructorError(None, None, f"{value[:40]!r} is not a valid {kind}{reason}", node.start_mark) from None


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@functools.cache
def _markdown() -> Any:
    """python-markdown's converter, made on first use: importing it is most of what a build that parses
    no Markdown (all of it memoised in the cache) would spend on it."""
    import markdown

    return markdown.Markdown(extensions=["extra"], output_format="html")


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


def refused_yaml(raw: str) -> tuple[str, str, int] | None:
    """(message, hint, 0-based line) for YAML newsgen will not build, read from the event stream alone.

    An alias (`*a`) repeats an anchored value without copying it: nine nested lists of nine aliases
    ("billion laughs", 400 bytes) load in a millisecond as shared references, then take gigabytes and
    minutes the first time they are printed or copied. Deep nesting makes pickling an article fail.
    """
    depth = 0
    for event in yaml.parse(raw, Loader=_FrontMatterLoader):
        if isinstance(event, yaml.AliasEvent):
            return (f"front matter uses a YAML alias (*{event.anchor}), which newsgen does not expand",
                    "write the value out in full instead of using `&` and `*`", event.start_mark.line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                return (f"front matter is nested more than {MAX_FRONT_MATTER_DEPTH} levels deep",
                        "write plain `key: value` lines and short lists", event.start_mark.line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
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
        if refused := refused_yaml(raw):
            message, hint, line = refused
            raise ContentError(Problem(shown, message, hint, line=line + 2))
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


class _OpenBlock:
    """A block element being collected: its text so far, and its inline spans as [tag, start, end, href]."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[list[Any]] = []
        self.open: dict[str, list[list[Any]]] = {}

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


class _BlockCollector(HTMLParser):
    """Block elements' text and inline spans, in time linear in the HTML (a paragraph with thousands of
    emphasised words must not cost a scan of the paragraph per span)."""

    BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td", "th", "dt", "dd"}
    SKIP_TAGS = {"script", "style", "template", "noscript", "iframe", "object", "svg", "math"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, list[Inline]]] = []
        self._stack: list[_OpenBlock] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP_TAGS:
            self._skip += 1
        elif tag in self.BLOCK_TAGS:
            self._stack.append(_OpenBlock(tag))
        elif tag == "br" and self._stack:
            self._stack[-1].add(" ")
        elif tag in INLINE_TAGS and self._stack and not self._skip:
            block, kind = self._stack[-1], INLINE_TAGS[tag]
            span = [kind, block.length, None, dict(attrs).get("href") if tag == "a" else None]
            block.spans.append(span)
            block.open.setdefault(kind, []).append(span)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in INLINE_TAGS and self._stack:
            block = self._stack[-1]
            if opened := block.open.get(INLINE_TAGS[tag]):
                opened.pop()[2] = block.length
        elif tag in self.BLOCK_TAGS and self._stack and self._stack[-1].tag == tag:
            block = self._stack.pop()
            raw = "".join(block.parts)
            text = " ".join(raw.split())
            closed = [span for span in block.spans if span[2] is not None]
            where = _normalised_offsets(raw, [offset for span in closed for offset in span[1:3]])
            inline = [Inline(kind, start, end, href) for kind, a, b, href in closed if (start := where[a]) < (end := where[b])]
            if text:
                self.blocks.append((block.tag, text, inline))

    def handle_data(self, data: str) -> None:
        if self._stack and not self._skip:
            self._stack[-1].add(data)


def _normalised_offsets(raw: str, offsets: list[int]) -> dict[int, int]:
    """Where each raw offset lands once runs of white space are one space and the ends are trimmed."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", raw)]
    starts = [start for start, _ in words]
    placed = [0]
    for start, end in words:
        placed.append(placed[-1] + (end - start) + 1)
    where: dict[int, int] = {}
    for offset in offsets:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < words[i][1]:
            where[offset] = placed[i] + offset - words[i][0]  # inside word i, or at its start
        elif i >= 0:
            pending = i + 1 < len(words) and offset > words[i][1]  # after white space, with more words to come
            where[offset] = placed[i + 1] - 1 + pending
        else:
            where[offset] = 0
    return where


# \f (pdftotext's page break), \v and NEL end a line; other C0 and C1 control characters mean nothing
# to a reader and are not allowed in the XML feed.
_LINE_BREAK_CONTROLS = re.compile("[\f\v\x85]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_controls(text: str, line_break: str = "\n") -> str:
    """`text` without control characters but tab and newline; \f, \v and NEL become `line_break`."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _LINE_BREAK_CONTROLS.sub(line_break, text))


_CONTAINER_MARK = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
_MARK_RUN = re.compile(rf"[*_]{{{MAX_MARK_RUN + 1},}}|\[{{{MAX_MARK_RUN + 1},}}")
_THEMATIC_BREAK = re.compile(r"[ \t]*([-*_])(?:[ \t]*\1)*[ \t]*")


def markdown_depth(line: str) -> int:
    """How deeply a Markdown line nests: its `>` and list markers plus its indentation in 4-column steps."""
    indent = len(line) - len(line.lstrip(" \t"))
    depth = len(line[:indent].expandtabs(4)) // 4
    pos = 0
    while depth <= MAX_MARKDOWN_NESTING and (m := _CONTAINER_MARK.match(line, pos)):
        depth += 1
        pos = m.end()
    return depth


def check_markdown_limits(source: str, shown: str, first_line: int) -> None:
    """Refuses, naming the line, the nesting that python-markdown takes time and memory superlinear in
    (1,000 nested list levels: 3 s and 730 MB; a run of 20,000 `*`: 3 s, of 100,000 minutes; 1,000,000 `[`: 42 s)."""
    for number, line in enumerate(source.split("\n"), start=first_line):
        for part in clean_controls(line).split("\n"):
            if markdown_depth(part) > MAX_MARKDOWN_NESTING:
                raise ContentError(Problem(shown, f"Markdown is nested more than {MAX_MARKDOWN_NESTING} levels deep (`>` quotes, lists or indentation)",
                                           "flatten the quotes and lists on this line", line=number))
            if (run := _MARK_RUN.search(part)) and not _THEMATIC_BREAK.fullmatch(part):
                marks = "`[` link" if run.group()[0] == "[" else "`*`/`_` emphasis"
                raise ContentError(Problem(shown, f"Markdown has a run of {len(run.group())} {marks} marks, more than {MAX_MARK_RUN}",
                                           "remove the extra marks, or escape them with `\\`", line=number))
    if (tags := source.count("<")) > MAX_TAGS_PER_FILE:
        raise ContentError(Problem(shown, f"the Markdown holds {tags} `<` marks (HTML tags), more than {MAX_TAGS_PER_FILE}",
                                   "remove the HTML, or save the file as .txt if it is not Markdown", line=first_line))
    number = first_line
    for paragraph in re.split(r"(\n[ \t]*\n)", source):
        links = paragraph.count("[")
        marks = paragraph.count("<") - paragraph.count("</") + paragraph.count("&") + paragraph.count("\\")
        if links > MAX_LINKS_PER_PARAGRAPH or marks > MAX_MARKUP_PER_PARAGRAPH:
            what = f"{links} `[` link marks, more than {MAX_LINKS_PER_PARAGRAPH}" if links > MAX_LINKS_PER_PARAGRAPH else \
                f"{marks} HTML, entity or escape marks (`<`, `&`, `\\`), more than {MAX_MARKUP_PER_PARAGRAPH}"
            raise ContentError(Problem(shown, f"a Markdown paragraph has {what}", "split the paragraph, or save the file as .txt if it is not Markdown",
                                       line=number + len(paragraph) - len(paragraph.lstrip("\n"))))
        number += paragraph.count("\n")


def markdown_blocks(source: str) -> tuple[str, list[Block], list[Inline]]:
    """Markdown: rendered, then each block element's text joined by blank lines.

    Raw HTML never reaches a page as markup: only text survives, plus the links and emphasis a reader
    needs (their URLs are vetted when rendered), and script-like elements lose their text too.
    """
    collector = _BlockCollector()
    collector.feed(_markdown().reset().convert(source))
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
    h = hashlib.sha256(b"markdown\n" + _markdown_version())
    for path in (Path(__file__), Path(__file__).with_name("model.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _markdown_version() -> bytes:
    """The installed python-markdown's version file, read rather than imported."""
    spec = importlib.util.find_spec("markdown")
    folder = Path(spec.origin).parent if spec and spec.origin else None
    for name in ("__meta__.py", "__init__.py"):
        if folder is not None and (folder / name).is_file():
            return (folder / name).read_bytes()
    return b"?"


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


def load_article(path: Path, content_dir: Path | None = None, root: Path | None = None, memo: ParseMemo | None = None,
                 warnings: list[Problem] | None = None) -> Article:
    """The article, or a ContentError; `warnings` collects what is worth saying but loads anyway."""
    shown = display_path(path, root)
    raw = read_article_bytes(path, shown)
    text = read_text(path, shown, raw)
    meta, body_src, body_line = split_front_matter(text, shown)
    meta = _clean_meta(meta)
    head = text[: len(text) - len(body_src)]
    if warnings is not None:
        warnings.extend(misspelt_keys(meta, shown, head))
    date = parse_date(meta.get("date"), shown, _meta_line(head, "date"))
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    if fmt == "md":
        check_markdown_limits(body_src, shown, body_line)
    body_src = clean_controls(body_src, "\n\n" if fmt == "md" else "\n")  # a page break ends a paragraph
    body, blocks, inline = parse_markdown(body_src, memo) if fmt == "md" else (*text_blocks(body_src), [])
    title = _meta_text(meta, "title", shown, head)
    title = " ".join(title.split()) if title else title_from_body(body, blocks) or clean_controls(path.stem, " ")
    rel = path.relative_to(content_dir) if content_dir is not None else Path(path.name)
    slug_parts = [slugify(p) for p in rel.parent.parts] + [slugify(_meta_text(meta, "slug", shown, head) or rel.stem)]
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    elif isinstance(tags, list) and all(t is None or isinstance(t, _SCALARS) for t in tags):
        tags = [t for t in tags if t is not None]
    else:
        raise ContentError(Problem(shown, "tags must be a list of words", "write `tags: [a, b]`", line=_meta_line(head, "tags")))
    draft = meta.get("draft")
    if draft is not None and not isinstance(draft, bool):
        raise ContentError(Problem(shown, f"draft must be true or false, not {draft!r}", "write `draft: true` or `draft: false`, without quotes",
                                   line=_meta_line(head, "draft")))
    return Article(
        path=shown,
        source=path,
        slug="/".join(slug_parts),
        title=clean_controls(html.unescape(title), " "),
        date=date,
        body=body,
        blocks=blocks,
        format=fmt,
        author=_meta_text(meta, "author", shown, head),
        url=_meta_text(meta, "source", shown, head) or _meta_text(meta, "url", shown, head),
        licence=_meta_text(meta, "licence", shown, head) or _meta_text(meta, "license", shown, head),
        tags=[str(t) for t in tags],
        draft=bool(draft),
        meta={k: v for k, v in meta.items() if k not in KNOWN_KEYS},
        digest=hashlib.sha256(raw).hexdigest(),
        inline=inline,
    )


def misspelt_keys(meta: dict[str, Any], shown: str, head: str) -> list[Problem]:
    """Keys newsgen does not know that are near one it does (`authour:`): a typo would otherwise drop the
    value silently. Other unknown keys are the site's own, for its templates (`Article.meta`)."""
    found = []
    for key in map(str, meta):
        if key not in KNOWN_KEYS and (close := difflib.get_close_matches(key.casefold(), sorted(KNOWN_KEYS), n=1, cutoff=0.8)):
            found.append(Problem(shown, f"unknown front matter key {key!r}", f"did you mean {close[0]!r}?", line=_meta_line(head, key), severity="warning"))
    return found


# What a front-matter text field may hold (YAML reads `title: 2024` as a number, `title: yes` as true).
_SCALARS = (str, int, float, bool, dt.date)


def _meta_text(meta: dict[str, Any], key: str, shown: str, head: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, _SCALARS):
        raise ContentError(Problem(shown, f"{key} must be text, not a {type(value).__name__}", f"write `{key}: some text`", line=_meta_line(head, key)))
    return str(value)


def _clean_meta(value: Any) -> Any:
    """Front matter without control characters in its strings (YAML's "\\f" and "\\x07" escapes make them);
    nesting is bounded by MAX_FRONT_MATTER_DEPTH, so the recursion is too."""
    if isinstance(value, str):
        return clean_controls(value, " ")
    if isinstance(value, list):
        return [_clean_meta(v) for v in value]
    if isinstance(value, dict):
        return {_clean_meta(k): _clean_meta(v) for k, v in value.items()}
    return value


def load_content(content_dir: Path, drafts: bool = False, root: Path | None = None, memo: ParseMemo | None = None) -> tuple[list[Article], list[Problem]]:
    """Every article, plus every problem found (not just the first), so one run reports them all."""
    articles: list[Article] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        return [], [Problem(display_path(content_dir, root), "content folder not found", "create it or pass --content DIR")]
    seen: dict[str, str] = {}
    paths = list(iter_article_files(content_dir, problems, root))
    if not paths and not any(p.severity == "error" for p in problems) and (strays := _stray_files(content_dir)):
        shown = display_path(content_dir, root).rstrip("/") + "/"
        problems.append(Problem(shown, f"has no article files ({', '.join(ARTICLE_SUFFIXES)}), only {', '.join(strays)}",
                                f"save articles as {' or '.join(ARTICLE_SUFFIXES[:2])} files"))
    for path in paths:
        try:
            article = load_article(path, content_dir, root, memo, problems)
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


def _stray_files(content_dir: Path, most: int = 3) -> list[str]:
    """A few of the files below `content_dir` that are not ignored (looked for only when no article was
    found: a folder of .docx files is a mistake to report, not an empty site to publish)."""
    names: list[str] = []
    for _, dirnames, filenames in os.walk(content_dir):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        names.extend(sorted(n for n in filenames if not is_ignored(n)))
        if len(names) > most:
            return [*names[:most], "…"]
    return names
