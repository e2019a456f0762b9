"""Recurring products, the cart's prices and promo codes (B11, manual 004 «Заказ товаров и
услуг»): rules only — time comes in as an argument, money is integer kopecks, VAT 20 % is
included in every price and computed once (when a price is set, when a line is bought)."""
from __future__ import annotations

from datetime import datetime

from kit.errors import InputRuleBroken, RuleBroken
from services.billing.domain import money

#: product type → days before expiry when its renewal is charged (manual 004: one day;
#: domains and SSL certificates 60 days)
RENEWAL_LEAD_DAYS = {
    "vps": 1, "hosting": 1, "domain": 60, "ssl": 60,
    "coworking_resident": 1, "virtual_office": 1, "parking": 1, "other": 1,
}
TYPES = tuple(RENEWAL_LEAD_DAYS)
#: the periods a product may be sold for, in months (month, quarter, half a year, year…)
PERIODS = (1, 3, 6, 12, 24, 36)
PROMO_KINDS = ("percent", "fixed")


def renewal_lead_days(product_type: str) -> int:
    return RENEWAL_LEAD_DAYS[product_type]


def priced(amount: int) -> dict:
    """A price with its VAT, computed once to be stored."""
    return {"price": amount, "vat": money.vat_included(amount)}


def period_prices(prices: dict) -> dict:
    """``{months: kopecks}`` from an administrator → ``{"months": {price, vat}}`` to store;
    each period must be one the catalog sells."""
    if not prices:
        raise InputRuleBroken("period_prices_required", "A product needs the price of at least one period",
                              field="prices")
    stored = {}
    for months, amount in prices.items():
        months = int(months)
        if months not in PERIODS:
            raise InputRuleBroken("period_not_offered", "Periods are {} months".format(
                ", ".join(map(str, PERIODS))), field="prices")
        money.check_amount(amount, "prices")
        stored[str(months)] = priced(amount)
    return stored


def check_periods_cover_lead_time(product_type: str, prices: dict) -> None:
    """A period must be longer than its type's renewal lead time (a domain renewed 60 days
    ahead is not sold for a month: it would renew again at once)."""
    lead = renewal_lead_days(product_type)
    for months in prices:
        if int(months) * 28 <= lead:
            raise InputRuleBroken("period_shorter_than_lead_time", "A {} is renewed {} days ahead: sell it for "
                                  "longer periods".format(product_type, lead), field="prices")


def option_prices(options: list) -> list:
    """Configuration options ``[{code, name, price (a month, per unit), max}]`` with the VAT
    of their monthly price; codes are unique."""
    codes = [o["code"] for o in options]
    if len(set(codes)) != len(codes):
        raise InputRuleBroken("option_codes_repeat", "Each option needs its own code", field="options")
    return [dict(o, vat=money.vat_included(o["price"])) for o in options]


def line_price(prices: dict, options: list, months: int, chosen: dict) -> dict:
    """What one cart line costs: the period's price plus each chosen option's monthly price ×
    quantity × months. ``chosen`` is ``{option code: quantity}``; an unknown option, a
    quantity above its maximum or a period the product is not sold for is refused (422)."""
    period = prices.get(str(months))
    if period is None:
        raise InputRuleBroken("period_not_offered", "This product is not sold for {} months".format(months),
                              field="period_months")
    by_code = {o["code"]: o for o in options}
    parts = [{"code": None, "quantity": 1, "amount": period["price"]}]
    for code, quantity in sorted(chosen.items()):
        option = by_code.get(code)
        if option is None:
            raise InputRuleBroken("option_unknown", "This product has no option {!r}".format(code), field="options")
        if quantity < 0 or (option.get("max") is not None and quantity > option["max"]):
            raise InputRuleBroken("option_quantity_out_of_range", "Option {!r} takes 0 to {}".format(
                code, option.get("max")), field="options")
        if quantity:
            parts.append({"code": code, "quantity": quantity, "amount": option["price"] * quantity * months})
    amount = sum(p["amount"] for p in parts)
    return {"amount": amount, "vat": money.vat_included(amount), "parts": parts}


# --- promo codes ------------------------------------------------------------------------

def check_promo(promo: dict | None, now: datetime, used: int, used_by_account: int) -> None:
    """Whether a promo code may be applied now; refused with its reason (422, field ``code``):
    unknown, not yet valid, expired, used up, already used by this account as often as allowed."""
    def refuse(code, message):
        raise InputRuleBroken(code, message, field="code")

    if promo is None or not promo["active"]:
        refuse("promo_code_not_found", "No such promo code")
    if promo["valid_from"] is not None and now < promo["valid_from"]:
        refuse("promo_code_not_started", "This promo code is not valid yet")
    if promo["valid_to"] is not None and now >= promo["valid_to"]:
        refuse("promo_code_expired", "This promo code has expired")
    if promo["max_uses"] is not None and used >= promo["max_uses"]:
        refuse("promo_code_used_up", "This promo code has been used as many times as it may be")
    if promo["max_uses_per_account"] is not None and used_by_account >= promo["max_uses_per_account"]:
        refuse("promo_code_used_by_account", "Your account has already used this promo code")


def check_promo_terms(kind: str, value: int) -> None:
    if kind == "percent" and not 1 <= value <= 100:
        raise InputRuleBroken("promo_percent_out_of_range", "A percent discount is 1 to 100", field="value")
    if value < 1:
        raise InputRuleBroken("promo_value_out_of_range", "A discount is positive", field="value")


def discount(total: int, kind: str, value: int) -> int:
    """A promo code's discount on ``total``: a percent (rounded half up) or a fixed sum, never
    more than the total."""
    amount = money.round_half_up(total * value, 100) if kind == "percent" else value
    return min(amount, total)


def spread(discount_amount: int, amounts: list[int]) -> list[int]:
    """A discount shared among lines in proportion to their amounts (largest remainders get
    the odd kopecks), so each line's VAT is computed on what is really paid for it."""
    total = sum(amounts)
    if total == 0 or discount_amount == 0:
        return [0] * len(amounts)
    shares = [discount_amount * a // total for a in amounts]
    rest = discount_amount - sum(shares)
    order = sorted(range(len(amounts)), key=lambda i: (-(discount_amount * amounts[i] % total), i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


def checkout_lines(lines: list[dict], promo_discount: int) -> list[dict]:
    """Each line's amount after its share of the discount, with the VAT of what is paid."""
    shares = spread(promo_discount, [line["amount"] for line in lines])
    out = []
    for line, share in zip(lines, shares):
        paid = line["amount"] - share
        out.append(dict(line, discount=share, paid=paid, vat=money.vat_included(paid)))
    return out


def check_cart_not_empty(count: int) -> None:
    if count == 0:
        raise RuleBroken("cart_empty", "The cart has nothing to pay for")


def unpaid_parts(balance_before: int, amounts: list[int]) -> list[int]:
    """Bought on credit: what of each line the balance did not cover (the last lines first
    take the credit), to be invoiced with the month's unpaid expenses (B9)."""
    covered = max(0, balance_before)
    out = []
    for amount in amounts:
        take = min(covered, amount)
        covered -= take
        out.append(amount - take)
    return out
