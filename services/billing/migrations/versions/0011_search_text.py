"""billing: payments, ledger entries and expenses searched in stored folded text

Text a list's ``q`` searches is folded in Python when it is written (``kit.people.search_form``:
case-folded, ё as е) and kept beside it, as ``users.search_name`` and ``catalog_services.search_name``
are, instead of being folded by the database at query time (``lower()``): SQLite's folds ASCII
only, so a search for «МАР» found Russian text on PostgreSQL but not on SQLite (issue 13, items
6 and 10). The rows already there are filled here.

Revision ID: 0011
Revises: 0010
"""
from kit.migration_ops import add_search_column, drop_search_column

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_search_column('payments', 'search_text', 'id', ('description',))
    add_search_column('ledger_entries', 'search_text', 'id', ('description',))
    add_search_column('expenses', 'search_text', 'id', ('name',))


def downgrade() -> None:
    for table in ('expenses', 'ledger_entries', 'payments'):
        drop_search_column(table, 'search_text')
