"""Saved payment methods (B5): provider tokens only, never card data. Created through the
provider's flow (``configuring`` until the payer confirms at the provider) or remembered
from a paid payment; renamed, deleted; ``enabled`` / ``not_working`` follow the outcome of
each payment made with them."""
from __future__ import annotations

import structlog
from sqlalchemy import func, select

from kit.context import Caller
from services.billing import exceptions as exc
from services.billing.adapters import ProviderError, ProviderMethod, Providers
from services.billing.domain import payments as states
from services.billing.domain.labels import label
from services.billing.handlers import common
from services.billing.models import Payer, PaymentMethod

log = structlog.get_logger(__name__)


def method_view(method: PaymentMethod, language: str = "ru") -> dict:
    return {"id": method.id, "name": method.name or method.title or "", "title": method.title,
            "provider": method.provider, "payer_id": method.payer_id, "status": method.status,
            "status_label": label("method_status", method.status, language),
            "confirmation_url": method.confirmation_url if method.status == states.CONFIGURING else None,
            "created_at": common.iso(method.created_at), "updated_at": common.iso(method.updated_at)}


def _own(session, caller: Caller, method_id: str) -> PaymentMethod:
    account_id = common.require_account(caller)
    method = session.get(PaymentMethod, method_id)
    if method is None or method.account_id != account_id or method.deleted_at is not None:
        raise exc.PaymentMethodNotFound("No such payment method")
    return method


def list_methods(uow, caller: Caller, query: dict) -> dict:
    account_id = common.require_account(caller)
    conditions = (PaymentMethod.account_id == account_id, PaymentMethod.deleted_at.is_(None))
    total = uow.session.execute(select(func.count()).select_from(PaymentMethod).where(*conditions)).scalar_one()
    rows = uow.session.execute(select(PaymentMethod).where(*conditions).order_by(PaymentMethod.created_at.desc())
                               .offset((query["page"] - 1) * query["per_page"]).limit(query["per_page"])).scalars()
    return common.page([method_view(m, caller.language) for m in rows], total, query)


def get_method(uow, caller: Caller, method_id: str) -> dict:
    return method_view(_own(uow.session, caller, method_id), caller.language)


def rename_method(uow, caller: Caller, method_id: str, data: dict) -> dict:
    method = _own(uow.session, caller, method_id)
    method.name, method.updated_at = data["name"].strip(), uow.now()
    return method_view(method, caller.language)


def delete_method(uow, caller: Caller, method_id: str) -> dict:
    """manual 004: deleting a saved method switches off auto-renewal of the services bound to
    it (subscriptions arrive with their own issue; nothing is bound yet)."""
    method = _own(uow.session, caller, method_id)
    method.deleted_at = method.updated_at = uow.now()
    return {"deleted": method.id}


def create_method(db, caller: Caller, data: dict, settings: common.Settings, providers: Providers) -> dict:
    """Start saving a method at the provider: the payer finishes at ``confirmation_url``."""
    account_id = common.require_account(caller)
    adapter = providers.default
    with db.unit_of_work() as uow:
        payer_id = data.get("payer_id")
        if payer_id is not None:
            payer = uow.session.get(Payer, payer_id)
            if payer is None or payer.account_id != account_id or payer.deleted_at is not None:
                raise exc.InvalidReference("No such payer in this account", code="payer_not_found",
                                        errors={"payer_id": ["No such payer."]})
        now = uow.now()
        method = PaymentMethod(account_id=account_id, payer_id=payer_id, provider=adapter.name,
                               title="", name=data.get("name"), status=states.CONFIGURING,
                               created_at=now, updated_at=now)
        uow.session.add(method)
        uow.session.flush()
        method_id = method.id
    try:
        result = adapter.create_method(idempotence_key=method_id, return_url=data.get("return_url") or settings.return_url,
                                       metadata={"method_id": method_id, "account_id": account_id})
    except ProviderError as error:
        log.warning("provider_method_create_failed", method_id=method_id, error=str(error))
        with db.unit_of_work() as uow:
            stale = uow.session.get(PaymentMethod, method_id)
            stale.deleted_at = uow.now()
        raise exc.ProviderUnavailable("The payment provider did not answer; try again")
    with db.unit_of_work() as uow:
        method = uow.session.get(PaymentMethod, method_id)
        method.provider_method_id, method.confirmation_url = result.id, result.confirmation_url
        apply_provider_method(uow, method, result)
        return method_view(method, caller.language)


def apply_provider_method(uow, method: PaymentMethod, result: ProviderMethod) -> None:
    if method.status != states.CONFIGURING:
        return  # once set up, a method's status follows its payments
    if result.status == "active":
        method.status, method.title = states.ENABLED, result.title or method.title
    elif result.status == "inactive":
        method.status = states.NOT_WORKING
    method.updated_at = uow.now()


def recheck_method(db, providers: Providers, method_id: str) -> None:
    with db.unit_of_work() as uow:
        method = uow.session.get(PaymentMethod, method_id)
        if method is None or method.provider_method_id is None or method.status != states.CONFIGURING:
            return
        provider_name, token = method.provider, method.provider_method_id
    adapter = providers.get(provider_name)
    if adapter is None:
        return
    try:
        result = adapter.get_method(token)
    except ProviderError as error:
        log.warning("provider_method_recheck_failed", method_id=method_id, error=str(error))
        return
    with db.unit_of_work() as uow:
        method = uow.session.execute(select(PaymentMethod).where(PaymentMethod.id == method_id).with_for_update()
                                     .execution_options(populate_existing=True)).scalar_one()
        method.checked_at = uow.now()
        apply_provider_method(uow, method, result)


def payment_outcome(uow, method_id: str, succeeded: bool) -> None:
    """manual 004: "Статусы обновляются при оплате"."""
    method = uow.session.get(PaymentMethod, method_id)
    if method is not None and method.status != states.CONFIGURING:
        method.status, method.updated_at = states.method_status_after_payment(succeeded), uow.now()


def save_from_payment(uow, payment, info) -> None:
    """"Запомнить способ оплаты": the provider saved the card used for this payment."""
    existing = uow.session.execute(select(PaymentMethod).where(
        PaymentMethod.provider == payment.provider, PaymentMethod.provider_method_id == info.id)).scalar_one_or_none()
    now = uow.now()
    if existing is not None:
        if existing.account_id == payment.account_id:
            existing.status, existing.deleted_at, existing.updated_at = states.ENABLED, None, now
            existing.title = info.title or existing.title
        return
    uow.session.add(PaymentMethod(account_id=payment.account_id, payer_id=payment.payer_id, provider=payment.provider,
                                  provider_method_id=info.id, title=info.title, status=states.ENABLED,
                                  created_at=now, updated_at=now))
