"""Words people see, in Russian (default) and English: statuses, kinds, payment words,
system chat messages. Codes never change; labels may."""
from __future__ import annotations

STATUS = {
    "ru": {
        "new": "Новый",
        "new_payment_pending": "Новый. В процессе оплаты",
        "new_awaiting_invoice": "Новый. Ожидает выставления счета на оплату",
        "invoice_issued": "Безналичный расчет. Счет выставлен",
        "confirmed": "Подтвержден",
        "in_progress": "В работе",
        "done_awaiting_confirmation": "Выполнен. Ожидает подтверждения",
        "done": "Выполнен",
        "cancelled": "Отменен",
        "cancelled_payment_failed": "Отменен. Неуспешная оплата",
        "cancelled_refund_pending": "Отменен. Выполняется возврат",
        "cancelled_refunded": "Отменен. Выполнен возврат",
    },
    "en": {
        "new": "New",
        "new_payment_pending": "New. Payment in progress",
        "new_awaiting_invoice": "New. Awaiting an invoice",
        "invoice_issued": "Bank transfer. Invoice issued",
        "confirmed": "Confirmed",
        "in_progress": "In progress",
        "done_awaiting_confirmation": "Done. Awaiting confirmation",
        "done": "Done",
        "cancelled": "Cancelled",
        "cancelled_payment_failed": "Cancelled. Payment failed",
        "cancelled_refund_pending": "Cancelled. Refund in progress",
        "cancelled_refunded": "Cancelled. Refunded",
    },
}

#: manual 000: the status line of a partly paid order the client may pay the rest of
#: («Подтвержден. Необходимо оплатить остаток 2 000 Р», next to the "Оплатить" button)
REMAINDER = {"ru": "{status}. Необходимо оплатить остаток {amount} ₽",
             "en": "{status}. Please pay the remaining {amount} RUB"}

PAYMENT_STATUS = {
    "ru": {"unpaid": "Не оплачен", "pending": "Оплата в процессе", "partially_paid": "Оплачен частично",
           "paid": "Оплачен", "refund_pending": "Выполняется возврат", "refunded": "Возврат выполнен"},
    "en": {"unpaid": "Unpaid", "pending": "Payment in progress", "partially_paid": "Partially paid",
           "paid": "Paid", "refund_pending": "Refund in progress", "refunded": "Refunded"},
}

KIND = {
    "ru": {"simple": "Простая услуга", "request": "Обращение", "booking": "Бронирование",
           "goods": "Заказ товаров", "coworking": "Коворкинг", "hotel": "Отель",
           "event": "Билет на мероприятие"},
    "en": {"simple": "Service", "request": "Request", "booking": "Booking", "goods": "Goods order",
           "coworking": "Coworking", "hotel": "Hotel", "event": "Event ticket"},
}

PAYMENT_METHOD = {
    "ru": {"balance": "Лицевой счет", "card": "Банковская карта", "saved_method": "Сохраненная карта",
           "manager": "Оплата через менеджера", "bank_transfer": "Безналичный расчет"},
    "en": {"balance": "Personal account", "card": "Bank card", "saved_method": "Saved card",
           "manager": "Paid via the manager", "bank_transfer": "Bank transfer"},
}

#: system chat messages: code → text with {placeholders}
SYSTEM_MESSAGE = {
    "ru": {
        # docs/payments.md: the texts of payment_succeeded by method (the gateway's, word for
        # word, from manual 001's chat)
        "payment_received_gateway": "Поступила оплата через платёжный шлюз.",
        "payment_received_balance": "Оплата с лицевого счета",
        "payment_received_manager": "Менеджер внес оплату {amount} ₽",
        "payment_failed": "Оплата не прошла",
        "refund_completed": "Выполнен возврат {amount} ₽",
        "auto_confirmed": "Заказ автоматически подтвержден как выполненный",
        "ticket_checked_in": "Посещение мероприятия отмечено",
        "ticket_visitor_changed": "Билет передан: посетитель — {name}",
        "invoice_requested": "Запрошен счет на оплату для {payer}",
        "invoice_issued": "Выставлен счет №{number} на {amount} ₽, оплатить до {due_on}",
        "payment_received_bank_transfer": "Поступила оплата по счету {amount} ₽",
    },
    "en": {
        "payment_received_gateway": "Payment received through the payment gateway.",
        "payment_received_balance": "Paid from the personal account",
        "payment_received_manager": "The manager recorded a payment of {amount} RUB",
        "payment_failed": "The payment failed",
        "refund_completed": "Refunded {amount} RUB",
        "auto_confirmed": "The order was confirmed as done automatically",
        "ticket_checked_in": "Attendance at the event was recorded",
        "ticket_visitor_changed": "The ticket was passed on: the visitor is now {name}",
        "invoice_requested": "An invoice was requested for {payer}",
        "invoice_issued": "Invoice No. {number} for {amount} RUB issued, due {due_on}",
        "payment_received_bank_transfer": "A bank transfer of {amount} RUB arrived for the invoice",
    },
}

ACCESS_CARD = {"ru": "Доступ в помещение", "en": "Access to premises"}


def _lang(language: str | None) -> str:
    return "en" if language == "en" else "ru"


def status(code: str, language: str | None = "ru") -> str:
    return STATUS[_lang(language)].get(code, code)


def status_line(code: str, remaining: int | None, language: str | None = "ru") -> str:
    """The status, and what remains to pay when ``remaining`` is given (manual 000)."""
    if not remaining:
        return status(code, language)
    return REMAINDER[_lang(language)].format(status=status(code, language), amount=rubles(remaining))


def payment_status(code: str, language: str | None = "ru") -> str:
    return PAYMENT_STATUS[_lang(language)].get(code, code)


def kind(code: str, language: str | None = "ru") -> str:
    return KIND[_lang(language)].get(code, code)


def payment_method(code: str | None, language: str | None = "ru") -> str | None:
    if code is None:
        return None
    return PAYMENT_METHOD[_lang(language)].get(code, code)


def rubles(kopecks: int) -> str:
    """3 500 for 350000 kopecks; kopecks shown only when there are any."""
    whole, rest = divmod(int(kopecks), 100)
    text = "{:,}".format(whole).replace(",", "\u00a0")
    return text if not rest else "{},{:02d}".format(text, rest)


def system_message(code: str, params: dict | None, language: str | None = "ru") -> str:
    params = dict(params or {})
    if "amount" in params:
        params["amount"] = rubles(params["amount"])
    template = SYSTEM_MESSAGE[_lang(language)].get(code, code)
    return template.format(**params)


def access_card(language: str | None = "ru") -> str:
    return ACCESS_CARD[_lang(language)]


#: the coworking ticket's statuses (manual 002 «Статусы билетов»)
TICKET_STATUS = {
    "ru": {"new": "Новый", "confirmed": "Подтвержден", "active": "Активен", "cancelled": "Отменен",
           "done": "Выполнен"},
    "en": {"new": "New", "confirmed": "Confirmed", "active": "Active", "cancelled": "Cancelled", "done": "Done"},
}

FIRST_VISIT = {
    "ru": "При первом посещении покажите администратору коворкинга паспорт: после проверки личности "
          "билет откроет вам вход.",
    "en": "On your first visit, show your passport to the coworking manager: once they have checked it, "
          "the ticket opens the door for you.",
}


def ticket_status(code: str | None, language: str | None = "ru") -> str | None:
    return TICKET_STATUS[_lang(language)].get(code, code) if code else None


def first_visit(language: str | None = "ru") -> str:
    return FIRST_VISIT[_lang(language)]
