"""The JSON API under ``/api``: the same library calls as the pages and the CLI,
with the CLI's JSON shapes. Reading never changes anything; writing needs the
``X-CSRF-Token`` header."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from followthrough import clock
from followthrough.app.agenda import agenda
from followthrough.debrief import validate_debrief
from followthrough.debrief.cautions import cautions
from followthrough.plan.decision_words import timing_json
from followthrough.web.deps import CoreDep, StoreDep, as_action
from followthrough.web.routes.drafts import composed, findings_context

router = APIRouter(prefix="/api", tags=["api"])
InterviewId = Annotated[int, Path(ge=1, le=2**53, description="The interview's id.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad input: one problem per field."},
    403: {"description": "Missing or wrong X-CSRF-Token."},
    404: {"description": "No such interview."},
    422: {"description": "The request does not match the schema."},
}


class Summary(BaseModel):
    id: int
    company: str
    role: str
    starts: str
    state: str


class InterviewList(BaseModel):
    total: int
    interviews: list[Summary]


class Warned(BaseModel):
    path: str = Field(description="The debrief field, like interview.starts.")
    message: str


class Created(BaseModel):
    id: int
    created: bool
    warnings: list[Warned] = Field(default_factory=list, description=(
        "Stored all the same: an interview dated in the future, a decision date "
        "before the interview."))


class CheckRequest(BaseModel):
    text: str = Field(max_length=20_000, description="The message to check.")
    interview: int | None = Field(default=None, ge=1, le=2**53,
                                  description="Check against this interview's debrief.")
    kind: str | None = Field(default=None, max_length=40,
                             description="The message kind, like thank-you.")
    to: str | None = Field(default=None, max_length=200, description="The recipient's name.")


class CheckedFinding(BaseModel):
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str
    start: int
    end: int
    line: int
    column: int
    match: str
    fingerprint: str
    replacement: str | None = Field(description="Text that replaces the span, when one "
                                                "click can apply the suggestion.")


class CheckResult(BaseModel):
    findings: list[CheckedFinding]


@router.get("/interviews", response_model=InterviewList, responses=ERRORS)
def list_interviews(store: StoreDep, state: Annotated[str | None, Query(max_length=40)] = None,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                    offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> dict[str, Any]:
    """Stored interviews, newest first, optionally of one state."""
    counts = store.count_by_state()
    total = counts.get(state, 0) if state is not None else sum(counts.values())
    found = store.list_interviews(state=state, limit=limit, offset=offset)
    return {"total": total, "interviews": [s.as_dict() for s in found]}


@router.post("/interviews", response_model=Created, status_code=201, responses=ERRORS)
def create_interview(core: CoreDep, debrief: Annotated[dict[str, Any], Body(
        description="A debrief as JSON, the shape `followthrough export json` writes.")]
                     ) -> dict[str, Any]:
    """Store a debrief and plan its follow-ups."""
    checked = validate_debrief(debrief, source="the request", from_json=True, incoming=True)
    interview_id, created = core.add(checked)
    warned = cautions(checked, clock.now()) if created else []
    return {"id": interview_id, "created": created,
            "warnings": [caution.as_dict() for caution in warned]}


@router.get("/interviews/{interview_id}", responses=ERRORS)
def get_interview(core: CoreDep, interview_id: InterviewId) -> dict[str, Any]:
    """One interview with its whole debrief, and how its decision words read."""
    stored = core.store.get_interview(interview_id)
    return {**stored.as_dict(), "timing": timing_json(stored.debrief,
                                                      core.settings.profiles)}


@router.get("/interviews/{interview_id}/plan", responses=ERRORS)
def get_plan(core: CoreDep, interview_id: InterviewId) -> dict[str, Any]:
    """The stored plan: every action with its time in the recipient's zone, why,
    and whether it is overdue (the shape of ``plan ID --format json``)."""
    stored = core.store.get_interview(interview_id)
    return core.plan_document(stored, [as_action(row) for row in
                                       core.store.plan_of(interview_id)])


@router.get("/interviews/{interview_id}/drafts", responses=ERRORS)
def get_drafts(core: CoreDep, interview_id: InterviewId) -> dict[str, Any]:
    """A draft per pending message (empty while the composer is not installed)."""
    store = core.store
    stored = store.get_interview(interview_id)
    rows = store.plan_of(interview_id)
    drafts = [composed(core, stored, row, rows) for row in rows if row.status == "pending"]
    return {"drafts": [d for d in drafts if d is not None]}


@router.get("/agenda", responses=ERRORS)
def get_agenda(store: StoreDep) -> dict[str, Any]:
    """Overdue, today and the next 7 days, in your own time zone."""
    return agenda(store).as_dict()


@router.post("/check", response_model=CheckResult, responses=ERRORS)
def check_text(core: CoreDep, request: CheckRequest) -> dict[str, Any] | JSONResponse:
    """Etiquette findings for a message, with one-click replacements where clear."""
    debrief = (core.store.get_interview(request.interview).debrief if request.interview
               else None)
    context = findings_context(core, request.text, debrief, request.kind, request.to)
    return {"findings": [{**f.as_dict(), "replacement": r}
                         for f, r in zip(context["findings"], context["replacements"],
                                         strict=True)]}
