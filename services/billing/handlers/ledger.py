"""The personal account (B1): its balance and entries, what each way of paying costs before
paying, an administrator's adjustments — and the movements every other subject makes on it
(:func:`credit`, :func:`debit`), under its row lock, with the balance rule and the
low-balance warning."""
from __future__ import annotations

from kit import listing
from kit.context import Caller
from services.billing import events, exceptions as exc, store, views
from services.billing.dependencies import Deps, Settings
from services.billing.domain import money
from services.billing.domain import payments as states
from services.billing.domain.labels import label
from services.billing.handlers import access, credit as credit_cycle
from services.billing.models import LedgerEntry, Payment, PersonalAccount, Refund


def get_account(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The caller's personal account, or (administrators) ``data["account_id"]``'s."""
    account_id = access.account_to_read(caller, data.get("account_id"))
    account = store.personal_account(uow.session, account_id, uow.now())
    current = store.balance(uow.session, account_id)
    return views.account_view(account, current, deps.settings.low_balance_threshold,
                              credit_cycle.dashboard(uow, account, current, deps))


def list_entries(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    query = store.filtered_entries(access.account_to_read(caller, data.get("account_id")), data)
    total, rows = listing.page(uow.session, query, data)
    return views.page([views.entry_view(e, caller.language) for e in rows], total, data)


def export_entries(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The account's entries as CSV rows, a part at a time (the gateway streams them)."""
    query = store.filtered_entries(access.account_to_read(caller, data.get("account_id")), data)
    return listing.export_part(uow.session, query, data, views.entry_header(caller.language),
                               lambda rows: [views.entry_row(e, caller.language, deps.settings.zone) for e in rows],
                               created=LedgerEntry.created_at, now=uow.now())


def adjust_account(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """An administrator's correction; a debit obeys the balance rule like any other. Its
    Idempotency-Key is kept on the entry (unique per account); the account's lock is taken
    before the key is looked up, so two requests with one key cannot both move money."""
    access.require_admin(caller)
    account_id, request, key = data["account_id"], data["request"], data.get("idempotency_key")
    money.check_currency(request["currency"])
    fp = store.fingerprint("adjustment", **request)
    account = store.personal_account(uow.session, account_id, uow.now(), lock=True)
    earlier = store.adjustment_by_key(uow.session, account_id, key) if key else None
    if earlier is not None:
        if earlier.fingerprint != fp:
            raise exc.IdempotencyKeyReused("This Idempotency-Key was used with different parameters")
    else:
        move = credit if request["amount"] > 0 else debit
        move(uow, account, "adjustment", abs(request["amount"]), deps.settings, created_by=caller.user_id,
             description="Корректировка: {}".format(request["reason"].strip()), idempotency_key=key,
             fingerprint=fp if key else None)
    return views.account_view(account, store.balance(uow.session, account_id), deps.settings.low_balance_threshold)


def set_credit_limit(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Administrator: how far below zero the account may buy and renew (B9)."""
    access.require_admin(caller)
    account = store.personal_account(uow.session, data["account_id"], uow.now(), lock=True)
    account.credit_limit = data["credit_limit"]
    account.updated_at = uow.now()
    return views.account_view(account, store.balance(uow.session, account.account_id),
                              deps.settings.low_balance_threshold)


def payment_options(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Every way to pay ``amount``, with its commission and limits, shown before paying (B4)."""
    account_id = access.require_account(caller, "finance", "orders")
    amount, language = data["amount"], caller.language
    account = store.personal_account(uow.session, account_id, uow.now())
    current = store.balance(uow.session, account_id)
    options = []
    if data["purpose"] == "order":
        enough = money.available(current, account.credit_limit) >= amount
        options.append({"method": "balance", "label": label("method", "balance", language), "provider": None,
                        "status": None, "commission": 0, "commission_rule": "0", "amount_to_pay": amount,
                        "min_amount": money.BALANCE.min_amount, "max_amount": None, "available": enough,
                        "reason": None if enough else "insufficient_funds"})
    card = deps.settings.card

    def card_option(method, name, provider, status=None):
        usable = card.allows(amount) and status != states.CONFIGURING
        reason = None
        if status == states.CONFIGURING:
            reason = "payment_method_not_ready"
        elif amount < card.min_amount:
            reason = "amount_below_minimum"
        elif not card.allows(amount):
            reason = "amount_above_maximum"
        return {"method": method, "label": name, "provider": provider, "status": status,
                "commission": card.commission(amount), "commission_rule": views.commission_rule(card),
                "amount_to_pay": card.amount_to_pay(amount), "min_amount": card.min_amount,
                "max_amount": card.max_amount, "available": usable, "reason": reason}

    options.append(card_option("card", label("method", "card", language), deps.providers.default_name))
    for method in store.saved_methods(uow.session, account_id):
        options.append(card_option(method.id, method.name or method.title, method.provider, method.status))
    return {"amount": amount, "currency": money.CURRENCY, "balance": current, "options": options}


# --- movements on a personal account (its row lock held by the caller) ------------------------

def add_entry(uow, account: PersonalAccount, kind: str, amount: int, *, payment: Payment | None = None,
              refund: Refund | None = None, order_number: int | None = None, description: str = "",
              created_by: str | None = None, idempotency_key: str | None = None,
              fingerprint: str | None = None) -> LedgerEntry:
    """Append one movement; the caller holds the account's row lock."""
    after = store.balance(uow.session, account.account_id) + amount
    entry = LedgerEntry(account_id=account.account_id, kind=kind, amount=amount, balance_after=after,
                        currency=account.currency, payment_id=payment.id if payment else None,
                        refund_id=refund.id if refund else None, order_number=order_number,
                        description=description[:300], created_by=created_by, idempotency_key=idempotency_key,
                        fingerprint=fingerprint, created_at=uow.now())
    uow.session.add(entry)
    uow.session.flush()
    return entry


def debit(uow, account: PersonalAccount, kind: str, amount: int, settings: Settings, *, watch: bool = True,
          **kwargs) -> LedgerEntry:
    """Take money off a locked account under the balance rule, and warn when it runs low.

    ``watch=False`` for money that only passes through (a card payment credited and charged
    to its order, a refund paid out to the card): it says nothing about the balance.
    """
    money.check_debit(store.balance(uow.session, account.account_id), amount, account.credit_limit)
    entry = add_entry(uow, account, kind, -amount, **kwargs)
    if watch:
        watch_balance(uow, account, entry.balance_after, settings)
    return entry


#: credits that are money arriving for the account (they pay its credit invoices, B9); the
#: money of an order payment only passes through
PAYS_INVOICES = ("top_up", "adjustment")


def credit(uow, account: PersonalAccount, kind: str, amount: int, settings: Settings, *, watch: bool = True,
           **kwargs) -> LedgerEntry:
    entry = add_entry(uow, account, kind, amount, **kwargs)
    if kind in PAYS_INVOICES:
        credit_cycle.apply_money(uow, account, amount)
    if watch:
        watch_balance(uow, account, entry.balance_after, settings)
    return entry


def watch_balance(uow, account: PersonalAccount, balance_after: int, settings: Settings) -> None:
    threshold = settings.low_balance_threshold
    if money.low_balance_warning_due(balance_after, threshold, account.low_balance_warned):
        account.low_balance_warned = True
        uow.emit("balance_low", events.balance_low(account, balance_after, threshold))
        store.autopay_due(uow.session, account.account_id, uow.now())  # once per dip (B6)
    elif account.low_balance_warned and money.low_balance_recovered(balance_after, threshold):
        account.low_balance_warned = False
    account.updated_at = uow.now()
