#!/usr/bin/env python3
"""Seed corpora and dictionaries of the fuzz targets, from the repository's own material.

    python3 fuzz/make-corpus.py [CORPUS_DIR]

Writes the seeds to CORPUS_DIR/<target>/ (default fuzz/corpus/, which is not committed: the
seeds are made again from rules/ and tests/corpus/ at every run), and the dictionaries to
fuzz/dict/ (committed): the language's keywords and symbols, and the field ids of the bundled
rule sets.
"""

import csv
import glob
import hashlib
import io
import json
import os
import re
import sys

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FUZZ)


def files(pattern):
    return sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def put(corpus, target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def line(record):
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def records_of_case_file(path):
    """Each case's evidence as one record (with its `on`), and each batch case's records."""
    cases = json.loads(read(path)).get("cases", [])
    singles, batches = [], []
    for case in cases:
        if isinstance(case.get("given"), dict):
            record = dict(case["given"])
            if "on" in case:
                record.setdefault("on", case["on"])
            singles.append(record)
        if isinstance(case.get("batch"), list):
            batches.append([r for r in case["batch"] if isinstance(r, dict)])
    return singles, batches


def csv_of(records):
    """Records as CSV: a column per field; lists and objects as JSON in their cells."""
    columns = []
    for r in records:
        for k in r:
            if k not in columns:
                columns.append(k)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for r in records:
        cells = []
        for c in columns:
            v = r.get(c)
            if v is None:
                cells.append("")
            elif isinstance(v, bool):
                cells.append("true" if v else "false")
            elif isinstance(v, (list, dict)):
                cells.append(json.dumps(v, ensure_ascii=False))
            else:
                cells.append(str(v))
        w.writerow(cells)
    return out.getvalue()


def dict_entry(token):
    out = []
    for b in token.encode("utf-8"):
        c = chr(b)
        if c in '"\\' or b < 0x20 or b >= 0x7F:
            out.append("\\x%02X" % b)
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def write_dict(name, tokens, comment):
    with open(os.path.join(FUZZ, "dict", name), "w", encoding="ascii") as f:
        f.write("# " + comment + " (made by fuzz/make-corpus.py)\n")
        for t in sorted(set(tokens)):
            if t:
                f.write(dict_entry(t) + "\n")


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(FUZZ, "corpus")
    rule_files = files("rules/**/*.tieuchi") + files("crates/tieuchi/tests/fixtures/**/*.tieuchi")
    case_files = files("rules/**/*.cases.json")

    # parse_check: every rule file, and every case file (the same text is read as a case file).
    for path in rule_files + case_files:
        put(corpus, "parse_check", read(path))

    # evaluate and batch_readers: each record alone, the records of a case file as lines.
    all_records = []
    for path in case_files:
        singles, batches = records_of_case_file(path)
        all_records += singles
        for r in singles:
            put(corpus, "evaluate", line(r))
        for group in [singles[i:i + 8] for i in range(0, len(singles), 8)] + batches:
            if group:
                put(corpus, "evaluate", "\n".join(line(r) for r in group[:8]) + "\n")
                put(corpus, "batch_readers", "\n".join(line(r) for r in group) + "\n")
                put(corpus, "batch_readers", csv_of(group))
    for path in files("tests/corpus/*.json") + files("rules/**/examples/*.json"):
        doc = json.loads(read(path))
        record = doc.get("evidence", doc) if isinstance(doc, dict) else doc
        if isinstance(record, dict):
            if "on" in doc and "on" not in record:
                record = dict(record, on=doc["on"])
            all_records.append(record)
            put(corpus, "evaluate", line(record))
            put(corpus, "evaluate", json.dumps(record, ensure_ascii=False, indent=2))
            put(corpus, "batch_readers", line(record) + "\n")
            put(corpus, "batch_readers", csv_of([record]))
    # The reader's edges: line ends, a byte order mark, blank lines, a quoted CSV cell.
    put(corpus, "batch_readers", b'\xef\xbb\xbf{"id":"a"}\r\n\r\n  \n{"id":"b"}\r{"id":"c"}')
    put(corpus, "batch_readers", b'id,on,suy_thoai\n"a ""x""",2026-01-01,true\n\n"b,c",,false\r\n')

    # Dictionaries.
    grammar = read(os.path.join(ROOT, "crates/tieuchi/src/syntax/grammar.pest"))
    literals = [t for t in re.findall(r'"((?:[^"\\]|\\.)*)"', grammar) if "\\" not in t]
    literals = [t for t in literals if t.strip() and len(t) <= 16 and "~" not in t]
    types = ["number", "bool", "date", "text", "enum", "list", "integer", "history", "percent"]
    write_dict("keywords.dict", literals + types + ["{", "}", "..", '"', "//", "# "],
               "the rule language's keywords and symbols (crates/tieuchi/src/syntax/grammar.pest)")
    ids = set()
    for path in rule_files:
        ids.update(re.findall(r"^\s*(?:input|score|let|outcome|enum|ruleset|key)\s+([A-Za-z_][A-Za-z0-9_]*)",
                              read(path), re.M))
        ids.update(re.findall(r"^\s*([a-z_][a-z0-9_]*)\s+\"", read(path), re.M))
    for r in all_records:
        ids.update(k for k in r if isinstance(k, str))
    ids -= set(literals)
    write_dict("fields.dict", list(ids), "the field, score and tier ids of the bundled rule sets")
    json_tokens = ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", '"on"', '"id"', "2026-12-10",
                   "1e3", "-0", "0.5", "100", '"28.75"', "\\u0000", "\r\n", "\xef\xbb\xbf"]
    write_dict("json.dict", json_tokens + ['"%s":' % i for i in ids],
               "JSON of evidence records: syntax, and every field id as a key")
    for target in ("parse_check", "evaluate", "batch_readers"):
        n = len(os.listdir(os.path.join(corpus, target)))
        print(f"{target}: {n} seeds in {os.path.join(corpus, target)}")


if __name__ == "__main__":
    main()
