"""The reflection journal: per interview, the questions, your answers, what to
improve, and a brief for the next round built from all of it; across
interviews, the Journal page's search, question bank and export
(:mod:`followthrough.app.journal`, as ``followthrough journal`` has them)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from followthrough.app.journal import count_found, question_bank, search_journal
from followthrough.app.journal_export import journal_document, journal_markdown
from followthrough.debrief import Debrief
from followthrough.errors import BadInput, NotFound
from followthrough.web.deps import InterviewId, StoreDep, attachment
from followthrough.web.render import render

router = APIRouter()


def next_round_brief(debrief: Debrief) -> list[tuple[str, list[str]]]:
    """What to prepare before the next round, most useful first."""
    struggled = [q.asked for q in debrief.questions if q.struggled]
    improve = list(debrief.reflection.improve) if debrief.reflection else []
    missed = [m.point + (f" (for {m.to})" if m.to else "") for m in debrief.missed]
    topics = [f"{p.name}: {t}" for p in debrief.interviewers for t in p.topic_texts]
    kept = list(debrief.reflection.went_well) if debrief.reflection else []
    parts = [
        ("Questions to prepare a sharper answer for", struggled),
        ("What to do better", improve),
        ("Points to make this time", missed),
        ("Topics they care about", topics),
        ("What worked, to do again", kept),
    ]
    if debrief.interview.next_steps:
        parts.insert(0, ("What they said comes next", [debrief.interview.next_steps]))
    return [(title, items) for title, items in parts if items]


@router.get("/interviews/{interview_id}/journal", response_class=HTMLResponse)
def journal(request: Request, store: StoreDep, interview_id: InterviewId) -> HTMLResponse:
    stored = store.get_interview(interview_id)
    return render(request, "journal.html", {
        "interview": stored, "debrief": stored.debrief,
        "brief": next_round_brief(stored.debrief)})


SHOWN = 50
"""The best matches the Journal page shows; it says how many there are in all."""


@router.get("/journal", response_class=HTMLResponse)
def journal_across(request: Request, store: StoreDep, q: str = "", company: str = "",
                   struggled: bool = False, topic: str = "") -> HTMLResponse:
    """Search every interview's journal (``q``) and the question bank (by company,
    topic and the questions you struggled with)."""
    query, problems, hits, questions, found = q.strip(), {}, [], [], 0
    if query:
        try:
            hits = search_journal(store, query, field="q", limit=SHOWN)
            found = count_found(store, query, "q") if len(hits) == SHOWN else len(hits)
        except BadInput as error:
            problems["q"] = error.problems[0]
    try:
        questions = question_bank(store, company=company, struggled=struggled,
                                  topic=topic, field="topic")
    except BadInput as error:
        problems["topic"] = error.problems[0]
    return render(request, "journal_all.html", {
        "query": query, "hits": hits, "found": found, "search_problem": problems.get("q"),
        "topic_problem": problems.get("topic"),
        "company": company.strip(), "struggled": struggled, "topic": topic.strip(),
        "questions": questions}, status=422 if problems else 200)


EXPORT_TYPES = {"md": "text/markdown; charset=utf-8", "json": "application/json"}


@router.get("/journal/export.{kind}")
def journal_export(store: StoreDep, kind: str, company: str = "") -> Response:
    """The journal of every interview (or of one company's) as a download:
    Markdown or JSON, as `followthrough journal export` writes it."""
    if kind not in EXPORT_TYPES:
        raise NotFound(f"no journal export as .{kind}; there are .md and .json")
    document = journal_document(store, company)
    body = (json.dumps(document, ensure_ascii=False, indent=2) + "\n" if kind == "json"
            else journal_markdown(document))
    return Response(body, media_type=EXPORT_TYPES[kind],
                    headers=attachment(f"journal.{kind}"))
