"""A synthetic class of 30 in the full research scheme (seed 2024), written once per test session
into a temporary folder: the tests of collect were written against that scheme (notes,
confidence, evidence parts), while the committed data/sample_class is in the default, simple
scheme (the teacher's notebook reads it)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from helpers.classroom.sample_class import DEFAULT_SEED, DEFAULT_STUDENTS, write_class
from helpers.paths import DEFAULT_ARTICLE
from helpers.scheme import load_scheme

_ROOT = Path(tempfile.mkdtemp(prefix="news-claims-full-class-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)
FOLDER = _ROOT / "sample_class"
# the lessons' hand-ins only (the committed class has the end-of-unit check's too)
FILES = sorted(write_class(FOLDER, DEFAULT_STUDENTS, DEFAULT_SEED, scheme=load_scheme("full"),
                           articles=(DEFAULT_ARTICLE,)))
