"""Words people see, ru (default) and en (manual 002 «Статусы билетов»)."""
from __future__ import annotations

STATUS = {
    "ru": {"new": "Новый", "confirmed": "Подтвержден", "active": "Активен", "cancelled": "Отменен",
           "done": "Выполнен"},
    "en": {"new": "New", "confirmed": "Confirmed", "active": "Active", "cancelled": "Cancelled",
           "done": "Done"},
}

ENTRY_REASON = {
    "ru": {"ticket_cancelled": "Билет отменен", "ticket_not_validated": "Билет не валидирован: проверьте личность посетителя",
           "period_not_started": "Время аренды еще не наступило", "period_ended": "Время аренды закончилось"},
    "en": {"ticket_cancelled": "The ticket is cancelled", "ticket_not_validated": "The ticket is not validated yet",
           "period_not_started": "The rental period has not started", "period_ended": "The rental period is over"},
}


def label(table: dict, code: str | None, language: str = "ru") -> str | None:
    if code is None:
        return None
    return table.get(language, table["ru"]).get(code, code)
