"""`newsgen build --cluster`: extraction on real Dask clusters (worker processes on this machine).

Faults are injected into the worker processes only, by a test worker plugin that wraps
`newsgen.extract.extract` there: newsgen's own code runs unchanged, and meets an extractor that
raises, or a worker process killed with SIGKILL in the middle of a batch.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from newsgen import cluster as cluster_module  # noqa: E402
from newsgen.build import build  # noqa: E402
from newsgen.config import load_config  # noqa: E402
from newsgen.errors import ContentError, NewsgenError  # noqa: E402

from .conftest import SEED, write  # noqa: E402
from .sample_site import ARTICLES  # noqa: E402

pytestmark = pytest.mark.cluster

MORE = {
    "bridge.txt": "---\ntitle: Bridge to reopen\ndate: 2024-10-24\n---\nThe mayor said the bridge will reopen on Monday.\n"
                  "“We have fixed every crack,” said Anna Berg, the city engineer.\n",
    "port.txt": "---\ntitle: Port strike ends\ndate: 2024-10-26\n---\nDock workers ended a three-day strike on Saturday, the union said.\n"
                "According to the port authority, 40 ships waited offshore.\n",
    "rates.txt": "---\ntitle: Bank holds rates\ndate: 2024-10-28\n---\nThe central bank kept its rate at 4.5 percent, its governor said.\n"
                 "“Inflation is falling, but not fast enough,” she told reporters in Frankfurt.\n",
}


def _site(root: Path) -> Path:
    shutil.copy(SEED, write(root / "content" / "seed.txt", ""))
    for name, text in {**ARTICLES, **MORE}.items():
        write(root / "content" / name, text)
    return root


def _quiet(line: str) -> None:
    pass


def _claims(root: Path) -> dict:
    return json.loads((root / "site" / "claims.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """claims.json as the local path builds it (no cluster)."""
    root = _site(tmp_path_factory.mktemp("local"))
    build(load_config(root=root), use_cache=False, report=_quiet, jobs=1)
    return _claims(root)


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[tuple[str, object]]:
    """A LocalCluster of 2 worker processes (1 thread each), and a client of it for the test's own plugins."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        yield cluster.scheduler_address, client


class Fault(distributed.WorkerPlugin):
    """In each worker process: extraction of `fail_on` raises; extraction of `kill_on` kills the worker
    process the first time (`flag` records that it did)."""

    def __init__(self, fail_on: str | None = None, kill_on: str | None = None, flag: str | None = None, no_model: bool = False):
        self.fail_on, self.kill_on, self.flag, self.no_model = fail_on, kill_on, flag, no_model
        self.name = f"newsgen-test-fault-{fail_on}-{kill_on}-{no_model}"

    def setup(self, worker: object) -> None:
        import newsgen.extract
        import newsgen.nlp

        if self.no_model:  # as on a worker where the spaCy pipeline was never installed
            def missing(name: str, *args: object, **kwargs: object) -> None:
                newsgen.nlp.resolve_model("en_core_web_nothing")

            missing.unfaulted = getattr(newsgen.nlp.load_pipeline, "unfaulted", newsgen.nlp.load_pipeline)
            newsgen.nlp.load_pipeline = missing

        original = getattr(newsgen.extract.extract, "unfaulted", newsgen.extract.extract)
        fail_on, kill_on, flag = self.fail_on, self.kill_on, self.flag

        def extract(doc, article, *args, **kwargs):
            if article.path.endswith(f"/{fail_on}"):
                raise RuntimeError("injected extractor failure")
            if article.path.endswith(f"/{kill_on}") and flag and not os.path.exists(flag):
                open(flag, "w").close()
                os.kill(os.getpid(), signal.SIGKILL)
            return original(doc, article, *args, **kwargs)

        extract.unfaulted = original
        newsgen.extract.extract = extract

    def teardown(self, worker: object) -> None:
        import newsgen.extract
        import newsgen.nlp

        newsgen.extract.extract = getattr(newsgen.extract.extract, "unfaulted", newsgen.extract.extract)
        newsgen.nlp.load_pipeline = getattr(newsgen.nlp.load_pipeline, "unfaulted", newsgen.nlp.load_pipeline)


@pytest.fixture
def fault(local_cluster: tuple[str, object]) -> Iterator[object]:
    _, client = local_cluster
    registered: list[str] = []

    def register(plugin: Fault) -> Callable[[], None]:
        """Installs the fault on every worker (and on workers started later); the callable removes it."""
        client.register_plugin(plugin)
        registered.append(plugin.name)

        def remove() -> None:
            registered.remove(plugin.name)
            client.unregister_worker_plugin(plugin.name)

        return remove

    yield register
    for name in registered:
        client.unregister_worker_plugin(name)


def test_local_n_builds_the_same_claims_as_the_local_path(cli, tmp_path: Path, reference: dict) -> None:
    root = _site(tmp_path)
    result = cli(root, "build", "--cluster", "local:2", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "Built 6 articles (6 extracted, 0 from cache)" in result.output
    assert _claims(root) == reference


def test_a_worker_killed_mid_batch_loses_no_article(tmp_path: Path, reference: dict, local_cluster, fault, monkeypatch: pytest.MonkeyPatch) -> None:
    address, client = local_cluster
    monkeypatch.setattr(cluster_module, "CLUSTER_BATCH", 2)
    flag = tmp_path / "killed"
    fault(Fault(kill_on="port.txt", flag=str(flag)))
    before = set(client.run(os.getpid).values())
    root = _site(tmp_path / "site")
    warnings: list[str] = []
    calls: list[tuple[str, int, int]] = []
    result = build(load_config(root=root, overrides={"cluster": address}), use_cache=False, report=warnings.append,
                   progress=lambda *call: calls.append(call))
    assert flag.exists()  # a worker process did die in the middle of a batch
    assert before - set(client.run(os.getpid).values())  # and the nanny replaced it
    assert result.extracted == 6 and not result.unextracted
    assert not [w for w in warnings if "extraction failed" in w]
    assert _claims(root) == reference
    extract = [done for stage, done, total in calls if stage == "extract" and total == 6]
    assert extract == sorted(extract) and extract[-1] == 6 and len(extract) == 3  # streamed, one call a batch of 2


def test_a_failing_article_is_named_and_the_others_are_built(tmp_path: Path, reference: dict, local_cluster, fault) -> None:
    address, _ = local_cluster
    fault(Fault(fail_on="port.txt"))
    root = _site(tmp_path)
    config = load_config(root=root, overrides={"cluster": address, "base_url": "https://example.org/"})
    warnings: list[str] = []
    result = build(config, report=warnings.append)
    failed = [w for w in warnings if "extraction failed" in w]
    assert len(failed) == 1 and failed[0].startswith("content/port.txt: warning: ") and "RuntimeError: injected extractor failure" in failed[0]
    assert result.articles == 6 and len(result.unextracted) == 1
    expected = [a if a["path"] != "content/port.txt" else {**a, "claims": [], "figures": [], "dates": []} for a in reference["articles"]]
    assert _claims(root)["articles"] == expected
    assert (root / "site" / "articles" / "port" / "index.html").is_file()  # built, without its claims

    with pytest.raises(ContentError, match="content/port.txt: warning: extraction failed"):  # --strict: the warning stops the build
        build(config, strict=True, report=_quiet)


def test_the_next_build_extracts_an_article_that_failed(tmp_path: Path, reference: dict, local_cluster, fault) -> None:
    address, _ = local_cluster
    root = _site(tmp_path)
    config = load_config(root=root, overrides={"cluster": address})
    remove = fault(Fault(fail_on="rates.txt"))
    assert len(build(config, report=_quiet).unextracted) == 1
    remove()  # the extractor is fixed
    result = build(config, report=_quiet)
    assert not result.up_to_date and result.extracted == 1 and result.cached == 5
    assert _claims(root) == reference
    assert "Frankfurt" in (root / "site" / "articles" / "rates" / "index.html").read_text(encoding="utf-8")


def test_a_worker_without_the_pipeline_stops_the_build_with_one_line(tmp_path: Path, local_cluster, fault) -> None:
    address, _ = local_cluster
    fault(Fault(no_model=True))
    root = _site(tmp_path)
    with pytest.raises(NewsgenError) as info:
        build(load_config(root=root, overrides={"cluster": address}), use_cache=False, report=_quiet)
    problem = str(info.value.problems[0])
    assert problem.startswith("newsgen.yaml: error: on Dask worker ") and "no spaCy pipeline found (tried en_core_web_nothing)" in problem
    assert "install the same newsgen and spaCy pipeline on every worker" in problem
    assert not (root / "site").exists()


def test_scheduler_and_two_workers_as_processes(tmp_path: Path, reference: dict) -> None:
    """What a user runs: `dask scheduler`, two `dask worker` processes, `newsgen build --cluster tcp://...`."""
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    scheduler_file = tmp_path / "scheduler.json"
    procs = [subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for _ in range(2):
            procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--no-dashboard",
                                           "--host", "127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(address, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        root = _site(tmp_path / "site")
        newsgen = [sys.executable, "-m", "newsgen", "build", "--cluster", address, "--no-cache", "-q"]
        done = subprocess.run(newsgen, cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert _claims(root) == reference
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_an_address_nobody_answers_is_one_line(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1.0)
    result = cli(_site(tmp_path), "build", "--cluster", "tcp://127.0.0.1:9", "-q")
    assert result.exit_code == 1
    assert "tcp://127.0.0.1:9: error: no Dask scheduler answers there" in result.output
    assert "Traceback" not in result.output
