"""billing: completion acts of a month's expenses (B10)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 01:08:36.848631
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from kit.migration_ops import create_number_sequence, drop_number_sequence


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_number_sequence("act", 1)
    op.create_table('acts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('payer_id', sa.String(length=36), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_acts')),
    sa.UniqueConstraint('account_id', 'period_start', name='uq_acts_account_period'),
    sa.UniqueConstraint('number', name=op.f('uq_acts_number'))
    )
    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acts_account_id'), ['account_id'], unique=False)

    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expenses_act_id'), ['act_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expenses_act_id'))

    with op.batch_alter_table('acts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acts_account_id'))

    op.drop_table('acts')
    drop_number_sequence("act")
