#!/usr/bin/env python3
"""Runs a command under /usr/bin/time -v and prints one tab-separated line:
label, wall s, user s, sys s, peak RSS MiB, CPU %, records, records/s.

    timev.py LABEL RECORDS -- COMMAND ARGS...

The command's standard output goes to /dev/null, its standard error to $TIMEV_STDERR (or nowhere)."""
import os
import re
import subprocess
import sys
import tempfile

label, records = sys.argv[1], int(sys.argv[2])
cmd = sys.argv[sys.argv.index("--") + 1:]
with tempfile.NamedTemporaryFile("r", suffix=".time") as t, open(os.environ.get("TIMEV_STDERR", os.devnull), "a") as err:
    rc = subprocess.call(["/usr/bin/time", "-v", "-o", t.name] + cmd, stdout=subprocess.DEVNULL, stderr=err)
    text = t.read()


def field(name):
    return re.search(re.escape(name) + r":\s*(.+)", text).group(1).strip()


wall_text = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall_text.split(":")]
wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
user, sys_ = float(field("User time (seconds)")), float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
cpu = field("Percent of CPU this job got")
rate = records / wall if wall else 0
print(f"{label}\t{wall:.2f}\t{user:.2f}\t{sys_:.2f}\t{rss:.0f}\t{cpu}\t{records}\t{rate:.0f}\trc={rc}", flush=True)
