"""`newsgen serve`: build, serve on loopback, rebuild on change and reload the open page.

Pages are served as built, plus a small polling script injected on the fly (never written to
site/), so the published site carries no development code.
"""

from __future__ import annotations

import functools
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


class _Handler(SimpleHTTPRequestHandler):
    state: BuildState
    timeout = 30  # a client that stalls mid-request or mid-response frees its worker after this

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
    server = PooledHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(config.output_path.resolve())))
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
