"""The authorization matrix's first rows, generated from the OpenAPI document (issue 12):
every operation is either in the table of public operations below or requires a bearer
token — anonymously, and with a token forged with another key, it answers 401 before
anything else happens. A new endpoint fails here until it is given its row."""
from __future__ import annotations

import re
import uuid

import jwt
import pytest

from gateway.app import create_app

#: the operations anyone may call (each authenticates its caller in its own way)
PUBLIC = {
    ("POST", "/api/v1/auth/register"), ("POST", "/api/v1/auth/confirm"), ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
    ("GET", "/api/v1/share-links/{token}"),                       # the token is the capability
    ("GET", "/api/v1/personal-data/downloads/{token}"),           # I6: the e-mailed one-time link
    ("POST", "/api/v1/billing/providers/{provider}/webhook"),     # signed by the provider
    ("POST", "/api/v1/notifications/telegram/webhook"),           # Telegram's secret_token header
    ("POST", "/api/v1/support/telegram/webhook"),                 # the support bot's secret_token header
}
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def app():
    return create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})


def operations(app) -> list[tuple[str, str, dict]]:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    return [(method.upper(), path, dict(op, parameters=item.get("parameters", []) + op.get("parameters", [])))
            for path, item in spec["paths"].items() for method, op in item.items() if method in METHODS]


def concrete(path: str, op: dict) -> str:
    types = {p["name"]: (p.get("schema") or {}) for p in op.get("parameters", []) if p.get("in") == "path"}

    def value(match):
        schema = types.get(match.group(1), {})
        if schema.get("format") == "uuid":
            return str(uuid.uuid4())
        return "1" if schema.get("type") == "integer" else "x"

    return re.sub(r"\{(\w+)\}", value, path)


def test_every_operation_has_its_row(app):
    public = {(method, path) for method, path, op in operations(app) if not op.get("security")}
    assert public == PUBLIC, "public operations changed: add or remove their rows"
    assert len(operations(app)) > 100


def test_every_signed_in_operation_refuses_anonymous_and_forged_tokens(app):
    forged = jwt.encode({"sub": str(uuid.uuid4()), "jti": "j", "typ": "access", "iss": "identity",
                         "roles": ["admin"], "exp": 4102444800}, "another-key-" + "y" * 40, algorithm="HS256")
    client = app.test_client()
    refused = []
    for method, path, op in operations(app):
        if (method, path) in PUBLIC:
            continue
        url = concrete(path, op)
        for headers, code in (({}, "token_missing"), ({"Authorization": "Bearer " + forged}, "token_invalid")):
            response = client.open(url, method=method, headers=headers, json={})
            if response.status_code != 401 or response.get_json(force=True).get("code") != code:
                refused.append((method, path, response.status_code))
    assert refused == []
