"""`newsgen serve`: build, serve on loopback, rebuild on change and reload the open page.

Pages are served as built, plus a small polling script injected on the fly (never written to
site/), so the published site carries no development code.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
from watchfiles import DefaultFilter, watch

from .build import build
from .config import Config
from .errors import NewsgenError

RELOAD_PATH = "/__newsgen__/build"
RELOAD_SCRIPT = (
    "<script>(()=>{let seen=null;setInterval(async()=>{try{const r=await fetch('" + RELOAD_PATH + "',{cache:'no-store'});"
    "const v=await r.text();if(seen!==null&&v!==seen)location.reload();seen=v;}catch(e){}},700);})();</script>"
)


class BuildState:
    """The number of the last good build; the browser reloads when it changes."""

    def __init__(self) -> None:
        self.number = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.number += 1


class _Handler(SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass

    def do_GET(self) -> None:
        if self.path.split("?")[0] == RELOAD_PATH:
            self._send(str(self.state.number).encode(), "text/plain")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()
                return
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
            self._send(html, "text/html; charset=utf-8")
            return
        if not path.exists() and (Path(self.directory) / "404.html").is_file():
            self._send((Path(self.directory) / "404.html").read_bytes(), "text/html; charset=utf-8", status=404)
            return
        super().do_GET()

    def _send(self, body: bytes, ctype: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def rebuild(config: Config, drafts: bool, state: BuildState) -> bool:
    try:
        result = build(config, drafts=drafts, report=lambda line: click.echo(line, err=True))
    except NewsgenError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo("build failed; still serving the previous site", err=True)
        return False
    state.bump()
    click.echo(f"built {result.articles} articles, {result.pages} pages in {result.seconds:.1f} s ({result.extracted} extracted)")
    return True


def watched_filter(config: Config) -> DefaultFilter:
    """Everything under the site root except what the build writes itself."""
    skip = [config.output_path.resolve(), config.cache_path.resolve()]

    class _Filter(DefaultFilter):
        def __call__(self, change, path: str) -> bool:  # type: ignore[no-untyped-def]
            p = Path(path).resolve()
            if any(p == s or s in p.parents for s in skip) or p.name.startswith(f".{config.output_path.name}."):
                return False
            return super().__call__(change, path)

    return _Filter()


def serve(config: Config, port: int = 8000, drafts: bool = False, stop: threading.Event | None = None, ready: threading.Event | None = None) -> None:
    """Serve until Ctrl-C (or `stop` is set); port 0 picks a free one."""
    state = BuildState()
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(config.output_path.resolve())))
    port = server.server_address[1]
    config = replace(config, base_url=f"http://127.0.0.1:{port}/")
    _Handler.state = state
    if not rebuild(config, drafts, state) and not config.output_path.exists():
        config.output_path.mkdir(parents=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"Serving {config.output_dir}/ at http://127.0.0.1:{port}/ — watching for changes (Ctrl-C to stop)")
    try:
        # The first (empty) yield comes once the watcher runs: only then is a change sure to be seen.
        for changes in watch(config.root, watch_filter=watched_filter(config), stop_event=stop, debounce=300, rust_timeout=300, yield_on_timeout=True):
            if ready is not None and not ready.is_set():
                ready.port = port  # type: ignore[attr-defined]
                ready.set()
            if changes:
                rebuild(config, drafts, state)
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.shutdown()
        server.server_close()
