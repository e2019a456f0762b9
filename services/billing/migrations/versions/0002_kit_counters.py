"""billing: the kit's counters table (kit.store.COUNTERS: name up to 50 characters)

Billing counted its own numbers in a ``counters`` table of its own with 30-character names;
the kit's table (``new_metadata(numbers=True)``), which ``kit.store.next_number`` uses on
SQLite, has 50. PostgreSQL numbers come from the ``payment_numbers`` / ``payer_numbers``
sequences, unchanged.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("counters") as batch:
        batch.alter_column("name", existing_type=sa.String(length=30), type_=sa.String(length=50),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("counters") as batch:
        batch.alter_column("name", existing_type=sa.String(length=50), type_=sa.String(length=30),
                           existing_nullable=False)
