"""`newsgen build`: the stages in order, load -> extract -> analyse -> render -> check -> publish."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .cache import Cache, cache_key
from .config import CONFIG_NAME, Config, layout_problems
from .content import load_content, slugify
from .errors import ConfigError, ContentError, ModelError, NewsgenError, os_problem
from .files import SITE_MARK, BuildLock, Writer, has_mark, is_empty_dir, is_real_dir, mark_site, open_cache_folder, prune, remove_entry, remove_site, swap_folders
from .incremental import carry_over, extractor_version, inputs_fingerprint, page_fingerprints, size_mtime, theme_fingerprint, tree_fingerprint
from .installed import resolve_model
from .model import Article, Extraction, Problem
from .repairs import pipeline_key

# spaCy, Jinja and the stages that use them take a second to import, and a build with nothing to do
# needs none of them: each is imported where a build first has work for it.
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .render import Page

Report = Callable[[str], None]
T = TypeVar("T")


@dataclass
class BuildResult:
    articles: int = 0
    claims: int = 0
    pages: int = 0
    extracted: int = 0
    cached: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False
    rendered: int = 0
    unextracted: list[Problem] = field(default_factory=list)  # articles a cluster could not extract (built without claims)
    shards: int = 0
    shards_indexed: int = 0

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def check_problems(problems: list[Problem], strict: bool, report: Report) -> list[Problem]:
    """Errors stop the build; warnings are printed, and stop it too under --strict. A build that stops
    raises all its problems, warnings too, in the order found, so that the count printed after them is
    the count of the lines above it."""
    warnings = [p for p in problems if p.severity != "error"]
    if len(warnings) < len(problems) or (strict and warnings):
        raise ContentError(list(problems))
    for w in warnings:
        report(str(w))
    return warnings


Progress = Callable[[str, int, int], None]
BATCH_SIZE = 8
WORKER_BATCHES = 16


def _extract_batch(model: str, articles: list[Article], repairs_setting: str = "auto") -> list[Extraction]:
    """Runs in a worker process too: the pipeline is loaded once per process and kept."""
    from .extract import extract
    from .nlp import load_pipeline, parse

    nlp = load_pipeline(model, repairs_setting)
    return [extract(doc, a) for a, doc in zip(articles, parse(nlp, (a.body for a in articles)))]


def _worker_start(parent: int) -> None:
    """In each extraction worker: Ctrl-C is the build's to handle (no traceback per worker), and the worker
    ends by itself once the build process is gone, however it ended (kill -9 included)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    first_parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except OSError:
                pass
            if os.getppid() != first_parent:
                os._exit(1)

    threading.Thread(target=watch, name="newsgen-parent-watch", daemon=True).start()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """A failed or interrupted build does not wait for batches nobody will read."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.terminate()
    for proc in processes:
        proc.join(timeout=5)


def _batches(items: list[Article], size: int) -> list[list[Article]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_extraction(articles: list[Article], model: str, jobs: int, progress: Progress | None = None, repairs_setting: str = "auto") -> Iterator[tuple[Article, Extraction]]:
    """Yields results as they finish, in order; several processes when there is enough work for them."""
    batches = _batches(articles, BATCH_SIZE)
    done = 0
    if jobs <= 1 or len(batches) < 2:
        for batch in batches:
            for pair in zip(batch, _extract_batch(model, batch, repairs_setting)):
                yield pair
            done += len(batch)
            if progress:
                progress("extract", done, len(articles))
        return
    from concurrent.futures import ProcessPoolExecutor

    from .nlp import worker_context

    resolve_model(model)  # fail here, in the main process, with one clear error
    # A fresh pool per chunk: spaCy's string store only grows, and 10,000 articles would bloat long-lived workers.
    workers = min(jobs, len(batches))
    chunk = WORKER_BATCHES * workers
    with worker_context(model, repairs_setting) as context:
        for first in range(0, len(batches), chunk):
            part = batches[first:first + chunk]
            pool = ProcessPoolExecutor(max_workers=min(workers, len(part)), mp_context=context, initializer=_worker_start, initargs=(os.getpid(),))
            try:
                for batch, results in zip(part, pool.map(_extract_batch, [model] * len(part), part, [repairs_setting] * len(part))):
                    yield from zip(batch, results)
                    done += len(batch)
                    if progress:
                        progress("extract", done, len(articles))
            except BaseException:
                _stop_workers(pool)
                raise
            pool.shutdown(wait=True)


def extract_all(articles: list[Article], config: Config, cache: Cache, model_key: str, extractor: str, result: BuildResult, jobs: int = 1,
                progress: Progress | None = None) -> list[tuple[Article, Extraction]]:
    """Cached results where the file, model and extractor are unchanged; one spaCy pass over the rest."""
    keys = {a.path: cache_key(a.digest, model_key, extractor) for a in articles}
    found: dict[str, Extraction] = {}
    for a in articles:
        ex = cache.get(keys[a.path])
        if ex is not None:
            found[a.path] = ex
    todo = [a for a in articles if a.path not in found]
    if config.cluster:
        from .cluster import cluster_extraction

        pairs: Iterator[tuple[Article, Extraction | Problem]] = cluster_extraction(todo, config.model, config.cluster, extractor, progress, config.repairs)
    else:
        pairs = run_extraction(todo, config.model, jobs, progress, repairs_setting=config.repairs)
    for article, ex in pairs:
        if isinstance(ex, Problem):
            # Built without claims and not cached; its pages are marked so that the next build, which
            # extracts it again, renders them again.
            result.unextracted.append(ex)
            found[article.path], article.digest = Extraction(), article.digest + "+unextracted"
            continue
        found[article.path] = ex
        cache.put(keys[article.path], article.path, ex)
    result.extracted, result.cached = len(todo), len(articles) - len(todo)
    cache.prune(set(keys.values()))
    return [(a, found[a.path]) for a in articles]


def guard_output(config: Config, cache: Cache) -> Path:
    """The output folder is replaced by every build, so it must be newsgen's own: missing, empty, marked
    by an earlier build, or recorded in the cache by a build from before the mark existed."""
    problems = layout_problems(config)
    if problems:
        raise ConfigError(problems)
    out = config.output_path.absolute()
    if os.path.islink(out):
        raise ConfigError(Problem(str(config.output_path), "the output folder is a symbolic link", "set output_dir to the real folder, or remove the link"))
    if out.exists() and not (has_mark(out, SITE_MARK) or is_empty_dir(out) or cache.last_build(str(out.resolve())) is not None):
        raise ConfigError(Problem(str(config.output_path), "the output folder holds files newsgen did not write",
                                  "move them away, or set output_dir (--output) to another folder"))
    return out.resolve()


def staging_folder(config: Config, out: Path) -> Path | None:
    """Where the site of two builds ago waits to be the next build's staging folder: in the cache folder,
    when that is on the site's file system (a folder can only be renamed within one)."""
    folder = config.cache_path
    out.parent.mkdir(parents=True, exist_ok=True)
    if os.stat(folder).st_dev != os.stat(out.parent).st_dev:
        return None
    staging = (folder / "staging").absolute()
    if os.path.lexists(staging) and not is_real_dir(staging):
        os.unlink(staging)  # a link or file in newsgen's own folder: the link goes, never what it points at
    return staging


def clear_leftovers(out: Path) -> None:
    """Temporary sites of builds that were killed (`.site.new-*`), deleted only where newsgen marked them."""
    for path in out.parent.glob(f".{out.name}.new-*"):
        remove_site(path)


@contextmanager
def staged_output(out: Path, staging: Path | None = None) -> Iterator[Path]:
    """Write into a staging folder and swap it in only when everything succeeded.

    With `staging` (the site of two builds ago, or a new folder), the site it replaces becomes the next
    build's staging folder, so that most files are rewritten in place rather than made anew (files.py).
    Without it, a fresh temporary folder beside `out`, and the replaced site is deleted. Either way the
    swap is one atomic exchange where Linux offers it: `out` is at every moment the old site or the new.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    if staging is not None:
        staging.mkdir(parents=True, exist_ok=True)
        tmp = staging
    else:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    mark_site(tmp)
    try:
        yield tmp
    except BaseException:
        if staging is None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o755)
    if not out.exists():
        os.replace(tmp, out)
        return
    swap_folders(tmp, out)
    if staging is None:
        shutil.rmtree(tmp, ignore_errors=True)  # the replaced site, now at the temporary name


def tag_problems(articles: list[Article]) -> list[Problem]:
    """Distinct tags whose pages would be one file (`C`, `C++` and `C#` are all tags/c/) are refused before
    anything is written; tags differing only in case or spacing are one topic (analyse.tag_key)."""
    first: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for a in articles:
        for tag in a.tags:
            slug = slugify(tag)
            seen = first.setdefault(slug, (tag, a.path))
            if seen[0] != tag and _topic(seen[0]) != _topic(tag):
                problems.append(Problem(a.path, f"tag {tag!r} would have the same page (tags/{slug}/) as tag {seen[0]!r} of {seen[1]}",
                                        "rename one of the two tags"))
    return problems


def publishing_problems(config: Config) -> list[Problem]:
    """Sitemaps and Atom feeds take only absolute addresses, which a base_url without a host cannot give:
    the two files are left out (render.plan_pages), and this says so once per build."""
    if config.site_url:
        return []
    return [Problem(CONFIG_NAME, f"base_url {config.base_url!r} is not a full URL, so sitemap.xml and feed.xml were left out",
                    "set base_url (or --base-url) to the site's address, such as https://USER.github.io/REPO/", severity="warning")]


def _topic(tag: str) -> str:
    from .analyse import tag_key

    return tag_key(tag)


def page_problems(pages: list[Page]) -> list[Problem]:
    """Two pages planned at one path would overwrite each other: stop before rendering."""
    seen: set[str] = set()
    return [Problem(p.path, "two pages would be written to this path", "rename one of the articles, tags or speakers behind it")
            for p in pages if p.path in seen or seen.add(p.path)]  # type: ignore[func-returns-value]


# SQLite errors that say the disk, not the cache file, is at fault; any other database error is a damaged cache.
DISK_ERRORS = ("disk is full", "readonly", "read-only", "disk i/o", "unable to open", "locked", "out of memory")


def build(
    config: Config,
    drafts: bool = False,
    strict: bool = False,
    use_cache: bool = True,
    report: Report = print,
    jobs: int = 1,
    progress: Progress | None = None,
) -> BuildResult:
    """One build at a time per cache folder; a damaged cache is deleted after one warning and the build
    runs again from scratch; an operating-system failure is one problem naming its path. Until the final
    swap nothing the user can see has changed, so every failure leaves the previous site as it was."""
    started = time.perf_counter()
    try:
        result = run_locked(config, lambda: _build(config, drafts, strict, use_cache, report, jobs, progress), report)
    except OSError as exc:
        raise NewsgenError(os_problem(exc, str(config.output_path))) from None
    result.seconds = time.perf_counter() - started
    return result


def run_locked(config: Config, run: Callable[[], T], report: Report, command: str = "build") -> T:
    """`run` under the build lock of the cache folder (build and export read and fill one cache); a
    damaged cache is deleted after one warning and `run` goes again from scratch, a failing disk is
    one problem naming the database."""
    db = config.cache_path / "cache.sqlite"
    open_cache_folder(config.cache_path)
    with BuildLock(config.cache_path):
        for attempt in (1, 2):
            try:
                return run()
            except sqlite3.DatabaseError as exc:
                message = str(exc)
                if any(d in message.lower() for d in DISK_ERRORS):
                    raise NewsgenError(Problem(str(db), f"cannot be used ({message})", "check the disk and the folder's permissions")) from None
                if attempt == 2:
                    raise NewsgenError(Problem(str(db), f"is damaged ({message}) and could not be rebuilt", f"delete the cache folder and {command} again")) from None
                report(str(Problem(str(db), f"the cache is damaged ({message}); it was deleted and everything is extracted again", severity="warning")))
                reset_cache(db)
    raise AssertionError("unreachable")


def reset_cache(db: Path) -> None:
    for path in (db, db.with_name(db.name + "-journal"), db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        remove_entry(path)


def _build(config: Config, drafts: bool, strict: bool, use_cache: bool, report: Report, jobs: int, progress: Progress | None) -> BuildResult:
    result = BuildResult()
    cache = Cache(config.cache_path / "cache.sqlite" if use_cache else None)
    published = False
    try:
        out = guard_output(config, cache)
        clear_leftovers(out)
        with result.timed("load"):
            articles, problems = load_content(config.content_path, drafts=drafts, root=config.root, memo=cache)
            problems += tag_problems(articles) + publishing_problems(config)
            if any(p.severity == "error" for p in problems):
                from .render import check_templates

                problems += check_templates(config)  # one run reports a broken theme beside the content's errors
            result.warnings = check_problems(problems, strict, report)
            model_key = pipeline_key(config.model, config.repairs)  # says whether the parse repairs ran
            extractor = extractor_version(cache)
            theme = theme_fingerprint(config)
            inputs = inputs_fingerprint(theme, articles, model_key, extractor, f"strict={strict}")

        if cache.last_build(str(out)) == (inputs, tree_fingerprint(out)):
            result.articles, result.cached, result.up_to_date = len(articles), len(articles), True
            return result

        from .analyse import SiteData, analyse
        from .linkcheck import check_site
        from .render import Renderer, asset_files, copy_assets, plan_pages, write_pages
        from .search import BUNDLE_DIR, SHARDS_DIR, index_site

        with result.timed("extract"):
            results = extract_all(articles, config, cache, model_key, extractor, result, jobs, progress)
            cache.commit()  # extraction is kept even if a later stage fails
        if result.unextracted:  # never up to date: the next build extracts these articles again
            result.warnings += check_problems(result.unextracted, strict, report)
            inputs += "+unextracted"

        with result.timed("analyse"):
            data: SiteData = analyse(results)

        renderer = Renderer(config, data, config.cache_path / "templates" if use_cache else None)
        pages = list(plan_pages(data, config))
        problems = page_problems(pages)
        if problems:
            raise NewsgenError(problems)
        fingerprints = page_fingerprints(pages, articles, config, theme, model_key, extractor, inputs)
        staging = staging_folder(config, out) if use_cache else None
        live = (out, cache.pages(str(out)))
        staged = (staging, cache.pages(str(staging))) if staging else None
        if staging is not None:
            cache.forget_pages(str(staging))
        with staged_output(out, staging) as tmp:
            with result.timed("render"), Writer() as files:
                prune(tmp, {p.path for p in pages} | set(asset_files(config)) | {SITE_MARK}, kept=(f"{BUNDLE_DIR}/{SHARDS_DIR}",))
                copy_assets(config, tmp, files)
                todo = carry_over(pages, fingerprints, live, staged or (tmp, {}), files)
                write_pages(todo, renderer, tmp, jobs, files)
                files.flush()
            records = [(p.path, fingerprints[p.path], *size_mtime(tmp / p.path), p.sources) for p in pages]
            result.articles, result.claims = len(articles), sum(len(ex.claims) for _, ex in results)
            result.pages, result.rendered = len(pages), len(todo)
            # Only paths and counts are needed from here on: the site's data gives its memory to the indexer.
            del articles, results, data, renderer, pages, todo
            with result.timed("search"):
                searched = index_site(tmp, config, previous=[out] if use_cache else [], jobs=jobs)
                result.shards, result.shards_indexed = searched.shards, searched.indexed
            if strict:
                with result.timed("linkcheck"):
                    broken = check_site(tmp, config.base_path, shown=config.output_dir)
                if broken:
                    raise NewsgenError(broken)
            # Publish last: what the cache will say of the new site is written (uncommitted) before the
            # swap, so a database failure stops the build while the old site is still in place.
            cache.record_build(str(out), inputs, tree_fingerprint(tmp))
            if staging is not None:
                cache.move_pages(str(out), str(staging))  # the replaced site is the staging folder now
            cache.record_pages(str(out), records)
        published = True
    finally:
        cache.close(commit=published)
    return result


def validate(config: Config, drafts: bool = False) -> tuple[list[Article], list[Problem]]:
    """`newsgen check`: every problem a build would meet before writing anything — content, tags, model, templates."""
    problems = layout_problems(config)
    articles, found = load_content(config.content_path, drafts=drafts, root=config.root)
    problems += found + tag_problems(articles) + publishing_problems(config)
    try:
        resolve_model(config.model)
    except ModelError as exc:
        problems.extend(exc.problems)
    from .render import check_templates

    problems.extend(check_templates(config))
    return articles, problems


def extract_paths(paths: list[Path], model: str, repairs_setting: str = "auto") -> list[tuple[Article, Extraction]]:
    """`newsgen extract`: no cache, no site — the stable machine interface."""
    import sys

    from .content import iter_article_files, load_article

    problems: list[Problem] = []
    files: list[tuple[Path, Path | None]] = []
    for p in paths:
        if p.is_dir():
            files.extend((f, p) for f in iter_article_files(p, problems))
        else:
            files.append((p, None))
    articles: list[Article] = []
    for f, root in files:
        try:
            articles.append(load_article(f, root, warnings=problems))
        except ContentError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(str(f), f"cannot be read ({exc.strerror})", "check the path"))
    # Warnings (a FIFO skipped in a folder) go to stderr: stdout is the JSON.
    check_problems(problems, strict=False, report=lambda line: print(line, file=sys.stderr))
    return list(run_extraction(articles, model, jobs=1, repairs_setting=repairs_setting))
