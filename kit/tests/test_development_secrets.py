"""Development secrets work only in an explicit development mode (issue 12, problem 10):
a service or the gateway refuses to start with the default JWT_SECRET, a compose
"dev-only-" fallback or the sandbox payment provider unless DEVELOPMENT_MODE=1."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kit import config as kit_config
from kit.config import ROOT, DevelopmentSecret, refuse_development_secrets


@pytest.mark.parametrize("name, value", [
    ("JWT_SECRET", kit_config.DEFAULTS["JWT_SECRET"]),
    ("JWT_SECRET", "dev-only-jwt-secret-change-me"),
    ("PAYMENT_WEBHOOK_SECRET", kit_config.DEFAULTS["PAYMENT_WEBHOOK_SECRET"]),
    ("TICKET_SIGNING_SECRET", "dev-insecure-ticket-signing-secret"),
    ("BOOTSTRAP_ADMIN_PASSWORD", "admin-change-me"),
    ("SANDBOX_PROVIDER_URL", "http://127.0.0.1:8090"),
])
def test_a_development_value_is_refused_unless_development_mode_is_on(name, value):
    with pytest.raises(DevelopmentSecret, match=name):
        refuse_development_secrets({name: value, "DEVELOPMENT_MODE": "0"})
    refuse_development_secrets({name: value, "DEVELOPMENT_MODE": "1"})


def test_real_secrets_and_no_sandbox_start():
    refuse_development_secrets({"JWT_SECRET": "a" * 64, "PAYMENT_WEBHOOK_SECRET": "b" * 40, "SANDBOX_PROVIDER_URL": "",
                                "DEVELOPMENT_MODE": "0"})


def test_the_gateway_refuses_the_default_jwt_secret():
    from gateway.app import create_app

    with pytest.raises(DevelopmentSecret):
        create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": kit_config.DEFAULTS["JWT_SECRET"],
                    "DEVELOPMENT_MODE": "0"})
    create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": kit_config.DEFAULTS["JWT_SECRET"],
                "DEVELOPMENT_MODE": "1"})


def test_a_service_with_development_secrets_does_not_start():
    env = {k: v for k, v in os.environ.items() if k != "DEVELOPMENT_MODE"}
    env["JWT_SECRET"] = "dev-only-jwt-secret-change-me"  # compose's fallback
    result = subprocess.run([sys.executable, "-m", "kit.runner", "identity"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 78
    assert "JWT_SECRET" in result.stderr and "DEVELOPMENT_MODE=1" in result.stderr
