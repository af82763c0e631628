"""The result of one evaluation: the wire record (the JSON every front end shares, decimals as
strings) with typed views over it: ``outcome``, ``scores`` (as ``Decimal``), ``findings``,
``trace``."""

from __future__ import annotations

import copy
import datetime
import html
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ._convert import text


@dataclass(frozen=True)
class Tier:
    """A tier by ``id`` and ``label``."""

    id: str
    label: str


@dataclass(frozen=True)
class Layer:
    """A layer of a rule set that ``extends`` another (a province's rules on the national ones):
    ``id`` is the rule set its file declares, ``source`` its citation."""

    id: str
    source: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The tier given: ``id`` and ``label`` as the rule file writes them; ``decided_by`` is
    ``score``, ``tiers``, ``force``, ``cap``, ``exclude`` or ``quota``; ``source`` cites the rule
    that decided. When a knock-out, cap or quota decided, ``by_score`` is the tier the score had
    reached. For a rule set that ``extends`` another, ``layer`` is the layer whose rule decided."""

    id: str
    label: str
    decided_by: str
    source: str | None = None
    by_score: Tier | None = None
    layer: Layer | None = None


@dataclass(frozen=True)
class Engine:
    """The engine that made a result."""

    name: str
    version: str


@dataclass(frozen=True)
class Rules:
    """The rules a result was made with: the rule set (version) ``id``, the SHA-256 fingerprint
    of its normalised text and everything it imports, its validity window and why that version
    applies (``in force on DATE``, or ``named; …``)."""

    id: str
    sha256: str
    chosen_because: str
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None


@dataclass(frozen=True)
class Score:
    """One score: its exact ``value`` (``None`` when evidence is missing) and ``max``."""

    value: Decimal | None
    max: Decimal
    label: str
    parent: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Finding:
    """Something the evaluation found: a knock-out, a cap, an exclusion, missing evidence, a
    clamped score, a quota. ``code`` is stable."""

    code: str
    label: str
    source: str | None = None
    rule: str | None = None
    tier: str | None = None
    applied: bool | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """One condition of a rule tried: whether it ``holds`` (``None``: evidence missing) and the
    values it read, as the wire shows them (decimals as strings)."""

    condition: str
    holds: bool | None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TraceStep:
    """One rule tried, in order: a tier of the ladder (``xep_loai.htt``) or an adjustment
    (``force kht``), where it is written, and its conditions."""

    rule: str
    span: str
    holds: bool | None
    source: str | None = None
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Goal:
    """A tier better than the one reached, and what reaching it takes.

    ``reachable`` is ``True`` when each of ``ways`` reaches it (all the changes of one way are
    needed: ``{"change": "points", "of", "by", "items", …}``, ``{"change": "set", "input", "to"}``,
    ``{"change": "members", "input", "count", "meet", "condition"}``, ``{"change": "years", …}``);
    ``False`` when ``blocked_by`` (a knock-out, cap or exclusion that holds, with its citation) or
    ``short`` (how far the points fall short) says why not; ``None`` when its condition is not
    solved exactly. ``text`` says it in Vietnamese.
    """

    tier: str
    label: str
    reachable: bool | None
    text: str
    ways: tuple[tuple[dict[str, Any], ...], ...] = ()
    blocked_by: dict[str, Any] | None = None
    short: tuple[dict[str, Any], ...] = ()
    quota: dict[str, Any] | None = None


@dataclass(frozen=True)
class Pending:
    """While evidence is missing: the fields missing, every score's range (``None``: no bound),
    the tiers any completion may reach, and — with one field alone missing — what each of its
    values gives (``decides``: ``{"field", "label", "pieces": [{"from", "to", …, "outcome"}]}``)."""

    missing: tuple[str, ...]
    scores: dict[str, tuple[Decimal | None, Decimal | None]]
    possible: tuple[str, ...]
    may_be_excluded: bool
    text: str
    undecided: tuple[dict[str, Any], ...] = ()
    decides: dict[str, Any] | None = None


@dataclass(frozen=True)
class WhatItTakes:
    """What it takes: a :class:`Goal` per better tier, best first; or, while evidence is
    missing, :class:`Pending`."""

    goals: tuple[Goal, ...]
    pending: Pending | None = None

    def __str__(self) -> str:
        if self.pending is not None:
            return self.pending.text
        return "\n".join(g.text for g in self.goals) or "Đã đạt mức cao nhất."


def _what_it_takes(w: dict[str, Any]) -> WhatItTakes:
    goals = tuple(
        Goal(
            g["tier"],
            g["label"],
            g["reachable"],
            g["text"],
            tuple(tuple(way) for way in g.get("ways", ())),
            g.get("blocked_by"),
            tuple(g.get("short", ())),
            g.get("quota"),
        )
        for g in w["goals"]
    )
    p = w.get("pending")
    pending = None
    if p is not None:
        pending = Pending(
            tuple(p["missing"]),
            {r["id"]: (_dec(r.get("min")), _dec(r.get("max"))) for r in p["scores"]},
            tuple(p["possible"]),
            p["may_be_excluded"],
            p["text"],
            tuple(p.get("undecided", ())),
            p.get("decides"),
        )
    return WhatItTakes(goals, pending)


def _day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _typed(value: Any, kind: str) -> Any:
    """A derived value from its wire text, by its declared type."""
    if value is None or not isinstance(value, str):
        return value
    if kind in ("number", "integer", "percent"):
        return Decimal(value)
    if kind == "date":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class Result:
    """The result of evaluating one record.

    ``to_dict()`` is the exact JSON the command line prints (``tieuchi eval``), decimals as
    strings; the attributes are typed views of it.
    """

    __slots__ = ("_wire", "_kinds", "_lang")

    def __init__(self, wire: dict[str, Any], kinds: dict[str, str] | None = None, lang: str = "vi") -> None:
        self._wire = wire
        self._kinds = kinds or {}
        # The language the result was asked in: its own words (`repr`, `str`, the notebook view)
        # follow it, as the engine's labels and messages in it do.
        self._lang = lang

    @property
    def ruleset(self) -> str:
        """The id of the rule set (the version) that evaluated the record."""
        return str(self._wire["ruleset"])

    @property
    def subject(self) -> str | None:
        """The record's ``id``, when it has one."""
        return self._wire.get("subject")

    @property
    def on(self) -> datetime.date | None:
        """The evaluation date, when one was given."""
        on = self._wire.get("on")
        return datetime.date.fromisoformat(on) if on else None

    @property
    def status(self) -> str:
        """``rated``, ``not rated`` (an ``exclude`` fired) or ``not determinable`` (evidence a
        deciding rule needs is missing)."""
        return str(self._wire["status"])

    @property
    def rated(self) -> bool:
        return self.status == "rated"

    @property
    def outcome(self) -> Outcome | None:
        """The tier given; ``None`` unless rated."""
        o = self._wire.get("outcome")
        if o is None:
            return None
        reached = o.get("by_score")
        by_score = Tier(reached["id"], reached["label"]) if reached else None
        deciding = o.get("layer")
        layer = Layer(deciding["id"], deciding.get("source")) if deciding else None
        return Outcome(o["id"], o["label"], o["decided_by"], o.get("source"), by_score, layer)

    @property
    def engine(self) -> Engine:
        """The engine (``tieuchi``) and its version."""
        e = self._wire["engine"]
        return Engine(e["name"], e["version"])

    @property
    def rules(self) -> Rules:
        """The rules this result was made with, by fingerprint, and why that version applies."""
        r = self._wire["rules"]
        return Rules(r["id"], r["sha256"], r["chosen_because"], _day(r.get("valid_from")), _day(r.get("valid_until")))

    @property
    def tier(self) -> str | None:
        """The tier's id; ``None`` unless rated."""
        o = self._wire.get("outcome")
        return None if o is None else str(o["id"])

    @property
    def scores(self) -> dict[str, Score]:
        """Every score by id, in declaration order (parents before their items)."""
        return {
            k: Score(_dec(s.get("value")), Decimal(s["max"]), s["label"], s.get("parent"), s.get("source"))
            for k, s in self._wire["scores"].items()
        }

    @property
    def values(self) -> dict[str, Any]:
        """Every derived value (``let``) by id: numbers as ``Decimal``, dates as ``date``."""
        return {k: _typed(v, self._kinds.get(k, "")) for k, v in self._wire["values"].items()}

    @property
    def params(self) -> dict[str, Decimal | bool | None]:
        """Every parameter (``param``) by id with the value the rules used on the evaluation date:
        a ``Decimal`` or a ``bool``; ``None`` when it had none. ``to_dict()["params"]`` adds the
        date it applies from, its source and ``overridden`` for a simulated value."""
        return {
            k: _dec(p["value"]) if isinstance(p["value"], str) else p["value"]
            for k, p in self._wire.get("params", {}).items()
        }

    @property
    def findings(self) -> list[Finding]:
        return [
            Finding(
                f["code"],
                f["label"],
                f.get("source"),
                f.get("rule"),
                f.get("tier"),
                f.get("applied"),
                tuple(f.get("fields", ())),
            )
            for f in self._wire["findings"]
        ]

    @property
    def trace(self) -> list[TraceStep]:
        """The rules tried, with the conditions of each (empty with ``trace=False``)."""
        return [
            TraceStep(
                t["rule"],
                t["span"],
                t["holds"],
                t.get("source"),
                tuple(Condition(c["condition"], c["holds"], dict(c["values"])) for c in t["conditions"]),
            )
            for t in self._wire["trace"]
        ]

    @property
    def what_it_takes(self) -> WhatItTakes | None:
        """What reaches each better tier (``None`` unless asked: ``evaluate(…,
        what_it_takes=True)``)."""
        w = self._wire.get("what_it_takes")
        return None if w is None else _what_it_takes(w)

    @property
    def missing_fields(self) -> list[str]:
        """The evidence fields whose absence left the result undetermined."""
        out: list[str] = []
        for f in self._wire["findings"]:
            if f["code"] == "missing-evidence":
                out.extend(f.get("fields", ()))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The wire record: the JSON ``tieuchi eval`` prints, decimals as strings (a copy)."""
        return copy.deepcopy(self._wire)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self._wire, ensure_ascii=False, indent=indent)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and self._wire == other._wire

    __hash__ = None  # type: ignore[assignment]

    def _headline(self) -> str:
        if self.status == "rated" and self._wire.get("outcome"):
            o = self._wire["outcome"]
            return f'{o["id"]} "{o["label"]}" {text("PyDecidedBy", self._lang, how=o["decided_by"])}'
        if self.status == "not determinable":
            missing = ", ".join(self.missing_fields)
            return text("PyMissingFields", self._lang, fields=missing) if missing else "not determinable"
        return self.status

    def __repr__(self) -> str:
        subject = f" subject={self.subject!r}" if self.subject is not None else ""
        top = [
            f"{k}={s['value'] if s.get('value') is not None else '?'}/{s['max']}"
            for k, s in self._wire["scores"].items()
            if s.get("parent") is None
        ]
        parts = [self._headline(), *top]
        n = len(self._wire["findings"])
        if n:
            parts.append(text("PyFindingCount", self._lang, count=n))
        return f"<Result {self.ruleset}{subject}: {'; '.join(parts)}>"

    def __str__(self) -> str:
        lines = [f"{self.ruleset}{' · ' + self.subject if self.subject else ''}: {self._headline()}"]
        scores = self._wire["scores"]
        depth: dict[str, int] = {}
        for k, s in scores.items():
            depth[k] = depth.get(s.get("parent") or "", -1) + 1 if s.get("parent") else 0
            value = s.get("value") if s.get("value") is not None else "?"
            lines.append(f"{'  ' * (depth[k] + 1)}{k} {s['label']}: {value} / {s['max']}")
        for f in self._wire["findings"]:
            lines.append(f"  ! {f['code']}: {f['label']}" + (f" ({f['source']})" if f.get("source") else ""))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        w = self._wire
        o = w.get("outcome")
        head = (
            f"<b>{e(o['label'])}</b> <code>{e(o['id'])}</code>"
            f" <small>{e(text('PyDecidedBy', self._lang, how=o['decided_by']))}</small>"
            if o
            else f"<b>{e(self._headline())}</b>"
        )
        rows = "".join(
            f"<tr><td style='padding-left:{(1 if s.get('parent') else 0) * 1.5}em'><code>{e(k)}</code></td>"
            f"<td>{e(s['label'])}</td><td style='text-align:right'>{e(s['value'] or '—')}</td>"
            f"<td>/ {e(s['max'])}</td></tr>"
            for k, s in w["scores"].items()
        )
        findings = "".join(
            f"<li><code>{e(f['code'])}</code> {e(f['label'])}"
            + (f" <small>({e(f['source'])})</small>" if f.get("source") else "")
            + "</li>"
            for f in w["findings"]
        )
        steps = "".join(
            f"<li>{'✔' if t['holds'] else ('?' if t['holds'] is None else '✘')} <code>{e(t['rule'])}</code> "
            + "; ".join(
                f"{e(c['condition'])} → {e(str(c['holds']).lower())}"
                + (" (" + ", ".join(f"{e(k)}={e(str(v))}" for k, v in c["values"].items()) + ")" if c["values"] else "")
                for c in t["conditions"]
            )
            + f" <small>{e(t['span'])}</small></li>"
            for t in w["trace"]
        )
        subject = f" · {e(w['subject'])}" if w.get("subject") else ""
        out = [
            f"<div class='tieuchi-result'><div><small>{e(w['ruleset'])}{subject}</small></div>",
            f"<div>{head}</div>",
        ]
        if rows:
            out.append(f"<table>{rows}</table>")
        if findings:
            out.append(f"<ul>{findings}</ul>")
        if steps:
            out.append(f"<details><summary>trace ({len(w['trace'])} rules)</summary><ul>{steps}</ul></details>")
        out.append("</div>")
        return "".join(out)
