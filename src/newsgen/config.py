"""`newsgen.yaml`: a typed, validated site configuration; command-line flags override it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .model import Problem
from .nlp import DEFAULT_MODEL

CONFIG_NAME = "newsgen.yaml"


@dataclass(frozen=True)
class Config:
    title: str = "News briefing"
    description: str = "Who said what, the figures and the dates, from the latest articles."
    base_url: str = "/"
    language: str = "en"
    model: str = DEFAULT_MODEL
    content_dir: str = "content"
    output_dir: str = "site"
    templates_dir: str = "templates"
    cache_dir: str = ".newsgen"
    root: Path = field(default=Path("."), compare=False)

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", self.base_url, flags=re.I)
        path = "/" + path.strip("/")
        return path if path == "/" else path + "/"

    @property
    def site_url(self) -> str | None:
        """Absolute URL of the site root when base_url has a scheme (feeds and sitemaps need one)."""
        return self.base_url.rstrip("/") + "/" if re.match(r"^https?://", self.base_url, re.I) else None


SETTABLE = {f.name: f for f in fields(Config) if f.name != "root"}


def _line_of(text: str, key: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return i
    return None


def validate(raw: dict[str, Any], shown: str, text: str = "") -> tuple[dict[str, str], list[Problem]]:
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        key = str(key)
        line = _line_of(text, key)
        if key not in SETTABLE:
            close = difflib.get_close_matches(key, SETTABLE, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(SETTABLE)
            problems.append(Problem(shown, f"unknown key `{key}`", hint, line=line))
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append(Problem(shown, f"`{key}` must be a text value", f"write `{key}: some text`", line=line))
            continue
        values[key] = str(value)
    if "base_url" in values and not re.match(r"^(https?://[^\s/]+)?(/[^\s]*)?$", values["base_url"]):
        problems.append(Problem(shown, f"base_url {values['base_url']!r} is not a URL or a path", "use `https://USER.github.io/REPO/` or `/REPO/`", line=_line_of(text, "base_url")))
    return values, problems


def load_config(path: Path | None = None, root: Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Read `newsgen.yaml` (when present) and apply flag overrides, reporting every bad key at once."""
    if path is None:
        root = root or Path(".")
        path = root / CONFIG_NAME
        if not path.exists():
            path = None
    elif not path.exists():
        raise ConfigError(Problem(str(path), "config file not found", "check the --config path"))
    if path is not None:
        root = root or path.parent
    assert root is not None
    values: dict[str, str] = {}
    if path is not None:
        shown = str(path)
        text = path.read_text(encoding="utf-8-sig")
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ConfigError(Problem(shown, f"is not valid YAML: {getattr(exc, 'problem', None) or exc}", "fix the YAML syntax", line=mark.line + 1 if mark else None)) from None
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ConfigError(Problem(shown, "must be a mapping of keys to values", "write `key: value` lines", line=1))
        values, problems = validate(raw, shown, text)
        if problems:
            raise ConfigError(problems)
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = str(value)
    cfg = replace(Config(), root=root, **values)
    if overrides and overrides.get("base_url") is not None:
        _, problems = validate({"base_url": cfg.base_url}, "--base-url")
        if problems:
            raise ConfigError(problems)
    return cfg
