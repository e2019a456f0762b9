"""The events identity publishes: each one's schema (checked by ``uow.emit``) and the
builders that turn a user into its payload, and what identity reads of the events it
consumes: the other services' answers to personal-data requests (:mod:`kit.personal_data`)
and every service's ``action_recorded`` (the action log)."""
from __future__ import annotations

from datetime import datetime

from marshmallow import fields, validate

from kit import actions, personal_data
from kit.contracts import EventSchema, ReadSchema, published
from kit.schemas import DateTime
from services.identity.domain import people
from services.identity.models import User

#: the events that tell other services about a person (their local copies follow them)
USER_EVENTS = ("user_registered", "user_updated", "user_enabled", "user_disabled", "user_deleted")


class RegistrationRequested(EventSchema):
    """``user_registration_requested``: deliver the confirmation link (e-mail or SMS)."""

    user_id = fields.String(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(("self_registration", "invitation")),
                           metadata={"description": "self_registration | invitation"})
    channel = fields.String(required=True, validate=validate.OneOf(("email", "sms")),
                            metadata={"description": "email | sms"})
    email = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True)
    first_name = fields.String(required=True)
    language = fields.String(required=True)
    token = fields.String(required=True)
    confirm_url = fields.String(required=True)
    expires_at = DateTime(required=True)
    invited_by = fields.String(required=True, allow_none=True)


class PhoneCodeRequested(EventSchema):
    """``phone_confirmation_requested``: deliver ``code`` by SMS to ``phone``."""

    user_id = fields.String(required=True)
    phone = fields.String(required=True)
    code = fields.String(required=True)
    purpose = fields.String(required=True, validate=validate.OneOf(("phone_confirm", "phone_release")),
                            metadata={"description": "phone_confirm | phone_release"})
    language = fields.String(required=True)
    expires_at = DateTime(required=True)


class CompanyRef(EventSchema):
    id = fields.String(required=True)
    name = fields.String(required=True)


class UserChanged(EventSchema):
    """``user_registered``, ``user_updated``, ``user_disabled``, ``user_enabled``, ``user_deleted``:
    the person as they are now (``user_deleted``: as they were before deletion)."""

    user_id = fields.String(required=True)
    #: null while a self-registered person has not confirmed (their account comes then)
    account_id = fields.String(required=True, allow_none=True)
    email = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True)
    full_name = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    language = fields.String(required=True)
    #: the companies the person belongs to (support's customer organisations): [{id, name}]
    companies = fields.List(fields.Nested(CompanyRef), required=True)


class PersonalDataRequested(EventSchema):
    """``personal_data_export_requested``, ``person_erasure_requested`` (I6): every service
    that keeps something about the person answers (``kit.personal_data``)."""

    request_id = fields.String(required=True)
    user_id = fields.String(required=True)
    account_id = fields.String(required=True, allow_none=True)
    #: nobody else uses the person's account (billing erases the account's individual payers)
    sole_member = fields.Boolean(required=True)


class Attachment(EventSchema):
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    #: base64
    data = fields.String(required=True)


class ExportReady(EventSchema):
    """``personal_data_export_ready`` (I6): e-mail the CSV files to the person."""

    request_id = fields.String(required=True)
    user_id = fields.String(required=True)
    email = fields.String(required=True)
    first_name = fields.String(required=True)
    language = fields.String(required=True)
    #: opens once, until ``expires_at``
    download_url = fields.String(required=True)
    expires_at = DateTime(required=True)
    attachment = fields.Nested(Attachment, required=True)


class RestrictionChanged(EventSchema):
    """``processing_restriction_changed`` (I6): notifications sends a restricted person only
    essential notices."""

    user_id = fields.String(required=True)
    restricted = fields.Boolean(required=True)


PUBLISHED = published("identity", {
    actions.EVENT: actions.ActionRecorded,
    "user_registration_requested": RegistrationRequested,
    "phone_confirmation_requested": PhoneCodeRequested,
    **{event_type: UserChanged for event_type in USER_EVENTS},
    personal_data.EXPORT_REQUESTED: PersonalDataRequested,
    personal_data.ERASURE_REQUESTED: PersonalDataRequested,
    "personal_data_export_ready": ExportReady,
    "processing_restriction_changed": RestrictionChanged,
})


def user_changed(user: User) -> dict:
    return {"user_id": user.id, "account_id": user.account_id, "email": user.email,
            "phone": user.phone, "full_name": people.full_name(user.first_name, user.last_name),
            "roles": sorted(user.roles), "language": user.language,
            "companies": [{"id": c.id, "name": c.name} for c in user.companies]}


def registration_requested(user: User, *, reason: str, channel: str, token: str, confirm_url: str,
                           expires_at: datetime, invited_by: str | None) -> dict:
    return {
        "user_id": user.id, "reason": reason, "channel": channel, "email": user.email,
        "phone": user.phone, "first_name": user.first_name, "language": user.language,
        "token": token, "confirm_url": confirm_url,
        "expires_at": expires_at.isoformat(), "invited_by": invited_by,
    }


def phone_code_requested(user: User, *, phone: str, code: str, purpose: str, expires_at: datetime) -> dict:
    return {"user_id": user.id, "phone": phone, "code": code, "purpose": purpose,
            "language": user.language, "expires_at": expires_at.isoformat()}


def data_requested(request, sole_member: bool) -> dict:
    return {"request_id": request.id, "user_id": request.user_id, "account_id": request.account_id,
            "sole_member": sole_member}


def export_ready(request, user: User, *, download_url: str, content_b64: str) -> dict:
    return {"request_id": request.id, "user_id": user.id, "email": user.email, "first_name": user.first_name,
            "language": user.language, "download_url": download_url,
            "expires_at": request.download_expires_at.isoformat(),
            "attachment": {"filename": request.filename, "content_type": "application/zip", "data": content_b64}}


class ActionRead(ReadSchema):
    """What the action log reads of any service's ``action_recorded`` (kit.actions)."""

    action = fields.String(required=True)
    object_type = fields.String(required=True)
    object_id = fields.String(required=True)
    summary = fields.String(required=True)
    account_id = fields.String(allow_none=True)
    actor_id = fields.String(required=True)
    actor_account_id = fields.String(allow_none=True)
    actor_roles = fields.List(fields.String(), required=True)
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
