"""What an operator reads in the logs (issue 13, item 4): every line of every process is
JSON with the correlation id of the request that caused it; a client's mistake (a 4xx) is
one INFO line with its code in each process it crossed, never a WARNING or a traceback;
the delivery sweep says nothing while there is nothing to send."""
from __future__ import annotations

import json
import time
import uuid

from tests.integration.client import assert_problem


def lines(system, name: str) -> list[dict]:
    return [json.loads(line) for line in system.log_path(name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_refused_request_is_one_info_line_with_its_code_in_each_process(system, make_user):
    client = make_user()
    request_id = "it-logs-" + uuid.uuid4().hex
    missing = client.get("/billing/payments/" + str(uuid.uuid4()), headers={"X-Request-ID": request_id})
    code = assert_problem(missing, 404)["code"]
    time.sleep(0.5)  # the lines are flushed as they are written; let the service's arrive

    gateway = [line for line in lines(system, "gateway") if line.get("correlation_id") == request_id]
    assert [(line["event"], line["level"], line["status"], line["code"]) for line in gateway] == [
        ("request", "info", 404, code)]
    billing = [line for line in lines(system, "billing") if line.get("correlation_id") == request_id]
    assert [(line["event"], line["level"], line["outcome"]) for line in billing] == [("handled", "info", code)]
    assert not [line for line in gateway + billing if "exception" in line or "Traceback" in json.dumps(line)]


def test_every_line_of_every_process_is_json(system, make_user):
    """Lines from the start (gunicorn's arbiter and workers booting, each service starting)
    and every line a few requests through every service cause."""
    names = [*system.services, "gateway"]
    offsets = {name: system.log_path(name).stat().st_size for name in names}
    client = make_user()
    for path in ("/me", "/orders", "/billing/account", "/notifications", "/support/tickets", "/coworking/spaces",
                 "/billing/payments/" + str(uuid.uuid4())):
        client.get(path)
    time.sleep(0.5)
    for name in names:
        text = system.log_path(name).read_text(encoding="utf-8")
        boot = text.splitlines()[:5]
        recent = text.encode("utf-8")[offsets[name]:].decode("utf-8", errors="replace").splitlines()
        assert boot
        for line in boot + recent:
            if line.strip():
                try:
                    record = json.loads(line)
                except ValueError:
                    raise AssertionError("{}.log has a line that is not JSON: {}".format(name, line[:300]))
                assert record.get("service") and record.get("level") and record.get("timestamp"), line[:300]


def test_an_idle_delivery_sweep_logs_nothing(system):
    """The sweep runs five times a second here (DELIVERY_POLL_INTERVAL=0.2): a tick that
    found nothing due writes no line; one that sent something says how many."""
    log = system.log_path("notifications")
    start = log.stat().st_size
    time.sleep(2.0)
    with open(log, encoding="utf-8") as handle:
        handle.seek(start)
        new = [json.loads(line) for line in handle.read().splitlines() if line.strip()]
    ticks = [line for line in new if line.get("entrypoint") == "send_due_deliveries" and line["event"] == "handled"]
    assert all(line.get("done", 0) > 0 for line in ticks), ticks[:3]
    assert len(ticks) < 10  # not one line per tick
