#!/usr/bin/env bash
# Benchmark of the access-log engine against cat / grep / zcat / libdeflate-gunzip / DuckDB, in one run,
# ending with the table of issue 13 (records --count, analyze FILE, analyze DIR of .gz, records FILE to a
# pipe) as ratios to the baselines measured in the same run.
#
# Usage: Scripts/bench-logs.sh [SIZE_MB]      (default 1200; the data set is generated once, deterministically,
#                                              by Scripts/gen-bench-logs.py --seed 42 under bench-data/, git-ignored)
#        ALB_DOCTOR_BIN=PATH RUNS=N ...        (measure a binary built already; runs per command, default 3)
# Needs: python3, gzip, libdeflate-tools (libdeflate-gunzip), GNU time (/usr/bin/time), util-linux (taskset);
# DuckDB's Python package (installed from PyPI with pip if missing; SKIP_DUCKDB=1 leaves it out).
# Prints wall time, MB/s and lines/s of *uncompressed* log, and peak RSS, median of 3 runs, page cache warm.
set -euo pipefail

SIZE_MB=${1:-1200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA="$ROOT/bench-data/logs-$SIZE_MB"
RUNS=${RUNS:-3}

for tool in python3 gzip zcat libdeflate-gunzip /usr/bin/time taskset; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y libdeflate-tools time util-linux gzip)" >&2; exit 1; }
done

if [ ! -f "$DATA/.complete" ]; then
    echo "generating $SIZE_MB MB of logs in $DATA (seed 42) ..." >&2
    rm -rf "$DATA"
    python3 "$ROOT/Scripts/gen-bench-logs.py" "$DATA" "$SIZE_MB" --seed 42 >&2
    touch "$DATA/.complete"
fi

if [ "${SKIP_DUCKDB:-0}" != 1 ] && ! python3 -c 'import duckdb' 2>/dev/null; then
    echo "installing duckdb from PyPI ..." >&2
    python3 -m pip install --quiet duckdb || python3 -m pip install --quiet --break-system-packages duckdb
fi

if [ -n "${ALB_DOCTOR_BIN:-}" ]; then
    BIN=$ALB_DOCTOR_BIN  # a binary built already, e.g. the packaged one (Scripts/package.sh)
else
    echo "building release ..." >&2
    (cd "$ROOT" && swift build -c release --product alb-doctor >&2)
    BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/alb-doctor"
fi

PLAIN="$DATA/plain/access.log"
SPLIT="$DATA/plain-split"
GZDIR="$DATA/gz"
mapfile -t GZFILES < <(find "$GZDIR" -name '*.log.gz' | sort)
BYTES=$(stat -c %s "$PLAIN")
LINES=$(wc -l < "$PLAIN")
EXPECTED=$(LC_ALL=C awk '$9 == 502' "$PLAIN" | wc -l)

# Warm the page cache.
cat "$PLAIN" "${GZFILES[@]}" "$SPLIT"/* > /dev/null

measure() {  # name, command...   (median wall time of RUNS runs; CPU time of that run; max RSS)
    local name=$1; shift
    local rows=() rss=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %U %S %M' -o /tmp/bench-logs.time "$@" > /tmp/bench-logs.out 2>/dev/null || true
        read -r t u s m < /tmp/bench-logs.time
        rows+=("$t $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')")
        [ "$m" -gt "$rss" ] && rss=$m
    done
    local median cpu
    read -r median cpu < <(printf '%s\n' "${rows[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    local result=""
    case "$name" in *grep*|*alb-doctor*|*same*|*core*) result=$(head -c 20 /tmp/bench-logs.out | tr '\n' ' ');; esac
    awk -v n="$name" -v t="$median" -v c="$cpu" -v b="$BYTES" -v l="$LINES" -v r="$rss" -v o="$result" 'BEGIN {
        if (t <= 0) t = 0.001; if (c <= 0) c = 0.001;
        printf "%-62s %6.2f s %6.2f s %7.0f %9.0f %10.0f %7.1f MB  %s\n", n, t, c, b / 1e6 / t, b / 1e6 / c, l / t, r / 1024, o }'
    echo "$median $cpu" > "/tmp/bench-logs.$(echo "$name" | tr -c 'a-zA-Z0-9' '_')"
}

echo
echo "data: $BYTES bytes, $LINES lines, ${#GZFILES[@]} .log.gz files (ALB-sized 5-minute files), $EXPECTED lines with elb_status_code 502"
echo "machine: $(nproc) cores, $(uname -r); load average now: $(cut -d' ' -f1-3 /proc/loadavg); libdeflate: $(ls /usr/lib/x86_64-linux-gnu/libdeflate.so.0 2>/dev/null || echo absent)"
echo "median of $RUNS runs, page cache warm; MB/s and lines/s are of uncompressed log; CPU = user+sys seconds;"
echo "MB/s/CPU = throughput per CPU-second (per core, robust when other jobs share the cores); RSS = peak resident set"
printf '%-62s %8s %8s %7s %9s %10s %10s  %s\n' "command" "wall" "CPU" "MB/s" "MB/s/CPU" "lines/s" "peak RSS" "output"
echo "--- plain text (one $((BYTES / 1000000)) MB file)"
measure "cat FILE > /dev/null" cat "$PLAIN"
measure "LC_ALL=C grep -c ' 502 ' FILE | cat" sh -c "LC_ALL=C grep -c ' 502 ' '$PLAIN' | cat"
measure "alb-doctor records --status 502 --count FILE (2 cores)" "$BIN" records --status 502 --count "$PLAIN"
measure "  plain, 1 core (taskset -c 0)" taskset -c 0 "$BIN" records --status 502 --count "$PLAIN"
measure "alb-doctor records --status 502 --count DIR (plain 5-min files)" "$BIN" records --status 502 --count "$SPLIT"
echo "--- gzip (directory of ${#GZFILES[@]} .log.gz files in the S3 layout)"
measure "zcat FILES > /dev/null" zcat "${GZFILES[@]}"
measure "libdeflate-gunzip -c FILES > /dev/null" libdeflate-gunzip -c "${GZFILES[@]}"
measure "alb-doctor records --status 502 --count DIR (2 cores)" "$BIN" records --status 502 --count "$GZDIR"
measure "  gz, 1 core (taskset -c 0)" taskset -c 0 "$BIN" records --status 502 --count "$GZDIR"
measure "  same, zlib only (ALB_DOCTOR_NO_LIBDEFLATE=1), 2 cores" env ALB_DOCTOR_NO_LIBDEFLATE=1 "$BIN" records --status 502 --count "$GZDIR"
measure "  same, zlib only, 1 core" env ALB_DOCTOR_NO_LIBDEFLATE=1 taskset -c 0 "$BIN" records --status 502 --count "$GZDIR"

echo "--- the whole triage and JSON output"
measure "alb-doctor analyze FILE (2 cores)" "$BIN" analyze --format json "$PLAIN"
measure "alb-doctor analyze DIR (.gz, 2 cores)" "$BIN" analyze --format json "$GZDIR"
measure "alb-doctor records FILE | cat > /dev/null (JSON lines)" sh -c "'$BIN' records '$PLAIN' | cat > /dev/null"
measure "libdeflate-gunzip -c FILES, 2 processes > /dev/null" sh -c \
    "printf '%s\\0' ${GZFILES[*]} | xargs -0 -n 8 -P 2 libdeflate-gunzip -c > /dev/null"
HAVE_DUCKDB=0
if [ "${SKIP_DUCKDB:-0}" != 1 ] && python3 -c 'import duckdb' 2>/dev/null; then
    HAVE_DUCKDB=1
    cat > /tmp/bench-logs-duck.py <<'PY'
import duckdb, sys
query, path = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET threads TO 2")
csv = ("read_csv('%s', delim=' ', quote='\"', escape='\\', header=false, all_varchar=true, "
       "null_padding=true, ignore_errors=true, parallel=true)" % path)
if query == "count502":
    print(con.execute("SELECT count(*) FROM %s WHERE column08 = '502'" % csv).fetchone()[0])
elif query == "count":
    print(con.execute("SELECT count(*) FROM %s" % csv).fetchone()[0])
else:
    con.execute("COPY (SELECT * FROM %s) TO '/tmp/bench-logs-duck.jsonl' (FORMAT json)" % csv)
PY
    measure "DuckDB count(*) where status = '502' (2 threads)" python3 /tmp/bench-logs-duck.py count502 "$PLAIN"
    measure "DuckDB bare count(*) (2 threads)" python3 /tmp/bench-logs-duck.py count "$PLAIN"
    measure "DuckDB COPY ... TO x.jsonl (FORMAT json) (2 threads)" python3 /tmp/bench-logs-duck.py json "$PLAIN"
    rm -f /tmp/bench-logs-duck.jsonl
fi

f() { cat "/tmp/bench-logs.$(echo "$1" | tr -c 'a-zA-Z0-9' '_')"; }
read -r zw zc < <(f 'zcat FILES > /dev/null')
read -r lw lc < <(f 'libdeflate-gunzip -c FILES > /dev/null')
read -r dw dc < <(f 'alb-doctor records --status 502 --count DIR (2 cores)')
read -r d1w d1c < <(f '  gz, 1 core (taskset -c 0)')
read -r gw gc < <(f "LC_ALL=C grep -c ' 502 ' FILE | cat")
read -r pw pc < <(f 'alb-doctor records --status 502 --count FILE (2 cores)')
read -r p1w p1c < <(f '  plain, 1 core (taskset -c 0)')
echo
awk -v zw="$zw" -v dw="$dw" -v lc="$lc" -v d1c="$d1c" -v d1w="$d1w" -v lw="$lw" -v gw="$gw" -v pw="$pw" -v b="$BYTES" -v p1c="$p1c" -v pc="$pc" 'BEGIN {
    printf "gz, 2 cores vs zcat (wall):                          %.2fx  (target >= 1.7x)\n", zw / dw;
    printf "gz, 1 core vs libdeflate-gunzip (wall / per CPU-s):  %.2fx / %.2fx  (target >= 0.8x)\n", lw / d1w, lc / d1c;
    printf "plain, 2 cores vs grep -c (wall):                    %.2fx  (target >= 1x)\n", gw / pw;
    printf "plain per core: %.0f MB per CPU-second (1 core run), %.0f (2-core run)  (target >= 1000)\n", b / 1e6 / p1c, b / 1e6 / pc }'

# The table of issue 13: throughput of uncompressed log (GB/s) and the ratio to its baseline, same run.
read -r cw _ < <(f 'cat FILE > /dev/null')
read -r aw _ < <(f 'alb-doctor analyze FILE (2 cores)')
read -r agw _ < <(f 'alb-doctor analyze DIR (.gz, 2 cores)')
read -r jw _ < <(f 'alb-doctor records FILE | cat > /dev/null (JSON lines)')
read -r l2w _ < <(f 'libdeflate-gunzip -c FILES, 2 processes > /dev/null')
if [ "$HAVE_DUCKDB" = 1 ]; then
    read -r q5w _ < <(f "DuckDB count(*) where status = '502' (2 threads)")
    read -r qcw _ < <(f 'DuckDB bare count(*) (2 threads)')
    read -r qjw _ < <(f 'DuckDB COPY ... TO x.jsonl (FORMAT json) (2 threads)')
else
    q5w=0; qcw=0; qjw=0
fi
echo
echo "issue 13 table (GB/s of uncompressed log; ratio = ours / baseline, both from this run):"
awk -v b="$BYTES" -v cw="$cw" -v pw="$pw" -v aw="$aw" -v agw="$agw" -v jw="$jw" -v l2w="$l2w" \
    -v q5w="$q5w" -v qcw="$qcw" -v qjw="$qjw" 'function r(t) { return t > 0 ? b / 1e9 / t : 0 } BEGIN {
    printf "| command | ours | baseline in the same run | ratio | goal |\n| --- | ---: | --- | ---: | --- |\n";
    printf "| records --status 502 --count FILE | %.2f GB/s | cat %.2f GB/s; DuckDB 502 count %.2f GB/s | %.2fx cat | >= 0.5x cat |\n", r(pw), r(cw), r(q5w), r(pw) / r(cw);
    printf "| analyze FILE | %.2f GB/s | DuckDB bare count %.2f GB/s | %.2fx | >= 2x |\n", r(aw), r(qcw), (r(qcw) > 0 ? r(aw) / r(qcw) : 0);
    printf "| analyze DIR of .gz | %.2f GB/s | libdeflate-gunzip, 2 processes %.2f GB/s | %.2fx | >= 0.8x |\n", r(agw), r(l2w), r(agw) / r(l2w);
    printf "| records FILE (JSON lines to a pipe) | %.3f GB/s | DuckDB COPY to JSON %.3f GB/s | %.2fx | >= 2x |\n", r(jw), r(qjw), (r(qjw) > 0 ? r(jw) / r(qjw) : 0) }'
