"""A client-app developer generates a typed Python client from the published OpenAPI
document (openapi-python-client) and, with nothing else, signs in, orders manual 000's
coffee and reads the order back: the document is usable, not only valid (issue 13, item 2)."""
from __future__ import annotations

import importlib
import os
import pathlib
import subprocess
import sys
import time

import requests

from tests.integration.orders_support import COFFEE_PLACE, catalog  # noqa: F401  (fixture)


def generate_client(base_url: str, into: pathlib.Path):
    spec = into / "openapi.json"
    spec.write_bytes(requests.get(base_url + "/api/v1/openapi.json", timeout=30).content)
    bin_dir = os.path.dirname(sys.executable)
    result = subprocess.run(
        [os.path.join(bin_dir, "openapi-python-client"), "generate", "--path", str(spec),
         "--output-path", str(into / "platform_client"), "--meta", "none"],
        capture_output=True, text=True, timeout=600, cwd=into,
        env=dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", "")))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    sys.path.insert(0, str(into))
    try:
        return importlib.import_module("platform_client")
    finally:
        sys.path.remove(str(into))


def patiently(call, **kwargs):
    """The gateway may answer 503 `service_busy` under load: clients retry."""
    for _ in range(20):
        response = call(**kwargs)
        if response.status_code != 503:
            return response
        time.sleep(0.5)
    return response


def test_a_generated_client_signs_in_orders_and_reads_the_order(system, make_user, catalog, tmp_path):  # noqa: F811
    generated = generate_client(system.base_url, tmp_path)
    from platform_client import AuthenticatedClient, Client
    from platform_client.api.identity import identity_login
    from platform_client.api.orders import orders_create_order, orders_get_order
    from platform_client.models import CreatedOrder, LoginRequest, OrderCreateWithPayment, OrderView, Tokens

    assert generated.__name__ == "platform_client"
    user = make_user()
    anonymous = Client(base_url=system.base_url, raise_on_unexpected_status=True)
    signed_in = patiently(identity_login.sync_detailed, client=anonymous,
                          body=LoginRequest(login=user.user["email"], password=user.password))
    assert signed_in.status_code == 200, signed_in.content
    assert isinstance(signed_in.parsed, Tokens)

    client = AuthenticatedClient(base_url=system.base_url, token=signed_in.parsed.access_token,
                                 raise_on_unexpected_status=True)
    order = OrderCreateWithPayment.from_dict({
        "service_id": catalog.coffee["id"],
        "items": [{"item_id": "tea", "quantity": 2}, {"item_id": "latte", "quantity": 1}],
        "delivery": {"place": COFFEE_PLACE, "pack_to_go": True}})
    created = patiently(orders_create_order.sync_detailed, client=client, body=order)
    assert created.status_code == 201, created.content
    assert isinstance(created.parsed, CreatedOrder)
    number = created.parsed.number

    read = patiently(orders_get_order.sync_detailed, number=number, client=client)
    assert read.status_code == 200, read.content
    assert isinstance(read.parsed, OrderView)
    assert read.parsed.number == number and read.parsed.status == "new"

    missing = patiently(orders_get_order.sync_detailed, number=number + 10**9, client=client)
    assert missing.status_code == 404 and missing.parsed.code  # a Problem, parsed by its schema
