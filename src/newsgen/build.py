"""`newsgen build`: the stages in order, load -> extract -> analyse -> render -> check -> publish."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .analyse import SiteData, analyse
from .cache import Cache, cache_key
from .config import Config
from .content import load_content
from .errors import ConfigError, ContentError, NewsgenError
from .extract import EXTRACTOR_VERSION, extract
from .linkcheck import check_site
from .model import Article, Extraction, Problem
from .nlp import load_pipeline, model_id, parse, resolve_model
from .render import Renderer, copy_assets, plan_pages, write_pages
from .search import index_site

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


def extract_all(articles: list[Article], config: Config, use_cache: bool, result: BuildResult, report: Report) -> list[tuple[Article, Extraction]]:
    """Cached results where the file, model and extractor are unchanged; one spaCy pass over the rest."""
    cache = Cache(config.cache_path / "cache.sqlite" if use_cache else None)
    try:
        model_name = resolve_model(config.model)
        keys = [cache_key(a.source.read_bytes(), model_name, EXTRACTOR_VERSION) for a in articles]
        found: dict[int, Extraction] = {}
        for i, key in enumerate(keys):
            ex = cache.get(key)
            if ex is not None:
                found[i] = ex
        todo = [i for i in range(len(articles)) if i not in found]
        if todo:
            nlp = load_pipeline(config.model)
            for i, doc in zip(todo, parse(nlp, (articles[i].body for i in todo))):
                found[i] = extract(doc, articles[i])
                cache.put(keys[i], articles[i].path, found[i])
        result.extracted, result.cached = len(todo), len(articles) - len(todo)
        cache.prune(set(keys))
    finally:
        cache.close()
    return [(a, found[i]) for i, a in enumerate(articles)]


def guard_output(config: Config) -> Path:
    """Refuse an output folder whose replacement would destroy the project itself."""
    out = config.output_path.resolve()
    protected = [config.root.resolve(), config.content_path.resolve(), config.templates_path.resolve(), Path.home().resolve()]
    for p in protected:
        if out == p or out in p.parents:
            raise ConfigError(Problem("newsgen.yaml", f"output folder {config.output_dir!r} would overwrite {p}", "set output_dir to a folder of its own, such as `site`"))
    return out


@contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """Write into a temporary folder beside `out` and swap it in only when everything succeeded."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o755)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(config: Config, drafts: bool = False, strict: bool = False, use_cache: bool = True, report: Report = print) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    out = guard_output(config)

    articles, problems = load_content(config.content_path, drafts=drafts)
    result.warnings = check_problems(problems, strict, report)

    results = extract_all(articles, config, use_cache, result, report)

    data: SiteData = analyse(results)

    renderer = Renderer(config, data)
    pages = list(plan_pages(data, config))
    with staged_output(out) as tmp:
        copy_assets(config, tmp)
        write_pages(pages, renderer, tmp)
        index_site(tmp, config)
        if strict:
            broken = check_site(tmp, config.base_path)
            if broken:
                raise NewsgenError(broken)

    result.articles = len(articles)
    result.claims = sum(len(ex.claims) for _, ex in results)
    result.pages = len(pages)
    result.seconds = time.perf_counter() - started
    return result


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
    nlp = load_pipeline(model)
    return [(a, extract(doc, a)) for a, doc in zip(articles, parse(nlp, (a.body for a in articles)))]


__all__ = ["build", "extract_paths", "BuildResult", "model_id"]
