"""Saved payment methods (B5): provider tokens only, never card data. Created through the
provider's flow (``configuring`` until the payer confirms at the provider; flows.py calls
the provider) or remembered from a paid payment; renamed, deleted; ``enabled`` /
``not_working`` follow the outcome of each payment made with them."""
from __future__ import annotations

from kit.context import Caller
from services.billing import exceptions as exc, store, views
from services.billing.adapters import MethodInfo, ProviderMethod
from services.billing.dependencies import Deps
from services.billing.domain import payments as states
from services.billing.handlers import access, subscriptions
from services.billing.models import Payment, PaymentMethod


def _own(session, caller: Caller, method_id: str) -> PaymentMethod:
    account_id = access.require_account(caller)
    method = session.get(PaymentMethod, method_id)
    if method is None or method.account_id != account_id or method.deleted_at is not None:
        raise exc.PaymentMethodNotFound("No such payment method")
    return method


def list_methods(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    total, rows = store.page(uow.session, PaymentMethod,
                             [PaymentMethod.account_id == account_id, PaymentMethod.deleted_at.is_(None)],
                             [PaymentMethod.created_at.desc()], data)
    return views.page([views.method_view(m, caller.language) for m in rows], total, data)


def get_method(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return views.method_view(_own(uow.session, caller, data["method_id"]), caller.language)


def rename_method(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    method = _own(uow.session, caller, data["method_id"])
    method.name, method.updated_at = data["name"].strip(), uow.now()
    uow.record_action("payment_method.renamed", "payment_method", method.id, method.name,
                      account_id=method.account_id)
    return views.method_view(method, caller.language)


def delete_method(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """manual 004: deleting a saved method switches off auto-renewal of the services bound to
    it (B5, B7)."""
    method = _own(uow.session, caller, data["method_id"])
    method.deleted_at = method.updated_at = uow.now()
    for service in store.services_renewed_by(uow.session, method.id):
        service.auto_renew, service.renew_method_id, service.renew_due_at = False, None, None
        service.updated_at = uow.now()
        subscriptions.record(uow, service, "settings", service.status, actor_id=caller.user_id,
                             from_status=service.status, note="способ оплаты удален: автопродление выключено")
    uow.record_action("payment_method.deleted", "payment_method", method.id, method.name or "",
                      account_id=method.account_id)
    return {"deleted": method.id}


# --- setting a method up at the provider (the steps of flows.create_payment_method) -------------

def start_setup(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A method being set up (``configuring``), before the provider is asked for it:
    ``{method_id, account_id, provider}``."""
    account_id = access.require_account(caller)
    payer_id = data.get("payer_id")
    if payer_id is not None:
        payer = store.payer(uow.session, payer_id)
        if payer is None or payer.account_id != account_id or payer.deleted_at is not None:
            raise exc.InvalidReference("No such payer in this account", code="payer_not_found",
                                       errors={"payer_id": ["No such payer."]})
    now = uow.now()
    method = PaymentMethod(account_id=account_id, payer_id=payer_id, provider=deps.providers.default.name,
                           title="", name=data.get("name"), status=states.CONFIGURING,
                           created_at=now, updated_at=now)
    uow.session.add(method)
    uow.session.flush()
    uow.record_action("payment_method.setup_started", "payment_method", method.id,
                      "Привязка способа оплаты{}".format(": " + method.name if method.name else ""),
                      account_id=account_id)
    return {"method_id": method.id, "account_id": account_id, "provider": method.provider}


def abandon_setup(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """The provider did not answer: the method that was never set up is dropped."""
    uow.session.get(PaymentMethod, data["method_id"]).deleted_at = uow.now()


def setup_started(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The provider's answer to the set-up (``data["answer"]``: a ProviderMethod)."""
    method = uow.session.get(PaymentMethod, data["method_id"])
    answer: ProviderMethod = data["answer"]
    method.provider_method_id, method.confirmation_url = answer.id, answer.confirmation_url
    apply_provider_method(uow, method, answer)
    return views.method_view(method, caller.language)


def method_to_recheck(uow, caller: Caller, data: dict, deps: Deps) -> dict | None:
    """``{provider, token}`` of a method still being set up at the provider, else None."""
    method = uow.session.get(PaymentMethod, data["method_id"])
    if method is None or method.provider_method_id is None or method.status != states.CONFIGURING:
        return None
    return {"provider": method.provider, "token": method.provider_method_id}


def recheck_answered(uow, caller: Caller, data: dict, deps: Deps) -> None:
    """What the provider now says of a method being set up (``data["answer"]``)."""
    method = store.lock_method(uow.session, data["method_id"])
    method.checked_at = uow.now()
    apply_provider_method(uow, method, data["answer"])


def apply_provider_method(uow, method: PaymentMethod, answer: ProviderMethod) -> None:
    if method.status != states.CONFIGURING:
        return  # once set up, a method's status follows its payments
    if answer.status == "active":
        method.status, method.title = states.ENABLED, answer.title or method.title
    elif answer.status == "inactive":
        method.status = states.NOT_WORKING
    method.updated_at = uow.now()


# --- what payments do to saved methods ---------------------------------------------------------

def payment_outcome(uow, method_id: str, succeeded: bool) -> None:
    """manual 004: "Статусы обновляются при оплате"."""
    method = uow.session.get(PaymentMethod, method_id)
    if method is not None and method.status != states.CONFIGURING:
        method.status, method.updated_at = states.method_status_after_payment(succeeded), uow.now()


def save_from_payment(uow, payment: Payment, info: MethodInfo) -> None:
    """"Запомнить способ оплаты": the provider saved the card used for this payment."""
    existing = store.method_by_token(uow.session, payment.provider, info.id)
    now = uow.now()
    if existing is not None:
        if existing.account_id == payment.account_id:
            existing.status, existing.deleted_at, existing.updated_at = states.ENABLED, None, now
            existing.title = info.title or existing.title
        return
    uow.session.add(PaymentMethod(account_id=payment.account_id, payer_id=payment.payer_id, provider=payment.provider,
                                  provider_method_id=info.id, title=info.title, status=states.ENABLED,
                                  created_at=now, updated_at=now))
