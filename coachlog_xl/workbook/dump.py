"""A structured, JSON-able description of a workbook: what the template tests compare.

Sheet order, defined names, and per sheet: the header row with its fills and notes, tables, data
validations, conditional formats, freeze panes, filter, column widths, fills and number formats, the
number formats of row 2, protection, print titles and every non-empty cell.  Timestamps (the file's
created and modified properties) are left out, so two builds of the same code dump equal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook


def dump_workbook(path: Path) -> dict:
    """Describe the workbook at ``path`` as plain dicts, lists, strings and numbers."""
    wb = load_workbook(path)
    return {
        "sheet_order": list(wb.sheetnames),
        "creator": wb.properties.creator,
        "defined_names": {name: dn.attr_text for name, dn in sorted(wb.defined_names.items())},
        "sheets": {ws.title: _sheet(ws) for ws in wb.worksheets},
    }


def _sheet(ws) -> dict:
    header = list(ws[1]) if ws.max_row >= 1 else []
    dims = sorted(ws.column_dimensions.items())
    return {
        "header": [_plain(c.value) for c in header],
        "header_fills": [_colour(c.fill) for c in header],
        "header_notes": {c.coordinate: c.comment.text for c in header if c.comment},
        "tables": sorted(
            [
                {
                    "name": t.displayName,
                    "ref": t.ref,
                    "style": t.tableStyleInfo.name if t.tableStyleInfo else None,
                    "columns": [tc.name for tc in t.tableColumns],
                }
                for t in ws.tables.values()
            ],
            key=lambda t: t["name"],
        ),
        "validations": sorted(
            [
                {
                    "sqref": str(dv.sqref),
                    "type": dv.type,
                    "formula1": dv.formula1,
                    "error_style": dv.errorStyle,
                    "allow_blank": bool(dv.allow_blank),
                    "show_error": bool(dv.showErrorMessage),
                }
                for dv in ws.data_validations.dataValidation
            ],
            key=lambda v: (v["sqref"], v["formula1"] or ""),
        ),
        "conditional_formats": [
            {
                "range": str(rng.sqref),
                "type": rule.type,
                "operator": rule.operator,
                "formulas": list(rule.formula or ()),
                "font": _colour_of(rule.dxf.font.color) if rule.dxf and rule.dxf.font else None,
                "fill": _colour(rule.dxf.fill) if rule.dxf and rule.dxf.fill else None,
            }
            for rng in ws.conditional_formatting
            for rule in sorted(rng.rules, key=lambda r: r.priority)
        ],
        "freeze_panes": ws.freeze_panes,
        "auto_filter": ws.auto_filter.ref,
        "column_widths": {k: d.width for k, d in dims if d.customWidth},
        "column_formats": {k: d.number_format for k, d in dims if d.number_format != "General"},
        "column_fills": {k: _colour(d.fill) for k, d in dims if d.fill and d.fill.fill_type},
        "row2_formats": {c.coordinate: c.number_format for c in ws[2]} if ws.max_row >= 2 else {},
        "protected": bool(ws.protection.sheet),
        "print_titles": ws.print_titles,
        "cells": {
            c.coordinate: [_plain(c.value), c.data_type]
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        },
    }


def _colour(fill) -> str | None:
    """A solid fill's colour, or None for no fill."""
    if fill is None or not fill.fill_type:
        return None
    return _colour_of(fill.fgColor) or _colour_of(fill.bgColor)


def _colour_of(color) -> str | None:
    if color is None:
        return None
    if color.type == "rgb":
        return color.rgb
    return f"{color.type}:{color.value}"


def _plain(value):
    """A cell value JSON can hold; dates and times as ISO text."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value
