"""Bad input gets a 4xx problem, never a 500 (issue 12, problem 8): the probe's cases —
non-object JSON bodies, page numbers past 64 bits on every list, `order_number=1e20`, a
lone surrogate, a 5000-digit integer, JSON nested 5000 deep."""
from __future__ import annotations

import pytest

from tests.integration.client import Client


def _lists(client) -> list[str]:
    spec = client.ok("GET", "/openapi.json")
    return [path[len("/api/v1"):] for path, item in spec["paths"].items()
            if "get" in item and "{" not in path
            and any(p.get("name") == "page" for p in item["get"].get("parameters", []))]


def _is_4xx(response) -> bool:
    return 400 <= response.status_code < 500 and response.headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("raw", ["[]", "\"login\"", "1", "null", "[{\"login\": \"a@b.cd\"}]"])
@pytest.mark.parametrize("path", ["/auth/login", "/auth/register"])
def test_a_body_that_is_not_an_object_is_refused(system, path, raw):
    response = Client(system.base_url).post(path, data=raw, headers={"Content-Type": "application/json"})
    assert _is_4xx(response), (response.status_code, response.text[:300])


def test_page_numbers_past_64_bits_are_refused_on_every_list(system, admin):
    paths = _lists(admin)
    assert len(paths) >= 6
    for path in paths:
        # 3673671620534413824 fits 64 bits, but its offset at 68 a page does not (schemathesis found it)
        for page, per_page in (("99999999999999999999", 20), (str(2 ** 63), 20), ("1" + "0" * 1000, 20),
                               ("3673671620534413824", 68)):
            response = admin.get(path, params={"page": page, "per_page": per_page})
            assert _is_4xx(response) and response.status_code != 404, (path, page[:30], response.status_code,
                                                                        response.text[:300])


def test_huge_numbers_surrogates_and_deep_json_are_refused(system, admin, make_user):
    client = make_user()
    cases = [
        ("GET", "/billing/expenses", {"params": {"order_number": "1e20"}}),
        ("GET", "/billing/expenses", {"params": {"order_number": "100000000000000000000"}}),
        ("POST", "/billing/top-ups", {"data": '{"amount": 1' + "0" * 5000 + "}"}),
        ("POST", "/billing/top-ups", {"data": '{"amount": 1e20}'}),
        ("POST", "/companies", {"data": '{"name": "a\\ud800b"}'}),
        ("PATCH", "/me", {"data": '{"first_name": "\\udfff"}'}),
        ("POST", "/auth/login", {"data": "[" * 5000 + "]" * 5000}),
        ("POST", "/auth/login", {"data": '{"login": ' + "[" * 5000 + "]" * 5000 + ', "password": "x"}'}),
        ("GET", "/users?q=a%00b", {}),
    ]
    for method, path, kwargs in cases:
        who = admin if path in ("/companies", "/users") else client
        if "data" in kwargs:
            kwargs = dict(kwargs, headers={"Content-Type": "application/json"})
        response = who.request(method, path, **kwargs)
        assert _is_4xx(response), (method, path, response.status_code, response.text[:300])
    # a surrogate in UTF-8 form in a URL is read as U+FFFD: an ordinary (empty) search
    assert admin.get("/users?q=a%ED%A0%80").status_code == 200


def test_numbers_stored_in_32_bit_columns_are_bounded(system, admin):
    """schemathesis found these: a list position or a promo code's usage limit past what an
    INTEGER column holds was a 500."""
    cases = [
        ("/support/criticalities", {"name": "Срочная", "position": -78697774237, "first_reply_minutes": 10,
                                    "resolution_minutes": 60}),
        ("/support/departments", {"name": "Отдел", "position": 2 ** 31}),
        ("/billing/promo-codes", {"code": "BIG-USES", "kind": "percent", "value": 10, "max_uses": 2 ** 40}),
    ]
    for path, payload in cases:
        response = admin.post(path, json=payload)
        assert _is_4xx(response) and response.status_code == 422, (path, response.status_code, response.text[:300])


def test_json_of_another_type_is_refused_not_converted(system, admin):
    """schemathesis found these accepted: a fraction for an integer became 0, a number for a
    boolean became false."""
    cases = [
        ("/support/ticket-types", {"name": "Тип", "position": 2.5890419884777833e-42}),
        ("/support/criticalities", {"name": "Срочная", "first_reply_minutes": 1, "resolution_minutes": 1,
                                    "is_default": 0}),
    ]
    for path, payload in cases:
        response = admin.post(path, json=payload)
        assert _is_4xx(response) and response.status_code == 422, (path, response.status_code, response.text[:300])
