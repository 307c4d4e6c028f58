"""Mail accounts from the ``[mail]`` settings, and their passwords.

    [mail]
    from = "alex.morgan@example.net"     # optional: default is the debrief's candidate e-mail
    name = "Alex Morgan"                 # optional: default is the candidate's name
    password_file = "~/.config/followthrough/mail-password"   # optional, mode 0600

    [mail.smtp]
    host = "smtp.example.net"
    port = 465                           # default: 465 implicit, 587 starttls, 25 none
    user = "alex.morgan@example.net"
    tls = "implicit"                     # implicit | starttls | none (none: 127.0.0.1 only)
    timeout = 60                         # seconds per network step
    ca_file = "/path/to/self-signed.pem" # optional: trust this certificate too

    [mail.imap]                          # optional: reply detection, Sent-folder check
    host = "imap.example.net"
    port = 993
    user = "alex.morgan@example.net"
    tls = "implicit"
    sent_folder = "Sent"                 # optional: found by its \\Sent flag otherwise

A password is looked up, in order, in the system keyring (service
``followthrough``, user ``smtp:USER@HOST`` or ``imap:USER@HOST``) where a
keyring works, then in ``FOLLOWTHROUGH_SMTP_PASSWORD`` /
``FOLLOWTHROUGH_IMAP_PASSWORD``, then in ``password_file``, which must be
readable by its owner only. It is held in a :class:`Secret` that never prints,
and is never written to the database or a log.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from followthrough.errors import BadInput, FollowthroughError, Problem
from followthrough.settings import Settings, load_settings

TlsMode = Literal["implicit", "starttls", "none"]
TLS_MODES: tuple[str, ...] = ("implicit", "starttls", "none")
LOOPBACK = ("127.0.0.1", "::1", "localhost")
KEYRING_SERVICE = "followthrough"
DEFAULT_PORTS = {"smtp": {"implicit": 465, "starttls": 587, "none": 25},
                 "imap": {"implicit": 993, "starttls": 143, "none": 143}}
MAIL_KEYS = {"from", "name", "password_file", "smtp", "imap", "policy"}
SERVER_KEYS = {"host", "port", "user", "tls", "sent_folder", "timeout", "ca_file"}


class MailAccountError(FollowthroughError):
    """No usable account or password: nothing is sent, and the user is told why."""


class Secret:
    """A password that never shows itself in a repr, a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True)
class Server:
    """One SMTP or IMAP server; ``kind`` is "smtp" or "imap"."""

    kind: str
    host: str
    port: int
    user: str | None
    tls: TlsMode
    timeout: float = 60.0
    sent_folder: str | None = None
    ca_file: str | None = None
    """A certificate to trust besides the system's (a self-hosted server)."""

    @property
    def keyring_user(self) -> str:
        return f"{self.kind}:{self.user}@{self.host}"

    def describe(self) -> str:
        return f"{self.kind.upper()} {self.user or '(no login)'}@{self.host}:{self.port}"


@dataclass(frozen=True)
class MailSettings:
    from_addr: str | None
    from_name: str | None
    smtp: Server | None
    imap: Server | None
    password_file: Path | None
    policy: dict[str, Any]


def mail_settings(settings: Settings | None = None) -> MailSettings:
    """The validated ``[mail]`` section (every problem reported at once)."""
    settings = settings or load_settings()
    data = settings.mail
    problems = [Problem(f"mail.{key}", "unknown key", expected=", ".join(sorted(MAIL_KEYS)))
                for key in data if key not in MAIL_KEYS]
    smtp = _server("smtp", data.get("smtp"), problems)
    imap = _server("imap", data.get("imap"), problems)
    password_file = data.get("password_file")
    if password_file is not None and not isinstance(password_file, str):
        problems.append(Problem("mail.password_file", "must be a path"))
    policy = data.get("policy", {})
    if not isinstance(policy, dict):
        problems.append(Problem("mail.policy", "must be a table"))
        policy = {}
    for key in ("from", "name"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem(f"mail.{key}", "must be text"))
    if problems:
        raise BadInput(problems, settings.source)
    return MailSettings(
        from_addr=data.get("from"), from_name=data.get("name"), smtp=smtp, imap=imap,
        password_file=Path(password_file).expanduser() if isinstance(password_file, str)
        else None,
        policy=policy)


def _server(kind: str, data: Any, problems: list[Problem]) -> Server | None:
    if data is None:
        return None
    where = f"mail.{kind}"
    if not isinstance(data, dict):
        problems.append(Problem(where, "must be a table"))
        return None
    before = len(problems)
    problems.extend(Problem(f"{where}.{key}", "unknown key",
                            expected=", ".join(sorted(SERVER_KEYS)))
                    for key in data if key not in SERVER_KEYS)
    host = data.get("host")
    if not isinstance(host, str) or not host.strip() or any(c in host for c in " \r\n\0/"):
        problems.append(Problem(f"{where}.host", "must be a host name",
                                expected="smtp.example.net"))
    tls = data.get("tls", "implicit")
    if tls not in TLS_MODES:
        problems.append(Problem(f"{where}.tls", f"{tls!r} is not a TLS mode",
                                expected=" | ".join(TLS_MODES)))
    elif tls == "none" and host not in LOOPBACK:
        problems.append(Problem(f"{where}.tls", "tls = \"none\" sends the password in clear "
                                "text; it is allowed only for a server on 127.0.0.1",
                                expected="implicit | starttls"))
    port = data.get("port", DEFAULT_PORTS[kind].get(str(tls), 0))
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        problems.append(Problem(f"{where}.port", f"{port!r} is not a port number"))
    user = data.get("user")
    if user is not None and (not isinstance(user, str) or "\n" in user or "\r" in user):
        problems.append(Problem(f"{where}.user", "must be text on one line"))
    timeout = data.get("timeout", 60)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        problems.append(Problem(f"{where}.timeout", "must be a number of seconds"))
    folder = data.get("sent_folder")
    if folder is not None and (not isinstance(folder, str) or not folder.strip()):
        problems.append(Problem(f"{where}.sent_folder", "must be a folder name"))
    ca_file = data.get("ca_file")
    if ca_file is not None and (not isinstance(ca_file, str) or not Path(ca_file).is_file()):
        problems.append(Problem(f"{where}.ca_file", "must name a certificate file"))
    if len(problems) > before:
        return None
    return Server(kind=kind, host=host, port=port, user=user, tls=tls,  # type: ignore[arg-type]
                  timeout=float(timeout), sent_folder=folder, ca_file=ca_file)


def password_for(server: Server, mail: MailSettings) -> Secret | None:
    """The password of ``server``, or None when it has no user (no login)."""
    if server.user is None:
        return None
    found = _from_keyring(server) or _from_env(server) or _from_file(mail.password_file)
    if found is None:
        env = f"FOLLOWTHROUGH_{server.kind.upper()}_PASSWORD"
        raise MailAccountError(
            f"no password for {server.describe()}: store it in the system keyring "
            f"(keyring set {KEYRING_SERVICE} {server.keyring_user}), set {env}, or name a "
            "file only you can read in [mail] password_file")
    return found


def _from_keyring(server: Server) -> Secret | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, server.keyring_user)
    except (KeyringError, RuntimeError, OSError):
        return None  # headless: no backend works; fall through to env or file
    return Secret(value) if value else None


def _from_env(server: Server) -> Secret | None:
    value = os.environ.get(f"FOLLOWTHROUGH_{server.kind.upper()}_PASSWORD")
    return Secret(value) if value else None


def _from_file(path: Path | None) -> Secret | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        raise MailAccountError(f"the password file {path} cannot be read") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise MailAccountError(
            f"the password file {path} can be read by other users; refusing to use it "
            f"(chmod 600 {path})")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise MailAccountError(f"the password file {path} belongs to another user")
    value = path.read_text(encoding="utf-8").strip("\r\n")
    return Secret(value) if value else None
