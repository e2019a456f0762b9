"""Which fields a ticket form needs (domain/forms.py)."""
import pytest

from kit.errors import InputRuleBroken
from services.support.domain import forms


def test_a_department_requires_known_hubex_fields_in_the_forms_order():
    assert forms.check_required_fields(["contract_id", "object_id", "type_id"]) == ["type_id", "object_id", "contract_id"]
    assert forms.check_required_fields([]) == []


def test_an_unknown_field_is_refused():
    with pytest.raises(InputRuleBroken) as raised:
        forms.check_required_fields(["type_id", "colour"])
    assert raised.value.code == "unknown_field" and raised.value.field == "required_fields"


def test_missing_fields_are_named():
    assert forms.missing_fields(["type_id", "object_id"], {"type_id": "x", "object_id": None}) == {
        "object_id": ["Required by this department."]}
