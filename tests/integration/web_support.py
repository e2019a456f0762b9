"""Browser tests of the web app (web/): Debian's chromium through Debian's chromedriver
(tests/integration/webdriver.py, plain W3C WebDriver over HTTP; nothing is downloaded),
against the integration system, which runs the web app beside the gateway
(``system.web_base_url``, kit.launcher.System).

Test modules import the fixtures they use::

    from tests.integration.web_support import browser, chromedriver, signed_in  # noqa: F401

- ``chromedriver``: one chromedriver per test session;
- ``browser``: one headless chromium per test module (starting it is the slow part),
  phone-sized (390×844), Russian (``Accept-Language: ru-RU``), unable to resolve any host
  but 127.0.0.1 (as offline: no CDN); its cookies are cleared before each test, so each
  starts signed out;
- ``signed_in``: ``signed_in(browser, client)`` signs a user made by ``make_user`` in
  through the sign-in page.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.integration.webdriver import Browser, ChromeDriver


@pytest.fixture(scope="session")
def chromedriver(tmp_path_factory):
    driver = ChromeDriver(str(tmp_path_factory.mktemp("chromedriver") / "chromedriver.log"))
    yield driver
    driver.stop()


@pytest.fixture(scope="module")
def _module_browser(chromedriver, system):
    opened = chromedriver.session()
    opened.base_url = system.web_base_url
    yield opened
    opened.quit()


@pytest.fixture
def browser(_module_browser) -> Browser:
    _module_browser.open("/healthz")       # cookies are per site: clear this one's
    _module_browser.clear_cookies()
    _module_browser.console_errors()       # forget what an earlier test left
    return _module_browser


def web_path(link: str) -> str:
    """A link as the platform sent it (under PUBLIC_BASE_URL), as a path of the web app. The
    test system's PUBLIC_BASE_URL is the gateway's (the API stories assert links there); in a
    local run and in production it is the web app itself."""
    parts = urlsplit(link)
    return parts.path + ("?" + parts.query if parts.query else "")


@pytest.fixture
def signed_in():
    def sign_in(browser: Browser, client) -> Browser:
        browser.open("/signin").fill("Эл. почта или телефон", client.user["email"]).fill("Пароль", client.password)
        browser.press("Войти")
        browser.wait_path("/orders")
        return browser
    return sign_in
