"""A `tieuchi serve` of the bundled rules for the tests of this folder: the real binary on a
loopback port the system picks (read from its startup line), with a tokens file."""

import os
import pathlib
import re
import subprocess
import tempfile
import threading
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = "python-client-token-0123456789"


@pytest.fixture(scope="session")
def service():
    binary = os.environ.get("TIEUCHI_CLI", str(ROOT / "target" / "debug" / "tieuchi"))
    with tempfile.TemporaryDirectory() as folder:
        tokens = pathlib.Path(folder) / "tokens"
        tokens.write_text(f"{TOKEN} evaluate,batch,rules,reload python-tests\n")
        process = subprocess.Popen(
            [binary, "serve", "rules", "--port", "0", "--tokens", str(tokens)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines = []
        found = threading.Event()
        base = {}

        def read():
            for line in process.stderr:
                lines.append(line)
                # The first address of a line is where the service listens, whatever its language.
                match = re.search(r"(https?://[^\s)]+)", line)
                if match:
                    base["url"] = match.group(1)
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(60):
            process.kill()
            raise RuntimeError("the service did not start:\n" + "".join(lines))
        try:
            yield {"url": base["url"], "token": TOKEN}
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
