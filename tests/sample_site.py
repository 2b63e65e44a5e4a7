"""A small, hand-made briefing site for render, link and browser tests.

Built without spaCy: articles are loaded from real files, and the claims, figures and dates are written
here with offsets found in the body, so the tests do not move when the extractors change.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsgen.analyse import SiteData, analyse
from newsgen.config import Config
from newsgen.content import load_article
from newsgen.model import Article, Claim, DateRef, Extraction, Figure
from newsgen.render import Renderer, copy_assets, plan_pages, write_pages
from newsgen.search import index_site

ARTICLES = {
    "troops.txt": """---
title: "US warns North Korean troops in Russia would be legitimate targets"
date: 2024-10-23
source: https://example.org/news/troops
licence: CC BY 4.0, Example Wire
author: Example Wire staff
tags: [North Korea, Ukraine]
---

Washington:
“We estimate that North Korea transferred at least 3,000 soldiers into eastern Russia between early to mid-October,” US National Security Council spokesperson John Kirby told reporters.
The troops sailed to “many Russian military training sites in eastern Russia,” Kirby added.
Seoul claims that Pyongyang intends to send 10,000 soldiers to Russia by December.
Kyiv received $50 billion in lending on Wednesday, according to the US Treasury.
""",
    "briefing.txt": """---
title: "Kirby: deployment is a <b>serious</b> escalation & a test"
date: 2024-10-25
source: "javascript:alert(1)"
tags: [Ukraine]
---

The deployment of 10,000 troops would be a serious escalation, Kirby said on Friday.
NATO will brief its members next week, a spokesperson said.
“You must not die senselessly in a foreign land,” said a group under Kyiv’s military intelligence.
""",
}


def _at(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def _sentence(body: str, start: int) -> tuple[str, int, int]:
    s = body.rfind("\n", 0, start) + 1
    e = body.find("\n", start)
    e = len(body) if e < 0 else e
    return body[s:e], s, e


def _claim(a: Article, speaker: str | None, kind: str, text: str, cue: str, role: str | None = None, speaker_type: str = "person") -> Claim:
    start, end = _at(a.body, text)
    sentence, s, e = _sentence(a.body, start)
    return Claim(speaker, kind, text, start, end, sentence, cue, role, speaker_type, s, e)


def _figure(a: Article, text: str, value: float, unit: str, qualifier: str | None = None, claim: int | None = None,
            quantity: str | None = None) -> Figure:
    start, end = _at(a.body, text)
    return Figure(text, value, unit, start, end, qualifier, None, claim, quantity.partition("|")[2] if quantity else None, quantity)


def _date(a: Article, text: str, resolved: str | None) -> DateRef:
    start, end = _at(a.body, text)
    return DateRef(text, resolved, start, end)


def extraction_for(a: Article) -> Extraction:
    if a.slug == "troops":
        return Extraction(
            claims=[
                _claim(a, "John Kirby", "direct", "We estimate that North Korea transferred at least 3,000 soldiers into eastern Russia between early to mid-October", "told", "US National Security Council spokesperson"),
                _claim(a, "Kirby", "partial", "many Russian military training sites in eastern Russia", "added"),
                _claim(a, "Seoul", "indirect", "Pyongyang intends to send 10,000 soldiers to Russia by December", "claims", None, "place"),
                _claim(a, "the US Treasury", "according_to", "Kyiv received $50 billion in lending on Wednesday", "according to", None, "organisation"),
            ],
            figures=[
                _figure(a, "at least 3,000 soldiers", 3000, "soldiers", "at_least", 0, "count|russia transfer troop"),
                _figure(a, "10,000 soldiers", 10000, "soldiers", None, 2, "count|projected russia send troop"),
                _figure(a, "$50 billion", 50e9, "USD", None, 3, "USD|lending"),
            ],
            dates=[
                _date(a, "early to mid-October", "2024-10-01/2024-10-20"),
                _date(a, "by December", "2024-12"),
                _date(a, "on Wednesday", "2024-10-23"),
            ],
        )
    return Extraction(
        claims=[
            _claim(a, "Kirby", "indirect", "The deployment of 10,000 troops would be a serious escalation", "said"),
            _claim(a, None, "indirect", "NATO will brief its members next week", "said"),
            _claim(a, "group under Kyiv’s military intelligence", "direct", "You must not die senselessly in a foreign land", "said", None, "group"),
        ],
        figures=[_figure(a, "10,000 troops", 10000, "troops", None, 0, "count|projected russia send troop")],
        dates=[_date(a, "on Friday", "2024-10-25"), _date(a, "next week", "2024-10-28/2024-11-03")],
    )


def sample_data(content_dir: Path) -> SiteData:
    content_dir.mkdir(parents=True, exist_ok=True)
    articles = []
    for name, text in ARTICLES.items():
        (content_dir / name).write_text(text, encoding="utf-8")
        articles.append(load_article(content_dir / name, content_dir))
    return analyse([(a, extraction_for(a)) for a in articles])


def build_sample_site(root: Path, base_url: str = "/", output_dir: str = "site") -> tuple[Config, SiteData, Path]:
    """Render the sample into `root/output_dir` as `newsgen build` would, search index included."""
    config = replace(Config(), root=root, base_url=base_url, output_dir=output_dir)
    data = sample_data(config.content_path)
    return config, data, write_site(config, data)


def write_site(config: Config, data: SiteData) -> Path:
    """Pages, assets and search index of `data` in the config's output folder."""
    out = config.output_path
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(config, out)
    write_pages(list(plan_pages(data, config)), Renderer(config, data), out)
    index_site(out, config)
    return out


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site only under its base path, as GitHub Pages serves a project site."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + path[len(self.base_path):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Missing pages get the site's 404.html, as on GitHub Pages, so it is tested at a deep URL."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


@contextmanager
def serve(site_dir: Path, base_path: str = "/") -> Iterator[str]:
    """An HTTP server on 127.0.0.1 in a thread; yields the site's root URL."""
    handler = type("Handler", (_Handler,), {"base_path": base_path})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
