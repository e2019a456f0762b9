"""identity: the action log searched in stored folded text

Text a list's ``q`` searches is folded in Python when it is written (``kit.people.search_form``:
case-folded, ё as е) and kept beside it, as ``users.search_name`` and ``catalog_services.search_name``
are, instead of being folded by the database at query time (``lower()``): SQLite's folds ASCII
only, so a search for «МАР» found Russian text on PostgreSQL but not on SQLite (issue 13, items
6 and 10). The rows already there are filled here: the log is append-only in the database
(migration 0004's triggers), so the refusal of UPDATE is lifted for this one fill and put back
as it was, within the migration's transaction.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

from kit.migration_ops import add_search_column, drop_search_column

REFUSAL = "action_log is append-only"


def _refusing_updates(refuse: bool) -> None:
    """Migration 0004's trigger that refuses UPDATE on the log: dropped or made again."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE TRIGGER action_log_no_change BEFORE UPDATE OR DELETE ON action_log "
                   "FOR EACH ROW EXECUTE FUNCTION action_log_append_only()" if refuse
                   else "DROP TRIGGER IF EXISTS action_log_no_change ON action_log")
    elif refuse:  # both (SQLite's batch mode may have made the table anew, without them)
        for statement in ("UPDATE", "DELETE"):
            op.execute("CREATE TRIGGER IF NOT EXISTS action_log_no_{0} BEFORE {1} ON action_log "
                       "BEGIN SELECT RAISE(ABORT, '{2}'); END".format(statement.casefold(), statement, REFUSAL))
    else:
        op.execute("DROP TRIGGER IF EXISTS action_log_no_update")

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    _refusing_updates(False)
    add_search_column('action_log', 'search_text', 'event_id', ('summary', 'actor_name', 'action', 'object_id'))
    _refusing_updates(True)


def downgrade() -> None:
    _refusing_updates(False)
    drop_search_column('action_log', 'search_text')
    _refusing_updates(True)
