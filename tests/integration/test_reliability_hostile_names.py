"""Another account's payer and text that is not text are refused (issue 12, problem 9):
orders takes only a payer of the caller's own account; NUL, control characters and bidi
overrides are refused in names and file names; a whitespace-only first name is refused."""
from __future__ import annotations

from tests.integration.client import assert_problem
from tests.integration.test_billing_payers import INDIVIDUAL


def test_an_order_names_only_a_payer_of_the_callers_account(make_user, catalog):  # noqa: F811
    owner, stranger = make_user(), make_user()
    payer = owner.ok("POST", "/billing/payers", 201, json=INDIVIDUAL)
    order = {"service_id": catalog.request["id"], "fields": {"text": "Пропуск"}, "payer_id": payer["id"]}
    refused = assert_problem(stranger.post("/orders", json=order), 422, "payer_not_found")
    assert "payer_id" in refused["errors"]
    assert stranger.ok("GET", "/orders", params={"per_page": 100})["items"] == []
    assert owner.ok("POST", "/orders", 201, json=order)["payer_id"] == payer["id"]


def test_control_and_bidi_characters_and_blank_names_are_refused(admin, make_user, unique):
    for name in ("evil\u202etxt.exe", "nul\x00byte", "bell\x07", "iso\u2066late"):
        assert_problem(admin.post("/users", json={"email": "h-{}-{}@it.platform.local".format(unique, len(name)),
                                                  "first_name": name}), 422)
        assert_problem(admin.post("/companies", json={"name": name}), 422)
    assert_problem(admin.post("/users", json={"email": "blank-{}@it.platform.local".format(unique),
                                              "first_name": "   "}), 422)
    user = make_user()
    assert_problem(user.patch("/me", json={"first_name": " \t "}), 422)


def test_an_attachment_named_with_a_bidi_override_is_refused(make_user):
    client = make_user()
    for name in ("evil\u202etxt.pdf", "nul\x00.pdf"):
        upload = client.post("/attachments", files={"file": (name, b"%PDF-1.4 hello", "application/pdf")})
        assert_problem(upload, 422)
    assert client.post("/attachments", files={"file": ("plain.pdf", b"%PDF-1.4 hello", "application/pdf")}
                       ).status_code == 201
