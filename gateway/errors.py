"""Every error leaves the gateway as ``application/problem+json`` (RFC 9457), never a
traceback or an HTML page: service errors by their kind, HTTP errors by their status.

The ``code`` is stable, English and for machines; ``title`` and ``detail`` are for people,
in the language ``Accept-Language`` chose (Russian by default), from the platform's one
catalog (kit/locale): the title is the code's (``problem`` vocabulary); the detail is the
code's template in the ``problem.detail`` vocabulary filled with the error's ``params``
(amounts formatted for the reader) when it has one; otherwise, in English, the service's
own detail (services write them in English) and, in Russian, the title."""
from __future__ import annotations

import structlog
import json as std_json

from flask import Flask, Response, g, json, request
from nameko.exceptions import RemoteError
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed

from gateway.context import language
from kit import i18n
from kit.errors import InternalError, ServiceError

log = structlog.get_logger(__name__)
PROBLEM = "application/problem+json"

#: HTTP errors raised by Flask/werkzeug (routing, body parsing) → stable codes
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
              415: "unsupported_media_type", 422: "validation_failed", 429: "rate_limited"}


def problem(status: int, code: str, title: str, detail: str, errors: dict | None = None,
            headers: dict | None = None, **extra):
    body = {"type": "https://errors.platform.local/{}".format(code), "title": title,
            "status": status, "detail": detail, "code": code}
    if errors:
        body["errors"] = errors
    body.update({k: v for k, v in extra.items() if v is not None})
    if getattr(g, "request_id", None):
        body["request_id"] = g.request_id
    g.problem_code = code  # the request's one log line says it (gateway.context)
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def localized(code: str, kind_code: str, service_detail: str | None,
              params: dict | None = None) -> tuple[str, str]:
    """The title and detail of a problem ``code`` (of the kind ``kind_code``: ``not_found``…)
    in the caller's language. A code the catalog lacks (tests/… fail on one) gets its kind's
    title; the English detail is then the service's own."""
    lang = language()
    title = i18n.lookup("problem", code, lang) or i18n.lookup("problem", kind_code, lang) or kind_code
    template = i18n.lookup("problem.detail", code, lang)
    if template is not None and params is not None:
        try:
            return title, template.format(**i18n.readable(params, lang))
        except (KeyError, IndexError, ValueError):
            log.warning("problem_detail_params_missing", code=code)
    if lang == "en" and service_detail:
        return title, service_detail
    return title, title


def from_service_error(exc: ServiceError):
    headers = {}
    if exc.extra.get("retry_after"):
        headers["Retry-After"] = str(int(exc.extra["retry_after"]))
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    extra = {k: v for k, v in exc.extra.items() if k not in ("retry_after", "params")}
    title, detail = localized(exc.error_code, type(exc).code, exc.detail, exc.extra.get("params"))
    return problem(exc.status, exc.error_code, title, detail, exc.errors, headers, **extra)


def _validation_errors(exc: HTTPException) -> dict | None:
    """webargs puts field errors under data.messages.<location>."""
    messages = getattr(exc, "data", {}).get("messages") if getattr(exc, "data", None) else None
    if not isinstance(messages, dict):
        return None
    merged = {}
    for location_errors in messages.values():
        if isinstance(location_errors, dict):
            merged.update(location_errors)
    return merged or None


def from_http_exception(exc: HTTPException):
    status = exc.code or 500
    code = HTTP_CODES.get(status, "http_error")
    errors = _validation_errors(exc)
    detail = exc.description or exc.name
    if status == 422:
        detail = "Some fields are invalid"
    elif status == 400 and "JSON" in (detail or ""):
        code, detail = "malformed_json", "The request body is not valid JSON"
    title, detail = localized(code, HTTP_CODES.get(status, "http_error"), detail)
    # a 405 says which methods the URL has (RFC 9110: Allow is required)
    headers = {"Allow": ", ".join(exc.valid_methods)} if isinstance(exc, MethodNotAllowed) and exc.valid_methods else None
    return problem(status, code, title, detail, errors, headers)


def refuse_unparseable_json() -> None:
    """A JSON body Python cannot even read — an integer of more than 4300 digits, nesting
    deeper than the interpreter recurses — is a 400 like any malformed JSON (the JSON
    parsers of Flask and webargs would let these through as server errors)."""
    if not request.is_json or not request.content_length:
        return
    try:
        std_json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):
        raise BadRequest("The request body is not valid JSON")


def register(app: Flask) -> None:
    app.before_request(refuse_unparseable_json)
    app.register_error_handler(ServiceError, from_service_error)
    app.register_error_handler(HTTPException, from_http_exception)

    @app.errorhandler(RemoteError)
    def remote_error(exc):
        log.error("rpc_remote_error", exc_type=exc.exc_type, path=request.path)
        return from_service_error(InternalError())

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("gateway_unhandled_error", path=request.path)
        return from_service_error(InternalError())
