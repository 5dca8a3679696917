"""Text in XML: ``escape``, ``unescape`` and ``quoteattr`` as :mod:`xml.sax.saxutils` has them, the
same strings out for the same strings in.

:mod:`xml.sax.saxutils` imports :mod:`urllib.request`, and with it ``http.client``, ``ssl`` and
``email`` (20 ms of a refresh's start, before it reads anything), for functions of a few lines that a
refresh calls on part names, relationship targets and cell text; and OOXML's own escape of cell text
(``_x0001_``: :func:`xstring`, :func:`xstring_read`).
"""

from __future__ import annotations

import re

# OOXML's escape of a character in cell text (ECMA-376 22.9.2.19, ST_Xstring): ``_x`` and four hex digits and ``_``
_XSTRING = re.compile(r"_x([0-9A-Fa-f]{4})_")
# the characters XML cannot hold, which a cell's text holds written so (as Excel writes them)
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
UNWRITABLE = re.compile(_CONTROL)
# an underscore a reader would take for the start of such an escape, the escapes of the characters above counted
_ESCAPE_LIKE = re.compile(rf"_(?=x[0-9A-Fa-f]{{4}}(?:_|{_CONTROL}))")


def _replaced(data: str, entities: dict[str, str]) -> str:
    for key, value in entities.items():
        data = data.replace(key, value)
    return data


def escape(data: str, entities: dict[str, str] | None = None) -> str:
    """``&``, ``<`` and ``>`` written as entities, then each key of ``entities`` as its value."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return _replaced(data, entities) if entities else data


def unescape(data: str, entities: dict[str, str] | None = None) -> str:
    """``&lt;`` and ``&gt;`` read back, then each key of ``entities`` as its value, ``&amp;`` last."""
    data = data.replace("&lt;", "<").replace("&gt;", ">")
    if entities:
        data = _replaced(data, entities)
    return data.replace("&amp;", "&")


def xstring(text: str) -> str:
    """Cell text as a cell's XML holds it before ``&``, ``<`` and ``>`` are escaped (ST_Xstring): a character
    XML cannot hold as ``_x0001_``, and the ``_`` of a ``_x0041_`` typed as text as ``_x005F_``, so that
    Excel, LibreOffice and the readers show the text as it was (``_x0041_``, not ``A``)."""
    if "_x" in text:
        text = _ESCAPE_LIKE.sub("_x005F_", text)
    if UNWRITABLE.search(text):
        text = UNWRITABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def xstring_read(text: str) -> str:
    """Cell text as Excel shows it from a cell's XML (entities already read): each ``_xHHHH_`` the character
    it stands for, from the left, as python-calamine reads it (a surrogate's and U+FFFE's and U+FFFF's left as
    written: no character)."""
    if "_x" not in text:
        return text
    return _XSTRING.sub(lambda m: m.group() if 0xD800 <= (c := int(m.group(1), 16)) <= 0xDFFF or c >= 0xFFFE
                        else chr(c), text)


def quoteattr(data: str, entities: dict[str, str] | None = None) -> str:
    """An attribute's value escaped (line breaks and tabs as character references, which a parser
    would otherwise read as spaces) and quoted: in double quotes, or single ones when the value holds
    a double quote and no single one, else in double quotes with each double quote as ``&quot;``."""
    data = escape(data, {**(entities or {}), "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"' + data.replace('"', "&quot;") + '"'
