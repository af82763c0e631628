"""Data in and out of ``evaluate_many``: what the native module can read, and its rows (a pyarrow
table of the core's row shape) as the output the caller asked for.

In: any producer of the Arrow PyCapsule interface (``__arrow_c_stream__`` / ``__arrow_c_array__``:
pyarrow tables, record batches and readers, Polars data frames, DuckDB results) goes to the engine
as it is, column buffers shared, a stream read a batch at a time. A pandas DataFrame goes through
``pyarrow.Table.from_pandas`` (its index is kept for the output, not read as evidence); a frame
pyarrow cannot type (a column of mixed Python values) goes as its records. A large frame goes to
``evaluate_many`` as a stream of slices (:class:`FrameStream`), converted while the engine
evaluates the slices before them. A list (or any other iterable) of dicts goes as records, each
converted like the evidence of ``evaluate``.

Out: ``arrow`` (the table), ``pandas`` (``ArrowDtype`` columns: exact ``decimal128`` scores, string
outcomes, findings and errors as lists of dicts), ``polars`` or ``records`` (a list of dicts).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from ._convert import text as _text

# Rows of a DataFrame converted to Arrow at a time when it goes as a stream (:class:`FrameStream`).
SLICE_ROWS = 131072


def prepare(data: Any, lang: str = "vi", *, stream: bool = False) -> tuple[str, Any, Any]:
    """``(kind, what the native module reads, the pandas index to keep or None)``; kind is
    ``pandas``, ``polars``, ``arrow`` or ``records``. Anything else is a :class:`TypeError`, worded
    in ``lang``. With ``stream``, a DataFrame of more than :data:`SLICE_ROWS` rows is a
    :class:`FrameStream`, which the caller reads once (see :meth:`FrameStream.whole`)."""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(data, pd.DataFrame):
        _check_names(data, lang)
        if stream and len(data) > SLICE_ROWS:
            streamed = FrameStream.of(data)
            if streamed is not None:
                return "pandas", streamed, data.index
        return "pandas", _pandas_to_arrow(data, pd, lang), data.index
    pl = sys.modules.get("polars")
    if pl is not None and isinstance(data, pl.DataFrame):
        return "polars", data, None
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        return "arrow", data, None
    if pl is not None and isinstance(data, pl.LazyFrame):
        raise TypeError(_text("PyLazyFrame", lang))
    if isinstance(data, (Mapping, str, bytes)) or not isinstance(data, Iterable):
        raise TypeError(_text("PyNotTable", lang, type=type(data).__name__))
    return "records", data if isinstance(data, list) else list(data), None


def _check_names(frame: Any, lang: str) -> None:
    seen: set[str] = set()
    for n in (str(c) for c in frame.columns):
        if n in seen:
            raise ValueError(_text("PyColumnTwice", lang, name=n))
        seen.add(n)


def _pandas_to_arrow(frame: Any, pd: Any, lang: str) -> Any:
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency of the DataFrame path
        return _records(frame, pd)
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        # A column pyarrow cannot type (mixed Python values, integers beyond 64 bits): each
        # record is converted as evaluate() converts one.
        return _records(frame, pd)


class FrameStream:
    """A large DataFrame as an Arrow stream (``__arrow_c_stream__``) of record batches of
    :data:`SLICE_ROWS` rows, each converted by ``pyarrow.RecordBatch.from_pandas`` as the engine
    reads it: converting a frame's text columns holds the GIL on one core, and slice by slice it
    overlaps the engine's work on the others. The columns are typed by the first slice (a
    column with no value there by the whole column), as ``Table.from_pandas`` types them from
    the whole frame. A later slice those types cannot hold (an object column of integers that
    turns to text) ends the stream with an error and sets :attr:`failed`: the caller then
    evaluates :meth:`whole` instead, the frame as a whole-frame conversion types it."""

    def __init__(self, frame: Any, schema: Any) -> None:
        self._frame = frame
        self._schema = schema
        self.failed: BaseException | None = None

    @classmethod
    def of(cls, frame: Any) -> FrameStream | None:
        """The stream of ``frame``; ``None`` when pyarrow cannot type its first slice."""
        try:
            import pyarrow as pa
        except ImportError:  # pragma: no cover - pyarrow is a dependency of the DataFrame path
            return None
        try:
            schema = pa.Schema.from_pandas(frame.iloc[:SLICE_ROWS], preserve_index=False)
            for i, field in enumerate(schema):
                if pa.types.is_null(field.type):
                    typed = pa.array(frame.iloc[:, i], from_pandas=True).type
                    schema = schema.set(i, field.with_type(typed))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
            return None
        return cls(frame, schema)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        import pyarrow as pa

        reader = pa.RecordBatchReader.from_batches(self._schema, self._batches())
        return reader.__arrow_c_stream__(requested_schema)

    def _batches(self) -> Any:
        import pyarrow as pa

        frame, schema = self._frame, self._schema
        for start in range(0, len(frame), SLICE_ROWS):
            piece = frame.iloc[start : start + SLICE_ROWS]
            try:
                yield pa.RecordBatch.from_pandas(piece, schema=schema, preserve_index=False)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError) as e:
                self.failed = e
                raise

    def whole(self, lang: str = "vi") -> Any:
        """The frame converted whole, as a frame too small to stream is."""
        import pandas as pd

        return _pandas_to_arrow(self._frame, pd, lang)


def stream_failed(data: Any) -> bool:
    """Whether ``data`` is a :class:`FrameStream` whose conversion failed partway."""
    return isinstance(data, FrameStream) and data.failed is not None


def _records(frame: Any, pd: Any) -> list[dict[str, Any]]:
    records = []
    for record in frame.to_dict("records"):
        records.append({str(k): v for k, v in record.items() if not _missing(v, pd)})
    return records


def _missing(v: Any, pd: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def with_decimals(table: Any, decimals: str) -> Any:
    """Scores and decimal values as ``Decimal`` (as they are), exact text, or the nearest float."""
    if decimals == "decimal":
        return table
    import pyarrow as pa

    target = pa.string() if decimals == "str" else pa.float64()
    for i, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):
            column = table.column(i)
            if decimals == "str":
                # Decimal text without the zeros a fixed scale pads with: 89.99, not 89.990000.
                values = [None if v is None else _plain(v) for v in column.to_pylist()]
                column = pa.array(values, type=target)
            else:
                column = column.cast(target)
            table = table.set_column(i, pa.field(field.name, target, field.nullable), column)
    return table


# A decimal128 holds 38 digits; the default context's 28 would round them while normalising.
_EXACT = __import__("decimal").Context(prec=38)


def _plain(d: Any) -> str:
    return format(d.normalize(_EXACT), "f")


def needs_plain_strings(output: str) -> bool:
    """Whether the rows for ``output`` want the dictionary columns (status, outcome, …) as plain
    strings, which the native module then makes: pandas' ``ArrowDtype`` of a dictionary has no
    ``.str``, and a list of records has no use for one."""
    return output in ("pandas", "records")


def render(table: Any, output: str, index: Any) -> Any:
    if output == "arrow":
        return table
    if output == "records":
        return table.to_pylist()
    if output == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd

    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    if index is not None:
        frame.index = index
    return frame
