"""I6, a person's rights over their data (manual 004, «Действия над персональными данными»):
export as CSV files e-mailed and downloadable once, erasure in every service, restriction
of processing. Rules only: which requests may be made, how far one is, the archive of CSV
files, and whether a download link still opens."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timedelta

from kit.errors import NotFoundRule, RuleBroken

KINDS = ("export", "erase", "restrict", "lift_restriction")
#: requests whose work the other services share (identity waits for each one's answer)
SHARED = ("export", "erase")


def check_request(kind: str, *, email: str | None, is_owner: bool, other_members: int,
                  restricted: bool, open_kinds: set[str]) -> None:
    """Whether the person may make a ``kind`` request now.

    An export goes to the e-mail in the person's settings (the manual), so it needs one;
    one export or erasure at a time; the account's first user is erased only while nobody
    else uses the account (manual 004: the first user is removed through the provider)."""
    if kind not in KINDS:
        raise RuleBroken("data_request_kind_unknown", "One of: {}.".format(", ".join(KINDS)), field="kind")
    if kind in open_kinds and kind in SHARED:
        raise RuleBroken("data_request_in_progress", "A request of this kind is already in progress.")
    if kind == "export" and not email:
        raise RuleBroken("email_required", "The export is sent to the e-mail of your settings: add one first.")
    if kind == "erase" and is_owner and other_members:
        raise RuleBroken("owner_has_users", "The account's first user is erased once the account has no other "
                                            "users (or through the provider).")
    if kind == "restrict" and restricted:
        raise RuleBroken("already_restricted", "Processing is already restricted.")
    if kind == "lift_restriction" and not restricted:
        raise RuleBroken("not_restricted", "Processing is not restricted.")


def progress(parts: dict[str, str]) -> str:
    """``in_progress`` while any service's part is pending, else ``done``."""
    return "done" if all(status == "done" for status in parts.values()) else "in_progress"


def archive(tables_by_service: dict[str, dict[str, list[dict[str, str]]]]) -> bytes:
    """A ZIP of CSV files, one per service and table (``orders-orders.csv``): UTF-8 with a
    byte-order mark (spreadsheets read Cyrillic right), a header row, a row per record."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive_file:
        for service in sorted(tables_by_service):
            for table, rows in sorted((tables_by_service[service] or {}).items()):
                columns: list[str] = []
                for row in rows:
                    columns += [column for column in row if column not in columns]
                text = io.StringIO()
                writer = csv.DictWriter(text, fieldnames=columns or ["none"], lineterminator="\r\n")
                writer.writeheader()
                for row in rows:
                    writer.writerow({column: row.get(column, "") for column in columns})
                archive_file.writestr("{}-{}.csv".format(service, table), "\ufeff" + text.getvalue())
    return buffer.getvalue()


def export_filename(now: datetime) -> str:
    return "personal-data-{}.zip".format(now.strftime("%Y-%m-%d"))


def download_expiry(now: datetime, ttl_seconds: int) -> datetime:
    return now + timedelta(seconds=ttl_seconds)


def check_download(*, downloaded_at: datetime | None, expires_at: datetime | None, now: datetime) -> None:
    """A link opens once, until it expires."""
    if downloaded_at is not None:
        raise NotFoundRule("download_used", "This link has been used: request a new export.")
    if expires_at is None or now >= expires_at:
        raise NotFoundRule("download_expired", "This link has expired: request a new export.")
