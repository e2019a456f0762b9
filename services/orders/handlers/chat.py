"""The order chat (O5): messages with attachments, public and internal, read marks."""
from __future__ import annotations

import base64
import binascii
import re
import uuid

from sqlalchemy import func, select

from kit.context import Caller
from services.orders import exceptions as exc
from services.orders.dependencies import ALLOWED_TYPES
from services.orders.handlers.common import (
    Deps, Directory, count_unread, post, reader, relation, visible_order,
)
from services.orders.handlers.views import attachment_view, message_view
from services.orders.models import Attachment, Message, Order

MAX_ATTACHMENTS = 10

#: the first bytes of each type we can recognise: a file must be what it says it is
MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
    "application/pdf": (b"%PDF-",),
    "application/zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
    "application/msword": (b"\xd0\xcf\x11\xe0",),
    "application/vnd.ms-excel": (b"\xd0\xcf\x11\xe0",),
}


def _visible_messages(order_id: str, side: str):
    conditions = [Message.order_id == order_id]
    if side == "client":
        conditions.append(Message.visibility == "public")  # internal notes never reach a client
    return conditions


def list_messages(uow, caller: Caller, number: int, query: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, number)
    conditions = _visible_messages(order.id, rel.side)
    total = uow.session.execute(select(func.count()).select_from(Message).where(*conditions)).scalar()
    page, per_page = query["page"], query["per_page"]
    messages = uow.session.execute(select(Message).where(*conditions).order_by(Message.seq.desc())
                                   .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    directory = Directory(uow.session, deps.fetch_users)
    directory.get({m.author_id for m in messages})
    mark = reader(uow.session, order, caller.user_id, rel.side)
    return {"items": [message_view(m, directory, caller.language) for m in messages], "total": total,
            "page": page, "per_page": per_page, "unread": mark.unread, "last_read_seq": mark.last_read_seq}


def post_message(uow, caller: Caller, number: int, data: dict, deps: Deps) -> dict:
    order, rel = visible_order(uow.session, caller, number, for_update=True)
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
    return message_view(message, Directory(uow.session, deps.fetch_users), caller.language)


def mark_read(uow, caller: Caller, number: int, data: dict) -> dict:
    """Read up to a message (default: the latest); the unread count is recounted exactly,
    after taking the participant's row lock, so a message committed meanwhile is counted."""
    order, rel = visible_order(uow.session, caller, number)
    mark = reader(uow.session, order, caller.user_id, rel.side, for_update=True)
    conditions = _visible_messages(order.id, rel.side)
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

def _clean_filename(name: str) -> str:
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"]", "", name).strip().lstrip(".")
    return name[:255] or "file"


def upload_attachment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    content_type = data["content_type"].split(";")[0].strip().lower()
    if content_type not in ALLOWED_TYPES:
        raise exc.AttachmentRejected("This type of file is not accepted", code="attachment_type_not_allowed",
                                     errors={"file": ["Allowed: images, PDF, text, office documents, zip."]})
    try:
        content = base64.b64decode(data["data"], validate=True)
    except (binascii.Error, ValueError):
        raise exc.AttachmentRejected("The file is not valid base64", errors={"file": ["Not base64."]})
    if not content:
        raise exc.AttachmentRejected("The file is empty", errors={"file": ["Empty file."]})
    if len(content) > deps.settings.attachment_max_bytes:
        raise exc.AttachmentRejected("The file is too large", code="attachment_too_large", errors={
            "file": ["At most {} bytes.".format(deps.settings.attachment_max_bytes)]})
    magic = MAGIC.get(content_type)
    if magic and not content.startswith(magic):
        raise exc.AttachmentRejected("The file is not what its type says", code="attachment_type_mismatch",
                                     errors={"file": ["The content is not {}.".format(content_type)]})
    attachment = Attachment(id=str(uuid.uuid4()), uploader_id=caller.user_id, filename=_clean_filename(data["filename"]),
                            content_type=content_type, size=len(content), created_at=uow.now())
    attachment.storage_key = attachment.id.replace("-", "")
    deps.storage.put(attachment.storage_key, content)
    uow.session.add(attachment)
    return attachment_view(attachment)


def get_attachment(uow, caller: Caller, attachment_id: str, deps: Deps) -> dict:
    """The file, for its uploader before it is sent, then for the order's participants
    (an internal message's files: staff only)."""
    caller.require_user()
    attachment = uow.session.get(Attachment, attachment_id)
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
