"""Writing many small files on a few threads, into a staging folder that is usually the site of two
builds ago.

On a real disk each new file or folder waits on the file system far longer than it uses the CPU, and
ext4 makes creating files slower still for minutes after many were deleted (it skips recently freed
inodes), which is what replacing a whole site every build does. Rewriting a file that already exists
costs a tenth of creating one (measured on the 2-core machine the targets are set on: 0.04 ms against
0.45 ms and more). So a file is rewritten in place whenever it is ours alone, folders are made only
when a file first needs one, and these waits overlap with each other and with rendering.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .errors import BusyError, ConfigError
from .model import Problem

IO_THREADS = 8


class Writer:
    """Writes and copies files on background threads; `flush` and `close` wait for them and raise the
    first failure."""

    def __init__(self, threads: int = IO_THREADS):
        self._pool = ThreadPoolExecutor(threads)
        self._pending: list[Future[None]] = []

    def write(self, path: Path, text: str | Iterable[str]) -> None:
        self._submit(_write_text, path, text)

    def copy(self, src: Path, dest: Path) -> None:
        """`src`'s bytes and modification time (so rsync-style deploys see an unchanged page as unchanged)."""
        self._submit(copy_file, src, dest)

    def carry(self, src: Path, dest: Path) -> None:
        """`src`'s file at `dest`, by the cheapest way there is (`carry_file`)."""
        self._submit(carry_file, src, dest)

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


def _clear_for_rewrite(path: Path) -> None:
    """Leave a file to be rewritten in place only when no other name shares it (a hard link, say a
    deploy tool's snapshot): anything else at the path goes, so a write never reaches another file."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path)
    elif not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
        os.unlink(path)


def _write_text(path: Path, text: str | Iterable[str]) -> None:
    def make() -> None:
        with open(path, "w", encoding="utf-8") as f:
            if isinstance(text, str):
                f.write(text)
            else:
                f.writelines(text)  # made as it is written (render/exports.py)

    _clear_for_rewrite(path)
    _in_folder(make, path)


def copy_file(src: Path, dest: Path) -> None:
    st = os.stat(src)
    try:
        if os.path.samestat(st, os.lstat(dest)):
            return
    except OSError:
        pass
    data = src.read_bytes()

    def make() -> None:
        with open(dest, "wb") as f:
            f.write(data)

    _clear_for_rewrite(dest)
    _in_folder(make, dest)
    os.utime(dest, ns=(st.st_atime_ns, st.st_mtime_ns))


def carry_file(src: Path, dest: Path) -> None:
    """A hard link where `dest` is free (no file to make), else a copy over the file there, in place."""
    def make() -> None:
        try:
            os.link(src, dest)
        except FileNotFoundError:
            raise
        except OSError:  # taken, or no hard links on this file system
            copy_file(src, dest)

    _in_folder(make, dest)


def prune(folder: Path, keep: set[str], kept: tuple[str, ...] = ()) -> None:
    """Remove every file under `folder` whose relative path is not in `keep`, and the folders left empty;
    the folders named in `kept` (relative paths) are left whole, unread, for their owner to sort out."""
    walked: list[tuple[str, list[str]]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        rel = os.path.relpath(dirpath, folder)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in filenames:
            if prefix + name not in keep:
                os.unlink(os.path.join(dirpath, name))
        dirnames[:] = [d for d in dirnames if prefix + d not in kept]
        walked.append((dirpath, [d for d in dirnames]))
    for dirpath, dirnames in reversed(walked):
        for name in dirnames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                os.unlink(path)
            elif not os.listdir(path):
                os.rmdir(path)


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def swap_folders(a: Path, b: Path) -> None:
    """`a` and `b` trade places: at once where Linux can (renameat2), else by three renames, which leave
    `b` missing for a moment."""
    libc = _libc()
    if libc is not None and libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return
    parked = a.with_name(a.name + ".swap")
    shutil.rmtree(parked, ignore_errors=True)
    os.replace(b, parked)
    os.replace(a, b)
    os.replace(parked, a)


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "renameat2") else None


# Folders newsgen may delete carry a mark of their own: the site one `SITE_MARK`, the cache folder the
# standard CACHEDIR.TAG (which backup tools also honour). Nothing unmarked is ever removed.
SITE_MARK = ".newsgen-site"
SITE_MARK_TEXT = "This folder is written by `newsgen build`; a build replaces it and `newsgen clean` deletes it.\n"
CACHE_MARK = "CACHEDIR.TAG"
CACHE_MARK_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                   "# This folder is newsgen's cache (extraction results, the staging site, the build lock).\n")
CACHE_ENTRIES = ("cache.sqlite", "cache.sqlite-journal", "cache.sqlite-wal", "cache.sqlite-shm", "staging", "staging.swap",
                 "templates", "build.lock", "serve", CACHE_MARK)  # "serve": config.SERVE_DIR, `newsgen serve`'s site


def is_real_dir(path: Path) -> bool:
    """A folder, not a link to one (a link is followed by no deletion of ours)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def has_mark(folder: Path, mark: str) -> bool:
    return is_real_dir(folder) and os.path.isfile(folder / mark) and not os.path.islink(folder / mark)


def mark_site(folder: Path) -> None:
    (folder / SITE_MARK).write_text(SITE_MARK_TEXT, encoding="utf-8")


def is_empty_dir(path: Path) -> bool:
    return is_real_dir(path) and not any(os.scandir(path))


def remove_site(folder: Path) -> bool:
    """Delete a site folder only if newsgen marked it as its own; never through a link."""
    if not has_mark(folder, SITE_MARK):
        return False
    shutil.rmtree(folder)
    return True


def open_cache_folder(folder: Path) -> None:
    """Create or adopt the cache folder: it must be newsgen's (marked), empty, or an unmarked cache of an
    earlier newsgen (it holds only newsgen's entries); anything else is somebody's folder."""
    if os.path.islink(folder):
        raise ConfigError(Problem(str(folder), "the cache folder is a symbolic link", "set cache_dir to a real folder, or remove the link"))
    folder.mkdir(parents=True, exist_ok=True)
    if has_mark(folder, CACHE_MARK):
        return
    foreign = [e.name for e in os.scandir(folder) if e.name not in CACHE_ENTRIES]
    if foreign:
        raise ConfigError(Problem(str(folder), f"the cache folder holds files newsgen did not make ({foreign[0]})",
                                  "set cache_dir to a folder of its own, such as `.newsgen`"))
    (folder / CACHE_MARK).write_text(CACHE_MARK_TEXT, encoding="utf-8")


def remove_entry(path: Path) -> None:
    """Delete a file, link or folder that newsgen owns; a link is removed itself, never what it points at."""
    if is_real_dir(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def remove_cache(folder: Path) -> bool:
    """Delete newsgen's own entries of a marked cache folder, then the folder if that left it empty."""
    if not has_mark(folder, CACHE_MARK):
        return False
    for name in CACHE_ENTRIES:
        remove_entry(folder / name)
    try:
        os.rmdir(folder)
    except OSError:
        pass
    return True


class BuildLock:
    """One build (or clean) of a site at a time: an exclusive lock on `build.lock` in the cache folder.

    The kernel drops the lock when its holder dies however it dies, so a lock left by a killed build is
    never in the way: the file's pid only says who holds a live one.
    """

    def __init__(self, folder: Path):
        self.path = folder / "build.lock"
        self.fd: int | None = None

    def __enter__(self) -> "BuildLock":
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise BusyError(Problem(str(self.path), f"another newsgen build or clean (process {holder}) is running on this site",
                                    "wait for it to finish, then run the command again")) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
