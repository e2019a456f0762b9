"""billing: the credit-limit cycle — invoices, blocked accounts, invoiced expenses (B9)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 23:43:05.754495
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from kit.migration_ops import create_number_sequence, drop_number_sequence
from sqlalchemy.dialects import postgresql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_number_sequence("invoice", 1)
    op.create_table('invoices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('block_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('notices', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('next_action_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('paid_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoices')),
    sa.UniqueConstraint('account_id', 'period_start', name='uq_invoices_account_period'),
    sa.UniqueConstraint('number', name=op.f('uq_invoices_number'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoices_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_invoices_next_action', ['status', 'next_action_at'], unique=False)

    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invoice_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_expenses_invoice_id'), ['invoice_id'], unique=False)

    with op.batch_alter_table('personal_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked_at', kit.types.UtcDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('personal_accounts', schema=None) as batch_op:
        batch_op.drop_column('blocked_at')

    with op.batch_alter_table('expenses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expenses_invoice_id'))
        batch_op.drop_column('invoice_id')

    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_invoices_next_action')
        batch_op.drop_index(batch_op.f('ix_invoices_account_id'))

    op.drop_table('invoices')
    drop_number_sequence("invoice")
