"""Billing's own providers: the payment providers it talks to, and a timer whose interval
is a setting."""
from __future__ import annotations

from nameko.extensions import DependencyProvider
from nameko.timer import Timer

from services.billing.adapters import Providers
from services.billing.adapters.sandbox import SandboxProvider
from services.billing.adapters.yookassa import YooKassaProvider


def build_providers(config: dict) -> Providers:
    """The sandbox (unless SANDBOX_PROVIDER_URL is empty, as in production) and YooKassa
    (when a shop id is set); PAYMENT_PROVIDER takes new card payments."""
    timeout = float(config.get("PROVIDER_TIMEOUT") or 5)
    base = config["PUBLIC_BASE_URL"].rstrip("/")
    adapters = {}
    sandbox_url = (config.get("SANDBOX_PROVIDER_URL") or "").replace("{PUBLIC_BASE_URL}", base)
    if sandbox_url:
        adapters["sandbox"] = SandboxProvider(sandbox_url, config.get("PAYMENT_WEBHOOK_SECRET") or "", timeout)
    if config.get("YOOKASSA_SHOP_ID"):
        adapters["yookassa"] = YooKassaProvider(config["YOOKASSA_API_URL"], config["YOOKASSA_SHOP_ID"],
                                                config.get("YOOKASSA_SECRET_KEY") or "", timeout)
    return Providers(adapters, config.get("PAYMENT_PROVIDER") or "sandbox")


class PaymentProviders(DependencyProvider):
    def setup(self):
        self.providers = build_providers(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.providers


class ConfigTimer(Timer):
    """``@timer`` whose interval (seconds) is the setting ``setting``; 0 switches it off."""

    def __init__(self, setting: str, default: float, **kwargs):
        self.setting = setting
        super().__init__(interval=default, **kwargs)

    def setup(self):
        self.interval = float(self.container.config.get(self.setting) or self.interval)

    def start(self):
        if self.interval > 0:
            super().start()

    def stop(self):
        if self.gt is not None:
            super().stop()

    def kill(self):
        if self.gt is not None:
            super().kill()


config_timer = ConfigTimer.decorator
