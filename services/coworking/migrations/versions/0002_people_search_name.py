"""coworking: people searched in a stored folded name

Text a list's ``q`` searches is folded in Python when it is written (``kit.people.search_form``:
case-folded, ё as е) and kept beside it, as ``users.search_name`` and ``catalog_services.search_name``
are, instead of being folded by the database at query time (``lower()``): SQLite's folds ASCII
only, so a search for «МАР» found Russian text on PostgreSQL but not on SQLite (issue 13, items
6 and 10). The rows already there are filled here.

Revision ID: 0002
Revises: 0001
"""
from kit.migration_ops import add_search_column, drop_search_column

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_search_column('people', 'search_name', 'user_id', ('full_name',), length=201)


def downgrade() -> None:
    drop_search_column('people', 'search_name')
