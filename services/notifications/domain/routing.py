"""Who hears about which event, in which category and on which channels: the one table.

Every row names an event (producer and type), its category (the preferences grid of
manual 004), the people to tell (resolved from the event's own fields) and the channels.
The template is the event type's (see :mod:`.messages`). Adding a producer's events is
adding rows here: the service subscribes to every event listed in :data:`ROUTES`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

#: The preferences grid (manual 004, "Настройка уведомлений"): category × channel.
CATEGORIES = ("financial", "news", "services", "support")
#: Sign-up links and phone codes: always sent, never held back, not in the grid.
ACCOUNT = "account"
CHANNELS = ("inbox", "email", "sms", "push", "telegram")
#: Channels quiet hours hold back (the inbox and e-mail wait for the reader anyway).
DEFERRABLE = ("sms", "push", "telegram")


# --- who --------------------------------------------------------------------------------

@dataclass(frozen=True)
class User:
    """A registered person, reached through their contacts and preferences."""

    id: str


@dataclass(frozen=True)
class AccountUsers:
    """Every active user of a customer account."""

    account_id: str


@dataclass(frozen=True)
class Address:
    """Someone reached at the address the event gives (not registered yet, or a new number)."""

    user_id: str
    email: str | None = None
    phone: str | None = None
    language: str = "ru"


Audience = Callable[[dict], list]


def _ids(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [str(value)]


def people(*fields: str, unless: str | None = None) -> Audience:
    """The users named by ``fields`` of the event (an id or a list of ids), except the
    one named by ``unless`` (whoever did it needs no notice of it)."""

    def resolve(data: dict) -> list:
        actor = str(data.get(unless)) if unless and data.get(unless) else None
        seen, found = set(), []
        for name in fields:
            for user_id in _ids(data.get(name)):
                if user_id != actor and user_id not in seen:
                    seen.add(user_id)
                    found.append(User(user_id))
        return found

    resolve.__doc__ = "{}{}".format(", ".join(fields), " (not {})".format(unless) if unless else "")
    return resolve


def account_users(field_name: str) -> Audience:
    def resolve(data: dict) -> list:
        return [AccountUsers(str(data[field_name]))] if data.get(field_name) else []

    resolve.__doc__ = "every user of the account in {}".format(field_name)
    return resolve


def only_if(condition: Callable[[dict], bool], audience: Audience, why: str) -> Audience:
    def resolve(data: dict) -> list:
        return audience(data) if condition(data) else []

    resolve.__doc__ = "{} when {}".format(audience.__doc__, why)
    return resolve


def nobody(data: dict) -> list:
    """nobody"""
    return []


def registration_address(data: dict) -> list:
    """the e-mail or phone the link goes to"""
    by_email = data.get("channel", "email") == "email"
    return [Address(user_id=str(data["user_id"]), email=data.get("email") if by_email else None,
                    phone=None if by_email else data.get("phone"), language=data.get("language") or "ru")]


def phone_code_address(data: dict) -> list:
    """the phone number being confirmed or released"""
    return [Address(user_id=str(data["user_id"]), phone=data.get("phone"),
                    language=data.get("language") or "ru")]


def _staff(data: dict) -> list[str]:
    """Who handles the order: its executor, or the service's managers while it has none."""
    return _ids(data.get("executor_id")) or _ids(data.get("manager_ids"))


def handlers_of_the_order(unless: str | None = None) -> Audience:
    def resolve(data: dict) -> list:
        actor = str(data.get(unless) or "") if unless else ""
        return [User(i) for i in _staff(data) if i != actor]

    resolve.__doc__ = "executor (or the service's managers while there is none)"
    return resolve


def chat_audience(data: dict) -> list:
    """client message → executor (the service's managers while there is none); public
    staff message → applicant; internal → the same staff (never the client); never the
    author; system messages repeat facts that notify through their own events"""
    author = str(data.get("author_id") or "")
    if data.get("author_kind") == "system":
        return []
    if data.get("visibility") == "internal" or data.get("author_kind") == "client":
        targets = _staff(data)
    else:
        targets = _ids(data.get("applicant_id"))
    return [User(t) for t in targets if t != author]


def _support_staff(data: dict) -> list[str]:
    """Who answers a ticket: its assignee, or the department's agents while it has none."""
    return _ids(data.get("assignee_id")) or _ids(data.get("agent_ids"))


def ticket_staff(unless: str | None = None) -> Audience:
    def resolve(data: dict) -> list:
        actor = str(data.get(unless) or "") if unless else ""
        return [User(i) for i in _support_staff(data) if i != actor]

    resolve.__doc__ = "the ticket's assignee (the department's agents while there is none)"
    return resolve


def ticket_chat_audience(data: dict) -> list:
    """the customer's message → the assignee (the department's agents while there is none);
    staff's message → the customer; system messages → nobody; never the author"""
    author = str(data.get("author_id") or "")
    if data.get("author_kind") == "client":
        targets = _support_staff(data)
    elif data.get("author_kind") == "staff":
        targets = _ids(data.get("customer_id"))
    else:
        targets = []
    return [User(t) for t in targets if t != author]


#: a message already tells of the status change it sets off
MESSAGE_MOVES = ("staff_reply", "customer_reply")


# --- the table --------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    source: str
    event_type: str
    category: str
    audience: Audience
    channels: tuple[str, ...] = CHANNELS
    #: bypasses preferences and quiet hours (payment failures, blocking, codes)
    critical: bool = False
    notes: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.source, self.event_type

    @property
    def template(self) -> str:
        return self.event_type


ROUTES: tuple[Route, ...] = (
    # identity (I1, I4, N7): the person asked for it and is waiting
    Route("identity", "user_registration_requested", ACCOUNT, registration_address,
          channels=("email", "sms"), critical=True),
    Route("identity", "phone_confirmation_requested", ACCOUNT, phone_code_address,
          channels=("sms",), critical=True),
    # orders (manual 000, 001)
    Route("orders", "order_created", "services",
          lambda d: people("applicant_id", unless="created_by")(d) + handlers_of_the_order("created_by")(d)),
    Route("orders", "order_status_changed", "services",
          people("applicant_id", "executor_id", unless="changed_by")),
    Route("orders", "order_returned_to_work", "services", handlers_of_the_order()),
    Route("orders", "chat_message_posted", "services", chat_audience),
    Route("orders", "order_cancelled", "services",
          only_if(lambda d: bool(d.get("refund_required")), people("applicant_id"),
                  "a refund is due (the cancellation itself is a status change)")),
    Route("orders", "access_shared", "services", people("user_ids", unless="shared_by")),
    Route("orders", "order_assigned", "services", people("executor_id", unless="assigned_by")),
    Route("orders", "access_revoked", "services", people("user_id", unless="revoked_by")),
    # coworking (manuals 000, 002): the visitor holds the ticket
    Route("coworking", "ticket_issued", "services", people("visitor_id")),
    Route("coworking", "ticket_visitor_changed", "services", people("visitor_id", unless="changed_by")),
    Route("coworking", "ticket_validation_reset", "services", people("visitor_id", unless="reset_by")),
    # support (manual 003, 004): staff of the department hear of new tickets and customers'
    # messages; the customer of staff replies, status changes and the act; SLA breaches
    Route("support", "ticket_created", "support", ticket_staff(unless="author_id")),
    Route("support", "ticket_message_posted", "support", ticket_chat_audience),
    Route("support", "ticket_status_changed", "support",
          only_if(lambda d: d.get("action") not in MESSAGE_MOVES, people("customer_id", unless="changed_by"),
                  "staff or the customer changed it (a message tells of its own change)")),
    Route("support", "ticket_assigned", "support", people("assignee_id", unless="assigned_by")),
    Route("support", "ticket_sla_breached", "support", ticket_staff()),
    Route("support", "ticket_act_issued", "support", people("customer_id", unless="issued_by")),
    Route("support", "ticket_act_accepted", "support", ticket_staff(unless="accepted_by")),
    # billing (manual 004)
    Route("billing", "payment_started", "financial", nobody,
          notes="the payer is on the payment page; success or failure is what they hear about"),
    Route("billing", "payment_succeeded", "financial", people("user_id")),
    Route("billing", "payment_failed", "financial", people("user_id"), critical=True),
    Route("billing", "refund_completed", "financial",
          only_if(lambda d: (d.get("amount") or 0) > 0, people("user_id"), "money went back")),
    Route("billing", "balance_low", "financial", account_users("account_id")),
    # billing's services (B7, B12): who bought it hears
    Route("billing", "service_activated", "services", people("user_id")),
    Route("billing", "service_renewed", "financial", people("user_id")),
    Route("billing", "service_renewal_failed", "financial", people("user_id")),
    Route("billing", "service_suspended", "services", people("user_id")),
    # autopay (B6): who turned it on hears of each charge and failure
    Route("billing", "autopay_charged", "financial", people("user_id")),
    Route("billing", "autopay_failed", "financial", people("user_id")),
    # the credit-limit cycle (B9): the account's users hear of its invoices and of the block
    Route("billing", "invoice_issued", "financial", account_users("account_id")),
    Route("billing", "invoice_reminder", "financial", account_users("account_id")),
    Route("billing", "account_blocked", "financial", account_users("account_id")),
    Route("billing", "account_unblocked", "financial", account_users("account_id")),
    # paying an order by invoice: who asked for it hears it is issued (the PDF is on the order)
    Route("billing", "order_invoice_requested", "financial", nobody,
          notes="the order's status change tells its executor; staff find it in the invoices awaiting issue"),
    Route("billing", "order_invoice_issued", "financial", people("user_id")),
)

ROUTES_BY_EVENT: dict[tuple[str, str], Route] = {route.key: route for route in ROUTES}
assert len(ROUTES_BY_EVENT) == len(ROUTES), "one row per event"


def route_for(source: str, event_type: str) -> Route | None:
    return ROUTES_BY_EVENT.get((source, event_type))


# --- N5: what an account's e-mail leaves in its other users' inboxes ---------------------

def account_copies(emailed_accounts, members_of: Callable[[str], list], reached) -> dict[str, str]:
    """N5 (manual 004, «Уведомления»: every e-mail the account receives is available to all
    its trusted users): ``{user id: account id}`` of the users who keep an inbox copy of a
    notice — every active user of each account one of whose users was e-mailed it
    (``emailed_accounts``), except the people it reached itself (``reached``), each once.
    Whatever the event: a payment, an order's status, a support reply. Staff reached about
    a customer's order are not the customer's account, so their e-mails are not copied to it."""
    copies: dict[str, str] = {}
    skip = {str(i) for i in reached}
    for account_id in dict.fromkeys(a for a in emailed_accounts if a):
        for user_id in members_of(account_id):
            user_id = str(user_id)
            if user_id not in skip and user_id not in copies:
                copies[user_id] = account_id
    return copies
