"""Support's tables: the reference data admins manage (departments with their agents,
ticket types, criticalities with their SLA, customer organisations with their objects and
contracts, work types). The kit adds the outbox, the counters of ticket numbers (SQLite)
and the local copy of identity's people (:mod:`kit.people`)."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
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
