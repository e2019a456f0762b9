"""The kit's side of I6: CSV cells, and the people copy a service forgets on erasure."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from kit import people
from kit.db import new_metadata
from kit.personal_data import rows, text

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def test_values_become_csv_cells():
    assert text(None) == "" and text(True) == "true" and text(1500) == "1500"
    assert text(T0) == "2026-12-01T12:00:00+00:00"
    assert text({"b": 1, "a": "я"}) == '{"a": "я", "b": 1}'

    class Record:
        number, status = 7, "done"

    assert rows([Record(), {"number": 8}], ("number", "status")) == [
        {"number": "7", "status": "done"}, {"number": "8", "status": ""}]


def session() -> Session:
    engine = create_engine("sqlite://")
    new_metadata(people=True).create_all(engine)
    return Session(engine)


def test_erasure_blanks_the_copy_and_a_late_older_event_restores_nothing():
    with session() as db:
        view = {"user_id": "u1", "account_id": "a1", "full_name": "Джил Фейри", "email": "j@example.com",
                "phone": "+79990001122", "language": "en", "roles": ["client"]}
        people.remember(db, view, "active", T0)
        assert people.export(db, "u1")[0]["email"] == "j@example.com"

        assert people.erase(db, "u1", T0 + timedelta(minutes=5)) == 1
        erased = people.get(db, ["u1"])["u1"]
        assert erased["full_name"] == "" and erased["email"] is None and erased["phone"] is None
        assert erased["roles"] == [] and erased["status"] == "deleted"

        people.remember(db, view, None, T0 + timedelta(minutes=1))  # user_updated from before the erasure
        assert people.get(db, ["u1"])["u1"]["email"] is None


def test_erasing_someone_never_seen_leaves_a_tombstone():
    with session() as db:
        people.erase(db, "u2", T0)
        people.remember(db, {"user_id": "u2", "full_name": "Late", "email": "late@example.com"}, "active",
                        T0 - timedelta(seconds=1))
        assert people.get(db, ["u2"])["u2"]["status"] == "deleted"
        assert people.get(db, ["u2"])["u2"]["email"] is None
