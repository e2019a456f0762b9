"""Manual 002's coworking, through the public API: the spaces «Коворкинг на 2 этаже» and
«Коворкинг №1» with РМ №1–РМ №3, and the tickets of the manual's list (Марина Спиридонова,
Иван Столповский, Анастасия Иванова, Мария Семенова; new, confirmed, active, cancelled),
placed around today. Once: nothing is placed when the spaces exist already."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from scripts.demo.api import Api, Sessions, at
from scripts.demo.people import ANASTASIA, IVAN, MARIA, MARINA

SPACES = ("Коворкинг на 2 этаже", "Коворкинг №1")
PLACES = ("РМ №1", "РМ №2", "РМ №3")


def _days(first: date, last: date) -> tuple[str, str]:
    """Whole days «13.12 - 14.12» in Moscow time (UTC+3)."""
    return at(first - timedelta(days=1), 21), at(last, 21)


def spaces(admin: Api, services: dict[str, dict]) -> dict[str, dict]:
    """The two spaces with РМ №1–РМ №3 (once, found by name), before any coworking order."""
    service = services["coworking"]
    existing = {s["name"]: s for s in admin.call("GET", "/coworking/spaces", params={"service_id": service["id"]})["items"]}
    return {name: existing.get(name) or admin.call("POST", "/coworking/spaces", json={
        "service_id": service["id"], "name": name, "workplaces": list(PLACES)}) for name in SPACES}


def load(base_url: str, admin: Api, users: dict[str, str], services: dict[str, dict], now: datetime) -> None:
    """The manual's tickets, once (Иван Столповский has tickets only from here). ``now``: the
    system's time (tests run its clock ahead); the manual's days are placed around it."""
    service = services["coworking"]
    rooms = spaces(admin, services)
    # loaded already when the demo's Иван has a ticket (not anyone whose name contains his)
    if any((t.get("visitor") or {}).get("id") == users[IVAN]
           for t in admin.every("/coworking/tickets", visitor="Столповский")):
        return
    people = Sessions(base_url)
    manager = people[MARINA]

    def seat(space: str, name: str) -> dict:
        room = rooms[space]
        return {"space_id": room["id"], "workplace_id": next(p["id"] for p in room["workplaces"] if p["name"] == name)}

    def ticket(email: str, space: str, place: str, period: tuple[str, str], tariff: str = "standard",
               status: str = "new", **extra) -> None:
        order = people[email].call("POST", "/orders", json={
            "service_id": service["id"], "tariff_id": tariff, "starts_at": period[0], "ends_at": period[1],
            **seat(space, place), **extra})
        path = "/orders/{}".format(order["number"])
        if status in ("confirmed", "active"):
            manager.call("PATCH", path, json={"status": "confirmed"})
        elif status == "cancelled":
            people[email].call("POST", path + "/cancel")

    today = now.date()
    soon = now.replace(second=0, microsecond=0) - timedelta(minutes=2)  # «Активен»: the period has just started
    d = lambda days: today + timedelta(days=days)  # noqa: E731
    second, first = SPACES
    ticket(MARINA, second, "РМ №1", (at(d(1), 12), at(d(1), 14)), status="cancelled")             # 22
    ticket(MARINA, second, "РМ №1", (at(d(2), 6), at(d(2), 10)), status="confirmed")              # 23
    ticket(MARINA, second, "РМ №1", _days(d(14), d(17)), tariff="daily")                          # 24
    ticket(MARIA, second, "РМ №1", (soon.isoformat(), (soon + timedelta(hours=3)).isoformat()),
           status="active")                                                                       # 25
    ticket(MARIA, first, "РМ №1", _days(d(16), d(18)), tariff="daily", status="confirmed",
           modifiers=["printer", "locker"])                                                       # 26
    ticket(ANASTASIA, second, "РМ №2", (soon.isoformat(), (soon + timedelta(hours=3)).isoformat()),
           status="active")                                                                       # 27
    ticket(ANASTASIA, second, "РМ №2", _days(d(2), d(2)), tariff="daily")                         # 28
    ticket(IVAN, second, "РМ №3", (at(d(3), 6), at(d(3), 8)))                                     # 29
    ticket(IVAN, second, "РМ №2", _days(d(17), d(17)), tariff="daily")                            # 30
    ticket(MARINA, first, "РМ №2", _days(d(7), d(8)), tariff="daily", status="confirmed")         # 31
    ticket(MARIA, first, "РМ №3", _days(d(16), d(49)), tariff="resident-1-3",
           modifiers=["locker", "legal"])                                                         # 34
