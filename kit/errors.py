"""Errors that cross RPC intact and become ``application/problem+json`` at the gateway.

A service raises one of the kinds below (or a subclass of its own with a specific
``code``); :mod:`kit.rpc` sends it over the wire as its kind, which every caller can
rebuild, with the stable machine ``code``, the human ``detail`` (English; the gateway
shows people the catalog's text of the code in their language, kit/i18n.py) and field
``errors``; ``extra["params"]`` carries the values that text names.
"""
from __future__ import annotations

from marshmallow import ValidationError as SchemaError
from nameko.exceptions import deserialize_to_instance
from sqlalchemy.exc import OperationalError as DatabaseUnreachable, TimeoutError as DatabasePoolExhausted


class ServiceError(Exception):
    status = 500
    code = "internal_error"
    title = "Internal error"

    def __init__(self, detail=None, code=None, errors=None, extra=None):
        super().__init__(detail or self.title, code or type(self).code, errors or {}, extra or {})

    @property
    def detail(self) -> str:
        return self.args[0]

    @property
    def error_code(self) -> str:
        return self.args[1]

    @property
    def errors(self) -> dict:
        return self.args[2]

    @property
    def extra(self) -> dict:
        return self.args[3]

    def __str__(self) -> str:
        return "{}: {}".format(self.error_code, self.detail)


@deserialize_to_instance
class BadRequest(ServiceError):
    status, code, title = 400, "bad_request", "Bad request"


@deserialize_to_instance
class Unauthorized(ServiceError):
    status, code, title = 401, "unauthorized", "Authentication required"


@deserialize_to_instance
class Forbidden(ServiceError):
    status, code, title = 403, "forbidden", "Not allowed"


@deserialize_to_instance
class NotFound(ServiceError):
    status, code, title = 404, "not_found", "Not found"


@deserialize_to_instance
class Conflict(ServiceError):
    status, code, title = 409, "conflict", "Conflict"


@deserialize_to_instance
class ValidationFailed(ServiceError):
    status, code, title = 422, "validation_failed", "Invalid input"


@deserialize_to_instance
class RateLimited(ServiceError):
    status, code, title = 429, "rate_limited", "Too many requests"


@deserialize_to_instance
class Unavailable(ServiceError):
    status, code, title = 503, "service_unavailable", "A dependency is unavailable"


@deserialize_to_instance
class InternalError(ServiceError):
    status, code, title = 500, "internal_error", "Internal error"


class RuleBroken(Exception):
    """A rule of the domain refuses an action: raised by pure ``domain/`` code, which knows
    nothing of RPC. ``code`` is the stable machine code; ``field`` names the input it is
    about. The subclass says which kind of error it becomes on the wire (409 by default),
    so every service translates broken rules the same way, in :func:`as_wire_error`."""

    kind = Conflict

    def __init__(self, code: str, message: str, field: str | None = None, errors: dict | None = None,
                 params: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        #: field -> messages; ``errors`` when a rule checks several fields at once (a form)
        self.errors = errors or ({field: [message]} if field else {})
        #: the values the people's text of ``code`` names (kit/locale ``problem.detail``:
        #: "The least you can pay this way is {minimum}"); amounts in kopecks
        self.params = params

    def as_error(self) -> "ServiceError":
        return self.kind(self.message, code=self.code, errors=self.errors or None,
                         extra={"params": self.params} if self.params else None)


class InputRuleBroken(RuleBroken):
    """The input itself breaks a rule (an amount below the minimum, two identical payers): 422."""

    kind = ValidationFailed


class NotPermitted(RuleBroken):
    """The rule is about who may do this (only an administrator grants staff roles): 403."""

    kind = Forbidden


class NotFoundRule(RuleBroken):
    """A rule found that what the action needs does not exist: 404."""

    kind = NotFound


#: The kinds that cross RPC; a service's own subclasses travel as the kind they extend.
KINDS = (BadRequest, Unauthorized, Forbidden, NotFound, Conflict, ValidationFailed,
         RateLimited, Unavailable, InternalError)


def as_wire_error(exc: BaseException) -> ServiceError:
    """The error a caller should see for ``exc``: its kind, or an opaque internal error."""
    if isinstance(exc, RuleBroken):
        exc = exc.as_error()
    if isinstance(exc, ServiceError):
        kind = next(cls for cls in type(exc).__mro__ if cls in KINDS or cls is ServiceError)
        if kind is ServiceError:
            kind = InternalError
        if type(exc) is kind:
            return exc
        return kind(exc.detail, exc.error_code, exc.errors, exc.extra)
    if isinstance(exc, SchemaError):
        return ValidationFailed("Some fields are invalid", errors=_field_errors(exc.messages))
    if isinstance(exc, (DatabaseUnreachable, DatabasePoolExhausted)):
        # the database is down, restarting or out of connections: the transaction rolled
        # back, nothing was written; the caller may retry (with its Idempotency-Key)
        return Unavailable("The database is unavailable; try again", code="database_unavailable")
    return InternalError()


def _field_errors(messages) -> dict:
    if isinstance(messages, dict):
        return messages
    return {"_schema": messages if isinstance(messages, list) else [str(messages)]}
