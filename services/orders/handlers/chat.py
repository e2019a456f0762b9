"""The order chat (O5): messages with attachments, public and internal, read marks, and
the bookkeeping every message goes through (:func:`post`, also for system messages)."""
from __future__ import annotations

import base64
import uuid

from sqlalchemy import and_, func, select, update

from kit import attachments as files
from kit.context import Caller
from services.orders import events
from services.orders import exceptions as exc
from services.orders.dependencies import Deps
from services.orders.domain import labels
from services.orders.handlers.authorization import relation, visible_order
from services.orders.models import Attachment, ChatRead, Message, Order
from services.orders.store import count_unread, manager_ids, reader, visible_messages
from services.orders.views import attachment_view, message_view

MAX_ATTACHMENTS = 10


def post(uow, order: Order, *, author_id: str | None, author_kind: str, visibility: str, text: str = "",
         system_code: str | None = None, system_params: dict | None = None, attachments=()) -> Message:
    """Add a message and move every participant's unread count in the same transaction.

    The caller holds the order row locked (``for_update``), which orders the messages."""
    order.message_seq += 1
    message = Message(order_id=order.id, seq=order.message_seq, author_id=author_id, author_kind=author_kind,
                      visibility=visibility, text=text, system_code=system_code, system_params=system_params,
                      created_at=uow.now())
    uow.session.add(message)
    uow.session.flush()
    for attachment in attachments:
        attachment.message_id = message.id
    seen_by = [ChatRead.order_id == order.id]
    if author_id:
        seen_by.append(ChatRead.user_id != author_id)
    if visibility == "internal":
        seen_by.append(ChatRead.side == "staff")
    uow.session.execute(update(ChatRead).where(and_(*seen_by)).values(unread=ChatRead.unread + 1))
    if author_id:
        # writing in the chat means having read it
        mark = reader(uow.session, order, author_id, "staff" if author_kind == "staff" else "client", for_update=True)
        mark.last_read_seq, mark.unread = message.seq, 0
    uow.session.flush()
    uow.session.expire(message, ["attachments"])
    uow.emit("chat_message_posted", events.chat_message_posted(
        order, message, len(attachments), manager_ids(uow.session, order.service_id)))
    return message


def post_system(uow, order: Order, code: str, params: dict | None = None) -> Message:
    """A system message (payment received, auto-confirmed…), rendered in each reader's language."""
    return post(uow, order, author_id=None, author_kind="system", visibility="public",
                text=labels.system_message(code, params, "ru"), system_code=code, system_params=params or None)


def list_messages(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"])
    conditions = visible_messages(order.id, rel.side)
    total = uow.session.execute(select(func.count()).select_from(Message).where(*conditions)).scalar()
    page, per_page = data["page"], data["per_page"]
    messages = uow.session.execute(select(Message).where(*conditions).order_by(Message.seq.desc())
                                   .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    directory = deps.people(uow.session)
    directory.get({m.author_id for m in messages})
    mark = reader(uow.session, order, caller.user_id, rel.side)
    return {"items": [message_view(m, directory, caller.language) for m in messages], "total": total,
            "page": page, "per_page": per_page, "unread": mark.unread, "last_read_seq": mark.last_read_seq}


def post_message(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, data["number"], for_update=True)
    visibility = data.get("visibility", "public")
    if visibility == "internal" and not rel.staff:
        raise exc.StaffOnly("Only staff write internal messages", code="internal_message_staff_only")
    attachments = []
    if data.get("attachment_ids"):
        wanted = list(dict.fromkeys(data["attachment_ids"]))
        found = {a.id: a for a in uow.session.execute(select(Attachment).where(
            Attachment.id.in_(wanted), Attachment.uploader_id == caller.user_id,
            Attachment.message_id.is_(None)).with_for_update()).scalars()}
        unusable = [i for i in wanted if i not in found]
        if unusable:
            raise exc.InvalidOrder("Unknown attachments", errors={
                "attachment_ids": ["Not uploaded by you or already sent: {}.".format(", ".join(unusable))]})
        attachments = [found[i] for i in wanted]
    message = post(uow, order, author_id=caller.user_id, author_kind="staff" if rel.staff else "client",
                   visibility=visibility, text=(data.get("text") or "").strip(), attachments=attachments)
    # the fact, never the text; an internal note is staff's: no account's administrator sees it
    uow.record_action("order.message_posted", "order", order.number, "Сообщение в чате заказа №{}{}{}".format(
        order.number, " (внутреннее)" if visibility == "internal" else "",
        ", вложений: {}".format(len(attachments)) if attachments else ""),
        account_id=None if visibility == "internal" else order.account_id)
    return message_view(message, deps.people(uow.session), caller.language)


def mark_read(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Read up to a message (default: the latest); the unread count is recounted exactly,
    after taking the participant's row lock, so a message committed meanwhile is counted."""
    order, rel = visible_order(uow.session, caller, data["number"])
    mark = reader(uow.session, order, caller.user_id, rel.side, for_update=True)
    conditions = visible_messages(order.id, rel.side)
    if data.get("message_id"):
        seq = uow.session.execute(select(Message.seq).where(*conditions, Message.id == data["message_id"])).scalar()
        if seq is None:
            raise exc.MessageNotFound("No such message in this chat")
    else:
        seq = uow.session.execute(select(func.max(Message.seq)).where(*conditions)).scalar() or 0
    mark.last_read_seq = max(mark.last_read_seq, seq)
    mark.unread = count_unread(uow.session, order.id, caller.user_id, rel.side, mark.last_read_seq)
    return {"unread": mark.unread, "last_read_seq": mark.last_read_seq}


# --- attachments ----------------------------------------------------------------------

def upload_attachment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """A file for a later message: checked by the kit (type, size, content), kept in storage."""
    caller.require_user()
    accepted = files.accept(data, deps.settings.attachment_max_bytes)
    attachment = Attachment(id=str(uuid.uuid4()), uploader_id=caller.user_id, filename=accepted.filename,
                            content_type=accepted.content_type, size=accepted.size, created_at=uow.now())
    attachment.storage_key = files.storage_key(attachment.id)
    deps.storage.put(attachment.storage_key, accepted.content)
    uow.session.add(attachment)
    return attachment_view(attachment)


def get_attachment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The file, for its uploader before it is sent, then for the order's participants
    (an internal message's files: staff only)."""
    caller.require_user()
    attachment = uow.session.get(Attachment, data["attachment_id"])
    if attachment is None:
        raise exc.AttachmentNotFound("No such attachment")
    if attachment.message_id is None:
        if attachment.uploader_id != caller.user_id:
            raise exc.AttachmentNotFound("No such attachment")
    else:
        message = uow.session.get(Message, attachment.message_id)
        order = uow.session.get(Order, message.order_id)
        rel = relation(uow.session, caller, order)
        if rel is None or (message.visibility == "internal" and not rel.staff):
            raise exc.AttachmentNotFound("No such attachment")
    content = deps.storage.get(attachment.storage_key)
    return dict(attachment_view(attachment), data=base64.b64encode(content).decode())
