"""Auto-renewal (B7, manual 004 «Создание подписок», «Как работает оплата по подписке»): the
renewal job's steps, one transaction each. A service whose renewal is due (its lead time
before expiry) is claimed with ``FOR UPDATE SKIP LOCKED``; from the balance it is renewed at
once; from a saved method a top-up is charged first (flows.py calls the provider; its
Idempotency-Key names the service and the period, so the period is charged once whatever
happens) and the service renewed from the money it brought. A failure is told to the user
and tried again the next day; a service not renewed by its expiry is suspended."""
from __future__ import annotations

import structlog

from kit.context import Caller
from kit.errors import RuleBroken, ServiceError
from services.billing import events, store
from services.billing.dependencies import Deps
from services.billing.domain import credit, lifecycle, money
from services.billing.domain import payments as states
from services.billing.handlers import payments, subscriptions
from services.billing.models import PaymentMethod, Service

log = structlog.get_logger(__name__)

BATCH = 50


def claim_due(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    return store.claim_due_renewals(uow.session, uow.now(), lifecycle.AUTO_RENEWABLE, lifecycle.CLAIM_LEASE,
                                    data.get("batch", BATCH))


def _charge_key(service: Service, now) -> str:
    """One charge per service, period and day: a claim taken over after a crash finds the
    charge already made; tomorrow's retry is a new one."""
    return "renewal:{}:{}:{}".format(service.id, service.expires_at.isoformat(), now.date().isoformat())


def _fail(uow, service: Service, reason: str, method: str, amount: int | None) -> None:
    """Told once per attempt (one a day): e-mail to who bought it; tried again the next day."""
    retry_at = uow.now() + lifecycle.RETRY_AFTER
    service.renew_due_at = retry_at
    subscriptions.record(uow, service, "renewal_failed", service.status, actor_id=None, amount=amount or 0,
                         from_status=service.status, note=reason)
    uow.emit("service_renewal_failed", events.service_event(
        service, amount=amount, currency=money.CURRENCY, method=method, reason=reason, retry_at=retry_at.isoformat()))
    log.info("renewal_failed", service_id=service.id, reason=reason, method=method)


def attempt(uow, caller: Caller, data: dict, deps: Deps) -> dict | None:
    """One claimed service: renewed from the balance here (or its failure recorded), or
    ``{service_id, payment_id, period_key, started}`` of the saved method's charge to make."""
    service = store.service(uow.session, data["service_id"], lock=True)
    if service is None or not service.auto_renew or service.status not in lifecycle.AUTO_RENEWABLE:
        return None
    months = service.renewal_period_months
    if service.renew_method_id is None:
        try:
            blocked = store.personal_account(uow.session, service.account_id, uow.now()).blocked_at is not None
            credit.check_allowed(blocked, "auto_renew_balance")
            with uow.session.begin_nested():
                subscriptions.renew_from_balance(uow, service, months, deps, None, automatic=True)
        except (RuleBroken, ServiceError) as refused:
            _fail(uow, service, getattr(refused, "code", "refused"), "balance", None)
        return None
    method = uow.session.get(PaymentMethod, service.renew_method_id)
    try:
        amount = subscriptions.renewal_price(uow, service, months)
        with uow.session.begin_nested():
            payment = payments.charge_saved_method(
                uow, account_id=service.account_id, user_id=service.user_id, method=method, amount=amount,
                key=_charge_key(service, uow.now()), deps=deps,
                description="Продление «{}» #{}".format(service.name, service.number))
    except (RuleBroken, ServiceError) as refused:
        _fail(uow, service, getattr(refused, "code", "refused"), "saved_method", None)
        return None
    return {"service_id": service.id, "payment_id": payment.id, "expires_at": service.expires_at.isoformat(),
            "started": payment.provider_payment_id is not None or payment.status in states.FINAL}


def after_payment(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """The saved method's charge came back: credited → the service is renewed from the money
    (once: only while the service is still in the period the charge was for); failed → the
    method is ``not_working`` (payments did that), the user told, tried again tomorrow; still
    in flight → the claim's lease brings the service back."""
    service = store.service(uow.session, data["service_id"], lock=True)
    payment = store.lock_payment(uow.session, data["payment_id"])
    if service is None or payment is None or service.expires_at.isoformat() != data["expires_at"]:
        return
    if payment.status == states.CREDITED:
        subscriptions.renew_from_balance(uow, service, service.renewal_period_months, deps, None, automatic=True,
                                         method="saved_method")
    elif payment.status == states.FAILED and _still_claimed(service, uow.now()):
        _fail(uow, service, payment.failure_reason or "failed", "saved_method", payment.amount)


def _still_claimed(service: Service, now) -> bool:
    """Not yet rescheduled (a failure already told is not told again)."""
    return service.renew_due_at is not None and service.renew_due_at <= now + lifecycle.CLAIM_LEASE


def suspend_expired(uow, caller: Caller, data: dict, deps: Deps) -> int:
    """Active services past their expiry, not renewed: suspended (a batch, SKIP LOCKED)."""
    expired = store.claim_expired_services(uow.session, uow.now(), lifecycle.ACTIVE, data.get("batch", BATCH))
    for service in expired:
        subscriptions.move(uow, service, "suspend", None, note="не продлена к окончанию срока")
        uow.emit("service_suspended", events.service_event(service, reason="not_renewed"))
    return len(expired)
