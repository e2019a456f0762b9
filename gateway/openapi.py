"""The OpenAPI document made complete in one place, not by hand on every route.

An apispec plugin gives every operation

- its ``operationId``: ``<blueprint>_<view function>`` (``orders_create_order``), unique
  because endpoint names are;
- its error responses as ``application/problem+json`` with the Problem schema and one
  example per ``code``. The codes come from three places: the view's docstring
  (``Problems: 404 `order_not_found`, 409 `order_cancelled`…`` — the text people read is
  the list the document declares), :func:`problems` on a view or a decorator
  (``idempotent``, ``rate_limited``), and what every operation of its shape may answer
  (401 when signed in, 422 when it takes input, 404 when its path names an object, 503
  when a service is busy), and a `default` problem response for anything else (500).

Binary responses declare their content types with :data:`BINARY` / :data:`TEXT` as the
response schema; comma-separated query lists (:class:`CommaListSchema`) are arrays of enums.
"""
from __future__ import annotations

import re
from collections import OrderedDict

from apispec import BasePlugin
from marshmallow import Schema, fields

from kit import errors as kit_errors
from kit.schemas import CommaList

PROBLEM = "application/problem+json"
BINARY = {"type": "string", "format": "binary"}
TEXT = {"type": "string"}

TITLES = {kind.status: kind.title for kind in (
    kit_errors.BadRequest, kit_errors.Unauthorized, kit_errors.Forbidden, kit_errors.NotFound,
    kit_errors.Conflict, kit_errors.ValidationFailed, kit_errors.RateLimited, kit_errors.Unavailable,
    kit_errors.InternalError)}
TITLES.update({413: "Payload too large", 415: "Unsupported media type"})

#: what every operation of a shape may answer
SIGNED_IN = {401: ["token_missing", "token_invalid", "token_expired", "token_revoked"]}
TAKES_INPUT = {422: ["validation_failed"]}
TAKES_JSON = {400: ["malformed_json"]}
NAMES_AN_OBJECT = {404: ["not_found"]}
CALLS_SERVICES = {503: ["service_busy", "gateway_busy", "service_timeout", "service_unavailable"]}

_PROBLEMS_TEXT = re.compile(r"Problems?:(.*?)(?:\n\s*\n|$)", re.S)
_TOKEN = re.compile(r"\b([1-5]\d\d)\b|`([a-z][a-z0-9_]*)`")


class ProblemSchema(Schema):
    """RFC 9457 problem details with a stable machine ``code``."""

    type = fields.String(metadata={"description": "a URI naming the problem type (ends with the code)",
                                   "example": "https://errors.platform.local/order_not_found"})
    title = fields.String(metadata={"description": "a short human summary of the problem's kind",
                                    "example": "Not found"})
    status = fields.Integer(metadata={"description": "the HTTP status code", "example": 404})
    detail = fields.String(metadata={"description": "what went wrong this time, for a person",
                                     "example": "No such order"})
    code = fields.String(metadata={"description": "stable machine code, e.g. order_transition_not_allowed",
                                   "example": "order_not_found"})
    errors = fields.Dict(metadata={"description": "field → list of messages (422)",
                                   "example": {"email": ["Not a valid email address."]}})
    request_id = fields.String(metadata={"description": "the request's X-Request-ID, to find it in the logs",
                                         "example": "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"})


def problems(*declaration):
    """``@problems(404, "order_not_found", 409, "order_cancelled", "order_closed")``: the
    problem codes a view (or a decorator wrapping views) may answer, by status."""
    table = _parse_declaration(declaration)

    def decorate(view):
        declare(view, table)
        return view

    return decorate


def declare(view, table: dict) -> None:
    """Add ``{status: [codes]}`` to a view's documented problems (kept in flask-smorest's
    manual doc under ``x-problems``, which :class:`OperationsPlugin` turns into responses)."""
    apidoc = getattr(view, "_apidoc", None)
    apidoc = dict(apidoc) if apidoc else {}
    manual = dict(apidoc.get("manual_doc", {}))
    declared = {key: dict(value) for key, value in manual.get("x-problems", {}).items()}
    for status, codes in table.items():
        declared.setdefault(str(status), {}).update({code: True for code in codes})
    manual["x-problems"] = declared
    apidoc["manual_doc"] = manual
    view._apidoc = apidoc


def _parse_declaration(declaration) -> dict:
    table, status = OrderedDict(), None
    for item in declaration:
        if isinstance(item, int):
            status = item
            table.setdefault(status, [])
        else:
            if status is None:
                raise ValueError("a problem code needs a status before it: {}".format(item))
            table[status].append(item)
    return table


def problems_in_text(text: str) -> dict:
    """``Problems: 422 `validation_failed`, 403 `staff_only`, `right_required`.`` → the
    table; a code before any status is ignored (it belongs to prose)."""
    table = OrderedDict()
    for match in _PROBLEMS_TEXT.finditer(text or ""):
        status = None
        listed = re.sub(r"\([^()]*\)", "", match.group(1))  # (explanations) name fields, not codes
        for number, code in _TOKEN.findall(listed):
            if number:
                status = int(number)
                table.setdefault(status, [])
            elif status is not None and code not in table[status]:
                table[status].append(code)
    return table


def _merge(into: dict, table: dict) -> None:
    for status, codes in table.items():
        bucket = into.setdefault(int(status), [])
        for code in codes:
            if code not in bucket:
                bucket.append(code)


def _example(status: int, code: str) -> dict:
    return {"summary": code, "value": {
        "type": "https://errors.platform.local/{}".format(code), "title": TITLES.get(status, "Error"),
        "status": status, "detail": code.replace("_", " ").capitalize(), "code": code}}


def problem_response(status: int, codes: list[str]) -> dict:
    return {"description": "{}: {}".format(TITLES.get(status, "Error"), ", ".join("`{}`".format(c) for c in codes)),
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"},
                                  "examples": {code: _example(status, code) for code in codes}}}}


def operation_id(endpoint: str) -> str:
    return endpoint.replace(".", "_")


class OperationsPlugin(BasePlugin):
    """operationId and problem responses for every operation (see the module's text)."""

    def __init__(self):
        self.seen = {}

    def path_helper(self, path=None, operations=None, parameters=None, **kwargs):
        for parameter in parameters or []:
            if isinstance(parameter, dict) and parameter.get("in") == "path" and not parameter.get("description"):
                description = path_parameter_description(path or "", parameter["name"])
                if description:
                    parameter["description"] = description

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        for method, operation in (operations or {}).items():
            if rule is not None:
                identifier = operation_id(rule.endpoint)
                if len(rule.methods - {"HEAD", "OPTIONS"}) > 1:
                    identifier += "_" + method
                operation.setdefault("operationId", identifier)
            self._problems(path or "", operation)

    @staticmethod
    def _problems(path: str, operation: dict) -> None:
        table = OrderedDict()
        _merge(table, problems_in_text(operation.get("description", "")))
        _merge(table, operation.pop("x-problems", {}))
        for status, response in operation.get("responses", {}).items():  # alt_response(404, description=…)
            if str(status)[0] in "45" and isinstance(response, dict):
                _merge(table, {int(status): re.findall(r"`([a-z][a-z0-9_]*)`", response.get("description", ""))})
        if operation.get("security"):
            _merge(table, SIGNED_IN)
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            _merge(table, TAKES_JSON)
        if operation.get("requestBody") or any(p.get("in") == "query" for p in operation.get("parameters", [])
                                               if isinstance(p, dict)):
            _merge(table, TAKES_INPUT)
        if "{" in path:
            _merge(table, NAMES_AN_OBJECT)
        _merge(table, CALLS_SERVICES)
        responses = operation.setdefault("responses", {})
        for status in table:
            if table[status]:
                responses[str(status)] = problem_response(status, table[status])
        responses["default"] = dict(problem_response(500, ["internal_error"]),
                                    description="Any other problem, e.g. 500 `internal_error`, 413 `payload_too_large`")
        operation["responses"] = dict(sorted(responses.items(), key=lambda item: str(item[0])))


def comma_list_property(self, field, **kwargs) -> dict:
    """A :class:`~kit.schemas.CommaList` is an array of its choices."""
    if isinstance(field, CommaList):
        return {"type": "array", "items": {"type": "string", "enum": list(field.choices)}}
    return {}


def comma_list_parameter(self, field, **kwargs) -> dict:
    """…sent comma-separated in one query parameter (``status=new,in_progress``)."""
    if isinstance(field, CommaList):
        return {"style": "form", "explode": False}
    return {}


#: fields that mean the same in every schema they appear in (a schema's own description wins)
GLOSSARY = {
    "id": "this object's id (UUID)",
    "created_at": "when it was created (UTC, ISO 8601)",
    "updated_at": "when it last changed (UTC, ISO 8601)",
    "currency": "the ISO 4217 currency code of the amounts (RUB)",
    "status_label": "the status in the caller's language (`Accept-Language`)",
    "kind_label": "the kind in the caller's language (`Accept-Language`)",
    "first_name": "the person's first name",
    "last_name": "the person's last name",
    "email": "the e-mail address",
    "phone": "the phone number in E.164 form (+79991234567)",
    "language": "the preferred language: ru or en",
    "position": "the place in lists, ascending",
    "active": "offered for new use (false: retired, kept for the records)",
    "paid_at": "when it was paid (UTC, ISO 8601), or null",
    "deleted": "true: it is gone",
    "starts_at": "when the period starts (UTC, ISO 8601)",
    "ends_at": "when the period ends, excluded (UTC, ISO 8601)",
    "vat": "the VAT included, in kopecks",
    "return_url": "where the payment page sends the person back to",
    "last_read_seq": "the sequence number of the last message read by the caller",
    "unread": "how many messages the caller has not read",
}


def glossary_description(self, field, ret, **kwargs) -> dict:
    """A field of :data:`GLOSSARY` without its own description gets the glossary's."""
    name = field.data_key or field.name
    if "description" not in ret and name in GLOSSARY:
        return {"description": GLOSSARY[name]}
    return {}


#: path parameters, by name, or by name under a path prefix (the longest prefix wins)
PATH_PARAMETERS = {
    "number": "the order's number",
    "/api/v1/coworking/": {"number": "the coworking ticket's number"},
    "/api/v1/support/": {"number": "the support ticket's number"},
    "service_id": "the catalog service's id",
    "/api/v1/billing/subscriptions/": {"service_id": "the subscription's (bought service's) id"},
    "user_id": "the user's id",
    "account_id": "the customer account's id",
    "group_id": "the company's or community's id",
    "token": "the token from the link",
    "invoice_id": "the invoice's id",
    "space_id": "the coworking space's id",
    "workplace_id": "the workplace's id",
    "ref_id": "the reference entry's id",
    "attachment_id": "the attachment's id",
    "act_id": "the act's id",
    "contract_id": "the contract's id",
    "purchase_id": "the purchase's id",
    "line_id": "the bank statement line's id",
    "organisation_id": "the customer organisation's id (one of identity's companies)",
    "payment_id": "the payment's id",
    "provider": "the payment provider's code (yookassa, sandbox)",
    "payer_id": "the payer's id",
    "method_id": "the saved payment method's id",
    "product_id": "the recurring product's id",
    "item_id": "the cart item's id",
    "notification_id": "the notification's id",
    "device_id": "the push device's id",
    "template": "the notification template's code (the event it is for)",
    "channel": "the delivery channel: email, sms, push, telegram, inbox",
    "language": "the template's language: ru or en",
    "delivery_id": "the delivery's id",
    "invitation_id": "the ticket link's id",
    "department_id": "the support department's id",
    "object_id": "the organisation's object's id",
    "request_id": "the personal-data request's id",
}


def path_parameter_description(path: str, name: str) -> str | None:
    scoped = [prefix for prefix in PATH_PARAMETERS if prefix.startswith("/") and path.startswith(prefix)
              and name in PATH_PARAMETERS[prefix]]
    if scoped:
        return PATH_PARAMETERS[max(scoped, key=len)][name]
    value = PATH_PARAMETERS.get(name)
    return value if isinstance(value, str) else None


def register_converters(ma_plugin) -> None:
    ma_plugin.converter.add_attribute_function(glossary_description)
    ma_plugin.converter.add_attribute_function(comma_list_property)
    ma_plugin.converter.add_parameter_attribute_function(comma_list_parameter)


def complete_components(spec) -> None:
    """flask-smorest's own error responses are problem details too."""
    for response in spec.components.responses.values():
        content = response.get("content", {})
        if "application/json" in content:
            content[PROBLEM] = content.pop("application/json")
