"""``journal search TEXT``, ``journal questions`` and ``journal export``: the
journal across every interview, as the web's Journal page shows it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, pass_app

if TYPE_CHECKING:
    from followthrough.app.journal import Snippet


@cli.group("journal")
def journal() -> None:
    """Search, list and export what you were asked and what you reflected,
    across interviews.

    \b
    Examples:
      followthrough journal search "system design"
      followthrough journal questions --struggled --topic backfill
      followthrough journal export -o journal.md
    """


@journal.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", default=None,
              help="Only the best N results.")
@common
@pass_app
def search(app: AppContext, text: str, limit: int | None) -> None:
    """Find the words of TEXT in the questions you were asked and your answers,
    what went well, what to improve, what you learned and the topics
    discussed, in every interview. A word matches the start of a word in any
    case ("idem" finds "Idempotency"); with several words, each must be in the
    same piece of text. Punctuation is ignored, never read as search syntax.
    Best matches first; each result names the interview (number, company,
    role, date) and the field, with the words found marked (in colour on a
    terminal; in JSON, "highlights" are offsets into "snippet").

    \b
    Examples:
      followthrough journal search idempotency
      followthrough journal search "on-call" --format json
      followthrough journal search settlement --limit 10
    """
    from followthrough.app.journal import search_journal

    hits = search_journal(app.store(), text, limit=limit)
    if app.json:
        output.write_json({"query": text.strip(), "count": len(hits),
                           "results": [hit.as_dict() for hit in hits]})
        return
    if not hits:
        click.echo(f"Nothing in the journal mentions {text.strip()!r}.", err=True)
        return
    output.table(None, ["interview", "company", "role", "date", "field", "text"],
                 [(hit.interview.id, hit.interview.company, hit.interview.role,
                   hit.interview.date, hit.label, _marked(hit.snippet)) for hit in hits])


def _marked(snippet: Snippet) -> Any:
    """The snippet with the words found in bold reverse (shown so on a terminal)."""
    from rich.text import Text

    shown = Text()
    for piece, found in snippet.pieces:
        shown.append(piece, style="bold reverse" if found else None)
    return shown


@journal.command("questions")
@click.option("--struggled", is_flag=True, help="Only the questions you marked as hard.")
@click.option("--company", metavar="TEXT", default=None,
              help="Only interviews whose company holds TEXT (any case).")
@click.option("--topic", metavar="WORDS", default=None,
              help="Only questions whose wording or your answer holds WORDS (as search "
                   "finds them).")
@common
@pass_app
def questions(app: AppContext, struggled: bool, company: str | None,
              topic: str | None) -> None:
    """The question bank: every question you were asked, with your answer and
    whether you struggled, newest interview first.

    \b
    Examples:
      followthrough journal questions
      followthrough journal questions --struggled --company kasumi
      followthrough journal questions --topic "data model" --format json
    """
    from followthrough.app.journal import question_bank

    found = question_bank(app.store(), company=company, struggled=struggled, topic=topic)
    if app.json:
        output.write_json({"count": len(found),
                           "questions": [question.as_dict() for question in found]})
        return
    if not found:
        filtered = struggled or company or topic
        click.echo("No questions recorded" + (" that match." if filtered else
                                              " yet: add them to a debrief (edit N)."),
                   err=True)
        return
    output.table(None, ["interview", "company", "date", "asked", "struggled", "answer"],
                 [(q.interview.id, q.interview.company, q.interview.date, q.asked,
                   "yes" if q.struggled else "", q.answer or "") for q in found])


@journal.command("export")
@click.option("--company", metavar="TEXT", default=None,
              help="Only interviews whose company holds TEXT (any case).")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write to this file instead of standard output.")
@common
@pass_app
def export(app: AppContext, company: str | None, target: Path | None) -> None:
    """Every interview's journal in one document: the questions you were asked
    with your answers (and which you struggled with), what went well, what to
    improve, what you learned and the topics discussed. Markdown, or JSON with
    --format json. Newest interview first; interviews with nothing written in
    their journal are left out.

    \b
    Examples:
      followthrough journal export -o journal.md
      followthrough journal export --company kasumi --format json
    """
    from followthrough.app.journal_export import journal_document

    document = journal_document(app.store(), company)
    if target is None:
        _write(app, document, None)
        return
    with target.open("w", encoding="utf-8") as stream:
        _write(app, document, stream)
    click.echo(f"Wrote the journal of {document['count']} interview(s) to {target}.", err=True)


def _write(app: AppContext, document: dict[str, Any], stream: Any) -> None:
    from followthrough.app.journal_export import journal_markdown

    if app.json:
        output.write_json(document, stream)
    else:
        click.echo(journal_markdown(document), file=stream, nl=False)
