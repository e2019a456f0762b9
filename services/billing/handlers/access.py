"""Who may do what in billing: a customer account's users by their rights there (I3),
administrators, and the people of an order (from orders' payable snapshot)."""
from __future__ import annotations

from kit.context import Caller
from kit.errors import Forbidden
from services.billing import exceptions as exc


def require_account(caller: Caller, *rights: str) -> str:
    """The caller's customer account, if their rights there allow this (I3: default finance)."""
    caller.require_user()
    if not caller.account_id:
        raise exc.NoAccount("This user has no customer account")
    caller.require_right(*(rights or ("finance",)))
    return caller.account_id


def require_admin(caller: Caller) -> None:
    caller.require_user()
    if not caller.is_admin:
        raise Forbidden("Administrators only", code="role_required")


def account_to_read(caller: Caller, account_id: str | None) -> str:
    """The caller's own account, or (administrators only) the one asked for."""
    if account_id is not None and account_id != caller.account_id:
        require_admin(caller)
        return account_id
    return require_account(caller)


def require_order_payer(caller: Caller, order: dict) -> None:
    """Paying an order: a user of the order's account or its applicant (orders authorized the
    caller when it answered; billing checks again); anyone else learns nothing of it."""
    caller.require_user()
    if caller.account_id != order["account_id"] and caller.user_id != order.get("applicant_id"):
        raise exc.OrderNotFound("No such order")


def require_staff_may_record(order: dict) -> None:
    """Recording a manager's payment (O14) of this order now: orders says so in the snapshot
    (``staff_may_record``: staff handling its service, and a status that takes payments)."""
    if not order.get("staff_may_record"):
        raise exc.ManagerPaymentNotAllowed("This order takes no payments now: its status does not allow "
                                           "them, or you do not handle its service")
