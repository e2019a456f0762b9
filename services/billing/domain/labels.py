"""Labels people see (ru default, en available), from the manuals' wording."""
from __future__ import annotations

LABELS = {
    "payment_status": {
        "new": {"ru": "Новый", "en": "New"},
        "paying": {"ru": "Оплачивается", "en": "Paying"},
        "credited": {"ru": "Зачислен", "en": "Credited"},
        "failed": {"ru": "Не оплачен", "en": "Failed"},
    },
    "method": {
        "balance": {"ru": "Лицевой счет", "en": "Personal account"},
        "card": {"ru": "Банковская карта", "en": "Bank card"},
        "saved_method": {"ru": "Сохраненный способ оплаты", "en": "Saved payment method"},
        "manager": {"ru": "Оплата через менеджера", "en": "Recorded by a manager"},
        "bank_transfer": {"ru": "Безналичный расчет", "en": "Bank transfer"},
    },
    "purpose": {
        "top_up": {"ru": "Авансовый платеж", "en": "Advance payment"},
        "order": {"ru": "Оплата заказа", "en": "Order payment"},
        "purchase": {"ru": "Оплата корзины", "en": "Cart checkout"},
    },
    "method_status": {
        "enabled": {"ru": "Включено", "en": "Enabled"},
        "configuring": {"ru": "Настраивается", "en": "Configuring"},
        "not_working": {"ru": "Не работает", "en": "Not working"},
    },
    "payer_kind": {
        "individual": {"ru": "Физическое лицо", "en": "Individual"},
        "company": {"ru": "Юридическое лицо", "en": "Company"},
        "sole_proprietor": {"ru": "Индивидуальный предприниматель", "en": "Sole proprietor"},
    },
    "entry_kind": {
        "top_up": {"ru": "Пополнение", "en": "Top-up"},
        "payment": {"ru": "Поступление оплаты", "en": "Payment received"},
        "manager_payment": {"ru": "Оплата через менеджера", "en": "Manager payment"},
        "charge": {"ru": "Списание", "en": "Charge"},
        "refund": {"ru": "Возврат", "en": "Refund"},
        "payout": {"ru": "Возврат на карту", "en": "Refund to card"},
        "adjustment": {"ru": "Корректировка", "en": "Adjustment"},
    },
    # manual 004 «Информация об услугах»
    "service_status": {
        "ordered": {"ru": "Заказан", "en": "Ordered"},
        "processing": {"ru": "Обрабатывается", "en": "Processing"},
        "active": {"ru": "Активен", "en": "Active"},
        "suspended": {"ru": "Временно остановлен", "en": "Suspended"},
        "stopped": {"ru": "Остановлен", "en": "Stopped"},
        "stopped_by_admin": {"ru": "Остановлен администратором", "en": "Stopped by an administrator"},
        "needs_setup": {"ru": "Требуется настройка", "en": "Needs setup"},
    },
    # manual 004 «Информация о счете»
    "invoice_status": {
        "to_pay": {"ru": "К оплате", "en": "To pay"},
        "partially_paid": {"ru": "Частично оплачен", "en": "Partially paid"},
        "paid": {"ru": "Полностью погашен", "en": "Paid"},
    },
    # an order paid by invoice (issue 11, item 9)
    "order_invoice_status": {
        "awaiting_issue": {"ru": "Ожидает выставления", "en": "Awaiting issue"},
        "issued": {"ru": "Выставлен", "en": "Issued"},
        "partially_paid": {"ru": "Частично оплачен", "en": "Partially paid"},
        "paid": {"ru": "Оплачен", "en": "Paid"},
        "cancelled": {"ru": "Отменен", "en": "Cancelled"},
    },
    "statement_line_status": {
        "matched": {"ru": "Зачислен", "en": "Recorded"},
        "unmatched": {"ru": "Не разнесен", "en": "Unmatched"},
        "dismissed": {"ru": "Отклонен", "en": "Dismissed"},
    },
    # manual 004 «Заказы»: «Ждут оплаты» / «Оплаченные услуги»
    "purchase_status": {
        "awaiting_payment": {"ru": "Ждет оплаты", "en": "Awaiting payment"},
        "paid": {"ru": "Оплачен", "en": "Paid"},
    },
}


def label(group: str, code: str | None, language: str = "ru") -> str | None:
    if code is None:
        return None
    texts = LABELS[group].get(code)
    if texts is None:
        return code
    return texts.get(language) or texts["ru"]
