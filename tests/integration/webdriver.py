"""A small W3C WebDriver client: Debian's chromium through Debian's chromedriver, spoken
to with ``requests`` (https://www.w3.org/TR/webdriver2/).

Why not a library: the suite runs under eventlet's monkey-patching (kit.testing.run).
Playwright's sync API deadlocks there (its asyncio pipes to the node driver wait on a hub
that never wakes them: tried, the first story hung in the eventlet hub), and Selenium brings
trio, whose import under eventlet breaks pytest's anyio and hypothesis plugins for the whole
suite. WebDriver is plain HTTP+JSON, which every test here already speaks; the few commands
a story needs are below. Nothing is downloaded: both binaries are Debian's
(``scripts/ensure-infra.sh browser``).
"""
from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import time

import requests

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(AssertionError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromeDriver:
    """One chromedriver process; :meth:`session` opens a browser."""

    def __init__(self, log_path: str | None = None):
        for binary in (CHROMIUM, CHROMEDRIVER):
            if not shutil.which(binary):
                raise WebDriverError("{} is missing: bash scripts/ensure-infra.sh browser".format(binary))
        self.port = _free_port()
        self.url = "http://127.0.0.1:{}".format(self.port)
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL
        self.process = subprocess.Popen([CHROMEDRIVER, "--port={}".format(self.port)], stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/status", timeout=2).json()["value"]["ready"]:
                    return
            except (requests.RequestException, ValueError, KeyError):
                pass
            time.sleep(0.1)
        self.stop()
        raise WebDriverError("chromedriver did not start")

    def session(self, *, language: str = "ru-RU", width: int = 390, height: int = 844) -> "Browser":
        options = {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", "--no-first-run", "--lang=" + language,
                     "--window-size={},{}".format(width, height),
                     # as offline: no host but the loopback resolves (no CDN can be reached)
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            "prefs": {"intl.accept_languages": "{},{}".format(language, language.split("-")[0])},
        }
        answer = requests.post(self.url + "/session", json={"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options, "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"pageLoad": 60000, "script": 30000, "implicit": 0}}}}, timeout=120)
        body = answer.json()["value"]
        if answer.status_code != 200:
            raise WebDriverError("no browser session: {}".format(body))
        return Browser(self.url + "/session/" + body["sessionId"])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class Element:
    def __init__(self, browser: "Browser", element_id: str):
        self.browser, self.id = browser, element_id

    def _call(self, method, path="", **json):
        return self.browser.call(method, "/element/{}{}".format(self.id, path), **json)

    def click(self) -> None:
        self._call("POST", "/click", )

    def type(self, text: str) -> None:
        self._call("POST", "/clear")
        self._call("POST", "/value", text=text)

    @property
    def text(self) -> str:
        return self._call("GET", "/text")

    def attribute(self, name: str):
        return self._call("GET", "/attribute/" + name)

    def property(self, name: str):
        return self._call("GET", "/property/" + name)


class Browser:
    """One browser window: what a person does, by what they see."""

    def __init__(self, url: str):
        self.session_url = url
        self.base_url = ""
        self.http = requests.Session()

    def call(self, method: str, path: str = "", **json):
        response = self.http.request(method, self.session_url + path, json=json if method == "POST" else None,
                                     timeout=120)
        value = response.json().get("value")
        if response.status_code != 200:
            raise WebDriverError("{} {}: {}".format(method, path, value))
        return value

    # --- navigation -------------------------------------------------------------------
    def open(self, path_or_url: str) -> "Browser":
        url = path_or_url if path_or_url.startswith("http") else self.base_url + path_or_url
        self.call("POST", "/url", url=url)
        return self

    @property
    def url(self) -> str:
        return self.call("GET", "/url")

    @property
    def path(self) -> str:
        url = self.url
        rest = url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"

    def wait(self, condition, timeout: float = 20.0, message: str = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if condition():
                    return
            except WebDriverError:
                pass
            time.sleep(0.2)
        raise WebDriverError("waited {} s for {}; on {}:\n{}".format(timeout, message or condition, self.path,
                                                                    self.text[:2500]))

    def wait_path(self, prefix: str, timeout: float = 20.0) -> "Browser":
        self.wait(lambda: self.path.startswith(prefix), timeout, "the page " + prefix)
        return self

    # --- finding ------------------------------------------------------------------------
    def find_all(self, css: str) -> list[Element]:
        return [Element(self, item[ELEMENT]) for item in self.call("POST", "/elements", using="css selector",
                                                                   value=css)]

    def find(self, css: str, timeout: float = 10.0) -> Element:
        """The first element matching ``css``, waiting for it (a click that submits a form
        may return before the next page has loaded)."""
        return self._until(lambda: (self.find_all(css) or [None])[0], "nothing matches {!r}".format(css), timeout)

    def _until(self, attempt, what: str, timeout: float = 10.0):
        """``attempt()``'s first answer that is not None, retried while the page is still
        loading (nothing found yet, or an element gone stale under a navigation)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                found = attempt()
            except WebDriverError:
                found = None
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise WebDriverError("{} on {}:\n{}".format(what, self.path, self.text[:2500]))
            time.sleep(0.2)

    def field(self, label: str) -> Element:
        """The input a ``<label>`` with this text names (``for=``)."""
        def attempt():
            for item in self.find_all("label"):
                if item.text.strip() == label:
                    return (self.find_all("#" + item.attribute("for")) or [None])[0]
            return None
        return self._until(attempt, "no field labelled {!r}".format(label))

    def fill(self, label: str, text: str) -> "Browser":
        self.field(label).type(text)
        return self

    def press(self, text: str) -> "Browser":
        """Click the visible button (or link styled as one) whose text is ``text``."""
        def attempt():
            for item in self.find_all("button, a.button, input[type=submit]"):
                if item.text.strip() == text and self.call("GET", "/element/{}/displayed".format(item.id)):
                    return item
            return None
        self._until(attempt, "no button {!r}".format(text)).click()
        return self

    @property
    def text(self) -> str:
        try:
            return self.find_all("body")[0].text
        except (WebDriverError, IndexError):
            return ""

    def wait_text(self, text: str, timeout: float = 20.0) -> "Browser":
        self.wait(lambda: text in self.text, timeout, repr(text))
        return self

    def script(self, source: str, *args):
        return self.call("POST", "/execute/sync", script=source, args=list(args))

    # --- cookies and the console ----------------------------------------------------------
    def cookies(self) -> list[dict]:
        return self.call("GET", "/cookie")

    def clear_cookies(self) -> None:
        self.call("DELETE", "/cookie")

    def console_errors(self) -> list[str]:
        """The page's script errors and Content-Security-Policy violations since the last call
        (a page answered with a 4xx on purpose — a refused form — is not one)."""
        entries = self.call("POST", "/se/log", type="browser")
        return [entry["message"] for entry in entries or [] if entry.get("level") == "SEVERE"
                and "Failed to load resource" not in entry["message"]]

    def screenshot(self, path: str) -> None:
        """The viewport as a PNG file."""
        with open(path, "wb") as out:
            out.write(base64.b64decode(self.call("GET", "/screenshot")))

    def resize(self, width: int, height: int) -> None:
        self.call("POST", "/window/rect", width=width, height=height)

    def quit(self) -> None:
        try:
            self.call("DELETE")
        except (WebDriverError, requests.RequestException):
            pass
