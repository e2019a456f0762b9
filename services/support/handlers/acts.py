"""The completed-works act (S5, manual 003 «Акт выполненных работ»): staff answering the
ticket record the works; the customer prints the act (a PDF in Russian with the customer
organisation, object, contract, works and totals) and accepts it, after which it is frozen."""
from __future__ import annotations

import base64

from kit import pdf
from kit.context import Caller
from kit.pdf import Column, Sheet, load_font
from services.support import events
from services.support import exceptions as exc
from services.support import store
from services.support.dependencies import Deps
from services.support.domain import acts as rules
from services.support.handlers.access import answers, visible_ticket
from services.support.models import Act, ActWork, Contract, Organisation, SupportObject, Ticket
from services.support.views import act_view

#: the act's table (its widths fill the page between its margins)
COLUMNS = [Column("№", 24), Column("Наименование работ", 235), Column("Кол-во", 50, right=True),
           Column("Ед.", 40), Column("Цена, ₽", 80, right=True), Column("Сумма, ₽", 86, right=True)]


def _act(session, ticket: Ticket) -> Act:
    found = store.act_of(session, ticket.id)
    if found is None:
        raise exc.ActNotFound("The ticket has no act yet")
    return found


def _view(uow, act: Act, deps: Deps) -> dict:
    directory = deps.people(uow.session)
    directory.get({act.issued_by, act.accepted_by})
    return act_view(act, directory)


def get_act(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    ticket, _ = visible_ticket(uow.session, caller, data["number"])
    return _view(uow, _act(uow.session, ticket), deps)


def issue_act(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """Record (or replace) the works of the act; refused once the customer accepted it."""
    ticket, _ = visible_ticket(uow.session, caller, data["number"], for_update=True)
    if not answers(uow.session, caller, ticket):
        raise exc.StaffOnly("Only staff answering this ticket record its works")
    act = store.act_of(uow.session, ticket.id)
    rules.check_editable(act is not None and act.accepted_at is not None)
    found = rules.lines(data["works"])
    if act is None:
        act = Act(ticket_id=ticket.id, currency="RUB")
        uow.session.add(act)
    act.works = [ActWork(position=i + 1, name=item.name, quantity_milli=item.quantity_milli, unit=item.unit,
                         price=item.price, amount=item.amount) for i, item in enumerate(found)]
    act.total, act.issued_by, act.issued_at = rules.total(found), caller.user_id, uow.now()
    uow.session.flush()
    uow.emit("ticket_act_issued", events.ticket_act_issued(ticket, act))
    return _view(uow, act, deps)


def accept_act(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    """The customer accepts the act (manual 003: «Принять выполненные работы и подписать акт»)."""
    ticket, rel = visible_ticket(uow.session, caller, data["number"], for_update=True)
    if rel.staff:
        raise exc.CustomerOnly("Only the customer accepts the act")
    act = _act(uow.session, ticket)
    rules.check_acceptable(act.accepted_at is not None)
    act.accepted_by, act.accepted_at = caller.user_id, uow.now()
    uow.emit("ticket_act_accepted", events.ticket_act_accepted(
        ticket, act, store.agent_ids(uow.session, ticket.department_id)))
    return _view(uow, act, deps)


def act_pdf(uow, caller: Caller, data: dict, deps: Deps) -> dict:
    ticket, _ = visible_ticket(uow.session, caller, data["number"])
    act = _act(uow.session, ticket)
    directory = deps.people(uow.session)
    content = render(uow.session, ticket, act, directory, deps.settings)
    return {"content_type": "application/pdf", "filename": "Акт-{}.pdf".format(ticket.number),
            "data": base64.b64encode(content).decode()}


def render(session, ticket: Ticket, act: Act, directory, settings) -> bytes:
    """The act as a PDF (A4, the ``ACT_FONT_PATH`` font embedded), laid out with kit.pdf."""
    organisation = session.get(Organisation, ticket.organisation_id) if ticket.organisation_id else None
    found_object = session.get(SupportObject, ticket.object_id) if ticket.object_id else None
    contract = session.get(Contract, ticket.contract_id) if ticket.contract_id else None
    sheet = Sheet(load_font(settings.act_font_path))
    sheet.title("Акт выполненных работ № {} от {}".format(ticket.number, pdf.date_text(act.issued_at.date())), 15)
    sheet.facts([
        ("Исполнитель:", settings.act_executor_name),
        ("Заказчик:", organisation.name if organisation else (directory.ref(ticket.author_id) or {}).get("name") or ""),
        ("Объект:", (found_object.name + (", " + found_object.address if found_object.address else ""))
         if found_object else "—"),
        ("Договор:", "№ {}{}".format(contract.number, " «{}»".format(contract.name) if contract.name else "")
         if contract else "—"),
        ("Заявка:", "№ {} «{}»".format(ticket.number, ticket.subject)),
    ])
    sheet.space(6)
    sheet.table(COLUMNS, [[str(work.position), work.name, pdf.quantity_text(work.quantity_milli), work.unit,
                           pdf.money_text(work.price), pdf.money_text(work.amount)] for work in act.works])
    sheet.totals([("Итого:", "{} ₽".format(pdf.money_text(act.total)))], 11)
    sheet.paragraph("Всего оказано услуг на сумму {} ₽ ({}), в том числе НДС не облагается.".format(
        pdf.money_text(act.total), pdf.amount_in_words(act.total)), 9)
    sheet.space(12)
    issuer = (directory.ref(act.issued_by) or {}).get("name") or ""
    if act.accepted_at:
        accepter = (directory.ref(act.accepted_by) or {}).get("name") or ""
        accepted = "Принял: {}, {}".format(accepter, act.accepted_at.strftime("%d.%m.%Y %H:%M UTC"))
    else:
        accepted = "Заказчик: не принят"
    sheet.signatures("Исполнитель: {}".format(issuer), accepted)
    return sheet.render("Акт выполненных работ № {}".format(ticket.number), "platform support")
