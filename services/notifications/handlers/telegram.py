"""N7: a person's Telegram link, and the bot's webhook that confirms it."""
from __future__ import annotations

import hmac

from kit import i18n, people
from kit.context import Caller
from services.notifications import exceptions as exc
from services.notifications import store, views
from services.notifications.adapters.templates import Texts
from services.notifications.dependencies import Deps, Settings
from services.notifications.domain.routing import ACCOUNT
from services.notifications.models import TelegramLink

CONSUMER = "notifications.telegram"


def get_telegram_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    row = uow.session.get(TelegramLink, caller.require_user())
    return views.telegram_view(row, deps.settings.telegram_bot_username, caller.language)


def set_telegram_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A username makes the link ``configuring`` until its owner sends /start to the bot;
    no username is ``needs_setup``."""
    user_id = caller.require_user()
    now = uow.now()
    username = (data.get("username") or "").lower() or None
    row = uow.session.get(TelegramLink, user_id, with_for_update=True)
    if row is None:
        row = TelegramLink(user_id=user_id, status="needs_setup", updated_at=now)
        uow.session.add(row)
    if username and store.username_linked_by_another(uow.session, username, user_id):
        raise exc.TelegramUsernameTaken("Another user linked this Telegram username",
                                        errors={"username": ["Already linked to another user."]})
    if username != row.username:
        row.username, row.chat_id, row.confirmed_at = username, None, None
        row.status = "configuring" if username else "needs_setup"
        row.updated_at = now
        uow.record_action("telegram_link.set", "user", user_id, "Telegram: {}".format(
            "@" + username if username else "отвязан"))
    return views.telegram_view(row, deps.settings.telegram_bot_username, caller.language)


def check_webhook_secret(secret: str | None, settings: Settings) -> None:
    """The webhook is Telegram's only when it carries the secret token we gave it (checked
    before anything of the update is read)."""
    expected = settings.telegram_webhook_secret
    if not expected or not hmac.compare_digest((secret or "").encode(), expected.encode()):
        raise exc.TelegramSecretInvalid("The webhook secret token is wrong or not configured")


def telegram_update(uow, caller: Caller, update: dict, deps: Deps) -> dict:
    """The bot received an update: ``/start`` from a linked username confirms the link and
    answers; from anyone else it explains how to link. Returns the replies to send (``due``)."""
    message = update.get("message") or {}
    text = (message.get("text") or "").strip()
    if not text.startswith("/start"):
        return {"handled": False, "due": []}
    event_id = "tg-{}".format(update["update_id"])
    if not uow.first_delivery({"event_id": event_id}, CONSUMER):
        return {"handled": True, "due": []}
    sender = message.get("from") or {}
    username = (sender.get("username") or "").lower()
    chat_id = str(message["chat"]["id"])
    now = uow.now()
    row = store.link_by_username(uow.session, username, for_update=True) if username else None
    if row is not None:
        row.chat_id, row.status, row.confirmed_at, row.updated_at = chat_id, "confirmed", now, now
        person = people.get(uow.session, [row.user_id]).get(row.user_id)
        language = person["language"] if person else "ru"
        template, recipient = "telegram_linked", row.user_id
    else:
        language = i18n.negotiate(sender.get("language_code"))
        template, recipient = "telegram_unknown_user", "tg:" + chat_id
    texts = Texts(template, {}, deps.settings.public_base_url,
                  lambda lang: store.overrides_by_channel(uow.session, template, lang))
    content = texts.content("telegram", recipient, language, None)
    delivery_id = store.queue_delivery_once(
        uow.session, now, event_id=event_id, event_type=template, recipient=recipient, channel="telegram",
        category=ACCOUNT, critical=True, address=chat_id, language=language, subject=content.subject,
        text=content.text, html=content.html, data={}, not_before=now)
    return {"handled": True, "status": row.status if row else "unknown_user",
            "due": [delivery_id] if delivery_id else []}
