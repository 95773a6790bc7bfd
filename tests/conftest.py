"""Shared fixtures: a throwaway store, the article, and no test ever touches the home store."""

from __future__ import annotations

import pytest

from helpers.article import load_article
from helpers.store import AnnotationStore


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
    """Build a valid annotation: make(sentence_id="alliance-3", quote=None, annotator=..., **f)."""
    from helpers.annotations import Annotation

    def _make(sentence_id="alliance-3", quote=None, annotator="ana", **fields):
        fields.setdefault("claim_type", "factual")
        fields.setdefault("check_worthy", "yes")
        return Annotation.new(article, annotator, sentence_id, quote, **fields)

    return _make
