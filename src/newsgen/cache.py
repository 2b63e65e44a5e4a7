"""SQLite cache of extraction results, keyed by what the result depends on.

A result depends on the file's bytes, the spaCy pipeline (name and version) and the extractor's own
version; anything else (templates, config) only re-renders.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import asdict
from pathlib import Path

from .model import Block, Claim, DateRef, Extraction, Figure, Inline

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, path TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS markdown (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS builds (output TEXT PRIMARY KEY, inputs TEXT NOT NULL, tree TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
  output TEXT NOT NULL, path TEXT NOT NULL, fingerprint TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
  sources TEXT NOT NULL, PRIMARY KEY (output, path)
);
CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def cache_key(source_digest: str, model: str, extractor_version: str) -> str:
    return hashlib.sha256(f"{model}\0{extractor_version}\0{source_digest}".encode()).hexdigest()


def to_json(ex: Extraction) -> str:
    return json.dumps({"claims": [asdict(c) for c in ex.claims], "figures": [asdict(f) for f in ex.figures], "dates": [asdict(d) for d in ex.dates]})


def from_json(text: str) -> Extraction:
    raw = json.loads(text)
    return Extraction(
        claims=[Claim(**c) for c in raw["claims"]],
        figures=[Figure(**f) for f in raw["figures"]],
        dates=[DateRef(**d) for d in raw["dates"]],
    )


class Cache:
    """A no-op when disabled, so the build reads the same either way."""

    def __init__(self, path: Path | None):
        self.db: sqlite3.Connection | None = None
        self._parsed_used: set[str] = set()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
                raise sqlite3.DatabaseError(f"{path.name} is not a file")
            self.db = sqlite3.connect(path)
            try:
                self.db.executescript(SCHEMA)
                self.db.execute("SELECT key, path, data FROM results LIMIT 1").fetchall()
                self.db.execute("SELECT output, path, fingerprint, size, mtime_ns, sources FROM pages LIMIT 1").fetchall()
            except BaseException:
                self.db.close()
                self.db = None
                raise

    def get(self, key: str) -> Extraction | None:
        if self.db is None:
            return None
        row = self.db.execute("SELECT data FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return from_json(row[0])
        except (TypeError, KeyError, ValueError):
            return None

    def put(self, key: str, path: str, ex: Extraction) -> None:
        if self.db is not None:
            self.db.execute("INSERT OR REPLACE INTO results (key, path, data) VALUES (?, ?, ?)", (key, path, to_json(ex)))

    def get_parsed(self, key: str) -> tuple[str, list[Block], list[Inline]] | None:
        """Markdown an earlier build parsed (the cache is the loader's content.ParseMemo)."""
        if self.db is None:
            return None
        row = self.db.execute("SELECT data FROM markdown WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            body, blocks, inline = json.loads(row[0])
            parsed = str(body), [Block(*b) for b in blocks], [Inline(*i) for i in inline]
        except (TypeError, ValueError):
            return None  # a damaged row: parsed again, and replaced
        self._parsed_used.add(key)
        return parsed

    def put_parsed(self, key: str, parsed: tuple[str, list[Block], list[Inline]]) -> None:
        if self.db is not None:
            body, blocks, inline = parsed
            data = json.dumps([body, [(b.kind, b.start, b.end) for b in blocks], [(i.tag, i.start, i.end, i.href) for i in inline]])
            self.db.execute("INSERT OR REPLACE INTO markdown (key, data) VALUES (?, ?)", (key, data))
            self._parsed_used.add(key)

    def fact(self, key: str) -> str | None:
        """A value an earlier build worked out at some cost (the caller stores what it depends on with it)."""
        if self.db is None:
            return None
        row = self.db.execute("SELECT value FROM facts WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def remember(self, key: str, value: str) -> None:
        if self.db is not None:
            self.db.execute("INSERT OR REPLACE INTO facts (key, value) VALUES (?, ?)", (key, value))

    def last_build(self, output: str) -> tuple[str, str] | None:
        """Fingerprints of the last successful build into `output`: its inputs and the tree it left."""
        if self.db is None:
            return None
        row = self.db.execute("SELECT inputs, tree FROM builds WHERE output = ?", (output,)).fetchone()
        return (row[0], row[1]) if row else None

    def record_build(self, output: str, inputs: str, tree: str) -> None:
        if self.db is not None:
            self.db.execute("INSERT OR REPLACE INTO builds (output, inputs, tree) VALUES (?, ?, ?)", (output, inputs, tree))

    def pages(self, output: str) -> dict[str, tuple[str, int, int]]:
        """Each page of the last build into `output`: the fingerprint of its inputs, and the size and time it was written with."""
        if self.db is None:
            return {}
        rows = self.db.execute("SELECT path, fingerprint, size, mtime_ns FROM pages WHERE output = ?", (output,))
        return {path: (fp, size, mtime) for path, fp, size, mtime in rows}

    def record_pages(self, output: str, pages: list[tuple[str, str, int, int, tuple[str, ...]]]) -> None:
        """Which sources made which page (Lektor-style dependency records), replacing the last build's."""
        if self.db is None:
            return
        self.db.execute("DELETE FROM pages WHERE output = ?", (output,))
        self.db.executemany(
            "INSERT INTO pages (output, path, fingerprint, size, mtime_ns, sources) VALUES (?, ?, ?, ?, ?, ?)",
            [(output, path, fp, size, mtime, json.dumps(list(sources))) for path, fp, size, mtime, sources in pages],
        )

    def forget_pages(self, output: str) -> None:
        """Before `output` is written to: from then on its records no longer hold, even if the build dies."""
        if self.db is not None:
            self.db.execute("DELETE FROM pages WHERE output = ?", (output,))
            self.db.commit()

    def move_pages(self, source: str, dest: str) -> None:
        """The folder `source` was renamed to `dest`: its files, and so its records, are the same."""
        if self.db is not None:
            self.db.execute("DELETE FROM pages WHERE output = ?", (dest,))
            self.db.execute("UPDATE pages SET output = ? WHERE output = ?", (dest, source))

    def prune(self, keep: set[str]) -> None:
        """Drop results (and parsed Markdown) of files that no longer exist or changed, so the cache does not grow forever."""
        if self.db is None:
            return
        stale = [k for (k,) in self.db.execute("SELECT key FROM results") if k not in keep]
        self.db.executemany("DELETE FROM results WHERE key = ?", [(k,) for k in stale])
        stale = [k for (k,) in self.db.execute("SELECT key FROM markdown") if k not in self._parsed_used]
        self.db.executemany("DELETE FROM markdown WHERE key = ?", [(k,) for k in stale])

    def commit(self) -> None:
        if self.db is not None:
            self.db.commit()

    def close(self, commit: bool = True) -> None:
        """`commit=False` after a failed build: what it recorded of a site it never published is dropped."""
        if self.db is not None:
            try:
                if commit:
                    self.db.commit()
                else:
                    self.db.rollback()
            finally:
                self.db.close()
                self.db = None
