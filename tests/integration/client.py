"""A small HTTP client for the tests: JSON in and out, bearer token, problem checks."""
from __future__ import annotations

import threading

import requests


class Client:
    def __init__(self, base_url: str, token: str | None = None, language: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.tokens: dict = {}
        self._refreshing = threading.Lock()
        self._credentials = None
        if token:
            self.session.headers["Authorization"] = "Bearer " + token
        if language:
            self.session.headers["Accept-Language"] = language

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        url = path if path.startswith("http") else self.base_url + ("" if path.startswith("/healthz") or path.startswith("/readyz") or path.startswith("/metrics") else "/api/v1") + path
        sent_with = self.session.headers.get("Authorization")
        response = self.session.request(method, url, timeout=30, **kwargs)
        if response.status_code == 401 and self.tokens.get("refresh_token") and _expired(response):
            # as a real client does: a long suite outlives an access token (15 minutes)
            self._refresh(sent_with)
            response = self.session.request(method, url, timeout=30, **kwargs)
        return response

    def _refresh(self, expired_header: str | None) -> None:
        """New tokens for the expired ones, once even when several threads share this client
        (spending a refresh token twice would revoke the whole family)."""
        with self._refreshing:
            if self.session.headers.get("Authorization") != expired_header:
                return  # another thread has refreshed already
            response = self.session.post(self.base_url + "/api/v1/auth/refresh", timeout=30,
                                         json={"refresh_token": self.tokens["refresh_token"]})
            if response.status_code == 401 and self._credentials and _code(response) == "refresh_token_expired":
                # «Войдите снова»: the stories move the system's clock by months, past a refresh
                # token's life too; a real client signs in again, and so does this one
                response = self.session.post(self.base_url + "/api/v1/auth/login", timeout=30,
                                             json=self._credentials)
            assert response.status_code == 200, "refresh -> {} {}".format(response.status_code, response.text[:300])
            self.tokens = response.json()
            self.session.headers["Authorization"] = "Bearer " + self.tokens["access_token"]

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def ok(self, method: str, path: str, status: int = 200, **kwargs):
        response = self.request(method, path, **kwargs)
        assert response.status_code == status, "{} {} -> {} {}".format(method, path, response.status_code, response.text[:800])
        return response.json() if response.content else None

    def login(self, login: str, password: str, **extra) -> "Client":
        self.tokens = self.ok("POST", "/auth/login", json={"login": login, "password": password, **extra})
        # signing in again needs no one-time code: kept only for a sign-in without one
        self._credentials = None if extra else {"login": login, "password": password}
        self.session.headers["Authorization"] = "Bearer " + self.tokens["access_token"]
        return self

    def as_token(self, token: str) -> "Client":
        return Client(self.base_url, token)


def _code(response: requests.Response) -> str | None:
    try:
        return response.json().get("code")
    except ValueError:
        return None


def _expired(response: requests.Response) -> bool:
    return _code(response) == "token_expired"


def assert_problem(response: requests.Response, status: int, code: str | None = None) -> dict:
    """The response is problem+json with ``status`` (and ``code``); returns the body."""
    assert response.status_code == status, "expected {} got {}: {}".format(status, response.status_code, response.text[:800])
    assert response.headers["Content-Type"].startswith("application/problem+json"), response.headers["Content-Type"]
    problem = response.json()
    assert problem["status"] == status
    assert "Traceback" not in response.text
    if code:
        assert problem["code"] == code, problem
    return problem


def unique_phone() -> str:
    """A Russian mobile number nobody else in this run has (as a person would type it)."""
    import random

    digits = "".join(random.choice("0123456789") for _ in range(7))
    return "+7 (99{}) {}-{}-{}".format(random.choice("0123456789"), digits[:3], digits[3:5], digits[5:])
