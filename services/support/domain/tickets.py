"""What a new ticket must be (S1): the fields its department requires, references that fit
together (the object is the organisation's, the contract covers the object), at most five
files."""
from __future__ import annotations

from kit.errors import InputRuleBroken
from services.support.domain import forms

#: manual 004 (Telegram): «Можно прикрепить до 5 файлов»; the portal's form the same
MAX_FILES = 5


def check_form(required: list[str], data: dict) -> None:
    missing = forms.missing_fields(required, data)
    if missing:
        raise InputRuleBroken("fields_required", "This department needs more about the ticket", errors=missing)
    if not (data.get("message") or "").strip() and not (data.get("description") or "").strip():
        raise InputRuleBroken("fields_required", "Describe the problem", field="message")


def check_fit(*, organisation_id: str | None, member_of: list[str], object_org: str | None,
              contract_org: str | None, contract_objects: list[str] | None, object_id: str | None) -> None:
    """The organisation is the author's; the object and the contract are the organisation's;
    the contract covers the object (manual 003: «соглашение, в рамках которого обслуживается
    выбранное оборудование»)."""
    if organisation_id and organisation_id not in member_of:
        raise InputRuleBroken("organisation_not_yours", "You do not belong to this organisation",
                              field="organisation_id")
    if object_org is not None and object_org != organisation_id:
        raise InputRuleBroken("object_not_of_organisation", "The object is not the organisation's", field="object_id")
    if contract_org is not None:
        if contract_org != organisation_id:
            raise InputRuleBroken("contract_not_of_organisation", "The contract is not the organisation's",
                                  field="contract_id")
        if object_id and object_id not in (contract_objects or []):
            raise InputRuleBroken("contract_does_not_cover_object", "The contract does not cover this object",
                                  field="contract_id")


def check_files(attachment_ids: list[str]) -> None:
    if len(attachment_ids) > MAX_FILES:
        raise InputRuleBroken("too_many_files", "At most {} files".format(MAX_FILES), field="attachment_ids")
