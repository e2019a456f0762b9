"""The ticket's state machine (domain/states.py): one table refuses and lists actions; the
status the customer sees follows from it and their unread messages (manual 004)."""
import pytest

from kit.errors import RuleBroken
from services.support.domain import states


def test_the_happy_path_of_a_ticket():
    status = states.apply("new", "take", "staff")
    assert status == "in_progress"
    assert states.after_message(status, "staff") == "staff_reply"
    status = states.apply(status, "staff_reply", "system")
    assert status == "awaiting_customer"
    assert states.after_message(status, "client") == "customer_reply"
    status = states.apply(status, "resolve", "staff")
    assert states.actions(status, "client") == ["archive"]
    assert states.apply(status, "archive", "client") == "closed"


@pytest.mark.parametrize("status, action, actor", [
    ("new", "archive", "client"),          # nothing to archive before an answer
    ("in_progress", "archive", "client"),
    ("closed", "reopen", "staff"),
    ("resolved", "take", "staff"),
    ("new", "resolve", "client"),          # the customer does not resolve
    ("awaiting_customer", "close", "client"),
    ("new", "fly", "staff"),
])
def test_illegal_changes_are_refused(status, action, actor):
    with pytest.raises(RuleBroken) as refused:
        states.apply(status, action, actor)
    assert refused.value.code == "ticket_transition_not_allowed"


def test_the_table_lists_what_each_side_may_do():
    assert states.actions("new", "staff") == ["take", "await_customer", "resolve", "close"]
    assert states.actions("resolved", "staff") == ["reopen", "close"]
    assert states.actions("closed", "staff") == [] and states.actions("closed", "client") == []
    assert states.actions("in_progress", "client") == []
    for status in states.STATUSES:
        for side in ("client", "staff"):
            for action in states.actions(status, side):
                states.apply(status, action, side)  # whatever is offered is allowed


def test_a_patch_names_the_status_and_the_table_finds_the_action():
    assert states.for_target("resolved", "in_progress") == "reopen"
    assert states.for_target("new", "closed") == "close"
    with pytest.raises(RuleBroken):
        states.for_target("closed", "in_progress")


def test_a_closed_ticket_takes_no_messages_and_others_may_stay():
    with pytest.raises(RuleBroken) as refused:
        states.after_message("closed", "client")
    assert refused.value.code == "ticket_closed"
    assert states.after_message("in_progress", "client") is None
    assert states.after_message("resolved", "staff") is None


@pytest.mark.parametrize("status, unread, seen", [
    ("new", 0, "under_review"), ("in_progress", 0, "under_review"), ("in_progress", 2, "new_messages"),
    ("awaiting_customer", 0, "awaiting_reply"), ("resolved", 0, "awaiting_reply"),
    ("resolved", 1, "new_messages"), ("closed", 3, "closed"),
])
def test_what_the_customer_sees(status, unread, seen):
    assert states.client_status(status, unread) == seen
    assert states.client_label(seen, "ru") in ("Есть новые сообщения", "Находится на рассмотрении",
                                               "Ожидает вашего ответа", "Просмотрен")
