"""Orders' rules with no I/O: prices of every kind, forms, payment status, ticket signatures."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from kit.errors import Conflict, InputRuleBroken, RuleBroken, ValidationFailed, as_wire_error
from services.orders.domain import catalog, forms, payments, pricing, tickets
from scripts.demo.catalog import CLEANING_FIELDS  # manual 000's form, as the demo loads it

NOW = datetime(2024, 9, 23, 10, 0, tzinfo=timezone.utc)

COFFEE = {"kind": "goods", "name": "Кофе и еда от Monkey Grinder", "settings": {
    "delivery_places": ["Самостоятельно заберу в кофейне", "Доставка в офис"]}, "items": [
    {"id": "tea", "name": "Чай зеленый Greenfield, пакетированный, 200 мл", "price": 2300},
    {"id": "latte", "name": "Латте, 300 мл", "price": 10000},
    {"id": "belvita", "name": "Печенье BelVita Утреннее витаминизированное с какао, 4 шт", "price": 3400}]}
ROOM = {"kind": "booking", "name": "Переговорная Python", "tariffs": [{"id": "h", "name": "Час", "price": 25000, "unit": "hour"}]}
HOTEL = {"kind": "hotel", "name": "Отель «УЮТ»", "tariffs": [{"id": "std", "name": "Стандарт", "price": 100000, "unit": "night"}],
         "extras": [{"id": "lunch", "name": "Обед", "price": 50000}, {"id": "dinner", "name": "Ужин", "price": 50000},
                    {"id": "taxi", "name": "Такси от аэропорта", "price": 50000},
                    {"id": "early", "name": "Ранний выезд", "price": 50000, "time_label": "Время заезда"},
                    {"id": "late", "name": "Поздний выезд", "price": 50000, "time_label": "Время выезда"}]}
EVENT = {"kind": "event", "name": "Маркетинг в цифровую эпоху", "tariffs": [{"id": "res", "name": "Резидент", "price": 15000, "unit": "ticket"}],
         "event": {"starts_at": "2024-09-25T13:30:00+00:00", "ends_at": "2024-09-25T14:30:00+00:00", "place": "Технопарк"}}


def test_the_manuals_coffee_order_totals_180_rubles():
    priced = pricing.price(COFFEE, {"items": [{"item_id": "tea", "quantity": 2}, {"item_id": "latte", "quantity": 1},
                                              {"item_id": "belvita", "quantity": 1}],
                                    "delivery": {"place": "Самостоятельно заберу в кофейне", "pack_to_go": True},
                                    "comment": "Сделайте, пожалуйста, чай погорячее!"}, NOW)
    assert [(l.quantity, l.unit_price, l.amount) for l in priced.lines] == [(2, 2300, 4600), (1, 10000, 10000), (1, 3400, 3400)]
    assert priced.total == 18000
    assert priced.details["delivery"] == {"place": "Самостоятельно заберу в кофейне", "pack_to_go": True}


def test_goods_need_known_items_and_a_known_place():
    with pytest.raises(InputRuleBroken) as problem:
        pricing.price(COFFEE, {"items": []}, NOW)
    assert "items" in problem.value.errors
    with pytest.raises(InputRuleBroken) as problem:
        pricing.price(COFFEE, {"items": [{"item_id": "vodka", "quantity": 1}], "delivery": {"place": "Луна"}}, NOW)
    assert set(problem.value.errors) == {"items", "delivery"}
    merged = pricing.price(COFFEE, {"items": [{"item_id": "tea", "quantity": 1}, {"item_id": "tea", "quantity": 2}]}, NOW)
    assert [(l.ref_id, l.quantity) for l in merged.lines] == [("tea", 3)]


def test_a_broken_form_crosses_rpc_as_422_with_every_field():
    with pytest.raises(InputRuleBroken) as problem:
        pricing.price(COFFEE, {"items": [{"item_id": "vodka", "quantity": 1}], "delivery": {"place": "Луна"}}, NOW)
    wire = as_wire_error(problem.value)
    assert isinstance(wire, ValidationFailed) and wire.status == 422
    assert (wire.error_code, wire.detail) == ("validation_failed", "Some fields are invalid")
    assert wire.errors == problem.value.errors and set(wire.errors) == {"items", "delivery"}
    with pytest.raises(RuleBroken) as refused:
        pricing.price(EVENT, {"tariff_id": "res"}, NOW + timedelta(days=3))
    assert isinstance(as_wire_error(refused.value), Conflict)


def test_a_meeting_room_is_priced_per_started_hour():
    priced = pricing.price(ROOM, {"starts_at": NOW + timedelta(hours=6), "ends_at": NOW + timedelta(hours=8)}, NOW)
    assert (priced.lines[0].quantity, priced.lines[0].unit_price, priced.total) == (2, 25000, 50000)
    started = pricing.price(ROOM, {"starts_at": NOW + timedelta(hours=6), "ends_at": NOW + timedelta(hours=7, minutes=1)}, NOW)
    assert started.total == 50000
    for bad in ({"starts_at": NOW + timedelta(hours=2), "ends_at": NOW + timedelta(hours=1)},
                {"starts_at": NOW - timedelta(days=1), "ends_at": NOW - timedelta(hours=23)},
                {"starts_at": NOW + timedelta(hours=1)}):
        with pytest.raises(InputRuleBroken):
            pricing.price(ROOM, bad, NOW)
    with pytest.raises(InputRuleBroken) as problem:
        pricing.price(ROOM, {"starts_at": NOW + timedelta(hours=1), "ends_at": NOW + timedelta(hours=2), "items": []}, NOW)
    assert problem.value.errors == {"items": ["Not used by a booking order."]}


def test_half_open_periods_touching_do_not_overlap():
    a, b, c = NOW, NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    assert not pricing.overlaps(a, b, b, c)
    assert pricing.overlaps(a, c, b, c + timedelta(hours=1))


def test_the_manuals_hotel_booking_totals_5500_rubles():
    priced = pricing.price(HOTEL, {"check_in": date(2024, 12, 23), "check_out": date(2024, 12, 25), "adults": 2, "children": 0,
                                   "extras": [{"extra_id": "lunch", "quantity": 2}, {"extra_id": "taxi", "quantity": 1},
                                              {"extra_id": "early", "quantity": 1, "time": "07:00"},
                                              {"extra_id": "late", "quantity": 1, "time": "18:00"},
                                              {"extra_id": "dinner", "quantity": 2}]}, NOW)
    assert priced.total == 550000
    assert priced.lines[0].quantity == 2 and priced.lines[0].note == "23.12.2024 - 25.12.2024"
    assert [l.note for l in priced.lines if l.ref_id in ("early", "late")] == ["Время заезда 07:00", "Время выезда 18:00"]
    assert priced.details["booking"]["nights"] == 2
    with pytest.raises(InputRuleBroken) as problem:
        pricing.price(HOTEL, {"check_in": date(2024, 12, 23), "check_out": date(2024, 12, 23), "adults": 2,
                              "extras": [{"extra_id": "early", "quantity": 1}]}, NOW)
    assert set(problem.value.errors) == {"check_out", "extras"}


def test_an_event_needs_a_tariff_and_closes_when_it_starts():
    priced = pricing.price(EVENT, {"tariff_id": "res"}, NOW)
    assert (priced.lines[0].name, priced.total) == ("Тариф «Резидент»", 15000)
    with pytest.raises(InputRuleBroken):
        pricing.price(EVENT, {}, NOW)
    with pytest.raises(RuleBroken) as refused:
        pricing.price(EVENT, {"tariff_id": "res"}, NOW + timedelta(days=3))
    assert refused.value.code == "event_started" and type(refused.value) is RuleBroken  # 409, not 422


def test_a_coworking_order_needs_a_tariff_and_a_period():
    space = {"kind": "coworking", "name": "Коворкинг на 2 этаже", "tariffs": [{"id": "std", "name": "Стандарт", "price": 10000, "unit": "hour"}],
             "extras": [{"id": "locker", "name": "Шкафчик", "price": 5000}]}
    priced = pricing.price(space, {"tariff_id": "std", "starts_at": NOW + timedelta(hours=6), "ends_at": NOW + timedelta(hours=10),
                                   "modifiers": ["locker"]}, NOW)
    assert priced.total == 4 * 10000 + 5000 and priced.details["modifiers"] == ["locker"]
    with pytest.raises(InputRuleBroken) as problem:
        pricing.price(space, {"starts_at": NOW + timedelta(hours=1)}, NOW)
    assert set(problem.value.errors) == {"tariff_id", "ends_at"}


def test_the_cleaning_form_of_manual_000():
    filled = forms.fill(CLEANING_FIELDS, {"building": "Корпус А", "office": "Офис 312",
                                          "works": "Генеральная уборка и вывоз мусора",
                                          "bring": ["Пылесос", "Тряпка", "Ведро", "Средства для чистки"],
                                          "date": "2022-05-16", "time": "11:00"})
    assert [f["label"] for f in filled] == ["Здание", "Офис", "Описание требуемых работ", "Что взять с собой",
                                           "Дата оказания услуги", "Время оказания услуги"]
    assert filled[3]["value"] == ["Тряпка", "Ведро", "Пылесос", "Средства для чистки"]
    with pytest.raises(InputRuleBroken) as problem:
        forms.fill(CLEANING_FIELDS, {"building": "Корпус В", "office": " ", "date": "16.05.2022", "time": "25:00",
                                     "color": "red"})
    assert set(problem.value.errors["fields"]) == {"building", "office", "works", "date", "time", "color"}
    assert forms.check_definition([{"code": "Bad Code", "type": "select"}, {"code": "x", "type": "nope"}])


def test_a_service_definition_must_be_orderable():
    catalog.check({"kind": "simple", "name": "Уборка", "fields": CLEANING_FIELDS})
    for broken, part in (({"kind": "goods", "name": "Кофе"}, "items"),
                         ({"kind": "booking", "name": "Зал", "tariffs": [{"id": "n", "name": "Ночь", "price": 1, "unit": "night"}]}, "tariffs"),
                         ({"kind": "hotel", "name": "Отель", "tariffs": [{"id": "h", "name": "Час", "price": 1, "unit": "hour"}]}, "tariffs"),
                         ({"kind": "event", "name": "Лекция", "tariffs": [{"id": "t", "name": "Т", "price": 1, "unit": "ticket"}]}, "event"),
                         ({"kind": "goods", "name": "Кофе", "items": [{"id": "a", "name": "A", "price": 1}] * 2}, "items"),
                         ({"kind": "simple", "name": "Уборка", "additional_services": {"service_ids": ["x"] * 7}}, "additional_services")):
        with pytest.raises(InputRuleBroken) as problem:
            catalog.check(broken)
        assert part in problem.value.errors
    assert catalog.additional_cut(list("abcdefg"), "web") == list("abcdef")
    assert catalog.additional_cut(list("abcdefg"), "mobile") == list("abc")


@pytest.mark.parametrize("status, total, paid, refunded, expected", [
    ("new", 18000, 0, 0, "unpaid"),
    ("new_payment_pending", 18000, 0, 0, "pending"),
    ("new", 550000, 350000, 0, "partially_paid"),
    ("confirmed", 550000, 350000, 0, "partially_paid"),
    ("confirmed", 18000, 18000, 0, "paid"),
    ("cancelled_refund_pending", 18000, 18000, 0, "refund_pending"),
    ("cancelled_refund_pending", 18000, 18000, 9000, "refund_pending"),
    ("cancelled_refunded", 18000, 18000, 18000, "refunded"),
    ("confirmed", 0, 0, 0, "paid"),
])
def test_payment_status(status, total, paid, refunded, expected):
    assert payments.payment_status(status, total, paid, refunded) == expected


def test_paid_total_never_goes_back_when_events_cross():
    assert payments.running_total(350000, 550000) == 550000   # the later event arrived last
    assert payments.running_total(550000, 350000) == 550000   # the later event arrived first
    assert payments.running_total(350000, None) == 350000


def test_ticket_payloads_cannot_be_forged():
    payload = tickets.sign("secret", 1010001, "A" * 22)
    assert tickets.verify("secret", payload) == (1010001, "A" * 22)
    number, code, mac = payload.split(".")[1:]
    for forged in (payload.replace("1010001", "1010002"), "EVT1.{}.{}.{}".format(number, "B" * 22, mac),
                   payload[:-1] + ("A" if payload[-1] != "A" else "B"), "hello", ""):
        with pytest.raises(InputRuleBroken) as refused:
            tickets.verify("secret", forged)
        assert (refused.value.code, list(refused.value.errors)) == ("ticket_invalid", ["payload"])
    with pytest.raises(InputRuleBroken):
        tickets.verify("another secret", payload)


def test_ticket_qr_images():
    content_type, png = tickets.qr_image("EVT1.1.x.y", "png")
    assert content_type == "image/png" and png.startswith(b"\x89PNG")
    content_type, svg = tickets.qr_image("EVT1.1.x.y", "svg")
    assert content_type == "image/svg+xml" and b"<svg" in svg
