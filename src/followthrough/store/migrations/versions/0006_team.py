"""Team mode: firms, roles and passwords on users, consultant links, per-debrief
shares, the consultants' shared agenda, server-side sessions, login attempts
(throttling), the in-app inbox and team users' own mail accounts.

Revision ID: 0006_team
Revises: 0005_documents
"""

import sqlalchemy as sa
from alembic import op

from followthrough.store.types import UTCDateTime

revision = "0006_team"
down_revision = "0005_documents"


def _user_fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], ondelete="CASCADE",
                                   name=f"fk_{table}_{column}_users")


def upgrade() -> None:
    op.create_table(
        "firms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_firms"),
        sa.UniqueConstraint("name", name="uq_firms_name"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("role", sa.String(16), server_default="candidate",
                                   nullable=False))
        batch.add_column(sa.Column("firm_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("email", sa.String(320), nullable=True))
        batch.add_column(sa.Column("password_hash", sa.String(255), nullable=True))
        batch.add_column(sa.Column("active", sa.Boolean(), server_default="1", nullable=False))
        batch.create_foreign_key("fk_users_firm_id_firms", "firms", ["firm_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index("ix_users_firm_role", ["firm_id", "role"])
    op.create_table(
        "consultant_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _user_fk("consultant_id", "consultant_links"),
        _user_fk("candidate_id", "consultant_links"),
        sa.PrimaryKeyConstraint("id", name="pk_consultant_links"),
    )
    op.create_index("ix_consultant_links_consultant_candidate", "consultant_links",
                    ["consultant_id", "candidate_id"])
    op.create_index("ix_consultant_links_candidate", "consultant_links", ["candidate_id"])
    op.create_table(
        "shares",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.Column("include_reflection", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE",
                                name="fk_shares_interview_id_interviews"),
        _user_fk("consultant_id", "shares"),
        sa.PrimaryKeyConstraint("interview_id", "consultant_id", name="pk_shares"),
    )
    op.create_index("ix_shares_consultant", "shares", ["consultant_id"])
    op.create_table(
        "shared_agenda",
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        _user_fk("consultant_id", "shared_agenda"),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], ondelete="CASCADE",
                                name="fk_shared_agenda_action_id_actions"),
        _user_fk("candidate_id", "shared_agenda"),
        sa.PrimaryKeyConstraint("consultant_id", "action_id", name="pk_shared_agenda"),
    )
    op.create_index("ix_shared_agenda_consultant_due", "shared_agenda",
                    ["consultant_id", "due_at"])
    op.create_index("ix_shared_agenda_action", "shared_agenda", ["action_id"])
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        _user_fk("user_id", "sessions"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sessions"),
    )
    op.create_index("ix_sessions_user", "sessions", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handle", sa.String(120), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_handle_at", "login_attempts", ["handle", "at"])
    op.create_index("ix_login_attempts_client_at", "login_attempts", ["client", "at"])
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("action_key", sa.String(160), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        _user_fk("recipient_id", "inbox"),
        _user_fk("sender_id", "inbox"),
        sa.ForeignKeyConstraint(["interview_id"], ["interviews.id"], ondelete="CASCADE",
                                name="fk_inbox_interview_id_interviews"),
        sa.PrimaryKeyConstraint("id", name="pk_inbox"),
        sa.UniqueConstraint("recipient_id", "interview_id", "action_key",
                            name="uq_inbox_recipient_id_interview_id_action_key"),
    )
    op.create_index("ix_inbox_recipient_created", "inbox", ["recipient_id", "created_at"])
    op.create_table(
        "mail_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(320), nullable=True),
        sa.Column("tls", sa.String(16), nullable=False),
        sa.Column("sent_folder", sa.String(200), nullable=True),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _user_fk("owner_id", "mail_accounts"),
        sa.PrimaryKeyConstraint("id", name="pk_mail_accounts"),
        sa.UniqueConstraint("owner_id", "kind", name="uq_mail_accounts_owner_id_kind"),
    )


def downgrade() -> None:
    for table in ("mail_accounts", "inbox", "login_attempts", "sessions", "shared_agenda",
                  "shares", "consultant_links"):
        op.drop_table(table)
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_firm_role")
        batch.drop_constraint("fk_users_firm_id_firms", type_="foreignkey")
        for column in ("active", "password_hash", "email", "firm_id", "role"):
            batch.drop_column(column)
    op.drop_table("firms")
