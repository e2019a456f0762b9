"""Demo orders like those manuals 000 and 001 show, placed through the public API, so the
client app and the manager console have something to show. Each demo service gets its
orders once: when the administrator already sees orders of a service, nothing is placed.
"""
from __future__ import annotations

from datetime import date, timedelta

from scripts.demo.api import Api, Sessions, at
from scripts.demo.people import ALEXEY, EXECUTOR, LERA, MARIA, MARINA


def load(base_url: str, admin: Api, users: dict[str, str], services: dict[str, dict], today: date) -> None:
    """The manuals' orders of the demo catalog (``services``, by key), once per service."""
    # the administrator sees every order: nobody signs in when all is there already
    # (sign-ins are rate-limited per login)
    missing = {key for key in ("cleaning", "room", "coffee", "hotel", "event", "coworking", "olvery")
               if not admin.call("GET", "/orders", params={"scope": "managed", "service_id": services[key]["id"],
                                                           "per_page": 1})["total"]}
    if not missing:
        return
    people = Sessions(base_url)

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
        booking = order(MARINA, "room", starts_at=at(day, 13), ends_at=at(day, 15),
                        comment="Просьба организовать кофе и чай для участников")
        people[MARINA].call("PATCH", "/orders/{}".format(booking["number"]), json={"status": "confirmed"})
    if "coffee" in missing:
        # 1007783: 180 ₽, with the chat of the manual
        coffee = order(MARINA, "coffee", deliver_at=at(day, 16),
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
        # 1006544: an hour in the coworking, «Билет 162» (scripts/demo/coworking.py adds manual 002's)
        order(LERA, "coworking", tariff_id="standard", starts_at=at(day, 14), ends_at=at(day, 15))
    if "olvery" in missing:
        order(ALEXEY, "olvery", fields={"text": "Прошу оформить пропуск для гостя на завтра."})
