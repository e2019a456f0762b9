"""N6 on a real PostgreSQL: fan-out is idempotent, two workers never claim the same
delivery, a dead worker's claim runs out, and outcomes move the state machine."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from kit import people
from kit.context import SYSTEM, Caller
from kit.testing.publish import envelope
from services.notifications import flows
from services.notifications.adapters import PermanentFailure, TemporaryFailure
from services.notifications.dependencies import Deps, Settings
from services.notifications.domain.delivery import RetryPolicy
from services.notifications.handlers import deliveries, fanout
from services.notifications.handlers.devices import register_device
from services.notifications.models import Delivery, Device, Notification

SETTINGS = Settings(public_base_url="https://platform.example.com",
                    retry=RetryPolicy(max_attempts=3, base_delay=30, max_delay=3600),
                    batch_size=50, lease_seconds=120, telegram_webhook_secret="s",
                    telegram_bot_username="bot")
#: nobody to ask about people: only those kept from identity's events are known
DEPS = Deps(settings=SETTINGS)


class Recorder:
    """A channel that answers from a script: None (sent), or an exception to raise."""

    def __init__(self, name, *answers):
        self.name, self.answers, self.sent = name, list(answers), []

    def send(self, message):
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        self.sent.append(message.target)
        return "id-{}".format(len(self.sent))

    def describe(self):
        return "recorder"


def person(database, *, email=True, phone=False, devices=()):
    user_id = str(uuid.uuid4())
    with database.unit_of_work() as uow:
        people.remember_event(uow.session, envelope("identity", "user_registered", {
            "user_id": user_id, "account_id": str(uuid.uuid4()), "full_name": "Тест",
            "email": "{}@x.io".format(user_id[:8]) if email else None,
            "phone": "+7999{}".format(user_id.replace("-", "")[:7].translate(str.maketrans("abcdef", "123456")))
            if phone else None, "roles": ["client"], "language": "ru"}))
        for token in devices:
            register_device(uow, _caller(user_id), {"token": token, "platform": "android"}, DEPS)
    return user_id


def _caller(user_id):
    return Caller(user_id=user_id, roles=frozenset({"client"}))


def status_changed(user_id):
    return envelope("orders", "order_status_changed", {
        "order_number": 1009909, "service_name": "Уборка", "applicant_id": user_id, "executor_id": None,
        "from_status": "new", "to_status": "in_progress", "changed_by": None})


def fan_out(database, event):
    with database.unit_of_work() as uow:
        return fanout.fan_out(uow, SYSTEM, event, DEPS)


def claim(uow):
    return deliveries.claim_due(uow, SYSTEM, {}, DEPS)


def send_due(database, channels):
    return flows.send_due(database, SYSTEM, {}, Deps(settings=SETTINGS, channels=channels))


def rows(database, model=Delivery):
    with database.unit_of_work() as uow:
        return uow.session.execute(select(model)).scalars().all()


def test_fanning_out_the_same_event_again_creates_nothing_new(database):
    user_id = person(database, phone=True, devices=["token-a-000000"])
    event = status_changed(user_id)
    due = fan_out(database, event)
    assert len(due) == 3 and fan_out(database, event) == []
    assert sorted(d.channel for d in rows(database)) == ["email", "push", "sms"]
    assert len(rows(database, Notification)) == 1


def test_two_workers_never_claim_the_same_delivery(database):
    for _ in range(6):
        fan_out(database, status_changed(person(database)))
    with database.unit_of_work() as first:
        mine = claim(first)  # its rows stay locked until this block commits
        with database.unit_of_work() as second:  # another replica, at the same moment
            theirs = claim(second)
    assert len(mine) == 6 and theirs == []
    with database.unit_of_work() as third:  # committed claims hold for the lease
        assert claim(third) == []


def test_a_claim_of_a_worker_that_died_runs_out(database, clock):
    fan_out(database, status_changed(person(database)))
    with database.unit_of_work() as uow:
        (job,) = claim(uow)
    clock.advance(SETTINGS.lease_seconds - 1)
    with database.unit_of_work() as uow:
        assert claim(uow) == []
    clock.advance(2)
    with database.unit_of_work() as uow:
        (again,) = claim(uow)
    assert again.id == job.id and rows(database)[0].attempts == 2


def test_failures_back_off_then_succeed_and_exhaustion_is_dead(database, clock):
    fan_out(database, status_changed(person(database)))
    email = Recorder("email", TemporaryFailure("HTTP 500"), TemporaryFailure("HTTP 500"))
    assert send_due(database, {"email": email}) == 1
    (row,) = rows(database)
    assert (row.status, row.attempts, row.last_error) == ("retrying", 1, "HTTP 500")
    assert send_due(database, {"email": email}) == 0  # not due yet
    clock.advance(30)
    send_due(database, {"email": email})
    clock.advance(60)
    send_due(database, {"email": email})
    (row,) = rows(database)
    assert (row.status, row.attempts, row.last_error, row.sent_at) == ("sent", 3, None, clock.at)
    assert len(email.sent) == 1

    fan_out(database, status_changed(person(database)))
    down = Recorder("email", *[TemporaryFailure("HTTP 503")] * 3)
    for backoff in (0, 30, 60):
        clock.advance(backoff)
        send_due(database, {"email": down})
    assert sorted(r.status for r in rows(database)) == ["dead", "sent"]


def test_push_reaches_every_device_once_and_forgets_dead_tokens(database, clock):
    user_id = person(database, email=False, devices=["token-1-000000", "token-2-000000", "token-3-000000"])
    fan_out(database, status_changed(user_id))
    push = Recorder("push", None, TemporaryFailure("HTTP 503"), PermanentFailure("gone", "unregistered"))
    send_due(database, {"push": push})
    (row,) = rows(database)
    assert row.status == "retrying" and row.done == ["token-1-000000"]
    assert [d.token for d in rows(database, Device)] == ["token-1-000000", "token-2-000000"]
    clock.advance(30)
    send_due(database, {"push": push})
    (row,) = rows(database)
    assert row.status == "sent" and push.sent == ["token-1-000000", "token-2-000000"]


@pytest.mark.parametrize("failure, status", [(PermanentFailure("HTTP 400: bad number"), "failed")])
def test_a_permanent_refusal_is_not_retried(database, failure, status):
    fan_out(database, status_changed(person(database)))
    send_due(database, {"email": Recorder("email", failure)})
    (row,) = rows(database)
    assert (row.status, row.attempts) == (status, 1)
