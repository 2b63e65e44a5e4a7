"""`newsgen export`: the archive as tables for data teams (SQLite, Parquet, JSON Lines, CSV).

The same five tables in every format, read from the extraction cache without building the site. Their
columns come from the site's export shape (`render.claims_schema`, `with_claim_ids`, `speaker_record`),
so a claim's `id` and `speaker_id` here are the ones in `claims.json` and `speakers.json`; the few
columns only tables need (the article a row belongs to, a figure's claim id, a date's calendar days)
are defined below. Rows are written as they are made, a batch at a time, never as one big string.

The command line imports this module only when `export` runs; Jinja (through newsgen.render) and spaCy come
with the stages that need them, and pyarrow only with `--format parquet`, an optional extra.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NewsgenError
from .files import has_mark, is_empty_dir, swap_folders
from .model import Problem

if TYPE_CHECKING:
    from .analyse import SiteData
    from .config import Config
    from .model import Article, Extraction

FORMATS = ("sqlite", "parquet", "jsonl", "csv")
DEFAULT_OUTPUT = {"sqlite": "export.sqlite", "parquet": "export-parquet", "jsonl": "export-jsonl", "csv": "export-csv"}
SUFFIX = {"parquet": ".parquet", "jsonl": ".jsonl", "csv": ".csv"}
# A folder export carries this file, and a SQLite export this `PRAGMA application_id` ("NGex"): an export
# replaces only what an earlier export wrote, never a folder or database of the user's that is in the way.
EXPORT_MARK = ".newsgen-export"
EXPORT_MARK_TEXT = "This folder is written by `newsgen export`; the next export to it replaces it.\n"
APPLICATION_ID = 0x4E476578
SCHEMA_VERSION = 1
PARQUET_INSTALL = 'pip install "newsgen[parquet]"'
BATCH_ROWS = 5000

Report = Callable[[str], None]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text, integer, real, boolean, date (ISO 8601 outside SQLite/Parquet) or list (of strings)
    nullable: bool
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # (columns, parent table, parent columns)
    references: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# What the site's schema leaves undescribed, said for the tables' documentation.
NOTES = {
    "articles.title": "The article's title",
    "articles.date": "Publication date (front matter `date`)",
    "articles.author": "Front matter `author`",
    "articles.tags": "Front matter `tags`, as written",
    "claims.sentence": "The sentence the claim is in",
    "claims.role": "The speaker's role or title, as the article gives it",
    "figures.text": "The figure as written (`at least 3,000 soldiers`)",
    "figures.unit": "What the number is of, as written (`soldiers`), or a currency code or measure",
    "figures.qualifier": "at_least, at_most, more_than, less_than, approximate, up_to or range (with value_max)",
    "dates.text": "The date as written (`late Tuesday`)",
}
ARTICLE_KEY = Column("article", "text", False, "The article's slug (articles.slug); its page is articles/SLUG/")
_JSON_TO_COLUMN = {"string": "text", "integer": "integer", "number": "real", "boolean": "boolean"}


def _columns(table: str, definition: dict[str, Any], skip: tuple[str, ...] = ()) -> list[Column]:
    """Columns read off a record of the site's JSON Schema, so the two cannot drift apart."""
    out = []
    for name, prop in definition["properties"].items():
        if name in skip:
            continue
        kinds = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
        kind = next(k for k in kinds if k != "null")
        type_ = "list" if kind == "array" else "date" if prop.get("format") == "date" else _JSON_TO_COLUMN[kind]
        text = prop.get("description") or NOTES.get(f"{table}.{name}", "")
        if "enum" in prop:
            text = (text + "; " if text else "") + "one of " + ", ".join(prop["enum"])
        out.append(Column(name, type_, "null" in kinds, text))
    return out


@functools.cache
def tables() -> tuple[Table, ...]:
    """The five tables, parents before children (the order they are written in)."""
    from .config import Config
    from .render import claims_schema

    defs = claims_schema(Config())["$defs"]
    article_cols = _columns("articles", defs["article"], skip=("claims", "figures", "dates"))
    return (
        Table("articles", "One row per article file", tuple(article_cols), ("slug",)),
        Table("speakers", "One row per speaker page of the site (speakers.json)", tuple(_columns("speakers", defs["speaker"])), ("id",)),
        Table("claims", "Who said what: one row per claim, as in claims.json",
              (ARTICLE_KEY, *_columns("claims", defs["claim"])), ("article", "id"),
              ((("article",), "articles", ("slug",)), (("speaker_id",), "speakers", ("id",)))),
        Table("figures", "Every number the articles give, with what it counts",
              (ARTICLE_KEY, Column("id", "text", False, "Stable id of the figure: its anchor on the article page (articles/SLUG/#ID)"),
               *_columns("figures", defs["figure"]),
               Column("claim_id", "text", True, "The claim the figure is in (claims.id of the same article); null for the article's own voice"),
               Column("refers_to", "text", True, "The date the figure refers to (ISO 8601 day, month, year or START/END): the date its clause is tied to, "
                                                 "else the last date given earlier in its paragraph, else the article's date")),
              ("article", "id"),
              ((("article",), "articles", ("slug",)), (("article", "claim_id"), "claims", ("article", "id")))),
        Table("dates", "Every date the articles mention, resolved where possible",
              (ARTICLE_KEY, Column("position", "integer", False, "Place of the date among its article's dates (claims.json `dates`), from 0"),
               Column("id", "text", True, "Its anchor on the article page (articles/SLUG/#ID) when it is on the timeline; null when it could not be placed"),
               *_columns("dates", defs["date"]),
               Column("first_day", "date", True, "First day of the resolved date or range"),
               Column("last_day", "date", True, "Last day of the resolved date or range"),
               Column("granularity", "text", True, "day, month or year, or days, months or years for a range: how precise the date is (null when it could not be placed)")),
              ("article", "position"),
              ((("article",), "articles", ("slug",)),)),
    )


def records(data: SiteData) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(table, row) in the tables' column order, article by article: the rows of one article are made
    from its site record (`site_article_record`), so their ids are the site's own."""
    from .render import site_article_record, speaker_record

    names = {t.name: t.names for t in tables()}
    for sp in data.speakers:
        rec = speaker_record(sp)
        yield "speakers", tuple(rec[n] for n in names["speakers"])
    for view in data.articles:
        slug = view.article.slug
        rec = site_article_record(view)
        rec["date"] = view.article.date
        yield "articles", tuple(rec[n] for n in names["articles"])
        for claim in rec["claims"]:
            claim["article"] = slug
            yield "claims", tuple(claim[n] for n in names["claims"])
        for ref, fig in zip(view.figures, rec["figures"]):
            fig.update(article=slug, id=ref.anchor, claim_id=ref.claim.anchor if ref.claim else None, refers_to=ref.when)
            yield "figures", tuple(fig[n] for n in names["figures"])
        placed = {id(e.ref): e for e in view.timeline}
        for position, (ref, date) in enumerate(zip(view.extraction.dates, rec["dates"])):
            entry = placed.get(id(ref))
            date.update(article=slug, position=position, id=entry.anchor if entry else None, first_day=entry.start if entry else None,
                        last_day=entry.end if entry else None, granularity=entry.granularity if entry else None)
            yield "dates", tuple(date[n] for n in names["dates"])


# ----- writers: each writes into a temporary path; `finish` completes it, the caller renames it into place


class Writer:
    def __init__(self, path: Path):
        self.path = path

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release files after a failure (finish closes them after success)."""


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _json_list(value: Any) -> Any:
    return None if value is None else json.dumps(value, ensure_ascii=False)


class SqliteWriter(Writer):
    """One table per record type with keys, foreign keys and comments (SQLite keeps a table's CREATE text,
    comments and all, and Datasette shows it), plus an FTS5 index of the claims."""

    SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "boolean": "BOOLEAN", "date": "DATE", "list": "TEXT"}
    CONVERT: dict[str, Callable[[Any], Any]] = {"date": _iso, "list": _json_list, "boolean": lambda v: None if v is None else int(v)}

    def __init__(self, path: Path):
        super().__init__(path)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.pending: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in tables()}
        self.convert = {t.name: [self.CONVERT.get(c.type) for c in t.columns] for t in tables()}
        self.insert = {t.name: f"INSERT INTO {t.name} VALUES ({', '.join('?' * len(t.columns))})" for t in tables()}
        self._run(self._start)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except sqlite3.Error as exc:
            raise NewsgenError(Problem(str(self.path), f"cannot be written ({exc})", "check the disk and the folder's permissions")) from None

    def _start(self) -> None:
        self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.db.execute("PRAGMA journal_mode = OFF")  # a new file, renamed into place only when complete
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("BEGIN")
        for t in tables():
            self.db.execute(create_table(t))

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        convert = self.convert[table]
        rows = self.pending[table]
        rows.append(tuple(f(v) if f else v for f, v in zip(convert, row)))
        if len(rows) >= BATCH_ROWS:
            self._run(lambda: self._flush(table))

    def _flush(self, table: str) -> None:
        rows = self.pending[table]
        self.db.executemany(self.insert[table], rows)
        rows.clear()

    def finish(self) -> None:
        def complete() -> None:
            for t in tables():
                self._flush(t.name)
            for statement in INDEXES.strip().split(";\n"):
                self.db.execute(statement)
            self.db.execute("COMMIT")
            self.db.close()

        self._run(complete)
        with open(self.path, "rb+") as f:
            os.fsync(f.fileno())

    def close(self) -> None:
        self.db.close()


# Full-text search of the claims' words and speakers (FTS5, an external-content index over `claims`, so the
# words are stored once); `content="claims"` is how Datasette finds it and offers a search box on claims.
INDEXES = """
CREATE INDEX claims_speaker_id ON claims (speaker_id);
CREATE INDEX figures_claim ON figures (article, claim_id);
CREATE INDEX dates_first_day ON dates (first_day);
CREATE VIRTUAL TABLE claims_fts USING fts5 (text, speaker, content="claims", tokenize="porter unicode61 remove_diacritics 2");
INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')
"""


def create_table(t: Table) -> str:
    """CREATE TABLE with each column's meaning as a comment."""
    lines = []
    for c in t.columns:
        lines.append(f"  {c.name} {SqliteWriter.SQL_TYPES[c.type]}{'' if c.nullable else ' NOT NULL'},  -- {' '.join(c.description.split())}")
    lines.append(f"  PRIMARY KEY ({', '.join(t.key)})" + ("," if t.references else ""))
    for i, (cols, parent, keys) in enumerate(t.references):
        lines.append(f"  FOREIGN KEY ({', '.join(cols)}) REFERENCES {parent} ({', '.join(keys)})" + ("," if i < len(t.references) - 1 else ""))
    return f"CREATE TABLE {t.name} (  -- {t.description}\n" + "\n".join(lines) + "\n)"


class FolderWriter(Writer):
    """One file per table in a folder, with `tables.json` describing their columns and keys."""

    def __init__(self, path: Path, fmt: str):
        super().__init__(path)
        self.fmt = fmt
        (path / EXPORT_MARK).write_text(EXPORT_MARK_TEXT, encoding="utf-8")
        (path / "tables.json").write_text(json.dumps(describe(fmt), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def file(self, table: str) -> Path:
        return self.path / (table + SUFFIX[self.fmt])


class JsonlWriter(FolderWriter):
    def __init__(self, path: Path):
        super().__init__(path, "jsonl")
        self.files = {t.name: open(self.file(t.name), "w", encoding="utf-8") for t in tables()}
        self.names = {t.name: t.names for t in tables()}
        self.dates = {t.name: [i for i, c in enumerate(t.columns) if c.type == "date"] for t in tables()}

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        if self.dates[table]:
            row = tuple(_iso(v) for v in row)
        self.files[table].write(json.dumps(dict(zip(self.names[table], row)), ensure_ascii=False) + "\n")

    def finish(self) -> None:
        for f in self.files.values():
            f.close()

    close = finish


def _csv_cell(kind: str) -> Callable[[Any], str]:
    from .render import csv_cell

    if kind == "text":
        return csv_cell
    if kind == "list":
        return lambda v: "" if v is None else json.dumps(v, ensure_ascii=False)
    if kind == "boolean":
        return lambda v: "" if v is None else ("true" if v else "false")
    return lambda v: "" if v is None else _iso(v) if kind == "date" else repr(v)


class CsvWriter(FolderWriter):
    """RFC 4180 (CRLF, quoted where needed, UTF-8 without BOM); text cells that a spreadsheet would run as a
    formula are prefixed with `'` as in the site's claims.csv (`render.csv_cell`). Numbers are written as
    numbers; lists as JSON arrays; an empty cell is null."""

    def __init__(self, path: Path):
        super().__init__(path, "csv")
        self.files = {t.name: open(self.file(t.name), "w", encoding="utf-8", newline="") for t in tables()}
        self.writers = {name: csv.writer(f) for name, f in self.files.items()}
        self.cells = {t.name: [_csv_cell(c.type) for c in t.columns] for t in tables()}
        for t in tables():
            self.writers[t.name].writerow(t.names)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.writers[table].writerow([f(v) for f, v in zip(self.cells[table], row)])

    def finish(self) -> None:
        for f in self.files.values():
            f.close()

    close = finish


def load_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise NewsgenError(Problem("--format parquet", "needs pyarrow, which is not installed", PARQUET_INSTALL)) from None
    return pyarrow


class ParquetWriter(FolderWriter):
    """One Parquet file per table, typed (dates as date32, lists as list<string>), each column's meaning in
    its field metadata; rows go out in row groups of BATCH_ROWS."""

    def __init__(self, path: Path):
        super().__init__(path, "parquet")
        pa = self.pa = load_pyarrow()
        types = {"text": pa.string(), "integer": pa.int64(), "real": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(), "list": pa.list_(pa.string())}
        self.schemas = {t.name: pa.schema([pa.field(c.name, types[c.type], c.nullable, {"description": c.description}) for c in t.columns],
                                          {"description": t.description, "primary_key": ",".join(t.key)}) for t in tables()}
        self.writers = {name: pa.parquet.ParquetWriter(self.file(name), schema) for name, schema in self.schemas.items()}
        self.pending: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in tables()}

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        rows = self.pending[table]
        rows.append(row)
        if len(rows) >= BATCH_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self.pending[table]
        if rows:
            schema = self.schemas[table]
            columns = [self.pa.array(values, type=f.type) for values, f in zip(zip(*rows), schema)]
            self.writers[table].write_batch(self.pa.RecordBatch.from_arrays(columns, schema=schema))
            rows.clear()

    def finish(self) -> None:
        for name in self.writers:
            self._flush(name)
        self.close()

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


WRITERS: dict[str, Callable[[Path], Writer]] = {"sqlite": SqliteWriter, "jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter}


def describe(fmt: str) -> dict[str, Any]:
    """tables.json: every table's file, columns, keys and references, for code that reads the export."""
    return {"schema_version": SCHEMA_VERSION, "tables": [
        {"name": t.name, "file": t.name + SUFFIX.get(fmt, ""), "description": t.description, "primary_key": list(t.key),
         "foreign_keys": [{"columns": list(cols), "table": parent, "references": list(keys)} for cols, parent, keys in t.references],
         "columns": [{"name": c.name, "type": c.type, "nullable": c.nullable, "description": c.description} for c in t.columns]}
        for t in tables()]}


# ----- the output: written beside its final place, renamed into it when complete


def is_export(path: Path, fmt: str) -> bool:
    """Whether `path` is what an earlier export wrote (so this one may replace it)."""
    if fmt == "sqlite":
        if os.path.islink(path) or not path.is_file():
            return False
        with open(path, "rb") as f:
            head = f.read(72)
        return head.startswith(b"SQLite format 3\0") and int.from_bytes(head[68:72], "big") == APPLICATION_ID
    return has_mark(path, EXPORT_MARK)


def guard_target(target: Path, fmt: str) -> None:
    if not os.path.lexists(target) or is_export(target, fmt):
        return
    if fmt != "sqlite" and is_empty_dir(target):
        return
    if fmt == "sqlite" and os.path.isfile(target) and not os.path.islink(target) and os.path.getsize(target) == 0:
        return
    what = "a folder" if os.path.isdir(target) else "a file"
    raise NewsgenError(Problem(str(target), f"is {what} that newsgen export did not write, so it is left alone",
                               "choose another --output, or move it away"))


def clear_leftovers(target: Path, fmt: str) -> None:
    """Temporary exports of runs that were killed before they could remove them: named after a process
    that is gone (a running export's own is left alone)."""
    for path in target.parent.glob(f".{target.name}.new-*-*"):
        pid = path.name.removeprefix(f".{target.name}.new-").split("-")[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if fmt == "sqlite" and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
        elif fmt != "sqlite" and (has_mark(path, EXPORT_MARK) or is_empty_dir(path)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


@dataclass
class ExportResult:
    output: Path
    counts: dict[str, int] = field(default_factory=dict)
    extracted: int = 0
    cached: int = 0
    seconds: float = 0.0


def write_export(data: SiteData, fmt: str, target: Path) -> dict[str, int]:
    """Every table into a temporary file or folder beside `target`, renamed over it when complete, so a
    failed or interrupted export leaves `target` as it was and no half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target, fmt)
    prefix = f".{target.name}.new-{os.getpid()}-"
    if fmt == "sqlite":
        handle, name = tempfile.mkstemp(prefix=prefix, dir=target.parent)
        os.close(handle)
        tmp = Path(name)
        os.chmod(tmp, 0o644)
    else:
        tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
        os.chmod(tmp, 0o755)
    writer: Writer | None = None
    try:
        writer = WRITERS[fmt](tmp)
        for table, row in records(data):
            writer.add(table, row)
        writer.finish()
        writer = None
        if fmt != "sqlite" and os.path.isdir(target):
            swap_folders(tmp, target)
            shutil.rmtree(tmp)  # the earlier export, now at the temporary name
        else:
            os.replace(tmp, target)
        return counts_of(data)
    except BaseException:
        if writer is not None:
            try:
                writer.close()
            except Exception:
                pass
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        raise


def counts_of(data: SiteData) -> dict[str, int]:
    return {"articles": len(data.articles), "speakers": len(data.speakers), "claims": sum(len(v.claims) for v in data.articles),
            "figures": sum(len(v.figures) for v in data.articles), "dates": sum(len(v.extraction.dates) for v in data.articles)}


def extracted(config: Config, drafts: bool, strict: bool, jobs: int, report: Report, progress: Progress | None) -> tuple[list[tuple[Article, Extraction]], int, int]:
    """Every article with its extraction, as a build gets them: from the cache where the file, model and
    extractor are unchanged, extracted (and cached) otherwise, under the build lock; a damaged cache is
    deleted after one warning and everything extracted again."""
    from .build import run_locked

    return run_locked(config, lambda: _extracted(config, drafts, strict, jobs, report, progress), report, command="export")


def _extracted(config: Config, drafts: bool, strict: bool, jobs: int, report: Report, progress: Progress | None) -> tuple[list[tuple[Article, Extraction]], int, int]:
    from .build import BuildResult, check_problems, extract_all
    from .cache import Cache
    from .content import load_content
    from .incremental import extractor_version
    from .repairs import pipeline_key

    cache = Cache(config.cache_path / "cache.sqlite")
    done = False
    try:
        articles, problems = load_content(config.content_path, drafts=drafts, root=config.root, memo=cache)
        check_problems(problems, strict, report)
        counts = BuildResult()
        results = extract_all(articles, config, cache, pipeline_key(config.model, config.repairs), extractor_version(cache), counts, jobs, progress)
        check_problems(counts.unextracted, strict, report)  # articles a cluster could not extract
        done = True
    finally:
        cache.close(commit=done)
    return results, counts.extracted, counts.cached


def export(config: Config, fmt: str, output: Path | None = None, drafts: bool = False, strict: bool = False, jobs: int = 1,
           report: Report = print, progress: Progress | None = None) -> ExportResult:
    """`newsgen export`: load, extract what the cache lacks, analyse (for the site's speaker ids), write."""
    from .analyse import analyse

    started = time.perf_counter()
    if fmt == "parquet":
        load_pyarrow()  # before any extraction: a missing extra is one line at once
    target = (output if output is not None else config.root / DEFAULT_OUTPUT[fmt]).absolute()
    guard_target(target, fmt)
    pairs, fresh, cached = extracted(config, drafts, strict, jobs, report, progress)
    data = analyse(pairs)
    del pairs
    result = ExportResult(target, write_export(data, fmt, target), fresh, cached)
    result.seconds = time.perf_counter() - started
    return result
