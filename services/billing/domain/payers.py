"""Payers (B2, manual 004 "Плательщики"): what each kind of payer fills in, and the rules of
choosing, deleting and merging payers."""
from __future__ import annotations

from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import requisites as req

INDIVIDUAL, COMPANY, SOLE_PROPRIETOR = "individual", "company", "sole_proprietor"
KINDS = (INDIVIDUAL, COMPANY, SOLE_PROPRIETOR)

DIRECTOR_FIELDS = ("director_name", "director_name_genitive", "director_position_genitive",
                   "director_name_dative", "director_position_dative")
BANK_FIELDS = ("bank_name", "bik", "settlement_account", "correspondent_account")
#: fields the manual's form of each kind does not have; giving them is a mistake, not ignored
NOT_FOR = {
    INDIVIDUAL: frozenset({"kpp", "ogrn", "fax", "legal_address", "director_position",
                           "acting_on_basis", *DIRECTOR_FIELDS}),
    COMPANY: frozenset({"passport"}),
    SOLE_PROPRIETOR: frozenset({"kpp", *DIRECTOR_FIELDS}),
}
INN_LENGTH = {INDIVIDUAL: 12, COMPANY: 10, SOLE_PROPRIETOR: 12}


def _given(value) -> bool:
    return value not in (None, "", {}, [])


def problems(data: dict) -> dict[str, list[str]]:
    """Field → messages for a payer's complete data (after an edit is merged in)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        if message:
            errors.setdefault(field, []).append(message)

    kind = data.get("kind")
    if kind not in KINDS:
        add("kind", "One of: {}.".format(", ".join(KINDS)))
        return errors
    if not (data.get("contact_person") or "").strip():
        add("contact_person", "Required.")
    if kind != INDIVIDUAL and not (data.get("name") or "").strip():
        add("name", "Required for a company or a sole proprietor.")
    for field in sorted(NOT_FOR[kind]):
        if _given(data.get(field)):
            add(field, "Not used for this kind of payer.")
    if _given(data.get("inn")):
        add("inn", req.inn_problem(data["inn"], INN_LENGTH[kind]))
    if _given(data.get("kpp")) and kind == COMPANY:
        add("kpp", req.kpp_problem(data["kpp"]))
    if _given(data.get("ogrn")) and kind != INDIVIDUAL:
        add("ogrn", req.ogrn_problem(data["ogrn"], sole_proprietor=kind == SOLE_PROPRIETOR))
    bik = data.get("bik") or None
    if bik:
        add("bik", req.bik_problem(bik))
    if _given(data.get("settlement_account")):
        add("settlement_account", req.settlement_account_problem(data["settlement_account"], bik))
    if _given(data.get("correspondent_account")):
        add("correspondent_account", req.correspondent_account_problem(data["correspondent_account"], bik))
    for field in ("legal_address", "actual_address"):
        address = data.get(field) or {}
        if address.get("postcode") and (address.get("country") or "RU") == "RU":
            problem = req.postcode_problem(address["postcode"])
            if problem:
                add(field, "postcode: " + problem)
    passport = data.get("passport") or {}
    if passport.get("series_number"):
        problem = req.passport_problem(passport["series_number"])
        if problem:
            add("passport", "series_number: " + problem)
    return errors


def display_name(data: dict) -> str:
    return (data.get("name") or "").strip() or (data.get("contact_person") or "").strip()


# --- rules ----------------------------------------------------------------------------

def check_payer_choice(chosen_payer_id: str | None, payers_with_unpaid_act_expenses) -> None:
    """manual 004: if a payer has unpaid expenses included in a completion act, a payment
    cannot be made out to another payer — pay those expenses first, or re-issue the act."""
    if chosen_payer_id is None:
        return
    blocking = set(payers_with_unpaid_act_expenses) - {chosen_payer_id}
    if blocking:
        raise RuleBroken("payer_has_unpaid_act_expenses",
                         "Another payer of this account has unpaid expenses in a completion act: pay "
                         "them, or delete the act and re-issue it to the payer you need", field="payer_id")


def check_delete(unpaid_total: int) -> None:
    if unpaid_total > 0:
        raise RuleBroken("payer_has_unpaid_expenses", "This payer has unpaid expenses")


def check_merge(main_id: str, merged_id: str, merged_has_unpaid_act_expenses: bool) -> None:
    if main_id == merged_id:
        raise InputRuleBroken("payers_identical", "Choose two different payers", field="merged_payer_id")
    if merged_has_unpaid_act_expenses:
        raise RuleBroken("payer_has_unpaid_act_expenses",
                         "The payer to merge has unpaid expenses in a completion act", field="merged_payer_id")


def merge_plan(move_contracts: bool, contracts: int, payments: int, methods: int, expenses: int) -> dict:
    """What merging does (manual 004: shown before "Завершить")."""
    return {
        "contracts_moved": contracts if move_contracts else 0,
        "contracts_deleted": 0 if move_contracts else contracts,
        "payments_moved": payments,
        "payment_methods_moved": methods,
        "expenses_moved": expenses,
        "merged_payer_deleted": True,
    }
