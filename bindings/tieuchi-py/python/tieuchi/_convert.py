"""Python values the native converter does not know by type, turned into ones it does.

The native module converts ``None``, ``bool``, ``int``, ``float``, ``str``, ``decimal.Decimal``,
``datetime.date``/``datetime.datetime``, ``dict``, ``list`` and ``tuple`` itself. Anything else is
passed to :func:`coerce`, which returns a plain value, :data:`MISSING` for pandas' and numpy's
markers of a missing value, or raises :class:`TypeError` (an ``evidence::wrong-type`` error naming
the field). numpy and pandas are never imported here: a value of theirs exists only if the caller
imported them.
"""

from __future__ import annotations

import datetime
import decimal
import numbers
import sys
from collections.abc import Mapping
from typing import Any, Final

from ._tieuchi import message as _message


def text(id: str, lang: str, **args: str | int) -> str:
    """A sentence of the engine's catalogue (``id``, with ``args``) in ``lang``: how the package's
    own problems (a keyword given a value it has no use for) are worded, as the engine's are."""
    return _message(id, lang, args)


class _Missing:
    """The marker of an absent value (a pandas ``NA``/``NaT``, a numpy ``NaT``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def _date_of(value: datetime.datetime) -> datetime.date | str:
    """A datetime at midnight (no time zone) is that day; any other keeps its time, and a date
    field refuses it as ``evidence::bad-date``."""
    if value.tzinfo is None and value.time() == datetime.time(0, 0):
        return datetime.date(value.year, value.month, value.day)
    return value.isoformat()


def _numpy(value: Any, np: Any) -> Any:
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        if np.isnan(value):
            return MISSING
        if np.isinf(value):
            return float(value)  # refused as a bad number, naming the field
        # The shortest text that round-trips at the value's own precision: float32(0.1) is 0.1.
        return decimal.Decimal(np.format_float_positional(value, unique=True, trim="0"))
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return MISSING
        day = value.astype("datetime64[D]")
        text = str(day)
        if day == value:
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                return text
        return str(value)
    if isinstance(value, np.str_):
        return str(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(type(value).__name__)


def coerce(value: Any) -> Any:
    """A plain value for ``value``, :data:`MISSING`, or :class:`TypeError`."""
    pd = sys.modules.get("pandas")
    if pd is not None:
        if value is pd.NA or value is pd.NaT:
            return MISSING
        if isinstance(value, pd.Series):
            return value.to_dict()
        if isinstance(value, pd.api.extensions.ExtensionArray) or isinstance(value, pd.Index):
            return list(value)
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, (np.generic, np.ndarray)):
        return _numpy(value, np)
    if isinstance(value, datetime.datetime):
        return _date_of(value)
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    if isinstance(value, (str, bytes, bytearray)):
        if isinstance(value, str):
            return str(value)
        raise TypeError(type(value).__name__)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        raise TypeError(type(value).__name__)
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(value, pa.Scalar):
        return value.as_py()
    if hasattr(value, "__iter__") and hasattr(value, "__len__"):
        return list(value)
    raise TypeError(type(value).__name__)


def on_text(on: Any, lang: str = "vi") -> str | None:
    """The evaluation date given as ``on=``: a ``datetime.date``, a datetime at midnight, a numpy
    ``datetime64`` or text ``YYYY-MM-DD``."""
    if on is None:
        return None
    if isinstance(on, str):
        return on
    try:
        plain = on if isinstance(on, datetime.date) else coerce(on)
    except TypeError:
        plain = None
    if isinstance(plain, datetime.datetime):
        plain = _date_of(plain)
    if isinstance(plain, datetime.date):
        return plain.isoformat()
    if isinstance(plain, str) and not isinstance(on, (int, float)):
        raise ValueError(text("PyOnTimeOfDay", lang, given=repr(on)))
    raise TypeError(text("PyOnNotDate", lang, type=type(on).__name__))
