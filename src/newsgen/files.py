"""Writing and linking many small files on a few threads: on a real disk each new file or folder
waits on the file system far longer than it uses the CPU (0.1 to 1 ms each on the 2-core machine the
targets are measured on, against a few µs of Python), and those waits overlap with each other and
with rendering. Folders are made when a file first needs one, on the same threads.
(Removing a tree does not gain from threads the same way: shutil.rmtree stays the faster there.)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

IO_THREADS = 8


class Writer:
    """Writes and links files on background threads; `flush` and `close` wait for them and raise the
    first failure."""

    def __init__(self, threads: int = IO_THREADS):
        self._pool = ThreadPoolExecutor(threads)
        self._pending: list[Future[None]] = []

    def write(self, path: Path, text: str) -> None:
        self._submit(_write_text, path, text)

    def link(self, src: Path, dest: Path) -> None:
        """A hard link to `src`, or a copy where the file system cannot link."""
        self._submit(link_or_copy, src, dest)

    def _submit(self, fn: Callable[..., None], *args: object) -> None:
        self._pending.append(self._pool.submit(fn, *args))
        if len(self._pending) >= 256:  # bound the text held in memory on a huge site
            self.flush()

    def flush(self) -> None:
        """Wait for every file submitted so far."""
        pending, self._pending = self._pending, []
        for f in pending:
            f.result()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # already failing: wait for the threads, but let that failure be the one raised
            self._pool.shutdown(wait=True, cancel_futures=True)


def _in_folder(make: Callable[[], None], path: Path) -> None:
    try:
        make()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        make()


def _write_text(path: Path, text: str) -> None:
    def make() -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    _in_folder(make, path)


def link_or_copy(src: Path, dest: Path) -> None:
    """A hard link where the file system has them, else a copy; the folder is made when missing."""
    def make() -> None:
        try:
            os.link(src, dest)
        except (FileNotFoundError, FileExistsError):
            raise
        except OSError:  # no hard links here (another device, some network and FAT file systems)
            shutil.copyfile(src, dest)

    _in_folder(make, dest)
