"""The cart and its checkout (B11, manual 004 «Заказ товаров и услуг», «Корзина», «Заказы»):
items with their configuration and period, a promo code, and a checkout that pays the whole
cart (or the chosen items) at once from the personal account — on credit up to its limit —
all or nothing, once per Idempotency-Key; each line bought becomes a service (B12).

Lock order: the cart, then a promo code, then the personal account.
"""
from __future__ import annotations

from kit import listing
from kit.context import Caller
from kit.errors import RuleBroken
from services.billing import exceptions as exc, store, views
from services.billing.dependencies import Deps
from services.billing.domain import catalog, credit, money
from services.billing.handlers import access, ledger, payments, subscriptions
from services.billing.models import CartItem, Payment, PromoUse, Purchase, PurchaseLine

#: how many lines a cart holds
MAX_ITEMS = 50


def _promo_dict(promo) -> dict | None:
    if promo is None:
        return None
    return {"active": promo.active, "valid_from": promo.valid_from, "valid_to": promo.valid_to,
            "max_uses": promo.max_uses, "max_uses_per_account": promo.max_uses_per_account}


def _check_promo(uow, promo, account_id: str) -> None:
    catalog.check_promo(_promo_dict(promo), uow.now(), store.promo_uses(uow.session, promo.id) if promo else 0,
                        store.promo_uses(uow.session, promo.id, account_id) if promo else 0)


def _priced(uow, item: CartItem) -> dict:
    """A cart line with its current price; ``unavailable`` says why it cannot be bought now."""
    product = store.product(uow.session, item.product_id)
    line = {"id": item.id, "product_id": item.product_id, "name": product.name if product else "",
            "type": product.type if product else None, "period_months": item.period_months,
            "options": item.options, "amount": 0, "vat": 0, "unavailable": None}
    if product is None or not product.active:
        line["unavailable"] = "product_not_sold"
        return line
    try:
        price = catalog.line_price(product.prices, product.options, item.period_months, item.options)
    except RuleBroken as broken:
        line["unavailable"] = broken.code
        return line
    line.update(amount=price["amount"], vat=price["vat"])
    return line


def _cart_view(uow, account_id: str) -> dict:
    cart = store.cart(uow.session, account_id, uow.now())
    lines = [_priced(uow, item) for item in store.cart_items(uow.session, account_id)]
    subtotal = sum(line["amount"] for line in lines)
    promo, discount, promo_error = None, 0, None
    if cart.promo_code_id:
        promo = store.promo(uow.session, cart.promo_code_id)
        try:
            _check_promo(uow, promo, account_id)
            discount = catalog.discount(subtotal, promo.kind, promo.value)
        except RuleBroken as broken:
            promo_error = broken.code
    total = subtotal - discount
    return {"items": lines, "promo_code": promo.code if promo else None, "promo_error": promo_error,
            "subtotal": subtotal, "discount": discount, "total": total, "vat": money.vat_included(total),
            "currency": money.CURRENCY}


def get_cart(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    return _cart_view(uow, access.require_account(caller))


def _configure(uow, item: CartItem, product_id: str, period_months: int, options: dict) -> None:
    product = store.product(uow.session, product_id)
    if product is None or not product.active:
        raise exc.InvalidReference("No such product on sale", code="product_not_found",
                                   errors={"product_id": ["No such product on sale"]})
    catalog.line_price(product.prices, product.options, period_months, options)
    item.product_id, item.period_months, item.options = product_id, period_months, dict(options)


def add_item(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    now = uow.now()
    store.cart(uow.session, account_id, now, lock=True)
    if len(store.cart_items(uow.session, account_id)) >= MAX_ITEMS:
        raise RuleBroken("cart_full", "A cart holds at most {} items".format(MAX_ITEMS))
    item = CartItem(account_id=account_id, created_at=now, updated_at=now)
    _configure(uow, item, data["product_id"], data["period_months"], data["options"])
    uow.session.add(item)
    uow.session.flush()
    return dict(_cart_view(uow, account_id), item_id=item.id)


def update_item(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    store.cart(uow.session, account_id, uow.now(), lock=True)
    item = store.cart_item(uow.session, account_id, data["item_id"])
    if item is None:
        raise exc.CartItemNotFound("No such item in your cart")
    changes = data["changes"]
    _configure(uow, item, item.product_id, changes.get("period_months", item.period_months),
               changes.get("options", item.options))
    item.updated_at = uow.now()
    return dict(_cart_view(uow, account_id), item_id=item.id)


def remove_item(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    store.cart(uow.session, account_id, uow.now(), lock=True)
    item = store.cart_item(uow.session, account_id, data["item_id"])
    if item is None:
        raise exc.CartItemNotFound("No such item in your cart")
    uow.session.delete(item)
    uow.session.flush()
    return _cart_view(uow, account_id)


def apply_promo_code(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Enter a promo code; one refused says why (unknown, not yet valid, expired, used up,
    used by this account) and the cart stays as it was."""
    account_id = access.require_account(caller)
    cart = store.cart(uow.session, account_id, uow.now(), lock=True)
    promo = store.promo_by_code(uow.session, data["code"])
    _check_promo(uow, promo, account_id)
    cart.promo_code_id, cart.updated_at = promo.id, uow.now()
    uow.record_action("cart.promo_code_applied", "promo_code", promo.id, "Промокод {} в корзине".format(promo.code),
                      account_id=account_id)
    return _cart_view(uow, account_id)


def remove_promo_code(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller)
    cart = store.cart(uow.session, account_id, uow.now(), lock=True)
    cart.promo_code_id, cart.updated_at = None, uow.now()
    return _cart_view(uow, account_id)


def checkout(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Pay the cart (or ``item_ids`` of it) from the personal account, on credit up to its
    limit: every line is priced, the promo code checked and counted, the account charged once,
    a purchase with its lines and an expense per line made, the items taken out of the cart —
    in one transaction, so one line that cannot be bought refuses the whole checkout and
    changes nothing. The same Idempotency-Key returns the first checkout's purchase."""
    account_id = access.require_account(caller)
    request, key = data["request"], data.get("idempotency_key")
    now = uow.now()
    cart = store.cart(uow.session, account_id, now, lock=True)
    fp = store.fingerprint("checkout", method=request["method"], item_ids=sorted(request.get("item_ids") or []))
    earlier = store.purchase_by_key(uow.session, account_id, key)
    if earlier is not None:
        if earlier.fingerprint != fp:
            raise exc.IdempotencyKeyReused("This Idempotency-Key was used with different parameters")
        return _purchase_view(uow, earlier, caller.language)
    items = store.cart_items(uow.session, account_id)
    if request.get("item_ids"):
        known = {item.id for item in items}
        missing = [i for i in request["item_ids"] if i not in known]
        if missing:
            raise exc.InvalidReference("No such item in your cart", code="cart_item_not_found",
                                       errors={"item_ids": ["Not in your cart: {}".format(", ".join(missing))]})
        items = [item for item in items if item.id in set(request["item_ids"])]
    catalog.check_cart_not_empty(len(items))
    lines = []
    for item in items:
        line = _priced(uow, item)
        if line["unavailable"]:
            raise RuleBroken("cart_item_unavailable", "«{}» cannot be bought now ({}); nothing was charged".format(
                line["name"] or item.product_id, line["unavailable"]))
        lines.append(line)
    subtotal = sum(line["amount"] for line in lines)
    promo, discount = None, 0
    if cart.promo_code_id:
        promo = store.promo(uow.session, cart.promo_code_id, lock=True)
        _check_promo(uow, promo, account_id)
        discount = catalog.discount(subtotal, promo.kind, promo.value)
    paid_lines = catalog.checkout_lines(lines, discount)
    total = subtotal - discount
    account = store.personal_account(uow.session, account_id, now, lock=True)
    credit.check_allowed(account.blocked_at is not None, "pay_service")
    by_provider = request["method"] != "balance" and total > 0
    purchase = Purchase(number=store.next_purchase_number(uow.session), account_id=account_id,
                        user_id=caller.user_id, status="awaiting_payment", method="balance", subtotal=subtotal,
                        discount=discount, total=total, vat=sum(line["vat"] for line in paid_lines),
                        promo_code=promo.code if promo else None, idempotency_key=key, fingerprint=fp if key else None,
                        created_at=now)
    uow.session.add(purchase)
    uow.session.flush()
    for line in paid_lines:
        uow.session.add(PurchaseLine(purchase_id=purchase.id, product_id=line["product_id"], name=line["name"],
                                     period_months=line["period_months"], options=line["options"],
                                     amount=line["amount"], discount=line["discount"], paid=line["paid"],
                                     vat=line["vat"]))
        subscriptions.order_service(uow, purchase, line, store.product(uow.session, line["product_id"]),
                                    caller.user_id)
    uow.session.flush()
    if by_provider:
        # card or a saved method: the purchase awaits its payment (manual 004 «Ждут оплаты»)
        payment = payments.create_purchase_payment(uow, caller, purchase, request["method"], deps)
        purchase.method, purchase.payment_id = payment.method, payment.id
    else:
        balance_before = store.balance(uow.session, account_id)
        if total > 0:
            ledger.debit(uow, account, "charge", total, deps.settings, created_by=caller.user_id,
                         description="Оплата заказа №{}".format(purchase.number))
        subscriptions.settle_purchase(uow, purchase, balance_before=balance_before)
    if promo is not None:
        uow.session.add(PromoUse(promo_code_id=promo.id, account_id=account_id, purchase_id=purchase.id,
                                 created_at=now))
        cart.promo_code_id = None
        uow.record_action("promo_code.used", "promo_code", promo.id, "Промокод {} в заказе №{}: скидка {} ₽".format(
            promo.code, purchase.number, listing.money(discount)), account_id=account_id)
    for item in items:
        uow.session.delete(item)
    cart.updated_at = now
    uow.session.flush()
    uow.record_action("cart.checked_out", "purchase", purchase.number, "Заказ №{}: {} поз., {} ₽, {}".format(
        purchase.number, len(paid_lines), listing.money(total), payments.METHOD_WORDS.get(
            purchase.method, purchase.method)), account_id=account_id)
    return _purchase_view(uow, purchase, caller.language)


def _purchase_view(uow, purchase: Purchase, language: str) -> dict:
    payment = uow.session.get(Payment, purchase.payment_id) if purchase.payment_id else None
    return views.purchase_view(purchase, store.purchase_lines(uow.session, purchase.id), language,
                               store.purchase_services(uow.session, purchase.id), payment)


def pay_purchase(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Pay a purchase that awaits its payment again («Платеж»): from the balance at once, or a
    new card / saved-method payment — once the previous one has failed."""
    account_id = access.require_account(caller)
    purchase = store.purchase(uow.session, data["purchase_id"], lock=True)
    if purchase is None or purchase.account_id != account_id:
        raise exc.PurchaseNotFound("No such purchase")
    if purchase.status != "awaiting_payment":
        raise RuleBroken("purchase_already_paid", "This purchase is paid")
    current = uow.session.get(Payment, purchase.payment_id) if purchase.payment_id else None
    if current is not None and current.status != "failed":
        raise RuleBroken("payment_in_progress", "Its payment is still in progress")
    account = store.personal_account(uow.session, account_id, uow.now(), lock=True)
    credit.check_allowed(account.blocked_at is not None, "pay_service")
    method = data["request"]["method"]
    if method == "balance":
        balance_before = store.balance(uow.session, account_id)
        ledger.debit(uow, account, "charge", purchase.total, deps.settings, created_by=caller.user_id,
                     description="Оплата заказа №{}".format(purchase.number))
        purchase.method, purchase.payment_id = "balance", None
        subscriptions.settle_purchase(uow, purchase, balance_before=balance_before)
    else:
        payment = payments.create_purchase_payment(uow, caller, purchase, method, deps)
        purchase.method, purchase.payment_id = payment.method, payment.id
    uow.session.flush()
    uow.record_action("purchase.paid" if method == "balance" else "purchase.payment_started", "purchase",
                      purchase.number, "Оплата заказа №{}: {} ₽, {}".format(
                          purchase.number, listing.money(purchase.total),
                          payments.METHOD_WORDS.get(purchase.method, purchase.method)), account_id=account_id)
    return _purchase_view(uow, purchase, caller.language)


def list_purchases(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller, "finance", "orders")
    conditions = [Purchase.account_id == account_id]
    if data.get("status"):
        conditions.append(Purchase.status == data["status"])
    total, rows = store.page(uow.session, Purchase, conditions, [Purchase.created_at.desc()], data)
    return views.page([_purchase_view(uow, p, caller.language)
                       for p in rows], total, data)


def get_purchase(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    account_id = access.require_account(caller, "finance", "orders")
    purchase = uow.session.get(Purchase, data["purchase_id"])
    if purchase is None or purchase.account_id != account_id:
        raise exc.PurchaseNotFound("No such purchase")
    return _purchase_view(uow, purchase, caller.language)
