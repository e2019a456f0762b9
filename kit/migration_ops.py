"""The kit's own tables (outbox, processed events) in a service's first migration.

Every service's database has them; they are defined once in :mod:`kit.outbox`.
"""
from __future__ import annotations

from alembic import op

from kit.outbox import OUTBOX, PROCESSED


def create_kit_tables() -> None:
    for table in (OUTBOX, PROCESSED):
        table.create(op.get_bind())


def drop_kit_tables() -> None:
    for table in (PROCESSED, OUTBOX):
        table.drop(op.get_bind())
