"""The credit-limit cycle as plain functions (B9): the invoice calendar of December → January,
February, a month of 31 days, a DST change in another BILLING_TIMEZONE; each notice once;
money paying the oldest invoice first; the block matrix, each cell; the dashboard."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from kit.errors import RuleBroken
from services.billing.domain import credit

MOSCOW, BERLIN = ZoneInfo("Europe/Moscow"), ZoneInfo("Europe/Berlin")


def test_december_on_credit_is_invoiced_on_the_first_of_january():
    # 31 December 21:30 UTC is 1 January 00:30 in Moscow: the new month has begun there
    now = datetime(2026, 12, 31, 21, 30, tzinfo=timezone.utc)
    day = credit.today(now, MOSCOW)
    assert day == date(2027, 1, 1) and credit.previous_month(credit.month_start(day)) == date(2026, 12, 1)
    schedule = credit.Schedule.of_month(credit.month_start(day))
    assert (schedule.issued_on, schedule.due_on, schedule.block_on) == (date(2027, 1, 1), date(2027, 1, 15),
                                                                        date(2027, 1, 30))
    assert schedule.stage_days() == {"due_soon": date(2027, 1, 12), "overdue": date(2027, 1, 16),
                                     "block_soon": date(2027, 1, 25), "blocked": date(2027, 1, 30)}
    assert credit.local_midnight(date(2027, 1, 1), MOSCOW) == datetime(2026, 12, 31, 21, tzinfo=timezone.utc)


@pytest.mark.parametrize("first, block_on", [
    (date(2027, 2, 1), date(2027, 2, 28)), (date(2028, 2, 1), date(2028, 2, 29)),
    (date(2027, 3, 1), date(2027, 3, 30)), (date(2027, 4, 1), date(2027, 4, 30)),
])
def test_the_block_day_is_the_30th_or_the_last_day_of_february(first, block_on):
    assert credit.Schedule.of_month(first).block_on == block_on


def test_february_notices_come_on_their_days():
    schedule = credit.Schedule.of_month(date(2027, 2, 1))
    assert schedule.stage_days()["block_soon"] == date(2027, 2, 23)
    assert schedule.stage_days()["blocked"] == date(2027, 2, 28)


def test_a_dst_change_in_another_timezone_moves_the_utc_moment_not_the_day():
    # Berlin leaves summer time on 31 October 2027: its midnights are 22:00 UTC before, 23:00 after
    assert credit.local_midnight(date(2027, 10, 30), BERLIN) == datetime(2027, 10, 29, 22, tzinfo=timezone.utc)
    assert credit.local_midnight(date(2027, 11, 1), BERLIN) == datetime(2027, 10, 31, 23, tzinfo=timezone.utc)
    # and enters it on 28 March 2027
    assert credit.local_midnight(date(2027, 3, 30), BERLIN) == datetime(2027, 3, 29, 22, tzinfo=timezone.utc)
    assert credit.today(datetime(2027, 10, 31, 22, 59, tzinfo=timezone.utc), BERLIN) == date(2027, 10, 31)
    assert credit.today(datetime(2027, 10, 31, 23, 0, tzinfo=timezone.utc), BERLIN) == date(2027, 11, 1)


def test_each_notice_once_and_a_job_that_was_down_sends_the_missed_ones_once():
    schedule = credit.Schedule.of_month(date(2027, 1, 1))
    assert credit.notices_due(schedule, date(2027, 1, 11), set()) == []
    assert credit.notices_due(schedule, date(2027, 1, 12), set()) == ["due_soon"]
    assert credit.notices_due(schedule, date(2027, 1, 13), {"due_soon"}) == []
    assert credit.notices_due(schedule, date(2027, 1, 26), {"due_soon"}) == ["overdue", "block_soon"]
    assert credit.next_stage_day(schedule, {"due_soon", "overdue", "block_soon"}) == date(2027, 1, 30)
    assert credit.next_stage_day(schedule, set(credit.STAGES)) is None
    assert schedule.overdue(date(2027, 1, 16)) and not schedule.overdue(date(2027, 1, 15))


def test_money_pays_the_oldest_invoice_first():
    assert credit.apply_money(5000, [3000, 4000]) == [3000, 2000]
    assert credit.apply_money(10000, [3000, 4000]) == [3000, 4000]
    assert [credit.status_of(100, p) for p in (0, 50, 100)] == ["to_pay", "partially_paid", "paid"]


@pytest.mark.parametrize("action, allowed", sorted(credit.WHILE_BLOCKED.items()))
def test_the_block_matrix_each_cell(action, allowed):
    credit.check_allowed(False, action)   # nothing is refused while not blocked
    if allowed:
        credit.check_allowed(True, action)
    else:
        with pytest.raises(RuleBroken) as refused:
            credit.check_allowed(True, action)
        assert refused.value.code == "account_blocked"


def test_the_matrix_is_the_manuals():
    assert {a for a, ok in credit.WHILE_BLOCKED.items() if not ok} == {"pay_service", "renew_by_hand",
                                                                        "auto_renew_balance"}
    assert {a for a, ok in credit.WHILE_BLOCKED.items() if ok} == {"top_up", "auto_renew_method"}


def test_the_dashboard():
    assert credit.dashboard(500000, -100000, False, 0, 100000, 0) == {
        "overdue": 0, "awaiting_payment": 100000, "spent": 0, "available_credit": 400000, "unavailable": 0}
    blocked = credit.dashboard(500000, -150000, True, 80000, 0, 70000)
    assert (blocked["available_credit"], blocked["unavailable"], blocked["overdue"]) == (0, 350000, 80000)
