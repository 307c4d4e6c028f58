"""The tables, in one place. Migrations in ``store/migrations`` must produce
exactly this schema; ``tests/store/test_migrations.py`` holds them to it."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from followthrough.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

LOCAL_USER = "local"
"""The single owner of every row in local mode; team mode adds more users."""

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handle", String(120), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

interviews = Table(
    "interviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("company", String(200), nullable=False),
    Column("role", String(200), nullable=False),
    # the interview's start as an instant; the debrief keeps the original offset
    Column("starts_at", UTCDateTime(), nullable=False),
    # awaiting | replied | next-round | offer | rejected | withdrawn | moved-on
    Column("state", String(20), nullable=False, server_default="awaiting"),
    # the validated debrief exactly as given (keys the user set, nothing added)
    Column("debrief", JSON(), nullable=False),
    # the TOML text the user wrote, comments included, so `edit` keeps them
    Column("source", Text(), nullable=True),
    # sha256 of the canonical debrief JSON: importing the same file twice finds it
    Column("digest", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    # the candidate's IANA zone: the agenda shows due times in it
    Column("candidate_zone", String(64), nullable=False, server_default="UTC"),
    Index("ix_interviews_owner_starts", "owner_id", "starts_at"),
    Index("ix_interviews_owner_digest", "owner_id", "digest"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
    # done | skipped | reply | outcome | reference-check
    Column("kind", String(32), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("action_key", String(160), nullable=True),
    Column("person", String(200), nullable=True),
    Column("outcome", String(20), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_events_interview_at", "interview_id", "at"),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
    Column("owner_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # stable per interview ("thank-you.hiroshi-sato"); the public id is "<interview>.<key>"
    Column("key", String(160), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("recipient", String(200), nullable=True),
    Column("channel", String(16), nullable=False),
    Column("due_at", UTCDateTime(), nullable=False),
    Column("latest_at", UTCDateTime(), nullable=False),
    # IANA zone of the recipient, so due/latest can be shown in their local time
    Column("zone", String(64), nullable=False),
    Column("why", Text(), nullable=False),
    Column("rule", String(64), nullable=False),
    # pending | done | skipped | cancelled
    Column("status", String(16), nullable=False, server_default="pending"),
    UniqueConstraint("interview_id", "key"),
    # the agenda is one range scan of this index
    Index("ix_actions_owner_status_due", "owner_id", "status", "due_at"),
)
