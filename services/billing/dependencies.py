"""Billing's settings and what its handlers get besides the unit of work and the caller:
``SETTINGS`` (defaults of a local run), ``Settings`` (parsed once), ``Deps`` (the settings
and the payment providers) and the provider that builds them when the container starts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from nameko.extensions import DependencyProvider

from kit.pdf import DEFAULT_FONT, Party
from kit.people import Directory
from services.billing.adapters import Providers
from services.billing.adapters.sandbox import SandboxProvider
from services.billing.adapters.yookassa import YooKassaProvider
from services.billing.domain import money, receipts

SETTINGS = {
    # names on payments lists: people not yet in billing's copy are asked of identity (bounded)
    "IDENTITY_RPC_TIMEOUT": "3",
    # which provider takes new card payments: sandbox | yookassa
    "PAYMENT_PROVIDER": "sandbox",
    "SANDBOX_PROVIDER_URL": "http://127.0.0.1:8090",  # python -m sandbox (SANDBOX_PROVIDER_PORT)
    "YOOKASSA_API_URL": "https://api.yookassa.ru/v3",
    "YOOKASSA_SHOP_ID": "",
    "YOOKASSA_SECRET_KEY": "",
    # the 54-FZ receipt sent with each YooKassa payment: the VAT code of its items (4 = 20 %,
    # as VAT_PERCENT; 11 = 22 %) and the operator's taxation system (1..6; empty = not sent)
    "YOOKASSA_VAT_CODE": "4",
    "YOOKASSA_TAX_SYSTEM_CODE": "",
    # seconds to wait for identity's contacts (a receipt's e-mail) before the payment goes without
    "IDENTITY_RPC_TIMEOUT": "3",
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
    # seconds between ticks of the renewal job (auto-renewal, suspension at expiry)
    "BILLING_RENEWAL_INTERVAL": "60",
    # seconds between ticks of the autopay job (a balance that ran low is topped up)
    "BILLING_AUTOPAY_INTERVAL": "60",
    # seconds between ticks of the credit job (invoices on the 1st, reminders, blocking)
    "BILLING_CREDIT_INTERVAL": "60",
    # the operator's calendar: months of autopay's maximum, invoice and block dates
    "BILLING_TIMEZONE": "Europe/Moscow",
    # printable documents (B10): the TrueType font embedded in them (Debian's fonts-dejavu-core)
    # and the seller's requisites printed on every invoice, act and contract
    "BILLING_FONT_PATH": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "BILLING_SELLER_NAME": "ООО «Астра Клауд»",
    "BILLING_SELLER_INN": "7701234507",
    "BILLING_SELLER_KPP": "770101001",
    "BILLING_SELLER_OGRN": "1237700000009",
    "BILLING_SELLER_ADDRESS": "123112, Москва, Пресненская наб., д. 12",
    "BILLING_SELLER_BANK_NAME": "АО «Демо Банк», Москва",
    "BILLING_SELLER_BIK": "044525974",
    "BILLING_SELLER_ACCOUNT": "40702810000000000006",
    "BILLING_SELLER_CORR_ACCOUNT": "30101810145250000974",
    # paying an order by invoice: days from the invoice's issue to its due date
    "ORDER_INVOICE_DUE_DAYS": "5",
}


@dataclass(frozen=True)
class Settings:
    card: money.MethodTerms
    low_balance_threshold: int
    #: seconds a provider payment may wait for the payer before it is cancelled
    payment_expiry: int
    #: seconds after creation (and between checks) before the janitor asks the provider
    recheck_after: int
    return_url: str
    default_provider: str
    #: the operator's calendar (BILLING_TIMEZONE)
    zone: ZoneInfo = ZoneInfo("Europe/Moscow")
    #: printable documents (B10): the font embedded and the seller printed on them
    font_path: str = DEFAULT_FONT
    seller: Party = Party("")
    #: days from an order invoice's issue to its due date (ORDER_INVOICE_DUE_DAYS)
    order_invoice_due_days: int = 5
    #: the 54-FZ receipt's VAT code and taxation system (YOOKASSA_VAT_CODE, YOOKASSA_TAX_SYSTEM_CODE)
    receipt: receipts.ReceiptTerms = receipts.ReceiptTerms()

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        base = config["PUBLIC_BASE_URL"].rstrip("/")
        max_amount = int(config["CARD_MAX_AMOUNT"]) if str(config.get("CARD_MAX_AMOUNT") or "").strip() else None
        return cls(
            card=money.card_terms(config["CARD_COMMISSION_PERCENT"], int(config["CARD_COMMISSION_FIXED"]),
                                  int(config["CARD_MIN_AMOUNT"]), max_amount),
            low_balance_threshold=int(config["BALANCE_LOW_THRESHOLD"]),
            payment_expiry=int(config["PAYMENT_EXPIRY"]),
            recheck_after=int(config["PAYMENT_RECHECK_AFTER"]),
            return_url=(config.get("PAYMENT_RETURN_URL") or "{}/payments/return".format(base)).replace(
                "{PUBLIC_BASE_URL}", base),
            default_provider=config["PAYMENT_PROVIDER"],
            zone=ZoneInfo(config.get("BILLING_TIMEZONE") or "Europe/Moscow"),
            font_path=config.get("BILLING_FONT_PATH") or DEFAULT_FONT,
            seller=seller_of(config),
            order_invoice_due_days=int(config.get("ORDER_INVOICE_DUE_DAYS") or 5),
            receipt=receipts.terms_of(config.get("YOOKASSA_VAT_CODE"), config.get("YOOKASSA_TAX_SYSTEM_CODE")),
        )


def seller_of(config: dict) -> Party:
    """The operator as its documents print it (``BILLING_SELLER_*``; missing ones from SETTINGS)."""
    def get(name):
        value = config.get("BILLING_SELLER_" + name)
        return (SETTINGS["BILLING_SELLER_" + name] if value is None else value).strip()
    return Party(name=get("NAME"), inn=get("INN"), kpp=get("KPP"), ogrn=get("OGRN"), address=get("ADDRESS"),
                 bank_name=get("BANK_NAME"), bik=get("BIK"), settlement_account=get("ACCOUNT"),
                 correspondent_account=get("CORR_ACCOUNT"))


@dataclass(frozen=True)
class Deps:
    """What billing's handlers and flows need besides the unit of work and the caller."""

    settings: Settings
    #: the payment providers by name (only flows call them)
    providers: Providers
    #: ``fetch(user_ids) -> [identity user]`` (identity's ``get_users``): the payer's contact for
    #: a 54-FZ receipt when no payer with one is chosen, and names of people billing's copy does
    #: not know yet (the service sets it per call; by default nobody is asked)
    fetch_users: Callable = lambda ids: []

    def people(self, session, now: Callable | None = None) -> Directory:
        """Names of people: billing's copy of identity's people (kit.people), then identity."""
        return Directory(session, fetch=self.fetch_users, now=now)


def build_providers(config: dict) -> Providers:
    """The sandbox (unless SANDBOX_PROVIDER_URL is empty, as in production) and YooKassa
    (when a shop id is set); PAYMENT_PROVIDER takes new card payments."""
    timeout = float(config.get("PROVIDER_TIMEOUT") or 5)
    adapters = {}
    sandbox_url = config.get("SANDBOX_PROVIDER_URL") or ""
    if sandbox_url:
        adapters["sandbox"] = SandboxProvider(sandbox_url, config.get("PAYMENT_WEBHOOK_SECRET") or "", timeout)
    if config.get("YOOKASSA_SHOP_ID"):
        adapters["yookassa"] = YooKassaProvider(config["YOOKASSA_API_URL"], config["YOOKASSA_SHOP_ID"],
                                                config.get("YOOKASSA_SECRET_KEY") or "", timeout)
    return Providers(adapters, config.get("PAYMENT_PROVIDER") or "sandbox")


class BillingDeps(DependencyProvider):
    """Injects billing's :class:`Deps`, built once per container from its config."""

    def setup(self):
        config = self.container.config
        self.deps = Deps(settings=Settings.from_config(config), providers=build_providers(config))

    def get_dependency(self, worker_ctx):
        return self.deps
