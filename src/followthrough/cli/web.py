"""``followthrough serve``: the local web UI, on this computer only by default."""

from __future__ import annotations

import errno
import ipaddress
from typing import TYPE_CHECKING, Any

import click

from followthrough.cli.app import AppContext, cli, common, pass_app
from followthrough.errors import BadInput, Problem

if TYPE_CHECKING:
    import socket

    from starlette.types import ASGIApp


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this computer can connect to 127.0.0.1.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open the web UI in your browser.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host. Needs --team (sign-in) or --access-token.")
@click.option("--access-token", "access_token", is_flag=True,
              help="Make up an access token, print it once, and answer only requests "
                   "that carry it (for --allow-remote without --team).")
@click.option("--team", "team_mode", is_flag=True,
              help="Team mode for a firm: sign-in, candidates and consultants, on PostgreSQL "
                   "(--db or FOLLOWTHROUGH_DB). Users come from `followthrough user add`.")
@click.option("--server-name", "server_names", multiple=True, metavar="NAME",
              help="A host name the team server answers to (the name in its address); "
                   "repeat for several.")
@common
@pass_app
def serve(app: AppContext, host: str, port: int, open_browser: bool,
          allow_remote: bool, access_token: bool, team_mode: bool,
          server_names: tuple[str, ...]) -> None:
    """Open the web UI: record interviews, see the plan, write and check drafts.

    The start-up line gives the address the server really listens on (the
    port chosen by the system for --port 0).

    \b
    Examples:
      followthrough serve
      followthrough serve --port 9000 --no-open
      followthrough serve --team --db postgresql+psycopg://ft@127.0.0.1/ft --no-open
      followthrough serve --host 192.168.1.5 --allow-remote --access-token --no-open
    """
    import uvicorn

    from followthrough import paths
    from followthrough.app.core import database_backend
    from followthrough.web import create_app
    from followthrough.web.security import LOOPBACK_NAMES

    if not is_loopback(host) and not allow_remote:
        raise BadInput([Problem("--host", f"{host} is reachable from other computers",
                                expected="127.0.0.1, or add --allow-remote if you mean it")])
    if allow_remote and not (team_mode or access_token):
        raise BadInput([Problem("--allow-remote", "without sign-in anyone who reaches the "
                                "server would read every note",
                                expected="--team (sign-in), or --access-token (a token "
                                         "printed once that every visitor needs)")])
    if team_mode and database_backend(app.db_url or paths.default_database_url()) != "postgresql":
        raise BadInput([Problem("--db", "team mode needs a PostgreSQL database",
                                expected="--db postgresql+psycopg://USER@HOST/DB "
                                         "(or FOLLOWTHROUGH_DB)")])
    app.store()  # migrations, repairs and notes before the first request
    names = LOOPBACK_NAMES if is_loopback(host) else (*LOOPBACK_NAMES, host)
    names = (*names, *server_names)
    web: ASGIApp = create_app(app.db_url, allowed_hosts=names, team_mode=team_mode)
    token = None
    if access_token:
        from followthrough.web.access import AccessTokenMiddleware, new_access_token

        token = new_access_token()
        web = AccessTokenMiddleware(web, token)
    listening = _listen(host, port)
    url = address(listening.getsockname())
    opened = f"{url}?token={token}" if token else url
    everywhere = " and on every address of this computer" if _is_any(host) else ""
    click.echo(f"followthrough is running at {url}{everywhere} (Ctrl+C stops it)", err=True)
    if token:
        click.echo(f"Access token (shown only now; every visitor needs it): {token}\n"
                   f"Open: {opened}", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(opened,)).start()
    server = uvicorn.Server(uvicorn.Config(web, log_level="warning", server_header=False))
    server.run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` (IPv6 too), listening; a port in use or an
    address not of this computer is bad input."""
    import socket

    bare = host.strip("[]")
    try:
        family = socket.AF_INET6 if ":" in bare else socket.AF_INET
        if bare == "localhost":
            bare = "127.0.0.1"
        listening = socket.create_server((bare, port), family=family, backlog=2048)
    except OSError as err:
        raise BadInput([Problem("--port" if err.errno == errno.EADDRINUSE else "--host",
                                f"cannot listen on {host} port {port}: {err.strerror}",
                                expected="a free port (or --port 0 to let the system "
                                         "choose) on an address of this computer")]) from None
    listening.set_inheritable(True)
    return listening


def address(bound: tuple[Any, ...]) -> str:
    """The URL of the bound socket: IPv6 in brackets; an any-address as 127.0.0.1
    (or ::1), which a browser on this computer can open."""
    ip, port = bound[0], bound[1]
    if _is_any(ip):
        ip = "::1" if ":" in ip else "127.0.0.1"
    shown = f"[{ip}]" if ":" in ip else ip
    return f"http://{shown}:{port}/"


def _is_any(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False
