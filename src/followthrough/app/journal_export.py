"""The journal of every interview (or of one company's) in one file: Markdown
to read, print or keep with your notes, JSON for scripts. Newest interview
first, as the Journal page lists them; an interview with nothing written in
its journal is left out. ``followthrough journal export`` and the Journal
page's Export links both call these."""

from __future__ import annotations

import re
from typing import Any

from followthrough.app.journal import InterviewRef, JournalView, journal_of
from followthrough.store import Store

EXPORT_VERSION = 1

HEADINGS = {
    "questions": "Questions you were asked",
    "went_well": "What went well",
    "improve": "What to improve",
    "learned": "What you learned about them",
    "topics": "Topics discussed",
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])")
_LINE_MARK = re.compile(r"^(\s*)([-+=])")


def journal_document(store: Store, company: str | None = None) -> dict[str, Any]:
    """The export as JSON-ready data."""
    interviews = [_interview_dict(ref, view) for ref, view in journal_of(store, company)
                  if _has_journal(view)]
    return {"version": EXPORT_VERSION, "company": (company or "").strip() or None,
            "count": len(interviews), "interviews": interviews}


def _has_journal(view: JournalView) -> bool:
    reflection = view.reflection
    return bool(view.questions or any(person.topics for person in view.interviewers)
                or (reflection and (reflection.went_well or reflection.improve
                                    or reflection.learned)))


def _interview_dict(ref: InterviewRef, view: JournalView) -> dict[str, Any]:
    reflection = view.reflection
    return {
        "interview": ref.as_dict(),
        "questions": [{"asked": q.asked, "answer": q.answer, "struggled": q.struggled}
                      for q in view.questions],
        "reflection": {"went_well": list(reflection.went_well) if reflection else [],
                       "improve": list(reflection.improve) if reflection else [],
                       "learned": reflection.learned if reflection else None},
        "topics": [{"with": person.name, "topic": topic}
                   for person in view.interviewers for topic in person.topic_texts],
    }


def journal_markdown(document: dict[str, Any]) -> str:
    """:func:`journal_document` as Markdown: one section per interview, the
    user's words escaped so that they read as written."""
    company = document["company"]
    lines = ["# Interview journal" + (f": {escaped(company)}" if company else ""), ""]
    if not document["interviews"]:
        lines += ["Nothing written in the journal yet.", ""]
    for interview in document["interviews"]:
        lines += _interview_markdown(interview)
    return "\n".join(lines)


def _interview_markdown(interview: dict[str, Any]) -> list[str]:
    ref = interview["interview"]
    lines = [f"## {escaped(ref['company'])}, {escaped(ref['role'])} "
             f"(#{ref['id']}, {ref['date']})", ""]
    if interview["questions"]:
        lines += [f"### {HEADINGS['questions']}", ""]
        for question in interview["questions"]:
            hard = " (struggled)" if question["struggled"] else ""
            lines.append(f"- **{escaped(question['asked'])}**{hard}")
            if question["answer"]:
                lines.append(f"  {_indented(question['answer'])}")
        lines.append("")
    reflection = interview["reflection"]
    for kind in ("went_well", "improve"):
        if reflection[kind]:
            lines += [f"### {HEADINGS[kind]}", "",
                      *(f"- {escaped(line)}" for line in reflection[kind]), ""]
    if reflection["learned"]:
        lines += [f"### {HEADINGS['learned']}", "", _indented(reflection["learned"], ""), ""]
    if interview["topics"]:
        lines += [f"### {HEADINGS['topics']}", "",
                  *(f"- {escaped(item['with'])}: {escaped(item['topic'])}"
                    for item in interview["topics"]), ""]
    return lines


def escaped(text: str) -> str:
    """``text`` with every character Markdown could read as markup escaped."""
    marked = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_MARK.sub(r"\1\\\2", _LIST_NUMBER.sub(r"\1\\\2", marked))


def _indented(text: str, indent: str = "  ") -> str:
    """Escaped text whose later lines stay inside their list item."""
    return f"\n{indent}".join(escaped(line) for line in text.splitlines())
