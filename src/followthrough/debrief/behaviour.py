"""What a debrief and an interviewer answer beyond their fields, written once
for the pydantic models (:mod:`followthrough.debrief.model`) and for the plain
views of a stored debrief (:mod:`followthrough.debrief.view`), and importable
without pydantic."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from followthrough.interview_zone import infer_zone, settled_zone

if TYPE_CHECKING:
    from followthrough.debrief.model import Interviewer


def same_person_key(name: str) -> str:
    """Names compare without regard to case or repeated spaces."""
    return " ".join(name.split()).casefold()


class InterviewerBehaviour:
    if TYPE_CHECKING:  # the fields' own class declares them (pydantic keeps their order)
        topics: list[Any]

    @property
    def topic_texts(self) -> list[str]:
        return [topic if isinstance(topic, str) else topic.about for topic in self.topics]

    def _table_of(self, topic: str) -> Any:
        """The topic table recorded for ``topic``; ``None`` for plain text or no such topic."""
        return next((item for item in self.topics
                     if not isinstance(item, str) and item.about == topic), None)

    def strength_for(self, topic: str) -> str | None:
        """The strength the record links to ``topic`` (never guessed from words)."""
        table = self._table_of(topic)
        return None if table is None else cast(str | None, table.strength)

    def short_for(self, topic: str) -> str | None:
        """The few words the record gives for ``topic`` in notes after the first, if any."""
        table = self._table_of(topic)
        return None if table is None else cast(str | None, table.short)


class DebriefBehaviour:
    if TYPE_CHECKING:  # the fields' own class declares them (pydantic keeps their order)
        candidate: Any
        interview: Any
        recruiter: Any
        interviewers: list[Any]
        references: list[Any]

    @cached_property
    def zone(self) -> ZoneInfo:
        """Where the interviewers work: the given zone, else the country's only zone,
        else the one its region and the start's offset point to
        (:func:`followthrough.interview_zone.infer_zone`, which asks when none does)."""
        return ZoneInfo(self.zone_name)

    @property
    def zone_name(self) -> str:
        interview = self.interview
        found: str = (settled_zone(interview.timezone, interview.country)
                      or infer_zone(interview.country, interview.region, interview.starts,
                                    self.candidate.timezone))
        return found

    @property
    def candidate_zone(self) -> ZoneInfo:
        return ZoneInfo(self.candidate.timezone)

    def people(self) -> list[str]:
        """Everyone a message can be addressed to: interviewers, the recruiter, references."""
        names = [person.name for person in self.interviewers]
        if self.recruiter:
            names.append(self.recruiter.name)
        names.extend(reference.name for reference in self.references)
        return names

    def interviewer(self, name: str) -> Interviewer | None:
        wanted = same_person_key(name)
        for person in self.interviewers:
            if same_person_key(person.name) == wanted:
                found: Interviewer = person
                return found
        return None
