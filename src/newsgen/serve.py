"""`newsgen serve`: build, serve on loopback, rebuild on change and reload the open page.

The served site is built into a folder of its own inside the cache folder (`.newsgen/serve/`), with the
server's address as its base URL, so `site/` never carries local addresses; `newsgen clean` removes it.
Pages are served as built, plus a small script injected on the fly (never written to disk) that polls
the server: it reloads the page after a good rebuild and shows a failed rebuild's problems over the
page until a rebuild succeeds, so the published site carries no development code.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import queue
import selectors
import socket
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import Any

import click
from watchfiles import DefaultFilter, watch

from .build import build
from .cli import plural
from .config import SERVE_DIR, Config
from .errors import NewsgenError, os_problem
from .model import Problem

RELOAD_PATH = "/__newsgen__/build"
ERROR_BOX_ID = "newsgen-build-error"
# Polls RELOAD_PATH ({"build": N, "error": TEXT or null}): reloads when N changes, shows TEXT in a box over
# the page (as text, never as markup: it quotes the content) and removes the box once the error is gone.
RELOAD_SCRIPT = (
    "<script>(()=>{let seen=null;const show=(e)=>{let b=document.getElementById('" + ERROR_BOX_ID + "');"
    "if(!e){if(b)b.remove();return;}"
    "if(!b){b=document.createElement('pre');b.id='" + ERROR_BOX_ID + "';b.setAttribute('role','alert');"
    "b.style.cssText='position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;"
    "padding:1em 1.25em;background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e5484d;font:14px/1.45 ui-monospace,monospace;"
    "white-space:pre-wrap';document.body.appendChild(b);}"
    "b.textContent='The last build failed, so this page is from the last good one, if any. Fix this and save:\\n\\n'+e;};"
    "const poll=async()=>{try{const r=await fetch('" + RELOAD_PATH + "',{cache:'no-store'});const s=await r.json();"
    "if(seen!==null&&s.build!==seen){location.reload();return;}seen=s.build;show(s.error);}catch(e){}};"
    "poll();setInterval(poll,700);})();</script>"
)
ERROR_PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · newsgen serve</title></head>"
              "<body><h1>The site could not be built</h1><p>Its problems are listed below; this page reloads once a build succeeds.</p></body></html>")


class BuildState:
    """The number of the last good build, which the page reloads on, and the last rebuild's error, which
    it shows until a rebuild succeeds."""

    def __init__(self) -> None:
        self.number = 0
        self.error: str | None = None
        self.lock = threading.Lock()

    def succeeded(self, changed: bool) -> None:
        with self.lock:
            self.number += changed
            self.error = None

    def failed(self, error: str) -> None:
        with self.lock:
            self.error = error

    def status(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.number, "error": self.error}).encode()


def serve_folder(config: Config) -> Path:
    """Where `newsgen serve` builds: its own folder in the cache folder, never the site's output folder."""
    return config.cache_path / SERVE_DIR


# Threads that serve requests; a connection waits for its request without one, at most IDLE_SECONDS,
# and at most MAX_WAITING such connections are kept (the oldest is closed first).
WORKERS = 16
IDLE_SECONDS = 30.0
MAX_WAITING = 256
# A client that goes away mid-request or mid-response (a reload, a closed tab) is routine, not an error.
CLIENT_GONE = (ConnectionError, TimeoutError)


class PooledHTTPServer(HTTPServer):
    """An HTTP server whose connections cannot pin unbounded threads.

    http.server's threading server starts a thread per connection, which then blocks until the request
    arrives: a browser's unused pre-opened connections, or any number of idle clients, each hold a thread
    for as long as they stay open. Here a new connection waits in one selector thread until its request
    starts to arrive (or is closed after IDLE_SECONDS), and only then goes to a fixed pool of WORKERS
    threads. Responses are HTTP/1.0, so a connection closes after one response and never idles on a
    worker; a client that stalls mid-request or mid-response times out after the handler's `timeout`.
    """

    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: Callable[..., BaseRequestHandler]) -> None:
        super().__init__(address, handler)
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="newsgen-serve")
        self._arrivals: queue.SimpleQueue[tuple[socket.socket, Any]] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_w.setblocking(False)
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._busy: set[socket.socket] = set()
        self._waiter = threading.Thread(target=self._wait_for_requests, name="newsgen-serve-idle", daemon=True)
        self._waiter.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._closing.is_set():
            self.shutdown_request(request)
            return
        self._arrivals.put((request, client_address))
        self._wake()

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"\0")
        except OSError:
            pass  # already awake (buffer full) or closed

    def _wait_for_requests(self) -> None:
        """The selector thread: hands each connection that has sent something to the pool."""
        sel = selectors.DefaultSelector()
        sel.register(self._wake_r, selectors.EVENT_READ)
        waiting: dict[socket.socket, tuple[Any, float]] = {}  # in arrival order, so in deadline order
        try:
            while not self._closing.is_set():
                timeout = max(0.0, next(iter(waiting.values()))[1] - time.monotonic()) if waiting else None
                for key, _ in sel.select(timeout):
                    if key.fileobj is self._wake_r:
                        self._wake_r.recv(4096)
                        continue
                    sock = key.fileobj
                    sel.unregister(sock)
                    self._dispatch(sock, waiting.pop(sock)[0])  # type: ignore[arg-type]
                while True:
                    try:
                        sock, address = self._arrivals.get_nowait()
                    except queue.Empty:
                        break
                    try:
                        sel.register(sock, selectors.EVENT_READ)
                    except (OSError, ValueError):
                        self.shutdown_request(sock)
                        continue
                    waiting[sock] = (address, time.monotonic() + IDLE_SECONDS)
                now = time.monotonic()
                while waiting:
                    sock, (_, deadline) = next(iter(waiting.items()))
                    if deadline > now and len(waiting) <= MAX_WAITING:
                        break
                    del waiting[sock]
                    sel.unregister(sock)
                    self.shutdown_request(sock)
        finally:
            for sock in waiting:
                self.shutdown_request(sock)
            sel.close()

    def _dispatch(self, request: socket.socket, client_address: Any) -> None:
        try:
            self._pool.submit(self._serve_one, request, client_address)
        except RuntimeError:  # the pool has shut down
            self.shutdown_request(request)

    def _serve_one(self, request: socket.socket, client_address: Any) -> None:
        with self._lock:
            if self._closing.is_set():
                self.shutdown_request(request)
                return
            self._busy.add(request)
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._lock:
                self._busy.discard(request)
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """No traceback for a client that went away; anything else is still a bug worth seeing."""
        if not isinstance(sys.exc_info()[1], CLIENT_GONE):
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        """Stops the selector thread and the pool too; a request still being served is cut off, so that
        stopping never waits on a slow client."""
        super().server_close()
        if not hasattr(self, "_closing"):
            return  # the socket could not be bound: HTTPServer closes it before anything else started
        self._closing.set()
        self._wake()
        self._waiter.join()
        with self._lock:
            for sock in self._busy:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._pool.shutdown(wait=True)
        while True:
            try:
                self.shutdown_request(self._arrivals.get_nowait()[0])
            except queue.Empty:
                break
        self._wake_r.close()
        self._wake_w.close()


def with_script(html: bytes) -> bytes:
    """The page with the polling script before its `</body>`, or at its end when it has none."""
    at = html.rfind(b"</body>")
    script = RELOAD_SCRIPT.encode()
    return html[:at] + script + html[at:] if at >= 0 else html + script


class _Handler(SimpleHTTPRequestHandler):
    state: BuildState
    base_path = "/"  # the served site's path: /REPO/ previews a GitHub Pages project site where it will be
    timeout = 30  # a client that stalls mid-request or mid-response frees its worker after this

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass

    def translate_path(self, path: str) -> str:
        """Only what lies under the base path is the site, as on the host it is published to."""
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / ".newsgen-outside-the-base-path")
        return super().translate_path("/" + path[len(self.base_path):])

    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        if route == RELOAD_PATH:
            self._send(self.state.status(), "application/json")
            return
        if self.base_path != "/" and route in ("/", self.base_path.rstrip("/")):
            self.send_response(302)
            self.send_header("Location", self.base_path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not route.endswith("/"):
                super().do_GET()
                return
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._send(with_script(path.read_bytes()), "text/html; charset=utf-8")
            return
        if not path.exists():
            missing = Path(self.directory) / "404.html"
            if missing.is_file() and self.state.error is None:
                self._send(with_script(missing.read_bytes()), "text/html; charset=utf-8", status=404)
            elif self.state.error is not None:  # nothing built yet to show: the problems on a page of their own
                self._send(with_script(ERROR_PAGE.encode()), "text/html; charset=utf-8", status=500)
            else:
                super().do_GET()
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
    """One build; its problems go to the terminal and, on failure, to the open page too."""
    try:
        result = build(config, drafts=drafts, report=lambda line: click.echo(line, err=True))
    except NewsgenError as exc:
        lines = [str(problem) for problem in exc.problems]
        for line in lines:
            click.echo(line, err=True)
        click.echo("build failed; still serving the previous site", err=True)
        state.failed("\n".join(lines))
        return False
    except OSError as exc:
        line = str(os_problem(exc))
        click.echo(line, err=True)
        state.failed(line)
        return False
    state.succeeded(changed=not result.up_to_date)
    if result.up_to_date:
        click.echo(f"up to date: {plural(result.articles, 'article')} unchanged")
    else:
        click.echo(f"built {plural(result.articles, 'article')}, {plural(result.pages, 'page')} in {result.seconds:.1f} s ({result.extracted} extracted)")
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


def serve(config: Config, port: int = 8000, drafts: bool = False, stop: threading.Event | None = None, ready: threading.Event | None = None,
          host: str = "127.0.0.1", base_url: str | None = None) -> None:
    """Serve until Ctrl-C (or `stop` is set); port 0 picks a free one.

    `base_url` is where the served site is: a path (`/REPO/`) serves it under that path at this server's
    address; a full URL is taken as is (a proxy in front, say). Canonical links, the feed and the
    sitemap of the served build carry it; links between pages are relative either way.
    """
    state = BuildState()
    folder = serve_folder(config)
    base = replace(config, base_url=base_url or "/")
    handler = type("Handler", (_Handler,), {"state": state, "base_path": base.base_path})
    server_class = type("Server", (PooledHTTPServer,), {"address_family": socket.AF_INET6}) if ":" in host else PooledHTTPServer
    try:
        server = server_class((host, port), functools.partial(handler, directory=str(folder.resolve())))
    except OSError as exc:
        hint = ("pass another --port (0 picks a free one), or stop what is using this one" if exc.errno in (errno.EADDRINUSE, errno.EACCES)
                else "pass an address of this machine as --host, such as 127.0.0.1")
        raise NewsgenError(Problem(f"{host}:{port}", f"cannot be listened on ({exc.strerror or exc})", hint)) from None
    port = server.server_address[1]
    # The address to open: an "every interface" host is reached at the loopback one.
    shown_host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)  # noqa: S104
    address = base.site_url or f"http://{shown_host}:{port}{base.base_path}"
    config = replace(config, base_url=address, output_dir=os.path.join(config.cache_dir, SERVE_DIR))
    rebuild(config, drafts, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    click.echo(f"Serving at http://{shown_host}:{port}{base.base_path} — watching for changes (Ctrl-C to stop)")
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
