"""I6: support's part of a person's export and erasure (``kit.personal_data``).

Export: the copy of the person, the tickets they wrote and their messages. Erasure: the copy
is blanked; their tickets lose the description and their messages the text; their customer
organisations, Telegram link and bot conversations go. Tickets and acts stay (acts are
accounting documents) under an id nobody can resolve any more.
"""
from __future__ import annotations

from sqlalchemy import delete, select, update

from kit import people
from kit.context import Caller
from kit.personal_data import rows
from services.support.models import BotConversation, OrganisationMember, TelegramLink, Ticket, TicketMessage

TICKET_COLUMNS = ("number", "subject", "description", "status", "order_number", "created_at", "closed_at")


def export(uow, caller: Caller, data: dict, deps) -> dict:
    user_id = data["user_id"]
    session = uow.session
    tickets = session.execute(select(Ticket).where(Ticket.author_id == user_id).order_by(Ticket.created_at)).scalars()
    messages = session.execute(
        select(Ticket.number, TicketMessage.created_at, TicketMessage.text)
        .join(Ticket, Ticket.id == TicketMessage.ticket_id)
        .where(TicketMessage.author_id == user_id).order_by(TicketMessage.created_at)).mappings()
    links = session.execute(select(TelegramLink).where(TelegramLink.user_id == user_id)).scalars()
    return {
        "person": rows(people.export(session, user_id), people.FIELDS),
        "tickets": rows(tickets, TICKET_COLUMNS),
        "ticket_messages": rows(({"ticket_number": m["number"], "created_at": m["created_at"], "text": m["text"]}
                                 for m in messages), ("ticket_number", "created_at", "text")),
        "telegram": rows(links, ("username", "enabled", "confirmed_at")),
    }


def erase(uow, caller: Caller, data: dict, deps) -> dict:
    user_id = data["user_id"]
    session = uow.session
    erased = {"people": people.erase(session, user_id, data["requested_at"])}
    erased["ticket_descriptions"] = session.execute(update(Ticket).where(
        Ticket.author_id == user_id, Ticket.description != "").values(description="")).rowcount
    erased["ticket_messages"] = session.execute(update(TicketMessage).where(
        TicketMessage.author_id == user_id, TicketMessage.text != "").values(text="")).rowcount
    erased["organisation_memberships"] = session.execute(
        delete(OrganisationMember).where(OrganisationMember.user_id == user_id)).rowcount
    erased["telegram"] = session.execute(delete(TelegramLink).where(TelegramLink.user_id == user_id)).rowcount
    erased["bot_conversations"] = session.execute(
        delete(BotConversation).where(BotConversation.user_id == user_id)).rowcount
    return erased
