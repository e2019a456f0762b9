"""N1: every production adapter against a real server speaking its protocol, and the
sandboxes of a local run."""
from __future__ import annotations

import json
import uuid

import pytest

from services.notifications.adapters import EXTERNAL, build_channels
from services.notifications.adapters import Outgoing, PermanentFailure, TemporaryFailure
from services.notifications.adapters.email import SmtpEmail
from services.notifications.adapters.http import FcmPush, HttpSms, TelegramBot


def message(channel: str, target: str, **fields) -> Outgoing:
    values = {"delivery_id": str(uuid.uuid5(uuid.NAMESPACE_URL, target)), "channel": channel, "target": target,
              "text": "Заказ №1009909: В работе", "subject": "Заказ №1009909", "language": "ru",
              "event_type": "order_status_changed", "data": {"order_number": 1009909}}
    values.update(fields)
    return Outgoing(**values)


@pytest.fixture
def adapters(providers):
    return build_channels({**providers.env(), "DELIVERY_TIMEOUT": "5", "SMTP_PORT": str(providers.smtp_port)})


def test_the_settings_choose_production_adapters_or_sandboxes(providers, tmp_path):
    configured = build_channels({**providers.env(), "VAR_DIR": str(tmp_path)})
    assert [type(configured[c]) for c in EXTERNAL] == [SmtpEmail, HttpSms, FcmPush, TelegramBot]
    bare = build_channels({"SMTP_FROM": "no-reply@x.io", "TELEGRAM_API_URL": "https://api.telegram.org",
                           "VAR_DIR": str(tmp_path)})
    assert all(bare[c].describe().startswith("sandbox") for c in EXTERNAL)
    assert providers.keys["telegram"] not in configured["telegram"].describe()


def test_smtp_delivers_text_and_html_with_the_language(adapters, providers):
    adapters["email"].send(message("email", "smtp-ok@x.io", html="<p>Заказ</p>"))
    (mail,) = providers.wait_mail("smtp-ok@x.io")
    assert mail["subject"] == "Заказ №1009909" and "В работе" in mail["text"] and "<p>Заказ</p>" in mail["html"]
    assert mail["headers"]["Content-Language"] == "ru"
    # the delivery's id: a copy sent again after a crash is recognisably the same message
    assert mail["headers"]["Message-ID"] == "<{}@it.platform.local>".format(uuid.uuid5(uuid.NAMESPACE_URL, "smtp-ok@x.io"))


def test_smtp_refusals_are_temporary_or_permanent_by_their_code(adapters, providers):
    providers.fail("email", "busy@x.io", 451)
    with pytest.raises(TemporaryFailure):
        adapters["email"].send(message("email", "busy@x.io"))
    providers.fail("email", "nobody@x.io", 550)
    with pytest.raises(PermanentFailure):
        adapters["email"].send(message("email", "nobody@x.io"))
    with pytest.raises(TemporaryFailure):
        SmtpEmail("127.0.0.1", 1, "a@x.io", timeout=2).send(message("email", "any@x.io"))


def test_sms_is_sent_once_per_delivery_and_failures_are_classified(adapters, providers):
    sms = adapters["sms"]
    assert sms.send(message("sms", "+79990000101")).startswith("sms-")
    sms.send(message("sms", "+79990000101"))  # the same delivery again (a restarted worker)
    assert len(providers.sms("+79990000101")) == 1
    providers.fail("sms", "+79990000102", 503)
    with pytest.raises(TemporaryFailure):
        sms.send(message("sms", "+79990000102"))
    providers.fail("sms", "+79990000103", 400)
    with pytest.raises(PermanentFailure):
        sms.send(message("sms", "+79990000103"))
    with pytest.raises(TemporaryFailure):  # wrong key: fixed in configuration, then retried
        HttpSms(providers.env()["SMS_API_URL"], "wrong", "P").send(message("sms", "+79990000104"))


def test_push_speaks_fcm_and_reports_dead_tokens(adapters, providers):
    push = adapters["push"]
    assert push.send(message("push", "token-ok-0001")).startswith("projects/test/messages/")
    (sent,) = providers.push("token-ok-0001")
    assert sent["title"] == "Заказ №1009909" and sent["data"] == {"order_number": "1009909"}
    with pytest.raises(PermanentFailure) as dead:
        push.send(message("push", "dead-token-0002"))
    assert dead.value.code == "unregistered"
    providers.fail("push", "token-busy-0003", 503)
    with pytest.raises(TemporaryFailure):
        push.send(message("push", "token-busy-0003"))


def test_telegram_sends_through_the_bot_api(adapters, providers):
    bot = adapters["telegram"]
    assert bot.send(message("telegram", "5550001"))
    assert providers.telegram("5550001")[0]["text"] == "Заказ №1009909: В работе"
    providers.fail("telegram", "5550002", 403)
    with pytest.raises(PermanentFailure) as blocked:
        bot.send(message("telegram", "5550002"))
    assert blocked.value.code == "unreachable"
    providers.fail("telegram", "5550003", 502)
    with pytest.raises(TemporaryFailure):
        bot.send(message("telegram", "5550003"))
    with pytest.raises(TemporaryFailure):
        TelegramBot(providers.env()["TELEGRAM_API_URL"], "1:wrong").send(message("telegram", "5550004"))


def test_sandboxes_keep_what_a_local_run_sends(tmp_path):
    local = build_channels({"SMTP_FROM": "no-reply@platform.local", "VAR_DIR": str(tmp_path),
                            "TELEGRAM_API_URL": "https://api.telegram.org"})
    local["email"].send(message("email", "local@x.io", delivery_id="mail-1", html="<b>Привет</b>"))
    local["email"].send(message("email", "local@x.io", delivery_id="mail-1"))  # rewritten, not doubled
    assert [p.name for p in (tmp_path / "sandbox" / "mail").iterdir()] == ["mail-1.eml"]
    assert "Subject: =?utf-8?" in (tmp_path / "sandbox" / "mail" / "mail-1.eml").read_text()
    for name in ("sms", "push", "telegram"):
        local[name].send(message(name, "+79990000201"))
        (line,) = (tmp_path / "sandbox" / "{}.jsonl".format(name)).read_text().splitlines()
        assert json.loads(line)["text"] == "Заказ №1009909: В работе"
