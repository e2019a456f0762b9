"""coworking: spaces, workplaces, tickets, invitations, people

Revision ID: 0001
Revises: 
Create Date: 2026-11-30 22:22:32.168212
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from kit.migration_ops import create_kit_tables, create_number_sequence, drop_kit_tables, drop_number_sequence
from sqlalchemy.dialects import postgresql

#: a workplace never holds two tickets with overlapping periods unless one is cancelled or
#: released (C2) — enforced here, in the database, whatever the code does
EXCLUSION = """
ALTER TABLE tickets ADD CONSTRAINT ex_tickets_workplace_period
EXCLUDE USING gist (workplace_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
WHERE (status NOT IN ('cancelled', 'released'))
"""
#: SQLite has no exclusion constraints: triggers refuse the same overlaps (half-open periods)
SQLITE_OVERLAP = """
CREATE TRIGGER tickets_no_overlap_{when} BEFORE {event} ON tickets
WHEN NEW.status NOT IN ('cancelled', 'released')
BEGIN
    SELECT RAISE(ABORT, 'workplace_taken: ex_tickets_workplace_period')
    WHERE EXISTS (
        SELECT 1 FROM tickets AS other
        WHERE other.workplace_id = NEW.workplace_id AND other.id != NEW.id
          AND other.status NOT IN ('cancelled', 'released')
          AND other.starts_at < NEW.ends_at AND NEW.starts_at < other.ends_at);
END
"""

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    create_kit_tables(numbers=True, people=True)
    create_number_sequence("ticket", 1)
    op.create_table('spaces',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('service_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spaces'))
    )
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spaces_service_id'), ['service_id'], unique=False)

    op.create_table('workplaces',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('space_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('in_service', sa.Boolean(), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_workplaces_space_id_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplaces'))
    )
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplaces_space_id'), ['space_id'], unique=False)

    op.create_table('tickets',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('order_number', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('order_status', sa.String(length=40), nullable=True),
    sa.Column('order_status_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('hold_expires_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('space_id', sa.String(length=36), nullable=False),
    sa.Column('workplace_id', sa.String(length=36), nullable=False),
    sa.Column('starts_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('visitor_id', sa.String(length=36), nullable=False),
    sa.Column('visitor_search', sa.String(length=201), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('service_id', sa.String(length=36), nullable=False),
    sa.Column('service_name', sa.String(length=200), nullable=False),
    sa.Column('tariff', kit.types.JsonType, nullable=True),
    sa.Column('variant', kit.types.JsonType, nullable=True),
    sa.Column('modifiers', kit.types.JsonType, nullable=False),
    sa.Column('validated_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('validated_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_tickets_space_id_spaces')),
    sa.ForeignKeyConstraint(['workplace_id'], ['workplaces.id'], name=op.f('fk_tickets_workplace_id_workplaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('number', name=op.f('uq_tickets_number')),
    sa.UniqueConstraint('order_number', name=op.f('uq_tickets_order_number'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_period', ['starts_at', 'ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_space_id'), ['space_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_tickets_visitor_id'), ['visitor_id'], unique=False)
        batch_op.create_index('ix_tickets_workplace_period', ['workplace_id', 'starts_at', 'ends_at'], unique=False)
        batch_op.create_index('ix_tickets_visitor_search_trgm', ['visitor_search'], unique=False,
                              postgresql_using='gin', postgresql_ops={'visitor_search': 'gin_trgm_ops'})

    op.create_table('invitations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('ticket_id', sa.String(length=36), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('accepted_by', sa.String(length=36), nullable=True),
    sa.Column('accepted_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_invitations_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_ticket_id'), ['ticket_id'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute(EXCLUSION)
        # C4's filters stay fast however long the history: period overlap on a range index,
        # the visitor's partial name on a trigram index
        op.execute("CREATE INDEX ix_tickets_period_range ON tickets USING gist (tstzrange(starts_at, ends_at, '[)'))")
    else:
        op.execute(SQLITE_OVERLAP.format(when="insert", event="INSERT"))
        op.execute(SQLITE_OVERLAP.format(when="update", event="UPDATE OF workplace_id, starts_at, ends_at, status"))


def downgrade() -> None:
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_ticket_id'))

    op.drop_table('invitations')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_workplace_period')
        batch_op.drop_index(batch_op.f('ix_tickets_visitor_id'))
        batch_op.drop_index(batch_op.f('ix_tickets_status'))
        batch_op.drop_index(batch_op.f('ix_tickets_space_id'))
        batch_op.drop_index('ix_tickets_period')
        batch_op.drop_index('ix_tickets_visitor_search_trgm')

    op.drop_table('tickets')
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workplaces_space_id'))

    op.drop_table('workplaces')
    with op.batch_alter_table('spaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spaces_service_id'))

    op.drop_table('spaces')
    drop_number_sequence("ticket")
    drop_kit_tables(numbers=True, people=True)
