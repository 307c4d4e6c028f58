"""``followthrough serve``: the local web UI, on this computer only by default."""

from __future__ import annotations

import ipaddress
import threading
import webbrowser

import click

from followthrough.cli.app import AppContext, cli, common, pass_app
from followthrough.errors import BadInput, Problem


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
              help="Allow a non-loopback --host. Anyone who can reach it sees your notes.")
@click.option("--team", "team_mode", is_flag=True,
              help="Team mode for a firm: sign-in, candidates and consultants, on PostgreSQL "
                   "(--db or FOLLOWTHROUGH_DB). Users come from `followthrough user add`.")
@click.option("--server-name", "server_names", multiple=True, metavar="NAME",
              help="A host name the team server answers to (the name in its address); "
                   "repeat for several.")
@common
@pass_app
def serve(app: AppContext, host: str, port: int, open_browser: bool,
          allow_remote: bool, team_mode: bool, server_names: tuple[str, ...]) -> None:
    """Open the web UI: record interviews, see the plan, write and check drafts.

    \b
    Examples:
      followthrough serve
      followthrough serve --port 9000 --no-open
      followthrough serve --team --db postgresql+psycopg://ft@127.0.0.1/ft --no-open
    """
    import uvicorn

    from followthrough import paths
    from followthrough.store.engine import backend_name
    from followthrough.web import create_app
    from followthrough.web.security import LOOPBACK_NAMES

    if not is_loopback(host) and not allow_remote:
        raise BadInput([Problem("--host", f"{host} is reachable from other computers",
                                expected="127.0.0.1, or add --allow-remote if you mean it")])
    if team_mode and backend_name(app.db_url or paths.default_database_url()) != "postgresql":
        raise BadInput([Problem("--db", "team mode needs a PostgreSQL database",
                                expected="--db postgresql+psycopg://USER@HOST/DB "
                                         "(or FOLLOWTHROUGH_DB)")])
    names = LOOPBACK_NAMES if is_loopback(host) else (*LOOPBACK_NAMES, host)
    names = (*names, *server_names)
    web = create_app(app.db_url, allowed_hosts=names, team_mode=team_mode)
    shown = "127.0.0.1" if host in ("0.0.0.0", "localhost") else host  # noqa: S104
    url = f"http://{shown}:{port}/"
    click.echo(f"followthrough is running at {url} (Ctrl+C stops it)", err=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
