"""Every error leaves the gateway as ``application/problem+json`` (RFC 9457), never a
traceback or an HTML page: service errors by their kind, HTTP errors by their status."""
from __future__ import annotations

import structlog
import json as std_json

from flask import Flask, Response, g, json, request
from nameko.exceptions import RemoteError
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed

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
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_service_error(exc: ServiceError):
    headers = {}
    if exc.extra.get("retry_after"):
        headers["Retry-After"] = str(int(exc.extra["retry_after"]))
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    extra = {k: v for k, v in exc.extra.items() if k != "retry_after"}
    return problem(exc.status, exc.error_code, exc.title, exc.detail, exc.errors, headers, **extra)


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
    # a 405 says which methods the URL has (RFC 9110: Allow is required)
    headers = {"Allow": ", ".join(exc.valid_methods)} if isinstance(exc, MethodNotAllowed) and exc.valid_methods else None
    return problem(status, code, exc.name, detail, errors, headers)


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
