"""JupyterHub pieces for a school: two small authenticators and the students' copy of the notebooks.

Used by ``deploy/jupyterhub/jupyterhub_config.py`` (see ``deploy/jupyterhub/README.md``, section
'Logging in'); tested by ``tests/test_jupyterhub.py``.

- ``ClassCodeAuthenticator``: any username plus the class code the teacher sets logs in (one
  server per username; no accounts to create before the lesson).
- ``RosterAuthenticator``: one account per student, from a roster file of salted scrypt hashes
  that ``python deploy/jupyterhub/classroom_hub.py roster names.txt roster.csv`` writes (it prints
  the generated passwords once, for the teacher to hand out).
- ``LocalClassCodeAuthenticator``, ``LocalRosterAuthenticator``: the same, when each student's server
  runs as their OS account (``StudentAccounts``: created at first login in the group ``students``;
  an existing account outside that group, such as root or the teacher's, is refused).
- ``copy_classroom``: a ``pre_spawn_hook`` that fills each student's notebook folder with the
  students' copy of the notebooks (``build/classroom``, made by ``make classroom``: no solutions,
  no masters). Files a student already has are kept, so their edits survive the next start.

Run as a script for the roster command only; JupyterHub imports the rest.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import os
import secrets
import shutil
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator, LocalAuthenticator
from traitlets import Unicode, default

# scrypt's cost parameters (Python's hashlib.scrypt; n=2**14, r=8 as in the scrypt paper's interactive setting)
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Letters and digits a child reads without confusion (no 0/O, 1/l/I) for the generated passwords.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
# A username is also an OS account (Debian's adduser: a letter first), a folder and part of a URL.
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{0,31}$"


class ClassCodeAuthenticator(Authenticator):
    """Any username that matches ``username_pattern`` logs in with the teacher's class code.

    README, section 'Logging in' (deploy/jupyterhub/README.md).
    """

    class_code = Unicode(
        "",
        config=True,
        help="The code the teacher writes on the board; every student logs in with it. Empty: nobody logs in.",
    )

    @default("allow_all")
    def _allow_all_default(self) -> bool:
        return True  # the class code is the gate: any username that gives it is allowed

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if not self.username_pattern:  # set, not defaulted: JupyterHub compiles it on change
            self.username_pattern = USERNAME_PATTERN

    async def authenticate(self, handler: object, data: dict) -> str | None:
        """The username when the password is the class code, else None (refused); JupyterHub then
        normalises it and checks ``username_pattern`` and ``check_allowed``."""
        if not self.class_code:
            self.log.error("ClassCodeAuthenticator.class_code is empty: nobody can log in")
            return None
        password = data.get("password", "")
        if not hmac.compare_digest(password.encode(), self.class_code.encode()):
            return None
        return data.get("username", "")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A roster entry's ``scrypt$salt$hash`` (base64) for ``password``. README, section 'Logging in'."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a ``scrypt$salt$hash`` entry. README, section 'Logging in'."""
    kind, _, rest = stored.partition("$")
    salt_b64, _, digest_b64 = rest.partition("$")
    if kind != "scrypt" or not salt_b64 or not digest_b64:
        raise ValueError(f"roster password_hash: {stored[:12]!r}... is not 'scrypt$<salt>$<hash>'")
    expected = base64.b64decode(digest_b64)
    actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt_b64), **SCRYPT)
    return hmac.compare_digest(actual, expected)


def read_roster(path: Path) -> dict[str, str]:
    """The roster file's username -> password hash (columns ``username,password_hash``)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if rows and set(rows[0]) != {"username", "password_hash"}:
        raise ValueError(f"roster {path}: columns {sorted(rows[0])}, expected ['password_hash', 'username']")
    return {row["username"].strip().lower(): row["password_hash"].strip() for row in rows}


class RosterAuthenticator(Authenticator):
    """One account per student: the usernames and password hashes of a roster file.

    README, section 'Logging in' (deploy/jupyterhub/README.md).
    """

    roster_file = Unicode("", config=True, help="CSV with columns username,password_hash (see make_roster).")

    @default("any_allow_config")
    def _any_allow_config_default(self) -> bool:
        return True  # check_allowed below: the roster is the allow list

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        if not self.username_pattern:  # set, not defaulted: JupyterHub compiles it on change
            self.username_pattern = USERNAME_PATTERN

    def roster(self) -> dict[str, str]:
        """The roster, read at each login so that a teacher can add a student without a restart."""
        if not self.roster_file:
            raise ValueError("RosterAuthenticator.roster_file is empty: set it to the roster CSV")
        return read_roster(Path(self.roster_file))

    def check_allowed(self, username: str, authentication: dict | None = None) -> bool:
        """Only the roster's usernames (and the admins) are allowed."""
        return username in self.roster() or username in self.admin_users

    async def authenticate(self, handler: object, data: dict) -> str | None:
        """The username when its password matches the roster's hash, else None (refused)."""
        username = self.normalize_username(data.get("username", ""))
        stored = self.roster().get(username)
        if stored is None or not check_password(data.get("password", ""), stored):
            return None
        return username


class StudentAccounts(LocalAuthenticator):
    """Servers that run as each student's OS account (LocalProcessSpawner, SystemdSpawner): a new
    username's account is created at its first login (``create_system_users``) in ``students_group``,
    and a username whose account exists logs in only if that account is in the group, so that nobody
    gets a server as root, a service account or the teacher.

    README, section 'Each student's server and folder' (deploy/jupyterhub/README.md).
    """

    students_group = Unicode("students", config=True, help="The OS group of the students' accounts (addgroup it).")

    @default("add_user_cmd")
    def _add_user_cmd_default(self) -> list[str]:
        return ["adduser", "-q", "--gecos", "", "--disabled-password", "--ingroup", self.students_group]

    def check_allowed(self, username: str, authentication: dict | None = None) -> bool:
        """A username without an OS account (it gets one), or one whose account is a student's."""
        import grp
        import pwd

        try:
            account = pwd.getpwnam(username)
        except KeyError:
            return super().check_allowed(username, authentication)
        try:
            group = grp.getgrnam(self.students_group)
        except KeyError:
            self.log.error("No OS group %r: create it (addgroup %s)", self.students_group, self.students_group)
            return False
        if account.pw_gid != group.gr_gid and username not in group.gr_mem:
            self.log.warning("Refused %r: an OS account outside the group %r", username, self.students_group)
            return False
        return super().check_allowed(username, authentication)


class LocalClassCodeAuthenticator(StudentAccounts, ClassCodeAuthenticator):
    """The class code, each student with an OS account of the students' group (see StudentAccounts).

    README, section 'Each student's server and folder' (deploy/jupyterhub/README.md).
    """


class LocalRosterAuthenticator(StudentAccounts, RosterAuthenticator):
    """The roster, each student with an OS account of the students' group (see StudentAccounts).

    README, section 'Each student's server and folder' (deploy/jupyterhub/README.md).
    """


def make_roster(names: list[str], roster_path: Path, length: int = 8) -> dict[str, str]:
    """Write a roster for ``names`` with new random passwords; return username -> password (to hand out).

    README, section 'Logging in' (deploy/jupyterhub/README.md).
    """
    if not 6 <= length <= 64:
        raise ValueError(f"length: {length} is outside 6..64")
    import re

    passwords = {}
    for name in names:
        username = name.strip().lower()
        if not re.match(USERNAME_PATTERN, username):
            raise ValueError(f"username: {username!r} does not match {USERNAME_PATTERN}")
        passwords[username] = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
    with open(roster_path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["username", "password_hash"])
        for username, password in passwords.items():
            writer.writerow([username, hash_password(password)])
    os.chmod(roster_path, 0o600)
    return passwords


def student_folder(spawner: object) -> Path:
    """The folder a student's server opens: ``Spawner.notebook_dir`` with ``~`` as that student's home."""
    home = getattr(spawner, "home_dir", None)  # SimpleLocalProcessSpawner (tests) has its own
    if not home:
        import pwd

        try:
            home = pwd.getpwnam(spawner.user.name).pw_dir
        except KeyError:
            raise ValueError(
                f"username: {spawner.user.name!r} has no OS account; create it (adduser) or let the hub "
                "create it (LocalAuthenticator.create_system_users, the 'local' spawner's default)"
            ) from None
    folder = spawner.format_string(spawner.notebook_dir or "~")
    return Path(home) / folder[2:] if folder.startswith("~/") else Path(home if folder == "~" else folder)


def copy_classroom(spawner: object, classroom: Path) -> Path:
    """Copy the students' notebooks (links followed) into the student's folder; keep files they have.

    The ``pre_spawn_hook`` of deploy/jupyterhub/jupyterhub_config.py (README, section 'The notebooks').
    Returns the folder, which becomes the server's absolute ``notebook_dir``.
    """
    if not (classroom / "01_parameters.ipynb").exists():
        raise ValueError(f"classroom: {classroom} has no 01_parameters.ipynb; run `make classroom` first")
    target = student_folder(spawner)
    for source in sorted(classroom.rglob("*")):
        if source.is_dir():
            continue
        destination = target / source.relative_to(classroom)
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)  # follows make classroom's links
    if os.geteuid() == 0 and not hasattr(spawner, "home_dir"):  # a real OS account: hand it the folder
        import pwd

        account = pwd.getpwnam(spawner.user.name)
        for path in [target, *target.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
    spawner.notebook_dir = str(target)
    return target


def main(argv: list[str]) -> int:
    """``roster NAMES.txt ROSTER.csv``: one username per line in, hashed roster out, passwords printed."""
    if len(argv) != 3 or argv[0] != "roster":
        print(
            __doc__, "\nusage: python deploy/jupyterhub/classroom_hub.py roster names.txt roster.csv", file=sys.stderr
        )
        return 2
    names = [line for line in Path(argv[1]).read_text(encoding="utf-8").splitlines() if line.strip()]
    passwords = make_roster(names, Path(argv[2]))
    print("username,password")
    for username, password in passwords.items():
        print(f"{username},{password}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
