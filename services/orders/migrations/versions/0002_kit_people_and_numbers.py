"""orders: the kit's people projection and number sequence

Orders' own copy of people becomes the kit's ``people`` table (kit/people.py: a
``language`` column, longer ``status``, an index on ``account_id``; every row kept), and
order numbers come from ``kit.store.next_number``: the PostgreSQL sequence
``order_number_seq`` is renamed ``order_numbers`` (its value kept), SQLite's counter row
``order_number`` becomes ``order``. The ``counters`` table already has the kit's shape.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=False, server_default='ru'))
        batch_op.alter_column('status', existing_type=sa.String(length=10), type_=sa.String(length=20),
                              existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_people_account_id'), ['account_id'], unique=False)
    with op.batch_alter_table('people', schema=None) as batch_op:
        # the kit writes every column itself: the default only filled the rows already there
        batch_op.alter_column('language', existing_type=sa.String(length=5), existing_nullable=False,
                              server_default=None)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER SEQUENCE order_number_seq RENAME TO order_numbers")
    op.execute("UPDATE counters SET name = 'order' WHERE name = 'order_number'")


def downgrade() -> None:
    op.execute("UPDATE counters SET name = 'order_number' WHERE name = 'order'")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER SEQUENCE order_numbers RENAME TO order_number_seq")
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_account_id'))
        batch_op.alter_column('status', existing_type=sa.String(length=20), type_=sa.String(length=10),
                              existing_nullable=False)
        batch_op.drop_column('language')
