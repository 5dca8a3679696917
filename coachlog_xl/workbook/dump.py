"""A structured, JSON-able description of a workbook: what a template test compares.

Sheets in order, header rows, tables, data validations, conditional formats, defined names, freeze
panes, column widths and styles, protection, and the Settings values; no timestamps.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def dump_workbook(path: Path) -> dict:
    wb = load_workbook(path)
    out = {
        "sheets": wb.sheetnames,
        "names": {n: d.attr_text for n, d in sorted(wb.defined_names.items())},
    }
    for ws in wb.worksheets:
        out[ws.title] = {
            "header": [c.value for c in ws[1]],
            "tables": sorted((t.displayName, t.ref) for t in ws.tables.values()),
            "validations": sorted((str(dv.sqref), dv.formula1, dv.errorStyle) for dv in ws.data_validations.dataValidation),
            "conditional": sorted(
                (str(rng.sqref), r.type, tuple(r.formula or ()), r.operator or "")
                for rng in ws.conditional_formatting for r in rng.rules
            ),
            "freeze": ws.freeze_panes,
            "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.width},
            "column_formats": {k: d.number_format for k, d in sorted(ws.column_dimensions.items())
                               if d.number_format != "General"},
            "protected": bool(ws.protection.sheet),
            "cells": [[c.value for c in row] for row in ws.iter_rows(max_row=min(ws.max_row, 200))],
        }
    return out
