"""Support's tables: the reference data admins manage (departments with their agents,
ticket types, criticalities with their SLA, customer organisations with their objects and
contracts, work types), tickets with their messages and attachments. The kit adds the outbox, the counters of ticket numbers (SQLite)
and the local copy of identity's people (:mod:`kit.people`)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kit.db import JsonType, UtcDateTime, new_metadata


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = new_metadata(numbers=True, people=True)


class Department(Base):
    """Where a ticket goes (manual 004 «Выберите отдел»), answered by its agents."""

    __tablename__ = "departments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: which of HubEx's fields a ticket to this department must have (domain/forms.py)
    required_fields: Mapped[list] = mapped_column(JsonType, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    agents: Mapped[list["DepartmentAgent"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                           order_by="DepartmentAgent.user_id")

    @property
    def agent_ids(self) -> list[str]:
        return [a.user_id for a in self.agents]


class DepartmentAgent(Base):
    """A support agent answering a department's tickets."""

    __tablename__ = "department_agents"

    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)

class TicketType(Base):
    """Заявка на ремонт, Гарантийный ремонт, Задача… (manual 003)."""

    __tablename__ = "ticket_types"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkType(Base):
    """Ремонт, Монтаж, Диагностика… (manual 003 «Виды работ»)."""

    __tablename__ = "work_types"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Criticality(Base):
    """Срочная, Несрочная… with its SLA: minutes to the first reply and to the resolution.
    The default one gives the SLA of a ticket that names none (manual 004's short form)."""

    __tablename__ = "criticalities"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    first_reply_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class Organisation(Base):
    """A customer organisation: one of identity's companies (its name as last announced)."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class OrganisationMember(Base):
    """Who belongs to a customer organisation, from identity's person events (``companies``)."""

    __tablename__ = "organisation_members"

    organisation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class SupportObject(Base):
    """An object or a piece of equipment of a customer organisation that is serviced (manual
    003 «Объект»: it goes into the act)."""

    __tablename__ = "objects"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Contract(Base):
    """A service contract of a customer organisation covering some of its objects (manual 003
    «Договор»)."""

    __tablename__ = "contracts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    objects: Mapped[list["ContractObject"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                           order_by="ContractObject.object_id")

    @property
    def object_ids(self) -> list[str]:
        return [o.object_id for o in self.objects]


class ContractObject(Base):
    __tablename__ = "contract_objects"

    contract_id: Mapped[str] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True)
    object_id: Mapped[str] = mapped_column(ForeignKey("objects.id"), primary_key=True)


#: the first ticket number people see (``kit.store.next_number(session, "ticket", …)``)
FIRST_TICKET_NUMBER = 100001


class Ticket(Base):
    """A support ticket (S1): manual 004's short form (department, subject, message) and
    HubEx's full one (type, criticality, organisation, object, work type, contract)."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("author_id", "request_key", name="uq_tickets_author_request"),
        # the scopes' alternatives (store.disjoint), newest first; what the list's count and
        # the analytics read and exclude is included, so PostgreSQL answers them from the index
        Index("ix_tickets_organisation_created", "organisation_id", "created_at",
              postgresql_include=["number", "status", "object_id", "deadline", "resolved_at", "author_id"]),
        Index("ix_tickets_department_created", "department_id", "created_at",
              postgresql_include=["number", "status", "object_id", "deadline", "resolved_at", "assignee_id",
                                  "organisation_id"]),
        Index("ix_tickets_author_created", "author_id", "created_at",
              postgresql_include=["number", "status", "object_id", "deadline", "resolved_at"]),
        Index("ix_tickets_status_deadline", "status", "deadline"),
        Index("ix_tickets_first_reply_due", "first_reply_due"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id"))
    subject: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    type_id: Mapped[str | None] = mapped_column(ForeignKey("ticket_types.id"))
    criticality_id: Mapped[str | None] = mapped_column(ForeignKey("criticalities.id"))
    work_type_id: Mapped[str | None] = mapped_column(ForeignKey("work_types.id"))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"))
    object_id: Mapped[str | None] = mapped_column(ForeignKey("objects.id"))
    contract_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"))
    #: the order it is about (manual 003 «номер заказа») or the service (manual 004 «id услуги»)
    order_number: Mapped[int | None] = mapped_column(BigInteger)
    service_id: Mapped[str | None] = mapped_column(String(100))
    author_id: Mapped[str] = mapped_column(String(36))
    account_id: Mapped[str | None] = mapped_column(String(36))
    assignee_id: Mapped[str | None] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(30))
    #: the criticality's SLA at creation: the first staff reply and the resolution (the deadline)
    first_reply_due: Mapped[datetime | None] = mapped_column(UtcDateTime())
    deadline: Mapped[datetime | None] = mapped_column(UtcDateTime())
    first_replied_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: when the department was warned that the SLA's first reply / resolution was missed (once each)
    first_reply_warned_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    deadline_warned_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: sequence number of the last chat message
    message_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: the Idempotency-Key of the request that created it: a retried request finds it
    request_key: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TicketMessage(Base):
    """A message of a ticket's chat (S3): the customer's, staff's or the system's."""

    __tablename__ = "ticket_messages"
    __table_args__ = (
        UniqueConstraint("ticket_id", "seq", name="uq_ticket_messages_ticket_seq"),
        UniqueConstraint("author_id", "request_key", name="uq_ticket_messages_author_request"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str | None] = mapped_column(String(36))
    #: client | staff | system
    author_kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    request_key: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    attachments: Mapped[list["Attachment"]] = relationship(lazy="selectin", order_by="Attachment.created_at")


class Attachment(Base):
    """A file (kit/attachments.py) uploaded for a ticket or a message; ≤ 5 per message."""

    __tablename__ = "attachments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    uploader_id: Mapped[str] = mapped_column(String(36), index=True)
    message_id: Mapped[str | None] = mapped_column(ForeignKey("ticket_messages.id", ondelete="SET NULL"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TicketRead(Base):
    """One person's place in a ticket's chat: read up to ``last_read_seq``, and the unread
    count, changed in the same transaction as every message (badges never drift)."""

    __tablename__ = "ticket_reads"

    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    #: client | staff
    side: Mapped[str] = mapped_column(String(10))
    last_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    unread: Mapped[int] = mapped_column(Integer, default=0)


class Act(Base):
    """The completed-works act of a ticket (S5, manual 003 «Акт выполненных работ»): the
    executor's works; once the customer accepts it (who, when) it is frozen."""

    __tablename__ = "acts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), unique=True)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="RUB")
    issued_by: Mapped[str] = mapped_column(String(36))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    accepted_by: Mapped[str | None] = mapped_column(String(36))
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    works: Mapped[list["ActWork"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                  order_by="ActWork.position")


class ActWork(Base):
    """One line of the act: name, quantity (thousandths), unit, price and total (kopecks)."""

    __tablename__ = "act_works"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    act_id: Mapped[str] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    quantity_milli: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(20))
    price: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)


class TelegramLink(Base):
    """A person's Telegram username for the support bot (manual 004 «Настройка работы с
    Telegram»: the username, «Включить работу с поддержкой»); ``/start`` from it confirms."""

    __tablename__ = "telegram_links"

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    #: lower case, without @
    username: Mapped[str] = mapped_column(String(64), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BotConversation(Base):
    """Where a chat with the support bot stands (a reply or a new ticket being written): kept
    in the database, so a restart of the service loses nothing."""

    __tablename__ = "bot_conversations"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36))
    #: idle | reply | new_subject | new_service | new_messages (domain/bot.py)
    state: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict] = mapped_column(JsonType, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BotUpdate(Base):
    """Telegram updates handled once: a redelivered update changes nothing."""

    __tablename__ = "bot_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
