"""The catalog of recurring products and the promo codes (B11): administrators keep them,
every signed-in user reads the products on sale."""
from __future__ import annotations

from kit import listing
from kit.context import Caller
from services.billing import exceptions as exc, store, views
from services.billing.dependencies import Deps
from services.billing.domain import catalog
from services.billing.handlers import access
from services.billing.models import Product, PromoCode


def list_products(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    conditions = [] if caller.is_admin and data.get("include_inactive") else [Product.active.is_(True)]
    if data.get("type"):
        conditions.append(Product.type == data["type"])
    total, rows = store.page(uow.session, Product, conditions, [Product.type, Product.name], data)
    return views.page([views.product_view(p) for p in rows], total, data)


def get_product(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    caller.require_user()
    product = store.product(uow.session, data["product_id"])
    if product is None or (not product.active and not caller.is_admin):
        raise exc.ProductNotFound("No such product")
    return views.product_view(product)


def create_product(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    access.require_admin(caller)
    if store.product_by_code(uow.session, data["code"]) is not None:
        raise exc.ProductCodeTaken("A product with this code exists")
    catalog.check_periods_cover_lead_time(data["type"], data["prices"])
    now = uow.now()
    product = Product(code=data["code"], name=data["name"], type=data["type"],
                      prices=catalog.period_prices(data["prices"]), options=catalog.option_prices(data["options"]),
                      renewal_lead_days=catalog.renewal_lead_days(data["type"]),
                      requires_setup=data["requires_setup"], active=data["active"],
                      created_at=now, updated_at=now)
    uow.session.add(product)
    uow.session.flush()
    return views.product_view(product)


def update_product(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Prices and options change what the cart costs from now on; what was bought keeps the
    price it was bought at. An inactive product is no longer sold (nor checked out)."""
    access.require_admin(caller)
    product = store.product(uow.session, data["product_id"])
    if product is None:
        raise exc.ProductNotFound("No such product")
    changes = data["changes"]
    if "name" in changes:
        product.name = changes["name"]
    if "prices" in changes:
        catalog.check_periods_cover_lead_time(product.type, changes["prices"])
        product.prices = catalog.period_prices(changes["prices"])
    if "options" in changes:
        product.options = catalog.option_prices(changes["options"])
    if "active" in changes:
        product.active = changes["active"]
    product.updated_at = uow.now()
    return views.product_view(product)


def create_promo_code(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    access.require_admin(caller)
    catalog.check_promo_terms(data["kind"], data["value"])
    if store.promo_by_code(uow.session, data["code"]) is not None:
        raise exc.PromoCodeTaken("This promo code exists")
    promo = PromoCode(code=data["code"].strip().upper(), kind=data["kind"], value=data["value"],
                      valid_from=data.get("valid_from"), valid_to=data.get("valid_to"),
                      max_uses=data.get("max_uses"), max_uses_per_account=data.get("max_uses_per_account"),
                      active=True, created_at=uow.now())
    uow.session.add(promo)
    uow.session.flush()
    uow.record_action("promo_code.created", "promo_code", promo.id, "Промокод {}: {}".format(
        promo.code, "{} %".format(promo.value) if promo.kind == "percent" else listing.money(promo.value) + " ₽"),
        account_id=None)
    return views.promo_view(promo, 0)


def list_promo_codes(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    access.require_admin(caller)
    total, rows = store.page(uow.session, PromoCode, [], [PromoCode.created_at.desc()], data)
    return views.page([views.promo_view(p, store.promo_uses(uow.session, p.id)) for p in rows], total, data)
