"""Named errors of orders; each crosses RPC as its kind with its code."""
from kit.errors import Conflict, Forbidden, NotFound, ValidationFailed


class OrderNotFound(NotFound):
    code = "order_not_found"


class ServiceNotFound(NotFound):
    code = "service_not_found"


class AttachmentNotFound(NotFound):
    code = "attachment_not_found"


class MessageNotFound(NotFound):
    code = "message_not_found"


class ShareLinkNotFound(NotFound):
    code = "share_link_not_found"


class TicketNotFound(NotFound):
    code = "ticket_not_found"


class UserUnknown(ValidationFailed):
    code = "user_unknown"


class InvalidOrder(ValidationFailed):
    code = "validation_failed"


class TransitionNotAllowed(Conflict):
    code = "order_transition_not_allowed"


class RuleRefused(Conflict):
    """A rule refused the request (the code says which)."""


class InvalidTicket(ValidationFailed):
    code = "ticket_invalid"


class StaffOnly(Forbidden):
    code = "staff_only"
