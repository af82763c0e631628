"""Rule sets: compiled from text or loaded from files and folders, inspected, evaluated."""

from __future__ import annotations

import datetime
import decimal
import html
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from . import _convert, _frames
from ._convert import text as _text
from ._errors import Diagnostic
from ._result import Result
from ._schema import Schema
from ._tieuchi import Library

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

RULE_EXTENSION = ".tieuchi"

DateLike = Any
"""A ``datetime.date``, a datetime at midnight, a numpy ``datetime64`` or ``"YYYY-MM-DD"``."""

Lang = Literal["vi", "en"]
"""The language of messages: ``"vi"`` (the default) or ``"en"``; codes are the same in both."""


@dataclass(frozen=True)
class TestReport:
    """One ``test`` block of a rule file: ``passed``, or what was expected and what came."""

    __test__ = False  # not a pytest class

    name: str
    origin: str
    passed: bool
    mismatches: tuple[dict[str, str], ...] = ()


def _read(path: str) -> str:
    # newline="": the text exactly as on disk, so that spans match the command line's.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _rule_files(path: str | os.PathLike[str], lang: Lang = "vi") -> list[tuple[str, str]]:
    """``(name, text)`` of a rule file, or of every ``*.tieuchi`` under a folder, sorted; each
    named by its path as given (``rules/cong-chuc/nd335-2025.tieuchi``), as the CLI names it. A
    path with none is refused in ``lang``, in the command line's words."""
    p = os.fspath(path)
    if os.path.isdir(p):
        files = sorted(
            os.path.join(folder, name)
            for folder, _, names in os.walk(p)
            for name in names
            if name.endswith(RULE_EXTENSION)
        )
        if not files:
            raise FileNotFoundError(_text("CliNoRuleFile", lang, path=p))
    elif os.path.isfile(p):
        files = [p]
    else:
        raise FileNotFoundError(_text("CliDoesNotExist", lang, path=p))
    return [(f, _read(f)) for f in files]


def compile(source: str, name: str | None = None, *, lang: Lang = "vi") -> RuleSet:
    """Compiles the text of one rule file. ``name`` names it in diagnostics and traces
    (``name:line:column``). Raises :class:`RuleError` with every diagnostic, in Vietnamese
    unless ``lang="en"``."""
    if not isinstance(source, str):
        raise TypeError(_text("PyCompileNotText", lang, type=type(source).__name__))
    library = Library.compile([(name if name is not None else "<source>", source)], lang=lang)
    return RuleSet(library, pinned=library.ids()[0])


def load(path: str | os.PathLike[str], ruleset: str | None = None, *, lang: Lang = "vi") -> RuleSet:
    """Loads a rule file, or a folder of them checked together.

    A folder's versions of one framework (linked by ``replaces``) form a family: evaluating
    chooses the version in force on the evaluation date (``on=``, or the record's ``on``).
    When the folder holds several families, ``ruleset`` names one (any of its versions' ids).
    Raises :class:`RuleError` if a file does not compile, :class:`SelectError` if ``ruleset``
    names nothing loaded, or the folder holds several families and none is named. Diagnostics
    are in Vietnamese unless ``lang="en"``.
    """
    sources = _rule_files(path, lang)
    library = Library.compile(sources, lang=lang)
    if os.path.isfile(os.fspath(path)):
        return RuleSet(library, pinned=library.ids()[0])
    rules = RuleSet(library, family=ruleset)
    rules._family_ids()  # refuses an unknown or ambiguous family now, not at the first evaluation
    return rules


def check(path: str | os.PathLike[str], *, lang: Lang = "vi") -> list[Diagnostic]:
    """Every diagnostic of a rule file or folder, errors and warnings, without raising: what
    ``tieuchi check`` prints, in Vietnamese unless ``lang="en"``."""
    return [Diagnostic._from_native(d) for d in Library.check_sources(_rule_files(path, lang), lang=lang)]


_restored: dict[tuple[tuple[str, str], ...], Library] = {}


def _restore(
    sources: tuple[tuple[str, str], ...],
    family: str | None,
    pinned: str | None,
    params: tuple[tuple[str, str], ...] = (),
) -> RuleSet:
    # A cluster's executor unpickles the rules once per task: compiled once per process.
    library = _restored.get(sources)
    if library is None:
        library = _restored[sources] = Library.compile(list(sources))
    if params:
        library = library.with_params(list(params))
    return RuleSet(library, family=family, pinned=pinned)


def _param_text(value: Any) -> str:
    """A parameter's value as the engine reads it: ``True`` as ``true``, a float by its shortest
    decimal text, anything else as its text (the engine decides whether it fits)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


class RuleSet:
    """A compiled rule set, or a family of versions of one (from a folder).

    Immutable and safe to share between threads; evaluation releases the GIL. Pickles as its
    rule files' text (compiled again where it is unpickled: another process, a cluster's
    executor), so no shared file system is needed.
    """

    def __init__(self, library: Library, family: str | None = None, pinned: str | None = None) -> None:
        self._library = library
        self._family = family
        self._pinned = pinned
        self._infos: dict[str, dict[str, Any]] = {}
        self._schema: Schema | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        sources = tuple((name, text) for name, text in self._library.sources())
        params = tuple((id, value) for id, value in self._library.params())
        return _restore, (sources, self._family, self._pinned, params)

    def with_params(
        self,
        params: Mapping[str, bool | int | float | decimal.Decimal | str] | None = None,
        /,
        *,
        lang: Lang = "vi",
        **values: bool | int | float | decimal.Decimal | str,
    ) -> RuleSet:
        """A simulation: a new rule set in which each parameter (``param``) named has the value
        given, at every date: ``rules.with_params(nguong_htxs=85)``, or as a mapping
        (``rules.with_params({"nguong_htxs": 85})``, for a parameter named ``lang``). Its results
        name those parameters under ``params`` with ``overridden: True``. Percents as ``"85%"``
        or the fraction ``0.85``. Raises :class:`ArgumentError` (``argument::unknown-param``,
        ``argument::bad-param``) for a name that is not a parameter or a value that does not fit,
        in Vietnamese unless ``lang="en"``."""
        given = {**(params or {}), **values}
        texts = [(id, _param_text(value)) for id, value in given.items()]
        return RuleSet(self._library.with_params(texts, lang=lang), family=self._family, pinned=self._pinned)

    # --- which rule set -------------------------------------------------------------------

    def _family_ids(self) -> list[str]:
        """The versions this object stands for, oldest first. Raises the engine's
        :class:`SelectError` for an unknown id (``select::unknown``), or several families and
        none named (``select::ambiguous``)."""
        if self._pinned is not None:
            return [self._pinned]
        return self._library.family(self._family)

    @property
    def _current(self) -> str:
        """The version that evaluates without a date: the pinned one, the one ``ruleset=`` named
        (the engine uses a version named without a date as it is), else the newest."""
        if self._pinned is None and self._family is not None:
            return self._library.select(self._family, None)
        return self._family_ids()[-1]

    def _info(self, id: str | None = None) -> dict[str, Any]:
        id = id or self._current
        if id not in self._infos:
            self._infos[id] = self._library.info(id)
        return self._infos[id]

    @property
    def id(self) -> str:
        """The rule set's id (for a family: the version ``ruleset=`` named, else the newest)."""
        return self._current

    @property
    def label(self) -> str:
        return str(self._info()["label"])

    @property
    def file(self) -> str:
        """The name of the rule file (its path, as loaded)."""
        return str(self._info()["file"])

    @property
    def source(self) -> str | None:
        """The legal text the rule set encodes (its ``source`` citation)."""
        source: str | None = self._info()["source"]
        return source

    @property
    def valid_from(self) -> datetime.date | None:
        d = self._info()["valid_from"]
        return datetime.date.fromisoformat(d) if d else None

    @property
    def valid_until(self) -> datetime.date | None:
        d = self._info()["valid_until"]
        return datetime.date.fromisoformat(d) if d else None

    @property
    def replaces(self) -> str | None:
        replaces: str | None = self._info()["replaces"]
        return replaces

    @property
    def versions(self) -> list[RuleSet]:
        """Every version of the family, oldest first, each a rule set of its own."""
        return [RuleSet(self._library, pinned=id) for id in self._family_ids()]

    def version(self, on: DateLike) -> RuleSet:
        """The version in force on a date. Raises :class:`SelectError` if none is."""
        if self._pinned is not None:
            return self
        id = self._library.select(self._family or self._current, _convert.on_text(on))
        return RuleSet(self._library, pinned=id)

    # --- what it reads, checks, tests ---------------------------------------------------------

    @property
    def inputs(self) -> Schema:
        """The evidence the rule set reads: fields with labels, types, ranges, enum values and
        defaults, and the outcome's tiers (for a family: the newest version's)."""
        if self._schema is None:
            self._schema = Schema(self._library.schema(self._current))
        return self._schema

    def json_schema(self) -> dict[str, Any]:
        """The evidence record as a JSON Schema (draft 2020-12)."""
        return self._library.json_schema(self._current)

    def check(self) -> list[Diagnostic]:
        """The checker's warnings (errors stop compilation: see :class:`RuleError`)."""
        out: list[Diagnostic] = []
        for id in self._family_ids():
            out.extend(Diagnostic._from_native(d) for d in self._info(id)["warnings"])
        return out

    def test(self) -> list[TestReport]:
        """Runs the ``test`` blocks of the rule file (of every version of a family)."""
        reports = []
        for id in self._family_ids():
            for r in self._library.run_tests(id):
                mismatches = tuple(dict(m) for m in r["mismatches"])
                reports.append(TestReport(r["name"], r["origin"], r["passed"], mismatches))
        return reports

    # --- evaluation -----------------------------------------------------------------------

    def evaluate(
        self,
        record: Mapping[str, Any],
        on: DateLike = None,
        *,
        trace: bool = True,
        what_it_takes: bool = False,
        lang: Lang = "vi",
    ) -> Result:
        """Evaluates one evidence record (a dict of input ids to values; ``id`` and ``on`` are
        optional metadata).

        Values: ``Decimal``, ``int``, ``float`` (read from its shortest decimal text: ``0.1`` is
        exactly 0.1), ``str``, ``bool``, ``None`` (absent), ``datetime.date``, numpy scalars, lists
        of dicts. ``on`` is the evaluation date; the record's own ``on`` wins. For a family, the
        version in force on that date evaluates. With ``what_it_takes=True``,
        :attr:`Result.what_it_takes` says what reaches each better tier (or, with evidence
        missing, what is still possible).

        Raises :class:`EvidenceError` (every problem, by field), :class:`EvaluationError`
        (arithmetic with no exact answer), :class:`SelectError` (no version in force). Findings
        and error messages are in Vietnamese unless ``lang="en"``; their codes are the same.
        """
        wire = self._library.evaluate(
            record,
            family=self._family_hint(),
            pinned=self._pinned,
            on=_convert.on_text(on, lang),
            trace=trace,
            what_it_takes=what_it_takes,
            lang=lang,
        )
        return Result(wire, self._kinds(wire["ruleset"]), lang)

    def _family_hint(self) -> str | None:
        return None if self._pinned is not None else self._family

    def _partition_keys(self) -> list[str] | None:
        """The inputs a batch may be split by, every row unchanged (the engine's
        ``Batch::partition_keys``): ``None`` without a quota."""
        return self._library.partition_keys(family=self._family_hint(), pinned=self._pinned)

    def _row_schema(self) -> Any:
        """The ``pyarrow.Schema`` of the rows ``evaluate_many(..., output="stream")`` gives."""
        return self._library.row_schema(family=self._family_hint(), pinned=self._pinned)

    def _kinds(self, id: str) -> dict[str, str]:
        return dict(self._info(id)["values"])

    def evaluate_many(
        self,
        records: Iterable[Mapping[str, Any]] | Any,
        on: DateLike = None,
        *,
        errors: Literal["column", "raise"] = "column",
        decimals: Literal["decimal", "str", "float"] = "decimal",
        output: Literal["pandas", "arrow", "polars", "records", "stream"] | None = None,
        lang: Lang = "vi",
    ) -> Any:
        """Evaluates a batch, one record per row (fields by id; optionally ``id`` and ``on``): a
        list of dicts, a pandas or Polars DataFrame, or any Arrow data (a pyarrow ``Table``,
        ``RecordBatch`` or ``RecordBatchReader``, a DuckDB result: anything with
        ``__arrow_c_stream__``). The batch's population rules (quotas) are applied over all of it;
        a family rates each record by the version in force on its own ``on`` (else ``on`` given
        here). The GIL is released while the engine works, on every core; a stream is read
        once, a record batch at a time (with a quota, a batch with a record the quota may touch
        that the ladder alone did not rate is held until the groups are decided; every batch with
        ``errors="raise"``); a large DataFrame goes as a stream of slices, converted to Arrow
        while the engine evaluates the slices before.

        Returns one row per record, in input order, in the one row shape of every front end:
        ``row`` (the record's index), ``subject``, ``ruleset`` (the version that rated it),
        ``rules_sha256`` (the fingerprint of its rule text) and ``engine`` (``tieuchi 0.1.0``:
        what made the row, as a result's ``rules.sha256`` and ``engine`` say),
        ``on``, ``status`` (``rated``, ``not rated``, ``not determinable`` or ``error``),
        ``outcome`` (the tier id), ``decided_by``, for a rule set that ``extends`` another
        ``layer`` (the id of the layer whose rule decided), one column per score (exact ``decimal128``)
        and derived value, ``findings`` (a list of ``{code, rule, message}``) and ``errors``
        (``None``, or a list of ``{code, field, message}``: why the record was refused). Labels
        and citations are the rule set's, once (:attr:`RuleSet.inputs`), not on every row.

        ``output``: ``pandas`` (the default for a DataFrame or a list; ``ArrowDtype`` columns and
        the DataFrame's own index), ``arrow`` (the default for Arrow data), ``polars`` (the
        default for a Polars DataFrame), ``records`` (a list of dicts) or ``stream`` (a
        ``pyarrow.RecordBatchReader`` filled while the input is read, for data larger than memory:
        neither the input nor the rows are held whole, unless a quota needs two passes; scores
        at the one scale that holds any value of theirs). ``decimals``: scores as
        ``Decimal`` (exact, the default), ``str`` (exact text) or ``float`` (nearest binary float:
        for plotting, not for decisions). ``errors="raise"`` raises, instead of returning the rows,
        the engine's failure of the first refused record — the exception :meth:`evaluate` raises
        for that record alone (:class:`EvidenceError`, :class:`EvaluationError` or
        :class:`SelectError`, with every problem, its help and place) — with ``record``, its
        position (the input is then held, to be read again for it). Messages (of ``errors`` and
        of what is raised) are in Vietnamese unless ``lang="en"``; their codes are the same.
        """
        if errors not in ("column", "raise"):
            raise ValueError(_text("PyBadErrors", lang, given=repr(errors)))
        if decimals not in ("decimal", "str", "float"):
            raise ValueError(_text("PyBadDecimals", lang, given=repr(decimals)))
        if output not in (None, "pandas", "arrow", "polars", "records", "stream"):
            raise ValueError(_text("PyBadOutput", lang, given=repr(output)))
        # A stream out holds no rows whole, so a large DataFrame in goes converted whole: a slice
        # that turned out untypable could not be evaluated again.
        kind, data, index = _frames.prepare(records, lang, stream=output != "stream")
        if output == "stream":
            if kind == "records" or isinstance(data, list):
                raise ValueError(_text("PyStreamNeedsArrow", lang))
            if errors != "column" or decimals != "decimal":
                raise ValueError(_text("PyStreamAsItComes", lang))
            return self._library.evaluate_stream(
                data, family=self._family_hint(), pinned=self._pinned, on=_convert.on_text(on, lang), lang=lang
            )
        shape: str = output if output is not None else {"arrow": "arrow", "polars": "polars"}.get(kind, "pandas")
        # With errors="raise" the engine raises the failure of the first refused record itself.
        def evaluate(data: Any) -> Any:
            return self._library.evaluate_many(
                data,
                family=self._family_hint(),
                pinned=self._pinned,
                on=_convert.on_text(on, lang),
                raise_errors=errors == "raise",
                plain_strings=_frames.needs_plain_strings(shape),
                lang=lang,
            )

        try:
            table = evaluate(data)
        except Exception:
            # A DataFrame streamed in slices whose later slice its first slice's types cannot
            # hold goes again, converted whole.
            if not _frames.stream_failed(data):
                raise
            table = evaluate(data.whole(lang))
        table = _frames.with_decimals(table, decimals)
        return _frames.render(table, shape, index if shape == "pandas" else None)

    # --- display ------------------------------------------------------------------------

    def __repr__(self) -> str:
        ids = self._family_ids()
        if len(ids) == 1:
            return f"<RuleSet {ids[0]} {self.label!r} ({self.file})>"
        versions = []
        for id in ids:
            info = self._info(id)
            versions.append(f"{id} {info['valid_from'] or '…'}..{info['valid_until'] or '…'}")
        return f"<RuleSet {self.label!r}: versions {', '.join(versions)}>"

    def _repr_html_(self) -> str:
        e = html.escape
        versions = ""
        if len(self._family_ids()) > 1:
            items = "".join(
                f"<li><code>{e(id)}</code> {e(self._info(id)['valid_from'] or '…')} – "
                f"{e(self._info(id)['valid_until'] or '…')}</li>"
                for id in self._family_ids()
            )
            versions = f"<ul>{items}</ul>"
        source = f"<div><small>{e(self.source)}</small></div>" if self.source else ""
        return f"<div>{source}{versions}{self.inputs._repr_html_()}</div>"
