"""Lists search stored folded text (``kit.people.search_text``/``keeps_search_text``, the
people's ``search_name``), never text folded by the database: the same rows are found on
SQLite (whose ``lower()`` folds ASCII only) as on PostgreSQL — Cyrillic in any case, ё as е,
each word in one of the texts (never across two), ``%`` and ``_`` taken literally."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from kit import listing, people
from kit.db import make_engine

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


class Base(DeclarativeBase):
    metadata = sa.MetaData()


class Entry(Base):
    __tablename__ = "search_text_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(Text, default="")


people.keeps_search_text(Entry, "title", "note")
people.define_table(Base.metadata)

TITLES = {1: ("Оплата ЗАКАЗА №1007783", "Кофе и еда"), 2: ("Ёлочные игрушки", None),
          3: ("Скидка 100%_на всё", "promo"), 4: ("Monkey", "Grinder")}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def session(request, test_run, tmp_path_factory):
    url = ("sqlite:///{}".format(tmp_path_factory.mktemp("search") / "search.sqlite3") if request.param == "sqlite"
           else test_run.database_url("kit_search_text"))
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        for key, (title, note) in TITLES.items():
            session.add(Entry(id=key, title="Monkey business" if key == 4 else title, note=note))
        session.flush()
        session.get(Entry, 4).title = "MONKEY"  # an update keeps it too
        people.remember(session, {"id": "u1", "full_name": "Марина Семёнова"}, "active", NOW)
        people.remember(session, {"id": "u2", "full_name": "Ivan Stolpovsky"}, "active", NOW)
        session.commit()
        yield session
    Base.metadata.drop_all(engine)
    engine.dispose()


def found(session, q) -> list[int]:
    return list(session.execute(select(Entry.id).where(*listing.matching(q, [Entry.search_text]))
                                .order_by(Entry.id)).scalars())


@pytest.mark.parametrize("q, ids", [
    ("заказа", [1]), ("ОПЛАТА заказ", [1]), ("КОФЕ", [1]), ("елочные", [2]), ("ЁЛОЧНЫЕ", [2]),
    ("monkey grinder", [4]), ("business", []), ("100%_", [3]), ("%", [3]), ("_", [3]), ("все", [3]),
    ("еда ОПЛАТА", [1]),
    ("1007783кофе", []),   # the title's end and the note's start are two texts
    ("заказа елочные", []),
])
def test_a_search_finds_the_same_on_both_stores(session, q, ids):
    assert found(session, q) == ids


def test_the_stored_form_and_people_by_name(session):
    assert session.get(Entry, 1).search_text == "оплата заказа №1007783\nкофе и еда"
    assert session.get(Entry, 4).search_text == "monkey\ngrinder"
    for query, expected in (("семенова", ["u1"]), ("МАР сем", ["u1"]), ("stolp", ["u2"]), ("ИВАН", [])):
        conditions = people.name_matches(people.PEOPLE.c.user_id, query)
        assert sorted(session.execute(select(people.PEOPLE.c.user_id).where(*conditions)).scalars()) == expected
    people.erase(session, "u1", NOW)
    assert session.execute(select(people.PEOPLE.c.search_name).where(people.PEOPLE.c.user_id == "u1")).scalar() == ""
    session.rollback()
