"""Demo catalog and orders from manual 000 and 001, loaded through the public API.

Services: Клининговые услуги (the form of manual 000), Переговорная Python (250 ₽ an
hour), Кофе и еда от Monkey Grinder (tea 23 ₽, latte 100 ₽, BelVita 34 ₽), Отель «УЮТ»
(1 000 ₽ a night and its extras), Маркетинг в цифровую эпоху (tariff «Резидент», 150 ₽),
Коворкинг на 2 этаже, and the "recommended services" they point to. Orders like those
the manuals show, so the client app and the manager console have something to show.
Running it twice changes nothing: services are found by name, orders by service per person.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from scripts.demo_data import DEMO_PASSWORD, Api

MARINA, MARIA, LERA = "marina@demo.platform.local", "maria@demo.platform.local", "lera@demo.platform.local"
ALEXEY, EXECUTOR = "alexey@demo.platform.local", "executor@demo.platform.local"

CLEANING_FIELDS = [
    {"code": "building", "label": "Здание", "type": "select", "required": True, "options": ["Корпус А", "Корпус Б"]},
    {"code": "office", "label": "Офис", "type": "string", "required": True},
    {"code": "works", "label": "Описание требуемых работ", "type": "text", "required": True},
    {"code": "bring", "label": "Что взять с собой", "type": "multiselect",
     "options": ["Тряпка", "Ведро", "Пылесос", "Средства для чистки"]},
    {"code": "date", "label": "Дата оказания услуги", "type": "date", "required": True},
    {"code": "time", "label": "Время оказания услуги", "type": "time"},
]


def _services(admin: Api, staff: list[str], today: date) -> dict[str, dict]:
    def ensure(key, payload):
        found = [s for s in admin.call("GET", "/catalog/services", params={"q": payload["name"], "per_page": 100,
                                                                            "include_inactive": "true"})["items"]
                 if s["name"] == payload["name"]]
        services[key] = found[0] if found else admin.call("POST", "/catalog/services",
                                                          json={"manager_ids": staff, **payload})

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
    wednesday = _next_weekday(today + timedelta(days=8), 2)
    ensure("event", {
        "kind": "event", "name": "Маркетинг в цифровую эпоху", "settings": {"cancellable": True, "capacity": 40},
        "description": "Каждую среду на часе с экспертом обсуждаем современные способы и технологии продвижения.\n"
                       "- Как эффективно продвигать свой продукт или услуги\n"
                       "- Как привлечь новых клиентов и увеличить продажи\n"
                       "- Как найти маркетолога, который будет давать результат\n"
                       "- Основные ошибки в продвижении и как их избежать\n"
                       "Приходи и прокачай свой маркетинг с экспертами от Технопарка.",
        "tariffs": [{"id": "resident", "name": "Резидент", "price": 15000, "unit": "ticket"}],
        "event": {"starts_at": _at(wednesday, 13, 30), "ends_at": _at(wednesday, 14, 30), "place": "Технопарк, 2 этаж"}})
    ensure("coworking", {
        "kind": "coworking", "name": "Коворкинг на 2 этаже", "settings": {"cancellable": True},
        "tariffs": [{"id": "standard", "name": "Стандарт", "price": 10000, "unit": "hour"},
                    {"id": "daily", "name": "Суточный", "price": 50000, "unit": "day"}],
        "extras": [{"id": "locker", "name": "Шкафчик", "price": 5000}]})
    return services


class _Sessions(dict):
    """People signed in on first use."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def __missing__(self, email: str) -> Api:
        self[email] = Api(self.base_url).login(email, DEMO_PASSWORD)
        return self[email]


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _at(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc).isoformat()


def load(base_url: str, admin: Api, users: dict[str, str], today: date | None = None) -> dict[str, dict]:
    """The catalog and the manuals' orders (once); returns the services by key."""
    today = today or date.today()
    staff = [users[MARINA], users[EXECUTOR]]
    services = _services(admin, staff, today)
    # the administrator sees every order: nobody signs in when all is there already
    # (sign-ins are rate-limited per login)
    missing = {key for key in ("cleaning", "room", "coffee", "hotel", "event", "coworking", "olvery")
               if not admin.call("GET", "/orders", params={"scope": "managed", "service_id": services[key]["id"],
                                                           "per_page": 1})["total"]}
    if not missing:
        return services
    people = _Sessions(base_url)

    def order(email: str, service: str, **payload) -> dict:
        return people[email].call("POST", "/orders", json={"service_id": services[service]["id"], **payload})

    # a week ahead: the demo's bookings stay in the future for a while (and in tests, whose
    # clock runs ahead of the wall clock)
    day = today + timedelta(days=7)
    cleaning_form = {"building": "Корпус А", "office": "Офис 312", "works": "Генеральная уборка и вывоз мусора",
                     "bring": ["Тряпка", "Ведро", "Пылесос", "Средства для чистки"]}
    if "cleaning" in missing:
        # 106309: new; 1008768: done, awaiting the client's confirmation
        order(MARIA, "cleaning", fields={**cleaning_form, "date": (day + timedelta(days=2)).isoformat(), "time": "11:00"})
        done = order(MARIA, "cleaning", fields={**cleaning_form, "date": day.isoformat(), "time": "13:00"})
        path = "/orders/{}".format(done["number"])
        people[EXECUTOR].call("PATCH", path, json={"assignee_id": users[EXECUTOR], "status": "in_progress"})
        people[EXECUTOR].call("PATCH", path, json={"status": "done_awaiting_confirmation"})
    if "room" in missing:
        # 1009909: confirmed, two hours, Марина as the visitor (she manages the room too)
        booking = order(MARINA, "room", starts_at=_at(day, 13), ends_at=_at(day, 15),
                        comment="Просьба организовать кофе и чай для участников")
        people[MARINA].call("PATCH", "/orders/{}".format(booking["number"]), json={"status": "confirmed"})
    if "coffee" in missing:
        # 1007783: 180 ₽, with the chat of the manual
        coffee = order(MARINA, "coffee", deliver_at=_at(day, 16),
                       items=[{"item_id": "tea", "quantity": 2}, {"item_id": "latte", "quantity": 1},
                              {"item_id": "belvita", "quantity": 1}],
                       delivery={"place": "Самостоятельно заберу в кофейне", "pack_to_go": True},
                       comment="Сделайте, пожалуйста, чай погорячее!")
        for text in ("Здравствуйте!", "Когда будет готов мой заказ?"):
            people[MARINA].call("POST", "/orders/{}/messages".format(coffee["number"]), json={"text": text})
    if "hotel" in missing:
        # 1865: 5 500 ₽ with lunch, dinner, taxi, early check-in and late check-out
        check_in = today + timedelta(days=30)
        order(MARIA, "hotel", check_in=check_in.isoformat(), check_out=(check_in + timedelta(days=2)).isoformat(),
              adults=2, children=0, extras=[{"extra_id": "lunch", "quantity": 2}, {"extra_id": "taxi", "quantity": 1},
                                            {"extra_id": "early", "quantity": 1, "time": "07:00"},
                                            {"extra_id": "late", "quantity": 1, "time": "18:00"},
                                            {"extra_id": "dinner", "quantity": 2}])
    if "event" in missing:
        # 1085: a «Резидент» ticket
        order(MARINA, "event", tariff_id="resident")
    if "coworking" in missing:
        # 1006544: an hour in the coworking (its ticket comes with the coworking service)
        order(LERA, "coworking", tariff_id="standard", starts_at=_at(day, 14), ends_at=_at(day, 15))
    if "olvery" in missing:
        order(ALEXEY, "olvery", fields={"text": "Прошу оформить пропуск для гостя на завтра."})
    return services
