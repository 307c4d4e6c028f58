"""The tables, in one place. Migrations in ``store/migrations`` must produce
exactly this schema; ``tests/store/test_migrations.py`` holds them to it."""

from __future__ import annotations

import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from followthrough.store.rows import LOCAL_USER as LOCAL_USER
from followthrough.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def new_uid() -> str:
    """A fresh interview uid: 32 random hex digits."""
    return uuid.uuid4().hex



users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handle", String(120), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    # team mode (issue 8); the local user is a candidate of no firm, without a password
    # candidate | consultant | admin
    Column("role", String(16), nullable=False, server_default="candidate"),
    Column("firm_id", ForeignKey("firms.id", ondelete="CASCADE"), nullable=True),
    Column("email", String(320), nullable=True),
    # argon2id PHC string; never the password itself
    Column("password_hash", String(255), nullable=True),
    Column("active", Boolean(), nullable=False, server_default="1"),
    Index("ix_users_firm_role", "firm_id", "role"),
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
    # sha256 of the canonical debrief JSON: importing the same file twice finds it
    Column("digest", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    # the candidate's IANA zone: the agenda shows due times in it
    Column("candidate_zone", String(64), nullable=False, server_default="UTC"),
    # 32 random hex digits, never reused: calendar UIDs carry it (not the number)
    Column("uid", String(32), nullable=False, unique=True, default=new_uid),
    Index("ix_interviews_owner_starts", "owner_id", "starts_at"),
    Index("ix_interviews_owner_digest", "owner_id", "digest"),
    # the dashboard's per-state lists and counts read only this index
    Index("ix_interviews_owner_state_starts", "owner_id", "state", "starts_at"),
    # numbers of deleted interviews are never handed out again (PostgreSQL's
    # sequence already never does)
    sqlite_autoincrement=True,
)

interview_documents = Table(
    "interview_documents",
    metadata,
    # kept apart from `interviews` so the rows lists and the agenda read stay narrow
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    # the validated debrief exactly as given (keys the user set, nothing added)
    Column("debrief", JSON(), nullable=False),
    # the TOML text the user wrote, comments included, so `edit` keeps them
    Column("source", Text(), nullable=True),
)

journal_entries = Table(
    "journal_entries",
    metadata,
    # one piece of a debrief's journal text, written with the debrief: the full-text
    # index (SQLite FTS5 `journal_fts`; PostgreSQL's generated column `search`, indexed
    # by `ix_journal_entries_search`) reads it
    Column("id", Integer, primary_key=True),
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
    # the piece's order within its debrief
    Column("position", Integer, nullable=False),
    # its debrief path: questions[0].answer, reflection.improve[1]
    Column("field", String(80), nullable=False),
    # asked | answer | went_well | improve | learned | topics
    Column("kind", String(16), nullable=False),
    Column("text", Text(), nullable=False),
    Index("ix_journal_entries_interview_id_position", "interview_id", "position"),
)

SEARCH_ONLY = ("journal_fts", "ix_journal_entries_search", "journal_entries.search")
"""What the migrations make for one database only, outside this metadata: the
SQLite FTS5 table (and its ``journal_fts_*`` shadow tables), and PostgreSQL's
stored ``tsvector`` column and its full-text index."""

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
    # and its one keep-searching reminder a week another (plan/weekly.py)
    Index("ix_actions_owner_kind_status_due", "owner_id", "kind", "status", "due_at"),
)

# sending (issue 6) ----------------------------------------------------------

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
    # the planned action this message carries out; one outbox row per action
    Column("action_key", String(160), nullable=False),
    Column("kind", String(32), nullable=False),
    # made once at approval and reused on every attempt (the deduplication key)
    Column("message_id", String(255), nullable=False),
    Column("from_name", String(200), nullable=False),
    Column("from_addr", String(320), nullable=False),
    Column("to_name", String(200), nullable=False),
    Column("to_addr", String(320), nullable=False),
    Column("subject", Text(), nullable=False),
    Column("body", Text(), nullable=False),
    Column("send_at", UTCDateTime(), nullable=False),
    # past this instant the message is stale: expired, never sent late
    Column("latest_at", UTCDateTime(), nullable=False),
    # the recipient's IANA zone, to show send_at in their clock
    Column("zone", String(64), nullable=False),
    # scheduled | claimed | submitting | sent | uncertain | retry_wait | failed
    # | cancelled | expired
    Column("status", String(16), nullable=False),
    Column("attempts", Integer(), nullable=False, server_default="0"),
    Column("claim_token", String(64), nullable=True),
    Column("lease_until", UTCDateTime(), nullable=True),
    Column("smtp_code", Integer(), nullable=True),
    Column("last_error", Text(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime(), nullable=True),
    UniqueConstraint("interview_id", "action_key"),
    UniqueConstraint("message_id"),
    # the worker's claim is one range scan of this index
    Index("ix_outbox_status_send_at", "status", "send_at"),
)

outbox_attachments = Table(
    "outbox_attachments",
    metadata,
    # a message's files as they were at approval (what is sent is what was approved)
    Column("id", Integer, primary_key=True),
    Column("outbox_id", ForeignKey("outbox.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer(), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(255), nullable=False),
    Column("size", Integer(), nullable=False),
    # checked before each send: a damaged row fails, it never sends other bytes
    Column("sha256", String(64), nullable=False),
    # the path it was read from, for the user's eyes only (never sent)
    Column("source", Text(), nullable=True),
    Column("data", LargeBinary(), nullable=False),
    UniqueConstraint("outbox_id", "position"),
)

inbound = Table(
    "inbound",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
    # the incoming mail's own Message-ID (or a digest when it has none): seen once
    Column("message_id", String(255), nullable=False),
    # reply | auto-reply | bounce | list
    Column("kind", String(16), nullable=False),
    Column("sender", String(320), nullable=True),
    Column("subject", Text(), nullable=True),
    Column("received_at", UTCDateTime(), nullable=False),
    UniqueConstraint("owner_id", "message_id"),
)

worker_lease = Table(
    "worker_lease",
    metadata,
    # one row per database ("outbox"): whoever holds it is the only worker
    Column("name", String(32), primary_key=True),
    Column("holder", String(64), nullable=False),
    Column("until", UTCDateTime(), nullable=False),
)

digests = Table(
    "digests",
    metadata,
    # one row per owner and local day: the morning digest goes out at most once a day
    Column("owner_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("day", String(10), nullable=False),
    # sending | sent | failed | uncertain | empty
    Column("status", String(16), nullable=False),
    Column("message_id", String(255), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("detail", Text(), nullable=True),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("owner_id", "day"),
)


# team mode (issue 8) ----------------------------------------------------------

firms = Table(
    "firms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

consultant_links = Table(
    "consultant_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("consultant_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("candidate_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # the consultant sees shared debriefs only while starts_at <= now < ends_at
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_consultant_links_consultant_candidate", "consultant_id", "candidate_id"),
    Index("ix_consultant_links_candidate", "candidate_id"),
)

shares = Table(
    "shares",
    metadata,
    # the candidate's choice, per debrief and per consultant
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    Column("consultant_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("include_reflection", Boolean(), nullable=False, server_default="0"),
    Column("created_at", UTCDateTime(), nullable=False),
    # copies of the interview's owner, state and start, kept in step by the
    # store, so a consultant's list and its counts by state read this table alone
    Column("candidate_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("state", String(20), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Index("ix_shares_consultant_starts", "consultant_id", "starts_at"),
    Index("ix_shares_consultant_state_starts", "consultant_id", "state", "starts_at"),
    Index("ix_shares_consultant_candidate_state", "consultant_id", "candidate_id", "state"),
)

shared_agenda = Table(
    "shared_agenda",
    metadata,
    # the pending actions of shared interviews, one row per consultant who may see
    # them; kept by the store whenever a plan or a share changes, so a consultant's
    # agenda is the same two bounded index scans as a candidate's
    Column("consultant_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column("candidate_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("due_at", UTCDateTime(), nullable=False),
    Index("ix_shared_agenda_consultant_due", "consultant_id", "due_at"),
    Index("ix_shared_agenda_action", "action_id"),
)

sessions = Table(
    "sessions",
    metadata,
    # sha256 of the cookie's token: the database alone cannot log anyone in
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Index("ix_sessions_user", "user_id"),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    # lower-cased handle as typed (it may name nobody) and the client address
    Column("handle", String(120), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("succeeded", Boolean(), nullable=False),
    Index("ix_login_attempts_handle_at", "handle", "at"),
    Index("ix_login_attempts_client_at", "client", "at"),
)

inbox = Table(
    "inbox",
    metadata,
    # messages delivered inside the app (a recruiter update to the linked consultant)
    Column("id", Integer, primary_key=True),
    Column("recipient_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("sender_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("interview_id", ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
    Column("action_key", String(160), nullable=False),
    Column("subject", Text(), nullable=False),
    Column("body", Text(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("read_at", UTCDateTime(), nullable=True),
    UniqueConstraint("recipient_id", "interview_id", "action_key"),
    Index("ix_inbox_recipient_created", "recipient_id", "created_at"),
)

mail_accounts = Table(
    "mail_accounts",
    metadata,
    # a team user's own SMTP or IMAP account (local mode keeps it in settings.toml)
    Column("id", Integer, primary_key=True),
    Column("owner_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("host", String(255), nullable=False),
    Column("port", Integer(), nullable=False),
    Column("username", String(320), nullable=True),
    Column("tls", String(16), nullable=False),
    Column("sent_folder", String(200), nullable=True),
    # the password encrypted with the server's key file (never in clear)
    Column("secret", Text(), nullable=True),
    Column("updated_at", UTCDateTime(), nullable=False),
    UniqueConstraint("owner_id", "kind"),
)
