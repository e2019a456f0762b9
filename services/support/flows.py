"""Support's use cases around a call to the outside world: the Telegram support bot's
webhook (S7). The files a user sent are fetched from Telegram first, then the update is
handled in one unit of work (handlers/telegram.py), then the replies are sent: a reply
that cannot be sent is logged, and the conversation's state is already kept."""
from __future__ import annotations

import hmac

import structlog

from kit.context import Caller
from kit.errors import Unauthorized
from services.support.adapters.telegram import TelegramError
from services.support.dependencies import Deps
from services.support.handlers import telegram

log = structlog.get_logger(__name__)


def _files(update: dict, deps: Deps) -> list[dict]:
    """The document or photo of a message, fetched (or why it could not be)."""
    message = update.get("message") or {}
    found = []
    if message.get("document"):
        document = message["document"]
        found.append({"file_id": document["file_id"], "filename": document.get("file_name") or "file",
                      "content_type": document.get("mime_type") or "application/octet-stream"})
    elif message.get("photo"):
        largest = message["photo"][-1]
        found.append({"file_id": largest["file_id"], "filename": "photo.jpg", "content_type": "image/jpeg"})
    for item in found:
        try:
            item["content"] = deps.bot.download(item["file_id"], deps.settings.attachment_max_bytes)
        except TelegramError as failed:
            log.warning("support_bot_download_failed", error=str(failed))
            item["error"] = "не удалось получить файл (до {} МБ)".format(deps.settings.attachment_max_bytes // 2**20)
    return found


def telegram_update(db, caller: Caller, data: dict, deps: Deps) -> dict:
    if not hmac.compare_digest(str(data.get("secret") or ""), deps.settings.bot_webhook_secret):
        raise Unauthorized("The webhook's secret token does not match", code="telegram_secret_invalid")
    update = data["update"]
    received = _files(update, deps)
    with db.unit_of_work(caller) as uow:
        replies = telegram.handle_update(uow, caller, {"update": update, "files": received}, deps)
    for reply in replies:
        try:
            deps.bot.send_message(reply["chat_id"], reply["text"], reply["buttons"])
            for document in reply["documents"]:
                deps.bot.send_document(reply["chat_id"], document["filename"], deps.storage.get(document["key"]),
                                       document["content_type"])
        except TelegramError as failed:
            log.warning("support_bot_reply_failed", chat_id=reply["chat_id"], error=str(failed))
    return {"handled": True, "replies": len(replies)}
