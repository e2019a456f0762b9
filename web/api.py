"""The gateway's public HTTP API, as the web app calls it.

One pooled :class:`requests.Session` per process (:class:`Api`); every call carries the
reader's language (``Accept-Language``) and the page's request id (``X-Request-Id``, so one
page's calls are one correlation id in the platform's logs). An answer that is not 2xx is
``application/problem+json`` (docs/architecture.md, "Errors"): it becomes :class:`ApiError`
with its ``code``, ``detail`` and field ``errors`` ({field: [messages]}), which pages show
next to the fields (``_macros.html``). A gateway that cannot be reached is
:class:`ApiUnavailable` (a 503 page).

Pages do not call :class:`Api` directly but :func:`web.auth.api`, which adds the signed-in
person's bearer token and refreshes it before it expires.
"""
from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter


class ApiError(Exception):
    """A problem the API answered (RFC 9457)."""

    def __init__(self, status: int, code: str | None, detail: str | None = None, errors: dict | None = None,
                 title: str | None = None):
        super().__init__("{} {}: {}".format(status, code, detail or title or ""))
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail or title
        self.errors = errors or {}

    @property
    def message(self) -> str:
        return self.detail or self.title or self.code or str(self.status)

    def field_errors(self) -> dict[str, list[str]]:
        """``{field: [messages]}``; nested paths (``items.0.quantity``) are flattened by dots."""
        flat: dict[str, list[str]] = {}

        def walk(prefix, value):
            if isinstance(value, dict):
                for key, inner in value.items():
                    walk("{}.{}".format(prefix, key) if prefix else str(key), inner)
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                flat.setdefault(prefix, []).extend(value)
            elif isinstance(value, list):
                for index, inner in enumerate(value):
                    walk("{}.{}".format(prefix, index), inner)
            elif value is not None:
                flat.setdefault(prefix, []).append(str(value))

        walk("", self.errors)
        return flat


class ApiUnavailable(ApiError):
    """The gateway did not answer (down, timed out)."""

    def __init__(self, reason: str):
        super().__init__(503, "gateway_unavailable", reason)


class Api:
    """The gateway at ``base_url`` (``GATEWAY_URL``); paths are relative to ``/api/v1``."""

    def __init__(self, base_url: str, timeout: float = 15.0, pool_size: int = 16):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def url(self, path: str) -> str:
        return "{}/api/v1{}".format(self.base_url, path)

    def request(self, method: str, path: str, *, token: str | None = None, language: str | None = None,
                request_id: str | None = None, json=None, params=None, data=None, files=None,
                headers: dict | None = None, stream: bool = False) -> requests.Response:
        """The raw response of a 2xx answer; :class:`ApiError` for any other."""
        sent = {"Accept": "application/json"}
        if token:
            sent["Authorization"] = "Bearer " + token
        if language:
            sent["Accept-Language"] = language
        if request_id:
            sent["X-Request-Id"] = request_id
        sent.update(headers or {})
        try:
            response = self.session.request(method, self.url(path), json=json, params=params, data=data,
                                            files=files, headers=sent, timeout=self.timeout, stream=stream)
        except requests.RequestException as exc:
            raise ApiUnavailable(type(exc).__name__) from exc
        if response.status_code >= 400:
            raise problem_of(response)
        return response

    def call(self, method: str, path: str, **kwargs):
        """The JSON body of a 2xx answer (None when it has none)."""
        response = self.request(method, path, **kwargs)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            return None


def problem_of(response: requests.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return ApiError(response.status_code, "http_{}".format(response.status_code), response.reason)
    errors = body.get("errors")
    return ApiError(response.status_code, body.get("code"), body.get("detail"),
                    errors if isinstance(errors, dict) else {}, body.get("title"))
