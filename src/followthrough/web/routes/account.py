"""Team mode: the signed-in user's own SMTP and IMAP account (docs/mail.md §10).

The page reads and writes only the account of the user behind the session:
no user id is taken from the URL or the form, the store is opened for
:func:`~followthrough.web.auth.current_user`. Saving and removing are the
library calls ``followthrough account mail set|remove`` makes
(:mod:`followthrough.mail.team_accounts`): every field is checked, and the host
by the SSRF guard with the admin's ``[team] allow_mail_hosts``; a refused
host saves nothing. The stored password is never sent back to the browser
(the page says "set" or "not set"), and an empty password field keeps it.
Nothing here connects to the user's server, so no server's words are shown.

Every signed-in role may use it, admins included, each for their own account
only; another user's account is changed on the server with
``followthrough account mail --user``.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from followthrough.app.accounts import (
    KINDS,
    HostGuard,
    MailAccountError,
    account_of,
    get_mail_account,
    remove_mail_account,
    set_mail_account,
)
from followthrough.app.types import Store
from followthrough.errors import BadInput, NotFound, Problem
from followthrough.settings import load_settings
from followthrough.web.auth import current_user
from followthrough.web.deps import FormDep
from followthrough.web.render import back_to, render

log = logging.getLogger("followthrough.web")
router = APIRouter()

PAGE = "/account/mail"
TITLES = {"smtp": "Sending (SMTP)", "imap": "Reading replies (IMAP)"}
LABELS = {"kind": "Account", "host": "Host", "port": "Port", "username": "User name",
          "password": "Password", "tls": "Security (TLS)", "sent_folder": "Sent folder"}
TLS_CHOICES = (
    ("implicit", "TLS from the first byte (SMTP 465, IMAP 993)"),
    ("starttls", "STARTTLS (SMTP 587, IMAP 143)"),
    ("none", "None: only for a host your admin allows"),
)
TEXT_FIELDS = ("host", "port", "username", "tls", "sent_folder")
ALLOW_HINT = "ask your admin to add it to [team] allow_mail_hosts"


def _own_store(request: Request) -> Store:
    """The signed-in user's own store (the gate has checked the session)."""
    me = current_user(request)
    store: Store = request.app.state.store
    return Store.for_user(store.engine, me.id)


def _blank() -> dict[str, str]:
    return {"host": "", "port": "", "username": "", "tls": "implicit", "sent_folder": ""}


def _page(request: Request, store: Store, *, kind: str | None = None,
          values: dict[str, str] | None = None, errors: dict[str, list[str]] | None = None,
          general: list[str] | None = None, notice: str | None = None,
          status: int = 200) -> HTMLResponse:
    accounts = {k: get_mail_account(store, k) for k in KINDS}
    forms: dict[str, dict[str, str]] = {}
    for k, saved in accounts.items():
        if k == kind and values is not None:
            forms[k] = values
        elif saved is not None:
            forms[k] = {"host": saved.host, "port": str(saved.port),
                        "username": saved.username or "", "tls": saved.tls,
                        "sent_folder": saved.sent_folder or ""}
        else:
            forms[k] = _blank()
    return render(request, "account_mail.html", {
        "kinds": KINDS, "titles": TITLES, "accounts": accounts, "forms": forms,
        "tls_choices": TLS_CHOICES, "failed": kind, "errors": errors or {},
        "general": general or [], "notice": notice, "labels": LABELS,
    }, status=status)


@router.get(PAGE, response_class=HTMLResponse)
def mail_account_page(request: Request, saved: str | None = None,
                      removed: str | None = None, absent: str | None = None) -> HTMLResponse:
    notice = None
    if saved in KINDS:
        notice = f"Your {saved.upper()} account is saved."
    elif removed in KINDS:
        notice = f"Your {removed.upper()} account and its password are removed."
    elif absent in KINDS:
        notice = f"You had no {absent.upper()} account."
    return _page(request, _own_store(request), notice=notice)


def _port(text: str) -> int | None:
    """Empty: the usual port of the TLS mode. Anything not a number becomes 0,
    which :func:`set_mail_account` refuses (a port problem; nothing is saved)."""
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 5:
        return int(text)
    return 0


def _explain(problem: Problem, host: str) -> str:
    """A library problem in the page's words, always naming the field."""
    label = LABELS.get(problem.path, problem.path)
    if problem.path == "host" and "allow_mail_hosts" in problem.message:
        return (f"{label}: {host} is on a loopback, private or reserved network, so this "
                "server will not connect to it. Use your mail provider's public server "
                f"name; if it is your firm's own mail server, {ALLOW_HINT}.")
    if problem.path == "tls" and "clear text" in problem.message:
        return (f"{label}: \"None\" would send your password unencrypted. Choose TLS or "
                f"STARTTLS; if {host} is your firm's own mail server, {ALLOW_HINT}.")
    if problem.path == "port":
        return (f"{label}: must be a number from 1 to 65535, or empty for the usual port "
                "of the chosen security.")
    text = f"{label}: {problem.message}"
    return text + (f" (expected {problem.expected})" if problem.expected else "")


class PasswordNeeded(Exception):
    """The saved password may not follow the account to another server."""


def _kept_password(store: Store, kind: str, host: str, port: int | None, username: str,
                   tls: str) -> str | None:
    """The saved password, to save it again when the field is left empty.

    Only while the server stays the same (host, port, security, user name): a
    stolen session must not be able to send the user's password to a server
    of the thief's choice. Raises :class:`PasswordNeeded` when the server
    changed, MailAccountError when the password cannot be read with this
    server's key."""
    saved = get_mail_account(store, kind)
    if saved is None or not saved.has_password:
        return None
    if (saved.host.lower(), saved.port, saved.tls, saved.username) != (
            host.lower(), port if port is not None else saved.port, tls, username):
        raise PasswordNeeded
    found = account_of(store, store.owner_id, kind)
    if found is None or found[1] is None:
        return None
    return found[1].reveal()


@router.post(PAGE)
def save_mail_account(request: Request, form: FormDep) -> Response:
    store = _own_store(request)
    kind = form.get("kind", "")
    if kind not in KINDS:
        raise BadInput([Problem("kind", f"{kind!r} is not an account kind",
                                expected=" | ".join(KINDS))])
    values = {name: form.get(name, "").strip() for name in TEXT_FIELDS}
    values["tls"] = values["tls"] or "implicit"
    if kind != "imap":
        values["sent_folder"] = ""
    username = values["username"] or None
    password: str | None = form.get("password", "") or None

    def failed(errors: dict[str, list[str]], general: list[str] | None = None) -> Response:
        return _page(request, store, kind=kind, values=values, errors=errors,
                     general=general, status=422)

    if password is None and username is not None:
        try:
            password = _kept_password(store, kind, values["host"], _port(values["port"]),
                                      username, values["tls"])
        except PasswordNeeded:
            return failed({"password": [
                "Password: enter the password again when you change the host, port, "
                "security or user name; the saved one stays with the old server."]})
        except MailAccountError:
            return failed({"password": [
                "Password: the saved password can no longer be read on this server; "
                "enter it again."]})
    try:
        team_settings = load_settings().team
        HostGuard.from_team_settings(team_settings)
    except BadInput:
        log.warning("the server's settings cannot be read; a mail account was not saved")
        return failed({}, ["The server's settings cannot be read, so no mail host can be "
                           "checked and nothing was saved. Please tell your admin."])
    allowed = team_settings.get("allow_mail_hosts", [])
    try:
        set_mail_account(store, kind, values["host"], _port(values["port"]), username,
                         values["tls"], password, values["sent_folder"] or None,
                         allowed_hosts=allowed,
                         resolver=getattr(request.app.state, "mail_resolver", None))
    except BadInput as error:
        errors: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in error.problems:
            text = _explain(problem, values["host"])
            if problem.path in LABELS and problem.path != "kind":
                errors.setdefault(problem.path, []).append(text)
            else:
                general.append(text)
        return failed(errors, general)
    except MailAccountError as error:
        log.warning("user #%s: a mail account was not saved: %s", store.owner_id, error)
        return failed({}, ["This server cannot store passwords right now (its key file "
                           "cannot be used), so nothing was saved. Please tell your admin."])
    return back_to(f"{PAGE}?saved={kind}")


@router.post(PAGE + "/{kind}/delete")
def remove_account(request: Request, kind: str) -> Response:
    if kind not in KINDS:
        raise NotFound("there is no such kind of mail account")
    removed = remove_mail_account(_own_store(request), kind)
    return back_to(f"{PAGE}?{'removed' if removed else 'absent'}={kind}")
