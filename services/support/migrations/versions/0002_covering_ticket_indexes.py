"""support: the tickets' scope indexes carry what the list's count and the analytics read

The list (S2) counts, and the analytics (S6) group, the tickets of each alternative of the
caller's scope (their own, their organisations', a department's…) one alternative at a time
(``store.disjoint``). With the columns those statements read and exclude by in the index
(``INCLUDE``, PostgreSQL; SQLite has no such clause and keeps the plain index), PostgreSQL
answers them with index-only scans instead of visiting every ticket's row
(``bench/support_tickets.py``).

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

INDEXES = {
    "ix_tickets_organisation_created": (["organisation_id", "created_at"],
                                        ["number", "status", "object_id", "deadline", "resolved_at", "author_id"]),
    "ix_tickets_department_created": (["department_id", "created_at"],
                                      ["number", "status", "object_id", "deadline", "resolved_at", "assignee_id",
                                       "organisation_id"]),
    "ix_tickets_author_created": (["author_id", "created_at"],
                                  ["number", "status", "object_id", "deadline", "resolved_at"]),
}


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        for name, (columns, include) in INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False, postgresql_include=include)


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        for name, (columns, _include) in INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
