"""The conventions every list follows, defined once (README «Lists and exports»).

A list's query is a :class:`ListQuery`: ``page`` and ``per_page`` (1–100), ``sort`` (the
list's own fields, comma-separated, ``-field`` for descending: ``sort=-total,number``),
``period_from`` / ``period_to`` (a date — whole days in :data:`ZONE`, ``period_to``
included — or an ISO date-time with its offset; either end may be left open) and ``q`` (text: every word must
be found). A list declares the fields it may be sorted by with :class:`Sort`; anything else
is refused with 422 naming the allowed ones. The same schema is the gateway's argument
schema and the service's payload schema, so the two cannot disagree.

Applied to a SQLAlchemy ``select`` by :func:`sorted_by`, :func:`within` and :func:`matching`,
and paged by :func:`page`; :func:`csv_stream` writes the same rows as CSV.

    class PaymentQuery(ListQuery):
        sort = Sort(("created_at", "number", "amount"), default="-created_at")

    query = select(Payment).where(*conditions, *within(Payment.created_at, data))
    total, rows = page(session, sorted_by(query, data["sort"], COLUMNS, Payment.id.desc()), data)
"""
from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

from marshmallow import ValidationError, fields, validate, validates_schema
from sqlalchemy import func, or_, select

from kit.people import named, search_terms
from kit.schemas import Lenient, PageQuery, Strict

#: the operator's time zone, the manuals' (Moscow): the days a period of dates covers and
#: the times an export shows
ZONE = ZoneInfo("Europe/Moscow")
#: the longest text a list searches for
MAX_QUERY = 100
#: the CSV dialect of every export: ``;`` separates fields (what Excel expects where the
#: decimal separator is a comma, as in Russian), CRLF ends rows, UTF-8 with a BOM
CSV_DELIMITER = ";"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


class Sort(fields.String):
    """``sort``: comma-separated fields of ``allowed``, ``-field`` for descending. Loads to
    a tuple of ``(field, descending)``; absent, to ``default``."""

    def __init__(self, allowed: Sequence[str], default: str, **kwargs):
        self.allowed = tuple(allowed)
        parsed = parse_sort(default, self.allowed)
        description = ("Comma-separated fields to sort by, `-field` for descending; one of: {}. "
                       "Default `{}`.".format(", ".join(self.allowed), default))
        kwargs.setdefault("metadata", {}).setdefault("description", description)
        super().__init__(load_default=lambda: parsed, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return parse_sort(super()._deserialize(value, attr, data, **kwargs), self.allowed)


def parse_sort(value, allowed: Sequence[str]) -> tuple[tuple[str, bool], ...]:
    """``"-total,number"`` → ``(("total", True), ("number", False))``; a field not in
    ``allowed`` (or one named twice) is a ValidationError that names the allowed ones."""
    if not isinstance(value, str):
        raise ValidationError("A comma-separated list of fields.")
    order, unknown = [], []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        name, descending = (part[1:], True) if part.startswith("-") else (part.lstrip("+"), False)
        if name not in allowed:
            unknown.append(name)
        elif name in (n for n, _ in order):
            raise ValidationError("Sorted by {} twice.".format(name))
        else:
            order.append((name, descending))
    if unknown:
        raise ValidationError("Cannot sort by {}. Allowed: {} (prefix - for descending).".format(
            ", ".join(unknown), ", ".join(allowed)))
    if not order:
        raise ValidationError("Name a field to sort by: one of {}.".format(", ".join(allowed)))
    return tuple(order)


class PeriodBound(fields.String):
    """A date (``2026-03-01``: the whole day in :data:`ZONE`) or an ISO date-time with its offset.
    Loads to an aware datetime: a date's start, or for the end of a period
    (``end=True``) the start of the next day, so the day given is included."""

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return period_bound(super()._deserialize(value, attr, data, **kwargs), end=self.end)


def period_bound(value, *, end: bool = False) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return _day_start(value, end)
    else:
        text = str(value).strip()
        try:
            if len(text) == 10:
                return _day_start(date.fromisoformat(text), end)
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("A date (2026-03-01) or a date-time with its offset (2026-03-01T09:00:00+03:00).")
    if moment.tzinfo is None:
        raise ValidationError("A date-time needs its offset (2026-03-01T09:00:00+03:00).")
    return moment.astimezone(timezone.utc)


def _day_start(day: date, end: bool) -> datetime:
    if end:
        day = day + timedelta(days=1)
    return datetime.combine(day, time.min, ZONE).astimezone(timezone.utc)


class ListQuery(PageQuery):
    """What every list takes (its ``sort`` is declared by the list: ``sort = Sort(...)``)."""

    period_from = PeriodBound(metadata={"description": "from this date (the whole day, Moscow time) or date-time "
                                                             "with its offset"})
    period_to = PeriodBound(end=True, metadata={"description": "to this date, included, or this date-time, "
                                                               "excluded"})
    q = fields.String(validate=validate.Length(max=MAX_QUERY), metadata={
        "description": "text: every word must be found (case and ё/е do not matter)"})

    @validates_schema
    def period_in_order(self, data, **kwargs):
        start, end = data.get("period_from"), data.get("period_to")
        if start is not None and end is not None and start >= end:
            raise ValidationError("The period ends before it starts.", "period_to")


class ExportPart(Strict):
    """Which part of an export a service is asked for (the gateway asks for one after
    another while it streams), and the moment the export began (``as_of``, from the first
    part's answer): rows made after it are left out, so the parts do not shift under
    rows added while the file is read."""

    part = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10**6))
    as_of = fields.AwareDateTime()


class CsvPart(Lenient):
    """One part of a CSV export: its header and rows as text cells (the service formats
    them: :func:`money`, :func:`moment`), whether another part follows, and the moment the
    export began (pass it back with the next part)."""

    header = fields.List(fields.String())
    rows = fields.List(fields.List(fields.String(allow_none=True)))
    more = fields.Boolean()
    as_of = fields.String()


#: rows in one part of an export
EXPORT_PART = 500


def export_part(session, query, data: Mapping, header: Sequence[str], cells, *, created, now: datetime) -> dict:
    """Part ``data["part"]`` (from 1) of an export of an ordered ``select`` of one entity,
    of the rows ``created`` (their creation time column) by ``data["as_of"]`` (the first
    part: ``now``); ``cells(entities)`` → one list of cells per entity (all at once, so
    names are looked up together)."""
    as_of, part = data.get("as_of") or now, data.get("part") or 1
    query = query.where(created <= as_of)
    found = list(session.execute(query.offset((part - 1) * EXPORT_PART).limit(EXPORT_PART + 1)).scalars())
    rows = cells(found[:EXPORT_PART])
    return {"header": list(header), "rows": [[None if c is None else str(c) for c in row] for row in rows],
            "more": len(found) > EXPORT_PART, "as_of": as_of.isoformat()}


# --- applying a query to a select ---------------------------------------------------------

def sorted_by(query, sort: Iterable[tuple[str, bool]], columns: Mapping[str, object], *tiebreak):
    """``query`` ordered by ``sort`` (names → ``columns``), then ``tiebreak`` (something
    unique, so pages never overlap)."""
    order = [columns[name].desc() if descending else columns[name].asc() for name, descending in sort]
    return query.order_by(*order, *tiebreak)


def within(column, data: Mapping) -> list:
    """Conditions: ``column`` in ``[period_from, period_to)`` (either end may be open)."""
    conditions = []
    if data.get("period_from") is not None:
        conditions.append(column >= data["period_from"])
    if data.get("period_to") is not None:
        conditions.append(column < data["period_to"])
    return conditions


def matching(text: str | None, columns: Sequence, *, numbers: Sequence = (), people: Sequence = ()) -> list:
    """Conditions for ``q``: every word is found in one of ``columns`` (stored search
    columns, :func:`kit.people.search_text`: folded in Python when written, so compared as
    they are, the same on every store), equals one of ``numbers`` (when it is a number), or
    is part of the name of the person one of ``people`` (user id columns) names (the people
    projection, :func:`kit.people.named`)."""
    conditions = []
    for term in search_terms(text):
        options = [column.contains(term, autoescape=True) for column in columns]
        if term.isascii() and term.isdigit() and len(term) <= 18:
            options += [column == int(term) for column in numbers]
        options += [column.in_(named(term)) for column in people]
        conditions.append(or_(*options) if options else False)
    return conditions


def page(session, query, data: Mapping) -> tuple[int, list]:
    """``(total, rows of the page)`` of an ordered ``select`` of one entity."""
    total = session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = session.execute(query.offset((data["page"] - 1) * data["per_page"]).limit(data["per_page"])).scalars()
    return int(total), list(rows)


def envelope(items: list, total: int, data: Mapping) -> dict:
    """The list envelope (``kit.schemas.page_of``)."""
    return {"items": items, "total": total, "page": data["page"], "per_page": data["per_page"]}


# --- CSV ----------------------------------------------------------------------------------

def moment(value: datetime | str | None, zone=ZONE) -> str:
    """A time as the manuals show it (``11.08.2023 13:32``, in ``zone``); "" for none."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(zone).strftime("%d.%m.%Y %H:%M")


def money(amount: int | None) -> str:
    """Minor units as the manuals show rubles, for a spreadsheet: ``18000`` → ``180,00``
    (a decimal comma, no thousands separator, so Excel reads a number)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(int(amount)), 100)
    return "{}{},{:02d}".format(sign, whole, cents)


def csv_stream(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """CSV in UTF-8 with a BOM (Excel then reads Cyrillic right), ``;`` between fields,
    CRLF after rows; one chunk per row, so an export of any length streams."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")

    def line(values) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if v is None else _safe_cell(v) for v in values])
        return buffer.getvalue().encode("utf-8")

    yield codecs.BOM_UTF8 + line(header)
    for row in rows:
        yield line(row)


def _safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs: one starting with ``= + - @`` (a
    formula, CSV injection) is prefixed with ``'`` unless it is a number."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def read_csv(content: bytes) -> list[dict]:
    """The rows of an export as dicts (what a test or a client reads back)."""
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=CSV_DELIMITER))

