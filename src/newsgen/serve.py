"""`newsgen serve`: build, serve on loopback, rebuild when content, templates or config change."""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from .build import build
from .config import CONFIG_NAME, Config
from .errors import NewsgenError


def snapshot(paths: list[Path]) -> dict[str, float]:
    """Modification times of every file below the watched folders."""
    seen: dict[str, float] = {}
    for root in paths:
        if root.is_file():
            seen[str(root)] = root.stat().st_mtime
        elif root.is_dir():
            for p in root.rglob("*"):
                if p.is_file():
                    seen[str(p)] = p.stat().st_mtime
    return seen


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature is http.server's
        pass


def rebuild(config: Config, drafts: bool) -> None:
    try:
        result = build(config, drafts=drafts, report=lambda line: click.echo(line, err=True))
        click.echo(f"built {result.articles} articles, {result.pages} pages in {result.seconds:.1f} s")
    except NewsgenError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo("build failed; still serving the previous site", err=True)


def serve(config: Config, port: int = 8000, drafts: bool = False, interval: float = 0.5) -> None:
    rebuild(config, drafts)
    out = config.output_path.resolve()
    handler = functools.partial(_Handler, directory=str(out))

    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"Serving {out} at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    watched = [config.content_path, config.templates_path, config.root / CONFIG_NAME]
    before = snapshot(watched)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(watched)
            if now != before:
                before = now
                rebuild(config, drafts)
                handler = functools.partial(_Handler, directory=str(out))
                server.RequestHandlerClass = handler  # type: ignore[assignment]
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.shutdown()
