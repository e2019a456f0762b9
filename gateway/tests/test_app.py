"""What the gateway application serves, and what it does not."""
from __future__ import annotations

from gateway import settings
from gateway.app import create_app


def test_the_gateway_serves_no_sandbox_provider():
    """The sandbox payment provider is its own development process (sandbox/), never a part
    of the production gateway."""
    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})
    assert [rule.rule for rule in app.url_map.iter_rules() if "sandbox-provider" in rule.rule] == []
    assert not any(name.startswith("SANDBOX_PROVIDER") for name in settings.DEFAULTS)
    assert "sandbox_provider" not in app.blueprints


def test_billing_serves_the_paths_api_md_names():
    """api.md (Billing): subscriptions (B7) at /billing/subscriptions — the old /billing/services
    is gone, nothing depended on it — and the documents of B10."""
    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})
    paths = app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    for path, methods in (("/billing/subscriptions", {"get"}), ("/billing/subscriptions/{service_id}", {"get", "patch"}),
                          ("/billing/invoices/{invoice_id}/pdf", {"get"}), ("/billing/acts", {"get"}),
                          ("/billing/acts/{act_id}/pdf", {"get"}), ("/billing/reconciliation", {"get"})):
        assert methods <= set(paths.get("/api/v1" + path, {})), path
    assert not [path for path in paths if path.startswith("/api/v1/billing/services")]
    for path in ("/billing/acts/{act_id}/pdf", "/billing/reconciliation", "/billing/contracts/{contract_id}/pdf"):
        operation = paths["/api/v1" + path]["get"]
        assert operation["summary"] and operation["description"], path
        assert "200" in operation["responses"] and "404" in operation["responses"], path
