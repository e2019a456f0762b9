"""Hypothesis drives one order of a random kind through random sequences of what can happen
to it (issue 12): the client's and staff's actions, staff setting a status, billing's
payments (card, balance, a manager's cash; started, credited, failed; after a cancellation),
refunds, the auto-confirm timer and the end of a rental — each applied as orders' reactions
apply them (``handlers.reactions``), each payment admitted only by billing's money rules
(``services.billing.domain.money``).

After every step:
- the status is one of the kind's, and a closed order (done, cancelled) never moves again
  but for money coming back;
- what ``allowed``/``next_statuses`` offer is exactly what ``apply``/``staff_action_to``
  accept (the buttons and the rules cannot disagree);
- no order is paid beyond its total (nothing paid twice), nothing refunded beyond what was
  paid, a cancelled order holding money waits for its refund, a refunded one has it back;
- a payable order is confirmed (or further) only by its payment, an accepted prepayment or
  staff; ``pay`` is offered only while something remains to pay.
"""
from __future__ import annotations

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import money
from services.orders.domain import payments, states
from services.orders.domain.states import CANCELLED, CLIENT, CLOSED, KINDS, MACHINES, STAFF, STATUSES, SYSTEM, Facts

CLIENT_ACTIONS = sorted({t.action for machine in MACHINES.values() for t in machine if t.actor == CLIENT})
STAFF_ACTIONS = sorted({t.action for machine in MACHINES.values() for t in machine if t.actor == STAFF})
WORK_STATUSES = {"new", "in_progress", "done_awaiting_confirmation", "done", "cancelled"}
#: the only moves out of a closed order: money that arrives late, and its refund
MONEY_BACK = {"late_payment", "refund_completed"}


class OrderLife(RuleBasedStateMachine):
    @initialize(kind=st.sampled_from(KINDS), total=st.integers(1, 10 ** 7), cancellable=st.booleans(),
                prepayment_allowed=st.booleans(), min_prepayment=st.integers(0, 10 ** 7))
    def an_order(self, kind, total, cancellable, prepayment_allowed, min_prepayment):
        self.kind, self.status = kind, "new"
        self.total = total if kind in states.PAYABLE_KINDS else 0
        self.cancellable, self.prepayment_allowed = cancellable, prepayment_allowed
        self.min_prepayment = min(min_prepayment, self.total)
        self.paid = self.refunded = 0
        self.in_flight: tuple[str, int] | None = None   # a payment started, its outcome not known yet
        self.attended = False
        self.confirmed_by_staff = False
        self.billing_cancelled = False                   # billing heard order_cancelled

    # --- helpers ------------------------------------------------------------------------

    def facts(self) -> Facts:
        return Facts(paid=self.paid, total=self.total, cancellable=self.cancellable, attended=self.attended,
                     prepayment_allowed=self.prepayment_allowed, min_prepayment=self.min_prepayment)

    def move(self, action: str, actor: str) -> None:
        was_closed = self.status in CLOSED
        before = self.status
        self.status = states.apply(self.kind, self.status, action, self.facts(), actor=actor)
        assert not was_closed or action in MONEY_BACK, "a closed order moved: {} --{}--> {}".format(
            before, action, self.status)
        if states.is_cancellation(self.status) or self.status == "cancelled_payment_failed":
            self.billing_cancelled = True   # orders announces order_cancelled; billing takes no more payments

    def try_move(self, action: str, actor: str, offered: bool) -> None:
        before = self.status
        try:
            self.move(action, actor)
        except RuleBroken:
            assert self.status == before
            assert not offered, "{} was offered in {} but refused".format(action, before)
        else:
            assert offered, "{} was not offered in {} but accepted".format(action, before)

    # --- people -------------------------------------------------------------------------

    @rule(action=st.sampled_from(CLIENT_ACTIONS))
    def the_client_acts(self, action):
        self.try_move(action, CLIENT, action in states.allowed(self.kind, self.status, CLIENT, self.facts()))

    @rule(action=st.sampled_from(STAFF_ACTIONS))
    def staff_act(self, action):
        if action == "confirm" and action in states.allowed(self.kind, self.status, STAFF, self.facts()):
            self.confirmed_by_staff = True
        self.try_move(action, STAFF, action in states.allowed(self.kind, self.status, STAFF, self.facts()))

    @rule(wanted=st.sampled_from(STATUSES))
    def staff_set_the_status(self, wanted):
        offered = states.next_statuses(self.kind, self.status, self.facts())
        try:
            action = states.staff_action_to(self.kind, self.status, wanted, self.facts())
        except RuleBroken:
            assert wanted not in offered, "{} offered from {} but refused".format(wanted, self.status)
            return
        if action == "confirm":
            self.confirmed_by_staff = True
        self.move(action, STAFF)
        assert self.status in offered, "{} reached but never offered".format(self.status)

    @precondition(lambda self: self.kind == "event" and self.status in ("confirmed", "done"))
    @rule()
    def the_ticket_is_used(self):
        self.attended = True

    # --- billing ------------------------------------------------------------------------

    @precondition(lambda self: self.in_flight is None)
    @rule(method=st.sampled_from(["card", "saved_method", "balance"]), amount=st.integers(1, 10 ** 7))
    def the_client_pays(self, method, amount):
        """``POST /orders/{n}/pay``: orders says whether the order is payable, billing's
        rules say whether this amount may be paid."""
        if not states.may_pay(self.kind, self.status, self.facts()) or self.billing_cancelled:
            return
        try:
            money.check_order_payment(self.total, self.paid, amount, prepayment_allowed=self.prepayment_allowed,
                                      min_prepayment=self.min_prepayment)
        except (InputRuleBroken, RuleBroken):
            return
        if method == "balance":
            self.credited(method, amount)       # credited in the same transaction
        else:
            self.in_flight = (method, amount)
            if self.status == "new":            # billing's payment_started reaction
                self.move("payment_started", SYSTEM)

    @precondition(lambda self: self.in_flight is None)
    @rule(amount=st.integers(1, 10 ** 7))
    def a_manager_records_cash(self, amount):
        if not states.may_record_payment(self.kind, self.status, self.facts()) or self.billing_cancelled:
            return
        try:
            money.check_manager_payment(self.total, self.paid, amount)
        except (InputRuleBroken, RuleBroken):
            return
        self.credited("manager", amount)

    @precondition(lambda self: self.in_flight is not None)
    @rule()
    def the_provider_credits_it(self):
        method, amount = self.in_flight
        self.in_flight = None
        self.credited(method, amount)

    @precondition(lambda self: self.in_flight is not None)
    @rule()
    def the_provider_fails_it(self):
        self.in_flight = None
        if self.status == "new_payment_pending":   # reactions.payment_failed
            self.move("payment_failed_after_prepayment" if self.paid > 0 else "payment_failed", SYSTEM)

    def credited(self, method: str, amount: int) -> None:
        """reactions.payment_succeeded, with billing's running total."""
        self.paid += amount
        action = states.after_payment(self.status, method, self.facts(), fully_paid=self.paid >= self.total)
        if action is not None:
            self.move(action, SYSTEM)   # a reaction never meets a refused transition

    @precondition(lambda self: self.billing_cancelled and self.paid > self.refunded and self.in_flight is None)
    @rule()
    def billing_refunds_everything(self):
        """Billing refunds every credited payment of a cancelled order; the last refund says
        the order is fully refunded (reactions.refund_completed)."""
        self.refunded = self.paid
        if self.status == "cancelled_refund_pending":
            self.move("refund_completed", SYSTEM)

    # --- timers -------------------------------------------------------------------------

    @precondition(lambda self: self.status == "done_awaiting_confirmation")
    @rule()
    def the_auto_confirm_timer_fires(self):
        self.move("auto_confirm", SYSTEM)

    @precondition(lambda self: self.kind == "coworking" and self.status in ("confirmed", "in_progress"))
    @rule()
    def the_rental_ends(self):
        self.move("period_ended", SYSTEM)

    # --- what must always hold ----------------------------------------------------------

    @invariant()
    def the_status_is_one_of_the_kind(self):
        assert self.status in STATUSES
        if self.kind in states.WORK_KINDS:
            assert self.status in WORK_STATUSES and self.paid == 0

    @invariant()
    def no_money_is_paid_twice_or_lost(self):
        assert 0 <= self.refunded <= self.paid <= self.total, (self.refunded, self.paid, self.total)
        if self.status in ("cancelled", "cancelled_payment_failed"):
            assert self.paid == self.refunded, "a cancelled order keeps {} paid".format(self.paid - self.refunded)
        if self.status == "cancelled_refunded":
            assert self.refunded == self.paid > 0
        if self.status == "cancelled_refund_pending":
            assert self.paid > 0 or self.in_flight is not None

    @invariant()
    def confirmed_means_paid_prepaid_or_confirmed_by_staff(self):
        if self.kind in states.PAYABLE_KINDS and self.status in ("confirmed", "in_progress", "done"):
            paid_enough = self.paid >= self.total or (self.prepayment_allowed and 0 < self.paid
                                                       and self.paid >= self.min_prepayment)
            assert paid_enough or self.confirmed_by_staff, (self.status, self.paid, self.total)

    @invariant()
    def pay_is_offered_only_while_something_remains(self):
        actions = states.client_actions(self.kind, self.status, self.facts(), is_applicant=True)
        if "pay" in actions:
            assert self.paid < self.total and self.status not in CLOSED
        status = payments.payment_status(self.status, self.total, self.paid, self.refunded)
        assert status != "paid" or self.paid >= self.total
        assert status != "unpaid" or self.paid == 0
        if self.status in CANCELLED:
            assert status not in ("paid", "partially_paid") or self.paid == 0


OrderLife.TestCase.settings = settings(max_examples=200, stateful_step_count=30, derandomize=True, deadline=None,
                                       suppress_health_check=[HealthCheck.too_slow])
test_an_order_lives_by_its_rules = OrderLife.TestCase
