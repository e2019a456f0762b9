"""Orders' own providers: attachment storage, the people directory, settings."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import structlog
from nameko.extensions import DependencyProvider
from nameko.timer import Timer


log = structlog.get_logger(__name__)

#: what the chat accepts (O5 "files, images"): documents, images, archives
ALLOWED_TYPES = (
    "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
    "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
)


@dataclass(frozen=True)
class OrdersSettings:
    ticket_secret: str
    attachments_dir: str
    attachment_max_bytes: int
    share_url_template: str
    auto_confirm_batch: int

    @classmethod
    def from_config(cls, config: dict) -> "OrdersSettings":
        return cls(
            ticket_secret=config["TICKET_SIGNING_SECRET"],
            attachments_dir=config["ATTACHMENTS_DIR"] or os.path.join(config["VAR_DIR"], "attachments"),
            attachment_max_bytes=int(config["ATTACHMENT_MAX_BYTES"]),
            share_url_template=config["SHARE_LINK_URL_TEMPLATE"].replace(
                "{PUBLIC_BASE_URL}", config["PUBLIC_BASE_URL"].rstrip("/")),
            auto_confirm_batch=int(config["AUTO_CONFIRM_BATCH"]),
        )


# --- attachments ----------------------------------------------------------------------

class LocalStorage:
    """Files in a local directory (``ATTACHMENTS_DIR``); another backend (S3, …) only has
    to offer ``put``, ``get`` and ``delete`` by key."""

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


class Storage(DependencyProvider):
    def setup(self):
        config = self.container.config
        root = config.get("ATTACHMENTS_DIR") or os.path.join(config["VAR_DIR"], "attachments")
        self.storage = LocalStorage(root)

    def get_dependency(self, worker_ctx):
        return self.storage


# --- people ---------------------------------------------------------------------------

def identity_fetch(identity):
    """``fetch(user_ids) -> [user]`` through identity's internal ``get_users``
    (``identity`` is a :class:`kit.remote.Remote`: bounded, 503 when it cannot answer)."""

    def fetch(user_ids):
        return identity.get_users(sorted(user_ids)) if user_ids else []

    return fetch


class ConfiguredTimer(Timer):
    """A Nameko timer whose interval is a setting (read when the container starts)."""

    def __init__(self, setting: str, default: float, **kwargs):
        super().__init__(interval=default, **kwargs)
        self.setting = setting

    def setup(self):
        super().setup()
        self.interval = float(self.container.config.get(self.setting) or self.interval)


timer = ConfiguredTimer.decorator
