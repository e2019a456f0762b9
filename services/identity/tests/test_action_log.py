"""The action log's rules (who lists which entries) and its table: an entry recorded once per
event, and never changed or removed — refused by the database itself, PostgreSQL and SQLite."""
from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timezone

import pytest
from marshmallow import ValidationError
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from kit.context import Caller
from kit.db import Databases
from kit.errors import NotPermitted
from kit.migrate import upgrade
from kit.schemas import load
from services.identity import events as _events, schemas, store  # noqa: F401  (declares what identity publishes)
from services.identity.domain import actions
from services.identity.handlers.actions import record_action
from services.identity.models import ActionEntry

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
#: a fresh database per test: nothing can empty the log between two
DATABASES = itertools.count(1)


def envelope(event_id=None, **data) -> dict:
    fields = {"action": "order.cancelled", "object_type": "order", "object_id": "1010001",
              "summary": "Заказ отменён", "account_id": "a1", "actor_id": "u1", "actor_account_id": "a1",
              "actor_roles": ["client"], "ip": "203.0.113.7", "user_agent": "curl/8.5"}
    fields.update(data)
    return {"event_id": event_id or str(uuid.uuid4()), "type": "action_recorded", "producer": "orders",
            "occurred_at": T0.isoformat(), "correlation_id": "c1", "data": fields}


# --- rules ------------------------------------------------------------------------------

def test_the_accounts_administrator_lists_their_account_only():
    assert actions.account_scope(account_id="a1", is_owner=True, rights=[]) == "a1"
    assert actions.account_scope(account_id="a1", is_owner=False, rights=["users"]) == "a1"


@pytest.mark.parametrize("account_id, rights", [("a1", ["orders", "finance", "support"]), (None, ["users"])])
def test_a_user_who_does_not_administer_an_account_is_refused(account_id, rights):
    with pytest.raises(NotPermitted) as refused:
        actions.account_scope(account_id=account_id, is_owner=False, rights=rights)
    assert refused.value.code == "account_admin_required"


def test_only_an_administrator_lists_everything():
    assert actions.admin_scope({"admin"}, None) is None
    assert actions.admin_scope({"admin"}, "a2") == "a2"
    with pytest.raises(NotPermitted):
        actions.admin_scope({"rental_manager", "support_agent"}, None)


def test_an_entry_keeps_the_event_its_service_and_when_it_happened():
    row = actions.entry(envelope("e1"), actor_name="Марина Ч", recorded_at=T0)
    assert row["event_id"] == "e1" and row["service"] == "orders" and row["occurred_at"] == T0
    assert row["actor_name"] == "Марина Ч" and row["ip"] == "203.0.113.7"


def test_the_list_refuses_an_unknown_sort_and_a_bad_actor():
    with pytest.raises(ValidationError):
        load(schemas.ActionQuery(), {"sort": "ip"})
    with pytest.raises(ValidationError):
        load(schemas.ActionQuery(), {"actor_id": "not-a-user"})
    assert "account_id" not in schemas.ActionQuery().fields  # an account's own log names no other


# --- the table ----------------------------------------------------------------------------

class _Uow:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.uow = self.db.unit_of_work(Caller()).__enter__()
        return self.uow

    def __exit__(self, *exc):
        return self.uow.__exit__(*exc)


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request, test_run, tmp_path):
    if request.param == "postgresql":
        url = test_run.database_url("identity_log{}".format(next(DATABASES)))
    else:
        url = "sqlite:///{}".format(tmp_path / "identity.sqlite3")
    upgrade("identity", url)
    databases = Databases(url, "identity", now=lambda: T0)
    with databases.engine.begin() as connection:
        connection.execute(text("DELETE FROM outbox"))  # nothing else in it matters here
    yield databases
    databases.dispose()


def entries(db, **where) -> list[dict]:
    with db.unit_of_work(Caller()) as uow:
        total, rows = store.page_of_actions(uow.session, load(schemas.AdminActionQuery(), where), None)
        return [{"id": r.event_id, "action": r.action, "account_id": r.account_id} for r in rows]


def test_a_redelivered_event_is_recorded_once(db):
    event = envelope()
    with _Uow(db) as uow:
        assert record_action(uow, Caller(), event, None) is True
    with _Uow(db) as uow:
        assert record_action(uow, Caller(), event, None) is False
    assert [e["id"] for e in entries(db)] == [event["event_id"]]


def test_the_log_filters_by_object_and_text(db):
    first, second = envelope(), envelope(action="payer.created", object_type="payer", object_id="p1",
                                         summary="Плательщик ООО «Ёлка»")
    for event in (first, second):
        with _Uow(db) as uow:
            record_action(uow, Caller(), event, None)
    assert [e["id"] for e in entries(db, object_type="payer")] == [second["event_id"]]
    assert [e["id"] for e in entries(db, q="елка")] == [second["event_id"]]
    assert [e["id"] for e in entries(db, object_id="1010001", action="order.cancelled")] == [first["event_id"]]


@pytest.mark.parametrize("statement", [
    update(ActionEntry).values(summary="nothing happened"),
    delete(ActionEntry),
])
def test_nothing_changes_or_removes_an_entry(db, statement):
    with _Uow(db) as uow:
        record_action(uow, Caller(), envelope(), None)
    with pytest.raises(DBAPIError) as refused:
        with _Uow(db) as uow:
            uow.session.execute(statement)
    assert "append-only" in str(refused.value)
    assert len(entries(db)) == 1


def test_a_summary_names_what_changed_never_the_values():
    summary = actions.changed({"user_id": "u1", "first_name": "Ира", "password": {"new_password": "secret12"},
                               "enabled": False})
    assert summary == "Изменено: имя, пароль; выключен"
    assert "secret12" not in summary and "Ира" not in summary
    assert actions.changed({"user_id": "u1"}) == "Без изменений"


# --- sign-ins (identity's own entries) -------------------------------------------------------

class _Settings:
    jwt_secret, access_ttl, refresh_ttl = "test-secret-" + "x" * 32, 600, 3600


class _Deps:
    settings = _Settings()


def _outbox_actions(db) -> list[dict]:
    from kit.outbox import OUTBOX
    with db.engine.connect() as connection:
        return [row["data"] for row in connection.execute(
            select(OUTBOX.c.payload).where(OUTBOX.c.type == "action_recorded").order_by(OUTBOX.c.id)).scalars()]


def test_every_sign_in_is_recorded_with_its_address_a_refused_one_too(db):
    from services.identity.domain import credentials
    from services.identity.exceptions import InvalidCredentials
    from services.identity.handlers import sessions
    from services.identity.models import User
    with _Uow(db) as uow:
        user = User(email="ira@example.ru", first_name="Ира", last_name="Ч", password_hash=credentials.hash_password(
            "correct horse"), status="active", roles=["client"], created_at=T0, updated_at=T0)
        uow.session.add(user)
        uow.session.flush()
        user_id = user.id
    browser = Caller(ip="203.0.113.9", user_agent="browser/2.0", correlation_id="c9")

    def sign_in(login, password):
        with db.unit_of_work(browser) as uow:
            return sessions.login(uow, browser, {"login": login, "password": password}, _Deps())

    for login, password in (("ira@example.ru", "wrong"), ("Nobody@Example.ru", "my password?")):
        with pytest.raises(InvalidCredentials):
            sign_in(login, password)
    assert sign_in("IRA@example.ru", "correct horse")["access_token"]
    failed, unknown, signed_in = _outbox_actions(db)
    assert (failed["action"], failed["object_id"], failed["actor_id"], failed["ip"], failed["user_agent"]) == (
        "session.sign_in_failed", user_id, user_id, "203.0.113.9", "browser/2.0")
    assert failed["summary"] == "Неудачный вход: неверный логин или пароль"
    # nobody has that login: nobody is named, the login typed is not kept (only its digest)
    assert (unknown["action"], unknown["object_type"], unknown["actor_id"], unknown["account_id"]) == (
        "session.sign_in_failed", "login", "", None)
    assert "nobody" not in str(unknown).lower() and "my password" not in str(unknown)
    assert (signed_in["action"], signed_in["actor_id"], signed_in["actor_roles"], signed_in["ip"]) == (
        "session.signed_in", user_id, ["client"], "203.0.113.9")


# --- erasure (I6): the log keeps what was done, not who the person was ---------------------------

def _person(db, first="Ира", last="Чернова") -> str:
    from services.identity.models import User
    with _Uow(db) as uow:
        user = User(email="{}@example.ru".format(uuid.uuid4().hex[:8]), first_name=first, last_name=last,
                    status="active", roles=["client"], created_at=T0, updated_at=T0)
        uow.session.add(user)
        uow.session.flush()
        return user.id


def _rows(db) -> dict:
    with db.engine.connect() as connection:
        return {r.event_id: r for r in connection.execute(select(ActionEntry.__table__)).all()}


def test_an_erasure_pseudonymises_the_persons_entries_through_the_one_allowed_door(db):
    from services.identity.handlers.actions import pseudonymise
    from services.identity.models import User
    ira, boss = _person(db), _person(db, "Марина", "Ч")
    own = envelope(actor_id=ira, summary="Ира Чернова: Изменено: имя", object_type="user", object_id=ira)
    about = envelope(actor_id=boss, summary="Приглашён пользователь Ира Чернова", object_type="user", object_id=ira,
                     ip="198.51.100.1")
    other = envelope(actor_id=boss, summary="Заказ отменён", ip="198.51.100.1")
    for event in (own, about, other):
        with _Uow(db) as uow:
            record_action(uow, Caller(), event, None)
    with _Uow(db) as uow:
        assert pseudonymise(uow, uow.session.get(User, ira)) == 2
    rows = _rows(db)
    mine, theirs = rows[own["event_id"]], rows[about["event_id"]]
    assert (mine.actor_name, mine.ip, mine.user_agent, mine.summary) == (
        actions.ERASED_NAME, None, None, "[удалено]: Изменено: имя")
    assert (mine.action, mine.object_id, mine.actor_id, mine.occurred_at) == ("order.cancelled", ira, ira, T0)
    assert (theirs.actor_name, theirs.ip, theirs.summary) == ("Марина Ч", "198.51.100.1",
                                                              "Приглашён пользователь [удалено]")
    assert rows[other["event_id"]].summary == "Заказ отменён"  # the boss's own entry is untouched
    [audit] = [r for r in rows.values() if r.action == "personal_data.erased"]
    assert (audit.actor_id, audit.actor_name, audit.ip, audit.object_id) == (ira, actions.ERASED_NAME, None, ira)
    assert "обезличено: 2" in audit.summary

    # the door is closed again: the same change from anywhere else is refused, and a delete always
    for statement in (update(ActionEntry).where(ActionEntry.event_id == own["event_id"]).values(summary="x"),
                      delete(ActionEntry).where(ActionEntry.event_id == own["event_id"])):
        with pytest.raises(DBAPIError):
            with _Uow(db) as uow:
                uow.session.execute(statement)


@pytest.mark.parametrize("change", [{"action": "order.created"}, {"object_id": "another"},
                                    {"occurred_at": datetime(2020, 1, 1, tzinfo=timezone.utc)}])
def test_the_door_lets_only_names_addresses_and_summaries_change(db, change):
    from services.identity.models import ActionLogErasure
    ira = _person(db)
    event = envelope(actor_id=ira)
    with _Uow(db) as uow:
        record_action(uow, Caller(), event, None)
    with pytest.raises(DBAPIError) as refused:
        with _Uow(db) as uow:
            uow.session.add(ActionLogErasure(user_id=ira, started_at=T0))
            uow.session.flush()
            uow.session.execute(update(ActionEntry).where(ActionEntry.event_id == event["event_id"]).values(
                actor_name="x", **change))
    assert "append-only" in str(refused.value)


def test_the_door_opened_for_one_person_opens_nobody_elses_entries(db):
    from services.identity.models import ActionLogErasure
    ira, boss = _person(db), _person(db, "Марина", "Ч")
    event = envelope(actor_id=boss)
    with _Uow(db) as uow:
        record_action(uow, Caller(), event, None)
    with pytest.raises(DBAPIError):
        with _Uow(db) as uow:
            uow.session.add(ActionLogErasure(user_id=ira, started_at=T0))
            uow.session.flush()
            uow.session.execute(update(ActionEntry).values(ip=None))
    assert _rows(db)[event["event_id"]].ip == "203.0.113.7"


def test_an_entry_arriving_after_the_erasure_is_recorded_pseudonymised(db):
    from services.identity.models import DataRequest
    ira = _person(db)
    with _Uow(db) as uow:
        uow.session.add(DataRequest(id=str(uuid.uuid4()), user_id=ira, kind="erase", status="in_progress",
                                    created_at=T0))
    event = envelope(actor_id=ira)
    with _Uow(db) as uow:
        record_action(uow, Caller(), event, None)
    row = _rows(db)[event["event_id"]]
    assert (row.actor_name, row.ip, row.user_agent, row.actor_id) == (actions.ERASED_NAME, None, None, ira)


def test_signing_out_is_recorded(db):
    from services.identity.handlers import sessions
    ira = _person(db)
    me = Caller(user_id=ira, roles=frozenset({"client"}), ip="203.0.113.9")

    class Deps:
        cut_sessions = staticmethod(lambda user_id: None)

    with db.unit_of_work(me) as uow:
        sessions.logout(uow, me, {"everywhere": True}, Deps())
    [entry] = _outbox_actions(db)
    assert (entry["action"], entry["object_id"], entry["actor_id"], entry["summary"], entry["ip"]) == (
        "session.signed_out", ira, ira, "Выход на всех устройствах", "203.0.113.9")
