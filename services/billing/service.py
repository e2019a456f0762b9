"""The billing service: personal accounts and their ledger, payments through a provider,
saved methods, payers, expenses, order payments and refunds (B1–B5, B8, O9, O13, O14); products,
promo codes, the cart and its checkouts (B11); the credit cycle (B9) and accounting documents (B10).

Entrypoints only: each loads its payload with its schema and runs one handler in one unit
of work, or one flow (flows.py) where a provider is called between units of work.
"""
from __future__ import annotations

import dataclasses
import time

from kit.listing import ExportPart
from kit.events import event_handler
from kit.people import PeopleProjection, identity_fetch
from kit.periodic import periodic
from kit.personal_data import PersonalDataParticipant
from kit.remote import Remote
from kit.rpc import rpc
from kit.schemas import PageQuery, load
from kit.service import BaseService
from services.billing import events, flows, schemas
from services.billing.dependencies import SETTINGS, BillingDeps  # noqa: F401  (kit.runner reads SETTINGS here)
from services.billing.handlers import (
    autopay, cart, catalog, credit, documents, expenses, ledger, methods, order_invoices, payers, payments,
    personal_data, statements, subscriptions,
)


class BillingService(PersonalDataParticipant, PeopleProjection, BaseService):
    """Names on payments come from identity's person events (:class:`PeopleProjection`),
    and from identity for someone not announced yet."""

    name = "billing"
    personal_data = personal_data  # I6: answers a person's export and erasure requests (money records kept)

    built = BillingDeps()
    #: identity's ``get_users``: a 54-FZ receipt's contact when no payer has one, names billing does not know yet
    identity = Remote("identity", "IDENTITY_RPC_TIMEOUT")

    @property
    def deps(self):
        return dataclasses.replace(self.built, fetch_users=identity_fetch(self.identity))

    # --- personal account (B1) ---

    @rpc
    def get_account(self, account_id=None):
        with self.db.unit_of_work() as uow:
            return ledger.get_account(uow, self.caller, {"account_id": account_id and str(account_id)}, self.deps)

    @rpc
    def list_entries(self, query=None, account_id=None):
        data = dict(load(schemas.EntryQuery(), query), account_id=account_id and str(account_id))
        with self.db.unit_of_work() as uow:
            return ledger.list_entries(uow, self.caller, data, self.deps)

    @rpc
    def export_entries(self, query=None, account_id=None, part=None):
        data = dict(load(schemas.EntryQuery(), query), account_id=account_id and str(account_id),
                    **load(ExportPart(), part))
        with self.db.unit_of_work() as uow:
            return ledger.export_entries(uow, self.caller, data, self.deps)

    @rpc
    def adjust_account(self, account_id, payload, idempotency_key=None):
        data = {"account_id": str(account_id), "request": load(schemas.AdjustmentRequest(), payload),
                "idempotency_key": idempotency_key}
        with self.db.unit_of_work() as uow:
            return ledger.adjust_account(uow, self.caller, data, self.deps)

    @rpc
    def payment_options(self, query):
        data = load(schemas.PaymentOptionsQuery(), query)
        with self.db.unit_of_work() as uow:
            return ledger.payment_options(uow, self.caller, data, self.deps)

    # --- payments (B1, B3, B4) ---

    @rpc
    def top_up(self, payload, idempotency_key=None):
        data = {"request": load(schemas.TopUpRequest(), payload), "idempotency_key": idempotency_key}
        return flows.top_up(self.db, self.caller, data, self.deps)

    @rpc
    def list_payments(self, query=None):
        data = load(schemas.PaymentQuery(), query)
        with self.db.unit_of_work() as uow:
            return payments.list_payments(uow, self.caller, data, self.deps)

    @rpc
    def export_payments(self, query=None, part=None):
        data = dict(load(schemas.PaymentQuery(), query), **load(ExportPart(), part))
        with self.db.unit_of_work() as uow:
            return payments.export_payments(uow, self.caller, data, self.deps)

    @rpc
    def get_payment(self, payment_id):
        with self.db.unit_of_work() as uow:
            return payments.get_payment(uow, self.caller, {"payment_id": str(payment_id)}, self.deps)

    @rpc
    def handle_webhook(self, provider, headers, body):
        """A provider's notification (the gateway passes its headers and raw body)."""
        data = {"provider": str(provider), "headers": dict(headers or {}), "body": str(body or ""),
                "received_at": time.time()}
        return flows.handle_webhook(self.db, self.caller, data, self.deps)

    # --- order payments (O13, O14), called by the gateway with orders.get_payable's snapshot ---

    @rpc
    def pay_order(self, payable, payload, idempotency_key=None):
        data = {"order": load(schemas.PayableRead(), payable), "request": load(schemas.OrderPayRequest(), payload),
                "idempotency_key": idempotency_key}
        return flows.pay_order(self.db, self.caller, data, self.deps)

    @rpc
    def record_manager_payment(self, payable, payload, idempotency_key=None):
        data = {"order": load(schemas.PayableRead(), payable),
                "request": load(schemas.ManagerPaymentRequest(), payload), "idempotency_key": idempotency_key}
        return flows.record_manager_payment(self.db, self.caller, data, self.deps)

    @event_handler("orders", "order_cancelled", reads=events.OrderCancelledRead)
    def on_order_cancelled(self, event):
        data = dict(event, data=load(events.OrderCancelledRead(), event.get("data")))
        flows.refund_cancelled_order(self.db, self.caller, data, self.deps)

    @periodic("BILLING_JANITOR_INTERVAL", 30)
    def run_janitor(self):
        return flows.run_janitor(self.db, self.caller, {}, self.deps)

    # --- payers (B2) ---

    @rpc
    def list_payers(self, query=None):
        data = load(schemas.PayerQuery(), query)
        with self.db.unit_of_work() as uow:
            return payers.list_payers(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def create_payer(self, payload):
        data = load(schemas.PayerCreate(), payload)
        with self.db.unit_of_work() as uow:
            return payers.create_payer(uow, self.caller, data, self.deps)

    @rpc
    def get_payer(self, payer_id):
        with self.db.unit_of_work() as uow:
            return payers.get_payer(uow, self.caller, {"payer_id": str(payer_id)}, self.deps)

    @rpc(sensitive_arguments=("payload",))
    def update_payer(self, payer_id, payload):
        data = {"payer_id": str(payer_id), "changes": load(schemas.PayerUpdate(), payload)}
        with self.db.unit_of_work() as uow:
            return payers.update_payer(uow, self.caller, data, self.deps)

    @rpc
    def delete_payer(self, payer_id):
        with self.db.unit_of_work() as uow:
            return payers.delete_payer(uow, self.caller, {"payer_id": str(payer_id)}, self.deps)

    @rpc
    def merge_payers(self, payload):
        data = load(schemas.PayerMerge(), payload)
        with self.db.unit_of_work() as uow:
            return payers.merge_payers(uow, self.caller, data, self.deps)

    # --- saved payment methods (B5) ---

    @rpc
    def list_payment_methods(self, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return methods.list_methods(uow, self.caller, data, self.deps)

    @rpc
    def create_payment_method(self, payload):
        data = load(schemas.MethodCreate(), payload)
        return flows.create_payment_method(self.db, self.caller, data, self.deps)

    @rpc
    def get_payment_method(self, method_id):
        with self.db.unit_of_work() as uow:
            return methods.get_method(uow, self.caller, {"method_id": str(method_id)}, self.deps)

    @rpc
    def update_payment_method(self, method_id, payload):
        data = dict(load(schemas.MethodUpdate(), payload), method_id=str(method_id))
        with self.db.unit_of_work() as uow:
            return methods.rename_method(uow, self.caller, data, self.deps)

    @rpc
    def delete_payment_method(self, method_id):
        with self.db.unit_of_work() as uow:
            return methods.delete_method(uow, self.caller, {"method_id": str(method_id)}, self.deps)

    # --- expenses (B8) ---

    @rpc
    def list_expenses(self, query=None):
        data = load(schemas.ExpenseQuery(), query)
        with self.db.unit_of_work() as uow:
            return expenses.list_expenses(uow, self.caller, data, self.deps)

    # --- the credit-limit cycle (B9) ---

    @rpc
    def list_invoices(self, query=None):
        data = load(schemas.InvoiceQuery(), query)
        with self.db.unit_of_work() as uow:
            return credit.list_invoices(uow, self.caller, data, self.deps)

    @rpc
    def get_invoice(self, invoice_id):
        with self.db.unit_of_work() as uow:
            return credit.get_invoice(uow, self.caller, {"invoice_id": str(invoice_id)}, self.deps)

    # --- accounting documents (B10) ---

    @rpc
    def invoice_pdf(self, invoice_id):
        with self.db.unit_of_work() as uow:
            return documents.invoice_pdf(uow, self.caller, {"invoice_id": str(invoice_id)}, self.deps)

    @rpc
    def list_acts(self, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return documents.list_acts(uow, self.caller, data, self.deps)

    @rpc
    def get_act(self, act_id):
        with self.db.unit_of_work() as uow:
            return documents.get_act(uow, self.caller, {"act_id": str(act_id)}, self.deps)

    @rpc
    def act_pdf(self, act_id):
        with self.db.unit_of_work() as uow:
            return documents.act_pdf(uow, self.caller, {"act_id": str(act_id)}, self.deps)

    @rpc
    def reconciliation_pdf(self, query):
        data = load(schemas.ReconciliationQuery(), query)
        with self.db.unit_of_work() as uow:
            return documents.reconciliation_pdf(uow, self.caller, data, self.deps)

    @rpc
    def list_contracts(self):
        with self.db.unit_of_work() as uow:
            return documents.list_contracts(uow, self.caller, {}, self.deps)

    @rpc
    def contract_pdf(self, contract_id):
        with self.db.unit_of_work() as uow:
            return documents.contract_pdf(uow, self.caller, {"contract_id": str(contract_id)}, self.deps)

    @periodic("BILLING_CREDIT_INTERVAL", 60)
    def run_credit_cycle(self):
        return flows.run_credit_cycle(self.db, self.caller, {}, self.deps)

    # --- paying an order by invoice (issue 11, item 9) ---

    @rpc
    def request_order_invoice(self, payable, payload):
        data = {"order": load(schemas.PayableRead(), payable), "request": load(schemas.OrderInvoiceRequest(), payload)}
        with self.db.unit_of_work() as uow:
            return order_invoices.request_invoice(uow, self.caller, data, self.deps)

    @rpc
    def issue_order_invoice(self, payable, payload=None):
        data = {"order": load(schemas.PayableRead(), payable), "request": load(schemas.OrderInvoiceIssue(), payload)}
        with self.db.unit_of_work() as uow:
            return order_invoices.issue_invoice(uow, self.caller, data, self.deps)

    @rpc
    def get_order_invoice(self, invoice_id=None, payable=None):
        """By id, or by the order (``payable``: orders' snapshot of it)."""
        data = {"invoice_id": str(invoice_id), "order": None} if payable is None else \
            {"order": load(schemas.PayableRead(), payable)}
        with self.db.unit_of_work() as uow:
            return order_invoices.get_invoice(uow, self.caller, data, self.deps)

    @rpc
    def order_invoice_pdf(self, invoice_id=None, payable=None):
        data = {"invoice_id": str(invoice_id), "order": None} if payable is None else \
            {"order": load(schemas.PayableRead(), payable)}
        with self.db.unit_of_work() as uow:
            return order_invoices.invoice_pdf(uow, self.caller, data, self.deps)

    @rpc
    def list_order_invoices(self, query=None):
        data = load(schemas.OrderInvoiceQuery(), query)
        with self.db.unit_of_work() as uow:
            return order_invoices.list_invoices(uow, self.caller, data, self.deps)

    @rpc(sensitive_arguments=("payload.data",))
    def import_statement(self, payload):
        data = load(schemas.StatementUpload(), payload)
        with self.db.unit_of_work() as uow:
            return statements.import_statement(uow, self.caller, data, self.deps)

    @rpc
    def list_statement_lines(self, query=None):
        data = load(schemas.StatementLineQuery(), query)
        with self.db.unit_of_work() as uow:
            return statements.list_lines(uow, self.caller, data, self.deps)

    @rpc
    def assign_statement_line(self, line_id, payload):
        data = dict(load(schemas.StatementLineAssign(), payload), line_id=str(line_id))
        with self.db.unit_of_work() as uow:
            return statements.assign_line(uow, self.caller, data, self.deps)

    @rpc
    def dismiss_statement_line(self, line_id, payload):
        data = dict(load(schemas.StatementLineDismiss(), payload), line_id=str(line_id))
        with self.db.unit_of_work() as uow:
            return statements.dismiss_line(uow, self.caller, data, self.deps)

    # --- autopay (B6) ---

    @rpc
    def get_autopay(self):
        with self.db.unit_of_work() as uow:
            return autopay.get_autopay(uow, self.caller, {}, self.deps)

    @rpc
    def set_autopay(self, payload):
        data = load(schemas.AutopayRequest(), payload)
        with self.db.unit_of_work() as uow:
            return autopay.set_autopay(uow, self.caller, data, self.deps)

    @periodic("BILLING_AUTOPAY_INTERVAL", 60)
    def run_autopay(self):
        return flows.run_autopay(self.db, self.caller, {}, self.deps)

    # --- products, promo codes, the cart (B11) ---

    @rpc
    def set_credit_limit(self, account_id, payload):
        data = dict(load(schemas.CreditLimitRequest(), payload), account_id=str(account_id))
        with self.db.unit_of_work() as uow:
            return ledger.set_credit_limit(uow, self.caller, data, self.deps)

    @rpc
    def list_products(self, query=None):
        data = load(schemas.ProductQuery(), query)
        with self.db.unit_of_work() as uow:
            return catalog.list_products(uow, self.caller, data, self.deps)

    @rpc
    def get_product(self, product_id):
        with self.db.unit_of_work() as uow:
            return catalog.get_product(uow, self.caller, {"product_id": str(product_id)}, self.deps)

    @rpc
    def create_product(self, payload):
        data = load(schemas.ProductCreate(), payload)
        with self.db.unit_of_work() as uow:
            return catalog.create_product(uow, self.caller, data, self.deps)

    @rpc
    def update_product(self, product_id, payload):
        data = {"product_id": str(product_id), "changes": load(schemas.ProductUpdate(), payload)}
        with self.db.unit_of_work() as uow:
            return catalog.update_product(uow, self.caller, data, self.deps)

    @rpc
    def list_promo_codes(self, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return catalog.list_promo_codes(uow, self.caller, data, self.deps)

    @rpc
    def create_promo_code(self, payload):
        data = load(schemas.PromoCodeCreate(), payload)
        with self.db.unit_of_work() as uow:
            return catalog.create_promo_code(uow, self.caller, data, self.deps)

    @rpc
    def get_cart(self):
        with self.db.unit_of_work() as uow:
            return cart.get_cart(uow, self.caller, {}, self.deps)

    @rpc
    def add_cart_item(self, payload):
        data = load(schemas.CartItemCreate(), payload)
        with self.db.unit_of_work() as uow:
            return cart.add_item(uow, self.caller, data, self.deps)

    @rpc
    def update_cart_item(self, item_id, payload):
        data = {"item_id": str(item_id), "changes": load(schemas.CartItemUpdate(), payload)}
        with self.db.unit_of_work() as uow:
            return cart.update_item(uow, self.caller, data, self.deps)

    @rpc
    def remove_cart_item(self, item_id):
        with self.db.unit_of_work() as uow:
            return cart.remove_item(uow, self.caller, {"item_id": str(item_id)}, self.deps)

    @rpc
    def apply_promo_code(self, payload):
        data = load(schemas.PromoCodeApply(), payload)
        with self.db.unit_of_work() as uow:
            return cart.apply_promo_code(uow, self.caller, data, self.deps)

    @rpc
    def remove_promo_code(self):
        with self.db.unit_of_work() as uow:
            return cart.remove_promo_code(uow, self.caller, {}, self.deps)

    @rpc
    def checkout(self, payload, idempotency_key=None):
        data = {"request": load(schemas.CheckoutRequest(), payload), "idempotency_key": idempotency_key}
        return flows.checkout(self.db, self.caller, data, self.deps)

    @rpc
    def pay_purchase(self, purchase_id, payload, idempotency_key=None):
        data = {"purchase_id": str(purchase_id), "request": load(schemas.PurchasePayRequest(), payload),
                "idempotency_key": idempotency_key}
        return flows.pay_purchase(self.db, self.caller, data, self.deps)

    @rpc
    def list_purchases(self, query=None):
        data = load(schemas.PurchaseQuery(), query)
        with self.db.unit_of_work() as uow:
            return cart.list_purchases(uow, self.caller, data, self.deps)

    @rpc
    def get_purchase(self, purchase_id):
        with self.db.unit_of_work() as uow:
            return cart.get_purchase(uow, self.caller, {"purchase_id": str(purchase_id)}, self.deps)

    # --- services bought through the cart (B12) ---

    @rpc
    def list_services(self, query=None):
        data = load(schemas.RecurringServiceQuery(), query)
        with self.db.unit_of_work() as uow:
            return subscriptions.list_services(uow, self.caller, data, self.deps)

    @rpc
    def get_service(self, service_id):
        with self.db.unit_of_work() as uow:
            return subscriptions.get_service(uow, self.caller, {"service_id": str(service_id)}, self.deps)

    @rpc
    def service_history(self, service_id, query=None):
        data = dict(load(PageQuery(), query), service_id=str(service_id))
        with self.db.unit_of_work() as uow:
            return subscriptions.service_history(uow, self.caller, data, self.deps)

    @rpc
    def service_action(self, service_id, action, payload=None):
        """``stop`` / ``start`` (the client), ``configure`` (settings), ``admin_stop`` / ``admin_start``."""
        schema = schemas.ServiceConfigure() if action == "configure" else schemas.ServiceStop()
        data = dict(load(schema, payload), service_id=str(service_id), action=str(action))
        with self.db.unit_of_work() as uow:
            return subscriptions.act(uow, self.caller, data, self.deps)

    @rpc
    def update_service(self, service_id, payload):
        data = {"service_id": str(service_id), "changes": load(schemas.RecurringServiceUpdate(), payload)}
        with self.db.unit_of_work() as uow:
            return subscriptions.update_service(uow, self.caller, data, self.deps)

    @periodic("BILLING_RENEWAL_INTERVAL", 60)
    def run_renewals(self):
        return flows.run_renewals(self.db, self.caller, {}, self.deps)

    @rpc
    def renew_service(self, service_id, payload=None):
        data = dict(load(schemas.RenewRequest(), payload), service_id=str(service_id))
        with self.db.unit_of_work() as uow:
            return subscriptions.renew(uow, self.caller, data, self.deps)


SERVICE = BillingService
