"""Identity's tables: accounts, users, credentials' one-time codes, refresh tokens,
companies and communities with their members, personal-data requests (I6)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kit.db import JsonType, UtcDateTime, new_metadata


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = new_metadata()


class Account(Base):
    """A customer: several users with rights; its first user is the owner."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    owner_user_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # Partial-name search (I5) stays fast at 100k users: LIKE '%term%' uses trigrams.
        Index("ix_users_search_name_trgm", "search_name", postgresql_using="gin",
              postgresql_ops={"search_name": "gin_trgm_ops"}),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    phone_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    #: "first last" case-folded with ё→е; trigram-indexed on PostgreSQL (migration 0001)
    search_name: Mapped[str] = mapped_column(String(201), default="")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    #: pending (registered, not confirmed) | active | disabled | deleted
    status: Mapped[str] = mapped_column(String(20), default="pending")
    roles: Mapped[list] = mapped_column(JsonType, default=list)
    rights: Mapped[list] = mapped_column(JsonType, default=list)
    language: Mapped[str] = mapped_column(String(5), default="ru")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    #: I6: the person restricted the processing of their data (no marketing, no
    #: non-essential notifications)
    processing_restricted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    account: Mapped[Account | None] = relationship(lazy="joined")
    companies: Mapped[list["Company"]] = relationship(secondary="company_members", lazy="selectin",
                                                      order_by="Company.name")
    communities: Mapped[list["Community"]] = relationship(secondary="community_members",
                                                          lazy="selectin", order_by="Community.name")

    @property
    def is_owner(self) -> bool:
        return self.account is not None and self.account.owner_user_id == self.id


class VerificationCode(Base):
    """A one-time secret sent to the user: registration link or phone code (stored hashed)."""

    __tablename__ = "verification_codes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    #: register | phone_confirm | phone_release
    purpose: Mapped[str] = mapped_column(String(20))
    #: SHA-256 of the link token, or of "<user id>:<code>" for six-digit codes
    digest: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str | None] = mapped_column(String(254))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class RefreshToken(Base):
    """Rotating refresh tokens; a family is one login. Reusing a rotated token revokes it."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class _Group:
    """Companies and communities look alike: a unique name, searchable by part of it."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    search_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Company(_Group, Base):
    __tablename__ = "companies"


class Community(_Group, Base):
    __tablename__ = "communities"


class CompanyMember(Base):
    __tablename__ = "company_members"
    __table_args__ = (Index("ix_company_members_user", "user_id"),)

    company_id: Mapped[str] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class CommunityMember(Base):
    __tablename__ = "community_members"
    __table_args__ = (Index("ix_community_members_user", "user_id"),)

    community_id: Mapped[str] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class DataRequest(Base):
    """I6: a person's request about their data — ``export`` (CSV files e-mailed and
    downloadable once), ``erase`` (every service erases or anonymizes), ``restrict`` /
    ``lift_restriction`` (of processing). Its parts say how far each service is."""

    __tablename__ = "data_requests"
    __table_args__ = (Index("ix_data_requests_user_created", "user_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36))
    account_id: Mapped[str | None] = mapped_column(String(36))
    #: export | erase | restrict | lift_restriction
    kind: Mapped[str] = mapped_column(String(20))
    #: in_progress | ready (export: sent, not downloaded) | downloaded | expired | done
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: export: the ZIP of CSV files until it is downloaded or expires
    file: Mapped[bytes | None] = mapped_column(LargeBinary)
    filename: Mapped[str | None] = mapped_column(String(100))
    #: SHA-256 of the one-time download token (the token itself is only in the e-mail)
    download_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    download_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    downloaded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    parts: Mapped[list["DataRequestPart"]] = relationship(lazy="selectin", order_by="DataRequestPart.service",
                                                          cascade="all, delete-orphan")


class DataRequestPart(Base):
    """One service's part of an export or erasure: ``pending`` until it answers, then ``done``."""

    __tablename__ = "data_request_parts"

    request_id: Mapped[str] = mapped_column(ForeignKey("data_requests.id", ondelete="CASCADE"), primary_key=True)
    service: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    #: export: the service's tables until the file is built; erasure: what it erased
    content: Mapped[dict | None] = mapped_column(JsonType)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
class ActionEntry(Base):
    """One entry of the action log (issue 13, manual 004's list of actions): a person's change
    as the service that made it announced it (``<service>.action_recorded``). Append-only:
    nothing updates or deletes a row (the migration's triggers refuse it); the event's id is
    the key, so a redelivered event records once."""

    __tablename__ = "action_log"
    __table_args__ = (
        Index("ix_action_log_account_occurred", "account_id", "occurred_at"),
        Index("ix_action_log_occurred", "occurred_at"),
        Index("ix_action_log_actor", "actor_id"),
        Index("ix_action_log_object", "object_type", "object_id"),
    )

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
    service: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(String(500))
    #: the summary, the actor's name, the action and the object's id, folded in Python
    #: (``kit.people.search_text``, written with the row): what ``q`` searches
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: the customer account the object belongs to (its administrator sees the entry)
    account_id: Mapped[str | None] = mapped_column(String(36))
    actor_id: Mapped[str] = mapped_column(String(36))
    actor_account_id: Mapped[str | None] = mapped_column(String(36))
    #: the actor's name when the entry was recorded (it stays if they are renamed or deleted)
    actor_name: Mapped[str] = mapped_column(String(300))
    actor_roles: Mapped[list] = mapped_column(JsonType)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class ActionLogErasure(Base):
    """The one door in the action log's append-only wall (migration 0006): while a person's
    erasure runs, its transaction holds their row here — inserted and removed within it, so
    no other transaction ever sees one — and the database lets it pseudonymise the entries
    they made or that are about them (name, address, client, summary; nothing else)."""

    __tablename__ = "action_log_erasures"

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
