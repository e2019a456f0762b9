"""Request and response examples of the OpenAPI document, one per schema (issue 13, item 2).

The views attach them with ``@blp.arguments(Schema, example=examples.X)`` and
``@blp.response(200, Schema, example=examples.X)``. The people and objects are the
manuals' (Мария Спиридонова ordering at the coffee place, the coworking «Точка», the
accounting department…); money is in kopecks (18000 = 180,00 ₽), times are UTC ISO 8601.
Request examples are sent as they are by the fuzzing test (schemathesis' examples
phase), so they must pass validation — and must not lock the caller out (no password
change, no sign-out).
"""
from __future__ import annotations

MARIA_ID = "5b0f7f4e-2b7a-4d3c-9a51-3f0b8e6c2d11"
ACCOUNT_ID = "8d2c4a6e-1f3b-4c5d-9e7f-a1b2c3d4e5f6"
ANNA_ID = "3e9a1c5b-7d2f-4b8e-a6c1-0f9d8e7c6b5a"
COMPANY_ID = "c4a1f2e3-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
CREATED = "2026-12-01T09:30:00+00:00"

# --- identity ----------------------------------------------------------------------------

USER = {
    "id": MARIA_ID, "first_name": "Мария", "last_name": "Спиридонова", "full_name": "Мария Спиридонова",
    "companies": [{"id": COMPANY_ID, "name": "ООО «Ромашка»"}], "communities": [],
    "email": "maria@example.ru", "phone": "+79161234567", "phone_status": "confirmed",
    "phone_status_label": "Успешно подтвержден", "roles": ["client"], "rights": ["users", "finance", "orders", "support"],
    "status": "active", "account_id": ACCOUNT_ID, "is_account_owner": True, "language": "ru",
    "totp_enabled": False, "created_at": CREATED, "processing_restricted": False}
ANNA = dict(USER, id=ANNA_ID, first_name="Анна", last_name="Банана", full_name="Анна Банана",
            email="anna@example.ru", phone=None, phone_status="none", phone_status_label="Не указан",
            rights=["orders"], is_account_owner=False)
TOKENS = {"access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1YjBm…", "refresh_token": "Tq8Zr1kW4nB7xD2mV5cF9hJ3sL6pY0gA8eU1iO4wR7t",
          "token_type": "Bearer", "expires_in": 900}
CONFIRM_REQUEST = {"token": "Xq3v9LkR2mTz8WbN5cYp1HdF7sJ4gA0e", "password": "correct horse battery"}
CONFIRMED = {"user": USER, "tokens": TOKENS}
REFRESH_REQUEST = {"refresh_token": "Tq8Zr1kW4nB7xD2mV5cF9hJ3sL6pY0gA8eU1iO4wR7t"}
LOGOUT_REQUEST = {"refresh_token": "Tq8Zr1kW4nB7xD2mV5cF9hJ3sL6pY0gA8eU1iO4wR7t", "everywhere": False}
LOGOUT_RESULT = {"revoked_refresh_tokens": 1, "access_token_revoked": True}
PROFILE_UPDATE = {"first_name": "Мария", "last_name": "Спиридонова", "language": "ru", "phone": "+79161234567"}
CODE_REQUEST = {"code": "123456"}
SENT_TO = {"sent_to": "+79161234567"}
TOTP_SETUP = {"secret": "JBSWY3DPEHPK3PXP",
              "otpauth_url": "otpauth://totp/Platform:maria%40example.ru?secret=JBSWY3DPEHPK3PXP&issuer=Platform"}
CREATE_USER_REQUEST = {"email": "ivan.petrov@example.ru", "phone": "+79031234567", "first_name": "Иван",
                       "last_name": "Петров", "roles": ["client"], "password": "kofe-i-kruassan-2026",
                       "language": "ru", "company_ids": [COMPANY_ID]}
UPDATE_USER_REQUEST = {"first_name": "Иван", "last_name": "Петров", "roles": ["client", "executor"]}
NAMED_REQUESTS = {"company": {"name": "ООО «Ромашка»"}, "community": {"name": "Клуб любителей кофе"}}
GROUPS = {"company": {"id": COMPANY_ID, "name": "ООО «Ромашка»", "members": 0, "created_at": CREATED},
          "community": {"id": "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f", "name": "Клуб любителей кофе", "members": 0,
                        "created_at": CREATED}}
MEMBER_REQUEST = {"user_id": MARIA_ID}
ACCOUNT_USER_CREATE = {"email": "anna@example.ru", "first_name": "Анна", "last_name": "Банана",
                       "rights": ["orders"], "language": "ru"}
ACCOUNT_USER_UPDATE = {"rights": ["orders", "support"]}
DELETED = {"deleted": ANNA_ID}

# --- notifications -----------------------------------------------------------------------

NOTIFICATION = {
    "id": "a3c5e7f9-1b2d-4e6f-8a0c-2e4f6a8c0e2f", "type": "order_status_changed", "category": "services",
    "title": "Заказ №1007783: Выполнен. Ожидает подтверждения",
    "body": "Статус заказа «Кофейня» изменился: В работе → Выполнен. Ожидает подтверждения.",
    "link": "/orders/1007783", "read": True, "read_at": "2026-12-01T10:05:00+00:00", "created_at": "2026-12-01T10:00:00+00:00",
    "data": {"order_number": 1007783, "service_name": "Кофейня"}}
UNREAD_COUNT = {"unread": 3}
MARKED = {"marked": 3}
QUIET_HOURS = {"start": "22:00", "end": "08:00", "timezone": "Europe/Moscow"}
PREFERENCES = {
    "categories": {"financial": {"inbox": True, "email": True, "sms": True, "push": True, "telegram": True},
                   "news": {"inbox": True, "email": True, "sms": False, "push": True, "telegram": False},
                   "services": {"inbox": True, "email": True, "sms": False, "push": True, "telegram": True},
                   "support": {"inbox": True, "email": True, "sms": False, "push": True, "telegram": True}},
    "channels": ["inbox", "email", "sms", "push", "telegram"], "quiet_hours": QUIET_HOURS,
    "always_on": ["payment_failed"]}
PREFERENCES_UPDATE = {"categories": {"news": {"sms": False, "telegram": False}}, "quiet_hours": QUIET_HOURS}
DEVICE_REGISTRATION = {"token": "fcm:dQw4w9WgXcQ:APA91bH7x2Vq8mK3nL5pR9sT1uW4yZ6bC8dE0fG2hJ4kL6mN8pQ", "platform": "android"}
DEVICE = dict(DEVICE_REGISTRATION, id="6f4e2d0c-8a6b-4c2e-9f1d-3b5a7c9e1f3d", created_at=CREATED, registered_at=CREATED)
DEVICE_DELETED = {"deleted": DEVICE["id"]}
TELEGRAM_LINK_REQUEST = {"username": "maria_spiridonova"}
TELEGRAM_LINK = {"username": "maria_spiridonova", "status": "configuring", "status_label": "Настраивается",
                 "bot_username": "platform_notify_bot", "confirmed_at": None}
WEBHOOK_ANSWER = {"ok": True}
TEMPLATE_OVERRIDE_REQUEST = {
    "subject": "Заказ №{{ order_number }}: {{ to_status_label }}",
    "body": "Здравствуйте! Статус заказа «{{ service_name }}» изменился: {{ to_status_label }}."}
TEMPLATE = dict(TEMPLATE_OVERRIDE_REQUEST, template="order_status_changed", channel="email", language="ru",
                overridden=True, updated_by="Администратор Платформы", updated_at=CREATED)
DELIVERY_RECORD = {
    "id": "0b2d4f6a-8c0e-4a2c-9e4f-6a8c0e2a4c6e", "event_id": "7d9f1b3d-5f7a-4c9e-8b1d-3f5a7c9e1b3d",
    "event_type": "order_status_changed", "recipient": MARIA_ID, "recipient_name": "Мария Спиридонова",
    "channel": "email", "category": "services", "critical": False, "status": "retrying", "address": "maria@example.ru",
    "subject": "Заказ №1007783: Выполнен. Ожидает подтверждения", "attempts": 2, "sending": False,
    "next_attempt_at": "2026-12-01T10:02:00+00:00", "last_error": "SMTP 451: temporary failure",
    "created_at": "2026-12-01T10:00:00+00:00", "updated_at": "2026-12-01T10:01:00+00:00", "sent_at": None}

# --- coworking (manual 002) ---------------------------------------------------------------

COWORKING_SERVICE_ID = "1c3e5a7b-9d1f-4b3d-8e5f-7a9b1c3d5e7f"
SPACE_ID = "2d4f6b8c-0e2a-4c4e-9f6a-8b0c2d4e6f8a"
WORKPLACE = {"id": "3e5a7c9d-1f3b-4d5f-8a7b-9c1d3e5f7a9b", "name": "РМ №1", "in_service": True, "free": True}
SPACE_IN = {"service_id": COWORKING_SERVICE_ID, "name": "Коворкинг на 2 этаже", "workplaces": ["РМ №1", "РМ №2"]}
SPACE_UPDATE = {"name": "Коворкинг на 3 этаже"}
SPACE_VIEW = {"id": SPACE_ID, "service_id": COWORKING_SERVICE_ID, "name": "Коворкинг на 2 этаже",
              "workplaces": [WORKPLACE, dict(WORKPLACE, id="4f6b8d0e-2a4c-4e6a-9b8c-0d2e4f6a8b0c", name="РМ №2",
                                             free=False)]}
WORKPLACE_IN = {"name": "РМ №3"}
WORKPLACE_UPDATE = {"name": "РМ №3", "in_service": False}
WORKPLACE_VIEW = {"id": "5a7c9e1f-3b5d-4f7b-8c9d-1e3f5a7b9c1d", "name": "РМ №3", "in_service": True, "free": None}
COWORKING_VISITOR = {"id": MARIA_ID, "name": "Мария Спиридонова", "phone": "+79161234567", "email": "maria@example.ru"}
COWORKING_TICKET = {
    "number": 2041, "created_at": CREATED, "status": "confirmed", "status_label": "Подтвержден", "order_number": 1007790,
    "service": {"id": COWORKING_SERVICE_ID, "name": "Коворкинг"},
    "space": {"id": SPACE_ID, "name": "Коворкинг на 2 этаже"}, "workplace": {"id": WORKPLACE["id"], "name": "РМ №1"},
    "starts_at": "2026-12-03T06:00:00+00:00", "ends_at": "2026-12-03T15:00:00+00:00", "visitor": COWORKING_VISITOR,
    "tariff": {"id": "day", "name": "Дневной", "unit": "day"},
    "variant": {"id": "resident_plus", "name": "Резидент +"}, "modifiers": [],
    "identification": {"validated": True, "checked_at": "2026-12-03T06:05:00+00:00",
                       "responsible": {"id": ANNA_ID, "name": "Анна Банана", "phone": None, "email": "anna@example.ru"}},
    "actions": ["reset_validation", "change_visitor", "change_workplace"]}
ENTRY_VIEW = {"ticket_number": 2041, "allowed": False, "reason": "ticket_not_validated",
              "reason_label": "Билет не валидирован: проверьте личность посетителя"}
VISITOR_CHANGE = {"user_id": ANNA_ID}
WORKPLACE_CHANGE = {"workplace_id": "4f6b8d0e-2a4c-4e6a-9b8c-0d2e4f6a8b0c"}
COWORKING_CALENDAR = {
    "space": {"id": SPACE_ID, "name": "Коворкинг на 2 этаже"},
    "starts_at": "2026-12-01T00:00:00+00:00", "ends_at": "2026-12-08T00:00:00+00:00",
    "rows": [{"workplace": WORKPLACE, "tickets": [
        {"number": 2041, "status": "confirmed", "starts_at": "2026-12-03T06:00:00+00:00",
         "ends_at": "2026-12-03T15:00:00+00:00", "visitor": COWORKING_VISITOR, "order_number": 1007790}]}]}
TRANSFERRED = {"number": 2041, "visitor_id": ANNA_ID}
INVITATION = {"id": "6b8d0f2a-4c6e-4a8c-9d0e-2f4a6b8c0d2e", "ticket_number": 2041,
              "token": "Hk2Lm9Qr4Tv7Xz1Bc5Df8Gj3Np6Ws0Ya",
              "url": "https://platform.example.ru/coworking/invitations/Hk2Lm9Qr4Tv7Xz1Bc5Df8Gj3Np6Ws0Ya",
              "created_at": CREATED, "accepted_at": None, "revoked_at": None}
REVOKED_INVITATION = dict(INVITATION, revoked_at="2026-12-01T11:00:00+00:00")
INVITATION_PREVIEW = {"ticket_number": 2041, "service_name": "Коворкинг", "space": "Коворкинг на 2 этаже",
                      "workplace": "РМ №1", "starts_at": "2026-12-03T06:00:00+00:00",
                      "ends_at": "2026-12-03T15:00:00+00:00", "status": "confirmed"}

# --- support (manual 004 «Обращения и заявки», HubEx's form) ------------------------------

DEPARTMENT_ID = "7c9e1a3b-5d7f-4c9e-8a1b-3c5d7e9f1a3b"
AGENT = {"id": "8d0f2b4c-6e8a-4d0f-9b2c-4d6e8f0a2b4c", "name": "Ольга Кузнецова"}
ORGANISATION = {"id": COMPANY_ID, "name": "ООО «Ромашка»"}
DEPARTMENT_CREATE = {"name": "Бухгалтерия", "position": 1}
DEPARTMENT_UPDATE = {"name": "Бухгалтерия", "agent_ids": [AGENT["id"]], "required_fields": ["type_id"]}
DEPARTMENT = {"id": DEPARTMENT_ID, "name": "Бухгалтерия", "position": 1, "active": True, "required_fields": [],
              "agents": [AGENT]}
REFERENCE = {"id": "9e1a3c5d-7f9b-4e1a-8c3d-5e7f9a1b3c5d", "name": "Заявка на ремонт", "position": 1, "active": True}
CRITICALITY = dict(REFERENCE, id="4e6a8c0d-2f4b-4e6a-9c8d-0e2f4a6b8c0d", name="Срочная", first_reply_minutes=60,
                   resolution_minutes=480, is_default=False)
#: the three reference lists, by kind
REFERENCE_CREATES = {"ticket_types": {"name": "Заявка на ремонт", "position": 1},
                     "work_types": {"name": "Ремонт", "position": 1},
                     "criticalities": {"name": "Срочная", "position": 1, "first_reply_minutes": 60,
                                       "resolution_minutes": 480, "is_default": False}}
REFERENCE_UPDATES = {"ticket_types": {"name": "Гарантийный ремонт"}, "work_types": {"name": "Монтаж"},
                     "criticalities": {"first_reply_minutes": 30, "resolution_minutes": 240}}
REFERENCES = {"ticket_types": REFERENCE, "work_types": dict(REFERENCE, id="5f7b9d1e-3a5c-4f7b-8d9e-1f3a5b7c9d1e",
                                                            name="Ремонт"),
              "criticalities": CRITICALITY}
OBJECT_CREATE = {"name": "Офис на Ленина", "address": "г. Москва, ул. Ленина, д. 1, офис 12"}
OBJECT_UPDATE = {"address": "г. Москва, ул. Ленина, д. 3, офис 7"}
SUPPORT_OBJECT = dict(OBJECT_CREATE, id="0a2c4e6f-8b0d-4a2c-9e4f-6a8b0c2d4e6f", organisation_id=COMPANY_ID, active=True)
CONTRACT_CREATE = {"number": "Д-2026/15", "name": "Договор на обслуживание офиса", "starts_on": "2026-01-01",
                   "ends_on": "2026-12-31", "object_ids": [SUPPORT_OBJECT["id"]]}
CONTRACT_UPDATE = {"ends_on": "2027-12-31"}
CONTRACT = dict(CONTRACT_CREATE, id="1b3d5f7a-9c1e-4b3d-8f5a-7b9c1d3e5f7a", organisation_id=COMPANY_ID, active=True)
TICKET_CREATE = {"department_id": DEPARTMENT_ID, "subject": "Сверка взаиморасчетов",
                 "message": "Добрый день! Пришлите, пожалуйста, акт сверки за ноябрь.", "organisation_id": COMPANY_ID}
TICKET_UPDATE = {"status": "in_progress", "assignee_id": AGENT["id"]}
TICKET = {
    "number": 3105, "subject": "Сверка взаиморасчетов", "status": "in_progress", "status_label": "В работе",
    "client_status": "under_review", "client_status_label": "Находится на рассмотрении", "unread": 0,
    "department": {"id": DEPARTMENT_ID, "name": "Бухгалтерия"}, "type": {"id": REFERENCE["id"], "name": "Заявка на ремонт"},
    "criticality": {"id": CRITICALITY["id"], "name": "Срочная"}, "work_type": None, "organisation": ORGANISATION,
    "object": None, "contract": None, "author_id": MARIA_ID, "assignee_id": AGENT["id"],
    "first_reply_due": "2026-12-01T10:30:00+00:00", "deadline": "2026-12-01T17:30:00+00:00", "overdue": False,
    "created_at": CREATED, "updated_at": "2026-12-01T09:45:00+00:00", "actions": ["archive"],
    "description": "Добрый день! Пришлите, пожалуйста, акт сверки за ноябрь.", "order_number": None,
    "service_id": None, "author": {"id": MARIA_ID, "name": "Мария Спиридонова"}, "assignee": AGENT, "side": "client",
    "first_replied_at": "2026-12-01T09:45:00+00:00", "resolved_at": None, "closed_at": None,
    "chat": {"unread": 0, "last_read_seq": 2}}
ARCHIVED_TICKET = dict(TICKET, status="closed", status_label="Закрыта", client_status="closed",
                       client_status_label="Просмотрен", actions=[], resolved_at="2026-12-01T12:00:00+00:00",
                       closed_at="2026-12-01T12:05:00+00:00")
ATTACHMENT = {"id": "2c4e6a8b-0d2f-4c4e-9a6b-8c0d2e4f6a8b", "filename": "акт-сверки.pdf",
              "content_type": "application/pdf", "size": 48213, "created_at": CREATED}
TICKET_MESSAGE_POST = {"text": "Акт сверки во вложении.", "attachment_ids": [ATTACHMENT["id"]]}
TICKET_MESSAGE = {"id": "3d5f7b9c-1e3a-4d5f-8b7c-9d1e3f5a7b9c", "seq": 2, "text": "Акт сверки во вложении.",
                  "author": {"id": AGENT["id"], "name": "Ольга Кузнецова", "kind": "staff"}, "created_at": "2026-12-01T09:45:00+00:00",
                  "attachments": [ATTACHMENT], "ticket": {"number": 3105, "subject": "Сверка взаиморасчетов"}}
TICKET_MESSAGE_PAGE = {"items": [TICKET_MESSAGE], "total": 1, "page": 1, "per_page": 20, "unread": 0, "last_read_seq": 2}
CHAT_READ_REQUEST = {"message_id": TICKET_MESSAGE["id"]}
CHAT_READ_STATE = {"unread": 0, "last_read_seq": 2}
ACT = {"works": [{"position": 1, "name": "Подготовка акта сверки", "quantity": "1", "unit": "усл.", "price": 150000,
                  "amount": 150000},
                 {"position": 2, "name": "Консультация бухгалтера", "quantity": "1.5", "unit": "ч", "price": 200000,
                  "amount": 300000}],
       "total": 450000, "currency": "RUB", "issued_by": AGENT, "issued_at": "2026-12-01T11:00:00+00:00",
       "accepted_by": None, "accepted_at": None, "frozen": False}
ACCEPTED_ACT = dict(ACT, accepted_by={"id": MARIA_ID, "name": "Мария Спиридонова"},
                    accepted_at="2026-12-01T12:00:00+00:00", frozen=True)
ANALYTICS_REPORT = {
    "from": "2026-11-01T00:00:00+00:00", "to": "2026-12-01T00:00:00+00:00", "group": "week", "total": 12,
    "by_status": [{"status": "in_progress", "label": "В работе", "count": 3},
                  {"status": "closed", "label": "Закрыта", "count": 9}],
    "by_object": [{"object": {"id": SUPPORT_OBJECT["id"], "name": "Офис на Ленина"}, "count": 8},
                  {"object": None, "count": 4}],
    "created": [{"period_start": "2026-11-02", "count": 5}, {"period_start": "2026-11-09", "count": 7}],
    "resolution": {"resolved": 9, "average_seconds": 15300, "p90_seconds": 28800},
    "overdue": {"with_deadline": 9, "overdue": 1, "share": 0.1111}}
SUPPORT_TELEGRAM_UPDATE = {"username": "maria_spiridonova", "enabled": True}
SUPPORT_TELEGRAM_LINK = {"username": "maria_spiridonova", "enabled": True, "status": "configuring",
                         "status_label": "Настраивается", "bot_username": "platform_support_bot", "confirmed_at": None}
SUPPORT_WEBHOOK_ANSWER = {"ok": True}

# --- orders (manual 000: Мария orders tea, a latte and biscuits at the coffee place) -------

COFFEE_SERVICE_ID = "0d3c6b1e-8f0a-4c55-9b6e-2a1f7c9d4e01"
ORDER = {
    "number": 1007783, "kind": "goods", "kind_label": "Товары",
    "service": {"id": "0d3c6b1e-8f0a-4c55-9b6e-2a1f7c9d4e01", "name": "Кофейня"},
    "description": "Чай зеленый Greenfield × 2, Латте × 1, Печенье BelVita × 1", "status": "new",
    "status_label": "Новый",
    "created_at": "2026-12-01T09:30:00+00:00", "updated_at": "2026-12-01T09:30:00+00:00",
    "applicant": {"id": "5b0f7f4e-2b7a-4d3c-9a51-3f0b8e6c2d11", "name": "Мария Спиридонова"},
    "executor": None, "payer_id": None, "deadline": None,
    "items": [{"kind": "item", "name": "Чай зеленый Greenfield, пакетированный, 200 мл", "quantity": 2,
               "unit_price": 2300, "amount": 4600, "note": None},
              {"kind": "item", "name": "Латте, 300 мл", "quantity": 1, "unit_price": 10000, "amount": 10000, "note": None},
              {"kind": "item", "name": "Печенье BelVita Утреннее витаминизированное с какао, 4 шт", "quantity": 1,
               "unit_price": 3400, "amount": 3400, "note": None}],
    "total": 18000, "currency": "RUB", "comment": "Сделайте, пожалуйста, чай погорячее!",
    "payment": {"status": "unpaid", "status_label": "Не оплачен", "paid": 0, "remaining": 18000, "refunded": 0,
                "currency": "RUB", "prepayment_allowed": False, "min_prepayment": 0},
    "delivery": {"place": "Самостоятельно заберу в кофейне", "pack_to_go": True},
    "actions": ["pay", "repeat"]}
EXECUTOR = {"id": "9f1b3d5e-7a9c-4f1b-8d3e-5f7a9b1c3d5e", "name": "Павел Смирнов"}
IN_PROGRESS_ORDER = dict(ORDER, status="in_progress", status_label="В работе", executor=EXECUTOR,
                         deadline="2026-12-01T10:00:00+00:00", updated_at="2026-12-01T09:35:00+00:00")
DONE_AWAITING_ORDER = dict(IN_PROGRESS_ORDER, status="done_awaiting_confirmation",
                           status_label="Выполнен. Ожидает подтверждения", updated_at="2026-12-01T09:50:00+00:00",
                           auto_confirm_at="2026-12-04T09:50:00+00:00", actions=["confirm_completion", "return_to_work"])
DONE_ORDER = dict(IN_PROGRESS_ORDER, status="done", status_label="Выполнен", updated_at="2026-12-01T10:05:00+00:00",
                  actions=["repeat"])
CANCELLED_ORDER = dict(ORDER, status="cancelled", status_label="Отменен", updated_at="2026-12-01T09:40:00+00:00",
                       actions=["repeat"])
ORDER_UPDATE = {"status": "in_progress", "assignee_id": EXECUTOR["id"], "deadline": "2026-12-01T10:00:00+00:00"}
CANCEL_REQUEST = {"reason": "Планы изменились, заберу завтра"}
CLOSE_REQUEST = {"resolution": "done"}
RETURN_TO_WORK = {"comment": "Чай остыл, переделайте, пожалуйста"}
REPEAT_DRAFT = {"service_id": COFFEE_SERVICE_ID, "kind": "goods", "payer_id": None,
                "items": [{"item_id": "tea", "quantity": 2}, {"item_id": "latte", "quantity": 1}],
                "delivery": {"place": "Самостоятельно заберу в кофейне", "pack_to_go": True}, "room_id": None,
                "tariff_id": None, "comment": "Сделайте, пожалуйста, чай погорячее!", "dropped_items": ["belvita"]}
SERVICE_CREATE = {
    "kind": "goods", "name": "Кофейня", "description": "Кофе, чай и выпечка с собой или с доставкой в офис",
    "active": True,
    "items": [{"id": "tea", "name": "Чай зеленый Greenfield, пакетированный, 200 мл", "price": 2300},
              {"id": "latte", "name": "Латте, 300 мл", "price": 10000},
              {"id": "belvita", "name": "Печенье BelVita Утреннее витаминизированное с какао, 4 шт", "price": 3400}],
    "settings": {"cancellable": True, "delivery_places": ["Самостоятельно заберу в кофейне", "Доставка в офис"]},
    "manager_ids": [EXECUTOR["id"]]}
SERVICE_UPDATE = {"description": "Кофе, чай и выпечка с 8:00 до 20:00", "active": True}
SERVICE = {
    "id": COFFEE_SERVICE_ID, "kind": "goods", "kind_label": "Заказ товаров", "name": "Кофейня",
    "description": "Кофе, чай и выпечка с собой или с доставкой в офис", "active": True, "tariffs": [],
    "items": [dict(item, description=None) for item in SERVICE_CREATE["items"]], "extras": [], "rooms": [],
    "fields": [], "settings": {"cancellable": True, "prepayment_allowed": False, "min_prepayment": 0,
                               "auto_confirm_after": None,
                               "delivery_places": ["Самостоятельно заберу в кофейне", "Доставка в офис"],
                               "max_guests": None, "capacity": None},
    "event": None, "additional_services": None, "manager_ids": [EXECUTOR["id"]], "currency": "RUB",
    "created_at": CREATED, "updated_at": CREATED}
MESSAGE_POST = {"text": "Добрый день! Можно латте на овсяном молоке?", "visibility": "public", "attachment_ids": []}
MESSAGE = {"id": "4e6a8c0e-2a4c-4e6a-9c0e-2a4c6e8a0c2e", "seq": 3, "text": "Добрый день! Можно латте на овсяном молоке?",
           "visibility": "public", "author": {"id": MARIA_ID, "name": "Мария Спиридонова", "kind": "client"},
           "created_at": "2026-12-01T09:32:00+00:00", "attachments": []}
MESSAGE_PAGE = {"items": [MESSAGE], "total": 3, "page": 1, "per_page": 20, "unread": 0, "last_read_seq": 3}
READ_REQUEST = {"message_id": MESSAGE["id"]}
READ_STATE = {"unread": 0, "last_read_seq": 3}
ORDER_ATTACHMENT = {"id": "5f7b9d1f-3b5d-4f7b-8d1f-3b5d7f9b1d3f", "filename": "макет-визитки.png",
                    "content_type": "image/png", "size": 182340, "created_at": CREATED}
SHARE_LINK = {"token": "Vb3Nm6Qw9Er2Ty5Ui8Op1As4Df7Gh0Jk", "url": "https://platform.example.ru/access/Vb3Nm6Qw9Er2Ty5Ui8Op1As4Df7Gh0Jk",
              "created_at": CREATED}
SHARES = {"link": SHARE_LINK,
          "users": [{"id": MARIA_ID, "name": "Мария Спиридонова", "via": "applicant", "granted_at": CREATED},
                    {"id": ANNA_ID, "name": "Анна Банана", "via": "direct", "granted_at": "2026-12-01T09:40:00+00:00"}]}
LINK_DELETED = {"deleted": True}
SHARE_PREVIEW = {"service_name": "Переговорная Java", "starts_at": "2026-12-03T07:00:00+00:00",
                 "ends_at": "2026-12-03T09:00:00+00:00", "shared_by": "Мария Спиридонова",
                 "message": "Вам предоставлен доступ в помещение Переговорная Java."}
ACCESS_CARD = {"type": "access", "order_number": None, "kind": "booking", "service_name": "Переговорная Java",
               "starts_at": "2026-12-03T07:00:00+00:00", "ends_at": "2026-12-03T09:00:00+00:00", "status": None,
               "status_label": None, "clickable": False, "label": "Доступ в помещение"}
CALENDAR = {"items": [{"type": "booking", "order_number": 1007791, "kind": "booking", "service_name": "Переговорная Java",
                       "starts_at": "2026-12-02T07:00:00+00:00", "ends_at": "2026-12-02T08:00:00+00:00",
                       "status": "confirmed", "status_label": "Подтвержден", "clickable": True, "label": None},
                      ACCESS_CARD],
            "from": "2026-12-01T00:00:00+00:00", "to": "2026-12-08T00:00:00+00:00"}
CHECK_IN = {"payload": "EVT1.1007795.q7W2e9R4t6Y1u3I8o5P0aS.x3kP9mQ2rT7vY1bN5cF8hJ4sL6pW0gA2eU1iO4wR7tZ"}
CHECK_IN_RESULT = {"order_number": 1007795, "service_name": "Лекция «Как мы строим коворкинги»",
                   "visitor": {"id": MARIA_ID, "name": "Мария Спиридонова"},
                   "tariff": {"id": "standard", "name": "Стандарт", "unit": "ticket"},
                   "attended_at": "2026-12-05T16:02:00+00:00", "checked_in_by": AGENT["id"]}

# --- billing (manual 004: the personal account, payers, «DC16 на новый ДЦ»…) --------------

PAYER_ID = "6a8c0e2b-4d6f-4a8c-9e2b-4d6f8a0c2e4b"
PAYMENT_ID = "7b9d1f3c-5e7a-4b9d-8f3c-5e7a9b1d3f5c"
METHOD_ID = "8c0e2a4d-6f8b-4c0e-9a4d-6f8b0c2e4a6d"
PRODUCT_ID = "9d1f3b5e-7a9c-4d1f-8b5e-7a9c1d3f5b7e"
INVOICE_NUMBER = "2026-000123"
ACCOUNT = {"account_id": ACCOUNT_ID, "balance": 300000, "currency": "RUB", "credit_limit": 0, "available": 300000,
           "low_balance_threshold": 0, "blocked": False,
           "credit": {"credit_limit": 0, "overdue": 0, "awaiting_payment": 0, "spent": 0, "available_credit": 0,
                      "unavailable": 0, "blocked": False, "due_date": None, "block_date": None}}
CREDIT_ACCOUNT = dict(ACCOUNT, credit_limit=1000000, available=1300000,
                      credit=dict(ACCOUNT["credit"], credit_limit=1000000, available_credit=1000000))
ADJUSTED_ACCOUNT = dict(ACCOUNT, balance=350000, available=350000)
ADJUSTMENT_REQUEST = {"amount": 50000, "currency": "RUB", "reason": "Компенсация за простой переговорной"}
CREDIT_LIMIT_REQUEST = {"credit_limit": 1000000}
PAYMENT_OPTIONS = {
    "amount": 18000, "currency": "RUB", "balance": 300000,
    "options": [{"method": "balance", "label": "Лицевой счет", "provider": None, "status": None, "commission": 0,
                 "commission_rule": "0%", "amount_to_pay": 18000, "min_amount": 1, "max_amount": None, "available": True,
                 "reason": None},
                {"method": "card", "label": "Банковская карта", "provider": "yookassa", "status": None, "commission": 0,
                 "commission_rule": "0%", "amount_to_pay": 18000, "min_amount": 100, "max_amount": 60000000,
                 "available": True, "reason": None}]}
TOP_UP_REQUEST = {"amount": 300000, "currency": "RUB", "method": "card", "payer_id": PAYER_ID, "save_method": False,
                  "return_url": "https://platform.example.ru/billing"}
PAYMENT = {
    "id": PAYMENT_ID, "number": 1045, "purpose": "top_up", "purpose_label": "Авансовый платеж", "order_number": None,
    "method": "card", "method_label": "Банковская карта", "payment_method_id": None, "provider": "yookassa",
    "payer_id": PAYER_ID, "amount": 300000, "commission": 0, "amount_to_pay": 300000, "currency": "RUB",
    "status": "paying", "status_label": "Оплачивается", "failure_reason": None,
    "confirmation_url": "https://yoomoney.ru/checkout/payments/v2/contract?orderId=2c3a1b4e-000f-5000-9000-1b68e7b15f3f",
    "refunded": 0, "comment": None, "recorded_by": None, "created_at": CREATED, "paid_at": None, "order": None}
CREDITED_PAYMENT = dict(PAYMENT, status="credited", status_label="Зачислен", confirmation_url=None,
                        paid_at="2026-12-01T09:31:00+00:00")
ORDER_PAY_REQUEST = {"method": "balance", "amount": 18000, "currency": "RUB"}
ORDER_PAYMENT = dict(CREDITED_PAYMENT, number=1046, purpose="order", purpose_label="Оплата заказа", order_number=1007783,
                     method="balance", method_label="Лицевой счет", provider=None, payer_id=None, amount=18000,
                     amount_to_pay=18000,
                     order={"status": "paid", "status_label": "Оплачен", "paid": 18000, "remaining": 0, "refunded": 0,
                            "currency": "RUB", "prepayment_allowed": False, "min_prepayment": 0})
MANAGER_PAYMENT_REQUEST = {"amount": 18000, "currency": "RUB", "comment": "Наличными на ресепшене"}
MANAGER_PAYMENT = dict(ORDER_PAYMENT, method="manager", method_label="Оплата через менеджера",
                       comment="Наличными на ресепшене", recorded_by=EXECUTOR["id"])
WEBHOOK_RESULT = {"status": "processed"}
ADDRESS = {"country": "RU", "postcode": "140140", "city": "Москва", "address": "г. Москва, ул. Ленина, д. 1"}
PAYER_CREATE = {
    "kind": "company", "country": "RU", "name": "Компания №1", "contact_person": "Иван", "phone": "+79991112233",
    "email": "client@example.com", "documents_delivery": ["cabinet", "email"], "legal_address": ADDRESS,
    "actual_same_as_legal": True, "inn": "7707083893", "kpp": "773601001", "ogrn": "1027700132195",
    "bank_name": "ПАО Сбербанк", "bik": "044525225", "settlement_account": "40702810938000000001",
    "correspondent_account": "30101810400000000225", "director_name": "Иванов Иван Иванович",
    "director_position": "Генеральный директор", "director_name_genitive": "Иванова Ивана Ивановича",
    "director_position_genitive": "Генерального директора", "director_name_dative": "Иванову Ивану Ивановичу",
    "director_position_dative": "Генеральному директору", "acting_on_basis": "Устава"}
PAYER_UPDATE = {"contact_person": "Иван Столповский", "email": "buh@example.com"}
PAYER = dict(PAYER_CREATE, id=PAYER_ID, number=1, kind_label="Юридическое лицо",
             display_name="Компания №1 (Юридическое лицо)", fax=None, actual_address=None, accounting_notes=None,
             passport=None, contracts=[{"id": "0e2a4c6f-8b0d-4e2a-9c6f-8b0d2e4a6c8f", "number": "1-011226",
                                        "created_at": CREATED}],
             unpaid=0, created_at=CREATED, updated_at=CREATED)
PAYER_MERGE = {"main_payer_id": PAYER_ID, "merged_payer_id": "1f3b5d7a-9c1e-4f3b-8d7a-9c1e3f5b7d9a",
               "move_contracts": True, "dry_run": True}
MERGE_RESULT = {"dry_run": True, "main_payer_id": PAYER_ID, "merged_payer_id": "1f3b5d7a-9c1e-4f3b-8d7a-9c1e3f5b7d9a",
                "contracts_moved": 1, "contracts_deleted": 0, "payments_moved": 2, "payment_methods_moved": 1,
                "expenses_moved": 3, "merged_payer_deleted": False, "payer": None}
REMOVED_PAYER = {"deleted": PAYER_ID}
REMOVED_METHOD = {"deleted": METHOD_ID}
METHOD_CREATE = {"payer_id": PAYER_ID, "name": "Корпоративная карта", "return_url": "https://platform.example.ru/billing"}
METHOD_UPDATE = {"name": "Карта бухгалтерии"}
SAVED_METHOD = {"id": METHOD_ID, "name": "Корпоративная карта", "title": "Mir •• 4242", "provider": "yookassa",
                "payer_id": PAYER_ID, "status": "enabled", "status_label": "Включено", "confirmation_url": None,
                "created_at": CREATED, "updated_at": CREATED}
NEW_SAVED_METHOD = dict(SAVED_METHOD, title="Банковская карта", status="configuring", status_label="Настраивается",
                        confirmation_url="https://yoomoney.ru/checkout/payments/v2/contract?orderId=2c3a1b4e-0010-5000-9000-1b68e7b15f3f")
EXPENSE_PAGE = {
    "items": [{"id": 5012, "name": "DC16 на новый ДЦ, 1 мес.", "charged_at": "2026-12-01T00:05:00+00:00", "amount": 49500,
               "unpaid": 0, "vat": 8250, "vat_rate": 20, "payment_id": None, "payment_number": None, "payer_id": None,
               "order_number": None, "refunded": 0, "currency": "RUB"}],
    "total": 1, "page": 1, "per_page": 20, "sum_amount": 49500, "sum_unpaid": 0, "sum_vat": 8250}
INVOICE = {"id": "2a4c6e8b-0d2f-4a4c-9e8b-0d2f4a6c8e0b", "number": 118, "period_start": "2026-11-01",
           "issued_on": "2026-12-01", "due_on": "2026-12-15", "block_on": "2026-12-30", "amount": 120000, "vat": 20000,
           "paid": 0, "remaining": 120000, "status": "to_pay", "status_label": "К оплате",
           "notices": [], "currency": "RUB", "paid_at": None}
BILLING_ACT = {"id": "3b5d7f9c-1e3a-4b5d-8f9c-1e3a5b7d9f1c", "number": 97, "period_start": "2026-11-01", "issued_on": "2026-11-30",
       "amount": 49500, "vat": 8250, "currency": "RUB", "payer_id": PAYER_ID}
PAYER_CONTRACT_LIST = {"items": [{"id": "0e2a4c6f-8b0d-4e2a-9c6f-8b0d2e4a6c8f", "number": "1-011226",
                                  "payer_id": PAYER_ID, "created_at": CREATED}], "total": 1}
AUTOPAY_REQUEST = {"enabled": True, "method_id": METHOD_ID, "monthly_max": 600000}
AUTOPAY = {"enabled": True, "method_id": METHOD_ID, "monthly_max": 600000, "unlimited": False, "forecast": 49500,
           "recommended_max": 54450, "charged_this_month": 0, "left_this_month": 600000, "currency": "RUB",
           "attempts": [{"id": 12, "status": "charged", "amount": 49500, "balance": -49500, "reason": None,
                         "payment_id": PAYMENT_ID, "created_at": CREATED}]}
PRODUCT_OPTIONS = [{"code": "traffic", "name": "Трафик, 5120 ГиБ", "price": 11000, "max": 10},
                   {"code": "ipv4", "name": "Публичные IPv4-адреса", "price": 15000, "max": 3}]
PRODUCT_CREATE = {"code": "vps-dc16", "name": "DC16 на новый ДЦ", "type": "vps", "prices": {"1": 49500, "12": 500000},
                  "options": PRODUCT_OPTIONS, "requires_setup": True, "active": True}
PRODUCT_UPDATE = {"prices": {"1": 49500, "6": 270000, "12": 500000}}
PRODUCT = {"id": PRODUCT_ID, "code": "vps-dc16", "name": "DC16 на новый ДЦ", "type": "vps",
           "prices": [{"period_months": 1, "price": 49500, "vat": 8250},
                      {"period_months": 12, "price": 500000, "vat": 83333}],
           "options": PRODUCT_OPTIONS, "renewal_lead_days": 1, "requires_setup": True, "active": True, "currency": "RUB"}
PROMO_CODE_CREATE = {"code": "ZIMA2026", "kind": "percent", "value": 10, "valid_from": "2026-12-01T00:00:00+03:00",
                     "valid_to": "2027-03-01T00:00:00+03:00", "max_uses": 100, "max_uses_per_account": 1}
PROMO_CODE = dict(PROMO_CODE_CREATE, id="4c6e8a0d-2f4b-4c6e-9a0d-2f4b6c8e0a2d", valid_from="2026-11-30T21:00:00+00:00",
                  valid_to="2027-02-28T21:00:00+00:00", active=True, used=0)
CART_ITEM_CREATE = {"product_id": PRODUCT_ID, "period_months": 12, "options": {"traffic": 1, "ipv4": 1}}
CART_ITEM_UPDATE = {"period_months": 1, "options": {"traffic": 2}}
CART_LINE = {"id": "5d7f9b1e-3a5c-4d7f-8b1e-3a5c7d9f1b3e", "product_id": PRODUCT_ID, "name": "DC16 на новый ДЦ",
             "type": "vps", "period_months": 12, "options": {"traffic": 1, "ipv4": 1}, "amount": 812000, "vat": 135333,
             "unavailable": None}
CART = {"items": [CART_LINE], "item_id": CART_LINE["id"], "promo_code": None, "promo_error": None, "subtotal": 812000,
        "discount": 0, "total": 812000, "vat": 135333, "currency": "RUB"}
PROMO_CODE_APPLY = {"code": "ZIMA2026"}
CART_WITH_PROMO = dict({key: value for key, value in CART.items() if key != "item_id"}, promo_code="ZIMA2026",
                       discount=81200, total=730800, vat=121800)
CHECKOUT_REQUEST = {"method": "balance", "item_ids": [CART_LINE["id"]]}
SUBSCRIPTION = {
    "id": "6e8a0c2f-4b6d-4e8a-9c2f-4b6d8e0a2c4f", "number": 301, "name": "DC16 на новый ДЦ", "type": "vps",
    "product_id": PRODUCT_ID, "purchase_id": "7f9b1d3a-5c7e-4f9b-8d3a-5c7e9f1b3d5a",
    "options": {"traffic": 1, "ipv4": 1}, "status": "active", "status_label": "Активен", "period_months": 12,
    "renewal_period_months": 12, "settings": {"hostname": "dc16.example.ru"}, "expires_at": "2027-12-01T09:30:00+00:00",
    "auto_renew": True, "renew_method": "balance", "renewal_lead_days": 1, "next_renewal_at": "2027-11-30T09:30:00+00:00",
    "created_at": CREATED}
NEW_SUBSCRIPTION = dict(SUBSCRIPTION, status="needs_setup", status_label="Требуется настройка", settings={},
                        next_renewal_at=None)
STOPPED_SUBSCRIPTION = dict(SUBSCRIPTION, status="stopped", status_label="Остановлен", next_renewal_at=None)
ADMIN_STOPPED_SUBSCRIPTION = dict(STOPPED_SUBSCRIPTION, status="stopped_by_admin",
                                  status_label="Остановлен администратором")
PURCHASE = {"id": SUBSCRIPTION["purchase_id"], "number": 88, "status": "paid", "status_label": "Оплачен",
            "method": "balance", "subtotal": 812000, "discount": 81200, "total": 730800, "vat": 121800,
            "promo_code": "ZIMA2026", "currency": "RUB", "created_at": CREATED, "paid_at": CREATED,
            "payment_id": None, "commission": 0, "confirmation_url": None,
            "lines": [{"product_id": PRODUCT_ID, "name": "DC16 на новый ДЦ", "period_months": 12,
                       "options": {"traffic": 1, "ipv4": 1}, "amount": 812000, "discount": 81200, "paid": 730800,
                       "vat": 121800}],
            "services": [NEW_SUBSCRIPTION]}
PURCHASE_PAY_REQUEST = {"method": "card", "return_url": "https://platform.example.ru/billing/cart"}
SERVICE_STOP = {"reason": "Клиент отказался от сервера"}
ADMIN_SERVICE_STOP = {"reason": "Нарушение правил использования"}
SERVICE_START = {"reason": "Нарушение устранено"}
RENEW_REQUEST = {"period_months": 12}
RECURRING_SERVICE_UPDATE = {"auto_renew": True, "renew_method": "balance", "renewal_period_months": 12}
SERVICE_CONFIGURE = {"settings": {"hostname": "dc16.example.ru"}}
ORDER_INVOICE_REQUEST = {"payer_id": PAYER_ID}
ORDER_INVOICE = {
    "id": "8a0c2e4b-6d8f-4a0c-9e4b-6d8f0a2c4e6b", "number": None, "order_number": 1007783, "status": "awaiting_issue",
    "status_label": "Ожидает выставления", "payer_id": PAYER_ID, "payer_name": "Компания №1", "payer_inn": "7707083893",
    "service_name": "Кофейня", "lines": [], "amount": 18000, "vat": 3000, "paid": 0, "remaining": 18000,
    "currency": "RUB", "issued_on": None, "due_on": None, "requested_at": CREATED, "issued_at": None, "paid_at": None,
    "cancelled_at": None, "pdf_available": False}
ORDER_INVOICE_ISSUE = {"due_days": 5}
ISSUED_ORDER_INVOICE = dict(ORDER_INVOICE, number=INVOICE_NUMBER, status="issued", status_label="Выставлен",
                            issued_on="2026-12-01", due_on="2026-12-06", issued_at="2026-12-01T10:00:00+00:00",
                            pdf_available=True)
STATEMENT_LINE = {
    "id": "9b1d3f5a-7c9e-4b1d-8f5a-7c9e1b3d5f7a", "statement_id": "0c2e4a6b-8d0f-4c2e-9a6b-8d0f2c4e6a8b",
    "doc_number": "512", "doc_date": "2026-12-02", "amount": 18000, "currency": "RUB", "payer_inn": "7707083893",
    "payer_name": "Компания №1", "payer_account": "40702810938000000001",
    "purpose": "Оплата по счету 2026-000123 за заказ 1007783, в т.ч. НДС 20%", "status": "matched",
    "status_label": "Зачислен", "reason": None, "reason_text": None, "invoice_id": ORDER_INVOICE["id"],
    "invoice_number": INVOICE_NUMBER, "payment_id": PAYMENT_ID, "resolved_by": ANNA_ID,
    "resolved_at": "2026-12-02T12:00:00+00:00", "created_at": "2026-12-02T11:00:00+00:00"}
DISMISSED_STATEMENT_LINE = dict(STATEMENT_LINE, status="dismissed", status_label="Отклонен", invoice_id=None,
                                invoice_number=None, payment_id=None, reason="Возврат займа, не оплата счета",
                                reason_text=None)
STATEMENT_LINE_ASSIGN = {"invoice_number": INVOICE_NUMBER}
STATEMENT_LINE_DISMISS = {"reason": "Возврат займа, не оплата счета"}
STATEMENT_IMPORT = {"id": STATEMENT_LINE["statement_id"], "filename": "kl_to_1c.txt", "date_from": "2026-12-02",
                    "date_to": "2026-12-02", "account": "40702810400000000001", "documents": 3, "new_lines": 2,
                    "matched": 1, "unmatched": 1, "duplicates": 0, "imported_at": "2026-12-02T11:00:00+00:00",
                    "lines": [STATEMENT_LINE]}
