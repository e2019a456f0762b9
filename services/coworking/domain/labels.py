"""Words people see, ru (default) and en (manual 002 «Статусы билетов»), from the platform's
one catalog (``kit/locale``, vocabularies ``coworking.ticket_status`` and
``coworking.entry_reason``)."""
from __future__ import annotations

from kit import i18n

STATUS = "coworking.ticket_status"
ENTRY_REASON = "coworking.entry_reason"


def label(vocabulary: str, code: str | None, language: str = "ru") -> str | None:
    return i18n.label(vocabulary, code, language)
