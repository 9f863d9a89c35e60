#!/usr/bin/env python3
"""Runs ALB Doctor's Athena SQL on real log lines with DuckDB, as Athena would run it.

Input (a JSON file named by the first argument, else JSON on stdin):
  {"ddl": "<CREATE EXTERNAL TABLE … as `alb-doctor athena setup` prints it>",
   "database": "default", "table": "alb_access_logs",
   "logs": ["<file or directory, plain or .gz>", ...],
   "statements": {"<name>": "<Trino SQL ending with ;>", ...}}

1. The table is built the way Athena's RegexSerDe builds it: the `input.regex` is taken out of the DDL
   text (Hive string-literal escapes undone), each line must match it whole, each capturing group
   becomes its column (NULL when the group did not take part; int/bigint/double that do not parse
   become NULL, as Hive's casts do), and a line that does not match is a row of NULLs. The `day`
   partition is the yyyy/MM/dd folder of the file (the delivery date), else the date of the line.
2. Each statement is translated from Trino to DuckDB with sqlglot and run.
Output (JSON on stdout): {"<name>": {"columns": [...], "rows": [[text or null, ...]], "duckdb": "<sql>",
"scans": <table scans in DuckDB's plan>}}
plus "_unmatched" (line numbers per file the regex did not match).
"""
import gzip
import json
import os
import re
import sys
import tempfile

import duckdb
import sqlglot


def hive_unescape(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_ddl(ddl):
    m = re.search(r"'input\.regex'\s*=\s*'((?:[^'\\]|\\.)*)'", ddl)
    if not m:
        sys.exit("athena-duckdb: no 'input.regex' in the DDL")
    regex = hive_unescape(m.group(1))
    body = ddl[ddl.index("(") + 1 : ddl.index("PARTITIONED BY")]
    columns = re.findall(r"`(\w+)`\s+(\w+)", body)
    return regex, columns


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                for n in sorted(names):
                    if n.endswith(".log") or n.endswith(".log.gz"):
                        yield os.path.join(root, n)
        else:
            yield p


def convert(value, hive_type):
    if value is None:
        return None
    if hive_type in ("int", "bigint"):
        return int(value) if re.fullmatch(r"-?[0-9]+", value) else None
    if hive_type == "double":
        try:
            return float(value)
        except ValueError:
            return None
    return value


def text(v):
    if v is None:
        return None
    if isinstance(v, float):
        return repr(v)
    return str(v)


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            job = json.load(f)
    else:
        job = json.load(sys.stdin)
    regex, columns = parse_ddl(job["ddl"])
    pattern = re.compile(regex)
    if pattern.groups != len(columns):
        sys.exit(f"athena-duckdb: the regex has {pattern.groups} groups for {len(columns)} columns")
    unmatched = {}
    tmp = tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False)
    with tmp:
        for path in files(job["logs"]):
            folder = re.search(r"/(\d{4})/(\d{2})/(\d{2})/[^/]*$", path)
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    line = line.rstrip("\n")
                    if not line:
                        continue
                    m = pattern.fullmatch(line)
                    row = {}
                    if m:
                        for (name, hive_type), value in zip(columns, m.groups()):
                            row[name] = convert(value, hive_type)
                    else:
                        unmatched.setdefault(path, []).append(number)
                        row = {name: None for name, _ in columns}
                    if folder:
                        row["day"] = "/".join(folder.groups())
                    elif m and row.get("time"):
                        row["day"] = row["time"][:10].replace("-", "/")
                    else:
                        row["day"] = None
                    tmp.write(json.dumps(row) + "\n")
    types = {"string": "VARCHAR", "int": "INTEGER", "bigint": "BIGINT", "double": "DOUBLE"}
    spec = {name: types[t] for name, t in columns}
    spec["day"] = "VARCHAR"
    db = duckdb.connect()
    db.execute(f'CREATE SCHEMA IF NOT EXISTS "{job["database"]}"')
    db.execute(
        f'CREATE TABLE "{job["database"]}"."{job["table"]}" AS SELECT * FROM read_json(?, format=\'newline_delimited\', columns={spec!r})',
        [tmp.name],
    )
    os.unlink(tmp.name)
    out = {"_unmatched": unmatched}
    for name, sql in job["statements"].items():
        translated = sqlglot.transpile(sql.strip().rstrip(";"), read="trino", write="duckdb")
        if len(translated) != 1:
            sys.exit(f"athena-duckdb: {name}: {len(translated)} statements")
        cursor = db.execute(translated[0])
        names = [d[0] for d in cursor.description]
        rows = [[text(v) for v in r] for r in cursor.fetchall()]
        # Table scans in DuckDB's physical plan: the passes this statement makes over the logs.
        plan = "\n".join(str(r[-1]) for r in db.execute("EXPLAIN " + translated[0]).fetchall())
        scans = len(re.findall(r"seq[ _]scan", plan, re.IGNORECASE))
        out[name] = {"columns": names, "rows": rows, "duckdb": translated[0], "scans": scans}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
