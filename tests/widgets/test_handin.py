"""The HandIn widget: a new W3C file each time, a download link, clear messages."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from helpers.widgets import ClaimAnnotator, HandIn
from helpers.widgets.handin import handin_filename

from .widgetlib import XSS, fill


@pytest.fixture
def with_annotations(named, art):
    w = ClaimAnnotator("nato", store=named, article=art)
    fill(w, phrase="32 countries", note=XSS)
    w.save_button.click()
    w2 = ClaimAnnotator("russia", store=named, article=art)
    fill(w2, sentence="russia-1", claim_type="quote")
    w2.save_button.click()
    assert len(named.list()) == 2
    return named


def test_handin_writes_a_new_file_each_time(with_annotations, tmp_path, monkeypatch, art):
    pytest.importorskip("helpers.formats")
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    monkeypatch.chdir(nb_dir)
    h = HandIn(store=with_annotations)
    assert "2 annotations" in h.summary.value
    h.button.click()
    first = h.last_path
    assert first is not None and first.parent == nb_dir / "handin", h.status.value
    assert re.fullmatch(r"ana-\d{8}T\d{6}Z(-\d+)?\.jsonld", first.name)
    assert str(first.resolve()) in h.status.value.replace("&#x27;", "'")
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert XSS in json.dumps(doc, ensure_ascii=False)
    (out,) = h.link.outputs
    link = out["data"]["text/html"]
    assert f'href="handin/{first.name}"' in link and "download=" in link
    before = first.read_bytes()
    h.button.click()  # the same second: a new name, the first file untouched
    second = h.last_path
    assert second != first and second.exists() and first.read_bytes() == before
    assert len(list((nb_dir / "handin").glob("*.jsonld"))) == 2


def test_handin_to_a_given_folder(with_annotations, tmp_path, monkeypatch):
    pytest.importorskip("helpers.formats")
    monkeypatch.chdir(tmp_path)
    h = HandIn(store=with_annotations, folder=tmp_path / "out" / "class")
    path = h.hand_in()
    assert path.parent == tmp_path / "out" / "class"
    assert 'href="out/class/' in h.link.outputs[0]["data"]["text/html"]


def test_handin_without_annotations_or_name(wstore, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    h = HandIn(store=wstore)
    h.button.click()
    assert "Type your name" in h.status.value and h.last_path is None
    h.name.value = "ana"
    h.button.click()
    assert "no annotations to hand in" in h.status.value
    assert not (tmp_path / "handin").exists() or not any((tmp_path / "handin").iterdir())


def test_handin_error_is_shown(with_annotations, tmp_path, monkeypatch):
    pytest.importorskip("helpers.formats")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "handin").write_text("a file where the folder should be")
    h = HandIn(store=with_annotations)
    h.button.click()
    assert "Something went wrong" in h.status.value and h.last_path is None


def test_handin_filename_is_safe():
    when = datetime(2024, 3, 10, 9, 30, 5, tzinfo=UTC)
    assert handin_filename("ana", when) == "ana-20240310T093005Z.jsonld"
    assert handin_filename("Ana María López", when) == "Ana_Maria_Lopez-20240310T093005Z.jsonld"
    assert handin_filename(XSS, when).startswith("img_src_x_onerror_alert_1")
    assert handin_filename("的", when) == "student-20240310T093005Z.jsonld"
