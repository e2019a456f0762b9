"""orders: the catalog's names as searched (issue 13, item 6)

``catalog_services.search_name`` is the name case-folded in Python (``kit.people.search_form``),
kept with the name, so a search for «КОНСУЛЬТАЦИЯ» finds «Консультация бухгалтера» on SQLite
as on PostgreSQL (SQLite's ``lower()`` folds ASCII only). Existing names are folded here.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

from kit.people import search_form

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('catalog_services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_name', sa.String(length=400), nullable=False, server_default=''))
    services = sa.table('catalog_services', sa.column('id', sa.String), sa.column('name', sa.String),
                        sa.column('search_name', sa.String))
    connection = op.get_bind()
    for service_id, name in connection.execute(sa.select(services.c.id, services.c.name)).all():
        connection.execute(services.update().where(services.c.id == service_id)
                           .values(search_name=search_form(name)))


def downgrade() -> None:
    with op.batch_alter_table('catalog_services', schema=None) as batch_op:
        batch_op.drop_column('search_name')
