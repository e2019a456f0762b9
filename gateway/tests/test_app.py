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
