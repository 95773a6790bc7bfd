"""The student's "See what the class said" button: what it asks (the service's URL, the
student's hub token), what it shows (the view, escaped; or the service's message), and what it
says off a hub or when the service does not answer."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers.widgets.classview import (
    NOT_ON_HUB,
    UNREACHABLE,
    ClassView,
    class_view_html,
    fetch_class_view,
)

VIEW = {
    "article": "france-alliance", "part": "lede", "title": "The lede", "students": 4,
    "minimum": 3, "open": True, "message": "",
    "claims": [{
        "sentence": "lede-1", "number": 1, "text": "France <b>builds</b> a coalition.",
        "annotated": 3,
        "fields": [{"field": "verdict", "label": "Does it hold up?", "counts": [
            {"id": "holds_up", "label": "Holds up", "count": 1},
            {"id": "needs_correction", "label": "Needs correction", "count": 2},
            {"id": "cant_tell", "label": "Can't tell yet", "count": 0}]}],
    }],
    "answers": [{"question": "lede-read-1", "text": "What does the lede say?", "answered": 2,
                 "sample": ["<script>alert(1)</script>", "[a classmate] and I agree"]}],
}


class FakeService:
    """Answers GET /services/class-view/api/<article>/<part> with ``replies[token]``."""

    def __init__(self, replies: dict[str, tuple[int, dict]]):
        self.seen: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                auth = self.headers.get("Authorization", "")
                outer.seen.append((self.path, auth))
                status, body = replies.get(auth.removeprefix("token "), (401, {"reason": "token"}))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/class-view/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    service = FakeService({
        "t-ana": (200, VIEW),
        "t-ben": (403, {"reason": "hand-in-first",
                        "message": "Hand in this lesson first, then you can see what the class "
                        "said."}),
        "t-cleo": (403, {"reason": "off", "message": "Your teacher has switched this off."}),
        "t-dan": (200, {**VIEW, "open": False, "claims": [], "answers": [],
                        "message": "The class view opens when 3 students have handed in."}),
    })
    yield service
    service.close()


def test_it_asks_the_service_with_the_students_token(fake, monkeypatch):
    monkeypatch.setenv("NEWS_CLAIMS_CLASS_VIEW_URL", fake.url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "t-ana")
    box = ClassView("lede")
    box.button.click()
    assert fake.seen == [("/services/class-view/api/france-alliance/lede", "token t-ana")]
    assert box.reason == "" and "Here is what your class said" in box.status.value
    shown = box.content.value
    assert "Needs correction: 2" in shown and "Can&#x27;t tell yet" not in shown  # zero: left out
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "&lt;b&gt;builds" in shown and "[a classmate] and I agree" in shown
    assert "4 students have handed in" in shown


@pytest.mark.parametrize(
    "token, reason, words",
    [
        ("t-ben", "hand-in-first", "Hand in this lesson first"),
        ("t-cleo", "off", "Your teacher has switched this off"),
        ("t-dan", "too-few", "opens when 3 students have handed in"),
        ("t-nobody", "token", UNREACHABLE),
    ],
)
def test_it_shows_the_services_message(fake, monkeypatch, token, reason, words):
    monkeypatch.setenv("NEWS_CLAIMS_CLASS_VIEW_URL", fake.url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", token)
    box = ClassView("lede")
    assert box.refresh() == reason
    assert words in box.status.value and box.content.value == ""


def test_off_a_hub_it_says_there_is_no_class(monkeypatch):
    monkeypatch.delenv("NEWS_CLAIMS_CLASS_VIEW_URL", raising=False)
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    box = ClassView("nato")
    box.button.click()
    assert box.reason == "not-on-hub"
    said = box.status.value
    assert "There is no class to show" in said and "teacher&#x27;s link" in said
    assert not {"hub", "server", "inbox"} & set(re.findall(r"\w+", said.lower()))
    assert fetch_class_view("france-alliance", "nato")[1]["message"] == NOT_ON_HUB
    assert repr(box) == "The class view appears here when the lesson runs."


def test_a_service_that_does_not_answer(monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    status, body = fetch_class_view("france-alliance", "lede", f"http://127.0.0.1:{port}/", "t",
                                    timeout=2)
    assert status == -1 and body["message"] == UNREACHABLE
    assert fetch_class_view("france-alliance", "lede", "file:///etc/", "t")[0] == -1
    box = ClassView("lede", fetch=lambda a, p: (-1, {"reason": "unreachable",
                                                     "message": UNREACHABLE}))
    assert box.refresh() == "unreachable" and "warn" in box.status.value


def test_an_error_in_the_callback_is_shown(monkeypatch):
    def broken(article, part):
        raise RuntimeError("boom")

    box = ClassView("lede", fetch=broken)
    box.button.click()
    assert "Something went wrong" in box.status.value and "boom" in box.status.value


def test_another_article_and_the_html_alone():
    seen = []
    box = ClassView("text", article="end-of-unit",
                    fetch=lambda a, p: seen.append((a, p)) or (200, VIEW))
    box.refresh()
    assert seen == [("end-of-unit", "text")] and box.article == "end-of-unit"
    markup = class_view_html({**VIEW, "answers": []})
    assert "What the class wrote" not in markup and '<th scope="col">#</th>' in markup


def test_the_lessons_class_view(monkeypatch):
    from helpers.lesson import Lesson

    monkeypatch.delenv("NEWS_CLAIMS_CLASS_VIEW_URL", raising=False)
    box = Lesson("russia").class_view()
    assert isinstance(box, ClassView) and (box.article, box.part) == ("france-alliance", "russia")
    assert box.refresh() == "not-on-hub"
