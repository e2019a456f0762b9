"""Attachments of tickets and messages: uploaded first (checked by :mod:`kit.attachments`),
then sent with a ticket or a message; downloaded by the uploader until then, afterwards by
the ticket's client side and staff (anyone else: 404)."""
from __future__ import annotations

import base64
import uuid

from kit import attachments as files
from kit.context import Caller
from services.support import exceptions as exc
from services.support.dependencies import Deps
from services.support.handlers.access import relation
from services.support.models import Attachment, Ticket, TicketMessage
from services.support.views import attachment_view


def upload_attachment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    accepted = files.accept(data, deps.settings.attachment_max_bytes)
    attachment = Attachment(id=str(uuid.uuid4()), uploader_id=caller.user_id, filename=accepted.filename,
                            content_type=accepted.content_type, size=accepted.size, created_at=uow.now())
    attachment.storage_key = files.storage_key(attachment.id)
    deps.storage.put(attachment.storage_key, accepted.content)
    uow.session.add(attachment)
    return attachment_view(attachment)


def get_attachment(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    attachment = uow.session.get(Attachment, data["attachment_id"])
    if attachment is None:
        raise exc.AttachmentNotFound("No such attachment")
    if attachment.message_id is None:
        if attachment.uploader_id != caller.user_id:
            raise exc.AttachmentNotFound("No such attachment")
    else:
        message = uow.session.get(TicketMessage, attachment.message_id)
        if relation(uow.session, caller, uow.session.get(Ticket, message.ticket_id)) is None:
            raise exc.AttachmentNotFound("No such attachment")
    return dict(attachment_view(attachment), data=base64.b64encode(deps.storage.get(attachment.storage_key)).decode())
