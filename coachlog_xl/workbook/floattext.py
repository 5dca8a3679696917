"""Floats as the text a cell's value is written as: ``repr``, made a column at a time.

``repr`` of a float costs about half a microsecond for the 17 digits a computed mean has, and a computed
sheet of a million score rows holds a few hundred thousand of them.  pyarrow's cast of a column of
floats to text writes the same shortest digits that read back as the same float (both are the shortest
such text, and of two the nearer: no float in the range below lies halfway between two), a few times
faster, but not in the same form everywhere: a whole number without its ``.0``, an exponent from 1e10
up (``repr``: from 1e16) and none down to 1e-6 (``repr``: below 1e-4).  So it is used between a
thousandth and a billion, whole numbers get their ``.0``, and every other value (a blank, zero, a tiny
or huge value, NaN) is written by ``repr``.  Where pyarrow is not installed (Pyodide) every value is.
"""

from __future__ import annotations

try:  # (imported by pandas already where it is installed)
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pragma: no cover - exercised where pyarrow is missing
    pa = None

_LOW, _HIGH = 1e-3, 1e9  # where pyarrow's text is repr's, but for a whole number's ".0"
_LEAST = 64  # values: fewer are written by repr (pyarrow's calls cost tens of microseconds)


def float_reprs(values: list) -> list[str]:
    """``repr`` of each of ``values``, floats or None (a blank: "None")."""
    if pa is None or len(values) < _LEAST:
        return list(map(repr, values))
    array = pa.array(values, type=pa.float64())
    out = pc.cast(array, pa.string()).to_pylist()
    x = array.to_numpy(zero_copy_only=False)  # a blank as NaN
    with np.errstate(invalid="ignore"):  # (a NaN compared, quietly)
        magnitude = np.abs(x)
        plain = (magnitude >= _LOW) & (magnitude < _HIGH)
    for i in np.flatnonzero(~plain).tolist():
        out[i] = repr(values[i])
    kept = np.flatnonzero(plain)
    for i in kept[x[kept] == np.floor(x[kept])].tolist():
        out[i] += ".0"
    return out
