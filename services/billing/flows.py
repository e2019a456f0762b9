"""Billing's use cases that span several transactions around a call to a payment provider,
all ``(db, caller, data, deps)``; the only module that calls a provider.

A provider is called between two units of work, never inside one: the payment (refund,
method) is committed first (a payment as ``new``, with its Idempotency-Key under a unique
constraint), the provider is called with its id as the provider's idempotence key, then
the answer is applied in a new unit of work under the row's lock. Whatever happens in
between, asking the provider again (a webhook, the janitor) converges on the provider's
truth, and a payment never moves backwards.
"""
from __future__ import annotations

import structlog

from kit.context import Caller
from kit.errors import ServiceError
from kit.periodic import drain
from services.billing import exceptions as exc
from services.billing.adapters import InvalidNotification, ProviderError, ProviderRejected
from services.billing.dependencies import Deps
from services.billing.domain import payments as states, receipts
from services.billing.handlers import autopay, cart, credit, documents, janitor, methods, payments, refunds, renewals

log = structlog.get_logger(__name__)


# --- payments ------------------------------------------------------------------------------

def top_up(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """An advance payment onto the personal account (B1), started at the provider."""
    with db.unit_of_work() as uow:
        created = payments.create_top_up(uow, caller, data, deps)
    if "payment" in created:
        return created["payment"]
    return _start_at_provider(db, caller, {"payment_id": created["payment_id"],
                                           "return_url": data["request"].get("return_url")}, deps)


def checkout(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """The cart's checkout (B11): from the balance at once, or — by card or a saved method —
    the purchase awaits its payment, started at the provider here (a repeated key returns
    the purchase, its payment started once)."""
    with db.unit_of_work() as uow:
        purchase = cart.checkout(uow, caller, data, deps)
    return _start_purchase_payment(db, caller, purchase, data["request"].get("return_url"), deps)


def pay_purchase(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """A purchase awaiting its payment paid again (its previous payment failed)."""
    with db.unit_of_work() as uow:
        purchase = cart.pay_purchase(uow, caller, data, deps)
    return _start_purchase_payment(db, caller, purchase, data["request"].get("return_url"), deps)


def _start_purchase_payment(db, caller: Caller, purchase: dict, return_url: str | None, deps: Deps) -> dict:
    if purchase["status"] == "awaiting_payment" and purchase["payment_id"]:
        with db.unit_of_work() as uow:
            known = payments.at_provider(uow, caller, {"payment_id": purchase["payment_id"]}, deps)
        if known is not None and known["provider_payment_id"] is None:
            _start_at_provider(db, caller, {"payment_id": purchase["payment_id"], "return_url": return_url}, deps)
        with db.unit_of_work() as uow:
            purchase = cart.get_purchase(uow, caller, {"purchase_id": purchase["id"]}, deps)
    return purchase


def pay_order(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """``POST /orders/{n}/pay`` (B3, O13): payments of the order still in flight are settled
    at the provider first; then paid from the balance at once, or started at the provider."""
    payments.check_order_payment(caller, data)
    recheck_order(db, caller, {"order_number": data["order"]["order_number"]}, deps)
    with db.unit_of_work() as uow:
        created = payments.create_order_payment(uow, caller, data, deps)
    if "payment" in created:
        return created["payment"]
    return _start_at_provider(db, caller, {"payment_id": created["payment_id"],
                                           "order_lines": data["order"].get("lines"),
                                           "return_url": data["request"].get("return_url")}, deps)


def record_manager_payment(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """``POST /orders/{n}/payments`` (O14), once the order's payments in flight are settled."""
    payments.check_manager_payment(caller, data)
    recheck_order(db, caller, {"order_number": data["order"]["order_number"]}, deps)
    with db.unit_of_work() as uow:
        return payments.record_manager_payment(uow, caller, data, deps)["payment"]


def _start_at_provider(db, caller: Caller, data: dict, deps: Deps) -> dict:
    payment_id = data["payment_id"]
    with db.unit_of_work() as uow:
        known = payments.at_provider(uow, caller, {"payment_id": payment_id}, deps)
    adapter = deps.providers.get(known["provider"])
    _with_receipt(db, caller, payment_id, known, adapter, deps, data.get("order_lines"))
    try:
        answer = adapter.create_payment(idempotence_key=payment_id,
                                        return_url=data.get("return_url") or deps.settings.return_url,
                                        method_token=known["method_token"], **known["charge"])
    except ProviderRejected as error:
        log.warning("provider_refused_payment", payment_id=payment_id, error=str(error))
        with db.unit_of_work() as uow:
            payments.fail_to_start(uow, caller, {"payment_id": payment_id, "reason": "provider_rejected"}, deps)
        raise exc.RuleRefused("The payment provider refused the payment", code="payment_provider_rejected")
    except ProviderError as error:
        # A redirect payment the payer never saw cannot have moved money: close it. A charge of a
        # saved method may have happened: leave it for the janitor to ask again (same key).
        log.warning("provider_create_failed", payment_id=payment_id, error=str(error))
        if known["method"] == "card":
            with db.unit_of_work() as uow:
                payments.fail_to_start(uow, caller, {"payment_id": payment_id, "reason": "provider_unavailable"},
                                       deps)
            raise exc.ProviderUnavailable("The payment provider did not answer; nothing was charged")
        raise exc.ProviderUnavailable("The payment provider did not answer; the payment will be checked again")
    with db.unit_of_work() as uow:
        applied = payments.provider_answered(uow, caller, {"payment_id": payment_id, "answer": answer}, deps)
    _send_refunds(db, caller, applied["refund_ids"], deps)
    return applied["payment"]


def _with_receipt(db, caller: Caller, payment_id: str, known: dict, adapter, deps: Deps,
                  order_lines: list[dict] | None = None) -> None:
    """The 54-FZ receipt into ``known["charge"]`` for a provider that takes one: the one kept
    on the payment, or built now (the payer's contact, else the paying person's from identity)
    and kept, so every request with the payment's key sends the same body. Without any
    contact to send it to, the payment goes without one (logged) and YooKassa decides."""
    if not adapter.takes_receipts or known["charge"].get("receipt") is not None:
        return
    with db.unit_of_work() as uow:
        facts = payments.receipt_facts(uow, caller, {"payment_id": payment_id, "order_lines": order_lines}, deps)
    contact = facts["contact"]
    if contact is None and known.get("user_id"):
        try:
            people = deps.fetch_users([known["user_id"]])
        except ServiceError as error:  # identity did not answer: no contact (logged below too)
            log.warning("receipt_contact_unavailable", payment_id=payment_id, error=str(error))
            people = []
        person = people[0] if people else {}
        contact = receipts.customer(person.get("email"), person.get("phone"))
    if contact is None:
        log.warning("receipt_without_contact", payment_id=payment_id)
        return
    build = dict(commission=facts["commission"], charged=facts["charged"], currency=facts["currency"],
                 contact=contact, terms=deps.settings.receipt)
    try:
        receipt = receipts.build(facts["lines"], **build)
    except ValueError as error:  # lines that do not add up (a bug): one item for the whole payment
        log.error("receipt_lines_inconsistent", payment_id=payment_id, error=str(error))
        receipt = receipts.build(receipts.as_one_line(facts["lines"], facts["charged"] - facts["commission"]),
                                 **build)
    with db.unit_of_work() as uow:
        known["charge"]["receipt"] = payments.keep_receipt(uow, caller, {"payment_id": payment_id,
                                                                          "receipt": receipt}, deps)


def recheck_payment(db, caller: Caller, data: dict, deps: Deps) -> None:
    """Ask the provider where the payment stands and apply it (Kill Bill's janitor). A payment
    that waited longer than PAYMENT_EXPIRY is cancelled at the provider."""
    payment_id = data["payment_id"]
    with db.unit_of_work() as uow:
        known = payments.at_provider(uow, caller, {"payment_id": payment_id}, deps)
    if known is None:
        return
    adapter = deps.providers.get(known["provider"])
    if adapter is None:
        log.error("payment_provider_not_configured", payment_id=payment_id, provider=known["provider"])
        return
    settings = deps.settings
    try:
        if known["provider_payment_id"] is None:
            if known["age"] < settings.recheck_after:
                return  # its creating request may still be running
            if known["method"] == "card":
                with db.unit_of_work() as uow:
                    payments.close_unstarted(uow, caller, {"payment_id": payment_id}, deps)
                return
            # the same idempotence key returns the charge the provider may already have made
            _with_receipt(db, caller, payment_id, known, adapter, deps)
            answer = adapter.create_payment(idempotence_key=payment_id, return_url=settings.return_url,
                                            method_token=known["method_token"], **known["charge"])
        else:
            answer = adapter.get_payment(known["provider_payment_id"])
            if answer.status == states.PROVIDER_PENDING and known["age"] > settings.payment_expiry:
                answer = adapter.cancel_payment(known["provider_payment_id"], idempotence_key=payment_id + ":cancel")
    except ProviderError as error:
        log.warning("provider_recheck_failed", payment_id=payment_id, error=str(error))
        return
    with db.unit_of_work() as uow:
        applied = payments.provider_answered(uow, caller, {"payment_id": payment_id, "answer": answer}, deps)
    _send_refunds(db, caller, applied["refund_ids"], deps)


def recheck_order(db, caller: Caller, data: dict, deps: Deps) -> None:
    """Before anything is done with an order's payments, resolve the ones still in flight."""
    with db.unit_of_work() as uow:
        in_flight = payments.in_flight_at_provider(uow, caller, data, deps)
    for payment_id in in_flight:
        recheck_payment(db, caller, {"payment_id": payment_id}, deps)


def handle_webhook(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """A provider's notification (``{provider, headers, body, received_at}``): verified, then
    the object it names is re-read from the provider and applied forwards only (so repeats and
    out-of-order ones change nothing)."""
    provider = data["provider"]
    adapter = deps.providers.get(provider)
    if adapter is None:
        raise exc.UnknownProvider("No such payment provider")
    try:
        notification = adapter.parse_notification(data["headers"], data["body"], data["received_at"])
    except InvalidNotification as error:
        log.warning("webhook_rejected", provider=provider, reason=str(error))
        raise exc.WebhookRejected("The notification's signature is not valid")
    with db.unit_of_work() as uow:
        target = payments.notified_object(uow, caller, {"kind": notification.kind, "provider": provider,
                                                        "object_id": notification.object_id}, deps)
    if target is None:
        log.info("webhook_ignored", provider=provider, notification=notification.event,
                 object_id=notification.object_id)
        return {"status": "ignored"}
    if notification.kind == "payment":
        recheck_payment(db, caller, {"payment_id": target}, deps)
    elif notification.kind == "refund":
        send_refund(db, caller, {"refund_id": target}, deps)
    else:
        recheck_method(db, caller, {"method_id": target}, deps)
    return {"status": "processed"}


# --- refunds (O9) --------------------------------------------------------------------------------

def refund_cancelled_order(db, caller: Caller, data: dict, deps: Deps) -> None:
    """``orders.order_cancelled`` (``data``: the envelope, its payload loaded): payments still
    in flight are settled first (cancelled at the provider if they can be; one that succeeds
    later is refunded when it is credited), then every credited payment of the order is
    refunded to its origin; card refunds are sent to the provider after that commits."""
    recheck_order(db, caller, {"order_number": data["data"]["order_number"]}, deps)
    with db.unit_of_work() as uow:
        card_refunds = refunds.cancel_order(uow, caller, data, deps)
    _send_refunds(db, caller, card_refunds, deps)


def send_refund(db, caller: Caller, data: dict, deps: Deps) -> None:
    """Send a card refund to the provider (the refund's id is its idempotence key) or ask
    where it stands, and complete it when the provider has done it."""
    refund_id = data["refund_id"]
    with db.unit_of_work() as uow:
        asked = refunds.refund_request(uow, caller, {"refund_id": refund_id}, deps)
    if asked is None:
        return
    adapter = deps.providers.get(asked["provider"])
    answer, rejected = None, None
    try:
        if adapter is None:
            raise ProviderRejected("provider {!r} is not configured".format(asked["provider"]))
        if asked["provider_refund_id"]:
            answer = adapter.get_refund(asked["provider_refund_id"])
        else:
            answer = adapter.create_refund(idempotence_key=refund_id, **asked["request"])
    except ProviderRejected as error:
        rejected = str(error)
    except ProviderError as error:
        log.warning("provider_refund_failed", refund_id=refund_id, error=str(error))
        return  # the janitor asks again with the same key
    with db.unit_of_work() as uow:
        refunds.provider_answered(uow, caller, {"refund_id": refund_id, "answer": answer, "rejected": rejected},
                                  deps)


def _send_refunds(db, caller: Caller, refund_ids: list[str], deps: Deps) -> None:
    for refund_id in refund_ids:
        send_refund(db, caller, {"refund_id": refund_id}, deps)


# --- saved methods (B5) -------------------------------------------------------------------------

def create_payment_method(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """Start saving a method at the provider: the payer finishes at ``confirmation_url``."""
    with db.unit_of_work() as uow:
        started = methods.start_setup(uow, caller, data, deps)
    method_id = started["method_id"]
    try:
        answer = deps.providers.get(started["provider"]).create_method(
            idempotence_key=method_id, return_url=data.get("return_url") or deps.settings.return_url,
            metadata={"method_id": method_id, "account_id": started["account_id"]})
    except ProviderError as error:
        log.warning("provider_method_create_failed", method_id=method_id, error=str(error))
        with db.unit_of_work() as uow:
            methods.abandon_setup(uow, caller, {"method_id": method_id}, deps)
        raise exc.ProviderUnavailable("The payment provider did not answer; try again")
    with db.unit_of_work() as uow:
        return methods.setup_started(uow, caller, {"method_id": method_id, "answer": answer}, deps)


def recheck_method(db, caller: Caller, data: dict, deps: Deps) -> None:
    with db.unit_of_work() as uow:
        known = methods.method_to_recheck(uow, caller, data, deps)
    if known is None:
        return
    adapter = deps.providers.get(known["provider"])
    if adapter is None:
        return
    try:
        answer = adapter.get_method(known["token"])
    except ProviderError as error:
        log.warning("provider_method_recheck_failed", method_id=data["method_id"], error=str(error))
        return
    with db.unit_of_work() as uow:
        methods.recheck_answered(uow, caller, {"method_id": data["method_id"], "answer": answer}, deps)


# --- the janitor ---------------------------------------------------------------------------------

def run_janitor(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """One tick of the janitor: whatever is due is claimed (handlers/janitor.py) and asked
    about at the provider, batch after batch until a batch comes back short."""
    batch = data.get("batch", janitor.BATCH)

    def sweep(claim, recheck, key):
        def one_batch() -> int:
            with db.unit_of_work() as uow:
                claimed = claim(uow, caller, {"batch": batch}, deps)
            for row_id in claimed:
                recheck(db, caller, {key: row_id}, deps)
            return len(claimed)

        return drain(one_batch, batch)

    done = {"payments": sweep(janitor.claim_due_payments, recheck_payment, "payment_id"),
            "refunds": sweep(janitor.claim_due_refunds, send_refund, "refund_id"),
            "methods": sweep(janitor.claim_due_methods, recheck_method, "method_id")}
    if any(done.values()):
        log.info("janitor_tick", **done)
    return done


# --- auto-renewal (B7) -------------------------------------------------------------------------

def run_renewals(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """One tick of the renewal job: every service whose renewal is due is claimed (SKIP
    LOCKED) and renewed — from the balance at once, from a saved method through the provider —
    batch after batch; then active services past their expiry are suspended. Due times come
    from the test clock, so a job that was down catches up when it comes back."""
    batch = data.get("batch", renewals.BATCH)

    def renew_batch() -> int:
        with db.unit_of_work() as uow:
            claimed = renewals.claim_due(uow, caller, {"batch": batch}, deps)
        for service_id in claimed:
            renew_one(db, caller, {"service_id": service_id}, deps)
        return len(claimed)

    def suspend_batch() -> int:
        with db.unit_of_work() as uow:
            return renewals.suspend_expired(uow, caller, {"batch": batch}, deps)

    done = {"renewed": drain(renew_batch, batch), "suspended": drain(suspend_batch, batch)}
    if any(done.values()):
        log.info("renewals_tick", **done)
    return done


def renew_one(db, caller: Caller, data: dict, deps: Deps) -> None:
    with db.unit_of_work() as uow:
        charge = renewals.attempt(uow, caller, data, deps)
    if charge is None:
        return
    try:
        if charge["started"]:
            recheck_payment(db, caller, {"payment_id": charge["payment_id"]}, deps)
        else:
            _start_at_provider(db, caller, {"payment_id": charge["payment_id"], "return_url": None}, deps)
    except ServiceError as error:  # refused or unavailable: what the payment says is applied below
        log.warning("renewal_charge_not_made", service_id=data["service_id"], error=str(error))
    with db.unit_of_work() as uow:
        renewals.after_payment(uow, caller, charge, deps)


# --- autopay (B6) ------------------------------------------------------------------------------

def run_autopay(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """One tick of the autopay job: accounts whose balance ran low are claimed (SKIP LOCKED),
    each charged once for this dip from its saved method, within the month's maximum."""
    batch = data.get("batch", autopay.BATCH)

    def one_batch() -> int:
        with db.unit_of_work() as uow:
            claimed = autopay.claim_due(uow, caller, {"batch": batch}, deps)
        for account_id in claimed:
            with db.unit_of_work() as uow:
                charge = autopay.prepare(uow, caller, {"account_id": account_id}, deps)
            if charge is None:
                continue
            try:
                _start_at_provider(db, caller, {"payment_id": charge["payment_id"], "return_url": None}, deps)
            except ServiceError as error:
                log.warning("autopay_charge_not_made", account_id=account_id, error=str(error))
            with db.unit_of_work() as uow:
                autopay.settle(uow, caller, charge, deps)
        return len(claimed)

    done = {"accounts": drain(one_batch, batch)}
    if done["accounts"]:
        log.info("autopay_tick", **done)
    return done


# --- the credit-limit cycle (B9) ------------------------------------------------------------------

def run_credit_cycle(db, caller: Caller, data: dict, deps: Deps) -> dict:
    """One tick of the credit job: invoices due (the 1st of the operator's month) are issued,
    last month's completion acts too (B10), then each unpaid invoice whose next notice has come is claimed (SKIP LOCKED) and its
    notices sent, once each; on the blocking day the account is blocked."""
    batch = data.get("batch", credit.BATCH)

    def issue_batch() -> int:
        with db.unit_of_work() as uow:
            return credit.issue_invoices(uow, caller, {"batch": batch}, deps)

    def act_batch() -> int:
        with db.unit_of_work() as uow:
            return documents.issue_acts(uow, caller, {"batch": batch}, deps)

    def notice_batch() -> int:
        with db.unit_of_work() as uow:
            claimed = credit.claim_notices(uow, caller, {"batch": batch}, deps)
        for invoice_id in claimed:
            with db.unit_of_work() as uow:
                credit.send_notices(uow, caller, {"invoice_id": invoice_id}, deps)
        return len(claimed)

    done = {"issued": drain(issue_batch, batch), "acts": drain(act_batch, batch),
            "noticed": drain(notice_batch, batch)}
    if any(done.values()):
        log.info("credit_tick", **done)
    return done
