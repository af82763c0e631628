"""Every Python snippet of the package's README runs, in order, in one namespace (as a reader
would type them into one session), from a scratch folder that sees the repository's `rules/` and
`bindings/`:

- a block of `>>>` lines is a session: each statement's output (an expression's repr, what it
  prints, or an exception as `tieuchi.ErrorName: message`) must be the text the README shows
  after it;
- any other block runs as a script; a ```text block right after it (blank lines apart) is what it
  prints, compared whole.

A block preceded by `<!-- not run: REASON -->` or `<!-- run by: PATH -->` is left to that place
(`crates/tieuchi-cli/tests/readme_snippets.rs` checks that every block of the README is run by
someone or says why not)."""

from __future__ import annotations

import contextlib
import io
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import HERE, ROOT

README = HERE.parent / "README.md"


@dataclass
class Block:
    line: int
    lang: str
    body: str
    marker: str | None
    follows: Block | None
    """The block just before this one, when only blank lines are between them."""


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    lines = text.splitlines()
    i = 0
    last_end = -2
    while i < len(lines):
        fence = re.match(r"^```(\S*)", lines[i])
        if not fence:
            i += 1
            continue
        start = i
        previous = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        marker = previous if re.match(r"^<!-- (not run|run by):", previous) else None
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i] != "```":
            body.append(lines[i])
            i += 1
        between = lines[last_end + 1 : start] if last_end >= 0 else ["x"]
        follows = out[-1] if out and all(not l.strip() for l in between) else None
        out.append(Block(start + 1, fence.group(1), "\n".join(body) + "\n", marker, follows))
        last_end = i
        i += 1
    return out


def session(body: str, namespace: dict[str, object]) -> list[tuple[str, str, str]]:
    """Runs a `>>>` session; (source, shown, got) for each statement."""
    examples: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith(">>> "):
            examples.append((line[4:] + "\n", []))
        elif line.startswith("...") and examples and not examples[-1][1]:
            source, shown = examples[-1]
            examples[-1] = (source + line[4:] + "\n", shown)
        elif examples:
            examples[-1][1].append(line)
    out = []
    for source, shown in examples:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            try:
                exec(compile(source, "README.md", "single"), namespace)  # noqa: S102 - the README's own example
            except Exception as error:  # noqa: BLE001 - the README shows the exception
                module = type(error).__module__.split(".")[0]
                print(f"{module}.{type(error).__name__}: {error}")
        out.append((source, "\n".join(shown), printed.getvalue()))
    return out


def normalized(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("rules", "bindings"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_python_snippet_of_the_readme_runs_and_shows_what_it_gives(scratch: Path) -> None:
    all_blocks = blocks(README.read_text(encoding="utf-8"))
    python = [b for b in all_blocks if b.lang == "python" and b.marker is None]
    assert len(python) >= 5, "the README's Python snippets"
    namespace: dict[str, object] = {"__name__": "__readme__"}
    ran = 0
    for block in all_blocks:
        if block.lang != "python" or block.marker is not None:
            continue
        where = f"README.md:{block.line}"
        if block.body.lstrip().startswith(">>> "):
            for source, shown, got in session(block.body, namespace):
                assert normalized(got) == normalized(shown), f"{where}: {source}"
        else:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                try:
                    exec(compile(block.body, where, "exec"), namespace)  # noqa: S102 - the README's own example
                except Exception:  # noqa: BLE001
                    pytest.fail(f"{where} raised:\n{traceback.format_exc()}")
            output = next((b for b in all_blocks if b.follows is block and b.lang == "text"), None)
            if output is not None:
                assert normalized(printed.getvalue()) == normalized(output.body), where
        ran += 1
    assert ran == len(python)
    # What the stream example wrote: every row, readable.
    import pyarrow.parquet as pq

    assert pq.read_table(scratch / "rows.parquet").num_rows == 24


def test_the_analyst_example_prints_what_the_readme_shows() -> None:
    """The first example is run and compared above; here, that it stays the first."""
    all_blocks = blocks(README.read_text(encoding="utf-8"))
    first = next(b for b in all_blocks if b.lang == "python")
    output = next(b for b in all_blocks if b.follows is first)
    assert output.lang == "text" and "evaluate_many" in first.body and "outcome" in output.body
