"""JupyterHub for many classes (deploy/jupyterhub): the authenticators, the config, and a real hub.

The hub test starts JupyterHub with deploy/jupyterhub/jupyterhub_config.py, its proxy
(configurable-http-proxy, from npm) and the idle culler on loopback ports, with the same-user spawner
(tests cannot create OS accounts). Five students log in through the login form, follow their spawn,
get the app (Voila's list and notebook 01 rendered), cannot open each other's servers, and the culler
stops their servers once idle. It prints the single-user server's RSS (deploy/jupyterhub/README.md,
section 'Sizes').

Without configurable-http-proxy the hub test skips, saying how to get it; with REQUIRE_JUPYTERHUB=1
(.ci/run sets it) it fails instead.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
import requests
from tests.servers import classroom, free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
CONFIG = DEPLOY / "jupyterhub_config.py"
PROXY_PREFIX = ROOT / "build" / "jupyterhub-proxy"  # where .ci/run installs configurable-http-proxy
REQUIRE = "REQUIRE_JUPYTERHUB"
HOW = (
    "install JupyterHub's proxy: `npm install --prefix build/jupyterhub-proxy configurable-http-proxy` "
    "(Node.js >= 20; configurable-http-proxy@4 for older Node), or put configurable-http-proxy on PATH; "
    f"and `pip install -e '.[test]'` for jupyterhub and jupyterhub-idle-culler. {REQUIRE}=1 makes this a failure."
)
STUDENTS = [f"student{i}" for i in range(1, 6)]
CLASS_CODE = "trillion-" + secrets.token_hex(4)
CULL_TIMEOUT_S = 10  # the culler's --timeout in the hub test (the config's default is 3600 s)
CULL_EVERY_S = 2


def missing(what: str) -> None:
    message = f"{what}: {HOW}"
    if os.environ.get(REQUIRE):
        pytest.fail(message)
    pytest.skip(message)


def proxy_command() -> str | None:
    found = shutil.which("configurable-http-proxy")
    local = PROXY_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
    return found or (str(local) if local.exists() else None)


def test_without_the_proxy_the_hub_test_skips_here_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv(REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="npm install --prefix build/jupyterhub-proxy"):
        missing("no configurable-http-proxy")
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match="no configurable-http-proxy"):
        missing("no configurable-http-proxy")
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"export {REQUIRE}=1" in ci
    assert f"--prefix {PROXY_PREFIX.relative_to(ROOT)}" in ci  # where proxy_command() looks


def hub_module():
    """deploy/jupyterhub/classroom_hub.py, imported as JupyterHub's config imports it."""
    try:
        import jupyterhub  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError as error:
        missing(f"no {error.name}")
    sys.path.insert(0, str(DEPLOY))
    try:
        import classroom_hub
    finally:
        sys.path.remove(str(DEPLOY))
    return classroom_hub


def notebook_title(path: Path) -> str:
    first = json.loads(path.read_text())["cells"][0]["source"]
    return "".join(first).splitlines()[0].lstrip("# ").strip()


# --- The authenticators and the config, without a hub (fast) -----------------------------------


def run(coroutine):
    import asyncio

    return asyncio.run(coroutine)


def test_class_code_lets_any_valid_username_in_with_the_code_only():
    hub = hub_module()
    auth = hub.ClassCodeAuthenticator(class_code="blue-whale-42")
    assert run(auth.authenticate(None, {"username": "s01", "password": "blue-whale-42"})) == "s01"
    assert run(auth.authenticate(None, {"username": "s01", "password": "blue-whale-4"})) is None
    assert run(auth.authenticate(None, {"username": "s01", "password": ""})) is None
    assert auth.allow_all is True
    assert auth.validate_username("tanaka_hana") and auth.validate_username("s-01")
    for bad in ("../teacher", "a b", "01", "tanaka.hana"):  # an OS account's name starts with a letter
        assert not auth.validate_username(bad), bad
    nobody = hub.ClassCodeAuthenticator()  # no code set: every login is refused
    assert run(nobody.authenticate(None, {"username": "s01", "password": ""})) is None


def test_roster_gives_one_account_per_student(tmp_path):
    hub = hub_module()
    roster = tmp_path / "roster.csv"
    passwords = hub.make_roster(["Sato", "suzuki"], roster)
    assert set(passwords) == {"sato", "suzuki"} and all(len(p) == 8 for p in passwords.values())
    assert passwords["sato"] not in roster.read_text()  # only hashes are stored
    assert oct(roster.stat().st_mode & 0o777) == "0o600"
    auth = hub.RosterAuthenticator(roster_file=str(roster))
    assert run(auth.authenticate(None, {"username": "Sato", "password": passwords["sato"]})) == "sato"
    assert run(auth.authenticate(None, {"username": "sato", "password": passwords["suzuki"]})) is None
    assert run(auth.authenticate(None, {"username": "tanaka", "password": passwords["sato"]})) is None
    assert auth.check_allowed("suzuki") and not auth.check_allowed("tanaka")


def test_student_accounts_never_log_in_as_another_os_account():
    """With servers as OS accounts, a name typed at login never becomes root or the teacher."""
    hub = hub_module()
    auth = hub.LocalClassCodeAuthenticator(class_code="blue-whale-42")
    assert not auth.check_allowed("root")  # exists, and is no student's
    assert auth.check_allowed("zz-no-such-student")  # no account yet: adduser makes it, in the group
    assert auth.add_user_cmd[-2:] == ["--ingroup", "students"]
    assert (
        run(auth.authenticate(None, {"username": "root", "password": "blue-whale-42"})) == "root"
    )  # the code is right,
    assert isinstance(auth, hub.ClassCodeAuthenticator)  # but check_allowed (above) refuses the account


def test_roster_refuses_bad_input(tmp_path):
    hub = hub_module()
    with pytest.raises(ValueError, match="username: 'a b'"):
        hub.make_roster(["a b"], tmp_path / "r.csv")
    with pytest.raises(ValueError, match="length: 3 is outside 6..64"):
        hub.make_roster(["sato"], tmp_path / "r.csv", length=3)
    with pytest.raises(ValueError, match="roster password_hash"):
        hub.check_password("x", "md5$abc")
    stored = hub.hash_password("correct horse", salt=b"0123456789abcdef")
    assert hub.check_password("correct horse", stored) and not hub.check_password("correct hors", stored)


def load_config(monkeypatch, tmp_path, **settings):
    from traitlets.config.loader import PyFileConfigLoader

    hub_module()
    for name in [n for n in os.environ if n.startswith("CLASSROOM_HUB_")]:  # only this test's settings
        monkeypatch.delenv(name)
    monkeypatch.setenv("CLASSROOM_HUB_STATE", str(tmp_path))
    for name, value in settings.items():
        monkeypatch.setenv(f"CLASSROOM_HUB_{name}", value)
    return PyFileConfigLoader(CONFIG.name, path=str(DEPLOY)).load_config()


def test_config_serves_voila_culls_idle_servers_and_limits_resources(monkeypatch, tmp_path):
    c = load_config(monkeypatch, tmp_path, CLASS_CODE="blue-whale-42", LANGUAGE="ja")
    assert c.Spawner.default_url == "/voila/tree/ja"
    assert c.Spawner.mem_limit == "1G" and c.Spawner.cpu_limit == 1.0
    assert c.ClassCodeAuthenticator.class_code == "blue-whale-42"
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert c.JupyterHub.authenticator_class.__name__ == "LocalClassCodeAuthenticator"
    assert c.LocalAuthenticator.create_system_users is True
    (culler,) = c.JupyterHub.services
    assert culler["command"][-2:] == ["--timeout=3600", "--cull-every=60"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]
    assert "admin:users" not in role["scopes"]  # it stops servers, never deletes users
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"  # this machine only, unless CLASSROOM_HUB_IP says so


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"CLASS_CODE": "abc"}, "CLASSROOM_HUB_CLASS_CODE: 3 characters, at least 6 needed"),
        ({"CLASS_CODE": "blue-whale-42", "AUTH": "ldap"}, "CLASSROOM_HUB_AUTH: 'ldap' is not one of"),
        ({"CLASS_CODE": "blue-whale-42", "CULL_TIMEOUT": "1"}, "CLASSROOM_HUB_CULL_TIMEOUT: 1 s is outside"),
        ({"CLASS_CODE": "blue-whale-42", "SPAWNER": "docker"}, "CLASSROOM_HUB_SPAWNER: 'docker' is not one of"),
    ],
)
def test_config_refuses_bad_settings(monkeypatch, tmp_path, settings, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        load_config(monkeypatch, tmp_path, **settings)


def test_kubernetes_values_make_the_same_choices(monkeypatch, tmp_path):
    """values.yaml (Zero to JupyterHub) and jupyterhub_config.py (one machine) serve the same class."""
    import yaml

    values = yaml.safe_load((DEPLOY / "values.yaml").read_text())
    c = load_config(monkeypatch, tmp_path, CLASS_CODE="blue-whale-42")
    single = values["singleuser"]
    assert single["defaultUrl"] == c.Spawner.default_url == "/voila/tree"
    assert single["memory"]["limit"] == c.Spawner.mem_limit
    assert single["cpu"]["limit"] == c.Spawner.cpu_limit
    assert values["cull"]["enabled"] and f"--timeout={values['cull']['timeout']}" in c.JupyterHub.services[0]["command"]
    server = single["extraFiles"]["students-server"]["data"]
    assert server["MappingKernelManager"] == json.loads((ROOT / "voila.json").read_text())["MappingKernelManager"]
    local = json.loads((DEPLOY / "singleuser" / "jupyter_server_config.json").read_text())
    assert server["ServerApp"] == local["ServerApp"]  # no nbgrader, no MathJax from a CDN
    assert not any(server["ServerApp"]["jpserver_extensions"].values())
    assert "make -s -C /home/jovyan classroom" in single["lifecycleHooks"]["postStart"]["exec"]["command"][-1]
    assert single["notebookDir"].startswith(single["storage"]["homeMountPath"])
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "classroom_hub.ClassCodeAuthenticator"
    mounted = Path(values["hub"]["extraFiles"]["classroom-hub"]["mountPath"])
    assert mounted.name == "classroom_hub.py" and str(mounted.parent) in values["hub"]["extraConfig"]["classroom"]


def test_environment_yml_builds_an_image_with_repo2docker():
    """repo2docker reads the Python version from a `python=X.Y` line (its conda buildpack's PYTHON_REGEX)
    and, for a local pip requirement such as `-e .`, installs after copying the whole repository."""
    import yaml

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python_regex = re.compile(r"python\s*=+\s*([\d\.]*)")  # repo2docker/buildpacks/conda/__init__.py
    versions = [m.group(1) for d in env["dependencies"] if isinstance(d, str) and (m := python_regex.match(d))]
    assert versions and versions[0] == "3.11", versions
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip  # the helpers package itself
    assert "voila" in " ".join(d for d in env["dependencies"] if isinstance(d, str))


# --- A real hub: five students, their app, isolation, culling (slow) ---------------------------

TEST_CONFIG = """
c = get_config()  # noqa: F821
load_subconfig({config!r})  # noqa: F821
# The test's own admin token, to read servers' state (pid) and activity.
c.JupyterHub.services.append({{"name": "test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{"name": "test", "scopes": ["list:users", "read:users", "read:servers", "admin:server_state"], "services": ["test"]}}
)
# Servers report activity every second (300 s by default), so the culler sees the test's requests.
c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = "1"
"""


class Hub:
    def __init__(self, url: str, token: str, log: Path, process: subprocess.Popen) -> None:
        self.url, self.token, self.log, self.process = url, token, log, process

    def api(self, path: str) -> dict | list:
        r = requests.get(f"{self.url}/hub/api{path}", headers={"Authorization": f"token {self.token}"}, timeout=30)
        r.raise_for_status()
        return r.json()


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    hub_module()
    proxy = proxy_command()
    if proxy is None:
        missing("no configurable-http-proxy on PATH or in build/jupyterhub-proxy")
    classroom()  # make classroom: the students' copy each server is filled from
    state = tmp_path_factory.mktemp("hub")
    token = secrets.token_hex(16)
    config = state / "test_config.py"
    config.write_text(TEST_CONFIG.format(config=str(CONFIG), token=token))
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("CLASSROOM_HUB_")}
    env.update(
        CLASSROOM_HUB_CLASS_CODE=CLASS_CODE,
        CLASSROOM_HUB_SPAWNER="same-user",
        CLASSROOM_HUB_STATE=str(state),
        CLASSROOM_HUB_PORT=str(port),
        CLASSROOM_HUB_HUB_PORT=str(free_port()),
        CLASSROOM_HUB_PROXY_API_PORT=str(free_port()),
        CLASSROOM_HUB_PROXY=proxy,
        CLASSROOM_HUB_CULL_TIMEOUT=str(CULL_TIMEOUT_S),
        CLASSROOM_HUB_CULL_EVERY=str(CULL_EVERY_S),
    )
    env.pop("JUPYTER_PATH", None)
    log = state / "hub.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=state,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/hub/api", process, timeout=90)
        yield Hub(url, token, log, process)
    finally:
        family = psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []
        process.send_signal(signal.SIGTERM)  # the hub stops the proxy, the culler and the servers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        for child in family:  # whatever the hub left behind
            if child.is_running():
                child.kill()


def log_in(hub: Hub, username: str, password: str):
    """The login form as a browser posts it (with its _xsrf field); the session that it opens."""
    session = requests.Session()
    form = session.get(f"{hub.url}/hub/login", timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{hub.url}/hub/login?next=", data={"username": username, "password": password, "_xsrf": xsrf}, timeout=60
    )
    return session, answer


def follow_spawn(hub: Hub, session, username: str, timeout: float = 150) -> list[dict]:
    """What the spawn page's EventSource reads: the progress events, up to 'ready' (or 'failed')."""
    events = []
    deadline = time.monotonic() + timeout
    url = f"{hub.url}/hub/api/users/{username}/server/progress"
    with session.get(url, stream=True, headers={"Accept": "text/event-stream"}, timeout=timeout) as stream:
        for line in stream.iter_lines():
            if line.startswith(b"data:"):
                events.append(json.loads(line[5:]))
                if events[-1].get("ready") or events[-1].get("failed") or time.monotonic() > deadline:
                    break
    return events


def page_config(page: str) -> dict:
    """The JupyterLab page configuration a Voila page carries (its frontend reads it)."""
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.DOTALL)
    return json.loads(found.group(1))


def usage(pid: int) -> tuple[float, float, float]:
    """A single-user server's RSS, its kernels' RSS (MiB), and the CPU seconds of both since they started."""
    server = psutil.Process(pid)
    kernels = server.children(recursive=True)
    cpu = sum(sum(p.cpu_times()[:2]) for p in [server, *kernels])
    return server.memory_info().rss / 2**20, sum(k.memory_info().rss for k in kernels) / 2**20, cpu


@pytest.mark.slow
def test_five_students_get_the_app_only_their_own_server_and_idle_servers_are_culled(hub, request):
    title = notebook_title(ROOT / "notebooks" / "01_parameters.ipynb")
    timings: dict[str, dict[str, float]] = {}
    lock = threading.Lock()

    # The class code is the gate.
    _, refused = log_in(hub, "intruder", CLASS_CODE + "x")
    assert refused.status_code == 403 and "spawn-pending" not in refused.url

    everyone_ready = threading.Barrier(len(STUDENTS))
    # While the students work, each server sees a request every 2 s, as a tab in use sends them; the
    # culler must leave it alone then (the hub learns of activity within a second, see TEST_CONFIG).
    in_use: dict[str, requests.cookies.RequestsCookieJar] = {}
    lesson_over = threading.Event()
    statuses: list[int] = []

    def keep_using() -> None:
        while not lesson_over.wait(2):
            for name, cookies in list(in_use.items()):
                try:
                    answer = requests.get(f"{hub.url}/user/{name}/api/contents?content=0", cookies=cookies, timeout=30)
                    statuses.append(answer.status_code)
                except requests.RequestException:
                    statuses.append(-1)

    user = threading.Thread(target=keep_using, daemon=True)
    user.start()
    request.addfinalizer(lesson_over.set)  # also when the test fails before the lesson is over

    def student(name: str, other: str) -> None:
        try:
            start = time.monotonic()
            session, answer = log_in(hub, name, CLASS_CODE)
            assert answer.status_code == 200 and f"/hub/spawn-pending/{name}" in answer.url, (name, answer.url)
            events = follow_spawn(hub, session, name)
            assert events and events[-1].get("ready"), (name, events[-1:])
            spawned = time.monotonic()
            home = session.get(f"{hub.url}/user/{name}/", timeout=120)  # the hub's redirects and OAuth, then Voila
            assert home.status_code == 200 and home.url == f"{hub.url}/user/{name}/voila/tree", (name, home.url)
            assert f'href="/user/{name}/voila/render/01_parameters.ipynb"' in home.text  # the app's list
            assert "solutions" not in home.text  # the students' copy
            in_use[name] = session.cookies.copy()
            page = session.get(f"{hub.url}/user/{name}/voila/render/01_parameters.ipynb", timeout=180)
            assert page.status_code == 200 and title in html.unescape(page.text), (name, page.status_code)
            assert "Traceback" not in page.text
            assert page_config(page.text)["fullMathjaxUrl"] is None  # no MathJax from a CDN, as in `make start`
            with lock:
                timings[name] = {"spawn_s": spawned - start, "render_s": time.monotonic() - spawned}
            # Once every server runs, nobody opens a classmate's: the hub refuses the OAuth hand-over (403).
            everyone_ready.wait(timeout=300)
            answer = session.get(f"{hub.url}/user/{other}/voila/render/01_parameters.ipynb", timeout=60)
            assert answer.status_code == 403, (name, other, answer.status_code, answer.url)
            assert title not in html.unescape(answer.text)
            assert session.get(f"{hub.url}/hub/api/users/{other}", timeout=30).status_code in (403, 404)
        except BaseException:
            everyone_ready.abort()  # the others stop waiting
            raise

    with ThreadPoolExecutor(len(STUDENTS)) as pool:
        others = STUDENTS[1:] + STUDENTS[:1]
        for future in [pool.submit(student, me, other) for me, other in zip(STUDENTS, others, strict=True)]:
            future.result()

    in_class = {user["name"] for user in hub.api("/users?state=ready")}
    assert in_class >= set(STUDENTS), f"culled while in use: {sorted(set(STUDENTS) - in_class)}"

    # Memory: each single-user server (jupyter_server + Voila), and its kernel of notebook 01.
    pids = {name: hub.api(f"/users/{name}")["servers"][""]["state"]["pid"] for name in STUDENTS}
    measured = [usage(pid) for pid in pids.values()]
    servers, kernels, cpu = (sorted(m[i] for m in measured) for i in range(3))
    print(f"\nJupyterHub, {len(STUDENTS)} students (same-user spawner, 2 shared cores):")
    print("  login to ready (s):", sorted(round(t["spawn_s"], 1) for t in timings.values()))
    print("  ready to notebook 01 rendered (s):", sorted(round(t["render_s"], 1) for t in timings.values()))
    print(f"  single-user server RSS (MiB): {[round(s) for s in servers]}; its kernels: {[round(k) for k in kernels]}")
    print(f"  CPU seconds, server and kernel from start to notebook 01 rendered: {[round(t, 1) for t in cpu]}")
    hub_process = psutil.Process(hub.process.pid)
    proxy = [p for p in hub_process.children() if "node" in p.name() or "configurable" in " ".join(p.cmdline())]
    print(
        f"  the hub's RSS: {hub_process.memory_info().rss / 2**20:.0f} MiB; "
        f"the proxy's: {sum(p.memory_info().rss for p in proxy) / 2**20:.0f} MiB"
    )
    assert all(40 < s < 400 for s in servers), servers  # jupyter_server with Voila, JupyterLab and the hub extension
    assert all(50 < k < 600 for k in kernels), kernels  # notebook 01's kernel

    # Idle culling: nobody touches a server now; the culler stops each within its timeout.
    lesson_over.set()
    user.join()
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    deadline = time.monotonic() + CULL_TIMEOUT_S + 3 * CULL_EVERY_S + 30
    running = set(STUDENTS)
    while running and time.monotonic() < deadline:
        time.sleep(2)
        running = {user["name"] for user in hub.api("/users?state=active") if user["name"] in STUDENTS}
    assert not running, f"not culled within {CULL_TIMEOUT_S} s + {3 * CULL_EVERY_S} s: {sorted(running)}"
    log = hub.log.read_text()
    for name in STUDENTS:
        assert re.search(rf"Culling server {name} \(inactive for", log), name
    assert "nbgrader serverextension" not in log  # the students' servers run without nbgrader
    time.sleep(2)
    alive = [pid for pid in pids.values() if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert not alive, alive
