"""N4: every built-in text renders on every channel in both languages; overrides replace
them; operators' templates cannot reach Python internals."""
from __future__ import annotations

import pytest

from services.notifications.adapters import templates
from services.notifications.domain.messages import BUILT_IN, LANGUAGES
from services.notifications.domain.routing import CHANNELS

BASE = "https://platform.example.com"
SAMPLE = {
    "user_id": "u1", "reason": "self_registration", "channel": "email", "email": "a@x.io",
    "first_name": "Лера", "language": "ru", "token": "t" * 20,
    "confirm_url": BASE + "/confirm?token=" + "t" * 20, "expires_at": "2026-11-23T10:00:00+00:00",
    "phone": "+79990001122", "code": "123456", "purpose": "phone_confirm",
    "order_number": 1009909, "service_name": "Кофе", "applicant_id": "c1", "executor_id": "e1",
    "total": 18000, "currency": "RUB", "status": "new", "from_status": "in_progress",
    "to_status": "done_awaiting_confirmation", "changed_by": "e1", "reason_text": None,
    "comment": "Не доделали", "message_id": "m1", "author_id": "c1", "author_kind": "client",
    "visibility": "public", "text": "Когда будет готово?", "attachment_count": 2,
    "refund_required": True, "paid": 5000, "user_ids": ["u2"], "shared_by": "c1",
    "starts_at": "2026-11-24T07:00:00+00:00", "ends_at": "2026-11-24T09:00:00+00:00",
    "payment_id": "p1", "payment_number": "P-17", "account_id": "a1", "amount": 123456,
    "order_remaining": 5000, "refund_id": "r1", "destination": "balance", "balance": 1500,
    "threshold": 10000,
}


@pytest.mark.parametrize("template", sorted(BUILT_IN))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_built_in_text_renders_everywhere(template, language):
    values = templates.context(SAMPLE, language=language, recipient_id="e1")
    for channel in CHANNELS:
        content = templates.render(template, channel, values, BASE)
        assert content.text.strip(), (template, channel)
        assert "{{" not in content.text and "{%" not in content.text
        if channel in ("email", "inbox", "push"):
            assert content.subject, (template, channel)


def test_an_email_has_text_and_html_in_the_recipients_language():
    values = templates.context(SAMPLE, language="en", recipient_id="u1")
    email = templates.render("user_registration_requested", "email", values, BASE)
    assert email.subject == "Confirm your registration"
    assert SAMPLE["confirm_url"] in email.text and "Set password" in email.text
    assert 'href="{}"'.format(SAMPLE["confirm_url"]) in email.html and 'lang="en"' in email.html
    russian = templates.render("user_registration_requested", "email",
                               templates.context(SAMPLE, language="ru"), BASE)
    assert russian.subject == "Подтвердите регистрацию" and "Здравствуйте, Лера!" in russian.text


def test_html_escapes_what_people_wrote():
    values = templates.context(dict(SAMPLE, text="<script>alert(1)</script>"), language="ru")
    email = templates.render("chat_message_posted", "email", values, BASE)
    assert "<script>" not in email.html and "&lt;script&gt;" in email.html
    assert email.link == BASE + "/orders/1009909"


def test_money_times_and_statuses_are_shown_as_people_read_them():
    assert templates.format_money(123456, "ru") == "1\u00a0234,56\u00a0₽"
    assert templates.format_money(123456, "en") == "1,234.56\u00a0₽"
    assert templates.format_money(18000, "ru") == "180\u00a0₽"
    values = templates.context(SAMPLE, language="ru", timezone="Europe/Moscow")
    assert values["expires_at_text"] == "23.11.2026 13:00"
    assert values["to_status_label"] == "Выполнен. Ожидает подтверждения"
    assert templates.context(SAMPLE, language="en")["to_status_label"] == "Done. Awaiting confirmation"


@pytest.mark.parametrize("language, title", [
    ("ru", "Заявка №42: ожидает вашего ответа"), ("en", "Ticket No. 42: awaiting your reply")])
def test_a_ticket_status_is_named_as_its_customer_reads_it(language, title):
    """Support's statuses in the catalog's words (not order statuses, not a copy in a template)."""
    data = {"ticket_number": 42, "subject": "Котел", "from_status": "in_progress", "to_status": "awaiting_customer"}
    values = templates.context(data, language=language)
    assert values["to_status_label"] == title.split(": ")[1]      # an operator's text may use it too
    assert templates.render("ticket_status_changed", "inbox", values, BASE).subject == title


def test_a_payment_failure_says_why_in_words_or_not_at_all():
    known = templates.context(dict(SAMPLE, reason="insufficient_funds"), language="ru")
    assert templates.render("payment_failed", "inbox", known, BASE).text.startswith(
        "Не удалось провести оплату 1\u00a0234,56\u00a0₽ по заказу №1009909: недостаточно средств.")
    unknown = templates.context(dict(SAMPLE, reason="x_internal_code"), language="en")
    assert "x_internal_code" not in templates.render("payment_failed", "inbox", unknown, BASE).text


def test_sms_uses_its_short_text_and_push_is_truncated():
    values = templates.context(dict(SAMPLE, text="x" * 1000), language="ru")
    assert templates.render("user_registration_requested", "sms", values, BASE).text.startswith("Регистрация")
    assert len(templates.render("chat_message_posted", "push", values, BASE).text) <= templates.PUSH_BODY_LIMIT
    assert "123456" in templates.render("phone_confirmation_requested", "sms", values, BASE).text


def test_an_override_replaces_subject_and_body():
    values = templates.context(SAMPLE, language="ru")
    content = templates.render("order_status_changed", "email", values, BASE,
                               {"subject": "Заказ {{ order_number }}", "body": "Теперь: {{ to_status_label }}"})
    assert content.subject == "Заказ 1009909"
    assert "Теперь: Выполнен. Ожидает подтверждения" in content.text


def test_operator_templates_are_sandboxed_and_checked():
    with pytest.raises(templates.TemplateProblem):
        templates.compile_text("{% if %}")
    with pytest.raises(templates.TemplateProblem):
        templates.render("order_created", "inbox", templates.context({}, language="ru"), BASE,
                         {"subject": None, "body": "{{ ''.__class__.__mro__[1].__subclasses__() }}"})
