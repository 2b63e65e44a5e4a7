"""Full-text search: a Pagefind index written into the built site, used by the theme's search.js.

The index is a folder of static files (site/pagefind/), so search works offline and no request
leaves the site. Result URLs are root-relative; search.js prefixes the base path it was loaded from.

It holds three kinds of record: the pages that carry a `data-pagefind-body` element (articles and
speakers, in the default theme) and one record per claim, so that a result can be the claim itself and
link to its anchor on the article page. Claim records are read back from the site's own exports (each
article's claims.json and speakers.json), so the indexer needs nothing the build still holds in memory.

The records live in shards (site/pagefind/shards/NAME/), each a Pagefind bundle; search.js loads the
first one listed in site/pagefind/shards.json and merges the others into it. A page keeps its shard from build to build (a hash of its
path) and a shard is named by a digest of what it indexes, so a rebuild indexes only the shards whose
searchable content changed and keeps or links the rest (`index_site`). Shards also bound Pagefind's
memory, which grows with the records it holds at once.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from .config import Config
from .errors import NewsgenError
from .files import carry_file, remove_entry
from .model import Problem

T = TypeVar("T")

BUNDLE_DIR = "pagefind"
TIMEOUT_SECONDS = 300
SEARCH_MARK = "data-pagefind-body"
# Pagefind's memory grows with the pages it indexes at once (measured on article pages: 1,000 take 0.55 GB,
# 2,000 take 0.96 GB, 9,940 take 2.5 GB), so a large site is indexed this many pages at a time into
# shards that search.js merges in the browser.
SHARD_PAGES = 1500
# Fewer, larger shards cost a rebuild more indexing; more, smaller ones cost each search more requests.
SHARD_SMALLEST = 100
SHARDS_WANTED = 16
# Part of every shard's name: change it when the same pages would be indexed differently.
SEARCH_FORMAT = "2"
# A claim record costs Pagefind far less than a page. A shard holds this many claims in the place of one
# page, which keeps a shard of claims below a shard of pages: on 9,940 Wikinews articles, shards of 1,500
# pages peaked at 283-615 MB, shards of 16,500 claims at 371-477 MB.
CLAIMS_PER_PAGE = 11
SHARDS_DIR = "shards"
SHARDS_FILE = "shards.json"
CLAIM_TYPE = "Claim"
# Requests sent to the indexer before waiting for answers: enough to keep it busy, few enough that they
# never pile up in its memory.
IN_FLIGHT = 64


def indexer_command() -> list[str]:
    """The Pagefind binary itself when its package says where it is; saves starting a second Python."""
    try:
        from pagefind.service import _must_get_executable

        return [str(_must_get_executable().resolve())]
    except Exception:  # a private helper of pagefind's; any change there falls back to the module
        return [sys.executable, "-m", "pagefind"]


def _failed(reason: str) -> NewsgenError:
    return NewsgenError(Problem("newsgen", f"the search indexer failed: {reason}", "reinstall it with `pip install --force-reinstall 'pagefind[extended]'`"))


def _timed_out() -> NewsgenError:
    return NewsgenError(Problem("newsgen", f"the search indexer took longer than {TIMEOUT_SECONDS} s", "try again, or report a bug"))


class _Service:
    """A `pagefind --service` process, spoken to as Pagefind's own Python and Node wrappers do: each request
    is base64 JSON followed by a comma on stdin, answered in order the same way on stdout.

    Driven here rather than through `pagefind.index.PagefindIndex`, which polls for each answer 0.1 s
    apart: 3.5 minutes for the 2,120 claims of 284 articles. A thread reads the answers as they come, so
    neither pipe fills; only the answers asked for are kept, and the first error.
    """

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen([*indexer_command(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as exc:
            self._stderr.close()
            raise _failed(str(exc)) from None
        self._sent = 0
        self._answered = 0
        self._wanted: set[int] = set()
        self._answers: dict[int, dict[str, Any]] = {}
        self._error: str | None = None
        self._ended = False
        self._change = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        pending = bytearray()  # an answer can be megabytes (GetFiles): grown in place, searched once
        stdout = self.proc.stdout
        assert stdout is not None
        try:
            while chunk := stdout.read1(1 << 16):
                start = len(pending)
                pending += chunk
                while (end := pending.find(b",", start)) >= 0:
                    message = bytes(pending[:end])
                    del pending[:end + 1]
                    start = 0
                    self._take(json.loads(base64.b64decode(message)))
        except (OSError, ValueError) as exc:
            with self._change:
                self._error = self._error or f"unreadable answer ({exc})"
        finally:
            with self._change:
                self._ended = True
                self._change.notify_all()

    def _take(self, answer: dict[str, Any]) -> None:
        payload = answer.get("payload") or {}
        with self._change:
            self._answered += 1
            if payload.get("type") == "Error":
                self._error = self._error or str(payload.get("message") or "error")
            elif answer.get("message_id") in self._wanted:
                self._answers[answer["message_id"]] = payload
            self._change.notify_all()

    def send(self, payload: dict[str, Any], keep: bool = False) -> int:
        """Queue a request; its answer is kept for `answer` when `keep`, otherwise only checked for an error."""
        stdin = self.proc.stdin
        assert stdin is not None
        if self._sent - self._answered >= IN_FLIGHT:
            self._flush()
            self._wait(lambda: self._sent - self._answered < IN_FLIGHT // 2)
        self._sent += 1
        if keep:
            self._wanted.add(self._sent)
        try:
            stdin.write(base64.b64encode(json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")) + b",")
        except OSError:
            raise self._gone() from None
        return self._sent

    def answer(self, message_id: int) -> dict[str, Any]:
        self._flush()
        self._wait(lambda: message_id in self._answers)
        return self._answers.pop(message_id)

    def settle(self) -> None:
        """Wait until every request so far is answered; raises the first error among them."""
        self._flush()
        self._wait(lambda: self._answered == self._sent)

    def _flush(self) -> None:
        try:
            self.proc.stdin.flush()  # type: ignore[union-attr]
        except OSError:
            raise self._gone() from None

    def _wait(self, done: Callable[[], bool]) -> None:
        with self._change:
            finished = self._change.wait_for(lambda: self._error is not None or self._ended or done(), timeout=TIMEOUT_SECONDS)
        if self._error is not None:
            raise _failed(self._error)
        if not finished:
            raise _timed_out()
        if not done():
            raise self._gone()

    def _gone(self) -> NewsgenError:
        """The indexer stopped before answering: the last line it wrote, or its exit status."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        self.stop()
        return _failed(lines[-1] if lines else f"exit status {self.proc.returncode}")

    def close(self) -> None:
        """Let the indexer end on its own: it exits when its input ends."""
        try:
            self.proc.stdin.close()  # type: ignore[union-attr]
            self.proc.wait(timeout=TIMEOUT_SECONDS)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.stop()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()  # type: ignore[union-attr]
            except OSError:
                pass
        self._reader.join(timeout=5)
        self._stderr.close()


class Indexing:
    """One search bundle being indexed by its own Pagefind process, from pages and records sent one at a
    time, until `wait` writes it out."""

    def __init__(self, config: Config, bundle: Path):
        if importlib.util.find_spec("pagefind") is None:
            raise NewsgenError(Problem("newsgen", "the search indexer Pagefind is not installed", "run `pip install 'pagefind[extended]'`"))
        self.bundle = bundle
        self._service = _Service()
        try:
            options = {"force_language": record_language(config)} if config.language else {}
            self._index = self._service.answer(self._service.send({"type": "NewIndex", "config": options}, keep=True))["index_id"]
        except BaseException:
            self._service.stop()
            raise

    def add_page(self, url: str, html: str) -> None:
        self._service.send({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html, "file_path": None})

    def add(self, record: dict[str, Any]) -> None:
        self._service.send({"type": "AddRecord", "index_id": self._index, **record})

    def wait(self) -> None:
        """Write the bundle and end the indexer.

        The files are asked for and written here rather than by Pagefind's WriteFiles, which answers
        before it has finished writing: an indexer that then ends on closed input left an empty
        pagefind-entry.json in about one bundle in forty on a busy machine."""
        try:
            self._service.settle()
            files = self._service.answer(self._service.send({"type": "GetFiles", "index_id": self._index}, keep=True))["files"]
        except BaseException:
            self._service.stop()
            raise
        self._service.close()
        for file in files:
            path = self.bundle / file["path"]
            if path.name in UI_FILES or ".." in Path(file["path"]).parts:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(file["content"]))
        if not (self.bundle / "pagefind.js").is_file() or not (self.bundle / "pagefind-entry.json").is_file():
            raise _failed("it wrote no pagefind.js")

    def cancel(self) -> None:
        self._service.stop()


def record_language(config: Config) -> str:
    """The language Pagefind files the pages under, which every record must share to be searched with them."""
    return config.language.split("-")[0].lower() if config.language else "unknown"


def _html_pages(site_dir: Path) -> list[str]:
    pages = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = sorted(d for d in dirnames if not (dirpath == str(site_dir) and d == BUNDLE_DIR) and not d.startswith("."))
        pages.extend(os.path.relpath(os.path.join(dirpath, f), site_dir) for f in sorted(filenames) if f.endswith(".html"))
    return pages


@dataclass(frozen=True)
class Unit:
    """What search holds of one page: the page itself when it carries the marker, and, for an article,
    a record per claim. A unit is never split between shards, so an edited article touches one shard."""

    key: str
    marked: bool
    claims: Path | None
    weight: int
    digest: str


@dataclass
class Shard:
    name: str
    units: list[Unit]


@dataclass
class SearchStats:
    shards: int = 0
    indexed: int = 0


_TAG_NAME = re.compile(r"<([a-zA-Z][\w-]*)")


def searchable_part(html: str) -> str:
    """The part of a page Pagefind reads: each `data-pagefind-body` element, every tag carrying a
    `data-pagefind-*` attribute with the text after it (filters and metadata may sit outside the body),
    the `<html>` tag (its language) and the first `<h1>` and image after it (Pagefind's default title
    and image). A page whose searchable part is unchanged needs no new index,
    whatever else changed around it (a site title, a footer, the navigation)."""
    start = html.find("<html")
    parts = [html[start:html.find(">", start) + 1] if start >= 0 else ""]
    h1 = html.find("<h1")  # Pagefind's default title, and its default image the first after it
    if h1 >= 0:
        parts.append(html[h1:html.find("</h1>", h1) + 5])
        img = html.find("<img", h1)
        parts.append(html[img:html.find(">", img) + 1] if img >= 0 else "")
    at = html.find("data-pagefind-")
    while at >= 0:
        tag = html.rfind("<", 0, at)
        close = html.find(">", at)
        if tag < 0 or close < 0:
            break
        text_end = html.find("<", close)
        parts.append(html[tag:text_end if text_end >= 0 else len(html)])
        if html.startswith("data-pagefind-body", at) and (name := _TAG_NAME.match(html, tag)):
            parts.append(html[tag:_element_end(html, name.group(1), close + 1)])
        at = html.find("data-pagefind-", close)
    return "\0".join(parts)


def _element_end(html: str, name: str, start: int) -> int:
    """Where the element whose start tag ends at `start` closes (its matching end tag), or the page's end."""
    tags = re.compile(rf"<(/?){re.escape(name)}[\s>/]", re.IGNORECASE)
    depth = 1
    for t in tags.finditer(html, start):
        end = html.find(">", t.end() - 1)
        if not t.group(1) and html[end - 1] == "/":
            continue
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return end + 1
    return len(html)


def page_url(path: str) -> str:
    """The URL Pagefind gives a page it finds on disk: `articles/a/index.html` is `/articles/a/`."""
    return "/" + (path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path)


def search_units(site_dir: Path, config: Config) -> list[Unit]:
    """Every marked page and every article's claims, each with a digest of what Pagefind would index."""
    units: dict[str, tuple[bool, Path | None, int, list[str]]] = {}
    pages = _html_pages(site_dir)
    for rel in pages:
        html = (site_dir / rel).read_text(encoding="utf-8")
        if SEARCH_MARK in html:
            units[rel] = (True, None, CLAIMS_PER_PAGE, [hashlib.sha256(searchable_part(html).encode("utf-8")).hexdigest()])
    if not units:  # a theme that marks no page: Pagefind's own rule, every page is searched whole
        for rel in pages:
            units[rel] = (True, None, CLAIMS_PER_PAGE, [hashlib.sha256((site_dir / rel).read_bytes()).hexdigest()])
    names = speaker_names(site_dir)
    language = record_language(config)
    for path in claim_files(site_dir):
        key = path.parent.relative_to(site_dir).as_posix() + "/index.html"
        records = list(article_records(path, site_dir, names, language))
        marked, _, weight, digests = units.get(key, (False, None, 0, []))
        digest = hashlib.sha256(json.dumps(records, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
        units[key] = (marked, path, weight + len(records), [*digests, digest])
    return [Unit(key, marked, claims, weight, "/".join(digests)) for key, (marked, claims, weight, digests) in sorted(units.items())]


def plan_shards(units: list[Unit], config: Config) -> list[Shard]:
    """Units spread over shards by a hash of their path, so that a page stays in its shard from build to
    build and a change touches only the shards of the pages it changed; each shard is named by a digest
    of everything it holds, so an unchanged one can be kept. About SHARDS_WANTED shards (a power of two,
    so the count changes seldom), none smaller than SHARD_SMALLEST pages' worth unless the site is, none
    larger than SHARD_PAGES (a bucket that hashing made larger is cut in key order)."""
    total = sum(u.weight for u in units)
    if not total:
        return []
    size = min(SHARD_PAGES // 2 or 1, max(SHARD_SMALLEST, -(-total // (SHARDS_WANTED * CLAIMS_PER_PAGE)))) * CLAIMS_PER_PAGE
    count = 1 << max(0, (-(-total // size) - 1).bit_length())
    buckets: list[list[Unit]] = [[] for _ in range(count)]
    for u in units:
        buckets[int(hashlib.sha1(u.key.encode("utf-8")).hexdigest()[:8], 16) % count].append(u)
    limit = SHARD_PAGES * CLAIMS_PER_PAGE
    salt = f"{SEARCH_FORMAT}\0{_indexer_version()}\0{config.language}\0{record_language(config)}\n"
    shards: list[Shard] = []
    for bucket in buckets:
        part: list[Unit] = []
        for u in bucket:
            if part and sum(x.weight for x in part) + u.weight > limit:
                shards.append(_shard(salt, part))
                part = []
            part.append(u)
        if part:
            shards.append(_shard(salt, part))
    return shards


def _shard(salt: str, units: list[Unit]) -> Shard:
    h = hashlib.sha256(salt.encode("utf-8"))
    for u in units:
        h.update(f"{u.key}\0{u.marked}\0{u.digest}\n".encode("utf-8"))
    return Shard(h.hexdigest()[:24], units)


@functools.cache
def _indexer_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def index_site(site_dir: Path, config: Config, previous: list[Path] | None = None, jobs: int = 1) -> SearchStats:
    """Index the finished site: its marked pages and a record for every claim, in shards that search.js
    merges (`pagefind/shards.json` lists them; the first one's pagefind.js loads the others).

    A shard this folder already holds (the site of two builds ago, when it is the staging folder) stays;
    one a `previous` site holds is linked from there; only the rest are indexed, `jobs` at a time. So a
    rebuild after one article changed indexes the one or two shards it touched, and a shard that no page
    holds any more is deleted with its stale records.
    """
    shards = plan_shards(search_units(site_dir, config), config)
    home = site_dir / BUNDLE_DIR / SHARDS_DIR
    for folder in (home.parent, home):
        if os.path.islink(folder) or (os.path.lexists(folder) and not folder.is_dir()):
            remove_entry(folder)  # never written through a link
    home.mkdir(parents=True, exist_ok=True)
    wanted = {s.name for s in shards}
    for entry in os.listdir(home):
        if entry not in wanted or os.path.islink(home / entry):
            remove_entry(home / entry)
    todo = []
    for shard in shards:
        if _complete(home / shard.name):
            continue
        found = next((p / BUNDLE_DIR / SHARDS_DIR / shard.name for p in previous or [] if _complete(p / BUNDLE_DIR / SHARDS_DIR / shard.name)), None)
        if found is not None:
            _carry_bundle(found, home / shard.name)
        else:
            todo.append(shard)
    names = speaker_names(site_dir)
    _each(todo, lambda shard: _index_shard(site_dir, config, shard, home / shard.name, names), jobs)
    (site_dir / BUNDLE_DIR / SHARDS_FILE).write_text(json.dumps([f"{SHARDS_DIR}/{s.name}/" for s in shards]), encoding="utf-8")
    return SearchStats(len(shards), len(todo))


def _each(items: list[T], run: Callable[[T], None], jobs: int) -> None:
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            run(item)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(jobs, len(items))) as pool:
        futures = [pool.submit(run, item) for item in items]
        try:
            for f in futures:
                f.result()
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _complete(bundle: Path) -> bool:
    """A shard folder gets its name only once it is written whole (`_index_shard`)."""
    return (bundle / "pagefind-entry.json").is_file()


def _carry_bundle(src: Path, dest: Path) -> None:
    tmp = dest.with_name(".new-" + dest.name)
    remove_entry(tmp)
    for dirpath, _, filenames in os.walk(src):
        for f in filenames:
            path = Path(dirpath, f)
            carry_file(path, tmp / path.relative_to(src))
    os.replace(tmp, dest)


# Pagefind's own search interfaces: search.js uses its API, never these.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-component-ui.js",
            "pagefind-component-ui.css", "pagefind-highlight.js")


def _index_shard(site_dir: Path, config: Config, shard: Shard, dest: Path, names: dict[str, str]) -> None:
    tmp = dest.with_name(".new-" + dest.name)
    remove_entry(tmp)
    indexing = Indexing(config, tmp)
    language = record_language(config)
    try:
        for unit in shard.units:
            if unit.marked:
                indexing.add_page(page_url(unit.key), (site_dir / unit.key).read_text(encoding="utf-8"))
            if unit.claims is not None:
                for record in article_records(unit.claims, site_dir, names, language):
                    indexing.add(record)
        indexing.wait()
    except BaseException:
        indexing.cancel()
        remove_entry(tmp)
        raise
    os.replace(tmp, dest)


def claim_files(site_dir: Path) -> list[Path]:
    """Each article's claims.json, beside its page (a slug may hold folders)."""
    from .render import article_url

    return sorted(site_dir.glob(article_url("") + "**/claims.json"))


def speaker_names(site_dir: Path) -> dict[str, str]:
    """Speaker ids to the names of their pages, from the site's speakers.json."""
    speakers = site_dir / "speakers.json"
    return {s["id"]: s["name"] for s in json.loads(speakers.read_text(encoding="utf-8"))["speakers"]} if speakers.is_file() else {}


def claim_records(site_dir: Path, config: Config) -> Iterator[dict[str, Any]]:
    """Every claim's record, article by article (see `article_records`)."""
    names = speaker_names(site_dir)
    language = record_language(config)
    for path in claim_files(site_dir):
        yield from article_records(path, site_dir, names, language)


def article_records(path: Path, site_dir: Path, names: dict[str, str], language: str) -> Iterator[dict[str, Any]]:
    """A Pagefind record for each claim of one article, from its claims.json beside its page; speakers.json
    gives the names of the speaker pages, the values the speaker filter shares with article pages.

    What a claim is found by is its content: the quote, then the speaker's name (also its title, which
    Pagefind ranks first) and role, so searching for a person finds what they said. What a result shows
    besides (the quote exactly, its article, date and kind) is `meta.card`, kept out of the index: the
    quote's length tells search.js which matched words are the quote's.
    """
    from .render import date_label, kind_label

    article = json.loads(path.read_text(encoding="utf-8"))
    page = "/" + path.parent.relative_to(site_dir).as_posix() + "/"
    day = (article.get("date") or "")[:10]
    when = {"date": day, "when": date_label(date.fromisoformat(day), date.fromisoformat(day))} if day else {}
    for claim in article.get("claims", []):
        quote = " ".join(claim["text"].replace("\u200b", "").split())
        written = claim.get("speaker") or ""
        speaker = names.get(claim.get("speaker_id")) or written
        said = [speaker, written if written.lower() not in speaker.lower() else "", claim.get("role") or ""]
        filters = {"type": [CLAIM_TYPE], "kind": [kind_label(claim["kind"])], "tag": list(article.get("tags") or [])}
        if claim.get("speaker_id") in names:
            filters["speaker"] = [names[claim["speaker_id"]]]
        card = {"quote": quote, "kind": claim["kind"], "article": article.get("title") or "", **when}
        yield {
            "url": f"{page}#{claim['id']}",
            "content": "\n".join([quote, *filter(None, said)]),
            "language": language,
            "meta": {"title": speaker, "card": unsearchable(json.dumps(card, ensure_ascii=False))},
            "filters": {k: v for k, v in filters.items() if v},
        }


# Every UTF-16 unit of a text moved into Supplementary Private Use Area-A, one character each.
_HIDDEN = 0xF0000


@functools.cache
def _hide() -> dict[int, int]:
    return {i: _HIDDEN + i for i in range(0x10000)}


def unsearchable(text: str) -> str:
    """`text` in characters that make no words, for search.js to shift back (`shown`).

    Pagefind 1.5 indexes every metadata field as words: a claim's article title and date, there for
    showing, would make every claim of an article match a word of its title, or of the month it is
    dated. Private-use characters are not word characters, so no word is made of them.
    """
    if text.isascii() or max(text) < "\U00010000":
        return text.translate(_hide())
    units = text.encode("utf-16-le")
    return "".join(chr(_HIDDEN + int.from_bytes(units[i:i + 2], "little")) for i in range(0, len(units), 2))
