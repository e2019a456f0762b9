"""Statements every service's ``store.py`` needs and writes the same way on PostgreSQL and
SQLite: insert-or-ignore, and number sequences people see (order 1010001, payment 1001).
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, String, Table, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from kit.types import NAMING_CONVENTION

_metadata = MetaData(naming_convention=NAMING_CONVENTION)

#: SQLite has no sequences: one row per sequence, incremented under the database's one writer.
COUNTERS = Table(
    "counters", _metadata,
    Column("name", String(50), primary_key=True),
    Column("value", BigInteger, nullable=False),
)


def define_counters(metadata: MetaData) -> None:
    """Give a service that numbers things the counters table (``new_metadata(numbers=True)``)."""
    COUNTERS.to_metadata(metadata)


def dialect(session) -> str:
    return session.get_bind().dialect.name


def insert_ignore(session, table, **values) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING``: two first uses at once both succeed, one row
    stays. ``table`` is a mapped class or a Table; True when this call inserted the row."""
    insert = postgresql.insert if dialect(session) == "postgresql" else sqlite.insert
    result = session.execute(insert(table).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)


def sequence_name(name: str) -> str:
    return "{}_numbers".format(name)


def next_number(session, name: str, start: int) -> int:
    """The next number of the sequence ``name``: unique and increasing, separate from
    primary keys. PostgreSQL: the sequence ``<name>_numbers`` (made by
    :func:`kit.migration_ops.create_number_sequence`), which holds no lock until commit;
    SQLite: a counters row."""
    if dialect(session) == "postgresql":
        return int(session.execute(text("SELECT nextval('{}')".format(sequence_name(name)))).scalar_one())
    value = session.execute(update(COUNTERS).where(COUNTERS.c.name == name)
                            .values(value=COUNTERS.c.value + 1).returning(COUNTERS.c.value)).scalar()
    if value is None:
        insert_ignore(session, COUNTERS, name=name, value=start - 1)
        return next_number(session, name, start)
    return int(value)


def next_counter(session, name: str, start: int = 1) -> int:
    """The next number of the counter ``name`` on the counters table, on PostgreSQL as on
    SQLite (``new_metadata(numbers=True)``): gapless, for numbers that must not skip (an
    invoice's number within its year, ``"order_invoice:2026"``). The counter's row stays
    locked until the transaction ends, so concurrent issuers take turns and a rolled-back
    one gives its number back; the first use of a name inserts its row (two first uses at
    once: one insert wins, both then increment)."""
    value = session.execute(update(COUNTERS).where(COUNTERS.c.name == name)
                            .values(value=COUNTERS.c.value + 1).returning(COUNTERS.c.value)).scalar()
    if value is None:
        insert_ignore(session, COUNTERS, name=name, value=start - 1)
        return next_counter(session, name, start)
    return int(value)


def current_number(session, name: str) -> int | None:
    """The last number handed out (None before the first); for tests and migrations."""
    if dialect(session) == "postgresql":
        row = session.execute(text("SELECT last_value, is_called FROM {}".format(sequence_name(name)))).one()
        return int(row[0]) if row[1] else None
    return session.execute(select(COUNTERS.c.value).where(COUNTERS.c.name == name)).scalar()
