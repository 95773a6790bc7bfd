"""Hand in on a class hub: the hand-in file also goes straight into the teacher's inbox.

On a hub (``$NEWS_CLAIMS_INBOX`` set, see ``helpers.hub``) the Hand in button writes the file as
on a laptop (kept beside the notebook, with its download link as a spare) and delivers the same
text into the teacher's inbox under the hub user's name, the article and the lesson. The receipt
says so: "Handed in to your teacher at 10:42 (lesson “…”)". When the inbox cannot take it, the
message says what to do: the work is still in the student's store and the download still works.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from helpers import hub

if TYPE_CHECKING:
    from helpers.article import Article

#: The lesson slot of an inbox file name when the button belongs to no single lesson.
WHOLE_UNIT = "all"


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


def receipt_text(receipt: hub.Receipt, article: Article, part: str | None, what: str) -> str:
    """"Handed in to your teacher at 10:42 (lesson “…”): <what>" in the student's local time."""
    local = receipt.time.astimezone()
    return f"Handed in to your teacher at {local:%H:%M} (lesson {lesson_title(article, part)}): " \
        f"{what}"


def not_delivered_text(problem: str, written: Path) -> str:
    """The warning when the inbox could not take the hand-in."""
    return (
        f"Not handed in to your teacher. {problem} Your work is still saved here, and a copy "
        f"is in the file {written.name}: download it with the link below and give it to your "
        "teacher, or try again later."
    )
