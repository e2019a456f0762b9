"""Services bought through the cart and their states (B12, manual 004 «Заказы и управление
услугами»): opened by a checkout, stopped and started by the client, stopped by an
administrator, renewed by hand from the personal account; every change in its history."""
from __future__ import annotations

from kit.context import Caller
from services.billing import events, exceptions as exc, store, views
from services.billing.dependencies import Deps
from services.billing.domain import catalog, credit, lifecycle, money
from services.billing.handlers import access, ledger
from services.billing.models import Expense, Product, Purchase, Service, ServiceChange


def record(uow, service: Service, action: str, to_status: str, *, actor_id: str | None, amount: int = 0,
           note: str = "", from_status: str | None = None) -> None:
    """One line of the service's history; a change the signed-in person made (ordering it,
    stopping, starting, renewing, auto-renewal on or off…) is in the action log too."""
    uow.session.add(ServiceChange(service_id=service.id, action=action, from_status=from_status,
                                  to_status=to_status, expires_at=service.expires_at, amount=amount,
                                  actor_id=actor_id, note=note[:300], created_at=uow.now()))
    if actor_id is not None and actor_id == uow.caller.user_id and action != "pay":  # the payment has its own
        uow.record_action("service." + action, "service", service.number, "«{}» #{}: {}{}".format(
            service.name, service.number, ACTION_WORDS.get(action, action), ": " + note if note else ""),
            account_id=service.account_id)


#: how the action log names a step of a service's life
ACTION_WORDS = {"order": "заказана", "stop": "остановлена", "start": "запущена", "configure": "настроена",
                "admin_stop": "остановлена администратором", "admin_start": "запущена администратором",
                "renew": "продлена", "settings": "изменены настройки"}


def move(uow, service: Service, action: str, actor_id: str | None, note: str = "") -> None:
    """One step of the state machine, written to the history; an illegal one is 409."""
    before = service.status
    service.status = lifecycle.next_state(before, action)
    service.updated_at = uow.now()
    record(uow, service, action, service.status, actor_id=actor_id, note=note, from_status=before)


def order_service(uow, purchase: Purchase, line: dict, product: Product, actor_id: str | None) -> Service:
    """A line checked out becomes a service, ``ordered`` (Заказан) until its money arrives."""
    now = uow.now()
    service = Service(number=store.next_service_number(uow.session), account_id=purchase.account_id,
                      user_id=purchase.user_id, product_id=product.id, purchase_id=purchase.id, name=product.name, type=product.type,
                      options=dict(line["options"]), period_months=line["period_months"],
                      renewal_period_months=line["period_months"], status=lifecycle.ORDERED, settings={},
                      expires_at=lifecycle.add_months(now, line["period_months"]), auto_renew=True,
                      renew_method_id=None, renewal_lead_days=product.renewal_lead_days, created_at=now, updated_at=now)
    reschedule(service)
    uow.session.add(service)
    uow.session.flush()
    record(uow, service, "order", lifecycle.ORDERED, actor_id=actor_id, amount=line["paid"],
           note="Заказ №{}".format(purchase.number))
    return service


def activate(uow, service: Service, actor_id: str | None) -> None:
    """Its money arrived: ordered → processing → active (needs_setup for a product bought by a
    quick order); its period runs from now."""
    product = store.product(uow.session, service.product_id)
    service.expires_at = lifecycle.add_months(uow.now(), service.period_months)
    reschedule(service)
    move(uow, service, "pay", actor_id)
    move(uow, service, "open_unconfigured" if product.requires_setup else "open", None)
    uow.emit("service_activated", events.service_event(service))


def settle_purchase(uow, purchase: Purchase, *, payment=None, balance_before: int | None = None) -> None:
    """A purchase's money arrived (from the balance, or its provider payment credited): it is
    paid, an expense per line (``unpaid``: what the credit paid), its services activated."""
    now = uow.now()
    lines = store.purchase_lines(uow.session, purchase.id)
    owed = (catalog.unpaid_parts(balance_before, [line.paid for line in lines]) if balance_before is not None
            else [0] * len(lines))
    purchase.status, purchase.paid_at = "paid", now
    for line, unpaid in zip(lines, owed):
        uow.session.add(Expense(account_id=purchase.account_id, payer_id=None, name=line.name[:300],
                                order_number=None, charged_at=now, amount=line.paid, unpaid=unpaid, vat=line.vat,
                                vat_rate=money.VAT_PERCENT, payment_id=payment.id if payment else None,
                                payment_number=payment.number if payment else None, refunded=0, created_at=now))
    for service in store.purchase_services(uow.session, purchase.id):
        if service.status == lifecycle.ORDERED:
            activate(uow, service, purchase.user_id)


def reschedule(service: Service) -> None:
    """The renewal job's next try after the expiry or the auto-renewal setting changed."""
    service.renew_due_at = lifecycle.next_renewal_due(service.auto_renew, service.expires_at,
                                                      service.renewal_lead_days)


def _own(uow, caller: Caller, service_id: str, *, lock: bool = False) -> Service:
    """The caller's account's service (administrators: any); anyone else's is not found."""
    caller.require_user()
    service = store.service(uow.session, service_id, lock=lock)
    if service is None or (service.account_id != caller.account_id and not caller.is_admin):
        raise exc.ServiceNotFound("No such service")
    if not caller.is_admin:
        access.require_account(caller, "finance", "orders")
    return service


def list_services(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller, "finance", "orders")
    conditions = [Service.account_id == account_id]
    if data.get("status"):
        conditions.append(Service.status == data["status"])
    total, rows = store.page(uow.session, Service, conditions, [Service.created_at.desc(), Service.number.desc()],
                             data)
    return views.page([views.service_view(s, caller.language) for s in rows], total, data)


def get_service(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return views.service_view(_own(uow, caller, data["service_id"]), caller.language)


def service_history(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    service = _own(uow, caller, data["service_id"])
    total, rows = store.page(uow.session, ServiceChange, [ServiceChange.service_id == service.id],
                             [ServiceChange.id.desc()], data)
    return views.page([views.service_change_view(c, caller.language) for c in rows], total, data)


def act(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The client's stop / start / configure, an administrator's admin_stop / admin_start."""
    action = data["action"]
    if action not in lifecycle.CLIENT_ACTIONS + lifecycle.ADMIN_ACTIONS or action == "renew":
        raise exc.UnknownServiceAction("No such action on a service")
    if action in lifecycle.ADMIN_ACTIONS:
        access.require_admin(caller)
    service = _own(uow, caller, data["service_id"], lock=True)
    lifecycle.next_state(service.status, action)
    if action == "start" and service.expires_at <= uow.now():
        raise exc.ServiceExpired("The service's period is over: renew it first")
    if action == "configure":
        service.settings = dict(service.settings or {}, **data.get("settings", {}))
    move(uow, service, action, caller.user_id, note=data.get("reason") or "")
    return views.service_view(service, caller.language)


def renewal_price(uow, service: Service, months: int) -> int:
    """What renewing costs now: the catalog's price of the period with the service's options."""
    product = store.product(uow.session, service.product_id)
    if product is None or not product.active:
        raise exc.ServiceNotRenewable("This product is no longer sold; the service cannot be renewed")
    return catalog.line_price(product.prices, product.options, months, service.options)["amount"]


def renew_from_balance(uow, service: Service, months: int, deps: Deps, actor_id: str | None, *,
                       automatic: bool = False, method: str = "balance") -> int:
    """Charge the personal account (down to −credit limit) for ``months`` more and extend the
    service; the caller holds the service's lock. Returns the amount charged. (A renewal from
    a saved method has put the money on the account first: ``method`` says so.)"""
    now = uow.now()
    amount = renewal_price(uow, service, months)
    account = store.personal_account(uow.session, service.account_id, now, lock=True)
    balance_before = store.balance(uow.session, service.account_id)
    ledger.debit(uow, account, "charge", amount, deps.settings, created_by=actor_id,
                 description="Продление «{}» #{} на {} мес.".format(service.name, service.number, months))
    (owed,) = catalog.unpaid_parts(balance_before, [amount])
    uow.session.add(Expense(account_id=service.account_id, payer_id=None,
                            name="Продление: {} #{}".format(service.name, service.number)[:300], order_number=None,
                            charged_at=now, amount=amount, unpaid=owed, vat=money.vat_included(amount),
                            vat_rate=money.VAT_PERCENT, payment_id=None, payment_number=None, refunded=0,
                            created_at=now))
    before = service.status
    service.status = lifecycle.next_state(before, "renew")
    service.expires_at = lifecycle.renewed_until(service.expires_at, now, months)
    service.updated_at = now
    reschedule(service)
    record(uow, service, "auto_renew" if automatic else "renew", service.status, actor_id=actor_id, amount=amount,
           from_status=before, note="{} мес.".format(months))
    uow.emit("service_renewed", events.service_event(service, amount=amount, currency=money.CURRENCY, method=method,
                                                     automatic=automatic))
    return amount


def update_service(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Auto-renewal on or off, from the balance or a saved method of the account, and the
    renewal period (only while the service is active)."""
    service = _own(uow, caller, data["service_id"], lock=True)
    changes, notes = data["changes"], []
    if "renewal_period_months" in changes:
        lifecycle.check_renewal_period_change(service.status)
        renewal_price(uow, service, changes["renewal_period_months"])  # sold for that period?
        service.renewal_period_months = changes["renewal_period_months"]
        notes.append("период продления {} мес.".format(service.renewal_period_months))
    if "renew_method" in changes:
        choice = changes["renew_method"]
        if choice == "balance":
            service.renew_method_id = None
        else:
            method = store.saved_method(uow.session, service.account_id, choice)
            if method is None:
                raise exc.InvalidReference("No such saved payment method", code="payment_method_not_found",
                                           errors={"renew_method": ["No such saved payment method."]})
            service.renew_method_id = method.id
        notes.append("способ продления: {}".format("лицевой счет" if choice == "balance" else "сохраненный способ"))
    if "auto_renew" in changes:
        service.auto_renew = changes["auto_renew"]
        notes.append("автопродление {}".format("включено" if service.auto_renew else "выключено"))
    reschedule(service)
    service.updated_at = uow.now()
    record(uow, service, "settings", service.status, actor_id=caller.user_id, note="; ".join(notes),
           from_status=service.status)
    return views.service_view(service, caller.language)


def renew(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Renew by hand («Продлить») from the personal account, for the renewal period or another."""
    service = _own(uow, caller, data["service_id"], lock=True)
    months = data.get("period_months") or service.renewal_period_months
    lifecycle.next_state(service.status, "renew")
    blocked = store.personal_account(uow.session, service.account_id, uow.now()).blocked_at is not None
    credit.check_allowed(blocked, "renew_by_hand")
    renew_from_balance(uow, service, months, deps, caller.user_id)
    return views.service_view(service, caller.language)
