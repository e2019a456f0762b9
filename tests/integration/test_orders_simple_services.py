"""Manual 000, simple services and requests: the cleaning order from "new" to "done" through
a return to work, auto-confirm by the timer (the service's own time, or the system's
default), closing (O2, O3, O6, O8, O15)."""
from __future__ import annotations

from datetime import datetime

from kit.clock import advance
from kit.testing.wait import wait_for
from tests.integration.client import Client, assert_problem
from tests.integration.orders_support import AUTO_CONFIRM_AFTER, CLEANING_FORM, service_now, wait_status
THREE_DAYS = 3 * 86400


def cleaning(client, catalog, **form):
    return client.ok("POST", "/orders", 201, json={"service_id": catalog.cleaning["id"],
                                                   "fields": {**CLEANING_FORM, **form}})


def test_cleaning_order_returned_to_work_then_confirmed_done(system, make_user, staff, catalog, events):
    client = make_user(first_name="Мария", last_name="Семенова")
    changes = events("orders", "order_status_changed")
    returned = events("orders", "order_returned_to_work")

    order = cleaning(client, catalog)
    number = order["number"]
    assert order["status"] == "new" and order["status_label"] == "Новый"
    assert order["service"]["name"] == catalog.cleaning["name"] and order["kind"] == "simple"
    assert [(f["label"], f["value"]) for f in order["fields"]] == [
        ("Здание", "Корпус А"), ("Офис", "Офис 312"), ("Описание требуемых работ", "Генеральная уборка и вывоз мусора"),
        ("Что взять с собой", ["Тряпка", "Ведро", "Пылесос", "Средства для чистки"]),
        ("Дата оказания услуги", "2022-05-16"), ("Время оказания услуги", "11:00")]
    assert order["actions"] == ["close"] and order["payment"] is None and order["items"] == []
    assert order["applicant"]["name"] == client.user["full_name"] and "phone" not in order["applicant"]
    assert order["additional_services"]["title"] == "Рекомендуемые услуги"
    assert [s["id"] for s in order["additional_services"]["services"]] == [catalog.coffee["id"], catalog.room["id"]]
    assert client.ok("GET", "/orders/{}".format(number), headers={"Accept-Language": "en"})["status_label"] == "New"

    executor = staff.executor
    console = executor.ok("PATCH", "/orders/{}".format(number), json={"status": "in_progress"})
    assert console["side"] == "staff" and console["applicant"]["name"] == client.user["full_name"]
    assert "done_awaiting_confirmation" in console["next_statuses"] and "change_status" in console["actions"]
    assert_problem(client.post("/orders/{}/confirm-completion".format(number)), 409, "order_transition_not_allowed")

    executor.ok("PATCH", "/orders/{}".format(number), json={"assignee_id": executor.user["id"]})
    waiting = executor.ok("PATCH", "/orders/{}".format(number), json={"status": "done_awaiting_confirmation"})
    assert waiting["status_label"] == "Выполнен. Ожидает подтверждения" and waiting["auto_confirm_at"]
    seen = client.ok("GET", "/orders/{}".format(number))
    assert seen["actions"] == ["confirm_completion", "return_to_work"]
    assert seen["executor"] == {"id": executor.user["id"], "name": executor.user["full_name"]}

    back = client.ok("POST", "/orders/{}/return-to-work".format(number), json={"comment": "Не вынесли мусор"})
    assert back["status"] == "in_progress" and back["auto_confirm_at"] is None
    notice = returned.wait(lambda e: e["data"]["order_number"] == number)["data"]
    assert notice["executor_id"] == executor.user["id"] and notice["comment"] == "Не вынесли мусор"
    chat = executor.ok("GET", "/orders/{}/messages".format(number))
    assert chat["items"][0]["text"] == "Не вынесли мусор" and chat["items"][0]["author"]["kind"] == "client"

    executor.ok("PATCH", "/orders/{}".format(number), json={"status": "done_awaiting_confirmation"})
    done = client.ok("POST", "/orders/{}/confirm-completion".format(number))
    assert done["status"] == "done" and done["actions"] == [] and done["auto_confirm_at"] is None

    def path():
        moves = [e["data"]["to_status"] for e in changes.drain() if e["data"]["order_number"] == number]
        return moves if len(moves) >= 5 else None

    assert wait_for(path, message="five status changes") == ["in_progress", "done_awaiting_confirmation", "in_progress", "done_awaiting_confirmation", "done"]
    # nothing more on a done order, and a refused change changes nothing
    assert_problem(client.post("/orders/{}/close".format(number), json={"resolution": "not_relevant"}), 409,
                   "order_transition_not_allowed")
    assert_problem(executor.patch("/orders/{}".format(number), json={"status": "in_progress"}), 409)
    assert client.ok("GET", "/orders/{}".format(number))["status"] == "done"


def test_a_second_cleaning_order_is_confirmed_by_the_timer(system, make_user, staff, catalog, redis_client, test_run, events):
    client = make_user()
    changes = events("orders", "order_status_changed")
    number = cleaning(client, catalog)["number"]
    waiting = staff.manager.ok("PATCH", "/orders/{}".format(number), json={"status": "done_awaiting_confirmation"})
    due = datetime.fromisoformat(waiting["auto_confirm_at"])
    remaining = (due - service_now(redis_client, test_run)).total_seconds()
    assert AUTO_CONFIRM_AFTER - 30 < remaining <= AUTO_CONFIRM_AFTER
    assert client.ok("GET", "/orders/{}".format(number))["auto_confirm_at"] == waiting["auto_confirm_at"]

    advance(redis_client, test_run.redis_prefix, remaining + 1)
    done = wait_status(client, number, "done")
    assert done["auto_confirm_at"] is None and done["actions"] == []
    automatic = changes.wait(lambda e: e["data"]["order_number"] == number and e["data"]["to_status"] == "done")
    assert automatic["data"]["action"] == "auto_confirm" and automatic["data"]["changed_by"] is None
    system_note = client.ok("GET", "/orders/{}/messages".format(number))["items"][0]
    assert system_note["author"]["kind"] == "system" and "автоматически" in system_note["text"]
    # the timer keeps ticking: the order is confirmed once
    wait_for(lambda: len(client.ok("GET", "/orders/{}/messages".format(number))["items"]) == 1)
    assert [e for e in changes.drain() if e["data"]["order_number"] == number and e["data"]["action"] == "auto_confirm"] \
        == [automatic]


def test_a_request_without_a_timeout_of_its_own_is_confirmed_after_the_systems_three_days(
        system, make_user, staff, catalog, redis_client, test_run, events):
    """O6 and manual 000's note «по прошествии определенного времени заказ автоматически будет
    переведен в статус «Выполнен»»: a service that sets no `auto_confirm_after` waits the
    system's AUTO_CONFIRM_DEFAULT (3 days) and shows the countdown like any other."""
    client = make_user()
    changes = events("orders", "order_status_changed")
    assert catalog.request["settings"]["auto_confirm_after"] is None
    request = client.ok("POST", "/orders", 201, json={"service_id": catalog.request["id"],
                                                      "fields": {"text": "Не работает кондиционер"}})["number"]
    waiting = staff.manager.ok("PATCH", "/orders/{}".format(request), json={"status": "done_awaiting_confirmation"})
    due = datetime.fromisoformat(waiting["auto_confirm_at"])
    remaining = (due - service_now(redis_client, test_run)).total_seconds()
    assert THREE_DAYS - 30 < remaining <= THREE_DAYS
    seen = client.ok("GET", "/orders/{}".format(request))
    assert seen["auto_confirm_at"] == waiting["auto_confirm_at"]
    assert seen["actions"] == ["confirm_completion", "return_to_work"]
    marked = changes.wait(lambda e: e["data"]["order_number"] == request)["data"]
    assert marked["auto_confirm_at"] and datetime.fromisoformat(marked["auto_confirm_at"]) == due

    # a cleaning order (its service's own 120 s) done at the same time is confirmed first: the
    # timer has run, and the request still waits for its three days
    cleaning_order = cleaning(client, catalog)["number"]
    staff.manager.ok("PATCH", "/orders/{}".format(cleaning_order), json={"status": "done_awaiting_confirmation"})
    advance(redis_client, test_run.redis_prefix, AUTO_CONFIRM_AFTER + 1)
    wait_status(client, cleaning_order, "done")
    assert client.ok("GET", "/orders/{}".format(request))["status"] == "done_awaiting_confirmation"

    advance(redis_client, test_run.redis_prefix, remaining - AUTO_CONFIRM_AFTER)
    done = wait_status(client, request, "done")
    assert done["auto_confirm_at"] is None and done["actions"] == []
    automatic = changes.wait(lambda e: e["data"]["order_number"] == request and e["data"]["to_status"] == "done")
    assert automatic["data"]["action"] == "auto_confirm"
    assert client.ok("GET", "/orders/{}/messages".format(request))["items"][0]["text"] == \
        "Заказ автоматически подтвержден как выполненный"


def test_closing_as_not_relevant_or_done(system, make_user, catalog, events):
    client = make_user()
    cancelled = events("orders", "order_cancelled")
    first = cleaning(client, catalog)["number"]
    closed = client.ok("POST", "/orders/{}/close".format(first), json={"resolution": "not_relevant"})
    assert closed["status"] == "cancelled" and closed["status_label"] == "Отменен" and closed["actions"] == []
    assert cancelled.wait(lambda e: e["data"]["order_number"] == first)["data"]["refund_required"] is False

    second = client.ok("POST", "/orders", 201, json={"service_id": catalog.request["id"],
                                                    "fields": {"text": "Не работает кондиционер"}})
    assert second["kind"] == "request" and second["kind_label"] == "Обращение"
    assert client.ok("POST", "/orders/{}/close".format(second["number"]), json={"resolution": "done"})["status"] == "done"
    assert_problem(client.post("/orders/{}/close".format(second["number"]), json={"resolution": "sideways"}), 422)
    assert_problem(client.post("/orders/{}/cancel".format(first)), 409, "order_transition_not_allowed")


def test_bad_input_is_refused_and_another_clients_order_is_not_found(system, make_user, staff, catalog, admin):
    client, stranger = make_user(), make_user()
    problem = assert_problem(client.post("/orders", json={"service_id": catalog.cleaning["id"],
                                                          "fields": {**CLEANING_FORM, "building": "Корпус В",
                                                                     "date": "16.05.2022", "color": "red"}}), 422)
    assert set(problem["errors"]["fields"]) == {"building", "date", "color"}
    assert_problem(client.post("/orders", json={"service_id": catalog.cleaning["id"], "fields": {}}), 422)
    assert_problem(client.post("/orders", json={"service_id": "not-a-uuid"}), 422)
    assert_problem(client.post("/orders", json={"service_id": catalog.cleaning["id"], "items": [], "fields": CLEANING_FORM}), 422)
    assert_problem(client.post("/orders", json={"service_id": "00000000-0000-4000-8000-000000000000"}), 404,
                   "service_not_found")
    assert_problem(client.post("/orders", data="{", headers={"Content-Type": "application/json"}), 400)
    assert client.ok("GET", "/orders")["total"] == 0

    number = cleaning(client, catalog)["number"]
    for response in (stranger.get("/orders/{}".format(number)), stranger.post("/orders/{}/close".format(number),
                                                                                json={"resolution": "done"}),
                     stranger.get("/orders/{}/messages".format(number)),
                     stranger.post("/orders/{}/messages".format(number), json={"text": "Привет"}),
                     client.get("/orders/99999999"), client.get("/orders/99999999999999999999999")):
        assert_problem(response, 404, "order_not_found")
    assert_problem(client.patch("/orders/{}".format(number), json={"status": "in_progress"}), 403, "staff_only")
    assert_problem(staff.manager.patch("/orders/{}".format(number), json={}), 422)
    assert_problem(staff.manager.patch("/orders/{}".format(number), json={"status": "paid"}), 422)
    assert_problem(staff.manager.patch("/orders/{}".format(number), json={"status": "done"}), 409,
                   "order_transition_not_allowed")
    assert_problem(staff.manager.patch("/orders/{}".format(number), json={"assignee_id": client.user["id"]}), 422,
                   "user_unknown")
    assert_problem(Client(system.base_url).get("/orders/{}".format(number)), 401)
    other_staff = make_user(roles=["executor"])
    assert_problem(other_staff.get("/orders/{}".format(number)), 404)  # not assigned, not a manager
    assert admin.ok("GET", "/orders/{}".format(number))["side"] == "staff"
