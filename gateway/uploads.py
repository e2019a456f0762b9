"""Files through the gateway, the same for every service (:mod:`kit.attachments`): a
multipart upload becomes the ``{filename, content_type, data}`` payload services accept,
and a file a service returns becomes a download."""
from __future__ import annotations

import base64
from urllib.parse import quote

from flask import Response
from flask_smorest.fields import Upload
from marshmallow import Schema

from gateway.limits import limits
from kit.errors import ValidationFailed


class UploadForm(Schema):
    file = Upload(required=True, metadata={"description": "the file (images, PDF, text, office documents, zip)"})


def upload_payload(files) -> dict:
    """The multipart field ``file`` as the payload a service's ``upload_attachment`` takes;
    a file over ``ATTACHMENT_MAX_BYTES`` is refused here, before it crosses RPC."""
    upload = files["file"]
    limit = limits().attachment_max_bytes
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationFailed("The file is too large", code="attachment_too_large",
                               errors={"file": ["At most {} bytes.".format(limit)]})
    return {"filename": upload.filename or "file", "content_type": upload.mimetype or "application/octet-stream",
            "data": base64.b64encode(content).decode()}


def binary(result: dict, filename: str | None = None, inline: bool = True) -> Response:
    """A service's ``{content_type, data (base64)}`` as the response body."""
    response = Response(base64.b64decode(result["data"]), mimetype=result["content_type"])
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    if filename:
        disposition = "inline" if inline else "attachment"
        ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
        response.headers["Content-Disposition"] = "{}; filename=\"{}\"; filename*=UTF-8''{}".format(
            disposition, ascii_name, quote(filename))
    return response


def download(result: dict) -> Response:
    """An attachment: images and PDFs inline, anything else as a download."""
    inline = result["content_type"].startswith("image/") or result["content_type"] == "application/pdf"
    return binary(result, result["filename"], inline=inline)
