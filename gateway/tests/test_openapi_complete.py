"""The OpenAPI document is complete enough to build a client from (issue 13, item 2).

Strict everywhere: every operation has an ``operationId`` (unique), its error responses as
``application/problem+json`` with an example per ``code``; no parameter has an empty
schema; every successful response with a body says its content type; the document
validates (openapi-spec-validator).

Every operation has a summary and a description, every parameter a description. The rest
of the written text (property descriptions, examples) is held by a ratchet: what is still
missing is listed, by name, in ``openapi_undocumented.txt``; a gap not on that list fails,
and so does an entry that is no longer a gap (the list only shrinks — delete the line).
``python -m gateway.tests.test_openapi_complete`` rewrites the list from the document.
"""
from __future__ import annotations

import pathlib
import sys

import pytest
from openapi_spec_validator import validate

from gateway.app import create_app
from gateway.openapi import PROBLEM

BASELINE = pathlib.Path(__file__).with_name("openapi_undocumented.txt")
METHODS = ("get", "post", "put", "patch", "delete")


def load_document() -> dict:
    app = create_app({"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/", "JWT_SECRET": "x" * 40})
    return app.test_client().get("/api/v1/openapi.json").get_json()


@pytest.fixture(scope="module")
def document():
    return load_document()


def operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def name(path, method, operation) -> str:
    return operation.get("operationId") or "{} {}".format(method.upper(), path)


def _schema(document, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema or {}


def _has_example(document, media: dict) -> bool:
    if media.get("example") is not None or media.get("examples"):
        return True
    schema = _schema(document, media.get("schema"))
    if schema.get("example") is not None:
        return True
    if schema.get("type") == "array":
        schema = _schema(document, schema.get("items"))
    properties = schema.get("properties") or {}
    return bool(properties) and all("example" in prop or "$ref" in prop or prop.get("type") in ("object", "array")
                                    for prop in properties.values())


def text_gaps(document) -> list[str]:
    """Every missing property description and example, by name."""
    gaps = []
    for path, method, operation in operations(document):
        op = name(path, method, operation)
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            if media_type == "application/json" and not _has_example(document, media):
                gaps.append("operation {} has no request example".format(op))
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                for media_type, media in response.get("content", {}).items():
                    if media_type == "application/json" and not _has_example(document, media):
                        gaps.append("operation {} has no {} response example".format(op, status))
    for schema_name, schema in document["components"]["schemas"].items():
        for prop, definition in (schema.get("properties") or {}).items():
            if not (definition.get("description") or "").strip():
                gaps.append("property {}.{} has no description".format(schema_name, prop))
    return sorted(set(gaps))


def test_the_document_validates(document):
    validate(document)


def test_every_operation_says_who_may_call_it_what_changes_and_its_problems(document):
    """A summary, and a description (the view's docstring after its first line) that lists
    the problem codes — which then become the documented error responses."""
    offenders = []
    for path, method, operation in operations(document):
        for key in ("summary", "description"):
            if not (operation.get(key) or "").strip():
                offenders.append("{} has no {}".format(name(path, method, operation), key))
    assert offenders == []


def test_every_parameter_is_described(document):
    offenders = ["{} {}".format(name(path, method, operation), parameter["name"])
                 for path, method, operation in operations(document)
                 for parameter in document["paths"][path].get("parameters", []) + operation.get("parameters", [])
                 if not (parameter.get("description") or "").strip()]
    assert offenders == []


def test_every_operation_has_a_unique_operation_id(document):
    ids = [operation.get("operationId") for *_, operation in operations(document)]
    assert [name(*op) for op in operations(document) if not op[2].get("operationId")] == []
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_operation_lists_its_problems_with_their_codes(document):
    offenders = []
    for path, method, operation in operations(document):
        errors = {status: response for status, response in operation["responses"].items() if status[0] in "45"}
        if not errors:
            offenders.append("{}: no error responses".format(name(path, method, operation)))
        for status, response in errors.items():
            media = response.get("content", {}).get(PROBLEM)
            examples = (media or {}).get("examples") or {}
            if not media or not examples or any(e["value"]["status"] != int(status) for e in examples.values()):
                offenders.append("{} {}: not problem+json with an example per code".format(
                    name(path, method, operation), status))
    assert offenders == []


def test_signed_in_operations_say_so_and_answer_401(document):
    offenders = [name(*op) for op in operations(document)
                 if op[2].get("security") and "token_missing" not in
                 op[2]["responses"].get("401", {}).get("content", {}).get(PROBLEM, {}).get("examples", {})]
    assert offenders == []


def test_no_parameter_has_an_empty_schema(document):
    offenders = ["{} {}".format(name(*op), parameter["name"]) for op in operations(document)
                 for parameter in op[2].get("parameters", []) if not parameter.get("schema")]
    assert offenders == []


def test_every_successful_response_with_a_body_says_its_content_type(document):
    offenders = ["{} {}".format(name(*op), status) for op in operations(document)
                 for status, response in op[2]["responses"].items()
                 if status.startswith("2") and status != "204" and not response.get("content")]
    assert offenders == []


def test_binary_responses_declare_their_media_types(document):
    paths = document["paths"]
    qr = paths["/api/v1/orders/{number}/ticket/qr"]["get"]["responses"]["200"]["content"]
    assert {"image/png", "image/svg+xml"} <= set(qr)
    assert "application/pdf" in paths["/api/v1/billing/acts/{act_id}/pdf"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in paths["/api/v1/orders/export.csv"]["get"]["responses"]["200"]["content"]
    # an attachment comes back in the type it was uploaded with (a PNG as image/png), so any type
    assert "*/*" in paths["/api/v1/attachments/{attachment_id}"]["get"]["responses"]["200"]["content"]


def test_written_text_only_improves(document):
    """Property descriptions and examples: no new gap, and the list of known ones shrinks
    as they are written (see the module's text)."""
    known = set(line for line in BASELINE.read_text().splitlines() if line and not line.startswith("#"))
    gaps = set(text_gaps(document))
    assert sorted(gaps - known) == [], "new undocumented operations, parameters or properties"
    assert sorted(known - gaps) == [], "documented now: delete these lines from " + BASELINE.name


if __name__ == "__main__":  # rewrite the list of known gaps
    lines = text_gaps(load_document())
    BASELINE.write_text("# What the OpenAPI document still lacks (test_openapi_complete); only ever shrinks.\n"
                        + "".join(line + "\n" for line in lines))
    print(len(lines), "gaps", file=sys.stderr)
