"""Outside systems notifications talks to: the channels (N1) — a production adapter per
channel, and a sandbox when the channel's provider is not configured (no SMTP_HOST,
SMS_API_URL, PUSH_API_URL or TELEGRAM_BOT_TOKEN) — and the template engine
(:mod:`.templates`)."""
from __future__ import annotations

from pathlib import Path

from kit.config import flag
from services.notifications.adapters.base import (  # noqa: F401  (the interface)
    Channel, Outgoing, PermanentFailure, TemporaryFailure,
)
from services.notifications.adapters.email import SmtpEmail
from services.notifications.adapters.http import FcmPush, HttpSms, TelegramBot
from services.notifications.adapters.sandbox import SandboxChannel, SandboxEmail

#: the channels that leave the service (the inbox is written where the notice is decided)
EXTERNAL = ("email", "sms", "push", "telegram")


def build_channels(config: dict) -> dict[str, Channel]:
    """The adapter of every external channel, chosen by the settings."""
    timeout = float(config.get("DELIVERY_TIMEOUT") or 10)
    sandbox = Path(config.get("VAR_DIR") or "var") / "sandbox"
    channels: dict[str, Channel] = {}
    if config.get("SMTP_HOST"):
        channels["email"] = SmtpEmail(
            config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), config["SMTP_FROM"],
            config.get("SMTP_USERNAME") or "", config.get("SMTP_PASSWORD") or "",
            flag(config, "SMTP_STARTTLS"), timeout)
    else:
        channels["email"] = SandboxEmail(sandbox, config["SMTP_FROM"])
    if config.get("SMS_API_URL"):
        channels["sms"] = HttpSms(config["SMS_API_URL"], config.get("SMS_API_KEY") or "",
                                  config.get("SMS_SENDER") or "", timeout)
    else:
        channels["sms"] = SandboxChannel("sms", sandbox)
    if config.get("PUSH_API_URL"):
        channels["push"] = FcmPush(config["PUSH_API_URL"], config.get("PUSH_API_KEY") or "", timeout)
    else:
        channels["push"] = SandboxChannel("push", sandbox)
    if config.get("TELEGRAM_BOT_TOKEN"):
        channels["telegram"] = TelegramBot(config["TELEGRAM_API_URL"], config["TELEGRAM_BOT_TOKEN"], timeout)
    else:
        channels["telegram"] = SandboxChannel("telegram", sandbox)
    return channels
