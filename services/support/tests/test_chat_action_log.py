"""A ticket message posted by a person is in the action log (issue 13 item 11): the fact — who,
on which ticket, from which address —, never its text, in the outbox of the message's own
transaction."""
from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from kit.context import Caller
from kit.db import Databases, new_metadata
from kit.outbox import OUTBOX
from services.support import events  # noqa: F401  (declares what support publishes)
from services.support.handlers import chat

AGENT = Caller(user_id="s1", roles=frozenset({"support_agent"}), ip="198.51.100.3", user_agent="b/2")


@pytest.fixture
def db(tmp_path, monkeypatch):
    databases = Databases("sqlite:///{}".format(tmp_path / "support.sqlite3"), "support")
    new_metadata().create_all(databases.engine)
    ticket = SimpleNamespace(id="t1", number=3000001, account_id="a1", subject="Не работает VPN", author_id="u1",
                             assignee_id="s1", department_id="d1", status="open",
                             first_replied_at=datetime(2026, 12, 1, tzinfo=timezone.utc))
    monkeypatch.setattr(chat, "visible_ticket", lambda session, caller, number, for_update: (
        ticket, SimpleNamespace(side="staff", staff=True)))
    monkeypatch.setattr(chat.store, "message_by_request", lambda session, user_id, key: None)
    monkeypatch.setattr(chat.store, "agent_ids", lambda session, department_id: ["s1"])
    monkeypatch.setattr(chat.states, "after_message", lambda status, side: None)
    monkeypatch.setattr(chat, "claim_attachments", lambda uow, caller, ids: [])
    monkeypatch.setattr(chat, "message_view", lambda message, people: {"text": message.text})
    yield databases
    databases.dispose()


def post(db, monkeypatch, fail=False) -> list[dict]:
    def stored(uow, ticket, **fields):
        if fail:
            raise RuntimeError("storing the message failed")
        return SimpleNamespace(id="m1", created_at=datetime(2026, 12, 1, tzinfo=timezone.utc), **fields)

    monkeypatch.setattr(chat, "post", stored)
    with db.unit_of_work(AGENT) as uow:
        chat.post_message(uow, AGENT, {"number": 3000001, "text": "Ваш пароль: hunter2"},
                          SimpleNamespace(people=lambda session: None))
    with db.engine.connect() as connection:
        return [p["data"] for p in connection.execute(select(OUTBOX.c.payload).where(
            OUTBOX.c.type == "action_recorded")).scalars()]


def test_a_message_is_recorded_without_its_text(db, monkeypatch):
    [entry] = post(db, monkeypatch)
    assert (entry["action"], entry["object_type"], entry["object_id"], entry["actor_id"], entry["account_id"],
            entry["ip"]) == ("support_ticket.message_posted", "support_ticket", "3000001", "s1", "a1", "198.51.100.3")
    assert "hunter2" not in str(entry) and entry["summary"] == "Сообщение в обращении №3000001"


def test_a_message_not_stored_records_nothing(db, monkeypatch):
    with pytest.raises(RuntimeError):
        post(db, monkeypatch, fail=True)
    with db.engine.connect() as connection:
        assert connection.execute(select(OUTBOX.c.id)).first() is None
