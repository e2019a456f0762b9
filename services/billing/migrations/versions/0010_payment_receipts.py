"""billing: the 54-FZ receipt sent with a provider payment (issue 13 item 10)

A payment started at YooKassa carries its receipt (customer, items with VAT code, payment
subject and mode). It is built once, when the payment is first started, and kept on the
payment, so a repeated request with the same Idempotence-Key (the janitor asking again
about a saved-method charge) sends the very same body. Null for payments without one
(the balance, a manager's, the sandbox's).

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('payments') as batch_op:
        batch_op.add_column(sa.Column('receipt', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()),
                                                                        'postgresql'), nullable=True))


def downgrade():
    with op.batch_alter_table('payments') as batch_op:
        batch_op.drop_column('receipt')
