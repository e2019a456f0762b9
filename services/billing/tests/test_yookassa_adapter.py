"""The YooKassa-style production adapter against a local server speaking YooKassa's API v3,
and billing running with it: a top-up credited after YooKassa's notification, which is only
a hint (a forged one changes nothing: the payment is re-read through the API)."""
from __future__ import annotations

import json
import uuid

import pytest
from nameko.rpc import rpc as nameko_rpc
from nameko.standalone.rpc import ClusterRpcProxy

from kit import errors
from kit.migrate import upgrade
from services.billing.adapters import InvalidNotification, ProviderError, ProviderRejected
from services.billing.adapters.yookassa import YooKassaProvider, from_value, to_value
from services.billing.domain import receipts
from services.billing.service import SETTINGS, BillingService
from services.billing.tests.fake_yookassa import FakeYooKassa


@pytest.fixture
def yookassa():
    with FakeYooKassa() as fake:
        yield fake


@pytest.fixture
def adapter(yookassa):
    return YooKassaProvider(yookassa.url, "123456", "test_secret", timeout=5)


def test_amounts_are_decimal_strings_without_floats():
    assert [to_value(v) for v in (18000, 5, 199, 100000000)] == ["180.00", "0.05", "1.99", "1000000.00"]
    assert [from_value(v) for v in ("180.00", "0.05", "1.9", "7")] == [18000, 5, 190, 700]
    for bad in ("1.999", "-1.00", "abc"):
        with pytest.raises(ValueError):
            from_value(bad)


def test_create_read_pay_and_refund_a_payment(adapter, yookassa):
    created = adapter.create_payment(idempotence_key="pay-1", amount=19900, currency="RUB", description="Кофе",
                                     metadata={"payment_id": "pay-1"}, return_url="https://app.test/back",
                                     save_method=True)
    assert (created.status, created.amount, created.currency) == ("pending", 19900, "RUB")
    assert created.confirmation_url == "https://yoomoney.test/checkout/" + created.id
    sent = yookassa.requests[-1]
    assert sent["idempotence_key"] == "pay-1" and sent["authorization"] == yookassa.credentials
    assert sent["body"]["amount"] == {"value": "199.00", "currency": "RUB"} and sent["body"]["capture"] is True
    assert sent["body"]["confirmation"] == {"type": "redirect", "return_url": "https://app.test/back"}
    assert sent["body"]["save_payment_method"] is True and sent["body"]["metadata"] == {"payment_id": "pay-1"}
    again = adapter.create_payment(idempotence_key="pay-1", amount=19900, currency="RUB", description="Кофе",
                                   metadata={}, return_url="https://app.test/back")
    assert again.id == created.id  # Idempotence-Key: the same payment

    yookassa.pay(created.id, last4="4444")
    paid = adapter.get_payment(created.id)
    assert paid.status == "succeeded" and paid.method.title == "Bank card *4444" and paid.method.saved
    # a succeeded payment is not cancelled
    assert adapter.cancel_payment(created.id, "pay-1:cancel").status == "succeeded"

    refund = adapter.create_refund(idempotence_key="ref-1", payment_id=created.id, amount=18000, currency="RUB",
                                   description="Возврат")
    assert (refund.status, refund.amount, refund.payment_id) == ("succeeded", 18000, created.id)
    assert adapter.get_refund(refund.id).status == "succeeded"
    with pytest.raises(ProviderRejected):
        adapter.create_refund(idempotence_key="ref-2", payment_id=created.id, amount=5000, currency="RUB",
                              description="слишком много")

    # the saved card pays without the payer: payment_method_id
    charged = adapter.create_payment(idempotence_key="pay-2", amount=1000, currency="RUB", description="Автоплатеж",
                                     metadata={}, return_url="x", method_token=paid.method.id)
    assert charged.status == "succeeded" and charged.confirmation_url is None
    assert "confirmation" not in yookassa.requests[-1]["body"]


def test_the_54fz_receipt_goes_with_the_payment(yookassa):
    """A shop with receipts on: YooKassa refuses a payment without a valid receipt."""
    yookassa.require_receipt = True
    adapter = YooKassaProvider(yookassa.url, "123456", "test_secret", timeout=5)
    with pytest.raises(ProviderRejected):
        adapter.create_payment(idempotence_key="no-receipt", amount=10500, currency="RUB", description="x",
                               metadata={}, return_url="https://app.test")
    receipt = receipts.build(receipts.top_up_lines(10000), commission=500, charged=10500, currency="RUB",
                             contact={"email": "payer@example.test"}, terms=receipts.ReceiptTerms(4, 2))
    created = adapter.create_payment(idempotence_key="with-receipt", amount=10500, currency="RUB",
                                     description="x", metadata={}, return_url="https://app.test", receipt=receipt)
    assert created.status == "pending"
    assert yookassa.requests[-1]["body"]["receipt"] == receipt
    assert receipt["tax_system_code"] == 2 and [i["amount"]["value"] for i in receipt["items"]] == ["100.00", "5.00"]


def test_a_declined_payment_and_a_pending_one_that_cannot_be_cancelled(adapter, yookassa):
    created = adapter.create_payment(idempotence_key="p", amount=5000, currency="RUB", description="x", metadata={},
                                     return_url="https://app.test")
    assert adapter.cancel_payment(created.id, "p:cancel").status == "pending"  # YooKassa lets it expire
    yookassa.decline(created.id)
    declined = adapter.get_payment(created.id)
    assert (declined.status, declined.reason) == ("canceled", "card_expired")


def test_saving_a_card_without_a_payment(adapter, yookassa):
    method = adapter.create_method(idempotence_key="m-1", return_url="https://app.test", metadata={})
    assert method.status == "pending" and method.confirmation_url.endswith(method.id)
    yookassa.activate(method.id, "1111")
    assert (adapter.get_method(method.id).status, adapter.get_method(method.id).title) == ("active", "Bank card *1111")


def test_failures_are_provider_errors(yookassa):
    wrong = YooKassaProvider(yookassa.url, "123456", "wrong", timeout=5)
    with pytest.raises(ProviderRejected):
        wrong.get_payment("x")
    yookassa.fail_next = 1
    with pytest.raises(ProviderError) as server_error:
        YooKassaProvider(yookassa.url, "123456", "test_secret").get_payment("x")
    assert not isinstance(server_error.value, ProviderRejected)
    with pytest.raises(ProviderError):
        YooKassaProvider("http://127.0.0.1:9/v3", "a", "b", timeout=1).get_payment("x")


def test_notifications_name_an_object():
    adapter = YooKassaProvider("http://unused", "a", "b")
    note = adapter.parse_notification({}, json.dumps({"type": "notification", "event": "payment.succeeded",
                                                      "object": {"id": "2d1", "status": "succeeded"}}), 0)
    assert (note.kind, note.object_id) == ("payment", "2d1")
    assert adapter.parse_notification({}, json.dumps({"event": "refund.succeeded", "object": {"id": "r"}}), 0).kind == "refund"
    for bad in ("not json", json.dumps({"event": "payout.succeeded", "object": {"id": "x"}}), json.dumps({})):
        with pytest.raises(InvalidNotification):
            adapter.parse_notification({}, bad, 0)


class IdentityStub:
    """identity's internal ``get_users`` over real RPC: whom the receipt goes to."""

    name = "identity"

    @nameko_rpc
    def get_users(self, user_ids):
        return [{"id": user_id, "email": "payer@example.test", "phone": "+79991112233"} for user_id in user_ids]


def test_billing_takes_top_ups_through_yookassa(test_run, container_factory, yookassa):
    yookassa.require_receipt = True  # the shop sends 54-FZ receipts: a payment without one is refused
    database_url = test_run.database_url("billing_yk_" + uuid.uuid4().hex[:6])
    upgrade("billing", database_url)
    config = test_run.service_config("billing", SETTINGS, DATABASE_URL=database_url, PAYMENT_PROVIDER="yookassa",
                                     YOOKASSA_API_URL=yookassa.url, YOOKASSA_SHOP_ID="123456",
                                     YOOKASSA_SECRET_KEY="test_secret", BILLING_JANITOR_INTERVAL="0",
                                     YOOKASSA_TAX_SYSTEM_CODE="2")
    container_factory(IdentityStub, config).start()
    container = container_factory(BillingService, config)
    container.start()
    caller = {"user_id": str(uuid.uuid4()), "account_id": str(uuid.uuid4()), "roles": ["client"], "rights": ["finance"]}
    with ClusterRpcProxy(config, context_data=caller, timeout=15) as cluster:
        billing = cluster.billing
        payment = billing.top_up({"amount": 100000}, "key-1")
        assert payment["status"] == "paying" and payment["provider"] == "yookassa"
        # the receipt: the paying person's e-mail (from identity), the advance and the card commission
        sent = yookassa.requests[-1]["body"]
        commission = payment["commission"]
        assert commission > 0 and sent["amount"]["value"] == to_value(100000 + commission)
        assert sent["receipt"]["customer"] == {"email": "payer@example.test"}
        assert sent["receipt"]["tax_system_code"] == 2
        assert [(i["description"], i["amount"]["value"], i["vat_code"], i["payment_subject"], i["payment_mode"])
                for i in sent["receipt"]["items"]] == [
            ("Пополнение лицевого счета", "1000.00", 4, "payment", "advance"),
            ("Комиссия за оплату картой", to_value(commission), 4, "service", "full_payment")]
        assert payment["confirmation_url"].startswith("https://yoomoney.test/checkout/")
        provider_id = payment["confirmation_url"].rsplit("/", 1)[1]
        notification = json.dumps({"type": "notification", "event": "payment.succeeded",
                                   "object": {"id": provider_id, "status": "succeeded"}})
        # not paid yet at YooKassa: a (forged) notification changes nothing
        assert billing.handle_webhook("yookassa", {}, notification) == {"status": "processed"}
        assert billing.get_payment(payment["id"])["status"] == "paying"
        yookassa.pay(provider_id)
        assert billing.handle_webhook("yookassa", {}, notification) == {"status": "processed"}
        assert billing.get_payment(payment["id"])["status"] == "credited"
        assert billing.get_account()["balance"] == 100000
        # an order paid whole by card: one receipt item per order line (orders' snapshot)
        order = {"order_number": 7001, "account_id": caller["account_id"], "applicant_id": caller["user_id"],
                 "service_name": "Канцтовары", "payer_id": None, "total": 45000, "currency": "RUB", "paid": 0,
                 "remaining": 45000, "status": "new", "payable": True, "staff_may_record": False,
                 "staff_handles": False, "prepayment_allowed": False, "min_prepayment": 0,
                 "lines": [{"name": "Ручка шариковая", "quantity": 3, "unit_price": 5000, "amount": 15000},
                           {"name": "Бумага А4", "quantity": 1, "unit_price": 30000, "amount": 30000}]}
        order_payment = billing.pay_order(order, {"method": "card"}, "key-2")
        assert order_payment["status"] == "paying"
        sent = yookassa.requests[-1]["body"]["receipt"]
        assert [(i["description"], i["quantity"], i["amount"]["value"], i["payment_mode"]) for i in sent["items"]] == [
            ("Ручка шариковая", "3.00", "50.00", "full_prepayment"), ("Бумага А4", "1.00", "300.00", "full_prepayment"),
            ("Комиссия за оплату картой", "1.00", to_value(order_payment["commission"]), "full_payment")]
        with pytest.raises(errors.BadRequest):
            billing.handle_webhook("yookassa", {}, "garbage")
        with pytest.raises(errors.NotFound):
            billing.handle_webhook("paypal", {}, notification)
