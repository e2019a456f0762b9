"""Shared pieces of the orders stories: the manuals' catalog, staff, the system's clock,
and synthetic billing events (billing is another workstream; docs/payments.md fixes the shape).

Test modules import the fixtures they use: ``from tests.integration.orders_support import catalog, staff``.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from kit.clock import OFFSET_KEY
from kit.testing.publish import publish_event
from scripts.demo.catalog import CLEANING_FIELDS  # manual 000's form, as the demo loads it

CLEANING_FORM = {"building": "Корпус А", "office": "Офис 312", "works": "Генеральная уборка и вывоз мусора",
                 "bring": ["Тряпка", "Ведро", "Пылесос", "Средства для чистки"], "date": "2022-05-16", "time": "11:00"}
AUTO_CONFIRM_AFTER = 120
COFFEE_PLACE = "Самостоятельно заберу в кофейне"


def service_now(redis_client, test_run) -> datetime:
    """The system's time: the wall clock plus the test clock's offset (other tests move it)."""
    offset = float(redis_client.get(test_run.redis_prefix + OFFSET_KEY) or 0)
    return datetime.now(timezone.utc) + timedelta(seconds=offset)


def slot(redis_client, test_run, days: int, hours: int = 2) -> tuple[str, str]:
    """A booking period ``days`` ahead of the system's now, on a whole hour, random minute-free."""
    start = (service_now(redis_client, test_run) + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    start = start.replace(hour=10 + uuid.uuid4().int % 8)
    return start.isoformat(), (start + timedelta(hours=hours)).isoformat()


@pytest.fixture(scope="session")
def staff(make_user):
    """A rental manager, an executor and an event manager (Марина, Павел, Ольга of the demo)."""
    return SimpleNamespace(manager=make_user(roles=["client", "rental_manager"], first_name="Марина"),
                           executor=make_user(roles=["executor"], first_name="Павел"),
                           events=make_user(roles=["event_manager"], first_name="Ольга"))


@pytest.fixture(scope="session")
def catalog(admin, staff, redis_client, test_run):
    """The manuals' services, handled by the manager and the executor."""
    tag = uuid.uuid4().hex[:6]
    managers = [staff.manager.user["id"], staff.executor.user["id"]]

    def create(**payload):
        return admin.ok("POST", "/catalog/services", 201, json={"manager_ids": managers, **payload})

    services = SimpleNamespace()
    services.coffee = create(kind="goods", name="Кофе и еда от Monkey Grinder " + tag,
                             settings={"cancellable": True, "delivery_places": [COFFEE_PLACE, "Доставка в офис"]},
                             items=[{"id": "tea", "name": "Чай зеленый Greenfield, пакетированный, 200 мл", "price": 2300},
                                    {"id": "latte", "name": "Латте, 300 мл", "price": 10000},
                                    {"id": "belvita", "name": "Печенье BelVita Утреннее витаминизированное с какао, 4 шт",
                                     "price": 3400}])
    services.room = create(kind="booking", name="Переговорная Python " + tag, settings={"cancellable": True},
                           tariffs=[{"id": "hour", "name": "Почасовой", "price": 25000, "unit": "hour"}],
                           additional_services={"title": "Попробуй другие услуги", "service_ids": [services.coffee["id"]]})
    services.cleaning = create(kind="simple", name="Клининговые услуги " + tag, fields=CLEANING_FIELDS,
                               settings={"auto_confirm_after": AUTO_CONFIRM_AFTER},
                               additional_services={"title": "Рекомендуемые услуги",
                                                    "service_ids": [services.coffee["id"], services.room["id"]]})
    services.request = create(kind="request", name="Обращение в Olvery " + tag, fields=[
        {"code": "text", "label": "Текст обращения", "type": "text", "required": True}])
    services.hotel = create(kind="hotel", name="Отель «УЮТ» " + tag,
                            settings={"cancellable": True, "prepayment_allowed": True, "min_prepayment": 100000},
                            tariffs=[{"id": "standard", "name": "Стандарт", "price": 100000, "unit": "night"}],
                            extras=[{"id": "lunch", "name": "Обед", "price": 50000},
                                    {"id": "dinner", "name": "Ужин", "price": 50000},
                                    {"id": "taxi", "name": "Такси от аэропорта", "price": 50000},
                                    {"id": "early", "name": "Ранний выезд", "price": 50000, "time_label": "Время заезда"},
                                    {"id": "late", "name": "Поздний выезд", "price": 50000, "time_label": "Время выезда"}])
    services.event = event_service(admin, staff, redis_client, test_run)
    services.coworking = create(kind="coworking", name="Коворкинг на 2 этаже " + tag, settings={"cancellable": True},
                                tariffs=[{"id": "standard", "name": "Стандарт", "price": 10000, "unit": "hour"}],
                                extras=[{"id": "locker", "name": "Шкафчик", "price": 5000}])
    return services


def event_service(admin, staff, redis_client, test_run) -> dict:
    """Manual 000's «Маркетинг в цифровую эпоху», starting 60 days after the system's now
    (a story that sells tickets makes its own: other stories move the clock by months)."""
    start = (service_now(redis_client, test_run) + timedelta(days=60)).replace(hour=13, minute=30, second=0,
                                                                            microsecond=0)
    return admin.ok("POST", "/catalog/services", 201, json={
        "manager_ids": [staff.manager.user["id"], staff.executor.user["id"]], "kind": "event",
        "name": "Маркетинг в цифровую эпоху " + uuid.uuid4().hex[:6], "settings": {"cancellable": True},
        "description": "Каждую среду на часе с экспертом обсуждаем современные способы продвижения.",
        "tariffs": [{"id": "resident", "name": "Резидент", "price": 15000, "unit": "ticket"}],
        "event": {"starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
                  "place": "Технопарк"}})


@pytest.fixture(scope="session")
def coworking_space(admin, catalog):
    """«Коворкинг на 2 этаже» with РМ №1–РМ №3, ordered through the catalog's coworking service."""
    return admin.ok("POST", "/coworking/spaces", 201, json={
        "service_id": catalog.coworking["id"], "name": "Коворкинг на 2 этаже",
        "workplaces": ["РМ №1", "РМ №2", "РМ №3"]}, headers={"Idempotency-Key": uuid.uuid4().hex})


def coffee_order(client, catalog, **extra) -> dict:
    """Manual 000's order 1007783: 2 green teas, a latte and BelVita cookies: 180 ₽."""
    return client.ok("POST", "/orders", 201, json={
        "service_id": catalog.coffee["id"], "items": [{"item_id": "tea", "quantity": 2},
                                                      {"item_id": "latte", "quantity": 1},
                                                      {"item_id": "belvita", "quantity": 1}],
        "delivery": {"place": COFFEE_PLACE, "pack_to_go": True}, "comment": "Сделайте, пожалуйста, чай погорячее!",
        **extra})


class Billing:
    """Publishes billing's events, checked against billing's own declared schemas
    (services/billing/events.py), for stories that need a payment billing cannot be made
    to announce on cue."""

    def __init__(self, amqp_uri: str):
        self.amqp_uri = amqp_uri

    def publish(self, event_type: str, **data) -> dict:
        return publish_event(self.amqp_uri, "billing", event_type, data,
                             correlation_id="it-billing-" + uuid.uuid4().hex[:8])

    def redeliver(self, envelope: dict) -> None:
        publish_event(self.amqp_uri, "billing", envelope["type"], envelope["data"], event_id=envelope["event_id"],
                      correlation_id=envelope["correlation_id"])

    def started(self, order_number: int, amount: int, method: str = "card") -> dict:
        return self.publish("payment_started", payment_id=str(uuid.uuid4()), payment_number=_number(),
                            account_id=ACCOUNT, user_id=None, purpose="order", order_number=order_number,
                            amount=amount, currency="RUB", method=method,
                            confirmation_url="https://pay.example/confirm")

    def succeeded(self, order_number: int, amount: int, paid_total: int, total: int, method: str = "card",
                  payment_id: str | None = None) -> dict:
        return self.publish("payment_succeeded", payment_id=payment_id or str(uuid.uuid4()),
                            payment_number=_number(), account_id=ACCOUNT, user_id=None, purpose="order",
                            order_number=order_number, amount=amount, commission=0, currency="RUB", method=method,
                            provider="sandbox", paid_at=datetime.now(timezone.utc).isoformat(),
                            order_paid_total=paid_total, order_remaining=total - paid_total,
                            order_fully_paid=paid_total >= total)

    def failed(self, order_number: int, amount: int) -> dict:
        return self.publish("payment_failed", payment_id=str(uuid.uuid4()), account_id=ACCOUNT, user_id=None,
                            purpose="order", order_number=order_number, amount=amount, currency="RUB",
                            reason="card_declined")

    def refunded(self, order_number: int, amount: int, refunded_total: int, fully: bool,
                 paid_total: int | None = None, total: int | None = None) -> dict:
        return self.publish("refund_completed", refund_id=str(uuid.uuid4()), payment_id=str(uuid.uuid4()),
                            account_id=ACCOUNT, user_id=None, order_number=order_number, amount=amount,
                            currency="RUB", destination="card", order_refunded_total=refunded_total,
                            order_fully_refunded=fully, order_paid_total=paid_total,
                            order_remaining=None if paid_total is None or total is None else total - paid_total)


#: the personal account billing would name (every payment belongs to one)
ACCOUNT = "it-synthetic-account"


def _number() -> int:
    return uuid.uuid4().int % 10**12


@pytest.fixture(scope="session")
def billing(system, test_run):
    return Billing(test_run.amqp_uri)


def wait_status(client, number: int, status: str, timeout: float = 10.0) -> dict:
    from kit.testing.wait import wait_for

    return wait_for(lambda: (lambda o: o if o["status"] == status else None)(client.ok("GET", "/orders/{}".format(number))),
                    timeout=timeout, message="order {} to become {}".format(number, status))
