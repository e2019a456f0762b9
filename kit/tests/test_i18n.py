"""The platform's one catalog (kit/locale) and kit.i18n: every problem code and every label
has its Russian and English text, the caller's language is negotiated by q-values, money
and dates are formatted by Babel, and no service keeps a table of words of its own."""
from __future__ import annotations

import ast
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from kit import i18n

ROOT = Path(__file__).resolve().parents[2]
RULES = {"RuleBroken", "InputRuleBroken", "NotPermitted", "NotFoundRule"}


def _sources():
    for folder in ("kit", "gateway", "services"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "tests" not in path.parts and "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"))


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literals(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def problem_codes() -> dict[str, str]:
    """Every problem ``code`` the code can produce → where: class attributes ``code = "…"``
    (kit's kinds, services' exceptions), ``code="…"`` arguments, the first argument of a
    broken rule, and the gateway's codes for HTTP errors."""
    codes: dict[str, str] = {}
    sources = list(_sources())
    errors = {"ServiceError", "BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict",
              "ValidationFailed", "RateLimited", "Unavailable", "InternalError"}
    grown = True
    while grown:   # every class that extends an error kind, in any module
        before = len(errors)
        errors |= {node.name for _, tree in sources for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                   and any(_name(base) in errors for base in node.bases)}
        grown = len(errors) > before
    for path, tree in sources:
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    pairs = zip(target.elts, node.value.elts) if isinstance(target, ast.Tuple) and \
                        isinstance(node.value, ast.Tuple) else [(target, node.value)]
                    for name, value in pairs:
                        if isinstance(name, ast.Name) and name.id == "code" and isinstance(value, ast.Constant) \
                                and isinstance(value.value, str):
                            codes.setdefault(value.value, where)
            if isinstance(node, ast.Call) and _name(node.func) in errors:
                for keyword in node.keywords:
                    if keyword.arg == "code":
                        # passed on (code=self.code) is fine; built (.format, f"", +) is not
                        assert not isinstance(keyword.value, (ast.Call, ast.JoinedStr, ast.BinOp)), \
                            "{}:{}: a problem code must be a literal (a test checks its texts)".format(where, node.lineno)
                        for value in _literals(keyword.value):   # a literal, or literals to choose from
                            codes.setdefault(value, where)
            if isinstance(node, ast.Call):
                if _name(node.func) in RULES and node.args and isinstance(node.args[0], ast.Constant):
                    codes.setdefault(node.args[0].value, where)
    from gateway.errors import HTTP_CODES
    for code in list(HTTP_CODES.values()) + ["malformed_json", "http_error"]:
        codes.setdefault(code, "gateway/errors.py")
    return codes


def test_the_scan_finds_the_codes_it_should():
    codes = problem_codes()
    assert {"order_not_found", "internal_error", "amount_below_minimum", "token_missing", "company_exists",
            "malformed_json", "telegram_username_taken"} <= set(codes)
    assert len(codes) > 150


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_problem_code_has_a_title_in_every_language(language):
    missing = sorted("{} ({})".format(code, where) for code, where in problem_codes().items()
                     if not i18n.lookup("problem", code, language))
    assert not missing, "kit/locale/{}/LC_MESSAGES/platform.po lacks msgctxt \"problem\" for: {}".format(
        language, ", ".join(missing))


def _entries(language) -> dict[tuple[str, str], str]:
    return {(message.context, message.id): message.string for message in i18n.read_catalog(language)
            if message.id}


def test_both_catalogs_have_the_same_entries_with_the_same_placeholders():
    russian, english = _entries("ru"), _entries("en")
    assert set(russian) == set(english), set(russian) ^ set(english)
    for key in russian:
        assert russian[key] and english[key], "an empty text: {}".format(key)
        assert set(re.findall(r"{(\w+)}", russian[key])) == set(re.findall(r"{(\w+)}", english[key])), key


def test_every_detail_template_belongs_to_a_titled_code_and_says_its_params():
    catalog = {(m.context, m.id): m for m in i18n.read_catalog("en")}
    for (context, code), message in catalog.items():
        if context == "problem.detail":
            assert i18n.lookup("problem", code, "en"), "a detail without a title: " + code
            named = set(re.findall(r"{(\w+)}", message.string))
            assert named and message.auto_comments == ["params: " + ", ".join(sorted(named))], code


def test_nothing_binary_is_committed_and_the_catalog_compiles():
    assert not list((ROOT / "kit" / "locale").rglob("*.mo"))
    for language in i18n.LANGUAGES:
        assert i18n.translations(language).pgettext("problem", "order_not_found")


@pytest.mark.parametrize("header, language", [
    ("de,en;q=0.9", "en"), ("en;q=0.1, ru;q=0.9", "ru"), (None, "ru"), ("", "ru"), ("*", "ru"),
    ("en-US", "en"), ("ru-RU,en", "ru"), ("EN-gb;q=0.5,de", "en"), ("en;q=0, ru;q=0", "ru"),
    ("fr, de", "ru"), ("garbage;;;q=abc,en", "en"),
])
def test_the_language_is_negotiated_by_q_values(header, language):
    assert i18n.negotiate(header) == language


def test_labels_come_from_the_catalog():
    assert i18n.label("identity.phone_status", "confirmed", "ru") == "Успешно подтвержден"
    assert i18n.label("telegram.link_status", "needs_setup", "ru") == "Требуется настройка"
    assert i18n.label("telegram.link_status", "configuring", "ru") == "Настраивается"
    assert i18n.label("telegram.link_status", "confirmed", "ru") == "Подтверждено"
    assert i18n.label("telegram.link_status", "confirmed", "en") == "Confirmed"
    assert i18n.label("order.status", "made_up", "en") == "made_up" and i18n.label("order.status", None) is None
    assert i18n.label("order.chat", "refund_completed", "ru", amount="180") == "Выполнен возврат 180 ₽"
    assert i18n.label("order.status", "new", "xx") == "Новый"     # an unknown language: Russian


def test_money_and_dates_are_formatted_by_babel():
    assert i18n.format_money(123456, "ru") == "1\u00a0234,56\u00a0₽"
    assert i18n.format_money(123456, "en") == "1,234.56\u00a0₽"
    assert i18n.format_money(18000, "ru") == "180\u00a0₽"
    assert i18n.format_money(200000, "en", symbol=False) == "2,000"
    assert i18n.format_money(1250000, "ru", symbol=False, kopecks_always=True) == "12\u00a0500,00"
    assert i18n.format_date(date(2026, 3, 1), "ru") == "01.03.2026"
    assert i18n.format_date(date(2026, 3, 1), "en") == "Mar 1, 2026"
    moment = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
    assert i18n.format_datetime(moment, "ru", "Europe/Moscow") == "23.11.2026 13:00"
    assert i18n.format_datetime(moment.isoformat(), "en", "Europe/Moscow") == "Nov 23, 2026, 1:00\u202fPM" or \
        i18n.format_datetime(moment.isoformat(), "en", "Europe/Moscow") == "Nov 23, 2026, 1:00 PM"


#: the built-in notification texts are Jinja templates an operator may override per event,
#: channel and language (PUT /notifications/templates), not labels: they stay templates
TEMPLATES_NOT_LABELS = {("services/notifications/domain/messages.py", "BUILT_IN")}


def test_no_service_keeps_a_table_of_words_of_its_own():
    """Labels live in the one catalog: no dict keyed by both languages, no (ru, en) pairs."""
    found = []
    for path, tree in _sources():
        where = str(path.relative_to(ROOT))
        templates = {id(inner) for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                     for target in getattr(node, "targets", [getattr(node, "target", None)])
                     if (where, getattr(target, "id", None)) in TEMPLATES_NOT_LABELS for inner in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in templates:
                continue
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if {"ru", "en"} <= keys:
                    found.append("{}:{}".format(where, node.lineno))
            # ("Новый", "New"): a word and its translation (not a button's text and its code)
            if isinstance(node, ast.Tuple) and len(node.elts) == 2 and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                first, second = (e.value for e in node.elts)
                if re.search("[а-яё]", first, re.I) and re.fullmatch(r"[A-Z][^а-яё]*", second) \
                        and not re.fullmatch(r"[a-z_]+", second):
                    found.append("{}:{} {!r}".format(where, node.lineno, (first, second)))
    assert not found, "words belong in kit/locale/*/LC_MESSAGES/platform.po: " + ", ".join(found)
