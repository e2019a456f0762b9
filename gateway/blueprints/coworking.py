"""Coworking endpoints (C1–C10, O10): spaces and free workplaces, the rental manager's
tickets (list, view, validation, visitor and workplace changes, the calendar), the entry
check, and sending a ticket to someone else."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from gateway.auth import secured_by
from gateway.calls import body, query, rpc
from gateway.limits import idempotent
from services.coworking import schemas

blp = Blueprint("coworking", __name__, url_prefix="/api/v1",
                description="Coworking spaces, workplaces and tickets (C1–C10, O10)")

secured = secured_by(blp)


class SpaceList(Schema):
    items = fields.List(fields.Nested(schemas.SpaceView))


class InvitationList(Schema):
    items = fields.List(fields.Nested(schemas.InvitationView))


class Transferred(Schema):
    number = fields.Integer()
    visitor_id = fields.String()


class InvitationPreview(Schema):
    ticket_number = fields.Integer()
    service_name = fields.String()
    space = fields.String()
    workplace = fields.String()
    starts_at = fields.String()
    ends_at = fields.String()
    status = fields.String()


# --- spaces and workplaces (C1) ------------------------------------------------------------

@blp.route("/coworking/spaces", methods=["GET"])
@secured
@blp.arguments(schemas.SpaceQuery, location="query")
@blp.response(200, SpaceList)
def list_spaces(_):
    """Coworking spaces with their workplaces."""
    return rpc("coworking", "list_spaces", query())


@blp.route("/coworking/spaces", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.SpaceIn)
@blp.response(201, schemas.SpaceView)
def create_space(_):
    """Administrator: a space of a coworking catalog service, with its first workplaces."""
    return rpc("coworking", "create_space", body())


@blp.route("/coworking/spaces/<uuid:space_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.SpaceUpdate)
@blp.response(200, schemas.SpaceView)
def update_space(_, space_id):
    return rpc("coworking", "update_space", str(space_id), body())


@blp.route("/coworking/spaces/<uuid:space_id>/workplaces", methods=["GET"])
@secured
@blp.arguments(schemas.PeriodQuery, location="query")
@blp.response(200, schemas.SpaceView)
def list_workplaces(_, space_id):
    """The space's workplaces, each `free` or not for `[from, to)` when a period is given."""
    return rpc("coworking", "list_workplaces", str(space_id), query())


@blp.route("/coworking/spaces/<uuid:space_id>/workplaces", methods=["POST"])
@secured
@idempotent
@blp.arguments(schemas.WorkplaceIn)
@blp.response(201, schemas.WorkplaceView)
def add_workplace(_, space_id):
    return rpc("coworking", "add_workplace", str(space_id), body())


@blp.route("/coworking/spaces/<uuid:space_id>/workplaces/<uuid:workplace_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.WorkplaceUpdate)
@blp.response(200, schemas.WorkplaceView)
def update_workplace(_, space_id, workplace_id):
    """Rename a workplace, or take it out of service (`in_service: false`) and back."""
    return rpc("coworking", "update_workplace", str(space_id), str(workplace_id), body())


# --- tickets (C4–C9) -------------------------------------------------------------------------

@blp.route("/coworking/tickets", methods=["GET"])
@secured
@blp.arguments(schemas.CoworkingTicketQuery, location="query")
@blp.response(200, schemas.CoworkingTicketPage)
def list_tickets(_):
    """Rental manager: tickets by number descending; filters combine (C4)."""
    return rpc("coworking", "list_tickets", query())


@blp.route("/coworking/tickets/<int:number>", methods=["GET"])
@secured
@blp.response(200, schemas.CoworkingTicketView)
def get_ticket(number):
    """A ticket as manual 002's form shows it (C10); its visitor sees it too."""
    return rpc("coworking", "get_ticket", number)


@blp.route("/coworking/tickets/<int:number>/validation", methods=["POST"])
@secured
@blp.response(200, schemas.CoworkingTicketView)
def validate_ticket(number):
    """«Проверьте личность посетителя» → «Выполнить» (C5): confirmed or active tickets."""
    return rpc("coworking", "validate_ticket", number)


@blp.route("/coworking/tickets/<int:number>/validation", methods=["DELETE"])
@secured
@blp.response(200, schemas.CoworkingTicketView)
def reset_validation(number):
    """«Сбросить» (C5): the check time and the responsible manager are cleared."""
    return rpc("coworking", "reset_validation", number)


@blp.route("/coworking/tickets/<int:number>/entry", methods=["GET"])
@secured
@blp.response(200, schemas.EntryView)
def check_entry(number):
    """May the visitor enter now (C6): validated, and the period has started and not ended."""
    return rpc("coworking", "check_entry", number)


@blp.route("/coworking/tickets/<int:number>/visitor", methods=["PUT"])
@secured
@blp.arguments(schemas.VisitorChange)
@blp.response(200, schemas.CoworkingTicketView)
def change_visitor(_, number):
    """Rental manager (C7): another visitor, on a new or confirmed ticket; the order follows."""
    return rpc("coworking", "change_visitor", number, body())


@blp.route("/coworking/tickets/<int:number>/workplace", methods=["PUT"])
@secured
@blp.arguments(schemas.WorkplaceChange)
@blp.response(200, schemas.CoworkingTicketView)
def change_workplace(_, number):
    """Rental manager (C8): another free workplace of the same space for the whole period."""
    return rpc("coworking", "change_workplace", number, body())


@blp.route("/coworking/calendar", methods=["GET"])
@secured
@blp.arguments(schemas.CoworkingCalendarQuery, location="query")
@blp.response(200, schemas.CalendarView)
def calendar(_):
    """Rental manager (C9): the space's workplaces × the tickets of the period."""
    return rpc("coworking", "calendar", query())


# --- sending a ticket (O10) -----------------------------------------------------------------

@blp.route("/coworking/tickets/<int:number>/transfer", methods=["POST"])
@secured
@blp.arguments(schemas.VisitorChange)
@blp.response(200, Transferred)
def transfer_ticket(_, number):
    """The visitor sends the ticket to a registered user (O10); they keep no access."""
    return rpc("coworking", "transfer_ticket", number, body())


@blp.route("/coworking/tickets/<int:number>/invitations", methods=["POST"])
@secured
@blp.response(201, schemas.InvitationView)
def create_invitation(number):
    """«Скопировать ссылку» (O10): a one-time link for someone not registered yet."""
    return rpc("coworking", "create_invitation", number)


@blp.route("/coworking/tickets/<int:number>/invitations", methods=["GET"])
@secured
@blp.response(200, InvitationList)
def list_invitations(number):
    return rpc("coworking", "list_invitations", number)


@blp.route("/coworking/tickets/<int:number>/invitations/<uuid:invitation_id>", methods=["DELETE"])
@secured
@blp.response(200, schemas.InvitationView)
def revoke_invitation(number, invitation_id):
    """Revoke a link that was not used yet."""
    return rpc("coworking", "revoke_invitation", number, str(invitation_id))


@blp.route("/coworking/invitations/<token>", methods=["GET"])
@secured
@blp.response(200, InvitationPreview)
def preview_invitation(token):
    """What the link offers, before it is accepted."""
    return rpc("coworking", "preview_invitation", token)


@blp.route("/coworking/invitations/<token>/accept", methods=["POST"])
@secured
@blp.response(200, schemas.CoworkingTicketView)
def accept_invitation(token):
    """The signed-in person who opened the link takes the ticket (it works once)."""
    return rpc("coworking", "accept_invitation", token)
