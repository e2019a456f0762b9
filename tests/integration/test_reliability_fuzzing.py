"""Schemathesis over the whole API from the gateway's own OpenAPI document (issue 12): as a
client and as an administrator, with real tokens, against the running system. Every
operation gets its documented examples, the boundary values of its schemas (the coverage
phase: too long, too large, missing, of the wrong type) and random requests; every answer
must be

- no 5xx (``not_a_server_error``);
- a status code, a content type, headers and a body the document declares for it — errors
  are ``application/problem+json`` and documented so (``status_code_conformance``,
  ``content_type_conformance``, ``response_headers_conformance``,
  ``response_schema_conformance``);
- for a method the URL does not have, 405 with ``Allow`` (``unsupported_method``,
  ``allow_header_conformance``);
- a request the document says is invalid is refused with a 4xx, not quietly converted
  (``negative_data_rejection``: 2.5e-42 for an integer, 0 for a boolean, a missing body).

Bounded (``MAX_EXAMPLES`` random requests per operation; the boundary values once, as the
administrator; the runs side by side) and reproducible (deterministic generation, which
keeps no example database). The path names the client's real objects (its order and payment,
a support ticket, a payer, attachments, a device), so their operations read the bodies
instead of answering 404. ``POST /auth/logout`` is left out: it revokes the very token
the run uses (its own tests are in test_identity_sessions.py).

The administrator's run changes shared reference data (templates, departments, catalog
entries with random names), so this module runs last in the session (conftest)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kit.config import SERVICES
from tests.integration.billing_support import fund
from tests.integration.orders_support import coffee_order
from tests.integration.support_fixtures import agents, desk  # noqa: F401  (fixtures)

MAX_EXAMPLES = 5
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance", "unsupported_method",
          "allow_header_conformance", "negative_data_rejection")
#: operations that would end the run's own session
LEFT_OUT = ("/api/v1/auth/logout",)
#: the runs, side by side: (role, phases, operations). The coverage phase (every schema's
#: boundaries and violations, ~8 000 requests) once, as the administrator, who reaches every
#: handler (validation does not depend on the caller), split in two. Each run has one worker:
#: schemathesis' worker threads meet a CPython 3.11.7 race in the ast module
#: (python/cpython#106905, "AST constructor recursion depth mismatch"), fixed in 3.11.8
BILLING_AND_ORDERS = "^/api/v1/(billing|orders)"
RUNS = {"admin (billing and orders)": ("admin", "examples,coverage,fuzzing", ["--include-path-regex", BILLING_AND_ORDERS]),
        "admin (the rest)": ("admin", "examples,coverage,fuzzing", ["--exclude-path-regex", BILLING_AND_ORDERS]),
        "client": ("client", "examples,fuzzing", [])}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def config(objects: dict) -> str:
    """schemathesis.toml: a 405 is probed with two methods per URL (not all seven), and the
    path names the client's real objects (random identifiers only reach a 404)."""
    lines = ["[phases.coverage]", 'unexpected-methods = ["TRACE", "PUT"]', "", "[parameters]"]
    lines += ['"path.{}" = {}'.format(name, json.dumps(value)) for name, value in objects["anywhere"].items()]
    for regex, parameters in objects["per_path"].items():
        lines += ["", "[[operations]]", "include-path-regex = {}".format(json.dumps(regex)),
                  "parameters = {{ {} }}".format(", ".join('"path.{}" = {}'.format(name, json.dumps(value))
                                                        for name, value in parameters.items()))]
    return "\n".join(lines) + "\n"


def fuzz(base_url: str, token: str, phases: str, operations: list, objects: dict, workdir: Path) -> subprocess.Popen:
    workdir.mkdir()
    (workdir / "schemathesis.toml").write_text(config(objects))
    command = [str(Path(sys.executable).with_name("st")), "--config-file", str(workdir / "schemathesis.toml"), "run",
               base_url + "/api/v1/openapi.json",
               "--header", "Authorization: Bearer " + token, "--phases", phases, "--checks", ",".join(CHECKS),
               "--max-examples", str(MAX_EXAMPLES), "--generation-deterministic", "--no-shrink",
               "--workers", "1", "--request-timeout", "30", "--no-color", "--output-truncate", "true", *operations]
    for path in LEFT_OUT:
        command += ["--exclude-path", path]
    return subprocess.Popen(command, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def failures(output: str) -> str:
    """The FAILURES and ERRORS sections of schemathesis' report (what to fix), or its end."""
    marks = [i for i in (output.find("=== FAILURES"), output.find("=== ERRORS")) if i >= 0]
    return output[min(marks):][:20000] if marks else output[-5000:]


def logged_errors(system) -> str:
    """The error lines the gateway and the services logged (why a 5xx was a 5xx)."""
    lines = []
    for name in ("gateway", *SERVICES):
        path = system.log_path(name)
        if path.exists():
            lines += [line[:1500] for line in path.read_text(errors="replace").splitlines()
                      if '"level": "error"' in line or '"level": "critical"' in line]
    return "\n".join(lines[-20:])


def real_objects(client, admin, catalog, desk) -> dict:  # noqa: F811
    """The client's order (paid from the balance) and its payment, a support ticket, a payer,
    attachments and a push device, by the path parameters that name them."""
    fund(admin, client, 50000)
    order = coffee_order(client, catalog, payment={"method": "balance"})
    attachment = client.post("/attachments", files={"file": ("a.png", io.BytesIO(PNG), "image/png")}).json()
    support_attachment = client.post("/support/attachments", files={"file": ("a.png", io.BytesIO(PNG), "image/png")}).json()
    ticket = client.ok("POST", "/support/tickets", 201, json={
        "department_id": desk.accounting["id"], "subject": "Сверка", "message": "Нужен акт сверки"})
    payer = client.ok("POST", "/billing/payers", 201, json={
        "kind": "individual", "contact_person": "Аня Банана", "phone": "+7 (999) 111-22-33",
        "actual_address": {"postcode": "100000", "city": "Москва", "address": "ул. Ленина, д. 1"}})
    device = client.ok("POST", "/notifications/devices", 201, json={"token": "fcm-fuzz-" + "x" * 32, "platform": "android"})
    return {"anywhere": {"payment_id": order["payment_attempt"]["payment"]["id"], "payer_id": payer["id"],
                         "device_id": device["id"], "account_id": client.user["account_id"]},
            "per_path": {"^/api/v1/orders/\\{number\\}": {"number": order["number"]},
                         "^/api/v1/support/tickets/\\{number\\}": {"number": ticket["number"]},
                         "^/api/v1/attachments/": {"attachment_id": attachment["id"]},
                         "^/api/v1/support/attachments/": {"attachment_id": support_attachment["id"]}}}


@pytest.mark.timeout(900)
def test_the_whole_api_survives_fuzzing_as_a_client_and_as_an_administrator(system, admin, make_user, catalog,
                                                                             desk, tmp_path):  # noqa: F811
    client = make_user()
    objects = real_objects(client, admin, catalog, desk)
    tokens = {"admin": admin.tokens["access_token"], "client": client.tokens["access_token"]}
    runs = {name: fuzz(system.base_url, tokens[role], phases, operations, objects, tmp_path / str(number))
            for number, (name, (role, phases, operations)) in enumerate(RUNS.items())}
    outputs = {name: run.communicate(timeout=840)[0] for name, run in runs.items()}
    for name, run in runs.items():
        assert "Tested: " in outputs[name], (name, failures(outputs[name]))
        assert run.returncode == 0, "as {}:\n{}\nlogged errors:\n{}".format(name, failures(outputs[name]),
                                                                         logged_errors(system))
