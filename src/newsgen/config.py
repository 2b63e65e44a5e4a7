"""`newsgen.yaml`: a typed, validated site configuration; command-line flags override it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import Problem

CONFIG_NAME = "newsgen.yaml"
# The spaCy pipeline a site uses unless it names another; here rather than in nlp.py so that reading
# the config (every command) does not import spaCy.
DEFAULT_MODEL = "en_core_web_sm"
# `newsgen serve` builds into this folder of the cache folder: its site has the server's address in it,
# so it is never the output folder (and `newsgen clean` removes it with the cache).
SERVE_DIR = "serve"
# `repairs:` corrections of the model's parse (repairs.py): `auto` for the model they were written for.
REPAIRS_SETTINGS = ("auto", "on", "off")
# `cluster:` where extraction runs (cluster.py): a Dask scheduler's address, or `local:N` worker processes here.
LOCAL_CLUSTER = re.compile(r"^local:([1-9][0-9]{0,3})$")
CLUSTER_ADDRESS = re.compile(r"^(tcp|tls|ws|wss|ucx)://[^\s/]+$")


@dataclass(frozen=True)
class Config:
    title: str = "News briefing"
    description: str = "Who said what, the figures and the dates, from the latest articles."
    base_url: str = "/"
    language: str = "en"
    model: str = DEFAULT_MODEL
    repairs: str = "auto"
    cluster: str = ""
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
        if key == "repairs" and isinstance(value, bool):
            value = "on" if value else "off"  # YAML reads a bare on/off as a boolean
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.append(Problem(shown, f"`{key}` must be a text value", f"write `{key}: some text`", line=line))
            continue
        values[key] = str(value)
    if "base_url" in values and not re.match(r"^(https?://[^\s/]+)?(/[^\s]*)?$", values["base_url"]):
        problems.append(Problem(shown, f"base_url {values['base_url']!r} is not a URL or a path", "use `https://USER.github.io/REPO/` or `/REPO/`", line=_line_of(text, "base_url")))
    if "repairs" in values and values["repairs"] not in REPAIRS_SETTINGS:
        problems.append(Problem(shown, f"repairs {values['repairs']!r} is not one of {', '.join(REPAIRS_SETTINGS)}", "use `repairs: auto` (on for en_core_web_sm only), `on` or `off`", line=_line_of(text, "repairs")))
    if "cluster" in values and (problem := cluster_problem(values["cluster"], shown, _line_of(text, "cluster"))):
        problems.append(problem)
    return values, problems


def cluster_problem(value: str, shown: str, line: int | None = None) -> Problem | None:
    """`cluster:` and `--cluster` take a Dask scheduler's address or `local:N`; empty means this machine's own processes."""
    if value == "" or LOCAL_CLUSTER.match(value) or CLUSTER_ADDRESS.match(value):
        return None
    return Problem(shown, f"cluster {value!r} is not a Dask scheduler address nor local:N",
                   "use `tcp://HOST:8786` (a running `dask scheduler`) or `local:4` (4 worker processes on this machine)", line=line)


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
        import yaml  # here, so that `newsgen --help` does not load it

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
    if overrides and overrides.get("cluster") is not None and (problem := cluster_problem(cfg.cluster, "--cluster")):
        raise ConfigError(problem)
    flags = {k for k, v in (overrides or {}).items() if v is not None}
    problems = layout_problems(cfg, str(path) if path is not None else CONFIG_NAME, flags)
    if problems:
        raise ConfigError(problems)
    return cfg


FLAG_NAMES = {"output_dir": "--output", "content_dir": "--content", "cache_dir": "--cache-dir", "templates_dir": "--templates"}


def _inside(a: Path, b: Path) -> bool:
    """`a` is `b` or lies below it."""
    return a == b or b in a.parents


def layout_problems(config: Config, shown: str = CONFIG_NAME, flags: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """The folders newsgen replaces or deletes (output, cache) must be its own: never the project folder,
    a folder above it or the home folder, never the content or the templates, nor inside or around them.

    A build swaps the output folder away and `clean` deletes both, so one wrong setting would destroy
    the articles or the theme; every command refuses such a layout before doing anything.
    """
    root = config.root.resolve()
    sources = {"content": config.content_path.resolve(), "templates": config.templates_path.resolve()}
    owned = {"output_dir": config.output_path.resolve(), "cache_dir": config.cache_path.resolve()}
    problems: list[Problem] = []

    def refuse(key: str, what: str) -> None:
        where = FLAG_NAMES[key] if key in flags else shown
        value = getattr(config, key)
        problems.append(Problem(where, f"{key} {value!r} {what}", f"set {key} to a folder of its own inside the project, such as `{Config.__dataclass_fields__[key].default}`", line=None))

    for key, path in owned.items():
        if _inside(root, path):
            refuse(key, "is the project folder or a folder above it, which newsgen would replace or delete")
            continue
        if _inside(Path.home().resolve(), path):
            refuse(key, "is the home folder or a folder above it")
            continue
        for name, src in sources.items():
            if _inside(path, src) or _inside(src, path):
                refuse(key, f"overlaps the {name} folder {src}, which newsgen would overwrite or delete")
                break
        else:
            if path.exists() and not path.is_dir():
                refuse(key, "is a file, not a folder")
    out, cache = owned["output_dir"], owned["cache_dir"]
    if not problems and (_inside(out, cache) or _inside(cache, out)) and out != cache / SERVE_DIR:
        refuse("cache_dir", f"overlaps the output folder {out}: each needs a folder of its own")
    return problems
