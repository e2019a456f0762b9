"""The demo loader's HTTP client: the public API as a signed-in person sees it."""
from __future__ import annotations

from datetime import date, datetime, timezone

import requests

#: every demo person's password (README, "Demo data")
DEMO_PASSWORD = "demo-password"


class Api:
    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/") + "/api/v1"
        self.session = requests.Session()

    def login(self, login: str, password: str) -> "Api":
        tokens = self.call("POST", "/auth/login", json={"login": login, "password": password})
        self.session.headers["Authorization"] = "Bearer " + tokens["access_token"]
        return self

    def call(self, method: str, path: str, ok=(200, 201, 202), **kwargs):
        response = self.session.request(method, self.base + path, timeout=30, **kwargs)
        if response.status_code not in ok:
            raise RuntimeError("{} {} -> {} {}".format(method, path, response.status_code, response.text[:500]))
        return response.json() if response.content else None

    def every(self, path: str, **params) -> list:
        """Every item of a paged list, page after page."""
        items, page = [], 1
        while True:
            answer = self.call("GET", path, params={**params, "page": page, "per_page": 100})
            items += answer["items"]
            if not answer["items"] or len(items) >= answer["total"]:
                return items
            page += 1


#: (gateway, e-mail) -> a signed-in Api, shared by every step of one load
_SIGNED_IN: dict[tuple[str, str], Api] = {}


class Sessions(dict):
    """People signed in on first use, once per load however many steps act as them
    (sign-ins are rate-limited per login: RATE_LIMIT_LOGIN_ID)."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def __missing__(self, email: str) -> Api:
        key = (self.base_url, email)
        if key not in _SIGNED_IN:
            _SIGNED_IN[key] = Api(self.base_url).login(email, DEMO_PASSWORD)
        self[email] = _SIGNED_IN[key]
        return self[email]


def at(day: date, hour: int, minute: int = 0) -> str:
    """A time of ``day`` (UTC) as the API takes it."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc).isoformat()
