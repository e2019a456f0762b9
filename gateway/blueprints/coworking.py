"""Coworking endpoints (C1–C10, O10): spaces and free workplaces, the rental manager's
tickets (list, view, validation, visitor and workplace changes, the calendar), the entry
check, and sending a ticket to someone else."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway import examples
from gateway.auth import secured_by
from gateway.calls import body, query, rpc
from gateway.limits import idempotent
from services.coworking import schemas

blp = Blueprint("coworking", __name__, url_prefix="/api/v1",
                description="Coworking spaces, workplaces and tickets (C1–C10, O10)")

secured = secured_by(blp)


class SpaceList(Schema):
    items = fields.List(fields.Nested(schemas.SpaceView),
                        metadata={"description": "the coworking spaces, each with its workplaces"})


class InvitationList(Schema):
    items = fields.List(fields.Nested(schemas.InvitationView),
                        metadata={"description": "the ticket's links, newest first (revoked and accepted ones too)"})


class Transferred(Schema):
    number = fields.Integer(metadata={"description": "the coworking ticket's number"})
    visitor_id = fields.String(metadata={"description": "the id of the user who may now enter with it"})


class InvitationPreview(Schema):
    ticket_number = fields.Integer(metadata={"description": "the coworking ticket the link gives"})
    service_name = fields.String(metadata={"description": "the coworking service's name"})
    space = fields.String(metadata={"description": "the coworking space's name"})
    workplace = fields.String(metadata={"description": "the workplace's name"})
    starts_at = fields.String()
    ends_at = fields.String()
    status = fields.String(metadata={"description": "the ticket's status: new, confirmed, active, cancelled or done"})


# --- spaces and workplaces (C1) ------------------------------------------------------------

@blp.route("/coworking/spaces", methods=["GET"])
@secured
@blp.arguments(schemas.SpaceQuery, location="query")
@blp.response(200, SpaceList)
def list_spaces(_):
    """List coworking spaces

    Signed in: the spaces of the coworking catalog services with their workplaces (filter by
    service). Changes nothing. Problems: 422 `validation_failed`."""
    return rpc("coworking", "list_spaces", query())


@blp.route("/coworking/spaces", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.SpaceIn, example=examples.SPACE_IN)
@blp.response(201, schemas.SpaceView, example=examples.SPACE_VIEW)
def create_space(_):
    """Create a coworking space

    Administrators: a space of a coworking catalog service, with its first workplaces; tickets
    of that service are seated in it. Problems: 403 `admin_only`, 422 `validation_failed`."""
    return rpc("coworking", "create_space", body())


@blp.route("/coworking/spaces/<uuid:space_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.SpaceUpdate, example=examples.SPACE_UPDATE)
@blp.response(200, schemas.SpaceView, example=examples.SPACE_VIEW)
def update_space(_, space_id):
    """Change a coworking space

    Administrators: rename the space; its workplaces and tickets stay. Problems: 403
    `admin_only`, 404 `space_not_found`, 422 `validation_failed`."""
    return rpc("coworking", "update_space", str(space_id), body())


@blp.route("/coworking/spaces/<uuid:space_id>/workplaces", methods=["GET"])
@secured
@blp.arguments(schemas.PeriodQuery, location="query")
@blp.response(200, schemas.SpaceView, example=examples.SPACE_VIEW)
def list_workplaces(_, space_id):
    """List a space's workplaces

    Signed in: the space's workplaces, each `free` or not for `[from, to)` when a period is given
    (to choose a seat before ordering). Changes nothing. Problems: 404 `space_not_found`, 422
    `period_empty`, `period_too_long`, `period_without_time_zone`, `validation_failed`."""
    return rpc("coworking", "list_workplaces", str(space_id), query())


@blp.route("/coworking/spaces/<uuid:space_id>/workplaces", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.WorkplaceIn, example=examples.WORKPLACE_IN)
@blp.response(201, schemas.WorkplaceView, example=examples.WORKPLACE_VIEW)
def add_workplace(_, space_id):
    """Add a workplace to a space

    Administrators: a new workplace, in service at once. Problems: 403 `admin_only`, 404
    `space_not_found`, 422 `validation_failed`."""
    return rpc("coworking", "add_workplace", str(space_id), body())


@blp.route("/coworking/spaces/<uuid:space_id>/workplaces/<uuid:workplace_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.WorkplaceUpdate, example=examples.WORKPLACE_UPDATE)
@blp.response(200, schemas.WorkplaceView, example=examples.WORKPLACE_VIEW)
def update_workplace(_, space_id, workplace_id):
    """Change a workplace

    Administrators: rename a workplace, or take it out of service (`in_service: false`) and
    back; tickets already seated on it keep it. Problems: 403 `admin_only`, 404
    `space_not_found`, `workplace_not_found`, 422 `validation_failed`."""
    return rpc("coworking", "update_workplace", str(space_id), str(workplace_id), body())


# --- tickets (C4–C9) -------------------------------------------------------------------------

@blp.route("/coworking/tickets", methods=["GET"])
@secured
@blp.arguments(schemas.CoworkingTicketQuery, location="query")
@blp.response(200, schemas.CoworkingTicketPage)
def list_tickets(_):
    """List coworking tickets

    Rental managers (C4): tickets by number, newest first; the filters (status, space,
    workplace, visitor, period, validation) combine. Changes nothing. Problems: 403
    `coworking_staff_only`, 422 `validation_failed`."""
    return rpc("coworking", "list_tickets", query())


@blp.route("/coworking/tickets/<int:number>", methods=["GET"])
@secured
@blp.response(200, schemas.CoworkingTicketView, example=examples.COWORKING_TICKET)
def get_ticket(number):
    """Read a coworking ticket

    Rental managers, and the ticket's visitor: the ticket as manual 002's form shows it (C10):
    order, visitor, space, workplace, period, validation, and the actions allowed now. Changes
    nothing. Problems: 404 `ticket_not_found`."""
    return rpc("coworking", "get_ticket", number)


@blp.route("/coworking/tickets/<int:number>/validation", methods=["POST"])
@secured
@blp.response(200, schemas.CoworkingTicketView, example=examples.COWORKING_TICKET)
def validate_ticket(number):
    """Validate a ticket (the visitor's identity was checked)

    Rental managers (C5, «Выполнить»): on a confirmed or active ticket, the check time and the
    responsible manager are recorded; the visitor may then enter. Problems: 403
    `coworking_staff_only`, 404 `ticket_not_found`, 409 `ticket_already_validated`,
    `ticket_not_validatable`."""
    return rpc("coworking", "validate_ticket", number)


@blp.route("/coworking/tickets/<int:number>/validation", methods=["DELETE"])
@secured
@blp.response(200, schemas.CoworkingTicketView, example=examples.COWORKING_TICKET)
def reset_validation(number):
    """Reset a ticket's validation

    Rental managers (C5, «Сбросить»): the check time and the responsible manager are cleared.
    Problems: 403 `coworking_staff_only`, 404 `ticket_not_found`, 409 `ticket_not_validated`."""
    return rpc("coworking", "reset_validation", number)


@blp.route("/coworking/tickets/<int:number>/entry", methods=["GET"])
@secured
@blp.response(200, schemas.EntryView, example=examples.ENTRY_VIEW)
def check_entry(number):
    """May the visitor enter now

    Rental managers and the visitor (C6): yes when the ticket is validated and its period has
    started and not ended, with the reason otherwise. Changes nothing. Problems: 404
    `ticket_not_found`."""
    return rpc("coworking", "check_entry", number)


@blp.route("/coworking/tickets/<int:number>/visitor", methods=["PUT"])
@secured
@blp.arguments(schemas.VisitorChange, example=examples.VISITOR_CHANGE)
@blp.response(200, schemas.CoworkingTicketView, example=examples.COWORKING_TICKET)
def change_visitor(_, number):
    """Change a ticket's visitor

    Rental managers (C7): another registered person on a new or confirmed ticket; the order
    follows and both people are notified. Problems: 403 `coworking_staff_only`, 404
    `ticket_not_found`, 409 `visitor_change_not_allowed`, `ticket_validated`, 422
    `user_unknown`, `invalid_ticket_request` (already the visitor), `validation_failed`."""
    return rpc("coworking", "change_visitor", number, body())


@blp.route("/coworking/tickets/<int:number>/workplace", methods=["PUT"])
@secured
@blp.arguments(schemas.WorkplaceChange, example=examples.WORKPLACE_CHANGE)
@blp.response(200, schemas.CoworkingTicketView, example=examples.COWORKING_TICKET)
def change_workplace(_, number):
    """Move a ticket to another workplace

    Rental managers (C8): another free workplace of the same space for the whole period.
    Problems: 403 `coworking_staff_only`, 404 `ticket_not_found`, `workplace_not_found`,
    `workplace_out_of_service`, 409 `workplace_taken`, `workplace_change_not_allowed`, 422
    `validation_failed`."""
    return rpc("coworking", "change_workplace", number, body())


@blp.route("/coworking/calendar", methods=["GET"])
@secured
@blp.arguments(schemas.CoworkingCalendarQuery, location="query")
@blp.response(200, schemas.CalendarView, example=examples.COWORKING_CALENDAR)
def calendar(_):
    """The coworking calendar

    Rental managers (C9): a space's workplaces × the tickets of the period, to see free and
    taken seats. Changes nothing. Problems: 403 `coworking_staff_only`, 404 `space_not_found`,
    422 `period_required`, `period_too_long`, `validation_failed`."""
    return rpc("coworking", "calendar", query())


# --- sending a ticket (O10) -----------------------------------------------------------------

@blp.route("/coworking/tickets/<int:number>/transfer", methods=["POST"])
@secured
@blp.arguments(schemas.VisitorChange, example=examples.VISITOR_CHANGE)
@blp.response(200, Transferred, example=examples.TRANSFERRED)
def transfer_ticket(_, number):
    """Send my ticket to a registered user

    The visitor (O10): the ticket passes to the person given, who is notified; the sender keeps
    no access. Problems: 404 `ticket_not_found`, 409 `ticket_not_transferable`, 422
    `user_unknown`, `invalid_ticket_request`, `validation_failed`."""
    return rpc("coworking", "transfer_ticket", number, body())


@blp.route("/coworking/tickets/<int:number>/invitations", methods=["POST"])
@secured
@blp.response(201, schemas.InvitationView, example=examples.INVITATION)
def create_invitation(number):
    """Create a link to pass my ticket on

    The visitor (O10, «Скопировать ссылку»): a one-time link for someone not registered yet;
    whoever accepts it after signing up becomes the visitor. Problems: 404 `ticket_not_found`,
    409 `ticket_not_transferable`."""
    return rpc("coworking", "create_invitation", number)


@blp.route("/coworking/tickets/<int:number>/invitations", methods=["GET"])
@secured
@blp.response(200, InvitationList)
def list_invitations(number):
    """List my ticket's links

    The visitor: the links created for the ticket, used or not. Changes nothing. Problems: 404
    `ticket_not_found`."""
    return rpc("coworking", "list_invitations", number)


@blp.route("/coworking/tickets/<int:number>/invitations/<uuid:invitation_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.InvitationView, example=examples.REVOKED_INVITATION)
def revoke_invitation(number, invitation_id):
    """Revoke a ticket link

    The visitor: a link not used yet stops working. Problems: 404 `ticket_not_found`,
    `invitation_not_found`, 409 `invitation_used`."""
    return rpc("coworking", "revoke_invitation", number, str(invitation_id))


@blp.route("/coworking/invitations/<token>", methods=["GET"])
@secured
@blp.response(200, InvitationPreview, example=examples.INVITATION_PREVIEW)
def preview_invitation(token):
    """Preview a ticket link

    Signed in: what the link offers (service, space, workplace, period) before it is accepted.
    Changes nothing. Problems: 404 `invitation_not_found`, 409 `invitation_used`."""
    return rpc("coworking", "preview_invitation", token)


@blp.route("/coworking/invitations/<token>/accept", methods=["POST"])
@secured
@blp.response(200, schemas.CoworkingTicketView, example=examples.COWORKING_TICKET)
def accept_invitation(token):
    """Accept a ticket link

    Signed in: the person who opened the link becomes the ticket's visitor; the link works once.
    Problems: 404 `invitation_not_found`, 409 `invitation_used`, `ticket_not_transferable`."""
    return rpc("coworking", "accept_invitation", token)
