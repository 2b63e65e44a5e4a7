"""Hostile input and faults on the output side: XML that stays well-formed, a strict check that proves it,
and a development server that shrugs off vanished and idle clients."""

from __future__ import annotations

import socket
import struct
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsgen import serve as serve_module
from newsgen.build import build
from newsgen.config import load_config
from newsgen.linkcheck import check_site
from newsgen.render import xml_safe

from .conftest import write

# YAML double-quoted escapes: a form feed, a vertical tab, U+0001 and ESC in every front matter field.
HOSTILE = (
    "---\n"
    'title: "Bridge\\f reopens\\v today\\x01 \\e[31m"\n'
    'author: "Jane\\x01 Doe\\f"\n'
    'tags: ["lo\\vcal", "tra\\ensport"]\n'
    "date: 2024-10-24\n"
    "---\n"
    'The mayor\f said\v "the bridge\x01 will reopen\x1b next week," on Thursday.\n'
)
FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\ufffe\uffff"


def test_feed_and_sitemap_parse_whatever_the_articles_and_config_hold(site: Path) -> None:
    write(site / "content" / "bridge.md", HOSTILE)
    # Built from a Config made in code, not newsgen.yaml: the XML must not rely on any loader's cleaning.
    config = replace(load_config(root=site), title="Brief\fing\x01\ufffe", description="Who\v said\x1b what\uffff", base_url="https://example.org/news\x01/")
    build(config, report=lambda line: None)
    feed = ET.parse(site / "site" / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}title") == "Briefing"
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert "Bridge reopens today [31m" in titles
    urls = [loc.text for loc in ET.parse(site / "site" / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/news/articles/bridge/" in urls


def test_xml_safe_removes_only_what_xml_forbids() -> None:
    kept = "tab\tnew\nline\rü中\u0085\U0001f600 <&>"
    assert xml_safe(FORBIDDEN + kept + "\ud800x\udfff") == kept + "x"


def test_strict_check_reports_a_malformed_xml_file_with_its_line(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write(out / "index.html", "<p>home</p>")
    write(out / "sitemap.xml", '<?xml version="1.0"?>\n<urlset><url><loc>x</loc></url></urlset>\n')
    write(out / "feed.xml", '<?xml version="1.0"?>\n<feed>\n  <title>ok</title>\n  <title>bad\x0c</title>\n</feed>\n')
    write(out / "deep" / "other.xml", "<a><b></a>\n")
    problems = check_site(out, "/")
    assert [(p.path, p.line) for p in problems] == [("site/deep/other.xml", 1), ("site/feed.xml", 4)]
    assert str(problems[1]).startswith("site/feed.xml:4: error: not well-formed XML (invalid token at column ")
    assert "mismatched tag" in problems[0].message
    assert check_site(out, "/", shown="public")[1].path == "public/feed.xml"  # a build checks its staging folder


def test_build_strict_fails_on_a_theme_feed_that_is_not_xml(site: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write(site / "templates" / "feed.xml", '<?xml version="1.0"?>\n<feed>\n<title>{{ site.title }}</feed>\n')
    result = cli(site, "build", "--strict", "--base-url", "https://example.org/")  # a feed is written only for a full URL
    assert result.exit_code != 0
    assert "feed.xml:3: error: not well-formed XML (mismatched tag at column " in result.output
    assert not (site / "site" / "feed.xml").exists()


# --- newsgen serve under hostile clients --------------------------------------------------------------


@pytest.fixture
def served(site: Path) -> Iterator[tuple[int, Path]]:
    """A running `newsgen serve` on loopback: (port, site folder); stopped and joined afterwards."""
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve_module.serve, kwargs={"config": load_config(root=site), "port": 0, "stop": stop, "ready": ready}, daemon=True)
    thread.start()
    try:
        assert ready.wait(60)
        yield ready.port, site  # type: ignore[attr-defined]
    finally:
        stop.set()
        thread.join(15)
        assert not thread.is_alive()


def _get(port: int, path: str = "/") -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:  # noqa: S310 - loopback only
        return r.read().decode()


def test_a_client_that_hangs_up_mid_response_is_ignored_quietly(served: tuple[int, Path], capfd: pytest.CaptureFixture[str]) -> None:
    port, site = served
    write(serve_module.serve_folder(load_config(root=site)) / "big.html", "<html><body>" + "x" * (32 << 20) + "</body></html>")
    capfd.readouterr()
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /big.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            assert sock.recv(64).startswith(b"HTTP/1.0 200")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    assert "US warns North Korean troops" in _get(port)
    time.sleep(1.0)  # the server's failed writes happen on its own threads
    assert capfd.readouterr().err == ""


def test_idle_connections_pin_no_threads_and_do_not_block_a_request(served: tuple[int, Path]) -> None:
    port, _ = served
    _get(port)
    before = threading.active_count()
    idle: list[socket.socket] = []
    try:
        for _ in range(100):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        time.sleep(0.5)  # let the server accept them all
        started = time.monotonic()
        for _ in range(serve_module.WORKERS + 4):
            assert "US warns North Korean troops" in _get(port)
        assert time.monotonic() - started < 5
        assert threading.active_count() <= before + serve_module.WORKERS
    finally:
        for sock in idle:
            sock.close()


def test_a_connection_that_never_sends_is_closed_after_the_idle_timeout(served: tuple[int, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    port, _ = served
    monkeypatch.setattr(serve_module, "IDLE_SECONDS", 0.5)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        started = time.monotonic()
        assert sock.recv(1) == b""
        assert time.monotonic() - started < 4
    assert "US warns North Korean troops" in _get(port)
