"""The demo catalog from manuals 000 and 001, created through the public API if absent.

Клининговые услуги (the form of manual 000), Переговорная Python (250 ₽ an hour), Кофе и
еда от Monkey Grinder (tea 23 ₽, latte 100 ₽, BelVita 34 ₽), Отель «УЮТ» (1 000 ₽ a night and
its extras), Маркетинг в цифровую эпоху (tariff «Резидент», 150 ₽), Коворкинг на 2 этаже,
and the "recommended services" they point to. Services are found by name: running it twice
changes nothing.
"""
from __future__ import annotations

from datetime import date, timedelta

from scripts.demo.api import Api, at
from scripts.demo.people import EXECUTOR, MARINA

CLEANING_FIELDS = [
    {"code": "building", "label": "Здание", "type": "select", "required": True, "options": ["Корпус А", "Корпус Б"]},
    {"code": "office", "label": "Офис", "type": "string", "required": True},
    {"code": "works", "label": "Описание требуемых работ", "type": "text", "required": True},
    {"code": "bring", "label": "Что взять с собой", "type": "multiselect",
     "options": ["Тряпка", "Ведро", "Пылесос", "Средства для чистки"]},
    {"code": "date", "label": "Дата оказания услуги", "type": "date", "required": True},
    {"code": "time", "label": "Время оказания услуги", "type": "time"},
]


def load(admin: Api, users: dict[str, str], today: date) -> dict[str, dict]:
    """The manuals' services (once, found by name), handled by Марина and Павел; returns them by key."""
    staff = [users[MARINA], users[EXECUTOR]]

    # found by exact name in the whole catalog (the search matches parts of names, any case)
    existing = {s["name"]: s for s in reversed(admin.every("/catalog/services", include_inactive="true"))}

    def ensure(key, payload):
        if payload["name"] not in existing:
            existing[payload["name"]] = admin.call("POST", "/catalog/services", json={"manager_ids": staff, **payload})
        services[key] = existing[payload["name"]]

    services: dict[str, dict] = {}
    for key, name in (("mail", "Отправка и получение корреспонденции"), ("accountant", "Консультация бухгалтера"),
                      ("olvery", "Обращение в Olvery")):
        ensure(key, {"kind": "request", "name": name, "fields": [
            {"code": "text", "label": "Опишите, что нужно", "type": "text", "required": True}]})
    ensure("coffee", {
        "kind": "goods", "name": "Кофе и еда от Monkey Grinder",
        "description": "Кофе, чай и перекус с доставкой в офис или с собой.",
        "settings": {"cancellable": True, "delivery_places": ["Самостоятельно заберу в кофейне", "Доставка в офис"]},
        "items": [{"id": "tea", "name": "Чай зеленый Greenfield, пакетированный, 200 мл", "price": 2300},
                  {"id": "latte", "name": "Латте, 300 мл", "price": 10000},
                  {"id": "belvita", "name": "Печенье BelVita Утреннее витаминизированное с какао, 4 шт", "price": 3400}],
        "additional_services": {"title": "Рекомендуемые услуги",
                                "service_ids": [services["olvery"]["id"], services["accountant"]["id"]]}})
    ensure("room", {
        "kind": "booking", "name": "Переговорная Python", "description": "Переговорная на 8 человек с экраном.",
        "settings": {"cancellable": True}, "tariffs": [{"id": "hour", "name": "Почасовой", "price": 25000, "unit": "hour"}],
        "additional_services": {"title": "Попробуй другие услуги",
                                "service_ids": [services["coffee"]["id"], services["accountant"]["id"]]}})
    ensure("cleaning", {
        "kind": "simple", "name": "Клининговые услуги", "description": "Пишите, если остались вопросы. Будем рады помочь",
        "fields": CLEANING_FIELDS, "settings": {"auto_confirm_after": 3 * 86400},
        "additional_services": {"title": "Рекомендуемые услуги", "service_ids": [
            services["mail"]["id"], services["room"]["id"], services["coffee"]["id"], services["accountant"]["id"]]}})
    ensure("hotel", {
        "kind": "hotel", "name": "Отель «УЮТ»", "description": "Номера у Технопарка.",
        "settings": {"cancellable": True, "prepayment_allowed": True, "min_prepayment": 100000},
        "tariffs": [{"id": "standard", "name": "Стандарт", "price": 100000, "unit": "night"}],
        "extras": [{"id": "lunch", "name": "Обед", "price": 50000}, {"id": "dinner", "name": "Ужин", "price": 50000},
                   {"id": "taxi", "name": "Такси от аэропорта", "price": 50000},
                   {"id": "early", "name": "Ранний выезд", "price": 50000, "time_label": "Время заезда"},
                   {"id": "late", "name": "Поздний выезд", "price": 50000, "time_label": "Время выезда"}],
        "additional_services": {"title": "Рекомендуемые услуги",
                                "service_ids": [services["coffee"]["id"], services["room"]["id"]]}})
    wednesday = next_weekday(today + timedelta(days=8), 2)
    ensure("event", {
        "kind": "event", "name": "Маркетинг в цифровую эпоху", "settings": {"cancellable": True, "capacity": 40},
        "description": "Каждую среду на часе с экспертом обсуждаем современные способы и технологии продвижения.\n"
                       "- Как эффективно продвигать свой продукт или услуги\n"
                       "- Как привлечь новых клиентов и увеличить продажи\n"
                       "- Как найти маркетолога, который будет давать результат\n"
                       "- Основные ошибки в продвижении и как их избежать\n"
                       "Приходи и прокачай свой маркетинг с экспертами от Технопарка.",
        "tariffs": [{"id": "resident", "name": "Резидент", "price": 15000, "unit": "ticket"}],
        "event": {"starts_at": at(wednesday, 13, 30), "ends_at": at(wednesday, 14, 30), "place": "Технопарк, 2 этаж"}})
    ensure("coworking", {
        "kind": "coworking", "name": "Коворкинг на 2 этаже", "settings": {"cancellable": True},
        # manual 002: «Суточный», and the «Резидент +» variant's «1-3 мес (7000 руб в месяц)»
        "tariffs": [{"id": "standard", "name": "Стандарт", "price": 10000, "unit": "hour"},
                    {"id": "daily", "name": "Суточный", "price": 50000, "unit": "day"},
                    {"id": "resident-1-3", "name": "1-3 мес (7000 руб в месяц)", "price": 700000, "unit": "month",
                     "variant": "Резидент +"}],
        "extras": [{"id": "locker", "name": "Шкафчик", "price": 5000},
                   {"id": "printer", "name": "Принтер", "price": 3000},
                   {"id": "legal", "name": "Юридическое сопровождение", "price": 100000}]})
    return services


def next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)
