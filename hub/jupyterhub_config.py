"""JupyterHub for a class on one machine (``make hub``): a teacher, the students of
hub/class.txt, the lessons in each home, hand-ins straight into the teacher's inbox and the
class view after handing in.

Listens on 127.0.0.1 only. Two modes:

* the demonstration (default): JupyterHub's shared-password authenticator and
  SimpleLocalProcessSpawner — every account runs as the hub's own system user, homes under
  build/hub/homes/<user>; NOT isolated from each other, and every page of the hub says so;
* isolated (``NEWS_CLAIMS_HUB_ISOLATED=1``, run as root): LocalProcessSpawner, each account a
  system user of the same name with its own home; the inbox belongs to the teacher's group.
  The project and its .venv must then be readable by those users (e.g. under /opt).

Settings (ports, state folder, class list, passwords) are in hub/hub_settings.py; the names the
notebooks share (the environment below) are in helpers/hub.py. See the README, "A class beyond
one machine", for what to change on a school's hub.
"""

import os
import pwd
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hub_settings as hs  # noqa: E402 - hub/ is not a package

from helpers import hub as names  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub when it reads this file

STATE = hs.state_dir()
ISOLATED = hs.isolated()
STUDENTS = hs.students()
if ISOLATED and (problems := hs.isolation_problems(STUDENTS)):
    sys.exit("The isolated hub cannot start:\n  - " + "\n  - ".join(problems))
hs.prepare_state(STATE, hs.TEACHER if ISOLATED else None)
SWITCH = hs.switch_file(STATE)
PASSWORDS = hs.passwords(STATE)
PORT = hs.port("port")
URL = f"http://127.0.0.1:{PORT}"
HOMES = STATE / "homes"
INBOX = STATE / "inbox"
CLASS_VIEW_URL = f"http://127.0.0.1:{hs.port('class_view_port')}"

# -- the hub, its proxy and its state ----------------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = hs.port("hub_port")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{hs.port('proxy_api_port')}"
c.ConfigurableHTTPProxy.command = [str(hs.PROXY)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# -- who may log in ------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = PASSWORDS["student"]
c.SharedPasswordAuthenticator.admin_password = PASSWORDS["teacher"]
c.Authenticator.admin_users = {hs.TEACHER}
c.Authenticator.allowed_users = {hs.TEACHER, *STUDENTS}
if not ISOLATED:
    c.JupyterHub.template_vars = {
        "announcement_login": hs.NOT_ISOLATED,
        "announcement_home": hs.NOT_ISOLATED,
    }


# -- each user's server ----------------------------------------------------------------------------
def home_of(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir) if ISOLATED else HOMES / user


def _env(make):
    """A spawner environment value computed for each user (JupyterHub calls it)."""
    return lambda spawner: str(make(spawner.user.name))


if ISOLATED:
    c.JupyterHub.spawner_class = "localprocess"
else:
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(hs.SINGLEUSER)]
c.Spawner.args = ["--LabApp.news_url=None"]
if os.geteuid() == 0 and not ISOLATED:
    c.Spawner.args.append("--allow-root")  # the demo's servers run as the hub's user, root
c.Spawner.default_url = hs.DEFAULT_URL
c.Spawner.notebook_dir = "~"
c.Spawner.http_timeout = 90  # a small machine starting a whole class at once
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    names.INBOX_ENV: str(INBOX),
    names.STORE_ENV: _env(
        lambda user: home_of(user) / ".local" / "share" / "news-claims" / "annotations.sqlite"
    ),
    names.ROSTER_ENV: str(hs.class_list()),
    names.CLASS_VIEW_URL_ENV: f"{CLASS_VIEW_URL}/services/class-view",
    names.CLASS_VIEW_SWITCH_ENV: str(SWITCH),
    names.ISOLATED_ENV: "1" if ISOLATED else "0",
    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
}
for passed in ("NEWS_CLAIMS_SCHEME",):  # the research scheme, when the hub was started with it
    if os.environ.get(passed):
        c.Spawner.environment[passed] = os.environ[passed]


def place_lessons(spawner):
    """Before a server starts: the lessons in the user's home (student copies for students,
    every notebook for the teacher); nothing already there is replaced."""
    user = spawner.user.name
    if user == hs.TEACHER:
        notebooks, files = hs.teacher_lessons(), hs.HOME_FILES
    else:
        notebooks = sorted(hs.student_lessons(STATE).glob("*.ipynb"))
        files = hs.STUDENT_HOME_FILES
    owner = None
    if ISOLATED:
        entry = pwd.getpwnam(user)
        owner = (entry.pw_uid, entry.pw_gid)
    hs.place_lessons(home_of(user), notebooks, owner, files)


c.Spawner.pre_spawn_hook = place_lessons

# -- the teacher's inbox and the class view --------------------------------------------------------
if ISOLATED:
    names.prepare_inbox(INBOX, owner=hs.TEACHER, group=hs.TEACHER_GROUP)
else:
    names.prepare_inbox(INBOX)
hs.student_lessons(STATE)  # built now, not while the first student waits

c.JupyterHub.services = [
    {
        "name": "class-view",
        "url": CLASS_VIEW_URL,
        "command": [sys.executable, "-m", "helpers", "class-view-service"],
        "environment": {
            names.INBOX_ENV: str(INBOX),
            names.ROSTER_ENV: str(hs.class_list()),
            names.CLASS_VIEW_SWITCH_ENV: str(SWITCH),
            names.ISOLATED_ENV: "1" if ISOLATED else "0",
            "PATH": os.environ.get("PATH", ""),
        },
        "display": False,
    }
]
# The service needs no scopes of its own: it asks the hub who is asking with the student's own
# token (GET /hub/api/user answers any token), and reads the inbox from disk.
c.JupyterHub.load_roles = [{"name": "class-view", "scopes": [], "services": ["class-view"]}]

print(hs.banner(URL, STUDENTS, PASSWORDS, STATE, INBOX), file=sys.stderr, flush=True)
