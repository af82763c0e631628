"""The native module (Rust, pyo3). Private: use the ``tieuchi`` package."""

from typing import Any, final



@final
class Library:
    @staticmethod
    def compile(sources: list[tuple[str, str]]) -> Library: ...
    @staticmethod
    def check_sources(sources: list[tuple[str, str]]) -> list[dict[str, Any]]: ...
    def ids(self) -> list[str]: ...
    def families(self) -> list[list[str]]: ...
    def warnings(self) -> list[dict[str, Any]]: ...
    def select(self, family: str | None = None, on: str | None = None) -> str: ...
    def info(self, id: str) -> dict[str, Any]: ...
    def schema(self, id: str) -> dict[str, Any]: ...
    def json_schema(self, id: str) -> dict[str, Any]: ...
    def run_tests(self, id: str) -> list[dict[str, Any]]: ...
    def evaluate(
        self,
        record: Any,
        family: str | None = None,
        pinned: str | None = None,
        on: str | None = None,
        trace: bool = True,
    ) -> dict[str, Any]: ...
    def evaluate_records(
        self,
        records: list[Any],
        family: str | None = None,
        pinned: str | None = None,
        on: str | None = None,
        decimals: str = "decimal",
        raise_errors: bool = False,
    ) -> dict[str, Any]: ...
    def evaluate_columns(
        self,
        rows: int,
        columns: list[tuple[str, str, Any, Any]],
        family: str | None = None,
        pinned: str | None = None,
        on: str | None = None,
        decimals: str = "decimal",
        raise_errors: bool = False,
    ) -> dict[str, Any]: ...

def engine_version() -> str: ...
def codes() -> list[tuple[str, str]]: ...
