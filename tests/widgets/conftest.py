"""Fixtures of the widget tests: the article and a throwaway store, with or without a name."""

from __future__ import annotations

import pytest

from helpers.article import load_article
from helpers.store import AnnotationStore


@pytest.fixture
def art():
    return load_article()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "widgets.sqlite"


@pytest.fixture
def wstore(db, art):
    s = AnnotationStore(db, article=art)
    yield s
    s.close()


@pytest.fixture
def named(wstore):
    wstore.set_setting("annotator", "ana")
    return wstore
