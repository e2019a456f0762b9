"""The OpenAPI document says what the gateway does (issue 12; schemathesis holds the running
system to it in tests/integration/test_reliability_fuzzing.py): errors are documented as
``application/problem+json``, as they are sent; patterns are ECMA regular expressions
(no Python inline flags); a 405 names the URL's methods in ``Allow``."""
from __future__ import annotations

import json

import pytest

from gateway.app import create_app


@pytest.fixture(scope="module")
def app():
    return create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/api/v1/openapi.json").get_json()


def test_every_documented_error_is_problem_json(spec):
    for name, response in spec["components"].get("responses", {}).items():
        assert list(response["content"]) == ["application/problem+json"], name
    errors = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation.get("responses", {}).items():
                if status == "default" or int(status) >= 400:
                    assert "$ref" in response or list(response["content"]) == ["application/problem+json"], (
                        method, path, status)
                    errors += 1
    assert errors  # the document lists errors at all


def test_patterns_have_no_python_only_syntax(spec):
    text = json.dumps(spec)
    assert '"pattern": "(?' not in text


def test_a_method_the_url_does_not_have_is_405_with_allow(app):
    response = app.test_client().open("/api/v1/share-links/abc", method="TRACE")
    assert response.status_code == 405
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET"}


def test_a_body_without_required_fields_is_documented_as_optional(spec):
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            content = ((operation.get("requestBody") or {}).get("content") or {}).get("application/json") if method != "parameters" else None
            if content is None:
                continue
            schema = content["schema"]
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
            assert operation["requestBody"].get("required", False) == bool(schema.get("required")), (method, path)
