"""The README's analyst example runs and prints what the README shows."""

from __future__ import annotations

import contextlib
import io
import re

from conftest import HERE


def test_the_analyst_example_prints_what_the_readme_shows() -> None:
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## An analyst's session") :]
    code, shown = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)[:2]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    assert printed.getvalue().strip() == shown.strip()
