"""notifications: its own contacts become the kit's people table (kit.people), rows kept

``contacts`` is renamed ``people``; ``version_at`` (the time of the identity event the
row comes from) becomes the kit's ``as_of``; ``updated_at`` goes (the kit does not keep
it). Identity's events are now applied once per consumer ``notifications.people`` (was
``notifications.contacts``): an event seen under the old name and delivered again is
applied again, which changes nothing (the newest ``as_of`` wins, a deleted person's
devices are already gone).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import kit.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _rename_primary_key(table: str, old: str, new: str) -> None:
    if op.get_bind().dialect.name == "postgresql":  # SQLite keeps no constraint names to rename
        op.execute("ALTER TABLE {} RENAME CONSTRAINT {} TO {}".format(table, old, new))


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_account_id')
    op.rename_table('contacts', 'people')
    _rename_primary_key('people', 'pk_contacts', 'pk_people')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.alter_column('version_at', new_column_name='as_of', existing_nullable=False)
        batch_op.drop_column('updated_at')
        batch_op.create_index('ix_people_account_id', ['account_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index('ix_people_account_id')
        batch_op.add_column(sa.Column('updated_at', kit.types.UtcDateTime(), nullable=True))
        batch_op.alter_column('as_of', new_column_name='version_at', existing_nullable=False)
    op.execute("UPDATE people SET updated_at = version_at")
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.alter_column('updated_at', nullable=False)
    _rename_primary_key('people', 'pk_people', 'pk_contacts')
    op.rename_table('people', 'contacts')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_account_id', ['account_id'], unique=False)
