"""Notifications' event contracts: it publishes none, and reads the events its routing
table lists.

What a notice reads of its event: the fields the routing row picks people with, the
fields its built-in texts (``domain/messages.py``) show, the event's ``account_id`` for
N5's inbox copies, and those of :data:`PUSH_DATA_FIELDS` the producer publishes (a push
message carries them). A field is ``required`` only where the notice cannot be made
without it (who to tell, what it is about, the link or code it exists for); everything
else may be missing or null, and the notice copes. (The inbox keeps the event's data as
it came, and operators' template overrides may use any of it: those are passed through,
not read.)

The five identity person events are read by :class:`kit.people.PeopleProjection`.
"""
from __future__ import annotations

from marshmallow import fields

from kit.contracts import ReadSchema, published

#: notifications publishes no events
PUBLISHED = published("notifications", {})

#: event fields a push message carries as data (besides type, event id and link)
PUSH_DATA_FIELDS = ("order_number", "ticket_number", "message_id", "payment_id", "refund_id", "account_id")


def _needed():
    return fields.Raw(required=True)


def _if_any():
    return fields.Raw(allow_none=True)


# --- identity --------------------------------------------------------------------------

class RegistrationRequestedRead(ReadSchema):
    user_id = _needed()
    channel = _needed()
    confirm_url = _needed()
    email = _if_any()
    phone = _if_any()
    first_name = _if_any()
    language = _if_any()
    reason = _if_any()
    expires_at = _if_any()


class PhoneCodeRequestedRead(ReadSchema):
    user_id = _needed()
    phone = _needed()
    code = _needed()
    purpose = _if_any()
    language = _if_any()


# --- orders ----------------------------------------------------------------------------

class OrderCreatedRead(ReadSchema):
    order_number = _needed()
    service_name = _needed()
    applicant_id = _needed()
    executor_id = _if_any()
    manager_ids = _if_any()
    created_by = _if_any()
    account_id = _if_any()
    total = _if_any()
    currency = _if_any()
    status = _if_any()


class OrderStatusChangedRead(ReadSchema):
    order_number = _needed()
    applicant_id = _needed()
    to_status = _needed()
    executor_id = _if_any()
    changed_by = _if_any()
    service_name = _if_any()
    from_status = _if_any()
    reason = _if_any()
    account_id = _if_any()


class OrderReturnedToWorkRead(ReadSchema):
    order_number = _needed()
    executor_id = _if_any()
    manager_ids = _if_any()
    service_name = _if_any()
    comment = _if_any()


class ChatMessagePostedRead(ReadSchema):
    order_number = _needed()
    message_id = _needed()
    author_kind = _needed()
    visibility = _needed()
    author_id = _if_any()
    text = _if_any()
    applicant_id = _if_any()
    executor_id = _if_any()
    manager_ids = _if_any()
    attachment_count = _if_any()
    account_id = _if_any()


class OrderCancelledRead(ReadSchema):
    order_number = _needed()
    applicant_id = _needed()
    refund_required = _needed()
    paid = _if_any()
    currency = _if_any()
    account_id = _if_any()


class AccessSharedRead(ReadSchema):
    order_number = _needed()
    user_ids = _needed()
    service_name = _if_any()
    shared_by = _if_any()
    starts_at = _if_any()
    ends_at = _if_any()


class TicketIssuedRead(ReadSchema):
    ticket_number = _needed()
    order_number = _needed()
    visitor_id = _needed()
    service_name = _if_any()
    space_name = _if_any()
    workplace_name = _if_any()
    starts_at = _if_any()
    ends_at = _if_any()


class TicketVisitorChangedRead(ReadSchema):
    ticket_number = _needed()
    order_number = _needed()
    visitor_id = _needed()
    changed_by = _if_any()
    service_name = _if_any()
    starts_at = _if_any()
    ends_at = _if_any()


class TicketValidationResetRead(ReadSchema):
    ticket_number = _needed()
    order_number = _needed()
    visitor_id = _needed()
    reset_by = _if_any()
    service_name = _if_any()


class AccessRevokedRead(ReadSchema):
    order_number = _needed()
    user_id = _needed()
    service_name = _if_any()
    revoked_by = _if_any()


class OrderAssignedRead(ReadSchema):
    order_number = _needed()
    #: null when staff take the executor away: then nobody is told
    executor_id = _if_any()
    service_name = _if_any()
    assigned_by = _if_any()


# --- support ---------------------------------------------------------------------------

class TicketCreatedRead(ReadSchema):
    ticket_number = _needed()
    subject = _needed()
    agent_ids = _needed()
    author_id = _if_any()
    department_name = _if_any()
    text = _if_any()
    deadline = _if_any()
    account_id = _if_any()


class TicketMessagePostedRead(ReadSchema):
    ticket_number = _needed()
    message_id = _needed()
    author_kind = _needed()
    author_id = _if_any()
    customer_id = _if_any()
    assignee_id = _if_any()
    agent_ids = _if_any()
    text = _if_any()
    attachment_count = _if_any()


class TicketStatusChangedRead(ReadSchema):
    ticket_number = _needed()
    to_status = _needed()
    customer_id = _needed()
    action = _if_any()
    changed_by = _if_any()
    subject = _if_any()
    from_status = _if_any()


class TicketAssignedRead(ReadSchema):
    ticket_number = _needed()
    #: null when staff take the assignee away: then nobody is told
    assignee_id = _if_any()
    assigned_by = _if_any()
    subject = _if_any()


class TicketSlaBreachedRead(ReadSchema):
    ticket_number = _needed()
    kind = _needed()
    agent_ids = _needed()
    assignee_id = _if_any()
    subject = _if_any()
    due_at = _if_any()
    department_name = _if_any()


class TicketActIssuedRead(ReadSchema):
    ticket_number = _needed()
    customer_id = _needed()
    issued_by = _if_any()
    subject = _if_any()
    total = _if_any()
    currency = _if_any()


class TicketActAcceptedRead(ReadSchema):
    ticket_number = _needed()
    agent_ids = _needed()
    assignee_id = _if_any()
    accepted_by = _if_any()
    accepted_at = _if_any()
    subject = _if_any()
    total = _if_any()
    currency = _if_any()


# --- billing ---------------------------------------------------------------------------

class PaymentStartedRead(ReadSchema):
    """Its row tells nobody (the payer is on the payment page): only its texts would read."""

    payment_id = _if_any()
    payment_number = _if_any()
    account_id = _if_any()
    order_number = _if_any()
    amount = _if_any()
    currency = _if_any()


class PaymentSucceededRead(ReadSchema):
    payment_id = _needed()
    account_id = _needed()
    amount = _needed()
    user_id = _if_any()
    payment_number = _if_any()
    order_number = _if_any()
    currency = _if_any()
    order_remaining = _if_any()


class PaymentFailedRead(ReadSchema):
    payment_id = _needed()
    account_id = _needed()
    amount = _needed()
    user_id = _if_any()
    order_number = _if_any()
    currency = _if_any()
    reason = _if_any()


class RefundCompletedRead(ReadSchema):
    amount = _needed()
    #: null in billing's zero refund of an order it never received money for
    account_id = _if_any()
    refund_id = _if_any()
    payment_id = _if_any()
    user_id = _if_any()
    order_number = _if_any()
    currency = _if_any()
    destination = _if_any()


class BalanceLowRead(ReadSchema):
    account_id = _needed()
    balance = _needed()
    threshold = _needed()
    currency = _if_any()


class ServiceRead(ReadSchema):
    """billing's service events (B7, B12): whose service it is and what it is."""

    service_id = _needed()
    service_number = _needed()
    service_name = _needed()
    account_id = _needed()
    user_id = _if_any()
    expires_at = _if_any()


class ServiceRenewedRead(ServiceRead):
    amount = _if_any()
    currency = _if_any()
    automatic = _if_any()


class ServiceRenewalFailedRead(ServiceRead):
    amount = _if_any()
    currency = _if_any()
    reason = _if_any()
    retry_at = _if_any()


class ServiceSuspendedRead(ServiceRead):
    reason = _if_any()


class AutopayRead(ReadSchema):
    account_id = _needed()
    amount = _needed()
    user_id = _if_any()
    currency = _if_any()
    reason = _if_any()


class InvoiceRead(ReadSchema):
    account_id = _needed()
    invoice_number = _needed()
    amount = _needed()
    paid = _if_any()
    currency = _if_any()
    due_on = _if_any()
    block_on = _if_any()
    stage = _if_any()


class OrderInvoiceRead(ReadSchema):
    """billing's order invoice events: whom to tell and what the notice says."""

    account_id = _needed()
    user_id = _if_any()
    invoice_number = _if_any()
    order_number = _needed()
    amount = _needed()
    currency = _if_any()
    payer_name = _if_any()
    service_name = _if_any()
    due_on = _if_any()


class AccountBlockedRead(ReadSchema):
    account_id = _needed()
    invoice_number = _if_any()
    overdue = _if_any()
    currency = _if_any()


class AccountUnblockedRead(ReadSchema):
    account_id = _needed()


#: (source, type) → what notifications reads of it: one entry per row of the routing table
READS: dict[tuple[str, str], type[ReadSchema]] = {
    ("identity", "user_registration_requested"): RegistrationRequestedRead,
    ("identity", "phone_confirmation_requested"): PhoneCodeRequestedRead,
    ("orders", "order_created"): OrderCreatedRead,
    ("orders", "order_status_changed"): OrderStatusChangedRead,
    ("orders", "order_returned_to_work"): OrderReturnedToWorkRead,
    ("orders", "chat_message_posted"): ChatMessagePostedRead,
    ("orders", "order_cancelled"): OrderCancelledRead,
    ("orders", "access_shared"): AccessSharedRead,
    ("orders", "access_revoked"): AccessRevokedRead,
    ("orders", "order_assigned"): OrderAssignedRead,
    ("coworking", "ticket_issued"): TicketIssuedRead,
    ("coworking", "ticket_visitor_changed"): TicketVisitorChangedRead,
    ("coworking", "ticket_validation_reset"): TicketValidationResetRead,
    ("support", "ticket_created"): TicketCreatedRead,
    ("support", "ticket_message_posted"): TicketMessagePostedRead,
    ("support", "ticket_status_changed"): TicketStatusChangedRead,
    ("support", "ticket_assigned"): TicketAssignedRead,
    ("support", "ticket_sla_breached"): TicketSlaBreachedRead,
    ("support", "ticket_act_issued"): TicketActIssuedRead,
    ("support", "ticket_act_accepted"): TicketActAcceptedRead,
    ("billing", "payment_started"): PaymentStartedRead,
    ("billing", "payment_succeeded"): PaymentSucceededRead,
    ("billing", "payment_failed"): PaymentFailedRead,
    ("billing", "refund_completed"): RefundCompletedRead,
    ("billing", "balance_low"): BalanceLowRead,
    ("billing", "service_activated"): ServiceRead,
    ("billing", "service_renewed"): ServiceRenewedRead,
    ("billing", "service_renewal_failed"): ServiceRenewalFailedRead,
    ("billing", "service_suspended"): ServiceSuspendedRead,
    ("billing", "autopay_charged"): AutopayRead,
    ("billing", "autopay_failed"): AutopayRead,
    ("billing", "invoice_issued"): InvoiceRead,
    ("billing", "invoice_reminder"): InvoiceRead,
    ("billing", "account_blocked"): AccountBlockedRead,
    ("billing", "account_unblocked"): AccountUnblockedRead,
    ("billing", "order_invoice_requested"): OrderInvoiceRead,
    ("billing", "order_invoice_issued"): OrderInvoiceRead,
}
