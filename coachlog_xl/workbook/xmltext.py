"""Text in XML: ``escape``, ``unescape`` and ``quoteattr`` as :mod:`xml.sax.saxutils` has them, the
same strings out for the same strings in.

:mod:`xml.sax.saxutils` imports :mod:`urllib.request`, and with it ``http.client``, ``ssl`` and
``email`` (20 ms of a refresh's start, before it reads anything), for functions of a few lines that a
refresh calls on part names, relationship targets and cell text.
"""

from __future__ import annotations


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
