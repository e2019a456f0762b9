"""I6, manual 004 «Настройки пользователя» — «Действия над персональными данными»:

- «Экспорт персональных данных — файл в CSV формате будет отправлен на email, указанный в
  настройках пользователя» (and downloadable once through the e-mailed link);
- «Запрос на удаление персональных данных»: every service erases or anonymizes, money
  records stay, the request's progress is visible;
- «Запрос на забвение/ограничение использования персональных данных»: no non-essential
  notices while processing is restricted.

An export also survives a participant that is down when it is asked.
"""
from __future__ import annotations

import base64
import csv
import io
import os
import re
import signal
import time
import zipfile

from sqlalchemy import text

from kit.db import make_engine
from kit.testing.wait import wait_for
from tests.integration.client import Client, assert_problem
from tests.integration.orders_support import coffee_order

PERSON_PAYER = {"kind": "individual", "contact_person": "Джил Фейри", "phone": "+7 (999) 111-22-33",
                "passport": {"series_number": "1111 111111", "issued_at": "2000-12-01", "issued_by": "УФМС г. Москва",
                             "birth_date": "1999-03-03", "registration_city": "Москва",
                             "registration_address": "г. Москва, ул. Ленина, д. 1"}}
SERVICES = ["billing", "coworking", "identity", "notifications", "orders", "support"]


def rows(test_run, service: str, sql: str, **params) -> list[dict]:
    engine = make_engine(test_run.database_url(service), pool_size=1)
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(text(sql), params).mappings()]
    finally:
        engine.dispose()


def csv_files(content: bytes) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist()}


def test_export_is_emailed_as_csv_files_and_downloadable_once(system, make_user, catalog, fakes, test_run):
    person = make_user(first_name="Джил", last_name="Фейри")
    email = person.user["email"]
    number = coffee_order(person, catalog)["number"]
    person.ok("POST", "/billing/payers", 201, json=PERSON_PAYER)

    request = person.ok("POST", "/me/personal-data/requests", 202, json={"kind": "export"})
    assert request["kind"] == "export" and request["status"] == "in_progress"
    assert sorted(p["service"] for p in request["progress"]) == SERVICES
    assert_problem(person.post("/me/personal-data/requests", json={"kind": "export"}), 409, "data_request_in_progress")

    (mail,) = fakes.wait_mail(email, timeout=30)
    assert mail["subject"] == "Ваши персональные данные"
    (attached,) = mail["attachments"]
    assert attached["content_type"] == "application/zip" and attached["filename"].startswith("personal-data-")
    files = csv_files(base64.b64decode(attached["data"]))
    assert files["identity-profile.csv"][0]["email"] == email
    assert files["identity-profile.csv"][0]["first_name"] == "Джил"
    assert [o["number"] for o in files["orders-orders.csv"]] == [str(number)]
    assert files["orders-person.csv"][0]["full_name"] == "Джил Фейри"
    assert files["billing-payers.csv"][0]["contact_person"] == "Джил Фейри"
    assert files["notifications-person.csv"][0]["email"] == email
    assert {"coworking-tickets.csv", "support-tickets.csv", "notifications-deliveries.csv"} <= set(files)

    link = re.search(r"https?://\S+/api/v1/personal-data/downloads/[A-Za-z0-9_-]+", mail["text"]).group(0)
    mine = person.ok("GET", "/me/personal-data/requests")["items"][0]
    assert mine["id"] == request["id"] and mine["status"] == "ready"
    assert all(p["status"] == "done" for p in mine["progress"])

    anonymous = Client(system.base_url)
    downloaded = anonymous.get(link)
    assert downloaded.status_code == 200, downloaded.text[:300]
    assert downloaded.headers["Content-Type"] == "application/zip"
    assert "attachment;" in downloaded.headers["Content-Disposition"]
    assert csv_files(downloaded.content) == files
    assert_problem(anonymous.get(link), 404, "download_used")
    assert_problem(anonymous.get(link[:-4] + "AAAA"), 404)

    (stored,) = rows(test_run, "identity", "SELECT status, file, downloaded_at FROM data_requests WHERE id = :id",
                     id=request["id"])
    assert stored["status"] == "downloaded" and stored["file"] is None and stored["downloaded_at"] is not None
    sent = rows(test_run, "notifications", "SELECT status, data FROM deliveries WHERE recipient = :u "
                "AND event_type = 'personal_data_export_ready'", u=person.user["id"])
    assert [d["status"] for d in sent] == ["sent"] and "attachment" not in sent[0]["data"]  # the file is not kept


def test_erasure_forgets_the_person_everywhere_keeps_money_records_and_shows_progress(
        system, make_user, admin, catalog, test_run):
    person = make_user(first_name="Аня", last_name="Банана")
    user_id, email = person.user["id"], person.user["email"]
    order = coffee_order(person, catalog)
    payer = person.ok("POST", "/billing/payers", 201, json=dict(PERSON_PAYER, contact_person="Аня Банана"))
    person.ok("POST", "/notifications/devices", 201, json={"token": "fcm-erase-" + user_id + "-" + "q" * 20,
                                                           "platform": "android"})
    wait_for(lambda: rows(test_run, "orders", "SELECT 1 FROM people WHERE user_id = :u", u=user_id),
             timeout=15, message="orders knows the person")

    def logged():
        found = admin.ok("GET", "/actions", params={"actor_id": user_id, "per_page": 100})["items"]
        return found if {"order.created", "payer.created"} <= {e["action"] for e in found} else None

    before = wait_for(logged, timeout=20, message="the person's actions are in the log")
    assert all(e["actor"]["name"] == "Аня Банана" and e["ip"] for e in before)

    request = person.ok("POST", "/me/personal-data/requests", 202, json={"kind": "erase"})
    assert request["status"] == "in_progress"
    # the action log keeps what was done, pseudonymised: no name, address or client; their
    # name gone from the entries about them too (the administrator's «user.created»)
    after = admin.ok("GET", "/actions", params={"actor_id": user_id, "per_page": 100})["items"]
    assert {e["id"] for e in before} < {e["id"] for e in after}
    assert all((e["actor"]["name"], e["ip"], e["user_agent"]) == ("Удаленный пользователь", None, None)
               for e in after), after
    assert "personal_data.erased" in {e["action"] for e in after}
    about = admin.ok("GET", "/actions", params={"object_id": user_id, "per_page": 100})["items"]
    assert "user.created" in {e["action"] for e in about}
    assert not [e for e in after + about if "Банана" in e["summary"]]
    assert [p for p in request["progress"] if p["service"] == "identity"][0]["status"] == "done"
    assert_problem(person.get("/me"), 401)  # forgotten by identity at once: signed out for good
    assert_problem(Client(system.base_url).post("/auth/login", json={"login": email, "password": person.password}), 401)

    def finished():
        seen = admin.ok("GET", "/personal-data/requests/" + request["id"])
        return seen if seen["status"] == "done" else None

    done = wait_for(finished, timeout=30, message="every service erased the person")
    assert sorted(p["service"] for p in done["progress"]) == SERVICES
    assert all(p["status"] == "done" and p["done_at"] for p in done["progress"])
    erased = {p["service"]: p["erased"] for p in done["progress"]}
    assert erased["notifications"]["devices"] == 1 and erased["billing"]["payers"] == 1
    assert admin.ok("GET", "/personal-data/requests", params={"user_id": user_id})["total"] == 1
    assert_problem(make_user().get("/personal-data/requests"), 403)

    (user,) = rows(test_run, "identity", "SELECT email, phone, first_name, last_name, password_hash, status "
                   "FROM users WHERE id = :u", u=user_id)
    assert user == {"email": None, "phone": None, "first_name": "", "last_name": "", "password_hash": None,
                    "status": "deleted"}
    for service in ("orders", "coworking", "support", "notifications", "billing"):
        (copy,) = rows(test_run, service, "SELECT full_name, email, phone, status FROM people WHERE user_id = :u",
                       u=user_id)
        assert copy == {"full_name": "", "email": None, "phone": None, "status": "deleted"}, service
    (kept_order,) = rows(test_run, "orders", "SELECT total, details FROM orders WHERE number = :n", n=order["number"])
    assert kept_order["total"] == order["total"] and kept_order["details"] == {}  # kept, without the free text
    assert rows(test_run, "notifications", "SELECT 1 FROM devices WHERE user_id = :u", u=user_id) == []
    (kept_payer,) = rows(test_run, "billing", "SELECT number, contact_person, phone, passport FROM payers "
                         "WHERE id = :p", p=payer["id"])
    assert kept_payer == {"number": payer["number"], "contact_person": "", "phone": None, "passport": None}


def restriction_applied(test_run, user_id: str, restricted: bool) -> None:
    """Notifications has applied identity's announcement (events of different producers
    travel in different queues: the story waits for this one before the next notice)."""
    wait_for(lambda: rows(test_run, "notifications", "SELECT 1 FROM processing_restrictions WHERE user_id = :u "
                          "AND restricted = :r", u=user_id, r=restricted),
             timeout=15, message="notifications knows the restriction is {}".format(restricted))


def test_restricted_processing_stops_non_essential_notices_but_not_payments(
        system, make_user, staff, catalog, billing, fakes, test_run):
    person = make_user()
    email, user_id = person.user["email"], person.user["id"]
    number = coffee_order(person, catalog)["number"]
    staff_chat = "/orders/{}/messages".format(number)

    restricted = person.ok("POST", "/me/personal-data/requests", 202, json={"kind": "restrict"})
    assert restricted["status"] == "done" and person.ok("GET", "/me")["processing_restricted"] is True
    assert_problem(person.post("/me/personal-data/requests", json={"kind": "restrict"}), 409, "already_restricted")
    restriction_applied(test_run, user_id, True)

    staff.manager.ok("POST", staff_chat, 201, json={"text": "Ваш заказ почти готов"})  # services: not essential
    billing.publish("payment_succeeded", payment_id="it-" + user_id, payment_number=number, account_id="it-acc",
                    user_id=user_id, purpose="top_up", order_number=None, amount=50000, commission=0,
                    currency="RUB", method="card", provider="sandbox", paid_at="2026-12-01T12:00:00+00:00",
                    order_paid_total=None, order_remaining=None, order_fully_paid=None)
    (payment,) = fakes.wait_mail(email, timeout=20)  # essential: payments still come
    assert payment["headers"]["X-Notification-Type"] == "payment_succeeded"
    staff.manager.ok("POST", staff_chat, 201, json={"text": "Готово, заберите"})

    lifted = person.ok("POST", "/me/personal-data/requests", 202, json={"kind": "lift_restriction"})
    assert lifted["status"] == "done" and person.ok("GET", "/me")["processing_restricted"] is False
    restriction_applied(test_run, user_id, False)
    staff.manager.ok("POST", staff_chat, 201, json={"text": "Ждём вас снова"})
    mails = fakes.wait_mail(email, count=2, timeout=20)
    chat = [m for m in mails if m["headers"]["X-Notification-Type"] == "chat_message_posted"]
    assert [m["text"].count("Ждём вас снова") for m in chat] == [1]  # the two messages while restricted: none
    assert not any("почти готов" in m["text"] or "заберите" in m["text"] for m in fakes.mail(email))


def test_an_export_waits_for_a_service_that_is_down_and_finishes_when_it_is_back(system, make_user, fakes):
    """Durable: identity's request waits in the stopped service's queue; the progress shows
    which service is pending; restarted (as the launcher supervises it), it answers."""
    person = make_user()
    process = system.processes["support"]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    try:
        request = person.ok("POST", "/me/personal-data/requests", 202, json={"kind": "export"})

        def waiting_for_support():
            seen = person.ok("GET", "/personal-data/requests/" + request["id"])
            pending = [p["service"] for p in seen["progress"] if p["status"] == "pending"]
            return seen if pending == ["support"] else None

        seen = wait_for(waiting_for_support, timeout=30, message="every service but support answered")
        assert seen["status"] == "in_progress" and fakes.mail(person.user["email"]) == []
    finally:
        quiet = lambda *args, **kwargs: None  # noqa: E731
        system.supervise(now=time.monotonic(), say=quiet)
        assert "support" in system.supervise(now=time.monotonic() + 1.5, say=quiet)
    system.wait_ready(timeout=60)

    (mail,) = fakes.wait_mail(person.user["email"], timeout=60)
    assert "support-tickets.csv" in csv_files(base64.b64decode(mail["attachments"][0]["data"]))
    assert person.ok("GET", "/personal-data/requests/" + request["id"])["status"] == "ready"


def test_an_export_link_not_used_in_time_expires_and_its_file_goes(system, make_user, fakes, story, test_run):
    person = make_user()
    request = person.ok("POST", "/me/personal-data/requests", 202, json={"kind": "export"})
    (mail,) = fakes.wait_mail(person.user["email"], timeout=30)
    link = re.search(r"https?://\S+/api/v1/personal-data/downloads/[A-Za-z0-9_-]+", mail["text"]).group(0)

    story.advance(3 * 24 * 3600 + 60)  # PERSONAL_DATA_LINK_TTL: three days
    wait_for(lambda: rows(test_run, "identity", "SELECT 1 FROM data_requests WHERE id = :id AND status = 'expired' "
                          "AND file IS NULL", id=request["id"]), timeout=15, message="the sweep dropped the file")
    assert_problem(Client(system.base_url).get(link), 404, "download_expired")
    assert person.ok("GET", "/personal-data/requests/" + request["id"])["status"] == "expired"
