"""Columns in and out of ``evaluate_many``: pandas DataFrames and pyarrow Tables to the native
column format, and the native result columns to a DataFrame or a Table.

Numeric, boolean and date columns cross as raw buffers (no Python object per cell); other
columns cross as lists of Python objects, converted by the native module like any evidence value.
A missing cell (``NaN``, ``None``, ``pandas.NA``, ``NaT``, an Arrow null) is an absent field.

A native column is ``(name, kind, data, extra)``:

============  =====================================  ==========================================
kind          data                                   extra
============  =====================================  ==========================================
``f64``       float64 buffer (NaN: absent)           mask buffer (uint8, 1: absent) or ``None``
``f32``       float32 buffer                         mask or ``None``
``i64``       int64 buffer                           mask or ``None``
``u64``       uint64 buffer                          mask or ``None``
``bool``      uint8 buffer                           mask or ``None``
``days``      int64 days since 1970-01-01            mask or ``None``
``obj``       list of Python values                  ``None``
``utf8``      UTF-8 bytes of every value             ``(int64 offsets, one more than rows; mask)``
``cat``       int64 codes (negative: absent)         list of the categories (Python values)
============  =====================================  ==========================================
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

Column = tuple[str, str, Any, Any]

_NS_PER_DAY = 86_400 * 1_000_000_000


def kind_of(records: Any) -> str:
    """``pandas``, ``arrow`` or ``records``; :class:`TypeError` for anything else."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(records, pd.DataFrame):
        return "pandas"
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(records, (pa.Table, pa.RecordBatch)):
        return "arrow"
    if isinstance(records, (Mapping, str, bytes)) or not isinstance(records, Iterable):
        raise TypeError(
            "evaluate_many takes a list of dicts, a pandas.DataFrame or a pyarrow.Table, not "
            f"{type(records).__name__}; for one record use evaluate()"
        )
    return "records"


def _names(columns: Iterable[Any]) -> list[str]:
    names = [str(c) for c in columns]
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise ValueError(f"the column `{n}` appears twice")
        seen.add(n)
    return names


def _mask(isna: Any, np: Any) -> bytes | None:
    mask = np.asarray(isna, dtype=bool)
    return mask.astype(np.uint8).tobytes() if mask.any() else None


def _datetime_column(name: str, values: Any, np: Any) -> Column | None:
    """datetime64 values as days, if every one is a whole day; else ``None``."""
    ns = values.astype("datetime64[ns]").view(np.int64)
    nat = np.isnat(values)
    if ((ns[~nat] % _NS_PER_DAY) != 0).any():
        return None
    days = np.where(nat, 0, ns // _NS_PER_DAY).astype(np.int64)
    return (name, "days", days.tobytes(), _mask(nat, np))


def _pandas_column(name: str, s: Any, np: Any, pd: Any) -> Column:
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = np.asarray(s.cat.codes, dtype=np.int64)
        return (name, "cat", codes.tobytes(), list(s.cat.categories))
    if isinstance(dtype, np.dtype):
        values = s.to_numpy()
        kind = dtype.kind
        if kind == "b":
            return (name, "bool", values.astype(np.uint8).tobytes(), None)
        if kind == "i":
            return (name, "i64", values.astype(np.int64).tobytes(), None)
        if kind == "u":
            return (name, "u64", values.astype(np.uint64).tobytes(), None)
        if kind == "f" and dtype.itemsize <= 4:
            return (name, "f32", values.astype(np.float32).tobytes(), None)
        if kind == "f" and dtype.itemsize == 8:
            return (name, "f64", values.tobytes(), None)
        if kind == "M":
            column = _datetime_column(name, values, np)
            if column is not None:
                return column
        return (name, "obj", s.tolist(), None)
    # Extension dtypes: pandas' nullable integers, floats and booleans carry a mask.
    kind = getattr(getattr(dtype, "numpy_dtype", None), "kind", None)
    isna = s.isna().to_numpy()
    if kind in ("b", "i", "u", "f") and not isinstance(dtype, pd.ArrowDtype):
        if kind == "b":
            return (name, "bool", s.to_numpy(dtype=np.uint8, na_value=0).tobytes(), _mask(isna, np))
        if kind == "i":
            return (name, "i64", s.to_numpy(dtype=np.int64, na_value=0).tobytes(), _mask(isna, np))
        if kind == "u":
            return (name, "u64", s.to_numpy(dtype=np.uint64, na_value=0).tobytes(), _mask(isna, np))
        if dtype.numpy_dtype.itemsize <= 4:
            return (name, "f32", s.to_numpy(dtype=np.float32, na_value=np.nan).tobytes(), _mask(isna, np))
        return (name, "f64", s.to_numpy(dtype=np.float64, na_value=np.nan).tobytes(), _mask(isna, np))
    if isinstance(dtype, pd.DatetimeTZDtype):
        return (name, "obj", s.tolist(), None)
    return (name, "obj", s.tolist(), None)


def pandas_columns(df: Any) -> tuple[int, list[Column]]:
    import numpy as np
    import pandas as pd

    names = _names(df.columns)
    return len(df), [_pandas_column(n, df.iloc[:, i], np, pd) for i, n in enumerate(names)]


def _arrow_column(name: str, col: Any, np: Any, pa: Any, pc: Any) -> Column:
    t = col.type
    types = pa.types
    isna = col.is_null().to_numpy(zero_copy_only=False) if col.null_count else None
    mask = _mask(isna, np) if isna is not None else None
    if types.is_boolean(t):
        values = col.fill_null(False).to_numpy(zero_copy_only=False).astype(np.uint8)
        return (name, "bool", values.tobytes(), mask)
    if types.is_signed_integer(t):
        values = col.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
        return (name, "i64", values.tobytes(), mask)
    if types.is_unsigned_integer(t):
        values = col.cast(pa.uint64()).fill_null(0).to_numpy(zero_copy_only=False)
        return (name, "u64", values.tobytes(), mask)
    if types.is_floating(t):
        if t.bit_width <= 32:
            values = col.cast(pa.float32()).fill_null(0).to_numpy(zero_copy_only=False)
            return (name, "f32", values.tobytes(), mask)
        values = col.fill_null(0).to_numpy(zero_copy_only=False)
        return (name, "f64", values.tobytes(), mask)
    if types.is_date(t):
        days = col.cast(pa.date32()).cast(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
        return (name, "days", days.astype(np.int64).tobytes(), mask)
    if types.is_timestamp(t) and t.tz is None:
        values = col.to_numpy(zero_copy_only=False)
        column = _datetime_column(name, values, np)
        if column is not None:
            return column
    if types.is_string(t) or types.is_large_string(t):
        array = col.combine_chunks() if hasattr(col, "combine_chunks") else col
        array = array.cast(pa.large_string())
        _, offsets, data = array.buffers()
        n = len(array)
        if offsets is None:
            return (name, "obj", array.to_pylist(), None)
        ends = np.frombuffer(offsets, dtype=np.int64)[array.offset : array.offset + n + 1]
        raw = data.to_pybytes() if data is not None and n else b""
        return (name, "utf8", raw, (np.ascontiguousarray(ends).tobytes(), mask))
    if types.is_decimal(t):
        return (name, "obj", col.to_pylist(), None)
    if types.is_dictionary(t):
        array = col.combine_chunks() if hasattr(col, "combine_chunks") else col
        if hasattr(array, "unify_dictionaries"):
            array = array.unify_dictionaries()
        codes = array.indices.cast(pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False)
        return (name, "cat", codes.tobytes(), array.dictionary.to_pylist())
    return (name, "obj", col.to_pylist(), None)


def arrow_columns(table: Any) -> tuple[int, list[Column]]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    names = _names(table.column_names)
    return table.num_rows, [_arrow_column(n, table.column(i), np, pa, pc) for i, n in enumerate(names)]


def _object_array(values: list[Any], np: Any) -> Any:
    # fromiter stores the objects as they are; np.array() would probe each for array-likeness
    # (a hundred times slower for Decimals).
    return np.fromiter(values, dtype=object, count=len(values))


def to_pandas(result: dict[str, Any], index: Any) -> Any:
    import numpy as np
    import pandas as pd

    data: dict[str, Any] = {}
    for name, kind, values, _extra in result["columns"]:
        if kind == "float":
            data[name] = np.frombuffer(values, dtype=np.float64)
        else:
            data[name] = _object_array(values, np)
    return pd.DataFrame(data, index=index, copy=False)


def to_arrow(result: dict[str, Any]) -> Any:
    import numpy as np
    import pyarrow as pa

    arrays = []
    names = []
    texts = {"subject", "status", "outcome", "outcome_label", "decided_by", "findings", "error"}
    for name, kind, values, extra in result["columns"]:
        if kind == "float":
            array = pa.array(np.frombuffer(values, dtype=np.float64), from_pandas=True)
        elif kind == "decimal_text":
            precision, scale = extra
            array = pa.array(values, type=pa.string())
            if precision <= 38:
                array = array.cast(pa.decimal128(precision, scale))
            elif precision <= 76:
                array = array.cast(pa.decimal256(precision, scale))
        elif name in texts or all(v is None or isinstance(v, str) for v in values[:1000]):
            array = pa.array(values, type=pa.string())
        else:
            array = pa.array(values)
        names.append(name)
        arrays.append(array)
    return pa.Table.from_arrays(arrays, names=names)


def to_records(result: dict[str, Any]) -> list[dict[str, Any]]:
    columns = []
    for name, kind, values, _extra in result["columns"]:
        if kind == "float":
            import array

            floats = array.array("d")
            floats.frombytes(values)
            values = [None if x != x else x for x in floats]
        columns.append((name, values))
    n = len(columns[0][1]) if columns else 0
    return [{name: values[i] for name, values in columns} for i in range(n)]
