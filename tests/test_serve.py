"""`newsgen serve` rebuilds on a change and tells the open page to reload."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from newsgen.config import load_config
from newsgen.serve import RELOAD_PATH, serve

from .conftest import write


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback only
        return r.read().decode()


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_on_change_and_injects_reload(site: Path) -> None:
    config = load_config(root=site)
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve, kwargs={"config": config, "port": 0, "stop": stop, "ready": ready}, daemon=True)
    thread.start()
    try:
        assert ready.wait(60)
        base = f"http://127.0.0.1:{ready.port}/"  # type: ignore[attr-defined]
        index = _get(base)
        assert RELOAD_PATH in index and "US warns North Korean troops" in index
        assert RELOAD_PATH not in (site / "site" / "index.html").read_text()
        first = _get(base + RELOAD_PATH.lstrip("/"))
        write(site / "content" / "new.txt", "---\ntitle: Bridge reopens in the capital\ndate: 2024-10-24\n---\nThe mayor said the bridge will reopen.\n")
        assert _wait_for(lambda: "Bridge reopens in the capital" in _get(base))
        assert _wait_for(lambda: _get(base + RELOAD_PATH.lstrip("/")) != first)
        assert "Bridge reopens" in _get(base + "articles/new/")
        try:
            urllib.request.urlopen(base + "no/such/page/", timeout=5)  # noqa: S310
            raise AssertionError("expected a 404")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404 and "Page not found" in exc.read().decode()
    finally:
        stop.set()
        thread.join(10)
