"""Team mode: ``account mail set|show|remove --user HANDLE``, a user's own
SMTP/IMAP account (the password stored encrypted; see docs/mail.md §10)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, pass_app

if TYPE_CHECKING:
    from followthrough.app.types import Store


def _user_store(app: AppContext, handle: str) -> Store:
    from followthrough.app.types import Store, TeamStore

    engine = app.store().engine
    return Store.for_user(engine, TeamStore(engine).user(handle).id)


@cli.group("account")
def account() -> None:
    """A team user's own accounts (team mode)."""


@account.group("mail")
def mail_account() -> None:
    """A user's own SMTP and IMAP account; without one, their mail goes
    through the server's relay ([mail.smtp])."""


@mail_account.command("set")
@click.option("--user", "handle", required=True, metavar="HANDLE", help="Whose account.")
@click.option("--kind", type=click.Choice(["smtp", "imap"]), default="smtp", show_default=True)
@click.option("--host", required=True, help="The server's host name.")
@click.option("--port", type=int, default=None,
              help="Default: 465/587 for SMTP, 993/143 for IMAP, by --tls.")
@click.option("--username", default=None, help="The login name.")
@click.option("--tls", type=click.Choice(["implicit", "starttls", "none"]),
              default="implicit", show_default=True,
              help="none only for a host in [team] allow_mail_hosts.")
@click.option("--sent-folder", default=None, help="IMAP only: the Sent folder's name.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input "
                   "(else it is asked for, not echoed).")
@common
@pass_app
def set_(app: AppContext, handle: str, kind: str, host: str, port: int | None,
         username: str | None, tls: str, sent_folder: str | None,
         password_stdin: bool) -> None:
    """Check and save a user's account. The host must not be on a loopback,
    private or reserved network unless the admin allows it; the password is
    stored encrypted with the server's key file.

    \b
    Examples:
      followthrough account mail set --user alex --host smtp.example.net \\
          --tls starttls --username alex@example.net
    """
    from followthrough.app.accounts import set_mail_account

    password = None
    if username:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, err=True)
    allowed = app.core().settings.team.get("allow_mail_hosts", [])
    saved = set_mail_account(_user_store(app, handle), kind, host, port, username, tls,
                             password, sent_folder,
                             allowed_hosts=allowed if isinstance(allowed, list) else [])
    if app.json:
        output.write_json(saved.as_dict())
    else:
        click.echo(f"{handle}: {kind.upper()} account saved ({saved.host}:{saved.port}, "
                   f"tls {saved.tls}).")


@mail_account.command("show")
@click.option("--user", "handle", required=True, metavar="HANDLE", help="Whose accounts.")
@common
@pass_app
def show_(app: AppContext, handle: str) -> None:
    """A user's accounts (never the password)."""
    from followthrough.app.accounts import get_mail_account

    store = _user_store(app, handle)
    found = {kind: get_mail_account(store, kind) for kind in ("smtp", "imap")}
    if app.json:
        output.write_json({kind: (a.as_dict() if a else None) for kind, a in found.items()})
        return
    for kind, saved in found.items():
        if saved is None:
            relay = " (mail goes through the server's relay)" if kind == "smtp" else ""
            click.echo(f"{kind.upper()}: none{relay}")
        else:
            click.echo(f"{kind.upper()}: {saved.username or '(no login)'}@{saved.host}:"
                       f"{saved.port} tls {saved.tls}, password "
                       f"{'set' if saved.has_password else 'none'}")


@mail_account.command("remove")
@click.option("--user", "handle", required=True, metavar="HANDLE", help="Whose account.")
@click.option("--kind", type=click.Choice(["smtp", "imap"]), default="smtp", show_default=True)
@common
@pass_app
def remove_(app: AppContext, handle: str, kind: str) -> None:
    """Delete a user's account (and its stored password)."""
    from followthrough.app.accounts import remove_mail_account

    removed = remove_mail_account(_user_store(app, handle), kind)
    if app.json:
        output.write_json({"user": handle, "kind": kind, "removed": removed})
    else:
        click.echo(f"{handle}: {kind.upper()} account " + ("removed." if removed else
                                                             "was not set."))
