"""The root command, the options every command shares, and the one place
where errors become exit codes (0 fine, 1 findings, 2 bad input)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeVar

import click

from followthrough import __version__, clock, paths
from followthrough.cli import output
from followthrough.errors import BadInput, FollowthroughError

if TYPE_CHECKING:
    from followthrough.app.core import Core
    from followthrough.app.types import Reader, Store

F = TypeVar("F", bound=Callable[..., Any])

EPILOG_EXAMPLES = """
\b
Examples:
  followthrough import debrief-tokyo.toml
  followthrough list
  followthrough show 1 --format json
  followthrough export json --all -o backup.json
"""


@dataclass
class AppContext:
    db_url: str | None = None
    format: str = "text"
    _core: Core | None = field(default=None, repr=False)

    @property
    def json(self) -> bool:
        return self.format == "json"

    def core(self) -> Core:
        """The application core over the store, opened on first use; what opening
        it repaired or made private is said on stderr."""
        if self._core is None:
            from followthrough.app.core import open_core

            self._core = open_core(self.db_url, notify=_note)
        return self._core

    def store(self) -> Store:
        return self.core().store

    def reader(self) -> Reader:
        """The store for commands that only read (:attr:`Core.reader`)."""
        return self.core().reader


def _note(notice: str) -> None:
    click.echo(f"note: {notice}", err=True)


pass_app = click.make_pass_decorator(AppContext, ensure=True)

COMMAND_MODULES = ("accounts", "checking", "drafting", "journal", "mail", "planning", "profile",
                   "records", "users", "web")
"""The modules of ``followthrough.cli`` that register commands when imported."""

ROOT_COMMANDS = {
    "check": "checking", "ignore": "checking", "draft": "drafting",
    "approve": "mail", "outbox": "mail", "send": "mail", "worker": "mail",
    "mark-sent": "mail", "cancel": "mail", "resolve": "mail", "mailto": "mail",
    "account": "accounts",
    "plan": "planning", "agenda": "planning", "done": "planning", "skip": "planning",
    "reply": "planning", "outcome": "planning", "reference-checked": "planning",
    "undo": "planning", "history": "planning", "rules": "planning",
    "import": "records", "list": "records", "show": "records", "edit": "records",
    "delete": "records", "new": "records", "where": "records",
    "profile": "profile", "user": "users", "serve": "web", "journal": "journal",
}
EXPORT_COMMANDS = {"csv": "planning", "eml": "mail", "ics": "planning", "json": "records"}


def load_commands(module: str | None = None) -> None:
    """Register the commands of one module of ``followthrough.cli``, or of all."""
    for name in (module,) if module else COMMAND_MODULES:
        import_module(f"followthrough.cli.{name}")


class LazyGroup(click.Group):
    """A group whose commands are imported when one is called: ``followthrough
    list`` imports the module of ``list`` only. Help lists every command, so it
    imports them all; a name missing from ``lazy`` does too, so a stale table
    costs time, never a command."""

    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            load_commands(self.lazy.get(cmd_name))
        if cmd_name not in self.commands:
            load_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_commands()
        return super().list_commands(ctx)


class App(LazyGroup):
    """The root group; the only place where errors become exit codes."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """``--now`` pins the clock for this one command only, also when several
        commands run in one process (tests, the web server's helpers). Every
        file a command writes is private to the user (0600, folders 0700)."""
        try:
            with paths.private_umask():
                return super().main(*args, **kwargs)
        finally:
            clock.unpin()

    def invoke(self, ctx: click.Context) -> Any:
        app = ctx.ensure_object(AppContext)
        try:
            return super().invoke(ctx)
        except FollowthroughError as error:
            if app.json:
                output.write_json(output.error_document(error))
            output.report_error(error)
            ctx.exit(int(error.exit_status))


def _set_format(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(AppContext).format = value


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(AppContext).db_url = value


def _set_now(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        try:
            clock.pin(clock.parse_instant(value, field="--now"))
        except BadInput as error:
            raise click.BadParameter(error.problems[0].message + "; " +
                                     (error.problems[0].expected or ""), ctx) from None


def common(command: F) -> F:
    """Options every command takes, wherever they are written on the line."""
    options = [
        click.option("--format", "fmt", type=click.Choice(["text", "json"]), default=None,
                     expose_value=False, callback=_set_format, is_eager=True,
                     help="text for people (default), json for scripts: one document on stdout."),
        click.option("--db", metavar="URL", default=None, expose_value=False, callback=_set_db,
                     is_eager=True,
                     help="Database URL (default: SQLite in the data folder; "
                          "env FOLLOWTHROUGH_DB)."),
        click.option("--now", metavar="TIME", default=None, expose_value=False,
                     callback=_set_now, is_eager=True,
                     help="Pretend it is this ISO 8601 time (with offset), for reproducible "
                          "results."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(cls=App, epilog=EPILOG_EXAMPLES, lazy=ROOT_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="followthrough")
@common
def cli() -> None:
    """Do everything that should follow a job interview, on time and well.

    Record a debrief (the interview, the people, what was said and promised),
    and followthrough keeps it in a local database so later steps can plan,
    draft and check your follow-up messages.
    """


@cli.group("export", cls=LazyGroup, lazy=EXPORT_COMMANDS)
def export() -> None:
    """Write stored data to files: json (a backup), ics, csv, eml."""
