"""identity: personal-data requests (I6) and the restriction of processing

A person's export, erasure and restriction requests with each service's part, and the
flag notifications respect when processing is restricted.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import kit.types
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('processing_restricted', sa.Boolean(), server_default='0', nullable=False))
    op.create_table('data_requests',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', kit.types.UtcDateTime(), nullable=False),
    sa.Column('completed_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('file', sa.LargeBinary(), nullable=True),
    sa.Column('filename', sa.String(length=100), nullable=True),
    sa.Column('download_digest', sa.String(length=64), nullable=True),
    sa.Column('download_expires_at', kit.types.UtcDateTime(), nullable=True),
    sa.Column('downloaded_at', kit.types.UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_requests')),
    sa.UniqueConstraint('download_digest', name=op.f('uq_data_requests_download_digest'))
    )
    op.create_index('ix_data_requests_user_created', 'data_requests', ['user_id', 'created_at'], unique=False)
    op.create_table('data_request_parts',
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('content', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('done_at', kit.types.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['data_requests.id'], name=op.f('fk_data_request_parts_request_id_data_requests'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'service', name=op.f('pk_data_request_parts'))
    )


def downgrade() -> None:
    op.drop_table('data_request_parts')
    op.drop_index('ix_data_requests_user_created', table_name='data_requests')
    op.drop_table('data_requests')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('processing_restricted')
