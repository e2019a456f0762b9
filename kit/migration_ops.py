"""The kit's own tables (outbox, processed events) in a service's first migration.

Every service's database has them; they are defined once in :mod:`kit.outbox`.
"""
from __future__ import annotations

from alembic import op

from kit.outbox import OUTBOX, PROCESSED
from kit.people import PEOPLE
from kit.store import COUNTERS, sequence_name


def _kit_tables(numbers: bool, people: bool) -> list:
    return [OUTBOX, PROCESSED] + ([COUNTERS] if numbers else []) + ([PEOPLE] if people else [])


def create_kit_tables(*, numbers: bool = False, people: bool = False) -> None:
    """The kit's tables, as ``new_metadata(numbers=..., people=...)`` declares them."""
    for table in _kit_tables(numbers, people):
        table.create(op.get_bind())


def drop_kit_tables(*, numbers: bool = False, people: bool = False) -> None:
    for table in reversed(_kit_tables(numbers, people)):
        table.drop(op.get_bind())


def create_number_sequence(name: str, start: int) -> None:
    """The sequence :func:`kit.store.next_number` draws ``name``'s numbers from (PostgreSQL);
    on SQLite the counters row is made on first use."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE {} START WITH {}".format(sequence_name(name), int(start)))


def drop_number_sequence(name: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE {}".format(sequence_name(name)))


def create_counters_table() -> None:
    COUNTERS.create(op.get_bind())


def drop_counters_table() -> None:
    COUNTERS.drop(op.get_bind())
