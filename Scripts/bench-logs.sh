#!/usr/bin/env bash
# Benchmark of the access-log engine against cat / grep / zcat / libdeflate-gunzip, in one run.
#
# Usage: Scripts/bench-logs.sh [SIZE_MB]      (default 1200; the data set is generated once, deterministically,
#                                              by Scripts/gen-bench-logs.py --seed 42 under bench-data/, git-ignored)
# Needs: python3, gzip, libdeflate-tools (libdeflate-gunzip), GNU time (/usr/bin/time), util-linux (taskset).
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

echo "building release ..." >&2
(cd "$ROOT" && swift build -c release --product alb-doctor >&2)
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/alb-doctor"

PLAIN="$DATA/plain/access.log"
SPLIT="$DATA/plain-split"
GZDIR="$DATA/gz"
mapfile -t GZFILES < <(find "$GZDIR" -name '*.log.gz' | sort)
BYTES=$(stat -c %s "$PLAIN")
LINES=$(wc -l < "$PLAIN")
EXPECTED=$(LC_ALL=C awk '$9 == 502' "$PLAIN" | wc -l)

# Warm the page cache.
cat "$PLAIN" "${GZFILES[@]}" "$SPLIT"/* > /dev/null

measure() {  # name, command...
    local name=$1; shift
    local times=() rss=0 out
    for _ in $(seq "$RUNS"); do
        out=$( { /usr/bin/time -f '%e %M' -o /tmp/bench-logs.time "$@" > /tmp/bench-logs.out 2>/dev/null; } 2>&1 ) || true
        read -r t m < /tmp/bench-logs.time
        times+=("$t")
        [ "$m" -gt "$rss" ] && rss=$m
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    local result
    result=$(head -c 40 /tmp/bench-logs.out | tr '\n' ' ')
    awk -v n="$name" -v t="$median" -v b="$BYTES" -v l="$LINES" -v r="$rss" -v o="$result" 'BEGIN {
        if (t <= 0) t = 0.001;
        printf "%-58s %7.2f s %9.0f MB/s %12.0f lines/s %7.1f MB  %s\n", n, t, b / 1e6 / t, l / t, r / 1024, o }'
    echo "$median" > "/tmp/bench-logs.$(echo "$name" | tr -c 'a-zA-Z0-9' '_')"
}

echo
echo "data: $BYTES bytes, $LINES lines, ${#GZFILES[@]} .log.gz files (ALB-sized 5-minute files), $EXPECTED lines with elb_status_code 502"
echo "machine: $(nproc) cores, $(uname -r); load average now: $(cut -d' ' -f1-3 /proc/loadavg); libdeflate: $(ls /usr/lib/x86_64-linux-gnu/libdeflate.so.0 2>/dev/null || echo absent)"
echo "median of $RUNS runs, page cache warm; MB/s and lines/s are of uncompressed log; RSS = peak resident set"
printf '%-58s %9s %14s %20s %10s  %s\n' "command" "time" "MB/s" "lines/s" "peak RSS" "output"
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

f() { cat "/tmp/bench-logs.$(echo "$1" | tr -c 'a-zA-Z0-9' '_')"; }
echo
awk -v z="$(f 'zcat FILES > /dev/null')" -v d="$(f 'alb-doctor records --status 502 --count DIR (2 cores)')" \
    -v l="$(f 'libdeflate-gunzip -c FILES > /dev/null')" -v d1="$(f "  gz, 1 core (taskset -c 0)")" \
    -v g="$(f "LC_ALL=C grep -c ' 502 ' FILE | cat")" -v p="$(f 'alb-doctor records --status 502 --count FILE (2 cores)')" 'BEGIN {
    printf "gz, 2 cores vs zcat:                 %.2fx   (target >= 1.7x)\n", z / d;
    printf "gz, 1 core vs libdeflate-gunzip:     %.2fx   (target >= 0.8x)\n", l / d1;
    printf "plain, 2 cores vs grep -c:           %.2fx   (target >= 1x)\n", g / p }'
