"""Remake the README's screenshots: build the shipped content/ and photograph it in Chromium.

usage: python docs/shoot.py   (needs Debian's chromium and the playwright package: `pip install ".[test]"`)
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from newsgen.build import build
from newsgen.config import load_config

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
SHOTS = [  # file, page, width, colour scheme, whole page
    ("article.png", "articles/seed/", 1280, "light", False),
    ("article-mobile-dark.png", "articles/seed/", 390, "dark", False),
    ("briefing.png", "", 1280, "light", False),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "content", root / "content")
        config = load_config(root=root)
        build(config, report=lambda line: None)
        handler = partial(SimpleHTTPRequestHandler, directory=str(config.output_path))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, page, width, scheme, full in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                tab = context.new_page()
                tab.goto(base + page)
                tab.screenshot(path=str(ROOT / "docs" / name), full_page=full)
                context.close()
                print(f"docs/{name}: {page or 'index'} at {width} px, {scheme}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
