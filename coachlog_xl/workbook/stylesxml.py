"""Cell styles for the surgical write, picked from the ones styles.xml already holds.

A cell's style is an index into ``cellXfs``.  The writer asks for "this style, but with that number
format" (a date in a text column, the one-decimal format of a mean); :class:`Styles` answers with an
existing index whenever styles.xml has one, so the part stays byte for byte as it was.  Only a
combination the workbook has never had is appended, and then styles.xml is rewritten with that one
``<xf>`` (and its ``<numFmt>``) added.  :meth:`Styles.adopt` takes a style of another workbook's
styles.xml (the template's, for a computed sheet that comes back) the same way: its font, fill and
border, and a conditional format's look (``<dxf>``), are found among the workbook's or added after them.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# The built-in number formats the writer may need (ECMA-376 18.8.30).
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10, "mm-dd-yy": 14}
# The kinds of the other built-in ids (ECMA-376 18.8.30; 27-36 and 50-58 are East Asian dates)
_BUILTIN_DATES = frozenset({*range(14, 18), 22, *range(27, 37), *range(50, 59)})
_BUILTIN_TIMES = frozenset({*range(18, 22), 45, 46, 47})
_BUILTIN_PERCENTS = frozenset({9, 10})
_BUILTIN_NUMBERS = frozenset({*range(1, 9), *range(11, 14), *range(37, 45), 48})
_TEXT_FORMAT = 49
# the codes of the built-in formats a person gives most (ECMA-376 18.8.30), as a message shows them
_BUILTIN_SHOWN = {**{i: code for code, i in BUILTIN_FORMATS.items()}, 3: "#,##0", 4: "#,##0.00", 11: "0.00E+00",
                  _TEXT_FORMAT: "@"}
# what a format code shows literally: quoted text, an escaped character, a colour, condition or locale
_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.I)
_DATE_CODE = re.compile(r"[dmyhs]", re.I)

_XF_FIELDS = ("numFmtId", "fontId", "fillId", "borderId", "xfId")
# styles.xml's children in the schema's order (ECMA-376 18.8.39): a missing one goes before the next
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
          "colors", "extLst")


class Styles:
    """The ``cellXfs`` of a workbook, searchable by their parts."""

    def __init__(self, xml: bytes):
        self.xml = xml = _with_defaults(xml)
        root = ElementTree.fromstring(xml)
        self._formats = {same_format(code): i for code, i in BUILTIN_FORMATS.items()}
        self._code_of = {i: code for code, i in self._formats.items()}
        numfmts = root.find(f"{MAIN}numFmts")
        self._root, self._raw_codes = root, {}
        for fmt in numfmts if numfmts is not None else ():
            self._formats.setdefault(same_format(fmt.get("formatCode", "")), int(fmt.get("numFmtId")))
            self._code_of[int(fmt.get("numFmtId"))] = same_format(fmt.get("formatCode", ""))
            self._raw_codes[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        self.xfs: list[tuple] = []
        cell_xfs = root.find(f"{MAIN}cellXfs")
        for xf in cell_xfs if cell_xfs is not None else ():
            self.xfs.append(self._key(xf))
        # a styles.xml without cellXfs (which the schema allows): every cell has the default style, written
        # out as the first of the part's new cellXfs when a style is added
        self._default_only = not self.xfs
        if self._default_only:
            self.xfs.append(("0", "0", "0", "0", "0", ((), ())))
        self._index = {}
        for i, key in enumerate(self.xfs):
            self._index.setdefault(key, i)
        self._added: list[tuple] = []
        self._new_formats: dict[str, int] = {}
        self._pieces: dict[str, list] = {}  # "fonts", "fills", "borders", "dxfs": each one's _canonical form
        self._new_pieces: dict[str, list[ElementTree.Element]] = {}

    @staticmethod
    def _key(xf) -> tuple:
        fields = tuple(xf.get(f, "0") for f in _XF_FIELDS)
        align = xf.find(f"{MAIN}alignment")
        prot = xf.find(f"{MAIN}protection")
        extra = (tuple(sorted(align.attrib.items())) if align is not None else (),
                 tuple(sorted(prot.attrib.items())) if prot is not None else ())
        return (*fields, extra)

    def cell_styles(self) -> list[tuple]:
        """Each cell style in order, as the readers see it: its number format's id and code (None for a
        built-in one), font, fill, border, cell style, alignment and protection."""
        return [(xf[0], self._raw_codes.get(int(xf[0])), *xf[1:]) for xf in self.xfs]

    @property
    def changed(self) -> bool:
        return bool(self._added) or any(self._new_pieces.values())

    def look(self, index: int) -> tuple:
        """How style ``index`` looks but for its number format: its font, fill, border, cell style,
        alignment and protection (an index the workbook lacks: its first style's)."""
        return self.xfs[_clamp(index, self.xfs)][1:]

    def wraps(self, index: int) -> bool:
        """Whether style ``index`` wraps its text."""
        align = dict(self.xfs[_clamp(index, self.xfs)][-1][0])
        return align.get("wrapText") in ("1", "true")

    def fill_of(self, index: int) -> str:
        return self.xfs[_clamp(index, self.xfs)][2]

    def number_kind(self, index: int) -> str:
        """What style ``index``'s number format shows a positive number as: "general" (also a format the
        workbook does not define, or only literal text), "date", "time" (a time of day or a duration:
        no day, month or year), "percent" (the number times 100), "text" (@), "number", or "hidden"
        (no digits: ;;; or a word)."""
        fmt = int(self.xfs[_clamp(index, self.xfs)][0])
        return _kind(fmt, self._raw_codes.get(fmt, ""))

    def format_of(self, index: int) -> str:
        """Style ``index``'s number format as compared (see :func:`same_format`): its code, or ``#`` and its id for a
        built-in format without one here."""
        fmt = int(self.xfs[_clamp(index, self.xfs)][0])
        return self._code_of.get(fmt, f"#{fmt}")

    def code_shown(self, index: int) -> str:
        """Style ``index``'s number format as Excel's Format Cells shows its code: as written, or a built-in
        format's (``0%``, ``@``); ``format N`` for a built-in one not listed here."""
        fmt = int(self.xfs[_clamp(index, self.xfs)][0])
        return self._raw_codes.get(fmt) or _BUILTIN_SHOWN.get(fmt, f"format {fmt}")

    def shows_as(self, index: int, code: str) -> bool:
        """Whether style ``index``'s number format shows a value as format ``code`` does: the same kind (see
        :meth:`number_kind`), and for a date, with a time of day where ``code`` has one and without where not;
        for a number or a percent, every value with its digits (see :func:`_every_number_shown`)."""
        fmt = int(self.xfs[_clamp(index, self.xfs)][0])
        return format_shows_as(self._raw_codes.get(fmt, ""), code, fmt)

    def with_format(self, index: int, code: str | None, fill: str | None = None) -> int:
        """The index of style ``index`` with number format ``code`` (None: keep) and fill ``fill``."""
        base = self.xfs[_clamp(index, self.xfs)]
        same = code is None or self._code_of.get(int(base[0])) == same_format(code)
        fmt = base[0] if same else str(self._format_id(code))
        key = (fmt, base[1], base[2] if fill is None else fill, *base[3:])
        if key == base:
            return _clamp(index, self.xfs)
        return self._find(key)

    def plain(self, code: str, centred: bool, wrap: bool = False) -> int:
        """A style with only a number format (and centred or wrapped text): for a column the sheet lacks yet."""
        align = (("horizontal", "center"),) if centred else (("wrapText", "1"),) if wrap else ()
        return self._find((str(self._format_id(code)), "0", "0", "0", "0", (align, ())))

    def adopt(self, other: Styles, index: int) -> int:
        """The index here of style ``index`` of ``other`` (another workbook's styles): its number format,
        font, fill and border each found among these or added.  The first font, fill and border stand for
        the workbook's own first ones (its default font, no fill, no border), as in :meth:`plain`."""
        fmt, font, fill, border, _, extra = other.xfs[_clamp(index, other.xfs)]
        code = other._raw_codes.get(int(fmt), other._code_of.get(int(fmt)))
        return self._find((fmt if code is None else str(self._format_id(code)), self._piece(other, "fonts", font),
                           self._piece(other, "fills", fill), self._piece(other, "borders", border), "0", extra))

    def adopt_dxf(self, other: Styles, index: int) -> int:
        """The index here of ``other``'s conditional-format look ``index`` (a ``<dxf>``), found or added."""
        return int(self._piece(other, "dxfs", str(index), first=False))

    def _piece(self, other: Styles, tag: str, index: str, first: bool = True) -> str:
        if first and index == "0":
            return "0"
        found = other._children(tag)
        element = found[int(index)] if int(index) < len(found) else None
        if element is None:
            return "0"
        keys = self._keys(tag)
        key = _canonical(element)
        if key not in keys:
            keys.append(key)
            self._new_pieces.setdefault(tag, []).append(element)
        return str(keys.index(key))

    def _children(self, tag: str) -> list:
        container = self._root.find(f"{MAIN}{tag}")
        return list(container) if container is not None else []

    def _keys(self, tag: str) -> list:
        if tag not in self._pieces:
            self._pieces[tag] = [_canonical(e) for e in self._children(tag)]
        return self._pieces[tag]

    def _format_id(self, code: str) -> int:
        if same_format(code) in self._formats:
            return self._formats[same_format(code)]
        new = max([163, *self._formats.values(), *self._code_of]) + 1
        self._formats[same_format(code)] = self._new_formats[code] = new
        self._code_of[new] = same_format(code)
        return new

    def _find(self, key: tuple) -> int:
        if key not in self._index:  # a style the workbook has under another id of the same code ("0" as 1 or 168)
            code = self._code_of.get(int(key[0]))
            found = [self._index[k] for k in ((str(f), *key[1:]) for f, c in self._code_of.items() if c == code)
                     if k in self._index]
            if found:
                return min(found)
            self._index[key] = len(self.xfs)
            self.xfs.append(key)
            self._added.append(key)
        return self._index[key]

    def updated_xml(self) -> bytes:
        """styles.xml with the added number formats and styles (call only when :attr:`changed`)."""
        text = self.xml.decode("utf-8")
        prefix = re.search(r"<(\w+:)?styleSheet\b", text).group(1) or ""
        if self._new_formats:
            fmts = "".join(f'<{prefix}numFmt numFmtId="{i}" formatCode="{_attr(c)}"/>'
                           for c, i in self._new_formats.items())
            if re.search(rf"<{prefix}numFmts\b", text):
                text = re.sub(rf"</{prefix}numFmts>", lambda _m: fmts + f"</{prefix}numFmts>", text, count=1)
                text = _recount(text, f"{prefix}numFmts", len(self._new_formats))
            else:
                text = re.sub(rf"(<{prefix}styleSheet\b[^>]*>)", lambda m: f"{m.group(1)}<{prefix}numFmts "
                              f'count="{len(self._new_formats)}">{fmts}</{prefix}numFmts>', text, count=1)
        for tag, elements in self._new_pieces.items():
            text = _appended(text, prefix, tag, "".join(_element_xml(prefix, e) for e in elements), len(elements))
        if self._added:
            keys = [self.xfs[0], *self._added] if self._default_only else self._added
            text = _appended(text, prefix, "cellXfs", "".join(_xf_xml(prefix, key) for key in keys), len(keys))
        return text.encode("utf-8")


def _with_defaults(xml: bytes) -> bytes:
    """styles.xml as read, or, where it lacks them (a part written as ``<styleSheet/>``, or one made for a
    package without styles), with the default font, the two fills every part reserves, the default
    border and cell style record added: what a style's index 0 names, so that a style added names
    pieces that are there (Excel repairs a workbook whose style names a font the part lacks); a part
    holding no cell style at all gets the Normal cell style over that record too, as Excel's parts name
    it (openpyxl warns on loading one without)."""
    text = xml.decode("utf-8")
    prefix = re.search(r"<(\w+:)?styleSheet\b", text).group(1) or ""
    pieces = _DEFAULT_PIECES if re.search(rf"<{prefix}cellXfs\b", text) else (*_DEFAULT_PIECES, _NORMAL)
    missing = [(tag, inner, n) for tag, child, inner, n in pieces
               if not re.search(rf"<{prefix}{tag}\b[^>]*>\s*<{prefix}{child}\b", text)]
    if not missing:
        return xml
    text = re.sub(rf"<({prefix}styleSheet\b[^>]*?)\s*/>", lambda m: f"<{m.group(1)}></{prefix}styleSheet>", text,
                  count=1)
    for tag, inner, n in missing:
        text = _appended(text, prefix, tag, inner.format(p=prefix), n)
    return text.encode("utf-8")


# (container, its child, the default children, how many) in styles.xml (ECMA-376 18.8.21, 18.8.45, 18.8.8)
_DEFAULT_PIECES = (
    ("fonts", "font", '<{p}font><{p}sz val="11"/><{p}name val="Calibri"/><{p}family val="2"/></{p}font>', 1),
    ("fills", "fill", '<{p}fill><{p}patternFill patternType="none"/></{p}fill><{p}fill><{p}patternFill '
                      'patternType="gray125"/></{p}fill>', 2),
    ("borders", "border", "<{p}border><{p}left/><{p}right/><{p}top/><{p}bottom/><{p}diagonal/></{p}border>", 1),
    ("cellStyleXfs", "xf", '<{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>', 1),
)
_NORMAL = ("cellStyles", "cellStyle", '<{p}cellStyle name="Normal" xfId="0" builtinId="0"/>', 1)


def _canonical(element) -> tuple:
    """An element as compared: its name, attributes and children, in any order and with any prefix."""
    return (element.tag.split("}")[-1], tuple(sorted(element.attrib.items())), (element.text or "").strip(),
            tuple(sorted(_canonical(child) for child in element)))


def _element_xml(prefix: str, element) -> str:
    """An element of styles.xml written with the workbook's prefix."""
    name = prefix + element.tag.split("}")[-1]
    attrs = "".join(f' {k}="{_attr(v)}"' for k, v in element.attrib.items())
    inner = _attr(element.text or "").replace(">", "&gt;") + "".join(_element_xml(prefix, c) for c in element)
    return f"<{name}{attrs}>{inner}</{name}>" if inner else f"<{name}{attrs}/>"


def _appended(text: str, prefix: str, tag: str, xml: str, added: int) -> str:
    """``xml`` (``added`` elements) put last in the ``tag`` element, which is made where it is missing."""
    if re.search(rf"</{prefix}{tag}>", text):
        text = re.sub(rf"</{prefix}{tag}>", lambda _m: xml + f"</{prefix}{tag}>", text, count=1)
        return _recount(text, f"{prefix}{tag}", added)
    empty = re.search(rf"<{prefix}{tag}\b[^>]*?/>", text)
    if empty:
        return text[:empty.start()] + f'<{prefix}{tag} count="{added}">{xml}</{prefix}{tag}>' + text[empty.end():]
    after = _ORDER[_ORDER.index(tag) + 1:]
    at = re.search(rf"<{prefix}(?:{'|'.join(after)})\b|</{prefix}styleSheet>", text)
    return text[:at.start()] + f'<{prefix}{tag} count="{added}">{xml}</{prefix}{tag}>' + text[at.start():]


def _kind(fmt: int, raw: str) -> str:
    """The kind of number format id ``fmt`` whose code is ``raw`` (see :meth:`Styles.number_kind`)."""
    for kind, ids in (("date", _BUILTIN_DATES), ("time", _BUILTIN_TIMES), ("percent", _BUILTIN_PERCENTS),
                      ("number", _BUILTIN_NUMBERS)):
        if fmt in ids:
            return kind
    code = _LITERAL.sub("", raw).strip()
    if fmt == _TEXT_FORMAT:
        return "text"
    if not code:
        return "general"
    first = code.split(";")[0].strip()  # the section a positive number is shown with
    if "@" in first:
        return "text"
    if first.lower() == "general":
        return "general"
    if _DATE_CODE.search(first):
        return "date" if re.search(r"[dy]", first, re.I) or not re.search(r"[hs]", first, re.I) else "time"
    if "%" in first:
        return "percent"
    return "number" if re.search(r"[0#?]", first) else "hidden"


def format_shows_as(raw: str, code: str, fmt: int = -1) -> bool:
    """Whether the number format ``raw`` (its code; or, with ``raw`` blank, the built-in format id ``fmt``)
    shows a value as format ``code`` does, the rule of :meth:`Styles.shows_as`: a file refresh asks it of a
    column's style, the Refresh button in Excel of the format code Excel gives for a column's cells."""
    other = BUILTIN_FORMATS.get(code, -1)
    kind = _kind(fmt, raw)
    return (kind == _kind(other, code) and _timed(fmt, raw) == _timed(other, code)
            and (kind not in ("number", "percent") or _every_number_shown(raw)))


def _every_number_shown(raw: str) -> bool:
    """Whether number format code ``raw`` (a number or percent format: see :func:`_kind`) shows every number with its
    digits at their value: its sections for a negative number and for zero too (``0.0;;`` shows none, ``0.0;"down"``
    a word, as does ``[<=1]0.0;"high"`` for the numbers over 1), and no comma after the digits, which shows the
    number in thousands (``0.0,``: 2.5 as 0.0).  A built-in format (no code) does."""
    sections = _LITERAL.sub("", raw).split(";")[:3]
    return all(re.search(r"[0#?]", s) and not re.search(r"[0#?.],+(?![,0#?])", s) for s in sections) if raw else True


def _timed(fmt: int, raw: str) -> bool:
    """Whether number format id ``fmt`` (code ``raw``) shows a time of day (or a duration)."""
    if fmt == 22 or fmt in _BUILTIN_TIMES:
        return True
    return re.search(r"[hs]", _LITERAL.sub("", raw).split(";")[0], re.I) is not None


def same_format(code: str) -> str:
    """A format code as compared (and as :meth:`Styles.format_of` gives one): LibreOffice writes yyyy-mm-dd as
    yyyy\\-mm\\-dd, and case does not matter."""
    return re.sub(r"\\(.)", r"\1", code).lower()


def _clamp(index: int, xfs: list) -> int:
    return index if 0 <= index < len(xfs) else 0


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _recount(text: str, tag: str, added: int) -> str:
    def bump(m):
        return f'{m.group(1)}count="{int(m.group(2)) + added}"'
    return re.sub(rf'(<{tag}\b[^>]*?)count="(\d+)"', bump, text, count=1)


def _xf_xml(prefix: str, key: tuple) -> str:
    fmt, font, fill, border, xf_id, (align, prot) = key
    attrs = f'numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="{xf_id}"'
    applies = "".join(f' apply{name}="1"' for name, on in (
        ("NumberFormat", fmt != "0"), ("Font", font != "0"), ("Fill", fill != "0"), ("Alignment", bool(align)),
        ("Protection", bool(prot))) if on)
    inner = ""
    if align:
        inner += f"<{prefix}alignment " + " ".join(f'{k}="{v}"' for k, v in align) + "/>"
    if prot:
        inner += f"<{prefix}protection " + " ".join(f'{k}="{v}"' for k, v in prot) + "/>"
    return f"<{prefix}xf {attrs}{applies}/>" if not inner else f"<{prefix}xf {attrs}{applies}>{inner}</{prefix}xf>"
