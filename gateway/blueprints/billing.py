"""Billing endpoints (B1–B5, B8, B11) and the order payment endpoints (O13, O14).

``POST /orders/{number}/pay`` and ``POST /orders/{number}/payments`` are orchestrated here:
orders says what can be paid (``orders.get_payable``, which also authorizes the caller and
answers 404 for anyone else), then billing moves the money (``billing.pay_order`` /
``billing.record_manager_payment``), enforcing its rules against its own records.
"""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from gateway.auth import secured_by
from gateway.calls import body, idempotency_key, query, rpc
from gateway.limits import idempotent
from kit.schemas import PageQuery
from services.billing import schemas

blp = Blueprint("billing", __name__, url_prefix="/api/v1", description="Personal account, payments, payers, "
                "saved payment methods, expenses, products and the cart; paying orders (B1–B5, B8, B11, O13, O14)")
#: headers a provider's webhook may need (signatures); never credentials or cookies
WEBHOOK_HEADERS = ("content-type", "x-signature", "user-agent")


secured = secured_by(blp)


# --- personal account (B1) --------------------------------------------------------------

@blp.route("/billing/account", methods=["GET"])
@secured
@blp.response(200, schemas.Account)
def get_account():
    """Balance of your personal account (created on first use), credit limit, what is available."""
    return rpc("billing", "get_account")


@blp.route("/billing/account/entries", methods=["GET"])
@secured
@blp.arguments(schemas.EntryQuery, location="query")
@blp.response(200, schemas.EntryPage)
def list_entries(_):
    """Every movement of your personal account, newest first (append-only)."""
    return rpc("billing", "list_entries", query())


@blp.route("/billing/payment-options", methods=["GET"])
@secured
@blp.arguments(schemas.PaymentOptionsQuery, location="query")
@blp.response(200, schemas.PaymentOptions)
def payment_options(_):
    """Ways to pay `amount` with their commission ("5% + 10.00 ₽"), amount to pay and limits."""
    return rpc("billing", "payment_options", query())


@blp.route("/billing/top-ups", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.TopUpRequest)
@blp.response(201, schemas.Payment)
def top_up(_):
    """Advance payment onto the personal account: open `confirmation_url` to pay."""
    return rpc("billing", "top_up", body(), idempotency_key())


@blp.route("/billing/payments", methods=["GET"])
@secured
@blp.arguments(schemas.PaymentQuery, location="query")
@blp.response(200, schemas.PaymentPage)
def list_payments(_):
    """Your account's payments, newest first, with their statuses."""
    return rpc("billing", "list_payments", query())


@blp.route("/billing/payments/<uuid:payment_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Payment)
def get_payment(payment_id):
    return rpc("billing", "get_payment", str(payment_id))


@blp.route("/billing/providers/<string:provider>/webhook", methods=["POST"])
@blp.response(200, schemas.WebhookResult)
def provider_webhook(provider):
    """A payment provider's notification (signed; no bearer token). Its object is re-read from
    the provider, so repeats and out-of-order notifications change nothing."""
    headers = {name: value for name, value in request.headers.items() if name.lower() in WEBHOOK_HEADERS}
    return rpc("billing", "handle_webhook", provider, headers, request.get_data(as_text=True))


# --- administrators --------------------------------------------------------------------

@blp.route("/billing/accounts/<uuid:account_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Account)
def get_any_account(account_id):
    """Administrator: any customer's personal account."""
    return rpc("billing", "get_account", str(account_id))


@blp.route("/billing/accounts/<uuid:account_id>/entries", methods=["GET"])
@secured
@blp.arguments(schemas.EntryQuery, location="query")
@blp.response(200, schemas.EntryPage)
def list_any_entries(_, account_id):
    return rpc("billing", "list_entries", query(), str(account_id))


@blp.route("/billing/accounts/<uuid:account_id>/adjustments", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.AdjustmentRequest)
@blp.response(201, schemas.Account)
def adjust_account(_, account_id):
    """Administrator: correct a personal account (a debit obeys the balance rule)."""
    return rpc("billing", "adjust_account", str(account_id), body(), idempotency_key())


# --- payers (B2) ------------------------------------------------------------------------

@blp.route("/billing/payers", methods=["GET"])
@secured
@blp.arguments(schemas.PayerQuery, location="query")
@blp.response(200, schemas.PayerPage)
def list_payers(_):
    return rpc("billing", "list_payers", query())


@blp.route("/billing/payers", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.PayerCreate)
@blp.response(201, schemas.Payer)
def create_payer(_):
    """An individual, company or sole proprietor with requisites (INN, KPP, OGRN, BIK and
    accounts are checked with their control digits)."""
    return rpc("billing", "create_payer", body())


@blp.route("/billing/payers/merge", methods=["POST"])
@secured
@blp.arguments(schemas.PayerMerge)
@blp.response(200, schemas.MergeResult)
def merge_payers(_):
    """Merge a payer into the main one (`move_contracts`, else its contracts are deleted);
    `dry_run` shows what would be done."""
    return rpc("billing", "merge_payers", body())


@blp.route("/billing/payers/<uuid:payer_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Payer)
def get_payer(payer_id):
    return rpc("billing", "get_payer", str(payer_id))


@blp.route("/billing/payers/<uuid:payer_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.PayerUpdate)
@blp.response(200, schemas.Payer)
def update_payer(_, payer_id):
    return rpc("billing", "update_payer", str(payer_id), body())


@blp.route("/billing/payers/<uuid:payer_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Removed)
def delete_payer(payer_id):
    return rpc("billing", "delete_payer", str(payer_id))


# --- saved payment methods (B5) ---------------------------------------------------------

@blp.route("/billing/payment-methods", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.SavedMethodPage)
def list_payment_methods(_):
    return rpc("billing", "list_payment_methods", query())


@blp.route("/billing/payment-methods", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.MethodCreate)
@blp.response(201, schemas.SavedMethod)
def create_payment_method(_):
    """Save a card at the provider: the method is `configuring` until you finish at
    `confirmation_url`. Every field of the body is optional."""
    return rpc("billing", "create_payment_method", body())


@blp.route("/billing/payment-methods/<uuid:method_id>", methods=["GET"])
@secured
@blp.response(200, schemas.SavedMethod)
def get_payment_method(method_id):
    return rpc("billing", "get_payment_method", str(method_id))


@blp.route("/billing/payment-methods/<uuid:method_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.MethodUpdate)
@blp.response(200, schemas.SavedMethod)
def rename_payment_method(_, method_id):
    return rpc("billing", "update_payment_method", str(method_id), body())


@blp.route("/billing/payment-methods/<uuid:method_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Removed)
def delete_payment_method(method_id):
    return rpc("billing", "delete_payment_method", str(method_id))


# --- expenses (B8) ----------------------------------------------------------------------

@blp.route("/billing/expenses", methods=["GET"])
@secured
@blp.arguments(schemas.ExpenseQuery, location="query")
@blp.response(200, schemas.ExpensePage)
def list_expenses(_):
    """Charges for services with the payment that paid them and the VAT included."""
    return rpc("billing", "list_expenses", query())


# --- the credit-limit cycle (B9) ---------------------------------------------------------------

@blp.route("/billing/invoices", methods=["GET"])
@secured
@blp.arguments(schemas.InvoiceQuery, location="query")
@blp.response(200, schemas.InvoicePage)
def list_invoices(_):
    """Invoices for the months bought on credit: issued on the 1st, due on the 15th, the account
    blocked on the 30th if unpaid; money arriving pays the oldest first."""
    return rpc("billing", "list_invoices", query())


@blp.route("/billing/invoices/<uuid:invoice_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Invoice)
def get_invoice(invoice_id):
    return rpc("billing", "get_invoice", str(invoice_id))


# --- autopay (B6) ---------------------------------------------------------------------------

@blp.route("/billing/autopay", methods=["GET"])
@secured
@blp.response(200, schemas.Autopay)
def get_autopay():
    """Autopay: the saved method, the month's maximum, the recommended maximum (next month's
    forecast charges + 10 %), what was charged this month and every attempt."""
    return rpc("billing", "get_autopay")


@blp.route("/billing/autopay", methods=["PUT"])
@secured
@blp.arguments(schemas.AutopayRequest)
@blp.response(200, schemas.Autopay)
def set_autopay(_):
    """When the balance runs low the saved method is charged so that upcoming charges are
    covered, never past the month's maximum (`monthly_max` null: unlimited); one attempt per dip."""
    return rpc("billing", "set_autopay", body())


# --- products, promo codes, the cart (B11) -------------------------------------------------

@blp.route("/billing/accounts/<uuid:account_id>/credit-limit", methods=["PUT"])
@secured
@blp.arguments(schemas.CreditLimitRequest)
@blp.response(200, schemas.Account)
def set_credit_limit(_, account_id):
    """Administrator: how far below zero the account may buy and renew on credit (B9)."""
    return rpc("billing", "set_credit_limit", str(account_id), body())


@blp.route("/billing/products", methods=["GET"])
@secured
@blp.arguments(schemas.ProductQuery, location="query")
@blp.response(200, schemas.ProductPage)
def list_products(_):
    """Recurring products on sale, with their period prices, options and VAT."""
    return rpc("billing", "list_products", query())


@blp.route("/billing/products", methods=["POST"])
@secured
@blp.arguments(schemas.ProductCreate)
@blp.response(201, schemas.Product)
def create_product(_):
    """Administrator: a recurring product (prices in kopecks, VAT 20 % included)."""
    return rpc("billing", "create_product", body())


@blp.route("/billing/products/<uuid:product_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Product)
def get_product(product_id):
    return rpc("billing", "get_product", str(product_id))


@blp.route("/billing/products/<uuid:product_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ProductUpdate)
@blp.response(200, schemas.Product)
def update_product(_, product_id):
    """Administrator: change prices or options (the cart's prices follow), or stop selling it."""
    return rpc("billing", "update_product", str(product_id), body())


@blp.route("/billing/promo-codes", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.PromoCodePage)
def list_promo_codes(_):
    """Administrator: promo codes and how often each was used."""
    return rpc("billing", "list_promo_codes", query())


@blp.route("/billing/promo-codes", methods=["POST"])
@secured
@blp.arguments(schemas.PromoCodeCreate)
@blp.response(201, schemas.PromoCode)
def create_promo_code(_):
    """Administrator: a promo code (percent or fixed, validity dates, usage limits)."""
    return rpc("billing", "create_promo_code", body())


@blp.route("/billing/cart", methods=["GET"])
@secured
@blp.response(200, schemas.Cart)
def get_cart():
    """Your cart with each item's current price, the promo code's discount, the total and its VAT."""
    return rpc("billing", "get_cart")


@blp.route("/billing/cart/items", methods=["POST"])
@secured
@blp.arguments(schemas.CartItemCreate)
@blp.response(201, schemas.Cart)
def add_cart_item(_):
    """Put a product with its period and configuration into the cart ("add to cart"; "pay
    now" is this, then checkout with its `item_id`)."""
    return rpc("billing", "add_cart_item", body())


@blp.route("/billing/cart/items/<uuid:item_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.CartItemUpdate)
@blp.response(200, schemas.Cart)
def update_cart_item(_, item_id):
    return rpc("billing", "update_cart_item", str(item_id), body())


@blp.route("/billing/cart/items/<uuid:item_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Cart)
def remove_cart_item(item_id):
    return rpc("billing", "remove_cart_item", str(item_id))


@blp.route("/billing/cart/promo-code", methods=["PUT"])
@secured
@blp.arguments(schemas.PromoCodeApply)
@blp.response(200, schemas.Cart)
def apply_promo_code(_):
    """Enter a promo code; a refused one says why (422 with its code) and the cart is unchanged."""
    return rpc("billing", "apply_promo_code", body())


@blp.route("/billing/cart/promo-code", methods=["DELETE"])
@secured
@blp.response(200, schemas.Cart)
def remove_promo_code():
    return rpc("billing", "remove_promo_code")


@blp.route("/billing/cart/checkout", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.CheckoutRequest)
@blp.response(201, schemas.Purchase)
def checkout(_):
    """Pay the whole cart (or `item_ids`) from the personal account, on credit up to its
    limit — or by `card` (open `confirmation_url`) or a saved method's id, the purchase
    awaiting its payment meanwhile: all or nothing; the same Idempotency-Key charges once."""
    return rpc("billing", "checkout", body(), idempotency_key())


@blp.route("/billing/purchases", methods=["GET"])
@secured
@blp.arguments(schemas.PurchaseQuery, location="query")
@blp.response(200, schemas.PurchasePage)
def list_purchases(_):
    """Your checkouts (manual 004 «Заказы»): `awaiting_payment` or `paid`, newest first."""
    return rpc("billing", "list_purchases", query())


@blp.route("/billing/purchases/<uuid:purchase_id>/pay", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.PurchasePayRequest)
@blp.response(201, schemas.Purchase)
def pay_purchase(_, purchase_id):
    """«Платеж»: pay a purchase awaiting payment again (its payment failed), from the balance,
    by card or with a saved method."""
    return rpc("billing", "pay_purchase", str(purchase_id), body(), idempotency_key())


@blp.route("/billing/purchases/<uuid:purchase_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Purchase)
def get_purchase(purchase_id):
    return rpc("billing", "get_purchase", str(purchase_id))


# --- services bought through the cart (B12) ------------------------------------------------

@blp.route("/billing/services", methods=["GET"])
@secured
@blp.arguments(schemas.RecurringServiceQuery, location="query")
@blp.response(200, schemas.RecurringServicePage)
def list_services(_):
    """Your services («Товары/Услуги») with their state, period and expiry."""
    return rpc("billing", "list_services", query())


@blp.route("/billing/services/<uuid:service_id>", methods=["GET"])
@secured
@blp.response(200, schemas.RecurringService)
def get_service(service_id):
    return rpc("billing", "get_service", str(service_id))


@blp.route("/billing/services/<uuid:service_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.RecurringServiceUpdate)
@blp.response(200, schemas.RecurringService)
def update_service(_, service_id):
    """Auto-renewal (B7): `auto_renew`, `renew_method` (`balance` or a saved method's id),
    `renewal_period_months` (only while active). Charged the product type's lead time before
    expiry; a failure is e-mailed and tried again the next day; not renewed by the expiry →
    suspended."""
    return rpc("billing", "update_service", str(service_id), body())


@blp.route("/billing/services/<uuid:service_id>/history", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.ServiceChangePage)
def service_history(_, service_id):
    """The service's «История»: each change of state and each renewal, newest first."""
    return rpc("billing", "service_history", str(service_id), query())


def _service_action(service_id, action):
    return rpc("billing", "service_action", str(service_id), action, body())


@blp.route("/billing/services/<uuid:service_id>/stop", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop)
@blp.response(200, schemas.RecurringService)
def stop_service(_, service_id):
    """«Выкл.»: an active service → stopped (409 from any other state)."""
    return _service_action(service_id, "stop")


@blp.route("/billing/services/<uuid:service_id>/start", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop)
@blp.response(200, schemas.RecurringService)
def start_service(_, service_id):
    """«Вкл.»: a service the client stopped → active, while its period lasts."""
    return _service_action(service_id, "start")


@blp.route("/billing/services/<uuid:service_id>/configure", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceConfigure)
@blp.response(200, schemas.RecurringService)
def configure_service(_, service_id):
    """«Настроить»: fill in what a quick order left out; needs_setup → active."""
    return _service_action(service_id, "configure")


@blp.route("/billing/services/<uuid:service_id>/admin-stop", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop)
@blp.response(200, schemas.RecurringService)
def admin_stop_service(_, service_id):
    """Administrator: stop any service (Остановлен администратором)."""
    return _service_action(service_id, "admin_stop")


@blp.route("/billing/services/<uuid:service_id>/admin-start", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop)
@blp.response(200, schemas.RecurringService)
def admin_start_service(_, service_id):
    return _service_action(service_id, "admin_start")


@blp.route("/billing/services/<uuid:service_id>/renew", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.RenewRequest)
@blp.response(200, schemas.RecurringService)
def renew_service(_, service_id):
    """«Продлить» by hand from the personal account (on credit up to its limit), for the
    renewal period or `period_months`, at the catalog's current price."""
    return rpc("billing", "renew_service", str(service_id), body())


# --- paying orders (O13, O14) -----------------------------------------------------------

@blp.route("/orders/<int:number>/pay", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.OrderPayRequest)
@blp.response(201, schemas.Payment)
def pay_order(_, number):
    """Pay an order (its remainder, or a first prepayment when the service allows it) from
    the balance, by card (`confirmation_url`) or with a saved method. A prepayment of at
    least the service's minimum confirms the order once credited (manual 000); its rest is
    then paid in full, here, while the order view offers `pay`."""
    payable = rpc("orders", "get_payable", number)
    return rpc("billing", "pay_order", payable, body(), idempotency_key())


@blp.route("/orders/<int:number>/payments", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.ManagerPaymentRequest)
@blp.response(201, schemas.Payment)
def record_manager_payment(_, number):
    """Staff record money received for the order; each payment must leave at least 50 ₽ to
    pay unless it pays the remainder in full, and only the one that pays it in full confirms
    an order that is still new (manual 001)."""
    payable = rpc("orders", "get_payable", number)
    return rpc("billing", "record_manager_payment", payable, body(), idempotency_key())
