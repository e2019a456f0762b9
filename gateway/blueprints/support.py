"""Support endpoints (S1–S8): departments and the reference data clients pick from,
tickets, their chat and attachments, statuses and the archive, the completed-works act,
client analytics and the Telegram support bot's webhook."""
from __future__ import annotations

from flask_smorest import Blueprint

from gateway.auth import secured_by
from gateway.calls import body, query, rpc
from services.support import schemas

blp = Blueprint("support", __name__, url_prefix="/api/v1",
                description="Support tickets: departments, SLA, chat, act, analytics, Telegram (S1–S8)")

secured = secured_by(blp)


# --- reference data --------------------------------------------------------------------

@blp.route("/support/departments", methods=["GET"])
@secured
@blp.arguments(schemas.ReferenceQuery, location="query")
@blp.response(200, schemas.DepartmentList)
def list_departments(_):
    """Where a ticket can go (manual 004 «Выберите отдел»); staff also see each one's agents."""
    return rpc("support", "list_departments", query())


@blp.route("/support/departments", methods=["POST"])
@secured
@blp.arguments(schemas.DepartmentCreate)
@blp.response(201, schemas.Department)
def create_department(_):
    """Admin: a department, its agents and the HubEx fields its tickets must have."""
    return rpc("support", "create_department", body())


@blp.route("/support/departments/<uuid:department_id>", methods=["PATCH"])
@secured
@blp.arguments(schemas.DepartmentUpdate)
@blp.response(200, schemas.Department)
def update_department(_, department_id):
    """Admin: rename, reorder, retire (`active: false`), change agents or required fields."""
    return rpc("support", "update_department", str(department_id), body())
