"""kit.remote: a call to another service has a deadline; its own errors pass through."""
from __future__ import annotations

import time

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from kit import errors
from kit.tests.sample import Asker, Producer
from kit.tests.test_outbox_and_consumers import sample_database


@pytest.fixture
def asker(test_run, container_factory):
    url = sample_database(test_run, "sample_producer")
    config = test_run.service_config("sample_producer", DATABASE_URL=url)
    for cls in (Producer, Asker):
        container_factory(cls, config).start()
    with ClusterRpcProxy(config, timeout=10) as rpc:
        yield rpc.sample_asker


def test_an_answer_within_the_deadline_is_returned(asker):
    assert asker.ask("slow", 0.05) == "late"


def test_a_late_answer_becomes_unavailable_at_the_deadline(asker):
    started = time.monotonic()
    with pytest.raises(errors.Unavailable) as raised:
        asker.ask("slow", 3)
    assert raised.value.error_code == "sample_producer_unavailable"
    assert time.monotonic() - started < 2.5  # the 0.5 s deadline, not the 3 s the callee takes


def test_the_other_services_own_error_passes_through(asker):
    with pytest.raises(errors.NotFound) as raised:
        asker.ask("missing")
    assert raised.value.error_code == "sample_order_missing"


def test_a_service_that_does_not_exist_is_unavailable(asker):
    with pytest.raises(errors.Unavailable) as raised:
        asker.ask_nobody()
    assert raised.value.error_code == "sample_nobody_unavailable"
