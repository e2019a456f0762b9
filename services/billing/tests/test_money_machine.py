"""The money rules as a Hypothesis state machine against billing's handlers on the real
PostgreSQL (issue 12): one personal account and two orders go through random sequences of
top-ups by card, an administrator's credits and debits, credit limits, order payments from
the balance, by card and in a manager's cash, the provider's answers (credited, cancelled,
the same answer again), requests repeated with their Idempotency-Key, cancellations with
their refunds (to the balance, to the card, a card refund the provider refuses).

A model of the account keeps what the balance must be; after every step the database must
agree with it:
- the balance is the sum of the entries and every entry's ``balance_after`` is the running
  sum (no kopeck lost or made);
- a step that lowered the balance left it at or above minus the credit limit (never
  negative without credit), and a debit the model says is not covered is refused;
- no order is paid beyond its total, nor refunded beyond what was paid (nothing paid
  twice); a repeated key or a repeated provider answer changes nothing.
"""
from __future__ import annotations

import random
import uuid

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, consumes, invariant, multiple, precondition, rule,
                                 run_state_machine_as_test)
from sqlalchemy import select

from kit.context import Caller
from kit.db import Databases
from kit.errors import RuleBroken, ServiceError
from kit.migrate import upgrade
from services.billing import store
from services.billing.adapters import ProviderPayment, ProviderRefund
from services.billing.dependencies import SETTINGS, Deps, Settings
from services.billing.handlers import ledger, payments, refunds
from services.billing.models import LedgerEntry, Payment, Refund

ADMIN = Caller(user_id="admin", roles=frozenset({"admin"}))
MANAGER = Caller(user_id="manager", roles=frozenset({"rental_manager"}))
SETTINGS_ = Settings.from_config({**SETTINGS, "PUBLIC_BASE_URL": "http://localhost", "CARD_MAX_AMOUNT": "300000"})


class Sandbox:
    name = "sandbox"


class Providers:
    default_name = "sandbox"
    default = Sandbox()

    def get(self, name):
        return self.default if name == "sandbox" else None


DEPS = Deps(settings=SETTINGS_, providers=Providers())
DATABASE: dict = {}


@pytest.fixture
def database(test_run):
    url = test_run.database_url("billing_money_machine")
    upgrade("billing", url)
    DATABASE["db"] = Databases(url, "billing")
    yield DATABASE["db"]
    DATABASE.pop("db").dispose()


class MoneyMachine(RuleBasedStateMachine):
    card_payments = Bundle("card_payments")
    answered = Bundle("answered")
    card_refunds = Bundle("card_refunds")

    def __init__(self):
        super().__init__()
        self.db = DATABASE["db"]
        self.account = "acc-" + uuid.uuid4().hex[:12]
        self.client = Caller(user_id="user-" + self.account, account_id=self.account,
                             roles=frozenset({"client"}), rights=frozenset({"finance", "orders"}))
        self.balance = 0
        self.credit_limit = 0
        base = random.Random(self.account).randrange(10 ** 9, 10 ** 12)
        self.orders = {base + i: {"total": total, "paid": 0, "refunded": 0, "cancelled": False, "in_flight": None,
                                  "prepayment_allowed": i == 1, "min_prepayment": 10000}
                       for i, total in enumerate((18000, 250000))}
        self.payments: dict[str, dict] = {}       # payment id -> what the model knows of it
        self.last_request = None                  # (handler, data, the payment it made)

    # --- helpers ------------------------------------------------------------------------

    def run(self, handler, caller: Caller, data: dict):
        with self.db.unit_of_work(caller) as uow:
            return handler(uow, caller, data, DEPS)

    def snapshot(self, number: int) -> dict:
        order = self.orders[number]
        return {"order_number": number, "account_id": self.account, "applicant_id": self.client.user_id,
                "total": order["total"], "currency": "RUB", "payable": not order["cancelled"],
                "prepayment_allowed": order["prepayment_allowed"], "min_prepayment": order["min_prepayment"],
                "service_name": "Канцтовары", "paid": order["paid"], "remaining": order["total"] - order["paid"],
                "staff_may_record": not order["cancelled"]}

    def lowered(self, before: int) -> None:
        if self.balance < before:
            assert self.balance >= -self.credit_limit, "the balance went below the credit limit"

    def credited(self, payment_id: str) -> None:
        """The model's effect of a payment credited."""
        known = self.payments[payment_id]
        known["status"] = "credited"
        if known["purpose"] == "top_up":
            self.balance += known["amount"]
            return
        order = self.orders[known["order"]]
        order["paid"] += known["amount"]
        if order["in_flight"] == payment_id:
            order["in_flight"] = None
        if known["method"] == "balance":
            self.balance -= known["amount"]

    # --- the personal account -----------------------------------------------------------

    @rule(target=card_payments, amount=st.integers(1000, 300000))
    def a_top_up_by_card(self, amount):
        key = uuid.uuid4().hex
        data = {"request": {"amount": amount, "currency": "RUB", "method": "card"}, "idempotency_key": key}
        made = self.run(payments.create_top_up, self.client, data)
        self.payments[made["payment_id"]] = {"purpose": "top_up", "amount": amount, "method": "card", "status": "new"}
        self.last_request = (payments.create_top_up, data, made["payment_id"])
        return made["payment_id"]

    @rule(amount=st.integers(-60000, 60000).filter(bool))
    def an_administrator_adjusts(self, amount):
        before = self.balance
        data = {"account_id": self.account, "idempotency_key": uuid.uuid4().hex,
                "request": {"amount": amount, "currency": "RUB", "reason": "проверка"}}
        covered = amount > 0 or -amount <= self.balance + self.credit_limit
        try:
            self.run(ledger.adjust_account, ADMIN, data)
        except RuleBroken as refused:
            assert not covered and refused.code == "insufficient_funds", refused
            return
        assert covered, "a debit beyond the balance and the credit limit was taken"
        self.balance += amount
        self.lowered(before)

    @rule(limit=st.integers(0, 50000))
    def an_administrator_sets_the_credit_limit(self, limit):
        self.run(ledger.set_credit_limit, ADMIN, {"account_id": self.account, "credit_limit": limit})
        self.credit_limit = limit

    # --- orders -------------------------------------------------------------------------

    @rule(index=st.integers(0, 1), amount=st.one_of(st.none(), st.integers(1, 300000)))
    def the_client_pays_from_the_balance(self, index, amount):
        number = list(self.orders)[index]
        order, before = self.orders[number], self.balance
        request = {"currency": "RUB", "method": "balance", **({"amount": amount} if amount else {})}
        data = {"order": self.snapshot(number), "request": request, "idempotency_key": uuid.uuid4().hex}
        try:
            made = self.run(payments.create_order_payment, self.client, data)
        except (RuleBroken, ServiceError):
            return
        payment = made["payment"]
        assert payment["amount"] <= before + self.credit_limit, "paid from money the account does not have"
        self.payments[payment["id"]] = {"purpose": "order", "order": number, "amount": payment["amount"],
                                        "method": "balance", "status": "new"}
        self.credited(payment["id"])
        self.lowered(before)
        self.last_request = (payments.create_order_payment, data, payment["id"])

    @rule(target=card_payments, index=st.integers(0, 1), amount=st.one_of(st.none(), st.integers(1000, 300000)))
    def the_client_pays_by_card(self, index, amount):
        number = list(self.orders)[index]
        request = {"currency": "RUB", "method": "card", **({"amount": amount} if amount else {})}
        data = {"order": self.snapshot(number), "request": request, "idempotency_key": uuid.uuid4().hex}
        try:
            made = self.run(payments.create_order_payment, self.client, data)
        except (RuleBroken, ServiceError):
            return multiple()
        assert self.orders[number]["in_flight"] is None, "two card payments of one order in flight"
        with self.db.unit_of_work(self.client) as uow:
            charged = uow.session.get(Payment, made["payment_id"]).amount
        self.orders[number]["in_flight"] = made["payment_id"]
        self.payments[made["payment_id"]] = {"purpose": "order", "order": number, "amount": charged, "method": "card",
                                             "status": "new"}
        self.last_request = (payments.create_order_payment, data, made["payment_id"])
        return made["payment_id"]

    @rule(index=st.integers(0, 1), amount=st.integers(1, 300000))
    def a_manager_records_cash(self, index, amount):
        number = list(self.orders)[index]
        data = {"order": self.snapshot(number), "request": {"amount": amount, "currency": "RUB"},
                "idempotency_key": uuid.uuid4().hex}
        try:
            made = self.run(payments.record_manager_payment, MANAGER, data)
        except (RuleBroken, ServiceError):
            return
        self.payments[made["payment"]["id"]] = {"purpose": "order", "order": number, "amount": amount,
                                                "method": "manager", "status": "new"}
        self.credited(made["payment"]["id"])

    @precondition(lambda self: self.last_request is not None)
    @rule()
    def the_same_request_again_with_its_key(self):
        handler, data, payment_id = self.last_request
        caller = self.client
        try:
            again = self.run(handler, caller, data)
        except (RuleBroken, ServiceError):
            return   # e.g. the order was cancelled meanwhile
        assert again.get("payment", {}).get("id", again.get("payment_id")) == payment_id

    @rule(target=card_refunds, index=st.integers(0, 1))
    def the_order_is_cancelled(self, index):
        number = list(self.orders)[index]
        order = self.orders[number]
        if order["cancelled"]:
            return multiple()
        order["cancelled"] = True
        envelope = {"event_id": str(uuid.uuid4()), "data": {"order_number": number, "account_id": self.account,
                                                            "applicant_id": self.client.user_id, "paid": order["paid"],
                                                            "refund_required": order["paid"] > 0, "currency": "RUB"}}
        to_card = self.run(refunds.cancel_order, ADMIN, envelope)
        for payment_id, known in self.payments.items():
            if known.get("order") == number and known["status"] == "credited" and not known.get("refunded"):
                known["refunded"] = True
                if known["method"] in ("balance", "manager"):
                    self.balance += known["amount"]
                    order["refunded"] += known["amount"]
        assert self.run(refunds.cancel_order, ADMIN, envelope) == []     # the event again: nothing twice
        return multiple(*to_card)

    # --- the provider -------------------------------------------------------------------

    @rule(target=answered, payment_id=consumes(card_payments), succeeded=st.booleans())
    def the_provider_answers(self, payment_id, succeeded):
        known = self.payments[payment_id]
        with self.db.unit_of_work(self.client) as uow:
            payment = uow.session.get(Payment, payment_id)
            charge = payment.amount + payment.commission
        answer = ProviderPayment(id="prov-" + payment_id, status="succeeded" if succeeded else "canceled",
                                 amount=charge, currency="RUB")
        before = self.balance
        result = self.run(payments.provider_answered, ADMIN, {"payment_id": payment_id, "answer": answer})
        if succeeded:
            self.credited(payment_id)
        else:
            known["status"] = "failed"
            if known["purpose"] == "order" and self.orders[known["order"]]["in_flight"] == payment_id:
                self.orders[known["order"]]["in_flight"] = None
        self.lowered(before)
        for refund_id in result["refund_ids"]:   # paid after the cancellation: back to the card at once
            self.the_card_takes_the_refund_back(refund_id, True)
        return (payment_id, answer)

    @rule(previous=answered)
    def the_provider_says_it_again(self, previous):
        payment_id, answer = previous
        result = self.run(payments.provider_answered, ADMIN, {"payment_id": payment_id, "answer": answer})
        assert result["refund_ids"] == []

    @rule(refund_id=consumes(card_refunds), succeeded=st.booleans())
    def the_provider_answers_a_card_refund(self, refund_id, succeeded):
        self.the_card_takes_the_refund_back(refund_id, succeeded)

    def the_card_takes_the_refund_back(self, refund_id: str, succeeded: bool) -> None:
        with self.db.unit_of_work(ADMIN) as uow:
            refund = uow.session.get(Refund, refund_id)
            amount, number = refund.amount, refund.order_number
        answer = ProviderRefund(id="prov-refund-" + refund_id, payment_id="p", status="succeeded" if succeeded else "canceled",
                                amount=amount)
        self.run(refunds.provider_answered, ADMIN, {"refund_id": refund_id, "answer": answer})
        self.orders[number]["refunded"] += amount
        if not succeeded:
            self.balance += amount   # the card cannot take it back: the money stays on the account

    # --- what must always hold ----------------------------------------------------------

    @invariant()
    def the_books_balance_to_the_kopeck(self):
        with self.db.unit_of_work(ADMIN) as uow:
            entries = list(uow.session.execute(select(LedgerEntry).where(LedgerEntry.account_id == self.account)
                                               .order_by(LedgerEntry.id)).scalars())
            paid = {number: store.order_paid(uow.session, number) for number in self.orders}
            refunded = {number: store.order_refunded(uow.session, number) for number in self.orders}
        running = 0
        for entry in entries:
            running += entry.amount
            assert entry.balance_after == running, "an entry's balance_after is not the running sum"
        assert running == self.balance, "the books say {}, the model {}".format(running, self.balance)
        for number, order in self.orders.items():
            assert paid[number] == order["paid"] <= order["total"], (number, paid[number], order)
            assert refunded[number] <= paid[number]


def test_no_sequence_of_operations_loses_a_kopeck_or_pays_twice(database):
    run_state_machine_as_test(MoneyMachine, settings=settings(
        max_examples=25, stateful_step_count=20, derandomize=True, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
