"""`newsgen build`: the stages in order, load -> extract -> analyse -> render -> check -> publish."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .analyse import SiteData, analyse
from .cache import Cache, cache_key
from .config import Config
from .content import load_content
from .errors import ConfigError, ContentError, ModelError, NewsgenError
from .extract import EXTRACTOR_VERSION, extract
from .files import Writer, prune, swap_folders
from .linkcheck import check_site
from .model import Article, Extraction, Problem
from .nlp import load_pipeline, model_version, parse, resolve_model, worker_context
from .incremental import carry_over, inputs_fingerprint, page_fingerprints, size_mtime, theme_fingerprint, tree_fingerprint
from .render import Renderer, asset_files, check_templates, copy_assets, plan_pages, search_first, write_pages
from .search import finish_indexing, start_indexing

Report = Callable[[str], None]


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

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def check_problems(problems: list[Problem], strict: bool, report: Report) -> list[Problem]:
    """Errors stop the build; warnings are printed, and stop it too under --strict."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if strict:
        errors += warnings
    elif warnings:
        for w in warnings:
            report(str(w))
    if errors:
        raise ContentError(errors)
    return warnings


Progress = Callable[[str, int, int], None]
BATCH_SIZE = 8
WORKER_BATCHES = 16


def _extract_batch(model: str, articles: list[Article]) -> list[Extraction]:
    """Runs in a worker process too: the pipeline is loaded once per process and kept."""
    nlp = load_pipeline(model)
    return [extract(doc, a) for a, doc in zip(articles, parse(nlp, (a.body for a in articles)))]


def _batches(items: list[Article], size: int) -> list[list[Article]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_extraction(articles: list[Article], model: str, jobs: int, progress: Progress | None = None) -> Iterator[tuple[Article, Extraction]]:
    """Yields results as they finish, in order; several processes when there is enough work for them."""
    batches = _batches(articles, BATCH_SIZE)
    done = 0
    if jobs <= 1 or len(batches) < 2:
        for batch in batches:
            for pair in zip(batch, _extract_batch(model, batch)):
                yield pair
            done += len(batch)
            if progress:
                progress("extract", done, len(articles))
        return
    resolve_model(model)  # fail here, in the main process, with one clear error
    # A fresh pool per chunk: spaCy's string store only grows, and 10,000 articles would bloat long-lived workers.
    workers = min(jobs, len(batches))
    chunk = WORKER_BATCHES * workers
    with worker_context(model) as context:
        for first in range(0, len(batches), chunk):
            part = batches[first:first + chunk]
            with ProcessPoolExecutor(max_workers=min(workers, len(part)), mp_context=context) as pool:
                for batch, results in zip(part, pool.map(_extract_batch, [model] * len(part), part)):
                    yield from zip(batch, results)
                    done += len(batch)
                    if progress:
                        progress("extract", done, len(articles))


def extract_all(articles: list[Article], config: Config, cache: Cache, model_key: str, result: BuildResult, jobs: int = 1, progress: Progress | None = None) -> list[tuple[Article, Extraction]]:
    """Cached results where the file, model and extractor are unchanged; one spaCy pass over the rest."""
    keys = {a.path: cache_key(a.digest, model_key, EXTRACTOR_VERSION) for a in articles}
    found: dict[str, Extraction] = {}
    for a in articles:
        ex = cache.get(keys[a.path])
        if ex is not None:
            found[a.path] = ex
    todo = [a for a in articles if a.path not in found]
    for article, ex in run_extraction(todo, config.model, jobs, progress):
        found[article.path] = ex
        cache.put(keys[article.path], article.path, ex)
    result.extracted, result.cached = len(todo), len(articles) - len(todo)
    cache.prune(set(keys.values()))
    return [(a, found[a.path]) for a in articles]


def guard_output(config: Config) -> Path:
    """Refuse an output folder whose replacement would destroy the project itself."""
    out = config.output_path.resolve()
    protected = [config.root.resolve(), config.content_path.resolve(), config.templates_path.resolve(), config.cache_path.resolve(), Path.home().resolve()]
    for p in protected:
        if out == p or out in p.parents:
            raise ConfigError(Problem("newsgen.yaml", f"output folder {config.output_dir!r} would overwrite {p}", "set output_dir to a folder of its own, such as `site`"))
    return out


def staging_folder(config: Config, out: Path) -> Path | None:
    """Where the site of two builds ago waits to be the next build's staging folder: in the cache folder,
    when that is on the site's file system (a folder can only be renamed within one)."""
    folder = config.cache_path
    folder.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    return (folder / "staging").resolve() if os.stat(folder).st_dev == os.stat(out.parent).st_dev else None


@contextmanager
def staged_output(out: Path, staging: Path | None = None) -> Iterator[Path]:
    """Write into a staging folder and swap it in only when everything succeeded.

    With `staging` (the site of two builds ago, or a new folder), the site it replaces becomes the next
    build's staging folder, so that most files are rewritten in place rather than made anew (files.py).
    Without it, a fresh temporary folder beside `out`, and the replaced site is deleted.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    if staging is not None:
        staging.mkdir(parents=True, exist_ok=True)
        tmp = staging
    else:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield tmp
    except BaseException:
        if staging is None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o755)
    if staging is not None and out.exists():
        swap_folders(tmp, out)
        return
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(
    config: Config,
    drafts: bool = False,
    strict: bool = False,
    use_cache: bool = True,
    report: Report = print,
    jobs: int = 1,
    progress: Progress | None = None,
) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    out = guard_output(config)
    cache = Cache(config.cache_path / "cache.sqlite" if use_cache else None)
    try:
        with result.timed("load"):
            articles, problems = load_content(config.content_path, drafts=drafts, root=config.root, memo=cache)
            result.warnings = check_problems(problems, strict, report)
            model_key = model_version(resolve_model(config.model))
            theme = theme_fingerprint(config)
            inputs = inputs_fingerprint(theme, articles, model_key, f"strict={strict}")

        if cache.last_build(str(out)) == (inputs, tree_fingerprint(out)):
            result.articles, result.cached, result.up_to_date = len(articles), len(articles), True
            result.seconds = time.perf_counter() - started
            return result

        with result.timed("extract"):
            results = extract_all(articles, config, cache, model_key, result, jobs, progress)

        with result.timed("analyse"):
            data: SiteData = analyse(results)

        renderer = Renderer(config, data, config.cache_path / "templates" if use_cache else None)
        pages = list(plan_pages(data, config))
        fingerprints = page_fingerprints(pages, articles, config, theme, model_key, inputs)
        staging = staging_folder(config, out) if use_cache else None
        live = (out, cache.pages(str(out)))
        staged = (staging, cache.pages(str(staging))) if staging else None
        if staging is not None:
            cache.forget_pages(str(staging))
        with staged_output(out, staging) as tmp:
            with result.timed("render"), Writer() as files:
                prune(tmp, {p.path for p in pages} | set(asset_files(config)))
                copy_assets(config, tmp, files)
                todo = carry_over(pages, fingerprints, live, staged or (tmp, {}), files)
                searched, rest = search_first(todo, renderer, jobs)
                write_pages(searched, renderer, tmp, jobs, files)
                files.flush()
                indexing = start_indexing(tmp, config, [p.path for p in searched])
                try:
                    write_pages(rest, renderer, tmp, jobs, files)
                    files.flush()
                except BaseException:
                    if indexing is not None:
                        indexing.cancel()
                    raise
            records = [(p.path, fingerprints[p.path], *size_mtime(tmp / p.path), p.sources) for p in pages]
            result.articles, result.claims = len(articles), sum(len(ex.claims) for _, ex in results)
            result.pages, result.rendered = len(pages), len(todo)
            written_since = [p.path for p in rest]
            # Only paths and counts are needed from here on: the site's data gives its memory to the indexer.
            del articles, results, data, renderer, pages, todo, searched, rest
            with result.timed("search"):
                finish_indexing(indexing, tmp, config, written_since)
            if strict:
                with result.timed("linkcheck"):
                    broken = check_site(tmp, config.base_path)
                if broken:
                    raise NewsgenError(broken)

        cache.record_build(str(out), inputs, tree_fingerprint(out))
        if staging is not None:
            cache.move_pages(str(out), str(staging))  # the replaced site is the staging folder now
        cache.record_pages(str(out), records)
    finally:
        cache.close()

    result.seconds = time.perf_counter() - started
    return result


def validate(config: Config, drafts: bool = False) -> tuple[list[Article], list[Problem]]:
    """`newsgen check`: every problem a build would meet before writing anything — content, model, templates."""
    articles, problems = load_content(config.content_path, drafts=drafts, root=config.root)
    try:
        resolve_model(config.model)
    except ModelError as exc:
        problems.extend(exc.problems)
    problems.extend(check_templates(config))
    return articles, problems


def extract_paths(paths: list[Path], model: str) -> list[tuple[Article, Extraction]]:
    """`newsgen extract`: no cache, no site — the stable machine interface."""
    from .content import iter_article_files, load_article

    files: list[tuple[Path, Path | None]] = []
    for p in paths:
        if p.is_dir():
            files.extend((f, p) for f in iter_article_files(p))
        else:
            files.append((p, None))
    problems: list[Problem] = []
    articles: list[Article] = []
    for f, root in files:
        try:
            articles.append(load_article(f, root))
        except ContentError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(str(f), f"cannot be read ({exc.strerror})", "check the path"))
    if problems:
        raise ContentError(problems)
    return list(run_extraction(articles, model, jobs=1))
