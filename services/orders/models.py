"""Orders' tables: the catalog, orders with their lines and payments, the order chat with
read marks and attachments, booking access. The kit adds the outbox, the counters of order
numbers (SQLite) and the local copy of identity's people (:mod:`kit.people`)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kit.db import JsonType, UtcDateTime, new_metadata
from kit.people import keeps_search_text


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = new_metadata(numbers=True, people=True)


#: the first order number people see (``kit.store.next_number(session, "order", …)``)
FIRST_ORDER_NUMBER = 1010001


class CatalogService(Base):
    """A service clients order (O1); the kind decides which parts matter."""

    __tablename__ = "catalog_services"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: the name as searched (``kit.people.search_form``: case-folded in Python, ё as е), kept
    #: with the name, so the search matches Cyrillic alike on PostgreSQL and SQLite
    search_name: Mapped[str] = mapped_column(String(400), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: [{id, name, price, unit}]
    tariffs: Mapped[list] = mapped_column(JsonType, default=list)
    #: [{id, name, price}] (goods)
    items: Mapped[list] = mapped_column(JsonType, default=list)
    #: [{id, name, price, time_label}] (hotel extras, coworking modifiers)
    extras: Mapped[list] = mapped_column(JsonType, default=list)
    #: [{id, name}] (bookings)
    rooms: Mapped[list] = mapped_column(JsonType, default=list)
    #: [{code, label, type, required, options}] (simple services, requests)
    fields: Mapped[list] = mapped_column(JsonType, default=list)
    #: {cancellable, prepayment_allowed, min_prepayment, auto_confirm_after, delivery_places, max_guests, capacity}
    settings: Mapped[dict] = mapped_column(JsonType, default=dict)
    #: {starts_at, ends_at, place} (events)
    event: Mapped[dict | None] = mapped_column(JsonType)
    #: {title, service_ids}
    additional_services: Mapped[dict | None] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    managers: Mapped[list["ServiceManager"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                           order_by="ServiceManager.user_id")

    @property
    def manager_ids(self) -> list[str]:
        return [m.user_id for m in self.managers]


class ServiceManager(Base):
    """Staff handling a service: rental managers and executors assigned to it."""

    __tablename__ = "service_managers"
    __table_args__ = (Index("ix_service_managers_user", "user_id"),)

    service_id: Mapped[str] = mapped_column(ForeignKey("catalog_services.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_applicant_created", "applicant_id", "created_at"),
        Index("ix_orders_account_created", "account_id", "created_at"),
        Index("ix_orders_service_period", "service_id", "room_id", "starts_at"),
        Index("ix_orders_auto_confirm", "status", "auto_confirm_at"),
        Index("ix_orders_executor", "executor_id"),
        # the creator's Idempotency-Key, kept with the order it made (one order per key)
        Index("ux_orders_creator_idempotency_key", "created_by", "idempotency_key", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[str] = mapped_column(ForeignKey("catalog_services.id"))
    #: the name at ordering time (the catalog may rename the service later)
    service_name: Mapped[str] = mapped_column(String(200))
    #: the service's name, folded in Python (``kit.people.search_text``): what ``q`` searches
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    account_id: Mapped[str | None] = mapped_column(String(36))
    applicant_id: Mapped[str] = mapped_column(String(36))
    created_by: Mapped[str] = mapped_column(String(36))
    executor_id: Mapped[str | None] = mapped_column(String(36))
    payer_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(40))
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="RUB")
    paid: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded: Mapped[int] = mapped_column(BigInteger, default=0)
    #: service date and time: booking / coworking period, goods delivery, the event
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    room_id: Mapped[str | None] = mapped_column(String(64))
    #: the kind's block: fields, delivery, hotel booking, event, coworking ticket request, comment
    details: Mapped[dict] = mapped_column(JsonType, default=dict)
    deadline: Mapped[datetime | None] = mapped_column(UtcDateTime())
    auto_confirm_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    checked_in_by: Mapped[str | None] = mapped_column(String(36))
    ticket_code: Mapped[str | None] = mapped_column(String(64))
    #: sequence number of the last chat message
    message_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: the Idempotency-Key the order was created with, and a digest of that request
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    request_fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    lines: Mapped[list["OrderLine"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                    order_by="OrderLine.position")
    payments: Mapped[list["OrderPayment"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                          order_by="OrderPayment.paid_at")


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    #: item | tariff | extra
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(String(300))


class OrderPayment(Base):
    """A payment billing announced (payment_succeeded), once per payment id."""

    __tablename__ = "order_payments"

    payment_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    payment_number: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(30))
    amount: Mapped[int] = mapped_column(BigInteger)
    paid_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OrderRefund(Base):
    """A refund billing completed (refund_completed), once per refund id."""

    __tablename__ = "order_refunds"

    refund_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    payment_id: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    destination: Mapped[str | None] = mapped_column(String(20))
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Message(Base):
    """A message of the order chat (O5): client, staff (public or internal) or system."""

    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("order_id", "seq", name="uq_messages_order_seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str | None] = mapped_column(String(36))
    #: client | staff | system
    author_kind: Mapped[str] = mapped_column(String(10))
    #: public | internal (internal: staff only, never shown to a client)
    visibility: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    #: system messages are rendered in the reader's language from a code and parameters
    system_code: Mapped[str | None] = mapped_column(String(50))
    system_params: Mapped[dict | None] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    attachments: Mapped[list["Attachment"]] = relationship(lazy="selectin", order_by="Attachment.created_at")


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    uploader_id: Mapped[str] = mapped_column(String(36), index=True)
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChatRead(Base):
    """One participant's place in an order's chat: read up to ``last_read_seq``, and the
    unread count, changed in the same transaction as every message (badges never drift)."""

    __tablename__ = "chat_reads"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    #: client | staff: staff also count internal messages
    side: Mapped[str] = mapped_column(String(10))
    last_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    unread: Mapped[int] = mapped_column(Integer, default=0)


class AccessGrant(Base):
    """Someone the booking was shared with (O11): a calendar card, no access to the order."""

    __tablename__ = "access_grants"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    granted_by: Mapped[str] = mapped_column(String(36))
    #: direct | link
    via: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ShareLink(Base):
    """The booking's share link: an unguessable token; deleting the row ends it at once."""

    __tablename__ = "share_links"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# what the orders list's ``q`` searches, kept by the ORM (kit.people.keeps_search_text)
keeps_search_text(Order, "service_name")
