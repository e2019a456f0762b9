"""billing: services bought through the cart, their states, history and auto-renewal (B12, B7)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 23:28:23.005467
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from kit.migration_ops import create_number_sequence, drop_number_sequence
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_number_sequence("service", 10001)
    op.create_table('services',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('purchase_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('options', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('period_months', sa.Integer(), nullable=False),
    sa.Column('renewal_period_months', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('expires_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('auto_renew', sa.Boolean(), nullable=False),
    sa.Column('renew_method_id', sa.String(length=36), nullable=True),
    sa.Column('renewal_lead_days', sa.Integer(), nullable=False),
    sa.Column('renew_due_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_services_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('number', name=op.f('uq_services_number'))
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.create_index('ix_services_account', ['account_id', 'created_at'], unique=False)
        batch_op.create_index('ix_services_expiry', ['status', 'expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_services_purchase_id'), ['purchase_id'], unique=False)
        batch_op.create_index('ix_services_renew_due', ['renew_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_services_renew_method_id'), ['renew_method_id'], unique=False)

    op.create_table('service_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('service_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('expires_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_changes_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_changes'))
    )
    with op.batch_alter_table('service_changes', schema=None) as batch_op:
        batch_op.create_index('ix_service_changes_service', ['service_id', 'id'], unique=False)

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requires_setup', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('requires_setup')

    with op.batch_alter_table('service_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_service_changes_service')

    op.drop_table('service_changes')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_services_renew_method_id'))
        batch_op.drop_index('ix_services_renew_due')
        batch_op.drop_index(batch_op.f('ix_services_purchase_id'))
        batch_op.drop_index('ix_services_expiry')
        batch_op.drop_index('ix_services_account')

    op.drop_table('services')
    drop_number_sequence("service")
