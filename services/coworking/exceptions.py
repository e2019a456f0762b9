"""Coworking's named errors; each crosses RPC as the kind it extends."""
from __future__ import annotations

from kit.errors import Conflict, Forbidden, NotFound, ValidationFailed


class SpaceNotFound(NotFound):
    code = "space_not_found"


class WorkplaceNotFound(NotFound):
    code = "workplace_not_found"


class TicketNotFound(NotFound):
    code = "ticket_not_found"


class InvitationNotFound(NotFound):
    code = "invitation_not_found"


class WorkplaceTaken(Conflict):
    code = "workplace_taken"


class NoWorkplaceFree(Conflict):
    code = "no_workplace_free"


class InvitationUsed(Conflict):
    code = "invitation_used"


class NotStaff(Forbidden):
    code = "coworking_staff_only"


class InvalidTicketRequest(ValidationFailed):
    code = "invalid_ticket_request"


class UserUnknown(ValidationFailed):
    code = "user_unknown"
