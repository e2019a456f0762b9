"""billing: autopay settings and attempts (B6)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 23:38:19.821440
"""
from alembic import op
import sqlalchemy as sa
import kit.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('autopay_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('payment_id', sa.String(length=36), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('balance', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=100), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_autopay_attempts'))
    )
    with op.batch_alter_table('autopay_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_autopay_attempts_account', ['account_id', 'created_at'], unique=False)

    op.create_table('autopay_settings',
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('method_id', sa.String(length=36), nullable=True),
    sa.Column('monthly_max', sa.BigInteger(), nullable=True),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('due_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_autopay_settings'))
    )
    with op.batch_alter_table('autopay_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_autopay_settings_due_at'), ['due_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('autopay_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_autopay_settings_due_at'))

    op.drop_table('autopay_settings')
    with op.batch_alter_table('autopay_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_autopay_attempts_account')

    op.drop_table('autopay_attempts')
