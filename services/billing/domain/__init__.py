"""Billing rules with no I/O: money, payment states, requisites, payers, webhook signatures."""
from __future__ import annotations


class RuleBroken(Exception):
    """A billing rule refused something; ``code`` says which, ``field`` where (if input)."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.field = field

    @property
    def message(self) -> str:
        return self.args[0]
