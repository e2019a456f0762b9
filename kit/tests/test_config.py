"""Settings the kit parses: the type of the durable queues it declares."""
from __future__ import annotations

import pytest

from kit.config import queue_arguments
from kit.events import dead_letter_queue, retry_queue


def test_queue_arguments_follow_the_queue_type_setting():
    assert queue_arguments({"AMQP_QUEUE_TYPE": "classic"}) == {}  # as declared before the setting
    quorum = queue_arguments({"AMQP_QUEUE_TYPE": "quorum"})
    assert quorum == {"x-queue-type": "quorum"}
    assert retry_queue("q", 500, quorum).queue_arguments == {
        "x-queue-type": "quorum", "x-message-ttl": 500, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "q",
        "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}
    assert "x-queue-type" not in retry_queue("q", 500).queue_arguments
    assert dead_letter_queue("q", quorum).queue_arguments == quorum
    assert dead_letter_queue("q").queue_arguments is None
    with pytest.raises(ValueError):
        queue_arguments({"AMQP_QUEUE_TYPE": "lazy"})
