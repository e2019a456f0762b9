"""Coworking's tables: spaces and their workplaces, tickets (with their own numbers), the
invitation links of ticket transfers, and the kit's copy of people (visitors' names)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kit.db import JsonType, UtcDateTime, new_metadata


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = new_metadata(numbers=True, people=True)


#: ticket numbers people see (manual 002: «Билет 31»)
FIRST_TICKET_NUMBER = 1


class Space(Base):
    """A coworking room («Коворкинг на 2 этаже») of one catalog service of kind coworking (C1)."""

    __tablename__ = "spaces"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    #: the orders catalog's service clients order this space through
    service_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    workplaces: Mapped[list["Workplace"]] = relationship(
        lazy="selectin", order_by="(Workplace.position, Workplace.name)", back_populates="space")


class Workplace(Base):
    """A seat («РМ №1»); one out of service is offered to nobody."""

    __tablename__ = "workplaces"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    in_service: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    space: Mapped[Space] = relationship(lazy="joined", back_populates="workplaces")


class Ticket(Base):
    """A ticket: one order's seat for one period (C2). Its status is derived (C3).

    A workplace never holds two tickets with overlapping periods unless one is cancelled
    or released: PostgreSQL enforces it with an exclusion constraint, SQLite with triggers
    (migration 0001), so no code path can double-book."""

    __tablename__ = "tickets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    #: the order's number: orders draws it before asking for the seat, so the hold has it
    order_number: Mapped[int] = mapped_column(BigInteger, unique=True)
    #: held | new | confirmed | active | cancelled | done | released (domain/tickets.py)
    status: Mapped[str] = mapped_column(String(20), index=True)
    #: the order's status as last announced, and that announcement's time (newest wins)
    order_status: Mapped[str | None] = mapped_column(String(40))
    order_status_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: a hold not confirmed by order_created before this time is released
    hold_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), index=True)
    workplace_id: Mapped[str] = mapped_column(ForeignKey("workplaces.id"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    visitor_id: Mapped[str] = mapped_column(String(36), index=True)
    #: the visitor's name as last known, case-folded for the partial-name filter (C4)
    visitor_search: Mapped[str] = mapped_column(String(201), default="")
    #: the account the order belongs to (its users see the ticket in the order)
    account_id: Mapped[str | None] = mapped_column(String(36))
    service_id: Mapped[str] = mapped_column(String(36))
    service_name: Mapped[str] = mapped_column(String(200))
    #: {id, name, unit} of the tariff, {id, name} of the variant, [{id, name}] of the modifiers
    tariff: Mapped[dict | None] = mapped_column(JsonType)
    variant: Mapped[dict | None] = mapped_column(JsonType)
    modifiers: Mapped[list] = mapped_column(JsonType, default=list)
    validated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    validated_by: Mapped[str | None] = mapped_column(String(36))
    #: bumps on every change; orders keeps the newest copy it heard of
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    space: Mapped[Space] = relationship(lazy="joined")
    workplace: Mapped[Workplace] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_tickets_workplace_period", "workplace_id", "starts_at", "ends_at"),
        Index("ix_tickets_period", "starts_at", "ends_at"),
        Index("ix_tickets_visitor_search_trgm", "visitor_search", postgresql_using="gin",
              postgresql_ops={"visitor_search": "gin_trgm_ops"}),
        # period overlap (C4's filter, free workplaces) on PostgreSQL; migration 0001 also
        # adds the exclusion constraint ex_tickets_workplace_period (C2)
        Index("ix_tickets_period_range", func.tstzrange(text("starts_at"), text("ends_at"), text("'[)'")),
              postgresql_using="gist").ddl_if(dialect="postgresql"),
    )


class Invitation(Base):
    """O10: a link that gives the ticket to whoever registers and opens it; works once."""

    __tablename__ = "invitations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id"), index=True)
    #: SHA-256 of the secret token in the link (the token itself is never stored)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    accepted_by: Mapped[str | None] = mapped_column(String(36))
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
