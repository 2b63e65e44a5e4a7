"""Extraction throughput on a Dask LocalCluster against the built-in process pool, Dask's per-task
overhead, and the speed-up it projects for bigger clusters.

usage: python bench/cluster.py [ARTICLES_DIR] [--limit N] [--rounds R] [--tasks N]
Default ARTICLES_DIR is ../shared/corpus/wikinews; --limit takes the first N articles. The same
articles go through the pool (--jobs 1 and 2, as `newsgen build` runs them, pool start included) and
through LocalClusters of 1 and 2 worker processes (started and warmed once, as a running cluster is),
alternating, R rounds; the best round of each is shown. No extraction cache is read or written.
Needs `pip install "newsgen[cluster]"`. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wikinews"


def noop(x: int) -> int:
    return x


def warm(model: str) -> None:
    from newsgen.nlp import load_pipeline

    load_pipeline(model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--tasks", type=int, default=2000, help="no-op tasks for the overhead figures")
    args = parser.parse_args()

    import distributed

    logging.getLogger("distributed").setLevel(logging.CRITICAL)

    from newsgen import cluster
    from newsgen.build import run_extraction
    from newsgen.cache import Cache, cache_key
    from newsgen.config import DEFAULT_MODEL
    from newsgen.content import load_content
    from newsgen.extract import EXTRACTOR_VERSION
    from newsgen.nlp import load_pipeline

    articles, _ = load_content(args.articles, root=args.articles.parent)
    articles = articles[:args.limit]
    words = sum(len(a.body.split()) for a in articles)
    print(f"{len(articles)} articles, {words:,} words, from {args.articles}; {os.cpu_count()} cores; "
          f"cluster batch {cluster.CLUSTER_BATCH} articles, pool batch 8")
    load_pipeline(DEFAULT_MODEL)  # the pool's --jobs 1 runs here: loaded once, like a warm cluster

    started = time.perf_counter()
    clusters = {n: distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                                            silence_logs=logging.ERROR) for n in (1, 2)}
    for n, local in clusters.items():  # warm: every worker loads the pipeline once
        with distributed.Client(local, set_as_default=False) as client:
            client.run(warm, DEFAULT_MODEL)
    print(f"two LocalClusters (1 + 2 workers) started and warmed in {time.perf_counter() - started:.1f} s")

    def pool(jobs: int) -> float:
        t = time.perf_counter()
        assert len(list(run_extraction(articles, DEFAULT_MODEL, jobs))) == len(articles)
        return time.perf_counter() - t

    def dask(n: int) -> float:
        t = time.perf_counter()
        out = list(cluster.cluster_extraction(articles, DEFAULT_MODEL, clusters[n].scheduler_address, EXTRACTOR_VERSION))
        assert len(out) == len(articles) and not [x for _, x in out if not hasattr(x, "claims")]
        return time.perf_counter() - t

    def dask_started(n: int) -> float:  # what `newsgen build --cluster local:N` pays: the cluster's start and pipeline loads too
        t = time.perf_counter()
        assert len(list(cluster.cluster_extraction(articles, DEFAULT_MODEL, f"local:{n}", EXTRACTOR_VERSION))) == len(articles)
        return time.perf_counter() - t

    runs: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, run in (("pool, 1 job", lambda: pool(1)), ("dask, 1 worker", lambda: dask(1)),
                          ("pool, 2 jobs", lambda: pool(2)), ("dask, 2 workers", lambda: dask(2)),
                          ("dask local:2", lambda: dask_started(2))):
            runs.setdefault(name, []).append(run())
    print(f"\nextraction, best of {args.rounds} alternating rounds:")
    best = {name: min(times) for name, times in runs.items()}
    for name, t in best.items():
        print(f"  {name:<16} {t:6.2f} s  {len(articles) / t:6.1f} articles/s  {words / t:8,.0f} words/s   (rounds: {', '.join(f'{x:.2f}' for x in runs[name])} s)")
    print(f"  dask 2 workers / pool 2 jobs: {best['pool, 2 jobs'] / best['dask, 2 workers']:.2f}x the throughput "
          f"(pool start included, cluster already running; {best['pool, 2 jobs'] / best['dask local:2']:.2f}x with `local:2` started per run)")
    print(f"  speed-up 1 -> 2: pool {best['pool, 1 job'] / best['pool, 2 jobs']:.2f}x, dask {best['dask, 1 worker'] / best['dask, 2 workers']:.2f}x")

    # Overhead: no-op tasks through the scheduler of the 2-worker cluster.
    with distributed.Client(clusters[2], set_as_default=False) as client:
        client.gather(client.map(noop, range(200), pure=False))
        t = time.perf_counter()
        client.gather(client.map(noop, range(args.tasks), pure=False))
        bulk = time.perf_counter() - t
        trips = []
        for i in range(50):
            t = time.perf_counter()
            client.submit(noop, i, pure=False).result()
            trips.append(time.perf_counter() - t)
    per_task = bulk / args.tasks
    print(f"\nper-task overhead: {args.tasks} no-op tasks submitted and gathered in {bulk:.2f} s = {per_task * 1e3:.2f} ms a task, "
          f"{1 / per_task:,.0f} tasks/s through the scheduler; one task's round trip {statistics.median(trips) * 1e3:.1f} ms (median of 50)")

    # The build's own serial share: each streamed result is written to the SQLite cache by this process.
    results = list(run_extraction(articles, DEFAULT_MODEL, 1))
    with tempfile.TemporaryDirectory(prefix="newsgen-bench-") as tmp:
        cache = Cache(Path(tmp) / "cache.sqlite")
        t = time.perf_counter()
        for a, ex in results:
            cache.put(cache_key(a.digest, "model", "extractor"), a.path, ex)
        cache.commit()
        put = (time.perf_counter() - t) / len(results)
        cache.close(commit=True)
    print(f"client side: cache.put of one article's results {put * 1e3:.2f} ms")

    for local in clusters.values():
        local.close()

    compute = best["pool, 1 job"] / len(articles)  # one core's work per article, in-process
    serial = put + per_task / cluster.CLUSTER_BATCH  # per article, on the client and the scheduler, which do not scale
    print(f"\nprojection (Amdahl): per article {compute * 1e3:.1f} ms of parsing on one worker core (pool, 1 job), "
          f"{serial * 1e3:.2f} ms serial (cache.put {put * 1e3:.2f} ms + scheduler {per_task * 1e3:.2f} ms / {cluster.CLUSTER_BATCH} articles a task);")
    print("assumed: one single-threaded worker per core, each as fast as this machine's; articles as long as these; "
          "network transfer and worker start not counted; the scheduler's per-task cost as measured here")
    print(f"  {'workers':>8} {'speed-up':>9} {'articles/s':>11} {'words/s':>10}   (serial limit: {1 / serial:,.0f} articles/s)")
    for workers in (1, 2, 16, 64, 256):
        per_article = serial + compute / workers
        speed = (serial + compute) / per_article
        print(f"  {workers:>8} {speed:>8.1f}x {1 / per_article:>11,.0f} {words / len(articles) / per_article:>10,.0f}")


if __name__ == "__main__":
    main()
