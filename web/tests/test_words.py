"""Every word the web app shows has its Russian text: the messages in web/**.py and the
templates (extracted as ``pybabel extract -F web/babel.cfg`` does) are all in
``web/locale/ru/LC_MESSAGES/web.po``, translated, with the same ``%(placeholders)s``."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from web import i18n

WEB = Path(__file__).resolve().parents[1]
METHODS = [("tests/**.py", "ignore"), ("**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def used() -> set[str]:
    return {message for _, _, message, _, _ in extract_from_dir(str(WEB), METHODS, keywords={"_": None},
                                                               options_map=OPTIONS) if isinstance(message, str)}


def test_every_message_has_its_russian_text():
    russian = {m.id: m.string for m in i18n.read_catalog("ru") if m.id}
    messages = used()
    assert len(messages) > 50
    missing = sorted(m for m in messages if not russian.get(m))
    assert missing == []
    for message in messages:
        assert set(re.findall(r"%\(\w+\)s", message)) == set(re.findall(r"%\(\w+\)s", russian[message])), message


def test_the_check_sees_templates_and_code():
    messages = used()
    assert "Sign in" in messages                   # templates
    assert "You have signed out." in messages      # web/pages/auth.py


def test_each_message_is_defined_once():
    """Two helpers (or a merge) adding the same message leave two definitions, which gettext's
    msgfmt refuses and Babel silently collapses to one of them."""
    for language in ("ru", "en"):
        text = (WEB / "locale" / language / "LC_MESSAGES" / "web.po").read_text(encoding="utf-8")
        ids = [context + "\x04" + "".join(re.findall(r'"(.*)"', lines)) for context, lines in
               re.findall(r'^(?:msgctxt "(.*)"\n)?msgid ((?:".*"\n)+)', text, flags=re.M)]
        repeated = sorted({found for found in ids if ids.count(found) > 1})
        assert repeated == [], language
