"""Billing's use cases, one transaction each, all ``(uow, caller, data, deps)``, by subject:
ledger (B1), payments (B1, B3, B4, O13, O14), refunds (O9), methods (B5), payers (B2),
expenses (B8), janitor (what is due for a recheck), access (who may do what). What spans
several transactions around a provider call is in services/billing/flows.py."""
