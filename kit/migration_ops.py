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


# --- stored search columns (issue 13: text folded in Python, the same on every store) -----------

def _fold(text) -> str:
    """``kit.people.search_form`` as it was when the search columns were added (frozen: a
    migration must fill what that version's code would have written)."""
    text = (text or "").casefold().replace("ё", "е")
    return " ".join(text.split())


def add_search_column(table: str, column: str, key: str, sources: tuple, *, length: int | None = None) -> None:
    """Add ``table.column`` (text, '' by default) unless it is there already (the people
    table's first migration creates it from the kit's current definition) and fill it for
    the rows there: each of ``sources`` folded, one per line (``kit.people.search_text``)."""
    import sqlalchemy as sa

    bind = op.get_bind()
    if column not in {c["name"] for c in sa.inspect(bind).get_columns(table)}:
        kind = sa.String(length) if length else sa.Text()
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column(column, kind, nullable=False, server_default=""))
    rows = sa.table(table, sa.column(key), sa.column(column), *(sa.column(name) for name in sources))
    for found in bind.execute(sa.select(rows.c[key], *(rows.c[name] for name in sources))).all():
        text = "\n".join(_fold(part) for part in found[1:] if part)
        if text:
            bind.execute(rows.update().where(rows.c[key] == found[0]).values({column: text}))


def drop_search_column(table: str, column: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_column(column)
