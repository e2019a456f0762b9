"""What identity publishes matches the contracts it declares (``uow.emit`` refuses the rest)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit import contracts
from services.identity import events
from services.identity.models import User

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def _user(**values) -> User:
    fields = {"id": "u1", "account_id": None, "email": None, "phone": "+79655776500", "first_name": "Марина",
              "last_name": "", "roles": ["client"], "language": "ru"}
    fields.update(values)
    return User(**fields)


@pytest.mark.parametrize("event_type", events.USER_EVENTS)
def test_a_person_not_yet_confirmed_has_no_account_and_may_have_no_e_mail(event_type):
    contracts.check("identity", event_type, events.user_changed(_user()))
    assert events.user_changed(_user())["full_name"] == "Марина"


def test_invitations_and_phone_codes_match_their_contracts():
    user = _user(email="m@example.com", phone=None)
    contracts.check("identity", "user_registration_requested", events.registration_requested(
        user, reason="invitation", channel="email", token="t" * 43, confirm_url="http://x/confirm?token=t",
        expires_at=T0, invited_by="u0"))
    contracts.check("identity", "phone_confirmation_requested", events.phone_code_requested(
        _user(), phone="+79655776500", code="123456", purpose="phone_confirm", expires_at=T0))


def test_a_payload_that_breaks_the_contract_is_refused():
    payload = events.phone_code_requested(_user(), phone="+79655776500", code="123456",
                                          purpose="phone_confirm", expires_at=T0)
    with pytest.raises(contracts.ContractBroken):
        contracts.check("identity", "phone_confirmation_requested", dict(payload, purpose="guess"))
    with pytest.raises(contracts.ContractBroken):
        contracts.check("identity", "user_updated", dict(events.user_changed(_user()), user_id=None))
