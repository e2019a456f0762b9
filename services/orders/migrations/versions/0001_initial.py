"""orders: catalog, orders, chat, access, people

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 00:09:46.674540
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from kit.migration_ops import create_kit_tables, drop_kit_tables
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables()
    if op.get_bind().dialect.name == "postgresql":
        # order numbers people see (models.ORDER_NUMBERS); SQLite counts in `counters`
        op.execute("CREATE SEQUENCE order_number_seq START WITH 1010001")
    op.create_table('catalog_services',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('tariffs', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('items', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('extras', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('rooms', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('fields', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('event', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('additional_services', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_services'))
    )
    with op.batch_alter_table('catalog_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_services_kind'), ['kind'], unique=False)

    op.create_table('counters',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counters'))
    )
    op.create_table('people',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('full_name', sa.String(length=201), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('roles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('as_of', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_people'))
    )
    op.create_table('orders',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('service_id', sa.String(length=36), nullable=False),
    sa.Column('service_name', sa.String(length=200), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('applicant_id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=False),
    sa.Column('executor_id', sa.String(length=36), nullable=True),
    sa.Column('payer_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('paid', sa.BigInteger(), nullable=False),
    sa.Column('refunded', sa.BigInteger(), nullable=False),
    sa.Column('starts_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('ends_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('room_id', sa.String(length=64), nullable=True),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('deadline', kit.types.UtcDateTime(), nullable=True),
    sa.Column('auto_confirm_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('attended_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('checked_in_by', sa.String(length=36), nullable=True),
    sa.Column('ticket_code', sa.String(length=64), nullable=True),
    sa.Column('message_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['catalog_services.id'], name=op.f('fk_orders_service_id_catalog_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_orders_number'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_account_created', ['account_id', 'created_at'], unique=False)
        batch_op.create_index('ix_orders_applicant_created', ['applicant_id', 'created_at'], unique=False)
        batch_op.create_index('ix_orders_auto_confirm', ['status', 'auto_confirm_at'], unique=False)
        batch_op.create_index('ix_orders_executor', ['executor_id'], unique=False)
        batch_op.create_index('ix_orders_service_period', ['service_id', 'room_id', 'starts_at'], unique=False)

    op.create_table('service_managers',
    sa.Column('service_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['catalog_services.id'], name=op.f('fk_service_managers_service_id_catalog_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'user_id', name=op.f('pk_service_managers'))
    )
    with op.batch_alter_table('service_managers', schema=None) as batch_op:
        batch_op.create_index('ix_service_managers_user', ['user_id'], unique=False)

    op.create_table('access_grants',
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('granted_by', sa.String(length=36), nullable=False),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_access_grants_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('order_id', 'user_id', name=op.f('pk_access_grants'))
    )
    with op.batch_alter_table('access_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_grants_user_id'), ['user_id'], unique=False)

    op.create_table('chat_reads',
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('last_read_seq', sa.Integer(), nullable=False),
    sa.Column('unread', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_chat_reads_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('order_id', 'user_id', name=op.f('pk_chat_reads'))
    )
    with op.batch_alter_table('chat_reads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_reads_user_id'), ['user_id'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('author_kind', sa.String(length=10), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('system_code', sa.String(length=50), nullable=True),
    sa.Column('system_params', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_messages_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages')),
    sa.UniqueConstraint('order_id', 'seq', name='uq_messages_order_seq')
    )
    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_lines_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines'))
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_order_id'), ['order_id'], unique=False)

    op.create_table('order_payments',
    sa.Column('payment_id', sa.String(length=64), nullable=False),
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('payment_number', sa.String(length=64), nullable=True),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('paid_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_payments_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('payment_id', name=op.f('pk_order_payments'))
    )
    with op.batch_alter_table('order_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_payments_order_id'), ['order_id'], unique=False)

    op.create_table('order_refunds',
    sa.Column('refund_id', sa.String(length=64), nullable=False),
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('payment_id', sa.String(length=64), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('destination', sa.String(length=20), nullable=True),
    sa.Column('completed_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_refunds_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('refund_id', name=op.f('pk_order_refunds'))
    )
    with op.batch_alter_table('order_refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_refunds_order_id'), ['order_id'], unique=False)

    op.create_table('share_links',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('order_id', sa.String(length=36), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_share_links_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_links')),
    sa.UniqueConstraint('order_id', name=op.f('uq_share_links_order_id')),
    sa.UniqueConstraint('token', name=op.f('uq_share_links_token'))
    )
    op.create_table('attachments',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('uploader_id', sa.String(length=36), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_attachments_message_id_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_uploader_id'), ['uploader_id'], unique=False)



def downgrade() -> None:
    drop_kit_tables()
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_uploader_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_message_id'))

    op.drop_table('attachments')
    op.drop_table('share_links')
    with op.batch_alter_table('order_refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_refunds_order_id'))

    op.drop_table('order_refunds')
    with op.batch_alter_table('order_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_payments_order_id'))

    op.drop_table('order_payments')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_order_id'))

    op.drop_table('order_lines')
    op.drop_table('messages')
    with op.batch_alter_table('chat_reads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_reads_user_id'))

    op.drop_table('chat_reads')
    with op.batch_alter_table('access_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_grants_user_id'))

    op.drop_table('access_grants')
    with op.batch_alter_table('service_managers', schema=None) as batch_op:
        batch_op.drop_index('ix_service_managers_user')

    op.drop_table('service_managers')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_service_period')
        batch_op.drop_index('ix_orders_executor')
        batch_op.drop_index('ix_orders_auto_confirm')
        batch_op.drop_index('ix_orders_applicant_created')
        batch_op.drop_index('ix_orders_account_created')

    op.drop_table('orders')
    op.drop_table('people')
    op.drop_table('counters')
    with op.batch_alter_table('catalog_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_services_kind'))

    op.drop_table('catalog_services')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE order_number_seq")
