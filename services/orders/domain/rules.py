"""The two ways a rule says no: bad input (422 with field errors) or a refusal (409)."""
from __future__ import annotations


class Invalid(Exception):
    """The input breaks a rule of the service's form: ``errors`` maps fields to messages."""

    def __init__(self, errors: dict, message: str = "Some fields are invalid"):
        super().__init__(message)
        self.errors = errors


class Refused(Exception):
    """The state of things refuses the request; ``code`` is stable."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
