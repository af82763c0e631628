"""The evidence a rule set reads: its fields with labels, types, ranges, enum values and
defaults (``tieuchi inputs``), and the tiers of its outcome."""

from __future__ import annotations

import copy
import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload


@dataclass(frozen=True)
class Field:
    """One evidence field.

    ``role`` is ``input``, ``key`` (a grouping field for quotas) or ``assessed`` (a score item's
    points entered by the assessor); ``type`` is ``bool``, ``integer``, ``number``, ``percent``,
    ``date``, ``text``, ``enum``, ``list`` or ``history``. ``required``: absent, it can leave the
    result undetermined; ``optional``: it may be ``None``, meaning none.
    """

    id: str
    label: str | None
    role: str
    type: str
    required: bool
    optional: bool
    min: Decimal | None = None
    max: Decimal | None = None
    default: Any = None
    enum: str | None = None
    values: tuple[tuple[str, str], ...] = ()
    fields: tuple[Field, ...] = ()

    @classmethod
    def _from_wire(cls, f: dict[str, Any]) -> Field:
        return cls(
            id=f["id"],
            label=f.get("label"),
            role=f["role"],
            type=f["type"],
            required=f["required"],
            optional=f["optional"],
            min=Decimal(f["min"]) if f.get("min") is not None else None,
            max=Decimal(f["max"]) if f.get("max") is not None else None,
            default=f.get("default"),
            enum=f.get("enum"),
            values=tuple((v["id"], v["label"]) for v in f.get("values", ())),
            fields=tuple(cls._from_wire(x) for x in f.get("fields", ())),
        )


@dataclass(frozen=True)
class OutcomeSchema:
    """The outcome: its id, label and tiers ``(id, label)``, best first."""

    id: str
    label: str
    tiers: tuple[tuple[str, str], ...]


class Schema(Sequence[Field]):
    """The fields a rule set reads, in declaration order; index by position or by id."""

    def __init__(self, wire: dict[str, Any]) -> None:
        self._wire = wire
        self.fields: tuple[Field, ...] = tuple(Field._from_wire(f) for f in wire["fields"])
        o = wire["outcome"]
        self.outcome = OutcomeSchema(o["id"], o["label"], tuple((t["id"], t["label"]) for t in o["tiers"]))

    @property
    def ruleset(self) -> str:
        return str(self._wire["ruleset"])

    @property
    def label(self) -> str:
        return str(self._wire["label"])

    @property
    def names(self) -> list[str]:
        """The field ids: the columns a DataFrame of evidence may have (besides ``id``, ``on``)."""
        return [f.id for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.id for f in self.fields if f.required]

    @property
    def tiers(self) -> list[str]:
        """The outcome's tier ids, best first."""
        return [t for t, _ in self.outcome.tiers]

    def to_dict(self) -> dict[str, Any]:
        """The schema as ``tieuchi inputs`` prints it (a copy)."""
        return copy.deepcopy(self._wire)

    @overload
    def __getitem__(self, key: int) -> Field: ...
    @overload
    def __getitem__(self, key: str) -> Field: ...
    @overload
    def __getitem__(self, key: slice) -> Sequence[Field]: ...
    def __getitem__(self, key: int | str | slice) -> Field | Sequence[Field]:
        if isinstance(key, str):
            for f in self.fields:
                if f.id == key:
                    return f
            raise KeyError(key)
        return self.fields[key]

    def __len__(self) -> int:
        return len(self.fields)

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return any(f.id == key for f in self.fields)
        return key in self.fields

    @staticmethod
    def _describe(f: Field) -> str:
        t = f.enum if f.type == "enum" and f.enum else f.type
        if f.optional:
            t = f"optional {t}"
        if f.min is not None and f.max is not None:
            t += f" in {f.min}..{f.max}"
        if f.default is not None:
            t += f" default {f.default!r}" if isinstance(f.default, str) else f" default {f.default}"
        return t

    def __repr__(self) -> str:
        width = max((len(f.id) for f in self.fields), default=0)
        lines = [f"<Schema {self.ruleset}: {len(self.fields)} fields"]
        for f in self.fields:
            mark = "*" if f.required else " "
            lines.append(f"  {mark} {f.id:<{width}}  {self._describe(f):<28}  {f.label or ''}")
        lines.append(f"  outcome {self.outcome.id}: {', '.join(self.tiers)}>")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td><code>{e(f.id)}</code>{'*' if f.required else ''}</td><td>{e(f.role)}</td>"
            f"<td>{e(self._describe(f))}</td><td>{e(f.label or '')}</td></tr>"
            for f in self.fields
        )
        tiers = ", ".join(f"<code>{e(t)}</code> {e(label)}" for t, label in self.outcome.tiers)
        return (
            f"<div><b>{e(self.label)}</b> <code>{e(self.ruleset)}</code>"
            f"<table><tr><th>field</th><th>role</th><th>type</th><th>label</th></tr>{rows}</table>"
            f"<div>{e(self.outcome.label)}: {tiers}</div></div>"
        )
