"""A small PDF writer for the completed-works act (S5): text lines and table rows in one
TrueType font, embedded whole, so Cyrillic prints and copies out on any reader.

The font is a Type0 font with Identity-H encoding over a CIDFontType2 (glyph ids straight
from the TrueType ``cmap``), with the font program as ``FontFile2`` and a ``ToUnicode`` map, so
text extraction gives the Russian text back. The font file is the ``ACT_FONT_PATH`` setting:
DejaVu Sans of Debian's ``fonts-dejavu-core`` by default (a free font with Cyrillic).
Nothing here knows about tickets: :mod:`services.support.handlers.acts` lays out the act.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

A4 = (595.28, 841.89)


class TrueType:
    """What the writer needs of a TrueType font: glyph ids, advance widths, metrics."""

    def __init__(self, data: bytes):
        self.data = data
        count = struct.unpack(">H", data[4:6])[0]
        self.tables = {}
        for i in range(count):
            tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
            self.tables[tag.decode("latin-1")] = (offset, length)
        head = self.tables["head"][0]
        self.units = struct.unpack(">H", data[head + 18:head + 20])[0]
        self.bbox = struct.unpack(">hhhh", data[head + 36:head + 44])
        hhea = self.tables["hhea"][0]
        self.ascent, self.descent = struct.unpack(">hh", data[hhea + 4:hhea + 8])
        metrics = struct.unpack(">H", data[hhea + 34:hhea + 36])[0]
        hmtx = self.tables["hmtx"][0]
        self.advances = [struct.unpack(">H", data[hmtx + 4 * i:hmtx + 4 * i + 2])[0] for i in range(metrics)]
        self.cmap = self._unicode_cmap()

    def _unicode_cmap(self) -> dict[int, int]:
        """Code point → glyph id from the Windows Unicode BMP subtable (format 4)."""
        data, base = self.data, self.tables["cmap"][0]
        count = struct.unpack(">H", data[base + 2:base + 4])[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack(">HHI", data[base + 4 + 8 * i:base + 12 + 8 * i])
            table = base + offset
            if (platform, encoding) == (3, 1) and struct.unpack(">H", data[table:table + 2])[0] == 4:
                break
        else:
            raise ValueError("the font has no Unicode (3, 1, format 4) cmap")
        segments = struct.unpack(">H", data[table + 6:table + 8])[0] // 2
        ends_at = table + 14
        starts_at = ends_at + 2 * segments + 2
        deltas_at = starts_at + 2 * segments
        ranges_at = deltas_at + 2 * segments
        mapping = {}
        for s in range(segments):
            end, start = (struct.unpack(">H", data[at + 2 * s:at + 2 * s + 2])[0] for at in (ends_at, starts_at))
            delta = struct.unpack(">h", data[deltas_at + 2 * s:deltas_at + 2 * s + 2])[0]
            range_offset = struct.unpack(">H", data[ranges_at + 2 * s:ranges_at + 2 * s + 2])[0]
            for code in range(start, min(end, 0xFFFE) + 1):
                if range_offset == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    at = ranges_at + 2 * s + range_offset + 2 * (code - start)
                    glyph = struct.unpack(">H", data[at:at + 2])[0]
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                if glyph:
                    mapping[code] = glyph
        return mapping

    def glyph(self, char: str) -> int:
        return self.cmap.get(ord(char), 0)

    def advance(self, glyph: int) -> int:
        return self.advances[min(glyph, len(self.advances) - 1)]

    def width(self, text: str, size: float) -> float:
        return sum(self.advance(self.glyph(c)) for c in text) * size / self.units


@lru_cache(maxsize=4)
def load_font(path: str) -> TrueType:
    with open(path, "rb") as handle:
        return TrueType(handle.read())


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
        return _write(self, title)


def _hex(font: TrueType, text: str) -> str:
    return "".join("{:04X}".format(font.glyph(c)) for c in text)


def _write(document: Document, title: str) -> bytes:
    font = document.font
    used: dict[int, str] = {}
    streams = []
    for page in document.pages:
        ops = []
        for x, y, size, text in page.items:
            for char in text:
                used.setdefault(font.glyph(char), char)
            ops.append("BT /F1 {:.2f} Tf {:.2f} {:.2f} Td <{}> Tj ET".format(size, x, A4[1] - y, _hex(font, text)))
        streams.append("\n".join(ops).encode("ascii"))

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        packed = zlib.compress(data)
        return "<< /Length {} /Filter /FlateDecode{} >>\nstream\n".format(len(packed), extra).encode() + packed + \
            b"\nendstream"

    scale = 1000 / font.units
    glyphs = sorted(used)
    widths = " ".join("{} [{}]".format(g, round(font.advance(g) * scale)) for g in glyphs)
    font_file = add(stream(font.data, " /Length1 {}".format(len(font.data))))
    descriptor = add("<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [{}] /ItalicAngle 0 "
                     "/Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {} 0 R >>".format(
                         " ".join(str(round(v * scale)) for v in font.bbox), round(font.ascent * scale),
                         round(font.descent * scale), round(font.ascent * scale), font_file).encode())
    cid_font = add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry "
                   "(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {} 0 R /CIDToGIDMap /Identity "
                   "/DW 600 /W [{}] >>".format(descriptor, widths).encode())
    cmap_lines = "\n".join("<{:04X}> <{}>".format(g, "".join("{:04X}".format(u) for u in
                                                            struct.unpack(">" + "H" * (len(used[g].encode("utf-16-be")) // 2),
                                                                          used[g].encode("utf-16-be"))))
                           for g in glyphs)
    to_unicode = add(stream((
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
        "/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n{} beginbfchar\n{}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end").format(len(glyphs), cmap_lines).encode()))
    type0 = add("<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts "
                "[{} 0 R] /ToUnicode {} 0 R >>".format(cid_font, to_unicode).encode())
    pages_id = len(objects) + 2 * len(streams) + 1
    page_ids = []
    for content in streams:
        content_id = add(stream(content))
        page_ids.append(add("<< /Type /Page /Parent {} 0 R /MediaBox [0 0 {} {}] /Contents {} 0 R /Resources "
                            "<< /Font << /F1 {} 0 R >> >> >>".format(pages_id, A4[0], A4[1], content_id,
                                                                     type0).encode()))
    assert add("<< /Type /Pages /Kids [{}] /Count {} >>".format(
        " ".join("{} 0 R".format(i) for i in page_ids), len(page_ids)).encode()) == pages_id
    catalog = add("<< /Type /Catalog /Pages {} 0 R >>".format(pages_id).encode())
    info = add("<< /Title <FEFF{}> /Producer (service-platform support) >>".format(
        title.encode("utf-16-be").hex().upper()).encode())

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += "{} 0 obj\n".format(number).encode() + body + b"\nendobj\n"
    xref = len(out)
    out += "xref\n0 {}\n0000000000 65535 f \n".format(len(objects) + 1).encode()
    out += b"".join("{:010d} 00000 n \n".format(o).encode() for o in offsets)
    out += "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{}\n%%EOF\n".format(
        len(objects) + 1, catalog, info, xref).encode()
    return bytes(out)
