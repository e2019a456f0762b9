"""A ticket's chat (S3): :func:`post`, the one way a message is added (the first message of a
new ticket too)."""
from __future__ import annotations

from kit.context import Caller
from services.support import exceptions as exc
from services.support import store
from services.support.domain import tickets as rules
from services.support.models import Attachment, Ticket, TicketMessage


def claim_attachments(uow, caller: Caller, attachment_ids: list[str]) -> list[Attachment]:
    """The caller's own unsent uploads, in the order given (≤ 5)."""
    wanted = list(dict.fromkeys(attachment_ids or []))
    rules.check_files(wanted)
    found = store.unsent_attachments(uow.session, caller.user_id, wanted)
    unusable = [i for i in wanted if i not in found]
    if unusable:
        raise exc.InvalidTicket("Unknown attachments", errors={
            "attachment_ids": ["Not uploaded by you or already sent: {}.".format(", ".join(unusable))]})
    return [found[i] for i in wanted]


def post(uow, ticket: Ticket, *, author_id: str | None, author_kind: str, text: str, attachments=(),
         request_key: str | None = None) -> TicketMessage:
    """Add a message; the caller holds the ticket row locked, which orders the messages."""
    ticket.message_seq += 1
    message = TicketMessage(ticket_id=ticket.id, seq=ticket.message_seq, author_id=author_id, author_kind=author_kind,
                            text=text, request_key=request_key, created_at=uow.now())
    uow.session.add(message)
    uow.session.flush()
    for attachment in attachments:
        attachment.message_id = message.id
    uow.session.flush()
    uow.session.expire(message, ["attachments"])
    return message
