"""The gateway's promises: correlation ids into service logs, idempotency keys, problem+json,
readiness, metrics and the OpenAPI document."""
from __future__ import annotations

import json
import uuid

from kit.testing.wait import wait_for
from tests.integration.client import Client, assert_problem


def test_correlation_id_enters_at_the_gateway_and_reaches_the_service_log_and_events(system, admin, events, unique):
    request_id = "it-corr-" + unique
    probe = events("identity", "user_registration_requested")
    response = admin.post("/users", json={"email": "corr-{}@it.platform.local".format(unique), "first_name": "Корр"},
                          headers={"X-Request-ID": request_id})
    assert response.status_code == 201 and response.headers["X-Request-ID"] == request_id

    def identity_lines():
        lines = [json.loads(line) for line in system.log_path("identity").read_text().splitlines()
                 if line.startswith("{") and request_id in line]
        return [line for line in lines if line.get("correlation_id") == request_id]

    lines = wait_for(identity_lines, message="an identity log line with the request id")
    assert all(line["service"] == "identity" for line in lines)
    assert probe.wait(lambda e: e["correlation_id"] == request_id)["data"]["reason"] == "invitation"

    generated = admin.get("/me")
    assert uuid.UUID(generated.headers["X-Request-ID"])  # generated when the client sent none
    assert admin.get("/me", headers={"X-Request-ID": "bad id with spaces"}).headers["X-Request-ID"] != "bad id with spaces"


def test_idempotency_key_replays_the_first_response_and_refuses_other_parameters(system, admin, unique):
    key = "idem-" + unique
    body = {"name": "Идемпотентная " + unique}
    first = admin.post("/companies", json=body, headers={"Idempotency-Key": key})
    again = admin.post("/companies", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert_problem(admin.post("/companies", json={"name": "Другая " + unique}, headers={"Idempotency-Key": key}),
                   422, "idempotency_key_reused")
    assert admin.ok("GET", "/companies", params={"q": unique})["total"] == 1
    # a failed request is not remembered: the retry runs
    clash = admin.post("/companies", json=body, headers={"Idempotency-Key": key + "-2"})
    assert_problem(clash, 409, "company_exists")


def test_errors_are_problem_json_never_html(system, admin):
    anonymous = Client(system.base_url)
    assert_problem(anonymous.get("/no/such/path"), 404, "not_found")
    assert_problem(anonymous.put("/auth/login", json={}), 405, "method_not_allowed")
    assert_problem(anonymous.post("/auth/login", data="{broken", headers={"Content-Type": "application/json"}), 400)
    assert_problem(admin.post("/companies", data=b"x" * (21 * 1024 * 1024), headers={"Content-Type": "application/json"}), 413)


def test_health_readiness_metrics_and_openapi(system, admin):
    anonymous = Client(system.base_url)
    assert anonymous.get("/healthz").json() == {"status": "ok"}
    assert anonymous.get("/readyz?scope=local").json()["checks"] == {"broker": "ok", "redis": "ok", "startup": "ok"}
    metrics = anonymous.get("/metrics").text
    assert "gateway_http_requests_total" in metrics and 'endpoint="/api/v1/me"' in metrics
    spec = anonymous.ok("GET", "/openapi.json")
    assert spec["openapi"].startswith("3.") and "/api/v1/auth/login" in spec["paths"]
    login = spec["paths"]["/api/v1/auth/login"]["post"]
    assert "LoginRequest" in json.dumps(login["requestBody"]) and "422" in login["responses"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert anonymous.get("/docs").status_code == 200
