"""Screenshots of the web app's main pages, in Russian, for the README:

    python -m scripts.screenshots [--web-url http://127.0.0.1:8081] [--out docs/screenshots]

against a running system with the demo data (``make run``): signs in as Марина Спиридонова
(``marina@demo.platform.local`` / ``demo-password``) in Debian's chromium (through
chromedriver, tests/integration/webdriver.py) and writes ``<page>.png`` at a phone's width
and ``<page>-wide.png`` at a laptop's. A development tool, like the demo loader: never in the image.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kit.config import ROOT
from tests.integration.webdriver import ChromeDriver

SIZES = {"": (390, 844), "-wide": (1280, 900)}


def shoot(web_url: str, out: Path, login: str, password: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    driver = ChromeDriver()
    browser = driver.session()
    browser.base_url = web_url.rstrip("/")
    written = []

    def save(name: str) -> None:
        for suffix, (width, height) in SIZES.items():
            browser.resize(width, height)
            path = out / "{}{}.png".format(name, suffix)
            browser.screenshot(str(path))
            written.append(path)

    try:
        browser.open("/signin")
        save("sign-in")
        browser.open("/register")
        save("register")
        browser.open("/signin").fill("Эл. почта или телефон", login).fill("Пароль", password).press("Войти")
        browser.wait_path("/orders")
        save("orders")
        rows = [row.text for row in browser.find_all("table.list tbody tr")]
        # manual 000's coffee order when the demo has it, else the newest order
        rows.sort(key=lambda text: "Кофе" not in text)
        numbers = [int(n) for text in rows for n in re.findall(r"\b(\d{7})\b", text)[:1]]
        browser.open("/catalog")
        save("catalog")
        coffee = [a.attribute("href") for a in browser.find_all("a.button") if "/order" in (a.attribute("href") or "")]
        if coffee:
            browser.open(coffee[0])
            save("order-form")
        if numbers:
            browser.open("/orders/{}".format(numbers[0]))
            save("order")
        browser.open("/account/profile")
        save("profile")
        if browser.find_all("[data-test=console-link]"):     # staff (the demo's Марина: a rental manager)
            browser.open("/console/orders")
            save("console-orders")
            managed = [a.attribute("href") for a in browser.find_all("[data-test=orders] tbody a")]
            browser.open("/console/coworking/tickets")
            save("console-coworking")
            tickets = [a.attribute("href") for a in browser.find_all("[data-test=tickets] tbody a")]
            if tickets:
                browser.open(tickets[0])
                save("console-coworking-ticket")
            if managed:
                browser.open(managed[0])
                save("console-order")
    finally:
        browser.quit()
        driver.stop()
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--web-url", default="http://127.0.0.1:8081")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--login", default="marina@demo.platform.local")
    parser.add_argument("--password", default="demo-password")
    args = parser.parse_args(argv)
    for path in shoot(args.web_url, Path(args.out), args.login, args.password):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
