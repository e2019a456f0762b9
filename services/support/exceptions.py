"""Named errors of support; each crosses RPC as its kind with its code."""
from kit.errors import Conflict, Forbidden, NotFound, ValidationFailed


class DepartmentNotFound(NotFound):
    code = "department_not_found"


class ReferenceNotFound(NotFound):
    code = "reference_not_found"


class InvalidTicket(ValidationFailed):
    code = "validation_failed"


class NameTaken(Conflict):
    code = "name_taken"


class AdminOnly(Forbidden):
    code = "admin_only"


class OrganisationNotFound(NotFound):
    code = "organisation_not_found"


class ObjectNotFound(NotFound):
    code = "object_not_found"


class ContractNotFound(NotFound):
    code = "contract_not_found"


class InvalidReference(ValidationFailed):
    code = "validation_failed"


class TicketNotFound(NotFound):
    code = "ticket_not_found"


class AttachmentNotFound(NotFound):
    code = "attachment_not_found"


class StaffOnly(Forbidden):
    code = "staff_only"


class MessageNotFound(NotFound):
    code = "message_not_found"


class CustomerOnly(Forbidden):
    code = "customer_only"


class ActNotFound(NotFound):
    code = "act_not_found"
