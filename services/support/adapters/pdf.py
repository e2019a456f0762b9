"""The completed-works act's PDF (S5), written with fpdf2: text placed on A4 pages in one
TrueType font, embedded (subset) with its Unicode map, so Cyrillic prints and copies out
on any reader. The font file is the ``ACT_FONT_PATH`` setting: DejaVu Sans of Debian's
``fonts-dejavu-core`` by default (a free font with Cyrillic). Nothing here knows about
tickets: :mod:`services.support.handlers.acts` lays out the act in points, y from the top.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from fpdf import FPDF

A4 = (595.28, 841.89)
FAMILY = "act"


class TrueType:
    """A TrueType font file, measured through fpdf2 (the same metrics the PDF is laid out with)."""

    def __init__(self, path: str):
        self.path = path
        self._measure = FPDF(unit="pt", format=A4)
        self._measure.add_font(FAMILY, fname=path)

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` at ``size`` points, in points."""
        self._measure.set_font(FAMILY, size=size)
        return self._measure.get_string_width(text)


@lru_cache(maxsize=4)
def load_font(path: str) -> TrueType:
    return TrueType(path)


@dataclass
class Page:
    """Text placed on one page: ``(x, y, size, text)`` with y from the top."""

    items: list = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float = 10) -> None:
        self.items.append((x, y, size, text))


@dataclass
class Document:
    font: TrueType
    pages: list = field(default_factory=list)

    def page(self) -> Page:
        self.pages.append(Page())
        return self.pages[-1]

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """``text`` in lines no wider than ``width`` (words kept whole where they fit)."""
        lines, line = [], ""
        for word in text.split():
            candidate = (line + " " + word).strip()
            if line and self.font.width(candidate, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        return lines + [line] if line else lines or [""]

    def render(self, title: str = "") -> bytes:
        pdf = FPDF(unit="pt", format=A4)
        pdf.set_auto_page_break(False)
        pdf.set_title(title)
        pdf.set_creator("platform support")
        pdf.add_font(FAMILY, fname=self.font.path)
        for page in self.pages or [Page()]:
            pdf.add_page()
            for x, y, size, text in page.items:
                pdf.set_font(FAMILY, size=size)
                pdf.text(x, y, text)  # y is the baseline, from the top
        return bytes(pdf.output())
