"""CSV exports of lists, streamed (kit.listing's conventions).

A service answers an export a part at a time (``kit.listing.export_part``: header, rows,
whether more follow, the moment the export began, which every later part is asked with,
so rows added meanwhile do not shift the parts); the gateway asks for the first part before it answers, so a refused
query is still a problem+json, then streams the rest part after part while the client
reads. UTF-8 with a BOM, ``;`` between fields, money with a decimal comma: what a
spreadsheet (Excel in a Russian locale) opens as it is.
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, stream_with_context

from gateway.calls import rpc
from kit.listing import CSV_MEDIA_TYPE, csv_stream

#: what an export endpoint documents (OpenAPI)
CSV_DESCRIPTION = ("CSV, UTF-8 with a byte order mark, `;` between fields, CRLF line ends; money in "
                   "rubles with a decimal comma (`180,00`), times as dd.mm.yyyy HH:MM, Moscow time. The "
                   "same filters and sort as the list; every row that matches, not one page.")


def csv_export(service: str, method: str, filename: str, *args) -> Response:
    """Stream ``service.method(*args, {"part": n})``'s parts as one CSV file."""
    first = rpc(service, method, *args, {"part": 1})

    def rows():
        part, answer = 1, first
        while True:
            yield from answer["rows"]
            if not answer.get("more"):
                return
            part += 1
            answer = rpc(service, method, *args, {"part": part, "as_of": first["as_of"]})

    response = Response(stream_with_context(csv_stream(first["header"], rows())), mimetype=CSV_MEDIA_TYPE)
    response.headers["Content-Disposition"] = "attachment; filename=\"{0}\"; filename*=UTF-8''{1}".format(
        filename, quote(filename))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
