"""identity: stored phone numbers in the E.164 form phonenumbers gives (issue 13 item 10)

Phone numbers are normalized by Google's libphonenumber (``phonenumbers``) instead of our
own digit rules. The stored form stays E.164, and every number the old rules stored
correctly is unchanged; what changes is a number typed without its country code that did
not start with 9: the old rules stored "342 254-54-54" as "+3422545454" (country 34), the
new ones read it as Russian, "+73422545454" — so its owner could no longer sign in with it.
This migration gives such rows the form the new rules give their digits, when that is a
valid number nobody else has; any other invalid row is left as it is (nothing is lost; it
simply matches no typed login, as before). The rules are frozen here, not imported, so
the migration means the same thing later.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import phonenumbers
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.String), sa.column("phone", sa.String))


def _valid(text: str, region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def e164(stored: str) -> str:
    """The form the new rules give a stored number (itself when they cannot improve it)."""
    return _valid(stored, None) or _valid(stored.lstrip("+"), "RU") or stored


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.phone).where(users.c.phone.is_not(None))).all()
    taken = {phone for _, phone in rows}
    for user_id, phone in rows:
        normal = e164(phone)
        if normal != phone and normal not in taken:
            bind.execute(users.update().where(users.c.id == user_id).values(phone=normal))
            taken.discard(phone)
            taken.add(normal)


def downgrade() -> None:
    # the old form of a corrected number ("+3422545454") named no real number: nothing to restore
    pass
