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
