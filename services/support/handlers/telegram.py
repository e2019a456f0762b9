"""The Telegram support bot (S7, manual 004 «Поддержка через Telegram»): the person's link
(username, «Включить работу с поддержкой», confirmed by ``/start``) and the conversation,
whose state is a row of its own (:class:`BotConversation`), so a restart loses nothing.

:func:`handle_update` is one transaction per Telegram update (handled once: ``BotUpdate``);
it acts as the linked person through the same handlers the portal uses and returns the
replies, which ``flows.telegram_update`` sends after the commit."""
from __future__ import annotations

import uuid

from kit import attachments as files, i18n
from kit.context import Caller
from kit.errors import RuleBroken, ServiceError
from kit.store import insert_ignore
from services.support import store
from services.support.dependencies import Deps
from services.support.domain import bot
from services.support.handlers import chat, tickets
from services.support.models import Attachment, BotConversation, BotUpdate, TelegramLink

FINISH = [[("Завершить", "finish")]]
NOT_LINKED = ("Чтобы писать в поддержку через Telegram, укажите ваш логин Telegram (без @) в настройках "
              "пользователя, включите работу с поддержкой и отправьте /start еще раз.")
ASK_MESSAGES = ("Напишите сообщение (до 255 символов), можно прикрепить до 5 файлов и отправить несколько "
                "сообщений. Когда закончите, нажмите «Завершить».")


# --- the person's link ---------------------------------------------------------------------

def _link_view(link: TelegramLink | None, deps: Deps, language: str) -> dict:
    status = "needs_setup" if link is None else ("confirmed" if link.confirmed_at else "configuring")
    return {"username": link.username if link else None, "enabled": bool(link and link.enabled), "status": status,
            "status_label": i18n.label("telegram.link_status", status, language),
            "bot_username": deps.settings.bot_username or None,
            "confirmed_at": link.confirmed_at.isoformat() if link and link.confirmed_at else None}


def get_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    return _link_view(uow.session.get(TelegramLink, caller.user_id), deps, caller.language)


def set_link(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Set (or clear: ``username`` null) the username; a new username needs ``/start`` again."""
    caller.require_user()
    link = uow.session.get(TelegramLink, caller.user_id)
    username = (data.get("username") or "").lstrip("@").strip().lower()
    if not username:
        if link is not None:
            uow.session.delete(link)
        return _link_view(None, deps, caller.language)
    taken = store.telegram_link_of(uow.session, username)
    if taken is not None and taken.user_id != caller.user_id:
        raise RuleBroken("telegram_username_taken", "Another person linked this Telegram username")
    if link is None:
        link = TelegramLink(user_id=caller.user_id, username=username, updated_at=uow.now())
        uow.session.add(link)
    elif link.username != username:
        link.username, link.chat_id, link.confirmed_at = username, None, None
    link.enabled, link.updated_at = data.get("enabled", True), uow.now()
    uow.session.flush()
    return _link_view(link, deps, caller.language)


# --- the conversation -------------------------------------------------------------------------

def _reply(chat_id: int, text: str, buttons=None, documents=None) -> dict:
    return {"chat_id": chat_id, "text": text, "buttons": buttons or [], "documents": documents or []}


def _person(uow, link: TelegramLink, deps: Deps) -> Caller:
    person = deps.people(uow.session).get([link.user_id]).get(link.user_id) or {}
    return Caller(user_id=link.user_id, account_id=person.get("account_id"),
                  roles=frozenset(person.get("roles") or ()), language=person.get("language") or "ru")


def _conversation(uow, chat_id: int, user_id: str) -> BotConversation:
    found = uow.session.get(BotConversation, chat_id, with_for_update=True)
    if found is None or found.user_id != user_id:
        if found is not None:
            uow.session.delete(found)
            uow.session.flush()
        found = BotConversation(chat_id=chat_id, user_id=user_id, state="idle", data={}, updated_at=uow.now())
        uow.session.add(found)
    return found


def _set(uow, conversation: BotConversation, state: str, data: dict | None = None) -> None:
    conversation.state, conversation.data, conversation.updated_at = state, data or {}, uow.now()


def handle_update(uow, caller: Caller, data: dict, deps: Deps) -> list[dict]:
    update = data["update"]
    if not insert_ignore(uow.session, BotUpdate, update_id=int(update["update_id"]), received_at=uow.now()):
        return []  # redelivered: handled already
    query = update.get("callback_query")
    message = update.get("message") or (query or {}).get("message") or {}
    sender = (query or update.get("message") or {}).get("from") or {}
    chat_id = (message.get("chat") or {}).get("id") or sender.get("id")
    if chat_id is None:
        return []
    link = store.telegram_link_of(uow.session, (sender.get("username") or "").lower())
    if link is None or not link.enabled:
        return [_reply(chat_id, NOT_LINKED)]
    if link.chat_id != chat_id:
        if link.chat_id is not None or (message.get("text") or "").split(" ")[0] != "/start":
            return [_reply(chat_id, NOT_LINKED)]
    person = _person(uow, link, deps)
    conversation = _conversation(uow, chat_id, link.user_id)
    try:
        with uow.session.begin_nested():
            if query is not None:
                return _button(uow, person, conversation, chat_id, query.get("data") or "", deps)
            return _message(uow, person, link, conversation, chat_id, message, data.get("files") or [], deps)
    except (RuleBroken, ServiceError) as refused:
        text = refused.message if isinstance(refused, RuleBroken) else refused.detail
        return [_reply(chat_id, text)]


def _message(uow, person: Caller, link: TelegramLink, conversation, chat_id: int, message: dict, received: list,
             deps: Deps) -> list[dict]:
    text = (message.get("text") or message.get("caption") or "").strip()
    command = text.split(" ")[0] if text.startswith("/") else None
    if command == "/start":
        if link.confirmed_at is None or link.chat_id != chat_id:
            link.chat_id, link.confirmed_at = chat_id, uow.now()
        _set(uow, conversation, "idle")
        return [_active_tickets(uow, person, chat_id)]
    if command == "/createticket":
        departments = [d for d in store.departments(uow.session) if not d.required_fields]
        if not departments:
            return [_reply(chat_id, "Сейчас через Telegram нельзя создать запрос: обратитесь через личный кабинет.")]
        _set(uow, conversation, "idle")
        return [_reply(chat_id, "Выберите отдел:", [[(d.name, "dept:" + d.id)] for d in departments])]
    state, data = conversation.state, dict(conversation.data or {})
    if state == "new_subject" and text and not received:
        _set(uow, conversation, "new_service", dict(data, subject=text[:255]))
        return [_reply(chat_id, "Введите id услуги, к которой относится запрос, или нажмите «Пропустить».",
                       [[("Пропустить", "skip")]])]
    if state == "new_service" and text and not received:
        _set(uow, conversation, "new_messages", dict(data, service_id=text[:100]))
        return [_reply(chat_id, ASK_MESSAGES, FINISH)]
    if state not in bot.COLLECTING:
        return [_reply(chat_id, "Отправьте /start, чтобы увидеть ваши запросы, или /createticket, чтобы создать новый.")]
    for item in received:
        if item.get("error"):
            return [_reply(chat_id, "Файл «{}» не принят: {}".format(item.get("filename") or "файл", item["error"]))]
        data = bot.add_file(data, _keep_file(uow, person, item, deps))
    if text:
        data = bot.add_text(data, text)
    _set(uow, conversation, state, data)
    return [_reply(chat_id, "Принято. Можно написать еще или нажать «Завершить».", FINISH)]


def _keep_file(uow, person: Caller, item: dict, deps: Deps) -> str:
    accepted = files.check(item["filename"], item["content_type"], item["content"], deps.settings.attachment_max_bytes)
    attachment = Attachment(id=str(uuid.uuid4()), uploader_id=person.user_id, filename=accepted.filename,
                            content_type=accepted.content_type, size=accepted.size, created_at=uow.now())
    attachment.storage_key = files.storage_key(attachment.id)
    deps.storage.put(attachment.storage_key, accepted.content)
    uow.session.add(attachment)
    uow.session.flush()
    return attachment.id


def _button(uow, person: Caller, conversation, chat_id: int, pressed: str, deps: Deps) -> list[dict]:
    action, _, value = pressed.partition(":")
    data = dict(conversation.data or {})
    if action == "ticket":
        return [_ticket_card(uow, person, chat_id, int(value), deps)]
    if action == "reply":
        tickets.get_ticket(uow, person, {"number": int(value)}, deps)  # 404 for anyone else
        _set(uow, conversation, "reply", {"number": int(value)})
        return [_reply(chat_id, ASK_MESSAGES, FINISH)]
    if action == "archive":
        tickets.archive_ticket(uow, person, {"number": int(value)}, deps)
        _set(uow, conversation, "idle")
        return [_reply(chat_id, "Запрос №{} помещен в архив.".format(value))]
    if action == "dept":
        store.department(uow.session, value, active_only=True)
        _set(uow, conversation, "new_subject", {"department_id": value})
        return [_reply(chat_id, "Введите тему запроса.")]
    if action == "skip" and conversation.state == "new_service":
        _set(uow, conversation, "new_messages", dict(data, service_id=None))
        return [_reply(chat_id, ASK_MESSAGES, FINISH)]
    if action == "finish" and conversation.state in bot.COLLECTING:
        if not bot.has_content(data):
            return [_reply(chat_id, "Напишите хотя бы одно сообщение или прикрепите файл.", FINISH)]
        number = _send(uow, person, conversation.state, data, deps)
        _set(uow, conversation, "idle")
        done = "Запрос №{} создан.".format(number) if conversation.data.get("department_id") else \
            "Ответ по запросу №{} отправлен.".format(number)
        return [_reply(chat_id, done)]
    return [_reply(chat_id, "Отправьте /start, чтобы увидеть ваши запросы.")]


def _send(uow, person: Caller, state: str, data: dict, deps: Deps) -> int:
    """The collected messages: a reply's are posted to the ticket; a new ticket's first
    message opens it with every file, the rest follow."""
    texts, attached = list(data.get("texts") or []), list(data.get("files") or [])
    if state == "new_messages":
        created = tickets.create_ticket(uow, person, {
            "department_id": data["department_id"], "subject": data["subject"], "message": texts[0] if texts else "",
            "description": "", "service_id": data.get("service_id"), "attachment_ids": attached,
            "request_key": None}, deps) if texts else None
        if created is None:
            raise RuleBroken("bot_text_empty", "Напишите хотя бы одно сообщение")
        number, rest, attached = created["number"], texts[1:], []
    else:
        number, rest = data["number"], texts
    for i, text in enumerate(rest or ([""] if attached else [])):
        last = i == len(rest) - 1 or not rest
        chat.post_message(uow, person, {"number": number, "text": text,
                                         "attachment_ids": attached if last else [], "request_key": None}, deps)
    return number


def _active_tickets(uow, person: Caller, chat_id: int) -> dict:
    found = store.active_tickets(uow.session, store.client_scope(uow.session, person.user_id, person.account_id,
                                                                 person.rights), limit=20)
    if not found:
        return _reply(chat_id, "Активных запросов нет. Чтобы создать запрос, отправьте /createticket.")
    return _reply(chat_id, "Ваши активные запросы:",
                  [[("№{} · {}".format(t.number, t.subject)[:60], "ticket:{}".format(t.number))] for t in found])


def _ticket_card(uow, person: Caller, chat_id: int, number: int, deps: Deps) -> dict:
    view = tickets.get_ticket(uow, person, {"number": number}, deps)
    last = store.last_message(uow.session, number)
    lines = ["Запрос №{}".format(view["number"]), "Тема: {}".format(view["subject"]),
             "Статус: {}".format(view["client_status_label"])]
    if last is not None:
        lines.append("Последнее сообщение: {}".format(last.text or "(файлы)"))
    buttons = [[("Добавить ответ", "reply:{}".format(number))]]
    if "archive" in view["actions"]:
        buttons.append([("Поместить в архив", "archive:{}".format(number))])
    documents = [{"key": a.storage_key, "filename": a.filename, "content_type": a.content_type}
                 for a in (last.attachments if last is not None else [])]
    return _reply(chat_id, "\n".join(lines), buttons, documents)
