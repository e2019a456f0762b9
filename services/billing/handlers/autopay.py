"""Autopay (B6): the account's setting (a saved method, the month's maximum or unlimited,
with the recommended maximum shown: next month's forecast charges + 10 %), and the autopay
job's steps, one transaction each. A debit that takes the balance low marks the setting due
(once per dip, ledger.watch_balance); the job claims it with SKIP LOCKED, and under the
setting's row lock decides how much to charge so that upcoming charges are covered, never
past what the month's maximum leaves — then flows.py charges the saved method."""
from __future__ import annotations

from datetime import timedelta

from kit.context import Caller
from kit.errors import RuleBroken, ServiceError
from services.billing import events, exceptions as exc, store, views
from services.billing.dependencies import Deps
from services.billing.domain import autopay as rules, lifecycle
from services.billing.domain import payments as states
from services.billing.handlers import access, payments, subscriptions
from services.billing.models import AutopayAttempt, Payment, PaymentMethod

BATCH = 50
#: a claimed account is taken over by another replica after this long
CLAIM_LEASE = timedelta(minutes=10)


def forecast(uow, account_id: str) -> int:
    """Next month's charges: renewals from the balance that fall due within a month."""
    until = lifecycle.add_months(uow.now(), 1)
    total = 0
    for service in store.balance_renewals_due(uow.session, account_id, lifecycle.AUTO_RENEWABLE, until):
        try:
            total += subscriptions.renewal_price(uow, service, service.renewal_period_months)
        except (RuleBroken, ServiceError):
            continue  # no longer sold: it will not be renewed
    return total


def _view(uow, account_id: str, deps: Deps) -> dict:
    setting = store.autopay_setting(uow.session, account_id, uow.now())
    start, _ = rules.month_bounds(uow.now(), deps.settings.zone)
    upcoming = forecast(uow, account_id)
    return views.autopay_view(setting, upcoming, rules.recommended_max(upcoming),
                              store.autopay_charged_since(uow.session, account_id, start),
                              [(a, uow.session.get(Payment, a.payment_id) if a.payment_id else None)
                               for a in store.autopay_attempts(uow.session, account_id)])


def get_autopay(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return _view(uow, access.require_account(caller), deps)


def set_autopay(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    setting = store.autopay_setting(uow.session, account_id, uow.now(), lock=True)
    method_id = data.get("method_id", setting.method_id)
    if method_id is not None and store.saved_method(uow.session, account_id, method_id) is None:
        raise exc.InvalidReference("No such saved payment method", code="payment_method_not_found",
                                   errors={"method_id": ["No such saved payment method."]})
    monthly_max = data["monthly_max"] if "monthly_max" in data else setting.monthly_max
    rules.check_settings(data["enabled"], method_id, monthly_max)
    setting.enabled, setting.method_id, setting.monthly_max = data["enabled"], method_id, monthly_max
    setting.user_id, setting.updated_at = caller.user_id, uow.now()
    if not setting.enabled:
        setting.due_at = None
    uow.record_action("autopay.set", "autopay", account_id, "Автоплатеж {}".format(
        "включен" if setting.enabled else "выключен"), account_id=account_id)
    return _view(uow, account_id, deps)


def claim_due(uow, caller: Caller, data: dict, deps: Deps) -> list[str]:
    return store.claim_due_autopay(uow.session, uow.now(), CLAIM_LEASE, data.get("batch", BATCH))


def prepare(uow, caller: Caller, data: dict, deps: Deps) -> dict | None:
    """One claimed account, under its setting's row lock: the attempt (shown whatever its
    outcome) and ``{attempt_id, payment_id}`` of the charge to make, or None (skipped)."""
    account_id, now = data["account_id"], uow.now()
    setting = store.autopay_setting(uow.session, account_id, now, lock=True)
    if not setting.enabled or setting.due_at is None:
        return None
    setting.due_at = None  # one attempt per dip
    balance = store.balance(uow.session, account_id)
    start, _ = rules.month_bounds(now, deps.settings.zone)
    amount, reason = rules.amount_to_charge(balance, forecast(uow, account_id), deps.settings.low_balance_threshold,
                                            store.autopay_charged_since(uow.session, account_id, start),
                                            setting.monthly_max, deps.settings.card)
    attempt = AutopayAttempt(account_id=account_id, amount=amount, balance=balance, status="skipped", reason=reason,
                             created_at=now)
    uow.session.add(attempt)
    uow.session.flush()
    if amount == 0:
        return None
    method = uow.session.get(PaymentMethod, setting.method_id) if setting.method_id else None
    try:
        if method is None or method.deleted_at is not None:
            raise exc.PaymentMethodNotFound("The autopay method was deleted")
        with uow.session.begin_nested():
            payment = payments.charge_saved_method(
                uow, account_id=account_id, user_id=setting.user_id, method=method, amount=amount,
                key="autopay:{}:{}".format(account_id, attempt.id), deps=deps, description="Автоплатеж")
    except (RuleBroken, ServiceError) as refused:
        attempt.status, attempt.reason = "failed", getattr(refused, "code", "refused")
        uow.emit("autopay_failed", events.autopay_event(attempt, setting.user_id))
        return None
    attempt.status, attempt.payment_id = "pending", payment.id
    return {"attempt_id": attempt.id, "payment_id": payment.id}


def settle(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """The charge came back: the attempt says charged or failed (and tells the user); one
    still pending at the provider is settled by the janitor's answer when it is read."""
    attempt = uow.session.get(AutopayAttempt, data["attempt_id"], with_for_update=True)
    payment = uow.session.get(Payment, data["payment_id"])
    if attempt is None or attempt.status != "pending" or payment is None:
        return
    if payment.status == states.CREDITED:
        attempt.status = "charged"
        uow.emit("autopay_charged", events.autopay_event(attempt, payment.user_id))
    elif payment.status == states.FAILED:
        attempt.status, attempt.reason = "failed", payment.failure_reason
        uow.emit("autopay_failed", events.autopay_event(attempt, payment.user_id))
