"""What a new ticket must be (domain/tickets.py) and its SLA (domain/sla.py)."""
from datetime import datetime, timedelta, timezone

import pytest

from kit.errors import InputRuleBroken
from services.support.domain import sla, tickets

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def test_the_sla_counts_from_creation():
    assert sla.due(T0, 240) == T0 + timedelta(hours=4)
    assert sla.due(T0, None) is None


def test_overdue_is_past_the_deadline_without_a_resolution():
    deadline = T0 + timedelta(hours=4)
    assert not sla.overdue(deadline, T0 + timedelta(hours=3), None)
    assert sla.overdue(deadline, T0 + timedelta(hours=5), None)
    assert not sla.overdue(deadline, T0 + timedelta(hours=5), T0 + timedelta(hours=1))
    assert sla.overdue(deadline, T0 + timedelta(hours=9), T0 + timedelta(hours=6))  # resolved late
    assert not sla.overdue(None, T0, None)


def test_the_department_decides_which_fields_are_required():
    tickets.check_form([], {"message": "Вопрос"})
    with pytest.raises(InputRuleBroken) as refused:
        tickets.check_form(["type_id", "object_id"], {"message": "Вопрос", "type_id": "t"})
    assert refused.value.errors == {"object_id": ["Required by this department."]}
    with pytest.raises(InputRuleBroken):
        tickets.check_form([], {"message": "  ", "description": ""})


def fit(**values):
    base = dict(organisation_id="org", member_of=["org"], object_org="org", contract_org="org",
                contract_objects=["boiler"], object_id="boiler")
    base.update(values)
    tickets.check_fit(**base)


@pytest.mark.parametrize("values, code", [
    ({"member_of": ["other"]}, "organisation_not_yours"),
    ({"object_org": "other"}, "object_not_of_organisation"),
    ({"contract_org": "other"}, "contract_not_of_organisation"),
    ({"contract_objects": ["lift"]}, "contract_does_not_cover_object"),
])
def test_references_must_fit_together(values, code):
    fit()
    with pytest.raises(InputRuleBroken) as refused:
        fit(**values)
    assert refused.value.code == code


def test_at_most_five_files():
    tickets.check_files(["a"] * 5)
    with pytest.raises(InputRuleBroken):
        tickets.check_files(["a"] * 6)
