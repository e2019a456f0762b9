"""The web app in a real browser (Debian's chromium, tests/integration/web_support.py), on
the running system: signing in and out, what a page without a session does, the security
headers and CSRF as served."""
from __future__ import annotations

import pytest
import requests

from tests.integration.web_support import _module_browser, browser, chromedriver, signed_in  # noqa: F401

pytestmark = pytest.mark.integration


def test_sign_in_and_out_in_the_browser(system, make_user, browser, signed_in):
    client = make_user(first_name="Мария", last_name="Спиридонова")
    browser.open("/orders").wait_path("/signin?next=/orders")     # no session: sign in first
    browser.fill("Эл. почта или телефон", client.user["email"]).fill("Пароль", "not-the-password")
    browser.press("Войти")
    assert browser.find(".alert-error").text.strip()               # the API's problem, on the form
    signed_in(browser, client)
    assert browser.find("h1").text == "Мои заказы"
    cookie = next(c for c in browser.cookies() if c["name"] == "web_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert "Мария Спиридонова" not in browser.find("header").text  # a phone: the menu is folded
    browser.find("label.menu-button").click()
    assert "Мария Спиридонова" in browser.find("header").text
    browser.press("Выйти")
    browser.wait_path("/signin")
    browser.open("/account/profile").wait_path("/signin?next=/account/profile")
    assert browser.console_errors() == []                          # no CSP violation, no script error


def test_headers_and_csrf_as_served(system):
    web = system.web_base_url
    response = requests.get(web + "/signin", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert requests.get(web + "/orders", allow_redirects=False, timeout=10).headers["Location"].startswith("/signin")
    refused = requests.post(web + "/signin", data={"login": "x@example.ru", "password": "x"}, timeout=10)
    assert refused.status_code == 400
    assert requests.get(web + "/healthz", timeout=10).json() == {"status": "ok"}
    assert requests.get(web + "/readyz", timeout=10).json()["checks"] == {"redis": "ok", "gateway": "ok"}
