"""``ClassView``: after handing in, "See what the class said" about this lesson, without names.

On a class hub the button asks the class-view service (``$NEWS_CLAIMS_CLASS_VIEW_URL``, see
``helpers.hub``, and ``python -m helpers class-view-service``) with the student's own hub token
(``$JUPYTERHUB_API_TOKEN``) and shows what it answers: for each claim, how many classmates gave
each answer, and a few of the class's written answers with every name taken out; or the
service's message ("Hand in this lesson first…", "Your teacher has switched this off", "The
class view opens when 3 students have handed in"). On a laptop there is no class: it says so
in plain words (``NOT_ON_HUB``).

``class_view_html(view)`` renders the service's answer (every piece of text escaped); the
service, not this widget, decides what may be shown.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit
from urllib.request import ProxyHandler, Request, build_opener

from traitlets import Unicode

from helpers import hub
from helpers.widgets.base import Composite, button, guarded, html, layout, status_line, waiting_text
from helpers.widgets.html import esc, message_html

LABEL = "See what the class said"
#: Off a hub (words a student knows: the teacher's link, not "hub" or "server").
NOT_ON_HUB = (
    "There is no class to show on this computer. What your class said appears here only when "
    "you open the lesson from your teacher's link and have handed it in."
)
UNREACHABLE = "What your class said could not be loaded. Try again in a minute, or tell your " \
    "teacher."
#: Shown with the class's answers: students know their teacher sees that they looked.
SHOWN = (
    "Here is what your class said. Your teacher can see that you opened it: if you change "
    "your work now and hand it in again, your teacher will see that too."
)
TIMEOUT = 10
MAX_REPLY_BYTES = 2 * 1024 * 1024
#: Reasons the view is not shown that are news, not trouble (shown as information).
CALM = ("hand-in-first", "off", "not-on-hub", "too-few")


def fetch_class_view(article: str, part: str, url: str | None = None, token: str | None = None,
                     timeout: float = TIMEOUT) -> tuple[int, dict]:
    """``(HTTP status, JSON body)`` of the class-view service for one lesson. Status 0 with
    reason "not-on-hub" off a hub; -1 with reason "unreachable" when it does not answer."""
    url = url or os.environ.get(hub.CLASS_VIEW_URL_ENV, "").strip()
    token = token or os.environ.get(hub.HUB_TOKEN_ENV, "").strip()
    if not url or not token:
        return 0, {"reason": "not-on-hub", "message": NOT_ON_HUB}
    if urlsplit(url).scheme not in ("http", "https"):
        return -1, {"reason": "unreachable", "message": UNREACHABLE}
    address = f"{url.rstrip('/')}/api/{quote(article, safe='')}/{quote(part, safe='')}"
    request = Request(address, headers={"Authorization": f"token {token}",
                                        "Accept": "application/json"})
    opener = build_opener(ProxyHandler({}))  # the hub is on the school's own network
    try:
        with opener.open(request, timeout=timeout) as response:
            status, data = response.status, response.read(MAX_REPLY_BYTES + 1)
    except HTTPError as exc:
        status, data = exc.code, exc.read(MAX_REPLY_BYTES + 1)
    except (URLError, OSError, ValueError):
        return -1, {"reason": "unreachable", "message": UNREACHABLE}
    try:
        body = json.loads(data.decode("utf-8")) if len(data) <= MAX_REPLY_BYTES else None
    except (UnicodeDecodeError, ValueError):
        body = None
    if not isinstance(body, dict):
        return -1, {"reason": "unreachable", "message": UNREACHABLE}
    return status, body


def _counts(field: dict) -> str:
    shown = [f"{esc(c.get('label', ''))}: {int(c.get('count', 0))}"
             for c in field.get("counts", []) if int(c.get("count", 0)) > 0]
    return " · ".join(shown) or "—"


def class_view_html(view: dict) -> str:
    """The class view as HTML: how the class marked each claim, then a few of its written
    answers to each question. Every piece of text is escaped."""
    claims = view.get("claims", [])
    fields = [(f.get("field"), f.get("label", "")) for f in (claims[0]["fields"] if claims else [])]
    head = "".join(f'<th scope="col">{esc(label)}</th>' for _name, label in fields)
    rows = []
    for claim in claims:
        cells = "".join(f"<td>{_counts(f)}</td>" for f in claim.get("fields", []))
        rows.append(
            f"<tr><td>{int(claim.get('number', 0))}</td><td>{esc(claim.get('text', ''))}</td>"
            f"<td>{int(claim.get('annotated', 0))}</td>{cells}</tr>"
        )
    table = (
        '<table class="lesson-table class-view-claims"><thead><tr><th scope="col">#</th>'
        f'<th scope="col">Claim</th><th scope="col">Marked by</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    blocks = []
    for block in view.get("answers", []):
        sample = block.get("sample", [])
        items = "".join(f"<li>{esc(text)}</li>" for text in sample)
        answered = int(block.get("answered", 0))
        said = (f"{answered} answers; {len(sample)} of them, in no order:" if answered
                else "No answers yet.")
        blocks.append(
            f'<div class="class-view-question"><p><strong>{esc(block.get("text", ""))}</strong>'
            f"<br><small>{said}</small></p>" + (f"<ul>{items}</ul>" if items else "") + "</div>"
        )
    students = int(view.get("students", 0))
    return (
        f'<div class="class-view"><p>What your class said about “{esc(view.get("title", ""))}”:'
        f" {students} students have handed in. No names are shown; a name in an answer is "
        "written as [a classmate].</p>"
        f"<p><strong>How the class marked each claim</strong> (how many students chose each "
        f"answer)</p>{table}"
        + ("<p><strong>What the class wrote</strong></p>" + "".join(blocks) if blocks else "")
        + "</div>"
    )


class ClassView(Composite):
    """The button "See what the class said" and what it shows (see the module's docstring).

    Traits: ``article``, ``part`` (the lesson) and ``reason`` (why nothing is shown: "" when
    the view is shown, else the service's reason, e.g. "hand-in-first"). Attributes: ``button``,
    ``status`` (the message), ``content`` (HTML: the view). ``fetch`` is how it asks the
    service (``fetch_class_view``; tests give another)."""

    article = Unicode("")
    part = Unicode("")
    reason = Unicode("")

    def __init__(self, part: str, article=None,
                 fetch: Callable[[str, str], tuple[int, dict]] | None = None):
        from helpers.paths import article_name

        self.fetch = fetch or fetch_class_view
        self.plain_text = waiting_text("The class view")
        self.button = button(
            description=LABEL,
            tooltip="After you hand in: how the class marked each claim and a few answers, "
            "without names",
        )
        self.button.add_class("class-view-button")
        self.status = status_line("class-view-status")
        self.content = html(css="class-view-content", width="100%")
        super().__init__(children=[self.button, self.status, self.content],
                         layout=layout(width="100%"))
        self.article = article_name(article)
        self.part = part
        self.add_class("class-view-box")
        self.button.on_click(self._on_click)

    def refresh(self) -> str:
        """Ask the service and show its answer; returns ``reason``."""
        status, body = self.fetch(self.article, self.part)
        reason = str(body.get("reason", "")) if status != 200 else ""
        if status == 200 and body.get("open"):
            self.content.value = class_view_html(body)
            self.status.value = message_html("ok", SHOWN)
        else:
            reason = reason or ("too-few" if status == 200 else "unreachable")
            self.content.value = ""
            text = str(body.get("message") or UNREACHABLE)
            self.status.value = message_html("info" if reason in CALM else "warn", text)
        self.reason = reason
        return reason

    @guarded
    def _on_click(self, _button=None) -> None:
        self.refresh()
