"""Thin click commands: parse flags, call a stage, print problems as one line each."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import CONFIG_NAME, Config, load_config
from .errors import NewsgenError, os_problem
from .model import Problem


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """User-caused problems print as `path:line: error: what — what to do` and exit 1; never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsgenError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            errors = sum(p.severity == "error" for p in exc.problems)
            warnings = len(exc.problems) - errors
            detail = f" ({plural(errors, 'error')}, {plural(warnings, 'warning')})" if errors and warnings else ""
            click.echo(f"newsgen: {plural(len(exc.problems), 'problem')}{detail}, nothing was written", err=True)
            sys.exit(1)
        except OSError as exc:
            click.echo(str(os_problem(exc)), err=True)
            click.echo("newsgen: 1 problem", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            interrupted()

    return wrapper


def interrupted() -> None:
    """Ctrl-C: one line, never a traceback; the previous site stays as it was."""
    click.echo("newsgen: interrupted, nothing was written", err=True)
    sys.exit(130)


def plural(n: int, noun: str) -> str:
    """"1 article", "2 articles": every count a command prints goes through here."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _dir(value: str | None) -> str | None:
    return str(Path(value).resolve()) if value else None


def site_config(config: str | None, **overrides: Any) -> Config:
    path = Path(config) if config else None
    return load_config(path, root=None if path else Path("."), overrides=overrides)


class ProgressView:
    """A rich progress bar on a terminal; a plain line per tenth of the work otherwise; nothing with --quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        self.shown: dict[str, int] = {}

    def __enter__(self) -> ProgressView:
        if not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            if stage not in self.tasks:
                self.tasks[stage] = self.bar.add_task(stage, total=total)
            self.bar.update(self.tasks[stage], completed=done)
            return
        tenth = done * 10 // max(total, 1)
        if tenth > self.shown.get(stage, 0) or done == total:
            self.shown[stage] = tenth
            click.echo(f"{stage}: {done}/{total}", err=True)


config_option = click.option("--config", "config", type=click.Path(dir_okay=False), help=f"Config file (default: ./{CONFIG_NAME} when present).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgen")
def main() -> None:
    """Turn a folder of news articles into a static who-said-what briefing site."""


@main.command()
@click.option("--content", type=click.Path(file_okay=False), help="Folder of article files (default: content).")
@click.option("--output", type=click.Path(file_okay=False), help="Where the site is written (default: site).")
@click.option("--base-url", help="The site's full URL, e.g. https://USER.github.io/REPO/ (a path such as /REPO/ works too, without sitemap and feed).")
@config_option
@click.option("--drafts", is_flag=True, help="Include articles marked `draft: true`.")
@click.option("--strict", is_flag=True, help="Treat warnings and broken links as errors.")
@click.option("--no-cache", is_flag=True, help="Extract every article again, ignoring .newsgen/cache.sqlite.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes for extraction (default: number of cores).")
@click.option("--cluster", metavar="ADDRESS", help="Extract on a Dask cluster: tcp://HOST:8786 (a running `dask scheduler`) or local:N "
              "(N worker processes here); needs `pip install \"newsgen[cluster]\"`.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@fail_cleanly
def build(content: str | None, output: str | None, base_url: str | None, config: str | None, drafts: bool, strict: bool, no_cache: bool, jobs: int | None,
          cluster: str | None, quiet: bool) -> None:
    """Build the briefing site from the article files."""
    from .build import build as run_build

    cfg = site_config(config, content_dir=_dir(content), output_dir=_dir(output), base_url=base_url, cluster=cluster)
    with ProgressView(quiet) as progress:
        result = run_build(
            cfg,
            drafts=drafts,
            strict=strict,
            use_cache=not no_cache,
            report=lambda line: click.echo(line, err=True),
            jobs=jobs or os.cpu_count() or 1,
            progress=progress,
        )
    if not quiet and result.up_to_date:
        click.echo(f"Site is up to date: {plural(result.articles, 'article')} unchanged -> {cfg.output_dir}/ ({result.seconds:.2f} s)")
    elif not quiet:
        click.echo(
            f"Built {plural(result.articles, 'article')} ({result.extracted} extracted, {result.cached} from cache), "
            f"{plural(result.claims, 'claim')}, {plural(result.pages, 'page')} ({result.rendered} rendered, "
            f"{result.shards_indexed} of {plural(result.shards, 'search shard')} indexed) in {result.seconds:.1f} s -> {cfg.output_dir}/"
        )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--model", help="spaCy pipeline to use (default: the config's, en_core_web_sm).")
@config_option
@fail_cleanly
def extract(paths: tuple[str, ...], model: str | None, config: str | None) -> None:
    """Print the claims, figures and dates of article files (or folders) as JSON."""
    from .build import extract_paths
    from .export import extract_document

    cfg = site_config(config, model=model)
    pairs = extract_paths([Path(p) for p in paths], cfg.model, cfg.repairs)
    json.dump(extract_document(pairs), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


@main.command()
@click.option("--content", type=click.Path(file_okay=False), help="Folder of article files (default: content).")
@click.option("--base-url", help="The site's full URL, as `build --base-url` takes it (without one, check warns as build does).")
@config_option
@click.option("--drafts", is_flag=True, help="Check drafts too.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@fail_cleanly
def check(content: str | None, base_url: str | None, config: str | None, drafts: bool, strict: bool) -> None:
    """Validate the config and every article; build nothing."""
    from .build import check_problems, validate

    cfg = site_config(config, content_dir=_dir(content), base_url=base_url)
    articles, problems = validate(cfg, drafts=drafts)
    check_problems(problems, strict, report=lambda line: click.echo(line, err=True))
    click.echo(f"OK: {plural(len(articles), 'article')}, config and templates are valid")


@main.command()
@click.option("--output", type=click.Path(file_okay=False), help="The site folder to remove (default: site).")
@config_option
@fail_cleanly
def clean(output: str | None, config: str | None) -> None:
    """Remove the built site and the extraction cache (only folders newsgen made and marked as its own)."""
    from .files import CACHE_MARK, SITE_MARK, BuildLock, has_mark, remove_cache, remove_site

    cfg = site_config(config, output_dir=_dir(output))
    site, cache = cfg.output_path, cfg.cache_path
    for path, mark in ((site, SITE_MARK), (cache, CACHE_MARK)):
        if os.path.lexists(path) and not has_mark(path, mark):
            raise NewsgenError(Problem(str(path), "was not made by newsgen (it has no newsgen mark), so it is left alone", "delete it yourself if you are sure"))
    with BuildLock(cache) if os.path.lexists(cache) else contextlib.nullcontext():
        if remove_site(site):
            click.echo(f"removed {site}")
    if remove_cache(cache):
        click.echo(f"removed {cache}")


@main.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on (0: any free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 lets other machines browse it.")
@click.option("--base-url", help="Path (or full URL) the served site is at, e.g. /REPO/ to preview a GitHub Pages project site (default: /).")
@click.option("--content", type=click.Path(file_okay=False), help="Folder of article files (default: content).")
@config_option
@click.option("--drafts", is_flag=True, help="Include drafts.")
@fail_cleanly
def serve(port: int, host: str, base_url: str | None, content: str | None, config: str | None, drafts: bool) -> None:
    """Build into .newsgen/serve/ (never the output folder), serve it and rebuild when files change."""
    from .config import validate
    from .errors import ConfigError
    from .serve import serve as run_serve

    cfg = site_config(config, content_dir=_dir(content))
    if base_url is not None and (problems := validate({"base_url": base_url}, "--base-url")[1]):
        raise ConfigError(problems)
    run_serve(cfg, port=port, drafts=drafts, host=host, base_url=base_url)


@main.command()
@click.option("--format", "fmt", required=True, type=click.Choice(["sqlite", "parquet", "jsonl", "csv"]),
              help="sqlite: one database file; parquet, jsonl, csv: a folder with one file per table (parquet needs `pip install \"newsgen[parquet]\"`).")
@click.option("--output", type=click.Path(), help="File (sqlite) or folder to write (default: export.sqlite, export-parquet, export-jsonl or export-csv).")
@click.option("--content", type=click.Path(file_okay=False), help="Folder of article files (default: content).")
@config_option
@click.option("--drafts", is_flag=True, help="Include articles marked `draft: true`.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Processes for extraction (default: number of cores).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@fail_cleanly
def export(fmt: str, output: str | None, content: str | None, config: str | None, drafts: bool, strict: bool, jobs: int | None, quiet: bool) -> None:
    """Write the articles, speakers, claims, figures and dates as tables, from the cache, without building the site."""
    from .datasets import export as run_export

    cfg = site_config(config, content_dir=_dir(content))
    with ProgressView(quiet) as progress:
        result = run_export(cfg, fmt, Path(output) if output else None, drafts=drafts, strict=strict, jobs=jobs or os.cpu_count() or 1,
                            report=lambda line: click.echo(line, err=True), progress=progress)
    if not quiet:
        n = result.counts
        click.echo(f"Exported {plural(n['articles'], 'article')} ({result.extracted} extracted, {result.cached} from cache): "
                   f"{plural(n['claims'], 'claim')}, {plural(n['speakers'], 'speaker')}, {plural(n['figures'], 'figure')}, "
                   f"{plural(n['dates'], 'date')} in {result.seconds:.1f} s -> {result.output}")


if __name__ == "__main__":
    main()
