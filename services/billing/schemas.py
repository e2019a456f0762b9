"""The billing contract: payloads of its RPC methods (the gateway reuses them); its events
are in events.py.

Money is integer kopecks with a currency code ("RUB"); an amount that is not a whole
positive number, or another currency, is refused at the edge with 422.
"""
from __future__ import annotations

import re

from marshmallow import ValidationError, fields, post_load, validate, validates, validates_schema

from kit.contracts import ReadSchema
from kit.listing import ListQuery, Sort
from kit.phones import Phone
from kit.schemas import INT32, DateTime, Lenient, PageQuery, Strict, page_of
from services.billing.domain import catalog, lifecycle, money, order_invoices, payers, payments

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Amount(fields.Integer):
    """Whole kopecks, > 0 (``strict``: 100.5 and "100" are refused, not rounded)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=money.MAX_AMOUNT,
                                                     error="Must be a positive whole number of kopecks."))
        kwargs.setdefault("metadata", {"description": "kopecks (18000 is 180 ₽)"})
        super().__init__(strict=True, **kwargs)


class Currency(fields.String):
    def __init__(self, **kwargs):
        kwargs.setdefault("load_default", money.CURRENCY)
        kwargs.setdefault("validate", validate.OneOf(money.CURRENCIES, error="Only RUB is accepted."))
        super().__init__(**kwargs)


class MethodChoice(fields.String):
    """``balance``, ``card`` or the id of a saved payment method."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs).strip()
        if raw in ("balance", "card") or UUID_RE.match(raw):
            return raw.lower()
        raise ValidationError("Use balance, card or the id of a saved payment method.")


def _uuid_strings(data: dict, *names: str) -> dict:
    for name in names:
        if data.get(name) is not None:
            data[name] = str(data[name])
    return data


# --- requests: payments -----------------------------------------------------------------

class TopUpRequest(Strict):
    """An advance payment (Авансовый платеж) onto the personal account."""

    amount = Amount(required=True)
    currency = Currency()
    method = MethodChoice(load_default="card", metadata={"description": "card or a saved method id"})
    payer_id = fields.UUID(metadata={"description": "the payer (one of your account's) the payment is made as; none: no payer named"})
    save_method = fields.Boolean(load_default=False, metadata={"description": "remember the card (B5)"})
    return_url = fields.URL(require_tld=False, metadata={"description": "where the provider sends the payer back"})

    @validates("method")
    def not_balance(self, value, **kwargs):
        if value == "balance":
            raise ValidationError("A top-up is paid by card or a saved method.")

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "payer_id")


class OrderPayRequest(Strict):
    """``POST /orders/{number}/pay``: the remainder (or a first prepayment) of an order."""

    method = MethodChoice(required=True,
                          metadata={"description": "balance, card (follow `confirmation_url`) or a saved method's id"})
    amount = Amount(metadata={"description": "kopecks; default: the whole remainder"})
    currency = Currency()
    payer_id = fields.UUID(metadata={"description": "the payer to pay as (one of your account's)"})
    save_method = fields.Boolean(load_default=False,
                                 metadata={"description": "card: remember it as a saved method (B5)"})
    return_url = fields.URL(require_tld=False)

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "payer_id")


class ManagerPaymentRequest(Strict):
    """``POST /orders/{number}/payments`` (staff, O14): money received in person."""

    amount = Amount(required=True)
    currency = Currency()
    comment = fields.String(validate=validate.Length(max=500),
                            metadata={"description": "the manager's note: how and when the money was received"})


class AdjustmentRequest(Strict):
    """An administrator's correction of a personal account (signed kopecks)."""

    amount = fields.Integer(required=True, strict=True,
                            validate=validate.Range(min=-money.MAX_AMOUNT, max=money.MAX_AMOUNT),
                            metadata={"description": "the correction in kopecks: positive adds to the balance, negative takes from it (not zero)"})
    currency = Currency()
    reason = fields.String(required=True, validate=validate.Length(min=3, max=300),
                           metadata={"description": "why, for the ledger and the client (3–300 characters)"})

    @validates("amount")
    def not_zero(self, value, **kwargs):
        if value == 0:
            raise ValidationError("Must not be zero.")


class PaymentQuery(ListQuery):
    """Payments with the conventions of every list (kit.listing): the period is when a
    payment was created; ``q`` finds its number, its order's number, its description, or
    (part of) the name of its payer, of the user who paid or of the staff member who recorded it."""

    scope = fields.String(load_default="account", validate=validate.OneOf(("account", "all")), metadata={
        "description": "account: your account's payments (administrators: `account_id`'s); all: every "
                       "account's (administrators)"})
    account_id = fields.UUID(metadata={"description": "administrators: this account's payments"})
    status = fields.String(validate=validate.OneOf(payments.STATUSES),
                           metadata={"description": "only payments in this status"})
    purpose = fields.String(validate=validate.OneOf(payments.PURPOSES),
                            metadata={"description": "only payments for this: a top-up, an order or a purchase"})
    order_number = fields.Integer(validate=validate.Range(min=1, max=2**63 - 1),
                                  metadata={"description": "only the payments of this order"})
    sort = Sort(("created_at", "number", "amount", "status", "paid_at"), default="-created_at")

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "account_id")


#: what a ledger entry is (labels.LABELS["entry_kind"])
ENTRY_KINDS = ("top_up", "payment", "manager_payment", "charge", "refund", "payout", "adjustment")


class EntryQuery(ListQuery):
    """Ledger entries with the conventions of every list: the period is when an entry was
    made; ``q`` finds its order's number or its description."""

    kind = fields.String(validate=validate.OneOf(ENTRY_KINDS),
                         metadata={"description": "only movements of this kind"})
    order_number = fields.Integer(validate=validate.Range(min=1, max=2**63 - 1),
                                  metadata={"description": "only the movements of this order"})
    sort = Sort(("created_at", "amount"), default="-created_at")


class PaymentOptionsQuery(Strict):
    amount = fields.Integer(required=True, validate=validate.Range(min=1, max=money.MAX_AMOUNT),
                            metadata={"description": "the amount to pay, in kopecks"})
    purpose = fields.String(load_default="order", validate=validate.OneOf(payments.PURPOSES),
                            metadata={"description": "what is paid: an order (default), a top-up or a purchase (the commission may differ)"})


class ExpenseQuery(ListQuery):
    """Expenses (B8) with the conventions of every list: the period is when a charge was
    made (``from``/``to``, dates, are kept as well); ``q`` finds a service's name."""

    date_from = fields.Date(data_key="from", metadata={"description": "the same as `period_from` (a date)"})
    date_to = fields.Date(data_key="to", metadata={"description": "the same as `period_to` (a date, included)"})
    payer_id = fields.UUID(metadata={"description": "only the expenses of this payer"})
    sort = Sort(("charged_at", "amount", "name"), default="-charged_at")

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "payer_id")


# --- requests: payers (B2) ---------------------------------------------------------------

class Address(Strict):
    country = fields.String(load_default="RU", validate=validate.Regexp(r"^[A-Z]{2}$", error="Two capital letters (RU)."),
                            metadata={"description": "two capital letters (RU)"})
    postcode = fields.String(validate=validate.Length(max=20), metadata={"description": "the postal code"})
    city = fields.String(validate=validate.Length(max=100), metadata={"description": "the city"})
    address = fields.String(validate=validate.Length(max=300), metadata={"description": "street, building, office"})


class Passport(Strict):
    series_number = fields.String(validate=validate.Length(max=20),
                                  metadata={"description": "the passport's series and number"})
    issued_at = fields.Date(metadata={"description": "the date of issue"})
    issued_by = fields.String(validate=validate.Length(max=300), metadata={"description": "who issued it"})
    birth_date = fields.Date(metadata={"description": "the holder's date of birth"})
    registration_city = fields.String(validate=validate.Length(max=100),
                                      metadata={"description": "the city of registration"})
    registration_address = fields.String(validate=validate.Length(max=300),
                                         metadata={"description": "the registration address"})


CONTRACT_FIELDS = ("director_name", "director_position", "director_name_genitive",
                   "director_position_genitive", "director_name_dative", "director_position_dative",
                   "acting_on_basis")
DELIVERY = ("cabinet", "post", "email")


class PayerFields(Strict):
    kind = fields.String(validate=validate.OneOf(payers.KINDS),
                         metadata={"description": "individual, company or sole_proprietor"})
    country = fields.String(validate=validate.Regexp(r"^[A-Z]{2}$", error="Two capital letters (RU)."),
                            metadata={"description": "the payer's country, two capital letters (RU)"})
    name = fields.String(validate=validate.Length(max=300),
                         metadata={"description": "the company's or sole proprietor's full name («ООО «Ромашка»»); an individual's full name"})
    contact_person = fields.String(validate=validate.Length(min=1, max=200),
                                   metadata={"description": "who to contact about payments"})
    # as people type them, stored in E.164 (kit.phones: libphonenumber's rules)
    phone = Phone(allow_none=True, metadata={"description": "the payer's phone, stored in E.164"})
    fax = Phone(allow_none=True, metadata={"description": "the payer's fax, stored in E.164"})
    email = fields.Email(allow_none=True, metadata={"description": "where the payer's documents are e-mailed"})
    documents_delivery = fields.List(fields.String(validate=validate.OneOf(DELIVERY)),
                                     metadata={"description": "how the accounting documents reach the payer: cabinet (this site), post, email"})
    legal_address = fields.Nested(Address, allow_none=True, metadata={"description": "the registered address"})
    actual_address = fields.Nested(Address, allow_none=True,
                                   metadata={"description": "where the payer actually is (when it differs from the registered one)"})
    actual_same_as_legal = fields.Boolean(metadata={"description": "the actual address is the registered one"})
    inn = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{10}(\d{2})?$", error="10 or 12 digits."),
                        metadata={"description": "ИНН: 10 digits for a company, 12 for a person (control digits checked)"})
    kpp = fields.String(allow_none=True, validate=validate.Length(max=9),
                        metadata={"description": "КПП of a company"})
    ogrn = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{13}(\d{2})?$", error="13 or 15 digits."),
                         metadata={"description": "ОГРН (13 digits) or ОГРНИП (15 digits), control digit checked"})
    bank_name = fields.String(allow_none=True, validate=validate.Length(max=300),
                              metadata={"description": "the bank of the settlement account"})
    bik = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{9}$", error="9 digits."),
                        metadata={"description": "БИК of the bank, 9 digits"})
    settlement_account = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{20}$", error="20 digits."),
                                       metadata={"description": "расчётный счёт, 20 digits (checked against the БИК)"})
    correspondent_account = fields.String(allow_none=True, validate=validate.Regexp(r"^\d{20}$", error="20 digits."),
                                          metadata={"description": "корреспондентский счёт of the bank, 20 digits"})
    accounting_notes = fields.String(allow_none=True, validate=validate.Length(max=500),
                                     metadata={"description": "notes for the accountant printed on documents"})
    director_name = fields.String(allow_none=True, validate=validate.Length(max=200),
                                  metadata={"description": "the signatory's full name, for contracts"})
    director_position = fields.String(allow_none=True, validate=validate.Length(max=200),
                                      metadata={"description": "the signatory's position, for contracts"})
    director_name_genitive = fields.String(allow_none=True, validate=validate.Length(max=200),
                                           metadata={"description": "the signatory's name in the genitive case («в лице …»)"})
    director_position_genitive = fields.String(allow_none=True, validate=validate.Length(max=200),
                                               metadata={"description": "the signatory's position in the genitive case"})
    director_name_dative = fields.String(allow_none=True, validate=validate.Length(max=200),
                                         metadata={"description": "the signatory's name in the dative case"})
    director_position_dative = fields.String(allow_none=True, validate=validate.Length(max=200),
                                             metadata={"description": "the signatory's position in the dative case"})
    acting_on_basis = fields.String(allow_none=True, validate=validate.Length(max=200),
                                    metadata={"description": "what the signatory acts on («Устава», «доверенности № …»)"})
    passport = fields.Nested(Passport, allow_none=True,
                             metadata={"description": "an individual's passport data, for contracts"})


class PayerCreate(PayerFields):
    """A payer with its requisites; rules depend on ``kind`` (checked digits included)."""

    kind = fields.String(required=True, validate=validate.OneOf(payers.KINDS),
                         metadata={"description": "individual, company or sole_proprietor"})
    contact_person = fields.String(required=True, validate=validate.Length(min=1, max=200),
                                   metadata={"description": "who to contact about payments"})

    @validates_schema
    def complete(self, data, **kwargs):
        problems = payers.problems(data)
        if problems:
            raise ValidationError(problems)


class PayerUpdate(PayerFields):
    """Changes to a payer; the merged result is checked again as a whole."""

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Nothing to change.", "_schema")


class PayerMerge(Strict):
    main_payer_id = fields.UUID(required=True, metadata={"description": "the payer that remains (its data are kept)"})
    merged_payer_id = fields.UUID(required=True,
                                  metadata={"description": "the payer merged into the main one and then deleted"})
    move_contracts = fields.Boolean(load_default=False,
                                    metadata={"description": "move the merged payer's contracts (else deleted)"})
    dry_run = fields.Boolean(load_default=False, metadata={"description": "only show what would be done"})

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "main_payer_id", "merged_payer_id")


class PayerQuery(PageQuery):
    kind = fields.String(validate=validate.OneOf(payers.KINDS),
                         metadata={"description": "only payers of this kind: individual, company or sole proprietor"})


# --- requests: saved payment methods (B5) -------------------------------------------------

class MethodCreate(Strict):
    payer_id = fields.UUID(metadata={"description": "the payer the card belongs to (one of your account's), if any"})
    name = fields.String(validate=validate.Length(min=1, max=100),
                         metadata={"description": "your name for the card, e.g. «Корпоративная карта»"})
    return_url = fields.URL(require_tld=False)

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "payer_id")


class MethodUpdate(Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         metadata={"description": "the card's new name"})

    @validates("name")
    def not_blank(self, value, **kwargs):
        if not value.strip():
            raise ValidationError("Must not be blank.")


# --- what billing reads of orders' snapshot (orders.get_payable, passed in by the gateway) --

class PayableLineRead(ReadSchema):
    name = fields.String(required=True)
    quantity = fields.Integer(load_default=1)
    unit_price = fields.Integer(load_default=0)
    amount = fields.Integer(required=True)


class PayableRead(ReadSchema):
    """What billing reads of ``orders.get_payable(order_number)``'s answer: the order's
    identity, owner and price (billing checks the money against its own records), and what
    orders allows now. Anything else orders sends is ignored."""

    order_number = fields.Integer(required=True)
    account_id = fields.String(required=True)
    applicant_id = fields.String(allow_none=True)
    service_name = fields.String(load_default="", allow_none=True)
    payer_id = fields.String(allow_none=True)
    total = fields.Integer(required=True, validate=validate.Range(min=0))
    currency = fields.String(required=True)
    #: read only to refuse a manager's payment of a paid order plainly
    paid = fields.Integer(load_default=0)
    remaining = fields.Integer()
    prepayment_allowed = fields.Boolean(load_default=False)
    min_prepayment = fields.Integer(allow_none=True, load_default=None)
    payable = fields.Boolean(load_default=False)
    staff_may_record = fields.Boolean(load_default=False)
    #: the order's status and lines, for an invoice (paying by bank transfer)
    status = fields.String(allow_none=True, load_default=None)
    lines = fields.List(fields.Nested(PayableLineRead), load_default=list)
    #: the caller handles the order (staff of its service, its executor, an admin)
    staff_handles = fields.Boolean(load_default=False)


# --- responses ---------------------------------------------------------------------------

class OrderTotals(Lenient):
    number = fields.Integer(metadata={"description": "the order's number"})
    total = fields.Integer(metadata={"description": "the order's total, in kopecks"})
    paid = fields.Integer(metadata={"description": "what is paid, in kopecks"})
    remaining = fields.Integer(metadata={"description": "what remains, in kopecks"})
    fully_paid = fields.Boolean(metadata={"description": "nothing remains"})


class Payment(Lenient):
    id = fields.String()
    number = fields.Integer(metadata={"description": "the payment's number"})
    purpose = fields.String(metadata={"description": "top_up | order | purchase"})
    purpose_label = fields.String(metadata={"description": "the purpose in the caller's language"})
    order_number = fields.Integer(allow_none=True, metadata={"description": "the order paid, or null"})
    method = fields.String(metadata={"description": "balance | card | saved_method | manager"})
    method_label = fields.String(metadata={"description": "the method in the caller's language"})
    payment_method_id = fields.String(allow_none=True, metadata={"description": "the saved method used, or null"})
    provider = fields.String(allow_none=True,
                             metadata={"description": "the payment provider (yookassa, sandbox), or null for the balance"})
    payer_id = fields.String(allow_none=True, metadata={"description": "the payer it was paid as, or null"})
    amount = fields.Integer(metadata={"description": "the amount credited or paid, in kopecks"})
    commission = fields.Integer(metadata={"description": "the method's commission, in kopecks"})
    amount_to_pay = fields.Integer(metadata={"description": "amount + commission"})
    currency = fields.String()
    status = fields.String(metadata={"description": "new | paying | credited | failed"})
    status_label = fields.String()
    failure_reason = fields.String(allow_none=True, metadata={"description": "why the payment failed, or null"})
    confirmation_url = fields.String(allow_none=True, metadata={"description": "open it to pay (while paying)"})
    refunded = fields.Integer(metadata={"description": "how much of it was refunded, in kopecks"})
    comment = fields.String(allow_none=True,
                            metadata={"description": "the staff member's comment (manager payments)"})
    recorded_by = fields.String(allow_none=True,
                                metadata={"description": "the staff member who recorded it (manager payments), or null"})
    created_at = DateTime()
    paid_at = DateTime(allow_none=True)
    order = fields.Nested(OrderTotals, allow_none=True,
                          metadata={"description": "the order's totals after this payment, or null"})
    user_id = fields.String(allow_none=True, metadata={"description": "the user who paid (a manager payment: the "
                                                                      "order's applicant), or null"})
    user_name = fields.String(allow_none=True, metadata={"description": "that user's full name (billing's copy of "
                                                                        "identity's people), or null"})
    payer_name = fields.String(allow_none=True, metadata={"description": "the payer's name (a company's name, a "
                                                                         "private person's contact), or null"})
    recorded_by_name = fields.String(allow_none=True,
                                     metadata={"description": "the full name of the staff member who recorded it, "
                                                              "or null"})


PaymentPage = page_of(Payment)


class CreditDashboard(Lenient):
    """manual 004 «Информация о кредитном лимите»: the dashboard's amounts and dates."""

    overdue = fields.Integer(metadata={"description": "unpaid invoices past their due date («Просрочено»)"})
    awaiting_payment = fields.Integer(metadata={"description": "unpaid invoices not yet due («Ожидает оплаты»)"})
    spent = fields.Integer(metadata={"description": "bought on credit since the last invoice («Израсходовано»)"})
    available_credit = fields.Integer(metadata={"description": "what the limit still allows («Доступно в кредит»)"})
    unavailable = fields.Integer(metadata={"description": "while blocked, the limit not usable («Недоступный остаток»)"})
    blocked = fields.Boolean(metadata={"description": "the account is blocked for an overdue invoice: it buys nothing on credit until paid"})
    due_date = fields.String(allow_none=True, metadata={"description": "the oldest unpaid invoice's due date"})
    block_date = fields.String(allow_none=True, metadata={"description": "…and the day the account is blocked"})


class Account(Lenient):
    account_id = fields.String(metadata={"description": "the customer account"})
    balance = fields.Integer(metadata={"description": "the balance, in kopecks (below zero when bought on credit)"})
    currency = fields.String()
    credit_limit = fields.Integer(metadata={"description": "how far below zero it may go, in kopecks"})
    available = fields.Integer(metadata={"description": "balance + credit limit"})
    low_balance_threshold = fields.Integer(metadata={"description": "below this balance autopay charges the saved method, in kopecks"})
    blocked = fields.Boolean(metadata={"description": "an overdue invoice blocked buying and renewing (B9)"})
    credit = fields.Nested(CreditDashboard, allow_none=True,
                           metadata={"description": "the credit cycle's state (invoices, due and block dates), or null without a credit limit"})


class Entry(Lenient):
    id = fields.Integer(metadata={"description": "the movement's number"})
    kind = fields.String(metadata={"description": "top_up, payment, manager_payment, charge, refund, payout or adjustment"})
    kind_label = fields.String()
    amount = fields.Integer(metadata={"description": "the movement, in kopecks: positive credits, negative debits"})
    balance_after = fields.Integer(metadata={"description": "the balance after it, in kopecks"})
    currency = fields.String()
    payment_id = fields.String(allow_none=True, metadata={"description": "the payment behind it, or null"})
    refund_id = fields.String(allow_none=True, metadata={"description": "the refund behind it, or null"})
    order_number = fields.Integer(allow_none=True, metadata={"description": "the order it concerns, or null"})
    description = fields.String(metadata={"description": "what it was, for a person"})
    created_at = DateTime()


EntryPage = page_of(Entry)


class PaymentOption(Lenient):
    method = fields.String(metadata={"description": "balance | card | a saved method id"})
    label = fields.String(metadata={"description": "the way to pay, for a person"})
    provider = fields.String(allow_none=True,
                             metadata={"description": "the payment provider, or null for the balance"})
    status = fields.String(allow_none=True, metadata={"description": "a saved method's state, or null"})
    commission = fields.Integer(metadata={"description": "the commission for this amount, in kopecks"})
    commission_rule = fields.String(metadata={"description": "e.g. 5% + 10.00 ₽"})
    amount_to_pay = fields.Integer(metadata={"description": "the amount with the commission, in kopecks"})
    min_amount = fields.Integer(metadata={"description": "the smallest amount this way takes, in kopecks"})
    max_amount = fields.Integer(allow_none=True,
                                metadata={"description": "the largest amount this way takes, in kopecks, or null: no limit"})
    available = fields.Boolean(metadata={"description": "this way can pay the amount now"})
    reason = fields.String(allow_none=True, metadata={"description": "why it cannot, or null"})


class PaymentOptions(Lenient):
    amount = fields.Integer(metadata={"description": "what is to be paid, in kopecks"})
    currency = fields.String()
    balance = fields.Integer(metadata={"description": "the personal account's balance now, in kopecks (may be negative on credit)"})
    options = fields.List(fields.Nested(PaymentOption),
                          metadata={"description": "every way to pay: balance, card and each saved method, with whether it can pay now"})


class ContractRef(Lenient):
    id = fields.String()
    number = fields.String(metadata={"description": "the contract's number"})
    created_at = DateTime()


class Payer(Lenient):
    id = fields.String(metadata={"description": "the payer's id"})
    number = fields.Integer(metadata={"description": "the payer's number in the account"})
    kind = fields.String(metadata={"description": "individual, company or sole_proprietor"})
    kind_label = fields.String(metadata={"description": "the kind in the caller's language"})
    display_name = fields.String(metadata={"description": "the name shown in lists (with the kind)"})
    country = fields.String(metadata={"description": "the payer's country, two capital letters (RU)"})
    name = fields.String(metadata={"description": "the company's or sole proprietor's full name («ООО «Ромашка»»); an individual's full name"})
    contact_person = fields.String(metadata={"description": "who to contact about payments"})
    phone = fields.String(allow_none=True, metadata={"description": "the payer's phone"})
    fax = fields.String(allow_none=True, metadata={"description": "the payer's fax"})
    email = fields.String(allow_none=True, metadata={"description": "where the payer's documents are e-mailed"})
    documents_delivery = fields.List(fields.String(),
                                     metadata={"description": "how the accounting documents reach the payer: cabinet (this site), post, email"})
    legal_address = fields.Dict(allow_none=True,
                                metadata={"description": "the registered address (country, postcode, city, address)"})
    actual_address = fields.Dict(allow_none=True,
                                 metadata={"description": "the actual address (country, postcode, city, address)"})
    actual_same_as_legal = fields.Boolean(metadata={"description": "the actual address is the registered one"})
    inn = fields.String(allow_none=True,
                        metadata={"description": "ИНН: 10 digits for a company, 12 for a person (control digits checked)"})
    kpp = fields.String(allow_none=True, metadata={"description": "КПП of a company"})
    ogrn = fields.String(allow_none=True,
                         metadata={"description": "ОГРН (13 digits) or ОГРНИП (15 digits), control digit checked"})
    bank_name = fields.String(allow_none=True, metadata={"description": "the bank of the settlement account"})
    bik = fields.String(allow_none=True, metadata={"description": "БИК of the bank, 9 digits"})
    settlement_account = fields.String(allow_none=True,
                                       metadata={"description": "расчётный счёт, 20 digits (checked against the БИК)"})
    correspondent_account = fields.String(allow_none=True,
                                          metadata={"description": "корреспондентский счёт of the bank, 20 digits"})
    accounting_notes = fields.String(allow_none=True,
                                     metadata={"description": "notes for the accountant printed on documents"})
    director_name = fields.String(allow_none=True,
                                  metadata={"description": "the signatory's full name, for contracts"})
    director_position = fields.String(allow_none=True,
                                      metadata={"description": "the signatory's position, for contracts"})
    director_name_genitive = fields.String(allow_none=True,
                                           metadata={"description": "the signatory's name in the genitive case («в лице …»)"})
    director_position_genitive = fields.String(allow_none=True,
                                               metadata={"description": "the signatory's position in the genitive case"})
    director_name_dative = fields.String(allow_none=True,
                                         metadata={"description": "the signatory's name in the dative case"})
    director_position_dative = fields.String(allow_none=True,
                                             metadata={"description": "the signatory's position in the dative case"})
    acting_on_basis = fields.String(allow_none=True,
                                    metadata={"description": "what the signatory acts on («Устава», «доверенности № …»)"})
    passport = fields.Dict(allow_none=True, metadata={"description": "an individual's passport data"})
    contracts = fields.List(fields.Nested(ContractRef), metadata={"description": "the payer's contracts"})
    unpaid = fields.Integer(metadata={"description": "what the payer has not paid yet, in kopecks"})
    created_at = DateTime()
    updated_at = DateTime()


PayerPage = page_of(Payer)


class MergeResult(Lenient):
    dry_run = fields.Boolean(metadata={"description": "true: nothing was changed, this is what would be done"})
    main_payer_id = fields.String(metadata={"description": "the payer kept"})
    merged_payer_id = fields.String(metadata={"description": "the payer merged into it"})
    contracts_moved = fields.Integer(metadata={"description": "contracts moved to the main payer"})
    contracts_deleted = fields.Integer(metadata={"description": "contracts deleted with the merged payer"})
    payments_moved = fields.Integer(metadata={"description": "payments moved to the main payer"})
    payment_methods_moved = fields.Integer(metadata={"description": "saved methods moved to the main payer"})
    expenses_moved = fields.Integer(metadata={"description": "expenses moved to the main payer"})
    merged_payer_deleted = fields.Boolean(metadata={"description": "the merged payer is gone"})
    payer = fields.Nested(Payer, allow_none=True,
                          metadata={"description": "the main payer after the merge, or null on a dry run"})


class SavedMethod(Lenient):
    id = fields.String()
    name = fields.String(metadata={"description": "the name you gave it"})
    title = fields.String(metadata={"description": "what the provider shows (card type and last digits)"})
    provider = fields.String(metadata={"description": "the payment provider"})
    payer_id = fields.String(allow_none=True, metadata={"description": "the payer it pays as, or null"})
    status = fields.String(metadata={"description": "enabled | configuring | not_working"})
    status_label = fields.String()
    confirmation_url = fields.String(allow_none=True, metadata={"description": "open it to finish the setup"})
    created_at = DateTime()
    updated_at = DateTime()


SavedMethodPage = page_of(SavedMethod)


class Expense(Lenient):
    id = fields.Integer(metadata={"description": "the expense's number"})
    name = fields.String(metadata={"description": "what was charged for"})
    charged_at = DateTime(metadata={"description": "when it was charged"})
    amount = fields.Integer(metadata={"description": "the charge, in kopecks (VAT included)"})
    unpaid = fields.Integer(metadata={"description": "what of it is not paid yet (bought on credit), in kopecks"})
    vat = fields.Integer(metadata={"description": "VAT included"})
    vat_rate = fields.Integer(metadata={"description": "the VAT rate, percent"})
    payment_id = fields.String(allow_none=True, metadata={"description": "the payment that paid it, or null"})
    payment_number = fields.Integer(allow_none=True, metadata={"description": "that payment's number, or null"})
    payer_id = fields.String(allow_none=True, metadata={"description": "the payer charged, or null"})
    order_number = fields.Integer(allow_none=True, metadata={"description": "the order charged for, or null"})
    refunded = fields.Integer(metadata={"description": "how much was refunded, in kopecks"})
    currency = fields.String()


class ExpensePage(page_of(Expense)):
    sum_amount = fields.Integer(metadata={"description": "the total of all expenses matched (not only this page), kopecks"})
    sum_unpaid = fields.Integer(metadata={"description": "…of which not yet paid, kopecks"})
    sum_vat = fields.Integer(metadata={"description": "…of which VAT, kopecks"})


class WebhookResult(Lenient):
    status = fields.String(metadata={"description": "processed | ignored"})


class Removed(Lenient):
    deleted = fields.String(metadata={"description": "the id of the payer or saved method deleted"})


# --- products, promo codes, the cart (B11) -------------------------------------------------

CODE = validate.Regexp(r"^[A-Za-z0-9_-]{2,50}$", error="Letters, digits, - and _ (2 to 50).")


class ProductOption(Strict):
    """A configuration option: its price a month, per unit (kopecks, VAT included)."""

    code = fields.String(required=True, validate=CODE,
                         metadata={"description": "the option's code: the key in a cart item's `options`"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the option's name as the buyer sees it"})
    price = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=money.MAX_AMOUNT),
                           metadata={"description": "the price of one unit a month, in kopecks, VAT included"})
    max = fields.Integer(strict=True, allow_none=True, load_default=None, validate=validate.Range(min=1, max=10000),
                         metadata={"description": "the most units one may order (null: no limit)"})


class PeriodPrices(fields.Dict):
    """``{"1": 49500, "3": 140000, "12": 500000}``: months → kopecks (VAT included)."""

    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=validate.OneOf([str(p) for p in catalog.PERIODS],
                                                                    error="Periods are 1, 3, 6, 12, 24, 36 months.")),
                         values=Amount(), validate=validate.Length(min=1), **kwargs)


class ProductCreate(Strict):
    """Administrator: a recurring product (its type sets the renewal lead time: 1 day; 60 for
    domains and SSL certificates)."""

    code = fields.String(required=True, validate=CODE, metadata={"description": "the product's unique code"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         metadata={"description": "the product's name"})
    type = fields.String(required=True, validate=validate.OneOf(catalog.TYPES),
                         metadata={"description": "the product's type (it sets the renewal lead time)"})
    prices = PeriodPrices(required=True, metadata={"description": "a price per period offered (months → kopecks)"})
    options = fields.List(fields.Nested(ProductOption), load_default=list, validate=validate.Length(max=30),
                          metadata={"description": "the options a buyer chooses"})
    requires_setup = fields.Boolean(load_default=False, metadata={
        "description": "its services wait in needs_setup for the client's parameters (a quick order)"})
    active = fields.Boolean(load_default=True, metadata={"description": "on sale"})


class ProductUpdate(Strict):
    name = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "the product's name"})
    prices = PeriodPrices(metadata={"description": "a price per period offered, months → kopecks (replaces the table)"})
    options = fields.List(fields.Nested(ProductOption), validate=validate.Length(max=30),
                          metadata={"description": "the options a buyer chooses (replaces the list)"})
    active = fields.Boolean()


class ProductQuery(PageQuery):
    type = fields.String(validate=validate.OneOf(catalog.TYPES),
                         metadata={"description": "only products of this type"})
    include_inactive = fields.Boolean(load_default=False, metadata={
        "description": "administrators: also the products no longer sold"})


class ProductPrice(Lenient):
    period_months = fields.Integer(metadata={"description": "the period paid for at once, in months (1, 3, 6, 12, 24 or 36)"})
    price = fields.Integer(metadata={"description": "the price of the period, in kopecks, VAT included"})
    vat = fields.Integer(metadata={"description": "VAT included (20 %)"})


class Product(Lenient):
    id = fields.String()
    code = fields.String(metadata={"description": "the product's unique code"})
    name = fields.String(metadata={"description": "the product's name"})
    type = fields.String(metadata={"description": "the product's type"})
    prices = fields.List(fields.Nested(ProductPrice), metadata={"description": "a price per period offered"})
    options = fields.List(fields.Dict(), metadata={"description": "the options a buyer chooses"})
    renewal_lead_days = fields.Integer(metadata={"description": "how many days before expiry it is renewed"})
    requires_setup = fields.Boolean(metadata={"description": "a bought service needs setting up («Настроить») before it is active"})
    active = fields.Boolean(metadata={"description": "on sale"})
    currency = fields.String()


ProductPage = page_of(Product)


class PromoCodeCreate(Strict):
    """Administrator: a promo code — a percent (1–100) or a fixed sum off, valid between two
    moments, used at most ``max_uses`` times in all and ``max_uses_per_account`` by one account."""

    code = fields.String(required=True, validate=CODE,
                         metadata={"description": "what people type in the cart (unique)"})
    kind = fields.String(required=True, validate=validate.OneOf(catalog.PROMO_KINDS),
                         metadata={"description": "percent or fixed"})
    value = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=money.MAX_AMOUNT),
                           metadata={"description": "percent, or kopecks for a fixed discount"})
    valid_from = fields.AwareDateTime(allow_none=True, load_default=None,
                                      metadata={"description": "valid from (null: at once)"})
    valid_to = fields.AwareDateTime(allow_none=True, load_default=None,
                                    metadata={"description": "valid until (null: no end)"})
    max_uses = fields.Integer(strict=True, allow_none=True, load_default=None, validate=validate.Range(min=1, max=INT32),
                              metadata={"description": "how many times it may be used in all (null: no limit)"})
    max_uses_per_account = fields.Integer(strict=True, allow_none=True, load_default=None,
                                          validate=validate.Range(min=1, max=INT32),
                                          metadata={"description": "how many times one account may use it (null: no limit)"})

    @validates_schema
    def dates(self, data, **kwargs):
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] <= data["valid_from"]:
            raise ValidationError("Must be after valid_from.", "valid_to")


class PromoCode(Lenient):
    id = fields.String()
    code = fields.String(metadata={"description": "what people type in the cart"})
    kind = fields.String(metadata={"description": "percent or fixed"})
    value = fields.Integer(metadata={"description": "percent, or kopecks for a fixed discount"})
    valid_from = DateTime(allow_none=True, metadata={"description": "valid from (null: at once)"})
    valid_to = DateTime(allow_none=True, metadata={"description": "valid until (null: no end)"})
    max_uses = fields.Integer(allow_none=True,
                              metadata={"description": "how many times it may be used in all (null: no limit)"})
    max_uses_per_account = fields.Integer(allow_none=True,
                                          metadata={"description": "how many times one account may use it (null: no limit)"})
    active = fields.Boolean()
    used = fields.Integer(metadata={"description": "how many times it was used"})


PromoCodePage = page_of(PromoCode)


class OptionChoice(fields.Dict):
    """``{option code: quantity}``."""

    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=CODE),
                         values=fields.Integer(strict=True, validate=validate.Range(min=0, max=10000)), **kwargs)


class CartItemCreate(Strict):
    product_id = fields.UUID(required=True, metadata={"description": "the recurring product to buy"})
    period_months = fields.Integer(required=True, strict=True, validate=validate.OneOf(catalog.PERIODS),
                                   metadata={"description": "the period to pay for at once, in months: one of the product's periods (1, 3, 6, 12, 24, 36)"})
    options = OptionChoice(load_default=dict, metadata={"description": "option code → quantity, e.g. {\"cpu\": 2}"})

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "product_id")


class CartItemUpdate(Strict):
    period_months = fields.Integer(strict=True, validate=validate.OneOf(catalog.PERIODS),
                                   metadata={"description": "the new period, in months (1, 3, 6, 12, 24, 36)"})
    options = OptionChoice(metadata={"description": "option code → quantity (replaces the choice)"})


class PromoCodeApply(Strict):
    code = fields.String(required=True, validate=validate.Length(min=1, max=50),
                         metadata={"description": "the promo code as the client types it"})


class CheckoutRequest(Strict):
    """Pay the cart (or the chosen ``item_ids``) from the personal account, on credit up to its limit."""

    method = MethodChoice(load_default="balance", metadata={
        "description": "balance (on credit up to the limit), card (confirmation_url) or a saved method's id"})
    return_url = fields.URL(require_tld=False)
    item_ids = fields.List(fields.UUID(), validate=validate.Length(min=1, max=50),
                           metadata={"description": "only these cart items (default: the whole cart)"})

    @post_load
    def ids(self, data, **kwargs):
        if data.get("item_ids"):
            data["item_ids"] = [str(i) for i in data["item_ids"]]
        return data


class PurchasePayRequest(Strict):
    """Pay a purchase awaiting its payment again: the balance, a card or a saved method's id."""

    method = MethodChoice(required=True,
                          metadata={"description": "balance (on credit up to the limit), card (follow `confirmation_url`) or a saved method's id"})
    return_url = fields.URL(require_tld=False)


class CartLine(Lenient):
    id = fields.String()
    product_id = fields.String(metadata={"description": "the product"})
    name = fields.String(metadata={"description": "the product's name"})
    type = fields.String(allow_none=True, metadata={"description": "the product's type"})
    period_months = fields.Integer(metadata={"description": "the months chosen"})
    options = fields.Dict(metadata={"description": "the options chosen"})
    amount = fields.Integer(metadata={"description": "the line's current price, in kopecks"})
    vat = fields.Integer(metadata={"description": "the VAT included, in kopecks"})
    unavailable = fields.String(allow_none=True, metadata={"description": "why it cannot be bought now"})


class Cart(Lenient):
    items = fields.List(fields.Nested(CartLine), metadata={"description": "the cart's lines"})
    item_id = fields.String(metadata={"description": "the item just added or changed"})
    promo_code = fields.String(allow_none=True, metadata={"description": "the promo code applied, or null"})
    promo_error = fields.String(allow_none=True, metadata={"description": "why the entered code no longer applies"})
    subtotal = fields.Integer(metadata={"description": "the lines' total, in kopecks"})
    discount = fields.Integer(metadata={"description": "the promo code's discount, in kopecks"})
    total = fields.Integer(metadata={"description": "what checkout charges, in kopecks"})
    vat = fields.Integer()
    currency = fields.String()


class PurchaseLine(Lenient):
    product_id = fields.String(metadata={"description": "the product bought"})
    name = fields.String(metadata={"description": "the product's name"})
    period_months = fields.Integer(metadata={"description": "the months bought"})
    options = fields.Dict(metadata={"description": "the options chosen"})
    amount = fields.Integer(metadata={"description": "the line's price, in kopecks"})
    discount = fields.Integer(metadata={"description": "the promo code's share of the discount, in kopecks"})
    paid = fields.Integer(metadata={"description": "what was paid for it, in kopecks"})
    vat = fields.Integer(metadata={"description": "the VAT included, in kopecks"})


class Purchase(Lenient):
    id = fields.String()
    number = fields.Integer(metadata={"description": "the purchase's number"})
    status = fields.String(metadata={"description": "awaiting_payment | paid"})
    status_label = fields.String()
    method = fields.String(metadata={"description": "how it was paid: balance, card or a saved method"})
    subtotal = fields.Integer(metadata={"description": "the lines' total before the discount, in kopecks"})
    discount = fields.Integer(metadata={"description": "the promo code's discount, in kopecks"})
    total = fields.Integer(metadata={"description": "what was paid, in kopecks"})
    vat = fields.Integer()
    promo_code = fields.String(allow_none=True, metadata={"description": "the promo code applied, or null"})
    currency = fields.String()
    created_at = DateTime()
    paid_at = DateTime(allow_none=True)
    payment_id = fields.String(allow_none=True,
                               metadata={"description": "the payment that paid it, or null"})
    commission = fields.Integer(metadata={"description": "the provider's commission on top (card, saved method)"})
    confirmation_url = fields.String(allow_none=True, metadata={"description": "where to pay by card"})
    lines = fields.List(fields.Nested(PurchaseLine), metadata={"description": "what was bought"})
    services = fields.List(fields.Nested(lambda: RecurringService()),
                           metadata={"description": "what each paid line became"})


PurchasePage = page_of(Purchase)


class PurchaseQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("awaiting_payment", "paid")),
                           metadata={"description": "only purchases awaiting payment, or only paid ones"})


class CreditLimitRequest(Strict):
    """Administrator: the account may buy and renew on credit down to −``credit_limit``."""

    credit_limit = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=money.MAX_AMOUNT),
                                  metadata={"description": "how far below zero the balance may go, in kopecks (0: no credit)"})


# --- services (B12) ---------------------------------------------------------------------

class RecurringServiceQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(lifecycle.STATES),
                           metadata={"description": "only subscriptions in this state"})


class ServiceStop(Strict):
    reason = fields.String(validate=validate.Length(max=300),
                           metadata={"description": "why, for the client and the records"})


class ServiceConfigure(Strict):
    """What a quick order left to fill in (a server's domain name…)."""

    settings = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=50)),
                           values=fields.String(validate=validate.Length(max=300)), required=True,
                           validate=validate.Length(min=1, max=20),
                           metadata={"description": "parameter → value, e.g. {\"domain\": \"example.ru\"}"})


class RecurringServiceUpdate(Strict):
    """Auto-renewal (B7): on or off, from the balance or a saved method, the renewal period
    (changeable only while the service is active)."""

    auto_renew = fields.Boolean(metadata={"description": "renew it automatically before it expires"})
    renew_method = MethodChoice(metadata={"description": "balance or the id of a saved payment method"})
    renewal_period_months = fields.Integer(strict=True, validate=validate.OneOf(catalog.PERIODS),
                                           metadata={"description": "the months each renewal pays for (1, 3, 6, 12, 24, 36)"})

    @validates("renew_method")
    def not_card(self, value, **kwargs):
        if value == "card":
            raise ValidationError("Use balance or the id of a saved payment method.")

    @validates_schema
    def something(self, data, **kwargs):
        if not data:
            raise ValidationError("Nothing to change.", "_schema")


class RenewRequest(Strict):
    period_months = fields.Integer(strict=True, validate=validate.OneOf(catalog.PERIODS),
                                   metadata={"description": "default: the service's renewal period"})


class RecurringService(Lenient):
    id = fields.String()
    number = fields.Integer(metadata={"description": "the subscription's number"})
    name = fields.String(metadata={"description": "the product's name"})
    type = fields.String(metadata={"description": "the product's type"})
    product_id = fields.String(metadata={"description": "the recurring product bought"})
    purchase_id = fields.String(allow_none=True, metadata={"description": "the purchase it was bought in, or null"})
    options = fields.Dict(metadata={"description": "the options chosen (code → quantity or value)"})
    status = fields.String(metadata={"description": " | ".join(lifecycle.STATES)})
    status_label = fields.String()
    period_months = fields.Integer(metadata={"description": "the months of the current period"})
    renewal_period_months = fields.Integer(metadata={"description": "the months each renewal buys"})
    settings = fields.Dict(metadata={"description": "what was configured («Настроить»)"})
    expires_at = DateTime(metadata={"description": "when the current period ends"})
    auto_renew = fields.Boolean(metadata={"description": "renewed automatically before it expires"})
    renew_method = fields.String(metadata={"description": "balance or the saved method's id"})
    renewal_lead_days = fields.Integer(metadata={"description": "how many days before expiry it is renewed"})
    next_renewal_at = DateTime(allow_none=True, metadata={"description": "when auto-renewal next charges"})
    created_at = DateTime()


RecurringServicePage = page_of(RecurringService)


class ServiceChange(Lenient):
    id = fields.Integer(metadata={"description": "the change's number"})
    action = fields.String(metadata={"description": "what happened: the order, a renewal (or its failure), a state change, new settings…"})
    from_status = fields.String(allow_none=True, metadata={"description": "the state before, or null"})
    to_status = fields.String(metadata={"description": "the state after"})
    status_label = fields.String()
    expires_at = DateTime(metadata={"description": "when the period ends after this change"})
    amount = fields.Integer(metadata={"description": "what it cost, in kopecks (0 if nothing)"})
    actor_id = fields.String(allow_none=True, metadata={"description": "who did it, or null: the system"})
    note = fields.String(metadata={"description": "a detail for a person"})
    created_at = DateTime()


ServiceChangePage = page_of(ServiceChange)


# --- autopay (B6) -----------------------------------------------------------------------

class AutopayRequest(Strict):
    """Autopay on or off, with a saved method and the month's maximum (null: unlimited)."""

    enabled = fields.Boolean(required=True, metadata={"description": "autopay on or off"})
    method_id = fields.UUID(allow_none=True,
                            metadata={"description": "the saved card to charge (required to turn it on)"})
    monthly_max = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=money.MAX_AMOUNT),
                                 metadata={"description": "kopecks a month; null: unlimited"})

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "method_id")


class AutopayAttempt(Lenient):
    id = fields.Integer(metadata={"description": "the attempt's number"})
    status = fields.String(metadata={"description": "pending | charged | failed | skipped"})
    amount = fields.Integer(metadata={"description": "what it tried to charge, in kopecks"})
    balance = fields.Integer(metadata={"description": "the balance when it was tried"})
    reason = fields.String(allow_none=True, metadata={"description": "why it failed or was skipped, or null"})
    payment_id = fields.String(allow_none=True, metadata={"description": "the payment it made, or null"})
    created_at = DateTime()


class Autopay(Lenient):
    enabled = fields.Boolean(metadata={"description": "autopay is on"})
    method_id = fields.String(allow_none=True, metadata={"description": "the saved method charged, or null"})
    monthly_max = fields.Integer(allow_none=True,
                                 metadata={"description": "the most charged in a month, in kopecks, or null"})
    unlimited = fields.Boolean(metadata={"description": "no monthly maximum"})
    forecast = fields.Integer(metadata={"description": "next month's charges from the balance"})
    recommended_max = fields.Integer(metadata={"description": "forecast + 10 %"})
    charged_this_month = fields.Integer(metadata={"description": "charged so far this month, in kopecks"})
    left_this_month = fields.Integer(allow_none=True,
                                     metadata={"description": "what may still be charged this month, in kopecks, or null: no limit"})
    currency = fields.String()
    attempts = fields.List(fields.Nested(AutopayAttempt),
                           metadata={"description": "the latest charges and their outcomes"})


# --- the credit-limit cycle (B9) -----------------------------------------------------------

class InvoiceQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("to_pay", "partially_paid", "paid")),
                           metadata={"description": "only invoices in this state: to pay, partially paid or paid"})


class Invoice(Lenient):
    id = fields.String()
    number = fields.Integer(metadata={"description": "the invoice's number"})
    period_start = fields.String(metadata={"description": "the month invoiced"})
    issued_on = fields.String(metadata={"description": "the date of issue (the 1st)"})
    due_on = fields.String(metadata={"description": "the date it is due (the 15th)"})
    block_on = fields.String(metadata={"description": "the date the account is blocked if it is unpaid (the 30th)"})
    amount = fields.Integer(metadata={"description": "the invoice's total, in kopecks"})
    vat = fields.Integer()
    paid = fields.Integer(metadata={"description": "what is paid, in kopecks"})
    remaining = fields.Integer(metadata={"description": "what remains to pay, in kopecks"})
    status = fields.String(metadata={"description": "to_pay | partially_paid | paid"})
    status_label = fields.String()
    notices = fields.List(fields.String(), metadata={"description": "reminders shown with it"})
    currency = fields.String()
    paid_at = DateTime(allow_none=True)


InvoicePage = page_of(Invoice)


# --- accounting documents (B10) ---------------------------------------------------------------

class ReconciliationQuery(Strict):
    """``GET /billing/reconciliation``: one of your payers and the period (the operator's dates,
    both included)."""

    payer_id = fields.UUID(required=True,
                           metadata={"description": "the payer (one of your account's) the act is for"})
    date_from = fields.Date(data_key="from", required=True,
                            metadata={"description": "the period's first day (included)"})
    date_to = fields.Date(data_key="to", required=True, metadata={"description": "the period's last day (included)"})

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "payer_id")


class Act(Lenient):
    id = fields.String()
    number = fields.Integer(metadata={"description": "the act's number"})
    period_start = fields.String(metadata={"description": "the month whose expenses it lists"})
    issued_on = fields.String(metadata={"description": "the month's last day, the date the act bears"})
    amount = fields.Integer(metadata={"description": "kopecks, VAT included"})
    vat = fields.Integer()
    currency = fields.String()
    payer_id = fields.String(allow_none=True,
                             metadata={"description": "the payer the act is made out to, or null"})


ActPage = page_of(Act)


class PayerContract(Lenient):
    id = fields.String()
    number = fields.String(metadata={"description": "the contract's number"})
    payer_id = fields.String(metadata={"description": "the payer it was made with"})
    created_at = DateTime()


class PayerContractList(Lenient):
    items = fields.List(fields.Nested(PayerContract), metadata={"description": "the payer's contracts"})
    total = fields.Integer(metadata={"description": "how many there are"})


# --- paying an order by invoice (issue 11, item 9) -----------------------------------------------

INVOICE_NUMBER = validate.Regexp(r"^\d{4}-\d{6}$", error="An invoice number such as 2026-000123.")


class OrderInvoiceRequest(Strict):
    """``POST /orders/{number}/invoice``: pay by bank transfer, the invoice made out to this payer."""

    payer_id = fields.UUID(metadata={"description": "a company or sole proprietor of your account, with its "
                                                    "INN; default: the order's payer"})

    @post_load
    def ids(self, data, **kwargs):
        return _uuid_strings(data, "payer_id")


class OrderInvoiceIssue(Strict):
    due_days = fields.Integer(strict=True, validate=validate.Range(min=1, max=90), metadata={
        "description": "days from today to the due date (default ORDER_INVOICE_DUE_DAYS)"})


class OrderInvoiceQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(order_invoices.STATUSES),
                           metadata={"description": "only invoices in this state"})
    scope = fields.String(load_default="mine", validate=validate.OneOf(("mine", "all")), metadata={
        "description": "mine: your account's; all: every account's (rental managers, administrators)"})
    order_number = fields.Integer(strict=False, validate=validate.Range(min=1),
                                  metadata={"description": "only the invoices of this order"})


class OrderInvoiceLine(Lenient):
    name = fields.String(metadata={"description": "the line as printed"})
    quantity = fields.Integer(metadata={"description": "how many"})
    unit_price = fields.Integer(metadata={"description": "the price of one, in kopecks"})
    amount = fields.Integer(metadata={"description": "the line's amount, in kopecks"})
    vat = fields.Integer(metadata={"description": "VAT 20 % included in the amount"})


class OrderInvoice(Lenient):
    id = fields.String()
    number = fields.String(allow_none=True, metadata={"description": "2026-000123; null until issued"})
    order_number = fields.Integer(metadata={"description": "the order invoiced"})
    status = fields.String(metadata={"description": " | ".join(order_invoices.STATUSES)})
    status_label = fields.String()
    payer_id = fields.String(metadata={"description": "the payer invoiced (a company or sole proprietor)"})
    payer_name = fields.String(metadata={"description": "the payer's name as printed"})
    payer_inn = fields.String(metadata={"description": "the payer's ИНН as printed"})
    service_name = fields.String(metadata={"description": "the service ordered"})
    lines = fields.List(fields.Nested(OrderInvoiceLine), metadata={"description": "the invoice's lines"})
    amount = fields.Integer(metadata={"description": "the invoice's total, in kopecks"})
    vat = fields.Integer()
    paid = fields.Integer(metadata={"description": "what is paid, in kopecks"})
    remaining = fields.Integer(metadata={"description": "what remains to pay, in kopecks"})
    currency = fields.String()
    issued_on = fields.String(allow_none=True, metadata={"description": "the date of issue, or null"})
    due_on = fields.String(allow_none=True, metadata={"description": "the date it is due, or null"})
    requested_at = DateTime(metadata={"description": "when the client asked for it"})
    issued_at = DateTime(allow_none=True, metadata={"description": "when staff issued it, or null"})
    paid_at = DateTime(allow_none=True)
    cancelled_at = DateTime(allow_none=True, metadata={"description": "when it was cancelled, or null"})
    pdf_available = fields.Boolean(metadata={"description": "the PDF can be downloaded (once issued)"})


OrderInvoicePage = page_of(OrderInvoice)


class StatementUpload(Strict):
    """A statement file as the gateway passes an upload."""

    filename = fields.String(required=True, validate=validate.Length(min=1, max=255))
    content_type = fields.String(load_default="text/plain", validate=validate.Length(max=100))
    data = fields.String(required=True, metadata={"description": "base64"})


class StatementLineQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("matched", "unmatched", "dismissed")),
                           metadata={"description": "only lines matched to an invoice, unmatched, or dismissed"})


class StatementLineAssign(Strict):
    invoice_number = fields.String(required=True, validate=INVOICE_NUMBER,
                                   metadata={"description": "the invoice the money pays, by its number"})


class StatementLineDismiss(Strict):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=300),
                           metadata={"description": "why it is not a payment of ours (3–300 characters)"})


class StatementLine(Lenient):
    id = fields.String()
    statement_id = fields.String(metadata={"description": "the imported statement it came from"})
    doc_number = fields.String(metadata={"description": "the payment order's number"})
    doc_date = fields.String(metadata={"description": "the payment order's date"})
    amount = fields.Integer(metadata={"description": "the amount received, in kopecks"})
    currency = fields.String()
    payer_inn = fields.String(metadata={"description": "the sender's ИНН"})
    payer_name = fields.String(metadata={"description": "the sender's name"})
    payer_account = fields.String(metadata={"description": "the sender's account"})
    purpose = fields.String(metadata={"description": "the payment's purpose as the sender wrote it"})
    status = fields.String(metadata={"description": "matched | unmatched | dismissed"})
    status_label = fields.String()
    reason = fields.String(allow_none=True, metadata={
        "description": "unmatched: " + ", ".join(order_invoices.REASONS) + "; dismissed: the person's reason"})
    reason_text = fields.String(allow_none=True, metadata={"description": "why it was not matched, for a person"})
    invoice_id = fields.String(allow_none=True, metadata={"description": "the invoice it paid, or null"})
    invoice_number = fields.String(allow_none=True, metadata={"description": "the invoice's number, or null"})
    payment_id = fields.String(allow_none=True, metadata={"description": "the payment recorded from it, or null"})
    resolved_by = fields.String(allow_none=True, metadata={"description": "who assigned or dismissed it, or null"})
    resolved_at = DateTime(allow_none=True, metadata={"description": "when it was assigned or dismissed, or null"})
    created_at = DateTime()


StatementLinePage = page_of(StatementLine)


class StatementImport(Lenient):
    id = fields.String()
    filename = fields.String(metadata={"description": "the uploaded file's name"})
    date_from = fields.String(allow_none=True, metadata={"description": "the statement's first day, or null"})
    date_to = fields.String(allow_none=True, metadata={"description": "the statement's last day, or null"})
    account = fields.String(allow_none=True,
                            metadata={"description": "the bank account the statement is of, or null"})
    documents = fields.Integer(metadata={"description": "payment documents in the file"})
    new_lines = fields.Integer(metadata={"description": "incoming payments not imported before"})
    matched = fields.Integer(metadata={"description": "lines matched to invoices and paid"})
    unmatched = fields.Integer(metadata={"description": "lines left for a person"})
    duplicates = fields.Integer(metadata={"description": "incoming payments imported before (recorded once)"})
    imported_at = DateTime(metadata={"description": "when it was imported"})
    lines = fields.List(fields.Nested(StatementLine), metadata={"description": "the new lines"})
