# JupyterHub for many classes: the explainer's app (Voila) for each student, on one machine.
# Documented in deploy/jupyterhub/README.md; tested by tests/test_jupyterhub.py (5 students, same-user
# spawner, configurable-http-proxy on loopback). Every setting a school changes is an environment
# variable, so this file stays as it is:
#
#   CLASSROOM_HUB_AUTH         class-code (default) | roster | pam (the machine's own accounts)
#   CLASSROOM_HUB_CLASS_CODE   the class code (auth class-code); required
#   CLASSROOM_HUB_ROSTER       the roster CSV (auth roster), from `classroom_hub.py roster`
#   CLASSROOM_HUB_ADMINS       comma-separated usernames with admin rights (the teacher)
#   CLASSROOM_HUB_SPAWNER      local (default: each student's own OS account) | same-user (tests and
#                              trials: every server runs as the hub's user, no isolation) | systemd
#   CLASSROOM_HUB_IP / _PORT   where students connect (default 127.0.0.1:8000; 0.0.0.0 for a network)
#   CLASSROOM_HUB_STATE        the hub's database, cookie secret and same-user homes (build/jupyterhub)
#   CLASSROOM_HUB_CULL_TIMEOUT a server idle this many seconds is stopped (3600), checked every
#   CLASSROOM_HUB_CULL_EVERY   this many seconds (60)
#   CLASSROOM_HUB_MEM_LIMIT / _CPU_LIMIT  per student (1G, 1); enforced by systemd or Kubernetes only
#   CLASSROOM_HUB_LANGUAGE     en (default) | ja: the app opens the Japanese edition's list
#   CLASSROOM_HUB_PROXY        configurable-http-proxy (default: on PATH, else build/jupyterhub-proxy)
#
# Run it from the repository's virtual environment (the students' servers use the same Python):
#   make classroom && CLASSROOM_HUB_CLASS_CODE=... .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
import json
import os
import shutil
import sys
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import classroom_hub  # noqa: E402

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)


def setting(name, default):
    return os.environ.get(f"CLASSROOM_HUB_{name}", default)


def choice(name, default, allowed):
    value = setting(name, default)
    if value not in allowed:
        raise ValueError(f"CLASSROOM_HUB_{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def seconds(name, default, low, high):
    value = int(setting(name, default))
    if not low <= value <= high:
        raise ValueError(f"CLASSROOM_HUB_{name}: {value} s is outside {low}..{high} s")
    return value


STATE = Path(setting("STATE", ROOT / "build" / "jupyterhub")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
CLASSROOM = ROOT / "build" / "classroom"  # `make classroom`: every notebook but the solutions and masters

# --- Where students connect; the hub and the proxy's API stay on loopback -----------------------
ip = setting("IP", "127.0.0.1")
c.JupyterHub.bind_url = f"http://{ip}:{setting('PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{setting('HUB_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('PROXY_API_PORT', '8001')}"
proxy = setting("PROXY", "") or shutil.which("configurable-http-proxy")
proxy = proxy or str(ROOT / "build" / "jupyterhub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy")
c.ConfigurableHTTPProxy.command = [proxy]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# --- Logging in: a class code, a roster of student accounts, or the machine's accounts -----------
auth = choice("AUTH", "class-code", ("class-code", "roster", "pam"))
spawner = choice("SPAWNER", "local", ("local", "same-user", "systemd"))
# With the 'local' and 'systemd' spawners each student's server runs as their OS account: the Local*
# authenticators create it (adduser) at the first login. The same-user spawner needs none.
local = "Local" if spawner in ("local", "systemd") else ""
if auth == "class-code":
    code = setting("CLASS_CODE", "")
    if len(code) < 6:
        raise ValueError(f"CLASSROOM_HUB_CLASS_CODE: {len(code)} characters, at least 6 needed")
    c.JupyterHub.authenticator_class = getattr(classroom_hub, f"{local}ClassCodeAuthenticator")
    c.ClassCodeAuthenticator.class_code = code
elif auth == "roster":
    c.JupyterHub.authenticator_class = getattr(classroom_hub, f"{local}RosterAuthenticator")
    c.RosterAuthenticator.roster_file = setting("ROSTER", str(STATE / "roster.csv"))
else:
    c.JupyterHub.authenticator_class = "pam"
    c.Authenticator.allow_all = True  # every account of this machine; restrict with allowed_users
c.LocalAuthenticator.create_system_users = bool(local) and auth != "pam"
c.Authenticator.admin_users = {name.strip() for name in setting("ADMINS", "").split(",") if name.strip()}

# --- Each student's server: the app (Voila) on the students' copy of the notebooks --------------
if spawner == "same-user":
    # JupyterHub's own test spawner: each student a home under STATE/users, every server as this OS
    # user. No isolation between students' files: for tests and a teacher's trial, never a class.
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "users" / "{username}")
elif spawner == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"  # pip install jupyterhub-systemdspawner
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
else:
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"  # the hub runs as root
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]  # this environment has voila and helpers
c.Spawner.notebook_dir = "~/trillion-explainer"  # filled from build/classroom before each start
c.Spawner.pre_spawn_hook = partial(classroom_hub.copy_classroom, classroom=CLASSROOM)
language = choice("LANGUAGE", "en", ("en", "ja"))
c.Spawner.default_url = "/voila/tree" + ("/ja" if language == "ja" else "")
# Voila as a jupyter_server extension reads voila.json from JUPYTER_CONFIG_PATH (the repository's:
# code hidden, no tracebacks, the decks' offline assets) and its templates from share/jupyter.
# singleuser/jupyter_server_config.json, first on the path: no nbgrader in the students' servers (its
# formgrader is the teacher's, and it costs seconds at each start), and no MathJax from a CDN (as a
# server extension Voila would fetch it from cdnjs; `make start` loads none, and nothing leaves the machine).
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(HERE / "singleuser"), str(ROOT)]),
    "JUPYTER_PATH": str(ROOT / "share" / "jupyter"),
}
# Kernels a closed tab leaves behind are stopped as in `make start` (voila.json; voila-dashboards/voila#1458).
kernels = json.loads((ROOT / "voila.json").read_text())["MappingKernelManager"]
c.Spawner.args = [f"--MappingKernelManager.{name}={json.dumps(value)}" for name, value in kernels.items()]
if spawner == "same-user" and os.geteuid() == 0:  # a test in a container runs as root
    c.Spawner.args.append("--allow-root")
c.Spawner.start_timeout = 120  # a 2-core machine starting many servers at once
c.Spawner.http_timeout = 90
# Resources per student (README, section 'Sizes'). LocalProcessSpawner and the same-user spawner only
# pass them to the server as MEM_LIMIT / CPU_LIMIT; SystemdSpawner and KubeSpawner enforce them.
c.Spawner.mem_limit = setting("MEM_LIMIT", "1G")
c.Spawner.cpu_limit = float(setting("CPU_LIMIT", "1"))

# --- Idle culling: a hub-managed service with only the scopes it needs ---------------------------
timeout = seconds("CULL_TIMEOUT", "3600", 5, 7 * 24 * 3600)
every = seconds("CULL_EVERY", "60", 1, 3600)
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={timeout}", f"--cull-every={every}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "description": "Stop students' servers idle longer than CLASSROOM_HUB_CULL_TIMEOUT",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
