"""The class view and its service: who may see it (a token the hub knows, a hand-in of their
own, the teacher's switch), what it shows (counts and anonymous answers, never a name), and
hand-ins it must not trust. The hub is a fake: a small HTTP server answering /hub/api/user."""

from __future__ import annotations

import asyncio
import errno
import getpass
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers.classroom.classview import CLASSMATE, MESSAGES, class_view, name_pattern, scrub
from helpers.classroom.classview_switch import (
    SwitchError,
    class_view_on,
    read_switch,
    set_class_view,
)
from helpers.formats.files import dump_json
from helpers.formats.w3c import to_w3c
from helpers.formats.work import handin_document
from helpers.hub import deliver
from helpers.tools import classview_service as service
from helpers.work import Answer

ARTICLE = "france-alliance"
PREFIX = "/services/class-view/"
WHEN = "2024-03-14T09:00:00.000000Z"


# -- building a class's hand-ins ---------------------------------------------------------------
def hand_in(inbox, article, make, user, part="lede", name=None, answers=(), verdict="refuted",
            sentence=None):
    """``user`` hands in ``part``: one annotation of its first sentence (or ``sentence``) and
    written answers ``{question id: text}``, under the name ``name`` (default the user)."""
    name = name or user
    sentence = sentence or article.part(part).sentences[0].id
    anns = [make(sentence_id=sentence, annotator=name, verdict=verdict)]
    work = [Answer(name, qid, text, WHEN) for qid, text in dict(answers).items()]
    doc = handin_document(to_w3c(anns, article), work, [], [name])
    return deliver(dump_json(doc), user, article.name, part, inbox=inbox).path


class FakeHub:
    """``GET /hub/api/user`` answers the model of the token's owner (401 for others)."""

    def __init__(self, tokens: dict[str, dict]):
        self.tokens = tokens
        self.calls = 0
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                hub.calls += 1
                scheme, _, token = self.headers.get("Authorization", "").partition(" ")
                model = hub.tokens.get(token) if scheme == "token" else None
                if self.path != "/hub/api/user" or model is None:
                    self.send_response(403 if model is None else 404)
                    self.end_headers()
                    return
                body = json.dumps(model).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hub/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Running:
    """The service's tornado app in a thread of its own, on a free port."""

    def __init__(self, settings: service.Settings):
        from tornado.httpserver import HTTPServer
        from tornado.netutil import bind_sockets

        self.settings = settings
        sockets = bind_sockets(0, "127.0.0.1")
        self.url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)

            async def start():
                HTTPServer(service.make_app(settings)).add_sockets(sockets)

            self.loop.run_until_complete(start())
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert ready.wait(10)

    def get(self, path: str, token: str | None = None) -> tuple[int, dict, str]:
        request = urllib.request.Request(self.url + path)
        if token is not None:
            request.add_header("Authorization", f"token {token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                text = response.read().decode()
                return response.status, json.loads(text), text
        except urllib.error.HTTPError as exc:
            text = exc.read().decode()
            return exc.code, json.loads(text), text

    def view(self, user: str, part: str = "lede", article: str = ARTICLE):
        return self.get(f"{PREFIX}api/{article}/{part}", f"tok-{user}")

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


USERS = ("ana", "ben", "chloe", "dan")


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def hub():
    fake = FakeHub({f"tok-{u}": {"kind": "user", "name": u} for u in USERS})
    fake.tokens["tok-service"] = {"kind": "service", "name": "other-service"}
    yield fake
    fake.close()


@pytest.fixture
def running(tmp_path, inbox, hub):
    roster = tmp_path / "class.txt"
    roster.write_text("\n".join(USERS) + "\n", encoding="utf-8")
    settings = service.Settings(
        inbox=inbox, hub_api=hub.url, switch=tmp_path / "switch.json", roster=roster,
        prefix=PREFIX,
    )
    app = Running(settings)
    yield app
    app.close()


# -- who may see it --------------------------------------------------------------------------
def test_no_token_or_a_token_the_hub_does_not_know_is_401(running):
    for token in (None, "tok-nobody", "tok-service"):
        status, body, _ = running.get(f"{PREFIX}api/{ARTICLE}/lede", token)
        assert status == 401 and body["reason"] == "token", token
    status, body, _ = running.get(PREFIX)
    assert (status, body) == (200, {"service": "class-view"})


def test_403_until_the_student_hands_in_then_the_view(running, inbox, article, make):
    for user in ("ben", "chloe", "dan"):
        hand_in(inbox, article, make, user)
    lede = article.part("lede").sentences[0].id
    status, body, _ = running.view("ana")
    assert status == 403
    hand_in(inbox, article, make, "ana", part="nato", sentence=lede)  # holds the lede's work
    status, body, _ = running.view("ana", part="stakes")  # a later lesson's: not yet
    assert status == 403
    assert body == {"reason": "hand-in-first", "message": MESSAGES["hand-in-first"]}
    assert running.view("ben", part="alliance")[1]["reason"] == "hand-in-first"
    status, body, _ = running.view("ana")
    assert status == 200 and body["open"] and body["students"] == 4
    first = body["claims"][0]
    verdicts = {c["id"]: c["count"] for f in first["fields"] if f["field"] == "verdict"
                for c in f["counts"]}
    assert first["annotated"] == 4 and verdicts["refuted"] == 4
    # without the prefix (a kernel that reaches the service directly) too
    status, _body, _ = running.get(f"/api/{ARTICLE}/lede", "tok-ana")
    assert status == 200
    status, body, _ = running.view("ana", part="no-such-part")
    assert status == 404 and body["reason"] == "not-found"


def hand_in_route(inbox, article, make, user, part, parts, name=None):
    """``user`` hands in once from ``part``'s notebook, with the work of every part of
    ``parts`` (an annotation of its first sentence and an answer to its first question)."""
    from helpers.questions import questions

    name = name or user
    anns = [make(sentence_id=article.part(p).sentences[0].id, annotator=name, verdict="refuted")
            for p in parts]
    work = [Answer(name, questions(p)[0].id, f"{p}: {name} wrote this", WHEN) for p in parts]
    doc = handin_document(to_w3c(anns, article), work, [], [name])
    return deliver(dump_json(doc), user, article.name, part, inbox=inbox).path


def test_the_three_lesson_route_opens_every_lesson_handed_in(running, inbox, article, make):
    """Lesson 2 of the default route is notebooks 2 and 3, handed in once at the end of 3;
    lesson 3 is notebooks 4 and 5, handed in at the end of 5: 02 and 04 open too."""
    for user in ("ana", "ben", "chloe"):
        hand_in_route(inbox, article, make, user, "lede", ["lede"])
        hand_in_route(inbox, article, make, user, "nato", ["lede", "alliance", "nato"])
    for part in ("lede", "alliance", "nato"):
        status, body, text = running.view("ana", part=part)
        assert status == 200 and body["open"] and body["students"] == 3, (part, body)
        assert body["claims"][0]["annotated"] == 3  # the work of that part, from the hand-in
        [first] = [a for a in body["answers"] if a["answered"]]
        assert first["sample"] == [f"{part}: {CLASSMATE} wrote this"] * 3
        for word in ("ana", "ben", "chloe"):
            assert not re.search(rf"(?<!\w){word}(?!\w)", text, re.I), (part, word)
    for part in ("russia", "stakes"):
        assert running.view("ana", part=part)[1]["reason"] == "hand-in-first"
    hand_in_route(inbox, article, make, "dan", "stakes", ["russia", "stakes"])
    status, body, _ = running.view("dan", part="russia")
    assert status == 200 and body["students"] == 1 and not body["open"]
    assert running.view("dan", part="lede")[0] == 200  # his hand-in is a later lesson's
    # a hand-in of the whole unit (a Hand in button of no single lesson) opens every lesson
    hand_in_route(inbox, article, make, "ben", "all", ["russia"])
    assert running.view("ben", part="russia")[0] == 200


def test_each_showing_is_logged_for_the_teacher(running, inbox, article, make, tmp_path):
    from helpers.classroom.classview_log import LOG_NAME, read_opened

    log = tmp_path / LOG_NAME  # beside the switch file
    hand_in(inbox, article, make, "ana")
    hand_in(inbox, article, make, "ben")
    assert running.view("ana")[1]["open"] is False  # nothing of the class shown: not logged
    assert running.view("chloe")[0] == 403  # not handed in: not logged
    assert not log.exists()
    hand_in(inbox, article, make, "chloe")
    before = time.time()
    assert running.view("ana")[0] == 200
    assert running.view("ana")[0] == 200
    assert running.view("chloe")[0] == 200
    records, problem = read_opened(log)
    assert problem == ""
    assert [(r.user, r.article, r.part) for r in records] == [
        ("ana", ARTICLE, "lede"), ("ana", ARTICLE, "lede"), ("chloe", ARTICLE, "lede")]
    assert all(before - 1 <= r.time.timestamp() <= time.time() + 1 for r in records)
    assert oct(log.stat().st_mode & 0o777) == "0o600"  # the teacher's; no student reads it
    set_class_view(ARTICLE, "lede", False, path=running.settings.switch)
    assert running.view("ben")[1]["reason"] == "off"
    assert len(read_opened(log)[0]) == 3


def test_nothing_is_shown_that_the_log_cannot_record(running, inbox, article, make, tmp_path,
                                                      monkeypatch):
    from helpers.classroom import classview_log
    from helpers.classroom.classview_log import LOG_NAME

    for user in ("ana", "ben", "chloe"):
        hand_in(inbox, article, make, user)
    log = tmp_path / LOG_NAME
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep\n")
    log.symlink_to(target)  # never written through a link
    status, body, text = running.view("ana")
    assert status == 503 and body["reason"] == "log" and "tell your teacher" in body["message"]
    assert "claims" not in body and target.read_text() == "keep\n"
    log.unlink()
    assert running.view("ana")[0] == 200
    monkeypatch.setattr(classview_log, "MAX_LOG_BYTES", log.stat().st_size + 10)  # full
    assert running.view("ben")[1]["reason"] == "log"


def test_nothing_is_shown_before_three_students_have_handed_in(running, inbox, article, make):
    hand_in(inbox, article, make, "ana", answers={"lede-read-1": "A coalition."})
    hand_in(inbox, article, make, "ben", answers={"lede-read-1": "An alliance."})
    status, body, text = running.view("ana")
    assert status == 200 and not body["open"] and body["students"] == 2
    assert body["message"] == "The class view opens when 3 students have handed in."
    assert body["claims"] == [] and body["answers"] == [] and "alliance." not in text
    hand_in(inbox, article, make, "chloe", answers={"lede-read-1": "Troops."})
    status, body, _ = running.view("ana")
    assert body["open"]
    [read1] = [a for a in body["answers"] if a["question"] == "lede-read-1"]
    assert sorted(read1["sample"]) == ["A coalition.", "An alliance.", "Troops."]


def test_the_teachers_switch_per_lesson_and_for_all(running, inbox, article, make, tmp_path):
    switch = running.settings.switch
    for user in ("ana", "ben", "chloe"):
        hand_in(inbox, article, make, user)
        hand_in(inbox, article, make, user, part="nato")
    assert running.view("ana")[0] == 200
    set_class_view(ARTICLE, "lede", False, path=switch)
    status, body, _ = running.view("ana")
    assert status == 403 and body["reason"] == "off"
    assert body["message"] == "Your teacher has switched this off."
    assert running.view("ana", part="nato")[0] == 200
    set_class_view(ARTICLE, "*", False, path=switch)  # every lesson, and clears lede's own
    assert read_switch(switch) == {"*": False}
    assert running.view("ana", part="nato")[1]["reason"] == "off"
    set_class_view(ARTICLE, "nato", True, path=switch)
    assert running.view("ana", part="nato")[0] == 200
    assert running.view("ana")[1]["reason"] == "off"
    # a switch file that is not what it should be counts as off
    for hostile in ("[1, 2]", '{"*": "yes"}', '{"../x": true}', "{" * 100_000, "not json"):
        switch.write_text(hostile, encoding="utf-8")
        assert running.view("ana", part="nato")[1]["reason"] == "off", hostile[:20]
    switch.unlink()
    switch.symlink_to(tmp_path / "class.txt")
    assert running.view("ana", part="nato")[1]["reason"] == "off"
    switch.unlink()
    assert running.view("ana", part="nato")[0] == 200  # no switch file: on


def test_set_class_view_off_a_hub_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWS_CLAIMS_CLASS_VIEW_SWITCH", raising=False)
    note = set_class_view(ARTICLE, "lede", False)
    assert "no class hub here" in repr(note) and "no class hub here" in repr(
        set_class_view(ARTICLE, "lede", None))
    assert class_view_on(ARTICLE, "lede")
    switch = tmp_path / "switch.json"
    monkeypatch.setenv("NEWS_CLAIMS_CLASS_VIEW_SWITCH", str(switch))
    assert "now off" in repr(set_class_view(ARTICLE, "lede", False))
    assert not class_view_on(ARTICLE, "lede") and class_view_on(ARTICLE, "nato")
    assert oct(switch.stat().st_mode & 0o777) == "0o644"
    with pytest.raises(ValueError):
        set_class_view("../etc", "lede", True)
    with pytest.raises(ValueError):
        set_class_view(ARTICLE, "lede/x", True)
    with pytest.raises(SwitchError):
        switch.write_text('{"*": 1}', encoding="utf-8")
        read_switch(switch)


# -- what it shows: never a name -------------------------------------------------------------
def _random_name(rng: random.Random, taken: set[str]) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    vowels = "aeiouy"
    while True:
        word = "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        if word not in taken:
            taken.add(word)
            return word


def _mention(rng: random.Random, name: str) -> str:
    form = rng.choice([name, name.upper(), name.title(), f"{name}'s", f"({name})", f"@{name}",
                       f"{name}!", f"«{name}»"])
    return form


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("seed", range(12))
def test_no_name_of_the_class_is_ever_in_the_view(seed, inbox, article, make, tmp_path):
    rng = random.Random(seed)
    empty = class_view(inbox, article, "lede", minimum=1)
    fixed = _words(json.dumps(class_view(tmp_path, article, "lede", minimum=0)))
    taken = set(fixed) | _words(json.dumps(empty)) | {"a", "classmate"}
    users = [_random_name(rng, taken) for _ in range(rng.randint(3, 6))]
    shown = {u: rng.choice([u, f"{_random_name(rng, taken).title()} {_random_name(rng, taken)}"])
             for u in users}
    roster = [*users, _random_name(rng, taken)]  # one who has not handed in
    every = [*roster, *shown.values()]
    for user in users:
        others = [rng.choice(every) for _ in range(3)]
        text = " ".join(
            rng.choice(["I think", "my partner", "with", "and", "unlike", "said"]) + " "
            + _mention(rng, other) for other in others
        )
        hand_in(inbox, article, make, user, name=shown[user],
                answers={"lede-read-1": text, "lede-exit-1": _mention(rng, shown[user])})
    view = class_view(inbox, ARTICLE, "lede", roster=roster)
    text = json.dumps(view, ensure_ascii=False)
    assert view["open"] and view["students"] == len(users)
    for name in every:
        for word in {name, *name.split()}:
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I), (name, text)
    assert CLASSMATE in text


def test_the_service_answer_has_no_name_either(running, inbox, article, make):
    answers = {"lede-read-1": "Dan and I disagree; ask CHLOE.", "lede-sift-1": "ben's idea"}
    for user in ("ana", "ben", "chloe", "dan"):
        hand_in(inbox, article, make, user, name=f"{user.title()} Smithers", answers=answers)
    status, body, text = running.view("ana")
    assert status == 200
    for word in ("ana", "ben", "chloe", "dan", "smithers"):
        assert not re.search(rf"(?<!\w){word}(?!\w)", text, re.I), word
    [read1] = [a for a in body["answers"] if a["question"] == "lede-read-1"]
    assert read1["sample"][0] == f"{CLASSMATE} and I disagree; ask {CLASSMATE}."


def test_scrub_and_the_sample_order():
    pattern = name_pattern(["Ana Lopez", "ben.k", "x"])
    assert scrub("ana said LOPEZ and Ana Lopez; ben.k too, x marks", pattern) == (
        f"{CLASSMATE} said {CLASSMATE} and {CLASSMATE}; {CLASSMATE} too, {CLASSMATE} marks"
    )
    assert scrub("banana", pattern) == "banana"
    long = scrub("word " * 500, None)
    assert len(long) <= 600 and long.endswith("…")


def test_the_sample_is_at_most_n_and_its_order_says_nothing(inbox, article, make):
    for i in range(12):
        hand_in(inbox, article, make, f"s{i:02d}", answers={"lede-read-1": f"answer {i:02d}"})
    view = class_view(inbox, ARTICLE, "lede", sample=8)
    [read1] = [a for a in view["answers"] if a["question"] == "lede-read-1"]
    assert read1["answered"] == 12 and len(read1["sample"]) == 8
    assert read1["sample"] != sorted(read1["sample"])
    assert class_view(inbox, ARTICLE, "lede", sample=8) == view  # the same class, the same view


# -- hand-ins it must not trust --------------------------------------------------------------
def test_hostile_handins_in_the_inbox_are_ignored(running, inbox, article, make, tmp_path):
    for user in ("ana", "ben", "chloe"):
        hand_in(inbox, article, make, user, answers={"lede-read-1": f"{user} wrote this"})
    good = sorted(inbox.iterdir())[0]
    name = "dan--france-alliance--lede--20240314T090000.000Z--{}.jsonld"
    secret = tmp_path / "secret.jsonld"
    secret.write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    (inbox / name.format("0" * 16)).symlink_to(secret)  # a link: never followed
    os.mkfifo(inbox / name.format("1" * 16))  # a pipe: never opened
    with open(inbox / name.format("2" * 16), "wb") as f:  # too big: never read
        f.truncate(6 * 1024 * 1024)
    (inbox / name.format("3" * 16)).write_text("[" * 200_000, encoding="utf-8")
    (inbox / "notes.txt").write_text("not a hand-in", encoding="utf-8")
    (inbox / "eve--france-alliance--lede--20240314T090000.000Z--4444444444444444.jsonld"
     ).write_text('{"type": "AnnotationCollection", "first": 5}', encoding="utf-8")
    started = time.monotonic()
    status, body, text = running.view("ana")
    assert time.monotonic() - started < 20
    assert status == 200 and body["students"] == 3, body
    assert "dan wrote" not in text and "ana wrote" not in text
    view = class_view(inbox, ARTICLE, "lede")
    assert view["students"] == 3


def test_where_users_are_separate_a_handin_must_be_the_users_own_file(inbox, article, make):
    me = getpass.getuser()
    for user in ("ana", "ben", "chloe"):  # no such system users: nobody owns their files
        hand_in(inbox, article, make, user)
    hand_in(inbox, article, make, me)
    from helpers.classroom.classview import handed_in

    assert handed_in(inbox, ARTICLE, "lede", "ana")
    assert not handed_in(inbox, ARTICLE, "lede", "ana", service.owner_check)
    assert handed_in(inbox, ARTICLE, "lede", me, service.owner_check)
    view = class_view(inbox, ARTICLE, "lede", minimum=1, owner_check=service.owner_check)
    assert view["students"] == 1


# -- the command -----------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_python_dash_m_helpers_class_view_service_runs(inbox, hub):
    port = _free_port()
    env = {**os.environ, "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}",
           "JUPYTERHUB_SERVICE_PREFIX": PREFIX, "JUPYTERHUB_API_URL": hub.url,
           "NEWS_CLAIMS_INBOX": str(inbox)}
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "class-view-service"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{PREFIX}", timeout=5) as r:
                    assert json.loads(r.read()) == {"service": "class-view"}
                    break
            except urllib.error.URLError as exc:
                refused = getattr(exc.reason, "errno", None) == errno.ECONNREFUSED
                assert refused and time.monotonic() < deadline and proc.poll() is None, (
                    proc.poll(), exc)
                time.sleep(0.2)
        request = urllib.request.Request(f"http://127.0.0.1:{port}{PREFIX}api/{ARTICLE}/lede",
                                         headers={"Authorization": "token tok-ana"})
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=20)
        assert caught.value.code == 403
    finally:
        proc.terminate()
        proc.wait(10)
    usage = subprocess.run([sys.executable, "-m", "helpers", "class-view-service"],
                           env={**os.environ, "NEWS_CLAIMS_INBOX": "", "JUPYTERHUB_API_URL": ""},
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "--inbox" in usage.stderr


def test_another_article_has_its_own_class_view(running, inbox, monkeypatch):
    from pathlib import Path

    from helpers.annotations import Annotation
    from helpers.article import load_article

    folder = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
    monkeypatch.setenv("NEWS_CLAIMS_ARTICLES", str(folder))
    tiny = load_article("tiny")
    for user in ("ana", "ben", "chloe"):
        ann = Annotation.new(tiny, user, "main-claims-1", None, claim_type="factual",
                             check_worthy="yes", verdict="refuted")
        work = [Answer(user, "main-claims-read-1", f"{user}: the second one", WHEN)]
        doc = handin_document(to_w3c([ann], tiny), work, [], [user], article=tiny)
        deliver(dump_json(doc), user, "tiny", "main-claims", inbox=inbox)
    assert running.view("ana")[1]["reason"] == "hand-in-first"  # the unit's lede: not handed in
    status, body, _ = running.view("ana", part="main-claims", article="tiny")
    assert status == 200 and body["article"] == "tiny" and body["students"] == 3
    assert [c["sentence"] for c in body["claims"]] == ["main-claims-1", "main-claims-2",
                                                       "main-claims-3"]
    assert body["claims"][0]["annotated"] == 3
    assert body["answers"][0]["sample"] == [f"{CLASSMATE}: the second one"] * 3
    assert running.view("ana", part="main-claims", article="no-such")[0] == 404


def test_the_teacher_can_look_at_the_switch_without_changing_it(tmp_path):
    switch = tmp_path / "switch.json"
    assert "is on" in repr(set_class_view(ARTICLE, "lede", None, path=switch))
    assert not switch.exists()
    set_class_view(ARTICLE, "nato", False, path=switch)
    assert "is off" in repr(set_class_view(ARTICLE, "nato", None, path=switch))
    assert repr(set_class_view(ARTICLE, "*", None, path=switch)).endswith(
        "for every lesson (but off for: france-alliance/nato).")
    assert read_switch(switch) == {"france-alliance/nato": False}
    with pytest.raises(ValueError):
        set_class_view(ARTICLE, "lede", "yes", path=switch)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another account needs root")
def test_without_the_setting_a_file_of_another_account_must_be_its_users(running, inbox,
                                                                         article, make):
    for user in ("ben", "chloe", "dan"):
        hand_in(inbox, article, make, user)
    forged = hand_in(inbox, article, make, "ana")  # written by another account (nobody)
    os.chown(forged, 65534, -1)
    assert not running.settings.isolated
    assert running.view("ana")[1]["reason"] == "hand-in-first"
    assert running.view("ben")[1]["students"] == 3
