"""The largest pages and exports of a big site: no HTML page may grow with the archive.

usage: python bench/page_sizes.py [ARTICLES_DIR] [--copies N] [--jobs N] [--limit-mb 1.0]

Replicates ARTICLES_DIR (default ../shared/corpus/wikinews, 284 articles) N times (35 gives 9,940
articles), builds the originals once to fill the extraction cache, then builds the whole replicated
site from that cache (copies have the same bytes, so nothing is parsed twice) and prints that build's
time and memory, the largest HTML pages and data files, and how many HTML pages exceed the limit.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from build_speed import DEFAULT, TreeRSS, peak_rss_mb

from newsgen.build import build
from newsgen.config import load_config


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--copies", type=int, default=35)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit-mb", type=float, default=1.0)
    args = ap.parse_args()

    root = Path(tempfile.mkdtemp(prefix="newsgen-pages-"))
    content = root / "content"
    content.mkdir()
    files = sorted(p for p in args.articles.iterdir() if p.suffix in (".md", ".txt"))
    for f in files:
        shutil.copy(f, content / f.name)
    quiet = lambda line: None  # noqa: E731
    first = build(load_config(root=root), use_cache=True, report=quiet, jobs=args.jobs)
    print(f"originals: {len(files)} articles, cold build {first.seconds:.1f} s")
    for i in range(1, args.copies):
        for f in files:
            shutil.copy(f, content / f"{f.stem}-{i}{f.suffix}")
    with TreeRSS() as tree:
        big = build(load_config(root=root), use_cache=True, report=quiet, jobs=args.jobs)
    print(f"{len(files) * args.copies} articles from the cache: {big.seconds:.1f} s, {big.pages} pages, {big.extracted} extracted "
          f"[{', '.join(f'{k} {v:.2f}s' for k, v in big.timings.items())}]")
    print(f"peak memory: largest process {peak_rss_mb():,.0f} MB RSS, all processes {tree.peak_pss:,.0f} MB PSS summed")

    site = root / "site"
    sizes = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts), reverse=True)
    html = [(s, p) for s, p in sizes if p.endswith(".html")]
    data = [(s, p) for s, p in sizes if not p.endswith(".html")]
    limit = args.limit_mb * 1024 * 1024
    print(f"HTML pages: {len(html)}; over {args.limit_mb:g} MB: {sum(s > limit for s, _ in html)}")
    for s, p in html[:8]:
        print(f"  {s / 1024:9,.0f} KB  {p}")
    print("largest data files:")
    for s, p in data[:6]:
        print(f"  {s / 1024:9,.0f} KB  {p}")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
