"""The reflection journal: the questions, your answers, what to improve, and a
brief for the next round built from all of it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from followthrough.debrief import Debrief
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
