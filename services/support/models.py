"""Support's tables: the reference data admins manage (departments with their agents,
ticket types, criticalities with their SLA, customer organisations with their objects and
contracts, work types). The kit adds the outbox, the counters of ticket numbers (SQLite)
and the local copy of identity's people (:mod:`kit.people`)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
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

#: the first ticket number people see (``kit.store.next_number(session, "ticket", …)``)
FIRST_TICKET_NUMBER = 100001
