"""Words people see, in Russian (default) and English: statuses, kinds, payment words,
system chat messages. Codes never change; the texts live in the platform's one catalog
(``kit/locale/*/LC_MESSAGES/platform.po``, vocabularies ``order.*`` and
``coworking.ticket_status``), shared with every other service that names the same codes."""
from __future__ import annotations

from kit import i18n


def status(code: str, language: str | None = "ru") -> str:
    return i18n.label("order.status", code, language)


def status_line(code: str, remaining: int | None, language: str | None = "ru") -> str:
    """The status, and what remains to pay when ``remaining`` is given (manual 000:
    «Подтвержден. Необходимо оплатить остаток 2 000 ₽»)."""
    if not remaining:
        return status(code, language)
    return i18n.label("order.text", "remainder", language, status=status(code, language),
                      amount=rubles(remaining, language))


def payment_status(code: str, language: str | None = "ru") -> str:
    return i18n.label("order.payment_status", code, language)


def kind(code: str, language: str | None = "ru") -> str:
    return i18n.label("order.kind", code, language)


def payment_method(code: str | None, language: str | None = "ru") -> str | None:
    return i18n.label("order.payment_method", code, language)


def rubles(kopecks: int, language: str | None = "ru") -> str:
    """The number of an amount, by the language's rules (Babel): ``3 500`` (ru), ``3,500``
    (en) for 350000 kopecks; kopecks shown only when there are any. The texts add the sign."""
    return i18n.format_money(kopecks, language, symbol=False)


def system_message(code: str, params: dict | None, language: str | None = "ru") -> str:
    params = dict(params or {})
    if "amount" in params:
        params["amount"] = rubles(params["amount"], language)
    return i18n.label("order.chat", code, language, **params)


def access_card(language: str | None = "ru") -> str:
    return i18n.label("order.text", "access_card", language)


def ticket_status(code: str | None, language: str | None = "ru") -> str | None:
    """The coworking ticket's statuses (manual 002 «Статусы билетов»), coworking's words."""
    return i18n.label("coworking.ticket_status", code, language)


def first_visit(language: str | None = "ru") -> str:
    return i18n.label("order.text", "first_visit", language)
