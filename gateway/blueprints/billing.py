"""Billing endpoints (B1–B12), the order payment endpoints (O13, O14) and paying an order by
invoice (its invoice, bank statements in the 1C exchange format).

``POST /orders/{number}/pay`` and ``POST /orders/{number}/payments`` are orchestrated here:
orders says what can be paid (``orders.get_payable``, which also authorizes the caller and
answers 404 for anyone else), then billing moves the money (``billing.pay_order`` /
``billing.record_manager_payment``), enforcing its rules against its own records.
"""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from gateway import examples
from gateway.auth import secured_by
from gateway.openapi import BINARY, TEXT
from gateway.calls import body, idempotency_key, query, rpc
from gateway.exports import CSV_DESCRIPTION, csv_export
from gateway.limits import idempotent
from gateway.uploads import UploadForm, binary, upload_payload
from kit.schemas import PageQuery
from services.billing import schemas

blp = Blueprint("billing", __name__, url_prefix="/api/v1", description="Personal account, payments, payers, "
                "saved payment methods, expenses, the credit cycle and its invoices, accounting documents, products and "
                "the cart; paying orders (B1–B5, B8–B11, O13, O14)")
#: headers a provider's webhook may need (signatures); never credentials or cookies
WEBHOOK_HEADERS = ("content-type", "x-signature", "user-agent")


secured = secured_by(blp)


# --- personal account (B1) --------------------------------------------------------------

@blp.route("/billing/account", methods=["GET"])
@secured
@blp.response(200, schemas.Account, example=examples.ACCOUNT)
def get_account():
    """Read my personal account

    Users of a customer account with the "finance" right: the balance (created on first use),
    the credit limit, what is available to spend and whether the account is blocked. Changes
    nothing. Problems: 403 `account_required`, `right_required`."""
    return rpc("billing", "get_account")


@blp.route("/billing/account/entries", methods=["GET"])
@secured
@blp.arguments(schemas.EntryQuery, location="query")
@blp.response(200, schemas.EntryPage)
def list_entries(_):
    """Movements of your personal account

    Signed in with the "finance" right of your account: every movement of its personal
    account (append-only), newest first unless `sort` says otherwise; filters by kind,
    order, period and text (the list conventions). Changes nothing. Problems: 422
    `validation_failed` (an unknown `sort` field names the allowed ones), 403
    `right_required`, `account_required`."""
    return rpc("billing", "list_entries", query())


@blp.route("/billing/account/entries/export.csv", methods=["GET"])
@secured
@blp.arguments(schemas.EntryQuery, location="query")
@blp.response(200, TEXT, content_type="text/csv", description=CSV_DESCRIPTION)
def export_entries(_):
    """Export your account's movements as CSV

    The entries `GET /billing/account/entries` lists with the same query, every one,
    streamed. Columns: date, operation, amount, balance after, order, description,
    currency. Who may: as the list. Changes nothing. Problems: as the list."""
    return csv_export("billing", "export_entries", "entries.csv", query(), None)


@blp.route("/billing/payment-options", methods=["GET"])
@secured
@blp.arguments(schemas.PaymentOptionsQuery, location="query")
@blp.response(200, schemas.PaymentOptions, example=examples.PAYMENT_OPTIONS)
def payment_options(_):
    """Ways to pay an amount

    Users of a customer account with the "finance" right: each way to pay `amount` (balance,
    card, saved methods) with its commission ("5% + 10.00 ₽"), the amount to pay and its limits.
    Changes nothing. Problems: 403 `account_required`, `right_required`, 422
    `validation_failed`."""
    return rpc("billing", "payment_options", query())


@blp.route("/billing/top-ups", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.TopUpRequest, example=examples.TOP_UP_REQUEST)
@blp.response(201, schemas.Payment, example=examples.PAYMENT)
def top_up(_):
    """Top up my personal account

    Users of a customer account with the "finance" right: an advance payment is started at the
    provider; open `confirmation_url` to pay; the balance grows when the provider confirms.
    Problems: 403 `account_required`, `right_required`, 409 `account_blocked`, 422
    `amount_below_minimum`, `amount_above_maximum`, `payment_method_not_ready`,
    `validation_failed`, 503 `payment_provider_unavailable`."""
    return rpc("billing", "top_up", body(), idempotency_key())


@blp.route("/billing/payments", methods=["GET"])
@secured
@blp.arguments(schemas.PaymentQuery, location="query")
@blp.response(200, schemas.PaymentPage)
def list_payments(_):
    """List payments

    Signed in with the "finance" right: your account's payments with their statuses;
    administrators also another account's (`account_id`) or every account's
    (`scope=all`). Each payment names its payer, the user who paid and the staff member who
    recorded it. Newest first unless `sort` says otherwise; filters by status, purpose,
    order, period and text (the list conventions; `q` also finds part of the payer's or the
    people's names). Changes nothing. Problems: 422
    `validation_failed` (an unknown `sort` field names the allowed ones), 403
    `right_required`, `role_required`, `account_required`."""
    return rpc("billing", "list_payments", query())


@blp.route("/billing/payments/export.csv", methods=["GET"])
@secured
@blp.arguments(schemas.PaymentQuery, location="query")
@blp.response(200, TEXT, content_type="text/csv", description=CSV_DESCRIPTION)
def export_payments(_):
    """Export payments as CSV

    The payments `GET /billing/payments` lists with the same query, every one, streamed:
    a customer their account's, administrators any account's or all. Columns: number,
    created, purpose, order, method, amount, commission, status, paid, refunded, currency,
    description, account, payer, user who paid, recorded by. Changes nothing. Problems: as
    the list."""
    return csv_export("billing", "export_payments", "payments.csv", query())


@blp.route("/billing/payments/<uuid:payment_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Payment, example=examples.CREDITED_PAYMENT)
def get_payment(payment_id):
    """Read a payment

    Users of the payment's account with the "finance" or "orders" right, and administrators: its
    purpose, amount, commission, status, method and the provider's confirmation link while
    pending. Changes nothing. Problems: 404 `payment_not_found`."""
    return rpc("billing", "get_payment", str(payment_id))


@blp.route("/billing/providers/<string:provider>/webhook", methods=["POST"])
@blp.response(200, schemas.WebhookResult, example=examples.WEBHOOK_RESULT)
def provider_webhook(provider):
    """A payment provider's notification

    The payment provider only (signed; no bearer token). Its object is re-read from the
    provider, so repeats and out-of-order notifications change nothing; a payment that succeeded
    credits the account or pays the order. Problems: 400 `webhook_signature_invalid`, 404
    `payment_provider_unknown`, 503 `payment_provider_unavailable`."""
    headers = {name: value for name, value in request.headers.items() if name.lower() in WEBHOOK_HEADERS}
    return rpc("billing", "handle_webhook", provider, headers, request.get_data(as_text=True))


# --- administrators --------------------------------------------------------------------

@blp.route("/billing/accounts/<uuid:account_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Account, example=examples.ACCOUNT)
def get_any_account(account_id):
    """Read any customer's personal account

    Administrators: the balance, credit limit and state of any customer's personal account.
    Changes nothing. Problems: 403 `role_required`."""
    return rpc("billing", "get_account", str(account_id))


@blp.route("/billing/accounts/<uuid:account_id>/entries", methods=["GET"])
@secured
@blp.arguments(schemas.EntryQuery, location="query")
@blp.response(200, schemas.EntryPage)
def list_any_entries(_, account_id):
    """Administrator: a customer's account movements

    As `GET /billing/account/entries`, for any account. Changes nothing. Problems: 422
    `validation_failed`, 403 `role_required`."""
    return rpc("billing", "list_entries", query(), str(account_id))


@blp.route("/billing/accounts/<uuid:account_id>/entries/export.csv", methods=["GET"])
@secured
@blp.arguments(schemas.EntryQuery, location="query")
@blp.response(200, TEXT, content_type="text/csv", description=CSV_DESCRIPTION)
def export_any_entries(_, account_id):
    """Administrator: export a customer's account movements as CSV

    As `GET /billing/account/entries/export.csv`, for any account. Changes nothing.
    Problems: 422 `validation_failed`, 403 `role_required`."""
    return csv_export("billing", "export_entries", "entries.csv", query(), str(account_id))


@blp.route("/billing/accounts/<uuid:account_id>/adjustments", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.AdjustmentRequest, example=examples.ADJUSTMENT_REQUEST)
@blp.response(201, schemas.Account, example=examples.ADJUSTED_ACCOUNT)
def adjust_account(_, account_id):
    """Correct a personal account

    Administrators: a credit or a debit with its reason, recorded as a movement of the account
    (a debit obeys the balance rule). Problems: 403 `role_required`, 409 `insufficient_funds`,
    422 `amount_not_positive`, `amount_too_large`, `validation_failed`."""
    return rpc("billing", "adjust_account", str(account_id), body(), idempotency_key())


# --- payers (B2) ------------------------------------------------------------------------

@blp.route("/billing/payers", methods=["GET"])
@secured
@blp.arguments(schemas.PayerQuery, location="query")
@blp.response(200, schemas.PayerPage)
def list_payers(_):
    """List my payers

    Users of a customer account with the "finance" right: the individuals, companies and sole
    proprietors the account pays as, with their requisites. Changes nothing. Problems: 403
    `account_required`, `right_required`, 422 `validation_failed`."""
    return rpc("billing", "list_payers", query())


@blp.route("/billing/payers", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.PayerCreate, example=examples.PAYER_CREATE)
@blp.response(201, schemas.Payer, example=examples.PAYER)
def create_payer(_):
    """Add a payer

    Users of a customer account with the "finance" right: an individual, company or sole
    proprietor with requisites (INN, KPP, OGRN, BIK and accounts are checked with their control
    digits). Problems: 403 `account_required`, `right_required`, 422 `validation_failed`."""
    return rpc("billing", "create_payer", body())


@blp.route("/billing/payers/merge", methods=["POST"])
@secured
@blp.arguments(schemas.PayerMerge, example=examples.PAYER_MERGE)
@blp.response(200, schemas.MergeResult, example=examples.MERGE_RESULT)
def merge_payers(_):
    """Merge payers

    Users of a customer account with the "finance" right: a payer is merged into the main one
    (`move_contracts`, else its contracts are deleted); `dry_run` shows what would be done and
    changes nothing. Problems: 403 `account_required`, `right_required`, 404 `payer_not_found`,
    409 `payers_identical`, 422 `validation_failed`."""
    return rpc("billing", "merge_payers", body())


@blp.route("/billing/payers/<uuid:payer_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Payer, example=examples.PAYER)
def get_payer(payer_id):
    """Read a payer

    Users of a customer account with the "finance" right: the payer with its requisites. Changes
    nothing. Problems: 403 `account_required`, `right_required`, 404 `payer_not_found`."""
    return rpc("billing", "get_payer", str(payer_id))


@blp.route("/billing/payers/<uuid:payer_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.PayerUpdate, example=examples.PAYER_UPDATE)
@blp.response(200, schemas.Payer, example=examples.PAYER)
def update_payer(_, payer_id):
    """Change a payer

    Users of a customer account with the "finance" right: its name or requisites (checked again
    with their control digits). Problems: 403 `account_required`, `right_required`, 404
    `payer_not_found`, 422 `validation_failed`."""
    return rpc("billing", "update_payer", str(payer_id), body())


@blp.route("/billing/payers/<uuid:payer_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Removed, example=examples.REMOVED_PAYER)
def delete_payer(payer_id):
    """Delete a payer

    Users of a customer account with the "finance" right: a payer with nothing unpaid is
    removed. Problems: 403 `account_required`, `right_required`, 404 `payer_not_found`, 409
    `payer_has_unpaid_expenses`, `payer_has_unpaid_act_expenses`."""
    return rpc("billing", "delete_payer", str(payer_id))


# --- saved payment methods (B5) ---------------------------------------------------------

@blp.route("/billing/payment-methods", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.SavedMethodPage)
def list_payment_methods(_):
    """List my saved payment methods

    Users of a customer account with the "finance" right: the cards saved at the provider with
    their titles and states (`enabled`, `configuring`, `not_working`). Changes nothing.
    Problems: 403 `account_required`, `right_required`, 422 `validation_failed`."""
    return rpc("billing", "list_payment_methods", query())


@blp.route("/billing/payment-methods", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.MethodCreate, example=examples.METHOD_CREATE)
@blp.response(201, schemas.SavedMethod, example=examples.NEW_SAVED_METHOD)
def create_payment_method(_):
    """Save a card

    Users of a customer account with the "finance" right: the card is saved at the provider; the
    method is `configuring` until you finish at `confirmation_url`. Every field of the body is optional. Problems: 403
    `account_required`, `right_required`, 422 `validation_failed`, 503
    `payment_provider_unavailable`."""
    return rpc("billing", "create_payment_method", body())


@blp.route("/billing/payment-methods/<uuid:method_id>", methods=["GET"])
@secured
@blp.response(200, schemas.SavedMethod, example=examples.SAVED_METHOD)
def get_payment_method(method_id):
    """Read a saved payment method

    Users of a customer account with the "finance" right: its title, provider, payer and state.
    Changes nothing. Problems: 403 `account_required`, `right_required`, 404
    `payment_method_not_found`."""
    return rpc("billing", "get_payment_method", str(method_id))


@blp.route("/billing/payment-methods/<uuid:method_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.MethodUpdate, example=examples.METHOD_UPDATE)
@blp.response(200, schemas.SavedMethod, example=examples.SAVED_METHOD)
def rename_payment_method(_, method_id):
    """Rename a saved payment method

    Users of a customer account with the "finance" right: a new title for the method. Problems:
    403 `account_required`, `right_required`, 404 `payment_method_not_found`, 422
    `validation_failed`."""
    return rpc("billing", "update_payment_method", str(method_id), body())


@blp.route("/billing/payment-methods/<uuid:method_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Removed, example=examples.REMOVED_METHOD)
def delete_payment_method(method_id):
    """Delete a saved payment method

    Users of a customer account with the "finance" right: the method is forgotten; autopay and
    renewals that used it stop using it. Problems: 403 `account_required`, `right_required`, 404
    `payment_method_not_found`."""
    return rpc("billing", "delete_payment_method", str(method_id))


# --- expenses (B8) ----------------------------------------------------------------------

@blp.route("/billing/expenses", methods=["GET"])
@secured
@blp.arguments(schemas.ExpenseQuery, location="query")
@blp.response(200, schemas.ExpensePage, example=examples.EXPENSE_PAGE)
def list_expenses(_):
    """List my expenses

    Users of a customer account with the "finance" right: charges for services with the payment
    that paid them and the VAT included, newest first. Changes nothing. Problems: 403
    `account_required`, `right_required`, 422 `validation_failed`."""
    return rpc("billing", "list_expenses", query())


# --- the credit-limit cycle (B9) ---------------------------------------------------------------

@blp.route("/billing/invoices", methods=["GET"])
@secured
@blp.arguments(schemas.InvoiceQuery, location="query")
@blp.response(200, schemas.InvoicePage)
def list_invoices(_):
    """List my credit invoices

    Users of a customer account with the "finance" right: invoices for the months bought on
    credit: issued on the 1st, due on the 15th, the account blocked on the 30th if unpaid; money
    arriving pays the oldest first. Changes nothing. Problems: 403 `account_required`,
    `right_required`, 422 `validation_failed`."""
    return rpc("billing", "list_invoices", query())


@blp.route("/billing/invoices/<uuid:invoice_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Invoice, example=examples.INVOICE)
def get_invoice(invoice_id):
    """Read a credit invoice

    Users of a customer account with the "finance" right: the invoice's lines, total, what is
    paid and its due date. Changes nothing. Problems: 403 `account_required`, `right_required`,
    404 `invoice_not_found`."""
    return rpc("billing", "get_invoice", str(invoice_id))


def _pdf(result: dict):
    """A document billing printed, with the file name it gave (its number in it)."""
    return binary(result, result.get("filename") or "document.pdf")


@blp.route("/billing/invoices/<uuid:invoice_id>/pdf", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="application/pdf", description="the invoice, A4, in Russian, its font embedded")
@blp.alt_response(404, description="`invoice_not_found`: not an invoice of your account")
@blp.alt_response(409, description="`payer_required`: the account has no payer whose requisites to print")
def invoice_pdf(invoice_id):
    """An invoice of the credit cycle as a PDF.

    Manual 004 «Счета»: the seller's and your payer's requisites (INN/KPP), last month's
    expenses bought on credit, the total with VAT 20 % included and in words, the due date.
    Users of the account with the finance right; changes nothing. 404 `invoice_not_found`
    (not your account's), 409 `payer_required` (no payer to print)."""
    return _pdf(rpc("billing", "invoice_pdf", str(invoice_id)))


# --- accounting documents (B10) ----------------------------------------------------------------


@blp.route("/billing/acts", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.ActPage)
def list_acts(_):
    """Your account's completion acts, newest month first.

    Manual 004 «Акты выполненных работ»: one for each month's expenses, issued by the credit
    job once the operator's month is over. Users of the account with the finance right;
    changes nothing. 422 on a bad page."""
    return rpc("billing", "list_acts", query())


@blp.route("/billing/acts/<uuid:act_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Act, example=examples.BILLING_ACT)
@blp.alt_response(404, description="`act_not_found`: not an act of your account")
def get_act(act_id):
    """One completion act of your account.

    Its month, date, total and VAT. Users of the account with the finance right; 404
    `act_not_found` for another account's act."""
    return rpc("billing", "get_act", str(act_id))


@blp.route("/billing/acts/<uuid:act_id>/pdf", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="application/pdf", description="the act, A4, in Russian, its font embedded")
@blp.alt_response(404, description="`act_not_found`: not an act of your account")
@blp.alt_response(409, description="`payer_required`: the account has no payer whose requisites to print")
def act_pdf(act_id):
    """A completion act as a PDF.

    The seller and your payer with their requisites (INN/KPP), the month's services with
    their dates and amounts, the total, VAT 20 % and the amount in words. Users of the
    account with the finance right; changes nothing. 404 `act_not_found` (not your
    account's), 409 `payer_required` (no payer to print)."""
    return _pdf(rpc("billing", "act_pdf", str(act_id)))


@blp.route("/billing/reconciliation", methods=["GET"])
@secured
@blp.arguments(schemas.ReconciliationQuery, location="query")
@blp.response(200, BINARY, content_type="application/pdf", description="the reconciliation act, A4, in Russian")
@blp.alt_response(404, description="`payer_not_found`: not a payer of your account")
@blp.alt_response(422, description="`period_invalid` (`to` before `from`), `period_too_long` (over three years)")
def reconciliation(_):
    """A reconciliation act for one of your payers and a period, as a PDF.

    Manual 004 «Акт сверки» (Клиент — Плательщики — Акт сверки): for the period, both dates
    included in the operator's calendar, the opening balance of your personal account, every
    charge (debit) and payment (credit) by date, the turnover, the VAT of the charges, the
    closing balance and whose favour it is in, in words. Users of the account with the finance
    right; changes nothing. 422 for a missing or bad `payer_id`/`from`/`to`, `period_invalid`,
    `period_too_long`; 404 `payer_not_found` (not your account's payer)."""
    return _pdf(rpc("billing", "reconciliation_pdf", query()))


@blp.route("/billing/contracts", methods=["GET"])
@secured
@blp.response(200, schemas.PayerContractList, example=examples.PAYER_CONTRACT_LIST)
def list_contracts():
    """Your account's contracts.

    Manual 004 «Договоры»: one per payer, formed after the payer's first payment; empty
    until then. Users of the account with the finance right; changes nothing."""
    return rpc("billing", "list_contracts")


@blp.route("/billing/contracts/<uuid:contract_id>/pdf", methods=["GET"])
@secured
@blp.response(200, BINARY, content_type="application/pdf", description="the contract, A4, in Russian")
@blp.alt_response(404, description="`contract_not_found`: not a contract of your account")
def contract_pdf(contract_id):
    """A contract as a PDF.

    The operator's offer with both parties, who signs for your payer (its contract data),
    VAT 20 % included in prices, your credit limit in words, both parties' requisites
    (INN/KPP). Users of the account with the finance right; changes nothing. 404
    `contract_not_found` (not your account's)."""
    return _pdf(rpc("billing", "contract_pdf", str(contract_id)))


# --- autopay (B6) ---------------------------------------------------------------------------

@blp.route("/billing/autopay", methods=["GET"])
@secured
@blp.response(200, schemas.Autopay, example=examples.AUTOPAY)
def get_autopay():
    """Read my autopay settings

    Users of a customer account with the "finance" right: the saved method, the month's maximum,
    the recommended maximum (next month's charges) and whether autopay is on. Changes nothing.
    Problems: 403 `account_required`, `right_required`."""
    return rpc("billing", "get_autopay")


@blp.route("/billing/autopay", methods=["PUT"])
@secured
@blp.arguments(schemas.AutopayRequest, example=examples.AUTOPAY_REQUEST)
@blp.response(200, schemas.Autopay, example=examples.AUTOPAY)
def set_autopay(_):
    """Change my autopay settings

    Users of a customer account with the "finance" right: when the balance runs low the saved
    method is charged so that upcoming charges are paid, up to the month's maximum. Problems:
    403 `account_required`, `right_required`, 404 `payment_method_not_found`, 422
    `autopay_method_required`, `validation_failed`."""
    return rpc("billing", "set_autopay", body())


# --- products, promo codes, the cart (B11) -------------------------------------------------

@blp.route("/billing/accounts/<uuid:account_id>/credit-limit", methods=["PUT"])
@secured
@blp.arguments(schemas.CreditLimitRequest, example=examples.CREDIT_LIMIT_REQUEST)
@blp.response(200, schemas.Account, example=examples.CREDIT_ACCOUNT)
def set_credit_limit(_, account_id):
    """Set an account's credit limit

    Administrators (B9): how far below zero the account may buy and renew on credit. Problems:
    403 `role_required`, 422 `validation_failed`."""
    return rpc("billing", "set_credit_limit", str(account_id), body())


@blp.route("/billing/products", methods=["GET"])
@secured
@blp.arguments(schemas.ProductQuery, location="query")
@blp.response(200, schemas.ProductPage)
def list_products(_):
    """List recurring products

    Signed in: the recurring products on sale, with their period prices, options and VAT
    (administrators: `include_inactive` for those no longer sold). Changes nothing. Problems:
    422 `validation_failed`."""
    return rpc("billing", "list_products", query())


@blp.route("/billing/products", methods=["POST"])
@secured
@blp.arguments(schemas.ProductCreate, example=examples.PRODUCT_CREATE)
@blp.response(201, schemas.Product, example=examples.PRODUCT)
def create_product(_):
    """Create a recurring product

    Administrators: a product with its period prices (kopecks, VAT 20 %% included), options and
    lead time. Problems: 403 `role_required`, 409 `product_code_taken`, 422
    `period_prices_required`, `option_codes_repeat`, `validation_failed`."""
    return rpc("billing", "create_product", body())


@blp.route("/billing/products/<uuid:product_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Product, example=examples.PRODUCT)
def get_product(product_id):
    """Read a recurring product

    Signed in: the product with its period prices, options and VAT. Changes nothing. Problems:
    404 `product_not_found`."""
    return rpc("billing", "get_product", str(product_id))


@blp.route("/billing/products/<uuid:product_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.ProductUpdate, example=examples.PRODUCT_UPDATE)
@blp.response(200, schemas.Product, example=examples.PRODUCT)
def update_product(_, product_id):
    """Change a recurring product

    Administrators: change prices or options (the cart's prices follow), or stop selling it.
    Problems: 403 `role_required`, 404 `product_not_found`, 422 `period_prices_required`,
    `option_codes_repeat`, `validation_failed`."""
    return rpc("billing", "update_product", str(product_id), body())


@blp.route("/billing/promo-codes", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.PromoCodePage)
def list_promo_codes(_):
    """List promo codes

    Administrators: the promo codes and how often each was used. Changes nothing. Problems: 403
    `role_required`, 422 `validation_failed`."""
    return rpc("billing", "list_promo_codes", query())


@blp.route("/billing/promo-codes", methods=["POST"])
@secured
@blp.arguments(schemas.PromoCodeCreate, example=examples.PROMO_CODE_CREATE)
@blp.response(201, schemas.PromoCode, example=examples.PROMO_CODE)
def create_promo_code(_):
    """Create a promo code

    Administrators: a promo code (percent or fixed, validity dates, usage limits). Problems: 403
    `role_required`, 409 `promo_code_taken`, 422 `promo_percent_out_of_range`,
    `promo_value_out_of_range`, `validation_failed`."""
    return rpc("billing", "create_promo_code", body())


@blp.route("/billing/cart", methods=["GET"])
@secured
@blp.response(200, schemas.Cart, example=examples.CART)
def get_cart():
    """Read my cart

    Users of a customer account with the "finance" right: each item with its current price, the
    promo code's discount, the total and its VAT. Changes nothing. Problems: 403
    `account_required`, `right_required`."""
    return rpc("billing", "get_cart")


@blp.route("/billing/cart/items", methods=["POST"])
@secured
@blp.arguments(schemas.CartItemCreate, example=examples.CART_ITEM_CREATE)
@blp.response(201, schemas.Cart, example=examples.CART)
def add_cart_item(_):
    """Add a product to my cart

    Users of a customer account with the "finance" right: a product with its period and
    configuration ("add to cart"; "pay now" is this and checkout). Problems: 403
    `account_required`, `right_required`, 404 `product_not_found`, 409 `cart_full`, 422
    `period_not_offered`, `option_unknown`, `option_quantity_out_of_range`, `validation_failed`."""
    return rpc("billing", "add_cart_item", body())


@blp.route("/billing/cart/items/<uuid:item_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.CartItemUpdate, example=examples.CART_ITEM_UPDATE)
@blp.response(200, schemas.Cart, example=examples.CART)
def update_cart_item(_, item_id):
    """Change an item of my cart

    Users of a customer account with the "finance" right: its period or configuration; its price
    is recomputed. Problems: 403 `account_required`, `right_required`, 404
    `cart_item_not_found`, 422 `period_not_offered`, `option_unknown`,
    `option_quantity_out_of_range`, `validation_failed`."""
    return rpc("billing", "update_cart_item", str(item_id), body())


@blp.route("/billing/cart/items/<uuid:item_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.Cart, example=examples.CART)
def remove_cart_item(item_id):
    """Remove an item from my cart

    Users of a customer account with the "finance" right: the item is gone; the total is
    recomputed. Problems: 403 `account_required`, `right_required`, 404 `cart_item_not_found`."""
    return rpc("billing", "remove_cart_item", str(item_id))


@blp.route("/billing/cart/promo-code", methods=["PUT"])
@secured
@blp.arguments(schemas.PromoCodeApply, example=examples.PROMO_CODE_APPLY)
@blp.response(200, schemas.Cart, example=examples.CART_WITH_PROMO)
def apply_promo_code(_):
    """Apply a promo code to my cart

    Users of a customer account with the "finance" right: the discount applies to the cart's
    total; a refused code says why and the cart is unchanged. Problems: 403 `account_required`,
    `right_required`, 422 `promo_code_not_found`, `promo_code_expired`,
    `promo_code_not_started`, `promo_code_used_up`, `promo_code_used_by_account`,
    `validation_failed`."""
    return rpc("billing", "apply_promo_code", body())


@blp.route("/billing/cart/promo-code", methods=["DELETE"])
@secured
@blp.response(200, schemas.Cart, example=examples.CART)
def remove_promo_code():
    """Remove the promo code from my cart

    Users of a customer account with the "finance" right: the cart's total is without discount
    again. Problems: 403 `account_required`, `right_required`."""
    return rpc("billing", "remove_promo_code")


@blp.route("/billing/cart/checkout", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.CheckoutRequest, example=examples.CHECKOUT_REQUEST)
@blp.response(201, schemas.Purchase, example=examples.PURCHASE)
def checkout(_):
    """Pay my cart

    Users of a customer account with the "finance" right: the whole cart (or `item_ids`) is
    bought from the personal account, on credit up to its limit, by card (`confirmation_url`) or
    with a saved method; one line that cannot be bought refuses the whole checkout and changes
    nothing; each line becomes a service. Problems: 403 `account_required`, `right_required`,
    409 `cart_empty`, `cart_item_unavailable`, `insufficient_funds`, `account_blocked`, 422
    `validation_failed`, 503 `payment_provider_unavailable`."""
    return rpc("billing", "checkout", body(), idempotency_key())


@blp.route("/billing/purchases", methods=["GET"])
@secured
@blp.arguments(schemas.PurchaseQuery, location="query")
@blp.response(200, schemas.PurchasePage)
def list_purchases(_):
    """List my purchases

    Users of a customer account with the "finance" right (manual 004 «Заказы»): the checkouts,
    `awaiting_payment` or `paid`, newest first. Changes nothing. Problems: 403
    `account_required`, `right_required`, 422 `validation_failed`."""
    return rpc("billing", "list_purchases", query())


@blp.route("/billing/purchases/<uuid:purchase_id>/pay", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.PurchasePayRequest, example=examples.PURCHASE_PAY_REQUEST)
@blp.response(201, schemas.Purchase, example=examples.PURCHASE)
def pay_purchase(_, purchase_id):
    """Pay a purchase again

    Users of a customer account with the "finance" right («Платеж»): a purchase awaiting payment
    (its payment failed) is paid again, from the balance, by card or with a saved method.
    Problems: 403 `account_required`, `right_required`, 404 `purchase_not_found`, 409
    `purchase_already_paid`, `insufficient_funds`, `payment_in_progress`, 422
    `validation_failed`."""
    return rpc("billing", "pay_purchase", str(purchase_id), body(), idempotency_key())


@blp.route("/billing/purchases/<uuid:purchase_id>", methods=["GET"])
@secured
@blp.response(200, schemas.Purchase, example=examples.PURCHASE)
def get_purchase(purchase_id):
    """Read a purchase

    Users of a customer account with the "finance" right: its items, total, payment and state.
    Changes nothing. Problems: 403 `account_required`, `right_required`, 404
    `purchase_not_found`."""
    return rpc("billing", "get_purchase", str(purchase_id))


# --- subscriptions: services bought through the cart (B12) and their auto-renewal (B7) -------
# (api.md names them /billing/subscriptions; the RPC methods keep billing's word, "services")

@blp.route("/billing/subscriptions", methods=["GET"])
@secured
@blp.arguments(schemas.RecurringServiceQuery, location="query")
@blp.response(200, schemas.RecurringServicePage)
def list_subscriptions(_):
    """Your subscriptions: the services bought through the cart.

    Manual 004 «Товары/Услуги»: each with its state, period, expiry and auto-renewal, newest
    first. Users of the account with the finance right; changes nothing. 422 on a bad filter
    or page."""
    return rpc("billing", "list_services", query())


@blp.route("/billing/subscriptions/<uuid:service_id>", methods=["GET"])
@secured
@blp.response(200, schemas.RecurringService, example=examples.SUBSCRIPTION)
def get_subscription(service_id):
    """Read a subscription

    Users of the account with the "finance" or "orders" right, and administrators: the service
    bought, its period, state, auto-renewal and the actions allowed now. Changes nothing.
    Problems: 404 `service_not_found`."""
    return rpc("billing", "get_service", str(service_id))


@blp.route("/billing/subscriptions/<uuid:service_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.RecurringServiceUpdate, example=examples.RECURRING_SERVICE_UPDATE)
@blp.response(200, schemas.RecurringService, example=examples.SUBSCRIPTION)
def update_subscription(_, service_id):
    """Change a subscription's auto-renewal

    Users of the account with the "finance" right (B7): `auto_renew`, `renew_method` (`balance`
    or a saved method's id) and the next period. Problems: 403 `account_required`,
    `right_required`, 404 `service_not_found`, `payment_method_not_found`, 409
    `service_not_renewable`, 422 `validation_failed`."""
    return rpc("billing", "update_service", str(service_id), body())


@blp.route("/billing/subscriptions/<uuid:service_id>/history", methods=["GET"])
@secured
@blp.arguments(PageQuery, location="query")
@blp.response(200, schemas.ServiceChangePage)
def subscription_history(_, service_id):
    """A subscription's history

    Users of the account and administrators: the service's «История»: each change of state and
    each renewal, newest first. Changes nothing. Problems: 404 `service_not_found`, 422
    `validation_failed`."""
    return rpc("billing", "service_history", str(service_id), query())


def _service_action(service_id, action):
    return rpc("billing", "service_action", str(service_id), action, body())


@blp.route("/billing/subscriptions/<uuid:service_id>/stop", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop, example=examples.SERVICE_STOP)
@blp.response(200, schemas.RecurringService, example=examples.STOPPED_SUBSCRIPTION)
def stop_subscription(_, service_id):
    """Stop a subscription

    Users of the account with the "finance" right («Выкл.»): an active service → stopped; it can
    be started again while its period lasts. Problems: 403 `account_required`, `right_required`,
    404 `service_not_found`, 409 `service_state_conflict`."""
    return _service_action(service_id, "stop")


@blp.route("/billing/subscriptions/<uuid:service_id>/start", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop, example=examples.SERVICE_START)
@blp.response(200, schemas.RecurringService, example=examples.SUBSCRIPTION)
def start_subscription(_, service_id):
    """Start a stopped subscription

    Users of the account with the "finance" right («Вкл.»): a service the client stopped →
    active, while its period lasts. Problems: 403 `account_required`, `right_required`, 404
    `service_not_found`, 409 `service_state_conflict`, `service_expired`."""
    return _service_action(service_id, "start")


@blp.route("/billing/subscriptions/<uuid:service_id>/configure", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceConfigure)
@blp.response(200, schemas.RecurringService, example=examples.SUBSCRIPTION)
def configure_subscription(_, service_id):
    """Finish setting up a subscription

    Users of the account with the "finance" right («Настроить»): fill in what a quick order left
    out; needs_setup → active. Problems: 403 `account_required`, `right_required`, 404
    `service_not_found`, 409 `service_state_conflict`, 422 `option_unknown`,
    `validation_failed`."""
    return _service_action(service_id, "configure")


@blp.route("/billing/subscriptions/<uuid:service_id>/admin-stop", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop, example=examples.ADMIN_SERVICE_STOP)
@blp.response(200, schemas.RecurringService, example=examples.ADMIN_STOPPED_SUBSCRIPTION)
def admin_stop_subscription(_, service_id):
    """Stop any subscription

    Administrators: any service → stopped by the administrator («Остановлен администратором»);
    the client cannot start it again. Problems: 403 `role_required`, 404 `service_not_found`,
    409 `service_state_conflict`."""
    return _service_action(service_id, "admin_stop")


@blp.route("/billing/subscriptions/<uuid:service_id>/admin-start", methods=["POST"])
@secured
@blp.arguments(schemas.ServiceStop, example=examples.SERVICE_START)
@blp.response(200, schemas.RecurringService, example=examples.SUBSCRIPTION)
def admin_start_subscription(_, service_id):
    """Start a subscription an administrator stopped

    Administrators: a service they stopped → active again, while its period lasts. Problems: 403
    `role_required`, 404 `service_not_found`, 409 `service_state_conflict`, `service_expired`."""
    return _service_action(service_id, "admin_start")


@blp.route("/billing/subscriptions/<uuid:service_id>/renew", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.RenewRequest, example=examples.RENEW_REQUEST)
@blp.response(200, schemas.RecurringService, example=examples.SUBSCRIPTION)
def renew_subscription(_, service_id):
    """Renew a subscription by hand

    Users of the account with the "finance" right («Продлить»): the next period is paid from the
    personal account (on credit up to its limit). Problems: 403 `account_required`,
    `right_required`, 404 `service_not_found`, 409 `service_not_renewable`,
    `insufficient_funds`, `account_blocked`, 422 `period_not_offered`, `validation_failed`."""
    return rpc("billing", "renew_service", str(service_id), body())


# --- paying orders (O13, O14) -----------------------------------------------------------

@blp.route("/orders/<int:number>/pay", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.OrderPayRequest, example=examples.ORDER_PAY_REQUEST)
@blp.response(201, schemas.Payment, example=examples.ORDER_PAYMENT)
def pay_order(_, number):
    """Pay an order

    The order's applicant and users of its account: its remainder, or a first prepayment when
    the service allows it, from the balance, by card (follow `confirmation_url`) or with a saved
    method. Problems: 404 `order_not_found`, 409 `order_not_payable`, `order_already_paid`,
    `order_cancelled`, `payment_in_progress`, `insufficient_funds`, `account_blocked`, 422
    `prepayment_not_allowed`, `prepayment_below_minimum`, `amount_exceeds_remaining`,
    `remaining_too_small`, `remainder_must_be_paid_in_full`, `validation_failed`, 503
    `payment_provider_unavailable`."""
    payable = rpc("orders", "get_payable", number)
    return rpc("billing", "pay_order", payable, body(), idempotency_key())


@blp.route("/orders/<int:number>/payments", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.ManagerPaymentRequest, example=examples.MANAGER_PAYMENT_REQUEST)
@blp.response(201, schemas.Payment, example=examples.MANAGER_PAYMENT)
def record_manager_payment(_, number):
    """Record money received for an order

    Staff handling the order's service (O14), while its status takes payments: each payment must
    leave at least 50 ₽ to pay or pay the rest in full; the order is paid when it is covered.
    Problems: 403 `manager_payment_not_allowed`, 404 `order_not_found`, 409
    `order_already_paid`, 422 `amount_exceeds_remaining`, `remaining_too_small`,
    `remainder_must_be_paid_in_full`, `validation_failed`."""
    payable = rpc("orders", "get_payable", number)
    return rpc("billing", "record_manager_payment", payable, body(), idempotency_key())


# --- paying an order by invoice (bank transfer) ------------------------------------------------

PDF = dict(schema=BINARY, content_type="application/pdf",
           description="the invoice, A4, in Russian, its font embedded (both parties' requisites, the order's "
                       "lines, VAT, the due date)")


@blp.route("/orders/<int:number>/invoice", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.OrderInvoiceRequest, example=examples.ORDER_INVOICE_REQUEST)
@blp.response(201, schemas.OrderInvoice, example=examples.ORDER_INVOICE)
def request_order_invoice(_, number):
    """Pay an order by invoice (bank transfer)

    The client (the applicant or a user of the order's account) chooses non-cash payment for
    a new order nobody has paid yet (its `actions` offer `pay_by_invoice`): the invoice is made
    out to `payer_id` (default: the order's payer), a company or sole proprietor of the account
    with an INN. The invoice waits for staff to issue it and the order becomes «Новый. Ожидает
    выставления счета на оплату» (`new_awaiting_invoice`) shortly after. Asking again with the
    same payer returns the same invoice. Problems: 404 `order_not_found` (not your order),
    422 `payer_required`, `payer_not_found`, `payer_not_business`, `payer_inn_missing`,
    409 `order_not_invoiceable` (not new), `order_partly_paid`, `order_invoice_exists` (another
    payer), `order_cancelled`, `payment_in_progress`."""
    payable = rpc("orders", "get_payable", number)
    return rpc("billing", "request_order_invoice", payable, body())


@blp.route("/orders/<int:number>/invoice/issue", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.OrderInvoiceIssue, example=examples.ORDER_INVOICE_ISSUE)
@blp.response(200, schemas.OrderInvoice, example=examples.ISSUED_ORDER_INVOICE)
def issue_order_invoice(_, number):
    """Issue the order's invoice

    Staff handling the order (a rental manager of its service, its executor with the rental
    manager role, an administrator) issue the invoice the client asked for: it gets the next
    number of the operator's year (`2026-000123`, gapless), today's date, a due date
    `due_days` ahead (default `ORDER_INVOICE_DUE_DAYS`) and both parties' requisites as they
    are now (they never change in it). The order becomes «Безналичный расчет. Счет выставлен»
    (`invoice_issued`) with the invoice to download, and the client is notified. Problems:
    404 `order_not_found`, `order_invoice_not_found` (nothing asked for), 403 `role_required`,
    `manager_payment_not_allowed` (you do not handle it, or it takes no payments now), 409
    `order_invoice_already_issued`, `order_cancelled`, 422 `due_days`."""
    payable = rpc("orders", "get_payable", number)
    return rpc("billing", "issue_order_invoice", payable, body())


@blp.route("/orders/<int:number>/invoice", methods=["GET"])
@secured
@blp.response(200, schemas.OrderInvoice, example=examples.ISSUED_ORDER_INVOICE)
def get_order_invoice(number):
    """The order's invoice

    For the order's client side and the staff handling it: its number, status
    (`awaiting_issue`, `issued`, `partially_paid`, `paid`, `cancelled`), lines with VAT, what
    is paid and what remains, the due date. Changes nothing. Problems: 404 `order_not_found`,
    `order_invoice_not_found`."""
    payable = rpc("orders", "get_payable", number)
    return rpc("billing", "get_order_invoice", None, payable)


@blp.route("/orders/<int:number>/invoice/pdf", methods=["GET"])
@secured
@blp.response(200, **PDF)
def order_invoice_pdf(number):
    """Download the order's invoice (PDF)

    For the order's client side and the staff handling it, once issued. Changes nothing.
    Problems: 404 `order_not_found`, `order_invoice_not_found`, 409 `order_invoice_not_issued`."""
    payable = rpc("orders", "get_payable", number)
    return _pdf(rpc("billing", "order_invoice_pdf", None, payable))


@blp.route("/billing/order-invoices", methods=["GET"])
@secured
@blp.arguments(schemas.OrderInvoiceQuery, location="query")
@blp.response(200, schemas.OrderInvoicePage)
def list_order_invoices(_):
    """Invoices of orders paid by bank transfer

    Your account's (the `finance` or `orders` right), newest first; `scope=all` (rental
    managers, administrators): every account's, e.g. `status=awaiting_issue` to find those
    to issue. Changes nothing. Problems: 403 `role_required`, `account_required`, 422 for a
    bad filter."""
    return rpc("billing", "list_order_invoices", query())


@blp.route("/billing/order-invoices/<uuid:invoice_id>", methods=["GET"])
@secured
@blp.response(200, schemas.OrderInvoice, example=examples.ISSUED_ORDER_INVOICE)
def get_order_invoice_by_id(invoice_id):
    """An order's invoice by its id

    Users of its account, rental managers and administrators; anyone else gets 404
    `order_invoice_not_found`. Changes nothing."""
    return rpc("billing", "get_order_invoice", str(invoice_id))


@blp.route("/billing/order-invoices/<uuid:invoice_id>/pdf", methods=["GET"])
@secured
@blp.response(200, **PDF)
def order_invoice_pdf_by_id(invoice_id):
    """Download an order's invoice by its id (PDF)

    As `GET /billing/order-invoices/{id}`; 409 `order_invoice_not_issued` until issued."""
    return _pdf(rpc("billing", "order_invoice_pdf", str(invoice_id)))


@blp.route("/billing/bank-statements", methods=["POST"])
@secured
@blp.arguments(UploadForm, location="files")
@blp.response(201, schemas.StatementImport, example=examples.STATEMENT_IMPORT)
def import_statement(files):
    """Import a bank statement (1C exchange format)

    Rental managers and administrators upload the bank's statement (`file`, the
    `1CClientBankExchange` text file, windows-1251 or UTF-8). Each incoming payment to the
    operator's INN (`BILLING_SELLER_INN`) not imported before is stored once (known by its
    document number, date, amount and payer's INN: importing the same statement again records
    nothing twice, `duplicates` counts them); one whose purpose names an issued order invoice
    (`2026-000123`) and comes from its payer's INN is recorded as a payment of that order
    (method `bank_transfer`; a payment that leaves less than 50 ₽ to pay, or more than is
    left, is not); the order is confirmed once paid in full. The rest is `unmatched` with its
    `reason`, for a person to assign or dismiss. Problems: 403 `role_required`, 422
    `statement_invalid` (not a 1C statement; nothing stored), `attachment_too_large`."""
    return rpc("billing", "import_statement", upload_payload(files))


@blp.route("/billing/bank-statements/lines", methods=["GET"])
@secured
@blp.arguments(schemas.StatementLineQuery, location="query")
@blp.response(200, schemas.StatementLinePage)
def list_statement_lines(_):
    """Bank statement lines

    Rental managers and administrators: imported incoming payments, newest first;
    `status=unmatched` lists what waits for a person. Changes nothing. Problems: 403
    `role_required`, 422 for a bad filter."""
    return rpc("billing", "list_statement_lines", query())


@blp.route("/billing/bank-statements/lines/<uuid:line_id>/assign", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.StatementLineAssign, example=examples.STATEMENT_LINE_ASSIGN)
@blp.response(200, schemas.StatementLine, example=examples.STATEMENT_LINE)
def assign_statement_line(_, line_id):
    """Record an unmatched line as an invoice's payment

    Rental managers and administrators: the line's money pays the order of the invoice
    `invoice_number` (the payer's INN is yours to judge); the order is confirmed once paid in
    full. Problems: 404 `statement_line_not_found`, 403 `role_required`, 409
    `statement_line_resolved`, `invoice_not_issued`, `invoice_paid`, `invoice_cancelled`,
    422 `order_invoice_not_found`, `amount_exceeds_remaining`, `remaining_too_small` (manual
    001: at least 50 ₽ must remain)."""
    return rpc("billing", "assign_statement_line", str(line_id), body())


@blp.route("/billing/bank-statements/lines/<uuid:line_id>/dismiss", methods=["POST"])
@secured
@blp.arguments(schemas.StatementLineDismiss, example=examples.STATEMENT_LINE_DISMISS)
@blp.response(200, schemas.StatementLine, example=examples.DISMISSED_STATEMENT_LINE)
def dismiss_statement_line(_, line_id):
    """Dismiss an unmatched line

    Rental managers and administrators set a line aside with its `reason` (not an order's
    money: a refund, another contract); nothing is recorded. Problems: 404
    `statement_line_not_found`, 403 `role_required`, 409 `statement_line_resolved`, 422
    `reason`."""
    return rpc("billing", "dismiss_statement_line", str(line_id), body())
