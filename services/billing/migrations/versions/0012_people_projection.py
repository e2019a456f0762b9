"""billing: the kit's people projection (issue 13 item 8: names on payments lists and exports)

Billing keeps identity's people as orders and support do (kit/people.py: the ``people``
table, written from identity's person events), so its payments list and CSV export show
who paid and who recorded a payment, and ``q`` finds payments by a person's name or by the payer's name
or contact person (``payers.search_text``, folded in Python like every searched text).

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
import kit.types
from kit.migration_ops import add_search_column, drop_search_column

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=True),
    sa.Column('full_name', sa.String(length=201), nullable=False),
    sa.Column('search_name', sa.String(length=201), server_default='', nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('roles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('as_of', kit.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_account_id'), ['account_id'], unique=False)
    # a payment is found by its payer's name or contact person too, folded in Python
    add_search_column('payers', 'search_text', 'id', ('name', 'contact_person'))


def downgrade() -> None:
    drop_search_column('payers', 'search_text')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_account_id'))
    op.drop_table('people')
