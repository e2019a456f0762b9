"""A chat message posted by a person is in the action log (issue 13 item 11): the fact — who,
on which order, from which address —, never its text, in the outbox of the message's own
transaction; staff's internal note is the platform's entry, which no account's administrator
sees."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from kit.context import Caller
from kit.db import Databases, new_metadata
from kit.outbox import OUTBOX
from services.orders import events  # noqa: F401  (declares what orders publishes)
from services.orders.handlers import chat

ORDER = SimpleNamespace(id="o1", number=1010001, account_id="a1")
CLIENT = Caller(user_id="u1", account_id="a1", roles=frozenset({"client"}), ip="203.0.113.7", user_agent="b/1")
MANAGER = Caller(user_id="m1", roles=frozenset({"rental_manager"}), ip="198.51.100.2")


@pytest.fixture
def db(tmp_path, monkeypatch):
    databases = Databases("sqlite:///{}".format(tmp_path / "orders.sqlite3"), "orders")
    new_metadata().create_all(databases.engine)
    monkeypatch.setattr(chat, "visible_order", lambda session, caller, number, for_update: (
        ORDER, SimpleNamespace(staff=caller.is_staff)))
    monkeypatch.setattr(chat, "message_view", lambda message, people, language: {"text": message.text})
    yield databases
    databases.dispose()


def posted(db, caller, monkeypatch, fail=False, **data) -> list[dict]:
    def post(uow, order, **fields):
        if fail:
            raise RuntimeError("storing the message failed")
        return SimpleNamespace(**fields)

    monkeypatch.setattr(chat, "post", post)
    deps = SimpleNamespace(people=lambda session: None)
    with db.unit_of_work(caller) as uow:
        chat.post_message(uow, caller, dict(number=ORDER.number, text="Пароль от Wi-Fi: 12345", **data), deps)
    with db.engine.connect() as connection:
        return [p["data"] for p in connection.execute(select(OUTBOX.c.payload).where(
            OUTBOX.c.type == "action_recorded").order_by(OUTBOX.c.id)).scalars()]


def test_a_message_is_recorded_without_its_text(db, monkeypatch):
    [entry] = posted(db, CLIENT, monkeypatch)
    assert (entry["action"], entry["object_type"], entry["object_id"], entry["actor_id"], entry["account_id"],
            entry["ip"]) == ("order.message_posted", "order", "1010001", "u1", "a1", "203.0.113.7")
    assert "12345" not in str(entry) and entry["summary"] == "Сообщение в чате заказа №1010001"


def test_staffs_internal_note_is_no_accounts_entry(db, monkeypatch):
    [entry] = posted(db, MANAGER, monkeypatch, visibility="internal")
    assert (entry["actor_id"], entry["account_id"]) == ("m1", None) and "(внутреннее)" in entry["summary"]


def test_a_message_not_stored_records_nothing(db, monkeypatch):
    with pytest.raises(RuntimeError):
        posted(db, CLIENT, monkeypatch, fail=True)
    with db.engine.connect() as connection:
        assert connection.execute(select(OUTBOX.c.id)).first() is None
