"""The support bot's side of the Telegram Bot API (manual 004 «Поддержка через Telegram»):
send a message (with inline buttons), send a document, fetch a file a user sent.
``{TELEGRAM_API_URL}/bot<token>/<method>``; with no token (a local run) it only logs."""
from __future__ import annotations

import requests
import structlog

log = structlog.get_logger(__name__)


class TelegramError(Exception):
    pass


class SupportBot:
    def __init__(self, api_url: str, token: str, timeout: float = 10.0):
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()

    def _call(self, method: str, **kwargs) -> dict:
        response = self.session.post("{}/bot{}/{}".format(self.api_url, self.token, method), timeout=self.timeout,
                                     **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code >= 300 or not body.get("ok"):
            raise TelegramError("{} {}: {}".format(method, response.status_code, body.get("description")))
        return body.get("result") or {}

    def send_message(self, chat_id: int, text: str, buttons: list | None = None) -> None:
        if not self.token:
            log.info("support_bot_sandbox_message", chat_id=chat_id, text=text)
            return
        payload = {"chat_id": chat_id, "text": text}
        if buttons:
            payload["reply_markup"] = {"inline_keyboard": [
                [{"text": label, "callback_data": data} for label, data in row] for row in buttons]}
        self._call("sendMessage", json=payload)

    def send_document(self, chat_id: int, filename: str, content: bytes, content_type: str) -> None:
        if not self.token:
            log.info("support_bot_sandbox_document", chat_id=chat_id, filename=filename)
            return
        self._call("sendDocument", data={"chat_id": str(chat_id)},
                   files={"document": (filename, content, content_type)})

    def download(self, file_id: str, max_bytes: int) -> bytes:
        """A file a user sent (``getFile``, then the download), at most ``max_bytes``."""
        if not self.token:
            raise TelegramError("no bot token: files cannot be fetched")
        found = self._call("getFile", json={"file_id": file_id})
        response = self.session.get("{}/file/bot{}/{}".format(self.api_url, self.token, found["file_path"]),
                                    timeout=self.timeout, stream=True)
        if response.status_code != 200:
            raise TelegramError("download {}".format(response.status_code))
        content = response.raw.read(max_bytes + 1, decode_content=True)
        if len(content) > max_bytes:
            raise TelegramError("the file is too large")
        return content
