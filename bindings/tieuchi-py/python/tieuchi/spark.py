"""A Spark DataFrame evaluated with a rule set or a family, quotas exactly as on one machine.

>>> import tieuchi, tieuchi.spark
>>> rules = tieuchi.load("rules/cong-chuc")
>>> rows = tieuchi.spark.evaluate_many(rules, spark.read.parquet("ho_so/"), on="2026-12-10")

The engine decides everything a row depends on; this module only moves data:

- **Quotas.** A quota ranks the records of one group (an agency and task group), so a group must
  be evaluated whole: records are grouped by the keys the engine names for the rule set (the keys
  every quota of every version shares, :meth:`tieuchi.RuleSet._partition_keys`) and each group
  goes through ``evaluate_many`` at once (``groupBy(...).applyInArrow``; ``applyInPandas`` on a
  Spark without it). Text keys are grouped with their accents stripped in the JVM, so that an
  agency written composed in one record and decomposed in another, one group to the engine, lands
  in one Spark group (a coarser grouping is still exact). Within a group the records are
  evaluated in the DataFrame's order, the ranking's last tie-break. A rule set without a quota
  goes through ``mapInArrow``, batch by batch, with no shuffle.
- **Rows.** The columns of ``evaluate_many(..., output="stream")`` (the engine's one row shape,
  :meth:`tieuchi.RuleSet._row_schema`) in Spark's types: scores ``decimal(38,28)``, dictionary
  strings as strings, ``row`` as a ``long``, findings and errors as arrays of structs. ``row`` is
  the record's position in the DataFrame's order, as on one machine, so the input must give the
  same records in the same order when read again (a file, a table, a cached DataFrame): a first
  job counts the records of each input partition.
- **Versions.** A family rates each record by the version in force on its own ``on`` (else the
  ``on`` given), in the engine, as ``evaluate_many`` does.
- **Rule files** travel to the executors as their text (a :class:`tieuchi.RuleSet` pickles so),
  compiled once per executor process: no shared file system. Executors need the ``tieuchi``
  wheel and pyarrow installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from . import _convert
from ._ruleset import RuleSet

POSITION = "__tieuchi_position__"
"""The column that carries each record's position through the shuffle (refused in the input)."""

# monotonically_increasing_id(): the partition index in the upper 31 bits, the record's place in
# its partition in the lower 33.
_PLACE_BITS = 33

# Where the Spark in use has no grouped applyInArrow (before 4.0), groups go through pandas.
_GROUPED_ARROW = True


def evaluate_many(rules: RuleSet, df: Any, on: Any = None) -> Any:
    """Evaluates every record of the Spark DataFrame ``df`` (columns: input ids, and optionally
    ``id`` and ``on``) with ``rules``; returns a Spark DataFrame of one row per record, the columns
    of :meth:`RuleSet.evaluate_many`'s Arrow rows, quotas decided over all the records as on one
    machine. ``on`` is the evaluation date of records that give none.

    Lazy like any DataFrame, except for one job that counts the records of each input partition
    (for ``row``). Raises :class:`TypeError` for ``rules`` that is not a rule set or ``df`` that is
    not a Spark DataFrame, :class:`ValueError` for a column named ``__tieuchi_position__``,
    :class:`tieuchi.ArgumentError` for a date that is not one.
    """
    if not isinstance(rules, RuleSet):
        raise TypeError(
            f"tieuchi.spark.evaluate_many takes a rule set (tieuchi.load or tieuchi.compile) first, "
            f"not {type(rules).__name__}"
        )
    try:
        from pyspark.sql import DataFrame
        from pyspark.sql import functions as F
    except ImportError as e:  # pragma: no cover - the module is for Spark users
        raise ImportError("tieuchi.spark needs pyspark (pip install pyspark)") from e
    if not isinstance(df, DataFrame):
        raise TypeError(f"tieuchi.spark.evaluate_many takes a pyspark.sql.DataFrame, not {type(df).__name__}")
    if POSITION in df.columns:
        raise ValueError(f"the column `{POSITION}` is tieuchi.spark's own: rename it")
    on_text = _convert.on_text(on)
    # A bad date is the engine's ArgumentError here, on the driver, not in every task.
    rules.evaluate_many([], on=on_text, output="records")
    columns = list(df.columns)
    spark_schema, target = _schemas(rules._row_schema())

    indexed = df.withColumn(POSITION, F.monotonically_increasing_id())
    counted = indexed.groupBy(F.shiftright(F.col(POSITION), _PLACE_BITS).alias("p")).count().collect()
    sizes = {int(r["p"]): int(r["count"]) for r in counted}
    offsets: dict[int, int] = {}
    total = 0
    for p in sorted(sizes):
        offsets[p] = total
        total += sizes[p]

    evaluate = _Evaluate(rules, on_text, columns, offsets, target)

    # Plain functions: Spark tells a group's function from a (key, group) one by its arguments,
    # and counts a bound method's `self`.
    def table(records: Any) -> Any:
        return evaluate.table(records)

    def batches(records: Iterable[Any]) -> Iterator[Any]:
        return evaluate.batches(records)

    def frame(records: Any) -> Any:
        return evaluate.frame(records)

    keys = rules._partition_keys()
    if keys is None:
        return indexed.mapInArrow(batches, spark_schema)
    string_columns = {f.name for f in df.schema.fields if f.dataType.typeName() == "string"}
    by = [
        # stripAccents decomposes (NFD) before it strips, so canonically equal texts agree.
        F.expr(f"reflect('org.apache.commons.lang3.StringUtils', 'stripAccents', `{k}`)").alias(f"__tieuchi_key_{i}")
        if k in string_columns
        else F.col(f"`{k}`").alias(f"__tieuchi_key_{i}")
        for i, k in enumerate(keys)
        if k in columns
    ]
    # A key no column gives is absent from every record: the same in all of them.
    grouped = indexed.groupBy(*(by or [F.lit(0).alias("__tieuchi_key")]))
    if _GROUPED_ARROW and hasattr(grouped, "applyInArrow"):
        return grouped.applyInArrow(table, spark_schema)
    return grouped.applyInPandas(frame, spark_schema)


def _spark_arrow_schema(schema: Any) -> Any:
    """The engine's row schema as Spark can hold it: dictionary strings as strings, the unsigned
    ``row`` as a signed 64-bit integer; every other type (``decimal128(38, 28)``, ``date32``,
    lists of structs of strings) as it is."""
    import pyarrow as pa

    fields = []
    for field in schema:
        ty = field.type
        if pa.types.is_dictionary(ty):
            ty = ty.value_type
        elif pa.types.is_uint64(ty):
            ty = pa.int64()
        fields.append(pa.field(field.name, ty, field.nullable, field.metadata))
    return pa.schema(fields, metadata=schema.metadata)


def _schemas(schema: Any) -> tuple[Any, Any]:
    """The Spark schema of the rows, and the Arrow schema Spark expects of them (its own names
    and nullability of list items)."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    spark_schema = from_arrow_schema(_spark_arrow_schema(schema))
    return spark_schema, to_arrow_schema(spark_schema)


class _Evaluate:
    """What runs on the executors: pickled with the rule files' text, the date, the input's
    columns, where each input partition's rows start, and the schema of the rows."""

    def __init__(self, rules: RuleSet, on: str | None, columns: list[str], offsets: dict[int, int], schema: Any):
        self.rules = rules
        self.on = on
        self.columns = columns
        self.offsets = offsets
        self.schema = schema

    def table(self, records: Any) -> Any:
        """One group's records (a ``pyarrow.Table``) to its rows, evaluated together in the
        DataFrame's order."""
        import pyarrow.compute as pc

        records = records.take(pc.sort_indices(records.column(POSITION)))
        return self._rows(records)

    def batches(self, batches: Iterable[Any]) -> Iterator[Any]:
        """Record batches to rows, each batch on its own (no population rule joins them)."""
        import pyarrow as pa

        for batch in batches:
            if batch.num_rows:
                yield from self._rows(pa.Table.from_batches([batch])).to_batches()

    def frame(self, records: Any) -> Any:
        """The same as :meth:`table` through pandas, for a Spark without ``applyInArrow``."""
        import pyarrow as pa

        return self.table(pa.Table.from_pandas(records, preserve_index=False)).to_pandas()

    def _rows(self, records: Any) -> Any:
        import numpy as np
        import pyarrow as pa

        positions = records.column(POSITION).to_numpy()
        data = records.select(self.columns)
        rows = self.rules.evaluate_many(data, on=self.on, output="stream").read_all()
        # The engine numbers the rows of this part; the DataFrame's numbers are its positions.
        place = positions[rows.column("row").to_numpy().astype(np.int64)]
        partition = place >> _PLACE_BITS
        first, which = np.unique(partition, return_inverse=True)
        starts = np.array([self.offsets[int(p)] for p in first], dtype=np.int64)[which]
        numbers = starts + (place & ((1 << _PLACE_BITS) - 1))
        rows = rows.set_column(0, pa.field("row", pa.int64(), False), pa.array(numbers, pa.int64()))
        return rows.cast(self.schema)
