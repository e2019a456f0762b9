"""The support bot's conversation (manual 004 «Поддержка через Telegram»), as rules: what a
chat may be doing and what it may collect.

- ``/start``: the active tickets as buttons; a ticket's button shows its number, subject,
  status and last message with files, with «Добавить ответ» and — for a ticket «Ожидает
  вашего ответа» — «Поместить в архив».
- «Добавить ответ» (``reply``): messages of at most 255 characters and at most 5 files,
  until «Завершить».
- ``/createticket``: department (a button), subject, service id or «Пропустить», then
  messages and files as above, «Завершить» creates the ticket.
"""
from __future__ import annotations

from kit.errors import InputRuleBroken

STATES = ("idle", "reply", "new_subject", "new_service", "new_messages")
#: states that collect messages and files until «Завершить»
COLLECTING = ("reply", "new_messages")
MAX_TEXT = 255
MAX_FILES = 5


def add_text(data: dict, text: str) -> dict:
    text = text.strip()
    if not text:
        raise InputRuleBroken("bot_text_empty", "Напишите сообщение")
    if len(text) > MAX_TEXT:
        raise InputRuleBroken("bot_text_too_long", "Сообщение длиннее {} символов, сократите его".format(MAX_TEXT))
    return dict(data, texts=list(data.get("texts") or []) + [text])


def add_file(data: dict, attachment_id: str) -> dict:
    files = list(data.get("files") or [])
    if len(files) >= MAX_FILES:
        raise InputRuleBroken("bot_too_many_files", "Можно прикрепить не больше {} файлов".format(MAX_FILES))
    return dict(data, files=files + [attachment_id])


def has_content(data: dict) -> bool:
    return bool(data.get("texts") or data.get("files"))
