"""Billing use cases: plain functions of (unit of work or database, caller, input, settings,
providers). Modules by subject: ledger (B1), payments (B1, B3, B4, O13, O14), refunds (O9),
methods (B5), payers (B2), expenses (B8), janitor."""
from services.billing.handlers.common import Settings  # noqa: F401
