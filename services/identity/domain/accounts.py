"""Rules of customer accounts and their users (I3, manual 004 "Управление пользователями")."""
from __future__ import annotations

from kit.context import ROLES
from kit.errors import InputRuleBroken, NotPermitted, RuleBroken

#: Rights a customer account grants its users (manual 004: "Права пользователя").
RIGHTS = ("users", "finance", "orders", "support")
#: Roles a rental manager may give to people they add (C7 "add new user").
ROLES_A_MANAGER_MAY_GRANT = frozenset({"client"})


def effective_rights(is_owner: bool, rights) -> list[str]:
    """The first user of an account always has every right."""
    return list(RIGHTS) if is_owner else sorted(set(rights) & set(RIGHTS))


def check_rights(rights) -> list[str]:
    unknown = sorted(set(rights) - set(RIGHTS))
    if unknown:
        raise InputRuleBroken("unknown_right", "Unknown rights: {}".format(", ".join(unknown)))
    return sorted(set(rights))


def check_roles(roles) -> list[str]:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise InputRuleBroken("unknown_role", "Unknown roles: {}".format(", ".join(unknown)))
    return sorted(set(roles))


def check_may_grant(granter_roles, roles) -> None:
    if "admin" in granter_roles:
        return
    if not set(roles) <= ROLES_A_MANAGER_MAY_GRANT:
        raise NotPermitted("role_grant_not_allowed", "Only an administrator can grant staff roles")


def check_owner_change(is_owner: bool, *, delete=False, disable=False, rights_change=False,
                       name_change=False) -> None:
    """What a client may not do to the first user of an account (manual 004)."""
    if not is_owner:
        return
    if delete:
        raise RuleBroken("first_user_cannot_be_deleted",
                         "The first user of an account cannot be deleted; contact the provider")
    if disable:
        raise RuleBroken("first_user_cannot_be_disabled",
                         "The first user of an account cannot be disabled")
    if rights_change:
        raise RuleBroken("first_user_rights_fixed", "The first user always has every right")
    if name_change:
        raise NotPermitted("first_user_profile_locked",
                           "The e-mail and full name of the first user are changed by the provider")
