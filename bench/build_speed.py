"""Build speed against plain spaCy, render throughput, rebuild costs and peak memory.

usage: python bench/build_speed.py [ARTICLES_DIR] [--copies N] [--jobs N]
Default ARTICLES_DIR is ../shared/corpus/wikinews (284 real articles); --copies replicates it for
bigger runs. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

from newsgen.build import build
from newsgen.config import load_config
from newsgen.content import load_content
from newsgen.nlp import load_pipeline

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wikinews"


def make_site(src: Path, copies: int) -> Path:
    root = Path(tempfile.mkdtemp(prefix="newsgen-bench-"))
    content = root / "content"
    content.mkdir()
    files = sorted(p for p in src.iterdir() if p.suffix in (".md", ".txt"))
    for i in range(copies):
        for f in files:
            shutil.copy(f, content / (f"{f.stem}-{i}{f.suffix}" if copies > 1 else f.name))
    return root


class TreeRSS:
    """Samples the summed resident memory of this process and all its descendants (workers included).

    `peak` sums each process's RSS, which counts a page shared by forked render workers once per
    process; `peak_pss` sums proportional set sizes, which share such a page out among them: the
    memory the build really holds.
    """

    def __init__(self, every: float = 1.0):
        self.peak = 0.0
        self.peak_pss = 0.0
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            rss, pss = tree_memory_mb(os.getpid())
            self.peak = max(self.peak, rss)
            self.peak_pss = max(self.peak_pss, pss)


def tree_pids(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip())
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return found


def tree_memory_mb(root: int) -> tuple[float, float]:
    """Summed RSS and summed PSS of the process tree, in MB."""
    rss = pss = 0
    for pid in tree_pids(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss / 1024, pss / 1024


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def render_line(what: str, result) -> str:
    render = result.timings.get("render", 0.0)
    return (f"{what}: {result.seconds:.2f} s; {result.rendered} pages in {render:.2f} s = {result.rendered / max(render, 1e-9):,.0f} pages/s "
            f"[{', '.join(f'{k} {v:.2f}s' for k, v in result.timings.items())}]")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--cold-only", action="store_true", help="only the cold build and peak memory (for big runs)")
    args = ap.parse_args()

    root = make_site(args.articles, args.copies)
    config = load_config(root=root)
    articles, _ = load_content(config.content_path)
    words = sum(len(a.body.split()) for a in articles)
    print(f"articles: {len(articles)}  words: {words:,}  jobs: {args.jobs}")

    quiet = lambda line: None  # noqa: E731
    if args.cold_only:
        with TreeRSS() as tree:
            cold = build(config, use_cache=True, report=quiet, jobs=args.jobs)
        print(f"full build (cold cache): {cold.seconds:.1f} s, {words / cold.seconds:,.0f} words/s, {cold.pages} pages "
              f"[{', '.join(f'{k} {v:.2f}s' for k, v in cold.timings.items())}]")
        print(f"peak RSS: largest process {peak_rss_mb():,.0f} MB, all processes together {tree.peak:,.0f} MB (RSS summed), {tree.peak_pss:,.0f} MB (PSS summed)")
        shutil.rmtree(root, ignore_errors=True)
        return

    with TreeRSS() as tree:
        cold = build(config, use_cache=True, report=quiet, jobs=args.jobs)
    build_rss = peak_rss_mb()

    nlp = load_pipeline(config.model)
    t = time.perf_counter()
    for _ in nlp.pipe((a.body for a in articles), batch_size=32, n_process=args.jobs):
        pass
    plain = time.perf_counter() - t
    print(f"plain nlp.pipe (n_process={args.jobs}): {plain:.1f} s, {words / plain:,.0f} words/s")
    print(f"full build (cold cache): {cold.seconds:.1f} s, {words / cold.seconds:,.0f} words/s, "
          f"ratio to plain spaCy {plain / cold.seconds:.2f}x  [{', '.join(f'{k} {v:.2f}s' for k, v in cold.timings.items())}]")

    noop = build(config, use_cache=True, report=quiet, jobs=args.jobs)
    print(f"no-op rebuild: {noop.seconds:.2f} s = {100 * noop.seconds / cold.seconds:.1f}% of the full build")

    victim = next(p for p in sorted(config.content_path.iterdir()))
    victim.write_text(victim.read_text(encoding="utf-8") + "\nThe spokesman said the figures would be updated.\n", encoding="utf-8")
    one = build(config, use_cache=True, report=quiet, jobs=args.jobs)
    print(f"one article changed: {one.seconds:.2f} s = {100 * one.seconds / cold.seconds:.1f}% of the full build "
          f"({one.extracted} extracted, {one.rendered} of {one.pages} pages rendered) [{', '.join(f'{k} {v:.2f}s' for k, v in one.timings.items())}]")

    # Every page from cached extraction, as after a template or config change: the site two builds old
    # is the staging folder, so pages are rewritten in place (files.py).
    for n in (1, 2):
        (root / "newsgen.yaml").write_text(f"title: Briefing {n}\n", encoding="utf-8")
        warm = build(load_config(root=root), use_cache=True, report=quiet, jobs=args.jobs)
        print(render_line(f"config change {n}, every page re-rendered from cached extraction", warm))
    shutil.rmtree(config.output_path)
    shutil.rmtree(config.cache_path / "staging", ignore_errors=True)
    empty = build(load_config(root=root), use_cache=True, report=quiet, jobs=args.jobs)
    print(render_line("site and staging folder deleted first, every page made anew from cached extraction", empty))
    print(f"peak RSS of the cold build: largest process {build_rss:,.0f} MB, all processes together {tree.peak:,.0f} MB (RSS summed), {tree.peak_pss:,.0f} MB (PSS summed)")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
