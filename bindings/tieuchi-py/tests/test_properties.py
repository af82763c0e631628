"""Properties, with hypothesis: random valid evidence never raises and always yields a declared
outcome; floats mean their shortest decimal text; a batch agrees with single evaluations; and no
Python value, however odd, does more than raise a tieuchi error."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tieuchi
from conftest import ND335, ROOT

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _bundled() -> list[tieuchi.RuleSet]:
    """The newest version of every family of the bundled rules, and NĐ 335."""
    library = tieuchi.load(ROOT / "rules", ruleset="cong_chuc_nd335")
    out = []
    for family in library._library.families():
        out.append(tieuchi.RuleSet(library._library, pinned=family[-1]))
    return out


BUNDLED = _bundled()


def decimal_in(low: Decimal, high: Decimal, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False)


def number_values(field: tieuchi.Field) -> st.SearchStrategy[Any]:
    low = field.min if field.min is not None else Decimal(-1000)
    high = field.max if field.max is not None else Decimal(1000)
    if field.type == "integer":
        ints = st.integers(min_value=int(math.ceil(low)), max_value=int(math.floor(high)))
        return st.one_of(ints, ints.map(str), ints.map(Decimal))
    exact = decimal_in(low, high)
    if field.type == "percent":
        return st.one_of(exact, exact.map(lambda d: f"{(d * 100).normalize():f}%"))
    # A float so small that its text has more than 28 decimal places is not a number the engine
    # holds (evidence::bad-number): valid evidence stays above it.
    floats = st.floats(min_value=float(low), max_value=float(high), allow_nan=False).filter(
        lambda x: (x == 0 or abs(x) >= 1e-12) and low <= Decimal(repr(x)) <= high
    )
    return st.one_of(exact, exact.map(str), floats)


def values_of(field: tieuchi.Field) -> st.SearchStrategy[Any]:
    base: st.SearchStrategy[Any]
    if field.type == "bool":
        base = st.booleans()
    elif field.type in ("integer", "number", "percent"):
        base = number_values(field)
    elif field.type == "date":
        base = st.one_of(st.dates(), st.dates().map(str))
    elif field.type == "enum":
        base = st.sampled_from([v for v, _ in field.values])
    elif field.type in ("list", "history"):
        member = st.fixed_dictionaries({f.id: values_of(f) for f in field.fields if f.required},
                                       optional={f.id: values_of(f) for f in field.fields if not f.required})
        if field.type == "list":
            base = st.lists(member, max_size=6)
        else:
            years = st.lists(st.integers(2000, 2030), unique=True, max_size=6)
            base = years.flatmap(
                lambda ys: st.tuples(*[member for _ in ys]).map(
                    lambda ms, ys=ys: [{**m, "year": y} for m, y in zip(ms, ys)]
                )
            )
    else:
        base = st.text(alphabet=st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ ABC123"), max_size=12)
    if field.optional:
        return st.one_of(st.none(), base)
    return base


def evidence(rules: tieuchi.RuleSet, complete: bool) -> st.SearchStrategy[dict[str, Any]]:
    fields = {f.id: values_of(f) for f in rules.inputs}
    if complete:
        required = {f.id: values_of(f) for f in rules.inputs if f.required or f.role == "key"}
        optional = {k: v for k, v in fields.items() if k not in required}
        return st.fixed_dictionaries(required, optional=optional)
    return st.fixed_dictionaries({}, optional=fields)


@pytest.mark.parametrize("rules", BUNDLED, ids=[r.id for r in BUNDLED])
@SETTINGS
@given(data=st.data())
def test_valid_evidence_always_gives_a_declared_outcome(rules: tieuchi.RuleSet, data: st.DataObject) -> None:
    record = data.draw(evidence(rules, complete=data.draw(st.booleans())))
    on = data.draw(st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31))))
    result = rules.evaluate(record, on=on)
    assert result.status in ("rated", "not rated", "not determinable")
    if result.status == "rated":
        assert result.outcome is not None and result.outcome.id in rules.inputs.tiers
    if result.status == "not determinable":
        assert result.missing_fields


@SETTINGS
@given(data=st.data())
def test_complete_nd335_evidence_is_always_rated(data: st.DataObject) -> None:
    rules = tieuchi.load(ROOT / ND335)
    record = data.draw(evidence(rules, complete=True))
    if record.get("la_lanh_dao") is True:
        record.setdefault("don_vi_tham_nhung", False)
    result = rules.evaluate(record)
    assert result.status == "rated"
    assert result.tier in ("htxs", "htt", "htnv", "kht")
    total = result.scores["tong"].value
    assert total == Decimal(str(result.scores["tieu_chi_chung"].value)) + Decimal(
        str(result.scores["ket_qua_nhiem_vu"].value)
    )


@SETTINGS
@given(x=st.floats(min_value=0, max_value=30, allow_nan=False).filter(lambda x: x == 0 or x >= 1e-12))
def test_a_float_means_its_shortest_decimal_text(x: float) -> None:
    rules = BUNDLED[0] if BUNDLED[0].id == "cong_chuc_nd335" else tieuchi.load(ROOT / ND335)
    record = {"tieu_chi_chung": x, "ket_qua_nhiem_vu": 0, "suy_thoai": False, "don_vi_tham_nhung": False}
    result = rules.evaluate(record, trace=False)
    assert result.scores["tieu_chi_chung"].value == Decimal(repr(x))
    assert result == rules.evaluate({**record, "tieu_chi_chung": Decimal(repr(x))}, trace=False)


@pytest.mark.parametrize("rules", BUNDLED, ids=[r.id for r in BUNDLED])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_batch_agrees_with_single_evaluations(rules: tieuchi.RuleSet, data: st.DataObject) -> None:
    records = data.draw(st.lists(evidence(rules, complete=True), max_size=8))
    rows = rules.evaluate_many(records, on="2026-06-30", output="records", decimals="str")
    assert len(rows) == len(records)
    for record, row in zip(records, rows, strict=True):
        single = rules.evaluate(record, on="2026-06-30", trace=False)
        assert row["status"] == single.status
        if row["decided_by"] != "quota":
            assert row["outcome"] == single.tier
        for score, value in single.to_dict()["scores"].items():
            assert row.get(score, row.get(f"score_{score}")) == value["value"]


odd_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.text(),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(),
    st.just(object()),
    st.just({1, 2}),
    st.just(complex(1, 2)),
    st.just(float("inf")),
    st.just(Decimal("sNaN")),
)
odd_values = st.recursive(
    odd_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=20), st.integers(), st.none()), inner, max_size=4),
    ),
    max_leaves=20,
)


@pytest.mark.parametrize("rules", BUNDLED[:4], ids=[r.id for r in BUNDLED[:4]])
@SETTINGS
@given(
    record=st.one_of(
        odd_values,
        st.dictionaries(st.text(max_size=30), odd_values, max_size=8),
    ),
    keys=st.data(),
)
def test_no_python_value_does_more_than_raise(rules: tieuchi.RuleSet, record: Any, keys: st.DataObject) -> None:
    if isinstance(record, dict):
        # Use the rule set's own field names too, so that the values reach its decoder.
        names = keys.draw(st.lists(st.sampled_from(rules.inputs.names), max_size=4))
        for name, value in zip(names, keys.draw(st.lists(odd_values, min_size=len(names), max_size=len(names)))):
            record[name] = value
    try:
        rules.evaluate(record)
    except (tieuchi.EvidenceError, tieuchi.EvaluationError) as e:
        assert str(e)
    try:
        rules.evaluate_many([record, record], output="records")
    except tieuchi.TieuchiError as e:  # pragma: no cover - a batch reports rows, it does not raise
        pytest.fail(f"evaluate_many raised {e!r}")
