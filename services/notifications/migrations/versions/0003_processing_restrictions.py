"""notifications: people who restricted the processing of their data (I6)

Identity announces a restriction (``processing_restriction_changed``); notifications keeps
the newest and sends such a person essential notices only.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import kit.types

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('processing_restrictions',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('restricted', sa.Boolean(), nullable=False),
    sa.Column('as_of', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_processing_restrictions'))
    )


def downgrade() -> None:
    op.drop_table('processing_restrictions')
