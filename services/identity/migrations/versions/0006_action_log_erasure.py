"""identity: the action log's one controlled change — pseudonymising an erased person (I6)

The log stays append-only (no DELETE, no TRUNCATE, no UPDATE) with one exception, allowed by
the database itself: while the erasure of a person runs, its transaction holds a row naming
them in ``action_log_erasures`` (inserted and removed in that same transaction, so no other
transaction ever sees it), and an UPDATE of an entry that person made or that is about them
passes — if it changes nothing but the actor's name, the address, the client and the
summary. Everything else is refused as before (docs/architecture.md «Action log»).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 04:30:00
"""
from alembic import op
import sqlalchemy as sa
import kit.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

REFUSAL = "action_log is append-only"
#: an UPDATE passes only for a person being erased, and only if the entry's facts stay
ALLOWED = """EXISTS (SELECT 1 FROM action_log_erasures e WHERE e.user_id = OLD.actor_id OR e.user_id = OLD.object_id)
    AND NEW.event_id = OLD.event_id AND NEW.occurred_at = OLD.occurred_at AND NEW.recorded_at = OLD.recorded_at
    AND NEW.service = OLD.service AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type
    AND NEW.object_id = OLD.object_id AND NEW.actor_id = OLD.actor_id
    AND NEW.account_id {same} OLD.account_id AND NEW.actor_account_id {same} OLD.actor_account_id
    AND NEW.actor_roles {same} OLD.actor_roles"""


def upgrade() -> None:
    op.create_table('action_log_erasures',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('started_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_action_log_erasures'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE OR REPLACE FUNCTION action_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND {allowed} THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '{refusal}' USING ERRCODE = 'insufficient_privilege';
            END $$""".format(allowed=ALLOWED.format(same="IS NOT DISTINCT FROM"), refusal=REFUSAL))
    else:
        op.execute("DROP TRIGGER IF EXISTS action_log_no_update")
        op.execute("CREATE TRIGGER action_log_no_update BEFORE UPDATE ON action_log WHEN NOT ({}) "
                   "BEGIN SELECT RAISE(ABORT, '{}'); END".format(ALLOWED.format(same="IS"), REFUSAL))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE OR REPLACE FUNCTION action_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{}' USING ERRCODE = 'insufficient_privilege';
            END $$""".format(REFUSAL))
    else:
        op.execute("DROP TRIGGER IF EXISTS action_log_no_update")
        op.execute("CREATE TRIGGER action_log_no_update BEFORE UPDATE ON action_log "
                   "BEGIN SELECT RAISE(ABORT, '{}'); END".format(REFUSAL))
    op.drop_table('action_log_erasures')
