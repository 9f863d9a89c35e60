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
   partition is the yyyy/MM/dd folder of the file (the delivery date), else the date of the line; the
   "$path" pseudo-column is the file's path.
2. Each statement is translated from Trino to DuckDB with sqlglot and run.
Output (JSON on stdout): {"<name>": {"columns": [...], "rows": [[text or null, ...]], "duckdb": "<sql>",
"scans": <table scans in DuckDB's plan>, "trino_reads": <reads of the log table in the Trino SQL>}}
plus "_unmatched" (line numbers per file the regex did not match).

Two scan counts, because DuckDB materialises a common table expression that is referenced twice (one scan in
its plan) while Trino, and so Athena, inlines it at every reference (one read of the logs each): "scans" is
what DuckDB's plan shows, "trino_reads" counts the log table's references in the statement with every CTE
inlined at each of its references, which is what Athena reads and bills.
"""
import gzip
import json
import os
import re
import sys
import tempfile

import duckdb
import sqlglot
from sqlglot import exp


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


def trino_reads(sql, table):
    """References to `table` in a Trino statement, each CTE counted once per reference to it."""
    tree = sqlglot.parse_one(sql, read="trino")
    ctes = {cte.alias: cte.this for cte in tree.find_all(exp.CTE)}

    def reads(node, seen=()):
        n = 0
        node = node.copy()
        for with_clause in list(node.find_all(exp.With)):
            with_clause.pop()
        for t in node.find_all(exp.Table):
            if t.name in ctes and not t.db and t.name not in seen:
                n += reads(ctes[t.name], seen + (t.name,))
            elif t.name == table:
                n += 1
        return n

    main_query = tree.copy()
    for with_clause in list(main_query.find_all(exp.With)):
        with_clause.pop()
    return reads(main_query)


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
                    # Athena's "$path" pseudo-column: the object a line came from.
                    row["$path"] = os.path.abspath(path)
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
    spec["$path"] = "VARCHAR"
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
        out[name] = {"columns": names, "rows": rows, "duckdb": translated[0], "scans": scans,
                     "trino_reads": trino_reads(sql.strip().rstrip(";"), job["table"])}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
