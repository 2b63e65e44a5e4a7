"""Exceptions a user can cause; the CLI prints them as one line each, never a traceback."""

from __future__ import annotations

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
