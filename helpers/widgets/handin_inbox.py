"""What Hand in tells the student, and hand in on a class hub.

The words are declared here once: the button's label, the receipt on a laptop ("Saved in a
file at 10:42: … It has not gone to your teacher yet. Download the file with the link below and
give it to your teacher …") and on a hub ("Handed in to your teacher at 10:42 (lesson “…”):
…"), and the warning when the teacher's folder cannot take the file. The template of a
teacher's own article names them too.

On a hub (``$NEWS_CLAIMS_INBOX`` set, see ``helpers.hub``) the Hand in button writes the file as
on a laptop (kept beside the notebook, with its download link as a spare) and delivers the same
text into the teacher's inbox under the hub user's name, the article and the lesson. When the
inbox cannot take it, the message says what to do: the work is still in the student's store and
the download still works. No message shows a full path or says "hub" or "inbox".
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import hub

if TYPE_CHECKING:
    from helpers.article import Article

#: The lesson slot of an inbox file name when the button belongs to no single lesson.
WHOLE_UNIT = "all"

#: The hand-in button's label.
BUTTON_LABEL = "Hand in my work"
#: How the receipt starts when the work went to the teacher (on a hub), and only then.
HANDED_IN = "Handed in to your teacher"
#: How the receipt starts when the work is only in a file (on a laptop).
IN_A_FILE = "Saved in a file"
#: What to do with the file when nothing was sent.
GIVE_FILE = "give it to your teacher the way they ask"
#: The last words of every receipt: a newer hand-in never replaces the first.
AGAIN = f"If you change your work later, press “{BUTTON_LABEL}” again"


def article_name(article: Article) -> str:
    """The article's name (the unit's own article when it has none)."""
    from helpers.paths import DEFAULT_ARTICLE

    return getattr(article, "name", None) or DEFAULT_ARTICLE


def lesson_title(article: Article, part: str | None) -> str:
    """How the receipt names the lesson: the part's title, or "the whole unit"."""
    if not part:
        return "the whole unit"
    try:
        return f"“{article.part(part).title}”"
    except (KeyError, ValueError, AttributeError):
        return f"“{part}”"


def inbox_user(annotator: str) -> str:
    """Who the inbox file is from: the hub account (``$JUPYTERHUB_USER``), else the name typed."""
    return hub.hub_user() or annotator


def deliver_handin(
    text: str, annotator: str, article: Article, part: str | None, inbox: Path
) -> tuple[hub.Receipt | None, str]:
    """Deliver ``text`` into ``inbox``. Returns ``(receipt, "")``, or ``(None, message)`` with
    a plain message for the student when the inbox could not take it."""
    try:
        receipt = hub.deliver(
            text, inbox_user(annotator), article_name(article), part or WHOLE_UNIT, inbox
        )
    except hub.InboxError as exc:
        return None, exc.plain
    return receipt, ""


def get_the_file(name: str, folder: str, link: bool) -> str:
    """How to get the file: the download link below, or (no link) its name and folder."""
    if link:
        return f"Download the file with the link below and {GIVE_FILE}."
    return f"The file is {name}, in the folder “{folder}”: {GIVE_FILE}."


def file_receipt(when: datetime, what: str) -> str:
    """"Saved in a file at 10:42: <what>" (on a laptop: nothing went to the teacher)."""
    return f"{IN_A_FILE} at {when:%H:%M}: {what}"


def in_a_file_text(receipt: str, written: Path, link: bool) -> str:
    """The message on a laptop: the receipt, then that the file is the student's to give."""
    return (
        f"{receipt} It has not gone to your teacher yet. "
        f"{get_the_file(written.name, written.parent.name, link)} {AGAIN} to make a newer file."
    )


def receipt_text(receipt: hub.Receipt, article: Article, part: str | None, what: str) -> str:
    """"Handed in to your teacher at 10:42 (lesson “…”): <what>" in the student's local time."""
    local = receipt.time.astimezone()
    return f"{HANDED_IN} at {local:%H:%M} (lesson {lesson_title(article, part)}): {what}"


def delivered_text(receipt: str, link: bool) -> str:
    """The message after a hand-in that reached the teacher: the receipt, then what next."""
    spare = " You can also keep a copy: the link below downloads it." if link else ""
    return f"{receipt} {AGAIN}: your teacher gets the newer copy too.{spare}"


def not_delivered_text(problem: str, written: Path, link: bool = True) -> str:
    """The warning when the teacher's folder could not take the hand-in."""
    return (
        f"Not handed in to your teacher. {problem} Your work is still saved here, and in a file. "
        f"{get_the_file(written.name, written.parent.name, link)} You can also press "
        f"“{BUTTON_LABEL}” again later."
    )
