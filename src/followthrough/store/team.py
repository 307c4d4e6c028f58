"""Team mode's tables: firms, users and roles, consultant links, shares, the
consultants' agenda, sessions, login attempts and the in-app inbox.

Authorization lives in the queries. A consultant reads an interview only
through a ``shares`` row the candidate made for that consultant, and only
while a ``consultant_links`` row between the two is in force; links join
users of one firm only. Every read for a consultant carries both conditions,
so a missing check in a page cannot widen what is visible.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError

from followthrough import clock
from followthrough.errors import BadInput, NotFound, Problem
from followthrough.store.database import _action_columns, _with_document
from followthrough.store.engine import reader
from followthrough.store.rows import (
    AgendaRow,
    InterviewSummary,
    PlannedRow,
    StoredInterview,
    stored_interview,
)
from followthrough.store.schema import (
    actions,
    consultant_links,
    firms,
    inbox,
    interviews,
    login_attempts,
    sessions,
    shared_agenda,
    shares,
    users,
)
from followthrough.store.sharing import fill_shared_agenda
from followthrough.vocabulary import existing_id

ROLES = ("candidate", "consultant", "admin")


@dataclass(frozen=True)
class TeamUser:
    id: int
    handle: str
    display_name: str
    role: str
    firm_id: int | None
    firm: str | None
    email: str | None
    active: bool
    password_hash: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"handle": self.handle, "name": self.display_name, "role": self.role,
                "firm": self.firm, "email": self.email, "active": self.active}


@dataclass(frozen=True)
class Link:
    id: int
    consultant: str
    candidate: str
    starts_at: datetime
    ends_at: datetime | None

    def in_force(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)

    def as_dict(self) -> dict[str, Any]:
        return {"consultant": self.consultant, "candidate": self.candidate,
                "starts": self.starts_at.isoformat(),
                "ends": self.ends_at.isoformat() if self.ends_at else None}


@dataclass(frozen=True)
class Share:
    consultant: TeamUser
    include_reflection: bool


@dataclass(frozen=True)
class SharedSummary:
    """One shared interview as a consultant's list shows it."""

    interview: InterviewSummary
    candidate: str
    candidate_name: str


@dataclass(frozen=True)
class SharedInterview:
    stored: StoredInterview
    candidate: TeamUser
    include_reflection: bool


@dataclass(frozen=True)
class SharedAgendaRow:
    item: AgendaRow
    candidate: str
    candidate_name: str


@dataclass(frozen=True)
class WeekCounts:
    """A shared interview with its actions counted around ``now`` (the weekly summary)."""

    shared: SharedSummary
    overdue: int
    due_this_week: int
    done_last_week: int


@dataclass(frozen=True)
class SessionRow:
    user: TeamUser
    csrf_token: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class InboxItem:
    id: int
    sender: str
    sender_name: str
    interview_id: int
    action_key: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None


_USER_COLUMNS = (users.c.id, users.c.handle, users.c.display_name, users.c.role,
                 users.c.firm_id, firms.c.name, users.c.email, users.c.active,
                 users.c.password_hash)
_SUMMARY_COLUMNS = (interviews.c.id, interviews.c.company, interviews.c.role,
                    interviews.c.starts_at, interviews.c.state, interviews.c.candidate_zone)


def _select_users() -> Any:
    return select(*_USER_COLUMNS).select_from(
        users.outerjoin(firms, firms.c.id == users.c.firm_id))


def _user(row: Any) -> TeamUser:
    return TeamUser(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6],
                    bool(row[7]), row[8])


def link_in_force(consultant_id: Any, candidate_id: Any, now: datetime) -> Any:
    """SQL: a link between the two is in force at ``now``."""
    return exists().where(
        consultant_links.c.consultant_id == consultant_id,
        consultant_links.c.candidate_id == candidate_id,
        consultant_links.c.starts_at <= now,
        or_(consultant_links.c.ends_at.is_(None), consultant_links.c.ends_at > now))


@cache
def _consultant_agenda_statement() -> Any:
    """The consultant's agenda, built once (parameters bound at execution).

    Each window picks its rows from ``shared_agenda`` alone (index range on
    (consultant, due), link in force, the candidate's names), orders and limits
    them, and only then joins the at most 300 + 100 picked rows to ``actions``
    and ``interviews`` (joining every row of the date range before the limit
    took PostgreSQL 1.7 times as long at 1M interviews, docs/bench-team.md;
    building the statement on every call cost the client 1-2 ms).
    ``shared_agenda`` holds pending actions only (``save_plan`` and sharing
    refill it), so the status check after the limit is a guard, not a filter."""
    consultant: Any = bindparam("consultant_id")
    now: Any = bindparam("now")

    def window(low: Any, high: Any, newest_first: bool, limit: Any) -> Any:
        order = shared_agenda.c.due_at.desc() if newest_first else shared_agenda.c.due_at
        picked = (select(shared_agenda.c.action_id, users.c.handle, users.c.display_name)
                  .select_from(shared_agenda)
                  .join(users, users.c.id == shared_agenda.c.candidate_id)
                  .where(shared_agenda.c.consultant_id == consultant,
                         shared_agenda.c.due_at >= low, shared_agenda.c.due_at < high,
                         link_in_force(consultant, shared_agenda.c.candidate_id, now))
                  .order_by(order, shared_agenda.c.action_id).limit(limit).subquery())
        return (select(*_action_columns(), interviews.c.company, interviews.c.role,
                       interviews.c.candidate_zone, picked.c.handle, picked.c.display_name)
                .select_from(picked)
                .join(actions, actions.c.id == picked.c.action_id)
                .join(interviews, interviews.c.id == actions.c.interview_id)
                .where(actions.c.status == "pending"))

    return union_all(window(now, bindparam("until"), False, bindparam("ahead_limit")),
                     window(bindparam("since"), now, True, bindparam("overdue_limit")))


class TeamStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for one SELECT, which sees one snapshot by itself: on
        PostgreSQL in autocommit, so no BEGIN and ROLLBACK round trips wrap it
        (the consultant's pages are read on every request)."""
        with reader(self.engine).connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="AUTOCOMMIT")
            yield connection

    # firms and users ----------------------------------------------------

    def ensure_firm(self, name: str) -> int:
        with self.transaction() as connection:
            found = connection.scalar(select(firms.c.id).where(firms.c.name == name))
            if found is not None:
                return int(found)
            new_id = connection.scalar(insert(firms).values(name=name, created_at=clock.now())
                                       .returning(firms.c.id))
        assert new_id is not None  # noqa: S101 - RETURNING always yields the key
        return int(new_id)

    def add_user(self, handle: str, display_name: str, role: str, firm_id: int | None,
                 email: str | None, password_hash: str | None) -> TeamUser:
        if role not in ROLES:
            raise BadInput([Problem("role", f"unknown role {role!r}", expected=", ".join(ROLES))])
        try:
            with self.transaction() as connection:
                connection.execute(insert(users).values(
                    handle=handle, display_name=display_name, role=role, firm_id=firm_id,
                    email=email, password_hash=password_hash, active=True,
                    created_at=clock.now()))
        except IntegrityError:
            raise BadInput([Problem("handle", f"a user {handle!r} already exists",
                                    expected="another handle")]) from None
        return self.user(handle)

    def user(self, handle: str) -> TeamUser:
        with self.reading() as connection:
            row = connection.execute(_select_users().where(users.c.handle == handle)).first()
        if row is None:
            raise NotFound(f"no user {handle!r}; `followthrough user list` shows them")
        return _user(row)

    def user_by_id(self, user_id: int) -> TeamUser:
        with self.reading() as connection:
            row = connection.execute(_select_users().where(users.c.id == user_id)).first()
        if row is None:
            raise NotFound(f"no user #{user_id}")
        return _user(row)

    def find_user(self, handle: str) -> TeamUser | None:
        try:
            return self.user(handle)
        except NotFound:
            return None

    def list_users(self, firm_id: int | None = None) -> list[TeamUser]:
        query = _select_users().order_by(firms.c.name, users.c.role, users.c.handle)
        if firm_id is not None:
            query = query.where(users.c.firm_id == firm_id)
        with self.reading() as connection:
            return [_user(row) for row in connection.execute(query)]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self.transaction() as connection:
            connection.execute(update(users).where(users.c.id == user_id)
                               .values(password_hash=password_hash))

    def set_active(self, user_id: int, active: bool) -> None:
        with self.transaction() as connection:
            connection.execute(update(users).where(users.c.id == user_id).values(active=active))
            if not active:
                connection.execute(delete(sessions).where(sessions.c.user_id == user_id))

    # links --------------------------------------------------------------

    def link(self, consultant: TeamUser, candidate: TeamUser, starts_at: datetime,
             ends_at: datetime | None = None) -> Link:
        problems = []
        if consultant.role != "consultant":
            problems.append(Problem("consultant", f"{consultant.handle} is a {consultant.role}",
                                    expected="a user with the role consultant"))
        if candidate.role != "candidate":
            problems.append(Problem("candidate", f"{candidate.handle} is a {candidate.role}",
                                    expected="a user with the role candidate"))
        if consultant.firm_id is None or consultant.firm_id != candidate.firm_id:
            problems.append(Problem("firm", "the two users are not in the same firm"))
        if ends_at is not None and ends_at <= starts_at:
            problems.append(Problem("until", "the link would end before it starts"))
        if problems:
            raise BadInput(problems)
        with self.transaction() as connection:
            new_id = connection.scalar(insert(consultant_links).values(
                consultant_id=consultant.id, candidate_id=candidate.id, starts_at=starts_at,
                ends_at=ends_at, created_at=clock.now()).returning(consultant_links.c.id))
        assert new_id is not None  # noqa: S101 - RETURNING always yields the key
        return Link(int(new_id), consultant.handle, candidate.handle, starts_at, ends_at)

    def unlink(self, consultant: TeamUser, candidate: TeamUser, at: datetime) -> int:
        """End every link of the two at ``at`` and drop the candidate's shares with
        that consultant (sharing again needs a new link and a new choice)."""
        with self.transaction() as connection:
            ended = connection.execute(
                update(consultant_links)
                .where(consultant_links.c.consultant_id == consultant.id,
                       consultant_links.c.candidate_id == candidate.id,
                       or_(consultant_links.c.ends_at.is_(None),
                           consultant_links.c.ends_at > at))
                .values(ends_at=at)).rowcount
            owned = select(interviews.c.id).where(interviews.c.owner_id == candidate.id)
            connection.execute(delete(shared_agenda).where(
                shared_agenda.c.consultant_id == consultant.id,
                shared_agenda.c.candidate_id == candidate.id))
            connection.execute(delete(shares).where(shares.c.consultant_id == consultant.id,
                                                    shares.c.interview_id.in_(owned)))
        return int(ended)

    def links(self, user: TeamUser | None = None) -> list[Link]:
        consultant = users.alias("consultant")
        candidate = users.alias("candidate")
        query = (select(consultant_links.c.id, consultant.c.handle, candidate.c.handle,
                        consultant_links.c.starts_at, consultant_links.c.ends_at)
                 .join(consultant, consultant.c.id == consultant_links.c.consultant_id)
                 .join(candidate, candidate.c.id == consultant_links.c.candidate_id)
                 .order_by(consultant.c.handle, candidate.c.handle, consultant_links.c.starts_at))
        if user is not None:
            query = query.where(or_(consultant_links.c.consultant_id == user.id,
                                    consultant_links.c.candidate_id == user.id))
        with self.reading() as connection:
            return [Link(*row) for row in connection.execute(query)]

    def linked_candidates(self, consultant_id: int, now: datetime) -> list[TeamUser]:
        query = (_select_users().where(users.c.role == "candidate",
                                       link_in_force(consultant_id, users.c.id, now))
                 .order_by(users.c.display_name, users.c.handle))
        with self.reading() as connection:
            return [_user(row) for row in connection.execute(query)]

    def linked_consultants(self, candidate_id: int, now: datetime) -> list[TeamUser]:
        query = (_select_users().where(users.c.role == "consultant",
                                       link_in_force(users.c.id, candidate_id, now))
                 .order_by(users.c.display_name, users.c.handle))
        with self.reading() as connection:
            return [_user(row) for row in connection.execute(query)]

    # shares (the candidate's side) ----------------------------------------

    def share(self, candidate_id: int, interview_id: int, consultant_id: int,
              include_reflection: bool, now: datetime) -> None:
        """Share (or re-share with another reflection choice) one of the
        candidate's interviews with a consultant linked to them now."""
        interview_id = existing_id(interview_id)
        with self.transaction() as connection:
            found = connection.execute(select(interviews.c.state, interviews.c.starts_at)
                                       .where(interviews.c.id == interview_id,
                                              interviews.c.owner_id == candidate_id)).first()
            if found is None:
                raise NotFound(f"no interview #{interview_id}")
            linked = connection.scalar(select(link_in_force(consultant_id, candidate_id, now)))
            if not linked:
                raise BadInput([Problem("consultant", "this consultant is not linked to you",
                                        expected="one of the consultants on your sharing list")])
            connection.execute(delete(shared_agenda).where(
                shared_agenda.c.consultant_id == consultant_id,
                shared_agenda.c.action_id.in_(
                    select(actions.c.id).where(actions.c.interview_id == interview_id))))
            connection.execute(delete(shares).where(shares.c.interview_id == interview_id,
                                                    shares.c.consultant_id == consultant_id))
            connection.execute(insert(shares).values(
                interview_id=interview_id, consultant_id=consultant_id,
                include_reflection=include_reflection, created_at=now,
                candidate_id=candidate_id, state=found.state, starts_at=found.starts_at))
            fill_shared_agenda(connection, interview_id, consultant_id)

    def unshare(self, candidate_id: int, interview_id: int, consultant_id: int) -> bool:
        interview_id = existing_id(interview_id)
        with self.transaction() as connection:
            owner = connection.scalar(select(interviews.c.owner_id)
                                      .where(interviews.c.id == interview_id))
            if owner != candidate_id:
                raise NotFound(f"no interview #{interview_id}")
            connection.execute(delete(shared_agenda).where(
                shared_agenda.c.consultant_id == consultant_id,
                shared_agenda.c.action_id.in_(
                    select(actions.c.id).where(actions.c.interview_id == interview_id))))
            removed = connection.execute(delete(shares).where(
                shares.c.interview_id == interview_id,
                shares.c.consultant_id == consultant_id)).rowcount
        return bool(removed)

    def shares_of(self, candidate_id: int, interview_id: int) -> list[Share]:
        interview_id = existing_id(interview_id)
        query = (_select_users().add_columns(shares.c.include_reflection)
                 .join(shares, shares.c.consultant_id == users.c.id)
                 .join(interviews, interviews.c.id == shares.c.interview_id)
                 .where(shares.c.interview_id == interview_id,
                        interviews.c.owner_id == candidate_id)
                 .order_by(users.c.display_name))
        with self.reading() as connection:
            return [Share(_user(row), bool(row[-1])) for row in connection.execute(query)]

    # the consultant's side ----------------------------------------------

    def _visible(self, consultant_id: int, now: datetime) -> tuple[Any, ...]:
        """Conditions on ``interviews`` joined to ``shares``: shared with this
        consultant, and the consultant linked to the owner now."""
        return (shares.c.consultant_id == consultant_id,
                link_in_force(consultant_id, interviews.c.owner_id, now))

    def _listed(self, consultant_id: int, now: datetime) -> tuple[Any, ...]:
        """Conditions on ``shares`` alone, the same as :meth:`_visible`, through
        the share's copy of the owner (which never changes)."""
        return (shares.c.consultant_id == consultant_id,
                link_in_force(consultant_id, shares.c.candidate_id, now))

    def shared_interviews(self, consultant_id: int, now: datetime, state: str | None = None,
                          limit: int | None = None, offset: int = 0) -> list[SharedSummary]:
        """Newest first; the page is picked from ``shares`` (by its index on the
        consultant and the start) before joining interviews and users."""
        picked = (select(shares.c.interview_id)
                  .where(*self._listed(consultant_id, now))
                  .order_by(shares.c.starts_at.desc(), shares.c.interview_id.desc())
                  .offset(offset).limit(limit))
        if state is not None:
            picked = picked.where(shares.c.state == state)
        page = picked.subquery()
        query = (select(*_SUMMARY_COLUMNS, users.c.handle, users.c.display_name)
                 .select_from(page)
                 .join(interviews, interviews.c.id == page.c.interview_id)
                 .join(users, users.c.id == interviews.c.owner_id)
                 .order_by(interviews.c.starts_at.desc(), interviews.c.id.desc()))
        with self.reading() as connection:
            rows = connection.execute(query).all()
        return [SharedSummary(InterviewSummary(*row[:6]), row[6], row[7]) for row in rows]

    def week_counts(self, consultant_id: int, now: datetime, week: timedelta,
                    open_states: tuple[str, ...]) -> list[WeekCounts]:
        """Every shared interview in one of ``open_states`` or started in the last
        ``week``, with its pending actions overdue and due within ``week`` and the
        actions done that were due in the last ``week``: one statement."""
        def counted(*conditions: Any) -> Any:
            return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

        pending = actions.c.status == "pending"
        query = (select(*_SUMMARY_COLUMNS, users.c.handle, users.c.display_name,
                        counted(pending, actions.c.due_at < now),
                        counted(pending, actions.c.due_at >= now, actions.c.due_at < now + week),
                        counted(actions.c.status == "done", actions.c.due_at >= now - week,
                                actions.c.due_at < now))
                 .select_from(interviews)
                 .join(shares, shares.c.interview_id == interviews.c.id)
                 .join(users, users.c.id == interviews.c.owner_id)
                 .outerjoin(actions, actions.c.interview_id == interviews.c.id)
                 .where(*self._visible(consultant_id, now),
                        or_(interviews.c.state.in_(open_states),
                            interviews.c.starts_at >= now - week))
                 .group_by(*_SUMMARY_COLUMNS, users.c.handle, users.c.display_name)
                 .order_by(users.c.display_name, interviews.c.starts_at, interviews.c.id))
        with self.reading() as connection:
            rows = connection.execute(query).all()
        return [WeekCounts(SharedSummary(InterviewSummary(*row[:6]), row[6], row[7]),
                           int(row[8]), int(row[9]), int(row[10])) for row in rows]

    def shared_counts(self, consultant_id: int, now: datetime) -> dict[str, int]:
        # counted per candidate first (an index-only scan in index order), then the
        # link is checked once per candidate instead of once per share
        per_candidate = (select(shares.c.candidate_id, shares.c.state,
                                func.count().label("shared"))
                         .where(shares.c.consultant_id == consultant_id)
                         .group_by(shares.c.candidate_id, shares.c.state).subquery())
        query = (select(per_candidate.c.state, func.sum(per_candidate.c.shared))
                 .where(link_in_force(consultant_id, per_candidate.c.candidate_id, now))
                 .group_by(per_candidate.c.state))
        with self.reading() as connection:
            return {state: int(count) for state, count in connection.execute(query)}

    def shared_interview(self, consultant_id: int, interview_id: int,
                         now: datetime) -> SharedInterview:
        """The interview if it is visible to the consultant, else :class:`NotFound`
        (the same answer as for an interview that does not exist)."""
        interview_id = existing_id(interview_id)
        query = (_with_document().add_columns(shares.c.include_reflection)
                 .join(shares, shares.c.interview_id == interviews.c.id)
                 .where(interviews.c.id == interview_id, *self._visible(consultant_id, now)))
        with self.reading() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no shared interview #{interview_id}")
        return SharedInterview(stored_interview(row), self.user_by_id(int(row["owner_id"])),
                               bool(row["include_reflection"]))

    def shared_plan(self, consultant_id: int, interview_id: int,
                    now: datetime) -> list[PlannedRow]:
        interview_id = existing_id(interview_id)
        query = (select(*_action_columns())
                 .join(interviews, interviews.c.id == actions.c.interview_id)
                 .join(shares, shares.c.interview_id == interviews.c.id)
                 .where(interviews.c.id == interview_id, *self._visible(consultant_id, now))
                 .order_by(actions.c.due_at, actions.c.key))
        with self.reading() as connection:
            return [PlannedRow(*row) for row in connection.execute(query)]

    def shared_events(self, consultant_id: int, interview_id: int,
                      now: datetime) -> list[tuple[str, datetime, str | None]]:
        interview_id = existing_id(interview_id)
        from followthrough.store.schema import events

        query = (select(events.c.kind, events.c.at, events.c.action_key)
                 .join(interviews, interviews.c.id == events.c.interview_id)
                 .join(shares, shares.c.interview_id == interviews.c.id)
                 .where(interviews.c.id == interview_id, *self._visible(consultant_id, now))
                 .order_by(events.c.at, events.c.id))
        with self.reading() as connection:
            return [(row[0], row[1], row[2]) for row in connection.execute(query)]

    def consultant_agenda(self, consultant_id: int, now: datetime, since: datetime,
                          until: datetime, ahead_limit: int = 300,
                          overdue_limit: int = 100) -> list[SharedAgendaRow]:
        """Like :meth:`Store.agenda` over every interview shared with the consultant:
        two bounded scans of the (consultant, due) index of ``shared_agenda``."""
        with self.reading() as connection:
            rows = connection.execute(_consultant_agenda_statement(), {
                "consultant_id": consultant_id, "now": now, "since": since, "until": until,
                "ahead_limit": ahead_limit, "overdue_limit": overdue_limit}).all()
        found = [SharedAgendaRow(AgendaRow(PlannedRow(*row[:11]), *row[11:14]), row[14], row[15])
                 for row in rows]
        return sorted(found, key=lambda r: (r.item.action.due, r.candidate, r.item.action.key))

    # sessions -------------------------------------------------------------

    def create_session(self, token_hash: str, user_id: int, csrf_token: str, now: datetime,
                       expires_at: datetime, replaces: str | None = None) -> None:
        """A new session; ``replaces`` (the session being rotated) is removed in
        the same transaction."""
        with self.transaction() as connection:
            if replaces is not None:
                connection.execute(delete(sessions).where(sessions.c.token_hash == replaces))
            connection.execute(insert(sessions).values(
                token_hash=token_hash, user_id=user_id, csrf_token=csrf_token,
                created_at=now, last_seen_at=now, expires_at=expires_at))

    def session(self, token_hash: str, now: datetime) -> SessionRow | None:
        query = (_select_users().add_columns(sessions.c.csrf_token, sessions.c.created_at,
                                             sessions.c.expires_at)
                 .join(sessions, sessions.c.user_id == users.c.id)
                 .where(sessions.c.token_hash == token_hash, sessions.c.expires_at > now,
                        users.c.active.is_(True)))
        with self.reading() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return SessionRow(_user(row), row[-3], row[-2], row[-1])

    def touch_session(self, token_hash: str, now: datetime, expires_at: datetime) -> None:
        with self.transaction() as connection:
            connection.execute(update(sessions).where(sessions.c.token_hash == token_hash)
                               .values(last_seen_at=now, expires_at=expires_at))

    def end_session(self, token_hash: str) -> None:
        with self.transaction() as connection:
            connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    def end_sessions_of(self, user_id: int) -> int:
        with self.transaction() as connection:
            return int(connection.execute(
                delete(sessions).where(sessions.c.user_id == user_id)).rowcount)

    def purge_sessions(self, now: datetime) -> int:
        with self.transaction() as connection:
            return int(connection.execute(
                delete(sessions).where(sessions.c.expires_at <= now)).rowcount)

    # login attempts -------------------------------------------------------

    def record_attempt(self, handle: str, client: str, at: datetime, succeeded: bool) -> None:
        with self.transaction() as connection:
            connection.execute(insert(login_attempts).values(
                handle=handle[:120], client=client[:64], at=at, succeeded=succeeded))

    def purge_attempts(self, before: datetime) -> int:
        with self.transaction() as connection:
            return int(connection.execute(
                delete(login_attempts).where(login_attempts.c.at < before)).rowcount)

    def recent_failures(self, handle: str, client: str, since: datetime) -> tuple[int, int]:
        """Failed attempts since ``since`` for this handle (since its last success)
        and from this client (a success from the client does not reset its count:
        one valid account must not let a client try many others)."""
        def failures(column: Any, value: str, reset_on_success: bool) -> Any:
            last_ok = (select(func.max(login_attempts.c.at))
                       .where(column == value, login_attempts.c.succeeded.is_(True))
                       .scalar_subquery())
            reset = (or_(last_ok.is_(None), login_attempts.c.at > last_ok),
                     ) if reset_on_success else ()
            return (select(func.count()).select_from(login_attempts)
                    .where(column == value, login_attempts.c.succeeded.is_(False),
                           login_attempts.c.at >= since, *reset)
                    .scalar_subquery())

        with self.reading() as connection:
            row = connection.execute(select(
                failures(login_attempts.c.handle, handle[:120], True),
                failures(login_attempts.c.client, client[:64], False)))
            by_handle, by_client = row.one()
        return int(by_handle), int(by_client)

    def last_failure(self, handle: str, client: str) -> datetime | None:
        query = select(func.max(login_attempts.c.at)).where(
            login_attempts.c.succeeded.is_(False),
            or_(login_attempts.c.handle == handle[:120], login_attempts.c.client == client[:64]))
        with self.reading() as connection:
            found: datetime | None = connection.scalar(query)
        return found

    # in-app inbox -----------------------------------------------------------

    def deliver(self, recipient_id: int, sender_id: int, interview_id: int, action_key: str,
                subject: str, body: str, now: datetime) -> bool:
        """Put a message in a linked consultant's inbox; the same action delivered
        twice is kept once (returns False)."""
        interview_id = existing_id(interview_id)
        with self.transaction() as connection:
            owner = connection.scalar(select(interviews.c.owner_id)
                                      .where(interviews.c.id == interview_id))
            if owner != sender_id:
                raise NotFound(f"no interview #{interview_id}")
            if not connection.scalar(select(link_in_force(recipient_id, sender_id, now))):
                raise BadInput([Problem("consultant", "this consultant is not linked to you")])
            existing = connection.scalar(select(inbox.c.id).where(
                inbox.c.recipient_id == recipient_id, inbox.c.interview_id == interview_id,
                inbox.c.action_key == action_key))
            if existing is not None:
                return False
            connection.execute(insert(inbox).values(
                recipient_id=recipient_id, sender_id=sender_id, interview_id=interview_id,
                action_key=action_key, subject=subject, body=body, created_at=now))
        return True

    def inbox_of(self, recipient_id: int, now: datetime, limit: int = 100) -> list[InboxItem]:
        """The recipient's messages, newest first, from candidates linked now."""
        query = (select(inbox.c.id, users.c.handle, users.c.display_name, inbox.c.interview_id,
                        inbox.c.action_key, inbox.c.subject, inbox.c.body, inbox.c.created_at,
                        inbox.c.read_at)
                 .join(users, users.c.id == inbox.c.sender_id)
                 .where(inbox.c.recipient_id == recipient_id,
                        link_in_force(recipient_id, inbox.c.sender_id, now))
                 .order_by(inbox.c.created_at.desc(), inbox.c.id.desc()).limit(limit))
        with self.reading() as connection:
            return [InboxItem(*row) for row in connection.execute(query)]

    def mark_read(self, recipient_id: int, item_id: int, now: datetime) -> None:
        item_id = existing_id(item_id, "message")
        with self.transaction() as connection:
            done = connection.execute(update(inbox).where(
                inbox.c.id == item_id, inbox.c.recipient_id == recipient_id)
                .values(read_at=now)).rowcount
        if not done:
            raise NotFound(f"no message #{item_id}")
