"""X-Forwarded-For is believed only from TRUSTED_PROXIES (issue 12, problem 6)."""
from __future__ import annotations

import pytest

from gateway.app import create_app
from gateway.limits import client_ip, login_key


def _ip(trusted: str, peer: str, forwarded: str | None) -> str:
    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40, "TRUSTED_PROXIES": trusted})
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    with app.test_request_context("/", headers=headers, environ_base={"REMOTE_ADDR": peer}):
        return client_ip()


@pytest.mark.parametrize("trusted, peer, forwarded, expected", [
    ("", "10.0.0.5", "1.2.3.4", "10.0.0.5"),                          # nobody trusted: the peer
    ("10.0.0.0/8", "10.0.0.5", "1.2.3.4", "1.2.3.4"),                 # the ingress says who
    ("10.0.0.0/8", "10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.7", "1.2.3.4"),  # a forged first hop is not believed
    ("10.0.0.0/8", "192.168.1.9", "1.2.3.4", "192.168.1.9"),          # not a trusted proxy: the header is ignored
    ("10.0.0.0/8", "10.0.0.5", "garbage", "10.0.0.5"),
])
def test_forwarded_addresses_are_believed_only_from_trusted_proxies(trusted, peer, forwarded, expected):
    assert _ip(trusted, peer, forwarded) == expected


def test_a_login_is_keyed_as_identity_looks_it_up():
    assert login_key("+7 (342) 254-54-54") == login_key("83422545454") == login_key("+73422545454")
    assert login_key(" Jill@Test.com ") == "jill@test.com"
