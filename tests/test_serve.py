"""`newsgen serve` builds into a folder of its own, rebuilds on a change, tells the open page to reload and
reports a failed rebuild to it until a rebuild succeeds."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsgen.config import load_config
from newsgen.serve import RELOAD_PATH, serve, serve_folder, with_script

from .conftest import snapshot, write


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback only
        return r.read().decode()


def _status(base: str) -> dict:
    origin = base.split("/", 3)[:3]
    return json.loads(_get("/".join(origin) + RELOAD_PATH))


def _wait_for(predicate: Callable[[], bool], seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except urllib.error.HTTPError:
            pass  # not built yet
        time.sleep(0.2)
    return False


@contextmanager
def serving(root: Path, **options: object) -> Iterator[str]:
    """`newsgen serve` on a free port in a thread: yields the served site's address."""
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve, kwargs={"config": load_config(root=root), "port": 0, "stop": stop, "ready": ready, **options}, daemon=True)
    thread.start()
    try:
        assert ready.wait(60)
        yield f"http://127.0.0.1:{ready.port}{options.get('base_url') or '/'}"  # type: ignore[attr-defined]
    finally:
        stop.set()
        thread.join(15)
        assert not thread.is_alive()


def test_serve_rebuilds_on_change_and_injects_reload(site: Path) -> None:
    with serving(site) as base:
        index = _get(base)
        assert RELOAD_PATH in index and "US warns North Korean troops" in index
        first = _status(base)
        assert first["error"] is None
        write(site / "content" / "new.txt", "---\ntitle: Bridge reopens in the capital\ndate: 2024-10-24\n---\nThe mayor said the bridge will reopen.\n")
        assert _wait_for(lambda: "Bridge reopens in the capital" in _get(base))
        assert _wait_for(lambda: _status(base)["build"] != first["build"])
        assert "Bridge reopens" in _get(base + "articles/new/")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "no/such/page/", timeout=5)  # noqa: S310
        assert missing.value.code == 404 and "Page not found" in missing.value.read().decode()


def test_serve_never_writes_the_output_folder(site: Path) -> None:
    """The served build carries the server's address; the published site must not."""
    assert not (site / "site").exists()
    with serving(site) as base:
        assert f'<link rel="canonical" href="{base}articles/seed/">' in _get(base + "articles/seed/")
        assert base in _get(base + "feed.xml") and base in _get(base + "sitemap.xml")
        assert not (site / "site").exists()
        on_disk = (serve_folder(load_config(root=site)) / "index.html").read_text(encoding="utf-8")
        assert RELOAD_PATH not in on_disk  # the script is added as a page is served, never written
    from newsgen.build import build

    build(load_config(root=site), report=lambda line: None)
    before = snapshot(site / "site")
    with serving(site) as base:
        write(site / "content" / "new.txt", "---\ndate: 2024-10-24\n---\nThe mayor said the bridge will reopen.\n")
        assert _wait_for(lambda: "mayor" in _get(base + "articles/new/"))
    assert snapshot(site / "site") == before
    assert not any("127.0.0.1" in p.read_text(encoding="utf-8", errors="replace") for p in (site / "site").rglob("*") if p.is_file())


def test_clean_removes_the_served_site_with_the_cache(cli, site: Path) -> None:
    with serving(site) as base:
        assert "US warns" in _get(base)
    assert (serve_folder(load_config(root=site)) / "index.html").is_file()
    assert cli(site, "clean").exit_code == 0
    assert not (site / ".newsgen").exists()


def test_serve_under_a_base_path_with_its_own_site_url(site: Path) -> None:
    with serving(site, base_url="/newsgen/") as base:
        assert base.endswith("/newsgen/")
        assert "US warns North Korean troops" in _get(base)
        assert _get(base.removesuffix("newsgen/")) == _get(base) == _get(base.removesuffix("/"))  # / and /newsgen redirect to /newsgen/
        assert f'<link rel="canonical" href="{base}">' in _get(base)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(base.removesuffix("newsgen/") + "articles/seed/", timeout=5)  # noqa: S310 - outside the base path


def test_a_failed_rebuild_is_reported_to_the_page_until_fixed(site: Path) -> None:
    with serving(site) as base:
        good = _status(base)
        write(site / "content" / "bad.md", "---\ntitle: [unclosed\n---\nText.\n")
        assert _wait_for(lambda: _status(base)["error"] is not None)
        error = _status(base)["error"]
        assert "content/bad.md:2: error: front matter is not valid YAML" in error
        assert _status(base)["build"] == good["build"]  # the previous site is still served
        assert "US warns North Korean troops" in _get(base)
        (site / "content" / "bad.md").unlink()
        assert _wait_for(lambda: _status(base)["error"] is None)


def test_a_first_build_that_fails_serves_a_page_that_shows_the_problems(site: Path) -> None:
    write(site / "content" / "bad.md", "---\ndate: nope\n---\nText.\n")
    with serving(site) as base:
        assert "content/bad.md:2: error: date 'nope' is not a date" in _status(base)["error"]
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(base, timeout=5)  # noqa: S310
        page = failed.value.read().decode()
        assert failed.value.code == 500 and "could not be built" in page and RELOAD_PATH in page
        (site / "content" / "bad.md").unlink()
        assert _wait_for(lambda: "US warns North Korean troops" in _get(base))


def test_the_script_goes_before_the_end_of_the_body_or_at_the_end() -> None:
    assert with_script(b"<html><body><p>x</p></body></html>").endswith(b"</script></body></html>")
    assert with_script(b"<p>no body</p>").startswith(b"<p>no body</p><script>")


def test_a_port_in_use_is_one_line_naming_it(cli, site: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli(site, "serve", "--port", str(port))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"127.0.0.1:{port}: error: cannot be listened on (Address already in use) — pass another --port" in result.output
    bad = cli(site, "serve", "--base-url", "not a url")
    assert bad.exit_code == 1 and "--base-url: error: base_url 'not a url' is not a URL or a path" in bad.output
