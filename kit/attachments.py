"""Files people attach (order chat, support tickets): one mechanism for the whole system.

- :func:`accept` checks an upload — an allowed type, not empty, not larger than the
  service's ``ATTACHMENT_MAX_BYTES``, and content that is what its type says (the first
  bytes) — and returns the clean name, the type and the bytes; or refuses with a 422
  whose ``code`` says why (``attachment_type_not_allowed``, ``attachment_too_large``,
  ``attachment_type_mismatch``, ``attachment_rejected``).
- :class:`AttachmentUpload` is the upload as it crosses RPC, :class:`AttachmentOut` what
  every service answers about a file.
- :class:`LocalStorage` keeps the bytes by key in a directory (``ATTACHMENTS_DIR``); another
  backend (S3, …) only has to offer ``put``, ``get`` and ``delete``. :class:`Storage` is
  the Nameko provider that gives a service its store.

Each service keeps its own rows of who uploaded what and where it was attached (its own
database); the gateway reads multipart uploads the same way for every service
(``gateway/uploads.py``).
"""
from __future__ import annotations

import base64
import binascii
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from marshmallow import fields, validate
from nameko.extensions import DependencyProvider

from kit.errors import ValidationFailed
from kit.schemas import DateTime, Lenient, Strict

#: what people may attach ("files, images"): documents, images, archives
ALLOWED_TYPES = (
    "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
    "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
)

#: the first bytes of each type we can recognise: a file must be what it says it is
MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
    "application/pdf": (b"%PDF-",),
    "application/zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
    "application/msword": (b"\xd0\xcf\x11\xe0",),
    "application/vnd.ms-excel": (b"\xd0\xcf\x11\xe0",),
}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class AttachmentRejected(ValidationFailed):
    code = "attachment_rejected"


class AttachmentUpload(Strict):
    """Internal (gateway → a service's ``upload_attachment``): the uploaded file, base64-encoded."""

    filename = fields.String(required=True, validate=validate.Length(min=1, max=255))
    content_type = fields.String(required=True, validate=validate.Length(min=1, max=100))
    data = fields.String(required=True)


class AttachmentOut(Lenient):
    id = fields.String()
    filename = fields.String(metadata={"description": "the file's name as uploaded"})
    content_type = fields.String(metadata={"description": "the file's media type (image/png, application/pdf…)"})
    size = fields.Integer(metadata={"description": "the file's size in bytes"})
    created_at = DateTime()


@dataclass(frozen=True)
class Accepted:
    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


def clean_filename(name: str) -> str:
    """The last part of a path, without control characters or quotes, at most 255 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"]", "", name).strip().lstrip(".")
    return name[:255] or "file"


def check(filename: str, content_type: str, content: bytes, max_bytes: int) -> Accepted:
    """An upload's bytes, checked (see the module's docstring)."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type not in ALLOWED_TYPES:
        raise AttachmentRejected("This type of file is not accepted", code="attachment_type_not_allowed",
                                 errors={"file": ["Allowed: images, PDF, text, office documents, zip."]})
    if not content:
        raise AttachmentRejected("The file is empty", errors={"file": ["Empty file."]})
    if len(content) > max_bytes:
        raise AttachmentRejected("The file is too large", code="attachment_too_large",
                                 errors={"file": ["At most {} bytes.".format(max_bytes)]})
    magic = MAGIC.get(content_type)
    if magic and not content.startswith(magic):
        raise AttachmentRejected("The file is not what its type says", code="attachment_type_mismatch",
                                 errors={"file": ["The content is not {}.".format(content_type)]})
    return Accepted(clean_filename(filename), content_type, content)


def accept(data: dict, max_bytes: int) -> Accepted:
    """An upload as it crosses RPC (``{filename, content_type, data}``, ``data`` base64), checked."""
    try:
        content = base64.b64decode(data["data"], validate=True)
    except (binascii.Error, ValueError):
        raise AttachmentRejected("The file is not valid base64", errors={"file": ["Not base64."]})
    return check(data["filename"], data["content_type"], content, max_bytes)


def storage_key(attachment_id: str) -> str:
    return attachment_id.replace("-", "")


class LocalStorage:
    """Files in a local directory (``ATTACHMENTS_DIR``), by key."""

    def __init__(self, root: str):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError("bad storage key")
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # write then rename: a reader never sees half a file
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            handle.write(data)
            temporary = handle.name
        os.replace(temporary, path)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            pass


def attachments_dir(config: dict) -> str:
    """``ATTACHMENTS_DIR``, or ``<VAR_DIR>/attachments`` when it is not set."""
    return config.get("ATTACHMENTS_DIR") or os.path.join(config["VAR_DIR"], "attachments")


class Storage(DependencyProvider):
    """The service's attachment store (:class:`LocalStorage` in ``ATTACHMENTS_DIR``)."""

    def setup(self):
        self.storage = LocalStorage(attachments_dir(self.container.config))

    def get_dependency(self, worker_ctx):
        return self.storage
