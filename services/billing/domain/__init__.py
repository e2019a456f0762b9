"""Billing rules with no I/O: money, payment states, requisites, payers. A broken rule raises
:class:`kit.errors.RuleBroken` (409) or :class:`kit.errors.InputRuleBroken` (422, a field)."""
