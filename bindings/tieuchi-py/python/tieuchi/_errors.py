"""The exceptions of tieuchi, and the diagnostics and evidence problems they carry.

Every exception derives from :class:`TieuchiError` and carries the engine's failure record; its
class follows the record's ``kind``. Each also derives from the built-in exception a Python
programmer would catch for it (``ValueError`` for bad rules, evidence or arguments, ``LookupError``
for a version that cannot be chosen, ``ArithmeticError`` for arithmetic with no exact answer,
``RuntimeError`` for what no input should cause).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._convert import text


class TieuchiError(Exception):
    """The base of every error tieuchi raises.

    ``failure`` is the engine's failure record, the same dict the command line and JavaScript
    give for the same input: ``kind``, ``summary``, the first error's fields (``code``,
    ``message``, ``help``, ``field`` or ``file``/``line``/``column``, …) and every error in
    ``errors``.
    """

    failure: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The engine's failure record (see ``failure``)."""
        return dict(getattr(self, "failure", {}))


def _keep(error: TieuchiError, payload: dict[str, Any]) -> None:
    error.failure = payload


def _rendered(error: TieuchiError) -> str | None:
    """The engine's own rendering of the error's first problem, in the language it was asked in
    (``lỗi[code]: …`` / ``error[code]: …``), if the error came from the engine."""
    errors = getattr(error, "failure", {}).get("errors") or []
    rendered = errors[0].get("rendered") if errors else None
    return rendered.rstrip("\n") if rendered else None


def _record_head(error: TieuchiError, record: int | None) -> str:
    """``record 3: `` (``bản ghi 3: ``) before an error about one record of a batch, in the
    language the engine rendered the error in (the label its rendering starts with says which)."""
    if record is None:
        return ""
    rendered = _rendered(error) or ""
    lang = "vi" if rendered.startswith(text("LabelError", "vi") + "[") else "en"
    return text("PyRecordHead", lang, record=record) + ": "


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a rule file: a stable ``code``, a message, where it is, and a help line.

    ``str(diagnostic)`` is the excerpt the command line prints::

        lỗi[check::unknown-name]: không có tên `tng`
          --> rules/x.tieuchi:12:30
           |
        12 |     htxs "…" when tng >= 90
           |                   ^^^ chưa khai báo
           = gợi ý: có phải ý là `tong`?

    (``error`` and ``help`` with ``lang="en"``.)
    """

    code: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    source_line: str
    label: str | None
    help: str
    rendered: str

    @classmethod
    def _from_native(cls, d: dict[str, Any]) -> Diagnostic:
        return cls(
            code=d["code"],
            severity=d["severity"],
            message=d["message"],
            file=d.get("file", ""),
            line=d.get("line", 0),
            column=d.get("column", 0),
            end_line=d.get("end_line", 0),
            end_column=d.get("end_column", 0),
            source_line=d.get("source_line", ""),
            label=d.get("label"),
            help=d.get("help") or "",
            rendered=d["rendered"],
        )

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return self.rendered.rstrip("\n")


class RuleError(TieuchiError, ValueError):
    """A rule file that does not compile: every error found, with the warnings beside them.

    ``diagnostics`` lists them; ``str(error)`` shows each with its source excerpt.
    """

    def __init__(self, message: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(message, diagnostics)
        self.message = message
        self.diagnostics = diagnostics

    @classmethod
    def _from_native(cls, payload: dict[str, Any]) -> RuleError:
        error = cls(payload["summary"], [Diagnostic._from_native(d) for d in payload["errors"]])
        _keep(error, payload)
        return error

    @property
    def code(self) -> str:
        """The code of the first error."""
        errors = [d for d in self.diagnostics if d.is_error] or self.diagnostics
        return errors[0].code if errors else ""

    def __str__(self) -> str:
        shown = "\n".join(str(d) for d in self.diagnostics)
        return f"{self.message}\n\n{shown}" if shown else self.message


@dataclass(frozen=True)
class EvidenceProblem:
    """One problem with one field of an evidence record. ``field`` is a path:
    ``tieu_chi_chung``, ``thanh_vien[3].xep_loai``; empty for the record itself."""

    code: str
    field: str
    message: str
    help: str
    # The engine's rendering, its labels in the language asked for (`lỗi[code]: …`).
    rendered: str = ""

    def __str__(self) -> str:
        if self.rendered:
            return self.rendered.rstrip("\n")
        # Made by hand, not by the engine: the layout of the engine's records, its English labels.
        where = f"`{self.field}`: " if self.field else ""
        line = f"error[{self.code}]: {where}{self.message}"
        return f"{line}\n  = help: {self.help}" if self.help else line


class EvidenceError(TieuchiError, ValueError):
    """Evidence that does not fit the rule set's inputs: every problem, by field.

    ``errors`` lists them; ``code``, ``field`` and ``message`` are the first one's; ``record`` is
    the record's index in a batch (``None`` for a single evaluation).
    """

    def __init__(self, errors: list[EvidenceProblem], record: int | None = None, headline: str = "") -> None:
        super().__init__(errors, record, headline)
        self.errors = errors
        self.record = record
        # The engine's sentence for the whole, in the language asked for ("the evidence has 2
        # problems", "dữ liệu minh chứng có 2 lỗi").
        self.headline = headline

    @classmethod
    def _from_native(cls, payload: dict[str, Any]) -> EvidenceError:
        problems = [
            EvidenceProblem(e["code"], e.get("field", ""), e["message"], e.get("help", ""), e.get("rendered", ""))
            for e in payload["errors"]
        ]
        # The engine's summary is the headline, then `: ` and every problem, which follow here.
        headline = payload["summary"].split(": ", 1)[0]
        error = cls(problems, payload.get("record"), headline)
        _keep(error, payload)
        return error

    @property
    def code(self) -> str:
        return self.errors[0].code if self.errors else "evidence"

    @property
    def field(self) -> str:
        return self.errors[0].field if self.errors else ""

    @property
    def message(self) -> str:
        return self.errors[0].message if self.errors else ""

    def __str__(self) -> str:
        head = f"[{self.record}] " if self.record is not None else ""
        head += self.headline or f"evidence: {len(self.errors)}"
        return head + "\n" + "\n".join(str(e) for e in self.errors)


class EvaluationError(TieuchiError, ArithmeticError):
    """Arithmetic with no exact answer (division by zero, overflow, an empty list's mean), with
    the rule's location and expression."""

    def __init__(
        self, code: str, message: str, location: str, expression: str, help: str, record: int | None = None
    ) -> None:
        super().__init__(code, message, location, expression, help, record)
        self.code = code
        self.message = message
        self.location = location
        self.expression = expression
        self.help = help
        self.record = record

    @classmethod
    def _from_native(cls, p: dict[str, Any]) -> EvaluationError:
        location = f"{p['file']}:{p['line']}:{p['column']}"
        error = cls(p["code"], p["message"], location, p.get("expression", ""), p.get("help", ""), p.get("record"))
        _keep(error, p)
        return error

    def __str__(self) -> str:
        head = _record_head(self, self.record)
        rendered = _rendered(self)
        if rendered:
            return head + rendered
        text = f"{head}error[{self.code}]: {self.message}\n  --> {self.location}\n  | {self.expression}"
        return f"{text}\n  = help: {self.help}" if self.help else text


class SelectError(TieuchiError, LookupError):
    """No rule set could be chosen: an unknown id, several families and none named, or no
    version in force on the date. ``record`` is the record's index in a batch."""

    def __init__(self, code: str, message: str, record: int | None = None) -> None:
        super().__init__(code, message, record)
        self.code = code
        self.message = message
        self.record = record

    @classmethod
    def _from_native(cls, p: dict[str, Any]) -> SelectError:
        error = cls(p["code"], p["message"], p.get("record"))
        _keep(error, p)
        return error

    def __str__(self) -> str:
        head = _record_head(self, self.record)
        return head + (_rendered(self) or f"error[{self.code}]: {self.message}")


class ArgumentError(TieuchiError, ValueError):
    """An argument the engine cannot use, such as an evaluation date ``on=`` that is not
    ``YYYY-MM-DD`` (``argument::bad-date``): ``code``, ``message``, ``field`` (the argument) and
    ``help``, as JavaScript throws it for the same call."""

    def __init__(self, code: str, message: str, field: str = "", help: str = "") -> None:
        super().__init__(code, message, field, help)
        self.code = code
        self.message = message
        self.field = field
        self.help = help

    @classmethod
    def _from_native(cls, p: dict[str, Any]) -> ArgumentError:
        error = cls(p["code"], p["message"], p.get("field") or "", p.get("help") or "")
        _keep(error, p)
        return error

    def __str__(self) -> str:
        rendered = _rendered(self)
        if rendered:
            return rendered
        text = f"error[{self.code}]: {self.message}"
        return f"{text}\n  = help: {self.help}" if self.help else text


class InternalError(TieuchiError, RuntimeError):
    """What no input should cause (``internal::error``): a bug in tieuchi, to be reported with the
    input that caused it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    @classmethod
    def _from_native(cls, p: dict[str, Any]) -> InternalError:
        error = cls(p["code"], p["message"])
        _keep(error, p)
        return error

    def __str__(self) -> str:
        return _rendered(self) or f"error[{self.code}]: {self.message}"
