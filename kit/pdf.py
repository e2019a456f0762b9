"""Printable documents in Russian (support's completed-works act, billing's invoices, acts,
reconciliation acts and contracts), written with fpdf2.

Text is placed on A4 pages in one TrueType font (and its bold face when the file is beside
it), embedded as a subset with its Unicode map, so Cyrillic prints and copies out of any
reader (``pdftotext`` gives it back). The font is a setting of the service that prints:
DejaVu Sans of Debian's ``fonts-dejavu-core`` by default (a free font with Cyrillic; the
image installs it, ``scripts/ensure-infra.sh pdf`` too).

Two levels:

- :class:`Document` / :class:`Page`: text at ``(x, y)`` in points, y from the top;
- :class:`Sheet`: a page that flows from the top down — a title, labelled facts, the parties'
  requisites, a table whose rows wrap and break across pages, right-aligned totals,
  paragraphs, signatures — for documents that are lists of facts and lines.

And what every Russian document writes the same way: :func:`money_text` («12 500,00»),
:func:`quantity_text` («1,5»), :func:`date_text` («01.12.2026»), :func:`long_date_text`
(«1 декабря 2026 г.»), :func:`amount_in_words` («Двенадцать тысяч пятьсот рублей 00 копеек»,
with num2words), :func:`vat_text`, and :class:`Party` (a side's name and requisites).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from fpdf import FPDF
from num2words import num2words

A4 = (595.28, 841.89)
FAMILY = "doc"
#: rows laid out between two pauses that let other green threads of the worker run (laying
#: out costs about a millisecond a row; a long reconciliation act must not stall the worker)
ROWS_PER_PAUSE = 50
#: Debian's fonts-dejavu-core (the default of every service's font setting)
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NBSP = "\u00a0"
MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")


# --- what every Russian document writes the same way -------------------------------------

def money_text(kopecks: int) -> str:
    """1250000 → "12 500,00" (groups by a non-breaking space, a decimal comma)."""
    rubles, rest = divmod(abs(int(kopecks)), 100)
    grouped = "{:,}".format(rubles).replace(",", NBSP)
    return "{}{},{:02d}".format("-" if kopecks < 0 else "", grouped, rest)


def quantity_text(milli: int) -> str:
    """A quantity kept in thousandths: 1500 → "1,5", 2000 → "2"."""
    text = str((Decimal(milli) / 1000).normalize())
    if "E" in text:
        text = str(Decimal(milli) / 1000)
    return text.replace(".", ",")


def date_text(day: date) -> str:
    """date(2026, 12, 1) → "01.12.2026"."""
    return day.strftime("%d.%m.%Y")


def long_date_text(day: date) -> str:
    """date(2026, 12, 1) → "1 декабря 2026 г."."""
    return "{} {} {} г.".format(day.day, MONTHS_GENITIVE[day.month - 1], day.year)


def amount_in_words(kopecks: int) -> str:
    """125000 → "Одна тысяча двести пятьдесят рублей 00 копеек" (num2words, Russian; kopecks
    in digits, as documents write them)."""
    words = num2words(Decimal(int(kopecks)).scaleb(-2), lang="ru", to="currency", currency="RUB",
                      cents=False, separator="")
    return words[:1].upper() + words[1:]


def vat_text(vat: int, rate: int = 20) -> str:
    """The VAT line of a document whose prices include it."""
    return "В том числе НДС {} %: {} ₽".format(rate, money_text(vat))


@dataclass(frozen=True)
class Party:
    """One side of a document: its name and requisites (what is unknown stays empty)."""

    name: str
    inn: str = ""
    kpp: str = ""
    ogrn: str = ""
    address: str = ""
    bank_name: str = ""
    bik: str = ""
    settlement_account: str = ""
    correspondent_account: str = ""
    phone: str = ""
    email: str = ""

    def lines(self) -> list[str]:
        """The party as documents print it: "ООО «Ромашка», ИНН 7707083893, КПП 773601001",
        its address, its bank."""
        head = [self.name] + ["{} {}".format(label, value) for label, value in
                              (("ИНН", self.inn), ("КПП", self.kpp), ("ОГРН", self.ogrn)) if value]
        out = [", ".join(head)]
        if self.address:
            out.append(self.address)
        bank = ["{} {}".format(label, value) for label, value in
                (("р/с", self.settlement_account), ("в", self.bank_name), ("БИК", self.bik),
                 ("к/с", self.correspondent_account)) if value]
        if bank:
            out.append(" ".join(bank))
        contacts = ", ".join(x for x in (self.phone, self.email) if x)
        if contacts:
            out.append(contacts)
        return out


def address_text(address: dict | None) -> str:
    """A stored address ({postcode, city, address}) as one line."""
    address = address or {}
    return ", ".join(str(address[k]).strip() for k in ("postcode", "city", "address") if address.get(k))


# --- the font and placed text -----------------------------------------------------------

class TrueType:
    """A TrueType font file (and its bold face, ``<name>-Bold.ttf`` beside it, when present),
    measured through fpdf2: the same metrics the PDF is laid out with."""

    def __init__(self, path: str, bold_path: str | None = None):
        self.path = path
        if bold_path is None:
            stem, ext = os.path.splitext(path)
            bold_path = stem + "-Bold" + ext
        self.bold_path = bold_path if os.path.isfile(bold_path) else None
        self._measure = FPDF(unit="pt", format=A4)
        self.register(self._measure)

    def register(self, pdf: FPDF) -> None:
        pdf.add_font(FAMILY, fname=self.path)
        if self.bold_path:
            pdf.add_font(FAMILY, style="B", fname=self.bold_path)

    def style(self, bold: bool) -> str:
        return "B" if bold and self.bold_path else ""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of ``text`` at ``size`` points, in points."""
        self._measure.set_font(FAMILY, style=self.style(bold), size=size)
        return self._measure.get_string_width(text)


@lru_cache(maxsize=4)
def load_font(path: str = DEFAULT_FONT) -> TrueType:
    return TrueType(path)


@dataclass
class Page:
    """What is placed on one page: text ``(x, y, size, text, bold)`` with y the baseline from
    the top, and lines ``(x1, y1, x2, y2)``."""

    items: list = field(default_factory=list)
    rules: list = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
        self.items.append((x, y, size, text, bold))

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.rules.append((x1, y1, x2, y2))


@dataclass
class Document:
    font: TrueType
    pages: list = field(default_factory=list)

    def page(self) -> Page:
        self.pages.append(Page())
        return self.pages[-1]

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """``text`` in lines no wider than ``width`` (words kept whole where they fit; its own
        line breaks kept)."""
        out = []
        for paragraph in str(text).split("\n"):
            lines, line = [], ""
            for word in paragraph.split():
                candidate = (line + " " + word).strip()
                if line and self.font.width(candidate, size, bold) > width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
            out += lines + [line] if line else lines or [""]
        return out

    def render(self, title: str = "", creator: str = "platform") -> bytes:
        pdf = FPDF(unit="pt", format=A4)
        pdf.set_auto_page_break(False)
        pdf.set_title(title)
        pdf.set_creator(creator)
        self.font.register(pdf)
        pdf.set_line_width(0.5)
        for page in self.pages or [Page()]:
            time.sleep(0)  # a cooperative yield between pages (see ROWS_PER_PAUSE)
            pdf.add_page()
            for x1, y1, x2, y2 in page.rules:
                pdf.line(x1, y1, x2, y2)
            for x, y, size, text, bold in page.items:
                pdf.set_font(FAMILY, style=self.font.style(bold), size=size)
                pdf.text(x, y, text)  # y is the baseline, from the top
        return bytes(pdf.output())


# --- a page that flows from the top down --------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str
    width: float
    #: numbers are right-aligned
    right: bool = False


class Sheet:
    """A document laid out from the top down, a new page when the next block does not fit."""

    def __init__(self, font: TrueType, left: float = 40, right: float = 555, top: float = 56,
                 bottom: float = 800):
        self.doc = Document(font)
        self.font = font
        self.left, self.right, self.top, self.bottom = left, right, top, bottom
        self.page = self.doc.page()
        self.y = top

    @property
    def width(self) -> float:
        return self.right - self.left

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.page, self.y = self.doc.page(), self.top

    def space(self, points: float) -> None:
        self.y += points

    def title(self, text: str, size: float = 14) -> None:
        for line in self.doc.wrap(text, self.width, size, bold=True):
            self.ensure(size * 1.4)
            self.page.text(self.left, self.y, line, size, bold=True)
            self.y += size * 1.4
        self.y += size * 0.4

    def paragraph(self, text: str, size: float = 10, bold: bool = False, indent: float = 0) -> None:
        for line in self.doc.wrap(text, self.width - indent, size, bold):
            self.ensure(size * 1.45)
            self.page.text(self.left + indent, self.y, line, size, bold)
            self.y += size * 1.45

    def right_text(self, text: str, size: float = 10, bold: bool = False) -> None:
        self.ensure(size * 1.5)
        self.page.text(self.right - self.font.width(text, size, bold), self.y, text, size, bold)
        self.y += size * 1.5

    def facts(self, rows: list[tuple[str, str | list[str]]], label_width: float = 95, size: float = 10) -> None:
        """Labelled values ("Поставщик:", its lines), the value wrapped beside its label."""
        for label, value in rows:
            values = value if isinstance(value, list) else [value]
            lines = [line for item in values for line in self.doc.wrap(item, self.width - label_width, size)]
            self.ensure(size * 1.45 * min(len(lines), 3))
            self.page.text(self.left, self.y, label, size, bold=True)
            for line in lines:
                self.ensure(size * 1.45)
                self.page.text(self.left + label_width, self.y, line, size)
                self.y += size * 1.45
            self.y += size * 0.3

    def parties(self, rows: list[tuple[str, Party]], label_width: float = 95, size: float = 10) -> None:
        self.facts([(label, party.lines()) for label, party in rows], label_width, size)

    def table(self, columns: list[Column], rows: list[list[str]], size: float = 9) -> None:
        """A ruled table: its header (again on each new page), each row's cells wrapped in their
        column; a row never splits across pages."""
        pad, leading = 3, size * 1.3
        assert abs(sum(c.width for c in columns) - self.width) < 1, "the columns fill the width"

        def header():
            heights = [self.doc.wrap(c.header, c.width - 2 * pad, size, True) for c in columns]
            height = max(len(h) for h in heights) * leading + 2 * pad
            self._row(columns, heights, size, leading, pad, height, bold=True)

        self.ensure(leading * 3 + 4 * pad)
        header()
        for number, row in enumerate(rows, 1):
            if number % ROWS_PER_PAUSE == 0:
                time.sleep(0)  # under eventlet's monkey patching: a cooperative yield
            cells = [self.doc.wrap(text, c.width - 2 * pad, size) for c, text in zip(columns, row)]
            height = max(len(c) for c in cells) * leading + 2 * pad
            if self.y + height > self.bottom:
                self.page, self.y = self.doc.page(), self.top
                header()
            self._row(columns, cells, size, leading, pad, height)
        self.y += size

    def _row(self, columns, cells, size, leading, pad, height, bold=False) -> None:
        top = self.y - size  # self.y is a baseline; the ruled box starts above it
        x = self.left
        self.page.line(self.left, top, self.right, top)
        self.page.line(self.left, top + height, self.right, top + height)
        for column, lines in zip(columns, cells):
            self.page.line(x, top, x, top + height)
            for i, line in enumerate(lines):
                baseline = top + pad + size + i * leading
                at = x + column.width - pad - self.font.width(line, size, bold) if column.right else x + pad
                self.page.text(at, baseline, line, size, bold)
            x += column.width
        self.page.line(self.right, top, self.right, top + height)
        self.y += height

    def totals(self, rows: list[tuple[str, str]], size: float = 10) -> None:
        """Right-aligned "label: value" lines under a table (the last one bold)."""
        for i, (label, value) in enumerate(rows):
            self.right_text("{} {}".format(label, value), size, bold=i == len(rows) - 1)

    def signatures(self, left: str, right: str, size: float = 10) -> None:
        self.ensure(size * 5)
        self.y += size * 2
        middle = self.left + self.width / 2
        self.page.text(self.left, self.y, left, size)
        self.page.text(middle + 10, self.y, right, size)
        self.y += size * 2.2
        self.page.line(self.left, self.y, middle - 20, self.y)
        self.page.line(middle + 10, self.y, self.right, self.y)
        self.y += size * 1.5

    def render(self, title: str = "", creator: str = "platform") -> bytes:
        return self.doc.render(title, creator)
