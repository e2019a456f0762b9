"""The list conventions (kit.listing): sort, period, text, pages and CSV, the same on
SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from marshmallow import ValidationError
from sqlalchemy import BigInteger, Column, MetaData, String, Table, insert, select

from kit import listing, people
from kit.db import make_engine
from kit.types import UtcDateTime

UTC = timezone.utc


class OrdersQuery(listing.ListQuery):
    sort = listing.Sort(("created_at", "number", "total"), default="-created_at")


# --- the query ------------------------------------------------------------------------------

def test_sort_takes_the_lists_fields_with_a_minus_for_descending():
    assert OrdersQuery().load({"sort": "-total,number"})["sort"] == (("total", True), ("number", False))
    assert OrdersQuery().load({})["sort"] == (("created_at", True),)


def test_an_unknown_sort_field_is_refused_naming_the_allowed_ones():
    with pytest.raises(ValidationError) as refused:
        OrdersQuery().load({"sort": "-applicant_secret"})
    (message,) = refused.value.messages["sort"]
    assert "applicant_secret" in message and "created_at, number, total" in message
    for bad in ("", ",", "number,-number"):
        with pytest.raises(ValidationError):
            OrdersQuery().load({"sort": bad})


def test_a_period_of_dates_is_whole_moscow_days_and_includes_its_last_day():
    data = OrdersQuery().load({"period_from": "2026-03-01", "period_to": "2026-03-31"})
    assert data["period_from"] == datetime(2026, 2, 28, 21, tzinfo=UTC)  # midnight in Moscow
    assert data["period_to"] == datetime(2026, 3, 31, 21, tzinfo=UTC)  # the 31st included
    moment = OrdersQuery().load({"period_from": "2026-03-01T09:00:00+03:00"})["period_from"]
    assert moment == datetime(2026, 3, 1, 6, tzinfo=UTC)


def test_a_period_must_be_dates_or_aware_times_in_order():
    for bad in ({"period_from": "вчера"}, {"period_to": "2026-03-01T09:00:00"},
                {"period_from": "2026-03-02", "period_to": "2026-03-01"}):
        with pytest.raises(ValidationError):
            OrdersQuery().load(bad)


def test_text_and_pages_keep_their_limits():
    with pytest.raises(ValidationError):
        OrdersQuery().load({"q": "x" * (listing.MAX_QUERY + 1)})
    with pytest.raises(ValidationError):
        OrdersQuery().load({"per_page": "101"})
    with pytest.raises(ValidationError):
        OrdersQuery().load({"page": "0"})


# --- applying it, on both stores -------------------------------------------------------------

metadata = MetaData()
ORDERS = Table("orders", metadata, Column("number", BigInteger, primary_key=True),
               Column("service_name", String(200)), Column("search_text", String(400)),
               Column("applicant_id", String(36)),
               Column("total", BigInteger), Column("created_at", UtcDateTime()))
people.define_table(metadata)

PEOPLE = [("u1", "Мария Семёнова"), ("u2", "Марина Спиридонова"), ("u3", "Иван Столповский"),
          ("u4", "Maria Smith")]
ROWS = [(1, "Коворкинг на 2 этаже", "u1", 40000, datetime(2026, 3, 1, 10, tzinfo=UTC)),
        (2, "ПЕРЕГОВОРНАЯ «Ёлка»", "u2", 18000, datetime(2026, 3, 15, 10, tzinfo=UTC)),
        (3, "Уборка офиса", "u3", 500, datetime(2026, 3, 31, 20, 59, tzinfo=UTC)),
        (4, "Cleaning", "u4", 18000, datetime(2026, 3, 31, 21, 0, tzinfo=UTC))]  # 1 April in Moscow


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request, tmp_path):
    if request.param == "sqlite":
        url = "sqlite:///{}".format(tmp_path / "listing.sqlite3")
    else:
        url = request.getfixturevalue("test_run").database_url("kit_listing")
    engine = make_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    with engine.begin() as connection:
        now = datetime(2026, 1, 1, tzinfo=UTC)
        connection.execute(insert(people.PEOPLE), [
            {"user_id": i, "full_name": n, "search_name": people.search_form(n), "language": "ru", "roles": [],
             "status": "active", "as_of": now}
            for i, n in PEOPLE])
        connection.execute(insert(ORDERS), [dict(zip(("number", "service_name", "applicant_id", "total",
                                                       "created_at"), row), search_text=people.search_text(row[1]))
                                            for row in ROWS])
    with engine.connect() as connection:
        yield connection
    metadata.drop_all(engine)
    engine.dispose()


COLUMNS = {"created_at": ORDERS.c.created_at, "number": ORDERS.c.number, "total": ORDERS.c.total}


def numbers(session, data: dict, *conditions) -> list[int]:
    data = OrdersQuery().load(data)
    query = select(ORDERS.c.number).where(*conditions, *listing.within(ORDERS.c.created_at, data),
                                          *listing.matching(data.get("q"), [ORDERS.c.search_text],
                                                            numbers=[ORDERS.c.number],
                                                            people=[ORDERS.c.applicant_id]))
    query = listing.sorted_by(query, data["sort"], COLUMNS, ORDERS.c.number.desc())
    return [row[0] for row in session.execute(query)]


def test_partial_cyrillic_names_match_whatever_the_case_and_yo(session):
    assert sorted(numbers(session, {"q": "мар"})) == [1, 2]  # Мария, Марина
    assert numbers(session, {"q": "МАР СЕМЕН"}) == [1]  # Семёнова, ё typed as е
    assert numbers(session, {"q": "ёлка"}) == [2]  # the service's name, in capitals
    assert numbers(session, {"q": "maria"}) == [4]
    assert numbers(session, {"q": "3"}) == [3]  # a number is an order number
    assert numbers(session, {"q": "100%_"}) == []  # LIKE's wildcards are text
    assert numbers(session, {"q": "²"}) == []  # a digit, but not a number
    applicants = select(ORDERS.c.number).where(*people.name_matches(ORDERS.c.applicant_id, "спир"))
    assert [row[0] for row in session.execute(applicants)] == [2]


def test_sorting_and_the_period_on_every_store(session):
    assert numbers(session, {}) == [4, 3, 2, 1]
    assert numbers(session, {"sort": "total"}) == [3, 4, 2, 1]  # ties: the tiebreak, number desc
    assert numbers(session, {"sort": "-total,number"}) == [1, 2, 4, 3]
    assert numbers(session, {"period_from": "2026-03-01", "period_to": "2026-03-31"}) == [3, 2, 1]
    assert numbers(session, {"period_from": "2026-03-15T13:00:00+03:00"}) == [4, 3, 2]


def test_a_page_and_its_total_and_an_export_in_parts(session, monkeypatch):
    data = OrdersQuery().load({"page": "2", "per_page": "3"})
    query = listing.sorted_by(select(ORDERS.c.number), data["sort"], COLUMNS, ORDERS.c.number.desc())
    total, rows = listing.page(session, query, data)
    assert (total, rows) == (4, [1])
    monkeypatch.setattr(listing, "EXPORT_PART", 2)
    started = datetime(2026, 3, 31, 21, 0, tzinfo=UTC)  # the fourth order's moment

    def part(number: int, as_of=None) -> dict:
        return listing.export_part(session, query, {"part": number, "as_of": as_of}, ["Номер"],
                                   lambda numbers: [[n] for n in numbers], created=ORDERS.c.created_at, now=started)

    first = part(1)
    assert first == {"header": ["Номер"], "rows": [["4"], ["3"]], "more": True, "as_of": started.isoformat()}
    assert part(2, started)["rows"] == [["2"], ["1"]] and part(2, started)["more"] is False
    # a part asked for as of an earlier moment leaves out what came after it
    assert part(1, datetime(2026, 3, 15, 10, tzinfo=UTC))["rows"] == [["2"], ["1"]]


# --- CSV ---------------------------------------------------------------------------------------

def test_times_are_shown_as_the_manuals_show_them_in_moscow():
    assert listing.moment(datetime(2023, 8, 11, 10, 32, tzinfo=UTC)) == "11.08.2023 13:32"
    assert listing.moment("2023-08-11T10:32:00+00:00") == "11.08.2023 13:32" and listing.moment(None) == ""


def test_csv_is_utf8_with_a_bom_semicolons_and_money_with_a_decimal_comma():
    content = b"".join(listing.csv_stream(["Номер", "Заявитель", "Сумма"], [
        [1006313, "Алексей Трошков", listing.money(40000)], [2, "Иван; «Столп»", listing.money(-5)]]))
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content
    assert content.decode("utf-8-sig").splitlines()[1] == "1006313;Алексей Трошков;400,00"
    rows = listing.read_csv(content)
    assert rows[1] == {"Номер": "2", "Заявитель": "Иван; «Столп»", "Сумма": "-0,05"}


def test_a_cell_that_would_be_a_formula_stays_text():
    (row,) = listing.read_csv(b"".join(listing.csv_stream(["a", "b", "c"], [["=HYPERLINK(1)", "-12,50", "@x"]])))
    assert row == {"a": "'=HYPERLINK(1)", "b": "-12,50", "c": "'@x"}
