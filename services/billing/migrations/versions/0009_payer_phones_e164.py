"""billing: payers' phone and fax numbers in E.164 (issue 13 item 10)

A payer's phone and fax were stored as typed ("+7 (999) 111-22-33"), checked only by a
pattern; they are now checked by libphonenumber (``kit.phones``) and stored in E.164
("+79991112233"), like identity's. This migration gives the rows already there that form
when their text is a valid number (typed without a country code: Russian); any other text
is left as it was. The rule is frozen here, not imported.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import phonenumbers
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

payers = sa.table("payers", sa.column("id", sa.String), sa.column("phone", sa.String), sa.column("fax", sa.String))


def e164(text: str | None) -> str | None:
    if not text or not all(c.isdigit() or c in " ()+-." for c in text):
        return text
    try:
        number = phonenumbers.parse(text, "RU")
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(payers.c.id, payers.c.phone, payers.c.fax).where(
        sa.or_(payers.c.phone.is_not(None), payers.c.fax.is_not(None)))).all()
    for payer_id, phone, fax in rows:
        if (e164(phone), e164(fax)) != (phone, fax):
            bind.execute(payers.update().where(payers.c.id == payer_id).values(phone=e164(phone), fax=e164(fax)))


def downgrade() -> None:
    # E.164 is a valid way to write every number; the typed spacing is not kept
    pass
