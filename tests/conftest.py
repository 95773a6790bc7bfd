"""Shared fixtures: a throwaway store, the article, and no test ever touches the home store.

The unit tests were written against the full research scheme (``claim_type="factual"``, four
evidence parts, a note): every test here runs with ``NEWS_CLAIMS_SCHEME=full``, set through
monkeypatch, except the browser tests (tests/browser: JupyterLab runs with the default, simple
scheme, as the notebooks do under nbval) and the tests marked ``default_scheme`` (the synthetic
class and the simple scheme's own tests), which run with the variable removed.
"""

from __future__ import annotations

import pytest

from helpers.article import load_article
from helpers.scheme import ENV_VAR
from helpers.store import AnnotationStore


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "default_scheme: run with the default (simple) scheme, not the full one"
    )


@pytest.fixture(autouse=True)
def _full_scheme(request, monkeypatch):
    """NEWS_CLAIMS_SCHEME=full for the unit tests; removed for tests marked default_scheme;
    browser tests are left alone."""
    if "browser" in request.node.path.parts or request.node.get_closest_marker("browser"):
        return
    if request.node.get_closest_marker("default_scheme"):
        monkeypatch.delenv(ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(ENV_VAR, "full")


@pytest.fixture(autouse=True)
def _private_store_path(tmp_path_factory, monkeypatch):
    """Point ANNOTATIONS_DB at a fresh temporary file for every test."""
    path = tmp_path_factory.mktemp("home-store") / "annotations.sqlite"
    monkeypatch.setenv("ANNOTATIONS_DB", str(path))
    return path


@pytest.fixture
def article():
    return load_article()


@pytest.fixture
def store(tmp_path, article):
    s = AnnotationStore(tmp_path / "store.sqlite", article=article)
    yield s
    s.close()


@pytest.fixture
def make(article):
    """Build a valid annotation: make(sentence_id="alliance-3", quote=None, annotator=..., **f),
    the fields in the full scheme's terms (claim_type="factual" …), mapped to the scheme in use
    (``helpers.scheme.map_values``) when that is another one."""
    from helpers.annotations import Annotation
    from helpers.scheme import load_scheme, map_values

    def _make(sentence_id="alliance-3", quote=None, annotator="ana", **fields):
        fields.setdefault("claim_type", "factual")
        fields.setdefault("check_worthy", "yes")
        full, scheme = load_scheme("full"), load_scheme()
        if scheme is not full:
            fields = map_values(fields, full, scheme)
        return Annotation.new(article, annotator, sentence_id, quote, **fields)

    return _make
