"""An operator's Prometheus scrapes every process (issue 13, item 3): a client tops up by
card; billing's /metrics counts the RPC and the payment's outcome, notifications' counts the
e-mail it delivered, and the gateway's its RPC latency for that method. Every service also
reports its outbox backlog and dead letters."""
from __future__ import annotations

import requests
from prometheus_client.parser import text_string_to_metric_families

from kit.testing.wait import wait_for
from tests.integration.billing_support import confirm_at_sandbox


def scrape(url: str) -> dict:
    response = requests.get(url + "/metrics", timeout=10)
    assert response.status_code == 200, response.text[:500]
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_every_process_counts_a_top_up_by_card(system, make_user):
    billing, notifications = system.web_url("billing"), system.web_url("notifications")
    payments = dict(name="billing_payments_total", method="card", outcome="succeeded")
    calls = dict(name="platform_entrypoint_calls_total", service="billing", kind="rpc", entrypoint="top_up",
                 outcome="ok")
    gateway_latency = dict(name="gateway_rpc_duration_seconds_count", service="billing", method="top_up")
    emails_sent = dict(name="notifications_delivery_attempts_total", channel="email", outcome="sent")
    before = {"billing": scrape(billing), "notifications": scrape(notifications), "gateway": scrape(system.base_url)}

    client = make_user()
    payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 20000})
    confirm_at_sandbox(payment["confirmation_url"])
    assert client.ok("GET", "/billing/payments/" + payment["id"])["status"] == "credited"

    after = scrape(billing)
    assert value(after, **calls) - value(before["billing"], **calls) == 1
    assert value(after, **payments) - value(before["billing"], **payments) == 1
    assert value(after, "platform_entrypoint_duration_seconds_count", service="billing", kind="rpc",
                 entrypoint="top_up") >= 1
    assert ("platform_outbox_unpublished_events", (("service", "billing"),)) in after
    assert ("platform_outbox_oldest_unpublished_age_seconds", (("service", "billing"),)) in after
    assert any(name == "platform_dead_letter_messages" for name, _ in after)
    # the gateway's workers' sum (multiprocess mode), whichever one answers
    assert value(scrape(system.base_url), **gateway_latency) - value(before["gateway"], **gateway_latency) == 1
    # the payment's e-mail to the client (and any other e-mail meanwhile) is counted as sent
    wait_for(lambda: value(scrape(notifications), **emails_sent) > value(before["notifications"], **emails_sent),
             timeout=20)


def test_every_service_answers_metrics_on_its_web_server(system):
    for name in system.services:
        samples = scrape(system.web_url(name))
        assert ("platform_outbox_unpublished_events", (("service", name),)) in samples, name
