"""A class handing in at the same moment, as on a hub: the load test's and the bench's runner.

``run_class(n, inbox, work)`` starts ``n`` processes, one per student (forked, as a hub's
single-user servers are separate processes), each with its own annotation store in its own
home folder. All start together (a barrier); each saves ``per_student`` annotations and a
written answer in its store, waits for the others, then presses Hand in (the real ``HandIn``
widget, ``JUPYTERHUB_USER`` set to the student) at the same moment. Returns what each student
did and the wall time from the moment they all pressed the button to the last receipt.

Used by tests/test_hub_load.py (every annotation stored, every hand-in in the inbox, none
overwritten) and bench/bench_hub.py (the time of 1 hand-in beside the time of 30).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass
from pathlib import Path

#: Sentences of the unit's article the students annotate (whole sentences).
SENTENCES = ("lede-1", "alliance-1", "nato-1", "nato-2", "russia-1", "stakes-1")
#: No student may take longer than this (seconds); a hang fails instead of blocking.
TIMEOUT = 120


@dataclass
class Done:
    """What one student's process did."""

    user: str
    store: str
    handin: str  # the file in the inbox ("" when it was not delivered)
    local: str  # the copy kept beside the notebook
    pressed: float  # time.monotonic() when Hand in was pressed
    finished: float  # … and when the receipt was there
    error: str = ""


def student_name(i: int) -> str:
    return f"student{i:02d}"


def _student(i: int, inbox: str, work: str, per_student: int, scheme_path: str | None,
             barrier, results) -> None:
    """One student's process: save the work, wait for the class, hand in."""
    user = student_name(i)
    try:
        from helpers import hub
        from helpers.annotations import Annotation
        from helpers.article import load_article
        from helpers.scheme import load_scheme
        from helpers.store import AnnotationStore
        from helpers.widgets.handin import HandIn

        home = Path(work) / user
        home.mkdir(parents=True, exist_ok=True)
        os.environ[hub.HUB_USER_ENV] = user
        os.environ[hub.INBOX_ENV] = inbox
        article = load_article()
        scheme = load_scheme(scheme_path) if scheme_path else load_scheme()
        store = AnnotationStore(home / "annotations.sqlite", article=article, scheme=scheme)
        store.set_setting("annotator", user)
        barrier.wait(TIMEOUT)  # everyone starts together
        values = {f: scheme.choice_ids(f)[0] for f in ("claim_type", "check_worthy")}
        for n in range(per_student):
            sentence = SENTENCES[n % len(SENTENCES)]
            store.add(Annotation.new(article, user, sentence, scheme=scheme, **values))
        store.save_answer(user, "lede-read-1", f"{user}'s answer, typed in class")
        button = HandIn(store=store, folder=home / "handin", article=article, part="nato")
        barrier.wait(TIMEOUT)  # … and press Hand in at the same moment
        pressed = time.monotonic()
        local = button.hand_in()
        finished = time.monotonic()
        store.close()
        delivered = button.delivered
        results.put(Done(user, str(home / "annotations.sqlite"),
                         str(delivered.path) if delivered else "", str(local or ""),
                         pressed, finished, "" if delivered else button.status.value))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never lost
        barrier.abort()
        results.put(Done(user, "", "", "", 0.0, 0.0, f"{type(exc).__name__}: {exc}"))


def _warm_up(work: Path) -> None:
    """Import and make a Hand in button once before forking, as each student's notebook is
    open before the lesson: the first widget's one-off costs are not part of handing in."""
    import helpers.formats  # noqa: F401 - the hand-in's writer, shared by every fork
    from helpers.article import load_article
    from helpers.store import AnnotationStore
    from helpers.widgets.handin import HandIn

    work.mkdir(parents=True, exist_ok=True)
    store = AnnotationStore(work / ".warm-up.sqlite", article=load_article())
    try:
        HandIn(store=store, folder=work / ".warm-up", article=store.article).close()
    finally:
        store.close()


def run_class(n: int, inbox: str | Path, work: str | Path, per_student: int = 5,
              scheme_path: str | None = None) -> tuple[list[Done], float]:
    """``n`` students handing in at once into ``inbox`` (homes under ``work``). Returns each
    student's ``Done`` (sorted by name) and the seconds from the first press of Hand in to the
    last receipt."""
    _warm_up(Path(work))
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(n)
    results = context.Queue()
    procs = [
        context.Process(
            target=_student,
            args=(i, str(inbox), str(work), per_student, scheme_path, barrier, results),
        )
        for i in range(1, n + 1)
    ]
    for proc in procs:
        proc.start()
    done = [results.get(timeout=TIMEOUT) for _ in procs]
    for proc in procs:
        proc.join(TIMEOUT)
    done.sort(key=lambda d: d.user)
    ok = [d for d in done if not d.error]
    elapsed = max(d.finished for d in ok) - min(d.pressed for d in ok) if ok else float("nan")
    return done, elapsed
