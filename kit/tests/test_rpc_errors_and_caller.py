"""Errors cross RPC as their kind with code and field errors; the caller travels along."""
from __future__ import annotations

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from kit import errors
from kit.context import Caller
from kit.tests.sample import Producer
from kit.tests.test_outbox_and_consumers import sample_database


@pytest.fixture
def producer(test_run, container_factory):
    url = sample_database(test_run, "sample_producer")
    config = test_run.service_config("sample_producer", DATABASE_URL=url)
    container = container_factory(Producer, config)
    container.start()
    return config


def test_named_service_error_arrives_as_its_kind_with_code_and_field_errors(producer):
    with ClusterRpcProxy(producer, timeout=10) as rpc:
        with pytest.raises(errors.NotFound) as raised:
            rpc.sample_producer.missing()
    assert raised.value.error_code == "sample_order_missing"
    assert raised.value.detail == "Order 42 not found"
    assert raised.value.errors == {"number": ["unknown"]}
    assert raised.value.status == 404


def test_unexpected_error_is_opaque(producer):
    with ClusterRpcProxy(producer, timeout=10) as rpc:
        with pytest.raises(errors.InternalError) as raised:
            rpc.sample_producer.broken()
    assert raised.value.error_code == "internal_error"
    assert "secret" not in str(raised.value.args)


def test_schema_validation_becomes_422_with_fields(producer):
    with ClusterRpcProxy(producer, timeout=10) as rpc:
        with pytest.raises(errors.ValidationFailed) as raised:
            rpc.sample_producer.strict({"amount": "ten"})
    assert "amount" in raised.value.errors


def test_caller_identity_and_correlation_id_reach_the_service(producer):
    caller = Caller(user_id="user-7", account_id="acc-1", roles=frozenset({"client", "executor"}),
                    correlation_id="corr-123")
    with ClusterRpcProxy(producer, context_data=caller.to_context_data(), timeout=10) as rpc:
        seen = rpc.sample_producer.whoami()
    assert seen == {"user_id": "user-7", "roles": ["client", "executor"], "correlation_id": "corr-123"}


@pytest.mark.parametrize("kind", errors.KINDS)
def test_every_error_kind_survives_serialization(kind):
    from nameko.exceptions import deserialize, serialize

    class Specific(kind):
        code = "specific_" + kind.code

    rebuilt = deserialize(serialize(errors.as_wire_error(Specific("boom", errors={"f": ["x"]}))))
    assert type(rebuilt) is kind
    assert (rebuilt.error_code, rebuilt.detail, rebuilt.errors) == ("specific_" + kind.code, "boom", {"f": ["x"]})


def test_replies_go_without_publisher_confirms_and_still_arrive(producer, monkeypatch):
    """kit.rpc.ReplyPublisher: the service does not wait for the broker's confirm of a reply
    (a round trip per call); the reply reaches the caller, errors included."""
    from nameko.amqp import publish

    confirms = []
    real = publish.get_producer

    def spy(amqp_uri, confirms_on=True, *args, **kwargs):
        confirms.append(confirms_on)
        return real(amqp_uri, confirms_on, *args, **kwargs)

    monkeypatch.setattr(publish, "get_producer", spy)
    caller = Caller(user_id="user-8", correlation_id="corr-8")
    with ClusterRpcProxy(producer, context_data=caller.to_context_data(), timeout=10) as rpc:
        assert rpc.sample_producer.whoami()["user_id"] == "user-8"
        with pytest.raises(errors.NotFound):
            rpc.sample_producer.missing()
    # the two requests (the caller's, in this process: confirmed, so an unknown service is
    # told at once) and the two replies (the service's container, also in this process)
    assert sorted(confirms) == [False, False, True, True]
