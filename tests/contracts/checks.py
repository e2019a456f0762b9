"""Checks of event contracts and of docs/events.md, used by tests/contracts.

- :func:`read_problems`: a consumer's ``ReadSchema`` against the producer's ``EventSchema``
  of the same event: every field it reads is declared; one it requires is required; one
  it does not allow to be null is never null; the JSON kind agrees (a string is not read as
  a number); the same, recursively, inside ``Nested`` fields and ``List`` items.
- :func:`entrypoints_of`: a Nameko service class's entrypoints, found as Nameko finds them
  (the ``nameko_entrypoints`` of its methods, inherited ones included).
- :func:`documented`: the events and RPC methods docs/events.md lists for each service.
"""
from __future__ import annotations

import inspect
import re

from marshmallow import Schema, fields
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

# --- a consumer's read schema against the producer's schema ---------------------------

#: the JSON kind of a field's value on the wire; None: anything
KINDS = (
    ((fields.Boolean,), "boolean"),
    ((fields.Number,), "number"),
    ((fields.String, fields.DateTime, fields.Date, fields.Time, fields.UUID, fields.TimeDelta,
      fields.Enum), "string"),
    ((fields.List, fields.Tuple), "array"),
    ((fields.Dict, fields.Mapping), "object"),
)


def kind_of(field: fields.Field) -> str | None:
    if isinstance(field, fields.Nested):
        return "array" if field.many else "object"
    for classes, kind in KINDS:
        if isinstance(field, classes):
            return kind
    return None


def declared_fields(schema: Schema) -> dict[str, fields.Field]:
    """The schema's fields by their key in the payload (``data_key`` wins)."""
    return {field.data_key or name: field for name, field in schema.fields.items()}


def read_problems(producer: Schema, consumer: Schema, where: str = "") -> list[str]:
    """What ``consumer`` reads that ``producer`` does not promise; empty when it is safe."""
    declared = declared_fields(producer)
    problems = []
    for key, read in declared_fields(consumer).items():
        path = where + key
        if key not in declared:
            problems.append("reads {}, which the producer does not declare".format(path))
            continue
        problems += field_problems(declared[key], read, path)
    return problems


def field_problems(field: fields.Field, read: fields.Field, path: str) -> list[str]:
    problems = []
    if read.required and not field.required:
        problems.append("requires {}, which the producer may leave out".format(path))
    if not read.allow_none and field.allow_none:
        problems.append("does not allow {} to be null, which the producer allows".format(path))
    wanted, given = kind_of(read), kind_of(field)
    if wanted and given and wanted != given:
        problems.append("reads {} as {} ({}), the producer declares {} ({})".format(
            path, wanted, type(read).__name__, given, type(field).__name__))
        return problems
    if isinstance(read, fields.Nested):
        if isinstance(field, fields.Nested):
            problems += read_problems(field.schema, read.schema, path + ("[]." if read.many else "."))
        else:
            problems.append("reads {} as a nested schema, the producer declares {}".format(
                path, type(field).__name__))
    elif isinstance(read, fields.List) and isinstance(field, fields.List):
        problems += field_problems(field.inner, read.inner, path + "[]")
    return problems


# --- a service class's entrypoints ----------------------------------------------------


def entrypoints_of(service_cls) -> list[tuple[str, object]]:
    """``(method name, entrypoint)`` of every entrypoint of ``service_cls`` (with inherited
    ones, such as :class:`kit.people.PeopleProjection`'s), as Nameko discovers them."""
    return [(name, entrypoint)
            for name, method in inspect.getmembers(service_cls, inspect.isfunction)
            for entrypoint in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ())]


# --- docs/events.md ---------------------------------------------------------------------

SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def _tables(lines: list[str]) -> list[list[list[str]]]:
    """The tables of a section: their body rows, each a list of cells."""
    tables, rows, header_seen = [], None, False
    for line in lines + [""]:
        if line.startswith("|"):
            if rows is None:
                rows, header_seen = [], False
            if SEPARATOR.match(line.strip()):
                header_seen = True
                continue
            if header_seen:
                rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows is not None:
            tables.append(rows)
            rows = None
    return tables


def documented(text: str) -> dict[str, dict[str, set[str]]]:
    """``{service: {"events": {type, ...}, "rpc": {method, ...}}}`` from docs/events.md:
    each ``## <service>``'s ``### Events`` table (first column: the backquoted event types,
    ``None.`` for no events) and ``### RPC methods`` table (first column: backquoted
    ``method(...)`` signatures)."""
    sections: dict[str, dict[str, list[str]]] = {}
    service = subsection = None
    for line in text.splitlines():
        if line.startswith("## "):
            service, subsection = line[3:].strip().split()[0], None
            sections[service] = {}
        elif line.startswith("### ") and service:
            subsection = line[4:].strip()
            sections[service][subsection] = []
        elif service and subsection:
            sections[service][subsection].append(line)
    found = {}
    for service, subsections in sections.items():
        entry = {}
        if "Events" in subsections:
            entry["events"] = {name for table in _tables(subsections["Events"]) for row in table
                               for name in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", row[0])}
        if "RPC methods" in subsections:
            entry["rpc"] = {name for table in _tables(subsections["RPC methods"]) for row in table
                            for name in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)\(", row[0])}
        if entry:
            found[service] = entry
    return found
