"""Full-text search: a Pagefind index written into the built site, used by the theme's search.js.

The index is a folder of static files (site/pagefind/), so search works offline and no request
leaves the site. Result URLs are root-relative; search.js prefixes the base path it was loaded from.

It holds three kinds of record: the pages that carry a `data-pagefind-body` element (articles and
speakers, in the default theme) and one record per claim, so that a result can be the claim itself and
link to its anchor on the article page. Claim records are read back from the site's own exports (each
article's claims.json and speakers.json), so the indexer needs nothing the build still holds in memory.

Pagefind keeps every record it indexes in memory, most of all while it writes the index out, so a large
site is indexed in shards (site/pagefind/shards/N/) that search.js merges; each shard holds at most
SHARD_PAGES pages' worth, a claim counting as a fraction of a page.

Pages without the marker are ignored by Pagefind once any page carries it. So once the pages that
carry one are written, the indexer can start while the rest of the site is still being rendered
(`start_indexing`): the result is the same as indexing the finished site, and `finish_indexing`
falls back to doing exactly that whenever it cannot be sure.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .config import Config
from .errors import NewsgenError
from .files import carry_file
from .model import Problem

BUNDLE_DIR = "pagefind"
TIMEOUT_SECONDS = 300
SEARCH_MARK = "data-pagefind-body"
# Pagefind's memory grows with the pages it indexes at once (measured on article pages: 1,000 take 0.55 GB,
# 2,000 take 0.96 GB, 9,940 take 2.5 GB), so a large site is indexed this many pages at a time into
# shards that search.js merges in the browser.
SHARD_PAGES = 1500
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
        pending = b""
        stdout = self.proc.stdout
        assert stdout is not None
        try:
            while chunk := stdout.read1(1 << 16):
                pending += chunk
                *messages, pending = pending.split(b",")
                for message in messages:
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
    """One search bundle being indexed by its own Pagefind process: the marked pages under `pages` when
    given, then records added one at a time while `room` (in claims) lasts, until `wait` writes it out."""

    def __init__(self, config: Config, bundle: Path, pages: Path | None = None):
        if importlib.util.find_spec("pagefind") is None:
            raise NewsgenError(Problem("newsgen", "the search indexer Pagefind is not installed", "run `pip install 'pagefind[extended]'`"))
        self.bundle = bundle
        self.language = record_language(config)
        self.room = SHARD_PAGES * CLAIMS_PER_PAGE
        self._service = _Service()
        try:
            options = {"force_language": self.language} if config.language else {}
            self._index = self._service.answer(self._service.send({"type": "NewIndex", "config": options}, keep=True))["index_id"]
            self._pages = self._service.send({"type": "AddDir", "index_id": self._index, "path": str(pages)}, keep=True) if pages else None
        except BaseException:
            self._service.stop()
            raise

    def pages_done(self, marked: int) -> None:
        """Wait until Pagefind has read the pages (their folder may go after this); `marked` of them count."""
        if self._pages is not None:
            self._service.answer(self._pages)
            self._pages = None
        self.room -= marked * CLAIMS_PER_PAGE

    def add(self, record: dict[str, Any]) -> None:
        self._service.send({"type": "AddRecord", "index_id": self._index, **record})
        self.room -= 1

    def wait(self) -> None:
        """Write the bundle and end the indexer."""
        try:
            if self._pages is not None:
                self._service.answer(self._pages)
            self._service.settle()
            self._service.answer(self._service.send({"type": "WriteFiles", "index_id": self._index, "output_path": str(self.bundle.resolve())}, keep=True))
        except BaseException:
            self._service.stop()
            raise
        self._service.close()
        if not (self.bundle / "pagefind.js").is_file():
            raise _failed("it wrote no pagefind.js")

    def cancel(self) -> None:
        self._service.stop()


def record_language(config: Config) -> str:
    """The language Pagefind files the pages under, which every record must share to be searched with them."""
    return config.language.split("-")[0].lower() if config.language else "unknown"


def _html_pages(site_dir: Path) -> list[str]:
    pages = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames[:] = sorted(d for d in dirnames if not (dirpath == str(site_dir) and d == BUNDLE_DIR))
        pages.extend(os.path.relpath(os.path.join(dirpath, f), site_dir) for f in sorted(filenames) if f.endswith(".html"))
    return pages


def index_site(site_dir: Path, config: Config) -> None:
    """Index the finished site: its marked pages, then a record for every claim.

    A site with more marked pages than SHARD_PAGES is indexed in shards: each from a folder of links to
    its pages, so that the URLs Pagefind records are the site's own; the first shard is the main bundle,
    claims fill the last page shard and then shards of their own, and `pagefind/shards.json` lists every
    shard but the first for search.js to merge.
    """
    marked = [p for p in _html_pages(site_dir) if _carries_mark(site_dir / p)]
    bundle = site_dir / BUNDLE_DIR
    if len(marked) <= SHARD_PAGES:
        _index_claims(site_dir, config, Indexing(config, bundle, site_dir), len(marked), [])
        return
    shards = [marked[i:i + SHARD_PAGES] for i in range(0, len(marked), SHARD_PAGES)]
    names = [f"{SHARDS_DIR}/{n}/" for n in range(2, len(shards) + 1)]
    for n, (shard, target) in enumerate(zip(shards, [bundle, *(bundle / name for name in names)]), 1):
        with tempfile.TemporaryDirectory(dir=site_dir, prefix=".search-shard-") as view:
            for rel in shard:
                carry_file(site_dir / rel, Path(view) / rel)
            indexing = Indexing(config, target, Path(view))
            try:
                indexing.pages_done(len(shard))
            except BaseException:
                indexing.cancel()
                raise
        if n < len(shards):
            indexing.wait()
    _index_claims(site_dir, config, indexing, 0, names)


def _index_claims(site_dir: Path, config: Config, indexing: Indexing, marked: int, names: list[str]) -> None:
    """Add every claim to `indexing`, its pages already sent, then to new shards as each one fills; one
    indexer runs at a time. Lists the shards for search.js."""
    try:
        indexing.pages_done(marked)
        for record in claim_records(site_dir, config):
            if indexing.room <= 0:
                indexing.wait()
                names.append(f"{SHARDS_DIR}/{len(names) + 2}/")
                indexing = Indexing(config, site_dir / BUNDLE_DIR / names[-1])
            indexing.add(record)
        indexing.wait()
    except BaseException:
        indexing.cancel()
        raise
    _list_shards(site_dir, names)


def claim_records(site_dir: Path, config: Config) -> Iterator[dict[str, Any]]:
    """A Pagefind record for each claim, from each article's claims.json beside its page; speakers.json
    gives the names of the speaker pages, the values the speaker filter shares with article pages.

    What a claim is found by is its content: the quote, then the speaker's name (also its title, which
    Pagefind ranks first) and role, so searching for a person finds what they said. What a result shows
    besides (the quote exactly, its article, date and kind) is `meta.card`, kept out of the index: the
    quote's length tells search.js which matched words are the quote's.
    """
    from .render import article_url, date_label, kind_label

    speakers = site_dir / "speakers.json"
    names = {s["id"]: s["name"] for s in json.loads(speakers.read_text(encoding="utf-8"))["speakers"]} if speakers.is_file() else {}
    language = record_language(config)
    for path in sorted(site_dir.glob(article_url("") + "**/claims.json")):  # a slug may hold folders
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


def _searchable(site_dir: Path) -> list[str]:
    """The pages Pagefind would index; every page when there are too few to need reading them."""
    pages = _html_pages(site_dir)
    if len(pages) <= SHARD_PAGES:
        return pages
    return [p for p in pages if _carries_mark(site_dir / p)]


def _list_shards(site_dir: Path, names: list[str]) -> None:
    """Written for every site, so search.js never asks for a file that is not there."""
    (site_dir / BUNDLE_DIR / SHARDS_FILE).write_text(json.dumps(names), encoding="utf-8")


def _carries_mark(page: Path) -> bool:
    return SEARCH_MARK in page.read_text(encoding="utf-8")


def _marked(site_dir: Path, paths: list[str]) -> bool:
    return any(_carries_mark(site_dir / p) for p in paths if p.endswith(".html"))


def start_indexing(site_dir: Path, config: Config, written: list[str]) -> Indexing | None:
    """Start indexing early, when one of the pages just written carries the search marker (so Pagefind
    ignores every unmarked page, written yet or not); None when it must wait for the finished site."""
    if not written or len(_searchable(site_dir)) > SHARD_PAGES:
        return None  # every searchable page is written by now: too many for one index
    return Indexing(config, site_dir / BUNDLE_DIR, site_dir) if _marked(site_dir, written) else None


def finish_indexing(early: Indexing | None, site_dir: Path, config: Config, written_since: list[str]) -> None:
    """Add the claims to an early indexer and write it, unless a page written after it started carries the
    marker after all (the theme's templates decide that): then index the finished site again, from scratch."""
    if early is not None and not _marked(site_dir, written_since):
        marked = sum(_carries_mark(site_dir / p) for p in _html_pages(site_dir))
        _index_claims(site_dir, config, early, marked, [])
        return
    if early is not None:
        early.cancel()
        shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
    index_site(site_dir, config)
