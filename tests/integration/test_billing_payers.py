"""Manual 004, "Плательщики" (B2): individual, company and sole proprietor with their
requisites (INN, KPP, OGRN/OGRNIP, BIK and accounts checked with their control digits);
list, edit, delete; merging two payers with or without their contracts; a payer with unpaid
expenses in a completion act keeps the account's payments (acts arrive with the documents
issue, B10: here one is put on an expense directly)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kit.db import make_engine
from services.billing.models import Expense
from tests.integration.billing_support import confirm_at_sandbox
from tests.integration.client import assert_problem

# real, published requisites (ПАО Сбербанк) and a settlement account keyed to its BIK
COMPANY = {
    "kind": "company", "name": "Компания №1", "contact_person": "Иван", "phone": "+7 (999) 111-22-33",
    "fax": "+7 (999) 444-55-66", "email": "client@example.com", "documents_delivery": ["cabinet", "email"],
    "legal_address": {"country": "RU", "postcode": "140140", "city": "Москва", "address": "г. Москва, ул. Ленина, д. 1"},
    "actual_same_as_legal": True,
    "inn": "7707083893", "kpp": "773601001", "ogrn": "1027700132195", "bank_name": "ПАО Сбербанк",
    "bik": "044525225", "settlement_account": "40702810938000000001",
    "correspondent_account": "30101810400000000225",
    "director_name": "Иванов Иван Иванович", "director_position": "Генеральный директор",
    "director_name_genitive": "Иванова Ивана Ивановича", "director_position_genitive": "Генерального директора",
    "acting_on_basis": "Устава",
}
SOLE_PROPRIETOR = {"kind": "sole_proprietor", "name": "ИП Иванов Иван Иванович", "contact_person": "Иван",
                   "inn": "500100732259", "ogrn": "304500116000157",
                   "passport": {"series_number": "1111 111111", "issued_at": "2000-12-01", "issued_by": "УФМС г. Москва"}}
INDIVIDUAL = {"kind": "individual", "contact_person": "Аня Банана", "phone": "+7 (999) 111-22-33",
              "actual_address": {"postcode": "100000", "city": "Москва", "address": "ул. Ленина, д. 1"},
              "passport": {"series_number": "1111 111111", "issued_at": "2000-12-01", "issued_by": "УФМС г. Москва",
                           "birth_date": "1999-03-03", "registration_city": "Москва",
                           "registration_address": "г. Москва, ул. Ленина, д. 1"}}


def test_each_kind_of_payer_with_checked_requisites(make_user):
    client = make_user()
    company = client.ok("POST", "/billing/payers", 201, json=COMPANY)
    assert company["kind_label"] == "Юридическое лицо" and company["display_name"] == "Компания №1"
    assert company["actual_address"] == company["legal_address"] and company["inn"] == "7707083893"
    assert company["director_position_genitive"] == "Генерального директора" and company["contracts"] == []
    assert (company["phone"], company["fax"]) == ("+79991112233", "+79994445566")   # stored in E.164 (kit.phones)
    sole = client.ok("POST", "/billing/payers", 201, json=SOLE_PROPRIETOR)
    assert sole["passport"]["issued_at"] == "2000-12-01"
    person = client.ok("POST", "/billing/payers", 201, json=INDIVIDUAL)
    assert person["display_name"] == "Аня Банана" and person["kind_label"] == "Физическое лицо"
    listed = client.ok("GET", "/billing/payers")
    assert listed["total"] == 3 and {p["id"] for p in listed["items"]} == {company["id"], sole["id"], person["id"]}
    assert client.ok("GET", "/billing/payers", params={"kind": "company"})["total"] == 1

    edited = client.ok("PATCH", "/billing/payers/" + company["id"], json={"name": "Lala limited", "kpp": "773601002"})
    assert (edited["name"], edited["kpp"], edited["inn"]) == ("Lala limited", "773601002", "7707083893")
    assert client.ok("DELETE", "/billing/payers/" + person["id"]) == {"deleted": person["id"]}
    assert_problem(client.get("/billing/payers/" + person["id"]), 404, "payer_not_found")


@pytest.mark.parametrize("change, field", [
    ({"inn": "7707083894"}, "inn"),                      # wrong check digit
    ({"inn": "500100732259"}, "inn"),                    # a person's INN for a company
    ({"kpp": "77360100"}, "kpp"),
    ({"ogrn": "1027700132196"}, "ogrn"),
    ({"bik": "123456789"}, "bik"),
    ({"settlement_account": "40702810938000000002"}, "settlement_account"),   # control key
    ({"correspondent_account": "30101810400000000226"}, "correspondent_account"),
    ({"settlement_account": "4070281093800000000"}, "settlement_account"),    # 19 digits
    ({"passport": {"series_number": "1111 111111"}}, "passport"),             # not for a company
    ({"name": ""}, "name"),
    ({"contact_person": None}, "contact_person"),
    ({"kind": "partnership"}, "kind"),
    ({"email": "not-an-email"}, "email"),
    ({"phone": "+7 (000) 111-22-33"}, "phone"),          # no such number (libphonenumber)
    ({"fax": "8 800 CALL NOW"}, "fax"),
])
def test_malformed_requisites_are_refused_and_nothing_stored(make_user, change, field):
    client = make_user()
    problem = assert_problem(client.post("/billing/payers", json={**COMPANY, **change}), 422)
    assert field in problem["errors"], problem
    assert client.ok("GET", "/billing/payers")["total"] == 0


def test_an_edit_is_checked_as_a_whole_and_another_accounts_payer_is_not_found(make_user):
    client, stranger = make_user(), make_user()
    sole = client.ok("POST", "/billing/payers", 201, json=SOLE_PROPRIETOR)
    problem = assert_problem(client.patch("/billing/payers/" + sole["id"], json={"kind": "company"}), 422)
    assert "inn" in problem["errors"] and "passport" in problem["errors"]
    assert client.ok("GET", "/billing/payers/" + sole["id"])["kind"] == "sole_proprietor"
    for method, path in (("GET", ""), ("PATCH", ""), ("DELETE", "")):
        response = stranger.request(method, "/billing/payers/" + sole["id"] + path,
                                    json={"name": "x"} if method == "PATCH" else None)
        assert_problem(response, 404, "payer_not_found")


def test_merging_payers_moves_or_deletes_contracts(make_user):
    client = make_user()
    main = client.ok("POST", "/billing/payers", 201, json=COMPANY)
    twin = client.ok("POST", "/billing/payers", 201, json=dict(COMPANY, name="Компания №1 (дубль)"))
    other = client.ok("POST", "/billing/payers", 201, json=SOLE_PROPRIETOR)
    # a paid top-up forms a contract with its payer (manual 004, "Договор")
    for payer in (twin, other):
        payment = client.ok("POST", "/billing/top-ups", 201, json={"amount": 10000, "payer_id": payer["id"]})
        confirm_at_sandbox(payment["confirmation_url"])
    assert len(client.ok("GET", "/billing/payers/" + twin["id"])["contracts"]) == 1

    preview = client.ok("POST", "/billing/payers/merge", json={
        "main_payer_id": main["id"], "merged_payer_id": twin["id"], "move_contracts": True, "dry_run": True})
    assert (preview["contracts_moved"], preview["payments_moved"], preview["dry_run"]) == (1, 1, True)
    assert client.ok("GET", "/billing/payers/" + twin["id"])["id"] == twin["id"]

    merged = client.ok("POST", "/billing/payers/merge", json={
        "main_payer_id": main["id"], "merged_payer_id": twin["id"], "move_contracts": True})
    assert merged["payer"]["id"] == main["id"] and len(merged["payer"]["contracts"]) == 1
    assert_problem(client.get("/billing/payers/" + twin["id"]), 404)
    assert all(p["payer_id"] != twin["id"] for p in client.ok("GET", "/billing/payments")["items"])

    dropped = client.ok("POST", "/billing/payers/merge", json={
        "main_payer_id": main["id"], "merged_payer_id": other["id"]})
    assert dropped["contracts_deleted"] == 1 and len(dropped["payer"]["contracts"]) == 1
    assert_problem(client.post("/billing/payers/merge", json={
        "main_payer_id": main["id"], "merged_payer_id": main["id"]}), 422, "payers_identical")


def unpaid_expense_in_an_act(test_run, account_id, payer_id):
    engine = make_engine(test_run.database_url("billing"), pool_size=1)
    try:
        with engine.begin() as connection:
            now = datetime.now(timezone.utc)
            connection.execute(Expense.__table__.insert().values(
                account_id=account_id, payer_id=payer_id, name="Аренда, февраль", charged_at=now, amount=120000,
                unpaid=120000, vat=20000, vat_rate=20, act_id="act-2024-02", refunded=0, created_at=now))
    finally:
        engine.dispose()


def test_a_payer_with_unpaid_expenses_in_an_act_keeps_the_payments(make_user, test_run):
    """Manual 004: "if a payer has unpaid expenses that went into a completion act, the system
    will not let you choose a new payer when creating a payment" — pay them, or re-issue the act."""
    client = make_user()
    person = {"kind": "individual", "contact_person": "Иван Столповский"}
    debtor = client.ok("POST", "/billing/payers", 201, json=person)
    other = client.ok("POST", "/billing/payers", 201, json=dict(person, contact_person="ООО «Тестовый плательщик»"))
    unpaid_expense_in_an_act(test_run, client.user["account_id"], debtor["id"])

    refused = assert_problem(client.post("/billing/top-ups", json={"amount": 10000, "payer_id": other["id"]}), 409,
                             "payer_has_unpaid_act_expenses")
    assert "payer_id" in refused["errors"]
    assert client.ok("POST", "/billing/top-ups", 201, json={"amount": 10000, "payer_id": debtor["id"]})
    assert client.ok("POST", "/billing/top-ups", 201, json={"amount": 10000})   # no payer chosen

    assert client.ok("GET", "/billing/payers/" + debtor["id"])["unpaid"] == 120000
    assert_problem(client.delete("/billing/payers/" + debtor["id"]), 409, "payer_has_unpaid_expenses")
    assert_problem(client.post("/billing/payers/merge", json={"main_payer_id": other["id"],
                                                              "merged_payer_id": debtor["id"]}), 409,
                   "payer_has_unpaid_act_expenses")
    expenses = client.ok("GET", "/billing/expenses")
    assert (expenses["total"], expenses["sum_unpaid"], expenses["sum_vat"]) == (1, 120000, 20000)
