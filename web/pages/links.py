"""Landing pages of links people receive: a booking's share link
(``/sharelink/reservation/<token>``) and a coworking ticket's link
(``/coworking/invitations/<token>``): a preview, then accepting it (signed in)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from web import auth
from web.api import ApiError
from web.auth import login_required
from web.i18n import _

blp = Blueprint("links", __name__)


def _preview(path: str, signed: bool = False):
    try:
        return (auth.api("GET", path) if signed else auth.anonymous_call("GET", path)), None
    except ApiError as exc:
        if exc.status in (404, 409, 410, 422):
            return None, exc
        raise


@blp.route("/sharelink/reservation/<token>", methods=["GET", "POST"])
def share_link(token):
    preview, problem = _preview("/share-links/{}".format(token))
    if request.method == "POST":
        if not auth.tokens():
            return redirect(url_for("auth.sign_in", next=request.path))
        try:
            auth.api("POST", "/share-links/{}/accept".format(token))
        except ApiError as exc:
            return render_template("links/share.html", preview=preview, problem=exc, token=token), exc.status
        flash(_("The booking is now in your calendar."), "success")
        return redirect(url_for("orders.my_orders"))
    return render_template("links/share.html", preview=preview, problem=problem, token=token), \
        200 if preview else problem.status


@blp.route("/coworking/invitations/<token>", methods=["GET", "POST"])
@login_required
def ticket_invitation(token):
    """The API shows a ticket link only to a signed-in person: sign in first, then the preview."""
    preview, problem = _preview("/coworking/invitations/{}".format(token), signed=True)
    if request.method == "POST":
        try:
            accepted = auth.api("POST", "/coworking/invitations/{}/accept".format(token))
        except ApiError as exc:
            return render_template("links/invitation.html", preview=preview, problem=exc, token=token), exc.status
        # the visitor is not the order's client: the ticket, not the order, is what they get to see
        return render_template("links/invitation.html", preview=None, problem=None, token=token, accepted=accepted)
    return render_template("links/invitation.html", preview=preview, problem=problem, token=token), \
        200 if preview else problem.status
