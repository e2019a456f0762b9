"""billing: recurring products, promo codes, the cart and its checkouts (B11)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 23:21:16.411112
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from kit.migration_ops import create_number_sequence, drop_number_sequence
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_number_sequence("purchase", 5001)
    op.create_table('products',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('prices', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('options', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('renewal_lead_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('code', name=op.f('uq_products_code'))
    )
    op.create_table('promo_codes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('valid_from', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('valid_to', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('max_uses', sa.Integer(), nullable=True),
    sa.Column('max_uses_per_account', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promo_codes')),
    sa.UniqueConstraint('code', name=op.f('uq_promo_codes_code'))
    )
    op.create_table('purchases',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('payment_id', sa.String(length=36), nullable=True),
    sa.Column('subtotal', sa.BigInteger(), nullable=False),
    sa.Column('discount', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.Column('promo_code', sa.String(length=50), nullable=True),
    sa.Column('idempotency_key', sa.String(length=255), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('paid_at', kit.types.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchases')),
    sa.UniqueConstraint('account_id', 'idempotency_key', name='uq_purchases_account_key'),
    sa.UniqueConstraint('number', name=op.f('uq_purchases_number'))
    )
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.create_index('ix_purchases_account_created', ['account_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchases_payment_id'), ['payment_id'], unique=False)

    op.create_table('carts',
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('promo_code_id', sa.String(length=36), nullable=True),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['promo_code_id'], ['promo_codes.id'], name=op.f('fk_carts_promo_code_id_promo_codes')),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_carts'))
    )
    op.create_table('promo_uses',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('promo_code_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('purchase_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['promo_code_id'], ['promo_codes.id'], name=op.f('fk_promo_uses_promo_code_id_promo_codes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promo_uses'))
    )
    with op.batch_alter_table('promo_uses', schema=None) as batch_op:
        batch_op.create_index('ix_promo_uses_code_account', ['promo_code_id', 'account_id'], unique=False)

    op.create_table('purchase_lines',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('purchase_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('period_months', sa.Integer(), nullable=False),
    sa.Column('options', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('discount', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('vat', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_purchase_lines_purchase_id_purchases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_lines'))
    )
    with op.batch_alter_table('purchase_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_lines_purchase_id'), ['purchase_id'], unique=False)

    op.create_table('cart_items',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('period_months', sa.Integer(), nullable=False),
    sa.Column('options', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['carts.account_id'], name=op.f('fk_cart_items_account_id_carts')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_cart_items_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart_items'))
    )
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.create_index('ix_cart_items_account', ['account_id', 'created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.drop_index('ix_cart_items_account')

    op.drop_table('cart_items')
    with op.batch_alter_table('purchase_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_lines_purchase_id'))

    op.drop_table('purchase_lines')
    with op.batch_alter_table('promo_uses', schema=None) as batch_op:
        batch_op.drop_index('ix_promo_uses_code_account')

    op.drop_table('promo_uses')
    op.drop_table('carts')
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_index('ix_purchases_account_created')
        batch_op.drop_index(batch_op.f('ix_purchases_payment_id'))

    op.drop_table('purchases')
    op.drop_table('promo_codes')
    op.drop_table('products')
    drop_number_sequence("purchase")
