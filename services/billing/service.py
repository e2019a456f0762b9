"""The billing service: personal accounts and their ledger, payments through a provider,
saved methods, payers, expenses, order payments and refunds (B1–B5, B8, O9, O13, O14).

Entrypoints only: each parses its payload with the contract schema and runs one handler.
"""
from __future__ import annotations

import time

from kit.events import event_handler
from kit.providers import Settings
from kit.rpc import rpc
from kit.schemas import PageQuery, load
from kit.service import BaseService
from services.billing import handlers, schemas
from services.billing.dependencies import PaymentProviders, config_timer
from services.billing.handlers import expenses, janitor, ledger, methods, payers, payments, refunds

SETTINGS = {
    # which provider takes new card payments: sandbox | yookassa
    "PAYMENT_PROVIDER": "sandbox",
    "SANDBOX_PROVIDER_URL": "http://127.0.0.1:8090",  # python -m sandbox (SANDBOX_PROVIDER_PORT)
    "YOOKASSA_API_URL": "https://api.yookassa.ru/v3",
    "YOOKASSA_SHOP_ID": "",
    "YOOKASSA_SECRET_KEY": "",
    "PROVIDER_TIMEOUT": "5",
    "PAYMENT_RETURN_URL": "{PUBLIC_BASE_URL}/payments/return",
    # manual 004: "5.00% + 10.00 Р", "от 10.00 до 3000.00 Р" (kopecks)
    "CARD_COMMISSION_PERCENT": "5",
    "CARD_COMMISSION_FIXED": "1000",
    "CARD_MIN_AMOUNT": "1000",
    "CARD_MAX_AMOUNT": "300000",
    "BALANCE_LOW_THRESHOLD": "10000",
    "PAYMENT_EXPIRY": "3600",
    "PAYMENT_RECHECK_AFTER": "60",
    "BILLING_JANITOR_INTERVAL": "30",
}


class BillingService(BaseService):
    name = "billing"

    settings = Settings(handlers.Settings.from_config)
    providers = PaymentProviders()

    # --- personal account (B1) ---

    @rpc
    def get_account(self, account_id=None):
        with self.db.unit_of_work() as uow:
            return ledger.get_account(uow, self.caller, self.settings, account_id and str(account_id))

    @rpc
    def list_entries(self, query=None, account_id=None):
        data = load(schemas.EntryQuery(), query)
        with self.db.unit_of_work() as uow:
            return ledger.list_entries(uow, self.caller, data, account_id and str(account_id))

    @rpc
    def adjust_account(self, account_id, payload, idempotency_key=None):
        data = load(schemas.AdjustmentRequest(), payload)
        return ledger.adjust(self.db, self.caller, str(account_id), data, self.settings, idempotency_key)

    @rpc
    def payment_options(self, query):
        data = load(schemas.PaymentOptionsQuery(), query)
        with self.db.unit_of_work() as uow:
            return ledger.payment_options(uow, self.caller, data, self.settings, self.providers.default_name)

    # --- payments (B1, B3, B4) ---

    @rpc
    def top_up(self, payload, idempotency_key=None):
        data = load(schemas.TopUpRequest(), payload)
        return payments.top_up(self.db, self.caller, data, idempotency_key, self.settings, self.providers)

    @rpc
    def list_payments(self, query=None):
        data = load(schemas.PaymentQuery(), query)
        with self.db.unit_of_work() as uow:
            return payments.list_payments(uow, self.caller, data)

    @rpc
    def get_payment(self, payment_id):
        with self.db.unit_of_work() as uow:
            return payments.get_payment(uow, self.caller, str(payment_id))

    @rpc
    def handle_webhook(self, provider, headers, body):
        """A provider's notification (the gateway passes its headers and raw body)."""
        return payments.handle_webhook(self.db, self.providers, str(provider), dict(headers or {}), str(body or ""),
                                       self.settings, time.time())

    # --- order payments (O13, O14), called by the gateway with orders.get_payable's snapshot ---

    @rpc
    def pay_order(self, payable, payload, idempotency_key=None):
        snapshot = load(schemas.Payable(), payable)
        data = load(schemas.OrderPayRequest(), payload)
        return payments.pay_order(self.db, self.caller, snapshot, data, idempotency_key, self.settings,
                                  self.providers)

    @rpc
    def record_manager_payment(self, payable, payload, idempotency_key=None):
        snapshot = load(schemas.Payable(), payable)
        data = load(schemas.ManagerPaymentRequest(), payload)
        return payments.record_manager_payment(self.db, self.caller, snapshot, data, idempotency_key,
                                               self.settings, self.providers)

    @event_handler("orders", "order_cancelled")
    def on_order_cancelled(self, event):
        data = load(schemas.OrderCancelled(), event.get("data"))
        refunds.refund_order(self.db, self.providers, event, data, self.settings)

    @config_timer("BILLING_JANITOR_INTERVAL", 30)
    def run_janitor(self):
        return janitor.run(self.db, self.providers, self.settings)

    # --- payers (B2) ---

    @rpc
    def list_payers(self, query=None):
        data = load(schemas.PayerQuery(), query)
        with self.db.unit_of_work() as uow:
            return payers.list_payers(uow, self.caller, data)

    @rpc(sensitive_arguments=("payload",))
    def create_payer(self, payload):
        data = load(schemas.PayerCreate(), payload)
        with self.db.unit_of_work() as uow:
            return payers.create_payer(uow, self.caller, data)

    @rpc
    def get_payer(self, payer_id):
        with self.db.unit_of_work() as uow:
            return payers.get_payer(uow, self.caller, str(payer_id))

    @rpc(sensitive_arguments=("payload",))
    def update_payer(self, payer_id, payload):
        data = load(schemas.PayerUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return payers.update_payer(uow, self.caller, str(payer_id), data)

    @rpc
    def delete_payer(self, payer_id):
        with self.db.unit_of_work() as uow:
            return payers.delete_payer(uow, self.caller, str(payer_id))

    @rpc
    def merge_payers(self, payload):
        data = load(schemas.PayerMerge(), payload)
        with self.db.unit_of_work() as uow:
            return payers.merge_payers(uow, self.caller, data)

    # --- saved payment methods (B5) ---

    @rpc
    def list_payment_methods(self, query=None):
        data = load(PageQuery(), query)
        with self.db.unit_of_work() as uow:
            return methods.list_methods(uow, self.caller, data)

    @rpc
    def create_payment_method(self, payload):
        data = load(schemas.MethodCreate(), payload)
        return methods.create_method(self.db, self.caller, data, self.settings, self.providers)

    @rpc
    def get_payment_method(self, method_id):
        with self.db.unit_of_work() as uow:
            return methods.get_method(uow, self.caller, str(method_id))

    @rpc
    def update_payment_method(self, method_id, payload):
        data = load(schemas.MethodUpdate(), payload)
        with self.db.unit_of_work() as uow:
            return methods.rename_method(uow, self.caller, str(method_id), data)

    @rpc
    def delete_payment_method(self, method_id):
        with self.db.unit_of_work() as uow:
            return methods.delete_method(uow, self.caller, str(method_id))

    # --- expenses (B8) ---

    @rpc
    def list_expenses(self, query=None):
        data = load(schemas.ExpenseQuery(), query)
        with self.db.unit_of_work() as uow:
            return expenses.list_expenses(uow, self.caller, data)


SERVICE = BillingService
