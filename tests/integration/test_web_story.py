"""Manual 000's first story in a real browser, through the web app only: a person registers
from the link in the captured e-mail, sets the password, signs in, orders coffee (two green
teas, a latte and BelVita cookies: 180 ₽), pays by card on the sandbox provider's page, comes
back to the payment's outcome and sees the order paid."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.integration.notifying import link_in
from tests.integration.orders_support import catalog, staff  # noqa: F401  (fixtures)
from tests.integration.web_support import _module_browser, browser, chromedriver, web_path  # noqa: F401

pytestmark = pytest.mark.integration


def test_register_order_coffee_pay_and_see_it_paid(system, fakes, catalog, browser):
    email = "web-{}@it.platform.local".format(uuid.uuid4().hex[:8])

    browser.open("/register")
    browser.fill("Эл. почта", email).fill("Имя", "Марина").fill("Фамилия", "Кофейникова")
    browser.press("Зарегистрироваться")
    browser.wait_text("Проверьте сообщения")

    link = link_in(fakes.wait_mail(email)[0]["text"])        # /confirm?token=… under PUBLIC_BASE_URL
    browser.open(web_path(link))
    browser.fill("Пароль", "coffee-password-1").fill("Пароль еще раз", "coffee-password-2")
    browser.press("Сохранить и войти")
    assert "Пароли не совпадают." in browser.find("#password_repeat-error").text   # the error next to its field
    browser.fill("Пароль", "coffee-password-1").fill("Пароль еще раз", "coffee-password-1")
    browser.press("Сохранить и войти")
    browser.wait_text("Регистрация завершена")

    browser.find("label.menu-button").click()
    browser.press("Выйти")
    browser.wait_path("/signin")
    browser.fill("Эл. почта или телефон", email).fill("Пароль", "coffee-password-1").press("Войти")
    browser.wait_path("/orders")

    browser.open("/catalog")
    browser.wait_text(catalog.coffee["name"])
    browser.open("/catalog/{}/order".format(catalog.coffee["id"]))
    browser.fill("Чай зеленый Greenfield, пакетированный, 200 мл", "2").fill("Латте, 300 мл", "1")
    browser.fill("Печенье BelVita Утреннее витаминизированное с какао, 4 шт", "1")
    browser.fill("Комментарий", "Сделайте, пожалуйста, чай погорячее!")
    browser.press("Оформить заказ")
    browser.wait(lambda: re.fullmatch(r"/orders/\d+", browser.path), message="the order's page")
    number = int(browser.path.rsplit("/", 1)[1])
    assert browser.find("[data-test=total]").text == "180 ₽"
    assert "Не оплачен" in browser.find("[data-test=payment-status]").text

    browser.press("Оплатить")                                 # by card (the default): off to the provider
    browser.wait(lambda: "/pay/" in browser.url, message="the sandbox provider's page")
    browser.press("Pay")
    browser.wait_text("succeeded")
    browser.find("a").click()                                # the provider sends the payer back
    browser.wait_path("/payments/return")
    browser.wait_text("Оплата прошла.", timeout=30)
    browser.press("Вернуться к заказу № {}".format(number))
    browser.wait_path("/orders/{}".format(number))
    browser.wait(lambda: "Оплачен" == browser.find("[data-test=payment-status]").text.strip(), timeout=30,
                 message="the order paid")
    assert browser.console_errors() == []
