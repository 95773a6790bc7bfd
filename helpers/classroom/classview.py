"""The class, revealed after handing in: an anonymised view of what the class said in a lesson.

``class_view(folder, article, part)`` reads the hand-ins of one lesson (the teacher's inbox, or
any folder of hand-in files) and returns plain data (a dict, ready for JSON) with no names in it:

* for each claim of the part (sentence id, number and text): how many students annotated it and,
  for each choice field of the scheme in use, how many students gave each choice;
* for each written question of the lesson: up to ``sample`` (default 8) of the class's answers,
  shuffled with a seed made from the answers themselves (the order says nothing about who handed
  in first, or about names), with every classmate's name replaced by "[a classmate]".

Nothing is shown until ``minimum`` (default 3) students have handed in: with two, a student
could tell what the other one said. ``helpers.widgets.classview`` renders the dict as HTML.

Who handed in is read from the inbox file name (``helpers.hub.parse_inbox_name``) and, where the
hub's users are separate system users, also from the file's owner (``owner_check``): a file
named after a classmate but written by someone else does not count. A hand-in counts for a
lesson when it holds that lesson's work (``helpers.classroom.inbox.holds``: a hand-in of that
lesson, of a later part of the article or of the whole unit, since a hand-in holds all the work
so far; on the three-lesson route students hand in at the end of notebooks 3 and 5 only). Each
student's latest readable hand-in that holds the lesson is used. Files are checked before they
are read (regular files only, not through a link, at most ``MAX_HANDIN_BYTES``); a hostile or
broken file is skipped.

The teacher's on/off switch is ``helpers.classroom.classview_switch``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.classroom.collect import MAX_HANDIN_BYTES
from helpers.classroom.inbox import holds
from helpers.errors import printable
from helpers.hub import parse_inbox_name, user_slug
from helpers.paths import DEFAULT_ARTICLE, check_article_name

LOG = logging.getLogger("helpers.classview")

DEFAULT_SAMPLE = 8
MIN_STUDENTS = 3
CLASSMATE = "[a classmate]"
#: A sample answer longer than this is cut (with "…").
MAX_ANSWER_CHARS = 600
#: Hand-in files looked at per request (names only; one file a student is read).
MAX_FILES = 20_000
#: Files tried per student, newest first, before giving up on that student.
TRIES_PER_STUDENT = 3
SUFFIXES = (".jsonld", ".json")

#: Why the class view is not shown, and what a student reads then (the service sends these).
HAND_IN_FIRST = "hand-in-first"
SWITCHED_OFF = "off"
TOO_FEW = "too-few"
MESSAGES = {
    HAND_IN_FIRST: "Hand in this lesson first, then you can see what the class said.",
    SWITCHED_OFF: "Your teacher has switched this off.",
    TOO_FEW: "The class view opens when {minimum} students have handed in.",
}


# -- reading the hand-ins --------------------------------------------------------------------
@dataclass
class _Handin:
    """One student's latest readable hand-in of the lesson (never shown: it holds names)."""

    who: str
    annotations: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    names: set = field(default_factory=set)


def _candidates(folder: Path, article: str, part: str, owner_check) -> dict[str, list]:
    """``{who: [(sort key, path), …]}``, newest first: the inbox files that hold this lesson
    (``holds``) by the user their name gives (and whose owner matches, with ``owner_check``);
    files with other
    names (a plain folder of hand-ins) each under their own key, read to learn who."""
    found: dict[str, list] = {}
    try:
        entries = os.scandir(folder)
    except OSError as exc:
        LOG.warning("class view: cannot list %s (%s)", printable(folder), exc.strerror)
        return found
    with entries:
        for count, entry in enumerate(entries):
            if count >= MAX_FILES:
                LOG.warning("class view: more than %d files in %s", MAX_FILES, printable(folder))
                break
            name = entry.name
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_HANDIN_BYTES:
                continue
            parsed = parse_inbox_name(name)
            if parsed is None:
                found.setdefault(f"file:{name}", []).append(((info.st_mtime_ns, name), entry.path))
                continue
            if parsed.article != article or not holds(article, parsed.part, part):
                continue
            if owner_check is not None and not owner_check(parsed.user, info):
                LOG.warning("class view: %s is not owned by its user; skipped", printable(name))
                continue
            key = (parsed.time.isoformat(), name)
            found.setdefault(f"user:{parsed.user}", []).append((key, entry.path))
    for paths in found.values():
        paths.sort(reverse=True)
    return found


def handed_in(folder: str | Path, article: str, part: str, user: str, owner_check=None) -> bool:
    """Whether hub user ``user`` has a hand-in that holds this lesson in the inbox: a regular
    file whose name says that user and article, and this part or a later one (``holds``), and,
    with ``owner_check``, that user owns."""
    found = _candidates(Path(folder), article, part, owner_check)
    return f"user:{user_slug(user)}" in found


def _read(path: str, article, scheme):
    """``read_file`` of a file opened without following links (``/proc/self/fd``, so the file
    checked is the file read); None when it cannot be used whole."""
    from helpers.formats import read_file

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_HANDIN_BYTES:
            return None
        proc = f"/proc/self/fd/{fd}"
        result = read_file(proc if os.path.exists(proc) else path, article, scheme,
                           max_bytes=MAX_HANDIN_BYTES)
    finally:
        os.close(fd)
    if any(exc.record is None for exc in result.errors):
        return None
    return result


def read_handins(folder: str | Path, article, part: str, scheme=None, owner_check=None):
    """Each student's latest readable hand-in holding ``part`` (``_Handin``), and every name seen
    (students' and partners' names, inbox user names): what must never be shown."""
    from helpers.scheme import load_scheme

    scheme = scheme or load_scheme()
    question_ids = set(_questions(article, part))
    handins: dict[str, _Handin] = {}
    names: set[str] = set()
    for key, paths in sorted(_candidates(Path(folder), article.name, part, owner_check).items()):
        user = key.split(":", 1)[1] if key.startswith("user:") else None
        if user:
            names.add(user)
        for _key, path in paths[:TRIES_PER_STUDENT]:
            result = _read(path, article, scheme)
            if result is None:
                continue
            anns = [a for a in result.annotations if a.part == part]
            answers = [a for a in result.answers if a.question_id in question_ids]
            seen = {*result.handed_in_by, *(a.annotator for a in result.annotations),
                    *(a.annotator for a in result.answers)}
            names |= seen
            who = user or (result.handed_in_by[:1] or sorted(seen)[:1] or [key])[0]
            if user is None and not (anns or answers):
                break  # a file of another lesson in a plain folder
            if who not in handins:  # a plain folder: the first file read of that student
                handins[who] = _Handin(who, anns, answers, seen)
            break
    return list(handins.values()), names


def _questions(article, part: str) -> dict[str, str]:
    """``{question id: text}`` of the lesson's written questions, in the lesson's order."""
    from helpers.questions import QuestionError, questions

    try:
        found = questions(part, article=article)
    except (QuestionError, OSError, ValueError):
        return {}
    return {q.id: q.text for q in found}


# -- names out -------------------------------------------------------------------------------
def name_pattern(names) -> re.Pattern | None:
    """A pattern matching any of ``names`` (any case, as whole words), and each word of three
    letters or more of a name of several words; None for no names."""
    words: set[str] = set()
    for name in names:
        name = " ".join(str(name).split())
        if name:
            words.add(name)
            words |= {w for w in re.split(r"[\s._@+-]+", name) if len(w) >= 3}
            words.add(user_slug(name))
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern | None) -> str:
    """``text`` on one line at most ``MAX_ANSWER_CHARS`` long, every name replaced."""
    text = printable(" ".join(str(text).split()))
    if pattern is not None:
        text = pattern.sub(CLASSMATE, text)
    if len(text) > MAX_ANSWER_CHARS:
        text = text[: MAX_ANSWER_CHARS - 1].rstrip() + "…"
        if pattern is not None:  # a name cut in half is a name too
            text = pattern.sub(CLASSMATE, text)
    return text


def shuffled(texts: list[str], salt: str = "", seed: int | None = None) -> list[str]:
    """``texts`` in an order that depends on the texts alone (or on ``seed``): sorted first, so
    the order they were handed in in leaves no trace, then shuffled."""
    ordered = sorted(texts)
    if seed is None:
        digest = hashlib.sha256("\n".join([salt, *ordered]).encode("utf-8")).digest()
        seed = int.from_bytes(digest[:8], "big")
    random.Random(seed).shuffle(ordered)
    return ordered


# -- the view --------------------------------------------------------------------------------
def _load_article(article):
    from helpers.article import load_article

    if article is None or isinstance(article, str):
        return load_article(check_article_name(article or DEFAULT_ARTICLE))
    return article


def class_view(
    folder: str | Path,
    article: Any = None,
    part: str = "lede",
    *,
    roster=(),
    sample: int = DEFAULT_SAMPLE,
    minimum: int = MIN_STUDENTS,
    seed: int | None = None,
    owner_check: Callable[[str, os.stat_result], bool] | None = None,
    scheme=None,
) -> dict:
    """The anonymised class view of one lesson (see the module's docstring): a dict with
    ``article``, ``part``, ``title``, ``students`` (how many handed in), ``minimum``, ``open``,
    ``message``, ``claims`` and ``answers``. ``article``: a name (default the unit's article)
    or an Article; ``roster``: user names whose mention is removed too."""
    from helpers.scheme import load_scheme

    article = _load_article(article)
    title = article.part(part).title  # KeyError/ArticleError for a part that is not one
    scheme = scheme or load_scheme()
    handins, names = read_handins(folder, article, part, scheme, owner_check)
    view: dict[str, Any] = {
        "article": article.name,
        "part": part,
        "title": title,
        "students": len(handins),
        "minimum": minimum,
        "open": len(handins) >= minimum,
        "message": "",
        "claims": [],
        "answers": [],
    }
    if not view["open"]:
        view["message"] = MESSAGES[TOO_FEW].format(minimum=minimum)
        return view
    pattern = name_pattern({*names, *roster})
    view["claims"] = _claims(article, part, handins, scheme)
    view["answers"] = _answers(article, part, handins, pattern, sample, seed)
    return view


def _claims(article, part: str, handins: list[_Handin], scheme) -> list[dict]:
    fields = scheme.of_kind("choice", "choices")
    rows = []
    for sentence in article.part(part).sentences:
        per_field = {f.name: {c: set() for c in f.choice_ids} for f in fields}
        annotated = set()
        for handin in handins:
            for ann in handin.annotations:
                if ann.sentence_id != sentence.id:
                    continue
                annotated.add(handin.who)
                for fld in fields:
                    value = ann.values.get(fld.name)
                    for choice in value if fld.kind == "choices" else [value]:
                        if choice in per_field[fld.name]:
                            per_field[fld.name][choice].add(handin.who)
        rows.append({
            "sentence": sentence.id,
            "number": sentence.number,
            "text": sentence.text,
            "annotated": len(annotated),
            "fields": [
                {
                    "field": fld.name,
                    "label": fld.label,
                    "counts": [
                        {"id": c.id, "label": c.label, "count": len(per_field[fld.name][c.id])}
                        for c in fld.choices
                    ],
                }
                for fld in fields
            ],
        })
    return rows


def _answers(article, part, handins, pattern, sample: int, seed: int | None) -> list[dict]:
    latest: dict[tuple[str, str], Any] = {}
    for handin in handins:
        for answer in handin.answers:
            key = (handin.who, answer.question_id)
            newer = key not in latest or answer.modified > latest[key].modified
            if answer.text.strip() and newer:
                latest[key] = answer
    blocks = []
    for qid, text in _questions(article, part).items():
        texts = [scrub(a.text, pattern) for (_who, q), a in latest.items() if q == qid]
        blocks.append({
            "question": qid,
            "text": text,
            "answered": len(texts),
            "sample": shuffled(texts, salt=qid, seed=seed)[: max(0, sample)],
        })
    return blocks
