"""What a change of rules does to a population: :func:`diff`.

The engine runs the records through both rule sets as two whole batches (each side's quotas
decided over all the records) and joins them record by record; this module only shapes its rows
and summary for pandas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from . import _convert, _frames
from ._convert import text as _text
from ._ruleset import RuleSet
from ._tieuchi import diff as _diff

#: What each side of a row says, as ``before_*`` and ``after_*`` columns.
SIDE = ("ruleset", "status", "outcome", "decided_by", "rule", "error")


@dataclass(frozen=True)
class Impact:
    """The change of every record, and the transitions it makes.

    ``rows``: one row per record (only the changed ones with ``changed_only=True``): ``row`` (its
    index), ``subject``, ``group`` (the rule set's keys joined with `` / ``), ``changed``, and on
    each side ``ruleset``, ``status``, ``outcome`` (the tier id), ``decided_by``, ``rule`` (the
    deciding rule as ``file:line:column``) and ``error`` (the code of the first problem of a
    record that side could not evaluate). ``transitions[before][after]``: how many records went
    from each result to each result (a tier id, or ``not rated``, ``not determinable``,
    ``error``); ``groups[group]`` the same per group; ``labels`` every result in order, tiers best
    first."""

    rows: Any
    records: int
    changed: int
    errors_before: int
    errors_after: int
    labels: list[str]
    transitions: dict[str, dict[str, int]]
    groups: dict[str, dict[str, dict[str, int]]]

    def matrix(self, group: str | None = None) -> Any:
        """The transition matrix as a pandas DataFrame: a row per result before, a column per result
        after, in :attr:`labels` order; of one group when ``group`` is given."""
        import pandas as pd

        counts = self.transitions if group is None else self.groups[group]
        data = [[counts.get(a, {}).get(b, 0) for b in self.labels] for a in self.labels]
        frame = pd.DataFrame(data, index=pd.Index(self.labels, name="before"), columns=self.labels)
        frame.columns.name = "after"
        return frame


def diff(
    before: RuleSet,
    after: RuleSet,
    records: Any,
    on: Any = None,
    *,
    changed_only: bool = False,
    output: Literal["pandas", "records"] = "pandas",
) -> Impact:
    """Runs ``records`` (a list of dicts, a pandas or Polars DataFrame, Arrow data) through the
    rules ``before`` and ``after`` a change — two rule sets, two versions of a family, or a rule
    set and its amendment — and says who changes result: :class:`Impact`. Quotas apply on each
    side over all the records; a family rates each record by the version in force on its ``on``
    (else ``on`` given here). A record one side cannot evaluate is an ``error`` on that side,
    counted, never dropped."""
    if output not in ("pandas", "records"):
        raise ValueError(_text("PyBadDiffOutput", "vi", given=repr(output)))
    _, data, _ = _frames.prepare(records)
    lines, summary_text = _diff(
        before._library,
        after._library,
        data,
        before_family=before._family_hint(),
        before_pinned=before._pinned,
        after_family=after._family_hint(),
        after_pinned=after._pinned,
        on=_convert.on_text(on),
    )
    rows = []
    for line in lines.splitlines():
        change = json.loads(line)
        if changed_only and not change["changed"]:
            continue
        row = {k: change[k] for k in ("row", "subject", "group", "changed")}
        for side in ("before", "after"):
            row.update({f"{side}_{k}": change[side][k] for k in SIDE})
        rows.append(row)
    summary = json.loads(summary_text)
    if output == "pandas":
        import pandas as pd

        columns = ["row", "subject", "group", "changed"] + [f"{s}_{k}" for s in ("before", "after") for k in SIDE]
        shown: Any = pd.DataFrame(rows, columns=columns)
    else:
        shown = rows
    return Impact(
        rows=shown,
        records=summary["records"],
        changed=summary["changed"],
        errors_before=summary["errors_before"],
        errors_after=summary["errors_after"],
        labels=summary["labels"],
        transitions=summary["transitions"],
        groups=summary["groups"],
    )
