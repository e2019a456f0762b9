"""Rules with no I/O: requisites' check digits, payers by kind, payment states (never
backwards), webhook signatures."""
from __future__ import annotations

import pytest

from kit import webhooks
from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import payers, payments as states, requisites as req


# --- requisites (B2) --------------------------------------------------------------------

@pytest.mark.parametrize("inn, length", [("7707083893", 10), ("500100732259", 12), ("7736050003", 10)])
def test_valid_inns(inn, length):
    assert req.inn_problem(inn, length) is None


@pytest.mark.parametrize("inn", ["7707083894", "500100732258", "500100732250", "770708389", "77070838931", "abcdefghij",
                                 "７７０７０８３８９３", "7707 08389"])   # wide digits, a space: not an INN
def test_invalid_inns(inn):
    assert req.inn_problem(inn) is not None


def test_inn_length_follows_the_kind_of_payer():
    assert req.inn_problem("7707083893", 12) is not None
    assert req.inn_problem("500100732259", 10) is not None


def test_ogrn_and_ogrnip_check_digits():
    assert req.ogrn_problem("1027700132195", sole_proprietor=False) is None
    assert req.ogrn_problem("1027700132196", sole_proprietor=False) is not None
    assert req.ogrn_problem("3027700132195", sole_proprietor=False) is not None   # an OGRN starts with 1 or 5
    assert req.ogrn_problem("304500116000157", sole_proprietor=True) is None
    assert req.ogrn_problem("304500116000158", sole_proprietor=True) is not None
    # (first 14 digits) mod 13 = 10: the check digit is its last digit, 0 (python-stdnum 2.2
    # refuses this real shape of OGRNIP, which is why the OGRNIP rule is ours)
    assert req.ogrn_problem("304500116000050", sole_proprietor=True) is None
    assert req.ogrn_problem("304500116000051", sole_proprietor=True) is not None
    assert req.ogrn_problem("1027700132195", sole_proprietor=True) is not None    # 13 digits for a person


def test_kpp_and_bik():
    assert req.kpp_problem("773601001") is None and req.kpp_problem("7736AB001") is None
    assert req.kpp_problem("77360100") and req.kpp_problem("7736ab001")
    assert req.bik_problem("044525225") is None
    assert req.bik_problem("144525225") and req.bik_problem("04452522")


def test_accounts_carry_the_bik_control_key():
    assert req.correspondent_account_problem("30101810400000000225", "044525225") is None
    assert req.correspondent_account_problem("30101810400000000226", "044525225")
    assert req.correspondent_account_problem("40101810400000000225", "044525225")   # not 301…
    assert req.settlement_account_problem("40702810938000000001", "044525225") is None
    assert req.settlement_account_problem("40702810938000000002", "044525225")
    assert req.settlement_account_problem("40702810938000000001", None)            # no BIK, no check
    assert req.settlement_account_problem("4070281093800000000", "044525225")       # 19 digits


def test_payers_by_kind():
    company = {"kind": "company", "name": "Компания №1", "contact_person": "Иван", "inn": "7707083893",
               "kpp": "773601001", "ogrn": "1027700132195"}
    assert payers.problems(company) == {}
    assert set(payers.problems(dict(company, name=""))) == {"name"}
    assert set(payers.problems(dict(company, kind="individual", name=""))) == {"inn", "kpp", "ogrn"}
    sole = {"kind": "sole_proprietor", "name": "ИП", "contact_person": "Иван", "inn": "500100732259",
            "ogrn": "304500116000157", "passport": {"series_number": "1111 111111"}}
    assert payers.problems(sole) == {}
    assert set(payers.problems(dict(sole, passport={"series_number": "11 11"}))) == {"passport"}
    assert set(payers.problems({"kind": "individual", "contact_person": " "})) == {"contact_person"}
    assert set(payers.problems({"kind": "nobody"})) == {"kind"}
    assert set(payers.problems(dict(company, legal_address={"postcode": "1401"}))) == {"legal_address"}
    assert payers.display_name({"name": "", "contact_person": "Аня Банана"}) == "Аня Банана"


def test_the_unpaid_act_rule_and_merging():
    payers.check_payer_choice("a", {"a"})
    payers.check_payer_choice(None, {"a"})
    payers.check_payer_choice("b", set())
    with pytest.raises(RuleBroken) as blocked:
        payers.check_payer_choice("b", {"a"})
    assert blocked.value.code == "payer_has_unpaid_act_expenses" and blocked.value.field == "payer_id"
    assert not isinstance(blocked.value, InputRuleBroken)  # 409: pay them first, or re-issue the act
    with pytest.raises(InputRuleBroken) as identical:
        payers.check_merge("a", "a", False)
    assert (identical.value.code, identical.value.field) == ("payers_identical", "merged_payer_id")  # 422
    with pytest.raises(RuleBroken):
        payers.check_merge("a", "b", True)
    assert payers.merge_plan(False, 2, 3, 1, 4)["contracts_deleted"] == 2
    assert payers.merge_plan(True, 2, 3, 1, 4)["contracts_moved"] == 2
    with pytest.raises(RuleBroken):
        payers.check_delete(1)


# --- payment states ---------------------------------------------------------------------

@pytest.mark.parametrize("current, reported, expected", [
    ("new", "pending", "paying"),
    ("paying", "pending", None),
    ("new", "succeeded", "credited"),
    ("paying", "succeeded", "credited"),
    ("paying", "canceled", "failed"),
    ("credited", "canceled", None),      # never backwards
    ("credited", "pending", None),
    ("credited", "succeeded", None),     # the same news twice
    ("failed", "succeeded", None),       # an anomaly for an operator, not a silent credit
    ("failed", "pending", None),
])
def test_a_providers_report_moves_a_payment_only_forwards(current, reported, expected):
    assert states.status_for_provider(current, reported) == expected


def test_transitions_and_anomalies():
    states.check_transition("new", "credited")
    for current, target in (("credited", "failed"), ("failed", "credited"), ("paying", "new"), ("credited", "paying")):
        with pytest.raises(RuleBroken):
            states.check_transition(current, target)
    assert states.is_anomaly("failed", "succeeded") and not states.is_anomaly("paying", "succeeded")
    with pytest.raises(ValueError):
        states.status_for_provider("paying", "exploded")


def test_refunds_go_back_where_the_money_came_from():
    assert [states.refund_destination(m) for m in ("card", "saved_method", "balance", "manager")] == [
        "card", "card", "balance", "balance"]
    assert states.order_fully_refunded(50000, 50000, pending_refunds=0)
    assert not states.order_fully_refunded(50000, 30000, pending_refunds=1)
    assert not states.order_fully_refunded(50000, 50000, pending_refunds=1)


def test_saved_method_status_follows_payments():
    assert states.method_status_after_payment(True) == "enabled"
    assert states.method_status_after_payment(False) == "not_working"
    with pytest.raises(RuleBroken):
        states.check_method_usable("configuring")
    states.check_method_usable("not_working")  # the card may work again: trying is allowed


# --- webhook signatures -----------------------------------------------------------------

def test_webhook_signatures():
    body = '{"event": "payment.succeeded", "object": {"id": "x"}}'
    header = webhooks.sign("secret", body, 1_700_000_000)
    webhooks.verify("secret", body, header, now=1_700_000_100)
    for secret, text, signed, now in (("other", body, header, 1_700_000_100),
                                      ("secret", body.replace("x", "y"), header, 1_700_000_100),
                                      ("secret", body, header, 1_700_000_301),         # too old: replay
                                      ("secret", body, "", 1_700_000_100),
                                      ("secret", body, "t=abc,v1=00", 1_700_000_100),
                                      ("", body, header, 1_700_000_100)):
        with pytest.raises(webhooks.InvalidSignature):
            webhooks.verify(secret, text, signed, now=now)
