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


def test_limits_are_parsed_once_at_start_and_a_malformed_one_stops_it():
    """Issue 13 item 10: settings parsed once, not per request."""
    import pytest

    from gateway import limits

    base = {"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40}
    app = create_app({**base, "RATE_LIMIT_LOGIN_ID": "7/120"})
    parsed = app.extensions["limits"]
    assert parsed.windows["RATE_LIMIT_LOGIN_ID"] == (7, 120) and parsed.running_ttl == 60
    for wrong in ("ten/60", "10", "0/60", "10/-5"):
        with pytest.raises(ValueError, match="RATE_LIMIT_LOGIN_IP"):
            create_app({**base, "RATE_LIMIT_LOGIN_IP": wrong})
    assert set(limits.WINDOWS) <= set(settings.DEFAULTS)
