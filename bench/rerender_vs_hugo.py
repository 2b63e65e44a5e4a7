"""A site-wide re-render from cached extraction against Hugo's full build (and Pagefind over it) of the same files.

usage: python bench/rerender_vs_hugo.py [ARTICLES_DIR] [--articles N | --copies K] [--rounds R] [--warmup W]
                                        [--project DIR [--prepare-only]] [--jobs N] [--no-pagefind]
Default ARTICLES_DIR is ../shared/corpus/wikinews (284 real articles), replicated to --articles N (default
4,000) with distinct file names and distinct titles (" (copy 3)"); --copies K takes K whole copies instead.

Two projects are made of the same article files: a newsgen one (its extraction cache filled once by a full
build, which takes minutes: ~10 for 4,000 articles on 2 cores) and a Hugo one (the same bodies; front matter
cut down to title, date, tags and draft; two one-line layouts, single.html and list.html, Hugo's defaults
otherwise: RSS, sitemap and taxonomy pages are built). --project DIR keeps both in DIR and reuses them when
DIR already holds a project of the same articles, so the cache is filled once for many runs; with
--prepare-only the run stops after that first build (fill the cache while the machine is busy, time later).

Then, alternating in one run (W untimed warm-up rounds, then R timed rounds, newsgen first in each):
  newsgen  a new site title in newsgen.yaml, so every page re-renders from cached extraction, then
           `python -m newsgen build -q` as a whole process (search index included);
  hugo     public/ deleted (not timed), then `hugo --quiet`, a full build into the empty public/;
  pagefind the Pagefind binary newsgen itself runs (newsgen.search.indexer_command) with --site public.
Times are wall clock around each process (time.perf_counter around subprocess.run) and the CPU seconds
(user + sys) the process and its children used. The newsgen process is `python -m newsgen build -q` with
newsgen.build.build wrapped to print its BuildResult.timings (stages) on stderr; nothing else differs.
Needs `hugo` on PATH (Debian bookworm: `apt-get install hugo`, 0.111.3); installs nothing.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wikinews"
ARTICLE_SUFFIXES = (".md", ".txt", ".markdown")
HUGO_KEYS = ("title", "date", "tags", "draft")

SINGLE = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main data-pagefind-body>"
          "<h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n")
LIST = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>"
        "{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n")
HUGO_CONFIG = 'baseURL = "/"\ntitle = "News briefing"\nlanguageCode = "en"\n'

# Runs as `python -c`: exactly `python -m newsgen build -q ARGS`, with the build's stage timings printed on stderr.
DRIVER = """
import json, sys
import newsgen.build as b
_build = b.build
def _spy(*a, **k):
    r = _build(*a, **k)
    sys.stderr.write("BENCH_TIMINGS " + json.dumps({"seconds": r.seconds, "rendered": r.rendered, "pages": r.pages,
                     "extracted": r.extracted, "timings": r.timings}) + "\\n")
    return r
b.build = _spy
sys.argv = ["newsgen", "build", "-q", *sys.argv[1:]]
from newsgen.__main__ import run
run()
"""


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            meta = yaml.safe_load(text[3:end]) or {}
            body = text[text.index("\n", end + 1) + 1:] if "\n" in text[end + 1:] else ""
            return meta, body
    return {}, text


def with_front_matter(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000) + "---\n\n" + body.lstrip("\n")


def pick_articles(src: Path, articles: int | None, copies: int | None) -> list[tuple[Path, int]]:
    files = sorted(p for p in src.iterdir() if p.suffix in ARTICLE_SUFFIXES and not p.name.startswith("."))
    if not files:
        sys.exit(f"no article files (.md/.txt) in {src}")
    n = len(files) * copies if copies else articles
    return [(files[i % len(files)], i // len(files)) for i in range(n)]


def make_projects(root: Path, src: Path, picked: list[tuple[Path, int]]) -> None:
    """root/newsgen (content/, newsgen.yaml) and root/hugo (content/, layouts/, config.toml) of the same articles."""
    ng, hg = root / "newsgen" / "content", root / "hugo" / "content"
    for d in (ng, hg, root / "hugo" / "layouts" / "_default"):
        d.mkdir(parents=True, exist_ok=True)
    for f, copy in picked:
        meta, body = split_front_matter(f.read_text(encoding="utf-8"))
        meta.setdefault("title", f.stem.replace("-", " "))
        if copy:
            meta["title"] = f"{meta['title']} (copy {copy})"
        name = f"{f.stem}-{copy}" if copy else f.stem
        (ng / f"{name}{f.suffix}").write_text(with_front_matter(meta, body), encoding="utf-8")
        hugo_meta = {k: meta[k] for k in HUGO_KEYS if k in meta}
        if isinstance(hugo_meta.get("tags"), str):
            hugo_meta["tags"] = [t.strip() for t in hugo_meta["tags"].split(",") if t.strip()]
        (hg / f"{name}.md").write_text(with_front_matter(hugo_meta, body), encoding="utf-8")
    (root / "newsgen" / "newsgen.yaml").write_text("title: News briefing\n", encoding="utf-8")
    (root / "hugo" / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "hugo" / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (root / "hugo" / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")


class Run:
    """One process: wall seconds and the CPU seconds (user + sys) it and its children used."""

    def __init__(self, cmd: list[str], cwd: Path, what: str):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode:
            sys.exit(f"{what} failed (exit {done.returncode}): {' '.join(cmd[:3])} ...\n{(done.stdout + done.stderr)[-3000:]}")
        self.stats: dict = {}
        for line in done.stderr.splitlines():
            if line.startswith("BENCH_TIMINGS "):
                self.stats = json.loads(line.split(" ", 1)[1])


def newsgen_cmd(jobs: int | None) -> list[str]:
    return [sys.executable, "-c", DRIVER, *(["--jobs", str(jobs)] if jobs else [])]


def rerender(root: Path, n: int, jobs: int | None) -> Run:
    (root / "newsgen" / "newsgen.yaml").write_text(f"title: News briefing {n}\n", encoding="utf-8")
    return Run(newsgen_cmd(jobs), root / "newsgen", "newsgen build")


def hugo_build(root: Path, pagefind: list[str] | None) -> tuple[Run, Run | None]:
    shutil.rmtree(root / "hugo" / "public", ignore_errors=True)
    shutil.rmtree(root / "hugo" / "resources", ignore_errors=True)
    hugo = Run(["hugo", "--quiet"], root / "hugo", "hugo")
    index = Run([*pagefind, "--site", "public"], root / "hugo", "pagefind") if pagefind else None
    return hugo, index


def stages(stats: dict) -> str:
    t = stats.get("timings") or {}
    return ", ".join(f"{k} {v:.2f}" for k, v in t.items()) or "no stage timings"


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT, help="folder of article files (default: Wikinews)")
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--articles", type=int, default=4000, help="articles in each site (default 4000)")
    size.add_argument("--copies", type=int, help="whole copies of the source folder instead of --articles")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds of each (default 3)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed rounds of each first (default 1)")
    ap.add_argument("--project", type=Path, help="keep both projects here and reuse them (and the filled cache) when they match")
    ap.add_argument("--prepare-only", action="store_true", help="make the projects and fill the cache, time nothing (with --project)")
    ap.add_argument("--jobs", type=int, help="passed to newsgen build --jobs (default: newsgen's own)")
    ap.add_argument("--no-pagefind", action="store_true", help="time Hugo alone")
    args = ap.parse_args()
    if args.prepare_only and not args.project:
        ap.error("--prepare-only needs --project DIR, where the prepared projects stay")

    hugo = shutil.which("hugo")
    if not hugo:
        sys.exit("hugo is not on PATH: this bench compares against Hugo 0.111.3 (Debian bookworm: `apt-get install hugo`); it installs nothing")
    hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    pagefind = None
    if not args.no_pagefind:
        from newsgen.search import indexer_command

        pagefind = indexer_command()
        pf_version = subprocess.run([*pagefind, "--version"], capture_output=True, text=True).stdout.strip()

    picked = pick_articles(args.source, args.articles, args.copies)
    wanted = {"source": str(args.source.resolve()), "articles": len(picked)}
    root = args.project.resolve() if args.project else Path(tempfile.mkdtemp(prefix="newsgen-vs-hugo-"))
    marker = root / "bench-project.json"
    reuse = marker.exists() and json.loads(marker.read_text()) == wanted
    if not reuse:
        if args.project and root.exists() and any(root.iterdir()):
            if not marker.exists():
                sys.exit(f"{root} is not empty and holds no project of this bench; name an empty or new folder")
            for sub in ("newsgen", "hugo"):
                shutil.rmtree(root / sub, ignore_errors=True)
            marker.unlink()
        make_projects(root, args.source, picked)

    words = sum(len(split_front_matter(p.read_text(encoding="utf-8"))[1].split()) for p in (root / "newsgen" / "content").iterdir())
    print(f"articles: {len(picked):,} ({words:,} words) in {root}{' (reused)' if reuse else ''}")
    print(f"{hugo_version}\npagefind: {' '.join(pagefind) + ' ' + pf_version if pagefind else 'not timed (--no-pagefind)'}")
    print(f"cores: {os.cpu_count()}, load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    fill = Run(newsgen_cmd(args.jobs), root / "newsgen", "newsgen build (cache fill)")
    marker.write_text(json.dumps(wanted))
    print(f"first build ({'cache already filled' if reuse else 'fills the extraction cache'}): {fill.wall:.1f} s wall, "
          f"{fill.stats.get('extracted', '?')} extracted, {fill.stats.get('pages', '?')} pages [{stages(fill.stats)}]")
    if args.prepare_only:
        print(f"prepared; time it with: --project {root}")
        return

    ng: list[Run] = []
    hg: list[tuple[Run, Run | None]] = []
    stamp = int(time.time())
    for r in range(args.warmup + args.rounds):
        timed = r >= args.warmup
        label = f"round {r - args.warmup + 1}" if timed else f"warm-up {r + 1}"
        a = rerender(root, stamp + r, args.jobs)
        h, p = hugo_build(root, pagefind)
        line = (f"{label}: newsgen {a.wall:.2f} s ({a.cpu:.1f} s CPU; {a.stats.get('rendered', '?')} of {a.stats.get('pages', '?')} pages rendered, "
                f"{a.stats.get('extracted', '?')} extracted) | hugo {h.wall:.2f} s ({h.cpu:.1f} s CPU)")
        if p:
            line += f" + pagefind {p.wall:.2f} s ({p.cpu:.1f} s CPU) = {h.wall + p.wall:.2f} s"
        print(line)
        print(f"    newsgen stages: {stages(a.stats)}; in-process {a.stats.get('seconds', float('nan')):.2f} s")
        if timed:
            ng.append(a)
            hg.append((h, p))

    hugo_pages = sum(1 for _ in (root / "hugo" / "public").rglob("*.html"))
    newsgen_pages = sum(1 for _ in (root / "newsgen" / "site").rglob("*.html"))
    n_wall, n_cpu = med([a.wall for a in ng]), med([a.cpu for a in ng])
    h_wall, h_cpu = med([h.wall for h, _ in hg]), med([h.cpu for h, _ in hg])
    print(f"\nmedians of {args.rounds} rounds, {len(picked):,} articles (newsgen site {newsgen_pages:,} .html files, Hugo {hugo_pages:,}):")
    print(f"  newsgen re-render from cache: {n_wall:.2f} s wall, {n_cpu:.1f} s CPU")
    print(f"  hugo full build:              {h_wall:.2f} s wall, {h_cpu:.1f} s CPU")
    if pagefind:
        p_wall, p_cpu = med([p.wall for _, p in hg]), med([p.cpu for _, p in hg])
        both = med([h.wall + p.wall for h, p in hg])
        both_cpu = med([h.cpu + p.cpu for h, p in hg])
        print(f"  pagefind over Hugo's site:    {p_wall:.2f} s wall, {p_cpu:.1f} s CPU")
        print(f"  hugo + pagefind:              {both:.2f} s wall, {both_cpu:.1f} s CPU")
        print(f"  newsgen / (hugo + pagefind):  {n_wall / both:.2f}x wall, {n_cpu / both_cpu:.2f}x CPU")
    print(f"  newsgen / hugo alone:         {n_wall / h_wall:.2f}x wall, {n_cpu / h_cpu:.2f}x CPU")
    keys = sorted({k for a in ng for k in (a.stats.get("timings") or {})}, key=lambda k: list((ng[0].stats.get("timings") or {})).index(k)
                  if k in (ng[0].stats.get("timings") or {}) else 99)
    if keys:
        print("  newsgen stages (median s): " + ", ".join(f"{k} {med([(a.stats.get('timings') or {}).get(k, 0.0) for a in ng]):.2f}" for k in keys))
        startup = med([a.wall - a.stats.get("seconds", a.wall) for a in ng])
        print(f"  newsgen process start and exit outside build(): {startup:.2f} s")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.project:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
