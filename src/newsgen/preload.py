"""Imported only by the fork server that parallel extraction starts (nlp.worker_context): loads the
pipeline it names there, so that every worker forked from the server has it already, in shared memory."""

from __future__ import annotations

import os

from .extract import dates, figures, quotes  # noqa: F401 - the extractor, loaded once here for every forked worker
from .nlp import PRELOAD_ENV, PRELOAD_REPAIRS_ENV, load_pipeline

_name = os.environ.get(PRELOAD_ENV)
if _name:
    try:
        load_pipeline(_name, os.environ.get(PRELOAD_REPAIRS_ENV, "auto"))
    except Exception:  # noqa: BLE001 - a worker that loads it itself reports the failure properly
        pass
