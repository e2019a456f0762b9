"""billing: paying an order by invoice — order invoices (numbered per year on the kit's
counters table), imported bank statements and their lines (issue 11, item 9)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 01:03:45.841911
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from sqlalchemy.dialects import postgresql

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bank_statements',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=True),
    sa.Column('date_to', sa.Date(), nullable=True),
    sa.Column('account', sa.String(length=20), nullable=True),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('new_lines', sa.Integer(), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('imported_by', sa.String(length=36), nullable=True),
    sa.Column('imported_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_statements'))
    )
    with op.batch_alter_table('bank_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_statements_sha256'), ['sha256'], unique=False)

    op.create_table('order_invoices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('order_number', sa.BigInteger(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=True),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('payer_id', sa.String(length=36), nullable=False),
    sa.Column('payer_inn', sa.String(length=12), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('service_name', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('lines', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('payer', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('seller', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('issued_by', sa.String(length=36), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('requested_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('issued_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('paid_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_invoices')),
    sa.UniqueConstraint('number', name=op.f('uq_order_invoices_number')),
    sa.UniqueConstraint('order_number', name=op.f('uq_order_invoices_order_number'))
    )
    with op.batch_alter_table('order_invoices', schema=None) as batch_op:
        batch_op.create_index('ix_order_invoices_account', ['account_id', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_invoices_payer_id'), ['payer_id'], unique=False)
        batch_op.create_index('ix_order_invoices_status', ['status', 'requested_at'], unique=False)

    op.create_table('statement_lines',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('doc_number', sa.String(length=30), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('payer_inn', sa.String(length=12), nullable=False),
    sa.Column('payer_name', sa.String(length=300), nullable=False),
    sa.Column('payer_account', sa.String(length=20), nullable=False),
    sa.Column('purpose', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('invoice_id', sa.String(length=36), nullable=True),
    sa.Column('payment_id', sa.String(length=36), nullable=True),
    sa.Column('resolved_by', sa.String(length=36), nullable=True),
    sa.Column('resolved_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['bank_statements.id'], name=op.f('fk_statement_lines_statement_id_bank_statements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_lines')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_statement_lines_fingerprint'))
    )
    with op.batch_alter_table('statement_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_lines_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_lines_statement_id'), ['statement_id'], unique=False)
        batch_op.create_index('ix_statement_lines_status', ['status', 'doc_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('statement_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_statement_lines_status')
        batch_op.drop_index(batch_op.f('ix_statement_lines_statement_id'))
        batch_op.drop_index(batch_op.f('ix_statement_lines_invoice_id'))

    op.drop_table('statement_lines')
    with op.batch_alter_table('order_invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_order_invoices_status')
        batch_op.drop_index(batch_op.f('ix_order_invoices_payer_id'))
        batch_op.drop_index('ix_order_invoices_account')

    op.drop_table('order_invoices')
    with op.batch_alter_table('bank_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_statements_sha256'))

    op.drop_table('bank_statements')
