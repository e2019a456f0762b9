"""Who is calling, and under which correlation id: carried with every RPC call and event.

The gateway authenticates and puts the caller into Nameko's context data; Nameko copies
context data into the headers of every RPC request and event a worker sends, so the
identity travels on by itself. Each service authorizes from :class:`Caller`.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import structlog
from nameko.extensions import DependencyProvider
from nameko.timer import Timer

from kit.errors import Forbidden, Unauthorized

_log = structlog.get_logger("kit.calls")

ROLES = ("client", "rental_manager", "event_manager", "executor", "support_agent", "admin")
STAFF_ROLES = frozenset({"rental_manager", "event_manager", "executor", "support_agent", "admin"})
#: context-data keys (AMQP headers ``nameko.<key>``)
KEYS = ("correlation_id", "user_id", "account_id", "roles", "rights", "language")


@dataclass(frozen=True)
class Caller:
    user_id: str | None = None
    account_id: str | None = None
    roles: frozenset = field(default_factory=frozenset)
    correlation_id: str | None = None
    language: str = "ru"
    #: rights within the customer account (I3: users, finance, orders, support)
    rights: frozenset = field(default_factory=frozenset)

    @classmethod
    def from_context_data(cls, data: dict) -> "Caller":
        return cls(
            user_id=data.get("user_id") or None,
            account_id=data.get("account_id") or None,
            roles=_names(data.get("roles")),
            rights=_names(data.get("rights")),
            correlation_id=data.get("correlation_id") or None,
            language=data.get("language") or "ru",
        )

    def to_context_data(self) -> dict:
        data = {
            "correlation_id": self.correlation_id or str(uuid.uuid4()),
            "user_id": self.user_id,
            "account_id": self.account_id,
            "roles": sorted(self.roles),
            "rights": sorted(self.rights),
            "language": self.language,
        }
        return {k: v for k, v in data.items() if v not in (None, [], "")}

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def require_user(self) -> str:
        if not self.authenticated:
            raise Unauthorized("Sign in first")
        return self.user_id

    def require_right(self, *rights: str) -> None:
        """Refuse a user of a customer account without one of ``rights`` (admins pass)."""
        self.require_user()
        if not (self.rights & set(rights) or self.is_admin):
            raise Forbidden("This needs the account right: {}".format(" or ".join(rights)),
                            code="right_required")

    def require_role(self, *roles: str) -> None:
        """Refuse unless the caller has one of ``roles`` (admin passes every check)."""
        self.require_user()
        if not (self.has_role(*roles) or self.is_admin):
            raise Forbidden("This needs one of the roles: {}".format(", ".join(roles)),
                            code="role_required")


def _names(value) -> frozenset:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v]
    return frozenset(value or ())


#: Identity used by timers and event handlers acting on their own behalf.
SYSTEM = Caller(user_id=None, roles=frozenset({"system"}))


#: entrypoints of a service's web server that probes and scrapers call every few seconds
QUIET_ENTRYPOINTS = frozenset({"healthz", "readyz", "metrics_endpoint"})


def did_work(result) -> bool:
    """Whether a periodic job's tick did something: a positive count, a non-empty list, a
    dict with a truthy value. None (or 0) is an idle tick."""
    if isinstance(result, dict):
        return any(result.values())
    if isinstance(result, bool):
        return result
    if isinstance(result, (int, float)):
        return result > 0
    return bool(result)


class CallContext(DependencyProvider):
    """Injects the :class:`Caller` of the worker, binds it into every log line, and logs
    one line per handled call (entrypoint, duration, outcome: ``ok`` or the error's code).

    Quiet where nothing happened: a periodic job's idle tick and a passing probe log nothing
    (an idle platform writes no lines); a failure is always logged."""

    def get_dependency(self, worker_ctx):
        return Caller.from_context_data(worker_ctx.context_data)

    def worker_setup(self, worker_ctx):
        data = worker_ctx.context_data
        self._started[worker_ctx.call_id] = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            correlation_id=data.get("correlation_id"),
            user_id=data.get("user_id"),
            entrypoint=worker_ctx.entrypoint.method_name,
            call_id=worker_ctx.call_id,
        )

    def setup(self):
        self._started = {}

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        started = self._started.pop(worker_ctx.call_id, None)
        outcome = "ok"
        extra = {}
        if exc_info is not None:
            error = exc_info[1]
            outcome = getattr(error, "error_code", None) or getattr(error, "code", None) or type(error).__name__
        elif worker_ctx.entrypoint.method_name in QUIET_ENTRYPOINTS:
            return
        elif isinstance(worker_ctx.entrypoint, Timer):
            if not did_work(result):
                return
            extra["done"] = result
        _log.info("handled", outcome=outcome,
                  duration_ms=round((time.perf_counter() - started) * 1000, 1) if started else None, **extra)

    def worker_teardown(self, worker_ctx):
        self._started.pop(worker_ctx.call_id, None)
        structlog.contextvars.clear_contextvars()
