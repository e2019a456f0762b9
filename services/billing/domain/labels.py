"""Labels people see (ru default, en available), from the manuals' wording; the texts live
in the platform's one catalog (``kit/locale``, vocabularies ``billing.<group>``)."""
from __future__ import annotations

from kit import i18n

GROUPS = ("payment_status", "method", "purpose", "method_status", "payer_kind", "entry_kind",
          "service_status", "invoice_status", "order_invoice_status", "statement_line_status",
          "purchase_status")


def label(group: str, code: str | None, language: str = "ru") -> str | None:
    if group not in GROUPS:
        raise KeyError(group)
    return i18n.label("billing." + group, code, language)
