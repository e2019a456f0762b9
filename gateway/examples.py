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
