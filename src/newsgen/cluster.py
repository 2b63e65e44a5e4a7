"""Extraction on a Dask cluster (`newsgen build --cluster`): batches of articles go to the workers and
their results stream back, as they finish, into the build's cache.

All of newsgen's Dask code is here, imported only when a build names a cluster: `dask.distributed` is
an optional extra (`pip install "newsgen[cluster]"`) and takes a second to import.

Each worker process loads the spaCy pipeline once, on its first batch, through the per-process cache
`nlp.load_pipeline` keeps for the built-in pool too (not a worker plugin): that way a worker that joins
or is restarted later loads it the same way, a missing pipeline is reported by the batch that needed it
with the worker's name, and nothing stays registered on a shared cluster after the build.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .config import LOCAL_CLUSTER
from .errors import ModelError, NewsgenError
from .model import Article, Extraction, Problem

Progress = Callable[[str, int, int], None]

# Articles per task: enough that the scheduler's few milliseconds per task are small beside the
# parsing (about 50 ms an article), few enough that a lost worker costs little work again.
CLUSTER_BATCH = 8
# Tasks in flight per worker: every worker always has the next batch, and the client never holds
# a whole archive's futures (or the scheduler its tasks) at once.
IN_FLIGHT = 4
# A batch that raised is run again this many times (a worker that died is Dask's to reschedule), then
# one article at a time to find the one that fails.
RETRIES = 1
CONNECT_TIMEOUT = 10.0
WORKER_TIMEOUT = 120.0
INSTALL = 'pip install "newsgen[cluster]"'

_LOCK = threading.Lock()


def load_distributed() -> Any:
    """`distributed`, or one line saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise NewsgenError(Problem("--cluster", "extraction on a Dask cluster needs dask.distributed, which is not installed",
                                   f"install it with `{INSTALL}`")) from None
    return distributed


def extract_on_worker(model: str, articles: list[Article], repairs_setting: str) -> tuple[str, Any, str]:
    """A task: `("ok", extractions, extractor version)`, or `("problems", problems, worker)` when the
    worker cannot extract at all (no pipeline installed); an article that makes the extractor fail
    raises, so that Dask retries the batch. A worker started with several threads runs one batch at a
    time: a spaCy pipeline is not shared between threads."""
    from .build import _extract_batch
    from .extract import EXTRACTOR_VERSION

    try:
        with _LOCK:
            return "ok", _extract_batch(model, articles, repairs_setting), EXTRACTOR_VERSION
    except NewsgenError as exc:
        return "problems", exc.problems, socket.gethostname()


@contextmanager
def connect(address: str) -> Iterator[Any]:
    """A client of the cluster at `address`, or of a LocalCluster of N worker processes for `local:N`,
    once at least one worker is there."""
    distributed = load_distributed()
    local = LOCAL_CLUSTER.match(address)
    cluster = None
    try:
        if local:
            cluster = distributed.LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                                               dashboard_address=":0", silence_logs=logging.CRITICAL)  # failures are newsgen's problems to report, once
            client = distributed.Client(cluster, set_as_default=False)
        else:
            try:
                client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise NewsgenError(Problem(address, f"no Dask scheduler answers there ({str(exc).splitlines()[0]})",
                                           "start one with `dask scheduler`, or check the --cluster or `cluster:` address")) from None
        try:
            try:
                client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
            except (OSError, TimeoutError):
                raise NewsgenError(Problem(address, f"the Dask cluster has no workers after {WORKER_TIMEOUT:.0f} s",
                                           f"start some with `dask worker {address} --nthreads 1`")) from None
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def cluster_extraction(articles: list[Article], model: str, address: str, extractor: str, progress: Progress | None = None,
                       repairs_setting: str = "auto") -> Iterator[tuple[Article, Extraction | Problem]]:
    """Each article with its extraction, or with the problem that stopped it, as batches finish (in any
    order). A worker that dies mid-batch costs that batch again on another worker (Dask reschedules
    it); a batch that raises is retried, then split into single articles, so that the one that fails
    is a problem naming its file and every other article is extracted."""
    if not articles:
        return
    distributed = load_distributed()
    with connect(address) as client:
        queue = [articles[i:i + CLUSTER_BATCH] for i in range(0, len(articles), CLUSTER_BATCH)]
        queue.reverse()  # popped from the end: submitted in the articles' order
        owners: dict[str, tuple[Any, list[Article]]] = {}
        running = distributed.as_completed(loop=client.loop)
        workers, counted = 1, 0.0

        def submit(batch: list[Article]) -> None:
            future = client.submit(extract_on_worker, model, batch, repairs_setting, retries=RETRIES, pure=False)
            owners[future.key] = (future, batch)
            running.add(future)

        def refill() -> None:
            nonlocal workers, counted
            if queue and time.monotonic() - counted > 2:  # workers come and go: counted now and then
                workers, counted = max(1, len(client.nthreads())), time.monotonic()
            while queue and len(owners) < IN_FLIGHT * workers:
                submit(queue.pop())

        done = 0
        try:
            refill()
            for future in running:
                _, batch = owners.pop(future.key)
                if future.status == "cancelled":
                    raise NewsgenError(Problem(address, "the Dask cluster dropped the extraction (its scheduler restarted or went away)",
                                               "build again: what was extracted so far is kept in the cache"))
                if future.status == "error":
                    exc = future.exception()
                    future.release()
                    if len(batch) > 1:
                        for article in batch:  # one at a time, ahead of the queue, to find the culprit
                            submit([article])
                        continue
                    yield batch[0], _failure(batch[0], exc)
                else:
                    kind, value, detail = future.result()
                    future.release()
                    if kind == "problems":
                        raise ModelError([_on_worker(p, detail) for p in value])
                    if detail != extractor:
                        raise NewsgenError(Problem(address, "a worker runs another version of newsgen's extractor than this machine",
                                                   "install the same newsgen (and spaCy pipeline) on every worker as here"))
                    yield from zip(batch, value)
                done += len(batch)
                if progress:
                    progress("extract", done, len(articles))
                refill()
        finally:
            if owners:  # a failed or interrupted build does not leave its batches running on the cluster
                client.cancel([f for f, _ in owners.values()])


def _failure(article: Article, exc: BaseException | None) -> Problem:
    what = f"{type(exc).__name__}: {exc}".splitlines()[0] if exc is not None else "unknown error"
    if type(exc).__name__ == "KilledWorker":
        what = "the worker process died each time it extracted this article"
    return Problem(article.path, f"extraction failed on the cluster ({what[:300]}); the article is built without its claims",
                   "report it as a newsgen bug with this file; the next build tries it again", severity="warning")


def _on_worker(problem: Problem, where: str) -> Problem:
    return Problem(problem.path, f"on Dask worker {where}: {problem.message}",
                   f"install the same newsgen and spaCy pipeline on every worker ({problem.hint})" if problem.hint else problem.hint,
                   problem.line, problem.severity)
