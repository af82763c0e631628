"""tieuchi — a rule engine for Vietnamese public-sector evaluation, from Python.

>>> import tieuchi
>>> rules = tieuchi.load("rules/cong-chuc/nd335-2025.tieuchi")
>>> result = rules.evaluate({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": "61.5", "suy_thoai": False})
>>> result.outcome.id, result.scores["tong"].value
('htt', Decimal('89.5'))

Decimals are exact (``decimal.Decimal``), never binary floats; ``Result.to_dict()`` is the JSON
the command line prints. ``RuleSet.evaluate_many`` evaluates a list of dicts, a
``pandas.DataFrame`` or a ``pyarrow.Table`` with the batch's quotas applied.
"""

from __future__ import annotations

import os as _os
from importlib import metadata as _metadata

# The native module's allocator (mimalloc) backs its memory with transparent huge pages by
# default: every page it touches afresh is then a 2 MiB page the kernel zeroes first, which was a
# fifth of `evaluate_many`'s time on a million rows. Read once, when the module loads below; an
# explicit setting in the environment wins.
_os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")

from ._errors import (
    ArgumentError,
    Diagnostic,
    EvaluationError,
    EvidenceError,
    EvidenceProblem,
    InternalError,
    RuleError,
    SelectError,
    TieuchiError,
)
from ._result import (
    Condition,
    Engine,
    Finding,
    Goal,
    Layer,
    Outcome,
    Pending,
    Result,
    Rules,
    Score,
    Tier,
    TraceStep,
    WhatItTakes,
)
from ._impact import Impact, diff
from ._ruleset import RuleSet, TestReport, check, compile, load
from ._schema import Field, OutcomeSchema, Schema
from ._convert import text as _text
from ._tieuchi import codes as _codes
from ._tieuchi import engine_version as _engine_version
from ._tieuchi import explain as _explain

try:
    __version__ = _metadata.version("tieuchi")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = _engine_version()


def codes(lang: str = "vi") -> dict[str, str]:
    """Every code tieuchi can give (``syntax::*``, ``check::*``, ``evidence::*``, ``eval::*``,
    ``select::*``, ``verify::*``, ``argument::*``, ``internal::*`` and findings such as
    ``knockout``), with what it means in ``lang`` (``"vi"``, the default, or ``"en"``)."""
    return dict(_codes(lang))


def explain(code: str, lang: str = "vi") -> dict[str, str]:
    """What ``code`` means, in ``lang`` (``"vi"``, the default, or ``"en"``): its ``code``,
    ``kind``, ``summary``, ``explanation`` and ``example`` (rule text or evidence that gives it),
    and for a finding the ``heading`` a page shows.

    Raises ``KeyError`` for a code tieuchi does not have."""
    entry = _explain(code, lang)
    if entry is None:
        raise KeyError(_text("PyNoCode", lang, code=code))
    return dict(entry)


__all__ = [
    "ArgumentError",
    "Condition",
    "Diagnostic",
    "Engine",
    "EvaluationError",
    "EvidenceError",
    "EvidenceProblem",
    "Field",
    "Finding",
    "Goal",
    "Impact",
    "InternalError",
    "Layer",
    "Outcome",
    "OutcomeSchema",
    "Pending",
    "Result",
    "RuleError",
    "RuleSet",
    "Rules",
    "Schema",
    "Score",
    "SelectError",
    "TestReport",
    "Tier",
    "TieuchiError",
    "TraceStep",
    "WhatItTakes",
    "check",
    "codes",
    "compile",
    "diff",
    "explain",
    "load",
    "__version__",
]
