"""The HandIn widget: a new W3C file each time with all the student's work and the names of a
pair, a receipt, a download link, clear messages."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from helpers.formats import read_file
from helpers.widgets import AnswerBox, ClaimAnnotator, HandIn
from helpers.widgets.handin import handin_filename, partner_names
from helpers.widgets.target import FormError

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
    assert "2 annotations" in h.summary.value and "0 written answers" in h.summary.value
    h.button.click()
    first = h.last_path
    assert first is not None and first.parent == nb_dir / "handin", h.status.value
    assert re.fullmatch(r"ana-\d{8}T\d{6}Z(-\d+)?\.jsonld", first.name)
    said = h.status.value.replace("&#x27;", "'")
    assert str(first.parent) not in said  # no path on the computer: the link is the way
    assert "It has not gone to your teacher yet. Download the file with the link below" in said
    assert "Handed in" not in said and "hub" not in said.lower()
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
    assert "nothing to hand in yet" in h.status.value
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


def test_handin_carries_answers_tries_and_the_names_of_a_pair(with_annotations, tmp_path,
                                                               monkeypatch, art):
    monkeypatch.chdir(tmp_path)
    box = AnswerBox("lede-read-1", store=with_annotations, delay=60)
    box.field.value = f"Ana's answer {XSS}"  # typed a moment ago: not saved by the timer yet
    with_annotations.record_attempt("ana", "nato-q1", "b", False)
    with_annotations.record_attempt("ana", "nato-q1", "a", True)
    with_annotations.save_answer("ana", "lede-read-2", "  ")  # emptied again: not handed in
    checkpoints = []
    monkeypatch.setattr(with_annotations, "checkpoint", lambda: checkpoints.append(1))
    h = HandIn(store=with_annotations, article=art)
    h.partners.value = "Ben and chloe"
    path = h.hand_in()
    assert checkpoints == [1]
    assert box.field.status.startswith("Saved at")  # saved before the file was written
    assert re.fullmatch(
        r"Saved in a file at \d\d:\d\d: 2 annotations, 1 written answer, 2 self-check tries, "
        r"by ana, Ben and chloe\.",
        h.receipt,
    )
    assert h.receipt in h.status.value.replace("&#x27;", "'")
    result = read_file(path, art)
    assert result.errors == [] and len(result.annotations) == 2
    assert [(a.question_id, a.text) for a in result.answers] == [
        ("lede-read-1", f"Ana's answer {XSS}")
    ]
    assert [(t.answer, t.correct) for t in result.attempts] == [("b", False), ("a", True)]
    assert result.handed_in_by == ["ana", "Ben", "chloe"]
    assert "written answer" in h.summary.value


def test_handin_of_answers_alone(named, tmp_path, monkeypatch, art):
    monkeypatch.chdir(tmp_path)
    named.save_answer("ana", "lede-exit-1", "the coalition claim")
    h = HandIn(store=named, article=art)
    path = h.hand_in()
    assert path is not None and "0 annotations, 1 written answer" in h.receipt
    assert read_file(path, art).handed_in_by == ["ana"]


def test_partner_names_are_checked(with_annotations, tmp_path, monkeypatch):
    assert partner_names("") == []
    assert partner_names(" ben ; Chloe ") == ["ben", "Chloe"]
    assert partner_names("Ben & Alexander") == ["Ben", "Alexander"]
    with pytest.raises(FormError, match="at most 2 names"):
        partner_names("ben, chloe, dan")
    with pytest.raises(FormError, match="cannot be used as a name"):
        partner_names("ben, ../etc")
    monkeypatch.chdir(tmp_path)
    h = HandIn(store=with_annotations)
    h.partners.value = "ben, chloe, dan"
    assert h.hand_in() is None and "at most 2 names" in h.status.value
    h.partners.value = "ana, ben"  # the student's own name is not counted twice
    h.hand_in()
    assert h.receipt.endswith("by ana and ben.")


def test_a_new_student_sees_nothing_of_the_last_hand_in(with_annotations, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    h = HandIn(store=with_annotations)
    h.partners.value = "ben"
    h.hand_in()
    assert h.link.outputs and "Saved in a file" in h.status.value
    h.name_box.switch_button.click()
    assert h.partners.value == "" and h.status.value == "" and h.link.outputs == ()
    assert "Type your name" in h.summary.value


# -- on a class hub: the hand-in goes into the teacher's inbox too ------------------------------
def test_on_a_hub_handin_goes_into_the_teachers_inbox(with_annotations, tmp_path, monkeypatch,
                                                      art):
    from helpers import hub

    monkeypatch.chdir(tmp_path)
    inbox = hub.prepare_inbox(tmp_path / "inbox")
    monkeypatch.setenv(hub.INBOX_ENV, str(inbox))
    monkeypatch.setenv(hub.HUB_USER_ENV, "student07")
    h = HandIn(store=with_annotations, article=art, part="nato")
    path = h.hand_in()
    assert path is not None and path.parent == tmp_path / "handin"  # the spare copy
    (delivered,) = inbox.iterdir()
    assert h.delivered.path == delivered and delivered.read_bytes() == path.read_bytes()
    name = hub.parse_inbox_name(delivered.name)
    assert (name.user, name.article, name.part) == ("student07", "france-alliance", "nato")
    assert re.fullmatch(
        r"Handed in to your teacher at \d\d:\d\d \(lesson “.+”\): 2 annotations, "
        r"0 written answers, 0 self-check tries, by ana\.",
        h.receipt,
    ), h.receipt
    said = h.status.value
    assert "widget-message-ok" in said and "your teacher gets the newer copy" in said
    assert "inbox" not in said.lower() and "hub" not in said.lower()
    assert 'download="' in h.link.outputs[0]["data"]["text/html"]  # the download stays
    assert read_file(delivered, art).errors == []
    h.hand_in()  # again: a second file, the first untouched
    assert len(list(inbox.iterdir())) == 2 and delivered.read_bytes() == path.read_bytes()


def test_a_missing_inbox_keeps_the_download(with_annotations, tmp_path, monkeypatch):
    from helpers import hub

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(hub.INBOX_ENV, str(tmp_path / "nowhere"))
    h = HandIn(store=with_annotations, part="nato")
    path = h.hand_in()
    assert path.exists() and h.delivered is None and h.receipt == ""
    status = h.status.value
    assert "widget-message-warn" in status and "Not handed in to your teacher" in status
    assert "does not exist" in status and str(tmp_path) not in status  # no hidden paths
    assert "Download the file with the link below and give it to your teacher" in status
    assert h.link.outputs  # the download is the way out
    assert len(with_annotations.list()) == 2  # the work stays in the store


def test_an_inbox_that_refuses_the_file(with_annotations, tmp_path, monkeypatch):
    from helpers import hub

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(hub, "_write_new", refuse)  # as a student without the right to add
    h = HandIn(store=with_annotations, part="nato", inbox=hub.prepare_inbox(tmp_path / "in"))
    assert h.hand_in().exists()
    assert "does not let you add a file" in h.status.value and h.delivered is None


def test_without_a_hub_nothing_changes(with_annotations, tmp_path, monkeypatch):
    from helpers import hub

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(hub.INBOX_ENV, raising=False)
    h = HandIn(store=with_annotations, part="nato")
    assert h.inbox is None
    h.hand_in()
    assert h.receipt.startswith("Saved in a file at ") and h.delivered is None
    assert "Handed in to your teacher" not in h.status.value  # nothing was sent


def test_without_a_download_link_the_message_names_the_file(with_annotations, tmp_path,
                                                            monkeypatch):
    from helpers import hub
    from helpers.widgets import handin

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(hub.INBOX_ENV, raising=False)
    monkeypatch.setattr(handin, "relative_href", lambda path, base: None)  # another drive
    h = HandIn(store=with_annotations, part="nato")
    path = h.hand_in()
    said = h.status.value
    assert h.link.outputs == () and "link below" not in said
    assert f"The file is {path.name}, in the folder “handin”" in said
