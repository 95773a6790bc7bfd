"""``python -m helpers class-view-service``: the class view as a JupyterHub managed service.

The hub starts it (a managed service named ``class-view``, run as the hub's or the teacher's
user) with ``JUPYTERHUB_SERVICE_URL`` (where to listen), ``JUPYTERHUB_SERVICE_PREFIX`` (the path
the proxy forwards, e.g. ``/services/class-view/``), ``JUPYTERHUB_API_URL`` and
``JUPYTERHUB_API_TOKEN`` in its environment, and the project's ``NEWS_CLAIMS_INBOX``,
``NEWS_CLAIMS_CLASS_VIEW_SWITCH``, ``NEWS_CLAIMS_ROSTER`` and ``NEWS_CLAIMS_HUB_ISOLATED``
(helpers.hub). Every option can also be given on the command line (tests, a hub of one's own).

One request::

    GET {prefix}api/<article>/<part>
    Authorization: token <the student's JUPYTERHUB_API_TOKEN>

* the service asks the hub who owns the token (``GET {JUPYTERHUB_API_URL}/user`` with that
  token: any user's server token may ask who it belongs to); 401 without a token the hub knows;
* 403 ``{"reason": "hand-in-first", ...}`` until that user has a hand-in that holds that lesson
  in the inbox: a file whose name says that user and article, and that part or a later one (a
  hand-in holds all the work so far: on the three-lesson route students hand in at the end of
  notebooks 3 and 5 only), and, where users are separate system users
  (``NEWS_CLAIMS_HUB_ISOLATED=1``), which that user's system account owns (without the setting,
  a file of any account but the service's own must be its user's too);
* 403 ``{"reason": "off", ...}`` while the teacher has switched the lesson off (the switch file
  is read on every request, so a switch works at once);
* else 200 and the anonymised view of ``helpers.classroom.classview.class_view`` (no names:
  with fewer than 3 students handed in it says only how many have). Each time it shows the
  class's work, the service first appends who, which lesson and when to the log beside the
  switch file (``helpers.classroom.classview_log``), which the teacher reads and students cannot:
  a hand-in sent after that is marked in the teacher's live view. When the log cannot take the
  line (full, or not writable), 503 ``{"reason": "log", ...}``: nothing is shown unrecorded.

Also ``GET {prefix}api/<article>/<part>`` without the prefix (a kernel that reaches the service
directly) and ``GET {prefix}`` (``{"service": "class-view"}``, to see that it runs). Tornado
(which Jupyter already ships) serves it; no other package is needed.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from helpers.tools.commands import EXIT_OK, EXIT_USAGE, print_error, say

LOG = logging.getLogger("helpers.classview")
NAME = "class-view"
#: Seconds a token's owner is remembered (fewer calls to the hub when a class clicks at once).
TOKEN_TTL = 60.0
MAX_TOKENS = 2000
HUB_TIMEOUT = 10.0
#: Views remembered, each for one state of the inbox.
MAX_VIEWS = 64
_SEGMENT = r"([A-Za-z0-9_.-]{1,40})"

UNAUTHORISED = "Open this from your lesson on the class hub, signed in."
NOT_FOUND = "There is no such lesson."
HUB_DOWN = "The class hub did not answer; try again in a minute."
LOG_FAILED = "The class view cannot open just now. Please tell your teacher."


@dataclass
class Settings:
    """What the service needs: where things are and how many answers to show."""

    inbox: Path
    hub_api: str
    switch: Path | None = None
    roster: Path | None = None
    isolated: bool = False
    prefix: str = "/"
    sample: int = 8
    minimum: int = 3
    tokens: dict = field(default_factory=dict)  # sha256(token) -> (user, expires)
    views: dict = field(default_factory=dict)  # state of the inbox -> view


def owner_check(user: str, info: os.stat_result) -> bool:
    """True when the system account ``user`` owns the file (users are separate accounts)."""
    import pwd

    try:
        return pwd.getpwnam(user).pw_uid == info.st_uid
    except KeyError:
        return False


def own_or_owner_check(user: str, info: os.stat_result) -> bool:
    """Where the hub did not say its users are separate: a file this service's own account
    owns (the demo hub, where every server runs as one account) passes; a file of any other
    account must be ``user``'s own, as where they are separate."""
    return info.st_uid == os.geteuid() or owner_check(user, info)


# -- the work (plain functions: the handler runs them in a thread) ---------------------------
def lesson_article(article: str, part: str):
    """The Article, if ``part`` is one of its parts; None for a lesson that does not exist."""
    from helpers.article import load_article
    from helpers.errors import ArticleError
    from helpers.paths import check_article_name

    try:
        found = load_article(check_article_name(article))
        found.part(part)
    except (ArticleError, ValueError, OSError):
        return None
    return found


def answer(settings: Settings, user: str, article: str, part: str) -> tuple[int, dict]:
    """``(HTTP status, JSON body)`` for ``user`` asking for the class view of one lesson."""
    from helpers.classroom.classview import (
        HAND_IN_FIRST,
        MESSAGES,
        SWITCHED_OFF,
        class_view,
        handed_in,
    )
    from helpers.classroom.classview_log import ViewsLogError, record_opened, views_log_path
    from helpers.classroom.classview_switch import class_view_on
    from helpers.hub import InboxError, read_roster

    found = lesson_article(article, part)
    if found is None:
        return 404, {"reason": "not-found", "message": NOT_FOUND}
    check = owner_check if settings.isolated else own_or_owner_check
    if not handed_in(settings.inbox, found.name, part, user, check):
        return 403, {"reason": HAND_IN_FIRST, "message": MESSAGES[HAND_IN_FIRST]}
    if not class_view_on(found.name, part, settings.switch):
        return 403, {"reason": SWITCHED_OFF, "message": MESSAGES[SWITCHED_OFF]}
    try:
        roster = read_roster(settings.roster) if settings.roster else []
    except (InboxError, OSError) as exc:
        LOG.warning("class view: the class list cannot be used (%s)", exc)
        roster = []
    key = (found.name, part, _state(settings.inbox), tuple(roster))
    view = settings.views.get(key)
    if view is None:
        view = class_view(settings.inbox, found, part, roster=roster, sample=settings.sample,
                          minimum=settings.minimum, owner_check=check)
        if len(settings.views) >= MAX_VIEWS:
            settings.views.clear()
        settings.views[key] = view
    if view["open"] and settings.switch is not None:
        try:
            record_opened(views_log_path(settings.switch), user, found.name, part)
        except ViewsLogError as exc:
            LOG.error("class view not shown to %s: the log of who saw it failed (%s)", user, exc)
            return 503, {"reason": "log", "message": LOG_FAILED}
    return 200, view


def _state(folder: Path) -> tuple:
    """What changes when a file is added to, or replaced in, the inbox."""
    try:
        info = os.stat(folder)
    except OSError:
        return ()
    entries = []
    try:
        with os.scandir(folder) as found:
            for entry in found:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                entries.append((entry.name, st.st_mtime_ns, st.st_size, st.st_ino))
    except OSError:
        return ()
    return (info.st_mtime_ns, tuple(sorted(entries)))


# -- the web service -------------------------------------------------------------------------
def _token(header: str | None) -> str | None:
    scheme, _, value = (header or "").strip().partition(" ")
    value = value.strip()
    return value if scheme.lower() in ("token", "bearer") and value else None


async def who(settings: Settings, token: str) -> str | None:
    """The hub user who owns ``token`` (None: no such token, or not a user's). Raises
    ``ConnectionError`` when the hub does not answer."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    key = hashlib.sha256(token.encode("utf-8")).hexdigest()
    now = time.monotonic()
    cached = settings.tokens.get(key)
    if cached and cached[1] > now:
        return cached[0]
    request = HTTPRequest(
        settings.hub_api.rstrip("/") + "/user",
        headers={"Authorization": f"token {token}"},
        request_timeout=HUB_TIMEOUT,
        connect_timeout=HUB_TIMEOUT,
    )
    try:
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
    except OSError as exc:
        raise ConnectionError(str(exc)) from None
    if response.code in (401, 403, 404):
        return None
    if response.code != 200:
        raise ConnectionError(f"the hub answered {response.code}")
    try:
        model = json.loads(response.body or b"")
    except ValueError:
        raise ConnectionError("the hub's answer is not JSON") from None
    if not isinstance(model, dict) or model.get("kind", "user") != "user":
        return None
    name = model.get("name")
    if not isinstance(name, str) or not name:
        return None
    if len(settings.tokens) >= MAX_TOKENS:
        settings.tokens.clear()
    settings.tokens[key] = (name, now + TOKEN_TTL)
    return name


def make_app(settings: Settings):
    """The tornado Application of the service."""
    from tornado.web import Application, RequestHandler

    class Base(RequestHandler):
        def set_default_headers(self):
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")

        def reply(self, status: int, body: dict) -> None:
            self.set_status(status)
            self.finish(json.dumps(body, ensure_ascii=False))

        def write_error(self, status_code: int, **kwargs) -> None:
            self.finish(json.dumps({"reason": "error", "message": self._reason}))

    class Home(Base):
        def get(self):
            self.reply(200, {"service": NAME})

    class View(Base):
        async def get(self, article: str, part: str):
            token = _token(self.request.headers.get("Authorization"))
            if token is None:
                return self.reply(401, {"reason": "token", "message": UNAUTHORISED})
            try:
                user = await who(settings, token)
            except ConnectionError as exc:
                LOG.warning("class view: the hub did not answer (%s)", exc)
                return self.reply(502, {"reason": "hub", "message": HUB_DOWN})
            if user is None:
                return self.reply(401, {"reason": "token", "message": UNAUTHORISED})
            loop = asyncio.get_running_loop()
            status, body = await loop.run_in_executor(
                None, answer, settings, user, article, part
            )
            self.reply(status, body)

    prefix = "/" + settings.prefix.strip("/") + "/" if settings.prefix.strip("/") else "/"
    routes = [(rf"{re.escape(prefix)}api/{_SEGMENT}/{_SEGMENT}/?", View)]
    if prefix != "/":
        routes.append((rf"/api/{_SEGMENT}/{_SEGMENT}/?", View))
        routes.append((re.escape(prefix.rstrip("/")) + "/?", Home))
    routes.append((r"/", Home))
    return Application(routes)


# -- the command -----------------------------------------------------------------------------
def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of ``class-view-service`` (each defaults to what the hub sets)."""
    from helpers.hub import (
        CLASS_VIEW_SWITCH_ENV,
        HUB_API_URL_ENV,
        INBOX_ENV,
        ISOLATED_ENV,
        ROSTER_ENV,
    )

    parser.add_argument("--url", help="where to listen (default $JUPYTERHUB_SERVICE_URL)")
    parser.add_argument("--prefix", help="the path prefix (default $JUPYTERHUB_SERVICE_PREFIX)")
    parser.add_argument("--inbox", help=f"the teacher's inbox (default ${INBOX_ENV})")
    parser.add_argument(
        "--switch", help=f"the teacher's on/off switch file (default ${CLASS_VIEW_SWITCH_ENV})"
    )
    parser.add_argument("--roster", help=f"the class list (default ${ROSTER_ENV})")
    parser.add_argument("--hub-api", help=f"the hub's API (default ${HUB_API_URL_ENV})")
    parser.add_argument(
        "--isolated",
        choices=("0", "1"),
        help=f"1: users are separate system users, a hand-in must be its user's own file "
        f"(default ${ISOLATED_ENV})",
    )
    parser.add_argument("--sample", type=int, default=8, metavar="N",
                        help="at most N answers shown per question (default 8)")
    parser.add_argument("--minimum", type=int, default=3, metavar="K",
                        help="students who must have handed in before anything is shown "
                        "(default 3)")


def run(args: argparse.Namespace) -> int:
    """Serve until stopped; 2 for a usage error (no inbox, no hub API, a bad address)."""
    from helpers import hub

    url = args.url or _env("JUPYTERHUB_SERVICE_URL") or "http://127.0.0.1:10101"
    parts = urlsplit(url)
    inbox = args.inbox or _env(hub.INBOX_ENV)
    hub_api = args.hub_api or _env(hub.HUB_API_URL_ENV)
    if not inbox or not hub_api:
        print_error("error: give --inbox and --hub-api (or run it as the hub's class-view "
                    "service, which sets them).")
        return EXIT_USAGE
    if parts.scheme != "http" or not parts.hostname or args.sample < 0 or args.minimum < 1:
        print_error("error: --url must be http://HOST:PORT; --sample 0 or more; --minimum 1 "
                    "or more.")
        return EXIT_USAGE
    switch = args.switch or _env(hub.CLASS_VIEW_SWITCH_ENV)
    roster = args.roster or _env(hub.ROSTER_ENV)
    isolated = (args.isolated or _env(hub.ISOLATED_ENV)) == "1"
    settings = Settings(
        inbox=Path(inbox).expanduser(),
        hub_api=hub_api,
        switch=Path(switch).expanduser() if switch else None,
        roster=Path(roster).expanduser() if roster else None,
        isolated=isolated,
        prefix=args.prefix or _env("JUPYTERHUB_SERVICE_PREFIX") or "/",
        sample=args.sample,
        minimum=args.minimum,
    )
    logging.basicConfig(level=logging.INFO, format="[class-view %(levelname)s] %(message)s")
    return asyncio.run(_serve(settings, parts.hostname, parts.port or 80))


async def _serve(settings: Settings, host: str, port: int) -> int:
    app = make_app(settings)
    try:
        server = app.listen(port, address=host, xheaders=True)
    except OSError as exc:
        print_error(f"error: cannot listen on {host}:{port} ({exc.strerror})")
        return EXIT_USAGE
    say(f"class-view service on http://{host}:{port}{settings.prefix} (inbox {settings.inbox}, "
        f"users {'separate' if settings.isolated else 'not separate'}); stop with Ctrl+C")
    try:
        await asyncio.Event().wait()
    finally:
        server.stop()
    return EXIT_OK
