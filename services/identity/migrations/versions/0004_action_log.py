"""identity: the action log (issue 13 item 11), append-only

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 02:11:51.261585
"""
from alembic import op
import sqlalchemy as sa
import kit.types

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

#: what the database says to a statement that would change the log
REFUSAL = "action_log is append-only"


def upgrade() -> None:
    op.create_table('action_log',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('occurred_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('recorded_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=80), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('actor_id', sa.String(length=36), nullable=False),
    sa.Column('actor_account_id', sa.String(length=36), nullable=True),
    sa.Column('actor_name', sa.String(length=300), nullable=False),
    sa.Column('actor_roles', kit.types.JsonType, nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_action_log'))
    )
    with op.batch_alter_table('action_log', schema=None) as batch_op:
        batch_op.create_index('ix_action_log_account_occurred', ['account_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_action_log_actor', ['actor_id'], unique=False)
        batch_op.create_index('ix_action_log_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index('ix_action_log_occurred', ['occurred_at'], unique=False)
    # Append-only in the database itself: UPDATE, DELETE (and TRUNCATE) are refused.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION action_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{}' USING ERRCODE = 'insufficient_privilege';
            END $$""".format(REFUSAL))
        op.execute("CREATE TRIGGER action_log_no_change BEFORE UPDATE OR DELETE ON action_log "
                   "FOR EACH ROW EXECUTE FUNCTION action_log_append_only()")
        op.execute("CREATE TRIGGER action_log_no_truncate BEFORE TRUNCATE ON action_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION action_log_append_only()")
    else:
        for statement in ("UPDATE", "DELETE"):
            op.execute("CREATE TRIGGER action_log_no_{0} BEFORE {1} ON action_log "
                       "BEGIN SELECT RAISE(ABORT, '{2}'); END".format(statement.lower(), statement, REFUSAL))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS action_log_no_truncate ON action_log")
        op.execute("DROP TRIGGER IF EXISTS action_log_no_change ON action_log")
        op.execute("DROP FUNCTION IF EXISTS action_log_append_only()")
    op.drop_table('action_log')
