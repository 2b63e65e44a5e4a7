"""Exceptions a user can cause; the CLI prints them as one line each, never a traceback."""

from __future__ import annotations

import errno
import os

from .model import Problem


class NewsgenError(Exception):
    """Base for every error that is the user's to fix; `problems` holds each one found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(path="newsgen", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ConfigError(NewsgenError):
    pass


class ContentError(NewsgenError):
    pass


class ModelError(NewsgenError):
    pass


class TemplateError(NewsgenError):
    pass


class BusyError(NewsgenError):
    """Another newsgen process holds the site's build lock."""


_OS_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
    errno.EROFS: "the file system is read-only: choose a writable folder",
    errno.ENAMETOOLONG: "use a shorter file name, title or `slug:`",
    errno.ELOOP: "a symbolic link points back at itself: remove or fix the link",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away",
    errno.EISDIR: "a folder stands where a file is needed: move it away",
    errno.EEXIST: "something is in the way: move it away",
    errno.ENOENT: "it was removed while newsgen ran: run the command again",
    errno.EMFILE: "too many open files: raise `ulimit -n` or use fewer --jobs",
    errno.EIO: "the disk reported an input/output error: check the disk",
}


def os_problem(exc: OSError, fallback: str = "newsgen") -> Problem:
    """An operating-system failure as one line naming the path it concerns and what the user can do."""
    path = exc.filename if exc.filename is not None else fallback
    what = exc.strerror or exc.__class__.__name__
    return Problem(path=os.fsdecode(path) if isinstance(path, bytes) else str(path), message=f"cannot be used ({what})",
                   hint=_OS_HINTS.get(exc.errno or 0, "check the path and run the command again"))
