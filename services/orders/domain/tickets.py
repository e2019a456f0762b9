"""Event ticket QR payloads (O12) that cannot be forged: ``EVT1.<order number>.<code>.<mac>``.

``code`` is random per ticket (so a leaked payload of one ticket says nothing about
another) and ``mac`` is an HMAC-SHA256 over both with ``TICKET_SIGNING_SECRET``; the
check-in verifies the MAC in constant time before it looks anything up.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import secrets

import qrcode
import qrcode.image.svg

from kit.errors import InputRuleBroken

PREFIX = "EVT1"
#: a payload that is not a genuine ticket (forged, another platform's, garbled)
INVALID = "ticket_invalid"
_PAYLOAD = re.compile(r"^EVT1\.(\d{1,12})\.([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]{43})$")


def new_code() -> str:
    return secrets.token_urlsafe(16)


def _mac(secret: str, number: int, code: str) -> str:
    digest = hmac.new(secret.encode(), "{}.{}.{}".format(PREFIX, number, code).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(secret: str, number: int, code: str) -> str:
    return "{}.{}.{}.{}".format(PREFIX, number, code, _mac(secret, number, code))


def verify(secret: str, payload: str) -> tuple[int, str]:
    """(order number, ticket code) of a genuine payload, else 422 ``ticket_invalid``."""
    match = _PAYLOAD.match((payload or "").strip())
    if not match:
        raise InputRuleBroken(INVALID, "Not a ticket of this platform", field="payload")
    number, code, mac = int(match.group(1)), match.group(2), match.group(3)
    if not hmac.compare_digest(mac, _mac(secret, number, code)):
        raise InputRuleBroken(INVALID, "The ticket's signature is wrong", field="payload")
    return number, code


def qr_image(payload: str, image_format: str) -> tuple[str, bytes]:
    """(content type, bytes) of the QR code of ``payload``: ``png`` or ``svg``."""
    if image_format == "svg":
        image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
        buffer = io.BytesIO()
        image.save(buffer)
        return "image/svg+xml", buffer.getvalue()
    image = qrcode.make(payload, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "image/png", buffer.getvalue()
