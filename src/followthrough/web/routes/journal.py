"""The reflection journal: per interview, the questions, your answers, what to
improve, and a brief for the next round built from all of it; across
interviews, the Journal page's search and question bank
(:mod:`followthrough.journal`, as ``followthrough journal`` has them)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from followthrough.debrief import Debrief
from followthrough.errors import BadInput
from followthrough.journal import question_bank, search_journal
from followthrough.web.deps import InterviewId, StoreDep
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


def marked(text: str, query: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each saying whether it is the query (any case)."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for found in re.finditer(re.escape(query), text, re.IGNORECASE):
        pieces += [(text[last:found.start()], False), (found.group(), True)]
        last = found.end()
    return [piece for piece in [*pieces, (text[last:], False)] if piece[0]]


@router.get("/journal", response_class=HTMLResponse)
def journal_across(request: Request, store: StoreDep,
                   q: str = "", company: str = "", struggled: bool = False) -> HTMLResponse:
    """Search every interview's journal (``q``) and the question bank."""
    query, problem, hits = q.strip(), None, []
    if query:
        try:
            hits = search_journal(store, query, field="q")
        except BadInput as error:
            problem = error.problems[0]
    return render(request, "journal_all.html", {
        "query": query, "hits": hits, "problem": problem, "marked": marked,
        "company": company.strip(), "struggled": struggled,
        "questions": question_bank(store, company=company, struggled=struggled)},
        status=422 if problem else 200)
