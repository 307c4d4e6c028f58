"""``journal search TEXT`` and ``journal questions``: the journal across every
interview, as the web's Journal page shows it."""

from __future__ import annotations

import click

from followthrough.cli import output
from followthrough.cli.app import AppContext, cli, common, pass_app


@cli.group("journal")
def journal() -> None:
    """Search what you were asked and what you reflected, across interviews.

    \b
    Examples:
      followthrough journal search "system design"
      followthrough journal questions --struggled
    """


@journal.command("search")
@click.argument("text")
@common
@pass_app
def search(app: AppContext, text: str) -> None:
    """Find TEXT (any case) in the questions you were asked and your answers,
    what went well, what to improve, what you learned and the topics
    discussed, in every interview. Each result names the interview (number,
    company, role, date) and the field; newest interview first.

    \b
    Examples:
      followthrough journal search idempotency
      followthrough journal search "on-call" --format json
    """
    from followthrough.journal import search_journal

    hits = search_journal(app.store(), text)
    if app.json:
        output.write_json({"query": text.strip(), "count": len(hits),
                           "results": [hit.as_dict() for hit in hits]})
        return
    if not hits:
        click.echo(f"Nothing in the journal mentions {text.strip()!r}.", err=True)
        return
    output.table(None, ["interview", "company", "role", "date", "field", "text"],
                 [(hit.interview.id, hit.interview.company, hit.interview.role,
                   hit.interview.date, hit.label, hit.text) for hit in hits])


@journal.command("questions")
@click.option("--struggled", is_flag=True, help="Only the questions you marked as hard.")
@click.option("--company", metavar="TEXT", default=None,
              help="Only interviews whose company holds TEXT (any case).")
@common
@pass_app
def questions(app: AppContext, struggled: bool, company: str | None) -> None:
    """The question bank: every question you were asked, with your answer and
    whether you struggled, newest interview first.

    \b
    Examples:
      followthrough journal questions
      followthrough journal questions --struggled --company kasumi
      followthrough journal questions --format json
    """
    from followthrough.journal import question_bank

    found = question_bank(app.store(), company=company, struggled=struggled)
    if app.json:
        output.write_json({"count": len(found),
                           "questions": [question.as_dict() for question in found]})
        return
    if not found:
        click.echo("No questions recorded" + (" that match." if struggled or company else
                                              " yet: add them to a debrief (edit N)."),
                   err=True)
        return
    output.table(None, ["interview", "company", "date", "asked", "struggled", "answer"],
                 [(q.interview.id, q.interview.company, q.interview.date, q.asked,
                   "yes" if q.struggled else "", q.answer or "") for q in found])
